"""Checking an LLM's answer against the passages it was shown, sentence by sentence.

A language model writes fluent sentences whether or not the sources support them, and
a prompt rule is a request, not a guarantee. So nothing an LLM writes reaches a reader
unchecked: every sentence must cite a passage the model was actually shown, and every
date, number, person, place and unfamiliar name in it must occur in the passages it
cites (dates compared as dates: "23. und 24. April 2024" is "23.-24.04.2024"). What
fails is counted and replaced by the extractive answer, which is grounded by
construction. The counts (`GuardReport`) are what the answer eval reports as
"invented facts caught".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.answering.citations import MARKER
from assistant.answering.claims import (
    content_stems,
    edition_conflicts,
    misattributed,
    misquoted,
    partial_date,
    past_tense,
    publication_line,
    unsupported_status,
)
from assistant.answering.evidence import FRAME_WORDS, find_places, matcher, split_sentences, year_of
from assistant.answering.prompts import (
    EXAMPLE_WORDS,
    PromptSources,
    answer_language,
    clean_output,
    sentences_of,
)
from assistant.answering.seam import Draft, GenerationRequest
from assistant.answering.support import (
    _INJECTION,
    GENERIC,
    NUMBER,
    common_word,
    date_ok,
    has_word,
    instruction_words,
    number_ok,
    numbers_in,
    people,
    person_ok,
    support,
)
from assistant.records import Passage
from assistant.text.analysis import STOPWORDS, fold, raw_tokens
from assistant.text.dates import find_dates
from assistant.text.matching import in_vocabulary
from assistant.text.questions import Intent

__all__ = ["FACT_KINDS", "_INJECTION", "Caught", "Checker", "GuardReport", "common_word", "enforce"]

#: A sentence with one of these is not shown (but counts as no invented fact).
BROKEN = frozenset({"broken_sentence"})
#: Kinds of caught problems that are facts the sources do not support.
FACT_KINDS = frozenset(
    {"unsupported_date", "unsupported_number", "unsupported_name", "unsupported_place",
     "unknown_term", "injection", "unsupported_status", "misquoted", "edition_conflict",
     "partial_date", "misattributed"}
)  # fmt: skip

NOTES = {
    ("unreachable", "de"): "Hinweis: Das Sprachmodell war nicht erreichbar; "
    "dies ist die Antwort aus den Quellen.",
    ("unreachable", "en"): "Note: The language model could not be reached; "
    "this is the answer taken from the sources.",
    ("fallback", "de"): "Hinweis: Die Antwort des Sprachmodells ließ sich nicht mit den Quellen "
    "belegen; dies ist die Antwort aus den Quellen.",
    ("fallback", "en"): "Note: The language model's answer was not supported by the sources; "
    "this is the answer taken from the sources.",
    ("replaced", "de"): "Hinweis: Eine nicht belegte Aussage des Sprachmodells wurde durch die "
    "Antwort aus den Quellen ersetzt.",
    ("replaced", "en"): "Note: An unsupported statement of the language model was replaced by "
    "the answer taken from the sources.",
    ("dropped", "de"): "Hinweis: Eine nicht belegte Aussage des Sprachmodells wurde entfernt.",
    ("dropped", "en"): "Note: An unsupported statement of the language model was removed.",
}

#: "statt" of "stattfinden" needs its verb; a small model sometimes drops it.
_NO_VERB = re.compile(r"(?<![-\w])statt\b(?!\s+(?:zu|dessen|einer?|des|der|den|dem)\b)", re.I)
_FINDEN = re.compile(r"\b(?:fand|fanden|findet|finden|stattfinden|stattgefunden|stattfand)\b", re.I)
_ABSTAIN = re.compile(r"keine\s+informationen|no\s+information", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w@.\-]*[^\W_]|[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Caught:
    """One problem found in an LLM answer: what kind, the offending value, the sentence."""

    kind: str
    value: str
    sentence: str


@dataclass
class GuardReport:
    """What the guardrails did with one LLM answer (for notes, logs and the eval)."""

    outcome: str = "llm"  # llm | replaced | fallback | evidence | error
    reason: str = ""
    caught: list[Caught] = field(default_factory=list)
    llm_sentences: int = 0
    kept: int = 0

    def counts(self) -> Counter[str]:
        return Counter(c.kind for c in self.caught)

    @property
    def invented_facts(self) -> int:
        return sum(1 for c in self.caught if c.kind in FACT_KINDS)


@dataclass(frozen=True)
class SentenceCheck:
    text: str  # markers renumbered to positions in `request.passages` (1-based)
    cited: tuple[int, ...]  # indices into `request.passages`
    caught: tuple[Caught, ...]
    has_facts: bool
    abstention: bool = False

    @property
    def ok(self) -> bool:
        return (
            bool(self.cited)
            and not self.abstention
            and not any(c.kind in FACT_KINDS or c.kind in BROKEN for c in self.caught)
        )

    @property
    def failed(self) -> bool:
        """Unsupported, or states a fact without a source; harmless filler is only dropped."""
        return not self.ok and not self.abstention and (self.has_facts or bool(self.cited))


@dataclass(frozen=True)
class Guarded:
    text: str
    abstained: bool
    note: str
    report: GuardReport


class Checker:
    """Checks sentences of one answer against the passages the model was shown.

    The question is never evidence: a word the visitor typed ("… von evilcorp?") supports
    nothing the model repeats, and an instruction word stays tainted if the question has it.
    """

    def __init__(self, request: GenerationRequest, sources: PromptSources) -> None:
        self.request = request
        self.sources = sources
        shown = [request.passages[i] for i in sources.numbering]
        self._tainted = instruction_words(shown)

    def check(self, raw: str) -> SentenceCheck:
        caught: list[Caught] = []
        cited: list[int] = []

        def renumber(match: re.Match[str]) -> str:
            index = self.sources.passage_index(int(match.group(1)))
            if index is None:
                caught.append(Caught("invented_source", match.group(0), raw))
                return ""
            if index not in cited:
                cited.append(index)
            return f"[{index + 1}]"

        text = MARKER.sub(renumber, raw)
        text = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
        plain = MARKER.sub("", text)
        if _ABSTAIN.search(plain):
            return SentenceCheck(text, tuple(cited), tuple(caught), False, abstention=True)
        if plain.rstrip().endswith("?"):  # a question states nothing: dropped like filler
            return SentenceCheck(text, (), (*caught, Caught("question", plain, raw)), False)
        if _NO_VERB.search(plain) and not _FINDEN.search(plain):  # "2024 statt in Hamburg"
            caught.append(Caught("broken_sentence", plain, raw))
        if not cited:
            source = self._source_for(plain)
            if source is not None:  # a true sentence without a marker: the code cites it
                caught.append(Caught("cited_by_code", f"[{source + 1}]", raw))
                text = self._tense(_cite(text, source))
                return SentenceCheck(text, (source,), tuple(caught), True)
        # An uncited sentence is checked against everything shown: its facts may be true
        # (then it only lacks a marker) or invented (then they count as invented facts).
        shown = cited or list(self.sources.numbering)
        problems = self._facts(plain, [self.request.passages[i] for i in shown], raw)
        if not cited:
            caught.append(Caught("uncited", plain, raw))
        states_fact = bool(problems) or self._states_fact(plain)
        text = self._tense(text) if cited and not problems else text
        return SentenceCheck(text, tuple(cited), (*caught, *problems), states_fact)

    def _tense(self, text: str) -> str:
        return past_tense(text, self.request.today, self.request.today.year)

    def _source_for(self, plain: str) -> int | None:
        """The first shown passage that supports every fact of a sentence that states facts."""
        if not self._states_fact(plain):
            return None
        for index in self.sources.numbering:
            if not self._facts(plain, [self.request.passages[index]], plain):
                return index
        return None

    def addresses_question(self, sentence: str) -> bool:
        """Does the sentence state the asked kind of fact (a date for "wann?", a number for
        "wie viele?") or, for other questions, share a word with the question?"""
        info = self.request.info
        plain = MARKER.sub("", sentence)
        if info.intent == Intent.WHEN:
            return bool(find_dates(plain, default_year=self.request.today.year))
        if info.intent == Intent.HOW_MANY:
            return bool(numbers_in(plain, words=True))
        if info.intent == Intent.WHERE and find_places(plain):
            return self._in_the_asked_role(list(find_places(plain)), sentence)
        if info.intent in (Intent.WHO, Intent.LIST, Intent.ORGANISER) and people(plain):
            return self._in_the_asked_role(people(plain), sentence)
        focus = self._focus()
        if focus:  # "In welchen Tagungsräumen …?" is not answered by the event's city
            words = " ".join(raw_tokens(plain))
            return any(f in words for f in focus)
        found = matcher(plain)
        return any(found.has(t) for t in info.terms if t not in FRAME_WORDS and len(t) > 2)

    def _focus(self) -> set[str]:
        """Prefixes of the question's words beyond the event's name and the question frame
        ("tagun" of "In welchen Tagungsräumen fand X statt?")."""
        info, event_words = self.request.info, self.request.stats.event_words
        titles = {w[:5] for p in self.request.passages for w in raw_tokens(p.title)}
        return {
            t[:5] for t in info.terms
            if len(t) > 3 and not t.isdigit() and t not in FRAME_WORDS and t not in event_words
            and t[:5] not in titles  # the event's name is no role
        }  # fmt: skip

    def _in_the_asked_role(self, names: list[str], sentence: str) -> bool:
        """"Wer hat moderiert?" is not answered by any speaker the passage names, nor "In
        welchen Tagungsräumen?" by the city: one cited sentence must name the person or place
        together with a word of the asked role ("Moderatorin", "Tagungsräumen") when the
        question has such a word beyond the event's name."""
        focus = self._focus()
        if not focus:
            return True
        cited = [int(n) - 1 for n in MARKER.findall(sentence)]
        for index in cited:
            for unit in split_sentences(self.request.passages[index].text):
                words = " ".join(raw_tokens(unit))
                named = any(fold(n.split()[-1]) in words for n in names)
                if named and any(f in words for f in focus):  # "moder" in "ntv-moderatorin"
                    return True
        return False

    # -- facts ------------------------------------------------------------------------
    def _facts(self, plain: str, passages: Sequence[Passage], raw: str) -> list[Caught]:
        supports = [support(p.text, p.title) for p in passages]
        year = year_of(passages[0].text, passages[0].title) if passages else None
        caught: list[Caught] = []
        masked = plain
        mentions = find_dates(plain, default_year=year)
        for mention in mentions:
            masked = masked.replace(mention.raw, " ")
            if not any(date_ok(mention.first, mention.last, s) for s in supports):
                caught.append(Caught("unsupported_date", mention.raw, raw))
            elif self.request.info.intent == Intent.WHEN and partial_date(
                plain, mention, supports, mentions
            ):
                caught.append(Caught("partial_date", mention.raw, raw))
        numbers = NUMBER.findall(masked)
        for token in numbers:
            if not any(number_ok(token, s) for s in supports):
                caught.append(Caught("unsupported_number", token, raw))
        persons, places = people(plain), find_places(plain)
        for person in persons:
            if not any(person_ok(person, s) for s in supports):
                caught.append(Caught("unsupported_name", person, raw))
        for place in places:
            if not any(has_word(s, place) for s in supports):
                caught.append(Caught("unsupported_place", place, raw))
        for word in self._unknown_terms(plain, passages):
            caught.append(Caught("unknown_term", word, raw))
        for word in sorted({w for w in raw_tokens(plain) if w in self._tainted}):
            caught.append(Caught("injection", word, raw))
        instruction = _INJECTION.search(plain)
        if instruction:
            caught.append(Caught("injection", instruction.group(0), raw))
        words = content_stems(masked)

        def holds(sentence: str, title: str) -> bool:
            """A passage sentence that states all of the claim's facts (or, without facts,
            shares a content word with it)."""
            backing = support(sentence, title)
            if not (mentions or numbers or persons or places):
                return bool(words & content_stems(sentence))
            return (
                all(date_ok(m.first, m.last, backing) for m in mentions)
                and all(number_ok(t, backing) for t in numbers)
                and all(person_ok(p, backing) for p in persons)
                and all(has_word(backing, p) for p in places)
            )

        sentences = [(s, p.title) for p in passages for s in split_sentences(p.text)]
        sentences += [(publication_line(p.published), p.title) for p in passages if p.published]
        by_text = dict(sentences)
        findings = [
            *unsupported_status(plain, list(by_text), lambda s: holds(s, by_text[s])),
            *misquoted(plain, [p.text for p in passages]),
            *misattributed(persons, places, list(by_text)),
            *edition_conflicts(
                plain, self.request.info.years, self.request.info.intent == Intent.WHEN, year
            ),
        ]
        caught.extend(Caught(kind, value, raw) for kind, value in findings)
        return caught

    def _unknown_terms(self, plain: str, passages: Sequence[Passage]) -> list[str]:
        """Capitalised words found nowhere: not in the cited passages, the corpus or a
        German/English dictionary (when `pyspellchecker` is installed).

        German capitalises every noun, so known nouns pass; what remains are names, acronyms
        and words the model made up ("Datavista", "DWB-Kongress", "HACKED"). Without the
        dictionary any noun the corpus never uses counts, which is stricter.
        """
        vocabulary = self.request.stats.vocabulary
        cited = [matcher(p.text) for p in passages]
        unknown: list[str] = []
        for position, word in enumerate(_WORD.findall(plain)):
            word = word.strip(".-")
            shouting = len(word) >= 3 and word.isupper()
            sentence_start = position == 0 and not shouting
            if not word[:1].isupper() or (sentence_start and fold(word) in STOPWORDS):
                continue
            folded = fold(word)
            if folded in STOPWORDS or folded in GENERIC:
                continue
            if any(m.has(folded) for m in cited):
                continue
            city = position > 0 and bool(find_places(f"in {word}"))  # a city is a fact
            if not shouting and not city and folded not in EXAMPLE_WORDS and all(
                in_vocabulary(fold(part), vocabulary) or common_word(part)
                for part in word.split("-")
                if part
            ):
                continue
            if word not in unknown:
                unknown.append(word)
        return unknown

    def _states_fact(self, plain: str) -> bool:
        """A sentence with a number, date, person, place or name-like word states a fact."""
        return bool(
            NUMBER.search(plain)
            or people(plain)
            or find_places(plain)
            or any(w.isupper() and len(w) >= 3 for w in _WORD.findall(plain))
        )


def _cite(text: str, index: int) -> str:
    """`text` with a marker for request passage `index` before its final punctuation."""
    stripped = text.rstrip()
    end = len(stripped.rstrip(".!?"))
    return f"{stripped[:end]} [{index + 1}]{stripped[end:]}"


# -- the policy -------------------------------------------------------------------------
def replacement(draft: Draft, kept: Sequence[str]) -> str | None:
    """The extractive answer's first sentence (its direct, cited statement of the fact), unless
    the kept sentences already state all of its dates, numbers, places and people."""
    if draft.abstained:
        return None
    found = sentences_of(draft.text)
    if not found or not MARKER.search(found[0]) or found[0] in kept:
        return None
    lead = found[0]
    facts = _fact_values(MARKER.sub("", lead))
    stated = _fact_values(MARKER.sub("", " ".join(kept)))
    return None if facts and facts <= stated else lead


def _fact_values(text: str) -> set[str]:
    return {*numbers_in(text), *find_places(text), *people(text)}


def enforce(
    raw: str,
    request: GenerationRequest,
    sources: PromptSources,
    extractive: Callable[[], Draft],
) -> Guarded:
    """Keep the LLM answer if it checks out; replace one failing sentence with the extractive
    lead sentence; fall back to the whole extractive answer when more fails."""
    language = request.info.language
    report = GuardReport()
    checker = Checker(request, sources)
    sentences = sentences_of(clean_output(raw))
    checks = [checker.check(s) for s in dict.fromkeys(sentences)]  # a repeat says nothing new
    report.llm_sentences = len(checks)
    for check in checks:
        report.caught.extend(check.caught)
    kept = [c for c in checks if c.ok]
    failed = [c for c in checks if c.failed]
    detected = answer_language(" ".join(c.text for c in checks))

    def fallback(reason: str) -> Guarded:
        draft = extractive()
        report.outcome, report.reason = "fallback", reason
        note = "" if draft.abstained else NOTES[("fallback", language)]
        return Guarded(draft.text, draft.abstained, note, report)

    if not checks:
        report.caught.append(Caught("empty", "", raw))
        return fallback("empty answer")
    if detected is not None and detected != language:
        report.caught.append(Caught("wrong_language", detected, raw[:200]))
        return fallback(f"answered in {detected}, asked in {language}")
    if not kept:
        if any(c.abstention for c in checks) and not failed:
            report.caught.append(Caught("llm_abstained", "", raw[:200]))
            return fallback("the model abstained although the evidence suffices")
        return fallback("no supported sentence")
    if len(failed) > 1:
        return fallback(f"{len(failed)} unsupported sentences")
    if not any(checker.addresses_question(c.text) for c in kept):
        report.caught.append(Caught("off_topic", "", raw[:200]))
        return fallback("the answer does not address the question")
    lines = [c.text for c in checks if c.ok or c in failed]
    note = ""
    if failed:
        lead = replacement(extractive(), [c.text for c in kept])
        position = lines.index(failed[0].text)
        if lead:
            lines[position] = lead
        else:
            del lines[position]
        report.outcome, report.reason = "replaced", "one unsupported sentence"
        note = NOTES[("replaced" if lead else "dropped", language)]
    report.kept = len(kept)
    return Guarded(" ".join(lines), False, note, report)

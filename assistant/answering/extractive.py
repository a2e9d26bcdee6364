"""The offline default generator: a direct fact sentence plus quoted support, or abstention.

It needs no LLM: it states the asked fact in one direct sentence built only
from values found in the passages (a date, a city, a participant count), then
quotes the best supporting sentences, each citing the passage it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.answering.evidence import (
    FRAME_WORDS,
    ORDINAL,
    Evidence,
    assess,
    compact_list,
    counted_phrase,
    dates_in,
    find_places,
    matcher,
    split_sentences,
    year_of,
)
from assistant.answering.seam import ABSTAIN_DE, ABSTAIN_EN, Draft, GenerationRequest
from assistant.records import Passage
from assistant.text.analysis import fold, raw_tokens, stem
from assistant.text.dates import (
    YEAR,
    DateMention,
    find_dates,
    format_date_de,
    format_date_en,
    infer_year,
)
from assistant.text.names import find_people
from assistant.text.questions import Intent, QuestionInfo, event_mention, event_runs, in_lexicon


@dataclass(frozen=True)
class _Scored:
    score: float
    index: int
    text: str
    previous: str = ""  # the sentence before it in the same passage (for "Er …", "Der …")


def _trim(sentence: str, limit: int = 320) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    return f"{cut} …"


def _with_marker(sentence: str, k: int) -> str:
    sentence = sentence.rstrip()
    if sentence and sentence[-1] in ".!?":
        return f"{sentence[:-1]} [{k}]{sentence[-1]}"
    return f"{sentence} [{k}]."


class ExtractiveGenerator:
    """Offline default: direct fact sentence + quoted support, or an honest abstention."""

    name = "extractive"

    def generate(self, request: GenerationRequest) -> Draft:
        info, passages = request.info, request.passages
        evidence = assess(info, passages, request.stats.vocabulary, request.stats.event_words)
        if not evidence.sufficient:
            return self._abstain(request, evidence)
        scored = self._score_sentences(request, evidence)
        if not scored:
            return self._abstain(request, evidence)
        docs = list(dict.fromkeys(passages[i].doc_id for i in evidence.consistent))
        lines: list[str] = []
        if _asks_publication(info):
            lines.append(self._published(request, evidence))
        elif _TITLE.search(info.text):
            first = request.passages[evidence.consistent[0]]
            k = evidence.consistent[0] + 1
            lead = (
                "Die Pressemitteilung trägt den Titel" if info.language == "de" else "The title is"
            )
            lines.append(f"{lead} „{first.title}“ [{k}].")
        elif (
            len(docs) > 1
            and not info.years
            and (
                info.intent in (Intent.WHEN, Intent.WHERE, Intent.HOW_MANY)
                or _ASKS_EVENTS.search(info.text)
            )
        ):
            return Draft(self._per_document(request, scored, docs), False, evidence)
        elif _asks_people_list(info):
            lines.append(self._people(request, scored))
        else:
            direct = self._direct(request, scored, per_doc=False)
            if direct:
                lines.append(direct)
        lines = [line for line in lines if line]
        limit = 4 if info.intent in (Intent.LIST, Intent.WHO) else 3
        best = scored[0].score
        for s in scored:
            if len(lines) >= limit:
                break
            if s.score < 0.35 * best or any(_trim(s.text)[:60] in line for line in lines):
                continue
            if lines and _is_heading(s.text):
                continue  # a sub-heading ("Digitaler Aufbruch 2024 in Hamburg") supports nothing
            text = s.text
            if (
                info.intent in (Intent.WHO, Intent.ORGANISER, Intent.LIST)
                and (not find_people(text) or _ANAPHORIC.match(text))
                and find_people(s.previous)
                and s.previous[:60] not in " ".join(lines)
            ):
                # "Der Vorstandsvorsitzende …" needs the sentence that names him
                text = f"{_with_marker(_trim(s.previous, 320), s.index + 1)} {text}"
            quoted = _with_marker(_trim(compact_list(text, info.terms), 640), s.index + 1)
            lines.append(quoted if info.language == "de" else f"„{quoted[:-1]}“{quoted[-1]}")
        if info.language == "en" and lines and not _has_template(lines[0]):
            lines.insert(0, f"According to the German source [{scored[0].index + 1}]:")
        return Draft(" ".join(lines), abstained=False, evidence=evidence)

    def _per_document(
        self, request: GenerationRequest, scored: list[_Scored], docs: list[str]
    ) -> str:
        """One line per event document: its name, then the direct fact or best sentence."""
        lines: list[str] = []
        for doc_id in docs[:4]:
            doc_scored = [s for s in scored if request.passages[s.index].doc_id == doc_id]
            if not doc_scored:
                continue
            direct = self._direct(request, doc_scored, per_doc=True)
            if direct:
                lines.append(direct)
                continue
            best = doc_scored[0]
            name = document_event_name(request, doc_id)
            quoted = _trim(compact_list(best.text, request.info.terms), 300)
            lines.append(_with_marker(f"{name}: {quoted}", best.index + 1))
        return " ".join(lines)

    def _people(self, request: GenerationRequest, scored: list[_Scored]) -> str:
        """ "Genannt werden: A, B und C [1][2]." from the passages of the best sentences."""
        people: list[str] = []
        cited: list[int] = []
        best = scored[0].score if scored else 0.0
        for s in scored[:6]:
            if s.score < 0.45 * best or s.index in cited:
                continue
            found = find_people(request.passages[s.index].body)
            if found:
                cited.append(s.index)
                people.extend(p for p in found if p not in people)
        if len(people) < 2:
            return ""
        joiner = " und " if request.info.language == "de" else " and "
        names = ", ".join(people[:-1]) + joiner + people[-1]
        lead = "Genannt werden" if request.info.language == "de" else "The sources name"
        return f"{lead}: {names} {''.join(f'[{i + 1}]' for i in cited)}."

    def _published(self, request: GenerationRequest, evidence: Evidence) -> str:
        for i in evidence.consistent:
            passage = request.passages[i]
            if passage.published:
                lead = [
                    k
                    for k, p in enumerate(request.passages)
                    if p.doc_id == passage.doc_id and p.position == 0
                ]
                k = (lead[0] if lead else i) + 1
                if request.info.language == "en":
                    when = format_date_en(passage.published)
                    return f"The press release „{passage.title}“ was published on {when} [{k}]."
                when = format_date_de(passage.published)
                return (
                    f"Die Pressemitteilung „{passage.title}“ wurde am {when} veröffentlicht [{k}]."
                )
        return ""

    # -- sentence selection ---------------------------------------------------------
    def _score_sentences(self, request: GenerationRequest, evidence: Evidence) -> list[_Scored]:
        info, passages, stats = request.info, request.passages, request.stats
        # The event is settled by `assess`; what picks the sentence is the rest of the question.
        weights: dict[str, float] = {}
        for term in info.terms:
            weight = stats.idf(term)
            if in_lexicon(term, stats.event_words):
                weight *= 0.25
            weights[term] = weight
        for term in info.expansions:
            weights.setdefault(term, 0.7 * stats.idf(term))
        total = sum(w for t, w in weights.items() if t in info.terms) or 1.0
        definition = info.intent == Intent.WHAT and all(
            in_lexicon(t, stats.event_words) or t in FRAME_WORDS for t in info.terms
        )
        scored: list[_Scored] = []
        seen: set[str] = set()
        for rank, i in enumerate(evidence.consistent):
            passage = passages[i]
            context = matcher(passage.body)
            paragraph = sum(w for t, w in weights.items() if t in info.terms and context.has(t))
            previous = ""
            for sentence in split_sentences(passage.body):
                key = fold(sentence)[:80]
                before, previous = previous, sentence
                if key in seen or len(sentence) < 12:
                    continue
                seen.add(key)
                found = matcher(sentence)
                overlap = sum(w for t, w in weights.items() if found.has(t)) / total
                bonus = self._intent_bonus(info, sentence, passage)
                if definition and passage.position <= 1 and len(sentence) >= 60:
                    bonus += 1.0  # "Was ist X?": the lead paragraph says what X is
                if _other_year(sentence, info.years, year_of(passage.text, passage.title)):
                    bonus -= 0.5  # "… werden wir 2024 fortführen" does not describe 2023
                score = (
                    overlap + 0.3 * paragraph / total + bonus + 0.1 * passage.score - 0.01 * rank
                )
                scored.append(_Scored(score, i, sentence, before))
        scored.sort(key=lambda s: -s.score)
        return scored

    @staticmethod
    def _intent_bonus(info: QuestionInfo, sentence: str, passage: Passage) -> float:
        intent = info.intent
        year = year_of(passage.text, passage.title)
        if intent == Intent.WHEN:
            return 0.8 if _dates(sentence, year) else 0.0
        if intent == Intent.WHERE:
            return 0.8 if find_places(sentence) else 0.0
        if intent == Intent.HOW_MANY:
            if counted_phrase(sentence, info.terms):
                return 1.0
            return 0.3 if re.search(r"\d", sentence) else 0.0
        if intent == Intent.ORDINAL:
            return 1.0 if ORDINAL.search(sentence) else 0.0
        if intent == Intent.ORGANISER:
            pattern = r"(Veranstalter|Gastgeber|Schirmherr|lud|veranstaltet|Prosoz|AG\b|GmbH)"
            return 0.6 if re.search(pattern, sentence) else 0.0
        if intent in (Intent.WHO, Intent.LIST):
            people = find_people(sentence)
            if intent == Intent.WHO or _PEOPLE_LIST.search(info.text):
                return min(0.6, 0.3 * len(people))
            listing = "•" in sentence or sentence.count("„") >= 2 or sentence.count(",") >= 3
            return 0.4 if listing else 0.0
        return 0.0

    # -- direct first sentence ------------------------------------------------------
    def _direct(self, request: GenerationRequest, scored: list[_Scored], per_doc: bool) -> str:
        info, passages = request.info, request.passages
        if not scored:
            return ""
        for s in scored[:6]:
            passage = passages[s.index]
            label = self._label(request, passage, per_doc)
            year = year_of(passage.text, passage.title)
            if info.intent == Intent.WHEN:
                mentions = _dates(s.text, year)
                wanted = [m for m in mentions if not info.years or str(m.first.year) in info.years]
                if wanted:
                    mention = wanted[0]
                    places = find_places(s.text)
                    return self._when_sentence(request, label, mention, places, s.index + 1)
            elif info.intent == Intent.WHERE:
                places = find_places(s.text)
                if places and not _other_year(s.text, info.years, year):
                    past = self._is_past(request, passage)
                    return self._where_sentence(info, label, places, past, s.index + 1)
            elif info.intent == Intent.HOW_MANY:
                count = counted_phrase(s.text, info.terms)
                if count:
                    if info.language == "en":
                        return f"{label}: {count} (according to the German source) [{s.index + 1}]."
                    return f"{label}: {count} [{s.index + 1}]."
            else:
                return ""
        return ""

    def _when_sentence(
        self,
        request: GenerationRequest,
        label: str,
        mention: DateMention,
        places: Sequence[str],
        k: int,
    ) -> str:
        past = mention.last < request.today
        if request.info.language == "en":
            verb = "took place" if past else "takes place"
            where = f" in {places[0]}" if places else ""
            return f"{label} {verb} on {format_date_en(mention.first, mention.last)}{where} [{k}]."
        verb = "fand" if past else "findet"
        text_date = format_date_de(mention.first, mention.last)
        prep = "vom" if " bis " in text_date else "am"
        where = f" in {places[0]}" if places else ""
        return f"{label} {verb} {prep} {text_date}{where} statt [{k}]."

    @staticmethod
    def _where_sentence(
        info: QuestionInfo, label: str, places: Sequence[str], past: bool, k: int
    ) -> str:
        if info.language == "en":
            return f"{label} {'took place' if past else 'takes place'} in {places[0]} [{k}]."
        return f"{label} {'fand' if past else 'findet'} in {places[0]} statt [{k}]."

    @staticmethod
    def _is_past(request: GenerationRequest, passage: Passage) -> bool:
        mentions = dates_in(passage)
        if mentions:
            return max(m.last for m in mentions) < request.today
        if passage.published:
            return passage.published < request.today
        return True

    def _label(self, request: GenerationRequest, passage: Passage, per_doc: bool) -> str:
        """The event's name in the sources' own spelling ("Digitaler Aufbruch 2024")."""
        info, stats = request.info, request.stats
        surface: Counter[tuple[str, str]] = Counter()
        texts = [p.text for p in request.passages if p.doc_id == passage.doc_id] or [passage.text]
        for text in texts:
            for word in re.findall(r"[\w@.]+", text):
                word = word.strip(".")
                if word[:1].isupper():
                    surface[(stem(fold(word)), word)] += 1
        words: list[str] = []
        for word in event_mention(info.text, stats.event_words):
            if YEAR.fullmatch(word):
                continue
            forms = [(n, w) for (s, w), n in surface.items() if s == stem(fold(word))]
            best = max(forms)[1] if forms else word
            if best not in words:
                words.append(best)
        if not words:
            return "Die Veranstaltung" if info.language == "de" else "The event"
        year = year_of(passage.text, passage.title)
        years = [y for y in info.years if not per_doc] or ([str(year)] if year else [])
        return " ".join(words + years[:1])

    # -- abstention -----------------------------------------------------------------
    def _abstain(self, request: GenerationRequest, evidence: Evidence) -> Draft:
        info, passages = request.info, request.passages
        base = ABSTAIN_DE if info.language == "de" else ABSTAIN_EN
        hint = ""
        event_topic = [t for t in info.topic_words if in_lexicon(t, request.stats.event_words)]
        if event_topic and evidence.reason != "unknown words":
            covered: dict[str, tuple[int, str]] = {}
            for k, p in enumerate(passages, start=1):
                if p.doc_id in covered or not all(matcher(p.text).has(t) for t in event_topic):
                    continue
                label = self._label(request, p, per_doc=True)
                if label not in {c[1] for c in covered.values()}:
                    covered[p.doc_id] = (k, label)
            if covered:
                items = [f"{label} [{k}]" for k, label in covered.values()]
                joined = ", ".join(items[:-1]) + (" und " if info.language == "de" else " and ")
                listing = joined + items[-1] if len(items) > 1 else items[0]
                hint = (
                    f" Die Quellen behandeln: {listing}."
                    if info.language == "de"
                    else f" The sources cover: {listing}."
                )
        return Draft(base + hint, abstained=True, evidence=evidence)


_ASKS_EVENTS = re.compile(
    r"\b(welche[nr]?|which|what)\s+(veranstaltung|ausgabe|kongress|event|edition|konferenz)",
    re.IGNORECASE,
)
_TITLE = re.compile(r"\b(titel|überschrift|schlagzeile|headline|title)\b", re.IGNORECASE)
_ANAPHORIC = re.compile(r"(Der|Die|Das|Er|Sie|Dieser|Diese|Dies)\s")
_PEOPLE_LIST = re.compile(r"referent|redner|sprecher|speaker|vortr|podium|diskut", re.IGNORECASE)
_ROLE = re.compile(r"moderi|eröffn|eroeffn|veranstalt|schirmherr|gastgeber|organi", re.IGNORECASE)


def _asks_people_list(info: QuestionInfo) -> bool:
    return (
        info.intent in (Intent.WHO, Intent.LIST)
        and bool(_PEOPLE_LIST.search(info.text))
        and not _ROLE.search(info.text)
    )


def _asks_publication(info: QuestionInfo) -> bool:
    return info.intent == Intent.WHEN and bool(
        re.search(r"veröffentlicht|veroeffentlicht|erschienen|published|datiert", info.text, re.I)
    )


def document_event_name(request: GenerationRequest, doc_id: str) -> str:
    """The event a document is about, in its own spelling, with its year
    ("Innovatives Management 2023"): the most frequent run of event words in its text."""
    passages = [p for p in request.passages if p.doc_id == doc_id]
    texts = [p.text for p in passages]
    lexicon = request.stats.event_words
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    title = passages[0].title if passages else ""
    for weight, text in [(3, title), *[(1, p.body) for p in passages]]:
        for run in event_runs(text, lexicon):
            words = [w for w in run if not YEAR.fullmatch(w)]
            exact = any(t in lexicon for w in words for t in raw_tokens(w))
            shouting = all(not any(c.islower() and c != "ß" for c in w) for w in words)
            if not words or not exact or shouting:
                continue
            key = " ".join(stem(fold(w)) for w in words)
            counts[key] += weight
            forms.setdefault(key, Counter())[" ".join(words)] += 1
    year = infer_year("\n".join(texts), texts[0].split("\n", 1)[0] if texts else None)
    if not counts:
        title = next((p.title for p in request.passages if p.doc_id == doc_id), doc_id)
        return f"{title}" if not year or str(year) in title else f"{title} ({year})"
    best = max(counts, key=lambda k: (counts[k], len(k)))
    name = forms[best].most_common(1)[0][0]
    return f"{name} {year}" if year else name


def _other_year(sentence: str, years: Sequence[str], default_year: int | None) -> bool:
    """Does the sentence date itself to a year other than the asked one(s)?"""
    if not years:
        return False
    mentions = _dates(sentence, default_year)
    return bool(mentions) and not any(str(m.first.year) in years for m in mentions)


def _is_heading(text: str) -> bool:
    return len(text) < 80 and not text.rstrip("“”\"»").endswith((".", "!", "?", ":")) and (
        "•" not in text and " · " not in text
    )


def _has_template(line: str) -> bool:
    return bool(re.search(r"\b(took place|takes place|fand|findet)\b", line)) or ":" in line[:60]


@lru_cache(maxsize=20_000)
def _dates(sentence: str, year: int | None) -> list[DateMention]:
    return find_dates(sentence, default_year=year)

"""Deciding what the retrieved passages actually support.

Fused retrieval scores cannot tell an answerable question from a near miss —
"Wann fand der Digitale Aufbruch 2022 statt?" retrieves the 2023 report with a
high score. What separates them is evidence coverage: every year the question
names must stand next to the event it asks about, the words that make the
question specific must occur in the same document, and the kind of fact asked
for (a date, a place, a number of participants) must be present. Both the
extractive generator and LLM generators use this module to decide whether to
answer at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.records import Passage
from assistant.text.analysis import GLOSSARY, fold, raw_tokens, stem
from assistant.text.dates import DateMention, find_dates, infer_year
from assistant.text.facts import (
    ORDINAL,
    PLACE_CUE,
    counted_phrase,
    find_places,
    participant_count,
)
from assistant.text.matching import DocumentMatcher, in_vocabulary, matcher
from assistant.text.questions import Intent, QuestionInfo, in_lexicon
from assistant.text.sentences import compact_list, split_sentences

#: Words a question may use that press releases phrase differently; never a reason to abstain.
# fmt: off
_PARAPHRASE_OK = {
    fold(w) for w in (
        "leute", "personen", "menschen", "besucher", "kamen", "organisiert", "organisiere",
        "kostenlos", "gratis", "stattfinden", "veranstaltung", "event", "events", "ausgabe",
        "ausgaben", "edition", "motto", "thema", "themen", "genau", "insgesamt", "eigentlich",
        "gastgeber", "referenten", "redner", "sprach", "sprachen", "vortrag", "vorträge",
        "teilnahme", "teilnehmen", "online", "vor", "ort", "letzte", "nächste", "aktuell",
        "beide", "beiden", "alle", "jeweils", "sowohl", "auch", "ausgaben", "meldung",
        "pressemitteilung", "mitteilung", "artikel", "bericht", "ankündigung", "veröffentlicht",
        "erschienen", "published", "press", "release", "stadtteil", "stadtteils", "viertel",
        "bezirk", "gegend", "region", "nähe", "location", "venue", "area", "titel",
        "überschrift",
    )
}


# fmt: on
#: Words that frame a question but name no fact ("fand … statt", "Wie viele").
# fmt: off
FRAME_WORDS = {
    fold(w) for w in (
        "statt", "fand", "findet", "finden", "gab", "gibt", "hatte", "hat", "hatten", "war",
        "waren", "dort", "dabei", "damals", "wie", "viele", "vielen", "held", "place", "take",
        "took", "many", "mal", "jahr", "kongress", "veranstaltung", "veranstaltungen", "ort",
        "stadt", "datum", "termin", "zeitpunkt", "tag", "city", "date", "year", "anzahl",
        "teilnehmende", "teilnehmer", "teilnehmenden", "gäste", "besucher", "wievielten",
        "wievielte", "lautet", "kann", "ich", "mich", "man", "welchem", "welchen", "sprach",
        "trat", "auf", "kamen", "ging", "worum", "geht", "stand", "lag", "liegt", "lagen",
    )
}


# fmt: on
@dataclass(frozen=True)
class Sentence:
    passage_index: int
    text: str
    doc_id: str


# fmt: off
__all__ = [  # re-exported for callers that think in terms of evidence
    "ORDINAL", "Evidence", "assess", "compact_list", "counted_phrase", "dates_in", "find_places",
    "matcher", "participant_count", "split_sentences", "year_of",
]


# fmt: on
@dataclass(frozen=True)
class Evidence:
    """What the passages support for one question."""

    sufficient: bool
    reason: str
    consistent: tuple[int, ...]  # indices of passages about the asked event
    missing: tuple[str, ...] = ()


def year_supported(year: str, passage: Passage, topic: Sequence[str]) -> bool:
    """The year must name the asked event: in the passage's title line, or in a sentence that
    also mentions one of the question's topic words (a photo credit "2022, …" does not count)."""
    head = passage.text[: len(passage.text) - len(passage.body)]
    if year in raw_tokens(head):
        return True
    for sentence in split_sentences(passage.body):
        if year in raw_tokens(sentence):
            if not topic:
                return True
            if any(matcher(sentence).has(t) for t in topic):
                return True
        for mention in find_dates(sentence):
            if str(mention.first.year) == year and mention.year_explicit:
                return True
    return False


def assess(
    info: QuestionInfo,
    passages: Sequence[Passage],
    vocabulary: frozenset[str],
    event_words: frozenset[str],
) -> Evidence:
    """Is there a passage about the asked event that contains the asked kind of fact?"""
    if not passages:
        return Evidence(False, "no passages", ())
    topic = info.topic_words
    event_topic = [t for t in topic if t in event_words or stem(t) in event_words]
    doc_text: dict[str, DocumentMatcher] = {}
    for p in passages:
        doc_text.setdefault(p.doc_id, DocumentMatcher()).add(p.text)
    # Nouns and names found nowhere in the corpus (after stemming, compounds, typos) mean the
    # question is about something the sources never mention ("Hotel", "Ticket", "Olaf Scholz").
    # Only capitalised words count: verbs a visitor uses ("hielt") are often phrased otherwise.
    nouns = {fold(w) for w in _capitalised(info.text)}
    unknown = tuple(
        t
        for t in topic
        if t in nouns and t not in _PARAPHRASE_OK and not in_vocabulary(t, vocabulary)
    )
    if unknown:
        return Evidence(False, "unknown words", (), unknown)

    consistent: list[int] = []
    for i, p in enumerate(passages):
        doc_words = doc_text[p.doc_id]
        if event_topic and not all(doc_words.has(t) for t in event_topic):
            continue
        if not event_topic and topic and not any(doc_words.has(t) for t in topic):
            continue
        supported = [y for y in info.years if year_supported(y, p, event_topic)]
        if info.years and not supported:
            continue
        if len(info.years) == 1 and len(supported) != 1:
            continue
        consistent.append(i)
    covered_years = {
        y for i in consistent for y in info.years if year_supported(y, passages[i], event_topic)
    }
    if not consistent or covered_years != set(info.years):
        return Evidence(False, "no passage about the asked event", ())

    # Words the corpus knows but the answering document lacks ("moderierte" asked of an event
    # whose report names no moderator) mean the document does not answer this question.
    specific = [
        t
        for t in info.terms
        if t not in _PARAPHRASE_OK
        and t not in FRAME_WORDS
        and not in_lexicon(t, event_words)
        and (in_vocabulary(t, vocabulary) or t in GLOSSARY)
    ]
    missing_by_doc: dict[str, tuple[str, ...]] = {}
    for i in consistent:
        doc_id = passages[i].doc_id
        if doc_id not in missing_by_doc:
            doc_words = doc_text[doc_id]
            missing_by_doc[doc_id] = tuple(
                t
                for t in specific
                if not doc_words.has(t) and not any(doc_words.has(e) for e in GLOSSARY.get(t, ()))
            )
    allowed = 1 if len(specific) >= 4 else 0
    answering = [i for i in consistent if len(missing_by_doc[passages[i].doc_id]) <= allowed]
    if not answering:
        fewest = min(missing_by_doc.values(), key=len)
        return Evidence(False, "question words missing from the sources", tuple(consistent), fewest)
    consistent = answering
    missing = missing_by_doc[passages[consistent[0]].doc_id]
    if not _has_intent_fact(info.intent, [passages[i] for i in consistent], info.terms):
        return Evidence(False, f"no {info.intent.value} fact", tuple(consistent), missing)
    return Evidence(True, "ok", tuple(consistent), missing)


def _capitalised(text: str) -> list[str]:
    """Capitalised words except the first of the question (German nouns and names)."""
    words = re.findall(r"[\w@]+", text)
    return [w for w in words[1:] if w[:1].isupper()]


def _has_intent_fact(intent: Intent, passages: Sequence[Passage], terms: Sequence[str]) -> bool:
    if intent == Intent.WHEN:
        return any(dates_in(p) for p in passages)
    if intent == Intent.WHERE:
        return any(find_places(p.body) or find_places(p.title) for p in passages) or any(
            PLACE_CUE.search(p.body) or re.search(r"\bwww\.|https?://", p.body)  # online: a link
            for p in passages
        )
    if intent == Intent.HOW_MANY:
        return any(counted_phrase(s, terms) for p in passages for s in split_sentences(p.body))
    if intent == Intent.ORDINAL:
        return any(ORDINAL.search(p.body) for p in passages)
    return True


def dates_in(passage: Passage) -> list[DateMention]:
    """Date mentions of a passage; year-less ones take the year the document is about."""
    return _dates_in(passage.body, year_of(passage.text, passage.title))


@lru_cache(maxsize=20_000)
def _dates_in(body: str, year: int | None) -> list[DateMention]:
    return find_dates(body, default_year=year)


@lru_cache(maxsize=20_000)
def year_of(text: str, title: str) -> int | None:
    """The year a passage is about (cached: called for every sentence of every answer)."""
    return infer_year(text, title)

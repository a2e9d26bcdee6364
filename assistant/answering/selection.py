"""Choosing the sentence that answers: by meaning, not by shared words.

"Welche war die größte Veranstaltung?" shares "groß" with sentences about "große Podien";
"online oder vor Ort?" shares "Ort" with every venue sentence. So a unit is scored by the
question–sentence similarity of the embedding model already loaded for retrieval, plus the
weight of the question's specific words it contains, plus whether it has the slot's cue and
the slot's kind of value; clutter and fragments are never candidates.
"""

from __future__ import annotations

import dataclasses
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.answering.slots import (
    LODGING,
    asks_cancelling,
    asks_lodging,
    cue,
    has_value,
    only_cancelling_deadlines,
)
from assistant.answering.units import VENUE_LINE, AnswerUnit
from assistant.text.dates import find_dates
from assistant.text.facts import POSTCODE
from assistant.text.intents import Slot
from assistant.text.matching import matcher
from assistant.text.names import find_people
from assistant.text.roles import NIGHTS, SENDER_LABEL

#: Slots whose answer is one kind of value: a unit without it cannot answer.
TYPED = frozenset({
    Slot.DATE, Slot.START, Slot.END, Slot.DEADLINE, Slot.PUBLISHED, Slot.PLACE, Slot.VENUE,
    Slot.ORGANISER, Slot.PARTNER, Slot.SPONSOR, Slot.PATRON, Slot.MODERATOR, Slot.SPEAKER,
    Slot.PARTICIPANTS, Slot.CAPACITY, Slot.COUNT, Slot.EDITION, Slot.FEE, Slot.PRIZE,
    Slot.FORMAT, Slot.CONTACT, Slot.DURATION, Slot.MOTTO,
})  # fmt: skip


class Embedder(Protocol):
    """The part of LangChain's `Embeddings` the answer step uses."""

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class Similarity:
    """Cosine similarity of a question to sentences, with sentence vectors cached (the same
    release sentences come back question after question)."""

    def __init__(self, embedder: Embedder | None, cache_size: int = 20_000) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def __call__(self, question: str, texts: Sequence[str]) -> list[float]:
        if self.embedder is None or not texts:
            return [0.0] * len(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = self.embedder.embed_documents(list(missing))
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        query = self.embedder.embed_query(question)
        with self._lock:
            found = [self._cache.get(t) for t in texts]
        return [_cosine(query, v) if v is not None else 0.0 for v in found]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


_DATED = frozenset({Slot.DATE, Slot.START, Slot.END, Slot.DEADLINE, Slot.PUBLISHED})
_PEOPLE_SLOTS = frozenset({Slot.PATRON, Slot.MODERATOR, Slot.SPEAKER, Slot.PERSON})
_FULL_DATE = re.compile(r"\d{1,2}\.\s*(\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]+)\s*\d{4}")
_ENUMERATION = re.compile(r"[„“\"][^„“\"]+[“”\"][^„“\"]{0,40}[„“\"]|(,[^,]+){3,}|:\s*[„“•]")
#: A role the question names (in German or English) and how a release names it.
_ROLE_CUES = tuple(
    (re.compile(q, re.IGNORECASE), re.compile(u, re.IGNORECASE))
    for q, u in (
        (r"gastgeber|\bhost", r"gastgeber"),
        (r"veranstalter|organi[sz]", r"veranstalt"),
        (r"schirmherr|patron", r"schirmherr"),
        (r"moderat|moderi", r"moderi|moderat|führt\b.*\bdurch"),
        (r"keynote", r"keynote"),
        (r"eröffn|eroffn|\bopen", r"eröffn"),
        (r"medienpartner|media partner", r"medienpartner"),
        (r"sponsor", r"sponsor"),
    )
)


@dataclass(frozen=True)
class Scored:
    unit: AnswerUnit
    score: float
    sim: float
    terms: float
    cue: bool
    value: bool
    #: The sentence before, where this one names its subject by a pronoun ("Sie findet nun am
    #: 25./26. Januar statt."): the words that say what "sie" is.
    context: str = ""


#: A sentence whose subject is a pronoun for what the sentence before named: "Sie findet nun
#: am …", "Er beginnt um …", "Es findet am …", not the formal "Sie finden …" / "Sie sind …",
#: which address readers, nor an "es" whose subject follows the verb ("Es spricht
#: Staatssekretärin …", "Es gibt …").
_PRONOUN_SUBJECT = re.compile(r"^(Sie|Er)\s+(?!sind\b)[a-zäöüß]+(?<!en)\b"
                              r"|^Es\s+(?!gibt\b|gab\b)[a-zäöüß]+(?<!en)\s+(?![A-ZÄÖÜ])")
_ARTICLE = {"Sie": "Die", "Er": "Der", "Es": "Das"}


def named_subject(best: Scored) -> Scored:
    """The sentence with its pronoun replaced by the noun the sentence before names with the
    pronoun's article ("Sie findet nun am …" after "Die Schulung war …" → "Die Schulung findet
    nun am …"), so an answer quoting it alone says what it is about."""
    pronoun = re.match(r"^(Sie|Er|Es)\b", best.unit.text)
    if not best.context or pronoun is None:
        return best
    article = _ARTICLE[pronoun.group(1)]
    noun = re.search(rf"\b{article}\s+([A-ZÄÖÜ][\w-]+)", best.context)
    if noun is None:
        return best
    text = f"{article} {noun.group(1)}{best.unit.text[pronoun.end():]}"
    return dataclasses.replace(best, unit=dataclasses.replace(best.unit, text=text))


#: The catalog fields that hold a slot's facts (their quotes mark answering sentences).
SLOT_FIELDS: dict[Slot, tuple[str, ...]] = {
    Slot.ORGANISER: ("organiser",), Slot.PATRON: ("patron",), Slot.MODERATOR: ("moderator",),
    Slot.PARTNER: ("partners",), Slot.SPONSOR: ("sponsors",), Slot.PARTICIPANTS: ("participants",),
    Slot.CAPACITY: ("capacity",), Slot.FEE: ("fee",), Slot.MOTTO: ("motto",),
    Slot.TOPIC: ("topics",), Slot.CONTACT: ("contact",), Slot.REGISTRATION: ("registration",),
    Slot.FORMAT: ("format",), Slot.SPEAKER: ("speakers",), Slot.PLACE: ("venue", "city"),
    Slot.VENUE: ("venue",), Slot.START: ("times",), Slot.END: ("times",), Slot.STATUS: ("status",),
    Slot.DEADLINE: ("registration",),
}  # fmt: skip


#: Slots a sentence with an address or a phone number may answer ("Um Rückmeldung wird
#: gebeten bis 19. Februar … per E-Mail an …" states the deadline).
_CONTACT_SLOTS = (Slot.CONTACT, Slot.REGISTRATION, Slot.DEADLINE)


#: A registration sent to the press office ("Um Anmeldung bis … an medien@… wird gebeten"):
#: the media's accreditation, not the event's registration.
_PRESS_DESK = re.compile(r"\b(medien|presse|press|media)(stelle)?@", re.IGNORECASE)
_ASKS_PRESS = re.compile(r"medien|presse|press|media|journalist|akkredit", re.IGNORECASE)


def _other_deadline(slot: Slot, text: str, cancelling: bool, press: bool) -> bool:
    """A deadline of the other kind: a cancellation's for a registration question ("bis zum
    22. April kostenfrei stornieren"), a registration's for "bis wann kann ich stornieren?",
    the press office's ("Um Anmeldung bis … an medien@… wird gebeten") unless the `press` is
    asked about."""
    if _PRESS_DESK.search(text) and not press:
        return True
    only_cancelling = only_cancelling_deadlines(text)
    if cancelling:
        return slot == Slot.DEADLINE and not only_cancelling
    return only_cancelling


#: A deadline of one way of taking part: "Für die Livestream-Teilnahme ist eine gesonderte …
#: Registrierung bis …", "eine separate Anmeldung für Aussteller". The question must ask for it.
_SIDE_DEADLINE = re.compile(r"^\W*f(?:ü|ue)r (?:die|den|das) ([\w-]+)|\b(?:gesondert|separat)\w* "
                            r"(?:anmeldung|registrierung)", re.IGNORECASE)
#: "Für die Teilnahme …" names no particular way of taking part: the event's own deadline.
_TAKING_PART = {"teilnahme", "anmeldung", "registrierung", "veranstaltung", "tagung"}


def _side_deadline(text: str, question: str) -> bool:
    m = _SIDE_DEADLINE.search(text)
    if m is None:
        return False
    part = re.split(r"[-\s]", m.group(1) or "")[0].casefold()
    if part in _TAKING_PART:
        return False  # "Für die Teilnahme vor Ort …": the event's own registration
    return not part or part[:5] not in question.casefold()


def rank_units(
    units: Sequence[AnswerUnit],
    question: str,
    slot: Slot,
    weights: dict[str, float],
    similarity: Similarity,
    fact_quotes: Sequence[str] = (),
    asked: str = "",
) -> list[Scored]:
    """Candidate units for the slot, best first (clutter, fragments and date lines excluded;
    contact blocks only for contact questions). A unit the catalog read a fact of this slot
    from (`fact_quotes`) counts as having the slot's value. `asked`: the whole question, where
    `question` is its focus (without the event's name)."""
    candidates = [
        u for u in units
        if u.quotable and (not u.contact or slot in _CONTACT_SLOTS)
        and (slot == Slot.TITLE or not u.heading or u.key_value)
    ]  # fmt: skip
    if slot == Slot.PUBLISHED:
        candidates = [u for u in units if not u.filler]
    sims = similarity(question, [u.text for u in candidates])
    lodging = asks_lodging(question)
    cancelling = asks_cancelling(asked or question)
    press = bool(_ASKS_PRESS.search(asked or question))
    total = sum(weights.values()) or 1.0
    before = {(u.index, u.order + 1): u.text for u in units}
    out = []
    for unit, sim in zip(candidates, sims, strict=True):
        context = before.get((unit.index, unit.order), "") \
            if _PRONOUN_SUBJECT.match(unit.text) else ""
        found = matcher(f"{context} {unit.text}")
        terms = sum(w for t, w in weights.items() if found.has(t)) / total if weights else 0.0
        # "Forum X, Am Markt 12, 12345 Y" says "the place" by its form alone, where the
        # letterhead's "X · Am Markt 8 · 12345 Y" and an addressee's lines do not
        has_cue = cue(slot, unit.text) or (slot in _WHERE and bool(VENUE_LINE.search(unit.text)))
        quoted = any(unit.text in q or q in unit.text for q in fact_quotes)
        value = has_value(slot, unit.text) or (quoted and slot not in _DATED)
        if slot == Slot.FEE and value and LODGING.search(unit.text) and not lodging:
            value = False  # "94 Euro pro Nacht": a room's price, unless a room is asked
        if slot in _WHERE and value and ((NIGHTS.search(unit.text) and not lodging)
                                         or SENDER_LABEL.match(unit.text)):
            value = False  # "ein Zimmer aus dem Kontingent im Hotel X", "Veranstalter: X, Str. 8"
        if slot in (Slot.DEADLINE, Slot.REGISTRATION) and value \
                and _other_deadline(slot, unit.text, cancelling, press):
            value = False  # "bis zum 22. April stornieren" does not close the registration
        score = sim + 0.7 * terms + (0.35 if has_cue else 0.0) + (0.3 if quoted else 0.0)
        if slot in TYPED:
            score += 0.3 if value else -1.0
        if unit.key_value:
            score += 0.1
        if slot == Slot.DEADLINE and value and _side_deadline(unit.text, asked or question):
            score -= 0.5  # the livestream's registration, where the event's is asked
        if slot in _WHERE and POSTCODE.search(unit.text) and find_dates(unit.text):
            score += 0.35  # "Donnerstag, 22. April 2027 · Forum X, Am Markt 12, 12345 Y":
            # the event's block of day and address, not the letterhead's address
        if slot in _PEOPLE_SLOTS and find_people(unit.text):
            score += 0.3  # "Wer moderiert?" is answered by a sentence that names someone
        if slot in (Slot.START, Slot.END, Slot.DEADLINE) and _FULL_DATE.search(unit.text):
            score += 0.3  # "endet am Samstag, 9. Mai 2026, um 16:00 Uhr" over "9. Mai: 16:00 Uhr"
        if slot == Slot.TOPIC and _ENUMERATION.search(unit.text):
            score += 0.25  # "Welche Themen …?": a sentence listing them
        score += 0.3 * sum(1 for q, u in _ROLE_CUES if q.search(question) and u.search(unit.text))
        out.append(Scored(unit, score, sim, terms, has_cue, value, context))
    out.sort(key=lambda s: (-s.score, s.unit.order))
    return out


_WHERE = frozenset({Slot.PLACE, Slot.VENUE})


def _names_edition(text: str, year: int) -> bool:
    """ "Für 2027 ändern sich die Gebühren": the year itself, not a date's ("8. Juni 2027")."""
    dated = [(m.start, m.end) for m in find_dates(text, default_year=year)]
    return any(not any(a <= m.start() < b for a, b in dated)
               for m in re.finditer(rf"\b{year}\b", text))  # fmt: skip


def prefer_edition_year(ranked: list[Scored], year: int) -> list[Scored]:
    """A release about two editions ("betrug 49 Euro" … "Für 2027 … 59 Euro"): the sentence
    naming the asked edition's year speaks of that edition. Only ahead of a close rival: no
    sentence gets more credit than the best one had, so what is answered at all is unchanged."""
    if not ranked or _names_edition(ranked[0].unit.text, year):
        return ranked
    top = ranked[0].score
    ranked = [dataclasses.replace(s, score=top + 0.01)
              if s.value and s.score >= top - 0.15 and _names_edition(s.unit.text, year) else s
              for s in ranked]  # fmt: skip
    return sorted(ranked, key=lambda s: (-s.score, s.unit.order))

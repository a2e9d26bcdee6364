"""Yes/no questions one fact settles: whether someone organises the event, whether it was
the first edition, which month it was in, which format the entry at the asked place has,
and whether the releases name the asked property at all.

They return the verdict and the unit that states it; `yesno` words the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.knowledge import Target
from assistant.answering.slots import CUES
from assistant.answering.units import AnswerUnit
from assistant.text.analysis import STOPWORDS, fold, raw_tokens
from assistant.text.dates import MONTHS_READ, find_dates
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import edition_numbers, is_place
from assistant.text.intents import Slot
from assistant.text.matching import matcher, same_word
from assistant.text.roles import CALLED_OFF

#: Capitalised question words that name what is asked, not who: they need not be quoted.
QUESTION_NOUNS = frozenset(fold(w) for w in (
    "veranstaltung veranstalter veranstalterin teilnahme anmeldung livestream kongress tagung"
    " konferenz event ausgabe referent referentin referenten rednerin redner vortrag keynote"
    " eintritt gebühr kosten preis programm workshop workshops mitveranstalter schirmherr"
    " schirmherrin moderator moderatorin moderation partner sponsor veranstaltungsort ort"
    " stadt format online aufzeichnung präsenz gäste teilnehmende teilnehmer"
    " congress conference summit meeting organiser organizer").split())

_ASKS_FIRST = re.compile(r"\b(der|die|das) erste\W*$|\bthe first( one| time| edition)?\W*$"
                         r"|\bzum ersten mal\W*$")
_PREMIERE = re.compile(r"\berstmals\b|\bpremiere\b|\bzum ersten mal\b", re.IGNORECASE)
_GENERIC_WORDS = frozenset("auch noch eigentlich wirklich ebenfalls mit dabei also".split())
#: "Ist/Sind/War … <Eigenschaft>?": the property is the question's last word.
_ASKS_PROPERTY = re.compile(r"^\W*(und )?(ist|sind|war|waren|is|are|was|were)\b[^?]*\w\W*$")


def first_edition(question: str, units: Sequence[AnswerUnit]) -> tuple[bool, AnswerUnit] | None:
    """ "war X 2024 der erste?": settled by "Bereits zum zweiten Mal …" (no) or "erstmals"."""
    if not _ASKS_FIRST.search(question):
        return None
    for unit in units:
        numbers = edition_numbers(unit.text) or ({1} if _PREMIERE.search(unit.text) else set())
        if unit.quotable and numbers:
            return 1 in numbers, unit
    return None


def asked_month(question: str) -> int | None:
    """The month of "Fand X im November statt?" (no day: a day is a date question)."""
    if find_dates(question, 2000):
        return None
    months = {i for i, m in MONTHS_READ
              if re.search(rf"\b(im|in|am|in the|during) {fold(m)}\b", question)}
    return months.pop() if len(months) == 1 else None


def organiser_settles(question: str, target: Target,
                      units: Sequence[AnswerUnit]) -> tuple[bool, AnswerUnit, int] | None:
    """ "ist prosoz auch veranstalter vom kongress in lübeck?": yes when the organiser the
    catalog read names the asked one, else no, from the sentence naming the organiser."""
    event = target.event
    if event is None or not event.organiser:
        return None
    own = [fold(w) for w in raw_tokens(target.label)]  # the event's name, not its organiser
    asked = [w for w in raw_tokens(question) if len(w) >= 4 and w not in STOPWORDS
             and not any(same_word(w, o) for o in own) and not is_place(w)
             and w not in QUESTION_NOUNS and w not in _GENERIC_WORDS
             and not is_type_word(w) and not w.isdigit()
             and not CUES[Slot.ORGANISER].search(w)]  # "organisiert", "organise": the asking
    found = [w for w in asked if any(matcher(f.value).has(w) for f in event.organiser)]
    if not asked or 0 < len(found) < len(asked):
        return None  # nobody, or a name only partly the organiser's: the sentences decide
    fact = event.organiser[0]
    unit = next((u for u in units if u.quotable and fact.quote in u.text), None)
    if unit is None:
        return None
    return bool(found), unit, unit.text.find(fact.quote)  # "der Verein Ostwind": none of it


def near_asked_place(question: str, found: list[AnswerUnit],
                     units: Sequence[AnswerUnit]) -> list[AnswerUnit]:
    """Of the units stating a format, those nearest the city the question names first (a
    seminar calendar's "Ort: Mannheim" entry, not the online seminar above it)."""
    cities = [w for w in raw_tokens(question) if is_place(w)]
    if not cities or len(found) < 2:
        return found
    position = {id(u): i for i, u in enumerate(units)}
    naming = [i for i, u in enumerate(units) if matcher(u.text).has(cities[0])]
    if not naming:
        return found
    return sorted(found, key=lambda u: min(abs(position[id(u)] - i) for i in naming))


def unsaid_property(question: str, target: Target | None, units: Sequence[AnswerUnit]) -> bool:
    """ "ist die alte molkerei barrierefrei?": a property its releases never name anywhere
    cannot be confirmed or denied by the venue line that names the rest."""
    if not _ASKS_PROPERTY.search(question):
        return False
    words = [w for w in raw_tokens(question) if len(w) >= 5 and w not in STOPWORDS]
    if not words:
        return False
    last = words[-1]
    own = set(target.names) if target is not None else set()
    if last in own or last in QUESTION_NOUNS or is_place(last):
        return False
    return not any(matcher(u.text).has(last) for u in units)


def held_on_day(question: str, units: Sequence[AnswerUnit]) -> tuple[bool, AnswerUnit] | None:
    """ "findet die Ringvorlesung am 9.12. statt?": the entry of that day settles it — "Nein"
    where it is called off, "Ja" where it is listed."""
    asked = find_dates(question, 2000)
    if len(asked) != 1:
        return None
    day = asked[0].first
    for unit in units:
        if not (unit.filler or unit.contact) and any(
            (m.first.day, m.first.month) == (day.day, day.month)
            for m in find_dates(unit.text, 2000)
        ):  # a table's dated line ("09.12.2026 ENTFÄLLT") counts, whatever its layout
            return not CALLED_OFF.search(unit.text), unit
    return None

"""Facts whose meaning depends on their role: status (postponed, cancelled), moderator,
partners vs. sponsors and media partners, fees, capacity, clock times, and participant counts
as expected or actual.

These are the values releases state in ways that invite a wrong answer: a media partner is
no organiser, a forecast is no attendance, a cancelled date is no event date. Each fact
keeps its `role`, read from the sentence (`text.roles`), so answers and lists can tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.events.units import Fact, Unit, fact
from assistant.text.dates import BEFORE_A_YEAR, YEAR
from assistant.text.names import find_people
from assistant.text.roles import CALLED_OFF, NOT_A_FEE, NOT_COUNTING, count_role, part_changed
from assistant.text.times import time_span

_I = re.IGNORECASE
_POSTPONED = re.compile(r"verschoben|neuer termin|neuen termin|ersatztermin"
                        r"|verlegt\b.{0,60}\b(auf|in)\s+(den|das|\d)", _I)  # fmt: skip
_MODERATOR = re.compile(
    r"moderi|moderation|moderator|führt\b.{0,40}\bdurch|durch (das|den|die)"
    r"\s+(programm|tag|veranstaltung|plenum|abend)",
    _I,
)
_MEDIA = re.compile(r"medienpartner", _I)
_SPONSOR = re.compile(r"sponsor|gefördert (von|durch)|unterstützt (von|durch)|förderer", _I)
_PARTNER = re.compile(
    r"mitveranstalter|kooperationspartner|in kooperation mit|gemeinsam mit"
    r"|in zusammenarbeit mit|zusammen mit",
    _I,
)
_ORG_NAME = re.compile(
    r"(?:(?:der|die|das|dem|den|des)\s+)?((?:[A-ZÄÖÜ][\w@&.\-]*|„[^“]+“)(?:\s+(?:für|der|des|und"
    r"|im|in|am|zur|zum|e\.\s?V\.|[A-ZÄÖÜ(][\w@&.\-()]*|„[^“]+“))*)"
)
_MONEY = re.compile(r"\d[\d.]*(?:,\d{2})?\s*(?:Euro|EUR|€)", _I)
_FREE = re.compile(r"kostenfrei|kostenlos|gebührenfrei|eintritt (ist )?frei|teilnahme ist frei", _I)
_CAPACITY = re.compile(
    r"(?:max\.|maximal|höchstens|bis zu)\s*(\d[\d.]*)|(\d[\d.]*)\s+(?:\w+\s+)?"
    r"(?:plätze|teilnahmeplätze|sitzplätze)",
    _I,
)
_TIME_CUE = re.compile(r"\b(beginn|beginnt|start|startet|einlass|ende|endet|schluss|uhr)\b", _I)
_PARTICIPANTS = re.compile(
    r"((?:rund|über|mehr als|knapp|etwa|ca\.|circa|fast|bis zu|nahezu|insgesamt)\s+)?"
    r"(\d[\d.]*)\s+(?:" + NOT_COUNTING + r"[^\W\d]+\s+){0,2}?"  # not "49 Euro für …"
    r"(teilnehmende\w*|teilnehmer\w*|gäste\w*|besucher\w*"
    r"|personen|menschen|fachleute|führungskräfte|beschäftigte|interessierte|vertreter\w*"
    r"|zuschauer\w*|anmeldungen)",
    _I,
)



def role_facts(unit: Unit) -> Iterator[tuple[str, Fact]]:
    """Every (field, fact) with a role that one unit states."""
    text = unit.text
    if part_changed(text):
        pass  # "Keynote Dr. X abgesagt", "Beginn auf 09:30 Uhr verschoben": the event stands
    elif CALLED_OFF.search(text):
        yield "status", fact("abgesagt", unit, role="cancelled")
    elif _POSTPONED.search(text):
        yield "status", fact("verschoben", unit, role="postponed")
    if _MODERATOR.search(text):
        for person in find_people(text):
            yield "moderator", fact(person, unit, role="moderator")
    for pattern, field, role in ((_MEDIA, "sponsors", "media"), (_SPONSOR, "sponsors", "sponsor"),
                                 (_PARTNER, "partners", "partner")):  # fmt: skip
        m = pattern.search(text)
        if m:
            for name in _names_after(text[m.end() :]):
                yield field, fact(name, unit, role=role)
    if _FREE.search(text) and not NOT_A_FEE.search(text):  # not "kostenfrei stornieren"
        yield "fee", fact("kostenfrei", unit, role="free")
    for m in _MONEY.finditer(text) if not NOT_A_FEE.search(text) else ():
        yield "fee", fact(m.group(0), unit, m.span(), role="fee")  # no prize, budget, funding
    for m in _CAPACITY.finditer(text):
        yield "capacity", fact(m.group(1) or m.group(2), unit, m.span(), role="capacity")
    if _TIME_CUE.search(text):
        span = time_span(text)
        if span is not None:
            first, last = span
            yield "times", fact(first.value, unit, role="start")
            if last is not None:
                yield "times", fact(last.value, unit, role="end")
    for m in _PARTICIPANTS.finditer(text):
        year_like = not m.group(1) and YEAR.fullmatch(m.group(2))
        if year_like and BEFORE_A_YEAR.search(text[: m.start(2)]):
            continue  # "im Juni 2025 kamen die Gäste": a year, no count
        role = count_role(text, m.start(), m.end())
        value = f"{(m.group(1) or '').strip()} {m.group(2)} {m.group(3)}".strip()
        yield "participants", fact(value, unit, m.span(), role=role)


def _names_after(rest: str) -> list[str]:
    """Organisation names after a role phrase, up to the clause end ("… sind die Fachmagazine
    X, Y und Z."): split at commas and "und", keep capitalised names."""
    rest = re.split(r"[.;](?:\s|$)|\s–\s", rest, maxsplit=1)[0]
    rest = re.sub(r"^\W*(sind|ist|war|waren|:|·)\s*", "", rest.strip())
    names = []
    for part in re.split(r",\s*|\s+und\s+|\s+sowie\s+", rest):
        m = _ORG_NAME.search(part)
        if m and len(m.group(1)) > 2:
            names.append(m.group(1).strip(" ,"))
    return names[:8]

"""Event dates in units: which day a sentence gives as the event's, scored by how much it
looks like one, and the year of the edition a release is about.

A date's role (event, planned, deadline, published) comes from its German context in
`text.roles`; here the days of a release are collected and weighed ("Termin · …", "findet am …
statt", a city beside it count for it; the dateline, a deadline, a side event or another
event's name before it count against it). Which edition each belongs to is decided in
`events.editions`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.events.series import is_type_word, series_mentions
from assistant.events.units import Unit
from assistant.records import Document
from assistant.text.analysis import fold
from assistant.text.dates import WEEKDAYS, DateMention, edition_years, find_dates, infer_year
from assistant.text.facts import edition_numbers, find_places
from assistant.text.relative import relative_dates
from assistant.text.roles import (
    EVENT_DATE_LABELS,
    UNRELATED,
    apart_from_event,
    date_role,
    follows_other_event,
    precedes_other_event,
    side_event,
)

# fmt: off
_CONTEXT = re.compile(
    r"\b(statt|stattfinden|stattfand|findet|fand|tagt|tagte|kamen|kommen|trafen|lädt|lud|laden|"
    r"beginnt|veranstaltet|ausgerichtet|eröffnet|zusammen|erwartet)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"\b(fortführen|fortgeführt|fortsetzen|fortgesetzt|Fortsetzung|nächsten?|nächster|kommenden?|"
    r"kommendes|geplant|Save the Date|Rückblick|Vorjahr|vergangenen Jahr|letzten Jahr|zuletzt|"
    r"vorangegangene[nm]?|vorherige[nm]?|vorige[nm]?)\b",
    re.IGNORECASE)
#: A headline's look ahead ("… – 2027 geht es nach Holzminden"): the next edition's year,
#: not the year of the edition the release is about.
_AHEAD = re.compile(r"^\W*(?:19|20)\d\d\s+(?:geht|folgt|kommt|zieht|wechselt|führt)\b"
                    r"|\bAusblick\b", re.IGNORECASE)
_DEADLINE = re.compile(r"Anmeld|Frist|Bewerbung|Einsendeschluss|Stand:")
_DATE_LABEL = re.compile(
    rf"^\W*({EVENT_DATE_LABELS})\b[^·:]{{0,20}}[·:]", re.IGNORECASE)
#: A heading that is a date's label ("Endgültiger Termin", "Neuer Termin", "Datum"): the bare
#: date line under it is the event's, however far down a page's banners push it.
_LABEL_HEADING = re.compile(rf"^\W*([\wäöü]+\s+)?({EVENT_DATE_LABELS})\W*$", re.IGNORECASE)
#: "am", "vom", also with the weekday between: "Am Samstag, 19. September 2026".
_AT = re.compile(r"\b(am|vom|von|ab)\s*((" + "|".join(d for d, _ in WEEKDAYS)
                 + r"|sonnabend),?\s*)?$", re.IGNORECASE)
UNTIL = re.compile(r"\bbis(?: zum| spätestens)?\s*$")
#: Words (folded) that make a sentence about an event: event nouns, attendance, "statt", "lud".
EVENTFUL = re.compile(
    r"kongress|konferenz|tagung|forum|foren|gipfel|symposium|messe\b|workshop|summit|barcamp|"
    r"festival|kolloquium|hackathon|seminar|webinar|veranstaltung|event\b|treffen|teilnehm|gaste|"
    r"besucher|referent|vortrag|austragungsort|\bstatt\b|stattf|\bkamen\b|\blud\b|\bladt\b|begegn|verschoben|verlegt|nachgeholt|unconference"
    r"|offnet\b[^.!?]{0,80}\b(turen|tore)\b")  # "öffnet das Landratsamt … seine Türen"
# fmt: on


#: "Donnerstag, 10. Juni 2027 · Mannheim" at the head of a save-the-date card: the date alone.
#: Also a span of days and a few parts after it ("8. und 9. Juni 2027 · Kongresshalle am
#: Auwald, Leipzig · hybrid"), none of them a sentence.
_BARE_DATE_LINE = re.compile(r"^\W*((Mo|Di|Mi|Do|Fr|Sa|So)\w*\.?,?\s+"
                             r"((und|bis|[–/-])\s*(Mo|Di|Mi|Do|Fr|Sa|So)\w*\.?,?\s+)?)?\d{1,2}\.\s*"
                             r"((und|bis|[–/-])\s*\d{1,2}\.\s*)?"
                             r"(\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s*\d{4}\s*"
                             r"([·|,–-]\s*[\wÄÖÜäöüß][^·|.!?\n]{0,50}){0,4}\W*$")

#: "Greifswald, Tagungshaus am Hafen, 12. November 2026" at the head of a speech whose page
#: dates itself elsewhere ("Veröffentlicht am 13.11.2026"): the day and place it was given.
_PLACE_DATE_LINE = re.compile(r"^\W*[A-ZÄÖÜ][^.!?:]{0,80},\s*((Mo|Di|Mi|Do|Fr|Sa|So)\w*\.?,?\s+)?"
                              r"\d{1,2}\.\s*(\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s*\d{4}\W*$")


@dataclass(frozen=True)
class DateHit:
    unit: Unit
    mention: DateMention
    score: int
    follow_up: bool  # the sentence points to another edition ("fortführen", "Rückblick")
    role: str = "event"  # text.roles.date_role: event | new | planned
    own: bool = False  # the sentence names this series (not another event it mentions)
    #: the sentence numbers another edition than the release's own ("Das 2. Forum fand …
    #: statt" on the third one's page): that edition's date, never the release's own
    other_number: bool = False


def date_hits(
    document: Document, all_units: Sequence[Unit], core: tuple[str, ...], year: int | None
) -> list[DateHit]:
    """Days (not months) in event sentences, scored by how much they look like an event date:
    an event noun or the series, "findet … statt", "am"/"vom" before the date, a city; the
    dateline, parentheses ("Stand: 12.09.23") and registration deadlines count against."""
    dateline = document.metadata.get("dateline", "")
    own_number = _own_number(document, all_units)
    hits: list[DateHit] = []
    for number, unit in enumerate(all_units):
        text = unit.text
        words = re.findall(r"[\w@\-]+", text)
        named = any(is_type_word(w) for w in words) or bool(list(series_mentions(text, core)))
        labelled = bool(_DATE_LABEL.match(text))  # "Termin · Beginn · 10.02.2027, 09:30 Uhr"
        # under a save-the-date's head, or under a line naming the event ("5. Forum X" over
        # "Mittwoch, 12. Mai 2027, 9:30 bis 16:00 Uhr" in a letter's indented block)
        under_name = number > 0 and all_units[number - 1].heading and bool(list(
            series_mentions(all_units[number - 1].text, core)))
        under_name |= number > 0 and all_units[number - 1].heading and bool(
            _LABEL_HEADING.match(all_units[number - 1].text))  # "Endgültiger Termin" over it
        labelled |= (number < 6 or under_name) and bool(_BARE_DATE_LINE.match(text)
                                                        or _PLACE_DATE_LINE.match(text))
        if UNRELATED.search(text) or apart_from_event(text) is not None or not (
                named or labelled or EVENTFUL.search(fold(text))):
            continue  # "Die Ergebnisse wurden am 1. März veröffentlicht" is no event date
        mentions = find_dates(text, default_year=year)
        numbers = edition_numbers(text) if own_number else frozenset()
        other_number = bool(numbers) and not numbers & own_number  # "Das 2. Forum fand …"
        dated = [m for m in mentions if date_role(text, m) != "published"]
        relative = [] if dated else relative_dates(text, document.published)
        for m in [*mentions, *relative]:
            before = text[: m.start]
            at = _AT.search(before) or m in relative
            dated_release = m.first == document.published and not at
            in_dateline = bool(dateline) and (text in dateline or dateline in text)
            if not (m.raw[:1].isdigit() or m in relative) or dated_release or in_dateline:
                continue
            role = date_role(text, m)
            if role in ("deadline", "published") or follows_other_event(before, set(core)) \
                    or precedes_other_event(text[m.end:], set(core)):
                continue
            score = 1 + (3 if named or labelled else 0) + (2 if _CONTEXT.search(text) else 0)
            score += 2 if labelled else 0  # "Termin: 3. und 4. März": the page says it is the date
            score += 2 if at else 0
            score += 1 if find_places(text) else 0
            score += 3 if role == "new" else -2 if role == "planned" else 0
            if m in relative and document.published and m.first <= document.published:
                score += 3  # "kamen am vergangenen Donnerstag": the day the report is about
            score -= 4 if _DEADLINE.search(text) or UNTIL.search(before) else 0
            score -= 4 if before.count("(") > before.count(")") else 0
            score -= 3 if side_event(text, m) else 0  # "Am Vorabend … einen Empfang"
            if score >= 3 or (role == "planned" and score >= 1):
                follow_up = bool(_FOLLOW_UP.search(text)) or role == "review"
                own = bool(list(series_mentions(text, core)))
                hits.append(DateHit(unit, m, score, follow_up, "event" if role == "review"
                                    else role, own, other_number))  # fmt: skip
    return hits


def _own_number(document: Document, all_units: Sequence[Unit]) -> frozenset[int]:
    """The number of the release's own edition: "3. Digitalforum …" in the title, else in an
    opening line under a letterhead ("2. Fachtag … Mittwoch, 7. Oktober 2026") that looks
    back or ahead at no other edition."""
    numbers = edition_numbers(document.title or "")
    for unit in all_units[:4]:
        if numbers:
            break
        if not _FOLLOW_UP.search(unit.text) and not _HELD.search(unit.text):
            numbers = edition_numbers(unit.text)
    return numbers


_HELD = re.compile(r"\b(fand|fanden|war|waren)\b", re.IGNORECASE)


def main_year(document: Document, hits: Sequence[DateHit], all_units: Sequence[Unit] = (),
              core: tuple[str, ...] = ()) -> int | None:  # fmt: skip
    """The year in the title, else in an opening heading that names the series ("Einladung
    zum Digitalgipfel der Länder 2027" under a letterhead), else that of the best event date,
    else the text's main year."""
    near = document.published.year if document.published else None
    in_title = [y for part in re.split(r"\s[–—-]\s|:\s", document.title)
                if not _AHEAD.search(part) for y in edition_years(part, near)]  # fmt: skip
    if in_title:
        return int(in_title[0])
    for unit in all_units[:12]:
        named = [y for y in series_mentions(unit.text, core) if y] if unit.heading else []
        if named and not _FOLLOW_UP.search(unit.text):
            return named[0]
    plain = [h for h in hits if not h.follow_up]
    if plain:
        return max(plain, key=lambda h: (not h.other_number, h.score, -h.unit.chunk.position)
                   ).mention.first.year
    return infer_year(document.text, document.title)

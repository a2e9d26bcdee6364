"""Calendar exports (iCalendar, `.ics`, or pasted into a `.txt`): one readable entry per event.

An organiser's calendar export is how many events are first published, but its raw text is
written for programs: folded lines ("Bruchs\\n al"), escaped commas, time zone blocks, UTC
stamps of when an entry was edited and a `STATUS:CANCELLED` that says more than any sentence.
Read as prose, the stamps look like dates and "VEVENT" like a name. So the file is parsed
(the `icalendar` library) and each event becomes the lines a release would print: its title,
"Termin:" with the local day and times and a status that says "abgesagt" or "vorläufig",
"Ort:", "Veranstalter:", and the description. Edit stamps, ids and time zone rules are
dropped: they say when the file changed, not when anything happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from assistant.text.dates import format_date_de

__all__ = ["CalendarError", "CalendarExtract", "is_calendar", "read_calendar"]

_BERLIN = ZoneInfo("Europe/Berlin")
_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
#: What a status says, in the words a release would use (CONFIRMED says nothing new).
_STATUS = {"CANCELLED": "abgesagt", "TENTATIVE": "vorläufig, noch nicht bestätigt"}


class CalendarError(ValueError):
    """The text starts like a calendar but cannot be read as one."""


@dataclass(frozen=True)
class CalendarExtract:
    text: str
    title: str | None


def is_calendar(raw: str) -> bool:
    """Whether a text file holds an iCalendar export rather than prose."""
    return raw.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCALENDAR")


def _moment(value: Any) -> tuple[date, str]:
    """The local day of a start or end and its clock time ("" for an all-day value)."""
    if isinstance(value, datetime):
        local = value.astimezone(_BERLIN) if value.tzinfo else value
        return local.date(), f"{local:%H:%M}"
    return value, ""


def _when(start: Any, end: Any) -> str:
    """ "Mittwoch, 17. Februar 2027, 09:30 bis 16:15 Uhr"; "23. bis 25. Oktober 2026"."""
    first, first_time = _moment(start)
    if end is None:
        last, last_time = first, ""
    else:
        last, last_time = _moment(end)
        if not last_time and last > first:
            last -= timedelta(days=1)  # an all-day event's end is the day after it
    if first == last:
        day = f"{_WEEKDAYS[first.weekday()]}, {format_date_de(first)}"
        if first_time and last_time:
            return f"{day}, {first_time} bis {last_time} Uhr"
        return f"{day}, {first_time} Uhr" if first_time else day
    span = format_date_de(first, last)
    if first_time and last_time:
        return f"{span} (Beginn {first_time} Uhr, Ende {last_time} Uhr)"
    return span


#: The escapes of RFC 5545 text, which the library undoes for known properties but not for
#: the "X-WR-…" ones calendar programs add (the calendar's name and description).
_ESCAPED = re.compile(r"\\([,;\\nN])")


def _text(component: Any, key: str) -> str:
    value = component.get(key)
    if value is None:
        return ""
    plain = _ESCAPED.sub(lambda m: " " if m.group(1) in "nN" else m.group(1), str(value))
    return " ".join(plain.split())


def _organiser(component: Any) -> str:
    value = component.get("ORGANIZER")
    if value is None:
        return ""
    name = value.params.get("CN", "") if hasattr(value, "params") else ""
    return str(name) or re.sub(r"^mailto:", "", str(value), flags=re.IGNORECASE)


def _entry(event: Any) -> list[str]:
    lines = [_text(event, "SUMMARY") or "Termin"]
    status = _STATUS.get(_text(event, "STATUS").upper())
    start = event.get("DTSTART")
    if start is not None:
        end = event.get("DTEND")
        when = _when(start.dt, end.dt if end is not None else None)
        lines.append(f"Termin: {when} ({status})" if status else f"Termin: {when}")
    elif status:
        lines.append(f"Status: {status}")
    if place := _text(event, "LOCATION"):  # a cancelled entry's place is no place it has
        lines.append(f"Ort: {place} ({status})" if status else f"Ort: {place}")
    if url := _text(event, "URL"):
        lines.append(f"Weitere Informationen: {url}")
    if organiser := _organiser(event):
        lines.append(f"Veranstalter: {organiser}")
    if description := str(event.get("DESCRIPTION") or "").strip():
        lines.append(description)
    return lines


def read_calendar(raw: str) -> CalendarExtract:
    """The events of an iCalendar text in date order, each as a paragraph of labelled lines,
    after the calendar's name and description."""
    from icalendar import Calendar  # a parser only calendar files need

    calendar: Any  # the library's property values are a wide union; read by duck typing
    try:
        calendar = Calendar.from_ical(raw.lstrip("\ufeff \t\r\n"))
    except ValueError as exc:
        raise CalendarError(str(exc)) from exc
    title = _text(calendar, "X-WR-CALNAME") or None
    head = [line for line in (title or "", _text(calendar, "X-WR-CALDESC")) if line]
    events: list[Any] = list(calendar.walk("VEVENT"))
    events.sort(key=lambda e: _moment(e["DTSTART"].dt)[0] if e.get("DTSTART") else date.max)
    blocks = ["\n".join(head)] if head else []
    blocks += ["\n".join(_entry(e)) for e in events]
    return CalendarExtract("\n\n".join(blocks), title)

"""iCalendar (RFC 5545) export of catalog events, so staff can put them into their calendars.

Stdlib only: the format needs four rules, each easy to get subtly wrong, so they are spelled
out here and tested by parsing the output back: CRLF line ends, lines folded at 75 octets
(never inside a UTF-8 character, continuation lines start with one space), text values with
`\\`, `;`, `,` and newlines escaped, and all-day events whose DTEND is the day *after* the
last day. Events without a known date have no place in a calendar and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.events.catalog import Event

__all__ = ["escape_text", "fold_line", "to_ics"]

PRODID = "-//Veranstaltungsassistent//Veranstaltungskatalog//DE"
UID_DOMAIN = "veranstaltungsassistent"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11); the backslash first, so it is not doubled twice."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold_line(line: str) -> str:
    """Split a content line into pieces of at most 75 octets joined by CRLF + space."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not pieces else MAX_OCTETS - 1  # the leading space counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _vevent(event: Event, start: date, stamp: str) -> list[str]:
    last = event.end or start
    location = ", ".join([*event.values("venue"), *event.values("city")])
    description = [
        f"{label}: {', '.join(values)}"
        for label, values in (
            ("Veranstalter", event.values("organiser")),
            ("Format", event.values("format")),
            ("Motto", event.values("motto")),
            ("Anmeldung", event.values("registration")),
            ("Quellen", event.sources),
        )
        if values
    ]
    if event.announced:
        description.insert(0, "Angekündigt in einem Bericht über eine andere Ausgabe.")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.event_id}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(last + timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.name)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
    lines.append(f"STATUS:{'TENTATIVE' if event.announced else 'CONFIRMED'}")
    lines.append("END:VEVENT")
    return lines


def to_ics(events: Iterable[Event], now: datetime | None = None) -> str:
    """A VCALENDAR with one all-day VEVENT per dated event; `now` fixes DTSTAMP (tests)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]  # fmt: skip
    for event in events:
        if event.start is not None:
            lines.extend(_vevent(event, event.start, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)

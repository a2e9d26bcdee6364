"""The event catalog for people: the `assistant events` table and the "Veranstaltungen" tab.

`event_rows` is the one place that turns catalog events into table cells (date in German,
status relative to "today"), shared by the CLI's text table and the web page's tab
(`web.events_page`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.events.catalog import Event
from assistant.records import Chunk
from assistant.text.dates import format_date_de

HEADERS = ("Reihe", "Ausgabe", "Datum", "Ort", "Veranstalter", "Format", "Status")
PAST, RUNNING, UPCOMING, UNDATED = "vergangen", "läuft", "kommend", "ohne Datum"
ANNOUNCED = "angekündigt"
EMPTY = "Noch keine Veranstaltungen im Index."
NONE_UPCOMING = "Keine kommenden Veranstaltungen bekannt."
NONE_PAST = "Keine vergangenen Veranstaltungen bekannt."
MISSING = "–"


def event_status(event: Event, today: date) -> str:
    """vergangen / läuft / kommend relative to `today`, or "ohne Datum"."""
    last = event.end or event.start
    if event.start is None or last is None:
        return UNDATED
    if last < today:
        return PAST
    return RUNNING if event.start <= today else UPCOMING


@dataclass(frozen=True)
class EventRow:
    """One event as table cells (plain text, not yet escaped) plus the event itself."""

    event: Event
    status: str

    @property
    def when(self) -> str:
        e = self.event
        return format_date_de(e.start, e.end) if e.start else MISSING

    @property
    def status_text(self) -> str:
        return self.status + (f" ({ANNOUNCED})" if self.event.announced else "")

    @property
    def cells(self) -> tuple[str, str, str, str, str, str, str]:
        e = self.event
        return (e.series, e.edition or MISSING, self.when, _joined(e, "city"),
                _joined(e, "organiser"), _joined(e, "format"), self.status_text)  # fmt: skip


def _joined(event: Event, field: str) -> str:
    return ", ".join(event.values(field)) or MISSING


def event_rows(events: Iterable[Event], today: date) -> list[EventRow]:
    """The catalog's events in catalog order (by date, undated last) with their status."""
    return [EventRow(e, event_status(e, today)) for e in events]


def text_table(events: Iterable[Event], today: date) -> list[str]:
    """The `assistant events` table: a header line, then one padded line per event."""
    rows = [HEADERS, *(r.cells for r in event_rows(events, today))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def document_titles(chunks: Iterable[Chunk]) -> dict[str, str]:
    """doc_id -> title, for the source links' labels."""
    return {c.doc_id: c.title for c in chunks if c.title}


def example_questions(events: Sequence[Event], today: date, limit: int = 4) -> list[str]:
    """Example questions for the page, made from the catalog (never written for particular
    releases): the next or latest event's date, a place, an organiser, and a list question."""
    own = [e for e in events if e.start and not e.announced]
    dated = sorted(own, key=lambda e: e.start or today)
    if not dated:
        return ["Welche Veranstaltungen gibt es?"]
    upcoming = [e for e in dated if (e.end or e.start or today) >= today]
    first = upcoming[0] if upcoming else dated[-1]
    others = [e for e in reversed(dated) if e is not first]
    questions = [f"Wann ist {first.name}?"]
    placed = next((e for e in others if e.city), None)
    if placed is not None:
        verb = "fand" if (placed.end or placed.start or today) < today else "findet"
        questions.append(f"Wo {verb} {placed.name} statt?")
    organised = next((e for e in [first, *others] if e.organiser), None)
    if organised is not None:
        questions.append(f"Wer veranstaltet {organised.name}?")
    month = (first.start or today).month
    months = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember")  # fmt: skip
    questions.append(f"Welche Veranstaltungen gibt es im {months[month - 1]}?")
    return list(dict.fromkeys(questions))[:limit]

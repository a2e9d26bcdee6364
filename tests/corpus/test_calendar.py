"""Calendar exports: an organiser's .ics file, or its text pasted into a .txt, becomes one
readable entry per event (title, "Termin:" in local time, "Ort:", "Veranstalter:", a status
that says "abgesagt"), so a cancelled entry's date and place are not taken for the event's,
and edit stamps and "VEVENT" are not read as dates or names. The export is written for
these tests: folded lines, escaped commas, UTC and all-day values, one cancelled entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.corpus.calendar import is_calendar, read_calendar
from assistant.corpus.loader import UnreadableFileError, load_document
from assistant.pipeline import Assistant

EXPORT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Verein Digitale Dörfer//Kalender//DE\r\n"
    "X-WR-CALNAME:Digitale Dörfer – Termine\r\n"
    "X-WR-CALDESC:Kalender des Vereins Digitale Dörfer e. V.\\, Geschäftsstelle Markt 2\\,"
    " 37073 Göttingen\r\n"
    "BEGIN:VEVENT\r\nUID:a1@example.org\r\nDTSTAMP:20261120T101500Z\r\n"
    "LAST-MODIFIED:20261119T143000Z\r\nSTATUS:CANCELLED\r\n"
    "DTSTART;TZID=Europe/Berlin:20270113T100000\r\nDTEND;TZID=Europe/Berlin:20270113T160000\r\n"
    "SUMMARY:VERSCHOBEN: Dorfwerkstatt Breitband\r\n"
    "LOCATION:Gemeindehaus Rosdorf\\, Saal 1\\, Kirchweg 3\\, 37124 Ros\r\n dorf\r\n"
    "DESCRIPTION:Dieser Termin entfällt. Die Dorfwerkstatt Breitband wird auf Mitt\r\n"
    " woch\\, 10. Februar 2027 verschoben.\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:a2@example.org\r\nDTSTAMP:20261120T101500Z\r\nSTATUS:CONFIRMED\r\n"
    "DTSTART:20270210T090000Z\r\nDTEND:20270210T150000Z\r\n"
    "SUMMARY:Dorfwerkstatt Breitband\r\n"
    "LOCATION:Scheune am Anger\\, Angerstraße 5\\, 37124 Rosdorf\r\n"
    "ORGANIZER;CN=\"Digitale Dörfer e. V.\":mailto:termine@example.org\r\n"
    "DESCRIPTION:Die Werkstatt zeigt\\, wie Dörfer Glasfaser planen. Anmeldung bis 1. "
    "Februar 2027.\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:a3@example.org\r\nDTSTAMP:20261120T101500Z\r\n"
    "DTSTART;VALUE=DATE:20270305\r\nDTEND;VALUE=DATE:20270307\r\n"
    "SUMMARY:Dörferforum Südniedersachsen\r\nLOCATION:Stadthalle Northeim\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_each_event_becomes_a_readable_entry_in_date_order() -> None:
    assert is_calendar("\ufeff" + EXPORT) and not is_calendar("Pressemitteilung\n\nBEGIN:")
    calendar = read_calendar(EXPORT)
    assert calendar.title == "Digitale Dörfer – Termine"
    text = calendar.text
    assert "Kalender des Vereins Digitale Dörfer e. V., Geschäftsstelle Markt 2" in text
    assert "Termin: Mittwoch, 13. Januar 2027, 10:00 bis 16:00 Uhr (abgesagt)" in text
    assert "Ort: Gemeindehaus Rosdorf, Saal 1, Kirchweg 3, 37124 Rosdorf (abgesagt)" in text
    assert "Termin: Mittwoch, 10. Februar 2027, 10:00 bis 16:00 Uhr\n" in text  # UTC → Berlin
    assert "Veranstalter: Digitale Dörfer e. V." in text
    assert "Termin: 5. und 6. März 2027" in text  # an all-day end is the day after
    assert "VEVENT" not in text and "20261120" not in text and "\\," not in text
    assert text.index("13. Januar") < text.index("10. Februar") < text.index("5. und 6. März")


@pytest.mark.parametrize("name", ["termine.ics", "termine.txt"])
def test_a_calendar_loads_from_an_ics_file_or_a_pasted_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(EXPORT, encoding="utf-8")
    document = load_document(path)
    assert document.title == "Digitale Dörfer – Termine"
    assert "Ort: Scheune am Anger, Angerstraße 5, 37124 Rosdorf" in document.text


def test_a_broken_calendar_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.ics"
    path.write_text("BEGIN:VCALENDAR\nDTSTART:kein Datum\nEND:VEVENT\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError) as info:
        load_document(path)
    assert "calendar" in info.value.reason


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("calendar")
    return assistant_over(root, {
        "termine.ics": EXPORT,
        "forum.txt": "Pressemitteilung\n\nHamburg, 2. November 2026\n\nDas Forum Open Data "
                     "findet am 4. März 2027 im Rathaus Harburg statt.\n",
    })  # fmt: skip


def test_the_cancelled_entry_gives_neither_date_nor_place(assistant: Assistant) -> None:
    when = assistant.ask("wann ist die dorfwerkstatt breitband?").answer
    assert "10. Februar 2027" in when and "13. Januar" not in when, when
    where = assistant.ask("wo findet die dorfwerkstatt breitband statt?").answer
    assert "Scheune am Anger" in where and "Gemeindehaus" not in where, where

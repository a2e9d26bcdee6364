"""A city's participation series for a strategy named with a far year („Lindach digital 2035“):
that year dates nothing, the kick-off "Nach der Auftaktveranstaltung … am …" is a look back,
a question about one part ("die Ergebnisse", "in Oststadt") gets that part's date, and its
follow-ups ("und wo genau?", "um wie viel Uhr?") that part's place and time, or none when its
sentence names none. The release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.dates import find_dates, infer_year
from assistant.text.roles import date_role

RELEASE = """# „Lindach digital 2035“: Stadt lädt zu Bürgerwerkstätten in drei Stadtteilen ein

*Pressemitteilung der Stadt Lindach – veröffentlicht am 1. Dezember 2026*

Mit einer Reihe von Bürgerwerkstätten erarbeitet die Stadt Lindach ihre Digitalstrategie
„Lindach digital 2035“.

Nach der öffentlichen Auftaktveranstaltung im Rathaus am 24. September 2026, zu der rund 150
Gäste kamen, geht die Beteiligung nun in die Stadtteile.

Den Anfang macht Weststadt am Dienstag, 19. Januar, von 18 bis 20.30 Uhr im Bürgersaal.

Eine Woche später, am Dienstag, 26. Januar, geht es in Oststadt weiter – diesmal in der
Stadtteilbibliothek, ebenfalls von 18 bis 20.30 Uhr.

Die dritte Werkstatt findet in Nordfeld statt, und zwar am Donnerstag, 4. Februar, ab 17 Uhr
im Stadtteiltreff.

Nordfeld* Donnerstag, 28.01.2027 Rathaus Nordfeld, Ratssaal

Die Ergebnisse werden im Frühjahr ausgewertet und bei einer öffentlichen
Ergebnisveranstaltung am Donnerstag, 15. April, vorgestellt.

**Über „Lindach digital 2035“**
Die Digitalstrategie „Lindach digital 2035“ soll im Sommer beschlossen werden.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("strategy-workshops")
    return assistant_over(root, {"lindach.md": RELEASE}, today=date(2026, 12, 1))


def test_a_far_year_closing_a_quoted_name_dates_nothing() -> None:
    title = "„Lindach digital 2035“: Stadt lädt zu Bürgerwerkstätten in drei Stadtteilen ein"
    assert infer_year(RELEASE, title) == 2026
    (day,) = find_dates("am Donnerstag, 4. Februar, ab 17 Uhr", default_year=2026)
    assert day.first == date(2027, 2, 4)  # the weekday moves it to the next year


def test_what_came_before_the_announced_part_is_a_look_back() -> None:
    text = ("Nach der öffentlichen Auftaktveranstaltung im Rathaus am 24. September 2026, zu "
            "der rund 150 Gäste kamen, geht die Beteiligung nun in die Stadtteile.")
    (kick_off,) = find_dates(text)
    assert date_role(text, kick_off) == "review"


def test_the_part_asked_for_gets_its_own_date(assistant: Assistant) -> None:
    results = assistant.ask("wann werden die ergebnisse von lindach digital 2035 öffentlich "
                            "vorgestellt?").answer
    assert "15. April 2027" in results, results
    assert "24. September" not in results, results
    east = assistant.ask("wann ist die bürgerwerkstatt in oststadt?").answer
    assert "26. Januar 2027" in east, east
    assert "4. Februar" not in east and "19. Januar" not in east, east


def test_follow_ups_ask_about_the_part_the_conversation_is_about(assistant: Assistant) -> None:
    first = "wann ist die bürgerwerkstatt in oststadt?"
    where = assistant.ask("und wo genau?", [first]).answer
    assert "Stadtteilbibliothek" in where and "Nordfeld" not in where, where
    results = "wann werden die ergebnisse von lindach digital 2035 öffentlich vorgestellt?"
    place = assistant.ask("und wo findet das statt?", [results])
    assert place.abstained, place.answer  # the release names no place for it
    time = assistant.ask("und um wie viel uhr gehts los?", [results, "und wo findet das statt?"])
    assert time.abstained, time.answer
    north = assistant.ask("und wo genau?", ["wann ist die bürgerwerkstatt in nordfeld?"]).answer
    assert "Ratssaal" not in north, north  # the starred row's note moved it

"""A save-the-date card: the bare line under the title ("Donnerstag, 10. Juni 2027 · Mannheim")
is the event's date and city, not the card's release date; the card's look back below a
separator dates the earlier edition. The card is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.corpus.heads import dateline
from assistant.pipeline import Assistant

CARD = """SAVE THE DATE

Datencamp Weserland 2027
Offene Daten. Offene Fragen.

Donnerstag, 10. Juni 2027 · Bremen

Programm folgt. Fragen vorab an: hallo@datencamp.example

Eine Initiative der Arbeitsgemeinschaft Offene Daten Weser e. V.

------------------------------------------------------------

RÜCKBLICK: SO WAR DAS DATENCAMP 2026

Am 16. Juni 2026 trafen sich in Oldenburg rund 300 Menschen zum zweiten Datencamp Weserland.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("save-the-date")
    return assistant_over(root, {"datencamp.txt": CARD}, today=date(2026, 12, 1))


def test_the_date_line_is_the_events_not_the_cards() -> None:
    assert dateline(CARD)[1] is None
    assert dateline("Kiel, 2. März 2026\nText")[1] == date(2026, 3, 2)


def test_the_bare_date_line_dates_and_places_the_edition(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist das datencamp weserland 2027?").answer
    assert "10. Juni 2027" in answer and "16. Juni" not in answer, answer
    where = assistant.ask("und wo?", ["wann ist das datencamp weserland 2027?"]).answer
    assert "Bremen" in where and "Oldenburg" not in where, where


def test_who_is_behind_it_asks_for_the_organiser(assistant: Assistant) -> None:
    answer = assistant.ask("Wer steckt eigentlich hinter dem Datencamp Weserland?").answer
    assert "Arbeitsgemeinschaft Offene Daten Weser" in answer, answer

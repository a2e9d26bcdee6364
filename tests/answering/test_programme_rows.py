"""Programmes as rows of a day or an hour: a question naming a day is answered by that day's
row only ("Wer spricht am 20. Januar 2027?" not by the talk of 3 February), and the row that
closes the day ("16:00 Uhr – Ende") says when it ends, not when it begins. The releases are
written for these tests."""

from __future__ import annotations

import pytest
from conftest import assistant_over

from assistant.answering.sections import END_ROW
from assistant.pipeline import Assistant

RELEASES = {
    "ringvorlesung.txt": "Ringvorlesung Digitale Stadt im Sommersemester 2027\n\n"
    "Hochschule Mittelweser, Hörsaal 2, jeweils mittwochs 18:15 Uhr\n\n"
    "13.01.2027  Ralf Tiedemann (Smart-City-Büro Nienburg)\n\n"
    "20.01.2027  GEÄNDERT: Dr. Svenja Paulus (Landesamt für Statistik)\n\n"
    "03.02.2027  Prof. Dr. Tobias Wenger und Prof. Dr. Aylin Karaca\n",
    "fachtag.md": "# Fachtag Bürgerportal 2027\n\nDer Fachtag Bürgerportal findet am 9. März 2027 "
    "in Nienburg statt. Einlass ist ab 8:30 Uhr, los geht es um 9:00 Uhr.\n\n"
    "## Programm\n\n9:00 Uhr – Begrüßung\n\n12:30 Uhr – Mittagspause\n\n16:00 Uhr – Ende\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("rows"), RELEASES)


def test_a_day_asked_picks_that_days_row(assistant: Assistant) -> None:
    answer = assistant.ask("Wer spricht am 20. Januar 2027 in der Ringvorlesung?").answer
    assert "Paulus" in answer and "Wenger" not in answer and "Tiedemann" not in answer, answer


def test_the_closing_row_is_no_start(assistant: Assistant) -> None:
    answer = assistant.ask("wann beginnt der fachtag bürgerportal und wann ist ende?").answer
    assert not answer.startswith("16:00"), answer


@pytest.mark.parametrize(("row", "closes"), [
    ("16:00 Uhr – Ende", True), ("ca. 16.30 - Schluss der Veranstaltung", False),
    ("17:00 – Ende der Tagung", True), ("9:00 Uhr – Begrüßung", False),
])  # fmt: skip
def test_the_closing_row_is_read_as_such(row: str, closes: bool) -> None:
    assert bool(END_ROW.match(row)) is closes

"""A conversation about a person: "bei welchen Veranstaltungen war der?" lists that person's
events (not every event), "wo hat der überall gesprochen?" too, and "für wen arbeitet der?" /
"an welcher uni is der?" stay with the person instead of a sentence that shares a verb. The
releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.records import Turn

RELEASES = {
    "werkstatt-2025.txt": "Digitale Werkstatt 2025\n\nDie Digitale Werkstatt fand am 8. Mai "
    "2025 in Nürnberg statt. Es sprachen Lena Vogt, Professorin an der Hochschule Kehl, und "
    "Tim Brandt, Leiter des Bürgeramts Fürth.\n",
    "forum-2025.txt": "Forum Kluge Verwaltung 2025\n\nDas Forum Kluge Verwaltung fand am "
    "12. November 2025 in Lübeck statt. Es sprach Lena Vogt, Professorin an der Hochschule "
    "Kehl. Die Teilnehmenden arbeiten in Workshops an eigenen Projekten.\n",
    "gipfel-2026.txt": "Gipfel Daten 2026\n\nDer Gipfel Daten fand am 3. März 2026 in Kiel "
    "statt. Es sprach Ole Hansen, Bürgermeister von Husum.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("people")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def _conversation(assistant: Assistant, *questions: str) -> str:
    history: list[Turn] = []
    answer = ""
    for question in questions:
        answer = assistant.ask(question, history).answer
        history.append(Turn(question, answer))
    return answer


def test_which_events_a_person_was_at(assistant: Assistant) -> None:
    answer = _conversation(assistant, "wer ist lena vogt", "bei welchen veranstaltungen war die?")
    assert "Digitale Werkstatt 2025" in answer and "Kluge Verwaltung 2025" in answer
    assert "Gipfel Daten" not in answer, answer


def test_where_a_person_spoke_everywhere(assistant: Assistant) -> None:
    answer = assistant.ask("lena vogt wo hat die überall gesprochen")
    assert "Nürnberg" in answer.answer and "Lübeck" in answer.answer, answer.answer
    assert "Kiel" not in answer.answer, answer.answer


def test_whom_a_person_works_for(assistant: Assistant) -> None:
    answer = _conversation(assistant, "wer ist tim brandt", "für wen arbeitet der")
    assert "Bürgeramts Fürth" in answer, answer
    answer = _conversation(assistant, "wer ist lena vogt", "an welcher uni is die")
    assert "Hochschule Kehl" in answer, answer


def test_the_first_and_the_last_edition_of_a_series_in_a_conversation(tmp_path: Path) -> None:
    releases = {
        "werkstatt-2025.txt": "Digitale Werkstatt 2025\n\nDie Digitale Werkstatt fand am "
        "8. Mai 2025 in Nürnberg statt.\n",
        "werkstatt-2026.txt": "Digitale Werkstatt 2026\n\nDie Digitale Werkstatt fand am "
        "5. Mai 2026 in Hamburg statt.\n",
    }
    assistant = assistant_over(tmp_path, releases, today=date(2026, 12, 1))
    first = _conversation(assistant, "wann war die digitale werkstatt?", "wo war die erste")
    assert "Nürnberg" in first and "Hamburg" not in first, first
    last = _conversation(assistant, "wann war die digitale werkstatt?", "wo war die letzte")
    assert "Hamburg" in last and "Nürnberg" not in last, last


def test_a_persons_function_asked_by_a_word_no_release_uses(assistant: Assistant) -> None:
    answer = _conversation(assistant, "bei welchen veranstaltungen war tim brandt dabei?",
                           "und was ist seine funktion?")  # no release says "Funktion"
    assert "Bürgeramts" in answer, answer
    english = _conversation(assistant, "Which events did Tim Brandt speak at?", "what's his role?")
    assert "Bürgeramts" in english, english

"""English follow-ups in chat style: "how many ppl came?", "who gave the opening talk",
"and who gave the closing talk?" stay with the conversation's event (their words ask about a
part of it, they name nothing unknown), and the closing talk is the sentence that names the
close, not the one before it (the "Der Autor und Soziologe Prof. Dr. …" sentence names its
person itself). The release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.records import Turn
from assistant.text.questions import as_meant

RELEASE = (
    "Fachforum Datenraum 2026 in Bremen\n\nAm 14. und 15. Oktober 2026 widmeten sich über 60 "
    "Gäste in Bremen dem Fachforum Datenraum. Den Eingangsvortrag hielt Dr. Lena Holmgren, "
    "Leiterin der Stabsstelle Daten. Bürgermeister Karl Brandtner berichtet vom digitalen "
    "Rathaus in seiner Stadt. Der Autor und Soziologe Prof. Dr. Jens Kahlert setzt mit einem "
    "Ausblick die Schlusspointe. Alle Vorträge gab es auch im Livestream.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("english")
    return assistant_over(root, {"datenraum.txt": RELEASE}, today=date(2026, 12, 1))


def _history() -> list[Turn]:
    return [Turn("when was the fachforum datenraum in bremen?", "14–15 October 2026 [1].")]


def test_chat_shorthand_is_written_out() -> None:
    assert as_meant("how many ppl came?") == "how many people came?"


def test_how_many_ppl_came(assistant: Assistant) -> None:
    answer = assistant.ask("how many ppl came?", _history())
    assert "60" in answer.answer, answer.answer


def test_who_gave_the_opening_talk(assistant: Assistant) -> None:
    answer = assistant.ask("who gave the opening talk", _history())
    assert "Holmgren" in answer.answer, answer.answer


def test_who_gave_the_closing_talk(assistant: Assistant) -> None:
    answer = assistant.ask("and who gave the closing talk?", _history())
    assert "Kahlert" in answer.answer, answer.answer
    assert "Brandtner" not in answer.answer, answer.answer


def test_watching_online_stays_with_the_event(assistant: Assistant) -> None:
    answer = assistant.ask("kann man auch online zuschauen?", _history())
    assert "Livestream" in answer.answer, answer.answer  # "zuschauen" names nothing unknown


def test_virtual_attendance_is_an_online_question(assistant: Assistant) -> None:
    answer = assistant.ask("kann man beim fachforum datenraum virtuell teilnehmen?").answer
    assert answer.startswith("Ja"), answer  # folded, the question says "virtull"

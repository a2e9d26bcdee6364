""" "What was the theme of X?" is answered by the sentence that holds X "zum Thema „…“": the
English frame word "theme" need not be in the German sentence. The release is written for
this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.choice import specific_words
from assistant.answering.seam import GenerationRequest
from assistant.answering.slots import cue
from assistant.pipeline import Assistant
from assistant.text.intents import Slot
from assistant.text.questions import analyse

RELEASES = {
    "kongress.txt": "Küstenforum Digital 2022\n\nSchwerin, 1. Juli 2022 – Unter Schirmherrschaft "
    "der Landesregierung findet am 5. September 2022 der Online-Kongress der Küstenländer zum "
    "Thema „Aufbruchschance Verwaltung“ statt.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("theme")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_the_theme_is_the_quoted_topic(assistant: Assistant) -> None:
    answer = assistant.ask("what was the theme of küstenforum digital 2022?").answer
    assert "Aufbruchschance Verwaltung" in answer, answer
    assert cue(Slot.MOTTO, "… zum Thema „Aufbruchschance Verwaltung“ statt.")


def test_theme_is_a_frame_word_not_a_topic() -> None:
    question = "what was the theme of küstenforum digital 2022?"
    request = GenerationRequest(question, analyse(question), (), None, date(2026, 12, 1))  # type: ignore[arg-type]
    assert specific_words(request, {"theme": 1.0, "schirmherrschaft": 1.0}) == ["schirmherrschaft"]

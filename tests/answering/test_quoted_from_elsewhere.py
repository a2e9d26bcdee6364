"""A release that quotes a minister from elsewhere, with the source in brackets ("…“, so
Bundesminister Dr. Kai Muster (URL: …)"), does not say the minister is at the event: "Was hat
er beim Kongress vorgetragen?" gets no answer, while "Wer ist er?" is still answered from the
quote (and a yes/no question about him still gets "Die Quellen sagen dazu nur: …"). The
release is written for these tests."""

from __future__ import annotations

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RELEASE = (
    "Kongress Verwaltung im Wandel 2027\n\nDer Kongress Verwaltung im Wandel findet am 4. März "
    "2027 in Celle statt. Schnellere Verfahren wirken weit: „Weniger Formulare sind "
    "Wachstum zum Nulltarif“, so Bundesminister Dr. Kai Musterhagen (URL: "
    "https://www.example.org/zitate/2026, Stand: 12.09.26). Die Keynote hält Dr. Jana Beispiel.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("cited"), {"kongress.txt": RELEASE})


@pytest.mark.parametrize("question", [
    "was hat bundesminister musterhagen beim kongress verwaltung im wandel vorgetragen?",
    "war musterhagen beim kongress verwaltung im wandel dabei, was hat er gesagt?",
])  # fmt: skip
def test_a_quoted_minister_is_not_said_to_take_part(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.abstained, answer.answer


def test_who_the_quoted_minister_is_is_still_answered(assistant: Assistant) -> None:
    assert "Bundesminister" in assistant.ask("wer ist kai musterhagen?").answer


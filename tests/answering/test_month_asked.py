"""A when-question that names its month ("an welchem Tag im Mai …?") is not answered with a day
in another month: the release may date only a different event of the same organiser. The
release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.choice import gives_asked_kind
from assistant.pipeline import Assistant
from assistant.text.intents import read_ask

RELEASE = """Landkreis öffnet sein neues Archivzentrum

Brunnstadt. Am Samstag, 5. Dezember 2026, öffnet der Landkreis Brunnstadt von 10 bis 15 Uhr
die Türen seines neuen Archivzentrums am Mühlweg 4. Besucherinnen und Besucher können an
Führungen teilnehmen.

Im Mai 2027 plant der Landkreis zudem einen Aktionstag im Kreishaus; ein Termin wird noch
bekannt gegeben.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("month-asked")
    return assistant_over(root, {"archiv.txt": RELEASE}, today=date(2026, 12, 1))


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("an welchem tag im mai ist der aktionstag?", 5),
        ("wann genau im märz ist das forum", 3),
        ("when in june is the workshop?", 6),
        ("wann war das forum im märz 2025?", None),  # an edition's date, not a month asked
        ("wer spricht im mai?", None),  # no when-question
    ],
)
def test_the_month_a_when_question_names(question: str, month: int | None) -> None:
    assert read_ask(question).month == month


def test_a_day_in_another_month_is_no_answer() -> None:
    question = "an welchem tag im mai ist der aktionstag im kreishaus?"
    assert not gives_asked_kind(question, "Am Samstag, 5. Dezember 2026, öffnet der Landkreis …")
    assert gives_asked_kind(question, "Im Mai 2027 plant der Landkreis einen Aktionstag.")
    assert gives_asked_kind("wann ist der aktionstag?", "Am Samstag, 5. Dezember 2026, …")


def test_the_december_day_is_not_given_for_may(assistant: Assistant) -> None:
    answer = assistant.ask("an welchem tag im mai ist der aktionstag im kreishaus?").answer
    assert "5. Dezember" not in answer, answer
    assert "5. Dezember" in assistant.ask("wann öffnet das archivzentrum?").answer

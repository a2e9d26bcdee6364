"""A news agency's report on an event held "am Dienstag", which mentions two other events
in passing: the summit is dated from the report's own date, "und wann ist der nächste?" is
not answered by the forum it names ("Beim Ostdeutschen Verwaltungsforum am 16. Februar"),
and a question about the fair it names in passing gets that fair's sentence. The report is
written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.records import Turn

REPORT = """25.11.2026, 14:12 Uhr

Länder wollen beim „Datengipfel Nord“ enger zusammenarbeiten

Kiel (dpa) – Drei Länder wollen ihre Verwaltungen künftig gemeinsam digitalisieren. Beim
zweiten „Datengipfel Nord“ am Dienstag in Kiel unterzeichneten die Ministerinnen eine
gemeinsame Erklärung. Rund 350 Gäste kamen in das Tagungszentrum am Hafen.

Weitere Gespräche sind bereits geplant: Beim Ostdeutschen Verwaltungsforum am 16. und
17. Februar 2027 in Leipzig soll der Stand vorgestellt werden. Auch auf der Kommunalmesse
KommTech vom 21. bis 23. April 2027 in Chemnitz wollen sich die Länder präsentieren.

Der nächste Gipfel soll im Herbst 2027 in Rostock ausgerichtet werden.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("report")
    return assistant_over(root, {"dpa-datengipfel.txt": REPORT}, today=date(2026, 12, 1))


def test_the_day_of_a_report_on_tuesday(assistant: Assistant) -> None:
    answer = assistant.ask("wo fand der datengipfel nord dieses jahr statt?")
    assert "Kiel" in answer.answer and "Leipzig" not in answer.answer, answer.answer


def test_the_next_one_is_not_another_event_named_in_passing(assistant: Assistant) -> None:
    history = [Turn("wo fand der datengipfel nord statt?", "")]
    answer = assistant.ask("und wann is der nächste?", history)
    assert "16." not in answer.answer and "Februar" not in answer.answer, answer.answer


def test_an_event_named_in_passing_is_asked_about_by_its_name(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist die kommtech in chemnitz?")
    assert "21. bis 23. April" in answer.answer, answer.answer

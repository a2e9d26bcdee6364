"""A question naming in full a person no source mentions ("Hat Bundes-CIO Lena Richter beim
Kongress … gesprochen?") gets no quote about the event's speakers: the sources cannot say. A
misspelt event word after a first name ("Summer Scholl") is no such person. The release is
written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RELEASE = """Kongress Verwaltung im Wandel 2026 in Halle

Am 12. November 2026 fand in Halle der Kongress Verwaltung im Wandel statt. Renommierte
Referentinnen setzten die Impulse: Die Autorin Marina Keller eröffnete den Kongress.

Die Summer School des Instituts kostet 350 Euro.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("unknown-person")
    return assistant_over(root, {"kongress.txt": RELEASE}, today=date(2026, 12, 1))


def test_a_person_no_source_names_is_not_answered_with_another(assistant: Assistant) -> None:
    answer = assistant.ask("Hat Bundes-CIO Lena Richter beim Kongress Verwaltung im Wandel "
                           "2026 einen Vortrag gehalten?")
    assert answer.abstained, answer.answer
    assert "Keller" not in answer.answer, answer.answer
    known = assistant.ask("Hat Marina Keller beim Kongress Verwaltung im Wandel 2026 "
                          "gesprochen?")
    assert not known.abstained and "Keller" in known.answer, known.answer


def test_a_misspelt_event_word_is_no_person(assistant: Assistant) -> None:
    answer = assistant.ask("Was kostet die Summer Scholl des Instituts?")
    assert "350 Euro" in answer.answer, answer.answer

"""A prize named for one year and awarded early in the next ("Förderpreis Smarte Kommune
2026: Preisträger werden am 14. Januar 2027 ausgezeichnet") is one edition: its date is the
gala's, not the jury's meeting in the name's year, and no second, dateless edition "2027"
appears. The release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RELEASE = (
    "Förderpreis Smarte Kommune 2026: Preisträger werden am 14. Januar 2027 in Erfurt "
    "ausgezeichnet\n\nErfurt, 24.11.2026 – Der Verein Digitale Orte e. V. verleiht den "
    "„Förderpreis Smarte Kommune 2026“ im Rahmen einer Abendgala am Donnerstag, 14. Januar "
    "2027, im Kaisersaal Erfurt.\n\nDie Jury hat am 5. November 2026 aus 48 Bewerbungen zehn "
    "Projekte für die Shortlist nominiert.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("name-years")
    return assistant_over(root, {"foerderpreis.txt": RELEASE}, today=date(2026, 12, 1))


def test_one_edition_dated_by_its_gala(assistant: Assistant) -> None:
    events = [e for e in assistant.catalog.events if e.series.startswith("Förderpreis")]
    assert [(e.edition, e.start) for e in events] == [("2026", date(2027, 1, 14))], events


def test_when_is_the_award_answered_with_the_gala(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist die Verleihung vom Förderpreis Smarte Kommune?").answer
    assert "14. Januar 2027" in answer, answer
    assert "5. November" not in answer, answer

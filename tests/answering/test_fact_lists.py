"""A page that lists its one event's facts as dated items (an easy-language page): "Am …
ist keine Test-Werkstatt" is no date of it. The page is written for this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

PAGE = """# Test-Werkstatt Bürgerportal in Leichter Sprache

Die Stadt Auenfeld lädt zur Test-Werkstatt für das Bürgerportal ein.
Dort probieren Sie das neue Bürgerportal aus.

• Termin: Mittwoch, 27.01.2027, 10 bis 13 Uhr.
• Anmeldung: bis 20.01.2027 im Bürgerbüro oder im Bürgerportal.
• Am 13.01.2027 ist keine Test-Werkstatt.
• Stand der Seite: 30.11.2026
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("facts")
    return assistant_over(root, {"test-werkstatt.md": PAGE}, today=date(2026, 12, 1))


def test_the_day_without_the_event_is_not_its_date(assistant: Assistant) -> None:
    assert [e.start for e in assistant.catalog.events] == [date(2027, 1, 27)]

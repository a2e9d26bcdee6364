"""A series of dates in a bulleted list, one place per item: "wann ist die werkstatt in
Uchte?" is answered from Uchte's item; a council's meeting named in the same release ("berät
der Kreistag in seiner Sitzung am 21. April") is no date of the series. The release is
written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

SERIES = """# Medienwerkstatt vor Ort 2027

Der Landkreis Mittelweser bietet im April und Mai 2027 vier kostenlose Medienwerkstätten an.

## Die Termine

- **Dienstag, 13. April 2027, 18:00–20:00 Uhr – Nienburg**
  Kulturwerk, Mühlenstraße 4, 31582 Nienburg
- **Donnerstag, 15. April 2027, 18:00–20:00 Uhr – Steyerberg**
  Aula der Oberschule, Schulweg 2, 31595 Steyerberg
- **Dienstag, 20. April 2027, 18:00–20:00 Uhr – Marklohe**
  Gemeindesaal, Lange Straße 10, 31608 Marklohe
- **Donnerstag, 29. April 2027, 16:30–18:30 Uhr – Liebenau**
  Begegnungsstätte Alte Mühle, Mühlenweg 1, 31618 Liebenau

Über die weitere Medienstrategie berät der Kreistag in seiner Sitzung am Mittwoch,
21. April 2027.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("series")
    return assistant_over(root, {"medienwerkstatt-2027.md": SERIES})


def test_the_place_asked_picks_its_item(assistant: Assistant) -> None:
    answer = assistant.ask("medienwerkstatt liebenau wann")
    assert "29. April" in answer.answer, answer.answer
    assert "21. April" not in answer.answer


def test_another_place_picks_another_item(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist die medienwerkstatt in steyerberg?")
    assert "15. April" in answer.answer, answer.answer

"""Who asks and which edition is asked: "was zahlt man da als verwaltungsmitarbeiterin?"
names the asker's price group, not an event the sources lack, and in a look back that also
announces the next edition, the sentence naming that edition's year gives its fee rather
than last year's. The release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.selection import Scored, prefer_edition_year
from assistant.answering.units import AnswerUnit
from assistant.pipeline import Assistant
from assistant.records import Turn

RELEASES = {
    "rueckblick.txt": "Rückblick: 3. Datenkonvent Altmark mit 380 Gästen\n\nStendal, "
    "20. November 2026 – Der 3. Datenkonvent Altmark hat am 12. November 2026 in der "
    "Stadthalle Stendal rund 380 Gäste zusammengebracht.\n\nDie Teilnahmegebühr betrug 49 Euro "
    "für Beschäftigte öffentlicher Verwaltungen und 149 Euro für Unternehmen.\n\n"
    "Der nächste Datenkonvent Altmark findet am 14. Oktober 2027 in Salzwedel statt. Für 2027 "
    "ändern sich die Gebühren: Verwaltungsbeschäftigte zahlen 59 Euro, Unternehmen 169 Euro.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("asker")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_the_askers_role_continues_the_conversation(assistant: Assistant) -> None:
    first = "wann war der datenkonvent altmark 2026?"
    history = [Turn(first, assistant.ask(first).answer)]
    answer = assistant.ask("was zahlte man da als verwaltungsmitarbeiterin?", history).answer
    assert "49 Euro" in answer, answer


def _scored(text: str, score: float) -> Scored:
    return Scored(AnswerUnit(index=0, text=text, order=0), score, 0.0, 0.0, True, True)


def test_the_sentence_naming_the_asked_editions_year_goes_first() -> None:
    last_year = _scored("Die Teilnahmegebühr betrug 49 Euro für Verwaltungen.", 1.25)
    next_year = _scored("Für 2027 ändern sich die Gebühren: Verwaltungen zahlen 59 Euro.", 1.18)
    dated = _scored("Das Aufbauseminar (8. Juni 2027, Oldenburg) kostet 245 Euro.", 1.2)
    ranked = prefer_edition_year([last_year, dated, next_year], 2027)
    assert ranked[0].unit is next_year.unit
    assert ranked[0].score <= last_year.score + 0.01  # no more credit than the best had
    far = _scored("Für 2027 ändern sich die Gebühren: Verwaltungen zahlen 59 Euro.", 0.5)
    assert prefer_edition_year([last_year, far], 2027)[0].unit is last_year.unit
    assert prefer_edition_year([last_year, dated], 2027)[0].unit is last_year.unit

"""A city or a date right after another event's name ("beim Verwaltungsforum Allgäu in Kempten",
"beim OZG-Praxistag in Würzburg am 24. Februar") is that event's, not the one the post is about;
a question about that other event is not answered with this one's facts. The post is written
for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.roles import follows_other_event

POST = """Jana Feldmann • 1.
Leiterin Organisation, Stadt Memmingen

Ich freue mich sehr: Im Mai darf ich beim Kommunalgipfel Schwaben in Ulm sprechen!

Mein Slot ist am zweiten Kongresstag, Mittwoch, 12. Mai, um 11:15 Uhr im Forum 2.

Sehen wir uns vorher noch beim Register-Praxistag in Passau am 24. Februar?

Übrigens: Meinen Vortrag vom Oktober beim Verwaltungsforum Oberland in Kempten gibt es jetzt als
Aufzeichnung.

----------------------------------------
[Linkvorschau]
Kommunalgipfel Schwaben 2027 | 11.–12. Mai 2027 | Donauhalle, Ulm
Zwei Tage, 6 Foren. Veranstaltet vom Kommunalnetz Schwaben e. V.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("other-events-city")
    return assistant_over(root, {"post.txt": POST}, today=date(2026, 12, 1))


def test_a_date_after_another_event_and_its_city_is_that_events() -> None:
    assert follows_other_event("Sehen wir uns noch beim Register-Praxistag in Passau am ",
                               {"kommunalgipfel", "schwaben"})  # fmt: skip
    assert not follows_other_event("Wir sehen uns beim Kommunalgipfel Schwaben in Ulm am ",
                                   {"kommunalgipfel", "schwaben"})  # fmt: skip


def test_the_post_s_event_keeps_its_own_date_and_city(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist der kommunalgipfel schwaben?").answer
    assert "11. und 12. Mai 2027" in answer or "11. bis 12. Mai 2027" in answer, answer
    assert "Februar" not in answer and "Passau" not in answer, answer
    cities = {f.value for e in assistant.catalog.events for f in e.city}
    assert "Kempten" not in cities and "Ulm" in cities, cities


def test_the_other_event_is_not_answered_with_this_ones_facts(assistant: Assistant) -> None:
    answer = assistant.ask("when is the next verwaltungsforum oberland in kempten?").answer
    assert "Mai" not in answer and "May" not in answer and "Ulm" not in answer, answer

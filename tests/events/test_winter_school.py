"""A winter school is an event, and "auf dem Campus …" after its dates names where it is held,
not another event the dates belong to. A question about what happened in the city of both
("wer hat … gehalten?") means the past conference there, not the winter school ahead. The
releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.eventnouns import is_type_word
from assistant.text.roles import precedes_other_event

RELEASE = """Pressemitteilung Nr. 12/2026 vom 20. November 2026

Winterschule „Offene Register“ geht in die zweite Runde – Bewerbungen ab sofort möglich

Lahnstein. Der Frage, wie Register zusammenfinden, widmet sich die Winterschule „Offene
Register – vom Formular zum Datensatz“, die das Institut für Verwaltungsdaten der Hochschule
Lahnstein vom 8. bis 12. Februar 2027 auf dem Campus Lahnstein-Süd ausrichtet.

Im kommenden Jahr soll zudem erstmals eine Sommerausgabe stattfinden, die für Juli 2027 in
Limburg geplant ist.

Samstag, 9. Februar 2027
9:00–12:30 Uhr Workshop „Meldewesen in der Praxis“ (mit Jonas Keil, Stadt Diez)
"""


REPORT = """Tagungsbericht

Unter dem Titel „Register zwischen Recht und Technik“ fand am 14. und 15. Mai 2026 die Tagung
des Netzwerks Verwaltungsdaten in Lahnstein statt. An den beiden Tagen kamen 88 Teilnehmende
zusammen.

Nach der Begrüßung eröffnete Prof. Dr. Ilse Brandt die Tagung mit einem Grundsatzvortrag über
„Register als Infrastruktur“.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("winter-school")
    return assistant_over(root, {"winterschule.txt": RELEASE, "bericht.txt": REPORT},
                          today=date(2026, 12, 1))  # fmt: skip


def test_a_winter_or_summer_school_is_an_event() -> None:
    assert is_type_word("Winterschule") and is_type_word("Sommerschule")
    assert not is_type_word("Grundschule")


def test_a_campus_after_the_dates_is_the_venue_not_another_event() -> None:
    assert not precedes_other_event(" auf dem Campus Lahnstein-Süd ausrichtet.", {"offene"})
    assert precedes_other_event(" beim Netzwerktreffen Offene Daten vor.", {"register"})


def test_the_winter_school_is_dated_by_its_own_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist die winterschule offene register?").answer
    assert "8." in answer and "12. Februar 2027" in answer, answer
    assert "Juli" not in answer, answer


def test_what_happened_in_a_city_is_asked_of_the_event_that_is_over(assistant: Assistant) -> None:
    opened = assistant.ask("wer hat in lahnstein den eröffnungsvortrag gehalten?").answer
    assert "Brandt" in opened, opened
    came = assistant.ask("how many people showed up in lahnstein?").answer
    assert "88" in came, came

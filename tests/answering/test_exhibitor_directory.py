"""A trade fair's exhibitor directory: a header of labelled lines ("Messezeitraum:", "Ort:",
"Veranstalter:" with the office's address), a legend ("✖ = abgesagt") and an exhibitor whose
stand is dropped. The fair is dated by its period, held at its "Ort", called off by nobody,
and the office's town is no town of it; "fürs Navi" asks for nothing but the address. The
release is written for these tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from conftest import assistant_over

from assistant.answering.selection import rank_units
from assistant.answering.subject import question_words
from assistant.answering.units import AnswerUnit
from assistant.pipeline import Assistant
from assistant.text.facts import find_places
from assistant.text.intents import Slot
from assistant.text.roles import names_no_venue

DIRECTORY = """DIGITALMESSE WESER 2027 – Kommunal-IT-Messe
AUSSTELLERVERZEICHNIS (Export, Stand der Daten: 18.11.2026)

Messezeitraum:  Mi, 10.03.2027 bis Do, 11.03.2027
Ort:            Messehallen Weserpark, Halle B, Am Messering 4, 28307 Bremen
Veranstalter der Digitalmesse Weser: Weserschau Messen GmbH, Am Deich 8, 27749 Delmenhorst
                (Büroanschrift – keine Messebesuche!)

Legende:  ★ = Neuaussteller 2027   ✖ = abgesagt

B-110 ★ Datenwerk Nord GmbH – Cloud-Lösungen für Kommunen
B-114 ✖ Formularfabrik AG – Teilnahme abgesagt. Stand entfällt.

Impressum: Weserschau Messen GmbH, Am Deich 8, 27749 Delmenhorst
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("fair"), {"aussteller.txt": DIRECTORY})


def test_the_fair_is_dated_placed_and_not_called_off(assistant: Assistant) -> None:
    (fair,) = [e for e in assistant.catalog.events if e.start is not None]
    assert (fair.start, fair.end) == (date(2027, 3, 10), date(2027, 3, 11))
    assert not fair.facts("status"), fair.facts("status")
    assert not {f.value for f in fair.city} & {"Delmenhorst", "Halle"}, fair.city


def test_the_address_for_the_satnav_is_the_venues(assistant: Assistant) -> None:
    answer = assistant.ask("adresse digitalmesse weser fürs navi?").answer
    assert "Am Messering 4" in answer and "Am Deich" not in answer, answer


def test_an_office_address_and_a_hall_are_no_place_of_the_event() -> None:
    assert names_no_venue("Veranstalter: Weserschau Messen GmbH, Am Deich 8, 27749 Delmenhorst")
    assert names_no_venue("Impressum: Weserschau Messen GmbH, Am Deich 8, 27749 Delmenhorst")
    assert not names_no_venue("Ort: Messehallen Weserpark, Am Messering 4, 28307 Bremen")
    assert "Halle" not in find_places("Die Vorträge sind in Halle B im Obergeschoss.")
    assert "Halle" in find_places("Die Tagung findet in Halle (Saale) statt.")


def test_what_the_address_is_for_names_nothing() -> None:
    assert question_words("adresse der messe fürs navi?")[0] == ["messe"]


def test_the_organisers_address_line_is_no_venue_even_if_the_model_prefers_it() -> None:
    office = AnswerUnit(0, "Veranstalter: Weserschau Messen GmbH, Am Deich 8, 27749 Delmenhorst",
                        1, key_value=True)
    venue = AnswerUnit(0, "Ort: Messehallen Weserpark, Am Messering 4, 28307 Bremen", 2,
                       key_value=True)

    def similarity(question: str, texts: Sequence[str]) -> list[float]:
        return [0.5 if "Deich" in t else 0.1 for t in texts]  # the model prefers it

    ranked = rank_units([office, venue], "wo ist die messe?", Slot.VENUE, {}, similarity)
    assert ranked[0].unit is venue

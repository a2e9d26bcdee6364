"""The slot a question asks for, read from its wording: "Preis" is an award or a price
depending on the question, "wer schreibt … aus" asks for the organiser."""

from __future__ import annotations

import pytest

from assistant.text.intents import Slot, elliptical_ask, read_ask


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Wer schreibt den Weser-Ems-Preis aus?", Slot.ORGANISER),
        ("Wer vergibt den Preis?", Slot.ORGANISER),
        ("Zum wievielten Mal wird der Preis ausgeschrieben?", Slot.EDITION),
        ("Wer hat den ersten Preis gewonnen?", Slot.PRIZE),
        ("Wie viel Geld gab es für Platz 2?", Slot.PRIZE),
        ("Was ist der Preis für ein Ticket?", Slot.FEE),
        ("Welcher Tagespreis gilt?", Slot.FEE),
        ("was kostet das?", Slot.FEE),
    ],
)
def test_award_and_price_questions(question: str, slot: Slot) -> None:
    assert read_ask(question).slot == slot


@pytest.mark.parametrize("question", [
    "is karl brenner speaking at the congress?",
    "who spoke at the opening?",
])  # fmt: skip
def test_english_speaking_asks_for_a_speaker(question: str) -> None:
    assert read_ask(question).slot == Slot.SPEAKER


def test_a_typo_in_the_verb_still_asks_for_a_speaker() -> None:
    assert read_ask("wer hat 2020 beim forum gesprochn").slot == Slot.SPEAKER


def test_again_there_asks_yes_or_no_about_the_place() -> None:
    ask = read_ask("wieder in hameln?")
    assert ask.yes_no and ask.slot == Slot.PLACE


@pytest.mark.parametrize("question", ["wo arbeitet der?", "where does she work?"])
def test_where_someone_works_asks_for_the_person_not_the_venue(question: str) -> None:
    assert read_ask(question).slot == Slot.WHAT  # as "für wen arbeitet der?"


def test_an_english_theme_asks_for_the_motto() -> None:
    assert read_ask("what was the theme of the congress 2022?").slot == Slot.MOTTO


def test_open_data_in_a_name_asks_for_no_opening() -> None:
    assert read_ask("mit welchem bus fährt man zum forum open data?").slot != Slot.SPEAKER
    assert read_ask("who opens the forum?").slot == Slot.SPEAKER


@pytest.mark.parametrize(("question", "planned"), [
    ("wann ist der fachtag jetzt eigentlich?", False),
    ("wer moderiert eigentlich die tagung?", False),
    ("wann war der fachtag eigentlich geplant?", True),
    ("für wann war das forum ursprünglich angesetzt?", True),
    ("wann sollte der kongress stattfinden?", True),
])  # fmt: skip
def test_eigentlich_asks_for_the_plan_only_beside_one(question: str, planned: bool) -> None:
    assert read_ask(question).planned is planned


def test_where_one_signs_up_asks_for_the_registration() -> None:
    assert read_ask("wo meld ich mich an?").slot == Slot.REGISTRATION
    assert read_ask("wo melden wir uns an?").slot == Slot.REGISTRATION


def test_until_when_after_signing_up_asks_for_the_deadline() -> None:
    _, ask = elliptical_ask("und bis wann?", "und bis wann?", ["wo meld ich mich an?"])
    assert ask.slot == Slot.DEADLINE
    _, ask = elliptical_ask("und bis wann?", "und bis wann?", ["wann beginnt der kongress?"])
    assert ask.slot != Slot.DEADLINE

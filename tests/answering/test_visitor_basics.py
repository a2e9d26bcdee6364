"""Short visitor questions about two editions of two series: a yes/no on the city or the
month of an edition ("war X 2024 in Nürnberg?", "fand Y im November statt?"), "welche
Veranstaltung fand als erstes statt?" and "was war 2023 früher, X in Nürnberg oder Y?".
The releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RELEASES = {
    "werkstatt-2025.txt": "Digitale Werkstatt 2025\n\nDie Digitale Werkstatt fand am 8. und "
    "9. Mai 2025 in Nürnberg statt.\n",
    "werkstatt-2026.txt": "Digitale Werkstatt 2026\n\nDie Digitale Werkstatt fand am 5. und "
    "6. Mai 2026 in Hamburg statt.\n",
    "forum-2025.txt": "Forum Kluge Verwaltung 2025\n\nDas Forum Kluge Verwaltung fand am "
    "12. November 2025 in Lübeck statt.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("basics")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_a_city_yes_no_about_another_editions_city(assistant: Assistant) -> None:
    answer = assistant.ask("war die digitale werkstatt 2026 in nürnberg?")
    assert answer.answer.startswith("Nein") and "Hamburg" in answer.answer, answer.answer


def test_a_month_yes_no(assistant: Assistant) -> None:
    assert assistant.ask("fand das forum kluge verwaltung 2025 im november statt").answer \
        .startswith("Ja")
    assert assistant.ask("war die digitale werkstatt 2026 im juni?").answer.startswith("Nein")


def test_the_first_event(assistant: Assistant) -> None:
    answer = assistant.ask("welche veranstaltung fand als erstes statt?")
    assert "Digitale Werkstatt 2025" in answer.answer, answer.answer


def test_earlier_with_a_city_naming_one_of_them(assistant: Assistant) -> None:
    answer = assistant.ask("was war 2025 früher, die werkstatt in nürnberg oder das forum "
                           "kluge verwaltung?")
    assert answer.answer.startswith("Früher fand Digitale Werkstatt 2025 statt"), answer.answer


def test_a_statement_ending_in_the_questions_it_lists_is_quotable(tmp_path: Path) -> None:
    release = ("Kongress Kluge Stadt 2027\n\nDer Kongress Kluge Stadt findet am 3. Mai 2027 in "
               "Kiel statt. Jana Wollny, Geschäftsführerin Stadt:Werk GmbH, wirft einen Blick "
               "auf die Studie und beantwortet Fragen wie: Wie gelingt die digitale Akte?\n")
    assistant = assistant_over(tmp_path, {"kluge-stadt-2027.txt": release})
    answer = assistant.ask("wer ist jana wollny")
    assert "Geschäftsführerin" in answer.answer, answer.answer


def test_the_newest_event_and_whether_an_edition_was_the_first(tmp_path: Path) -> None:
    second = ("Digitale Werkstatt 2026\n\nBereits zum zweiten Mal lud der Kreis zur Digitalen "
              "Werkstatt ein, die am 5. Mai 2026 in Hamburg stattfand.\n")
    assistant = assistant_over(tmp_path, {**RELEASES, "werkstatt-2026.txt": second},
                               today=date(2026, 12, 1))
    newest = assistant.ask("was ist die neuste veranstaltung in deinen infos")
    assert "Digitale Werkstatt 2026" in newest.answer, newest.answer
    first = assistant.ask("war die digitale werkstatt 2026 die erste?")
    assert first.answer.startswith("Nein") and "zweiten Mal" in first.answer, first.answer


def test_an_english_follow_up_verb_is_no_unknown_name(assistant: Assistant) -> None:
    from assistant.records import Turn

    history = [Turn("wann war die digitale werkstatt 2026?", "")]
    assert assistant.subject("how many people came?", history).mode == "inherited"


def test_who_released_it_and_when_asks_for_the_release_date() -> None:
    from assistant.text.intents import Slot, read_ask

    slots = read_ask("wer hat die pm zum forum rausgegeben und wann").slots
    assert Slot.PUBLISHED in slots and Slot.DATE not in slots


def test_whether_someone_organises_it(tmp_path: Path) -> None:
    releases = {
        "forum.txt": "Forum Kluge Verwaltung 2025\n\nDas Forum Kluge Verwaltung fand am "
        "12. November 2025 in Lübeck statt. Veranstalter ist die Nordakademie GmbH.\n",
        "werkstatt.txt": "Digitale Werkstatt 2025\n\nBereits zum zweiten Mal lud die "
        "Südverwaltung AG zur Digitalen Werkstatt ein, die am 8. Mai 2025 in Nürnberg "
        "stattfand.\n",
    }
    assistant = assistant_over(tmp_path, releases, today=date(2026, 12, 1))
    no = assistant.ask("ist die südverwaltung auch veranstalter vom forum in lübeck?")
    assert no.answer.startswith("Nein") and "Nordakademie" in no.answer, no.answer
    yes = assistant.ask("ist die nordakademie veranstalter vom forum kluge verwaltung 2025?")
    assert yes.answer.startswith("Ja"), yes.answer

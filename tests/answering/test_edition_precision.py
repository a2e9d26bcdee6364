"""Which edition a sentence speaks of: an announcement's past-tense numbers are an earlier
edition's, "der nächste X" after the last one is only what a release plans, an edition
named in another's release is answered only by its own sentences, a report is the release
a "Rückblick" question means. The releases are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

ANNOUNCEMENT = """Fachkongress Kommunale Datenräume 2026 in Jena

Jena, 02.03.2026 – Der Fachkongress Kommunale Datenräume findet am 17. September 2026 im
Volkshaus Jena statt. Veranstalter ist der Datenverbund Thüringen e. V.

Rund 250 Fachleute gingen beim Fachkongress Kommunale Datenräume der Frage nach, wie
Kommunen ihre Daten teilen können. Auch 2026 stehen offene Daten im Mittelpunkt.

Die KI-Werkstatt Datenräume 2027 findet in Gera statt; Termin und Preise folgen.
Die Teilnahme am Fachkongress 2026 kostet 120 Euro. Das Programm wird begleitet von Coaches
aus Kommunen der Region.
"""
REPORT = """Rund 310 Gäste beim Fachkongress Kommunale Datenräume 2026

Jena, 21.09.2026 – Mehr als 310 Gäste kamen am vergangenen Donnerstag zum Fachkongress
Kommunale Datenräume 2026 ins Volkshaus Jena. Der nächste Fachkongress soll im Frühjahr 2027
stattfinden; Ort und Termin gibt der Verein im Januar bekannt. Der dritte Fachkongress ist
für 2028 in Erfurt geplant und soll in der KW 23 stattfinden.
"""


KIEL = """Save the Date: Nordkonferenz Schriftgut 2026 in Kiel

Kiel, 12.03.2026 – Die Nordkonferenz Schriftgut findet am 8. September 2026 in der Fördehalle
Kiel statt. Im Vorjahr war die Konferenz in Lübeck zu Gast.
"""
LUEBECK = """Voller Saal bei der Nordkonferenz Schriftgut 2025 in Lübeck

Lübeck, 12.09.2025 – Die Nordkonferenz Schriftgut fand am 10. September 2025 im Hafenhaus
Lübeck statt. Rund 260 Gäste kamen; die Keynote hielt Dr. Jonas Behrendt.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"fachkongress-ankuendigung.txt": ANNOUNCEMENT,
                "fachkongress-rueckblick.txt": REPORT, "nordkonferenz-kiel.txt": KIEL,
                "nordkonferenz-luebeck.txt": LUEBECK}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("editions"), releases, date(2026, 11, 30))


def test_past_tense_numbers_in_an_announcement_are_no_attendance(assistant: Assistant) -> None:
    answer = assistant.ask("Wie viele Teilnehmer hatte der Fachkongress Kommunale Datenräume 2026?")
    assert "250" not in answer.answer, answer.answer
    assert "310" in answer.answer, answer.answer


def test_the_next_edition_after_the_last_is_its_plan(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist der nächste Fachkongress Kommunale Datenräume geplant?")
    assert "Frühjahr 2027" in answer.answer, answer.answer
    assert "17. September" not in answer.answer


def test_an_edition_named_in_passing_gets_none_of_the_hosts_facts(assistant: Assistant) -> None:
    answer = assistant.ask("Was kostet die KI-Werkstatt Datenräume 2027?")
    assert "120 Euro" not in answer.answer, answer.answer


def test_a_city_is_no_venue_and_a_week_no_exact_day(assistant: Assistant) -> None:
    venue = assistant.ask("In welchem Gebäude in Erfurt findet der dritte Fachkongress 2028 statt?")
    assert venue.abstained or "KW 23" not in venue.answer, venue.answer
    day = assistant.ask("An welchem Tag findet der Fachkongress 2028 in Erfurt statt?")
    assert day.abstained or "KW 23" not in day.answer, day.answer


def test_a_generic_group_names_nobody(assistant: Assistant) -> None:
    answer = assistant.ask("Wer sind die Coaches beim Fachkongress Kommunale Datenräume 2026?")
    assert answer.abstained, answer.answer


def test_a_review_question_gets_the_reports_date(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Wann wurde der Rückblick auf den Fachkongress Kommunale Datenräume 2026 veröffentlicht?"
    )
    assert "21. September 2026" in answer.answer, answer.answer


def test_the_city_asked_picks_the_edition_held_there(assistant: Assistant) -> None:
    answer = assistant.ask("wann war die nordkonferenz schriftgut in lübeck?")
    assert "10. September 2025" in answer.answer, answer.answer
    keynote = assistant.ask("Wer hielt die Keynote bei der Nordkonferenz Schriftgut in Lübeck?")
    assert "Behrendt" in keynote.answer, keynote.answer


def test_adverbs_of_the_question_need_not_be_in_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("Wie viele Gäste kamen tatsächlich zur Nordkonferenz Schriftgut 2025?")
    assert "260" in answer.answer, answer.answer


def test_another_first_name_is_another_person(assistant: Assistant) -> None:
    answer = assistant.ask("Was macht Tanja Behrendt bei der Nordkonferenz Schriftgut?")
    assert "Jonas" not in answer.answer, answer.answer

"""Slide decks exported to Markdown: facts stand in bullet items without a full stop ("•
Anmeldung bis jeweils 10 Tage vor dem Termin"), and a visitor names the event by a single
word ("die Tour") in a question whose other words touch another release's title
("Reisekostenerstattung" against "Hinweise zur Erstattung"). A bullet item is a fact, not a
heading, and a word found only inside a compound names less than the word asked. The releases
are written for these tests."""

from __future__ import annotations

import pytest
from conftest import assistant_over

from assistant.answering.subject import question_words
from assistant.answering.units import answer_units
from assistant.pipeline import Assistant
from assistant.records import Passage

RELEASES = {
    "folien.md": "# Infotour E-Rechnung 2027\n\n## Folie 3: Stationen\n\n"
    "| Nr. | Datum | Ort |\n|---|---|---|\n| 1 | Di, 02.03.2027 | Rathaus Altenkirchen |\n"
    "| 2 | Di, 16.03.2027 | Kreishaus Westerburg |\n\n## Folie 9: Anmeldung\n\n"
    "- Teilnahme kostenfrei\n- Anmeldung bis jeweils 10 Tage vor dem Termin unter "
    "infotour.example.de\n- Mittagsimbiss inklusive\n- Reisekosten werden nicht übernommen\n\n"
    "## Folie 10: Quiz\n\n- 1. Platz: Gutschein über 150 Euro\n- 2. Platz: Buchpreis\n"
    "- Parkticket bis 10 Euro wird erstattet\n",
    "brief.txt": "Kommunale Datenzentrale Eifel\n\nDaun, 20. November 2026\n\n"
    "Verschiebung des Fachtags Haushalt digital – Hinweise zur Erstattung\n\n"
    "Der Fachtag Haushalt digital am 9. Februar 2027 entfällt. Sie haben zum Preis von "
    "120,00 Euro gebucht; wir erstatten den Betrag in 30 Tagen. Reisekosten tragen Sie selbst.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("slides"), RELEASES)


def test_a_bullet_item_without_a_full_stop_answers(assistant: Assistant) -> None:
    answer = assistant.ask("bis wann muss man sich zur infotour e-rechnung anmelden?").answer
    assert "10 Tage vor dem Termin" in answer, answer


def test_a_compounds_part_does_not_outweigh_the_events_name(assistant: Assistant) -> None:
    answer = assistant.ask("was kostet die infotour, und gibts eine reisekostenerstattung?")
    assert "120" not in answer.answer, answer.answer
    assert all(s.doc_id == "folien" for s in answer.sources), answer.sources


def test_a_verb_fused_with_es_names_nothing() -> None:
    assert question_words("und gibts eine reisekostenerstattung?")[0] == ["reisekostenerstattung"]
    assert question_words("gabs da einen fotowettbewerb?")[0] == ["fotowettbewerb"]


def test_a_menus_single_word_is_no_fact() -> None:
    body = "• English\n• Teilnahme kostenfrei"
    units = {u.text: u.heading for u in answer_units([Passage("c", "d", "T", body, body, 1.0)])}
    assert units == {"• English": True, "• Teilnahme kostenfrei": False}


def test_a_ranked_prize_is_answered_by_its_rank_only(assistant: Assistant) -> None:
    third = assistant.ask("wie viel gibt es für den 3. platz beim quiz der infotour?")
    assert third.abstained and "10 Euro" not in third.answer, third.answer
    first = assistant.ask("was gibt es für den ersten platz beim quiz der infotour?")
    assert "150 Euro" in first.answer, first.answer

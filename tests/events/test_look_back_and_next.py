"""A look back that announces the next edition, and an invitation to "the next edition" of a
series: which edition the release is about, and what "der nächste" asks. The headline's
"– 2027 geht es nach Buxtehude" is the next edition's year; "die vorangegangene Ausgabe"
is another edition; a motto „Klar. Digital. Nah.“ is no three sentences; "wieder in X?"
asks whether the conversation's event is there again. The releases are written for these
tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.choice import specific_words
from assistant.answering.seam import GenerationRequest
from assistant.pipeline import Assistant
from assistant.records import Turn
from assistant.text.questions import analyse
from assistant.text.sentences import split_sentences

RELEASES = {
    "rueckblick.txt": "Pressemitteilung\n\nRückblick und Ausblick: 3. Datentag Nordheide mit "
    "Besucherrekord – 2027 geht es nach Buxtehude\n\nStade, 19. November 2026 – Volle Säle: "
    "Der 3. Datentag Nordheide am vergangenen Donnerstag, 12. November 2026, war die bislang "
    "größte Ausgabe.\n\nIm Stadeum Stade kamen unter dem Motto „Klar. Digital. Nah.“ 412 "
    "Teilnehmerinnen und Teilnehmer zusammen.\n\nDie Teilnahmegebühr betrug 49 Euro für "
    "Beschäftigte öffentlicher Verwaltungen.\n\nAusblick: 4. Datentag am 21. Oktober 2027 in "
    "Buxtehude\n\nDer nächste Datentag findet am Donnerstag, 21. Oktober 2027, statt. Neuer "
    "Veranstaltungsort ist die Halle Buxtehude. Für 2027 ändern sich die Gebühren: "
    "Verwaltungsbeschäftigte zahlen 59 Euro, Unternehmen 169 Euro.\n",
    "gespraeche.txt": "Amt per App – wer hilft?\n\nPodiumsdiskussion der Reihe „Gerolsteiner "
    "Gespräche“\n\nTrier, 24. November 2026 – Dieser Frage widmet sich die Eifel-Stiftung in "
    "ihrer nächsten Ausgabe der „Gerolsteiner Gespräche“ am Donnerstag, 14. Januar 2027, um "
    "19 Uhr in der Brunnenhalle Gerolstein.\n\nDie vorangegangene Ausgabe fand am "
    "3. September 2026 ausnahmsweise in Prüm statt.\n\nDer Eintritt ist frei; die Stiftung "
    "bittet um Anmeldung bis zum 8. Januar 2027. Eine Aufzeichnung erscheint ab Februar 2027.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("look-back")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def _editions(assistant: Assistant, doc: str) -> dict[str | None, date | None]:
    return {e.edition: e.start for e in assistant.catalog.events if e.sources == [doc]}


def test_a_look_back_is_about_the_edition_it_reports(assistant: Assistant) -> None:
    editions = _editions(assistant, "rueckblick")
    assert editions.get("2026") == date(2026, 11, 12), editions
    answer = assistant.ask("wie viele teilnehmer hatte der datentag nordheide 2026?").answer
    assert "412" in answer, answer


def test_the_next_one_of_a_look_back_and_its_follow_ups(assistant: Assistant) -> None:
    history: list[Turn] = []
    for question, expected in [
        ("wann ist der nächste datentag nordheide?", "21. Oktober 2027"),
        ("wieder in stade?", "Buxtehude"),
        ("was zahlt man da als verwaltungsmitarbeiterin?", "59 Euro"),
    ]:
        answer = assistant.ask(question, history).answer
        assert expected in answer, (question, answer)
        history.append(Turn(question, answer))
    assert history[1].answer.startswith("Nein"), history[1].answer


def test_an_invitation_to_the_next_edition_dates_the_release_s_own_event(
    assistant: Assistant,
) -> None:
    editions = _editions(assistant, "gespraeche")
    assert editions.get("2027") == date(2027, 1, 14), editions
    assert editions.get("2026") == date(2026, 9, 3), editions
    own = [e for e in assistant.catalog.events if e.sources == ["gespraeche"] and not e.announced]
    assert [e.edition for e in own] == ["2027"], own  # "die vorangegangene Ausgabe": another


def test_the_askers_group_need_not_be_spelt_by_the_answer() -> None:
    """ "was zahlt man da als verwaltungsmitarbeiterin?": the price row says
    "Verwaltungsbeschäftigte zahlen …"; neither the asker's word nor "zahlt" must be in it."""
    question = "was zahlt man da als verwaltungsmitarbeiterin?"
    request = GenerationRequest(question, analyse(question), (), None, date(2026, 12, 1))  # type: ignore[arg-type]
    weights = {"zahlt": 1.0, "verwaltungsmitarbeiterin": 2.0, "studierende": 1.5}
    assert specific_words(request, weights) == ["studierende"]


def test_a_motto_with_full_stops_is_one_name() -> None:
    text = ("Unter dem Motto „Klar. Digital. Nah.“ 412 Gäste kamen zusammen. "
            "Das Motto lautet „Gemeinsam. Vor Ort.“ Die Anmeldung läuft.")
    assert split_sentences(text) == (
        "Unter dem Motto „Klar. Digital. Nah.“ 412 Gäste kamen zusammen.",
        "Das Motto lautet „Gemeinsam. Vor Ort.“", "Die Anmeldung läuft.")

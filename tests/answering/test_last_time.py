"""Questions about the last edition from the page of the next one: "wie viele Teilnehmer
hatte das Symposium letztes Mal?" is answered by the page's look back ("Das 3. Symposium
hatte … 2026 rund 160 Teilnehmende"), which a question about this edition must not get; and
"die Werkstätten" of the "Regionalwerkstätten" name the series' own kind, not another event.
The releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RELEASES = {
    "symposium.txt": "4. Symposium Kommune.Digital 2027 in Celle\n\nDas 4. Symposium "
    "Kommune.Digital findet am 14. und 15. Mai 2027 auf dem Campus Celle statt. Erwartet "
    "werden rund 200 Gäste.\n\nDas 3. Symposium hatte am 22. und 23. Mai 2026 rund 160 "
    "Teilnehmende nach Celle gezogen. Der Tagungsband erscheint im Januar 2027.\n",
    "werkstaetten.txt": "Regionalwerkstätten Datenaustausch: Bilanz 2026\n\nDie vier "
    "Regionalwerkstätten Datenaustausch 2026 in Jena, Halle, Gera und Dessau zählten 380 "
    "Teilnehmende. Moderiert wurden alle vier Stationen von Timo Aschberg, der auch durch die "
    "Reihe 2027 führen wird.\n\nAusblick: Regionalwerkstätten Datenaustausch 2027\n\nDie "
    "Regionalwerkstätten Datenaustausch 2027 starten am 23. Februar 2027 in Erfurt; die "
    "Werkstätten 2027 sind kostenfrei.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("last-time")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_last_time_is_the_look_back(assistant: Assistant) -> None:
    answer = assistant.ask("wieviele teilnehmer hatte das symposium in celle letztes mal?")
    assert "160" in answer.answer, answer.answer


def test_this_time_is_not_the_look_back(assistant: Assistant) -> None:
    answer = assistant.ask("wie viele teilnehmer hat das symposium kommune.digital 2027?")
    assert "160" not in answer.answer, answer.answer


def test_the_series_kind_is_its_own(assistant: Assistant) -> None:
    answer = assistant.ask("wer moderiert die werkstätten 2027")
    assert "Aschberg" in answer.answer, answer.answer

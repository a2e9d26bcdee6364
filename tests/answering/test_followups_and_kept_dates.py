"""A follow-up with its own question word asks its own question ("wie war das wetter da?"
after "gab es ein abendprogramm?" is no yes/no question), a word one typo from a function
word is no typo of it ("wetter" is not "weiter"), and a date that stays ("Der Termin
bleibt: …") is the event's, not the date a part of it moves to at another event. The
releases are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.records import Turn
from assistant.text.intents import elliptical_ask

MOVED_ONLINE = """Kreisdigitaltag Oberland 2027 nur online

Bad Tölz, 20.11.2026 – Der Kreisdigitaltag Oberland 2027 kann nicht wie geplant im
Kurhaus Bad Tölz stattfinden und wird als Online-Veranstaltung durchgeführt.

- Der Termin bleibt: Mittwoch, 3. Februar 2027.
- Die Fachausstellung entfällt und wird beim Frühlingsforum Oberland am 12. Mai 2027
  nachgeholt.
- Weitere Termine im Oberland: 17.06.2027 – Sommerakademie Oberland, Bad Tölz
"""
CONGRESS = """Verwaltungskongress Südheide 2026

Der Verwaltungskongress Südheide fand am 8. Oktober 2026 in der Stadthalle Celle statt.
Zum Rahmenprogramm gehörte eine abendliche Führung durch das Schlossmuseum. Die Zahl der
Gäste stieg weiter, berichtete die Geschäftsführerin.
"""


def test_a_follow_up_with_its_own_question_word_is_not_the_earlier_yes_no() -> None:
    _, ask = elliptical_ask("wie war das wetter da", "wie war das wetter da",
                            ["gab es ein abendprogramm?"])  # fmt: skip
    assert not ask.yes_no
    _, again = elliptical_ask("und 2025?", "und 2025?", ["gab es ein abendprogramm?"])
    assert again.yes_no  # "und 2025?" re-asks the earlier question


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("kept")
    return assistant_over(root, {"kreisdigitaltag-oberland-2027.md": MOVED_ONLINE,
                                 "verwaltungskongress-suedheide-2026.txt": CONGRESS})


def test_the_weather_is_not_answered_from_a_sentence_with_weiter(assistant: Assistant) -> None:
    first = "gab es beim verwaltungskongress südheide ein abendprogramm?"
    history = [Turn(first, assistant.ask(first).answer)]
    answer = assistant.ask("wie war das wetter da", history)
    assert answer.abstained, answer.answer


def test_the_date_that_stays_is_the_event_date(assistant: Assistant) -> None:
    answer = assistant.ask("Wann findet der Kreisdigitaltag Oberland 2027 statt?")
    assert "3. Februar 2027" in answer.answer and "12. Mai" not in answer.answer


DIALOGUE = """Rund 90 Gäste beim Bürgerdialog in Achim

ACHIM. Zum Bürgerdialog „Achim online“ kamen am 3. November 2026 rund 90 Menschen ins
Rathaus Achim. Die Stadt stellte dort ihr neues Serviceportal vor.

Ein zweiter Bürgerdialog soll im Frühjahr folgen; einen Termin nannte die Stadt nicht.
"""


def test_an_announced_next_edition_is_not_answered_with_this_ones_date(
    tmp_path: Path,
) -> None:
    assistant = assistant_over(tmp_path, {"buergerdialog-achim.txt": DIALOGUE})
    answer = assistant.ask("wann ist der zweite bürgerdialog in achim?")
    assert "3. November" not in answer.answer, answer.answer
    assert "3. November" in assistant.ask("wann war der bürgerdialog in achim?").answer


CONFERENCE = """Kongress Kommunale Zukunft 2026

Der Kongress Kommunale Zukunft findet am 9. Juni 2026 in Göttingen statt. Veranstalter ist
die Kommunalakademie Südniedersachsen GmbH. Bürgermeisterin Jana Pohlmann berichtet vom
digitalen Bauamt ihrer Stadt Uslar.
"""


def test_a_who_follow_up_after_a_person_asks_for_someone_else(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"kongress-kommunale-zukunft-2026.txt": CONFERENCE})
    first = "jana pohlmann ist bürgermeisterin von wo?"
    history = [Turn(first, assistant.ask(first).answer)]
    answer = assistant.ask("und wer war veranstalter", history)
    assert "Kommunalakademie" in answer.answer, answer.answer

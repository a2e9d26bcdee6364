"""A "welche X" question whose best sentence speaks of X without naming it: "Mit welchem
Busunternehmen fahren wir?" ← "Wir haben diesmal ein anderes Busunternehmen gebucht", "Welche
Staatssekretärin hat abgesagt?" ← "(die angekündigte Staatssekretärin hat abgesagt)". The
sources do not say which, and the answer says so; a sentence that names it answers. The
releases are written for these tests."""

from __future__ import annotations

import pytest
from conftest import assistant_over

from assistant.answering.slots import leaves_which_open
from assistant.pipeline import Assistant

RELEASES = {
    "exkursion.md": "# Exkursion zur Messe Kommune Digital 2027\n\nAm 17. März 2027 fahren wir "
    "gemeinsam mit dem Bus zur Messe Kommune Digital nach Leipzig. Wir haben diesmal ein "
    "anderes Busunternehmen gebucht. Abfahrt ist um 7 Uhr am Campus.\n\n## Programm\n\n"
    "Am Abend gibt es ein Gespräch mit Landrat Eberhard Beispiel; die angekündigte "
    "Staatssekretärin hat ihre Teilnahme abgesagt.\n",
    "forum.txt": "Pressemitteilung\n\nKassel, 3. November 2026\n\nDas Forum Open Data findet "
    "am 4. März 2027 im Rathaus Kassel statt. Es spricht Staatssekretärin Dr. Anna Muster. "
    "Die Anreise erfolgt mit dem Busunternehmen Heide-Reisen.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("which"), RELEASES)


@pytest.mark.parametrize(
    ("question", "text", "open_"),
    [
        ("mit welchem busunternehmen fahren wir?", "Wir haben ein anderes Busunternehmen "
         "gebucht.", True),
        ("mit welchem busunternehmen fahren wir?", "Wir fahren mit dem Busunternehmen "
         "Heide-Reisen.", False),
        ("welche staatssekretärin hat abgesagt?", "Gespräch mit Landrat Eberhard Beispiel; die "
         "angekündigte Staatssekretärin hat ihre Teilnahme abgesagt.", True),
        ("welche staatssekretärin spricht?", "Es spricht Staatssekretärin Dr. Anna Muster.",
         False),
        ("welche themen gibt es?", "Themen sind KI und Cloud.", False),
    ],
)  # fmt: skip
def test_which_is_left_open(question: str, text: str, open_: bool) -> None:
    assert leaves_which_open(question, text) is open_


def test_the_answer_says_the_sources_do_not_name_it(assistant: Assistant) -> None:
    bus = assistant.ask("mit welchem busunternehmen fahren wir zur messe kommune digital?")
    assert bus.abstained, bus.answer
    named = assistant.ask("mit welchem busunternehmen fährt man zum forum open data?")
    assert "Heide-Reisen" in named.answer, named.answer

"""Words that only stand near an event's name are no series: a breadcrumb's
"Pressemitteilungen 2026", a season ("Frühsommer 2027"), an association of counties in a
table of experts ("Landkreistag"), a sidebar's link to other news ("Tag der offenen Tür:
Rückblick"), a deadline ("Stichtag"), and the last word of a study's quoted title ("Alltag" of
„Digitale Verwaltung im Alltag 2026“), or a sentence's first word before a year ("Für 2027
plant …"); the name before a year begins before its link word ("Verwaltung im Takt 2027",
not "Takt"). The releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.events.series import _clean_name as series_name
from assistant.pipeline import Assistant
from assistant.text.eventnouns import generic_compound, is_type_word

RELEASES = {
    "podium.html": "<html><body><div class='breadcrumb'>Start › Presse › Pressemitteilungen "
    "2026</div>\n<p>Pressemitteilung · Landesbüro Eifel</p>\n<h1>Amt per App – und wer hilft "
    "mir?</h1>\n<p>Gerolstein, 20. November 2026</p>\n<p>Die nächste Ausgabe der "
    "„Gerolsteiner Gespräche“ findet am Donnerstag, 14. Januar 2027, um 19 Uhr im Saal der "
    "Brunnenhalle Gerolstein statt.</p>\n<p>Die übernächste Ausgabe ist für den Frühsommer "
    "2027 geplant.</p></body></html>",
    "anhoerung.html": "<html><body><h1>Ausschuss lädt zur öffentlichen Anhörung zum "
    "Registergesetz</h1>\n<p>Mainz, 20. November 2026</p>\n<p>Die Anhörung findet am "
    "Mittwoch, 20. Januar 2027, um 10 Uhr im Plenarsaal statt.</p>\n<p>Der Gesetzentwurf war "
    "in der Plenarsitzung am 15. Oktober 2026 in erster Lesung beraten worden.</p>\n<table>\n"
    "<tr><td>I</td><td>Petra Lindholm</td><td>Städtetag, Referentin</td></tr>\n"
    "<tr><td>II</td><td>Karin Voss</td><td>Landkreistag, Referentin für E-Government"
    "</td></tr>\n</table>\n"
    "<aside><h2>Weitere Meldungen</h2><ul><li><a href='/presse/212'>Tag der offenen Tür: "
    "Rückblick mit 4.000 Gästen</a></li></ul></aside></body></html>",
    "takt.txt": "Kongress Verwaltung im Takt 2027\n\nKiel, 1. Dezember 2026 – Der Kongress "
    "findet am 9. März 2027 in Kiel statt.\n",
    "studie.txt": "PRESSEMITTEILUNG\n\nInstitut für Amtsforschung (IfA)\n\nStudie „Digitale "
    "Ämter im Alltag 2026“: Online ja, aber mit Menschen\n\nMainz, 30. November 2026 – Das "
    "Institut stellt heute die Studie „Digitale Ämter im Alltag 2026“ vor. Ein "
    "Praxisworkshop zur Studie findet am 9. März 2027 in Mainz statt.\n\nFür 2027 plant das "
    "Institut eine Folgestudie.\n",
    "terminhinweis.txt": "MINISTERIUM FÜR DIGITALES\n\nHannover, 30. November 2026\n\n"
    "TERMINHINWEIS FÜR MEDIEN\n\nMinisterin eröffnet das DigitalLabor in Hameln\n"
    "Programmpunkt des 3. Kommunalkongresses Digitale Verwaltung Weserbergland\n\n"
    "Termintag: Dienstag, 19. Januar 2027\n\nAblauf:\n09:30 Uhr   Einlass Kongress; "
    "Presse-Counter im Foyer\n10:00 Uhr   Eröffnung Kongress\n11:30 Uhr   Eröffnung "
    "DigitalLabor durch die Ministerin\n\nTag 2 – Mittwoch, 20. Januar 2027\n09:30 Uhr   "
    "Einlass Kongress\n\nTermintag für Fotografen ist derselbe.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("series-furniture")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_words_beside_an_event_name_are_no_series(assistant: Assistant) -> None:
    names = {e.series for e in assistant.catalog.events}
    assert {"Gerolsteiner Gespräche", "Verwaltung im Takt"} <= names, names
    assert not {"Pressemitteilungen", "Frühsommer", "Alltag", "Tag der offenen Tür",
                "Für"} & names, names
    assert not any("Landkreistag" in name or "Städtetag" in name for name in names), names


def test_a_timetable_line_names_no_series_and_a_genitive_is_undone(
    assistant: Assistant,
) -> None:
    """ "09:30 Uhr Einlass Kongress" and "Termintag" name nothing; "des 3.
    Kommunalkongresses Digitale Verwaltung Weserbergland" names the Kommunalkongress."""
    names = {e.series for e in assistant.catalog.events if e.sources == ["terminhinweis"]}
    assert names == {"Kommunalkongress Digitale Verwaltung Weserbergland"}, names
    assert series_name("Uhr Einlass Kongress") == ""
    assert generic_compound("Termintag") and not generic_compound("Digitaltag")


def test_associations_of_counties_and_towns_are_no_event_nouns() -> None:
    assert not is_type_word("Landkreistag")
    assert not is_type_word("Städtetag")
    assert not is_type_word("Stichtag")
    assert is_type_word("Digitaltag")


def test_a_hearing_and_a_training_are_events(assistant: Assistant) -> None:
    """ "Anhörung", "Fortbildung": event nouns; the hearing is dated by its own day."""
    hearing = [e for e in assistant.catalog.events if e.sources == ["anhoerung"]]
    assert [e.start for e in hearing] == [date(2027, 1, 20)], hearing
    assert is_type_word("Anhörung") and is_type_word("Fortbildung")
    assert is_type_word("Datenkonvent")

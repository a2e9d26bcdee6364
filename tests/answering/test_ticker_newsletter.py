"""A plain-text e-mail newsletter: items under "+++ VEREIN: STAMMTISCH +++" headings, lines
hard-wrapped at about 65 characters, also inside a date ("…, 27. Januar 2027," / "17:30 bis
…") and before a word that looks like a label ("Stammtisch Oberhessen ein: am …"). Each
ticker item is its own section, so one item's moderator is never another's; the wrapped
lines are read as the sentences they are. The newsletter is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.corpus.cleaning import clean_text
from assistant.pipeline import Assistant
from assistant.text.eventnouns import is_type_word

NEWSLETTER = (
    "Betreff: Kreis-Infobrief 1/2027\n\n"
    "+++ KREIS: WARTUNG DER SERVER AM SAMSTAG +++\n\n"
    "Am Samstag, 16. Januar 2027, sind die Fachverfahren des Kreises von 06:00 bis\n"
    "14:00 Uhr nicht erreichbar. Fragen richten Sie bitte an den Service-Desk.\n\n"
    "+++ DATENLOTSEN OBERHESSEN E. V.: STAMMTISCH FÜR KOMMUNEN +++\n\n"
    "Der Verein Datenlotsen Oberhessen e. V. lädt zum 2. Kommunalen\n"
    "Daten-Stammtisch Oberhessen ein: am Dienstag, 26. Januar 2027,\n"
    "18:00 bis ca. 20:30 Uhr, in der Alten Weberei, Mühlgasse 12,\n"
    "35390 Gießen. Impuls: Dr. Jana Wittig (Hochschule Oberhessen).\n"
    "Teilnahme kostenlos, Anmeldung bis 19. Januar 2027.\n\n"
    "+++ AKADEMIE: FACHTAG CLOUD FÜR KOMMUNEN +++\n\n"
    "Die Kreisakademie veranstaltet am Donnerstag, 11. März 2027, von 9:30 bis\n"
    "16:00 Uhr den Fachtag Cloud für Kommunen in der Stadthalle Alsfeld, und\n"
    "zwar hybrid. Es sprechen Fachleute aus drei Landkreisen. Moderation: Petra Brandes.\n"
    "Teilnahmebeitrag 80 Euro.\nAnmeldeschluss: 19. Februar 2027. Der erste Fachtag im\n"
    "November 2025 zählte 90 Teilnehmende.\n"
)
RELEASES = {
    "infobrief.txt": NEWSLETTER,
    "werkstatt.txt": "Stadt Grünhagen\n\nGrünhagen, 2. Dezember 2026\n\nDatenwerkstatt "
    "für Vereine im Rathaus\n\nDie Datenwerkstatt findet am 14. Januar 2027 um 18 Uhr im "
    "Sitzungssaal des Rathauses Grünhagen statt. Moderiert wird sie von Tom Lindner.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("ticker")
    return assistant_over(root, RELEASES, today=date(2026, 12, 3))


def test_wrapped_lines_are_joined_where_a_sentence_goes_on() -> None:
    text = clean_text(NEWSLETTER)
    assert "lädt zum 2. Kommunalen Daten-Stammtisch Oberhessen ein: am Dienstag" in text
    assert "26. Januar 2027, 18:00 bis ca. 20:30 Uhr, in der Alten Weberei" in text
    assert "von 06:00 bis 14:00 Uhr nicht erreichbar" in text
    assert "Mühlgasse 12, 35390 Gießen. Impuls:" in text  # a sentence, not a label, goes on
    assert "Der erste Fachtag im November 2025 zählte" in text
    assert "\nTeilnahmebeitrag 80 Euro" in text  # a sentence that ended stays apart


def test_one_ticker_items_moderator_is_not_anothers(assistant: Assistant) -> None:
    stammtisch = assistant.ask("wer moderiert den daten-stammtisch in gießen?")
    assert stammtisch.abstained, stammtisch.answer
    fachtag = assistant.ask("wer moderiert den fachtag cloud für kommunen?").answer
    assert "Brandes" in fachtag, fachtag


def test_a_regulars_table_is_an_event() -> None:
    assert is_type_word("Stammtisch") and is_type_word("Daten-Stammtisch")

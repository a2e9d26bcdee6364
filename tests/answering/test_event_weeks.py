"""A city's digital week: "Zweite Rostocker Digitalwoche" is the series "Rostocker
Digitalwoche" (a week is an event, its ordinal is the edition's), "von Montag, 3. Mai, bis
Freitag, 7. Mai 2027" is one range, "wann ist die Digitalwoche?" asks for the coming week
(not a list with last year's), and a question about the week is not cut down to the one
programme section whose heading shares a stem ("Digitale …"), while a question naming a
section's own word ("die Sprechstunde") still picks that section. The release is
written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.dates import find_dates
from assistant.text.eventnouns import is_type_word

RELEASE = """PRESSEMITTEILUNG DER HANSESTADT ROSTOCK
Rostock, 20.11.2026

Fünf Tage, fünf Orte: Zweite Rostocker Digitalwoche lädt vom 3. bis 7. Mai 2027 ein

Die zweite Rostocker Digitalwoche findet von Montag, 3. Mai, bis Freitag, 7. Mai 2027, \
an fünf Orten in der Stadt statt. Alle Angebote sind kostenfrei.

Das Programm im Überblick:

Montag, 03.05.2027, 18:00–20:00 Uhr
Eröffnung mit Podiumsdiskussion „Rathaus 2035“
Ort: Rathaus, Festsaal, Neuer Markt 1
Moderation: Jana Wittstock.

Dienstag, 04.05.2027, 10:00–13:00 Uhr
Sprechstunde „Servicekonto einrichten“
Ort: Stadtbibliothek, Lesesaal, Kröpeliner Straße 82
Bitte eigenes Smartphone mitbringen. Eine Anmeldung ist nicht nötig.

Mittwoch, 05.05.2027, 15:00–18:00 Uhr
Workshop „KI im Bauamt – Chancen und Grenzen“
Ort: Volkshochschule, Raum 3.01, Am Kabutzenhof 20
Der Workshop ist auf 25 Personen begrenzt. Anmeldung bis 20.04.2027 erforderlich.

Donnerstag, 06.05.2027, 09:00–16:00 Uhr
Fachtag für Unternehmen „Digitale Bauanträge und E-Rechnung“
Ort: Technologiezentrum Warnemünde, Halle 2, Friedrich-Barnewitz-Straße 3
In Zusammenarbeit mit der Wirtschaftsförderung; Zielgruppe sind kleine und mittlere Betriebe.

Freitag, 07.05.2027, 14:00–19:00 Uhr
Abschluss: „Digitaler Marktplatz“ mit Ständen für Familien
Ort: Kulturspeicher, Am Strande 3

Die erste Rostocker Digitalwoche fand vom 6. bis 10. September 2025 statt und zog rund \
900 Gäste an.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("weeks")
    return assistant_over(root, {"digitalwoche.txt": RELEASE}, today=date(2026, 12, 1))


def test_a_week_is_an_event_noun() -> None:
    assert is_type_word("Digitalwoche") and is_type_word("Aktionswoche")
    assert not is_type_word("Woche") and not is_type_word("Kalenderwoche")


def test_a_range_with_a_weekday_before_its_last_day() -> None:
    text = "von Montag, 3. Mai, bis Freitag, 7. Mai 2027, an fünf Orten"
    assert [(m.first, m.last) for m in find_dates(text, 2027)] == [
        (date(2027, 5, 3), date(2027, 5, 7))
    ]


def test_the_ordinal_is_no_part_of_the_series(assistant: Assistant) -> None:
    series = {(e.series, e.start, e.end) for e in assistant.catalog.events}
    assert ("Rostocker Digitalwoche", date(2027, 5, 3), date(2027, 5, 7)) in series, series


def test_when_is_the_week_answers_the_coming_one(assistant: Assistant) -> None:
    answer = assistant.ask("die digitalwoche in rostock, wann ist die?").answer
    assert "3." in answer and "7. Mai 2027" in answer, answer
    assert "September 2025" not in answer, answer


def test_a_section_word_still_picks_its_section(assistant: Assistant) -> None:
    answer = assistant.ask("muss ich mich für die sprechstunde in rostock anmelden?")
    assert "20.04.2027" not in answer.answer, answer.answer  # the workshop's, not its own

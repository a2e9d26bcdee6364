"""Which name a release gives its event series: a quoted name with its edition's year is the
series without the year; "Workshoptag" or "Landeskongress" alone names no series; a quoted
name opening the headline does; a talk's quoted title ("Wir bauen einen Sensor") does not;
"Neue Digital-Sprechstunde" is the "Digital-Sprechstunde"; "Hack the Rathaus" and "Hack the
Rathaus Kiel" are one name; a quoted name with a compound event noun and an ordinal ("2.
Talheimer Verwaltungsdigitaltag") names the event, a quoted workshop of it does not. The
releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.dates import find_dates
from assistant.text.eventnouns import generic_compound, is_type_word
from assistant.text.roles import date_role, side_event

RELEASES = {
    "fachtagung.txt": "Landesamt für Datenverwaltung (LADV) Pressestelle Am Ring 4, 39104 "
    "Magdeburg\n\nPRESSEINFORMATION Nr. 3/2027\nMagdeburg, 1. Februar 2027\n\n"
    "Fachtagung „Daten.Klar.Machen 2027“: Anmeldung geöffnet – Workshoptag am Vortag separat "
    "buchbar\n\nDie zweitägige Tagung findet am Dienstag, 4. Mai 2027, und Mittwoch, 5. Mai "
    "2027, im Elbforum Halle statt.\n\nPre-Conference: Workshoptag am 3. Mai 2027\n\n"
    "Neu ist in diesem Jahr ein vorgeschalteter Workshoptag am Montag, 3. Mai 2027, in der "
    "Akademie am Markt.\n\nTeilnahmeentgelte\n\nStornierungen sind bis zum Anmeldeschluss "
    "kostenfrei möglich.\n\nWorkshoptag (3. Mai 2027), separat buchbar:\n"
    "- Behörden: 110 Euro\n- Wirtschaft: 220 Euro\n\nFachtagung (beide Tage):\n"
    "- Behörden: 180 Euro\n- Wirtschaft: 360 Euro\n\nHinweis: Der „Tag der Registerpflege“ "
    "des Städtetags findet unabhängig davon am 9. Juni 2027 in Dessau statt.\n",
    "beteiligung.txt": "Stadt Grünhagen\n\nPressemitteilung 2027/12 2. Februar 2027\n\n"
    "„Grünhagen fragt“: Stadt startet Online-Reihe zur Bürgerbeteiligung\n\nDie Stadt "
    "Grünhagen lädt zu drei Online-Abenden ein. Der erste Abend findet am 3. März 2027 um "
    "19 Uhr statt.\n",
    "demotag.md": "# Pressemappe: „Ostheim vernetzt – Demo Day im Rathaus“\n\n"
    "Der Demo Day findet am Samstag, 8. Mai 2027, im Rathaus Ostheim statt. Für Kinder gibt "
    "es die Kinder-Werkstatt „Wir bauen einen Regensensor“ um 11 Uhr.\n",
    "sprechstunde.txt": "Werrataler Stadtbote – Amtsblatt Ausgabe 5 / Donnerstag, 28. Januar "
    "2027\n\nAUS DER BIBLIOTHEK\n\nHandy streikt? Einfach vorbeikommen! Neue "
    "Digital-Sprechstunde für Ältere\n\nDie erste Digital-Sprechstunde findet am Mittwoch, "
    "10. Februar 2027, von 14:30 bis 16:30 Uhr im Lesesaal der Stadtbibliothek statt. "
    "Übrigens: Die Volkshochschule bietet einen Kurs „Sicher bezahlen im Netz“ am Mittwoch, "
    "17. Februar 2027, 18 Uhr, im Sitzungssaal des Rathauses an.\n",
    "pruefbericht.txt": "Stadt Talheim – Rechnungsprüfungsamt                  Seite 3 von 9\n"
    "Prüfbericht RPA 7/2027 – Sonderprüfung \"2. Talheimer Verwaltungsdigitaltag\"\n\n"
    "Tz. 31  Die Stabsstelle Digitalisierung hat am Donnerstag, 14. Januar 2027, den\n"
    "\"2. Talheimer Verwaltungsdigitaltag\" im Kulturhaus ausgerichtet.\n\n"
    "Tz. 32  Die Honorare umfassen 600 Euro für den Workshop \"Akten im Bauhof\" von\n"
    "Tom Weil.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("series-names")
    return assistant_over(root, RELEASES, today=date(2027, 1, 20))


def test_the_series_is_named_by_the_headline_not_by_a_part_or_a_letterhead(
    assistant: Assistant,
) -> None:
    names = {e.series for e in assistant.catalog.events}
    assert {"Daten.Klar.Machen", "Grünhagen fragt", "Ostheim vernetzt",
            "Digital-Sprechstunde", "Talheimer Verwaltungsdigitaltag"} <= names, names  # fmt: skip
    assert not {"Workshoptag", "Wir bauen einen Regensensor", "Stadt Grünhagen",
                "Akten im Bauhof"} & names, names  # an audit's workshop is not its event


def test_the_day_before_is_a_side_event_and_the_two_days_are_the_edition(
    assistant: Assistant,
) -> None:
    event = next(e for e in assistant.catalog.events if e.series == "Daten.Klar.Machen")
    assert (event.start, event.end) == (date(2027, 5, 4), date(2027, 5, 5)), event
    text = "Neu ist in diesem Jahr ein vorgeschalteter Workshoptag am Montag, 3. Mai 2027."
    assert side_event(text, find_dates(text)[0])
    assert date_role(text, find_dates(text)[0]) == "event"  # a new offer, not a new date


def test_two_days_each_with_its_year_are_one_range() -> None:
    text = "am Dienstag, 4. Mai 2027, und Mittwoch, 5. Mai 2027"
    [mention] = find_dates(text)
    assert (mention.first, mention.last) == (date(2027, 5, 4), date(2027, 5, 5))


def test_the_fee_is_the_events_not_its_workshop_days_or_a_free_cancellation(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Was kostet die Fachtagung Daten.Klar.Machen für Behörden?").answer
    assert "180 Euro" in answer, answer
    follow = assistant.ask(
        "was kostet das für uns als kommunalverwaltung?",
        ["Wann ist die Fachtagung Daten.Klar.Machen?"],
    ).answer
    assert "180 Euro" in follow, follow  # "das": the conversation's event, not another one


def test_a_day_named_in_passing_is_another_event(assistant: Assistant) -> None:
    answer = assistant.ask("Was kostet die Teilnahme am Tag der Registerpflege in Dessau?")
    assert "Euro" not in answer.answer, answer.answer  # the congress's fees are not its fees


def test_a_course_named_in_passing_does_not_date_the_help_desk(assistant: Assistant) -> None:
    answer = assistant.ask("wann und wo ist die digital-sprechstunde?").answer
    assert "10. Februar 2027" in answer, answer
    assert "17. Februar" not in answer and "Sitzungssaal" not in answer, answer


def test_event_nouns_of_courses_and_kinds() -> None:
    assert is_type_word("Kurs") and is_type_word("Zertifikatslehrgang")
    assert not is_type_word("Diskurs") and not is_type_word("Wechselkurs")
    assert generic_compound("Workshoptag") and generic_compound("Landeskongress")
    assert not generic_compound("Zukunftskongress") and not generic_compound("Digitalgipfel")


def test_a_quoted_prize_or_generic_day_names_no_event_of_its_own() -> None:
    from assistant.events.series import _names_itself

    assert _names_itself("2. Talheimer Verwaltungsdigitaltag")
    assert not _names_itself("Landespreis Digitale Kommune")  # awarded at the event
    assert not _names_itself("E-Dorf-Award")
    assert not _names_itself("Kongresstag")  # a day of the congress

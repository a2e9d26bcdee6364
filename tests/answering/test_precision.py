"""Answers a sentence does not give: a quote's speaker is no moderator, a limit per member
no attendance, a room price no fee, "drei Seiten" no count of applications, the third
edition's day no date of the fourth. And what a report says only relative to its own date
("am vergangenen Dienstag"). The releases are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.answering.slots import count_roles
from assistant.pipeline import Assistant

AWARD = """Innovationspreis Nordheide für digitale Verwaltung 2027 ausgeschrieben

Buchholz, 04.11.2026 – Die Bürgerstiftung Nordheide schreibt zum dritten Mal den
Innovationspreis Nordheide für digitale Verwaltung aus. Bewerben können sich Gemeinden und
Samtgemeinden des Landkreises.

Die Bewerbung umfasst höchstens fünf Seiten und wird über ein Online-Formular eingereicht.
Einsendeschluss ist der 12. März 2027.

Der Preis ist mit insgesamt 9.000 Euro dotiert. Die Preise werden am Dienstag, 8. Juni 2027,
im Ratssaal Buchholz verliehen.

„Gute Ideen entstehen oft in kleinen Rathäusern“, sagt Stiftungsvorständin Jana Wollbrink.
"""
WEBINARS = """Webinarreihe „Verwaltung digital gestalten“ 2027

Lüneburg, 10.11.2026 – Die Kommunalakademie Lüneburg bietet 2027 wieder ihre Webinarreihe
„Verwaltung digital gestalten“ an. Die Teilnahme ist kostenfrei. Der erste Termin ist am
19. Januar 2027.
"""
REPORT = """Gut besucht: dritter Digitaltag Westküste in Husum

Husum, 16.10.2025 – Zum dritten Digitaltag Westküste kamen am vergangenen Dienstag rund 140
Gäste in das Kongresszentrum Nordseehalle. Der Verein Digitale Westküste e. V. hatte mit
100 Personen gerechnet.

Einen Termin für den vierten Digitaltag gibt es noch nicht.

Für Mitgliedskommunen ist die Teilnahme für bis zu zwei Personen je Kommune kostenfrei.
Im Hotel am Hafen stand ein Zimmerkontingent zum Preis von 89 Euro pro Nacht bereit.
"""
USERDAY = """Einladung zum Anwendertag 2027 der Kommunalen IT Elbe

Die Kommunale IT Elbe lädt am 4. Mai 2027 zum Anwendertag in das Forum Elbaue in Dessau ein.
Pro Kunde können bis zu zwei Personen teilnehmen.

Hinweis: Die „Dessauer Cloud-Woche“ vom 10. bis 14. Mai 2027 ist eine eigenständige
Veranstaltung der Stadtwerke und nicht Teil des Anwendertags.
"""

TOUR = """# Roadshow „Digitale Baugenehmigung unterwegs“ 2027

*Meldung vom 10.11.2026*

Die Landesagentur Bauen digital e. V. besucht mit der Roadshow „Digitale Baugenehmigung
unterwegs“ im Frühjahr 2027 vier Städte.

| Station | Datum | Uhrzeit | Veranstaltungsort |
|---|---|---|---|
| Coburg | Di., 13.04.2027 | 13:00–17:00 Uhr | Rosengarten-Saal, Ketschendorfer Straße 8 |
| Hof | Di., 20.04.2027 | 13:00–17:00 Uhr | Theresienstein-Forum, Alsenberger Straße 40, 95028 Hof |
| Online-Abschluss (Webex) | Di., 27.04.2027 | 10:00–12:00 Uhr | online |
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"innovationspreis.txt": AWARD, "webinarreihe.txt": WEBINARS,
                "digitaltag-bericht.txt": REPORT, "anwendertag.txt": USERDAY,
                "roadshow.md": TOUR}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("precision"), releases, date(2026, 11, 30))


def test_an_award_is_its_own_series_and_its_awarding_body_organises_it(
    assistant: Assistant,
) -> None:
    assert not any(
        {"innovationspreis", "webinarreihe"} <= set(t.doc_ids) for t in assistant.knowledge.targets
    )
    answer = assistant.ask("Wer schreibt den Innovationspreis Nordheide aus?")
    assert "Bürgerstiftung Nordheide" in answer.answer, answer.answer
    edition = assistant.ask("Zum wievielten Mal wird der Innovationspreis Nordheide vergeben?")
    assert "dritten" in edition.answer, edition.answer


def test_no_count_from_a_number_of_something_else(assistant: Assistant) -> None:
    answer = assistant.ask("Wie viele Bewerbungen gab es für den Innovationspreis Nordheide?")
    assert answer.abstained and "fünf" not in answer.answer, answer.answer


def test_a_quote_speaker_is_no_moderator(assistant: Assistant) -> None:
    answer = assistant.ask("Wer moderiert die Preisverleihung des Innovationspreises Nordheide?")
    assert answer.abstained and "Wollbrink" not in answer.answer, answer.answer


def test_a_limit_per_customer_is_no_attendance(assistant: Assistant) -> None:
    expected = assistant.ask("Wie viele Teilnehmende werden beim Anwendertag 2027 erwartet?")
    assert expected.abstained, expected.answer
    per_customer = assistant.ask("Wie viele Personen pro Kunde dürfen zum Anwendertag 2027?")
    assert "zwei" in per_customer.answer, per_customer.answer


def test_a_room_price_is_no_fee_unless_the_room_is_asked(assistant: Assistant) -> None:
    fee = assistant.ask("Was kostet die Teilnahme am Digitaltag Westküste?")
    assert "89" not in fee.answer, fee.answer
    room = assistant.ask("Was kostet ein Hotelzimmer beim Digitaltag Westküste?")
    assert "89 Euro" in room.answer, room.answer


def test_a_report_dates_its_event_relative_to_its_own_date(assistant: Assistant) -> None:
    answer = assistant.ask("Wann war der Digitaltag Westküste in Husum?")
    assert "14. Oktober 2025" in answer.answer, answer.answer
    assert "16. Oktober" not in answer.answer


def test_the_fourth_edition_is_not_dated_by_the_third(assistant: Assistant) -> None:
    answer = assistant.ask("Wann findet der vierte Digitaltag Westküste statt?")
    assert "14. Oktober" not in answer.answer and "16. Oktober" not in answer.answer, answer.answer


def test_a_year_before_a_count_is_no_count() -> None:
    text = "Statt in der Stadthalle, wo im Juni 2025 rund 230 Gäste dabei waren, tagt man in Husum."
    assert count_roles(text) == {"actual"}  # one count: the 230 guests, not "2025 … Gäste"
    assert count_roles("Im Juni 2025 kamen die Gäste") == set()


def test_a_tour_station_is_answered_from_its_own_row(assistant: Assistant) -> None:
    when = assistant.ask("Wann kommt die Roadshow Digitale Baugenehmigung unterwegs nach Hof?")
    assert "20. April 2027" in when.answer and "13. April" not in when.answer, when.answer
    where = assistant.ask("roadshow digitale baugenehmigung coburg wo genau")
    assert "Rosengarten-Saal" in where.answer and "Theresienstein" not in where.answer, where.answer
    tool = assistant.ask("über welches tool läuft der online-abschluss der roadshow?")
    assert "Webex" in tool.answer, tool.answer
    first = assistant.ask("Wann ist die Roadshow Digitale Baugenehmigung unterwegs?")
    assert "13. April 2027" not in first.answer or "Hof" not in first.answer, first.answer


def test_an_event_said_to_be_separate_is_no_part_of_it(assistant: Assistant) -> None:
    answer = assistant.ask("Gehört die Dessauer Cloud-Woche zum Anwendertag 2027?")
    assert answer.answer.startswith("Nein"), answer.answer

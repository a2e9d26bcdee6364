"""Release styles met on the fresh blind set (20 releases written in new styles): key/value
blocks whose event noun the headline lacks, a motto after a dash, a platform named only by
its product, a year that is part of a quoted name. The documents are written for the tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

NOTICE = """KORREKTUR – Bitte beachten Sie den geänderten Termin

Bildungsverbund Emsland e.V.
Lingen, 3. Februar 2026

Anders als zunächst gemeldet findet die Fachmesse „Schule digital verwalten 2026“ nicht am
Dienstag, 10. März 2026, sondern am Dienstag, 24. März 2026, statt.

Veranstaltung: Fachmesse „Schule digital verwalten 2026“
Datum: Dienstag, 24. März 2026
Ort: Halle Emsland, Am Wall 4, 49808 Lingen
Veranstalter: Bildungsverbund Emsland e.V. in Zusammenarbeit mit dem Medienhaus Lingen
"""
WEBINARS = """Online-Reihe Datenschutz kompakt startet im April

Hannover, 20. März 2027

• Veranstaltung: 4. Reihe Datenschutz kompakt – „Vom Verzeichnis zur Praxis“

Die Akademie für Kommunalverwaltung bietet vier einstündige Online-Termine an. Alle Termine
finden über Webex statt und dauern jeweils 60 Minuten. Die Teilnahme ist online möglich.
"""

KEYNOTE = """Fachtag „Sicher vernetzt“ am 16. Juni 2026 in Fulda

Fulda, 2. März 2026

Der Fachtag „Sicher vernetzt“ findet am 16. Juni 2026 im Kongresshaus Fulda statt.

Referentinnen und Referenten
- Jonas Eberhardt, Beigeordneter a. D., Landkreis Vogelsberg (Keynote)
- Dr. Mira Talke, Informationssicherheitsbeauftragte
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"korrektur-fachmesse.txt": NOTICE, "reihe-datenschutz.txt": WEBINARS,
                "fachtag-sicher-vernetzt.txt": KEYNOTE}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("fresh-styles"), releases, date(2026, 11, 30))


def test_a_correction_dates_the_event_by_the_corrected_day(assistant: Assistant) -> None:
    answer = assistant.ask("Wann findet die Fachmesse „Schule digital verwalten 2026“ statt?")
    assert "24. März 2026" in answer.answer, answer.answer
    assert "10. März" not in answer.answer.split("[")[0]


def test_the_event_noun_before_its_own_quoted_name_names_it(assistant: Assistant) -> None:
    answer = assistant.ask("Wer veranstaltet die Fachmesse „Schule digital verwalten 2026“?")
    assert "Bildungsverbund Emsland" in answer.answer, answer.answer


def test_a_platform_question_is_answered_by_the_product_named(assistant: Assistant) -> None:
    answer = assistant.ask("Über welche Plattform läuft die Reihe Datenschutz kompakt?")
    assert "Webex" in answer.answer, answer.answer


def test_a_quoted_phrase_after_the_events_name_is_its_motto(assistant: Assistant) -> None:
    answer = assistant.ask("Unter welchem Motto steht die Reihe Datenschutz kompakt?")
    assert "Vom Verzeichnis zur Praxis" in answer.answer, answer.answer


NEWSLETTER = """Verbandsbrief 3/2026

Liebe Mitglieder,

in diesem Brief finden Sie unsere drei nächsten Termine im Überblick.

1. Fachtag „Digitale Wohngeldakte“

• Wann: 9./10. September 2026 – Mittwoch 10 bis 17 Uhr
• Wo: Haus der Verbände, Lindenallee 12, 99084 Erfurt
• Kosten: für Mitglieder kostenfrei, Nichtmitglieder 160 Euro

2. Online-Seminar „Chatbots im Bürgeramt“

• Wann: Di, 22.9., 14 bis 15.30 Uhr
• Wo: online über den Jitsi-Raum des Verbands
• Kosten: Nichtmitglieder 39 Euro

3. Netzwerktreffen „Sozialamt digital“

• Wann: Anfang Oktober 2026
• Wo: Gera, Gastgeber ist das Sozialamt der Stadt Gera
"""


@pytest.fixture(scope="module")
def newsletter(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"verbandsbrief.txt": NEWSLETTER}
    return assistant_over(tmp_path_factory.mktemp("newsletter"), releases, date(2026, 8, 1))


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        ("Wann ist das Online-Seminar „Chatbots im Bürgeramt“?", "22. September", "10. September"),
        ("Was kostet der Fachtag „Digitale Wohngeldakte“ für Nichtmitglieder?", "160", "39"),
        ("Was zahlen Nichtmitglieder für das Online-Seminar zu Chatbots?", "39", "160"),
        ("wer ist gastgeber beim netzwerktreffen sozialamt digital", "Gera", "Erfurt"),
        ("über welche plattform läuft das seminar zu chatbots", "Jitsi", "Erfurt"),
    ],
)
def test_each_event_of_a_newsletter_is_answered_from_its_own_section(
    newsletter: Assistant, question: str, expected: str, not_expected: str
) -> None:
    answer = newsletter.ask(question).answer
    assert expected in answer, answer
    assert not_expected not in answer.split("[")[0]


def test_an_hour_before_a_range_end_with_uhr_is_a_start_time() -> None:
    from assistant.text.times import time_span

    span = time_span("Mittwoch 10 bis 17 Uhr")
    assert span is not None and span[1] is not None
    assert (span[0].value, span[1].value) == ("10:00", "17:00")


AWARD = """„Einfach machen“: Bautzen gewinnt den Preis Stadt.Land.Digital 2025

Netzwerk Verwaltungsinnovation gGmbH

Dresden. Mit dem ersten Platz ist die Stadt Bautzen am Donnerstagabend im Kulturpalast
Dresden für ihren digitalen Bürgerlotsen ausgezeichnet worden. Insgesamt war der Wettbewerb
mit 30.000 Euro dotiert.

1. Preis Stadt Bautzen – Bürgerlotse
2. Preis Gemeinde Radeberg – Bürgerbüro
3. Preis Landkreis Meißen – Kita-Portal

Durch den Abend führte die Moderatorin und Journalistin Katrin Wendel.
"""
OTHER_AWARD = """Preisverleihung „Netz verbindet“ 2026 live im Netz

Bremen, 14. Oktober 2026

Die Preisverleihung „Netz verbindet“ findet am 10. November 2026 online statt.
Moderation: Journalistin Maren Holt
"""


def test_an_award_named_by_its_joined_name_is_found_and_its_moderator_named(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    releases = {"preis-stadt-land-digital.txt": AWARD, "preis-netz-verbindet.txt": OTHER_AWARD}
    assistant = assistant_over(tmp_path_factory.mktemp("award"), releases, date(2026, 11, 30))
    answer = assistant.ask("Wer moderierte die Preisverleihung Stadt.Land.Digital 2025?").answer
    assert "Katrin Wendel" in answer, answer
    assert "Maren Holt" not in answer
    assert all("Verwaltungsinnovation" not in e.series for e in assistant.snapshot.catalog.events)


def test_a_place_label_line_answers_where_with_its_address(assistant: Assistant) -> None:
    answer = assistant.ask("Wo findet die Fachmesse „Schule digital verwalten 2026“ statt?").answer
    assert "Am Wall 4" in answer, answer


def test_an_english_question_is_matched_by_its_words_the_sources_know(
    assistant: Assistant,
) -> None:
    # "secure", "networked" and "June" are no words of the German release: "keynote" is
    answer = assistant.ask("Who is giving the keynote at the secure networking day in June 2026?")
    assert "Jonas Eberhardt" in answer.answer, answer.answer


def test_a_timed_programme_row_and_its_with_line_are_one_unit() -> None:
    from assistant.answering.units import answer_units
    from assistant.records import Passage

    body = (
        "13.45 Podiumsdiskussion: Wer digitalisiert das Land?\n"
        "mit Dr. Jana Ruf (Landkreis Prignitz), Moderation: Dr. Ole Brandt, Ministerium\n"
        "15.00 Abschluss"
    )
    units = answer_units([Passage("c", "d", "T", body, body, 1.0)])
    row = next(u for u in units if "Podiumsdiskussion" in u.text)
    assert "Ole Brandt" in row.text and row.quotable


INLINE = """Forum Kommunalpraxis 2026 in Jena

Jena, 3. Mai 2026

In Werkstätten erarbeiten die Teilnehmenden, was ihre Ämter ändern können. Die Werkstätten
versprechen intensive Diskussionen. Hierbei sind die Erfahrungen der Gäste gefragt. Themen
sind u. a.: „Akten ohne Papier“, „Bürgerkonto für alle“ sowie „Roboter im Amt“.

Auf dem Podium diskutieren dazu: Lea Brandt, Tom Weiß und Jana Ohm. Es moderiert Aylin Korte.
Der Verband besteht aus den Unternehmen Alpha GmbH, Beta GmbH und Gamma GmbH.
"""


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"forum-kommunalpraxis.txt": INLINE}
    return assistant_over(tmp_path_factory.mktemp("inline"), releases, date(2026, 11, 30))


def test_an_inline_list_after_a_colon_answers_which_items(inline: Assistant) -> None:
    answer = inline.ask("Welche Werkstätten gibt es beim Forum Kommunalpraxis 2026?").answer
    assert "Akten ohne Papier" in answer and "Roboter im Amt" in answer, answer
    other = inline.ask("Aus welchen Unternehmen besteht der Verband?").answer
    assert "Akten ohne Papier" not in other, other


def test_the_moderator_of_the_podium_need_not_be_named_with_it(inline: Assistant) -> None:
    answer = inline.ask("Wer moderiert die Podiumsdiskussion beim Forum Kommunalpraxis?").answer
    assert "Aylin Korte" in answer, answer


def test_a_follow_up_stays_in_the_newsletter_section_of_its_event(newsletter: Assistant) -> None:
    from assistant.records import Turn

    first = newsletter.ask("wann ist das netzwerktreffen sozialamt digital?")
    then = newsletter.ask("und wo?", [Turn("wann ist das netzwerktreffen sozialamt digital?",
                                           first.answer)])  # fmt: skip
    assert "Lindenallee" not in then.answer and "Erfurt" not in then.answer, then.answer

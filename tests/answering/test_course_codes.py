"""Course pages name runs by code ("Durchgang DS-2026-1", "25-KIV-03"). A question about one
run is not answered by another run's line, and a course code is nobody's name, so "wer hat …
geleitet?" is not answered by the line that only dates the run. The release is written for
these tests."""

from __future__ import annotations

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.matching import codes

RELEASES = {
    "kursseite.md": "# Datenschutz im Bürgeramt – Kursseite\n\nStudieninstitut Weserbergland\n\n"
    "Der Kurs führt Beschäftigte der Bürgerämter in die Datenschutzpraxis ein. Der laufende "
    "Durchgang DS-2027-1 beginnt am 8. Februar 2027 und endet am 19. März 2027. Anmeldung zum "
    "Durchgang DS-2027-1 bis 15.01.2027 über das Bildungsportal.\n\n"
    "## Rückblick\n\nDer Durchgang DS-2026-2 lief vom 7.09. bis 16.10.2026 mit 21 "
    "Teilnehmenden.\n",
    "bescheinigung.txt": "Teilnahmebescheinigung\n\nFrau Jana Beispiel hat am Lehrgang "
    "Datenschutzbeauftragte in Kommunen teilgenommen. Der Einführungskurs 26-DSB-03 fand vom 4. "
    "bis 6. Mai 2026 statt.\n",
    "fachtag.txt": "Fachtag Bürgerdienste 2027\n\nDer Fachtag Bürgerdienste findet am 4. März "
    "2027 in Minden statt. Anmeldung bis 10. Februar 2027.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("codes"), RELEASES)


def test_codes_are_read_in_any_case() -> None:
    assert codes("wie viele hatte der durchgang ds-2026-1?") == {"DS-2026-1"}
    assert codes("Der Einführungskurs 26-DSB-03 fand statt.") == {"26-DSB-03"}
    assert not codes("Die E-Akte kommt am 2026-12-01.")


def test_another_runs_numbers_answer_no_question_about_this_run(assistant: Assistant) -> None:
    other = assistant.ask("Wie viele Teilnehmende hatte der Durchgang DS-2026-1?")
    assert other.abstained and "21" not in other.answer
    asked = assistant.ask("wie viele teilnehmende hatte der durchgang ds-2026-2?")
    assert not asked.abstained and "21" in asked.answer


def test_a_runs_date_line_names_nobody_who_led_it(assistant: Assistant) -> None:
    answer = assistant.ask("wer hat den einführungskurs 26-DSB-03 im mai geleitet?")
    assert answer.abstained, answer.answer


def test_a_runs_code_names_its_page_not_its_year(assistant: Assistant) -> None:
    answer = assistant.ask("bis wann anmeldung für DS-2027-1?")
    assert "15.01.2027" in answer.answer or "15. Januar" in answer.answer, answer.answer
    assert {s.doc_id for s in answer.sources} == {"kursseite"}


INVOICE = """---
title: Studienwerk für kommunale Digitalisierung Talheim gGmbH
---
Studienwerk für kommunale Digitalisierung Talheim gGmbH
Marktplatz 3 · 57000 Talheim · Telefon 0271 4088-0 · seminare@studienwerk.example.de

Stadtverwaltung Brachtal
z. Hd. Frau Sabine Kettel
Marktplatz 1
57399 Brachtal

                                        Rechnungsnummer:  RE-2026-0318
                                        Rechnungsdatum:   01.12.2026

RECHNUNG

Schulung „Register modernisieren für Kommunen – Grundkurs"
Kurs-Nr. 26-RM-114

Kursdaten
  Termin:          Dienstag, 24. November, und Mittwoch, 25. November 2026
  Ort:             Tagungszentrum Alte Mühle, Talheim
  Dozent/in:       Dr. Henrike Walmer, Jonas Piep

Hinweise zu weiteren Terminen

  Aufbaukurs „Register modernisieren für Kommunen" (Kurs-Nr. 26-RM-115):
  Dienstag/Mittwoch, 2./3. März 2027, Talheim. Anmeldeschluss 5. Februar 2027.
  Voraussetzung ist die Teilnahme am Grundkurs.
"""


def test_the_course_noun_inside_its_own_quoted_name_is_its_own(tmp_path_factory) -> None:
    assistant = assistant_over(tmp_path_factory.mktemp("invoice"), {"rechnung.md": INVOICE})
    answer = assistant.ask("wann war nochmal der grundkurs register modernisieren für kommunen?")
    assert "24. und 25. November 2026" in answer.answer, answer.answer
    later = assistant.ask("wann ist der aufbaukurs register modernisieren für kommunen?")
    assert "November" not in later.answer, later.answer  # another course of the same name

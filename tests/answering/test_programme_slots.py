"""A programme in time slots, with the talk's title and its speaker on indented lines under
the slot, is one fact per slot: "Wer hält den Impulsvortrag?" names that slot's speaker, not
everyone on the programme. The release is written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.corpus.cleaning import clean_text
from assistant.pipeline import Assistant

INVITATION = """Einladung zum Kreisforum Verwaltung digital 2027

Das Kreisforum Verwaltung digital findet am Dienstag, 9. März 2027, von 9:00 bis 15:00 Uhr
in der Stadthalle Obermark statt.

Programm

09:30 Uhr   Begrüßung
            Landrätin Dr. Ilse Kranich
09:45 Uhr   Grußwort
            Bürgermeister Ole Haberland, Stadt Obermark
10:00 Uhr   Impulsvortrag: „Gemeinsam statt einsam – was Rathäuser
            voneinander lernen"
            Dr. Wiebke Sonnleitner, Zweckverband Datenverarbeitung Südmark
10:45 Uhr   Kaffeepause
13:30 Uhr   Ergebnisse der Werkstattrunden
14:15 Uhr   Podiumsgespräch
15:00 Uhr   Ausblick
            Kreis-CIO Jannik Freese
"""


def test_each_slot_keeps_its_indented_lines_and_no_slot_joins_the_next() -> None:
    lines = clean_text(INVITATION).split("\n")
    talk = next(line for line in lines if line.startswith("10:00 Uhr"))
    assert "Sonnleitner" in talk and "voneinander lernen" in talk
    assert "14:15" not in next(line for line in lines if line.startswith("13:30 Uhr"))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("slots")
    return assistant_over(root, {"kreisforum-2027.txt": INVITATION})


def test_the_keynote_is_the_slot_speaker_not_the_whole_programme(assistant: Assistant) -> None:
    answer = assistant.ask("wer hält den impulsvortrag beim kreisforum verwaltung digital?")
    assert "Sonnleitner" in answer.answer
    assert "Haberland" not in answer.answer and "Freese" not in answer.answer


PROGRAMME_PAGE = """# Programmablauf

## Fachtagung „Digitale Beschaffung in der Gemeinde"

**Donnerstag, 11. März 2027 · Kongresshaus am Fluss, Saal Elbe, Pirna**

Veranstalterin: Gemeindeakademie Oberelbe gGmbH
Moderation: Dr. Konrad Heilbronn, Fachjournalist

| Uhrzeit | Programmpunkt |
|---|---|
| 09:15 | **Begrüßung** – Anne Kröger, Geschäftsführerin |
| 12:00 | **Vortrag:** „Plattformen im Vergleich" – Malte Brink, Referent IT-Strategie |

Kontakt zur Organisation:
Gemeindeakademie Oberelbe gGmbH
Team Fachtagungen – Franziska Lorenz

- Teilnahmegebühr: 290 € pro Person
- Anmeldeschluss: 25.02.2027
- Fortbildungsnachweis: Alle Teilnehmenden erhalten eine Bescheinigung.
- Vortragsfolien werden nach der Tagung bereitgestellt.
"""


def test_a_contact_line_naming_a_team_is_no_event_section(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"programm.md": PROGRAMME_PAGE})
    question = "Wer moderiert die Fachtagung „Digitale Beschaffung in der Gemeinde“ in Pirna?"
    assert "Heilbronn" in assistant.ask(question).answer
    answer = assistant.ask("was kostet die teilnahme an der fachtagung digitale beschaffung?")
    assert "290" in answer.answer, answer.answer

"""An internal run sheet: its title says nothing of the event ("ABLAUFPLAN – INTERN"), the
kind of event stands before the quoted name ("Fachtag „Offene Geodaten …“"), the day is a
"Veranstaltungstag" row, the change log calls off a keynote and moves the start time, and a
bullet mentions flyers for another event's day. The event is still held on its day, neither
called off nor moved, and "wann ist der Fachtag …?" is answered by that row. The release is
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RUN_SHEET = """# ABLAUFPLAN – INTERN

**Fachtag „Offene Geodaten Weserbergland“ 2027**
Landkreis Weserbergland · Stabsstelle Geoinformation

## Eckdaten

| | |
|---|---|
| **Veranstaltungstag** | Dienstag, 16.03.2027 |
| **Beginn / Ende** | 10:00 Uhr / ca. 15:30 Uhr |
| **Ort** | Kreishaus, Saal 1, Süntelstraße 9, 31785 Hameln |

## Ablauf

| Zeit | Dauer | Programmpunkt | Wer | Raum | Hinweise |
|---|---|---|---|---|---|
| 10:00 | 10' | Begrüßung | Landrätin Dörte Meinert | Saal 1 | kurz halten |
| 10:10 | 5' | Einführung · Moderation: Okan Demir | Saal 1 | Hinweis Fotografie / Datenschutz |
| 10:15 | 40' | Keynote „Geodaten 2035“ | Wiebke Siebert | Saal 1 | Ersatz für Amberg |

## Änderungen

- **v4 (2027-02-20):** Keynote Dr. Lutz Amberg (Landesamt) abgesagt (krankheitsbedingt).
- **v3 (2027-02-02):** Beginn von 09:30 auf 10:00 Uhr verschoben (Busfahrplan).

## Sonstiges

- Auf dem Infotisch liegen Flyer für die Vermessungstagung am 20.04.2027 in Rinteln.
- Die Präsentationen stehen bis Freitag, 26.03.2027 unter https://geo.example.de/fachtag-geo.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("runsheet"), {"ablaufplan.md": RUN_SHEET})


def test_the_event_is_dated_by_its_row_and_not_called_off(assistant: Assistant) -> None:
    events = [e for e in assistant.catalog.events if "Geodaten" in e.series]
    assert [e.start for e in events] == [date(2027, 3, 16)]
    assert not events[0].facts("status"), events[0].facts("status")


def test_when_is_answered_by_the_row(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist der fachtag offene geodaten?").answer
    assert "16. März 2027" in answer, answer
    assert "April" not in answer and "26." not in answer


def test_the_programme_rows_name_the_moderator_and_the_keynote(assistant: Assistant) -> None:
    moderator = assistant.ask("wer moderiert den fachtag offene geodaten?").answer
    assert "Okan Demir" in moderator, moderator
    keynote = assistant.ask("wer hält die keynote beim fachtag offene geodaten 2027?").answer
    assert "Wiebke Siebert" in keynote, keynote

"""A registration page: the event's two days stand on a line of their own under the
organiser's name ("Mittwoch und Donnerstag, 21./22. April 2027 · …"), the form dates one
workshop block, a rehearsal the day before, an award "nicht beim nächsten Digitaltag" and a
meetup "zum Stammtisch …". The event is dated by its two days, starts at its own hour, and the
award's and the meetup's days and towns are none of it. The release is written for these
tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.roles import apart_from_event, precedes_other_event

PAGE = """Anmeldung zum 4. Nordhessischen Digitaltag (NHDT 2027)

Verband Kommunaler IT Nordhessen e. V.

Mittwoch und Donnerstag, 21./22. April 2027 · Stadthalle Baunatal, Marktplatz 3, 34225 Baunatal

Beginn am 21.04. um 10:00 Uhr (Einlass ab 9:00 Uhr), Ende am 22.04. gegen 15:00 Uhr.

4. Workshops am 22.04.2027, 09:00–10:30 Uhr (bitte einen auswählen)

Technikprobe · Dienstag, 20.04.2027, 16:00 Uhr

Die Verleihung des Digitalpreises findet am 9. Juni 2027 in Kassel statt – nicht beim nächsten
Digitaltag.

Am 12.01.2027 treffen wir uns zum Stammtisch Offene Daten Fulda in Hünfeld.

Der 5. Nordhessische Digitaltag ist für Herbst 2028 geplant.
"""


VIDEO = """Aufzeichnung: 2. Forum Offene Daten Nordhessen

Vollständige Aufzeichnung des 2. Forums Offene Daten Nordhessen am Donnerstag, 12. November
2026, im Bürgerhaus Kassel-Nord.

Das 3. Forum Offene Daten Nordhessen ist für Herbst 2027 geplant; Termin und Ort stehen noch
nicht fest.

Korrektur: Die Verleihung des Datenpreises ist am 9. Juni 2027 – nicht beim Forum Offene Daten.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("form"),
                          {"anmeldung.txt": PAGE, "video.txt": VIDEO})


def test_what_is_held_apart_and_a_meetup_after_a_date() -> None:
    assert apart_from_event("Die Verleihung findet am 9. Juni statt – nicht beim Digitaltag.")
    assert apart_from_event("Die Verleihung findet am 9. Juni im Rahmen des Digitaltags statt.") \
        is None
    assert precedes_other_event(" treffen wir uns zum Stammtisch Offene Daten Fulda", {"nhdt"})


def test_the_edition_is_dated_by_its_two_days(assistant: Assistant) -> None:
    (event,) = [e for e in assistant.catalog.events if e.start and e.start.year == 2027]
    assert (event.start, event.end) == (date(2027, 4, 21), date(2027, 4, 22))
    assert not {f.value for f in event.city} & {"Kassel", "Hünfeld"}


def test_when_is_answered_with_both_days(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist der nordhessische digitaltag 2027?").answer
    assert "21." in answer and "22. April 2027" in answer, answer
    assert "Juni" not in answer and "Januar" not in answer


def test_the_start_is_the_events_not_the_rehearsals(assistant: Assistant) -> None:
    answer = assistant.ask("um wie viel uhr fängt der nordhessische digitaltag an?").answer
    assert "10:00" in answer and "16:00" not in answer, answer


def test_a_day_held_apart_from_the_event_does_not_date_it(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist der nächste nordhessische digitaltag nach 2027?").answer
    assert "9. Juni" not in answer, answer
    answer = assistant.ask("wann ist das nächste forum offene daten nordhessen?").answer
    assert "9. Juni" not in answer and "Herbst 2027" in answer, answer

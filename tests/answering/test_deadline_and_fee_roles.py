"""Dates and sums with a role other than the one asked: a cancellation deadline is not the
registration deadline ("bis zum 22. April kostenfrei stornieren" vs "Neue Anmeldungen sind
bis zum 29. April möglich"), and prize money ("Den dritten Preis (4.000 Euro) …") is no fee.
The releases are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.slots import only_cancelling_deadlines
from assistant.pipeline import Assistant

MOVED = """Neuer Termin für das 3. Fachforum Digitale Akte

Das 3. Fachforum Digitale Akte findet nicht am 4. März, sondern am 8. April 2027 im
Tagungszentrum am Hafen in Emden statt. Bereits erfolgte Anmeldungen bleiben gültig. Wer am
8. April 2027 verhindert ist, kann die Anmeldung bis zum 18. März 2027 kostenfrei stornieren;
eine E-Mail an die Geschäftsstelle genügt. Neue Anmeldungen sind bis zum 25. März 2027 unter
www.fachforum-akte.example möglich.
"""
REPORT = """Bilanz des 2. Forums Digitale Gemeinde in Wittmund

Rund 240 Gäste kamen am Montag zum 2. Forum Digitale Gemeinde in die Stadthalle Wittmund.
Den ersten Preis (8.000 Euro) erhielt die Gemeinde Fehnburg für ihr Online-Bürgerbüro. Den
dritten Preis (2.500 Euro) erhielt der Landkreis Moorland für seine Terminbuchung.
"""


def test_a_cancellation_deadline_is_only_that() -> None:
    stornieren = "Wer verhindert ist, kann die Anmeldung bis zum 18. März 2027 stornieren."
    assert only_cancelling_deadlines(stornieren)
    assert not only_cancelling_deadlines("Neue Anmeldungen sind bis zum 25. März 2027 möglich.")
    # the separated verb "meldet sich … ab", not "meldet sich … an" nor "ab 9 Uhr"
    assert only_cancelling_deadlines("Wer am neuen Termin verhindert ist, meldet sich bitte "
                                     "bis 20.01.2027 ab.")  # fmt: skip
    assert only_cancelling_deadlines("Bitte melden Sie sich bis 5. Februar 2027 ab.")
    assert not only_cancelling_deadlines("Bitte melden Sie sich bis 5. Februar 2027 an.")
    assert not only_cancelling_deadlines("Bitte melden Sie sich bis 5. Februar 2027 an, ab "
                                         "9 Uhr ist Einlass.")  # fmt: skip


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("roles")
    return assistant_over(root, {"fachforum-akte-2027.txt": MOVED,
                                 "forum-digitale-gemeinde-bilanz.txt": REPORT})


def test_the_registration_deadline_is_not_the_cancellation_one(assistant: Assistant) -> None:
    answer = assistant.ask("bis wann kann man sich noch fürs fachforum digitale akte anmelden?")
    assert "25. März" in answer.answer and "18. März" not in answer.answer


def test_the_cancellation_deadline_when_it_is_asked(assistant: Assistant) -> None:
    answer = assistant.ask("bis wann kann ich beim fachforum digitale akte kostenlos stornieren?")
    assert "18. März" in answer.answer


def test_prize_money_is_no_fee(assistant: Assistant) -> None:
    answer = assistant.ask("Wie hoch war die Teilnahmegebühr beim Forum Digitale Gemeinde?")
    assert "Euro" not in answer.answer, answer.answer


AGREEMENT = """Honorarvereinbarung für den 2. Fachkongress Daten im Dorf

Der 2. Fachkongress Daten im Dorf findet am Mittwoch, 27. Januar 2027, in der Stadthalle
Talheim statt. Die Akademie hält im Hotel „Zur Linde“ ein Zimmer für die Referentin bis zum
8. Januar 2027 vor; danach verfällt die Reservierung. Eine kostenfreie Stornierung ist bis
zum 20. Januar 2027 möglich. Die Folien sendet die Referentin bis
zum 13. Januar 2027 an die Akademie.
"""
POLL = """Terminumfrage: 4. Treffen Ehrenamt digital

Das 4. Treffen Ehrenamt digital findet am Mittwoch, 20. Januar 2027, im Rathaus Talheim
statt. Erstellt von Maren Hohl · Abstimmung erbeten bis 25.11.2026 · Umfrage-ID tf-81

Bitte meldet euch für die Verpflegung bis Freitag, 8. Januar 2027 formlos an.
"""


def test_a_sign_up_deadline_is_not_a_rooms_or_a_polls(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"honorar.txt": AGREEMENT, "umfrage.txt": POLL})
    room = assistant.ask("bis wann muss man sich für den fachkongress daten im dorf anmelden?")
    assert "8. Januar" not in room.answer and "13. Januar" not in room.answer, room.answer
    poll = assistant.ask("bis wann muss man sich fürs treffen ehrenamt digital anmelden?")
    assert "8. Januar 2027" in poll.answer, poll.answer
    assert "25.11." not in poll.answer, poll.answer
    cancel = assistant.ask("bis wann kann ich meine anmeldung zum fachkongress daten im dorf "
                           "kostenlos stornieren?")  # cancelling is asked: no sign-up word needed
    assert "20. Januar 2027" in cancel.answer, cancel.answer

"""A release on the first edition of a series that looks ahead to the second: "die zweite"
is the edition dated with its number, though it scores below the release's own as only
announced; "the first" in English numbers an edition as "die erste" does, and the release's
unnumbered sentences are about its own (first) edition. Seats taken are who came. The
release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.seam import GenerationRequest
from assistant.answering.sections import same_ordinal
from assistant.answering.slots import count_roles
from assistant.answering.units import answer_units
from assistant.pipeline import Assistant
from assistant.records import Passage
from assistant.text.questions import analyse

SHOW_NOTES = """# Folge 12: Rückblick auf die Datenwerkstatt in Kesselbach

Drei Wochen nach der ersten Datenwerkstatt Kreisverwaltung sprechen wir mit der
Organisatorin Jana Vogt über den Tag. Die Werkstatt fand am Dienstag, 3. November 2026, im
Forum am Markt in Kesselbach statt. Von 90 Plätzen waren 72 belegt.

## Ausblick

Die 2. Datenwerkstatt Kreisverwaltung ist für Mittwoch, den 14. April 2027, in der
Stadthalle Auenfeld geplant. Die Anmeldung öffnet am 10. Januar 2027.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("numbered")
    return assistant_over(root, {"folge-12-datenwerkstatt.md": SHOW_NOTES},
                          today=date(2026, 12, 1))  # fmt: skip


def test_the_second_edition_is_the_one_dated_with_its_number(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist die zweite datenwerkstatt?")
    assert "14. April 2027" in answer.answer, answer.answer


def test_the_first_in_english_is_the_releases_own_edition(assistant: Assistant) -> None:
    answer = assistant.ask("How many people came to the first Datenwerkstatt?")
    assert "72" in answer.answer, answer.answer


def test_seats_taken_answer_how_many_came(assistant: Assistant) -> None:
    answer = assistant.ask("wie viele kamen zur ersten datenwerkstatt?")
    assert "72" in answer.answer, answer.answer
    assert count_roles("Von 90 Plätzen waren 72 belegt.") == {"actual", "expected"}


def test_unnumbered_sentences_of_a_release_opening_on_the_asked_edition_stay() -> None:
    """The release opens on the first edition and looks ahead to the second: for "die erste"
    its unnumbered sentences stay, the outlook's numbered one goes."""
    question = "wie viele kamen zur ersten datenwerkstatt?"
    body = SHOW_NOTES.split("\n", 2)[2]  # without the headline
    passage = Passage("c1", "folge", "Folge 12", body, body, 1.0)
    request = GenerationRequest(question, analyse(question), (passage,), None, date(2026, 12, 1))  # type: ignore[arg-type]
    kept = [u.text for u in same_ordinal(answer_units([passage]), request)]
    assert any("72 belegt" in t for t in kept), kept
    assert not any("14. April" in t for t in kept), kept

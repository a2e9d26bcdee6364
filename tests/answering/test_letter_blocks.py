"""Letters to registered guests: the letterhead gives the sender's address, the letter's own
place and day stand below the addressee, a paragraph tells how to cancel a hotel room, and an
indented block gives the event's new day and address. "Wann?" is answered by the block's day
(neither the letter's day nor the day it was first planned for), "Wo?" by the block's address
(neither the letterhead nor the room for the night). The release is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.corpus.heads import dateline
from assistant.pipeline import Assistant

LETTER = (
    "Zweckverband Kommunale IT Oberweser · Bahnhofstraße 3 · 37688 Beverstedt\n\n"
    "Stadt Lauenrode\nHerrn Tobias Brandes\nMarktplatz 1\n37691 Lauenrode\n\n"
    "Beverstedt, 26. November 2026\n\n"
    "Verlegung des 5. Digitalforums Oberweser\n\n"
    "Sehr geehrter Herr Brandes,\n\n"
    "das 5. Digitalforum Oberweser kann nicht wie geplant am 10. Februar 2027 stattfinden. "
    "Wir laden Sie zum neuen Termin ein:\n\n"
    "    5. Digitalforum Oberweser\n"
    "    Mittwoch, 12. Mai 2027, 9:30 bis 16:00 Uhr\n"
    "    Weserspeicher, Hafenstraße 14, 37688 Beverstedt\n\n"
    "Falls Sie für das Digitalforum ein Zimmer aus dem Kontingent im Hotel Weserblick in "
    "Beverstedt gebucht haben, stornieren Sie es bitte selbst beim Hotel.\n\n"
    "Mit freundlichen Grüßen\n\nJohanna Reimers\nGeschäftsführerin\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("block"), {"verlegung.txt": LETTER})


@pytest.mark.parametrize("question", ["wo findet das digitalforum oberweser statt?",
                                      "wo ist das digitalforum oberweser?"])
def test_the_block_of_day_and_address_answers_where(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert "Hafenstraße 14" in answer.answer, answer.answer
    assert "Bahnhofstraße" not in answer.answer and "Weserblick" not in answer.answer


def test_a_room_is_answered_where_a_room_is_asked(assistant: Assistant) -> None:
    answer = assistant.ask("in welchem hotel gibt es ein zimmerkontingent zum digitalforum?")
    assert "Weserblick" in answer.answer, answer.answer


def test_a_letters_place_and_day_below_the_address_date_it() -> None:
    assert dateline(LETTER) == ("Beverstedt, 26. November 2026", date(2026, 11, 26))
    block = "Landkreis Weserau\nAmt für IT\nHerrn Kai Brandes\nMarktplatz 1\n37691 Lauenrode\n"
    assert dateline(block + "Mittwoch, 12. Mai 2027\n\nDas Forum beginnt um 9 Uhr.")[1] is None
    assert dateline(block + "Wir laden Sie herzlich zum Forum ein, es ist kostenfrei.\n"
                    "Beverstedt, 26. November 2026")[1] is None  # below the letter's text
    card = "Save the Date\nDigitaltag Weserbergland\nLandkreis Weserbergland\nAmt für IT\n"
    assert dateline(card + "Einladung\nHameln, 12. März 2027\n\nWir laden ein.")[1] is None


def test_the_blocks_day_is_the_events(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist das digitalforum oberweser?").answer
    assert "12. Mai 2027" in answer and "Februar" not in answer and "November" not in answer


def test_the_day_first_planned_is_asked_as_such(assistant: Assistant) -> None:
    answer = assistant.ask("wann war das digitalforum ursprünglich geplant?").answer
    assert "10. Februar 2027" in answer and "Mai" not in answer


def test_the_catalog_dates_the_edition_by_its_block(assistant: Assistant) -> None:
    starts = {e.start for e in assistant.catalog.events if e.start is not None}
    assert date(2027, 5, 12) in starts and date(2027, 2, 10) not in starts

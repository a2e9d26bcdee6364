"""An English-only page among German releases: its month names name no series, "X and the Y
invite …" names its organisers, "The Kassel event" names nobody, a German question is answered
from it (marked as an English source) and an English answer does not call it German. The page
is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.choice import choose
from assistant.answering.phrasing import quote
from assistant.answering.selection import Scored
from assistant.answering.slots import CUES
from assistant.answering.units import AnswerUnit
from assistant.events.catalog import Catalog
from assistant.pipeline import Assistant
from assistant.text.intents import Slot, read_ask
from assistant.text.names import find_people

PAGE = """Press release 12/2026 · Kassel, Monday, 30 November 2026

International workshop on public-sector data exchange in Kassel, March 2027

The Federal Agency for Register Services (BARS) and the Danish Centre for Open Registers (DCOR)
from Aarhus invite experts from administration and academia to an international workshop on
Wednesday, 17 March 2027, in Kassel. Participants can attend in person or join virtually.

Venue: The workshop takes place at the Fulda Forum, Uferweg 2, 34117 Kassel. The rooms are kindly
provided by the Kassel Science Foundation, which owns the building.

The Kassel event continues a series started in Aarhus on Tuesday, 14 October 2025, when 60 people
attended.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("english-page")
    return assistant_over(root, {"workshop.html.txt": PAGE}, today=date(2026, 12, 1))


def test_a_month_names_no_series_and_the_inviters_organise(assistant: Assistant) -> None:
    catalog: Catalog = assistant.catalog
    events = [e for e in catalog.events if e.start == date(2027, 3, 17)]
    assert events, [(e.series, e.start) for e in catalog.events]
    (event,) = events
    assert "March" not in event.series, event.series
    organisers = {f.value for f in event.organiser}
    assert "Federal Agency for Register Services" in organisers, organisers
    assert "Danish Centre for Open Registers" in organisers, organisers
    assert not any("Science Foundation" in o for o in organisers), organisers


def test_an_english_article_starts_no_persons_name() -> None:
    assert find_people("The Kassel event continues a series started in Aarhus.") == []


def test_a_german_question_over_the_english_page(assistant: Assistant) -> None:
    answer = assistant.ask("wer veranstaltet den workshop zum datenaustausch in kassel?").answer
    assert "Federal Agency for Register Services" in answer, answer
    assert "Science Foundation" not in answer, answer
    assert answer.startswith("Laut der englischsprachigen Quelle"), answer


def test_an_english_sentence_is_not_called_a_german_source() -> None:
    english = quote("The rooms are provided by the Kassel Science Foundation.", 1, "en")
    assert "German source" not in english and english.endswith("[1]."), english
    german = quote("Die Räume stellt die Stadt zur Verfügung.", 1, "en")
    assert german.startswith("According to the German source"), german


def test_the_english_inviters_sentence_answers_a_german_who_question() -> None:
    """None of the German question's own words can occur on an English page: a sentence
    naming the asked role (here "invite") answers without them; a German sentence still needs
    them."""
    question = "wer veranstaltet den workshop zum datenaustausch in kassel?"
    ask = read_ask(question)
    invite = "The Federal Agency for Register Services (BARS) invites experts to a workshop."
    english = Scored(AnswerUnit(index=0, text=invite, order=0), 0.9, 0.03, 0.0,
                     bool(CUES[Slot.ORGANISER].search(invite)), True)
    german = Scored(AnswerUnit(index=0, text="Die Stiftung Wissen veranstaltet einen "
                               "Lesesommer.", order=1), 0.9, 0.03, 0.0, True, True)
    assert english.cue
    assert choose(ask, [english], question, ["datenaustausch"]) is english
    assert choose(ask, [german], question, ["datenaustausch"]) is None

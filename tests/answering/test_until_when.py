""""Bis wann geht das?" asks for an end: a sentence that only dates the event ("Der Kongress
am 14. November … thematisiert …") does not answer it; one that says until when does. The
sentences are written for this test."""

from __future__ import annotations

from assistant.answering.choice import choose
from assistant.answering.selection import Scored
from assistant.answering.slots import cue
from assistant.answering.units import AnswerUnit
from assistant.text.intents import Slot, read_ask


def _scored(text: str) -> Scored:
    unit = AnswerUnit(index=0, text=text, order=0)
    return Scored(unit, 1.2, 0.3, 0.0, cue(Slot.END, text), True)


def test_until_when_needs_an_end() -> None:
    question = "bis wann geht das?"
    ask = read_ask(question)
    assert ask.slot == Slot.END
    topic = _scored("Der Kongress am 14. November 2026 in Kiel thematisiert, wie Daten "
                    "Verwaltung schneller machen.")
    end = _scored("Das Programm beginnt um 9.30 Uhr und endet gegen 16.30 Uhr.")
    assert choose(ask, [topic], question) is None
    assert choose(ask, [topic, end], question) is end

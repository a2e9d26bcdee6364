"""Which answer units speak of the time a question asks about: the day it names ("Wer
spricht am 20. Januar?" is not answered by the talk of 3 February), or an edition only
announced in another edition's release.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.dated import names_next
from assistant.answering.seam import GenerationRequest
from assistant.answering.selection import Scored
from assistant.answering.units import AnswerUnit
from assistant.text.dates import YEAR, find_dates
from assistant.text.intents import Slot


def on_asked_day(ranked: Sequence[Scored], request: GenerationRequest, slot: Slot) -> list[Scored]:
    """Without the rows of other days than one the question names ("Wer spricht am 20. Januar
    2027?" is not answered by the talk of 3 February)."""
    days = [m for m in find_dates(request.question) if m.year_explicit]
    if not days or slot in (Slot.DATE, Slot.START, Slot.END, Slot.DEADLINE):
        return list(ranked)
    return [s for s in ranked if not (found := find_dates(s.unit.text, days[0].first.year))
            or any(a.first <= m.last and m.first <= a.last for a in days for m in found)]


def of_announced(units: Sequence[AnswerUnit], year: int) -> list[AnswerUnit]:
    """The sentences about an edition only announced in another's release: those naming its
    year or "the next one", and the sentences right after them that name no year ("Der 4.
    Gipfel ist für 2027 vorgesehen. … für Teilnehmende aus Unternehmen ist ein Beitrag von
    110 Euro geplant."), not the host edition's."""
    kept: list[AnswerUnit] = []
    for unit in units:
        follows = bool(kept) and kept[-1].index == unit.index and kept[-1].order == unit.order - 1
        if str(year) in unit.text or names_next(unit.text) or (
            follows and not YEAR.search(unit.text) and not unit.heading and not unit.key_value
        ):  # a sentence going on about it, not a label line ("Moderation: …") of the next item
            kept.append(unit)
    return kept

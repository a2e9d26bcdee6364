"""What the catalog already knows about the asked event, as compact lines for an LLM prompt.

A small local model reads ~55 prompt tokens per second on two cores, so every passage
sentence costs time; the catalog has the event's date, place, organiser, … already quoted
from the releases. Giving those first (each with the chunk that states it, so the model can
cite it and the guardrails can check it) lets the prompt carry only a few hundred tokens of
passage text. `known_facts` is the one seam between the catalog's record and the prompt:
when the record changes, only this module does.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.seam import KnownFact
from assistant.events.catalog import Catalog
from assistant.events.model import Event
from assistant.events.series import series_key
from assistant.events.units import Fact
from assistant.text.dates import YEAR, format_date_de

#: (field, label) in prompt order; the first ones answer most questions.
LABELS = (
    ("city", "Ort"), ("venue", "Veranstaltungsort"), ("organiser", "Veranstalter"),
    ("patron", "Schirmherrschaft"), ("format", "Format"), ("participants", "Teilnehmende"),
    ("motto", "Motto"), ("registration", "Anmeldung"), ("speakers", "Mitwirkende"),
)  # fmt: skip
MAX_PER_FIELD = 3
MAX_EVENTS = 2


def asked_events(question: str, catalog: Catalog) -> list[Event]:
    """The editions the question names: half of a series' key words or more, one of them
    its own (not shared with another series), and the year if one is asked. None when the
    question fits more than `MAX_EVENTS` editions: then no single event is asked."""
    names = {e.series: [w for w in series_key(e.series) if len(w) >= 4] for e in catalog.events}
    owners: dict[str, int] = {}
    for words in names.values():
        for w in set(words):
            owners[w] = owners.get(w, 0) + 1
    asked = {w[:5] for w in series_key(question) if len(w) >= 4}
    years = set(YEAR.findall(question))
    found = []
    for event in catalog.events:
        words = names[event.series]
        hits = [w for w in words if w[:5] in asked]
        own = [w for w in hits if owners[w] == 1]
        if own and 2 * len(hits) >= len(words) and (not years or event.edition in years):
            found.append(event)
    return found if len(found) <= MAX_EVENTS else []


def known_facts(events: Sequence[Event]) -> tuple[KnownFact, ...]:
    """Label, value and provenance of the events' facts: the event's date first, then place,
    organiser, …; each distinct value once, at most `MAX_PER_FIELD` per field."""
    out: list[KnownFact] = []
    for event in events:
        prefix = f"{event.name}, " if len(events) > 1 else ""
        dated = _date_fact(event)
        if dated is not None and event.start is not None:
            when = format_date_de(event.start, event.end)
            out.append(KnownFact("dates", f"{prefix}Termin", when, dated.chunk_id, dated.quote))
        for field, label in LABELS:
            seen: set[str] = set()
            for fact in event.facts(field):
                if fact.value in seen or len(seen) >= MAX_PER_FIELD:
                    continue
                seen.add(fact.value)
                out.append(
                    KnownFact(field, f"{prefix}{label}", fact.value, fact.chunk_id, fact.quote)
                )
    return tuple(out)


def _date_fact(event: Event) -> Fact | None:
    if event.start is None:
        return None
    wanted = {event.start.isoformat(), f"{event.start}/{event.end}"}
    return next((f for f in event.dates if f.value in wanted), next(iter(event.dates), None))

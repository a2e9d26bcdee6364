"""Answers about events rather than passages, read from the event catalog (issue #5).

"Welche Veranstaltungen fanden im April statt?", "Was ist die nächste Veranstaltung?", "Bei
welchen Veranstaltungen sprach Sascha Friesike?": top-k passage retrieval cannot list, count or
compare across documents, nor tell past from upcoming. The catalog can, and every catalog
`Fact` names the chunk it was read from, so each answer line cites that chunk with `[k]`
(k = position in the returned passages, as for any generator; `answering.citations.finalize`
renumbers).

Recognition is rule-based and deliberately narrow: a question is taken only if it has one of
the shapes below and no word outside `_ALLOWED`, the filters and the names it matched ("Studie",
"Thema KI" send it to retrieval). Anything unrecognised, or nothing citable in the catalog,
returns None and the normal retrieval path answers as before. Dates are relative to the
injected `today` (settings.effective_today()), never the clock, so evals are reproducible.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from assistant.events.catalog import FIELDS, Catalog, Event, Fact
from assistant.events.questions import EventQuery, parse
from assistant.records import Chunk, Passage
from assistant.text.analysis import fold
from assistant.text.dates import (
    MONTH_NAMES_DE,
    MONTH_NAMES_EN,
    format_date_de,
    format_date_en,
)

#: Lines of a list answer; the header still gives the full count (the UI tab lists all).
MAX_LINES = 10
#: `Answer.generator` of catalog answers (they bypass the configured generator).
GENERATOR = "catalog"
TEXT = {
    "de": {
        "event": "Veranstaltung", "events": "Veranstaltungen", "past": "vergangene",
        "upcoming": "kommende", "undated": "ohne Datum", "in": "in", "as_of": "Stand",
        "no_next": "Stand {today} ist in den Quellen keine weitere Veranstaltung{scope} "
                   "angekündigt; zuletzt: {line}",
        "next": "Nächste Veranstaltung (Stand {}):",
        "first_event": "Die früheste Veranstaltung in den Quellen:",
        "last_event": "Die zuletzt stattgefundene Veranstaltung in den Quellen:",
        "over": "bereits vorbei", "ahead": "steht noch bevor", "now": "läuft gerade",
        "sooner": "Früher beginnt {}:", "sooner_past": "Früher fand {} statt:",
        "more": "Mehr Teilnehmende hatte {}:", "most": "Die meisten Teilnehmenden hatte {}:",
        "none": "In den vorliegenden Quellen ist keine Veranstaltung{scope} genannt.",
        "series": " der Reihe „{}“", "with": " mit {}:", "first": ", die ersten {}:",
        "year": " im Jahr {}", "month": " im {}",
    },
    "en": {
        "event": "event", "events": "events", "past": "past", "upcoming": "upcoming",
        "undated": "no date given", "in": "in", "as_of": "As of",
        "no_next": "As of {today} the sources announce no further event{scope}; the most "
                   "recent: {line}",
        "next": "Next event (as of {}):",
        "first_event": "The earliest event in the sources:",
        "last_event": "The most recent event held, according to the sources:",
        "over": "already over", "ahead": "still to come", "now": "taking place now",
        "sooner": "{} starts earlier:", "sooner_past": "{} took place earlier:",
        "more": "{} had more participants:", "most": "{} had the most participants:",
        "none": "The available sources name no event{scope}.",
        "series": " of the series “{}”", "with": " with {}:", "first": ", the first {}:",
        "year": " in {}", "month": " in {}",
    },
}  # fmt: skip
_NUMBERS = {
    "de": ("Keine", "Eine", "Zwei", "Drei", "Vier", "Fünf", "Sechs", "Sieben", "Acht", "Neun",
           "Zehn", "Elf", "Zwölf"),
    "en": ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
           "Eleven", "Twelve"),
}  # fmt: skip


@dataclass(frozen=True)
class EventAnswer:
    """Answer text with `[k]` markers into `passages`; `abstained` when nothing matched."""

    text: str
    passages: tuple[Passage, ...]
    abstained: bool = False


class _Citer:
    """Passages in order of first citation; a fact whose chunk is gone from the index is
    neither cited nor stated."""

    def __init__(self, chunks_of: Callable[[str], Sequence[Chunk]]) -> None:
        self.chunks_of = chunks_of
        self.passages: list[Passage] = []

    def mark(self, facts: Iterable[Fact | None]) -> str:
        marks: list[str] = []
        for f in facts:
            ids = [p.chunk_id for p in self.passages]
            if f is not None and f.chunk_id not in ids:
                found = [c for c in self.chunks_of(f.doc_id) if c.chunk_id == f.chunk_id]
                self.passages.extend(Passage.from_chunk(c, score=1.0) for c in found[:1])
                ids += [c.chunk_id for c in found[:1]]
            if f is not None and f.chunk_id in ids:
                marks.append(f"[{ids.index(f.chunk_id) + 1}]")
        return "".join(dict.fromkeys(marks))


def _date_fact(event: Event) -> Fact | None:
    if event.start is None:
        return None
    wanted = {event.start.isoformat(), f"{event.start}/{event.end}"}
    return next((f for f in event.dates if f.value in wanted), next(iter(event.dates), None))


def _day(day: date, lang: str) -> str:
    return format_date_de(day) if lang == "de" else format_date_en(day)


def _line(event: Event, lang: str, cite: _Citer, extra: Sequence[Fact] = (),
          label: str = "") -> str:  # fmt: skip
    """ "• Digitaler Aufbruch 2024: 23. und 24. April 2024 in Hamburg [1]" + extra facts, each
    cited; "" if the event's date or place cannot be cited."""
    t = TEXT[lang]
    when = t["undated"]
    if event.start:
        when = (format_date_de if lang == "de" else format_date_en)(event.start, event.end)
    city = event.city[0] if event.city else None
    named = next((f for name in FIELDS for f in event.facts(name)), None)  # names the edition
    anchor = [_date_fact(event), city] if event.start else [*extra[:1], named]
    marks = cite.mark(anchor)
    if not marks:
        return ""
    where = f" {t['in']} {city.value}" if city and event.start else ""
    head = f"• {event.name}{label}: {when}{where} {marks}"
    details = "; ".join(f"{f.value} {cite.mark([f])}" for f in extra)
    return f"{head} – {details}" if details else head


def _scope(q: EventQuery, lang: str) -> str:
    """ " der Reihe „Digitaler Aufbruch“ im April 2024 in Hamburg" for headers."""
    t = TEXT[lang]
    parts = [t["series"].format(q.series[0])] if q.series else []
    years = " / ".join(str(y) for y in q.years)
    if q.month:
        month = (MONTH_NAMES_DE if lang == "de" else MONTH_NAMES_EN)[q.month - 1]
        parts.append(t["month"].format(f"{month} {years}".strip()))
    elif years:
        parts.append(t["year"].format(years))
    if q.city:
        parts.append(f" {t['in']} {q.city}")
    return "".join(parts)


def _header(n: int, q: EventQuery, lang: str, today: date) -> str:
    """ "Zwei Veranstaltungen im April:", "Six past events (as of 23 November 2026):"."""
    t = TEXT[lang]
    count = _NUMBERS[lang][n] if n < len(_NUMBERS[lang]) else str(n)
    adjective = f" {t[q.when]}" if q.when else ""
    as_of = f" ({t['as_of']} {_day(today, lang)})" if q.when else ""
    return f"{count}{adjective} {t['events' if n != 1 else 'event']}{_scope(q, lang)}{as_of}:"


def _people(event: Event) -> tuple[int, Fact] | None:
    """The first participant count with a number ("über 50 Gäste" → 50)."""
    for f in event.participants:
        number = re.search(r"\d[\d.]*", f.value)
        if number:
            return int(number.group(0).replace(".", "")), f
    return None


def _select(q: EventQuery, catalog: Catalog, today: date) -> list[Event]:
    """Events matching every filter of the query, in date order."""
    events = list(catalog.events)
    if q.month or q.years or q.city:
        picked = {e.event_id for y in q.years or (None,)
                  for e in catalog.events_in(q.month, y, q.city)}  # fmt: skip
        events = [e for e in events if e.event_id in picked]
    if q.series:
        wanted = {e.event_id for s in q.series for e in catalog.find(s)}
        events = [e for e in events if e.event_id in wanted]
    if q.when or q.kind == "next":
        past, upcoming = catalog.past_and_upcoming(today)
        keep = {e.event_id for e in (past if q.when == "past" else upcoming)}
        events = [e for e in events if e.event_id in keep]
    if q.speaker:
        spoke = {e.event_id for e in catalog.events_with_speaker(q.speaker)}
        events = [e for e in events if e.event_id in spoke]
    if q.changed:
        events = [e for e in events if e.status]
    return events


def _state(event: Event, today: date, lang: str) -> str:
    start = event.start or today
    key = "ahead" if start > today else "over" if (event.end or start) < today else "now"
    return f" – {TEXT[lang][key]}"


def answer(
    question: str,
    language: str,
    catalog: Catalog,
    chunks_of: Callable[[str], Sequence[Chunk]],
    today: date,
) -> EventAnswer | None:
    """The catalog's answer to `question` relative to `today` (None: not a catalog question,
    or the catalog has nothing citable for it, so retrieval answers instead)."""
    query = parse(question, catalog, today)
    if query is None:
        return None
    lang = "en" if language == "en" else "de"
    t = TEXT[lang]
    events = _select(query, catalog, today)
    cite = _Citer(chunks_of)
    header = f"{t['as_of']} {_day(today, lang)}:"
    if not events and query.series and query.kind == "next":
        return None  # a named series' plans ("soll im Herbst 2027 … stattfinden") are no event
    if not events and (query.kind == "next" or query.when == "upcoming"):  # name the last one
        earlier = _select(replace(query, kind="list", when="past"), catalog, today)
        last = _line(earlier[-1], lang, cite).removeprefix("• ") if earlier else ""
        text = t["no_next"].format(today=_day(today, lang), scope=_scope(query, lang), line=last)
        # the corpus does not know the next one: an abstention that names the last one
        return EventAnswer(text, tuple(cite.passages), abstained=True) if last else None
    if query.kind == "next":
        header, lines = t["next"].format(_day(today, lang)), [_line(events[0], lang, cite)]
    elif query.kind == "earlier":  # of each named series its edition in the asked year
        dated = sorted((e for e in events if e.start), key=lambda e: e.start or today)
        of_series = [[e for e in dated if e in catalog.find(s)] for s in query.series]
        if len(query.years) == len(query.series) > 1:  # "X 2024 oder Y 2023": in that order
            of_series = [[e for e in found if e.start and e.start.year == y]
                         for found, y in zip(of_series, query.years, strict=True)]
        one = [editions[0] for editions in of_series if editions]
        if len(one) < 2:
            return None
        one.sort(key=lambda e: e.start or today)
        key = "sooner_past" if (one[0].start or today) < today else "sooner"
        header = "" if one[0].start == one[1].start else t[key].format(one[0].name)
        lines = [_line(e, lang, cite) for e in one]
    elif query.kind in ("first", "last"):  # by date; "zuletzt": the last one held by today
        dated = [e for e in events if e.start and (query.kind == "first" or e.start <= today)]
        if not dated:
            return None
        event = dated[0] if query.kind == "first" else dated[-1]
        header, lines = t[query.kind + "_event"], [_line(event, lang, cite)]
    elif query.kind in ("participants", "compare"):
        if len(events) < 2:
            return None  # one event's count is a passage fact: the generator answers it
        counted = [(p[0], p[1], e) for e in events if (p := _people(e))]
        if query.kind == "compare":
            if len(counted) < 2:
                return None
            counted.sort(key=lambda x: -x[0])
            top = t["more" if len(counted) == 2 else "most"].format(counted[0][2].name)
            header = "" if counted[0][0] == counted[1][0] else top  # a tie: just the list
        else:
            header = ""
        lines = [_line(e, lang, cite, [f]) for _, f, e in counted]
    elif query.kind == "status":
        lines = [_line(e, lang, cite, label=_state(e, today, lang)) for e in events if e.start]
    elif query.kind == "speaker":
        words = fold(query.speaker or "").split()
        said = [[f for f in e.speakers if all(w in fold(f.value) for w in words)][:1]
                for e in events]  # fmt: skip
        lines = [_line(e, lang, cite, s) for e, s in zip(events, said, strict=True)]
        header = _header(len(events), query, lang, today)[:-1] + t["with"].format(query.speaker)
    else:
        if query.kind == "editions" or query.month or query.when:
            events = [e for e in events if e.start]  # undated ones cannot be in a month
        if query.kind == "editions" and len(events) == 1 and not query.when:
            return None  # one dated edition: its release answers when and where, venue too
        lines, rest = [], iter(events)
        for event in rest:  # a long list is cut after MAX_LINES; the header keeps the count
            lines.append(_line(event, lang, cite, event.status[:1] if query.changed else ()))
            if sum(map(bool, lines)) == MAX_LINES:
                break
        cut = next(rest, None) is not None
        header = _header(len(events) if cut else sum(map(bool, lines)), query, lang, today)
        if cut:
            header = header[:-1] + t["first"].format(MAX_LINES)
        elif query.kind == "editions" and len(events) == 1:
            header = ""  # the one held edition of "Wann war X?": a sentence
        if not any(lines) and (query.month or query.years or query.city) and not query.series:
            return EventAnswer(t["none"].format(scope=_scope(query, lang)), (), abstained=True)
    lines = [x for x in lines if x]
    if not lines:
        return None
    if not header and len(lines) == 1:
        lines = [lines[0].removeprefix("• ")]  # one event: a sentence, not a list
    return EventAnswer("\n".join([header, *lines] if header else lines), tuple(cite.passages))

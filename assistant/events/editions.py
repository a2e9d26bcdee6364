"""From one release to its event editions, and from all releases to merged events.

Each unit of a release belongs to one edition: the main one unless it names another edition
("Rückblick: X 2019", "am 23.-24.04.2024 … fortführen"). Editions named by several documents
are merged into one event that lists all of them as sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.events.dating import DateHit, date_hits, main_year
from assistant.events.model import Event, _event_id
from assistant.events.series import series, series_key, series_mentions
from assistant.events.spotting import spot_contacts, spot_fields
from assistant.events.units import FIELDS, Fact, Unit, fact, units
from assistant.records import Chunk, Document
from assistant.text.analysis import fold
from assistant.text.dates import infer_year
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import date_line_place, find_places
from assistant.text.roles import DAY_N, LOOK_BACK, UNRELATED, dates_other_event

# --------------------------------------------------------------------------- one document


@dataclass
class _Draft:
    series: str
    edition: str | None
    doc_id: str
    announced: bool
    start: date | None = None
    end: date | None = None
    facts: dict[str, list[Fact]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    best: tuple[tuple[int, int, int, int], date, date] | None = None
    spans: list[tuple[date, date]] = field(default_factory=list)

    def add(self, name: str, fact: Fact) -> None:
        """One fact per value; one per person for speakers, the first mention with a role."""
        facts = self.facts[name]
        key = (lambda v: v.split(" – ")[0]) if name == "speakers" else (lambda v: v)
        same = [
            i for i, f in enumerate(facts) if key(f.value).casefold() == key(fact.value).casefold()
        ]
        if not fact.value or (same and (" – " in facts[same[0]].value or " – " not in fact.value)):
            return
        if same:
            facts[same[0]] = fact
        else:
            facts.append(fact)

    def add_date(self, hit: DateHit) -> None:
        """Every event date is kept as a fact with its role; the edition's start and end come
        from the best one (a new date over the old one, never a planned date over an event's)."""
        m = hit.mention
        value = m.first.isoformat() if m.first == m.last else f"{m.first}/{m.last}"
        self.add("dates", Fact(value, hit.unit.chunk.doc_id, hit.unit.chunk.chunk_id,
                               hit.unit.text, role=hit.role))  # fmt: skip
        rank = ({"new": 2, "event": 1}.get(hit.role, 0), int(hit.own), int(not hit.other_number),
                hit.score)
        day_n = hit.role in ("event", "new") and DAY_N.search(hit.unit.text)
        if self.start and self.end and day_n:
            if m.first == self.end + timedelta(days=1):  # "Am zweiten Tag, Mittwoch, 28. April"
                self.end = m.last
                return
            if m.last == self.start - timedelta(days=1):
                self.start = m.first
                return
        if self.best is None or rank > self.best[0]:
            self.best = (rank, m.first, m.last)
            self.start, self.end = m.first, m.last
        if hit.role in ("event", "new") and timedelta(0) < m.last - m.first <= timedelta(days=4):
            self.spans.append((m.first, m.last))
        if self.start and self.start == self.end:  # "beginnt am 8. Juni" under "8. und 9. Juni"
            self.start, self.end = next(
                (s for s in self.spans if s[0] <= self.start <= s[1]), (self.start, self.end))

    def freeze(self) -> Event:
        quotes = [f.quote for f in self.facts["contact"] + self.facts["patron"]]
        speakers = [s for s in self.facts["speakers"]
                    if not any(s.value.split(" – ")[0] in q for q in quotes)]  # fmt: skip
        formats = self.facts["format"]
        if self.facts["venue"] and not any(f.value == "vor Ort" for f in formats):
            venue = self.facts["venue"][0]  # a venue is a place people travel to
            formats = [*formats, Fact("vor Ort", venue.doc_id, venue.chunk_id, venue.quote)]
        facts = {**self.facts, "speakers": speakers, "format": formats}
        return Event(
            event_id=_event_id(self.series, self.edition), series=self.series,
            edition=self.edition, start=self.start, end=self.end, sources=[self.doc_id],
            announced=self.announced, **facts,
        )  # fmt: skip


def extract_document(document: Document, chunks: Sequence[Chunk]) -> list[Event]:
    """The document's own event plus the other editions of its series that it names.

    Each unit (sentence, list item, heading) belongs to one edition: the main one unless it
    names another edition ("Rückblick: X 2019", "am 23.-24.04.2024 … fortführen"); that
    switch holds for the rest of the paragraph, or of the document for a heading.
    """
    ordered = sorted((c for c in chunks if c.doc_id == document.doc_id), key=lambda c: c.position)
    by_chunk = [list(units(c)) for c in ordered]
    all_units = [u for group in by_chunk for u in group]
    display, core = series(document, all_units)
    guess = infer_year(document.text, document.title)
    hits = date_hits(document, all_units, core, guess)
    year = main_year(document, hits, all_units, core)
    if year != guess:
        hits = date_hits(document, all_units, core, year)
    typed = any(is_type_word(w) for w in re.findall(r"[\w@\-]+", document.text))
    if not all_units or not core or not (hits or typed):
        return []  # no sign that this text is about an event at all
    drafts: dict[int | None, _Draft] = {}

    def draft(edition: int | None) -> _Draft:
        if edition not in drafts:
            label = str(edition) if edition else None
            drafts[edition] = _Draft(display, label, document.doc_id, edition != year)
        return drafts[edition]

    main = draft(year)
    hits_of: dict[tuple[str, int], list[DateHit]] = {}
    for hit in hits:
        hits_of.setdefault((hit.unit.chunk.chunk_id, hit.unit.start), []).append(hit)
    heading_scope: int | None = year
    for group in by_chunk:
        paragraph = -1
        for unit in group:
            if unit.para != paragraph:
                paragraph, scope = unit.para, heading_scope
            mentions = list(series_mentions(unit.text, core))
            own = hits_of.get((unit.chunk.chunk_id, unit.start), [])
            if UNRELATED.search(unit.text):
                continue  # "eine eigenständige Veranstaltung": another event's facts
            elsewhere = bool(own) and all(h.mention.year_explicit and h.mention.first.year != year
                                          and h.mention.first != document.published
                                          for h in own)  # "fand am 11. März 2025 … statt"
            # "Digitalpreis X 2026: … am 21. Januar 2027 ausgezeichnet": the name's year, and
            # the date early in the next year is that edition's own; so is the new date of
            # "X 2026 wird … auf den 19. März 2027 verschoben"
            late = {h for h in own if year is not None and not h.follow_up
                    and h.mention.first.year == year + 1
                    and (year in mentions or h.role == "new")}  # fmt: skip
            other = [y for y in mentions if y and y != year] + [
                h.mention.first.year for h in own
                if h.mention.first.year != year and h.mention.year_explicit and h not in late
                and (h.follow_up or mentions or elsewhere)
            ]  # fmt: skip
            if LOOK_BACK.search(unit.text) and (unit.heading or not other):
                if unit.heading:
                    scope = heading_scope = None  # a "Rückblick" section is about no edition
                continue  # a look back states nothing of this edition (a year it names, it may)
            if other:
                scope = other[0]
            elif year in mentions:
                scope = year
            if unit.heading and (other or year in mentions):
                scope = heading_scope = other[0] if other else year
            if scope is None:
                continue  # inside a look-back section
            target = draft(scope)
            for hit in own:
                if (hit.mention.first.year == scope or (hit in late and scope == year)) and not (
                    scope == year and hit.follow_up
                ):
                    target.add_date(hit)
            others = not own and not mentions and dates_other_event(unit.text, set(core))
            for name, found in spot_fields(unit, bool(own), bool(mentions), scope):
                if not (others and name in ("city", "venue")):  # "… am 9. Juni in Schwerin"
                    target.add(name, found)
        for contact in spot_contacts(group):
            main.add("contact", contact)
    if main.start is None:  # "in ihrer nächsten Ausgabe … am 21. Januar 2027": the only date
        _date_of_next_one(main, hits, year)  # of the edition the release announces
    if not main.facts["city"]:
        _city_of_date_line(main, hits)
    if not main.facts["city"]:
        _city_of_name(main, all_units)
    return [d.freeze() for d in sorted(drafts.values(), key=lambda d: (d.announced, d.edition))]


def _date_of_next_one(main: _Draft, hits: Sequence[DateHit], year: int | None) -> None:
    """A release announcing "the next edition" of its series dates it only in a sentence that
    says "nächste": that sentence's date, when the edition has no other."""
    ahead = [h for h in hits if h.follow_up and h.mention.first.year == year
             and h.mention.year_explicit and not LOOK_BACK.search(h.unit.text)]  # fmt: skip
    if ahead:
        main.add_date(max(ahead, key=lambda h: h.score))


def _city_of_date_line(main: _Draft, hits: Sequence[DateHit]) -> None:
    """ "Donnerstag, 10. Juni 2027 · Mannheim": the city a save-the-date's date line names."""
    for hit in hits:
        place = date_line_place(hit.unit.text)
        if hit.mention.first == main.start and place:
            main.add("city", fact(place, hit.unit))
            return


def _city_of_name(main: _Draft, all_units: Sequence[Unit]) -> None:
    """ "Hack the Rathaus Kiel", "Open-Government-Barcamp Lübeck": a city in the event's own
    name is where it takes place, when no sentence says so; quoted from the first unit
    naming the event with it."""
    cities = [w for w in re.split(r"[\s/-]+", main.series) if find_places(f"in {w}") == (w,)]
    for city in cities:
        unit = next((u for u in all_units if main.series in u.text), None)
        unit = unit or next((u for u in all_units if re.search(rf"\b{city}\b", u.text)), None)
        if unit is not None:
            main.add("city", fact(city, unit))
            return


# --------------------------------------------------------------------------- merging


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "Nordl@nder" and "Nordl@nder.DIGITAL" name one series; one key must extend the other."""
    short, long_ = sorted((a, b), key=len)
    return bool(short) and long_[: len(short)] == short and any(len(t) >= 4 for t in short)


def _combine(group: list[Event]) -> Event:
    """One event from its reports (first) and the announcements in other editions' reports."""
    own = [e for e in group if not e.announced]
    lead = (own or group)[0]
    dated = next((e for e in [*own, *group] if e.start), None)
    facts: dict[str, list[Fact]] = {}
    for name in FIELDS:
        seen: set[tuple[str, str]] = set()
        facts[name] = []
        for event in group:
            for f in event.facts(name):
                if (f.value.casefold(), f.doc_id) not in seen:
                    seen.add((f.value.casefold(), f.doc_id))
                    facts[name].append(f)
    return Event(
        event_id=_event_id(lead.series, lead.edition), series=lead.series, edition=lead.edition,
        start=dated.start if dated else None, end=dated.end if dated else None,
        sources=list(dict.fromkeys(s for e in group for s in e.sources)),
        announced=not own, **facts,
    )  # fmt: skip


def _order(event: Event) -> tuple[date, str, str]:
    return (event.start or date.max, fold(event.series), event.edition or "")


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Editions named by several documents become one event listing all of them as sources."""
    groups: list[list[Event]] = []
    for event in sorted(events, key=lambda e: (e.announced, e.sources)):
        key = series_key(event.series)
        for group in groups:
            if group[0].edition == event.edition and _compatible(series_key(group[0].series), key):
                group.append(event)
                break
        else:
            groups.append([event])
    return sorted((_combine(g) for g in groups), key=_order)


def extract_events(documents: Sequence[Document], chunks: Sequence[Chunk]) -> list[Event]:
    """All events of the documents, merged across documents, in date order."""
    return merge_events(e for d in documents for e in extract_document(d, chunks))


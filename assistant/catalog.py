"""The event catalog (issue #5): every event edition the press releases describe or announce.

Retrieval answers "what does a passage say"; questions like "Welche Veranstaltungen gibt es im
April?", "Wo spricht Jörn Riedel?" or "Was ist die nächste Veranstaltung?" need the events
themselves, across documents. The catalog is built at ingest next to the index, one JSON file,
and re-extracts only changed documents. Every value is a `Fact` that quotes the chunk sentence
it came from, so the answer step can cite it; facts that disagree (a "Online-Kongress" where
participants also "meet in person in Rostock") are kept side by side instead of being
resolved by a guess. Text-level spotting lives in `catalog_extract`; this module decides
which edition each sentence talks about, merges editions across documents and stores them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .analysis import fold
from .catalog_extract import (
    FIELDS,
    DateHit,
    Fact,
    date_hits,
    is_type_word,
    main_year,
    series,
    series_key,
    series_mentions,
    spot_contacts,
    spot_fields,
    units,
)
from .dates import infer_year
from .types import Chunk, Document, content_hash

__all__ = [
    "FIELDS", "Catalog", "CatalogError", "Event", "Fact", "extract_events", "load_catalog",
    "merge_events",
]

#: Bump when extraction rules change: a catalog.json written by other rules is rebuilt.
EXTRACTOR_VERSION = "catalog-v1"
CATALOG_FILE = "catalog.json"


class CatalogError(ValueError):
    """A catalog file that is missing, unreadable or written by other extraction rules."""


@dataclass(frozen=True)
class Event:
    """One edition of an event series; every list holds facts with their quoted provenance."""

    event_id: str
    series: str
    edition: str | None
    start: date | None
    end: date | None
    city: list[Fact]
    venue: list[Fact]
    organiser: list[Fact]
    patron: list[Fact]
    format: list[Fact]
    participants: list[Fact]
    speakers: list[Fact]
    topics: list[Fact]
    motto: list[Fact]
    registration: list[Fact]
    contact: list[Fact]
    dates: list[Fact]
    sources: list[str]
    announced: bool  # known only from another edition's report (announcement or review)

    def __hash__(self) -> int:
        return hash(self.event_id)

    @property
    def name(self) -> str:
        return f"{self.series} {self.edition}" if self.edition else self.series

    def facts(self, name: str) -> list[Fact]:
        facts: list[Fact] = getattr(self, name)
        return facts

    def values(self, name: str) -> list[str]:
        """Distinct values of one field, in order ("Hamburg" once even if two sources say it)."""
        return list(dict.fromkeys(f.value for f in self.facts(name)))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event_id": self.event_id, "series": self.series, "edition": self.edition,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "sources": list(self.sources), "announced": self.announced,
        }  # fmt: skip
        for name in FIELDS:
            data[name] = [f.__dict__ for f in self.facts(name)]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        facts = {n: [Fact(**f) for f in data.get(n, [])] for n in FIELDS}
        return cls(
            event_id=data["event_id"], series=data["series"], edition=data["edition"],
            start=date.fromisoformat(data["start"]) if data["start"] else None,
            end=date.fromisoformat(data["end"]) if data["end"] else None,
            sources=list(data["sources"]), announced=bool(data["announced"]), **facts,
        )  # fmt: skip


def _event_id(series_name: str, edition: str | None) -> str:
    return content_hash(" ".join(series_key(series_name)), edition or "")


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
        m = hit.mention
        value = m.first.isoformat() if m.first == m.last else f"{m.first}/{m.last}"
        self.add("dates", Fact(value, hit.unit.chunk.doc_id, hit.unit.chunk.chunk_id,
                               hit.unit.text))  # fmt: skip
        if self.start is None:
            self.start, self.end = m.first, m.last

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
    year = main_year(document, hits)
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
    heading_scope = year
    for group in by_chunk:
        paragraph = -1
        for unit in group:
            if unit.para != paragraph:
                paragraph, scope = unit.para, heading_scope
            mentions = list(series_mentions(unit.text, core))
            own = hits_of.get((unit.chunk.chunk_id, unit.start), [])
            other = [y for y in mentions if y and y != year] + [
                h.mention.first.year for h in own
                if h.mention.first.year != year and h.mention.year_explicit
                and (h.follow_up or mentions)
            ]  # fmt: skip
            if other:
                scope = other[0]
            elif year in mentions:
                scope = year
            if unit.heading and (other or scope == year):
                heading_scope = scope
            target = draft(scope)
            for hit in own:
                if hit.mention.first.year == scope and not (scope == year and hit.follow_up):
                    target.add_date(hit)
            for name, found in spot_fields(unit, bool(own), bool(mentions), scope):
                target.add(name, found)
        for contact in spot_contacts(group):
            main.add("contact", contact)
    return [d.freeze() for d in sorted(drafts.values(), key=lambda d: (d.announced, d.edition))]


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


# --------------------------------------------------------------------------- the store

#: How one document becomes its events: `extract_document`, or `catalog_llm`'s extractor.
Extract = Callable[[Document, Sequence[Chunk]], list[Event]]


class Catalog:
    """Per-document extractions (for incremental updates) plus the merged events."""

    def __init__(self, per_document: dict[str, tuple[str, list[Event]]] | None = None) -> None:
        self._docs = dict(per_document or {})
        self.events: list[Event] = merge_events(e for _, evs in self._docs.values() for e in evs)

    @classmethod
    def build(cls, documents: Sequence[Document], chunks: Sequence[Chunk]) -> Catalog:
        return cls().update(documents, chunks=chunks)

    def update(self, changed_docs: Sequence[Document], removed_doc_ids: Iterable[str] = (),
               chunks: Sequence[Chunk] | None = None, extract: Extract | None = None,
               ) -> Catalog:  # fmt: skip
        """Re-extract only `changed_docs` (their chunks are made if not given), then re-merge;
        `extract` replaces the rules at ingest (`catalog_llm` adds verified model facts)."""
        from .chunking import chunk_document

        for doc_id in removed_doc_ids:
            self._docs.pop(doc_id, None)
        for document in changed_docs:
            mine = [c for c in chunks or () if c.doc_id == document.doc_id]
            events = (extract or extract_document)(document, mine or chunk_document(document))
            self._docs[document.doc_id] = (document.content_hash, events)
        self.events = merge_events(e for _, evs in self._docs.values() for e in evs)
        return self

    def sync(self, documents: Sequence[Document], chunks: Sequence[Chunk] | None = None,
             extract: Extract | None = None) -> Catalog:  # fmt: skip
        """Bring the catalog to exactly `documents`: re-extract changed ones, drop gone ones."""
        changed = [d for d in documents if self._docs.get(d.doc_id, ("",))[0] != d.content_hash]
        removed = set(self._docs) - {d.doc_id for d in documents}
        return self.update(changed, removed, chunks, extract)

    def follow(self, chunks: Sequence[Chunk]) -> Catalog:
        """Bring the catalog to exactly the documents of an index generation.

        The index, not the corpus folder, is what answers are drawn from (and all a replica
        in scale-out mode has), so the catalog is derived from its chunks: a document whose
        hash changed is re-extracted from its chunks, a document gone from the index is
        dropped. Extraction from the chunks gives the same events as from the file.
        """
        by_doc: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
        for doc_id in set(self._docs) - set(by_doc):
            del self._docs[doc_id]
        for doc_id, mine in by_doc.items():
            mine.sort(key=lambda c: c.position)
            doc_hash = mine[0].doc_hash
            if doc_hash and self._docs.get(doc_id, ("",))[0] == doc_hash:
                continue
            document = Document(
                doc_id=doc_id, title=mine[0].title, text="\n\n".join(c.body for c in mine),
                published=mine[0].published, url=mine[0].url,
            )  # fmt: skip
            self._docs[doc_id] = (doc_hash, extract_document(document, mine))
        self.events = merge_events(e for _, evs in self._docs.values() for e in evs)
        return self

    @property
    def doc_ids(self) -> list[str]:
        return sorted(self._docs)

    def to_json(self) -> dict[str, Any]:
        return {
            "extractor": EXTRACTOR_VERSION,
            "events": [e.to_json() for e in self.events],
            "documents": {
                doc_id: {"hash": h, "events": [e.to_json() for e in evs]}
                for doc_id, (h, evs) in sorted(self._docs.items())
            },
        }

    def save(self, path: Path) -> None:
        """Atomic write: readers see the old file or the new one, never half of one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.to_json(), handle, ensure_ascii=False, indent=1)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> Catalog:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CatalogError(f"Katalog nicht lesbar: {path} ({exc})") from exc
        if not isinstance(data, dict) or data.get("extractor") != EXTRACTOR_VERSION:
            raise CatalogError(
                f"Katalog {path} stammt von anderen Extraktionsregeln; neu aufbauen."
            )
        try:
            docs = {
                doc_id: (entry["hash"], [Event.from_json(e) for e in entry["events"]])
                for doc_id, entry in data["documents"].items()
            }
        except (KeyError, TypeError, ValueError) as exc:
            raise CatalogError(f"Katalog {path} ist beschädigt ({exc}); neu aufbauen.") from exc
        return cls(docs)

    # ----------------------------------------------------------------------- queries

    def find(self, series: str | None = None, edition: str | int | None = None) -> list[Event]:
        """Events of a series (any inflection or prefix: "Digitalen Aufbruch") and/or edition."""
        wanted = series_key(series) if series else ()
        return [
            e for e in self.events
            if (not wanted or _compatible(wanted, series_key(e.series))
                or fold(series or "") in fold(e.series))
            and (edition is None or e.edition == str(edition))
        ]  # fmt: skip

    def events_in(self, month: int | None = None, year: int | None = None,
                  city: str | None = None) -> list[Event]:  # fmt: skip
        """Events overlapping a month and/or year (an undated edition counts for its year only)
        and/or held in a city."""
        out = []
        for e in self.events:
            if city and not any(fold(city) == fold(f.value) for f in e.city):
                continue
            if e.start is None:  # an undated edition ("Rückblick: X 2019") counts for its year
                when = month is None and (year is None or e.edition == str(year))
            else:
                when = _overlaps(e.start, e.end or e.start, month, year)
            if when:
                out.append(e)
        return out

    def events_with_speaker(self, name: str) -> list[Event]:
        """Events where a speaker's name contains every word asked ("Riedel", "Jörn Riedel")."""
        words = fold(name).split()
        return [
            e for e in self.events
            if words and any(all(w in fold(f.value.split(" – ")[0]).split() for w in words)
                             for f in e.speakers)
        ]  # fmt: skip

    def past_and_upcoming(self, today: date) -> tuple[list[Event], list[Event]]:
        """Dated events split at `today` (running events are upcoming), both in date order."""
        dated = [e for e in self.events if e.start]
        past = [e for e in dated if (e.end or e.start or today) < today]
        return past, [e for e in dated if e not in past]

    def next_event(self, today: date) -> Event | None:
        upcoming = self.past_and_upcoming(today)[1]
        return upcoming[0] if upcoming else None


def load_catalog(path: Path, chunks: Sequence[Chunk]) -> Catalog:
    """The saved catalog brought up to date with the index (re-extracting what it lacks);
    a missing or unusable file only costs the extraction time."""
    try:
        catalog = Catalog.load(path)
    except CatalogError:
        catalog = Catalog()
    return catalog.follow(chunks)


def _overlaps(start: date, end: date, month: int | None, year: int | None) -> bool:
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        if (year is None or y == year) and (month is None or m == month):
            return True
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return False

"""Records passed between the pipeline stages.

All records are frozen so that a stage can never mutate what another stage
handed it; ids are hashed from content so that re-ingesting an unchanged file
produces identical ids (the basis of idempotent, incremental ingest).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def content_hash(*parts: str, length: int = 16) -> str:
    """Stable short hash; parts are joined with a separator that cannot occur in text."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


#: `Document.metadata` key of a paged source (PDF): where in `text` each page's text stands.
PAGES_KEY = "pages"


@dataclass(frozen=True)
class PageSpan:
    """Characters `start:end` of a document's text came from pages `first`..`last` (1-based)."""

    start: int
    end: int
    first: int
    last: int


def encode_pages(spans: list[PageSpan]) -> str:
    """Compact enough for document metadata: "0-120:1-1;122-560:1-2"."""
    return ";".join(f"{s.start}-{s.end}:{s.first}-{s.last}" for s in spans)


def decode_pages(value: str) -> tuple[PageSpan, ...]:
    spans = []
    for part in (value or "").split(";"):
        try:
            offsets, pages = part.split(":")
            start, end = offsets.split("-")
            first, last = pages.split("-")
            spans.append(PageSpan(int(start), int(end), int(first), int(last)))
        except ValueError:
            continue
    return tuple(spans)


@dataclass(frozen=True)
class Document:
    """One source file after cleaning: the unit staff add, change and delete."""

    doc_id: str  # file stem, e.g. "digitaler-aufbruch-2024"
    title: str
    text: str  # cleaned full text (headline included)
    published: date | None = None
    url: str | None = None
    source_path: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        published = self.published.isoformat() if self.published else ""
        parts = [self.doc_id, self.title, published, self.url or "", self.text]
        if self.metadata.get(PAGES_KEY):  # paged sources only: other ids stay as they were
            parts.append(self.metadata[PAGES_KEY])
        return content_hash(*parts)


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document.

    `text` is what gets embedded and indexed: the body prefixed with the
    document's title and date, so a chunk read alone is understandable.
    `body` is the original span, used for quoting in answers.
    """

    chunk_id: str
    doc_id: str
    position: int
    title: str
    body: str
    text: str
    published: date | None = None
    url: str | None = None
    doc_hash: str = ""
    page: int | None = None  # paged sources (PDF): the page the chunk starts on …
    page_end: int | None = None  # … and the one it ends on


@dataclass(frozen=True)
class Passage:
    """A chunk as returned by retrieval, with the scores that ranked it."""

    chunk_id: str
    doc_id: str
    title: str
    body: str
    text: str
    score: float
    published: date | None = None
    url: str | None = None
    position: int = 0
    lexical_score: float = 0.0
    dense_score: float = 0.0
    page: int | None = None
    page_end: int | None = None

    @classmethod
    def from_chunk(
        cls, chunk: Chunk, score: float, lexical_score: float = 0.0, dense_score: float = 0.0
    ) -> Passage:
        return cls(
            chunk_id=chunk.chunk_id,
            doc_id=chunk.doc_id,
            title=chunk.title,
            body=chunk.body,
            text=chunk.text,
            score=score,
            published=chunk.published,
            url=chunk.url,
            position=chunk.position,
            lexical_score=lexical_score,
            dense_score=dense_score,
            page=chunk.page,
            page_end=chunk.page_end,
        )


@dataclass(frozen=True)
class Source:
    """A numbered source listed under an answer (only cited ones are listed)."""

    n: int
    doc_id: str
    title: str
    published: date | None
    url: str | None
    chunk_id: str
    text: str
    score: float
    page: int | None = None  # PDF sources: cited as "S. 2" (or "S. 2–3")
    page_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        """`page` (and `page_end` when the passage runs over) only for paged sources, so the
        contract for other sources is unchanged."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        if self.page is None:
            del data["page"], data["page_end"]
        elif self.page_end in (None, self.page):
            del data["page_end"]
        return data


@dataclass(frozen=True)
class Turn:
    """One earlier exchange in a conversation, used to resolve follow-ups."""

    question: str
    answer: str = ""


@dataclass(frozen=True)
class Answer:
    """The assistant's reply; `to_json` is the stable contract for eval scripts and the UI."""

    question: str
    answer: str
    language: str
    abstained: bool
    sources: tuple[Source, ...]
    timings_ms: dict[str, float]
    generator: str
    embedding_model: str
    resolved_question: str = ""
    note: str = ""
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "answer": self.answer,
            "language": self.language,
            "abstained": self.abstained,
            "sources": [s.to_json() for s in self.sources],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
            "generator": self.generator,
            "embedding_model": self.embedding_model,
            "resolved_question": self.resolved_question,
        }
        if self.note:
            data["note"] = self.note
        if self.error is not None:
            data["error"] = self.error
        return data


#: The catalog's fact lists per event, in display order. Every fact keeps its `role` where one
#: field holds values of different meaning (an event date vs. a registration deadline).
# fmt: off
FIELDS = ("city", "venue", "organiser", "patron", "format", "participants", "speakers", "topics",
          "motto", "registration", "contact", "dates", "moderator", "partners", "sponsors", "fee",
          "times", "capacity", "status")
# fmt: on


@dataclass(frozen=True)
class Fact:
    """One value read from a release; `quote` is an exact substring of the chunk's `text`.

    `role` says what the value is where one field mixes meanings: for `dates` "event",
    "planned" (a date the event no longer has: postponed from, cancelled), "deadline",
    "published"; for `participants` "expected" or "actual"; for `times` "start", "end",
    "doors"; for `sponsors` "sponsor" or "media"; for `status` "postponed" or "cancelled".
    """

    value: str
    doc_id: str
    chunk_id: str
    quote: str
    role: str = ""


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
    moderator: list[Fact] = field(default_factory=list)
    partners: list[Fact] = field(default_factory=list)
    sponsors: list[Fact] = field(default_factory=list)
    fee: list[Fact] = field(default_factory=list)
    times: list[Fact] = field(default_factory=list)
    capacity: list[Fact] = field(default_factory=list)
    status: list[Fact] = field(default_factory=list)

    def __hash__(self) -> int:
        return hash(self.event_id)

    @property
    def name(self) -> str:
        """ "Digitaler Aufbruch 2024"; "Verwaltung 2030 (2026)" when the series' name ends in
        a number of its own; the series alone when its name already carries the edition."""
        if not self.edition or self.series.endswith(f" {self.edition}"):
            return self.series
        if self.series.rsplit(" ", 1)[-1].isdigit():
            return f"{self.series} ({self.edition})"
        return f"{self.series} {self.edition}"

    def facts(self, name: str, role: str | None = None) -> list[Fact]:
        facts: list[Fact] = getattr(self, name)
        return facts if role is None else [f for f in facts if f.role == role]

    def values(self, name: str) -> list[str]:
        """Distinct values of one field, in order ("Hamburg" once even if two sources say it)."""
        return list(dict.fromkeys(f.value for f in self.facts(name)))

    @property
    def cancelled(self) -> bool:
        return any(f.role == "cancelled" for f in self.status)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event_id": self.event_id, "series": self.series, "edition": self.edition,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "sources": list(self.sources), "announced": self.announced,
        }  # fmt: skip
        for name in FIELDS:
            data[name] = [asdict(f) for f in self.facts(name)]
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

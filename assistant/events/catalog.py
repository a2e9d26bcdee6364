"""The event catalog (issue #5): every event edition the press releases describe or announce.

Retrieval answers "what does a passage say"; questions like "Welche Veranstaltungen gibt es im
April?", "Wo spricht Jörn Riedel?" or "Was ist die nächste Veranstaltung?" need the events
themselves, across documents. The catalog is built at ingest next to the index, one JSON file,
and re-extracts only changed documents. Every value is a `Fact` that quotes the chunk sentence
it came from, so the answer step can cite it; facts that disagree (a "Online-Kongress" where
participants also "meet in person in Rostock") are kept side by side instead of being
resolved by a guess. Spotting lives in `events.spotting` and `events.dating`, editions and
merging in `events.editions`; this module stores the merged events and answers queries over
them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from assistant.events.editions import _compatible, extract_document, extract_events, merge_events
from assistant.events.model import Event
from assistant.events.series import series_key
from assistant.events.units import FIELDS, Fact
from assistant.records import Chunk, Document
from assistant.text.analysis import fold

__all__ = [
    "FIELDS", "Catalog", "CatalogError", "Event", "Fact", "extract_document", "extract_events",
    "load_catalog", "merge_events",
]

CATALOG_FILE = "catalog.json"
#: The packages whose code decides what is extracted: reading files, splitting, the rules.
_RULE_PACKAGES = ("corpus", "events", "text")


@functools.cache  # the source does not change while the process runs
def extractor_version() -> str:
    """A fingerprint of the extraction rules' source: a catalog.json written by other rules
    is rebuilt. A hand-bumped constant was forgotten over many rule changes, which left an
    upgraded site answering from events its old rules had read."""
    root = Path(__file__).resolve().parents[1]
    files = [f for package in _RULE_PACKAGES for f in (root / package).glob("*.py")]
    return rules_fingerprint([*files, root / "records.py"], root)


def rules_fingerprint(files: Iterable[Path], root: Path) -> str:
    """"catalog-<hash>" of the files' names (relative to `root`) and contents."""
    digest = hashlib.sha256()
    for name, content in sorted((f.relative_to(root).as_posix(), f.read_bytes()) for f in files):
        digest.update(name.encode() + b"\0" + content + b"\0")
    return f"catalog-{digest.hexdigest()[:16]}"


class CatalogError(ValueError):
    """A catalog file that is missing, unreadable or written by other extraction rules."""


# --------------------------------------------------------------------------- the store

#: How one document becomes its events: `extract_document`, or `events.extract_llm`'s extractor.
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
        `extract` replaces the rules at ingest (`events.extract_llm` adds verified model facts)."""
        from assistant.corpus.chunking import chunk_document

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
            "extractor": extractor_version(),
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
        if not isinstance(data, dict) or data.get("extractor") != extractor_version():
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

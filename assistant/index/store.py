"""Chroma plumbing under the index: the client (embedded or server), chunk <-> record
conversion, paged reads, the index's records (`IndexInfo`, `IngestReport`) and the index
errors whose German messages name the fix.

Kept apart from `index.chunk_index` so the generation/ingest logic there reads without the
connection details; the errors live here because the client raises them first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from assistant.records import Chunk
from assistant.settings import Settings


@dataclass(frozen=True)
class IndexInfo:
    """The live generation as `assistant info`, the staff tab and `/readyz` report it."""

    collection: str
    generation: int
    embedding_model: str
    chunking_version: str
    dimension: int
    built_at: str
    documents: int
    chunks: int


class IndexStateError(RuntimeError):
    """Base for index problems; messages are meant for people and name the fix."""


class IndexNotFoundError(IndexStateError):
    pass


class IndexMismatchError(IndexStateError):
    pass


class IndexCorruptError(IndexStateError):
    pass


class IndexBusyError(IndexStateError):
    pass


class IndexUnavailableError(IndexStateError):
    """Scale-out mode: the Chroma server cannot be reached. An outage, not damage: retry."""


class IndexReplacedError(IndexStateError):
    """The loaded generation was replaced and deleted by an ingest elsewhere: refresh."""


class IndexWriteError(IndexStateError):
    """The index cannot be written (disk full, directory not writable); the live one stays."""


class EmptyCorpusError(IndexStateError):
    """An ingest of zero documents would replace a non-empty index: refused unless asked for
    (an emptied folder or a wrong `--corpus` is far likelier than wanting no documents)."""

    @classmethod
    def keeping(cls, documents: int, chunks: int) -> EmptyCorpusError:
        return cls(
            f"Das Korpus enthält keine lesbaren Dokumente; der bisherige Index ({documents} "
            f"Dokumente, {chunks} Chunks) bleibt aktiv. Soll der Index wirklich geleert "
            "werden: `assistant ingest --allow-empty`."
        )


REBUILD_HINT = "Bitte neu aufbauen: `assistant ingest --rebuild`."
UNAVAILABLE = (
    "Der Index-Server (ASSISTANT_CHROMA_URL) ist gerade nicht erreichbar. "
    "Bitte versuchen Sie es in einigen Augenblicken erneut."
)
#: What a lost connection to the Chroma server raises (httpx underneath `HttpClient`).
CONNECTION_ERRORS = (httpx.TransportError, ConnectionError)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    generation: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def chunks_per_second(self) -> float:
        return self.chunks_embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0


def to_metadata(chunk: Chunk, ingested_at: str) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "doc_id": chunk.doc_id,
        "position": chunk.position,
        "title": chunk.title,
        "published": chunk.published.isoformat() if chunk.published else "",
        "url": chunk.url or "",
        "doc_hash": chunk.doc_hash,
        "body_offset": len(chunk.text) - len(chunk.body),
        "ingested_at": ingested_at,
    }
    if chunk.page is not None:  # paged sources only
        meta["page"] = chunk.page
        meta["page_end"] = chunk.page_end or chunk.page
    return meta


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    published = str(meta.get("published") or "")
    offset = int(meta.get("body_offset") or 0)
    return Chunk(
        chunk_id=chunk_id,
        doc_id=str(meta["doc_id"]),
        position=int(meta.get("position") or 0),
        title=str(meta.get("title") or ""),
        body=text[offset:],
        text=text,
        published=date.fromisoformat(published) if published else None,
        url=str(meta.get("url") or "") or None,
        doc_hash=str(meta.get("doc_hash") or ""),
        page=int(meta.get("page") or 0) or None,
        page_end=int(meta.get("page_end") or 0) or None,
    )


def make_client(settings: Settings) -> ClientAPI:
    """Embedded `PersistentClient` by default; a Chroma server when `chroma_url` is set."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:  # the client greets the server at once: "Could not connect" when it is down
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:
            raise IndexUnavailableError(UNAVAILABLE) from exc
    try:
        settings.vectorstore_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexWriteError(
            f"Das Index-Verzeichnis {settings.vectorstore_dir} kann nicht angelegt werden "
            f"({exc.strerror or exc.__class__.__name__})."
        ) from exc
    try:
        return chromadb.PersistentClient(
            path=str(settings.vectorstore_dir), settings=chroma_settings
        )
    except Exception as exc:
        # Chroma caches a system per path *before* starting it; one that failed to start would
        # break every later client for this path in this process (e.g. `--rebuild`'s own).
        with contextlib.suppress(Exception):
            SharedSystemClient._identifier_to_system.pop(str(settings.vectorstore_dir), None)
        raise IndexCorruptError(
            f"Der Index in {settings.vectorstore_dir} ist beschädigt oder unlesbar "
            f"({exc.__class__.__name__}). {REBUILD_HINT}"
        ) from exc


def damaged(collection: str, exc: Exception) -> IndexCorruptError:
    return IndexCorruptError(
        f"Der Index ({collection}) ist beschädigt: die Vektoren lassen sich nicht lesen "
        f"({exc.__class__.__name__}). {REBUILD_HINT}"
    )


def pages(
    collection: Collection, include: list[Any], where: Any = None, batch: int = 1000
) -> Iterator[Any]:
    """All records of a collection in pages (Chroma caps the size of one `get`)."""
    offset = 0
    while True:
        page = collection.get(include=include, where=where, limit=batch, offset=offset)
        if not page["ids"]:
            return
        yield page
        offset += len(page["ids"])
        if len(page["ids"]) < batch:
            return

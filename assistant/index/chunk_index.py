"""The Chroma-backed chunk index: incremental, atomic, and aware of its embedding model.

Atomicity without transactions across Chroma's files: every ingest that changes
anything writes a *new generation* collection (copying unchanged documents'
vectors from the active one) and flips it live by marking it complete in its
metadata — a single SQLite update. Readers always open the newest complete
generation, so an ingest killed at any point leaves the previous index
answering; leftovers are removed by the next ingest.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import shutil
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.errors import ChromaError, NotFoundError
from langchain_core.embeddings import Embeddings

from assistant.corpus.chunking import CHUNKING_VERSION, chunk_document
from assistant.index.embeddings import (
    ChromaEmbeddingAdapter,
    EmbedProgress,
    embed_in_steps,
    get_embeddings,
)
from assistant.index.store import (
    CONNECTION_ERRORS,
    REBUILD_HINT,
    UNAVAILABLE,
    EmptyCorpusError,
    IndexBusyError,
    IndexCorruptError,
    IndexInfo,
    IndexMismatchError,
    IndexNotFoundError,
    IndexReplacedError,
    IndexStateError,
    IndexUnavailableError,
    IndexWriteError,
    IngestReport,
    chunk_from_record,
    damaged,
    make_client,
    pages,
    to_metadata,
)
from assistant.records import Chunk, Document
from assistant.settings import Settings

__all__ = [  # the errors are raised by `store` and re-exported: callers catch them here
    "ChunkIndex",
    "EmptyCorpusError",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexInfo",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexReplacedError",
    "IndexStateError",
    "IndexUnavailableError",
    "IndexWriteError",
    "IngestReport",
    "chunk_from_record",
    "make_client",
]


class ChunkIndex:
    """Reads and writes generations of the chunk collection for one settings object."""

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        self.model_name = settings.embedding_model
        self._embeddings = embeddings
        self._client: ClientAPI | None = None

    # -- plumbing -------------------------------------------------------------------
    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            self._embeddings = get_embeddings(self.model_name, self.settings.data_dir / "cache")
        return self._embeddings

    @property
    def client(self) -> ClientAPI:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    def _adapter(self) -> ChromaEmbeddingAdapter:
        return ChromaEmbeddingAdapter(self.embeddings, self.model_name)

    @property
    def _prefix(self) -> str:
        return f"{self.settings.collection_prefix}-chunks-g"

    def _generations(self) -> list[tuple[int, Collection]]:
        try:
            collections = self.client.list_collections()
        except IndexStateError:
            raise
        except CONNECTION_ERRORS as exc:
            raise IndexUnavailableError(UNAVAILABLE) from exc
        except Exception as exc:
            raise IndexCorruptError(
                f"Der Index ist nicht lesbar ({exc.__class__.__name__}: {exc}). {REBUILD_HINT}"
            ) from exc
        found = []
        for col in collections:
            if col.name.startswith(self._prefix):
                with contextlib.suppress(ValueError):
                    found.append((int(col.name[len(self._prefix) :]), col))
        return sorted(found, key=lambda item: item[0])

    def _active(self) -> tuple[int, Collection] | None:
        complete = [(g, c) for g, c in self._generations() if (c.metadata or {}).get("complete")]
        return complete[-1] if complete else None

    def _collection(self, name: str) -> Collection:
        return self.client.get_collection(name, embedding_function=self._adapter())  # type: ignore[arg-type]

    # -- reading --------------------------------------------------------------------
    def info(self) -> IndexInfo | None:
        active = self._active()
        if active is None:
            return None
        generation, col = active
        meta = col.metadata or {}
        try:  # counting reads the vector segment: a damaged HNSW file fails here already
            chunks = col.count()
        except CONNECTION_ERRORS:
            raise
        except Exception as exc:
            raise damaged(col.name, exc) from exc
        return IndexInfo(
            collection=col.name,
            generation=generation,
            embedding_model=str(meta.get("embedding_model", "")),
            chunking_version=str(meta.get("chunking_version", "")),
            dimension=int(meta.get("dimension", 0) or 0),
            built_at=str(meta.get("built_at", "")),
            documents=int(meta.get("documents", 0) or 0),
            chunks=chunks,
        )

    def check_compatible(self, info: IndexInfo) -> None:
        if info.embedding_model != self.model_name:
            raise IndexMismatchError(
                f"Der Index wurde mit dem Embedding-Modell {info.embedding_model!r} gebaut, "
                f"konfiguriert ist {self.model_name!r}. {REBUILD_HINT}"
            )

    def open(self) -> tuple[IndexInfo, Collection]:
        """The active generation, checked against the configured model and searched once."""
        with self._connection():
            info = self.info()
            if info is None:
                raise IndexNotFoundError(
                    "Es gibt noch keinen Index. Bitte zuerst `assistant ingest` ausführen."
                )
            self.check_compatible(info)
            collection = self._collection(info.collection)
            self._check_searchable(info, collection)
        return info, collection

    def _check_searchable(self, info: IndexInfo, collection: Collection) -> None:
        """A damaged vector file (HNSW segment) only fails when searched: search once now, so
        start-up reports it with the fix instead of the first visitor's question failing."""
        if not info.chunks or not info.dimension:
            return
        probe = np.zeros((1, info.dimension), dtype=np.float32)
        probe[0, 0] = 1.0
        try:
            collection.query(query_embeddings=probe, n_results=1, include=["distances"])
        except CONNECTION_ERRORS:
            raise
        except Exception as exc:
            raise damaged(info.collection, exc) from exc

    @contextlib.contextmanager
    def _connection(self) -> Iterator[None]:
        """Scale-out mode: a lost connection to the Chroma server becomes a friendly error."""
        try:
            yield
        except CONNECTION_ERRORS as exc:
            raise IndexUnavailableError(UNAVAILABLE) from exc

    def load_chunks(self, collection: Collection) -> list[Chunk]:
        with self._connection():
            chunks = [
                chunk_from_record(i, d or "", dict(m or {}))
                for page in pages(collection, ["documents", "metadatas"])
                for i, d, m in zip(
                    page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True
                )
            ]
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        return chunks

    def query(
        self, collection: Collection, vector: Sequence[float], n: int
    ) -> list[tuple[str, float]]:
        """Dense neighbours as (chunk id, cosine similarity)."""
        query = np.asarray([vector], dtype=np.float32)
        with self._connection():
            try:
                result = collection.query(
                    query_embeddings=query, n_results=n, include=["distances"]
                )
            except NotFoundError as exc:  # another process (ingest, replica) flipped generations
                raise IndexReplacedError(
                    f"Die Index-Generation {collection.name} wurde inzwischen ersetzt."
                ) from exc
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    # -- writing --------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        lock_dir = (
            self.settings.data_dir if self.settings.chroma_url else self.settings.vectorstore_dir
        )
        try:
            lock_dir.mkdir(parents=True, exist_ok=True)
            handle = open(lock_dir / ".ingest.lock", "w")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise IndexWriteError(
                f"Das Verzeichnis {lock_dir} ist nicht beschreibbar "
                f"({exc.strerror or exc.__class__.__name__}); der bisherige Index bleibt aktiv."
            ) from exc
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise IndexBusyError(
                    "Ein anderer Ingest läuft gerade. Bitte warten und dann erneut versuchen."
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _reset_corrupt_store(self) -> None:
        """--rebuild must work even if the store cannot be opened: move it aside, keep it."""
        if self.settings.chroma_url:
            return
        client: ClientAPI | None = None
        try:
            client = make_client(self.settings)
            self._client = client
            active, info = self._active(), self.info()
            if active is not None and info is not None:  # the vectors, not only the SQLite file
                self._check_searchable(info, active[1])
        except Exception:
            if client is not None:  # release Chroma's per-path system before the move
                with contextlib.suppress(Exception):
                    client.close()  # type: ignore[attr-defined]
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
            target = self.settings.vectorstore_dir.with_name(
                f"{self.settings.vectorstore_dir.name}.corrupt-{stamp}"
            )
            shutil.move(str(self.settings.vectorstore_dir), str(target))
            self._client = None

    def ingest(
        self,
        documents: Sequence[Document],
        rebuild: bool = False,
        allow_empty: bool = False,
        on_embedded: EmbedProgress | None = None,
    ) -> IngestReport:
        """Make `documents` the live index; zero documents never replace a non-empty index
        unless `allow_empty` (an emptied or mistyped folder must not take answers offline).
        `on_embedded(done, total)` reports the embedding's progress."""
        started = time.perf_counter()
        with self._lock():
            if rebuild:
                self._reset_corrupt_store()
            try:
                report = self._ingest_locked(documents, rebuild, allow_empty, on_embedded)
            except CONNECTION_ERRORS as exc:
                raise IndexUnavailableError(UNAVAILABLE) from exc
            except (OSError, ChromaError) as exc:  # disk full, …: the new generation is not live
                detail = exc.strerror if isinstance(exc, OSError) else None
                if getattr(exc, "errno", None) == errno.ENOSPC:
                    detail = "kein Speicherplatz mehr frei"
                raise IndexWriteError(
                    f"Der Index konnte nicht geschrieben werden "
                    f"({detail or f'{exc.__class__.__name__}: {exc}'}). "
                    "Der bisherige Index bleibt unverändert aktiv; bitte Speicherplatz und "
                    "Schreibrechte prüfen und `assistant ingest` erneut ausführen."
                ) from exc
        report.seconds = time.perf_counter() - started
        return report

    def _ingest_locked(
        self,
        documents: Sequence[Document],
        rebuild: bool,
        allow_empty: bool = False,
        on_embedded: EmbedProgress | None = None,
    ) -> IngestReport:
        report = IngestReport()
        active = self._active()
        old_info = self.info() if active else None
        if not documents and not allow_empty and old_info is not None and old_info.chunks:
            raise EmptyCorpusError.keeping(old_info.documents, old_info.chunks)
        if old_info and not rebuild:
            self.check_compatible(old_info)
            if old_info.chunking_version != CHUNKING_VERSION:
                rebuild = True  # new chunk boundaries: nothing can be reused
        old_hashes: dict[str, str] = {}
        old_col = active[1] if active and not rebuild else None
        if old_col is not None:
            old_hashes = self._doc_hashes(old_col)

        new_hashes = {d.doc_id: d.content_hash for d in documents}
        for doc in documents:
            if doc.doc_id not in old_hashes:
                report.added.append(doc.doc_id)
            elif old_hashes[doc.doc_id] != doc.content_hash:
                report.updated.append(doc.doc_id)
            else:
                report.unchanged.append(doc.doc_id)
        report.removed = sorted(set(old_hashes) - set(new_hashes))
        if active is not None and not rebuild and not report.changed:
            report.generation = active[0]
            report.chunks_total = active[1].count()
            self._cleanup(keep=active[0])
            return report

        generation = max((g for g, _ in self._generations()), default=0) + 1
        name = f"{self._prefix}{generation:06d}"
        new_col = self.client.create_collection(
            name,
            embedding_function=self._adapter(),  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"complete": False},
        )
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        if old_col is not None and report.unchanged:
            self._copy_documents(old_col, new_col, report.unchanged)
        fresh = [d for d in documents if d.doc_id not in set(report.unchanged)]
        chunks = [chunk for doc in fresh for chunk in chunk_document(doc)]
        embed_started = time.perf_counter()
        vectors = embed_in_steps(self.embeddings, [c.text for c in chunks], on_embedded)
        report.embed_seconds = time.perf_counter() - embed_started
        report.chunks_embedded = len(chunks)
        dimension = len(vectors[0]) if vectors else int(getattr(self.embeddings, "dimension", 0))
        self._add(new_col, chunks, vectors, ingested_at)
        new_col.modify(
            metadata={
                "complete": True,
                "embedding_model": self.model_name,
                "chunking_version": CHUNKING_VERSION,
                "dimension": dimension,
                "built_at": ingested_at,
                "documents": len(documents),
            }
        )
        report.generation = generation
        report.chunks_total = new_col.count()
        self._cleanup(keep=generation)
        return report

    def _doc_hashes(self, collection: Collection) -> dict[str, str]:
        return {
            str(meta["doc_id"]): str(meta.get("doc_hash", ""))
            for page in pages(collection, ["metadatas"])
            for meta in page["metadatas"] or []
            if meta
        }

    def _add(
        self,
        collection: Collection,
        chunks: Sequence[Chunk],
        vectors: Sequence[Sequence[float]],
        ingested_at: str,
    ) -> None:
        step = max(1, min(1000, self.client.get_max_batch_size()))
        for start in range(0, len(chunks), step):
            part = chunks[start : start + step]
            collection.add(
                ids=[c.chunk_id for c in part],
                documents=[c.text for c in part],
                metadatas=[to_metadata(c, ingested_at) for c in part],
                embeddings=np.asarray(vectors[start : start + step], dtype=np.float32),
            )

    def _copy_documents(self, source: Collection, target: Collection, doc_ids: list[str]) -> None:
        """Unchanged documents keep their vectors: copied, not re-embedded."""
        for start in range(0, len(doc_ids), 200):
            where: Any = {"doc_id": {"$in": doc_ids[start : start + 200]}}
            for page in pages(source, ["documents", "metadatas", "embeddings"], where):
                target.add(
                    ids=page["ids"],
                    documents=page["documents"],
                    metadatas=page["metadatas"],
                    embeddings=page["embeddings"],
                )

    def _cleanup(self, keep: int) -> None:
        for generation, col in self._generations():
            if generation != keep:
                with contextlib.suppress(Exception):
                    self.client.delete_collection(col.name)

    def document_stats(self) -> list[dict[str, Any]]:
        """Per-document chunk counts and ingest times, for staff views."""
        _, col = self.open()
        stats: dict[str, dict[str, Any]] = {}
        for page in pages(col, ["metadatas"]):
            for meta in page["metadatas"] or []:
                entry = stats.setdefault(
                    str(meta["doc_id"]),
                    {
                        "doc_id": meta["doc_id"],
                        "title": meta.get("title", ""),
                        "chunks": 0,
                        "published": meta.get("published", ""),
                        "ingested_at": meta.get("ingested_at", ""),
                    },
                )
                entry["chunks"] += 1
        return sorted(stats.values(), key=lambda e: str(e["doc_id"]))

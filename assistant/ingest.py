"""The ingest use case: corpus folder → index generation → event catalog, as one report.

The CLI (`assistant ingest`, `assistant start`) and the staff tab's upload and rebuild run
exactly this and print the same report, so staff see in the browser what an operator sees
in the terminal. Nothing here prints or exits; callers decide how to show `IngestResult`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.corpus.loader import SkippedFile, load_corpus
from assistant.events.catalog import CATALOG_FILE, Catalog, CatalogError
from assistant.index.chunk_index import ChunkIndex, IndexStateError, IngestReport
from assistant.index.embeddings import EmbeddingModelError
from assistant.records import Document
from assistant.settings import Settings

UNCHANGED = "Der bisherige Index bleibt unverändert."


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did: the index report, the files it skipped, or the error that stopped
    it (then the previous index is still live and `report` is None)."""

    report: IngestReport | None
    skipped: tuple[SkippedFile, ...] = ()
    error: str | None = None
    rebuild: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.error is None and self.report is not None

    def lines(self) -> list[str]:
        """The report as staff read it (German), one line per fact; the error comes last."""
        out = [f"übersprungen: {s.path.name} ({s.reason})" for s in self.skipped]
        out.extend(self.notes)
        report = self.report
        if report is not None:
            if not report.changed and not self.rebuild:
                out.append(
                    f"Index ist aktuell ({len(report.unchanged)} Dokumente, "
                    f"{report.chunks_total} Chunks)."
                )
            else:
                out.append(
                    f"Index aktualisiert: {len(report.added)} neu, {len(report.updated)} "
                    f"geändert, {len(report.removed)} entfernt, {len(report.unchanged)} "
                    f"unverändert; {report.chunks_embedded} Chunks eingebettet in "
                    f"{report.embed_seconds:.1f} s ({report.chunks_per_second:.0f} Chunks/s), "
                    f"{report.chunks_total} Chunks insgesamt."
                )
        return out


def run_ingest(
    settings: Settings, rebuild: bool = False, allow_empty: bool = False
) -> IngestResult:
    """Load the corpus folder, update the index atomically, then the event catalog.

    An empty (or all-unreadable) folder never replaces a non-empty index unless
    `allow_empty` (`assistant ingest --allow-empty`); the staff tab never passes it."""
    try:
        loaded = load_corpus(settings.corpus_dir)
    except FileNotFoundError:
        return IngestResult(None, error=f"Korpus-Verzeichnis nicht gefunden: {settings.corpus_dir}")
    skipped = tuple(loaded.skipped)
    if loaded.conflicts:  # which file is "the" document is a guess: staff decide, not sort order
        messages = " ".join(c.message for c in loaded.conflicts)
        return IngestResult(None, skipped, error=f"{messages} {UNCHANGED}", rebuild=rebuild)
    try:
        report = ChunkIndex(settings).ingest(
            loaded.documents, rebuild=rebuild, allow_empty=allow_empty
        )
    except (IndexStateError, EmbeddingModelError) as exc:
        return IngestResult(None, skipped, error=str(exc), rebuild=rebuild)
    update_catalog(settings, loaded.documents, rebuild)
    return IngestResult(report, skipped, rebuild=rebuild)


def update_catalog(settings: Settings, documents: Sequence[Document], rebuild: bool) -> None:
    """The event catalog lives next to the index and follows it document by document; with an
    LLM generator configured, the verified LLM extractor adds facts the rules miss."""
    path = settings.vectorstore_dir / CATALOG_FILE
    try:
        catalog = Catalog() if rebuild else Catalog.load(path)
    except CatalogError:
        catalog = Catalog()
    extract = None
    if settings.uses_llm:
        from assistant.events.extract_llm import catalog_extractor  # the LLM stack, on demand

        extract = catalog_extractor(settings)
    catalog.sync(documents, extract=extract).save(path)

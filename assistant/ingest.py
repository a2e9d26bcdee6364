"""The ingest use case: corpus folder → index generation → event catalog, as one report.

The CLI (`assistant ingest`, `assistant start`) and the staff tab's upload and rebuild run
exactly this and print the same report, so staff see in the browser what an operator sees
in the terminal. Nothing here prints or exits; callers decide how to show `IngestResult`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.corpus.loader import SkippedFile, load_corpus
from assistant.events.catalog import CATALOG_FILE, Catalog, CatalogError
from assistant.index.chunk_index import ChunkIndex, IndexStateError, IngestReport
from assistant.index.embeddings import EmbeddingModelError
from assistant.records import Document
from assistant.settings import Settings

UNCHANGED = "Der bisherige Index bleibt unverändert."

Stage = Literal["files", "chunks"]


@dataclass(frozen=True)
class IngestProgress:
    """How far an ingest is: files read, then chunks embedded (the long part: ~90 chunks/s
    on two cores, so a large corpus takes minutes). Shown as a bar on a terminal, as lines in
    logs and in the staff tab."""

    stage: Stage
    done: int
    total: int
    seconds: float  # since this stage began

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def remaining_s(self) -> float | None:
        if not self.done or self.done >= self.total or self.rate <= 0:
            return None if self.done < self.total else 0.0
        return (self.total - self.done) / self.rate

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def line(self) -> str:
        """One plain German line: "Chunks eingebettet: 512/2000 (25 %), 91/s, noch ca. 16 s"."""
        label = "Dateien gelesen" if self.stage == "files" else "Chunks eingebettet"
        share = 100 * self.done // self.total if self.total else 100
        text = f"{label}: {self.done}/{self.total} ({share} %)"
        if self.done and self.seconds > 0:
            text += f", {self.rate:.0f}/s"
        remaining = self.remaining_s
        if remaining is not None and not self.finished:
            text += f", noch ca. {_duration(remaining)}"
        return text


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


ProgressCallback = Callable[[IngestProgress], None]


def _stage(stage: Stage, report: ProgressCallback) -> Callable[[int, int], None]:
    """A (done, total) callback that times its stage from the first call."""
    started: list[float] = []

    def call(done: int, total: int) -> None:
        now = time.perf_counter()
        if not started:
            started.append(now)
        report(IngestProgress(stage, done, total, now - started[0]))

    return call


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
    settings: Settings,
    rebuild: bool = False,
    allow_empty: bool = False,
    progress: ProgressCallback | None = None,
) -> IngestResult:
    """Load the corpus folder, update the index atomically, then the event catalog.

    An empty (or all-unreadable) folder never replaces a non-empty index unless
    `allow_empty` (`assistant ingest --allow-empty`); the staff tab never passes it."""
    on_file = _stage("files", progress) if progress else None
    on_embedded = _stage("chunks", progress) if progress else None
    try:
        loaded = load_corpus(settings.corpus_dir, on_file)
    except FileNotFoundError:
        return IngestResult(None, error=f"Korpus-Verzeichnis nicht gefunden: {settings.corpus_dir}")
    skipped = tuple(loaded.skipped)
    if loaded.conflicts:  # which file is "the" document is a guess: staff decide, not sort order
        messages = " ".join(c.message for c in loaded.conflicts)
        return IngestResult(None, skipped, error=f"{messages} {UNCHANGED}", rebuild=rebuild)
    notes = tuple(
        f"Hinweis: {Path(d.source_path).name} – Seite {d.metadata['pages_without_text']} "
        "ohne Text (gescannt?), nicht durchsuchbar."
        for d in loaded.documents
        if d.metadata.get("pages_without_text")
    )
    try:
        report = ChunkIndex(settings).ingest(
            loaded.documents, rebuild=rebuild, allow_empty=allow_empty, on_embedded=on_embedded
        )
    except (IndexStateError, EmbeddingModelError) as exc:
        return IngestResult(None, skipped, error=str(exc), rebuild=rebuild, notes=notes)
    update_catalog(settings, loaded.documents, rebuild)
    return IngestResult(report, skipped, rebuild=rebuild, notes=notes)


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

"""Command line: mirrors the library (`ingest`, `ask`, `search`, `chat`, `serve`, `start`).

Errors users can cause (no index, wrong model, empty question) print one
friendly line and exit with a non-zero code; tracebacks are for bugs only.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click
from pydantic import ValidationError

from assistant.settings import Settings, get_settings

EXIT_USAGE = 2
EXIT_INDEX = 3


def _settings(**overrides: Any) -> Settings:
    update = {k: v for k, v in overrides.items() if v is not None}
    try:
        base = get_settings()
    except ValidationError as exc:  # e.g. ASSISTANT_GENERATOR=gpt: one line, no traceback
        problems = "; ".join(
            f"ASSISTANT_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        _fail(f"Ungültige Einstellung – {problems}", EXIT_USAGE)
    return base.model_copy(update=update) if update else base


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Flags that override the `ASSISTANT_*` settings, shared by every command."""
    options = [
        click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None,
                     help="Korpus-Verzeichnis (ASSISTANT_CORPUS_DIR)."),
        click.option("--vectorstore", "vectorstore_dir", type=click.Path(path_type=Path),
                     default=None, help="Index-Verzeichnis (ASSISTANT_VECTORSTORE_DIR)."),
        click.option("--embedding-model", "embedding_model", default=None,
                     help="Embedding-Modell (ASSISTANT_EMBEDDING_MODEL)."),
        click.option("--chroma-url", "chroma_url", default=None,
                     help="Chroma-Server, z. B. http://127.0.0.1:8000 (ASSISTANT_CHROMA_URL)."),
        click.option("--data-dir", "data_dir", type=click.Path(path_type=Path), default=None,
                     help="Datenverzeichnis (ASSISTANT_DATA_DIR)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _open_assistant(settings: Settings) -> Any:
    from assistant.answering.seam import LLMConfigError
    from assistant.index.chunk_index import IndexStateError
    from assistant.index.embeddings import EmbeddingModelError
    from assistant.pipeline import Assistant

    try:
        return Assistant.from_settings(settings)
    except (IndexStateError, EmbeddingModelError) as exc:
        _fail(str(exc), EXIT_INDEX)
    except LLMConfigError as exc:
        _fail(str(exc), EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Veranstaltungsassistent: Fragen zu Veranstaltungen, beantwortet aus Pressemitteilungen."""


@main.command()
@common_options
@click.option("--rebuild", is_flag=True, help="Index komplett neu aufbauen.")
@click.option("--allow-empty", "allow_empty", is_flag=True,
              help="Ein leeres Korpus darf den Index leeren (sonst abgelehnt).")  # fmt: skip
def ingest(rebuild: bool, allow_empty: bool, **overrides: Any) -> None:
    """Korpus einlesen und den Index aktualisieren (inkrementell, atomar)."""
    settings = _settings(**overrides)
    report = run_ingest(settings, rebuild=rebuild, allow_empty=allow_empty)
    if report is None:
        sys.exit(EXIT_INDEX)


#: Seconds between two plain progress lines (when stderr is not a terminal: logs, cron).
PLAIN_PROGRESS_EVERY_S = 5.0


class PlainProgress:
    """Progress as lines on stderr: the first and last of each stage, and one every few
    seconds in between, so a log shows the ingest moving without being flooded."""

    def __init__(self, every_s: float = PLAIN_PROGRESS_EVERY_S) -> None:
        self.every_s = every_s
        self._last: dict[str, float] = {}

    def __call__(self, progress: Any) -> None:
        import time

        now = time.monotonic()
        last = self._last.get(progress.stage)
        if last is None or progress.finished or now - last >= self.every_s:
            self._last[progress.stage] = now
            click.echo(progress.line(), err=True)

    def close(self) -> None:
        pass


class BarProgress:
    """Progress bars on a terminal: files, chunks, rate and time left (rich)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )  # fmt: skip
        self._tasks: dict[str, Any] = {}
        self._bar.start()

    def __call__(self, progress: Any) -> None:
        label = "Dateien lesen" if progress.stage == "files" else "Chunks einbetten"
        if progress.stage not in self._tasks:
            self._tasks[progress.stage] = self._bar.add_task(label, total=progress.total, rate="")
        rate = f"{progress.rate:.0f}/s" if progress.done and progress.seconds > 0 else ""
        self._bar.update(self._tasks[progress.stage], completed=progress.done,
                         total=progress.total, rate=rate)  # fmt: skip

    def close(self) -> None:
        self._bar.stop()


def progress_display() -> PlainProgress | BarProgress:
    return BarProgress() if sys.stderr.isatty() else PlainProgress()


def run_ingest(
    settings: Settings, rebuild: bool = False, allow_empty: bool = False, out: Any = None
) -> Any:
    """`ingest.run_ingest` with progress on stderr, its report printed to `out` (default
    stdout; the error always on stderr); None when it failed."""
    from assistant.ingest import run_ingest as ingest

    display = progress_display()
    try:
        result = ingest(settings, rebuild=rebuild, allow_empty=allow_empty, progress=display)
    finally:
        display.close()
    for line in result.lines():
        click.echo(line, file=out)  # `out`: e.g. os.devnull for benchmarks
    if result.error is not None:
        click.echo(result.error, err=True)
    return result.report


def _read_batch(source: str) -> Iterator[str]:
    if source == "-":
        yield from (line.rstrip("\n") for line in sys.stdin)
        return
    with open(source, encoding="utf-8", errors="replace") as handle:
        yield from (line.rstrip("\n") for line in handle)


def _format_answer(answer: Any) -> str:
    lines = [answer.answer]
    if answer.sources:
        lines.append("")
        lines.append("Quellen:" if answer.language == "de" else "Sources:")
        for source in answer.sources:
            date = source.published.strftime("%d.%m.%Y") if source.published else "ohne Datum"
            page = ""
            if source.page:
                end = f"–{source.page_end}" if source.page_end not in (None, source.page) else ""
                page = f", S. {source.page}{end}"
            lines.append(f"  [{source.n}] {source.title} ({date}{page}) – {source.doc_id}")
    return "\n".join(lines)


@main.command()
@common_options
@click.argument("questions", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Eine JSON-Zeile je Antwort.")
@click.option("--batch", "batch", default=None,
              type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Datei mit einer unabhängigen Frage je Zeile ('-' = stdin).")
def ask(questions: tuple[str, ...], as_json: bool, batch: str | None, **overrides: Any) -> None:
    """Fragen stellen. Mehrere Fragen sind Züge EINER Unterhaltung (Folgefragen)."""
    from assistant.pipeline import QuestionError

    if not questions and batch is None:
        _fail("Bitte geben Sie eine Frage ein, z. B.: assistant ask \"Welche Veranstaltungen "
              "gibt es im Mai?\"", EXIT_USAGE)
    settings = _settings(**overrides)
    assistant = _open_assistant(settings)
    if batch is not None:
        for line in _read_batch(batch):
            try:
                answer = assistant.ask(line)
            except QuestionError as exc:
                click.echo(json.dumps({"question": line, "error": str(exc)}, ensure_ascii=False))
                continue
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    history: list[str] = []
    failed = False
    for question in questions:
        try:
            answer = assistant.ask(question, history)
        except QuestionError as exc:
            failed = True
            if as_json:
                click.echo(json.dumps({"question": question, "error": str(exc)},
                                      ensure_ascii=False))
            else:
                click.echo(str(exc), err=True)
            continue
        history.append(answer.question)
        if as_json:
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            click.echo(_format_answer(answer))
            if len(questions) > 1:
                click.echo("")
    if failed and len(questions) == 1:
        sys.exit(EXIT_USAGE)


@main.command()
@common_options
@click.argument("query")
@click.option("-k", "k", default=5, show_default=True, help="Anzahl Passagen.")
def search(query: str, k: int, **overrides: Any) -> None:
    """Zeigt die gefundenen Passagen mit ihren Scores (warum kam eine Antwort so zustande?)."""
    assistant = _open_assistant(_settings(**overrides))
    for rank, p in enumerate(assistant.retriever.retrieve(query, k), start=1):
        click.echo(f"{rank}. {p.score:.3f} (lex {p.lexical_score:.2f}, dense {p.dense_score:.2f}) "
                   f"{p.chunk_id}")
        click.echo("   " + " ".join(p.body.split())[:200])


@main.command()
@common_options
def info(**overrides: Any) -> None:
    """Zustand des Index: Modell, Chunks, Dokumente."""
    from assistant.index.chunk_index import ChunkIndex, IndexStateError

    index = ChunkIndex(_settings(**overrides))
    try:
        current = index.info()
    except IndexStateError as exc:
        _fail(str(exc), EXIT_INDEX)
    if current is None:
        _fail("Es gibt noch keinen Index. Bitte zuerst `assistant ingest` ausführen.", EXIT_INDEX)
    click.echo(json.dumps(current.__dict__, ensure_ascii=False, indent=2))


@main.command()
@common_options
def chat(**overrides: Any) -> None:
    """Interaktive Unterhaltung im Terminal (leere Zeile oder Strg-D beendet)."""
    from assistant.pipeline import QuestionError

    assistant = _open_assistant(_settings(**overrides))
    history: list[str] = []
    click.echo("Stellen Sie Ihre Frage (\"neu\" beginnt eine neue Unterhaltung).")
    while True:
        try:
            question = input("> ")
        except EOFError:
            break
        if not question.strip():
            break
        if question.strip().lower() in {"neu", "new"}:
            history = []
            continue
        try:
            answer = assistant.ask(question, history)
        except QuestionError as exc:
            click.echo(str(exc))
            continue
        history.append(answer.question)
        click.echo(_format_answer(answer) + "\n")


@main.command()
@common_options
def start(**overrides: Any) -> None:
    """Einrichten und starten: Index bauen, falls nötig, dann die Oberfläche (oder den Chat)."""
    settings = _settings(**overrides)
    if run_ingest(settings) is None:
        sys.exit(EXIT_INDEX)
    try:
        from assistant.web.app import launch
    except ImportError:
        click.echo("Web-Oberfläche nicht verfügbar; starte den Terminal-Chat.")
        ctx = click.get_current_context()
        ctx.invoke(chat, **overrides)
        return
    launch(settings)


@main.command()
@common_options
@click.option("--host", default=None, help="Adresse (ASSISTANT_HOST, Standard 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (ASSISTANT_PORT, Standard 7860).")
def serve(**overrides: Any) -> None:
    """Web-Oberfläche und JSON-API starten (ohne vorher einzulesen)."""
    try:
        from assistant.web.app import launch
    except ImportError:
        _fail("Die Web-Oberfläche braucht das Extra `ui`: pip install -e '.[ui]'", EXIT_USAGE)
    launch(_settings(**overrides))


@main.command("feedback-export")
@common_options
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Zieldatei (Standard: <data-dir>/feedback-gold-candidates.jsonl).")
def feedback_export(out: Path | None, **overrides: Any) -> None:
    """Bewertungen der Besucher als Kandidaten für den Gold-Datensatz (JSONL) exportieren."""
    from assistant.web.feedback import FILE_NAME, FeedbackStore

    settings = _settings(**overrides)
    if not (settings.data_dir / FILE_NAME).exists():
        _fail(f"Noch keine Bewertungen vorhanden ({settings.data_dir / FILE_NAME}).", EXIT_USAGE)
    target = out or settings.data_dir / "feedback-gold-candidates.jsonl"
    count = FeedbackStore.for_settings(settings).export_gold_candidates(target)
    click.echo(f"{count} Kandidaten nach {target} geschrieben.")


@main.command("feedback-purge")
@common_options
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Älter als so viele Tage löschen (Standard: ASSISTANT_FEEDBACK_RETENTION_DAYS).")
def feedback_purge(days: int | None, **overrides: Any) -> None:
    """Bewertungen löschen, die älter als die Aufbewahrungsfrist sind (z. B. täglich per cron)."""
    from assistant.web.feedback import FILE_NAME, FeedbackStore

    settings = _settings(**overrides)
    days = days or settings.feedback_retention_days
    removed = 0
    if (settings.data_dir / FILE_NAME).exists():
        removed = FeedbackStore.for_settings(settings).purge(days)
    click.echo(f"{removed} Rückmeldungen gelöscht (älter als {days} Tage).")


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Katalog als JSON (mit Belegstellen).")
@click.option("--ics", "ics_file", type=click.Path(path_type=Path), default=None,
              help="Termine zusätzlich als iCalendar-Datei (.ics) schreiben.")
def events(as_json: bool, ics_file: Path | None, **overrides: Any) -> None:
    """Veranstaltungskatalog: catalog.json neben dem Index, sonst direkt aus dem Korpus."""
    from assistant.corpus.chunking import chunk_document
    from assistant.corpus.loader import load_corpus
    from assistant.events.catalog import CATALOG_FILE, Catalog, CatalogError
    from assistant.events.ics import to_ics
    from assistant.events.view import text_table

    settings = _settings(**overrides)
    path = settings.vectorstore_dir / CATALOG_FILE
    try:
        catalog = Catalog.load(path)
    except CatalogError as exc:
        if path.exists():
            click.echo(f"{exc} Lese den Korpus direkt.", err=True)
        try:
            documents = load_corpus(settings.corpus_dir).documents
        except FileNotFoundError:
            _fail(f"Korpus-Verzeichnis nicht gefunden: {settings.corpus_dir}", EXIT_USAGE)
        catalog = Catalog.build(documents, [c for d in documents for c in chunk_document(d)])
    if ics_file is not None:
        ics_file.write_text(to_ics(catalog.events), encoding="utf-8", newline="")
    if as_json:
        click.echo(json.dumps([e.to_json() for e in catalog.events], ensure_ascii=False, indent=1))
        return
    for line in text_table(catalog.events, settings.effective_today()):
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()

"""The staff tab ("Redaktion"): index overview, upload of press releases, rebuild, retrieval view.

The tab exists only when `ASSISTANT_STAFF_TOKEN` is set. Hiding the controls
is not the protection: every handler receives the token field's value and
checks it again (constant-time), because Gradio events can be called without
the page. The token is never logged, echoed or put into any output.
(gradio is imported at module level because it resolves the handlers' `gr.Request`
annotations from this module's globals; only `web.app` imports this module.)

Uploads are the one way visitors' input reaches the disk, so the file name
is rebuilt from scratch (no directories, no dot files, only the corpus's
suffixes, plain ASCII), the size is capped, and the file must load as a
document *before* it is moved into the corpus (atomically, so an ingest
never sees half a file).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import queue
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from assistant.corpus.loader import SUPPORTED_SUFFIXES, UnreadableFileError, load_document
from assistant.index.chunk_index import IndexStateError
from assistant.ingest import IngestProgress, ProgressCallback, run_ingest
from assistant.settings import Settings
from assistant.web.refusals import refusal

if TYPE_CHECKING:
    from assistant.web.backend import Backend

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_STEM_CHARS = 80
UPLOAD_SUFFIXES = tuple(SUPPORTED_SUFFIXES)
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                           "Ü": "ue", "@": "a"})  # fmt: skip

DENIED = "Zugang verweigert: Der Zugangsschlüssel ist falsch."
#: The staff session for uploads (`web.uploads`): the route that sets its cookie, and the
#: script the login button runs first to ask for it (same origin, so it also works behind a
#: path prefix); the token then goes on to the login event itself.
SESSION_PATH = "/redaktion/sitzung"
LOGIN_JS = f"""async (token) => {{
  try {{
    await fetch(new URL("{SESSION_PATH.lstrip("/")}", document.baseURI), {{
      method: "POST", credentials: "same-origin", headers: {{"X-Staff-Token": token || ""}}
    }});
  }} catch (e) {{}}
  return [token];
}}"""
NOT_CONFIGURED = "Der Redaktionsbereich ist nicht eingerichtet (ASSISTANT_STAFF_TOKEN fehlt)."


class UploadError(ValueError):
    """An upload that cannot be accepted; the message is shown to staff as is."""


def check_token(given: str | None, settings: Settings) -> bool:
    """Constant-time comparison, so response timing does not leak the token."""
    if settings.staff_token is None or not given:
        return False
    expected = settings.staff_token.get_secret_value()
    if not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def safe_upload_name(filename: str) -> str:
    """A corpus file name built from an uploaded file's name, or `UploadError`.

    The stem becomes the document id, so it is reduced to `[a-z0-9-]`
    (umlauts transliterated); any directory part is dropped and names with
    `..` are refused outright.
    """
    name = unicodedata.normalize("NFKC", filename or "").strip()
    if ".." in name:
        raise UploadError("Ungültiger Dateiname: „..“ ist nicht erlaubt.")
    name = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(UPLOAD_SUFFIXES)
        raise UploadError(f"Dateityp nicht erlaubt. Erlaubt sind: {allowed}.")
    stem = unicodedata.normalize("NFKD", stem.translate(_TRANSLIT))
    stem = stem.encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:MAX_STEM_CHARS].strip("-")
    if not stem:
        raise UploadError("Ungültiger Dateiname: Bitte einen Namen mit Buchstaben verwenden.")
    return f"{stem}{suffix}"


def save_upload(source: Path, filename: str, corpus_dir: Path) -> tuple[Path, bool]:
    """Validate an uploaded file and move it into the corpus; returns (path, replaced)."""
    target_name = safe_upload_name(filename)
    size = source.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"Die Datei ist zu groß ({size // 1024} KB; höchstens {MAX_UPLOAD_BYTES // 1024} KB)."
        )
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / target_name
    clash = _same_id(corpus_dir, target_name)
    if clash:
        raise UploadError(
            f"Nicht gespeichert: {clash} hat dieselbe Dokument-ID „{Path(target_name).stem}“. "
            f"Zum Ersetzen bitte als {clash} hochladen, sonst einen anderen Dateinamen wählen."
        )
    with tempfile.TemporaryDirectory(dir=corpus_dir, prefix=".upload-") as tmp:
        staged = Path(tmp) / target_name
        shutil.copyfile(source, staged)
        try:
            load_document(staged)
        except UnreadableFileError as exc:
            raise UploadError(f"Die Datei ist nicht lesbar: {exc.reason}.") from exc
        replaced = target.exists()
        os.replace(staged, target)
    return target, replaced


def _same_id(corpus_dir: Path, name: str) -> str | None:
    """Another corpus file that would become the same document as `name` (`x.txt` for
    `x.md`): two files for one id would make the ingest refuse to run."""
    stem = Path(name).stem
    for path in sorted(corpus_dir.iterdir()):
        if path.name != name and path.stem == stem and path.suffix.lower() in SUPPORTED_SUFFIXES:
            return path.name
    return None


def document_rows(backend: Backend) -> list[list[Any]]:
    from assistant.index.chunk_index import ChunkIndex

    stats = ChunkIndex(backend.settings).document_stats()
    return [[s["doc_id"], s["title"], s["published"], s["chunks"], s["ingested_at"]] for s in stats]


def retrieval_rows(backend: Backend, query: str, k: int = 10) -> list[list[Any]]:
    passages = backend.require().retriever.retrieve(query, k)
    return [
        [rank, round(p.score, 4), round(p.lexical_score, 4), round(p.dense_score, 4),
         p.chunk_id, " ".join(p.body.split())]
        for rank, p in enumerate(passages, start=1)
    ]  # fmt: skip


def ingest_and_reload(
    backend: Backend, rebuild: bool = False, progress: ProgressCallback | None = None
) -> str:
    """Run the ingest use case, then let the live assistant pick up the new index generation."""
    if not backend.ingest_lock.acquire(blocking=False):
        return "Es läuft bereits ein Einlesen. Bitte kurz warten."
    try:
        result = run_ingest(backend.settings, rebuild=rebuild, progress=progress)
        log = "\n".join(result.lines())
        if not result.ok:  # staff see what an operator sees in the terminal (never visitors)
            logger.warning("staff ingest failed: %s", result.error)
            return f"{log}\nDer Index wurde nicht aktualisiert: {result.error}".strip()
        try:
            backend.reload()
        except IndexStateError as exc:
            return f"{log}\n{exc}".strip()
        return log.strip()
    finally:
        backend.ingest_lock.release()


PROGRESS_EVERY_S = 0.5


def ingest_steps(
    backend: Backend, rebuild: bool = False, every_s: float = PROGRESS_EVERY_S
) -> Iterator[str]:
    """The ingest in a worker thread; yields a progress line whenever it moved on (at most
    every `every_s`), then the final report as the last item. The staff tab streams these
    into its log, so a rebuild of a large corpus is not minutes of silence."""
    updates: queue.SimpleQueue[IngestProgress] = queue.SimpleQueue()
    outcome: list[str] = []

    def work() -> None:
        try:
            outcome.append(ingest_and_reload(backend, rebuild, updates.put))
        except Exception:  # shown as a line; the details go to the server log
            logger.exception("staff ingest failed")
            outcome.append("Das Einlesen ist fehlgeschlagen (Einzelheiten im Server-Protokoll).")

    worker = threading.Thread(target=work, name="staff-ingest", daemon=True)
    worker.start()
    shown = ""
    while worker.is_alive():
        worker.join(every_s)
        latest = None
        while not updates.empty():
            latest = updates.get()
        if latest is not None and latest.line() != shown:
            shown = latest.line()
            yield shown
    yield outcome[0] if outcome else ""


DOC_HEADERS = ["Dokument", "Titel", "Veröffentlicht", "Chunks", "Zuletzt eingelesen"]
FEEDBACK_HEADERS = ["Nr.", "Zuletzt", "Bewertung", "Grund", "Frage"]


def feedback_rows(backend: Backend) -> list[list[Any]]:
    return [
        [r.id, r.updated_at, "👍" if r.rating == "up" else "👎", r.reason or "", r.question[:200]]
        for r in backend.feedback.rows()
    ]


#: The export file is removed this long after Gradio took its copy (which its cache deletes
#: within the hour, `delete_cache`), so exported votes do not outlive their retention in /tmp.
EXPORT_KEEP_S = 300.0


def export_feedback(backend: Backend, keep_s: float = EXPORT_KEEP_S) -> Path:
    """All stored votes as JSONL in a fresh temp dir (Gradio serves it once as a download)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = Path(tempfile.mkdtemp(prefix="va-feedback-"))
    target = folder / f"rueckmeldungen-{stamp}.jsonl"
    backend.feedback.export_rows(target)
    cleanup = threading.Timer(keep_s, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    cleanup.daemon = True
    cleanup.start()
    return target


def delete_feedback(backend: Backend, ids_text: str) -> str:
    """`ids_text`: "alle", or vote numbers separated by commas or spaces."""
    text = (ids_text or "").strip().casefold()
    if text == "alle":
        return f"{backend.feedback.delete()} Rückmeldungen gelöscht."
    numbers = re.split(r"[\s,;]+", text)
    if not text or not all(n.isdigit() for n in numbers):
        return "Bitte die Nummern der Rückmeldungen (z. B. „3, 7“) oder „alle“ eingeben."
    return f"{backend.feedback.delete(int(n) for n in numbers)} Rückmeldungen gelöscht."
HIT_HEADERS = ["Rang", "Score", "Lexikalisch", "Dicht", "Chunk-ID", "Text"]


def build_staff_tab(backend: Backend) -> None:
    """Render the tab inside the current `gr.Blocks` context."""

    def guard(token: str, request: gr.Request | None) -> None:
        if not backend.limiter.hit(f"staff:{_client(request)}"):
            raise refusal(backend.rate_message, "Redaktion")
        if not check_token(token, backend.settings):
            raise refusal(DENIED, "Redaktion")

    def login(token: str, request: gr.Request) -> tuple[Any, Any, str]:
        guard(token, request)
        detail = backend.unavailable_detail  # what visitors are not told, staff are
        status = f"Angemeldet. Der Assistent ist nicht verfügbar: {detail}" if detail else ""
        return gr.update(visible=True), _safe_rows(), status or "Angemeldet."

    def _safe_rows() -> list[list[Any]]:
        try:
            return document_rows(backend)
        except IndexStateError as exc:  # e.g. no index yet: staff can upload or rebuild here
            gr.Warning(str(exc))
            return []

    def refresh(token: str, request: gr.Request) -> list[list[Any]]:
        guard(token, request)
        return _safe_rows()

    def upload(
        token: str, path: str | None, request: gr.Request
    ) -> Iterator[tuple[str, Any, Any]]:
        try:
            guard(token, request)
            if not path:
                yield "Keine Datei ausgewählt.", gr.skip(), None
                return
            try:
                target, replaced = save_upload(
                    Path(path), Path(path).name, backend.settings.corpus_dir
                )
            except UploadError as exc:
                yield str(exc), gr.skip(), None
                return
        finally:
            _discard(path)  # Gradio's copy is not needed any more, whatever happened
        saved = f"{target.name} {'ersetzt' if replaced else 'gespeichert'}."
        log = ""
        for log in ingest_steps(backend):
            yield f"{saved}\n{log}", gr.skip(), gr.skip()
        yield f"{saved}\n{log}", _safe_rows(), None

    def rebuild(token: str, request: gr.Request) -> Iterator[tuple[str, Any]]:
        guard(token, request)
        log = ""
        for log in ingest_steps(backend, rebuild=True):
            yield log, gr.skip()
        yield log, _safe_rows()

    def show_feedback(token: str, request: gr.Request) -> tuple[list[list[Any]], str]:
        guard(token, request)
        rows = feedback_rows(backend)
        days = backend.settings.feedback_retention_days
        return rows, f"{len(rows)} Rückmeldungen gespeichert (Aufbewahrung: {days} Tage)."

    def download_feedback(token: str, request: gr.Request) -> Any:
        guard(token, request)
        return gr.update(value=str(export_feedback(backend)), visible=True)

    def remove_feedback(
        token: str, ids_text: str, request: gr.Request
    ) -> tuple[list[list[Any]], str]:
        guard(token, request)
        message = delete_feedback(backend, ids_text)
        return feedback_rows(backend), message

    def search(token: str, query: str, request: gr.Request) -> list[list[Any]]:
        guard(token, request)
        if not query.strip():
            raise refusal("Bitte eine Frage eingeben.", "Redaktion")
        try:
            return retrieval_rows(backend, query[: backend.settings.max_question_chars])
        except LookupError as exc:
            raise refusal(backend.unavailable_detail or str(exc), "Redaktion") from exc

    private: dict[str, Any] = {"api_visibility": "private", "concurrency_id": "staff",
                               "concurrency_limit": 1}  # fmt: skip
    with gr.Tab("Redaktion", id="redaktion", elem_id="va-staff-tab"):
        gr.Markdown("Zugang nur für die Redaktion. Bitte den Zugangsschlüssel eingeben.")
        with gr.Row():
            token = gr.Textbox(label="Zugangsschlüssel", type="password", scale=4,
                               elem_id="va-token")  # fmt: skip
            login_btn = gr.Button("Anmelden", scale=1, elem_id="va-login")
        status = gr.Markdown(elem_id="va-staff-status")
        with gr.Column(visible=False, elem_id="va-staff-panel") as panel:
            gr.Markdown("## Dokumente im Index")
            docs = gr.Dataframe(headers=DOC_HEADERS, interactive=False, elem_id="va-docs",
                                wrap=True)  # fmt: skip
            with gr.Row():
                refresh_btn = gr.Button("Liste aktualisieren", size="sm")
                rebuild_btn = gr.Button("Index neu aufbauen", size="sm", variant="stop",
                                        elem_id="va-rebuild")  # fmt: skip
            file = gr.File(label="Pressemitteilung hochladen (.txt, .md, .html, .pdf, .docx, .ics)",
                           file_types=list(UPLOAD_SUFFIXES), type="filepath",
                           elem_id="va-upload")  # fmt: skip
            log = gr.Textbox(label="Protokoll", lines=4, interactive=False, elem_id="va-log")
            gr.Markdown("## Trefferansicht")
            with gr.Row():
                query = gr.Textbox(label="Frage", scale=4, elem_id="va-staff-query")
                search_btn = gr.Button("Passagen suchen", scale=1, elem_id="va-staff-search")
            hits = gr.Dataframe(headers=HIT_HEADERS, interactive=False, wrap=True,
                                elem_id="va-hits")  # fmt: skip
            gr.Markdown("## Rückmeldungen der Besucher")
            feedback_status = gr.Markdown(elem_id="va-feedback-status")
            votes = gr.Dataframe(headers=FEEDBACK_HEADERS, interactive=False, wrap=True,
                                 elem_id="va-votes")  # fmt: skip
            with gr.Row():
                show_btn = gr.Button("Rückmeldungen anzeigen", size="sm", elem_id="va-votes-show")
                export_btn = gr.Button("Als Datei exportieren (JSONL)", size="sm",
                                       elem_id="va-votes-export")  # fmt: skip
            export_file = gr.File(label="Export", interactive=False, visible=False,
                                  elem_id="va-votes-file")  # fmt: skip
            with gr.Row():
                delete_ids = gr.Textbox(label="Löschen: Nummern (z. B. 3, 7) oder „alle“",
                                        scale=4, elem_id="va-votes-ids")  # fmt: skip
                delete_btn = gr.Button("Löschen", size="sm", variant="stop", scale=1,
                                       elem_id="va-votes-delete")  # fmt: skip

    login_btn.click(login, [token], [panel, docs, status], js=LOGIN_JS, **private)
    token.submit(login, [token], [panel, docs, status], js=LOGIN_JS, **private)
    refresh_btn.click(refresh, [token], [docs], **private)
    file.upload(upload, [token, file], [log, docs, file], **private)
    rebuild_btn.click(rebuild, [token], [log, docs], **private)
    search_btn.click(search, [token, query], [hits], **private)
    query.submit(search, [token, query], [hits], **private)
    show_btn.click(show_feedback, [token], [votes, feedback_status], **private)
    export_btn.click(download_feedback, [token], [export_file], **private)
    delete_btn.click(remove_feedback, [token, delete_ids], [votes, feedback_status], **private)


def _discard(path: str | None) -> None:
    """Delete an uploaded file from Gradio's cache (and its folder, which Gradio makes per
    upload) as soon as it has been handled."""
    if not path:
        return
    with contextlib.suppress(OSError):
        Path(path).unlink()
        Path(path).parent.rmdir()


def _client(request: Any) -> str:
    client = getattr(request, "client", None) if request is not None else None
    return str(getattr(client, "host", "") or "unknown")

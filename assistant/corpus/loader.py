"""Loading the press-release folder into clean `Document` records.

Text is cleaned by `corpus.cleaning` (export artefacts only: any word lost there can
never be answered later); titles, datelines and source URLs are found here. A file
that cannot be read is reported with a reason instead of stopping the whole ingest,
so staff see what to fix while everything else stays searchable.
PDF and Word files are turned into text first (`corpus.pdf`, `corpus.word`) and then
cleaned like the rest; a PDF's paragraphs keep their page numbers (`records.PAGES_KEY`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from assistant.corpus.calendar import CalendarError, is_calendar, read_calendar
from assistant.corpus.cleaning import BOILERPLATE_LINES, clean_text
from assistant.corpus.formats import (
    FrontMatterError,
    extract_html,
    extract_markdown,
    split_front_matter,
)
from assistant.corpus.heads import TITLE_MIN_CHARS, dateline, extract_title, shorten, source_url
from assistant.corpus.pdf import PdfReadError, read_pdf
from assistant.corpus.word import WordReadError, read_docx
from assistant.records import PAGES_KEY, Document, PageSpan, encode_pages
from assistant.text.dates import find_dates

__all__ = [
    "BOILERPLATE_LINES",
    "SUPPORTED_SUFFIXES",
    "CorpusLoad",
    "IdConflict",
    "SkippedFile",
    "UnreadableFileError",
    "clean_text",
    "load_corpus",
    "load_document",
]

MAX_BYTES = 5 * 1024 * 1024
#: PDF and Word files carry images and fonts: their size says little about their text.
MAX_BINARY_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".ics": "ics",  # a calendar export (also recognised inside a .txt)
}
BINARY_FORMATS = frozenset({"pdf", "docx"})
REASON_BINARY = "binary file"
REASON_ENCODING = "not valid UTF-8"
REASON_EMPTY = "empty"
REASON_TOO_LARGE = "too large (> 5 MB)"
REASON_FRONT_MATTER = "invalid front matter"
REASON_UNSUPPORTED = "unsupported file type"
REASON_OUTSIDE = "link to a file outside the corpus folder"
REASON_CALENDAR = "not a readable calendar (iCalendar)"



class UnreadableFileError(ValueError):
    """A corpus file that cannot become a document; `reason` is shown to staff."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class SkippedFile:
    path: Path
    reason: str


@dataclass(frozen=True)
class IdConflict:
    """Several loadable files with one stem, i.e. one document id (`x.md` beside `x.txt`)."""

    doc_id: str
    paths: tuple[Path, ...]

    @property
    def message(self) -> str:
        names = " und ".join(p.name for p in self.paths)
        return f"Zwei Dateien für die Dokument-ID „{self.doc_id}“: {names}. Bitte eine umbenennen."


@dataclass(frozen=True)
class CorpusLoad:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]
    conflicts: tuple[IdConflict, ...] = ()


# --------------------------------------------------------------------------- metadata

def _web_url(value: Any) -> str | None:
    """Only http(s) URLs: the UI renders this as a link, so `javascript:` must not pass."""
    if isinstance(value, str) and re.match(r"https?://[^\s<>\"']+$", value.strip()):
        return value.strip()
    return None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if match:
        try:
            return date.fromisoformat(match[1])
        except ValueError:
            return None
    days = [m for m in find_dates(value) if m.first == m.last and m.year_explicit]
    return days[0].first if days else None


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return str(value)
    return None


# --------------------------------------------------------------------------- loading


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableFileError(path, REASON_TOO_LARGE)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise UnreadableFileError(path, REASON_TOO_LARGE)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: text, but not ours
        raise UnreadableFileError(path, REASON_ENCODING)
    if b"\x00" in data[:8192]:
        raise UnreadableFileError(path, REASON_BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(path, REASON_ENCODING) from exc


def _check_binary(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if size > MAX_BINARY_BYTES:
        raise UnreadableFileError(path, f"too large (> {MAX_BINARY_BYTES // 1024 // 1024} MB)")


def _pdf_text(path: Path) -> tuple[str, list[PageSpan], str | None, dict[str, str]]:
    """A PDF's paragraphs, each cleaned, joined, and where each one stands in the text."""
    try:
        extract = read_pdf(path)
    except PdfReadError as exc:
        raise UnreadableFileError(path, exc.reason) from exc
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for paragraph in extract.paragraphs:
        cleaned = clean_text(paragraph.text)
        if not cleaned:
            continue
        if parts:
            offset += 2  # the blank line between paragraphs
        spans.append(PageSpan(offset, offset + len(cleaned), paragraph.first_page,
                              paragraph.last_page))  # fmt: skip
        parts.append(cleaned)
        offset += len(cleaned)
    extra = {"page_count": str(extract.page_count)}
    if extract.pages_without_text:
        extra["pages_without_text"] = ",".join(map(str, extract.pages_without_text))
    return "\n\n".join(parts), spans, extract.title, extra


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, links resolved, is in the folder `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def load_document(path: Path, root: Path | None = None) -> Document:
    """Read, clean and describe one file; raises `UnreadableFileError` with a reason (with
    `root`: also for a link out of that folder, as what is loaded is published)."""
    if root is not None and not _inside(path, root):
        raise UnreadableFileError(path, REASON_OUTSIDE)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableFileError(path, REASON_UNSUPPORTED)
    if fmt in BINARY_FORMATS:
        _check_binary(path)
        raw = ""
    else:
        raw = _read_text(path)
    title: str | None = None
    published: date | None = None
    url: str | None = None
    extra: dict[str, str] = {}
    spans: list[PageSpan] = []
    if fmt == "pdf":
        text, spans, title, extra = _pdf_text(path)
        url = source_url(text)
    elif fmt == "docx":
        try:
            word = read_docx(path)
        except WordReadError as exc:
            raise UnreadableFileError(path, exc.reason) from exc
        text, title = clean_text(word.text), word.title
        url = source_url(text)
    elif fmt == "md":
        try:
            front, body = split_front_matter(raw)
        except FrontMatterError as exc:
            raise UnreadableFileError(path, REASON_FRONT_MATTER) from exc
        markdown = extract_markdown(body)
        text = clean_text(markdown.text)
        title = _scalar(front.get("title")) or markdown.heading
        published = _parse_date(front.get("published", front.get("date")))
        url = next(
            (u for k in ("url", "source_url", "source") if (u := _web_url(front.get(k)))), None
        )
        reserved = {"title", "date", "published", "url", "source", "source_url"}
        for key, value in front.items():
            scalar = _scalar(value)
            if key not in reserved and scalar is not None:
                extra[key] = scalar
    elif fmt == "html":
        page = extract_html(raw)
        text = clean_text(page.text)
        title, published, url = page.title, _parse_date(page.published), _web_url(page.url)
    elif fmt == "ics" or is_calendar(raw):
        try:
            calendar = read_calendar(raw)
        except CalendarError as exc:
            raise UnreadableFileError(path, REASON_CALENDAR) from exc
        text, title = clean_text(calendar.text), calendar.title
        url = source_url(text)
    else:
        text = clean_text(raw)
        url = source_url(text)
    if not text:
        raise UnreadableFileError(path, REASON_EMPTY)

    dateline_text, dateline_date = dateline(text)
    published = published or dateline_date
    title = shorten(clean_text(title)) if title else ""
    if len(title) < TITLE_MIN_CHARS:
        title = extract_title(text)
    if len(title) < TITLE_MIN_CHARS:
        title = path.stem
    elif fmt != "txt" and title not in " ".join(text.split()):
        text = f"{title}\n\n{text}"  # the headline belongs to the text (see `Document`)
        shift = len(title) + 2
        spans = [PageSpan(s.start + shift, s.end + shift, s.first, s.last) for s in spans]
    if spans:
        extra[PAGES_KEY] = encode_pages(spans)
    return Document(
        doc_id=path.stem,
        title=title,
        text=text,
        published=published,
        url=url,
        source_path=str(path),
        metadata={**extra, "format": fmt, "dateline": dateline_text},
    )


def load_corpus(
    corpus_dir: Path, on_file: Callable[[int, int], None] | None = None
) -> CorpusLoad:
    """Every loadable document in the folder, plus what was skipped and why.

    Hidden files and sub-folders are ignored without comment (editor backups,
    `.git`); everything else that is not loaded is listed so staff can act. Links
    that lead out of the folder are not followed. Two loadable files with the same
    stem would fight over one document id: neither is loaded and the conflict is
    reported with both names (the ingest refuses to run until one is renamed).
    `on_file(done, total)` is called after each file (PDFs take a moment each: the CLI
    and staff tab show progress).
    """
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {corpus_dir}")
    by_id: dict[str, list[tuple[Path, Document]]] = {}
    skipped: list[SkippedFile] = []
    paths = [
        p
        for p in sorted(corpus_dir.iterdir(), key=lambda p: p.name)
        if not (p.name.startswith(".") or p.is_dir())
    ]
    for done, path in enumerate(paths, start=1):
        if on_file is not None:
            on_file(done - 1, len(paths))
        if not _inside(path, corpus_dir):
            skipped.append(SkippedFile(path, REASON_OUTSIDE))
            continue
        if not path.is_file():
            skipped.append(SkippedFile(path, "not a regular file"))
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(SkippedFile(path, REASON_UNSUPPORTED))
            continue
        try:
            document = load_document(path)
        except UnreadableFileError as exc:
            skipped.append(SkippedFile(path, exc.reason))
            continue
        by_id.setdefault(document.doc_id, []).append((path, document))
    if on_file is not None:
        on_file(len(paths), len(paths))
    conflicts = tuple(
        IdConflict(doc_id, tuple(p for p, _ in found))
        for doc_id, found in sorted(by_id.items())
        if len(found) > 1
    )
    return CorpusLoad(
        documents=tuple(found[0][1] for _, found in sorted(by_id.items()) if len(found) == 1),
        skipped=tuple(skipped),
        conflicts=conflicts,
    )

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

from assistant.corpus.cleaning import BOILERPLATE_LINES, clean_text
from assistant.corpus.formats import (
    FrontMatterError,
    extract_html,
    extract_markdown,
    split_front_matter,
)
from assistant.corpus.pdf import PdfReadError, read_pdf
from assistant.corpus.word import WordReadError, read_docx
from assistant.records import PAGES_KEY, Document, PageSpan, encode_pages
from assistant.text.dates import find_dates

__all__ = [
    "BOILERPLATE_LINES",
    "SUPPORTED_SUFFIXES",
    "CorpusLoad",
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
}
BINARY_FORMATS = frozenset({"pdf", "docx"})
REASON_BINARY = "binary file"
REASON_ENCODING = "not valid UTF-8"
REASON_EMPTY = "empty"
REASON_TOO_LARGE = "too large (> 5 MB)"
REASON_FRONT_MATTER = "invalid front matter"
REASON_UNSUPPORTED = "unsupported file type"

_HEAD_LINES = 5  # where datelines and source lines are looked for
_TITLE_MIN_CHARS = 4
_TITLE_MAX_CHARS = 150


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
class CorpusLoad:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]


# --------------------------------------------------------------------------- metadata

_DATELINE_LABELS = ("stand", "datum", "veröffentlicht", "veröffentlicht am", "published", "date")
_SEPARATORS = ",·|–—-/"
_SOURCE_LINE = re.compile(
    r"^(?:quelle|url|source|original|link)\s*:\s*(https?://\S+?)[.,;)]?$", re.IGNORECASE
)


def _dateline_date(line: str) -> date | None:
    """The date of a header line like `Lübeck, 21. September 2023` or `25.07.2022 · Ministerium`.

    Only a single, fully dated day bordered by separators counts: a sentence
    such as `Der Kongress findet am 14. November 2023 statt` names an event,
    not the day of publication.
    """
    if len(line) > 120:
        return None
    for mention in find_dates(line):
        if mention.first != mention.last or not mention.year_explicit:
            continue
        prefix, suffix = line[: mention.start].strip(), line[mention.end :].strip()
        prefix_ok = (
            not prefix
            or (prefix[-1] in _SEPARATORS and len(prefix.split()) <= 6)
            or prefix.rstrip(":").strip().casefold() in _DATELINE_LABELS
        )
        suffix_ok = not suffix or (suffix[0] in _SEPARATORS + "(" and len(suffix.split()) <= 10)
        if prefix_ok and suffix_ok:
            return mention.first
    return None


def _head_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line][:_HEAD_LINES]


def _dateline(text: str) -> tuple[str, date | None]:
    for line in _head_lines(text):
        found = _dateline_date(line)
        if found:
            return line, found
    return "", None


def _shorten(title: str) -> str:
    """A document without a headline would otherwise get a whole paragraph as title."""
    title = " ".join(title.split()).removeprefix("• ")
    if len(title) <= _TITLE_MAX_CHARS:
        return title
    return title[:120].rsplit(" ", 1)[0] + " …"


def _extract_title(text: str) -> str:
    for line in text.split("\n"):
        if (
            len(line) >= _TITLE_MIN_CHARS
            and not _SOURCE_LINE.match(line)
            and not _dateline_date(line)
        ):
            return _shorten(line)
    return ""


def _source_url(text: str) -> str | None:
    lines = [line for line in text.split("\n") if line]
    for line in lines[:_HEAD_LINES] + lines[-_HEAD_LINES:]:
        match = _SOURCE_LINE.match(line)
        if match:
            return match[1]
    return None


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


def load_document(path: Path) -> Document:
    """Read, clean and describe one file; raises `UnreadableFileError` with a reason."""
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
        url = _source_url(text)
    elif fmt == "docx":
        try:
            word = read_docx(path)
        except WordReadError as exc:
            raise UnreadableFileError(path, exc.reason) from exc
        text, title = clean_text(word.text), word.title
        url = _source_url(text)
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
    else:
        text = clean_text(raw)
        url = _source_url(text)
    if not text:
        raise UnreadableFileError(path, REASON_EMPTY)

    dateline, dateline_date = _dateline(text)
    published = published or dateline_date
    title = _shorten(clean_text(title)) if title else ""
    if len(title) < _TITLE_MIN_CHARS:
        title = _extract_title(text)
    if len(title) < _TITLE_MIN_CHARS:
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
        metadata={**extra, "format": fmt, "dateline": dateline},
    )


def load_corpus(
    corpus_dir: Path, on_file: Callable[[int, int], None] | None = None
) -> CorpusLoad:
    """Every loadable document in the folder, plus what was skipped and why.

    Hidden files and sub-folders are ignored without comment (editor backups,
    `.git`); everything else that is not loaded is listed so staff can act.
    Two files with the same stem would fight over one document id, so the
    first in name order wins and the other is reported. `on_file(done, total)` is called
    after each file (PDFs take a moment each: the CLI and staff tab show progress).
    """
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {corpus_dir}")
    documents: dict[str, Document] = {}
    loaded_from: dict[str, str] = {}
    skipped: list[SkippedFile] = []
    paths = [
        p
        for p in sorted(corpus_dir.iterdir(), key=lambda p: p.name)
        if not (p.name.startswith(".") or p.is_dir())
    ]
    for done, path in enumerate(paths, start=1):
        if on_file is not None:
            on_file(done - 1, len(paths))
        if not path.is_file():
            skipped.append(SkippedFile(path, "not a regular file"))
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(SkippedFile(path, REASON_UNSUPPORTED))
            continue
        if path.stem in documents:
            first = loaded_from[path.stem]
            reason = f"duplicate document id '{path.stem}' (already loaded from {first})"
            skipped.append(SkippedFile(path, reason))
            continue
        try:
            document = load_document(path)
        except UnreadableFileError as exc:
            skipped.append(SkippedFile(path, exc.reason))
            continue
        documents[document.doc_id] = document
        loaded_from[document.doc_id] = path.name
    if on_file is not None:
        on_file(len(paths), len(paths))
    return CorpusLoad(
        documents=tuple(documents[k] for k in sorted(documents)),
        skipped=tuple(skipped),
    )

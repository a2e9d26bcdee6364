"""Loading the press-release folder into clean `Document` records.

The files are exports from websites and Word, and carry their artefacts:
Word bookmark markers, an escaped newline turned into a literal `n`
(`URL:nhttps://…`), non-breaking spaces, share buttons, hard-wrapped list
items. Cleaning removes exactly those and nothing else, because any word lost
here (a phone number, an e-mail address, a URL) can never be answered later; the one
rewrite is of the source's own reference marks (`[2]` → `⁽²⁾`), which would otherwise
pass for the answers' citation markers.
A file that cannot be read is reported with a reason instead of stopping the
whole ingest, so staff see what to fix while everything else stays searchable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from assistant.corpus.formats import (
    FrontMatterError,
    extract_html,
    extract_markdown,
    split_front_matter,
)
from assistant.corpus.heads import TITLE_MIN_CHARS, dateline, extract_title, shorten, source_url
from assistant.records import Document
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
SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
#: Share buttons and navigation labels that the site exports as lines of their own.
BOILERPLATE_LINES = frozenset(
    {
        "teilen sie uns mit einem klick",
        "teilen",
        "zur veranstaltungsseite",
        "aktuelles",
        "pressemitteilung & weiteres bildmaterial",
        "pressemitteilungen",
    }
)

REASON_BINARY = "binary file"
REASON_ENCODING = "not valid UTF-8"
REASON_EMPTY = "empty"
REASON_TOO_LARGE = "too large (> 5 MB)"
REASON_FRONT_MATTER = "invalid front matter"
REASON_UNSUPPORTED = "unsupported file type"
REASON_OUTSIDE = "link to a file outside the corpus folder"



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


# --------------------------------------------------------------------------- cleaning

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]", re.IGNORECASE)
_ESCAPED_NEWLINE = re.compile(r"(\b[^\W\d_]+:)n(?=https?://|www\.)")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n",
                              "\x0c": "\n"})  # fmt: skip
# Control and invisible format characters (soft hyphen, zero-width, bidi overrides).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# A source's own reference marks ("statt.[2]", `<sup>[2]</sup>`, "[1, 3]"): in an answer they
# would read as citations `[n]` and point at whatever passage happened to be n-th, so they
# become superscripts "⁽²⁾", which keep the number and read as the footnote they are.
_REFERENCE = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
_SUPERSCRIPT = str.maketrans("0123456789-–", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")
_BULLET = re.compile(r"^[•·\-*–—▪◦‣●]\s+(?=\S)")
_LONE_BULLET = re.compile(r"^[•·▪◦‣●]$")
_DASH_END = re.compile(r"\s[–—-]$")
_SENTENCE_END = (".", "!", "?", ":", ";", "…")
_CONNECTORS = frozenset(
    {"und", "oder", "sowie", "für", "der", "die", "das", "des", "dem", "den", "in", "im", "von",
     "vom", "zu", "zur", "zum", "mit", "bei", "auf", "an", "&", "–", "—"}
)  # fmt: skip


def _normalise_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    if line.casefold() in BOILERPLATE_LINES or _LONE_BULLET.match(line):
        return ""
    return _BULLET.sub("• ", line)


def _is_bullet(line: str) -> bool:
    return line.startswith("• ")


def _continues_item(item: str, line: str) -> bool:
    """Whether `line` is the hard-wrapped tail of bullet `item`.

    The tail of a wrapped item is a fragment (`Senatskanzlei Hamburg`,
    `in Mecklenburg-Vorpommern`); a full sentence after a list (`Es moderiert
    Basanta Thapa, Geschäftsführer NEGZ.`) is not, even though it follows the
    last item without a blank line.
    """
    if item.endswith(_SENTENCE_END):
        return False
    last_word = item.rsplit(" ", 1)[-1].casefold()
    return (
        item.endswith((",", "-"))
        or last_word in _CONNECTORS
        or line[0].islower()
        or (len(line) <= 60 and not line.endswith(_SENTENCE_END))
    )


def _join_wraps(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = bool(line and previous and not _is_bullet(line)) and bool(
            _DASH_END.search(previous) or (_is_bullet(previous) and _continues_item(previous, line))
        )
        if wrapped:
            glue = "" if re.search(r"\w-$", previous) else " "
            out[-1] = f"{previous}{glue}{line}"
        else:
            out.append(line)
    return out


def _paragraphs(lines: Iterable[str]) -> str:
    """One blank line between paragraphs, none inside a bullet list."""
    out: list[str] = []
    blank = False
    for line in lines:
        if not line:
            blank = bool(out)
            continue
        if blank and not (_is_bullet(line) and _is_bullet(out[-1])):
            out.append("")
        out.append(line)
        blank = False
    return "\n".join(out)


def clean_text(raw: str) -> str:
    """Plain text with paragraphs separated by exactly one blank line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = unicodedata.normalize("NFC", text)
    text = _BOOKMARK.sub("", text)
    text = _ESCAPED_NEWLINE.sub(r"\1 ", text)
    text = _INVISIBLE.sub("", text)
    text = _REFERENCE.sub(lambda m: f"⁽{''.join(m[1].split()).translate(_SUPERSCRIPT)}⁾", text)
    lines = [_normalise_line(line) for line in text.split("\n")]
    return _paragraphs(_join_wraps(lines))


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
    raw = _read_text(path)
    title: str | None = None
    published: date | None = None
    url: str | None = None
    extra: dict[str, str] = {}
    if fmt == "md":
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
    return Document(
        doc_id=path.stem,
        title=title,
        text=text,
        published=published,
        url=url,
        source_path=str(path),
        metadata={**extra, "format": fmt, "dateline": dateline_text},
    )


def load_corpus(corpus_dir: Path) -> CorpusLoad:
    """Every loadable document in the folder, plus what was skipped and why.

    Hidden files and sub-folders are ignored without comment (editor backups,
    `.git`); everything else that is not loaded is listed so staff can act. Links
    that lead out of the folder are not followed. Two loadable files with the same
    stem would fight over one document id: neither is loaded and the conflict is
    reported with both names (the ingest refuses to run until one is renamed).
    """
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {corpus_dir}")
    by_id: dict[str, list[tuple[Path, Document]]] = {}
    skipped: list[SkippedFile] = []
    for path in sorted(corpus_dir.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.is_dir():
            continue
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

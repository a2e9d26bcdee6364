"""Press releases as PDF: the text layer, in reading order, without the page furniture.

A PDF has no paragraphs, only positioned lines. Read naively it interleaves two
columns line by line, repeats the letterhead and "Seite 1 von 3" on every page and
keeps words split at line ends ("Verwal-" / "tungen"), all of which would end up in
answers. So the lines pdfminer finds are re-assembled here: lines in the top and bottom
margin that repeat on several pages (letterhead, footer) or are page numbers are taken
out of the flow — a repeated footer is kept once, at the end, because it usually holds
the press office's phone number and e-mail; a page whose lines leave a vertical gutter
free is read column by column; hyphenated line ends are joined; paragraphs are split at
vertical gaps and font changes. Every paragraph keeps the pages it came from, so an
answer can cite "S. 2".

A PDF without any text layer (a scan) or one that needs a password is refused with
a reason staff can act on; single scanned pages in an otherwise textual PDF are
reported, the rest is kept.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PdfExtract", "PdfParagraph", "PdfReadError", "read_pdf"]

MAX_PAGES = 300
MARGIN_SHARE = 0.08  # top and bottom share of the page where letterheads and footers sit
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:seite|page|s\.)\s*)?\d{1,4}(?:\s*(?:von|of|/)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[•·\-*–▪◦‣●]\s")
_CONJUNCTIONS = frozenset({"und", "oder", "bzw", "bzw.", "sowie", "als", "wie", "bis"})
_SENTENCE_END = (".", "!", "?", ":", "…", "“", '"')
NO_TEXT = "keine Textebene (gescannt?) – bitte ein PDF mit Text speichern"


class PdfReadError(ValueError):
    """The PDF cannot become a document; `reason` (German) is shown to staff as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PdfParagraph:
    text: str
    first_page: int  # 1-based
    last_page: int


@dataclass(frozen=True)
class PdfExtract:
    paragraphs: tuple[PdfParagraph, ...]
    title: str | None  # the largest-set line near the top of page 1, if clearly a headline
    page_count: int
    pages_without_text: tuple[int, ...]  # image-only pages (scans) among pages with text


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page (pdfminer counts from the bottom)
    bottom: float
    size: float  # median glyph height: headings are set larger

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    has_image: bool


# --------------------------------------------------------------------------- reading


def _text_lines(item: Any, height: float) -> Iterator[_Line]:
    """Every horizontal text line under `item` (boxes and figures nest them)."""
    from pdfminer.layout import LTChar, LTTextLine

    if isinstance(item, LTTextLine):
        text = " ".join(item.get_text().split())
        if text:
            sizes = [c.size for c in item if isinstance(c, LTChar)]
            size = statistics.median(sizes) if sizes else item.height
            yield _Line(text, item.x0, item.x1, height - item.y1, height - item.y0, size)
        return
    if hasattr(item, "__iter__"):
        for child in item:
            yield from _text_lines(child, height)


def _has_image(item: Any) -> bool:
    from pdfminer.layout import LTImage

    if isinstance(item, LTImage):
        return True
    return hasattr(item, "__iter__") and any(_has_image(child) for child in item)


def _load_pages(path: Path) -> list[_Page]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages: list[_Page] = []
    try:
        for number, layout in enumerate(
            extract_pages(path, laparams=LAParams(char_margin=2.0, line_margin=0.3)), start=1
        ):
            if number > MAX_PAGES:
                raise PdfReadError(f"zu viele Seiten (mehr als {MAX_PAGES})")
            lines = sorted(_text_lines(layout, layout.height), key=lambda ln: (ln.top, ln.x0))
            pages.append(_Page(number, layout.width, layout.height, lines, _has_image(layout)))
    except PDFPasswordIncorrect as exc:
        raise PdfReadError("verschlüsselt (Passwort nötig) – bitte ungeschützt speichern") from exc
    except PDFEncryptionError as exc:
        raise PdfReadError("verschlüsselt mit einem nicht unterstützten Verfahren") from exc
    except (PDFSyntaxError, PSException) as exc:
        raise PdfReadError("kein gültiges PDF (beschädigt?)") from exc
    except PdfReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise PdfReadError(f"PDF nicht lesbar ({exc.__class__.__name__})") from exc
    return pages


# --------------------------------------------------------------------------- page furniture


def _furniture_key(text: str) -> str:
    """Letterheads and footers repeat with a changing page number: compare without digits."""
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def _in_margin(line: _Line, page: _Page) -> bool:
    band = page.height * MARGIN_SHARE
    return line.bottom <= band or line.top >= page.height - band


def _split_furniture(pages: list[_Page]) -> list[tuple[int, str]]:
    """Remove page numbers and repeated margin lines from the pages; return the repeated ones
    that carry words (not just a number), once each, with the page they first stood on."""
    seen_on: Counter[str] = Counter()
    for page in pages:
        seen_on.update({_furniture_key(ln.text) for ln in page.lines if _in_margin(ln, page)})
    textual = [p for p in pages if p.lines]
    repeated = {key for key, count in seen_on.items() if count >= 2 and len(textual) >= 2}
    kept: dict[str, tuple[int, str]] = {}
    for page in pages:
        body: list[_Line] = []
        for line in page.lines:
            if _in_margin(line, page) and _PAGE_NUMBER.match(line.text):
                continue
            key = _furniture_key(line.text)
            if _in_margin(line, page) and key in repeated:
                if not _PAGE_NUMBER.match(_strip_page_number(line.text)):
                    kept.setdefault(key, (page.number, _strip_page_number(line.text)))
                continue
            body.append(line)
        page.lines = body
    return list(kept.values())


def _strip_page_number(text: str) -> str:
    """ "Pressestelle · Seite 2 von 3" → "Pressestelle"."""
    cleaned = re.sub(r"[\s·|,–-]*(?:seite|page|s\.)\s*\d+(?:\s*(?:von|of|/)\s*\d+)?", "", text,
                     flags=re.IGNORECASE)  # fmt: skip
    return cleaned.strip(" ·|,–-") or text


# --------------------------------------------------------------------------- reading order


def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a free vertical strip between two columns, or None for a one-column page.

    A two-column page has many lines entirely left and entirely right of some x in the
    middle third, side by side, and few lines (a headline, a full-width box) across it.
    """
    if len(lines) < 6:
        return None
    best: tuple[int, float, float] | None = None
    x = width * 0.3
    while x <= width * 0.7:
        crossing = sum(1 for ln in lines if ln.x0 < x < ln.x1)
        candidate = (crossing, abs(x - width / 2), x)
        if best is None or candidate < best:
            best = candidate
        x += 2.0
    if best is None:
        return None
    crossing, _, split = best
    left = [ln for ln in lines if ln.x1 <= split]
    right = [ln for ln in lines if ln.x0 >= split]
    if len(left) < 3 or len(right) < 3 or crossing > 0.2 * len(lines):
        return None
    overlap = min(max(ln.bottom for ln in left), max(ln.bottom for ln in right)) - max(
        min(ln.top for ln in left), min(ln.top for ln in right)
    )
    return split if overlap > 0 else None


def _reading_order(page: _Page) -> list[list[_Line]]:
    """The page's lines as runs to be read top to bottom: one run per column, with full-width
    lines (a headline over both columns) as runs of their own where they stand."""
    lines = sorted(page.lines, key=lambda ln: (ln.top, ln.x0))
    split = _gutter(lines, page.width)
    if split is None:
        return [lines] if lines else []
    runs: list[list[_Line]] = []
    left: list[_Line] = []
    right: list[_Line] = []
    for line in lines:
        if line.x0 < split < line.x1:  # full width: the columns above it end here
            runs.extend(run for run in (left, right) if run)
            left, right = [], []
            runs.append([line])
        elif line.x1 <= split:
            left.append(line)
        else:
            right.append(line)
    runs.extend(run for run in (left, right) if run)
    return runs


# --------------------------------------------------------------------------- paragraphs


def join_lines(first: str, second: str) -> str:
    """Two lines of one paragraph; a word hyphenated across the break is put back together.

    "Verwal-" + "tungen" → "Verwaltungen"; "E-" + "Government" keeps its hyphen (the
    second part is capitalised); "Bund-" + "und Länder" keeps the hyphen and the space.
    """
    if not first:
        return second
    if not second:
        return first
    if re.search(r"[^\W\d_]-$", first) or first.endswith("\u00ad"):
        head = first.rstrip("-\u00ad")
        word = second.split(" ", 1)[0]
        if word.casefold() in _CONJUNCTIONS:
            return f"{first} {second}"
        if word[:1].islower():
            return head + second
        return first + second
    return f"{first} {second}"


def _starts_paragraph(previous: _Line, line: _Line, body_height: float) -> bool:
    gap = line.top - previous.bottom
    return (
        gap > 0.7 * body_height
        or gap < -0.5 * body_height  # the run jumped back up (should not happen in a run)
        or abs(line.size - previous.size) > 0.15 * max(line.size, previous.size)
        or bool(_BULLET.match(line.text))
    )


def _page_paragraphs(page: _Page) -> list[str]:
    heights = [ln.height for ln in page.lines if ln.height > 0]
    body_height = statistics.median(heights) if heights else 10.0
    paragraphs: list[str] = []
    for run in _reading_order(page):
        current = ""
        previous: _Line | None = None
        for line in run:
            if previous is not None and _starts_paragraph(previous, line, body_height):
                paragraphs.append(current)
                current = ""
            current = join_lines(current, line.text)
            previous = line
        if current:
            paragraphs.append(current)
    return [p for p in paragraphs if p.strip()]


def _continues(paragraph: str, following: str) -> bool:
    """A paragraph cut by the page break: no sentence end, and the next page goes on in
    lower case (or the word was hyphenated)."""
    if paragraph.rstrip().endswith(_SENTENCE_END):
        return False
    return bool(following) and (following[0].islower() or paragraph.endswith("-"))


def _merge_pages(per_page: Iterable[tuple[int, list[str]]]) -> list[PdfParagraph]:
    merged: list[PdfParagraph] = []
    for number, paragraphs in per_page:
        for index, text in enumerate(paragraphs):
            if index == 0 and merged and _continues(merged[-1].text, text):
                last = merged[-1]
                merged[-1] = PdfParagraph(join_lines(last.text, text), last.first_page, number)
            else:
                merged.append(PdfParagraph(text, number, number))
    return merged


def _title(page: _Page) -> str | None:
    """The headline: the largest type in the upper half of page 1, if clearly larger than
    the body text (PDF metadata titles are often "Microsoft Word - PM_final.docx")."""
    if not page.lines:
        return None
    body = statistics.median(ln.size for ln in page.lines)
    upper = [ln for ln in page.lines if ln.top < page.height / 2]
    if not upper:
        return None
    largest = max(ln.size for ln in upper)
    if largest < 1.15 * body:
        return None
    parts = [ln.text for ln in upper if abs(ln.size - largest) < 0.05 * largest]
    title = parts[0]
    for part in parts[1:]:
        title = join_lines(title, part)
    return title[:300]


def read_pdf(path: Path) -> PdfExtract:
    """The PDF's text layer as paragraphs with their pages; raises `PdfReadError`."""
    pages = _load_pages(path)
    if not any(p.lines for p in pages):
        raise PdfReadError(NO_TEXT)
    title = _title(next(p for p in pages if p.lines))
    furniture = _split_furniture(pages)
    if not any(p.lines for p in pages):  # a scan with a stamped page number, say
        raise PdfReadError(NO_TEXT)
    scanned = tuple(p.number for p in pages if not p.lines and p.has_image)
    paragraphs = _merge_pages((p.number, _page_paragraphs(p)) for p in pages)
    paragraphs.extend(PdfParagraph(text, page, page) for page, text in furniture)
    return PdfExtract(tuple(paragraphs), title, len(pages), scanned)

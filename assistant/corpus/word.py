"""Press releases as Word files (.docx): the body text in document order.

Word keeps what PDF loses: paragraphs, headings, list items and tables are marked
as such, and the letterhead, footer and page-number fields live in separate header
and footer parts, so reading only the body drops them without guessing. Pages do not
exist in a .docx (Word lays them out when it opens the file), so Word sources carry no
page numbers. Old binary `.doc` files and password-protected files are not zip
packages and are refused with a reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["WordExtract", "WordReadError", "read_docx"]


class WordReadError(ValueError):
    """The file cannot become a document; `reason` (German) is shown to staff as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class WordExtract:
    text: str  # paragraphs separated by blank lines, list items as "• " lines
    title: str | None  # the "Title" style or first level-1 heading, else the file's title


def _style_name(paragraph: Any) -> str:
    style = getattr(paragraph, "style", None)
    return str(getattr(style, "name", "") or "").casefold()


def _is_list_item(paragraph: Any) -> bool:
    """Word marks list items by style ("List Bullet", "Listenabsatz") or numbering."""
    name = _style_name(paragraph)
    if name.startswith(("list", "liste", "aufzählung")):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _is_heading(paragraph: Any) -> bool:
    name = _style_name(paragraph)
    return name == "title" or name == "titel" or name.startswith(("heading", "überschrift"))


def _blocks(document: Any) -> tuple[list[str], str | None]:
    from docx.table import Table

    blocks: list[str] = []
    title: str | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if cells:
                    rows.append(" · ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
            continue
        text = item.text.strip()
        if not text:
            continue
        if _is_heading(item) and title is None:
            title = " ".join(text.split())
        if _is_list_item(item) and blocks and blocks[-1].startswith("• "):
            blocks[-1] += f"\n• {text}"  # one list stays one block
        elif _is_list_item(item):
            blocks.append(f"• {text}")
        else:
            blocks.append(text)
    return blocks, title


def read_docx(path: Path) -> WordExtract:
    """The body of a .docx as plain text; raises `WordReadError`."""
    if not zipfile.is_zipfile(path):
        raise WordReadError(
            "kein Word-Dokument im .docx-Format (altes .doc oder kennwortgeschützt?)"
        )
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
        blocks, title = _blocks(document)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise WordReadError("kein gültiges Word-Dokument (beschädigt?)") from exc
    except Exception as exc:  # lxml and python-docx raise many kinds on damaged files
        raise WordReadError(f"Word-Dokument nicht lesbar ({exc.__class__.__name__})") from exc
    title = title or (document.core_properties.title or "").strip() or None
    return WordExtract("\n\n".join(blocks), title)

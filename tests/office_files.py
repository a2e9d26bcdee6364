"""PDF and Word press releases built by the tests themselves (fpdf2, python-docx), so every
layout problem the loader must solve is in a file whose content is readable right here.

The release is invented (Kiel, a "Forum Offene Verwaltung 2025"); coordinates are in mm on
A4 (210 × 297). Core PDF fonts speak Latin-1, so the texts avoid „…“ quotes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

TITLE = "Forum Offene Verwaltung 2025"
FOOTER = "Pressestelle Stadt Kiel · Telefon 0431 901-2345 · presse@example.org"
HEADER = "Pressemitteilung"
LEFT_COLUMN = [
    "Das Forum Offene Verwaltung 2025 findet",
    "am 3. und 4. Juni 2025 in Kiel statt. Die",
    "Veranstalter erwarten rund 250 Gäste aus",
    "Kommunen, Ländern und dem Bund. Im Mittel-",
    "punkt stehen offene Daten und die Verwal-",
    "tungsdigitalisierung in kleinen Gemeinden.",
]
RIGHT_COLUMN = [
    "Die Teilnahme ist kostenfrei. Anmeldungen",
    "nimmt das Organisationsbüro bis zum",
    "15. Mai 2025 entgegen. Das Programm nennt",
    "zwölf Workshops, darunter einen zu E-",
    "Government in der Bund- und Länderebene",
    "sowie einen zum Onlinezugangsgesetz.",
]
PAGE_TWO = [
    "Zum Abschluss diskutieren Bürgermeisterinnen und Bürgermeister, wie",
    "gemeinsame Plattformen kleinen Gemeinden helfen. Moderiert wird die",
    "Runde von Dr. Hanna Petersen.",
]
#: What the two columns must read as, in order (hyphenation undone, columns not interleaved).
EXPECTED_COLUMNS = (
    "Das Forum Offene Verwaltung 2025 findet am 3. und 4. Juni 2025 in Kiel statt. Die "
    "Veranstalter erwarten rund 250 Gäste aus Kommunen, Ländern und dem Bund. Im Mittelpunkt "
    "stehen offene Daten und die Verwaltungsdigitalisierung in kleinen Gemeinden. "
    "Die Teilnahme ist kostenfrei. Anmeldungen nimmt das Organisationsbüro bis zum 15. Mai "
    "2025 entgegen. Das Programm nennt zwölf Workshops, darunter einen zu E-Government in der "
    "Bund- und Länderebene sowie einen zum Onlinezugangsgesetz."
)


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    return pdf


def _furniture(pdf: Any, page: int, pages: int) -> None:
    pdf.set_font("Helvetica", size=9)
    pdf.text(20, 12, HEADER)
    pdf.text(20, 287, FOOTER)
    pdf.text(180, 287, f"Seite {page} von {pages}")


def _lines(pdf: Any, x: float, y: float, lines: list[str], step: float = 5.5) -> float:
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.text(x, y, line)
        y += step
    return y


def _scan_png() -> bytes:
    """A grey "scanned" page: stripes where a photographed text would be, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 840), 235)
    draw = ImageDraw.Draw(image)
    for row in range(60, 780, 28):
        draw.rectangle((50, row, 550 - (row % 5) * 30, row + 12), fill=60)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def two_column_pdf(path: Path, scanned_page: bool = True) -> Path:
    """Page 1: headline over two columns; page 2: one column; page 3: a scan (optional).
    Letterhead, footer and "Seite n von m" on every text page."""
    pdf = _pdf()
    pages = 3 if scanned_page else 2
    pdf.add_page()
    _furniture(pdf, 1, pages)
    pdf.set_font("Helvetica", style="B", size=18)
    pdf.text(20, 30, TITLE)
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 40, "Kiel, 12. März 2025")
    _lines(pdf, 20, 52, LEFT_COLUMN)
    _lines(pdf, 110, 52, RIGHT_COLUMN)
    pdf.add_page()
    _furniture(pdf, 2, pages)
    _lines(pdf, 20, 30, PAGE_TWO)
    if scanned_page:
        pdf.add_page()
        pdf.image(io.BytesIO(_scan_png()), x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path) -> Path:
    """Only an image: a PDF without a text layer."""
    pdf = _pdf()
    pdf.add_page()
    pdf.image(io.BytesIO(_scan_png()), x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    """Text, but only readable with the password "geheim"."""
    pdf = _pdf()
    pdf.add_page()
    _lines(pdf, 20, 30, PAGE_TWO)
    pdf.set_encryption(owner_password="eigentuemer", user_password="geheim")
    pdf.output(str(path))
    return path


def simple_pdf(path: Path, title: str, paragraphs: list[list[str]]) -> Path:
    """One column: a headline, then paragraphs (lists of lines) with blank lines between."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=18)
    pdf.text(20, 30, title)
    y = 45.0
    for lines in paragraphs:
        y = _lines(pdf, 20, y, lines) + 5
    pdf.output(str(path))
    return path


def press_release_docx(path: Path) -> Path:
    """A Word release: title, dateline, paragraphs, a bullet list, a table, and a header and
    footer (with a page-number field) that must not end up in the text."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = TITLE
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.text = FOOTER + " · Seite "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)
    document.add_heading(TITLE, level=1)
    document.add_paragraph("Kiel, 12. März 2025")
    document.add_paragraph(
        "Das Forum Offene Verwaltung 2025 findet am 3. und 4. Juni 2025 in Kiel statt. "
        "Die Veranstalter erwarten rund 250 Gäste."
    )
    document.add_heading("Programm", level=2)
    for item in ("Offene Daten in Kommunen", "Digitale Zwillinge", "Onlinezugangsgesetz"):
        document.add_paragraph(item, style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in enumerate((("Ort", "Kieler Schloss"), ("Eintritt", "frei"))):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = value
    document.add_paragraph("Moderiert wird die Abschlussrunde von Dr. Hanna Petersen.")
    document.save(str(path))
    return path

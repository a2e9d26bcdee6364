"""PDF and Word press releases: text in reading order, page furniture out, pages kept for
citations, unreadable files reported by name while everything else is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_files import (
    EXPECTED_COLUMNS,
    FOOTER,
    HEADER,
    TITLE,
    encrypted_pdf,
    press_release_docx,
    scanned_pdf,
    simple_pdf,
    two_column_pdf,
)

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import UnreadableFileError, load_corpus, load_document
from assistant.corpus.pdf import join_lines, read_pdf
from assistant.ingest import run_ingest
from assistant.pipeline import Assistant
from assistant.records import PAGES_KEY, decode_pages
from assistant.settings import Settings
from assistant.web.rendering import render_answer, render_document_page
from assistant.web.staff import save_upload


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- PDF text


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("die Verwal-", "tungsdigitalisierung", "die Verwaltungsdigitalisierung"),
        ("einen zu E-", "Government", "einen zu E-Government"),
        ("in der Bund-", "und Länderebene", "in der Bund- und Länderebene"),
        ("am 3.", "Juni", "am 3. Juni"),
        ("Verwal\u00ad", "tung", "Verwaltung"),
        ("Seite 2 -", "weiter", "Seite 2 - weiter"),
    ],
)
def test_lines_are_joined_and_hyphenation_undone(first: str, second: str, joined: str) -> None:
    assert join_lines(first, second) == joined


def test_two_columns_are_read_in_order_without_page_furniture(tmp_path: Path) -> None:
    document = load_document(two_column_pdf(tmp_path / "forum.pdf"))
    text = flat(document.text)
    assert document.title == TITLE and document.published is not None
    assert EXPECTED_COLUMNS in text  # left column, then right column, words re-joined
    assert "Verwal-" not in text and "Mittel-" not in text
    assert "Seite 1 von" not in text and "Seite 2 von" not in text  # page numbers gone
    assert text.count(FOOTER) == 1  # the footer once (it holds the phone number), at the end
    assert text.endswith(FOOTER) and text.count(HEADER) == 1
    assert "Dr. Hanna Petersen" in text  # page 2
    assert document.metadata["format"] == "pdf" and document.metadata["page_count"] == "3"
    assert document.metadata["pages_without_text"] == "3"  # the scanned page is reported


def test_pdf_chunks_carry_their_pages(tmp_path: Path) -> None:
    document = load_document(two_column_pdf(tmp_path / "forum.pdf"))
    spans = decode_pages(document.metadata[PAGES_KEY])
    assert spans and all(document.text[s.start : s.end].strip() for s in spans)
    pages = {c.body.split()[0]: (c.page, c.page_end) for c in chunk_document(document)}
    assert pages["Zum"] == (2, 2)  # the page-2 paragraph
    assert pages["Die"] == (1, 1)  # the right column of page 1
    assert all(page is not None for page in pages.values())


def test_paragraph_running_over_a_page_break_is_one_paragraph_on_both_pages(
    tmp_path: Path,
) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.text(20, 30, "Die Tagung beginnt am Morgen mit einem Grußwort der Staatssekre-")
    pdf.add_page()
    pdf.text(20, 30, "tärin und endet am Abend mit einem Empfang im Rathaus.")
    pdf.output(str(tmp_path / "umbruch.pdf"))
    extract = read_pdf(tmp_path / "umbruch.pdf")
    [paragraph] = extract.paragraphs
    assert "Staatssekretärin und endet" in paragraph.text
    assert (paragraph.first_page, paragraph.last_page) == (1, 2)


def test_unreadable_pdfs_are_reported_by_name_and_nothing_else_is_lost(
    settings: Settings, corpus_dir: Path
) -> None:
    scanned_pdf(corpus_dir / "scan.pdf")
    encrypted_pdf(corpus_dir / "geschuetzt.pdf")
    (corpus_dir / "kaputt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    two_column_pdf(corpus_dir / "forum.pdf")
    press_release_docx(corpus_dir / "forum-word.docx")
    (corpus_dir / "alt.docx").write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc renamed")
    loaded = load_corpus(corpus_dir)
    reasons = {s.path.name: s.reason for s in loaded.skipped}
    assert "keine Textebene" in reasons["scan.pdf"]
    assert "verschlüsselt" in reasons["geschuetzt.pdf"]
    assert "PDF" in reasons["kaputt.pdf"]
    assert "Word" in reasons["alt.docx"]
    ids = {d.doc_id for d in loaded.documents}
    assert {"forum", "forum-word", "digitaler-aufbruch-2024"} <= ids
    assert len(ids) == len(list(corpus_dir.glob("*.txt"))) + 2

    result = run_ingest(settings)
    assert result.ok
    lines = "\n".join(result.lines())
    for name in ("scan.pdf", "geschuetzt.pdf", "kaputt.pdf", "alt.docx"):
        assert f"übersprungen: {name}" in lines
    assert "forum.pdf – Seite 3 ohne Text (gescannt?)" in lines


def test_encrypted_pdf_error_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="ungeschützt speichern"):
        load_document(encrypted_pdf(tmp_path / "geschuetzt.pdf"))


# --------------------------------------------------------------------------- Word


def test_docx_body_only_with_lists_and_tables(tmp_path: Path) -> None:
    document = load_document(press_release_docx(tmp_path / "forum.docx"))
    assert document.title == TITLE and document.metadata["format"] == "docx"
    assert FOOTER not in document.text and HEADER not in document.text  # header/footer parts
    assert "PAGE" not in document.text
    assert "• Offene Daten in Kommunen\n• Digitale Zwillinge" in document.text
    assert "Ort · Kieler Schloss" in document.text
    assert "Dr. Hanna Petersen" in document.text
    assert PAGES_KEY not in document.metadata  # Word files have no fixed pages
    assert all(c.page is None for c in chunk_document(document))


# --------------------------------------------------------------------------- answers


@pytest.fixture
def pdf_assistant(settings: Settings, corpus_dir: Path) -> Assistant:
    two_column_pdf(corpus_dir / "forum-offene-verwaltung-2025.pdf")
    press_release_docx(corpus_dir / "forum-word.docx")
    assert run_ingest(settings).ok
    return Assistant.from_settings(settings)


def test_answer_cites_the_page_of_a_pdf_source(pdf_assistant: Assistant) -> None:
    answer = pdf_assistant.ask("Wer moderiert die Runde beim Forum Offene Verwaltung 2025?")
    data = answer.to_json()
    pdf_sources = [s for s in data["sources"] if s["doc_id"] == "forum-offene-verwaltung-2025"]
    assert pdf_sources, data
    assert pdf_sources[0]["page"] == 2 and "Petersen" in pdf_sources[0]["text"]
    html = render_answer(answer, turn=0)
    assert "S. 2" in html and "/quelle/forum-offene-verwaltung-2025#seite-2" in html


def test_document_page_marks_the_pages(pdf_assistant: Assistant) -> None:
    chunks = pdf_assistant.retriever.document_chunks("forum-offene-verwaltung-2025")
    page = render_document_page("forum-offene-verwaltung-2025", chunks)
    assert '<span id="seite-1"></span>Seite 1' in page
    assert '<span id="seite-2"></span>Seite 2' in page
    assert page.index("Seite 2") < page.index("Petersen")
    assert page.index("Teilnahme ist kostenfrei") < page.index("Seite 2")


def test_txt_sources_keep_their_ids_and_json(pdf_assistant: Assistant) -> None:
    """The chunk ids of text files are exactly those of before PDF support (pinned)."""
    ids = [c.chunk_id for c in pdf_assistant.retriever.document_chunks("digitaler-aufbruch-2024")]
    assert ids[:3] == ["digitaler-aufbruch-2024:0:6457c328a0",
                       "digitaler-aufbruch-2024:1:d6149d2821",
                       "digitaler-aufbruch-2024:2:4ad9d9c4d6"]  # fmt: skip
    answer = pdf_assistant.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    assert all("page" not in s for s in answer["sources"])


def test_staff_upload_accepts_pdf_and_docx(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    pdf = two_column_pdf(tmp_path / "Forum Offene Verwaltung.pdf", scanned_page=False)
    word = press_release_docx(tmp_path / "Forum Word.DOCX")
    assert save_upload(pdf, pdf.name, corpus)[0].name == "forum-offene-verwaltung.pdf"
    assert save_upload(word, word.name, corpus)[0].name == "forum-word.docx"
    scan = scanned_pdf(tmp_path / "scan.pdf")
    from assistant.web.staff import UploadError

    with pytest.raises(UploadError, match="keine Textebene"):
        save_upload(scan, scan.name, corpus)
    assert sorted(p.name for p in corpus.iterdir()) == ["forum-offene-verwaltung.pdf",
                                                         "forum-word.docx"]  # fmt: skip


def test_simple_pdf_paragraphs(tmp_path: Path) -> None:
    path = simple_pdf(tmp_path / "kurz.pdf", "Kurzmeldung Verwaltungstag",
                      [["Der Verwaltungstag findet am 5. Mai 2025 in Kiel statt."],
                       ["Anmeldung unter verwaltungstag@example.org."]])  # fmt: skip
    document = load_document(path)
    assert document.title == "Kurzmeldung Verwaltungstag"
    assert document.text.split("\n\n")[1:] == [
        "Der Verwaltungstag findet am 5. Mai 2025 in Kiel statt.",
        "Anmeldung unter verwaltungstag@example.org.",
    ]

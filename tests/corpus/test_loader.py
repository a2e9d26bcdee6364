from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus.loader import (
    BOILERPLATE_LINES,
    REASON_OUTSIDE,
    CorpusLoad,
    SkippedFile,
    UnreadableFileError,
    clean_text,
    load_corpus,
    load_document,
)
from assistant.records import Document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

EXPECTED = {
    "digitaler-aufbruch-2023": ("Forum Digitaler Aufbruch 2023", None, ""),
    "digitaler-aufbruch-2024": ("Digitaler Aufbruch 2024 – Verantwortliche setzen Kurs", None, ""),
    "innovatives-management-2020": (
        "Wendepunkt für die Verwaltungsdigitalisierung",
        date(2020, 9, 3),
        "Pressemitteilungen · 03.09.20",
    ),
    "innovatives-management-2023": (
        "DIGITALISIERUNG. WO BLEIBT DER HEIßHUNGER IN DER ÖV?!",
        date(2023, 9, 21),
        "Lübeck, 21. September 2023",
    ),
    "nordlaender-digital-2022": (
        "Nordl@nder.DIGITAL",
        date(2022, 7, 25),
        "25.07.2022 · Ministerium für Inneres, Bau und Digitalisierung",
    ),
}


@pytest.fixture(scope="module")
def corpus() -> CorpusLoad:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def docs(corpus: CorpusLoad) -> dict[str, Document]:
    return {d.doc_id: d for d in corpus.documents}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- real corpus


def test_real_corpus_loads_completely(corpus: CorpusLoad) -> None:
    assert corpus.skipped == ()
    assert [d.doc_id for d in corpus.documents] == sorted(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_real_titles_dates_and_metadata(docs: dict[str, Document], doc_id: str) -> None:
    title, published, dateline = EXPECTED[doc_id]
    doc = docs[doc_id]
    assert doc.title == title
    assert doc.published == published
    assert doc.url is None  # none of them names its own source
    assert doc.metadata == {"format": "txt", "dateline": dateline}
    assert doc.source_path.endswith(f"{doc_id}.txt")
    assert title in doc.text


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_real_texts_are_clean(docs: dict[str, Document], doc_id: str) -> None:
    text = docs[doc_id].text
    assert "[bookmark" not in text
    for bad in ("\u00a0", "\u202f", "\u00ad", "\u200b", "\r", "\t"):
        assert bad not in text
    assert "\n\n\n" not in text
    assert text == text.strip()
    assert all(line == line.strip() for line in text.split("\n"))
    assert all("  " not in line for line in text.split("\n"))
    for line in text.split("\n"):
        assert line.casefold() not in BOILERPLATE_LINES
    assert clean_text(text) == text  # cleaning is idempotent


def test_escaped_newline_url_is_repaired(docs: dict[str, Document]) -> None:
    text = docs["innovatives-management-2023"].text
    assert "URL:n" not in text
    assert (
        "(URL: https://www.bmj.de/SharedDocs/Zitate/DE/2023/0814_Buerokratieabbau.html, "
        "Stand:12.09.23)"
    ) in text
    assert "https://www.mach.de/newsroom" in text
    assert "www.mach.de/ima" in text


def test_bookmark_markers_removed_without_eating_text(docs: dict[str, Document]) -> None:
    text = docs["innovatives-management-2023"].text
    assert text.startswith(
        "Lübeck, 21. September 2023\n\nDIGITALISIERUNG. WO BLEIBT DER HEIßHUNGER IN DER ÖV?!\n"
        "Ausblick auf den Kongress Innovatives Management 2023\n\nVerwaltung unter Druck,"
    )
    assert "\nDiese und weitere Presseinformationen" in text


def test_share_and_navigation_lines_removed(docs: dict[str, Document]) -> None:
    for doc in docs.values():
        assert "Teilen Sie uns mit einem Klick" not in doc.text
        assert "Zur Veranstaltungsseite" not in doc.text
        assert "AKTUELLES" not in doc.text
        assert "Pressemitteilung & weiteres Bildmaterial" not in doc.text
    assert docs["nordlaender-digital-2022"].text.startswith("25.07.2022 · Ministerium")
    assert docs["nordlaender-digital-2022"].text.endswith("Dienstleistungen zu informieren.")
    # the word inside a sentence is content, not a share button
    assert "mit Teilnehmenden und Interessierten teilen und" in docs["digitaler-aufbruch-2023"].text


def test_contact_details_kept(docs: dict[str, Document]) -> None:
    a2023 = docs["digitaler-aufbruch-2023"].text
    a2024 = docs["digitaler-aufbruch-2024"].text
    assert a2023.endswith(
        "Kontakt\n\nJens Flasche\nMarketing und\nUnternehmenskommunikation\n"
        "Tel.: (02366) 188-750\nj.flasche@prosoz.de"
    )
    assert "Tel.: 02366/188-750\nj.flasche@prosoz.de" in a2024


def test_headline_hard_wrap_joined(docs: dict[str, Document]) -> None:
    assert docs["digitaler-aufbruch-2024"].text.startswith(
        "Digitaler Aufbruch 2024 – Verantwortliche setzen Kurs\n\n"
        "Digitaler Aufbruch 2024 in Hamburg"
    )


def test_wrapped_bullets_joined_into_one_block(docs: dict[str, Document]) -> None:
    text = docs["digitaler-aufbruch-2024"].text
    block = next(b for b in text.split("\n\n") if b.startswith("• Sören"))
    items = block.split("\n")
    assert len(items) == 15
    assert all(item.startswith("• ") for item in items)
    assert items[0] == (
        "• Sören Alvermann, Referent neue Technologien, Amt für IT und Digitalisierung, "
        "Senatskanzlei Hamburg"
    )
    assert (
        "• Marvin Baldauf, Referent Digitalisierung und E-Government, Metropolregion "
        "Rhein-Neckar GmbH"
    ) in items
    assert (
        "• Alexander Handschuh, Beigeordneter und Sprecher des Deutschen Städte- und Gemeindebundes"
    ) in items
    assert (
        "• Nicole Kuprat, Verbandsvorsteherin Zweckverband Elektronische Verwaltung "
        "in Mecklenburg-Vorpommern"
    ) in items
    assert "• Emir Kučević, IT-Management und -Consulting der Universität Hamburg" in items
    assert items[-1] == "• Philipp Willer, Geschäftsführer IT-Verbund Schleswig-Holstein"


def test_middle_dot_bullets_and_following_sentence(docs: dict[str, Document]) -> None:
    text = docs["innovatives-management-2023"].text
    assert "· " not in text
    assert "Auf dem Podium diskutieren dazu:\n• Marko Haas, Leiter des Bereiches" in text
    # the sentence after the list is not glued onto the last item
    assert "Digitalrätin Sachsen-Anhalt\nEs moderiert Basanta Thapa, Geschäftsführer NEGZ." in text


def test_event_dates_in_body_are_not_publication_dates(docs: dict[str, Document]) -> None:
    assert "23.-24.04.2024" in docs["digitaler-aufbruch-2023"].text
    assert docs["digitaler-aufbruch-2023"].published is None
    assert "Vom 23.-24. April" in docs["digitaler-aufbruch-2024"].text
    assert docs["digitaler-aufbruch-2024"].published is None


def test_content_hash_stable_and_sensitive(tmp_path: Path) -> None:
    first = load_corpus(CORPUS)
    second = load_corpus(CORPUS)
    assert [d.content_hash for d in first.documents] == [d.content_hash for d in second.documents]
    assert len({d.content_hash for d in first.documents}) == 5

    source = CORPUS / "nordlaender-digital-2022.txt"
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    before = load_document(copy).content_hash
    assert before == next(d for d in first.documents if d.doc_id == copy.stem).content_hash
    copy.write_text(source.read_text(encoding="utf-8") + "\nNeuer Satz.", encoding="utf-8")
    assert load_document(copy).content_hash != before


def test_cosmetic_whitespace_changes_do_not_change_hash(tmp_path: Path) -> None:
    source = (CORPUS / "digitaler-aufbruch-2024.txt").read_text(encoding="utf-8")
    a = load_document(write(tmp_path / "x.txt", source))
    b = load_document(write(tmp_path / "x.txt", source.replace("\n", "\r\n") + "\n\n\n"))
    assert a.content_hash == b.content_hash


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u00a0b\u202fc\u2007d", "a b c d"),
        ("Verwal\u00adtung\u200b ok\ufeff", "Verwaltung ok"),
        ("a \t  b   ", "a b"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("\n\n a \n\n", "a"),
        ("x\x00y\x07z\x1b", "xyz"),
        ("[bookmark: _Hlk110240382]Titel", "Titel"),
        ("Text[bookmark: _Hlk1] mehr", "Text mehr"),
        ("(URL:nhttps://example.org/a, Stand:12.09.23)",
         "(URL: https://example.org/a, Stand:12.09.23)"),
        ("Quelle:nhttps://example.org", "Quelle: https://example.org"),
        ("teilen\nText", "Text"),
        ("TEILEN SIE UNS MIT EINEM KLICK\n\nText", "Text"),
        ("Text teilen Sie uns mit einem Klick", "Text teilen Sie uns mit einem Klick"),
        ("- eins\n* zwei\n– drei\n· vier\n• fünf", "• eins\n• zwei\n• drei\n• vier\n• fünf"),
        ("• eins\n\n• zwei\n\n\n• drei", "• eins\n• zwei\n• drei"),
        ("Intro:\n\n• eins\n\nDanach.", "Intro:\n\n• eins\n\nDanach."),
        ("• Name, Rolle,\nOrt\n• B", "• Name, Rolle, Ort\n• B"),
        ("• Name, Referentin und\nSicherheit", "• Name, Referentin und Sicherheit"),
        ("• Letzter Punkt\nEs moderiert Herr X, Chef.",
         "• Letzter Punkt\nEs moderiert Herr X, Chef."),
        ("• Satz endet.\nneuer Absatz", "• Satz endet.\nneuer Absatz"),
        ("Titel 2024 –\nUntertitel", "Titel 2024 – Untertitel"),
        ("Titel 2024 –\n\nAbsatz", "Titel 2024 –\n\nAbsatz"),
        # a wrapped quoted name whose dash starts the next line is no list item
        ("den Fachtag „Daten im Dorf\n– Harzvorland 2027“ aus.",
         "den Fachtag „Daten im Dorf – Harzvorland 2027“ aus."),
        ("Themen „Daten“:\n– Harzvorland", "Themen „Daten“:\n• Harzvorland"),
        # a numbered clause's indented lines go on its sentence; an item's details stay parts
        ("(4) Die Gebühren (95 Euro\n    für Mitglieder, 145 Euro\n    für alle) fallen an.",
         "(4) Die Gebühren (95 Euro für Mitglieder, 145 Euro für alle) fallen an."),
        ("2. Ortsteil Au\n   Dienstag, 11. Mai 2027\n   Aula",
         "2. Ortsteil Au · Dienstag, 11. Mai 2027 · Aula"),
        ("-5 Grad bleibt", "-5 Grad bleibt"),
        ("Mail j.flasche@prosoz.de, Tel. (02366) 188-750",
         "Mail j.flasche@prosoz.de, Tel. (02366) 188-750"),
        ("Kolleg*innen", "Kolleg*innen"),
        ("", ""),
        # a source's own reference markers must not look like citations (`[n]`)
        ("in Kiel statt.[2] Danach", "in Kiel statt.⁽²⁾ Danach"),
        ("Quellen [1, 12] und [3–4]", "Quellen ⁽¹,¹²⁾ und ⁽³⁻⁴⁾"),
        ("[1] Vereinsregister.", "⁽¹⁾ Vereinsregister."),
        ("[sic] [Anm. d. Red.] [2024a] [1234]", "[sic] [Anm. d. Red.] [2024a] [1234]"),
    ],
)  # fmt: skip
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


# --------------------------------------------------------------------------- other formats


def test_markdown_front_matter_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path / "da-2025.md",
        "---\n"
        "title: Digitaler Aufbruch 2025\n"
        "date: 2025-05-06\n"
        "url: https://example.org/da-2025\n"
        "author: Jens Flasche\n"
        "draft: false\n"
        "tags: [a, b]\n"
        "---\n"
        "Hamburg, 2. Januar 2025\n\n"
        "# Ein anderer Titel\n\n"
        "Der **Digitale Aufbruch** findet am *6. Mai* statt, "
        "[Anmeldung](https://example.org/anmeldung).\n"
        "Kolleg*innen und Bürger*innen; snake_case_name bleibt.\n\n"
        "## Programm\n\n"
        "- Vortrag A\n- Vortrag B\n\n"
        "<script>alert(1)</script>\nText mit <b>HTML</b>.\n",
    )
    doc = load_document(path)
    assert doc.doc_id == "da-2025"
    assert doc.title == "Digitaler Aufbruch 2025"
    assert doc.published == date(2025, 5, 6)  # front matter beats the dateline
    assert doc.url == "https://example.org/da-2025"
    assert doc.metadata == {
        "author": "Jens Flasche",
        "draft": "false",
        "format": "md",
        "dateline": "Hamburg, 2. Januar 2025",
    }
    assert doc.text.split("\n\n")[0] == "Digitaler Aufbruch 2025"
    assert "\n\nEin anderer Titel\n\n" in doc.text
    assert "\n\nProgramm\n\n• Vortrag A\n• Vortrag B\n\n" in doc.text
    assert (
        "Der Digitale Aufbruch findet am 6. Mai statt, Anmeldung (https://example.org/anmeldung)."
        in doc.text
    )
    assert "Kolleg*innen und Bürger*innen; snake_case_name bleibt." in doc.text
    assert "alert" not in doc.text
    assert "Text mit HTML." in doc.text
    assert "#" not in doc.text and "**" not in doc.text and "<" not in doc.text


@pytest.mark.parametrize(
    ("front", "published"),
    [
        ("date: 21. September 2023", date(2023, 9, 21)),
        ("published: '2023-09-21T10:00:00+02:00'", date(2023, 9, 21)),
        ("date: 21.09.2023", date(2023, 9, 21)),
        ("date: irgendwann", None),
    ],
)
def test_markdown_date_formats(tmp_path: Path, front: str, published: date | None) -> None:
    doc = load_document(write(tmp_path / "x.md", f"---\n{front}\n---\nText ohne Datum.\n"))
    assert doc.published == published


def test_markdown_without_front_matter_uses_heading(tmp_path: Path) -> None:
    doc = load_document(
        write(tmp_path / "x.markdown", "Lübeck, 3. Mai 2024\n\n# Kongress\n\nText.\n")
    )
    assert doc.title == "Kongress"
    assert doc.published == date(2024, 5, 3)
    assert doc.url is None
    assert doc.metadata == {"format": "md", "dateline": "Lübeck, 3. Mai 2024"}


def test_markdown_rejects_unsafe_url(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "x.md", "---\nurl: javascript:alert(1)\n---\n# Titel\n"))
    assert doc.url is None


HTML = """<!doctype html>
<html><head><title>Seitentitel | Prosoz</title>
<link rel="canonical" href="https://www.prosoz.de/news/da-2024">
<meta property="og:url" content="https://other.example/x">
<style>body { color: red } .geheim {}</style>
<script>var x = "<p>bad</p>"; alert(1);</script></head>
<body><nav><a href="/">Startseite</a> | <a>News</a></nav>
<article><h1>Digitaler  Aufbruch 2024</h1>
<p>Hamburg, <time datetime="2024-05-02">2. Mai 2024</time></p>
<p>Vom 23.-24. April&nbsp;2024 in Hamburg.</p>
<p>Beispiel: &lt;script&gt;alert(2)&lt;/script&gt; ist nur Text.</p>
<ul><li><p>Sören Alvermann</p></li><li>Marvin Baldauf</li></ul>
<noscript>Bitte JavaScript aktivieren</noscript><template><p>Vorlage</p></template>
<p>Zeile 1<br/>Zeile 2</p>
</article><script>document.write("x")</script></body></html>
"""


def test_html_extraction(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "da-2024-web.html", HTML))
    assert doc.title == "Digitaler Aufbruch 2024"
    assert doc.url == "https://www.prosoz.de/news/da-2024"
    assert doc.published == date(2024, 5, 2)
    assert doc.metadata == {"format": "html", "dateline": "Hamburg, 2. Mai 2024"}
    assert doc.text == (
        "Digitaler Aufbruch 2024\n\n"
        "Hamburg, 2. Mai 2024\n\n"
        "Vom 23.-24. April 2024 in Hamburg.\n\n"
        "Beispiel: <script>alert(2)</script> ist nur Text.\n\n"
        "• Sören Alvermann\n• Marvin Baldauf\n\n"
        "Zeile 1\nZeile 2"
    )
    for dropped in ("color", "bad", "alert(1)", "Startseite", "JavaScript", "Vorlage", "write"):
        assert dropped not in doc.text


def test_html_fallbacks(tmp_path: Path) -> None:
    page = (
        '<html><head><title> Nur  Titel </title><meta property="og:url" content="https://e.org/a">'
        '<meta property="article:published_time" content="2023-09-21T08:00:00Z"></head>'
        "<body><div>Text ohne Überschrift.</div></body></html>"
    )
    doc = load_document(write(tmp_path / "x.htm", page))
    assert doc.title == "Nur Titel"
    assert doc.url == "https://e.org/a"
    assert doc.published == date(2023, 9, 21)
    assert doc.text == "Nur Titel\n\nText ohne Überschrift."


def test_html_without_head_or_body_tags(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "x.html", "<head><title>T</title><p>Inhalt hier</p>"))
    assert doc.text.endswith("Inhalt hier")
    assert doc.title == "Inhalt hier"  # <title> too short to be a headline


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    depth = 50_000
    page = "<div><span>" * depth + "tief" + "</span></div>" * depth
    doc = load_document(write(tmp_path / "deep.html", page))
    assert doc.text == "tief"
    assert doc.title == "tief"


def test_unclosed_script_drops_rest(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "x.html", "<p>Sichtbar</p><script>var a = 1; <p>x</p>"))
    assert doc.text == "Sichtbar"


# --------------------------------------------------------------------------- unreadable files


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bin.txt", b"PK\x03\x04\x00\x00binary", "binary file"),
        ("latin.txt", "Lübeck, Straße".encode("latin-1"), "not valid UTF-8"),
        ("utf16.txt", "Hallo".encode("utf-16"), "not valid UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n\t\n", "empty"),
        ("share.txt", "Teilen Sie uns mit einem Klick\n\u00a0\n".encode(), "empty"),
        ("tags.html", b"<html><script>x</script></html>", "empty"),
        ("broken.md", b"---\ntitle: [unclosed\n---\nText\n", "invalid front matter"),
        ("list.md", b"---\n- a\n- b\n---\nText\n", "invalid front matter"),
        ("open.md", b"---\ntitle: x\nText\n", "invalid front matter"),
        ("data.csv", b"a,b\n1,2\n", "unsupported file type"),
    ],
)
def test_load_document_rejects(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as info:
        load_document(path)
    assert info.value.reason == reason
    assert info.value.path == path
    assert isinstance(info.value, ValueError)
    assert name in str(info.value)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(UnreadableFileError) as info:
        load_document(path)
    assert info.value.reason == "too large (> 5 MB)"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitelzeile\n\nText.".encode())
    assert load_document(path).title == "Titelzeile"


def test_load_corpus_reports_skipped_and_loads_the_rest(tmp_path: Path) -> None:
    for source in CORPUS.glob("*.txt"):
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin.txt").write_bytes("Grüße".encode("latin-1"))
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    (tmp_path / "notiz.docx").write_bytes(b"PK")
    write(tmp_path / "nordlaender-digital-2022.md", "# Doppelt\n\nText.")
    write(tmp_path / "zusatz.md", "# Zusatz\n\nText.")
    write(tmp_path / "zusatz.txt", "Zusatz als txt")
    write(tmp_path / ".versteckt.txt", "geheim")
    (tmp_path / "unterordner").mkdir()
    write(tmp_path / "unterordner" / "tief.txt", "Unterordner")

    result = load_corpus(tmp_path)

    # two files per id: neither is loaded, the conflict names both
    assert [d.doc_id for d in result.documents] == sorted(set(EXPECTED) - {
        "nordlaender-digital-2022"})  # fmt: skip
    assert {c.doc_id: [p.name for p in c.paths] for c in result.conflicts} == {
        "nordlaender-digital-2022": ["nordlaender-digital-2022.md", "nordlaender-digital-2022.txt"],
        "zusatz": ["zusatz.md", "zusatz.txt"],
    }
    reasons = {s.path.name: s.reason for s in result.skipped}
    assert reasons == {
        "bild.png": "unsupported file type",
        "bin.txt": "binary file",
        "empty.md": "empty",
        "latin.txt": "not valid UTF-8",
        "notiz.docx": "kein Word-Dokument im .docx-Format (altes .doc oder kennwortgeschützt?)",
    }
    assert all(isinstance(s, SkippedFile) for s in result.skipped)
    assert [s.path.name for s in result.skipped] == sorted(reasons)


def test_duplicate_after_unreadable_first_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"")
    write(tmp_path / "a.txt", "Titel A\n\nText.")
    result = load_corpus(tmp_path)
    assert [d.doc_id for d in result.documents] == ["a"]
    assert result.skipped == (SkippedFile(tmp_path / "a.md", "empty"),)


def test_source_url_line_in_txt(tmp_path: Path) -> None:
    body = "Titel\n\nText mit https://example.org/im-text im Satz.\n\n"
    head = load_document(write(tmp_path / "a.txt", "Quelle: https://example.org/a\n\n" + body))
    tail = load_document(write(tmp_path / "b.txt", body + "Source: https://example.org/b"))
    none = load_document(write(tmp_path / "c.txt", body))
    assert head.url == "https://example.org/a"
    assert head.title == "Titel"
    assert tail.url == "https://example.org/b"
    assert none.url is None


def test_short_title_falls_back_to_stem(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "kurz-notiz.txt", "Hi\n\nOk"))
    assert doc.title == "kurz-notiz"


def test_headline_less_paragraph_title_is_shortened(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path / "x.txt", "Wort " * 100))
    assert len(doc.title) <= 125
    assert doc.title.endswith(" …")


def test_missing_corpus_dir(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path / "fehlt")


# --------------------------------------------------------------------------- id conflicts, links


def test_two_files_with_one_id_are_a_conflict_naming_both(tmp_path: Path) -> None:
    """`x.md` beside `x.txt`: which one is "the" document is anybody's guess, so neither
    is loaded and the conflict names both files (ingest refuses to run on it)."""
    write(tmp_path / "x.txt", "Titel als Text\n\nAm 3. Juni in Kiel.")
    write(tmp_path / "x.md", "# Titel als Markdown\n\nAm 4. Juni in Jena.")
    write(tmp_path / "y.txt", "Titel Y\n\nText.")
    result = load_corpus(tmp_path)
    assert [d.doc_id for d in result.documents] == ["y"]
    assert [(c.doc_id, [p.name for p in c.paths]) for c in result.conflicts] == [
        ("x", ["x.md", "x.txt"])
    ]
    message = result.conflicts[0].message
    assert "x.md" in message and "x.txt" in message


def test_links_leaving_the_corpus_folder_are_not_followed(tmp_path: Path) -> None:
    corpus_dir, private = tmp_path / "corpus", tmp_path / "privat"
    corpus_dir.mkdir()
    private.mkdir()
    write(private / "gehalt.txt", "Gehaltsliste\n\nStreng vertraulich: 4711 Euro.")
    write(corpus_dir / "echt.txt", "Echte Mitteilung\n\nText.")
    (corpus_dir / "gehalt.txt").symlink_to(private / "gehalt.txt")
    (corpus_dir / "passwd.txt").symlink_to("/etc/passwd")
    (corpus_dir / "ordner").symlink_to(private, target_is_directory=True)
    (corpus_dir / "alias.txt").symlink_to(corpus_dir / "echt.txt")  # stays inside: fine

    result = load_corpus(corpus_dir)

    assert [d.doc_id for d in result.documents] == ["alias", "echt"]
    assert all("vertraulich" not in d.text for d in result.documents)
    reasons = {s.path.name: s.reason for s in result.skipped}
    assert reasons == {"gehalt.txt": REASON_OUTSIDE, "passwd.txt": REASON_OUTSIDE}
    with pytest.raises(UnreadableFileError):  # one file, e.g. a staff upload check
        load_document(corpus_dir / "gehalt.txt", root=corpus_dir)


def test_markdown_table_rows_become_lines_of_their_own() -> None:
    table = (
        "Die Stationen\n\n| Station | Datum | Ort |\n|---|:---:|---|\n"
        "| Passau | Di, 16.03.2027 | Tagungszentrum Sankt Nikola, Innstraße 12, 94032 Passau |\n"
        "| Straubing | Di, 23.03.2027 | Großer Saal, Bürgerhaus am Stadtgraben, Straubing |\n"
    )
    assert clean_text(table).split("\n")[2:] == [
        "Station · Datum · Ort",
        "Passau · Di, 16.03.2027 · Tagungszentrum Sankt Nikola, Innstraße 12, 94032 Passau",
        "Straubing · Di, 23.03.2027 · Großer Saal, Bürgerhaus am Stadtgraben, Straubing",
    ]

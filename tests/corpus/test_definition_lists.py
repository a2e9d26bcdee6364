"""An event page's definition list ("<dt>Datum</dt><dd>Dienstag, 23. Februar 2027</dd>")
reads as one labelled line, the way the page shows it, so the date keeps its label."""

from __future__ import annotations

from assistant.corpus.formats import extract_html

PAGE = """<html><body><h1>3. Forum Stadt &amp; Land</h1>
<dl><dt>Datum</dt><dd>Dienstag, 23. Februar 2027</dd>
<dt>Veranstaltungsort</dt><dd>Alte Mühle, Saal 2, Mühlweg 3, 76646 Bruchsal</dd></dl>
<p>Weitere Informationen folgen.</p></body></html>"""


def test_a_definition_list_reads_as_labelled_lines() -> None:
    lines = [line.strip() for line in extract_html(PAGE).text.splitlines() if line.strip()]
    assert "Datum: Dienstag, 23. Februar 2027" in lines
    assert "Veranstaltungsort: Alte Mühle, Saal 2, Mühlweg 3, 76646 Bruchsal" in lines
    assert "Weitere Informationen folgen." in lines

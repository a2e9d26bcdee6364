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


INDENTED = """<html><body><h1>Podium: Wer bleibt draußen?</h1>
<dl class="panel">
  <dt>Dr. Jana Feldhoff</dt>
  <dd>Leiterin des Bürgeramts der Stadt Gerolstein</dd>
  <dt>Moderation: Ole Brandes</dt>
  <dd>Redakteur beim Eifelfunk</dd>
</dl></body></html>"""


def test_an_indented_definition_list_still_reads_as_labelled_lines() -> None:
    """Pages are written indented; the line break between the tags is no paragraph, and a
    term that carries its own label is not given a second colon."""
    lines = [line.strip() for line in extract_html(INDENTED).text.splitlines() if line.strip()]
    assert "Dr. Jana Feldhoff: Leiterin des Bürgeramts der Stadt Gerolstein" in lines
    assert "Moderation: Ole Brandes, Redakteur beim Eifelfunk" in lines

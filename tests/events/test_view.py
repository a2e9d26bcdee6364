"""The catalog's view model: status relative to today, the rows the CLI table and the tab share."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import CORPUS

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.events.catalog import FIELDS, Catalog, Event, Fact
from assistant.events.view import HEADERS, document_titles, event_rows, event_status, text_table
from assistant.records import Chunk


@pytest.fixture(scope="module")
def corpus() -> tuple[Catalog, dict[str, str]]:
    docs = list(load_corpus(CORPUS).documents)
    chunks = [c for d in docs for c in chunk_document(d)]
    return Catalog.build(docs, chunks), document_titles(chunks)


def make_event(series: str, start: date | None, end: date | None = None, **facts: str) -> Event:
    fields = {n: [Fact(facts[n], "doc", "doc:0:x", facts[n])] if n in facts else [] for n in FIELDS}
    return Event(event_id="0123456789abcdef", series=series, edition="2026", start=start, end=end,
                 sources=["doc"], announced=False, **fields)  # fmt: skip


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2024, 4, 22), "kommend"), (date(2024, 4, 23), "läuft"), (date(2024, 4, 24), "läuft"),
     (date(2024, 4, 25), "vergangen")],
)  # fmt: skip
def test_status_relative_to_today(today: date, expected: str) -> None:
    event = make_event("Digitaler Aufbruch", date(2024, 4, 23), date(2024, 4, 24))
    assert event_status(event, today) == expected
    assert event_status(make_event("X", None), today) == "ohne Datum"


def test_text_table_is_the_cli_table(corpus: tuple[Catalog, dict[str, str]]) -> None:
    catalog, _ = corpus
    undated = make_event("Beispielforum", None)
    lines = text_table([*catalog.events, undated], date(2026, 11, 23))
    assert lines[0].split() == list(HEADERS)
    assert lines[-1].endswith("ohne Datum")
    rows = event_rows(catalog.events, date(2026, 11, 23))
    assert [r.cells[0] for r in rows] == [e.series for e in catalog.events]


def test_titles_from_chunks() -> None:
    chunk = Chunk("d:0", "d", 0, "Titel", "Text", "Titel Text")
    assert document_titles([chunk]) == {"d": "Titel"}

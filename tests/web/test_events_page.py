"""The "Veranstaltungen" tab in HTML: table, timeline, links, escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from conftest import CORPUS

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.events.catalog import FIELDS, Catalog, Event, Fact
from assistant.events.view import EMPTY, HEADERS, document_titles
from assistant.web.events_page import ICS_PATH, render_events

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
MID_2023 = date(2023, 6, 1)


#: An edition known only from another release, without a date (the corpus has none).
UNDATED = Event(
    event_id="fedcba9876543210", series="Beispielforum", edition="2019", start=None, end=None,
    sources=["digitaler-aufbruch-2023"], announced=True,
    **{n: [] for n in FIELDS},
)  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> tuple[Catalog, dict[str, str]]:
    docs = list(load_corpus(CORPUS).documents)
    chunks = [c for d in docs for c in chunk_document(d)]
    catalog = Catalog.build(docs, chunks)
    catalog.events = [*catalog.events, UNDATED]
    return catalog, document_titles(chunks)


def make_event(series: str, start: date | None, end: date | None = None, **facts: str) -> Event:
    fields = {n: [Fact(facts[n], "doc", "doc:0:x", facts[n])] if n in facts else [] for n in FIELDS}
    return Event(event_id="0123456789abcdef", series=series, edition="2026", start=start, end=end,
                 sources=["doc"], announced=False, **fields)  # fmt: skip


def section(html: str, title: str) -> str:
    """The timeline group under the heading `title`."""
    match = re.search(rf"<h2>{title}</h2>(.*?)</section>", html)
    assert match, title
    return match.group(1)


def names_in(fragment: str) -> list[str]:
    return re.findall(r'<strong class="va-tl-name">(.*?)</strong>', fragment)


def test_timeline_splits_at_today(corpus: tuple[Catalog, dict[str, str]]) -> None:
    catalog, titles = corpus
    html = render_events(catalog.events, MID_2023, titles=titles)
    past, upcoming = catalog.past_and_upcoming(MID_2023)
    assert names_in(section(html, "Kommende Veranstaltungen")) == [e.name for e in upcoming]
    assert names_in(section(html, "Vergangene Veranstaltungen")) == [
        e.name
        for e in reversed(past)  # most recent first
    ]
    assert names_in(section(html, "Ohne bekanntes Datum")) == ["Beispielforum 2019"]
    assert "Stand: 01.06.2023" in html


def test_table_rows_with_status_and_source_links(corpus: tuple[Catalog, dict[str, str]]) -> None:
    catalog, titles = corpus
    html = render_events(catalog.events, MID_2023, titles=titles, base_url="http://h:1")
    head = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert head == [*HEADERS, "Quellen"]
    rows = re.findall(r'<tr class="va-event-row".*?</tr>', html)
    assert len(rows) == len(catalog.events) == 6
    row = next(r for r in rows if "<td>Digitaler Aufbruch</td><td>2024</td>" in r)
    assert '<time datetime="2024-04-23"' in row and "23. und 24. April 2024" in row
    assert "<td>Hamburg</td>" in row and "<td>Prosoz</td>" in row and 'data-status="kommend"' in row
    # the same document links as the chat's source cards, one per source document
    assert 'href="http://h:1/quelle/digitaler-aufbruch-2024"' in row
    assert 'href="http://h:1/quelle/digitaler-aufbruch-2023"' in row
    assert 'title="Digitaler Aufbruch 2024 – Verantwortliche setzen Kurs"' in row
    undated = next(r for r in rows if "<td>2019</td>" in r)
    assert "ohne Datum" in undated and "angekündigt" in undated
    assert 'href="http://h:1/veranstaltungen.ics"' in html and ICS_PATH in html
    assert "5 Termine" in html  # the calendar holds the dated events only


def test_every_event_links_its_sources_in_the_timeline(
    corpus: tuple[Catalog, dict[str, str]],
) -> None:
    catalog, titles = corpus
    html = render_events(catalog.events, date(2026, 11, 23), titles=titles)
    items = re.findall(r'<li class="va-tl-item".*?</li>', html)
    assert len(items) == 6
    for item, event in zip(items, [*reversed(catalog.events[:5]), catalog.events[5]], strict=True):
        assert f">{event.name}</strong>" in item
        for doc_id in event.sources:
            assert f'href="/quelle/{doc_id}"' in item and f">{titles[doc_id]}<span" in item
    assert "Keine kommenden Veranstaltungen bekannt." in html  # the corpus lies in the past


def test_everything_from_documents_is_escaped() -> None:
    event = make_event(XSS, date(2026, 12, 1), city=XSS, organiser=XSS, format=XSS, venue=XSS,
                       dates=f"Am 1. Dezember {XSS}")  # fmt: skip
    event = replace(event, edition=XSS, sources=['x"/../<y>'], announced=True)
    html = render_events([event], date(2026, 11, 23), titles={'x"/../<y>': XSS})
    assert "<script" not in html and "<img" not in html and 'onerror="' not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=&quot;" in html
    assert 'href="/quelle/x%22%2F..%2F%3Cy%3E"' in html


def test_empty_catalog_is_friendly() -> None:
    html = render_events([], date(2026, 11, 23))
    assert EMPTY in html and EMPTY == "Noch keine Veranstaltungen im Index."

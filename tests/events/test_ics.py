"""iCalendar export, checked by parsing the output back line by line (RFC 5545)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from conftest import CORPUS

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.events.catalog import FIELDS, Catalog, Event, Fact
from assistant.events.ics import escape_text, fold_line, to_ics

NOW = datetime(2026, 11, 23, 9, 30, 5, tzinfo=UTC)


def unfold(ics: str) -> list[str]:
    assert ics.endswith("\r\n")
    assert "\n" not in ics.replace("\r\n", "")  # no bare LF or CR anywhere
    return ics.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append("\n" if value[i + 1] in "nN" else value[i + 1])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def vevents(ics: str) -> list[dict[str, str]]:
    """Each VEVENT as {"NAME;PARAMS": raw value}."""
    events: list[dict[str, str]] = []
    for line in unfold(ics):
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line not in ("END:VEVENT", "END:VCALENDAR"):
            name, _, value = line.partition(":")
            events[-1][name] = value
    return events


def make_event(
    series: str, start: date | None, end: date | None = None, **facts: list[str]
) -> Event:
    fields = {n: [Fact(v, "doc", "doc:0:x", v) for v in facts.get(n, [])] for n in FIELDS}
    return Event(event_id="0123456789abcdef", series=series, edition="2026", start=start, end=end,
                 sources=["doc"], announced=False, **fields)  # fmt: skip


@pytest.fixture(scope="module")
def corpus_ics() -> tuple[Catalog, str]:
    docs = list(load_corpus(CORPUS).documents)
    catalog = Catalog.build(docs, [c for d in docs for c in chunk_document(d)])
    return catalog, to_ics(catalog.events, now=NOW)


def test_calendar_frame_and_line_limits(corpus_ics: tuple[Catalog, str]) -> None:
    _, ics = corpus_ics
    physical = ics.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)  # something was folded
    lines = unfold(ics)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", lines[2]]
    assert lines[2].startswith("PRODID:")
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 5


def test_one_all_day_vevent_per_dated_event(corpus_ics: tuple[Catalog, str]) -> None:
    catalog, ics = corpus_ics
    events = {e["SUMMARY"]: e for e in vevents(ics)}
    assert "Innovatives Management 2019" not in events  # no date known
    da23 = events["Digitaler Aufbruch 2023"]
    assert da23["DTSTART;VALUE=DATE"] == "20230419"
    assert da23["DTEND;VALUE=DATE"] == "20230421"  # exclusive end
    im20 = events["Innovatives Management 2020"]
    assert (im20["DTSTART;VALUE=DATE"], im20["DTEND;VALUE=DATE"]) == ("20201112", "20201113")
    ids = {e.event_id for e in catalog.events}
    for event in events.values():
        uid, _, domain = event["UID"].partition("@")
        assert uid in ids and domain
        assert event["DTSTAMP"] == "20261123T093005Z"
        assert event["STATUS"] == "CONFIRMED"
    da24 = events["Digitaler Aufbruch 2024"]
    assert unescape(da24["LOCATION"]) == "in unmittelbarer Nähe der Hamburger Hafencity, Hamburg"
    description = unescape(da24["DESCRIPTION"]).split("\n")
    assert "Veranstalter: Prosoz" in description
    assert "Quellen: digitaler-aufbruch-2024, digitaler-aufbruch-2023" in description


def test_escaping_round_trips() -> None:
    tricky = "Forum A, B; C\\D\nzweite Zeile"
    assert escape_text(tricky) == "Forum A\\, B\\; C\\\\D\\nzweite Zeile"
    event = make_event(tricky, date(2026, 3, 3), date(2026, 3, 5), city=["Halle (Saale)"],
                       venue=["Saal 1; Haus B"], organiser=["Verein X, e. V."])  # fmt: skip
    (parsed,) = vevents(to_ics([event], now=NOW))
    assert unescape(parsed["SUMMARY"]) == f"{tricky} 2026"
    assert unescape(parsed["LOCATION"]) == "Saal 1; Haus B, Halle (Saale)"
    assert "Veranstalter: Verein X, e. V." in unescape(parsed["DESCRIPTION"]).split("\n")
    assert "\n" not in parsed["SUMMARY"] and "\\;" in parsed["LOCATION"]


def test_folding_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "Öffentliche Verwaltung für alle – ß€ " * 12
    folded = fold_line(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 3
    assert all(p.startswith(" ") for p in pieces[1:])
    for piece in pieces:
        raw = piece.encode("utf-8")
        assert len(raw) <= 75
        raw.decode("utf-8")  # each physical line is valid UTF-8 on its own
    assert folded.replace("\r\n ", "") == line
    assert fold_line("X" * 75) == "X" * 75
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X"


def test_announced_and_undated_events() -> None:
    announced = make_event("Kommune digital", date(2027, 3, 9), date(2027, 3, 10))
    undated = make_event("Ohne Datum", None)
    ics = to_ics([replace(announced, announced=True), undated], now=NOW)
    (parsed,) = vevents(ics)
    assert parsed["STATUS"] == "TENTATIVE"
    assert unescape(parsed["DESCRIPTION"]).startswith("Angekündigt")
    assert "LOCATION" not in parsed
    assert to_ics([], now=NOW).count("\r\n") == 6

"""The event catalog: hand-checked expectations for the corpus, unseen releases, provenance,
merging of announced editions, the JSON store with incremental updates, the query helpers and
the `events` command."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, copy_corpus

import assistant.events.catalog as catalog_module
from assistant.cli import main
from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus, load_document
from assistant.events.catalog import (
    CATALOG_FILE,
    FIELDS,
    Catalog,
    CatalogError,
    Event,
    extract_events,
    load_catalog,
)
from assistant.records import Chunk, Document

DATA = Path(__file__).resolve().parents[1] / "data"
LIST_FIELDS = ("city", "organiser", "format", "venue", "participants", "motto", "patron")


def chunks_of(documents: list[Document]) -> list[Chunk]:
    return [c for d in documents for c in chunk_document(d)]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return list(load_corpus(CORPUS).documents)


@pytest.fixture(scope="module")
def catalog(documents: list[Document]) -> Catalog:
    return Catalog.build(documents, chunks_of(documents))


@pytest.fixture(scope="module")
def unseen() -> Catalog:
    docs = [
        load_document(DATA / f"{n}.txt")
        for n in ("kommune-digital-2026", "verwaltungsgipfel-nord-2025")
    ]
    return Catalog.build(docs, chunks_of(docs))


def one(cat: Catalog, series: str, edition: str) -> Event:
    found = cat.find(series, edition)
    assert len(found) == 1, [e.name for e in cat.events]
    return found[0]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --------------------------------------------------------------------------- the corpus


def test_corpus_catalog_matches_the_hand_checked_fixture(catalog: Catalog) -> None:
    expected = json.loads((DATA / "expected_catalog.json").read_text(encoding="utf-8"))["events"]
    got = {(e.series, e.edition): e for e in catalog.events}
    assert set(got) == {(x["series"], x["edition"]) for x in expected}
    for want in expected:
        event = got[(want["series"], want["edition"])]
        label = event.name
        assert (iso(event.start), iso(event.end)) == (want["start"], want["end"]), label
        assert event.announced is want["announced"], label
        assert set(event.sources) == set(want["sources"]), label
        for name in LIST_FIELDS:
            assert set(event.values(name)) == set(want[name]), (label, name)


def test_every_fact_quotes_its_chunk(
    catalog: Catalog, unseen: Catalog, documents: list[Document]
) -> None:
    unseen_docs = [load_document(p) for p in sorted(DATA.glob("*.txt"))]
    by_id = {c.chunk_id: c for c in chunks_of(documents + unseen_docs)}
    facts = [f for cat in (catalog, unseen) for e in cat.events for n in FIELDS for f in e.facts(n)]
    assert len(facts) > 100
    for f in facts:
        chunk = by_id[f.chunk_id]
        assert f.doc_id == chunk.doc_id
        assert f.quote and f.quote in chunk.text, f
        assert len(f.quote) <= 400


def test_disagreeing_formats_are_kept_side_by_side_with_their_quotes(catalog: Catalog) -> None:
    event = one(catalog, "Nordl@nder.DIGITAL", "2022")
    quotes = {f.value: f.quote for f in event.format}
    assert "Online-Kongress" in quotes["online"]
    assert "in Rostock wieder persönlich begegnen" in quotes["vor Ort"]
    assert any(
        "Ministerium für Inneres, Bau und Digitalisierung" in p for p in event.values("patron")
    )


def test_announced_edition_is_merged_with_its_own_report(catalog: Catalog) -> None:
    event = one(catalog, "Digitalen Aufbruch", 2024)
    assert event.sources[0] == "digitaler-aufbruch-2024"  # the own report first
    announced_dates = [f for f in event.dates if f.doc_id == "digitaler-aufbruch-2023"]
    assert [f.value for f in announced_dates] == ["2024-04-23/2024-04-24"]
    assert "fortführen" in announced_dates[0].quote
    assert any(f.doc_id == "digitaler-aufbruch-2023" and f.value == "Hamburg" for f in event.city)
    # the sentence after the announcement is about the announced edition, not the 2023 one
    assert [f.doc_id for f in event.registration] == ["digitaler-aufbruch-2023"]
    assert one(catalog, "Digitaler Aufbruch", "2023").registration == []


def test_a_look_back_names_no_edition_and_lends_it_no_facts(catalog: Catalog) -> None:
    """ "Rückblick: Innovatives Management 2019" is a teaser for an older release: no phantom
    2019 edition, and its "Rund 300 Führungskräfte" are not the 2020 congress's."""
    assert one(catalog, "Innovatives Management", "2020").participants == []
    assert catalog.find("Innovatives Management", "2019") == []


def test_dateline_and_side_dates_are_not_event_dates(catalog: Catalog) -> None:
    values = {f.value for e in catalog.events for f in e.dates}
    assert "2023-09-21" not in values  # "Lübeck, 21. September 2023" (dateline)
    assert "2023-09-12" not in values  # "(URL: …, Stand:12.09.23)"
    assert not any(v.startswith("2021-10") for v in values)  # "bis Oktober 2021"


def test_speakers_with_roles_and_without_contacts_or_patrons(catalog: Catalog) -> None:
    speakers = {v for e in catalog.events for v in e.values("speakers")}
    assert "Jörn Riedel – CIO der Hansestadt" in speakers
    assert "Annika Busse – stv. CIO der Freien und Hansestadt Hamburg" in speakers
    assert "Marco Brunzel – Berater und Research Fellow im Bereich E-Government" in speakers
    assert "Christiane Stein – ntv-Moderatorin" in speakers
    assert "Philipp Willer – vom IT-Verbund Schleswig-Holstein" in speakers
    names = {v.split(" – ")[0] for v in speakers}
    assert {"Jens Flasche", "Ina-Maria Ulbrich", "Jens Oellemann", "Marco Buschmann"}.isdisjoint(
        names
    )
    assert len(one(catalog, "Digitaler Aufbruch", "2024").speakers) == 15  # one per person


def test_topics_motto_registration_contact(catalog: Catalog) -> None:
    da23 = one(catalog, "Digitaler Aufbruch", "2023")
    assert da23.values("topics") == [
        "Skills für den digitalen Wandel", "Digitalisierungspraxis und Fachverfahren",
        "KI und Automatisierung",
    ]  # fmt: skip
    assert da23.values("contact") == [
        "Tel.: (02366) 188-750", "j.flasche@prosoz.de",
        "Jens Flasche – Marketing und Unternehmenskommunikation",
    ]  # fmt: skip
    im23 = one(catalog, "Innovatives Management", "2023")
    assert "Vollgas für E-Government" in im23.values("topics")
    assert im23.values("registration") == ["kostenfrei", "www.mach.de/ima"]
    da24 = one(catalog, "Digitaler Aufbruch", "2024")
    assert da24.values("topics")[:3] == ["Finanzierung", "digitales Mindset", "Change-Management"]


# --------------------------------------------------------------------------- unseen releases


@pytest.mark.parametrize(
    ("series", "edition", "start", "end", "cities", "organisers", "formats", "announced"),
    [
        ("Kommune digital", "2026", "2026-03-03", "2026-03-05", {"Leipzig"},
         {"Verein Digitale Kommunen e. V.", "Stadt Leipzig"}, {"Livestream", "vor Ort"}, False),
        ("Kommune digital", "2027", "2027-03-09", "2027-03-10", {"Dresden"}, set(), set(), True),
        ("Verwaltungsgipfel Nord", "2025", "2025-10-12", "2025-10-12", {"Kiel"},
         {"Landeshauptstadt Kiel", "Digitalverband Nord e. V."}, {"hybrid", "online", "vor Ort"},
         False),
        ("Verwaltungsgipfel Nord", "2024", None, None, {"Flensburg"}, set(), set(), True),
    ],
)  # fmt: skip
def test_unseen_press_releases(unseen: Catalog, series: str, edition: str, start: str | None,
                               end: str | None, cities: set[str], organisers: set[str],
                               formats: set[str], announced: bool) -> None:  # fmt: skip
    event = one(unseen, series, edition)
    assert event.series == series
    assert (iso(event.start), iso(event.end)) == (start, end)
    assert set(event.values("city")) == cities
    assert set(event.values("organiser")) == organisers
    assert set(event.values("format")) == formats
    assert event.announced is announced


def test_unseen_press_releases_details(unseen: Catalog) -> None:
    assert len(unseen.events) == 4
    leipzig = one(unseen, "Kommune digital", "2026")
    assert leipzig.values("venue") == ["Congress Center Leipzig"]
    assert leipzig.values("motto") == ["Gemeinsam schneller"]
    assert leipzig.values("participants") == ["mehr als 250 Teilnehmerinnen"]
    assert set(leipzig.values("registration")) == {
        "kostenfrei", "Anmeldeschluss 20.02.2026", "www.kommune-digital.example/anmeldung"
    }  # fmt: skip
    assert "Thomas Wagner – Oberbürgermeister der Stadt Musterhausen" in leipzig.values("speakers")
    assert "Maria Schulz – Referentin Öffentlichkeitsarbeit" in leipzig.values("contact")
    assert "Maria Schulz" not in {v.split(" – ")[0] for v in leipzig.values("speakers")}
    kiel = one(unseen, "Verwaltungsgipfel Nord", "2025")
    assert kiel.values("participants") == ["Rund 120 Gäste"]
    assert set(kiel.values("speakers")) == {
        "Jonas Petersen – Staatssekretär", "Lena Hoffmann – vom Start-up Formfix"
    }  # fmt: skip
    assert kiel.values("topics") == [
        "Cloud-Souveränität", "digitale Identitäten", "barrierefreie Online-Dienste"
    ]  # fmt: skip
    assert "Anmeldeschluss 30.09.2025" in kiel.values("registration")
    assert "Tel. 0431 901-2345" in kiel.values("contact")
    assert one(unseen, "Verwaltungsgipfel Nord", "2024").values("participants") == ["rund 80 Gäste"]


def test_a_release_about_no_event_gives_no_event() -> None:
    text = (
        "Neue Studie zur Verwaltungsdigitalisierung\n\nDie Studie „Digitale Verwaltung 2025“ "
        "zeigt, dass 60 Prozent der Kommunen ihre Dienste online anbieten. Die Ergebnisse "
        "wurden am 1. März 2025 veröffentlicht."
    )
    doc = Document("studie", "Neue Studie zur Verwaltungsdigitalisierung", text)
    assert extract_events([doc], chunk_document(doc)) == []


def test_organiser_ends_before_a_relative_clause() -> None:
    text = (
        "Smart City Forum 2025 in Kiel\n\nDas Smart City Forum 2025 findet am 3. und 4. Juni "
        "2025 in Kiel statt. Veranstalter ist der Verein Küstenkommunen Digital e. V., der rund "
        "150 Gäste erwartet."
    )
    doc = Document("smart-city-forum-2025", "Smart City Forum 2025 in Kiel", text)
    (event,) = extract_events([doc], chunk_document(doc))
    assert event.values("organiser") == ["Verein Küstenkommunen Digital e. V."]


# --------------------------------------------------------------------------- queries


def names(events: list[Event]) -> list[str]:
    return [e.name for e in events]


def test_events_in(catalog: Catalog) -> None:
    assert names(catalog.events_in(month=4)) == [
        "Digitaler Aufbruch 2023",
        "Digitaler Aufbruch 2024",
    ]
    assert names(catalog.events_in(month=11, year=2020)) == ["Innovatives Management 2020"]
    assert names(catalog.events_in(year=2023)) == [
        "Digitaler Aufbruch 2023", "Innovatives Management 2023"
    ]  # fmt: skip
    assert catalog.events_in(year=2019) == []  # a look back is no edition
    assert names(catalog.events_in(city="lübeck")) == [
        "Innovatives Management 2020", "Innovatives Management 2023"
    ]  # fmt: skip
    assert names(catalog.events_in(month=4, city="Hamburg")) == ["Digitaler Aufbruch 2024"]
    assert catalog.events_in(month=1) == []


def test_events_with_speaker(catalog: Catalog) -> None:
    assert names(catalog.events_with_speaker("Friesike")) == [
        "Digitaler Aufbruch 2023", "Innovatives Management 2023"
    ]  # fmt: skip
    assert names(catalog.events_with_speaker("jörn riedel")) == ["Digitaler Aufbruch 2024"]
    assert catalog.events_with_speaker("Olaf Scholz") == []
    assert catalog.events_with_speaker("") == []


def test_next_event_and_past_and_upcoming(catalog: Catalog) -> None:
    assert catalog.next_event(date(2024, 1, 1)).name == "Digitaler Aufbruch 2024"  # type: ignore[union-attr]
    assert catalog.next_event(date(2024, 4, 24)).name == "Digitaler Aufbruch 2024"  # type: ignore[union-attr]
    assert catalog.next_event(date(2026, 11, 23)) is None
    past, upcoming = catalog.past_and_upcoming(date(2023, 6, 1))
    assert names(past) == [
        "Innovatives Management 2020", "Nordl@nder.DIGITAL 2022", "Digitaler Aufbruch 2023"
    ]  # fmt: skip
    assert names(upcoming) == ["Innovatives Management 2023", "Digitaler Aufbruch 2024"]


def test_find(catalog: Catalog) -> None:
    assert names(catalog.find("Digitalen Aufbruch")) == [
        "Digitaler Aufbruch 2023", "Digitaler Aufbruch 2024"
    ]  # fmt: skip
    assert names(catalog.find(edition=2022)) == ["Nordl@nder.DIGITAL 2022"]
    assert names(catalog.find("Nordl@nder")) == ["Nordl@nder.DIGITAL 2022"]
    assert catalog.find("innovatives management", "2019") == []
    assert catalog.find("Kommune digital") == []


# --------------------------------------------------------------------------- the store


def test_save_and_load_round_trip(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "vectorstore" / CATALOG_FILE
    catalog.save(path)
    assert [p.name for p in path.parent.iterdir()] == [CATALOG_FILE]  # no temp file left behind
    loaded = Catalog.load(path)
    assert loaded.events == catalog.events
    assert loaded.doc_ids == catalog.doc_ids
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["events"]) == 5 and set(data["documents"]) == set(catalog.doc_ids)
    assert {hash(e) for e in loaded.events} == {hash(e) for e in catalog.events}


@pytest.mark.parametrize("content", ["{not json", '{"extractor": "catalog-v0", "documents": {}}',
                                     '{"extractor": "%s", "documents": {"x": {}}}'])  # fmt: skip
def test_unusable_catalog_files_raise(tmp_path: Path, content: str) -> None:
    path = tmp_path / CATALOG_FILE
    path.write_text(content.replace("%s", catalog_module.extractor_version()), encoding="utf-8")
    with pytest.raises(CatalogError):
        Catalog.load(path)
    with pytest.raises(CatalogError):
        Catalog.load(tmp_path / "missing.json")


def test_update_re_extracts_only_changed_documents(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = Catalog.build(documents, chunks_of(documents))
    calls: list[str] = []
    original = catalog_module.extract_document

    def counting(document: Document, chunks: list[Chunk]) -> list[Event]:
        calls.append(document.doc_id)
        return original(document, chunks)

    monkeypatch.setattr(catalog_module, "extract_document", counting)
    da23 = next(d for d in documents if d.doc_id == "digitaler-aufbruch-2023")
    cut = da23.text.replace(
        "Den „Digitalen Aufbruch“ werden wir am 23.-24.04.2024 in Hamburg fortführen. ", ""
    )
    assert cut != da23.text
    cat.update([replace(da23, text=cut)])
    assert calls == ["digitaler-aufbruch-2023"]
    assert one(cat, "Digitaler Aufbruch", "2024").sources == ["digitaler-aufbruch-2024"]

    cat.sync(documents)  # back to the corpus: only the changed document is re-read
    assert calls == ["digitaler-aufbruch-2023"] * 2
    cat.update([], removed_doc_ids=["digitaler-aufbruch-2024"])
    only_announced = one(cat, "Digitaler Aufbruch", "2024")
    assert only_announced.announced and only_announced.sources == ["digitaler-aufbruch-2023"]
    assert only_announced.start == date(2024, 4, 23)
    assert cat.sync(documents).doc_ids == sorted(d.doc_id for d in documents)
    assert calls[-1] == "digitaler-aufbruch-2024" and len(calls) == 3


def test_following_the_index_chunks_gives_the_corpus_catalog(
    documents: list[Document], catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks = chunks_of(documents)
    followed = Catalog().follow(chunks)
    assert followed.to_json()["events"] == catalog.to_json()["events"]

    path = tmp_path / CATALOG_FILE
    followed.save(path)
    calls: list[str] = []
    original = catalog_module.extract_document

    def counting(document: Document, mine: list[Chunk]) -> list[Event]:
        calls.append(document.doc_id)
        return original(document, mine)

    monkeypatch.setattr(catalog_module, "extract_document", counting)
    assert load_catalog(path, chunks).to_json() == followed.to_json()
    assert calls == []  # the saved file matches the index: nothing is re-extracted
    without_2024 = [c for c in chunks if c.doc_id != "digitaler-aufbruch-2024"]
    announced = one(load_catalog(path, without_2024), "Digitaler Aufbruch", "2024")
    assert announced.sources == ["digitaler-aufbruch-2023"] and calls == []
    path.write_text("{kaputt", encoding="utf-8")
    assert load_catalog(path, chunks).to_json()["events"] == catalog.to_json()["events"]
    assert sorted(calls) == sorted(d.doc_id for d in documents)


# --------------------------------------------------------------------------- the command


def test_events_command_builds_from_the_corpus(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(main, ["events"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "Reihe",
        "Ausgabe",
        "Datum",
        "Ort",
        "Veranstalter",
        "Format",
        "Status",
    ]
    row = next(line for line in lines if "Aufbruch" in line and "2024" in line)
    assert "23. und 24. April 2024" in row and "Hamburg" in row and "Prosoz" in row
    assert row.endswith("vergangen")  # ASSISTANT_TODAY is 2026-11-23 in the tests
    assert not any("ohne Datum" in line for line in lines)  # no phantom edition from a look back

    ics = tmp_path / "events.ics"
    as_json = CliRunner().invoke(main, ["events", "--json", "--ics", str(ics)])
    assert as_json.exit_code == 0, as_json.output
    assert len(json.loads(as_json.output)) == 5
    assert ics.read_bytes().count(b"BEGIN:VEVENT") == 5


def test_events_command_prefers_the_saved_catalog(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    doc = load_document(DATA / "kommune-digital-2026.txt")
    Catalog.build([doc], chunk_document(doc)).save(tmp_path / "vectorstore" / CATALOG_FILE)
    result = CliRunner().invoke(main, ["events"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Kommune digital" in result.output and "Aufbruch" not in result.output


def test_a_catalog_written_by_other_rules_is_rebuilt(tmp_path: Path) -> None:
    rules = tmp_path / "events"
    rules.mkdir()
    (rules / "spotting.py").write_text("RULE = 1\n", encoding="utf-8")
    before = catalog_module.rules_fingerprint([rules / "spotting.py"], tmp_path)
    (rules / "spotting.py").write_text("RULE = 2\n", encoding="utf-8")
    after = catalog_module.rules_fingerprint([rules / "spotting.py"], tmp_path)
    assert before != after and before.startswith("catalog-")
    assert catalog_module.extractor_version() == catalog_module.extractor_version()
    path = tmp_path / CATALOG_FILE
    path.write_text('{"extractor": "catalog-v1", "documents": {}}', encoding="utf-8")
    with pytest.raises(CatalogError):  # the constant every earlier catalog carries
        Catalog.load(path)

"""Catalog answers (issue #5): which questions are taken, the answer lines, citations that point
at the chunk holding each fact, past/upcoming relative to an injected today, English, and
questions that must be left to retrieval."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import CORPUS

from assistant.answering.citations import cited_numbers, finalize, uncited_sentences
from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus, load_document
from assistant.events.answers import GENERATOR, MAX_LINES, EventAnswer, answer, parse
from assistant.events.catalog import Catalog, Event
from assistant.pipeline import Assistant
from assistant.records import Chunk

DATA = Path(__file__).resolve().parents[1] / "data"
TODAY = date(2026, 11, 23)


def build(documents: list) -> tuple[Catalog, dict[str, list[Chunk]]]:
    chunks = [c for d in documents for c in chunk_document(d)]
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    return Catalog.build(documents, chunks), by_doc


@pytest.fixture(scope="module")
def corpus() -> tuple[Catalog, dict[str, list[Chunk]]]:
    return build(list(load_corpus(CORPUS).documents))


@pytest.fixture(scope="module")
def unseen() -> tuple[Catalog, dict[str, list[Chunk]]]:
    names = ("kommune-digital-2026", "verwaltungsgipfel-nord-2025")
    return build([load_document(DATA / f"{n}.txt") for n in names])


def ask(setup: tuple[Catalog, dict[str, list[Chunk]]], question: str, language: str = "de",
        today: date = TODAY) -> EventAnswer:  # fmt: skip
    catalog, by_doc = setup
    found = answer(question, language, catalog, lambda d: by_doc.get(d, []), today)
    assert found is not None, question
    return found


def event(catalog: Catalog, series: str, edition: str) -> Event:
    (found,) = catalog.find(series, edition)
    return found


# --------------------------------------------------------------------------- recognition


@pytest.mark.parametrize(
    ("question", "kind", "month", "years", "city", "series"),
    [
        ("Welche Veranstaltungen fanden im April statt?", "list", 4, (), None, ()),
        ("Welche Veranstaltungen gab es 2023 in Lübeck?", "list", None, (2023,), "Lübeck", ()),
        ("Wie viele Veranstaltungen fanden in Hamburg statt?", "list", None, (), "Hamburg", ()),
        ("Which events took place in October 2022?", "list", 10, (2022,), None, ()),
        ("Was ist die nächste Veranstaltung?", "next", None, (), None, ()),
        ("Wann ist der nächste Digitale Aufbruch?", "next", None, (), None,
         ("Digitaler Aufbruch",)),
        ("Findet der Digitale Aufbruch 2024 noch statt?", "status", None, (2024,), None,
         ("Digitaler Aufbruch",)),
        ("Bei welchen Veranstaltungen sprach Sascha Friesike?", "speaker", None, (), None, ()),
        ("Welche Veranstaltung hatte mehr Teilnehmende, der Digitale Aufbruch 2023 oder 2024?",
         "compare", None, (2023, 2024), None, ("Digitaler Aufbruch",)),
        ("Wann war Innovatives Management?", "editions", None, (), None,
         ("Innovatives Management",)),
    ],
)  # fmt: skip
def test_catalog_questions_are_recognised(
    corpus: tuple[Catalog, dict[str, list[Chunk]]], question: str, kind: str,
    month: int | None, years: tuple[int, ...], city: str | None, series: tuple[str, ...],
) -> None:  # fmt: skip
    query = parse(question, corpus[0])
    assert query is not None
    assert (query.kind, query.month, query.years, query.city, query.series) == (
        kind, month, years, city, series
    )  # fmt: skip


@pytest.mark.parametrize(
    "question",
    [
        "Wer hat den Digitalen Aufbruch 2024 veranstaltet?",  # one event's fact: retrieval
        "Wo war der Digitale Aufbruch 2023?",
        "Auf welchen Veranstaltungen wurde die Studie „Barometer Digitale Verwaltung“ vorgestellt?",
        "Welche Veranstaltungen zum Thema KI gab es?",
        "Bei welchen Veranstaltungen sprach Olaf Scholz?",  # not a speaker in the catalog
        "Was passiert in den nächsten Jahren?",
        "Welche Veranstaltung kommt nach dem Digitalen Aufbruch 2023 als nächste?",
        "Wie backe ich einen Käsekuchen?",
    ],
)
def test_other_questions_are_left_to_retrieval(
    corpus: tuple[Catalog, dict[str, list[Chunk]]], question: str
) -> None:
    catalog, by_doc = corpus
    assert parse(question, catalog) is None
    assert answer(question, "de", catalog, lambda d: by_doc.get(d, []), TODAY) is None


# --------------------------------------------------------------------------- answers


def test_month_list_one_line_per_event(corpus: tuple[Catalog, dict[str, list[Chunk]]]) -> None:
    found = ask(corpus, "Welche Veranstaltungen fanden im April statt?")
    assert found.text.splitlines() == [
        "Zwei Veranstaltungen im April:",
        "• Digitaler Aufbruch 2023: 19. und 20. April 2023 in Nürnberg [1]",
        "• Digitaler Aufbruch 2024: 23. und 24. April 2024 in Hamburg [2]",
    ]
    assert [p.doc_id for p in found.passages] == [
        "digitaler-aufbruch-2023", "digitaler-aufbruch-2024"
    ]  # fmt: skip


def test_every_marker_cites_the_chunk_that_holds_the_fact(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    catalog = corpus[0]
    found = ask(corpus, "Bei welchen Veranstaltungen sprach Sascha Friesike?")
    lines = found.text.splitlines()
    assert lines[0] == "Zwei Veranstaltungen mit Sascha Friesike:"
    for line, (series, edition) in zip(
        lines[1:], [("Digitaler Aufbruch", "2023"), ("Innovatives Management", "2023")],
        strict=True,
    ):  # fmt: skip
        ev = event(catalog, series, edition)
        speaker = next(f for f in ev.speakers if "Friesike" in f.value)
        head, detail = line.split(" – ", 1)
        cited = [found.passages[n - 1] for n in cited_numbers(head)]
        assert {p.chunk_id for p in cited} <= {f.chunk_id for f in ev.dates + ev.city}
        assert any(ev.city[0].value in p.body for p in cited)
        (n,) = cited_numbers(detail)
        assert found.passages[n - 1].chunk_id == speaker.chunk_id
        assert "Friesike" in found.passages[n - 1].body


def test_finalized_catalog_answer_is_well_cited(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    found = ask(corpus, "Welche Veranstaltungen haben bereits stattgefunden?")
    final = finalize(found.text, found.passages)
    assert [s.n for s in final.sources] == list(range(1, len(final.sources) + 1))
    assert set(cited_numbers(final.text)) == {s.n for s in final.sources}
    assert uncited_sentences(final.text) == []
    assert final.text.startswith("Fünf vergangene Veranstaltungen (Stand 23. November 2026):")


def test_comparison_orders_by_participants(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    found = ask(corpus, "Welche Veranstaltung hatte mehr Teilnehmende, der Digitale Aufbruch "
                        "2023 oder 2024?")  # fmt: skip
    lines = found.text.splitlines()
    assert lines[0] == "Mehr Teilnehmende hatte Digitaler Aufbruch 2024:"
    assert lines[1].endswith("über 50 Gäste [1]")
    assert lines[2].endswith("rund 40 Teilnehmenden [3]")
    assert "rund 40 Teilnehmenden" in found.passages[2].body


def test_count_in_a_city(corpus: tuple[Catalog, dict[str, list[Chunk]]]) -> None:
    found = ask(corpus, "Wie viele Veranstaltungen fanden in Lübeck statt?")
    assert found.text.splitlines()[0] == "Zwei Veranstaltungen in Lübeck:"
    assert {p.doc_id for p in found.passages} == {
        "innovatives-management-2020", "innovatives-management-2023"
    }  # fmt: skip


def test_nothing_upcoming_names_the_last_event(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    found = ask(corpus, "Was ist die nächste Veranstaltung?")
    assert found.text == (
        "Stand 23. November 2026 ist in den Quellen keine weitere Veranstaltung angekündigt; "
        "zuletzt: Digitaler Aufbruch 2024: 23. und 24. April 2024 in Hamburg [1]"
    )
    assert found.passages[0].doc_id == "digitaler-aufbruch-2024"


def test_past_and_upcoming_follow_the_injected_today(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    spring = date(2024, 1, 10)
    nxt = ask(corpus, "Was ist die nächste Veranstaltung?", today=spring)
    assert nxt.text.splitlines() == [
        "Nächste Veranstaltung (Stand 10. Januar 2024):",
        "• Digitaler Aufbruch 2024: 23. und 24. April 2024 in Hamburg [1]",
    ]
    running = ask(corpus, "Findet der Digitale Aufbruch 2024 noch statt?", today=date(2024, 4, 24))
    assert "Digitaler Aufbruch 2024 – läuft gerade: " in running.text
    ahead = ask(corpus, "Findet der Digitale Aufbruch 2024 noch statt?", today=spring)
    assert "Digitaler Aufbruch 2024 – steht noch bevor: " in ahead.text
    past = ask(
        corpus, "Welche Veranstaltungen haben bereits stattgefunden?", today=date(2023, 6, 1)
    )
    assert [re.sub(r":.*", "", x) for x in past.text.splitlines()[1:]] == [
        "• Innovatives Management 2020", "• Nordl@nder.DIGITAL 2022", "• Digitaler Aufbruch 2023"
    ]  # fmt: skip


def test_an_announced_edition_is_the_next_event(
    unseen: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    found = ask(unseen, "Welche kommenden Veranstaltungen gibt es?")
    lines = found.text.splitlines()
    assert lines[0] == "Eine kommende Veranstaltung (Stand 23. November 2026):"
    assert lines[1].startswith("• Kommune digital 2027: 9. und 10. März 2027 in Dresden [1]")
    assert "Dresden" in found.passages[0].body


def test_english_answers(corpus: tuple[Catalog, dict[str, list[Chunk]]]) -> None:
    found = ask(corpus, "Which events took place in April?", language="en")
    assert found.text.splitlines() == [
        "Two events in April:",
        "• Digitaler Aufbruch 2023: 19–20 April 2023 in Nürnberg [1]",
        "• Digitaler Aufbruch 2024: 23–24 April 2024 in Hamburg [2]",
    ]
    over = ask(corpus, "Is the Digitaler Aufbruch 2024 already over?", language="en")
    assert "Digitaler Aufbruch 2024 – already over: 23–24 April 2024 in Hamburg [1]" in over.text


def test_a_filter_without_events_abstains(corpus: tuple[Catalog, dict[str, list[Chunk]]]) -> None:
    found = ask(corpus, "Welche Veranstaltungen fanden im Januar statt?")
    assert found.abstained
    assert found.passages == ()
    assert found.text == "In den vorliegenden Quellen ist keine Veranstaltung im Januar genannt."


def test_facts_whose_chunk_is_gone_are_not_stated(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    catalog, by_doc = corpus
    without_2024 = {d: c for d, c in by_doc.items() if d != "digitaler-aufbruch-2024"}
    found = answer("Welche Veranstaltungen fanden im April statt?", "de", catalog,
                   lambda d: without_2024.get(d, []), TODAY)  # fmt: skip
    assert found is not None
    lines = found.text.splitlines()
    assert lines[0] == "Eine Veranstaltung im April:"
    assert lines[1].startswith("• Digitaler Aufbruch 2023")
    # 2024 is also announced in the 2023 release: still stated, cited from that document
    assert all(p.doc_id == "digitaler-aufbruch-2023" for p in found.passages)


# --------------------------------------------------------------------------- the assistant


def test_assistant_answers_catalog_questions_from_the_catalog(assistant_fake: Assistant) -> None:
    result = assistant_fake.ask("Welche Veranstaltungen gab es 2023?")
    assert result.generator == GENERATOR
    assert not result.abstained
    assert result.answer.splitlines()[1:] == [
        "• Digitaler Aufbruch 2023: 19. und 20. April 2023 in Nürnberg [1]",
        "• Innovatives Management 2023: 14. November 2023 in Lübeck [2]",
    ]
    assert [s.n for s in result.sources] == [1, 2]
    assert [s.doc_id for s in result.sources] == [
        "digitaler-aufbruch-2023", "innovatives-management-2023"
    ]  # fmt: skip
    assert "Nürnberg" in result.sources[0].text
    follow = assistant_fake.ask("Und 2024?", history=[result.question])
    assert follow.generator == GENERATOR
    assert "Digitaler Aufbruch 2024: 23. und 24. April 2024 in Hamburg [1]" in follow.answer


def test_assistant_leaves_other_questions_to_the_generator(assistant_fake: Assistant) -> None:
    result = assistant_fake.ask("Wer hat den Digitalen Aufbruch 2024 veranstaltet?")
    assert result.generator == "extractive"
    assert "Prosoz" in result.answer


def test_participants_of_several_editions_but_not_of_one(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    catalog, by_doc = corpus
    both = ask(corpus, "Wie viele Teilnehmende hatten die beiden Ausgaben des Digitalen Aufbruchs?")
    assert [line.rsplit(" – ", 1)[1] for line in both.text.splitlines()] == [
        "rund 40 Teilnehmenden [2]", "über 50 Gäste [3]"
    ]  # fmt: skip
    one = "Wie viele Teilnehmende hatte der Digitale Aufbruch 2023?"
    assert parse(one, catalog) is not None
    assert answer(one, "de", catalog, lambda d: by_doc.get(d, []), TODAY) is None


def test_a_long_list_is_cut_but_the_header_keeps_the_count(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    catalog, by_doc = corpus
    da23 = event(catalog, "Digitaler Aufbruch", "2023")
    many = [replace(da23, series=f"Forum {chr(65 + i)}", event_id=f"forum-{i}") for i in range(14)]
    big = Catalog()
    big.events = many
    found = answer("Welche Veranstaltungen fanden im April statt?", "de", big,
                   lambda d: by_doc.get(d, []), TODAY)  # fmt: skip
    assert found is not None
    header, *lines = found.text.splitlines()
    assert header == f"14 Veranstaltungen im April, die ersten {MAX_LINES}:"
    assert len(lines) == MAX_LINES and lines[0].startswith("• Forum A 2023: 19. und 20. April")
    assert not uncited_sentences(finalize(found.text, found.passages).text)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Welche Veranstaltung war am frühesten?", "first"),
        ("welche von den veranstaltungen war zuletzt", "last"),
        ("Which event was the earliest?", "first"),
        ("Wann fand das erste Forum statt?", None),
    ],
)
def test_earliest_and_latest_event_questions(
    unseen: tuple[Catalog, dict[str, list[Chunk]]], question: str, kind: str | None
) -> None:
    query = parse(question, unseen[0])
    assert (query.kind if query else None) == kind
    if kind is not None:
        dated = sorted((e for e in unseen[0].events if e.start), key=lambda e: e.start)
        expected = dated[0] if kind == "first" else dated[-1]
        assert expected.name in ask(unseen, question, today=date(2027, 12, 31)).text



def test_a_past_tense_question_names_only_the_editions_already_held(
    corpus: tuple[Catalog, dict[str, list[Chunk]]],
) -> None:
    """ "Wann war X?" while one edition is held and the next one is announced: the held one,
    as a sentence; once both are held, both."""
    catalog = corpus[0]
    between = date(2024, 1, 10)  # after the 2023 edition, before the 2024 one
    query = parse("Wann war der Digitale Aufbruch?", catalog, between)
    assert query is not None and (query.kind, query.when) == ("editions", "past")
    held = ask(corpus, "Wann war der Digitale Aufbruch?", today=between)
    assert "2023" in held.text and "2024" not in held.text
    assert not held.text.startswith("•") and "\n" not in held.text
    both = ask(corpus, "Wann war der Digitale Aufbruch?")
    assert "2023" in both.text and "2024" in both.text

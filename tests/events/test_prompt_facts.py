"""The catalog's facts for the asked event, as an LLM prompt shows them (real corpus)."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.events.catalog import Catalog
from assistant.events.prompt_facts import asked_events, known_facts


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    documents = list(load_corpus(CORPUS).documents)
    return Catalog.build(documents, [c for d in documents for c in chunk_document(d)])


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Wann fand der Digitale Aufbruch 2023 statt?", ["Digitaler Aufbruch 2023"]),
        ("Wo fand der Digitalen Aufbruch 2024 statt?", ["Digitaler Aufbruch 2024"]),
        ("Wer sprach beim Digitalen Aufbruch?", ["Digitaler Aufbruch 2023", "Digitaler Aufbruch 2024"]),  # noqa: E501
        ("Wann war Innovatives Management?",  # its two editions (2019 was a phantom)
         ["Innovatives Management 2020", "Innovatives Management 2023"]),
        ("Was ist digital?", []),  # "digital" alone names no series (two series share it)
        ("Wann ist die Smart City Expo 2024?", []),
    ],
)
def test_asked_events(catalog: Catalog, question: str, names: list[str]) -> None:
    assert [e.name for e in asked_events(question, catalog)] == names


def test_known_facts_quote_their_chunk(catalog: Catalog) -> None:
    (event,) = asked_events("Wann fand der Digitale Aufbruch 2023 statt?", catalog)
    facts = known_facts([event])
    assert facts[0].field == "dates" and facts[0].label == "Termin"
    assert facts[0].value == "19. und 20. April 2023"
    assert ("city", "Ort", "Nürnberg") in {(f.field, f.label, f.value) for f in facts}
    chunks = {c.chunk_id: c.text for d in load_corpus(CORPUS).documents for c in chunk_document(d)}
    for fact in facts:
        assert fact.quote in chunks[fact.chunk_id], fact
    assert sum(f.field == "speakers" for f in facts) <= 3


def test_two_editions_are_told_apart(catalog: Catalog) -> None:
    facts = known_facts(asked_events("Wer sprach beim Digitalen Aufbruch?", catalog))
    assert {f.label for f in facts if f.field == "dates"} == {
        "Digitaler Aufbruch 2023, Termin", "Digitaler Aufbruch 2024, Termin",
    }  # fmt: skip

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import CORPUS

from assistant.answering.evidence import Evidence, assess, year_supported
from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.pipeline import corpus_stats
from assistant.records import Passage
from assistant.text.facts import find_places, participant_count
from assistant.text.questions import analyse
from assistant.text.sentences import split_sentences


@dataclass(frozen=True)
class Corpus:
    passages: dict[str, list[Passage]]
    vocabulary: frozenset[str]
    lexicon: frozenset[str]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    docs = load_corpus(CORPUS).documents
    chunks = [c for d in docs for c in chunk_document(d)]
    stats, lexicon = corpus_stats(chunks)
    passages: dict[str, list[Passage]] = {}
    for chunk in chunks:
        passages.setdefault(chunk.doc_id, []).append(Passage.from_chunk(chunk, 1.0))
    return Corpus(passages, stats.vocabulary, lexicon)


def check(corpus: Corpus, question: str, doc_id: str = "digitaler-aufbruch-2023") -> Evidence:
    return assess(analyse(question), corpus.passages[doc_id], corpus.vocabulary, corpus.lexicon)


def test_supported_question_is_sufficient(corpus: Corpus) -> None:
    evidence = check(corpus, "Wann fand der Digitale Aufbruch 2023 statt?")
    assert evidence.sufficient and evidence.reason == "ok"
    assert evidence.consistent


def test_year_near_miss_abstains(corpus: Corpus) -> None:
    # The 2023 report carries a photo credit "2022, Jens Oellemann Fotografie";
    # that year does not describe the event.
    first = corpus.passages["digitaler-aufbruch-2023"][0]
    assert "2022, Jens Oellemann Fotografie" in first.body
    assert not year_supported("2022", first, ["digitale", "aufbruch"])
    assert year_supported("2023", first, ["digitale", "aufbruch"])  # in the title line
    evidence = check(corpus, "Wann fand der Digitale Aufbruch 2022 statt?")
    assert not evidence.sufficient
    assert evidence.consistent == ()


def test_unknown_capitalised_noun_abstains(corpus: Corpus) -> None:
    evidence = check(corpus, "Wie viel kostet ein Hotelzimmer beim Digitalen Aufbruch 2023?")
    assert not evidence.sufficient
    assert evidence.reason == "unknown words"
    assert evidence.missing == ("hotelzimmer",)


def test_place_absent_from_the_document_abstains(corpus: Corpus) -> None:
    evidence = check(corpus, "Wann fand der Digitale Aufbruch 2023 in Rostock statt?")
    assert not evidence.sufficient
    assert "rostock" in evidence.missing


def test_no_passages_is_insufficient(corpus: Corpus) -> None:
    info = analyse("Wann ist Digitaler Aufbruch 2024?")
    assert not assess(info, [], corpus.vocabulary, corpus.lexicon).sufficient


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Die rund 40 Teilnehmenden erwarteten Impulsvorträge.", "rund 40 Teilnehmenden"),
        ("Vom 23.-24. April widmeten sich über 50 Gäste aus ganz Deutschland", "über 50 Gäste"),
        ("Es kamen 120 Personen.", "120 Personen"),
        ("am 19. und 20. April in Nürnberg", None),
        ("Es gab 3 Workshops.", None),
    ],
)
def test_participant_count(text: str, count: str | None) -> None:
    assert participant_count(text) == count


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("kamen am 19. und 20. April zum „Digitalen Aufbruch“ nach Nürnberg.", ("Nürnberg",)),
        ("Der Kongress in Hamburg und danach in Kiel.", ("Hamburg", "Kiel")),
        ("Wir treffen uns in Bad Homburg.", ("Bad Homburg",)),
        ("Alles ist in Bewegung.", ()),
        ("Hamburg ist schön.", ()),  # no preposition: not a venue statement
    ],
)
def test_find_places(text: str, places: tuple[str, ...]) -> None:
    assert find_places(text) == places


def test_split_sentences_keeps_dates_and_titles_together() -> None:
    text = (
        "Der Kongress findet am 14. November 2023 statt. Es spricht Prof. Dr. Sascha Friesike. "
        "Danach folgt u. a. ein Workshop."
    )
    assert split_sentences(text) == (
        "Der Kongress findet am 14. November 2023 statt.",
        "Es spricht Prof. Dr. Sascha Friesike.",
        "Danach folgt u. a. ein Workshop.",
    )


def test_split_sentences_splits_plain_sentences() -> None:
    assert split_sentences("Erster Satz hier. Zweiter Satz hier! Dritter? Ja.") == (
        "Erster Satz hier.",
        "Zweiter Satz hier!",
        "Dritter?",
        "Ja.",
    )


def test_split_sentences_keeps_registered_association_together() -> None:
    # "e. V." (eingetragener Verein) is not a sentence end; splitting there cuts an
    # organiser's name out of the answer ("… Küstenkommunen Digital e [1].").
    text = "Veranstalter ist der Verein Küstenkommunen Digital e. V., der 150 Gäste erwartet. Ende."
    assert split_sentences(text) == (
        "Veranstalter ist der Verein Küstenkommunen Digital e. V., der 150 Gäste erwartet.",
        "Ende.",
    )

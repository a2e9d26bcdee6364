"""The Assistant end to end on the real corpus, with fake embeddings (lexical retrieval decides)."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import FAKE_MODEL, SMART_CITY, KeywordEmbeddings

import assistant.pipeline as pipeline
from assistant.answering.citations import cited_numbers
from assistant.answering.seam import ABSTAIN_DE
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.index.retrieval import HybridRetriever
from assistant.pipeline import Assistant, QuestionError
from assistant.records import Answer, Turn
from assistant.settings import Settings

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

def assert_well_cited(answer: Answer) -> None:
    numbers = [s.n for s in answer.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    assert set(cited_numbers(answer.answer)) == set(numbers)


def test_when_question_is_answered_with_sources(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?")
    assert not answer.abstained
    assert "April" in answer.answer
    assert answer.sources
    assert {s.doc_id for s in answer.sources} <= {
        "digitaler-aufbruch-2024",
        "digitaler-aufbruch-2023",
    }
    assert answer.language == "de"
    assert answer.embedding_model == FAKE_MODEL
    assert answer.generator == "extractive"
    assert_well_cited(answer)
    for source in answer.sources:
        assert source.text and source.chunk_id.startswith(f"{source.doc_id}:")


@pytest.mark.parametrize(
    "question",
    [
        "Wann ist Digitaler Aufbruch 2024?",
        "Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?",
        "Wie viele Teilnehmende hatte der Digitale Aufbruch 2023?",
        "Where was the Digitaler Aufbruch 2024 held?",
        "Wann fand der Digitale Aufbruch 2022 statt?",
    ],
)
def test_every_marker_is_a_listed_source(assistant_fake: Assistant, question: str) -> None:
    assert_well_cited(assistant_fake.ask(question))


def test_schirmherrschaft_comes_from_nordlaender(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?")
    assert not answer.abstained
    assert "Schirmherrschaft" in answer.answer
    assert answer.sources[0].doc_id == "nordlaender-digital-2022"


def test_participants_are_counted(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Wie viele Teilnehmende hatte der Digitale Aufbruch 2023?")
    assert not answer.abstained
    assert "40" in answer.answer
    assert answer.sources[0].doc_id == "digitaler-aufbruch-2023"


def test_english_question_gets_english_frame(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Where was the Digitaler Aufbruch 2024 held?")
    assert answer.language == "en"
    assert not answer.abstained
    assert "Hamburg" in answer.answer


@pytest.mark.parametrize("question", ["", "   ", "\n\t ", "\x00\x07"])
def test_empty_question_is_refused(assistant_fake: Assistant, question: str) -> None:
    with pytest.raises(QuestionError, match="Frage"):
        assistant_fake.ask(question)


def test_huge_question_is_refused(assistant_fake: Assistant) -> None:
    with pytest.raises(QuestionError, match="zu lang"):
        assistant_fake.ask("Wann ist Digitaler Aufbruch 2024? " * 3000)  # ~100 kB


def test_control_characters_and_markup_are_harmless(assistant_fake: Assistant) -> None:
    question = "<script>alert(1)</script> Wann\x00 ist\x07 Digitaler\x1b[31m Aufbruch 2024?\x7f"
    answer = assistant_fake.ask(question)
    assert isinstance(answer, Answer)
    assert not CONTROL.search(answer.question)
    assert not CONTROL.search(answer.resolved_question)
    assert "Aufbruch" in answer.question
    json.dumps(answer.to_json())


def test_followup_inherits_the_event(assistant_fake: Assistant) -> None:
    first = assistant_fake.ask("Wann fand der Digitale Aufbruch 2023 statt?")
    assert "April" in first.answer
    second = assistant_fake.ask("Und wo fand er statt?", history=[first.question])
    assert not second.abstained
    assert "Nürnberg" in second.answer
    assert "2023" in second.resolved_question
    assert second.sources[0].doc_id == "digitaler-aufbruch-2023"
    # history may also be given as turns
    third = assistant_fake.ask(
        "Und wo fand er statt?", history=[Turn(first.question, first.answer)]
    )
    assert third.answer == second.answer


def test_followup_after_topic_switch(assistant_fake: Assistant) -> None:
    history = ["Wann fand der Digitale Aufbruch 2023 statt?", "Wann war Nordl@nder.DIGITAL?"]
    answer = assistant_fake.ask("Und wo fand er statt?", history=history)
    assert "Rostock" in answer.answer
    assert answer.sources[0].doc_id == "nordlaender-digital-2022"


def test_json_contract(assistant_fake: Assistant) -> None:
    data = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert set(data) - {"note", "error"} == {
        "question", "answer", "language", "abstained", "sources", "timings_ms", "generator",
        "embedding_model", "resolved_question",
    }  # fmt: skip
    assert data["question"] == "Wann ist Digitaler Aufbruch 2024?"
    assert data["abstained"] is False
    assert data["embedding_model"] == FAKE_MODEL
    assert set(data["timings_ms"]) == {"retrieval", "generation", "total"}
    assert all(v >= 0 for v in data["timings_ms"].values())
    assert data["sources"]
    for n, source in enumerate(data["sources"], start=1):
        assert set(source) == {
            "n", "doc_id", "title", "published", "url", "chunk_id", "text", "score",
        }  # fmt: skip
        assert source["n"] == n
        assert source["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", source["published"])


def test_off_topic_question_abstains(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Wie backe ich einen Käsekuchen?")
    assert answer.abstained
    assert answer.answer.startswith(ABSTAIN_DE)
    assert answer.answer == "Dazu habe ich in den vorliegenden Quellen keine Informationen."
    assert answer.sources == ()


def test_year_near_miss_abstains_and_names_what_exists(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Wann fand der Digitale Aufbruch 2022 statt?")
    assert answer.abstained
    assert answer.answer.startswith(ABSTAIN_DE)
    # the hint lists only what the sources do cover: other editions of the same event
    assert "Aufbruch 2022" not in answer.answer
    assert all(s.doc_id.startswith("digitaler-aufbruch-") for s in answer.sources)


def test_new_document_is_answerable_after_ingest(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    (corpus_dir / "smart-city-forum-2025.txt").write_text(SMART_CITY, encoding="utf-8")
    report = fake_index.ingest(load_corpus(corpus_dir).documents)
    assert report.added == ["smart-city-forum-2025"]

    assistant = Assistant(
        settings, HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings()))
    )
    answer = assistant.ask("Wo findet das Smart City Forum 2025 statt?")
    assert not answer.abstained
    assert "Kiel" in answer.answer
    assert answer.sources[0].doc_id == "smart-city-forum-2025"
    assert_well_cited(answer)
    when = assistant.ask("Wann ist das Smart City Forum 2025?")
    assert "Juni 2025" in when.answer


def test_catalog_follows_the_live_index(
    assistant_fake: Assistant, corpus_dir: Path, fake_index: ChunkIndex
) -> None:
    assert [e.edition for e in assistant_fake.catalog.find("Digitaler Aufbruch")] == [
        "2023", "2024",
    ]
    (corpus_dir / "digitaler-aufbruch-2024.txt").unlink()
    fake_index.ingest(load_corpus(corpus_dir).documents)
    assistant_fake.refresh()
    announced = assistant_fake.catalog.find("Digitaler Aufbruch", 2024)
    assert [e.sources for e in announced] == [["digitaler-aufbruch-2023"]]


def test_catalog_answers_keep_the_json_contract(assistant_fake: Assistant) -> None:
    answer = assistant_fake.ask("Welche Veranstaltungen fanden im April statt?")
    data = answer.to_json()
    assert answer.sources and not answer.abstained
    assert set(data["timings_ms"]) == {"retrieval", "generation", "total"}
    assert_well_cited(answer)


#: A release whose own text carries footnote markers, as websites export them.
FOOTNOTES = """<html><head><title>Smart City Gipfel 2025</title></head><body>
<h1>Smart City Gipfel 2025</h1>
<p>Der Smart City Gipfel 2025 findet am 3. Juni 2025 in Kiel statt.<sup>[2]</sup>
Erwartet werden 300 Gäste.[3]</p>
<p>Veranstalter ist der Verein Küstenkommunen Digital e. V.<sup>[1]</sup></p>
<hr><p>[1] Vereinsregister Kiel. [2] Laut Einladung. [3] Schätzung des Veranstalters.</p>
</body></html>"""


@pytest.mark.parametrize(
    "question",
    [
        "Wann findet der Smart City Gipfel 2025 statt?",
        "Wie viele Gäste werden beim Smart City Gipfel 2025 erwartet?",
        "Wer veranstaltet den Smart City Gipfel 2025?",
        "Wo findet der Smart City Gipfel 2025 statt?",
    ],
)
def test_markers_in_source_text_never_become_citations(
    settings: Settings, corpus_dir: Path, question: str
) -> None:
    """`[2]` in a release (a footnote, `<sup>[2]</sup>`) is the release's text; cited as a
    passage number it would point at whatever passage happened to be second."""
    (corpus_dir / "fussnoten.html").write_text(FOOTNOTES, encoding="utf-8")
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    index.ingest(load_corpus(corpus_dir).documents)
    answer = Assistant(settings, HybridRetriever(index)).ask(question)
    assert not answer.abstained and "Kiel" in answer.answer + str(answer.sources)
    assert {s.doc_id for s in answer.sources} == {"fussnoten"}, answer.answer
    assert_well_cited(answer)


# --------------------------------------------------------------------------- index snapshots


SMART_DOC = "smart-city-forum-2025"


def _add_smart_city(corpus_dir: Path, index: ChunkIndex) -> None:
    """A new generation goes live (and the assistant's loaded one is deleted)."""
    (corpus_dir / f"{SMART_DOC}.txt").write_text(SMART_CITY, encoding="utf-8")
    index.ingest(load_corpus(corpus_dir).documents)


def test_refresh_swaps_retriever_stats_and_catalog_at_once(
    assistant_fake: Assistant, corpus_dir: Path, fake_index: ChunkIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """While a refresh derives the new catalog, readers still see the old generation in every
    part, never the new retriever with the old catalog and statistics."""
    _add_smart_city(corpus_dir, fake_index)
    inside, release = threading.Event(), threading.Event()
    real_load = pipeline.load_catalog

    def slow_load(path: Path, chunks: Any) -> Any:
        inside.set()
        assert release.wait(30)
        return real_load(path, chunks)

    monkeypatch.setattr(pipeline, "load_catalog", slow_load)
    refreshing = threading.Thread(target=assistant_fake.refresh)
    refreshing.start()
    try:
        assert inside.wait(30)
        chunks = assistant_fake.retriever.chunks
        assert SMART_DOC not in {c.doc_id for c in chunks}  # the old generation, in every part
        assert SMART_DOC not in assistant_fake.catalog.doc_ids
        assert assistant_fake.stats.n_docs == len(chunks)  # statistics over those chunks
    finally:
        release.set()
        refreshing.join(30)
    chunks = assistant_fake.retriever.chunks
    assert SMART_DOC in {c.doc_id for c in chunks} and SMART_DOC in assistant_fake.catalog.doc_ids
    assert assistant_fake.stats.n_docs == len(chunks)


def test_many_visitors_on_a_replaced_index_trigger_one_reload(
    assistant_fake: Assistant, corpus_dir: Path, fake_index: ChunkIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Six questions arrive while the loaded generation is gone: one reload (at 100k chunks it
    takes a minute), and all six are answered from the new generation."""
    _add_smart_city(corpus_dir, fake_index)
    loads: list[str] = []
    real_load_chunks = ChunkIndex.load_chunks

    def slow_load_chunks(self: ChunkIndex, collection: Any) -> Any:
        loads.append(collection.name)
        time.sleep(0.3)  # long enough for every visitor to find the old generation gone
        return real_load_chunks(self, collection)

    monkeypatch.setattr(ChunkIndex, "load_chunks", slow_load_chunks)
    start = threading.Barrier(6)
    answers: list[Answer] = []

    def visitor() -> None:
        start.wait(30)
        answers.append(assistant_fake.ask("Wo findet das Smart City Forum 2025 statt?"))

    threads = [threading.Thread(target=visitor) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(loads) == 1, loads
    assert len(answers) == 6 and all("Kiel" in a.answer for a in answers)
    assert all(a.sources[0].doc_id == SMART_DOC for a in answers)

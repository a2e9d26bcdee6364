"""Hybrid retrieval on the real corpus with the packaged default model, and via a Chroma server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from conftest import KeywordEmbeddings, copy_corpus, make_settings

from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.index.langchain import LangChainRetriever
from assistant.index.retrieval import HybridRetriever
from assistant.pipeline import Assistant
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    root = tmp_path_factory.mktemp("retrieval")
    settings = make_settings(root, embedding_model=DEFAULT_EMBEDDING_MODEL)
    copy_corpus(settings.corpus_dir)
    ChunkIndex(settings).ingest(load_corpus(settings.corpus_dir).documents)
    # configured exactly as the application configures it (weights from the settings)
    return Assistant.from_settings(settings).retriever


@pytest.mark.parametrize(
    ("question", "expected_docs"),
    [
        (
            "Wann ist Digitaler Aufbruch 2024?",
            {"digitaler-aufbruch-2024", "digitaler-aufbruch-2023"},
        ),
        ("Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?", {"nordlaender-digital-2022"}),
        (
            "Where was the Digitaler Aufbruch 2024 held?",
            {"digitaler-aufbruch-2024", "digitaler-aufbruch-2023"},
        ),
        ("Digitaler Aufbuch 2024", {"digitaler-aufbruch-2024", "digitaler-aufbruch-2023"}),
        ("Wie viele Teilnehmende hatte der Digitale Aufbruch 2023?", {"digitaler-aufbruch-2023"}),
        (
            "Wann findet der Kongress Innovatives Management 2023 statt?",
            {"innovatives-management-2023"},
        ),
        ("Wo fand der Nordl@nder-Kongress 2022 statt?", {"nordlaender-digital-2022"}),
        ("Who was the patron of Nordlaender Digital?", {"nordlaender-digital-2022"}),
        ("Digitaler Aufbruch Nuernberg", {"digitaler-aufbruch-2023"}),
    ],
)
def test_top_passage_comes_from_the_right_document(
    retriever: HybridRetriever, question: str, expected_docs: set[str]
) -> None:
    passages = retriever.retrieve(question, 5)
    assert len(passages) == 5
    assert passages[0].doc_id in expected_docs
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    assert len({p.chunk_id for p in passages}) == 5


def test_date_question_brings_the_date(retriever: HybridRetriever) -> None:
    top3 = retriever.retrieve("Wann ist Digitaler Aufbruch 2024?", 3)
    assert any("April" in p.text or ".04.2024" in p.text for p in top3)


def test_compound_query_finds_its_parts(retriever: HybridRetriever) -> None:
    top5 = retriever.retrieve("Verwaltungsdigitalisierung", 5)
    assert any(re.search(r"\bDigitalisierung\b", p.body) for p in top5)


def test_k_limits_results(retriever: HybridRetriever) -> None:
    assert len(retriever.retrieve("Kongress", 2)) == 2
    assert len(retriever.retrieve("Kongress", 50)) <= len(retriever.chunks)


def test_langchain_retriever_exposes_passages(retriever: HybridRetriever) -> None:
    docs = LangChainRetriever(retriever=retriever, k=2).invoke(
        "Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?"
    )
    assert len(docs) == 2
    assert docs[0].metadata["doc_id"] == "nordlaender-digital-2022"
    assert docs[0].metadata["published"] == "2022-07-25"
    assert docs[0].page_content.startswith("Nordl@nder.DIGITAL (25.07.2022)\n")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_heartbeat(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        assert server.poll() is None, "chroma server exited early"
        try:
            client = chromadb.HttpClient(
                host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
            )
            client.heartbeat()
            return
        except Exception as exc:  # not up yet
            last_error = exc
            time.sleep(0.2)
    raise AssertionError(f"chroma server did not answer within {timeout} s: {last_error!r}")


def test_chroma_server_round_trip(tmp_path: Path, corpus_dir: Path) -> None:
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    log = (tmp_path / "chroma.log").open("wb")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )  # fmt: skip
    try:
        _wait_for_heartbeat(port, server)
        settings: Settings = make_settings(tmp_path, chroma_url=f"http://127.0.0.1:{port}")
        docs = load_corpus(corpus_dir).documents

        report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(docs)
        assert len(report.added) == 5 and report.chunks_total > 0
        again = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(docs)
        assert not again.changed and again.generation == report.generation
        assert not (settings.vectorstore_dir / "chroma.sqlite3").exists()  # nothing local

        retriever = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings()))
        assert len(retriever.chunks) == report.chunks_total
        top = retriever.retrieve("Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?", 3)
        assert top[0].doc_id == "nordlaender-digital-2022"
        answer = Assistant(settings, retriever).ask("Wann fand der Digitale Aufbruch 2023 statt?")
        assert "April" in answer.answer and not answer.abstained
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()

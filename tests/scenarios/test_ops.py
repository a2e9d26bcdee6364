"""Operations against running servers: `/healthz`, `/readyz`, `/metrics` and JSON log lines.

Each server is a real `assistant serve` process (through the fault suite's wrapper that
registers the keyword-embedding fake), on its own port; the scale-out case adds a real
`chroma run` server that is stopped and started again under the replica.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import KeywordEmbeddings, copy_corpus, make_settings, settings_env
from prometheus_client.parser import text_string_to_metric_families
from test_faults import ChromaServer, cli_script, free_port

from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.settings import Settings

pytestmark = pytest.mark.integration

TIMEOUT = 120


class Served:
    """`assistant serve` in a subprocess; its stderr is kept for the log assertions."""

    def __init__(self, tmp_path: Path, settings: Settings, log: Path, **env: str) -> None:
        self.port, self.log = free_port(), log
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(cli_script(tmp_path)), "serve", "--port", str(self.port)],
                env=settings_env(settings, **env), stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert self.proc.poll() is None, self.output()
            assert time.monotonic() < deadline, f"server did not start: {self.output()}"
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def metric_values(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Settings, int]:
    settings = make_settings(tmp_path / "app")
    copy_corpus(settings.corpus_dir)
    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(
        load_corpus(settings.corpus_dir).documents
    )
    return settings, report.chunks_total


@pytest.fixture
def server(tmp_path: Path, indexed: tuple[Settings, int]) -> Iterator[Served]:
    served = Served(tmp_path, indexed[0], tmp_path / "serve.log", ASSISTANT_LOG_FORMAT="json")
    yield served
    served.stop()


def test_health_readiness_and_metrics_of_a_running_server(
    server: Served, indexed: tuple[Settings, int]
) -> None:
    _, chunks = indexed
    health = httpx.get(f"{server.url}/healthz", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    ready = httpx.get(f"{server.url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["ready"] is True and body["store_reachable"] is True
    assert body["chunks"] == chunks and body["generation"] == body["store_generation"] == 1

    ask = f"{server.url}/api/ask"
    assert httpx.post(ask, json={"question": "Wann ist Digitaler Aufbruch 2024?"},
                      timeout=30).json()["abstained"] is False  # fmt: skip
    assert httpx.post(ask, json={"question": "Wie backe ich einen Käsekuchen?"},
                      timeout=30).json()["abstained"] is True  # fmt: skip
    assert httpx.post(ask, json={"question": "  "}, timeout=30).status_code == 400

    response = httpx.get(f"{server.url}/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    values = metric_values(response.text)
    assert values[("assistant_answers_total", (("outcome", "answered"),))] == 1
    assert values[("assistant_answers_total", (("outcome", "abstained"),))] == 1
    assert values[("assistant_errors_total", (("kind", "question"),))] == 1
    assert values[("assistant_abstention_ratio", ())] == 0.5
    assert values[("assistant_answer_seconds_count", ())] == 2
    assert values[("assistant_answer_seconds_bucket", (("le", "+Inf"),))] == 2
    assert values[("assistant_index_generation", ())] == 1
    assert values[("assistant_index_chunks", ())] == chunks
    requests = "assistant_http_requests_total"
    assert values[(requests, (("route", "/api/ask"), ("status", "2xx")))] == 2
    assert values[(requests, (("route", "/api/ask"), ("status", "4xx")))] == 1


def test_log_lines_are_json_without_client_addresses(server: Served) -> None:
    httpx.post(f"{server.url}/api/ask", json={"question": "Wann ist Digitaler Aufbruch 2024?"},
               timeout=30)  # fmt: skip
    httpx.get(f"{server.url}/quelle/gibt-es-nicht", timeout=10)
    server.stop()
    lines = [line for line in server.output().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    assert any(e["message"] == f"Veranstaltungsassistent: {server.url}" for e in entries)
    assert not any("/api/ask" in e["message"] or "/quelle" in e["message"] for e in entries)


def test_readiness_without_an_index(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "leer")
    served = Served(tmp_path, settings, tmp_path / "leer.log")
    try:
        assert httpx.get(f"{served.url}/healthz", timeout=10).status_code == 200
        ready = httpx.get(f"{served.url}/readyz", timeout=10)
        assert ready.status_code == 503
        body = ready.json()
        assert body["index_loaded"] is False and "assistant ingest" in body["reason"]
        values = metric_values(httpx.get(f"{served.url}/metrics", timeout=10).text)
        assert values[("assistant_index_generation", ())] == 0
    finally:
        served.stop()


def test_readiness_follows_the_chroma_server(tmp_path: Path) -> None:
    chroma = ChromaServer(tmp_path / "chroma", tmp_path / "chroma.log")
    chroma.start()
    served = None
    try:
        settings = make_settings(tmp_path / "replica", chroma_url=chroma.url)
        copy_corpus(settings.corpus_dir)
        ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(
            load_corpus(settings.corpus_dir).documents
        )
        served = Served(tmp_path, settings, tmp_path / "replica.log")
        assert httpx.get(f"{served.url}/readyz", timeout=10).status_code == 200
        chroma.stop()
        down = httpx.get(f"{served.url}/readyz", timeout=30)
        assert down.status_code == 503, down.text
        assert down.json()["store_reachable"] is False and down.json()["index_loaded"] is True
        assert httpx.get(f"{served.url}/healthz", timeout=10).status_code == 200  # still alive
        chroma.start()
        deadline = time.monotonic() + 60
        while httpx.get(f"{served.url}/readyz", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "replica did not become ready again"
            time.sleep(0.5)
    finally:
        if served is not None:
            served.stop()
        chroma.stop()

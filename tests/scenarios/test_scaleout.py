"""Scale-out: one real `chroma run` server, stateless replicas sharing it (docs/scale-out.md).

Two `assistant serve` processes (the web page and its JSON API, on two ports) and the test
process itself act as replicas; each has its own data directory and builds its BM25 index
from the shared collection. An ingest run on one replica's machine becomes visible to the
others: explicitly through `Assistant.refresh()`, and by itself on the first question after
the ingest removed the generation a replica had loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import copy_corpus, make_settings, settings_env
from test_faults import ChromaServer, free_port

from assistant.pipeline import Assistant
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

pytestmark = pytest.mark.integration

QUESTION = "Wann ist Digitaler Aufbruch 2024?"
NEW_QUESTION = "Wann findet der Kommunale KI-Gipfel Flensburg 2026 statt?"
NEW_DOC_ID = "kommunaler-ki-gipfel-2026"
NEW_RELEASE = """Flensburg, 2. Februar 2026

Kommunaler KI-Gipfel Flensburg 2026

Der Kommunale KI-Gipfel Flensburg 2026 findet am 12. März 2026 in der Phänomenta in Flensburg
statt. Erwartet werden rund 180 Teilnehmende aus Kommunalverwaltungen in Schleswig-Holstein.

Eröffnet wird der Gipfel von Oberbürgermeisterin Fabienne Kirchhoff. Im Mittelpunkt stehen
Sprachmodelle im Bürgerservice, Datenschutz und die Beschaffung von KI-Anwendungen.
"""
THIRD_DOC_ID = "digitalwerkstatt-husum-2026"
THIRD_RELEASE = """Husum, 3. März 2026

Digitalwerkstatt Husum 2026

Die Digitalwerkstatt Husum 2026 findet am 7. Mai 2026 im Schloss vor Husum statt. Rund 60
Beschäftigte aus Amtsverwaltungen arbeiten dort einen Tag lang an digitalen Anträgen.
"""
TIMEOUT = 240


def assistant_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


class Replica:
    """`assistant serve` on its own port and data directory, against the shared server."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.settings, self.log, self.port = settings, log, free_port()
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "assistant", "serve", "--port", str(self.port)],
                env=settings_env(settings),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert self.proc.poll() is None, self.output()
            assert time.monotonic() < deadline, f"replica did not start: {self.output()}"
            try:
                if httpx.get(f"{self.url}/", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]

    def ask(self, question: str) -> dict[str, Any]:
        response = httpx.post(f"{self.url}/api/ask", json={"question": question}, timeout=60)
        assert response.status_code == 200, (response.text, self.output())
        answer: dict[str, Any] = response.json()
        return answer

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def cited(answer: dict[str, Any]) -> set[str]:
    return {source["doc_id"] for source in answer["sources"]}


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One Chroma server with the real corpus ingested (default embedding model) and two
    replicas' settings: own data dirs, no local vector store."""
    root = tmp_path_factory.mktemp("scaleout")
    server = ChromaServer(root / "chroma", root / "chroma.log")
    server.start()
    try:
        replicas = {
            name: make_settings(
                root / name,
                corpus_dir=root / "corpus",
                embedding_model=DEFAULT_EMBEDDING_MODEL,
                chroma_url=server.url,
            )
            for name in ("staff", "visitor")
        }
        copy_corpus(root / "corpus")
        first = assistant_cli(replicas["staff"], "ingest")
        assert first.returncode == 0, first.stderr
        yield {"root": root, "server": server, **replicas}
    finally:
        server.stop()


def test_two_serve_replicas_share_one_chroma_server_and_follow_an_ingest(
    layout: dict[str, Any],
) -> None:
    staff, visitor = layout["staff"], layout["visitor"]
    replicas = [Replica(staff, layout["root"] / "staff.log")]
    try:
        replicas.append(Replica(visitor, layout["root"] / "visitor.log"))
        before = [replica.ask(QUESTION) for replica in replicas]
        assert cited(before[0]) == cited(before[1]) and "digitaler-aufbruch-2024" in cited(
            before[0]
        )
        assert before[0]["answer"] == before[1]["answer"]
        assert all(NEW_DOC_ID not in cited(r.ask(NEW_QUESTION)) for r in replicas)

        # staff add a press release; the ingest runs on the staff replica's machine
        (staff.corpus_dir / f"{NEW_DOC_ID}.txt").write_text(NEW_RELEASE, encoding="utf-8")
        ingest = assistant_cli(staff, "ingest")
        assert ingest.returncode == 0, ingest.stderr
        assert "1 neu" in ingest.stdout
        assert not (visitor.data_dir / ".ingest.lock").exists()  # the lock is per machine

        # both running replicas answer from the new generation (their loaded one is gone)
        for replica in replicas:
            answer = replica.ask(NEW_QUESTION)
            assert NEW_DOC_ID in cited(answer), answer
            assert "12. März 2026" in answer["answer"]
            assert cited(replica.ask(QUESTION)) == cited(before[0])

        # and so does a fresh, stateless process
        cold = assistant_cli(visitor, "ask", "--json", NEW_QUESTION)
        assert cold.returncode == 0, cold.stderr
        assert NEW_DOC_ID in cited(json.loads(cold.stdout.splitlines()[0]))
    finally:
        for replica in replicas:
            replica.stop()
    for replica in replicas:
        assert "Traceback" not in replica.output(), replica.output()


def test_refresh_makes_an_ingest_through_one_replica_visible_to_the_other(
    layout: dict[str, Any],
) -> None:
    staff, visitor = layout["staff"], layout["visitor"]
    staff_assistant = Assistant.from_settings(staff)
    visitor_assistant = Assistant.from_settings(visitor)
    generation = visitor_assistant.retriever.info.generation
    third = "Wann findet die Digitalwerkstatt Husum 2026 statt?"
    assert THIRD_DOC_ID not in {s.doc_id for s in visitor_assistant.ask(third).sources}

    (staff.corpus_dir / f"{THIRD_DOC_ID}.txt").write_text(THIRD_RELEASE, encoding="utf-8")
    ingest = assistant_cli(staff, "ingest")
    assert ingest.returncode == 0, ingest.stderr
    staff_assistant.refresh()
    assert THIRD_DOC_ID in {s.doc_id for s in staff_assistant.ask(third).sources}

    visitor_assistant.refresh()  # builds its BM25 from the shared collection again
    info = visitor_assistant.retriever.info
    assert info.generation == staff_assistant.retriever.info.generation > generation
    assert THIRD_DOC_ID in {c.doc_id for c in visitor_assistant.retriever.chunks}
    answer = visitor_assistant.ask(third)
    assert THIRD_DOC_ID in {s.doc_id for s in answer.sources}
    assert "7. Mai 2026" in answer.answer

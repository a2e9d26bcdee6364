"""Fault injection: killed ingests, racing ingests, damaged stores, a Chroma server that goes
away, unwritable directories and a full disk. Every scenario asserts its outcome.

Processes that are killed or that must not share Chroma's in-process state with pytest run
as subprocesses: `assistant` itself (through a small wrapper that registers the fake
embedding model), or children forked from a helper process that imported everything but
never opened a store (so 20+ killed ingests cost a fork each, not an interpreter start).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import chromadb
import httpx
import pytest
from chromadb.config import Settings as ChromaSettings
from click.testing import CliRunner
from conftest import (
    FAKE_MODEL,
    REPO,
    TESTS_DIR,
    KeywordEmbeddings,
    copy_corpus,
    make_settings,
    settings_env,
)
from fastapi.testclient import TestClient

import assistant.index.embeddings as embeddings_module
from assistant.cli import main
from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import (
    ChunkIndex,
    IndexCorruptError,
    IndexUnavailableError,
    IndexWriteError,
)
from assistant.index.retrieval import HybridRetriever
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.web.app import create_server
from assistant.web.backend import Backend
from assistant.web.feedback import FeedbackError, FeedbackStore
from assistant.web.staff import ingest_and_reload

sys.path.insert(0, str(REPO / "evals"))
import synthetic_corpus

QUESTION = "Wann ist Digitaler Aufbruch 2024?"
MARKER = "Leuchtturmsaal"  # occurs only in version B of the corpus
NEW_PARAGRAPH = (
    f"\n\nAusblick\n\nDer nächste Digitale Aufbruch findet im {MARKER} in Warnemünde statt; "
    "die Anmeldung öffnet im Herbst.\n"
)
SYNTHETIC = synthetic_corpus.generate(15, seed=5)
EXTRA = synthetic_corpus.generate(3, seed=6)
CHROMA_BIN = Path(sys.executable).parent / "chroma"
BUSY_MESSAGE = "Ein anderer Ingest läuft gerade"
SUBPROCESS_TIMEOUT = 240


# --------------------------------------------------------------------------- helpers


def write_variant(directory: Path, version: str) -> Path:
    """Version A: the real corpus plus 15 synthetic releases. Version B changes one release,
    deletes two and adds three, so old and new differ in every way an ingest handles."""
    shutil.rmtree(directory, ignore_errors=True)
    copy_corpus(directory)
    for doc in SYNTHETIC:
        (directory / doc.file_name).write_text(doc.text, encoding="utf-8")
    if version == "B":
        path = directory / "digitaler-aufbruch-2024.txt"
        path.write_text(path.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")
        (directory / "innovatives-management-2020.txt").unlink()
        (directory / SYNTHETIC[3].file_name).unlink()
        for doc in EXTRA:
            (directory / f"neu-{doc.file_name}").write_text(doc.text, encoding="utf-8")
    return directory


def chunk_ids_by_doc(corpus_dir: Path) -> dict[str, list[str]]:
    return {
        doc.doc_id: [c.chunk_id for c in chunk_document(doc)]
        for doc in load_corpus(corpus_dir).documents
    }


def stored_ids_by_doc(chunks: Sequence[Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for chunk in chunks:
        out.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
    return out


def which_version(observed: dict[str, list[str]], expected: dict[str, dict[str, list[str]]]) -> str:
    """The version the index holds completely, or an assertion naming the mixed documents."""
    for version, ids in expected.items():
        if observed == ids:
            return version
    mixed = {
        doc_id: {v: ids.get(doc_id) == observed.get(doc_id) for v, ids in expected.items()}
        for doc_id in sorted(set(observed).union(*expected.values()))
    }
    raise AssertionError(f"index holds neither version completely: {mixed}")


def collection_names(settings: Settings) -> list[str]:
    client = chromadb.PersistentClient(
        path=str(settings.vectorstore_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return sorted(c.name for c in client.list_collections())


CLI_WRAPPER = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from conftest import KeywordEmbeddings, register_fake_embeddings
import assistant.index.embeddings as embeddings_module
register_fake_embeddings()
gate = os.environ.get("FAULTS_GATE_DIR")
if gate:
    class Gated(KeywordEmbeddings):
        def embed_documents(self, texts):
            root = Path(gate)
            (root / f"inside-{{os.getpid()}}").write_text("1")
            deadline = time.monotonic() + 120
            while not (root / "release").exists():
                if time.monotonic() > deadline:
                    sys.exit(5)
                time.sleep(0.05)
            return super().embed_documents(texts)
    embeddings_module.create_embeddings = lambda name, *args, **kwargs: Gated()
limit = os.environ.get("FAULTS_FILE_SIZE_LIMIT")
if limit:  # a full disk, for real: writes beyond the limit fail with EFBIG
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), resource.RLIM_INFINITY))
from assistant.cli import main
main(sys.argv[1:], prog_name="assistant")
"""


def cli_script(tmp_path: Path) -> Path:
    path = tmp_path / "assistant_with_fakes.py"
    if not path.exists():
        path.write_text(textwrap.dedent(CLI_WRAPPER).format(tests=str(TESTS_DIR)), "utf-8")
    return path


def run_cli(
    tmp_path: Path, settings: Settings, *args: str, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """`assistant …` in a fresh process with the fake embedding model; never a traceback."""
    proc = subprocess.run(
        [sys.executable, str(cli_script(tmp_path)), *args],
        env=settings_env(settings, **extra_env),
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def in_process_cli(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- kill -9


FORK_SERVER = """
import json, os, random, signal, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from conftest import KeywordEmbeddings, make_settings, register_fake_embeddings
import chromadb.api.rust  # imported, never started: children open the store themselves
import assistant.answering.llm, assistant.answering.extractive
from assistant.pipeline import Assistant
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
register_fake_embeddings()
root = Path(sys.argv[1])
settings = make_settings(root)
log = os.open(root / "children.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)


class Jittery(KeywordEmbeddings):
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def embed_documents(self, texts):
        time.sleep(self.rng.uniform(0.0, 0.3))
        return super().embed_documents(texts)


def in_child(work):
    pid = os.fork()
    if pid == 0:
        os.dup2(log, 1)
        os.dup2(log, 2)
        code = 1
        try:
            work()
            code = 0
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def ingest(seed):
    documents = load_corpus(settings.corpus_dir).documents
    ChunkIndex(settings, embeddings=Jittery(seed)).ingest(documents)


def observe(out):
    assistant = Assistant.from_settings(settings)
    chunks = {{}}
    for chunk in assistant.retriever.chunks:
        chunks.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
    marker = assistant.retriever.retrieve({marker!r}, 3)
    Path(out).write_text(json.dumps({{
        "generation": assistant.retriever.info.generation,
        "chunks": chunks,
        "answer": assistant.ask({question!r}).to_json(),
        "marker": [p.text for p in marker],
    }}))


for line in sys.stdin:
    command = json.loads(line)
    started = time.monotonic()
    if command["op"] == "ingest":
        pid = in_child(lambda: ingest(command["seed"]))
        if command.get("kill_after") is not None:
            time.sleep(command["kill_after"])
            os.kill(pid, signal.SIGKILL)  # a child that already exited is a zombie: no error
    else:
        pid = in_child(lambda: observe(command["out"]))
    _, status = os.waitpid(pid, 0)
    reply = {{"status": os.waitstatus_to_exitcode(status), "seconds": time.monotonic() - started}}
    print(json.dumps(reply), flush=True)
"""


class ForkServer:
    """A helper process that forks one child per ingest (killed at will) or observation."""

    def __init__(self, root: Path) -> None:
        script = root / "fork_server.py"
        script.write_text(
            textwrap.dedent(FORK_SERVER).format(
                tests=str(TESTS_DIR), marker=MARKER, question=QUESTION
            ),
            encoding="utf-8",
        )
        self.root = root
        self.proc = subprocess.Popen(
            [sys.executable, str(script), str(root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.observations = 0

    def _call(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"fork server died: {self.log()}"
        reply: dict[str, Any] = json.loads(line)
        return reply

    def ingest(self, seed: int, kill_after: float | None = None) -> dict[str, Any]:
        return self._call({"op": "ingest", "seed": seed, "kill_after": kill_after})

    def observe(self) -> dict[str, Any]:
        self.observations += 1
        out = self.root / f"observation-{self.observations}.json"
        reply = self._call({"op": "observe", "out": str(out)})
        assert reply["status"] == 0, f"opening the index failed: {self.log()}"
        observation: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return observation

    def log(self) -> str:
        path = self.root / "children.log"
        return path.read_text(encoding="utf-8")[-3000:] if path.exists() else ""

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def check_observation(
    observation: dict[str, Any], expected: dict[str, dict[str, list[str]]]
) -> str:
    """The index answers from exactly one version: its chunks, citations and marker hits."""
    version = which_version(observation["chunks"], expected)
    answer = observation["answer"]
    assert "error" not in answer and answer["sources"], answer
    all_ids = {i for ids in expected[version].values() for i in ids}
    assert {s["chunk_id"] for s in answer["sources"]} <= all_ids
    assert any(MARKER in text for text in observation["marker"]) == (version == "B")
    return version


def test_kill_9_during_ingest_never_leaves_a_mixed_or_broken_index(
    tmp_path: Path, settings: Settings
) -> None:
    expected = {v: chunk_ids_by_doc(write_variant(tmp_path / f"expect-{v}", v)) for v in "AB"}
    assert expected["A"] != expected["B"]
    seed = int(os.environ.get("FAULTS_SEED", "20261123"))
    rng = random.Random(seed)
    server = ForkServer(tmp_path)
    try:
        write_variant(settings.corpus_dir, "A")
        assert server.ingest(seed=1)["status"] == 0, server.log()
        assert check_observation(server.observe(), expected) == "A"
        # one complete switch to B measures how long an ingest takes on this machine now
        write_variant(settings.corpus_dir, "B")
        calibration = server.ingest(seed=2)
        assert calibration["status"] == 0, server.log()
        assert check_observation(server.observe(), expected) == "B"
        live, window = "B", 1.1 * calibration["seconds"]

        outcomes: list[tuple[float, int, str, str]] = []
        kills = 0
        while kills < 20:
            assert len(outcomes) < 45, f"too few kills landed: {outcomes}"
            target = "A" if live == "B" else "B"
            write_variant(settings.corpus_dir, target)  # old and new always differ
            delay = rng.uniform(0.0, window)
            status = server.ingest(seed=rng.randrange(1 << 30), kill_after=delay)["status"]
            assert status in (0, -signal.SIGKILL), f"ingest failed ({status}): {server.log()}"
            version = check_observation(server.observe(), expected)
            assert version in (live, target)
            if status == 0:  # finished before the kill: the new version must be complete
                assert version == target
            kills += status == -signal.SIGKILL
            outcomes.append((round(delay, 3), status, live, version))
            live = version

        # after all that, a normal ingest completes and cleans up every leftover generation
        target = "A" if live == "B" else "B"
        write_variant(settings.corpus_dir, target)
        assert server.ingest(seed=3)["status"] == 0, server.log()
        final = server.observe()
        assert check_observation(final, expected) == target
    finally:
        server.close()
    assert collection_names(settings) == [f"assistant-chunks-g{final['generation']:06d}"]
    print(f"seed {seed}: {kills} kills; (delay s, status, old, result): {outcomes}")


# --------------------------------------------------------------------------- racing ingests


def test_two_ingest_processes_one_is_refused_and_nothing_breaks(
    tmp_path: Path, settings: Settings
) -> None:
    expected = {v: chunk_ids_by_doc(write_variant(tmp_path / f"expect-{v}", v)) for v in "AB"}
    write_variant(settings.corpus_dir, "A")
    ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(
        load_corpus(settings.corpus_dir).documents
    )
    write_variant(settings.corpus_dir, "B")
    gate = tmp_path / "gate"
    gate.mkdir()
    env = settings_env(settings, FAULTS_GATE_DIR=str(gate))
    command = [sys.executable, str(cli_script(tmp_path)), "ingest"]
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + SUBPROCESS_TIMEOUT
        while all(p.poll() is None for p in procs):
            assert time.monotonic() < deadline, "neither ingest finished or was refused"
            time.sleep(0.05)
        loser = next(p for p in procs if p.poll() is not None)
        winner = next(p for p in procs if p is not loser)
        out, err = loser.communicate()
        assert loser.returncode == 3, (out, err)
        assert BUSY_MESSAGE in err and "Traceback" not in err
        while not (gate / f"inside-{winner.pid}").exists():  # the winner holds the lock
            assert winner.poll() is None, winner.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)

        # while the winner is half-way, a fresh process still answers from version A
        asked = run_cli(tmp_path, settings, "ask", "--json", QUESTION)
        assert asked.returncode == 0, asked.stderr
        answer = json.loads(asked.stdout.splitlines()[0])
        version_a = {i for ids in expected["A"].values() for i in ids}
        assert answer["sources"] and {s["chunk_id"] for s in answer["sources"]} <= version_a

        (gate / "release").write_text("1")
        out, err = winner.communicate(timeout=SUBPROCESS_TIMEOUT)
        assert winner.returncode == 0, err
        assert "Index aktualisiert" in out and "Traceback" not in err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    _, collection = index.open()
    assert which_version(stored_ids_by_doc(index.load_chunks(collection)), expected) == "B"
    assert len(collection_names(settings)) == 1
    assert not index.ingest(load_corpus(settings.corpus_dir).documents).changed  # lock released


# --------------------------------------------------------------------------- damaged stores


def build_store_copy(tmp_path: Path, settings: Settings, documents: int = 0) -> None:
    """An index built under another path and copied into place, so this process never opened
    the store under test (Chroma caches one system per path and process)."""
    original = make_settings(tmp_path, vectorstore_dir=tmp_path / "original")
    copy_corpus(settings.corpus_dir)
    synthetic_corpus.write_corpus(settings.corpus_dir, documents, seed=9)
    ChunkIndex(original, embeddings=KeywordEmbeddings()).ingest(
        load_corpus(settings.corpus_dir).documents
    )
    shutil.copytree(original.vectorstore_dir, settings.vectorstore_dir)


def assert_rebuild_recovers(tmp_path: Path, settings: Settings, damaged: Path) -> None:
    """`assistant ask` exits 3 naming the fix; `ingest --rebuild` moves the store aside (kept
    byte for byte) and builds a new one that answers."""
    kept = damaged.read_bytes()
    asked = run_cli(tmp_path, settings, "ask", QUESTION)
    assert asked.returncode == 3, asked.stdout + asked.stderr
    assert "assistant ingest --rebuild" in asked.stderr

    rebuilt = run_cli(tmp_path, settings, "ingest", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    moved = sorted(tmp_path.glob(f"{settings.vectorstore_dir.name}.corrupt-*"))
    assert len(moved) == 1
    assert (moved[0] / damaged.relative_to(settings.vectorstore_dir)).read_bytes() == kept

    asked = run_cli(tmp_path, settings, "ask", "--json", QUESTION)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout.splitlines()[0])
    assert answer["sources"] and not answer["abstained"]


def test_truncated_sqlite_is_detected_at_startup_and_rebuild_recovers(
    tmp_path: Path, settings: Settings
) -> None:
    build_store_copy(tmp_path, settings)
    database = settings.vectorstore_dir / "chroma.sqlite3"
    os.truncate(database, database.stat().st_size // 2)

    with pytest.raises(IndexCorruptError) as excinfo:
        Assistant.from_settings(settings)
    assert "assistant ingest --rebuild" in str(excinfo.value)
    assert_rebuild_recovers(tmp_path, settings, database)


def test_garbage_in_hnsw_segment_is_detected_at_startup_and_rebuild_recovers(
    tmp_path: Path, settings: Settings
) -> None:
    # Chroma persists its HNSW files once a collection passes its sync threshold (1000)
    build_store_copy(tmp_path, settings, documents=140)
    headers = list(settings.vectorstore_dir.glob("*/header.bin"))
    assert len(headers) == 1
    header = headers[0]
    header.write_bytes(random.Random(1).randbytes(header.stat().st_size))

    with pytest.raises(IndexCorruptError) as excinfo:
        Assistant.from_settings(settings)
    assert "assistant ingest --rebuild" in str(excinfo.value)
    assert_rebuild_recovers(tmp_path, settings, header)


# --------------------------------------------------------------------------- Chroma server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ChromaServer:
    """A real `chroma run` on 127.0.0.1 that can be stopped and started again (same port,
    same data path)."""

    def __init__(self, path: Path, log: Path) -> None:
        self.path, self.log, self.port = path, log, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [str(CHROMA_BIN), "run", "--path", str(self.path), "--host", "127.0.0.1",
                 "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"},
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "chroma run did not come up"
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-server", tmp_path / "chroma-server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


class LineReader:
    """Lines of a subprocess's output, collected by a thread so reads can time out."""

    def __init__(self, stream: Any) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not printed; output so far: {self.seen[-20:]}")


@pytest.mark.integration
def test_chroma_server_outage_gives_friendly_errors_and_answers_resume(
    tmp_path: Path, settings: Settings, chroma_server: ChromaServer
) -> None:
    remote = settings.model_copy(update={"chroma_url": chroma_server.url})
    copy_corpus(remote.corpus_dir)
    documents = load_corpus(remote.corpus_dir).documents
    ChunkIndex(remote, embeddings=KeywordEmbeddings()).ingest(documents)
    assistant = Assistant.from_settings(remote)
    assert assistant.ask(QUESTION).sources

    chat = subprocess.Popen(
        [sys.executable, str(cli_script(tmp_path)), "chat"],
        env=settings_env(remote), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert chat.stdin is not None
    output = LineReader(chat.stdout)
    try:
        chat.stdin.write(QUESTION + "\n")
        chat.stdin.flush()
        output.wait_for("[1]")

        chroma_server.stop()

        down = assistant.ask(QUESTION)  # same process, same assistant: an answer, no exception
        assert down.error and "nicht erreichbar" in down.answer and not down.sources
        assert json.loads(json.dumps(down.to_json()))["error"] == down.error
        with pytest.raises(IndexUnavailableError) as refreshing:
            assistant.refresh()  # keeps the loaded index
        with pytest.raises(IndexUnavailableError) as opening:
            Assistant.from_settings(remote)
        with pytest.raises(IndexUnavailableError):
            ChunkIndex(remote, embeddings=KeywordEmbeddings()).ingest(documents)
        for message in (str(refreshing.value), str(opening.value)):
            assert "nicht erreichbar" in message and "--rebuild" not in message
        cold = run_cli(tmp_path, remote, "ask", QUESTION)
        assert cold.returncode == 3 and "nicht erreichbar" in cold.stderr

        chat.stdin.write(QUESTION + "\n")
        chat.stdin.flush()
        output.wait_for("nicht erreichbar")
        assert chat.poll() is None  # the terminal chat is still running

        chroma_server.start()  # same port, same path

        back = assistant.ask(QUESTION)
        assert back.error is None and back.sources
        assistant.refresh()
        chat.stdin.write(QUESTION + "\n")
        chat.stdin.flush()
        output.wait_for("[1]")
        chat.stdin.close()
        assert chat.wait(timeout=60) == 0
    finally:
        if chat.poll() is None:
            chat.kill()
            chat.wait()
    assert chat.stderr is not None
    assert "Traceback" not in chat.stderr.read()


# --------------------------------------------------------------------------- unwritable dirs


def blocked_dir(tmp_path: Path) -> Path:
    """A directory that cannot be created even by root: its parent is a regular file."""
    (tmp_path / "blocker").write_text("a file, not a directory")
    return tmp_path / "blocker" / "data"


@pytest.mark.integration
def test_unwritable_data_dir_in_server_mode_refuses_ingest_and_keeps_answering(
    tmp_path: Path, settings: Settings, chroma_server: ChromaServer
) -> None:
    remote = settings.model_copy(update={"chroma_url": chroma_server.url})
    copy_corpus(remote.corpus_dir)
    ChunkIndex(remote, embeddings=KeywordEmbeddings()).ingest(
        load_corpus(remote.corpus_dir).documents
    )
    blocked = remote.model_copy(update={"data_dir": blocked_dir(tmp_path)})
    (remote.corpus_dir / "nordlaender-digital-2022.txt").unlink()

    with pytest.raises(IndexWriteError) as excinfo:  # the ingest lock lives in data_dir
        ChunkIndex(blocked, embeddings=KeywordEmbeddings()).ingest(
            load_corpus(blocked.corpus_dir).documents
        )
    assert str(blocked.data_dir) in str(excinfo.value)
    assert "nicht beschreibbar" in str(excinfo.value)
    refused = run_cli(tmp_path, blocked, "ingest")
    assert refused.returncode == 3 and "nicht beschreibbar" in refused.stderr

    assistant = Assistant.from_settings(blocked)  # reading needs no data_dir
    assert assistant.retriever.info.documents == 5
    assert assistant.ask("Wer hatte die Schirmherrschaft über Nordl@nder.DIGITAL?").sources


def test_unwritable_vectorstore_dir_is_a_clear_error_and_the_live_index_answers(
    tmp_path: Path, settings: Settings, assistant_fake: Assistant
) -> None:
    blocked = blocked_dir(tmp_path)
    for command, problem in (
        (["ingest"], "ist nicht beschreibbar"),  # the ingest lock lives in the vectorstore
        (["ask", QUESTION], "kann nicht angelegt werden"),
    ):
        result = in_process_cli(
            *command, "--vectorstore", str(blocked), "--embedding-model", FAKE_MODEL
        )
        assert result.exit_code == 3, result.output
        assert str(blocked) in result.output and problem in result.output
    assert assistant_fake.ask(QUESTION).sources
    assert Assistant.from_settings(settings).ask(QUESTION).sources


def test_feedback_store_on_unwritable_data_dir_fails_clearly_and_loses_nothing(
    tmp_path: Path, settings: Settings, assistant_fake: Assistant
) -> None:
    store = FeedbackStore.for_settings(settings)
    answer = assistant_fake.ask(QUESTION).to_json()
    store.add(rating="up", question=QUESTION, answer=answer, session="a")

    # the data directory disappears under the running process and a file takes its place
    moved = settings.data_dir.with_name("data.moved")
    settings.data_dir.rename(moved)
    settings.data_dir.write_text("not a directory")
    with pytest.raises(FeedbackError) as excinfo:
        store.add(rating="down", reason="falsch", question=QUESTION, answer=answer, session="b")
    assert "konnte nicht gespeichert werden" in str(excinfo.value)
    assert str(store.path) in str(excinfo.value)
    with pytest.raises(FeedbackError):
        FeedbackStore.for_settings(settings)
    assert assistant_fake.ask(QUESTION).sources  # answering does not need the data dir

    settings.data_dir.unlink()
    moved.rename(settings.data_dir)
    assert [row.rating for row in store.rows()] == ["up"]
    store.add(rating="down", reason="falsch", question=QUESTION, answer=answer, session="b")
    assert [row.rating for row in store.rows()] == ["up", "down"]


# --------------------------------------------------------------------------- disk full


class DiskFull(KeywordEmbeddings):
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_during_ingest_keeps_the_previous_index(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings())).chunks
    path = corpus_dir / "digitaler-aufbruch-2024.txt"
    path.write_text(path.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")
    documents = load_corpus(corpus_dir).documents

    with pytest.raises(IndexWriteError) as excinfo:
        ChunkIndex(settings, embeddings=DiskFull()).ingest(documents)
    message = str(excinfo.value)
    assert "kein Speicherplatz mehr frei" in message and "bisherige Index bleibt" in message

    monkeypatch.setattr(embeddings_module, "create_embeddings", lambda *a, **k: DiskFull())
    embeddings_module.get_embeddings.cache_clear()
    result = in_process_cli("ingest", "--embedding-model", FAKE_MODEL)
    assert result.exit_code == 3 and "kein Speicherplatz mehr frei" in result.output
    embeddings_module.get_embeddings.cache_clear()

    retriever = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings()))
    assert retriever.chunks == before and retriever.info.generation == 1
    assert all(MARKER not in p.text for p in retriever.retrieve(MARKER, 5))

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(documents)
    assert report.updated == ["digitaler-aufbruch-2024"]
    assert collection_names(settings) == [f"assistant-chunks-g{report.generation:06d}"]


def test_store_hitting_the_file_size_limit_keeps_the_previous_index(
    tmp_path: Path, settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    """A real write failure inside Chroma (SQLite and HNSW files), not a fake: the ingest runs
    with RLIMIT_FSIZE just above the store's size, so growing it fails like a full disk."""
    before = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings())).chunks
    synthetic_corpus.write_corpus(corpus_dir, 150, seed=4)
    limit = (settings.vectorstore_dir / "chroma.sqlite3").stat().st_size + 100_000

    failed = run_cli(tmp_path, settings, "ingest", FAULTS_FILE_SIZE_LIMIT=str(limit))
    assert failed.returncode == 3, failed.stdout + failed.stderr
    assert "Der Index konnte nicht geschrieben werden" in failed.stderr
    assert "bisherige Index bleibt" in failed.stderr

    retriever = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings()))
    assert retriever.chunks == before
    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(
        load_corpus(corpus_dir).documents
    )
    assert len(report.added) == 150


# --------------------------------------------------------------------------- careless operators


def test_two_files_with_one_id_stop_the_ingest_naming_both(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    before = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings())).chunks
    (corpus_dir / "digitaler-aufbruch-2024.md").write_text(
        "# Digitaler Aufbruch 2024\n\nDer Kongress ist abgesagt.", encoding="utf-8"
    )
    result = in_process_cli("ingest", "--embedding-model", FAKE_MODEL)
    assert result.exit_code == 3, result.output
    assert "digitaler-aufbruch-2024.md" in result.output
    assert "digitaler-aufbruch-2024.txt" in result.output and "unverändert" in result.output
    after = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings()))
    assert after.chunks == before and after.info.generation == 1
    assert all("abgesagt" not in c.text for c in after.chunks)


def test_empty_corpus_never_replaces_a_live_index_unless_asked(
    tmp_path: Path, settings: Settings, fake_index: ChunkIndex
) -> None:
    """`assistant ingest --corpus EMPTY_DIR` (or a folder of unreadable files) used to make an
    empty generation live; then bm25s raised `max() arg is an empty sequence` and every
    question failed. Now it is refused; `--allow-empty` empties the index on purpose, and an
    empty index is a valid state: questions abstain."""
    before = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings())).chunks
    empty, unreadable = tmp_path / "leer", tmp_path / "kaputt"
    empty.mkdir()
    unreadable.mkdir()
    (unreadable / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for folder in (empty, unreadable):
        for extra in ([], ["--rebuild"]):
            refused = in_process_cli(
                "ingest", "--corpus", str(folder), *extra, "--embedding-model", FAKE_MODEL
            )
            assert refused.exit_code == 3, refused.output
            assert "keine lesbaren Dokumente" in refused.output
            assert "--allow-empty" in refused.output
    assert "übersprungen: bild.txt" in refused.output
    live = Assistant.from_settings(settings)
    assert live.retriever.chunks == before and live.ask(QUESTION).sources

    emptied = in_process_cli(
        "ingest", "--corpus", str(empty), "--allow-empty", "--embedding-model", FAKE_MODEL
    )
    assert emptied.exit_code == 0, emptied.output
    assert "0 Chunks insgesamt" in emptied.output
    asked = run_cli(tmp_path, settings, "ask", "--json", QUESTION, "Und wo fand er statt?")
    assert asked.returncode == 0, asked.stderr
    for line in asked.stdout.splitlines():
        answer = json.loads(line)
        assert answer["abstained"] and not answer["sources"]
    searched = run_cli(tmp_path, settings, "search", "Hamburg")
    assert searched.returncode == 0 and not searched.stdout.strip()
    with TestClient(create_server(Assistant.from_settings(settings), settings)) as client:
        response = client.post("/api/ask", json={"question": QUESTION})
        assert response.status_code == 200 and response.json()["abstained"]
        assert client.get("/veranstaltungen.ics").status_code == 200


def test_staff_rebuild_with_an_empty_corpus_keeps_the_index(
    settings: Settings, assistant_fake: Assistant, corpus_dir: Path
) -> None:
    before = assistant_fake.retriever.chunks
    for path in corpus_dir.iterdir():
        path.unlink()
    backend = Backend(settings, assistant_fake)
    log = ingest_and_reload(backend, rebuild=True)
    assert "keine lesbaren Dokumente" in log and "bleibt aktiv" in log
    assert backend.require().retriever.chunks == before
    assert backend.ask(QUESTION).sources

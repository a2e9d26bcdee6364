"""Shared fixtures: no network, isolated directories, and a fake embedding model.

`KeywordEmbeddings` is deterministic and checkable by eye: each dimension says
whether the lower-cased text contains one fixed keyword (plus a constant bias
dimension), normalised to unit length. It is registered under the model name
"fake-keywords" so that everything that builds embeddings by name (Chroma's
embedding-function config, `ChunkIndex` without an explicit instance) gets it.
"""

from __future__ import annotations

import math
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

import assistant.index.embeddings as embeddings_module
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.index.retrieval import HybridRetriever
from assistant.pipeline import Assistant
from assistant.settings import Settings, get_settings

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
TESTS_DIR = Path(__file__).resolve().parent
FAKE_MODEL = "fake-keywords"
TODAY = "2026-11-23"

KEYWORDS = (
    "hamburg", "nürnberg", "lübeck", "rostock", "aufbruch", "management", "nordl", "april",
    "november", "september", "prosoz", "mach", "teilnehm", "workshop", "motto", "kongress",
)  # fmt: skip


class KeywordEmbeddings(Embeddings):
    """One dimension per keyword (1.0 if the lower-cased text contains it) plus a bias of 1.0,
    L2-normalised. "Digitaler Aufbruch in Hamburg" → hamburg=1, aufbruch=1, bias=1, /√3."""

    model_name = FAKE_MODEL
    dimension = len(KEYWORDS) + 1

    def vector(self, text: str) -> list[float]:
        lowered = text.lower()
        raw = [1.0 if keyword in lowered else 0.0 for keyword in KEYWORDS] + [1.0]
        norm = math.sqrt(sum(x * x for x in raw))
        return [x / norm for x in raw]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.vector(text)


#: A press release none of the code has seen (Kiel, June 2025): staff add it in tests.
SMART_CITY = """Smart City Forum 2025

Kiel, 12. März 2025

Kommunen vernetzen sich an der Förde

Das Smart City Forum 2025 findet am 3. und 4. Juni 2025 in Kiel statt. Veranstalter ist der \
Verein Küstenkommunen Digital e. V., der rund 150 Gäste aus Städten und Gemeinden erwartet.

Im Mittelpunkt stehen offene Daten, digitale Zwillinge von Stadtquartieren und die Frage, wie \
kleine Gemeinden von gemeinsamen Plattformen profitieren. Die Teilnahme ist kostenfrei.
"""


def register_fake_embeddings(patch: Any = None) -> None:
    """Make `create_embeddings("fake-keywords")` return a `KeywordEmbeddings`.

    `patch` is pytest's monkeypatch (undone after the test); subprocess scripts call this
    without one. Other names still reach the real factory.
    """
    original = embeddings_module.create_embeddings
    if getattr(original, "fake_registered", False):
        return

    def create(model_name: str, *args: Any, **kwargs: Any) -> Embeddings:
        if model_name.strip().lower() == FAKE_MODEL:
            return KeywordEmbeddings()
        return original(model_name, *args, **kwargs)

    create.fake_registered = True  # type: ignore[attr-defined]
    if patch is not None:
        patch.setattr(embeddings_module, "create_embeddings", create)
    else:
        embeddings_module.create_embeddings = create  # type: ignore[assignment]


def _is_loopback(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path: not the network
        return True
    if isinstance(address, tuple) and address:
        host = address[0]
        if isinstance(host, bytes):
            host = host.decode()
        return host in {"localhost", "::1", "0:0:0:0:0:0:0:1"} or str(host).startswith("127.")
    return False


class NetworkBlockedError(OSError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback connections (the Chroma-server test) are allowed."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_create_connection = socket.create_connection

    def guard(address: Any) -> None:
        if not _is_loopback(address):
            raise NetworkBlockedError(f"network access blocked in tests: {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return original_connect_ex(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        guard(address)
        return original_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own corpus/vectorstore/data directories and a fixed "today"."""
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTANT_VECTORSTORE_DIR", str(tmp_path / "vectorstore"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_TODAY", TODAY)
    for name in ("ASSISTANT_EMBEDDING_MODEL", "ASSISTANT_CHROMA_URL"):
        monkeypatch.delenv(name, raising=False)
    register_fake_embeddings(monkeypatch)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def make_settings(root: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "corpus_dir": root / "corpus",
        "vectorstore_dir": root / "vectorstore",
        "data_dir": root / "data",
        "embedding_model": FAKE_MODEL,
        "today": TODAY,
    }
    values.update(overrides)
    return Settings(**values)


def assistant_over(root: Path, releases: dict[str, str], today: Any = TODAY) -> Assistant:
    """An assistant over releases written for a test (file name → text), on the keyword
    embeddings: the one set-up the answer tests share."""
    settings = make_settings(root, today=today)
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    for name, text in releases.items():
        (settings.corpus_dir / name).write_text(text, encoding="utf-8")
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    index.ingest(load_corpus(settings.corpus_dir).documents)
    return Assistant(settings, HybridRetriever(index))


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment that gives a subprocess (a CLI run, a server replica) these settings."""
    env = dict(os.environ)
    env.pop("ASSISTANT_CHROMA_URL", None)
    env.update(
        ASSISTANT_CORPUS_DIR=str(settings.corpus_dir),
        ASSISTANT_VECTORSTORE_DIR=str(settings.vectorstore_dir),
        ASSISTANT_DATA_DIR=str(settings.data_dir),
        ASSISTANT_EMBEDDING_MODEL=settings.embedding_model,
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    if settings.chroma_url:
        env["ASSISTANT_CHROMA_URL"] = settings.chroma_url
    if settings.today:
        env["ASSISTANT_TODAY"] = settings.today.isoformat()
    env.update(extra)
    return env


def copy_corpus(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy2(path, target / path.name)
    return target


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def corpus_dir(settings: Settings) -> Path:
    return copy_corpus(settings.corpus_dir)


@pytest.fixture
def fake_index(settings: Settings, corpus_dir: Path) -> ChunkIndex:
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    index.ingest(load_corpus(corpus_dir).documents)
    return index


@pytest.fixture
def assistant_fake(settings: Settings, fake_index: ChunkIndex) -> Assistant:
    return Assistant(settings, HybridRetriever(fake_index))

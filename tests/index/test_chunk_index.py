"""ChunkIndex against a real embedded Chroma store (under tmp_path) with fake embeddings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from conftest import FAKE_MODEL, TESTS_DIR, KeywordEmbeddings, make_settings

from assistant.corpus.chunking import CHUNKING_VERSION, chunk_document
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import (
    ChunkIndex,
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexStateError,
)
from assistant.index.retrieval import HybridRetriever
from assistant.records import Chunk, Document
from assistant.settings import Settings

ALL_DOCS = [
    "digitaler-aufbruch-2023",
    "digitaler-aufbruch-2024",
    "innovatives-management-2020",
    "innovatives-management-2023",
    "nordlaender-digital-2022",
]
NEW_PARAGRAPH = (
    "\n\nAusblick\n\nDer nächste Digitale Aufbruch findet im Zeppelinsaal in Rostock statt; "
    "die Anmeldung öffnet im Herbst.\n"
)


def documents(corpus_dir: Path) -> tuple[Document, ...]:
    return load_corpus(corpus_dir).documents


def expected_chunks(docs: Sequence[Document]) -> list[Chunk]:
    return sorted(
        (c for d in docs for c in chunk_document(d)), key=lambda c: (c.doc_id, c.position)
    )


def stored_chunks(settings: Settings) -> list[Chunk]:
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    _, collection = index.open()
    return index.load_chunks(collection)


def ids_by_doc(chunks: Sequence[Chunk]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for chunk in chunks:
        out.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
    return out


def collection_names(settings: Settings) -> list[str]:
    client = chromadb.PersistentClient(
        path=str(settings.vectorstore_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return sorted(c.name for c in client.list_collections())


def append_paragraph(path: Path, paragraph: str = NEW_PARAGRAPH) -> None:
    path.write_text(path.read_text(encoding="utf-8") + paragraph, encoding="utf-8")


# --------------------------------------------------------------------------- ingest


def test_first_ingest_reports_counts_and_info(settings: Settings, corpus_dir: Path) -> None:
    docs = documents(corpus_dir)
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    assert index.info() is None

    report = index.ingest(docs)

    expected = expected_chunks(docs)
    assert sorted(report.added) == ALL_DOCS
    assert report.updated == [] and report.removed == [] and report.unchanged == []
    assert report.changed
    assert report.chunks_embedded == len(expected) == report.chunks_total
    assert report.generation == 1
    info = index.info()
    assert info is not None
    assert info.generation == 1
    assert info.embedding_model == FAKE_MODEL
    assert info.chunking_version == CHUNKING_VERSION
    assert info.dimension == KeywordEmbeddings.dimension
    assert info.documents == 5
    assert info.chunks == len(expected)


def test_chunk_metadata_round_trips(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    docs = documents(corpus_dir)
    loaded = stored_chunks(settings)
    assert loaded == expected_chunks(docs)
    nordl = [c for c in loaded if c.doc_id == "nordlaender-digital-2022"]
    assert [c.position for c in nordl] == list(range(len(nordl)))
    assert nordl[0].title == "Nordl@nder.DIGITAL"
    assert nordl[0].published == date(2022, 7, 25)
    assert nordl[0].text == f"Nordl@nder.DIGITAL (25.07.2022)\n{nordl[0].body}"
    assert "Schirmherrschaft" in nordl[0].body


def test_reingest_unchanged_corpus_is_a_no_op(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    before = stored_chunks(settings)
    info_before = fake_index.info()

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(documents(corpus_dir))

    assert not report.changed
    assert sorted(report.unchanged) == ALL_DOCS
    assert report.chunks_embedded == 0
    assert report.generation == 1
    assert report.chunks_total == len(before)
    assert fake_index.info() == info_before
    assert [c.chunk_id for c in stored_chunks(settings)] == [c.chunk_id for c in before]


def test_changed_file_replaces_only_its_chunks(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    before = ids_by_doc(stored_chunks(settings))
    append_paragraph(corpus_dir / "digitaler-aufbruch-2024.txt")
    docs = documents(corpus_dir)
    changed_doc = next(d for d in docs if d.doc_id == "digitaler-aufbruch-2024")

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(docs)

    assert report.updated == ["digitaler-aufbruch-2024"]
    assert report.added == [] and report.removed == []
    assert sorted(report.unchanged) == [d for d in ALL_DOCS if d != "digitaler-aufbruch-2024"]
    # unchanged documents are copied with their vectors, only the changed one is embedded
    assert report.chunks_embedded == len(chunk_document(changed_doc))
    assert report.generation == 2
    after = ids_by_doc(stored_chunks(settings))
    for doc_id in ALL_DOCS:
        if doc_id != "digitaler-aufbruch-2024":
            assert after[doc_id] == before[doc_id]
    assert after["digitaler-aufbruch-2024"] == [c.chunk_id for c in chunk_document(changed_doc)]
    assert set(after["digitaler-aufbruch-2024"]) != set(before["digitaler-aufbruch-2024"])
    assert sum(len(v) for v in after.values()) == report.chunks_total
    # the old generation is gone, the new one answers
    assert collection_names(settings) == ["assistant-chunks-g000002"]
    top = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings())).retrieve(
        "Zeppelinsaal", 1
    )
    assert top[0].doc_id == "digitaler-aufbruch-2024" and "Zeppelinsaal" in top[0].body


def test_deleted_file_disappears(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    before = ids_by_doc(stored_chunks(settings))
    (corpus_dir / "nordlaender-digital-2022.txt").unlink()

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(documents(corpus_dir))

    assert report.removed == ["nordlaender-digital-2022"]
    assert report.added == [] and report.updated == []
    assert report.chunks_embedded == 0
    after = ids_by_doc(stored_chunks(settings))
    assert "nordlaender-digital-2022" not in after
    assert after == {k: v for k, v in before.items() if k != "nordlaender-digital-2022"}
    info = fake_index.info()
    assert info is not None and info.documents == 4
    retriever = HybridRetriever(ChunkIndex(settings, embeddings=KeywordEmbeddings()))
    assert all(p.doc_id != "nordlaender-digital-2022" for p in retriever.retrieve("Nordl@nder", 10))


def test_rebuild_re_embeds_everything(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    before = stored_chunks(settings)

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(
        documents(corpus_dir), rebuild=True
    )

    assert sorted(report.added) == ALL_DOCS
    assert report.chunks_embedded == len(before) == report.chunks_total
    assert report.generation == 2
    assert stored_chunks(settings) == before  # ids are content hashes: same content, same ids
    assert collection_names(settings) == ["assistant-chunks-g000002"]


# --------------------------------------------------------------------------- state errors


def test_missing_index_names_ingest(settings: Settings) -> None:
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    assert index.info() is None
    with pytest.raises(IndexNotFoundError, match="assistant ingest"):
        index.open()


def test_other_embedding_model_is_a_mismatch(
    settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    other = settings.model_copy(update={"embedding_model": "some-other-model"})
    index = ChunkIndex(other, embeddings=KeywordEmbeddings())
    with pytest.raises(IndexMismatchError) as excinfo:
        index.open()
    message = str(excinfo.value)
    assert "assistant ingest --rebuild" in message
    assert FAKE_MODEL in message and "some-other-model" in message
    # an incremental ingest must not mix vectors of two models either
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        index.ingest(documents(corpus_dir))
    assert fake_index.info() is not None and fake_index.info().embedding_model == FAKE_MODEL


# --------------------------------------------------------------------------- crashes and races


def _write_script(path: Path, body: str) -> Path:
    header = f"""
        import os, signal, sys, time
        from pathlib import Path
        sys.path.insert(0, {str(TESTS_DIR)!r})
        from conftest import KeywordEmbeddings, make_settings, register_fake_embeddings
        from assistant.corpus.loader import load_corpus
        from assistant.index.chunk_index import ChunkIndex
        register_fake_embeddings()
        root = Path(sys.argv[1])
        settings = make_settings(root)
    """
    path.write_text(textwrap.dedent(header) + textwrap.dedent(body), encoding="utf-8")
    return path


def test_killed_ingest_leaves_previous_generation_answering(
    tmp_path: Path, settings: Settings, fake_index: ChunkIndex, corpus_dir: Path
) -> None:
    old_chunks = stored_chunks(settings)
    append_paragraph(corpus_dir / "digitaler-aufbruch-2024.txt")
    script = _write_script(
        tmp_path / "killed_ingest.py",
        """
        class Killed(KeywordEmbeddings):
            def embed_documents(self, texts):
                os.kill(os.getpid(), signal.SIGKILL)

        docs = load_corpus(settings.corpus_dir).documents
        ChunkIndex(settings, embeddings=Killed()).ingest(docs)
        """,
    )
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == -9, proc.stderr

    # the half-written generation exists but is not live
    assert "assistant-chunks-g000002" in collection_names(settings)
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    info = index.info()
    assert info is not None and info.generation == 1 and info.chunks == len(old_chunks)
    assert stored_chunks(settings) == old_chunks
    old = HybridRetriever(index).retrieve("Zeppelinsaal Rostock Aufbruch", 5)
    assert old and all("Zeppelinsaal" not in p.text for p in old)

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(documents(corpus_dir))
    assert report.updated == ["digitaler-aufbruch-2024"]
    assert report.generation == 3
    new_index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    top = HybridRetriever(new_index).retrieve("Zeppelinsaal Rostock Aufbruch", 1)
    assert top[0].doc_id == "digitaler-aufbruch-2024" and "Zeppelinsaal" in top[0].body
    assert collection_names(settings) == ["assistant-chunks-g000003"]  # leftovers removed
    assert new_index.info().chunks == len(expected_chunks(documents(corpus_dir)))


def test_concurrent_ingest_is_refused(tmp_path: Path, settings: Settings, corpus_dir: Path) -> None:
    script = _write_script(
        tmp_path / "blocking_ingest.py",
        """
        class Blocking(KeywordEmbeddings):
            def embed_documents(self, texts):
                (root / "inside").write_text("1")
                deadline = time.monotonic() + 120
                while not (root / "release").exists():
                    if time.monotonic() > deadline:
                        sys.exit(5)
                    time.sleep(0.05)
                return super().embed_documents(texts)

        docs = load_corpus(settings.corpus_dir).documents
        ChunkIndex(settings, embeddings=Blocking()).ingest(docs)
        """,
    )
    proc = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "inside").exists():
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "subprocess never reached embed_documents"
            time.sleep(0.05)

        with pytest.raises(IndexBusyError, match="Ingest"):
            ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(documents(corpus_dir))

        (tmp_path / "release").write_text("1")
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    info = index.info()
    assert info is not None and info.generation == 1 and info.documents == 5
    # the lock is released: the next ingest runs (and has nothing to do)
    assert not index.ingest(documents(corpus_dir)).changed


GARBAGE = b"this is not a sqlite database\x00" * 200


def corrupt_store(tmp_path: Path, settings: Settings, corpus_dir: Path) -> None:
    """A store whose SQLite file is garbage. It is built under another path and copied in, so
    this process has never opened the store under test (as when `assistant ingest --rebuild`
    starts fresh)."""
    original = make_settings(tmp_path, vectorstore_dir=tmp_path / "original")
    ChunkIndex(original, embeddings=KeywordEmbeddings()).ingest(documents(corpus_dir))
    shutil.copytree(original.vectorstore_dir, settings.vectorstore_dir)
    (settings.vectorstore_dir / "chroma.sqlite3").write_bytes(GARBAGE)


def test_corrupt_store_names_rebuild_and_rebuild_recovers(
    tmp_path: Path, settings: Settings, corpus_dir: Path
) -> None:
    corrupt_store(tmp_path, settings, corpus_dir)

    with pytest.raises(IndexStateError) as excinfo:
        ChunkIndex(settings, embeddings=KeywordEmbeddings()).open()
    assert isinstance(excinfo.value, IndexCorruptError)
    assert "--rebuild" in str(excinfo.value)

    report = ChunkIndex(settings, embeddings=KeywordEmbeddings()).ingest(
        documents(corpus_dir), rebuild=True
    )
    assert sorted(report.added) == ALL_DOCS
    moved = sorted(tmp_path.glob("vectorstore.corrupt-*"))
    assert len(moved) == 1
    assert (moved[0] / "chroma.sqlite3").read_bytes() == GARBAGE  # kept, not deleted
    assert stored_chunks(settings) == expected_chunks(documents(corpus_dir))


def test_corrupt_store_message_names_the_fix_once(
    tmp_path: Path, settings: Settings, corpus_dir: Path
) -> None:
    corrupt_store(tmp_path, settings, corpus_dir)
    with pytest.raises(IndexCorruptError) as excinfo:
        ChunkIndex(settings, embeddings=KeywordEmbeddings()).open()
    message = str(excinfo.value)
    assert str(settings.vectorstore_dir) in message
    assert message.count("assistant ingest --rebuild") == 1, message

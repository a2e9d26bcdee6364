"""The packaged embedding models load offline; Chroma uses our embeddings, never its default."""

from __future__ import annotations

from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings
from conftest import KeywordEmbeddings

from assistant.index.embeddings import (
    ChromaEmbeddingAdapter,
    EmbeddingModelError,
    create_embeddings,
    get_embeddings,
)

pytestmark = pytest.mark.integration


def unit_rows(vectors: list[list[float]], dim: int) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float64)
    assert array.shape[1] == dim
    np.testing.assert_allclose(np.linalg.norm(array, axis=1), 1.0, atol=1e-4)
    return array


def test_packaged_minilm_loads_offline() -> None:
    model = create_embeddings("all-minilm-l6-v2")
    vectors = unit_rows(model.embed_documents(["Digitaler Aufbruch in Hamburg", "Kongress"]), 384)
    assert vectors.shape == (2, 384)
    assert len(model.embed_query("Wann ist der Kongress?")) == 384
    assert model.embed_documents([]) == []


def test_use_multilingual_vectors_and_similarity() -> None:
    model = create_embeddings("use-multilingual-v3")
    question, paraphrase, english, unrelated = unit_rows(
        model.embed_documents(
            [
                "Wann findet der Kongress statt?",
                "An welchem Datum ist die Konferenz?",
                "When does the congress take place?",
                "Der Hund spielt im Garten.",
            ]
        ),
        512,
    )
    assert question @ paraphrase > question @ unrelated + 0.2
    assert question @ english > question @ unrelated + 0.2
    query = np.asarray(model.embed_query("Wann findet der Kongress statt?"))
    np.testing.assert_allclose(query, question, atol=1e-5)
    assert model.embed_documents([]) == []


def test_get_embeddings_shares_one_instance() -> None:
    assert get_embeddings("use-multilingual-v3") is get_embeddings("use-multilingual-v3")


def test_unknown_model_fails_with_helpful_message() -> None:
    with pytest.raises(EmbeddingModelError) as excinfo:
        create_embeddings("example-org/no-such-embedding-model")
    message = str(excinfo.value)
    assert "example-org/no-such-embedding-model" in message
    assert "use-multilingual-v3" in message and "all-minilm-l6-v2" in message


class CountingEmbeddings(KeywordEmbeddings):
    def __init__(self) -> None:
        self.documents: list[str] = []
        self.queries: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents.extend(texts)
        return super().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return super().embed_query(text)


def test_chroma_collection_embeds_through_the_adapter(tmp_path: Path) -> None:
    embeddings = CountingEmbeddings()
    adapter = ChromaEmbeddingAdapter(embeddings, "fake-keywords")
    client = chromadb.PersistentClient(
        path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.create_collection(
        "adapter-test", embedding_function=adapter, configuration={"hnsw": {"space": "cosine"}}
    )
    texts = ["Digitaler Aufbruch in Hamburg", "Nordl@nder-Kongress in Rostock", "Kochrezept"]
    collection.add(ids=["a", "b", "c"], documents=texts)

    assert embeddings.documents == texts
    stored = collection.get(ids=["a", "b", "c"], include=["embeddings"])["embeddings"]
    np.testing.assert_allclose(
        np.asarray(stored), np.asarray(embeddings.embed_documents(texts)), atol=1e-6
    )

    hits = collection.query(query_texts=["Wann war der Kongress in Rostock?"], n_results=1)
    assert hits["ids"] == [["b"]]
    assert "Wann war der Kongress in Rostock?" in embeddings.queries + embeddings.documents
    assert adapter.get_config() == {"model_name": "fake-keywords"}
    assert adapter.default_space() == "cosine"

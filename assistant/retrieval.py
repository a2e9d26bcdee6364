"""Hybrid retrieval: German BM25 fused with dense Chroma neighbours.

In our eval, equal-weight fusion lets the dense side (weaker on exact names,
years and places) push the right passage down; a lexical-dominant weighted sum
of normalised scores keeps BM25's precision while dense results still rescue
paraphrases and English questions. The weight is a setting, chosen by
`evals/retrieval_eval.py`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import bm25s
import numpy as np
from chromadb.api.models.Collection import Collection
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from .analysis import Analyzer
from .index import ChunkIndex, IndexInfo
from .types import Chunk, Passage


@runtime_checkable
class Retriever(Protocol):
    """Anything that ranks passages for a query (hybrid, lexical-only, test fakes)."""

    def retrieve(self, query: str, k: int = 5) -> list[Passage]: ...


@dataclass(frozen=True)
class RetrievalTimings:
    lexical_ms: float
    dense_ms: float
    total_ms: float


class LexicalIndex:
    """BM25 over chunk texts with the German analyser; rebuilt in memory from the collection."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = list(chunks)
        self.analyzer = Analyzer.for_corpus(c.text for c in self.chunks)
        corpus_tokens = [self.analyzer.terms(c.text) or ["_empty_"] for c in self.chunks]
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        self._bm25.index(corpus_tokens, show_progress=False)
        self._vocab: dict[str, int] = self._bm25.vocab_dict

    def scores(self, query: str) -> np.ndarray:
        terms = [t for t in self.analyzer.terms(query) if t in self._vocab]
        if not terms or not self.chunks:
            return np.zeros(len(self.chunks), dtype=np.float32)
        result: np.ndarray = self._bm25.get_scores(terms)
        return result


class HybridRetriever:
    """Ranks chunks of the active index generation by weighted lexical + dense scores."""

    def __init__(
        self,
        index: ChunkIndex,
        lexical_weight: float = 0.7,
        candidate_k: int = 30,
    ) -> None:
        self.index = index
        self.lexical_weight = lexical_weight
        self.candidate_k = candidate_k
        self._lock = threading.Lock()
        self._query_cache: OrderedDict[str, list[float]] = OrderedDict()
        self.last_timings = RetrievalTimings(0.0, 0.0, 0.0)
        self.info: IndexInfo
        self._collection: Collection
        self.lexical: LexicalIndex
        self._position: dict[str, int]
        self.refresh()

    def refresh(self) -> None:
        """(Re)load the active generation, e.g. after an ingest through this or another process."""
        info, collection = self.index.open()
        chunks = self.index.load_chunks(collection)
        lexical = LexicalIndex(chunks)
        with self._lock:
            self.info, self._collection, self.lexical = info, collection, lexical
            self._position = {c.chunk_id: i for i, c in enumerate(lexical.chunks)}

    @property
    def chunks(self) -> list[Chunk]:
        return self.lexical.chunks

    def _query_vector(self, query: str) -> list[float]:
        cached = self._query_cache.get(query)
        if cached is not None:
            self._query_cache.move_to_end(query)
            return cached
        vector = self.index.embeddings.embed_query(query)
        self._query_cache[query] = vector
        if len(self._query_cache) > 512:
            self._query_cache.popitem(last=False)
        return vector

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        started = time.perf_counter()
        lexical, collection, position = self.lexical, self._collection, self._position
        if not lexical.chunks:
            return []
        lex = lexical.scores(query)
        lex_done = time.perf_counter()
        n_dense = min(self.candidate_k, len(lexical.chunks))
        dense_hits = self.index.query(collection, self._query_vector(query), n_dense)
        dense_done = time.perf_counter()

        lex_max = float(lex.max()) if lex.size else 0.0
        dense_scores = {cid: sim for cid, sim in dense_hits if cid in position}
        candidates: set[int] = {position[cid] for cid in dense_scores}
        if lex_max > 0:
            top_lex = np.argsort(-lex)[: self.candidate_k]
            candidates.update(int(i) for i in top_lex if lex[i] > 0)
        sims = list(dense_scores.values())
        d_min, d_max = (min(sims), max(sims)) if sims else (0.0, 0.0)
        w = self.lexical_weight
        scored: list[tuple[float, int, float, float]] = []
        for i in candidates:
            chunk = lexical.chunks[i]
            lex_norm = float(lex[i]) / lex_max if lex_max > 0 else 0.0
            sim = dense_scores.get(chunk.chunk_id)
            dense_norm = (sim - d_min) / (d_max - d_min) if sim is not None and d_max > d_min else 0.0
            scored.append((w * lex_norm + (1 - w) * dense_norm, i, float(lex[i]), sim or 0.0))
        scored.sort(key=lambda item: (-item[0], item[1]))
        passages = [
            Passage.from_chunk(lexical.chunks[i], score, lex_raw, sim)
            for score, i, lex_raw, sim in scored[:k]
        ]
        done = time.perf_counter()
        self.last_timings = RetrievalTimings(
            (lex_done - started) * 1000, (dense_done - lex_done) * 1000, (done - started) * 1000
        )
        return passages


class LangChainRetriever(BaseRetriever):
    """Exposes any `Retriever` to LangChain chains (e.g. an LLM generator's prompt)."""

    retriever: Retriever
    k: int = 5

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        return [
            LCDocument(
                page_content=p.text,
                id=p.chunk_id,
                metadata={
                    "doc_id": p.doc_id,
                    "chunk_id": p.chunk_id,
                    "title": p.title,
                    "published": p.published.isoformat() if p.published else None,
                    "url": p.url,
                    "score": p.score,
                },
            )
            for p in self.retriever.retrieve(query, self.k)
        ]

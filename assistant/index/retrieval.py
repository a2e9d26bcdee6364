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

from assistant.index.chunk_index import ChunkIndex, IndexInfo
from assistant.records import Chunk, Passage
from assistant.text.analysis import Analyzer, content_words, expand, stem
from assistant.text.questions import event_lexicon


@runtime_checkable
class Retriever(Protocol):
    """Anything that ranks passages for a query (hybrid, lexical-only, test fakes)."""

    def retrieve(self, query: str, k: int = 5) -> list[Passage]: ...


@dataclass(frozen=True)
class RetrievalTimings:
    lexical_ms: float
    dense_ms: float
    total_ms: float


def top_indices(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the `k` largest values, largest first; ties go to the lower index.

    A partial sort: over 100k chunks a full `argsort` was most of the lexical time.
    """
    if k <= 0 or values.size == 0:
        return np.zeros(0, dtype=np.int64)
    if k >= values.size:
        return np.argsort(-values, kind="stable")
    kth = values[np.argpartition(-values, k - 1)[:k]].min()
    above = np.flatnonzero(values > kth)
    tied = np.flatnonzero(values == kth)[: k - above.size]
    chosen = np.concatenate([above, tied])
    ordered: np.ndarray = chosen[np.argsort(-values[chosen], kind="stable")]
    return ordered


def _bm25(token_lists: list[list[str]]) -> bm25s.BM25:
    """BM25 over the token lists; an empty index (no chunks) is valid and gets one placeholder
    row, because bm25s cannot index nothing (`max() arg is an empty sequence`). Its scores
    are never read: `LexicalIndex._scores` returns no scores for zero chunks."""
    model = bm25s.BM25(k1=1.2, b=0.75)
    rows = [tokens or ["_empty_"] for tokens in token_lists] or [["_empty_"]]
    model.index(rows, show_progress=False)
    return model


class LexicalIndex:
    """BM25 over chunks, plus BM25 over whole documents.

    Press releases often name the event once, in the lead paragraph, while the
    passage that answers ("… eröffnet Marina Weisband den Kongress") does not;
    mixing in the document's score lets a question's event words and its specific
    words be found in different chunks of the same document.
    """

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = list(chunks)
        self.analyzer = Analyzer.for_corpus(c.text for c in self.chunks)
        chunk_terms = [self.analyzer.terms(c.text) for c in self.chunks]
        self._chunk_bm25 = _bm25(chunk_terms)
        doc_ids = list(dict.fromkeys(c.doc_id for c in self.chunks))
        doc_row = {d: i for i, d in enumerate(doc_ids)}
        doc_terms: list[list[str]] = [[] for _ in doc_ids]
        for chunk, terms in zip(self.chunks, chunk_terms, strict=True):
            doc_terms[doc_row[chunk.doc_id]].extend(terms)
        self._doc_bm25 = _bm25(doc_terms)
        self._chunk_doc = np.array([doc_row[c.doc_id] for c in self.chunks], dtype=np.int64)
        texts_by_doc: dict[str, list[str]] = {}
        for c in self.chunks:
            texts_by_doc.setdefault(c.doc_id, []).append(c.text)
        lexicon = event_lexicon(
            doc_ids, {c.title for c in self.chunks}, ["\n".join(t) for t in texts_by_doc.values()]
        )
        self._event_terms = frozenset(stem(w) for w in lexicon)

    def _scores(self, model: bm25s.BM25, terms: list[str], size: int) -> np.ndarray:
        known = [t for t in terms if t in model.vocab_dict]
        if not known or size == 0:
            return np.zeros(size, dtype=np.float32)
        result: np.ndarray = model.get_scores(known)
        return result

    def scores(self, query: str, doc_weight: float = 0.5) -> np.ndarray:
        """Chunk scores normalised to [0, 1], blended with their document's normalised score.

        Within a document the words naming the event (and the year) occur in many chunks and
        would drown the one word that locates the answer ("eröffnet"); they already count
        through the document score, so chunks are ranked mostly by the remaining words.
        """
        terms = self.analyzer.terms(query)
        chunk = self._scores(self._chunk_bm25, terms, len(self.chunks))
        if not chunk.size or chunk.max() <= 0:
            return chunk
        specific = [t for t in terms if t not in self._event_terms]
        if specific and len(specific) < len(terms):
            focused = self._scores(self._chunk_bm25, specific, len(self.chunks))
            if focused.max() > 0:
                chunk = 0.6 * focused / focused.max() + 0.4 * chunk / chunk.max()
        doc = self._scores(self._doc_bm25, terms, int(self._chunk_doc.max(initial=-1)) + 1)
        chunk_norm = chunk / chunk.max()
        doc_norm = doc / doc.max() if doc.size and doc.max() > 0 else doc
        blended: np.ndarray = (1 - doc_weight) * chunk_norm + doc_weight * doc_norm[self._chunk_doc]
        return blended


class QueryVectors:
    """Recently embedded questions (an LRU of 512), shared by UI worker threads and by the
    retrievers of successive index generations."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()

    def get(self, query: str) -> list[float] | None:
        with self._lock:
            vector = self._vectors.get(query)
            if vector is not None:
                self._vectors.move_to_end(query)
            return vector

    def put(self, query: str, vector: list[float]) -> None:
        with self._lock:
            self._vectors[query] = vector
            if len(self._vectors) > self.size:
                self._vectors.popitem(last=False)


class HybridRetriever:
    """Ranks chunks of the active index generation by weighted lexical + dense scores."""

    def __init__(
        self,
        index: ChunkIndex,
        lexical_weight: float = 0.9,
        candidate_k: int = 30,
        document_weight: float = 0.5,
        *,
        query_cache: QueryVectors | None = None,
    ) -> None:
        self.index = index
        self.lexical_weight = lexical_weight
        self.document_weight = document_weight
        self.candidate_k = candidate_k
        self._lock = threading.Lock()
        self._queries = query_cache or QueryVectors()
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
            self._by_doc: dict[str, list[Chunk]] = {}
            for chunk in chunks:
                self._by_doc.setdefault(chunk.doc_id, []).append(chunk)

    def reopened(self) -> HybridRetriever:
        """A new retriever on the index's current generation, with the same weights and the
        same query-vector cache (vectors depend on the model only). The pipeline swaps whole
        retrievers instead of refreshing one in place, so no answer sees half of each."""
        return HybridRetriever(
            self.index, self.lexical_weight, self.candidate_k, self.document_weight,
            query_cache=self._queries,
        )  # fmt: skip

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        return list(self._by_doc.get(doc_id, ()))

    @property
    def chunks(self) -> list[Chunk]:
        return self.lexical.chunks

    def _query_vector(self, query: str) -> list[float]:
        cached = self._queries.get(query)
        if cached is not None:
            return cached
        vector = self.index.embeddings.embed_query(query)
        self._queries.put(query, vector)
        return vector

    def retrieve(self, query: str, k: int = 5) -> list[Passage]:
        started = time.perf_counter()
        lexical, collection, position = self.lexical, self._collection, self._position
        if not lexical.chunks:
            return []
        lex = lexical.scores(query, self.document_weight)
        # Glossary words ("moderiert" → "Moderatorin", "panel" → "Podium") widen the lexical
        # query at half weight, so they find paraphrases without outvoting the asked words.
        expansions = expand(content_words(query))
        if expansions:
            extra = lexical.scores(" ".join(expansions), self.document_weight)
            if extra.size and extra.max() > 0:
                lex = lex + 0.5 * extra
                lex = lex / lex.max()
        lex_done = time.perf_counter()
        n_dense = min(self.candidate_k, len(lexical.chunks))
        dense_hits = self.index.query(collection, self._query_vector(query), n_dense)
        dense_done = time.perf_counter()

        lex_max = float(lex.max()) if lex.size else 0.0  # already normalised to 1 by LexicalIndex
        dense_scores = {cid: sim for cid, sim in dense_hits if cid in position}
        candidates: set[int] = {position[cid] for cid in dense_scores}
        if lex_max > 0:
            top_lex = top_indices(lex, self.candidate_k)
            candidates.update(int(i) for i in top_lex if lex[i] > 0)
        sims = list(dense_scores.values())
        d_min, d_max = (min(sims), max(sims)) if sims else (0.0, 0.0)
        w = self.lexical_weight
        scored: list[tuple[float, int, float, float]] = []
        for i in candidates:
            chunk = lexical.chunks[i]
            lex_norm = float(lex[i]) / lex_max if lex_max > 0 else 0.0
            sim = dense_scores.get(chunk.chunk_id)
            dense_norm = (
                (sim - d_min) / (d_max - d_min) if sim is not None and d_max > d_min else 0.0
            )
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


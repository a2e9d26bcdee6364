"""The assistant as callers see it: question (+ conversation) in, cited `Answer` out.

This is the one seam the CLI, the web UI and eval scripts share; it knows
nothing about how answers are shown. Retrieval and generation are injected, so
an LLM generator replaces the extractive one without touching anything else.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence

from assistant.answering.citations import finalize
from assistant.answering.extractive import ExtractiveGenerator
from assistant.answering.seam import (
    CorpusStats,
    Draft,
    GenerationRequest,
    Generator,
    KnownFact,
    make_stats,
)
from assistant.events import answers as event_answers
from assistant.events import prompt_facts
from assistant.events.catalog import CATALOG_FILE, Catalog, load_catalog
from assistant.index.chunk_index import ChunkIndex, IndexReplacedError, IndexUnavailableError
from assistant.index.retrieval import HybridRetriever
from assistant.records import Answer, Chunk, Passage, Turn
from assistant.settings import Settings, get_settings
from assistant.text.questions import analyse, detect_language, event_lexicon, resolve_followup


class QuestionError(ValueError):
    """The question cannot be processed; the message is shown to the user as is."""


EMPTY_QUESTION = "Bitte geben Sie eine Frage ein."
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a user's question; refuse empty or over-long input with a friendly message."""
    if not isinstance(question, str):
        raise QuestionError(EMPTY_QUESTION)
    text = unicodedata.normalize("NFC", question)
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    if not text:
        raise QuestionError(EMPTY_QUESTION)
    if len(text) > max_chars:
        raise QuestionError(
            f"Die Frage ist zu lang ({len(text)} Zeichen). Bitte fassen Sie sich kürzer "
            f"(höchstens {max_chars} Zeichen)."
        )
    return text


def _timings(started: float, retrieved: float, done: float | None = None) -> dict[str, float]:
    """The JSON contract always has all three keys (eval scripts index them)."""
    done = retrieved if done is None else done
    return {
        "retrieval": (retrieved - started) * 1000,
        "generation": (done - retrieved) * 1000,
        "total": (done - started) * 1000,
    }


def corpus_stats(chunks: Sequence[Chunk]) -> tuple[CorpusStats, frozenset[str]]:
    by_doc: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk.text)
        titles[chunk.doc_id] = chunk.title
    lexicon = event_lexicon(by_doc, titles.values(), ["\n".join(t) for t in by_doc.values()])
    stats = make_stats([(c.doc_id, c.text) for c in chunks], lexicon)
    return stats, lexicon


class Assistant:
    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        generator: Generator | None = None,
    ) -> None:
        self.settings = settings
        self.retriever = retriever
        self.generator: Generator = generator or ExtractiveGenerator()
        self._lock = threading.Lock()
        self.stats, self.lexicon = corpus_stats(retriever.chunks)
        self.catalog: Catalog = self._load_catalog()

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Assistant:
        """Open the index named by the settings (raises `IndexStateError` subclasses with a
        message naming the fix when it is missing, corrupt or built with another model)."""
        settings = settings or get_settings()
        index = ChunkIndex(settings)
        retriever = HybridRetriever(
            index,
            lexical_weight=settings.lexical_weight,
            candidate_k=settings.candidate_k,
            document_weight=settings.document_weight,
        )
        if not settings.uses_llm:
            return cls(settings, retriever)  # spares a cold `assistant ask` ~1.4 s of imports
        from assistant.answering.llm import (
            make_generator,  # ASSISTANT_GENERATOR=openai|ollama|llamacpp
        )

        return cls(settings, retriever, make_generator(settings))

    @property
    def embedding_model(self) -> str:
        return self.retriever.info.embedding_model

    def refresh(self) -> None:
        """Pick up a new index generation (after an ingest here or in another replica)."""
        self.retriever.refresh()
        stats, lexicon = corpus_stats(self.retriever.chunks)
        catalog = self._load_catalog()
        with self._lock:
            self.stats, self.lexicon, self.catalog = stats, lexicon, catalog

    def _load_catalog(self) -> Catalog:
        """The event catalog of exactly the live index (catalog.json next to it is a cache)."""
        return load_catalog(self.settings.vectorstore_dir / CATALOG_FILE, self.retriever.chunks)

    def resolve(self, question: str, history: Sequence[Turn | str] = ()) -> str:
        earlier = [t.question if isinstance(t, Turn) else t for t in history]
        offline = resolve_followup(question, earlier, self.lexicon)
        condense = getattr(self.generator, "condense", None)  # LLM generators rewrite follow-ups
        if earlier and callable(condense):
            return str(condense(question, earlier, offline))  # falls back to `offline` itself
        return offline

    def _with_siblings(self, passages: Sequence[Passage], docs: int = 3) -> tuple[Passage, ...]:
        """Retrieved passages, then the remaining chunks of the best documents.

        A press release is short; an answer's evidence is often split across its
        chunks (the event's name in the lead, the asked fact further down).
        """
        seen = {p.chunk_id for p in passages}
        top_docs = list(dict.fromkeys(p.doc_id for p in passages))[:docs]
        extra = [
            Passage.from_chunk(c, score=0.0)
            for doc_id in top_docs
            for c in self.retriever.document_chunks(doc_id)
            if c.chunk_id not in seen
        ]
        return (*passages, *extra)

    def _retrieve(self, question: str, k: int) -> list[Passage]:
        try:
            return self.retriever.retrieve(question, k)
        except IndexReplacedError:  # an ingest elsewhere made a new generation live: load it
            self.refresh()
            return self.retriever.retrieve(question, k)

    def _catalog_answer(
        self, text: str, resolved: str, language: str, started: float
    ) -> Answer | None:
        """List, count, comparison and time questions, answered from the event catalog: exact
        where top-k passages are not, and cheap, so tried first; None for any other question."""
        found = event_answers.answer(
            resolved, language, self.catalog, self.retriever.document_chunks,
            self.settings.effective_today(),
        )  # fmt: skip
        if found is None:
            return None
        final = finalize(found.text, found.passages)
        return Answer(
            question=text, answer=final.text, language=language, abstained=found.abstained,
            sources=final.sources, timings_ms=_timings(started, time.perf_counter()),
            generator=event_answers.GENERATOR, embedding_model=self.embedding_model,
            resolved_question=resolved,
        )  # fmt: skip

    def _known_facts(self, resolved: str) -> tuple[KnownFact, ...]:
        """The catalog's facts for the asked event, for generators that put them in a prompt."""
        if not getattr(self.generator, "uses_catalog_facts", False):
            return ()
        return prompt_facts.known_facts(prompt_facts.asked_events(resolved, self.catalog))

    def _generate(self, request: GenerationRequest, on_text: Callable[[str], None] | None) -> Draft:
        stream = getattr(self.generator, "stream", None)
        if on_text is None or not callable(stream):
            return self.generator.generate(request)
        pieces = stream(request)
        shown = ""
        while True:
            try:
                shown += next(pieces)
            except StopIteration as done:
                draft: Draft = done.value
                return draft
            on_text(finalize(shown, request.passages).text)

    def ask(
        self,
        question: str,
        history: Sequence[Turn | str] = (),
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        """`on_text`, if given, sees the answer grow (checked sentences of a streaming LLM
        generator, numbered as in the final answer); other generators answer at once."""
        started = time.perf_counter()
        text = clean_question(question, self.settings.max_question_chars)
        resolved = self.resolve(text, history)
        info = dataclasses.replace(analyse(resolved), language=detect_language(text))
        from_catalog = self._catalog_answer(text, resolved, info.language, started)
        if from_catalog is not None:
            return from_catalog
        k = max(self.settings.top_k, 8)
        try:
            passages = self._with_siblings(self._retrieve(resolved, k))
        except IndexUnavailableError as exc:  # scale-out: Chroma server down; retried next ask
            return Answer(
                question=text, answer=str(exc), language=info.language, abstained=True,
                sources=(), timings_ms=_timings(started, time.perf_counter()),
                generator=self.generator.name, embedding_model=self.embedding_model,
                resolved_question=resolved, error=str(exc),
            )  # fmt: skip
        retrieved = time.perf_counter()
        draft = self._generate(
            GenerationRequest(
                question=text,
                info=info,
                passages=passages,
                stats=self.stats,
                today=self.settings.effective_today(),
                facts=self._known_facts(resolved),
            ),
            on_text,
        )
        final = finalize(draft.text, passages)
        done = time.perf_counter()
        return Answer(
            question=text,
            answer=final.text,
            language=info.language,
            abstained=draft.abstained,
            sources=final.sources,
            timings_ms=_timings(started, retrieved, done),
            generator=self.generator.name,
            embedding_model=self.embedding_model,
            resolved_question=resolved,
            note=draft.note,
        )

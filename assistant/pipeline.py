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
from dataclasses import dataclass
from typing import Any

from assistant.answering.citations import finalize
from assistant.answering.edition_choice import named_first
from assistant.answering.extractive import ExtractiveGenerator
from assistant.answering.knowledge import Knowledge
from assistant.answering.seam import (
    CorpusStats,
    Draft,
    GenerationRequest,
    Generator,
    KnownFact,
    make_stats,
)
from assistant.answering.subject import Subject, question_words
from assistant.answering.subject import resolve as resolve_subject
from assistant.events import answers as event_answers
from assistant.events import prompt_facts
from assistant.events.catalog import CATALOG_FILE, Catalog, load_catalog
from assistant.index.chunk_index import ChunkIndex, IndexReplacedError, IndexUnavailableError
from assistant.index.retrieval import HybridRetriever
from assistant.records import Answer, Chunk, Passage, Turn
from assistant.settings import Settings, get_settings
from assistant.text.intents import elliptical_ask
from assistant.text.questions import (
    analyse,
    as_meant,
    detect_language,
    event_lexicon,
    resolve_followup,
)


class QuestionError(ValueError):
    """The question cannot be processed; the message is shown to the user as is."""


EMPTY_QUESTION = "Bitte geben Sie eine Frage ein."
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _normalise(text: str) -> str:
    """NFC, control characters as spaces, whitespace runs as one space."""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a user's question; refuse empty or over-long input with a friendly message."""
    if not isinstance(question, str):
        raise QuestionError(EMPTY_QUESTION)
    text = _normalise(question)
    if not text:
        raise QuestionError(EMPTY_QUESTION)
    if len(text) > max_chars:
        raise QuestionError(
            f"Die Frage ist zu lang ({len(text)} Zeichen). Bitte fassen Sie sich kürzer "
            f"(höchstens {max_chars} Zeichen)."
        )
    return text


#: Earlier turns that count for follow-ups; older ones are dropped, not refused.
MAX_HISTORY = 20
HISTORY_FORMAT = "Der Verlauf muss eine Liste früherer Fragen sein."


@dataclass(frozen=True)
class AskRequest:
    """A question and its conversation after `validate_request`: both within the limits."""

    question: str
    history: tuple[Turn, ...]


def validate_request(question: Any, history: Any, max_chars: int) -> AskRequest:
    """The one check of a question and its conversation, for every entry point (page, Gradio
    API, `POST /api/ask`, CLI, `Assistant.ask`); `QuestionError` with a German message.

    Earlier questions get the question's own rules (an earlier question of 300 KB cost seconds
    of CPU in follow-up resolution, and a resolved follow-up could carry it past the limit);
    only the last `MAX_HISTORY` turns count; blank ones are dropped. A turn is a `Turn`, a
    string, or `{"question": "…", "answer": "…"}` (the JSON API's form).
    """
    text = clean_question(question, max_chars)
    if history is None:
        return AskRequest(text, ())
    if isinstance(history, str | bytes | dict) or not isinstance(history, Sequence):
        raise QuestionError(HISTORY_FORMAT)
    turns: list[Turn] = []
    for item in history[-MAX_HISTORY:]:
        answer: Any = ""
        if isinstance(item, Turn):
            earlier, answer = item.question, item.answer
        elif isinstance(item, str):
            earlier = item
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            earlier, answer = item["question"], item.get("answer")
        else:
            raise QuestionError(HISTORY_FORMAT)
        earlier = _normalise(earlier)
        if not earlier:
            continue
        if len(earlier) > max_chars:
            raise QuestionError(
                f"Eine frühere Frage im Verlauf ist zu lang (höchstens {max_chars} Zeichen)."
            )
        answer = answer[: 4 * max_chars] if isinstance(answer, str) else ""
        turns.append(Turn(earlier, answer))
    return AskRequest(text, tuple(turns))


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


@dataclass(frozen=True)
class Snapshot:
    """One index generation and everything derived from it. An answer reads one snapshot at
    its start; a refresh builds a new one beside it and swaps it in with one assignment, so
    no answer mixes the retriever of one generation with the catalog of another."""

    retriever: HybridRetriever
    stats: CorpusStats
    lexicon: frozenset[str]
    catalog: Catalog
    knowledge: Knowledge


class Assistant:
    def __init__(
        self,
        settings: Settings,
        retriever: HybridRetriever,
        generator: Generator | None = None,
    ) -> None:
        self.settings = settings
        self.generator: Generator = generator or ExtractiveGenerator(retriever.index.embeddings)
        self._refresh_lock = threading.Lock()
        self._snapshot = self._derive(retriever)

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

        return cls(settings, retriever, make_generator(settings, index.embeddings))

    @property
    def snapshot(self) -> Snapshot:
        """The live generation; read it once and use that, not several properties below."""
        return self._snapshot

    @property
    def retriever(self) -> HybridRetriever:
        return self._snapshot.retriever

    @property
    def stats(self) -> CorpusStats:
        return self._snapshot.stats

    @property
    def lexicon(self) -> frozenset[str]:
        return self._snapshot.lexicon

    @property
    def catalog(self) -> Catalog:
        return self._snapshot.catalog

    @property
    def knowledge(self) -> Knowledge:
        return self._snapshot.knowledge

    @property
    def embedding_model(self) -> str:
        return self._snapshot.retriever.info.embedding_model

    def _derive(self, retriever: HybridRetriever) -> Snapshot:
        """Statistics, lexicon and the event catalog of exactly this retriever's generation
        (catalog.json next to the index is a cache)."""
        stats, lexicon = corpus_stats(retriever.chunks)
        catalog = load_catalog(self.settings.vectorstore_dir / CATALOG_FILE, retriever.chunks)
        knowledge = Knowledge.build(retriever.chunks, catalog.events)
        return Snapshot(retriever, stats, lexicon, catalog, knowledge)

    def refresh(self) -> None:
        """Pick up a new index generation (after an ingest here or in another replica)."""
        with self._refresh_lock:
            self._snapshot = self._derive(self._snapshot.retriever.reopened())

    def refresh_if_stale(self, seen: Snapshot) -> Snapshot:
        """The live snapshot, reloaded first if it still is `seen` (found replaced).

        Single flight: of many questions that find the generation gone at once, the first
        reloads (at 100k chunks about a minute) and the others wait for and use its result.
        """
        with self._refresh_lock:
            if self._snapshot is seen:
                self._snapshot = self._derive(seen.retriever.reopened())
            return self._snapshot

    def resolve(
        self, question: str, history: Sequence[Turn | str] = (), snap: Snapshot | None = None
    ) -> str:
        earlier = [t.question if isinstance(t, Turn) else t for t in history]
        offline = resolve_followup(question, earlier, (snap or self._snapshot).lexicon)
        condense = getattr(self.generator, "condense", None)  # LLM generators rewrite follow-ups
        if earlier and callable(condense):
            offline = str(condense(question, earlier, offline))  # falls back to `offline` itself
        # the question's limit holds for what is answered, too: an earlier question's subject
        # appended (or an LLM's rewrite) must not carry it past the limit
        return offline if len(offline) <= self.settings.max_question_chars else question

    def _with_siblings(
        self, snap: Snapshot, passages: Sequence[Passage], docs: int = 3
    ) -> tuple[Passage, ...]:
        """Retrieved passages, then the remaining chunks of the best documents.

        A press release is short; an answer's evidence is often split across its
        chunks (the event's name in the lead, the asked fact further down).
        """
        seen = {p.chunk_id for p in passages}
        top_docs = list(dict.fromkeys(p.doc_id for p in passages))[:docs]
        extra = [
            Passage.from_chunk(c, score=0.0)
            for doc_id in top_docs
            for c in snap.retriever.document_chunks(doc_id)
            if c.chunk_id not in seen
        ]
        return (*passages, *extra)

    def _retrieve(self, snap: Snapshot, question: str, k: int) -> tuple[Snapshot, list[Passage]]:
        """Passages from `snap`, or from its successor when an ingest elsewhere replaced (and
        deleted) its generation meanwhile; the snapshot they came from is returned with them."""
        try:
            return snap, snap.retriever.retrieve(question, k)
        except IndexReplacedError:
            snap = self.refresh_if_stale(snap)
            return snap, snap.retriever.retrieve(question, k)

    def _catalog_answer(
        self, snap: Snapshot, text: str, resolved: str, language: str, started: float
    ) -> Answer | None:
        """List, count, comparison and time questions, answered from the event catalog: exact
        where top-k passages are not, and cheap, so tried first; None for any other question."""
        found = event_answers.answer(
            resolved, language, snap.catalog, snap.retriever.document_chunks,
            self.settings.effective_today(),
        )  # fmt: skip
        if found is None:
            return None
        final = finalize(found.text, found.passages)
        return Answer(
            question=text, answer=final.text, language=language, abstained=found.abstained,
            sources=final.sources, timings_ms=_timings(started, time.perf_counter()),
            generator=event_answers.GENERATOR,
            embedding_model=snap.retriever.info.embedding_model,
            resolved_question=resolved,
        )  # fmt: skip

    def subject(self, question: str, history: Sequence[Turn | str] = (),
                snap: Snapshot | None = None) -> Subject:  # fmt: skip
        """What `question` is about, the conversation's earlier questions resolved in order
        (a follow-up that names no subject continues the last one)."""
        today = self.settings.effective_today()
        knowledge = (snap or self._snapshot).knowledge
        previous: Subject | None = None
        for turn in history:
            earlier = turn.question if isinstance(turn, Turn) else turn
            earlier = earlier[: self.settings.max_question_chars]  # history comes from the client
            previous = resolve_subject(earlier, knowledge, previous, today)
            if isinstance(turn, Turn) and previous.targets:  # "Mehr … hatte X:" → "wo war der?"
                previous = dataclasses.replace(previous, targets=named_first(previous.targets,
                                                                             turn.answer))
        return resolve_subject(question, knowledge, previous, today)

    def _subject_passages(self, snap: Snapshot, subject: Subject) -> list[Passage]:
        """Every chunk of the documents the question is about, in reading order."""
        return [
            Passage.from_chunk(c, score=1.0)
            for doc_id in subject.doc_ids
            for c in sorted(snap.retriever.document_chunks(doc_id), key=lambda c: c.position)
        ]

    def _known_facts(self, snap: Snapshot, resolved: str) -> tuple[KnownFact, ...]:
        """The catalog's facts for the asked event, for generators that put them in a prompt."""
        if not getattr(self.generator, "uses_catalog_facts", False):
            return ()
        return prompt_facts.known_facts(prompt_facts.asked_events(resolved, snap.catalog))

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
        snap = self._snapshot  # one generation for the whole answer
        request = validate_request(question, history, self.settings.max_question_chars)
        text = request.question
        meant = as_meant(text)  # "wan war …": every rule below reads the question as meant
        earlier = tuple(
            dataclasses.replace(t, question=as_meant(t.question)) for t in request.history
        )
        resolved = self.resolve(meant, earlier, snap)
        info = dataclasses.replace(analyse(resolved), language=detect_language(text))
        from_catalog = self._catalog_answer(snap, text, resolved, info.language, started)
        if from_catalog is not None:
            return from_catalog
        k = max(self.settings.top_k, 8)
        try:
            snap, retrieved_passages = self._retrieve(snap, resolved, k)
            found = self._with_siblings(snap, retrieved_passages)
            subject = self.subject(meant, earlier, snap)  # of the generation answering
            seen = {p.chunk_id for p in found}
            own = [p for p in self._subject_passages(snap, subject) if p.chunk_id not in seen]
            passages = (*found, *own)  # retrieval order first: LLM prompts are built from it
        except IndexUnavailableError as exc:  # scale-out: Chroma server down; retried next ask
            return Answer(
                question=text, answer=str(exc), language=info.language, abstained=True,
                sources=(), timings_ms=_timings(started, time.perf_counter()),
                generator=self.generator.name, embedding_model=self.embedding_model,
                resolved_question=resolved, error=str(exc),
            )  # fmt: skip
        retrieved = time.perf_counter()
        asked, ask = elliptical_ask(meant, resolved, [t.question for t in earlier])
        draft = self._generate(
            GenerationRequest(
                question=asked,
                info=info,
                passages=passages,
                stats=snap.stats,
                today=self.settings.effective_today(),
                ask=ask,
                subject=subject,
                knowledge=snap.knowledge,
                facts=self._known_facts(snap, resolved),
                standalone=_with_context(meant, resolved, earlier),
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


def _with_context(question: str, resolved: str, earlier: Sequence[Turn]) -> str:
    """The follow-up as understood: its resolution, and for one naming nothing ("und wo?")
    the last question that did, whose words say which part of a release it is about ("wann werden
    die Ergebnisse vorgestellt?"), though the resolution may carry only the event's name."""
    if not earlier or question_words(question)[0]:
        return resolved  # a question of its own, naming what it asks about
    asked = next((t.question for t in reversed(earlier) if question_words(t.question)[0]),
                 earlier[-1].question)  # the question a chain of follow-ups continues
    return f"{resolved} ({asked})"

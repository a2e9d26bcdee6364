"""Optional LLM generation behind the answer seam: OpenAI-compatible, Ollama, local GGUF.

An `LLMGenerator` is just another `Generator`, so `Assistant` does not know whether an
answer was written by a model. It never trusts the model with more than wording:

- the evidence gate (`evidence.assess`) decides first; when the sources do not answer,
  the extractive abstention is returned and the model is not called at all;
- the model sees only the passages about the asked event, numbered 1..m;
- every sentence it writes goes through `guardrails` (valid citation, supported dates,
  numbers, names, places, answer language) and fails over to the extractive answer;
- an unreachable, slow or failing endpoint yields the extractive answer with a visible
  note, never a traceback. Exceptions are logged by class name only, because provider
  error messages can echo (parts of) the API key.

The LangChain integrations are optional extras (`pip install '.[llm]'`) and are imported
only when `make_generator` is asked for them. Configuration (environment):

    ASSISTANT_GENERATOR=openai   ASSISTANT_LLM_BASE_URL=http://127.0.0.1:8080/v1
                                 ASSISTANT_LLM_MODEL=…  [ASSISTANT_LLM_API_KEY=…]
    ASSISTANT_GENERATOR=ollama   ASSISTANT_LLM_MODEL=…  [ASSISTANT_LLM_BASE_URL=…]
    ASSISTANT_GENERATOR=llamacpp ASSISTANT_LLM_GGUF=/path/to/model.gguf
    ASSISTANT_LLM_TIMEOUT_S, ASSISTANT_LLM_MAX_TOKENS, ASSISTANT_LLM_CONTEXT_CHARS
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Generator as GeneratorFn
from collections.abc import Iterator, Sequence

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.answering import backends
from assistant.answering.evidence import Evidence, assess
from assistant.answering.extractive import ExtractiveGenerator
from assistant.answering.guardrails import (
    NOTES,
    Caught,
    Checker,
    GuardReport,
    enforce,
    replacement,
)
from assistant.answering.prompts import (
    PromptSources,
    answer_language,
    answer_prompt,
    answer_variables,
    clean_output,
    condense_prompt,
    format_history,
    select_sources,
    sentences_of,
    valid_condensed,
)
from assistant.answering.seam import Draft, GenerationRequest, Generator
from assistant.answering.selection import Embedder
from assistant.settings import Settings
from assistant.text.questions import Intent

logger = logging.getLogger(__name__)

#: Questions the extractive path answers better than a small model in two sentences: lists
#: ("Welche Foren gab es?") and open "was/worum" questions, where the model named one item
#: or a true but other aspect (evals/reports/llm_eval.md); the model is not asked.
EXTRACTIVE_INTENTS = frozenset({Intent.LIST, Intent.WHAT})


class LLMUnavailableError(RuntimeError):
    """The endpoint failed recently and is not asked again until its cooldown ends."""


def make_generator(settings: Settings, embedder: Embedder | None = None) -> Generator:
    """The generator named by `ASSISTANT_GENERATOR` (extractive|openai|ollama|llamacpp);
    `embedder` (the index's model) lets the extractive answer, also the LLM's fallback, choose
    sentences by meaning."""
    extractive = ExtractiveGenerator(embedder)
    if settings.generator == "extractive":
        return extractive
    chat_model, label = backends.chat_model(settings)
    return LLMGenerator(
        chat_model, f"{settings.generator}:{label}", context_chars=settings.llm_context_chars,
        fallback=extractive,
    )  # fmt: skip


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(
        part if isinstance(part, str) else str(part.get("text", ""))
        for part in content
        if isinstance(part, str) or part.get("type") == "text"
    )


class LLMGenerator:
    """A chat model behind the `Generator` protocol, with evidence gate and guardrails."""

    #: `Assistant` puts the catalog's facts for the asked event into the request for us.
    uses_catalog_facts = True

    def __init__(
        self,
        chat_model: BaseChatModel,
        name: str = "llm",
        *,
        context_chars: int = 4000,
        fallback: Generator | None = None,
        cooldown_s: float = 30.0,
        extractive_intents: frozenset[Intent] = EXTRACTIVE_INTENTS,
    ) -> None:
        self.extractive_intents = extractive_intents
        self.chat_model = chat_model
        self.name = name
        self.context_chars = context_chars
        # After a failure the endpoint is left alone for a while, so a dead or hanging server
        # costs one timeout, not one per question (and two per follow-up).
        self.cooldown_s = cooldown_s
        self._down_until = 0.0
        self.fallback: Generator = fallback or ExtractiveGenerator()
        self._answer_prompt = answer_prompt()
        self._condense_prompt = condense_prompt()
        self._lock = threading.Lock()
        self.reports: deque[GuardReport] = deque(maxlen=1000)
        self.totals: Counter[str] = Counter()

    @property
    def last_report(self) -> GuardReport | None:
        with self._lock:
            return self.reports[-1] if self.reports else None

    def _record(self, report: GuardReport) -> None:
        with self._lock:
            self.reports.append(report)
            self.totals[f"outcome:{report.outcome}"] += 1
            self.totals.update(report.counts())

    def _count(self, key: str) -> None:
        with self._lock:
            self.totals[key] += 1

    def _call(self, messages: list[BaseMessage]) -> str:
        """One model call; raises `LLMUnavailableError` while the endpoint is cooling down."""
        if time.monotonic() < self._down_until:
            raise LLMUnavailableError("cooling down after a failure")
        try:
            return _text(self.chat_model.invoke(messages))
        except Exception:
            self._failed()
            raise

    def _failed(self) -> None:
        self._down_until = time.monotonic() + self.cooldown_s

    def _messages(self, request: GenerationRequest, sources: PromptSources) -> list[BaseMessage]:
        return self._answer_prompt.format_messages(**answer_variables(request, sources))

    def _prepare(self, request: GenerationRequest) -> tuple[Draft | None, PromptSources, Evidence]:
        """The evidence gate: an abstention (model not called) or the sources to show."""
        stats = request.stats
        evidence = assess(request.info, request.passages, stats.vocabulary, stats.event_words)
        if not evidence.sufficient:
            self._record(GuardReport(outcome="evidence", reason=evidence.reason))
            return self.fallback.generate(request), PromptSources((), ""), evidence
        if request.info.intent in self.extractive_intents:
            self._record(GuardReport(outcome="extractive", reason=str(request.info.intent)))
            return self.fallback.generate(request), PromptSources((), ""), evidence
        sources = select_sources(request, evidence, self.context_chars)
        if not sources.numbering:
            self._record(GuardReport(outcome="evidence", reason="no passage fits the prompt"))
            return self.fallback.generate(request), sources, evidence
        return None, sources, evidence

    def _unreachable(self, request: GenerationRequest, exc: Exception) -> Draft:
        logger.warning(
            "LLM %s failed (%s); answering from the sources", self.name, type(exc).__name__
        )
        report = GuardReport(outcome="error", reason=type(exc).__name__)
        report.caught.append(Caught("llm_error", type(exc).__name__, ""))
        self._record(report)
        draft = self.fallback.generate(request)
        note = "" if draft.abstained else NOTES[("unreachable", request.info.language)]
        return Draft(draft.text, draft.abstained, draft.evidence, note)

    def generate(self, request: GenerationRequest) -> Draft:
        gated, sources, evidence = self._prepare(request)
        if gated is not None:
            return gated
        try:
            raw = self._call(self._messages(request, sources))
        except Exception as exc:  # any provider, any failure: the sources still answer
            return self._unreachable(request, exc)
        extractive = functools.cache(lambda: self.fallback.generate(request))
        guarded = enforce(raw, request, sources, extractive)
        self._record(guarded.report)
        return Draft(guarded.text, guarded.abstained, evidence, guarded.note)

    def stream(self, request: GenerationRequest) -> GeneratorFn[str, None, Draft]:
        """Checked sentences as the model writes them; returns the final `Draft`.

        Nothing unchecked is ever yielded: a sentence is released once it is complete and
        passed the guardrails (sentences before the first one that addresses the question
        wait for it). Unlike `generate`, sentences already shown cannot be taken back, so a
        second unsupported sentence ends the answer instead of replacing all of it.
        """
        gated, sources, evidence = self._prepare(request)
        if gated is not None:
            yield gated.text
            return gated
        run = _StreamRun(self, request, sources)
        yield from run.pieces()
        self._record(run.report)
        return Draft(" ".join(run.shown), run.abstained, evidence, run.note)

    def condense(self, question: str, history: Sequence[str], offline: str) -> str:
        """A standalone version of a follow-up, written by the model; `offline` (the rule-based
        resolution) whenever the model fails or invents a subject the conversation lacks."""
        if not history:
            return offline
        try:
            messages = self._condense_prompt.format_messages(
                history=format_history(history), question=question
            )
            candidate = self._call(messages)
        except Exception as exc:
            logger.warning("LLM %s could not condense (%s)", self.name, type(exc).__name__)
            self._count("condense:error")
            return offline
        accepted = valid_condensed(candidate, question, history, offline)
        self._count("condense:llm" if accepted else "condense:offline")
        return accepted or offline


class _StreamRun:
    """State of one streamed answer: what was shown, held back, caught."""

    def __init__(
        self, owner: LLMGenerator, request: GenerationRequest, sources: PromptSources
    ) -> None:
        self.owner = owner
        self.request = request
        self.sources = sources
        self.checker = Checker(request, sources)
        self.report = GuardReport()
        self.extractive = functools.cache(lambda: owner.fallback.generate(request))
        self.shown: list[str] = []
        self.held: list[str] = []
        self.seen: set[str] = set()
        self.kept = 0
        self.failures = 0
        self.note = ""
        self.abstained = False
        self.stop = ""

    def pieces(self) -> GeneratorFn[str, None, None]:
        language = self.request.info.language
        buffer, done = "", 0
        chunks: Iterator[BaseMessage] = iter(())
        try:
            if time.monotonic() < self.owner._down_until:
                raise LLMUnavailableError("cooling down after a failure")
            chunks = self.owner.chat_model.stream(self.owner._messages(self.request, self.sources))
            for chunk in chunks:
                buffer += _text(chunk)
                parts = sentences_of(clean_output(buffer))
                for sentence in parts[done:-1]:
                    yield from self._take(sentence)
                    if self.stop:
                        break
                done = max(done, len(parts) - 1)
                if self.stop:
                    break
            else:
                for sentence in sentences_of(clean_output(buffer))[done:]:
                    yield from self._take(sentence)
                    if self.stop:
                        break
        except Exception as exc:
            self.owner._failed()
            self.stop = "error"
            logger.warning(
                "LLM %s failed while streaming (%s)", self.owner.name, type(exc).__name__
            )
            self.report.caught.append(Caught("llm_error", type(exc).__name__, ""))
            self.note = NOTES[("unreachable", language)]
        finally:
            close = getattr(chunks, "close", None)
            if callable(close):
                close()
        yield from self._finish()

    def _emit(self, sentences: list[str]) -> GeneratorFn[str, None, None]:
        for sentence in sentences:
            yield sentence if not self.shown else f" {sentence}"
            self.shown.append(sentence)

    def _take(self, sentence: str) -> GeneratorFn[str, None, None]:
        if sentence in self.seen:  # small models repeat themselves: once is enough
            return
        self.seen.add(sentence)
        check = self.checker.check(sentence)
        self.report.llm_sentences += 1
        self.report.caught.extend(check.caught)
        detected = answer_language(check.text)
        if detected is not None and detected != self.request.info.language:
            self.report.caught.append(Caught("wrong_language", detected, sentence))
            self.stop = "wrong language"
            return
        if check.ok:
            self.kept += 1
            self.held.append(check.text)
            if self.shown or self.checker.addresses_question(check.text):
                yield from self._emit(self.held)
                self.held = []
        elif check.failed:
            self.failures += 1
            if self.failures > 1:
                self.stop = "unsupported sentences"
                return
            lead = replacement(self.extractive(), self.shown + self.held)
            self.note = NOTES[("replaced" if lead else "dropped", self.request.info.language)]
            if lead:
                yield from self._emit([*self.held, lead])
                self.held = []

    def _finish(self) -> GeneratorFn[str, None, None]:
        """Nothing usable from the model: the extractive answer (rest of it, if its lead is
        already shown)."""
        self.report.kept = self.kept
        if self.kept and self.shown and self.stop != "error":
            self.report.outcome = "replaced" if self.failures else "llm"
            return
        draft = self.extractive()
        rest = [s for s in sentences_of(draft.text) if s not in self.shown]
        if self.shown and self.stop == "error":
            self.report.outcome, self.report.reason = "error", "stream interrupted"
            return
        yield from self._emit(rest if self.shown else [draft.text])
        self.abstained = draft.abstained
        self.report.outcome = "error" if self.stop == "error" else "fallback"
        self.report.reason = self.stop or "no supported sentence"
        if self.stop != "error":
            self.note = "" if draft.abstained else NOTES[("fallback", self.request.info.language)]

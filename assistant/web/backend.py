"""What the page, the JSON API and the staff tab share, without gradio: the (reloadable)
assistant, a per-client rate limit, the feedback store and the bound on concurrent answers.

Kept apart from `web.app` so the JSON API's behaviour (status codes, body limits, history
format) is testable with FastAPI alone (`web.api`).
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import anyio
import limits
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from assistant.pipeline import Assistant, QuestionError, validate_request
from assistant.records import Answer, Turn
from assistant.settings import Settings
from assistant.web.feedback import FeedbackStore
from assistant.web.ops import Metrics

logger = logging.getLogger(__name__)

#: Per client IP, shared by the page, the Gradio API and `POST /api/ask`.
RATE_LIMIT = "20/minute"
#: Threads computing answers at once. The extractive answer is CPU-bound Python (the GIL
#: makes more threads useless on 2 cores; the load test found 1 and 2 equal); an LLM
#: generator mostly waits on its server, so it gets more.
ASK_THREADS = 2
LLM_ASK_THREADS = 8
NO_INDEX = "Es gibt noch keinen Index. Bitte zuerst `assistant ingest` ausführen."
#: What visitors read while there is no assistant; the reason (paths, exception text, the
#: command that fixes it) is for the operator's log and the staff tab, not for the public.
UNAVAILABLE = (
    "Der Assistent ist gerade nicht verfügbar. Bitte versuchen Sie es später noch einmal."
)


class AssistantUnavailableError(LookupError):
    """No index (or no model) yet; the message is for visitors and shown as is (the reason is
    `Backend.unavailable_detail`)."""


class RateLimiter:
    """A moving-window request budget per client key, via the `limits` package.

    In memory, per process: good for one server; several replicas would each
    allow the full budget (then a shared `limits` storage such as Redis fits).
    """

    def __init__(self, rate: str = RATE_LIMIT, on_refused: Any = None) -> None:
        self.item = limits.parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._on_refused = on_refused

    def hit(self, key: str) -> bool:
        """Count one request; False when the key's budget is used up."""
        allowed = bool(self._limiter.hit(self.item, key))
        if not allowed and self._on_refused is not None:
            self._on_refused()
        return allowed

    def retry_after(self, key: str) -> int:
        reset = self._limiter.get_window_stats(self.item, key).reset_time
        return max(1, math.ceil(reset - time.time()))


class Backend:
    """What the page, the API routes and the staff tab share: the (reloadable) assistant,
    the rate limiter, the feedback store and the bound on concurrent answer computations."""

    rate_message = (
        "Sie haben in kurzer Zeit sehr viele Fragen gestellt. Bitte warten Sie einen Moment "
        "und versuchen Sie es dann erneut."
    )

    def __init__(
        self,
        settings: Settings,
        assistant: Assistant | None,
        *,
        rate_limit: str = RATE_LIMIT,
        feedback: FeedbackStore | None = None,
        startup_error: str | None = None,
        ask_threads: int | None = None,
    ) -> None:
        self.settings = settings
        self._assistant = assistant
        self.startup_error = startup_error
        self.metrics = Metrics()
        self.limiter = RateLimiter(rate_limit, lambda: self.metrics.error("rate_limited"))
        self.feedback = feedback or FeedbackStore.for_settings(settings)
        self.feedback.purge()  # the retention also holds for a server that gets no votes
        default_threads = LLM_ASK_THREADS if settings.uses_llm else ASK_THREADS
        self.ask_limiter = anyio.CapacityLimiter(ask_threads or default_threads)
        self.ingest_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        if assistant is None:
            logger.error("Der Assistent ist nicht verfügbar: %s", self.unavailable_detail)

    @property
    def assistant(self) -> Assistant | None:
        return self._assistant

    @property
    def unavailable_detail(self) -> str | None:
        """Why there is no assistant (None: there is one), for logs and staff only."""
        return None if self._assistant is not None else self.startup_error or NO_INDEX

    def require(self) -> Assistant:
        """The assistant, or `AssistantUnavailableError` with the visitors' message."""
        if self._assistant is None:
            raise AssistantUnavailableError(UNAVAILABLE)
        return self._assistant

    def reload(self) -> None:
        """After an ingest: refresh the live assistant, or open it if there was no index."""
        with self._reload_lock:
            if self._assistant is not None:
                self._assistant.refresh()
            else:
                self._assistant = Assistant.from_settings(self.settings)
                self.startup_error = None

    def warm_up(self, questions: Sequence[str]) -> None:
        """Ask a few questions before serving: the first question, and the first of some
        kinds (e.g. "who", which loads the names gazetteer), costs up to 0.6 s once per
        process; better here than in the first visitors' waiting time.

        With an LLM generator the questions go to its extractive fallback (the caches are
        the same; model answers would delay the start by minutes on two cores), and a local
        model is only loaded."""
        assistant = self._assistant
        if assistant is None:
            return
        generator = assistant.generator
        load = getattr(getattr(generator, "chat_model", None), "server", None)
        if callable(load):
            load()  # a local GGUF: ~2 s once, here rather than in the first answer
        assistant.generator = getattr(generator, "fallback", generator)
        try:
            for question in questions:
                with contextlib.suppress(QuestionError):
                    assistant.ask(question)
        finally:
            assistant.generator = generator

    def ask(
        self,
        question: str,
        history: Sequence[Turn | str] = (),
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        """The live assistant's answer, counted in the metrics (`/metrics`); `on_text` sees
        the answer grow (LLM generators)."""
        started = time.perf_counter()
        try:
            answer = self.require().ask(question, history, on_text=on_text)
        except QuestionError:
            self.metrics.error("question")
            raise
        except AssistantUnavailableError:
            self.metrics.error("unavailable")
            raise
        except Exception:
            self.metrics.error("internal")
            raise
        if answer.error is not None:  # scale-out: the store is down, the answer says so
            self.metrics.error("unavailable")
        else:
            self.metrics.answered(time.perf_counter() - started, answer.abstained)
        return answer

    async def ask_async(
        self,
        question: Any,
        history: Any = (),
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        """Validated first (`validate_request`, the same check `Assistant.ask` makes), so a
        refused request never waits for, or occupies, one of the answer threads; `on_text` is
        called from the worker thread with the growing answer (LLM generators)."""
        try:
            request = validate_request(question, history, self.settings.max_question_chars)
        except QuestionError:
            self.metrics.error("question")  # refused before a thread: counted all the same
            raise
        return await anyio.to_thread.run_sync(
            self.ask, request.question, request.history, on_text, limiter=self.ask_limiter
        )


def open_assistant(settings: Settings) -> tuple[Assistant | None, str | None]:
    """The assistant, or None and the German message naming the fix (`assistant ingest`)."""
    from assistant.index.chunk_index import IndexStateError
    from assistant.index.embeddings import EmbeddingModelError

    try:
        return Assistant.from_settings(settings), None
    except (IndexStateError, EmbeddingModelError) as exc:
        return None, str(exc)


def client_key(request: Any) -> str:
    client = getattr(request, "client", None) if request is not None else None
    return f"ip:{getattr(client, 'host', None) or 'unknown'}"


def request_headers(request: Any) -> dict[str, str]:
    headers = getattr(request, "headers", None) if request is not None else None
    try:
        return {str(k): str(v) for k, v in dict(headers or {}).items()}
    except (TypeError, ValueError):
        return {}



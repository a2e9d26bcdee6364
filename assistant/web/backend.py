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

from assistant.pipeline import Assistant, QuestionError
from assistant.records import Answer, Turn
from assistant.settings import Settings
from assistant.web.feedback import FeedbackStore

logger = logging.getLogger(__name__)

#: Per client IP, shared by the page, the Gradio API and `POST /api/ask`.
RATE_LIMIT = "20/minute"
#: Threads computing answers at once. The extractive answer is CPU-bound Python (the GIL
#: makes more threads useless on 2 cores; the load test found 1 and 2 equal); an LLM
#: generator mostly waits on its server, so it gets more.
ASK_THREADS = 2
LLM_ASK_THREADS = 8
MAX_HISTORY = 20
NO_INDEX = "Es gibt noch keinen Index. Bitte zuerst `assistant ingest` ausführen."


class AssistantUnavailableError(LookupError):
    """No index (or no model) yet; the message names the fix and is shown as is."""


class RateLimiter:
    """A moving-window request budget per client key, via the `limits` package.

    In memory, per process: good for one server; several replicas would each
    allow the full budget (then a shared `limits` storage such as Redis fits).
    """

    def __init__(self, rate: str = RATE_LIMIT) -> None:
        self.item = limits.parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, key: str) -> bool:
        """Count one request; False when the key's budget is used up."""
        return bool(self._limiter.hit(self.item, key))

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
        self.limiter = RateLimiter(rate_limit)
        self.feedback = feedback or FeedbackStore.for_settings(settings)
        default_threads = LLM_ASK_THREADS if settings.uses_llm else ASK_THREADS
        self.ask_limiter = anyio.CapacityLimiter(ask_threads or default_threads)
        self.ingest_lock = threading.Lock()
        self._reload_lock = threading.Lock()

    @property
    def assistant(self) -> Assistant | None:
        return self._assistant

    def require(self) -> Assistant:
        if self._assistant is None:
            detail = self.startup_error or NO_INDEX
            raise AssistantUnavailableError(f"Der Assistent ist noch nicht eingerichtet. {detail}")
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
        return self.require().ask(question, history, on_text=on_text)

    async def ask_async(
        self,
        question: str,
        history: Sequence[Turn | str] = (),
        on_text: Callable[[str], None] | None = None,
    ) -> Answer:
        """`on_text` is called from the worker thread with the growing answer (LLM generators)."""
        return await anyio.to_thread.run_sync(
            self.ask, question, history, on_text, limiter=self.ask_limiter
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



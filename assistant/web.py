"""The server side the page and the JSON API share, without gradio: the assistant, a
per-client rate limit, and the plain routes (`POST /api/ask`, `GET /quelle/{doc_id}`,
`GET /veranstaltungen.ics`).

Kept apart from `ui.py` so the JSON API's behaviour (status codes, body limits,
history format) is testable with FastAPI alone.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import threading
import time
from collections.abc import Sequence
from typing import Any

import anyio
import limits
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from .chat import Assistant, QuestionError
from .events_view import ICS_NAME, ICS_PATH
from .feedback import FeedbackStore
from .ics import to_ics
from .rendering import render_document_page
from .settings import Settings
from .types import Answer, Turn

logger = logging.getLogger(__name__)

#: Per client IP, shared by the page, the Gradio API and `POST /api/ask`.
RATE_LIMIT = "20/minute"
#: Threads computing answers at once. The extractive answer is CPU-bound Python (the GIL
#: makes more threads useless on 2 cores; the load test found 1 and 2 equal); an LLM
#: generator mostly waits on its server, so it gets more.
ASK_THREADS = 2
LLM_ASK_THREADS = 8
MAX_BODY_BYTES = 64 * 1024
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
        default_threads = ASK_THREADS if settings.generator == "extractive" else LLM_ASK_THREADS
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
        process; better here than in the first visitors' waiting time."""
        if self._assistant is None:
            return
        for question in questions:
            with contextlib.suppress(QuestionError):
                self._assistant.ask(question)

    def ask(self, question: str, history: Sequence[Turn | str] = ()) -> Answer:
        return self.require().ask(question, history)

    async def ask_async(self, question: str, history: Sequence[Turn | str] = ()) -> Answer:
        return await anyio.to_thread.run_sync(self.ask, question, history, limiter=self.ask_limiter)


def open_assistant(settings: Settings) -> tuple[Assistant | None, str | None]:
    """The assistant, or None and the German message naming the fix (`assistant ingest`)."""
    from .embeddings import EmbeddingModelError
    from .index import IndexStateError

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


async def _read_json(request: Request) -> Any:
    """The request body as JSON, refusing bodies over `MAX_BODY_BYTES` while reading."""
    body = bytearray()
    async for part in request.stream():
        body.extend(part)
        if len(body) > MAX_BODY_BYTES:
            raise ValueError("Die Anfrage ist zu groß.")
    try:
        return json.loads(bytes(body) or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError("Die Anfrage ist kein gültiges JSON.") from exc


def _question(value: Any) -> str:
    if not isinstance(value, str):
        raise QuestionError('`question` fehlt oder ist kein Text, z. B. {"question": "Wann …?"}.')
    return value


def parse_history(value: Any) -> list[Turn]:
    """`history` of `POST /api/ask`: earlier questions, as strings or `{"question", "answer"}`."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise QuestionError("`history` muss eine Liste früherer Fragen sein.")
    turns: list[Turn] = []
    for item in value[-MAX_HISTORY:]:
        if isinstance(item, str):
            turns.append(Turn(item))
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            answer = item.get("answer")
            turns.append(Turn(item["question"], answer if isinstance(answer, str) else ""))
        else:
            raise QuestionError("`history` muss eine Liste früherer Fragen sein.")
    return turns


def add_routes(app: FastAPI, backend: Backend) -> None:
    """`POST /api/ask` (the JSON contract of `Answer.to_json()`), `GET /quelle/{doc_id}` and
    the calendar `GET /veranstaltungen.ics`."""

    @app.options("/api/ask")
    def ask_preflight() -> Response:
        return Response(status_code=204, headers={**API_CORS, "Access-Control-Max-Age": "600"})

    @app.post("/api/ask")
    async def ask_route(request: Request) -> Response:
        response = await _ask(request)
        response.headers.update(API_CORS)
        return response

    async def _ask(request: Request) -> Response:
        key = client_key(request)
        if not backend.limiter.hit(key):
            retry = str(backend.limiter.retry_after(key))
            return JSONResponse(
                {"error": backend.rate_message}, status_code=429, headers={"Retry-After": retry}
            )
        try:
            body = await _read_json(request)
            if not isinstance(body, dict):
                raise QuestionError('Erwartet wird ein JSON-Objekt wie {"question": "…"}.')
            history = parse_history(body.get("history"))
            answer = await backend.ask_async(_question(body.get("question")), history)
        except (ValueError, QuestionError) as exc:  # QuestionError is a ValueError
            return JSONResponse({"error": str(exc)}, status_code=400)
        except AssistantUnavailableError as exc:
            return JSONResponse({"error": str(exc)}, status_code=503)
        except Exception:
            logger.exception("answering failed")
            return JSONResponse({"error": "Interner Fehler. Bitte später erneut versuchen."},
                                status_code=500)  # fmt: skip
        return JSONResponse(answer.to_json())

    @app.get("/quelle/{doc_id}", response_class=HTMLResponse)
    def document_route(doc_id: str) -> Response:
        assistant = backend.assistant
        chunks = assistant.retriever.document_chunks(doc_id) if assistant else []
        if not chunks:
            page = "<!doctype html><meta charset=utf-8><title>Nicht gefunden</title>"
            page += "<p>Dieses Dokument gibt es (nicht mehr) im Index.</p>"
            return HTMLResponse(page, status_code=404, headers=DOCUMENT_HEADERS)
        return HTMLResponse(render_document_page(doc_id, chunks), headers=DOCUMENT_HEADERS)

    @app.get(ICS_PATH)
    def calendar_route() -> Response:
        """The catalog's dated events as an iCalendar file (the "Veranstaltungen" tab links it)."""
        try:
            events = backend.require().catalog.events
        except AssistantUnavailableError as exc:
            return Response(str(exc), status_code=503, media_type="text/plain; charset=utf-8")
        return Response(to_ics(events), media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{ICS_NAME}"',
                                 "Cache-Control": "no-cache"})  # fmt: skip


#: Organisers' pages may call the API from the browser: public, read-only, no cookies.
API_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
}

#: The document page carries no script at all; the policy makes sure none could run.
DOCUMENT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

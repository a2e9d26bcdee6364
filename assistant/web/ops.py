"""Operations: liveness and readiness for load balancers, Prometheus metrics, JSON log lines.

`GET /healthz` only says the process answers HTTP (restart it if not); `GET /readyz`
says whether this replica should get visitors: an index is loaded, it has chunks, and the
store behind it still answers (in scale-out mode a replica whose Chroma server is gone is
taken out of the pool instead of showing every visitor an error). `GET /metrics` is the
Prometheus text format from a registry of this app's own, so several apps in one process
(tests) do not share counters. Nothing here records who asked or what: metrics are counts
and durations only, and the JSON log never contains client addresses (uvicorn's access
log stays off).
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any, Protocol

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from assistant.pipeline import Assistant

#: Answer latency buckets (s): the extractive answer takes ~10-50 ms, an LLM seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: How long `/readyz` waits for the store before calling it unreachable.
STORE_TIMEOUT_S = 3.0
#: Fixed route labels, so arbitrary paths cannot blow up the metric's cardinality.
ROUTES = ("/api/ask", "/quelle", "/veranstaltungen.ics", "/healthz", "/readyz", "/metrics",
          "/gradio.js")  # fmt: skip

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]  # fmt: skip


class Serving(Protocol):
    """What the ops routes read from `web.backend.Backend` (a Protocol: the backend feeds
    `Metrics`, so importing it here would make a cycle)."""

    @property
    def assistant(self) -> Assistant | None: ...

    startup_error: str | None
    metrics: Metrics


class Metrics:
    """The app's counters; `Backend` feeds the answer metrics, the middleware the requests."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("assistant_http_requests", "HTTP requests by route and status "
                                "class", ["route", "status"], registry=r)  # fmt: skip
        self.answers = Counter("assistant_answers", "Answers given (page, Gradio API, JSON API)"
                               " by outcome", ["outcome"], registry=r)  # fmt: skip
        self.latency = Histogram("assistant_answer_seconds", "Time to compute one answer",
                                 buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        self.errors = Counter("assistant_errors", "Questions not answered, by kind: question "
                              "(empty, too long), rate_limited, unavailable (no index, store "
                              "down), internal", ["kind"], registry=r)  # fmt: skip
        self.abstention = Gauge("assistant_abstention_ratio", "Share of answers since start "
                                "that said the sources do not tell", registry=r)  # fmt: skip
        self.generation = Gauge("assistant_index_generation", "Index generation this replica "
                                "has loaded (0: none)", registry=r)  # fmt: skip
        self.chunks = Gauge("assistant_index_chunks", "Chunks in the loaded index",
                            registry=r)  # fmt: skip
        for outcome in ("answered", "abstained"):
            self.answers.labels(outcome)
        for kind in ("question", "rate_limited", "unavailable", "internal"):
            self.errors.labels(kind)
        self._given = 0
        self._abstained = 0

    def answered(self, seconds: float, abstained: bool) -> None:
        self.latency.observe(seconds)
        self.answers.labels("abstained" if abstained else "answered").inc()
        self._given += 1
        self._abstained += int(abstained)
        self.abstention.set(self._abstained / self._given)

    def error(self, kind: str) -> None:
        self.errors.labels(kind).inc()


def route_label(path: str) -> str:
    for route in ROUTES:
        if path == route or path.startswith(route + "/"):
            return route
    if path.startswith("/gradio_api/"):
        return "/gradio_api"
    return "/" if path == "/" else "other"


class RequestMetrics:
    """Pure ASGI middleware (no buffering: the page's answer streams pass straight through)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = [500]

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            label = route_label(str(scope.get("path", "")))
            self.metrics.requests.labels(label, f"{status[0] // 100}xx").inc()


_store_checks = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")


def readiness(backend: Serving) -> tuple[bool, dict[str, Any]]:
    """(ready, details): an index is loaded and has chunks, and its store answers in time."""
    assistant = backend.assistant
    if assistant is None:
        return False, {"ready": False, "index_loaded": False,
                       "reason": backend.startup_error or "kein Index geladen"}  # fmt: skip
    info = assistant.retriever.info
    details: dict[str, Any] = {
        "ready": False,
        "index_loaded": True,
        "generation": info.generation,
        "chunks": len(assistant.retriever.chunks),
        "embedding_model": info.embedding_model,
        "store_reachable": False,
    }
    future = _store_checks.submit(assistant.retriever.index.info)
    try:
        live = future.result(timeout=STORE_TIMEOUT_S)
    except concurrent.futures.TimeoutError:
        details["reason"] = f"Index-Speicher antwortet nicht ({STORE_TIMEOUT_S:.0f} s)"
        return False, details
    except Exception as exc:  # unreachable, damaged: the message names the fix
        details["reason"] = str(exc) or exc.__class__.__name__
        return False, details
    details["store_reachable"] = True
    details["store_generation"] = live.generation if live else None
    if not details["chunks"]:
        details["reason"] = "Der Index ist leer."
        return False, details
    details["ready"] = True
    return True, details


def add_ops_routes(app: FastAPI, backend: Serving) -> None:
    """`/healthz`, `/readyz`, `/metrics`, and the request counter around the whole app."""
    metrics = backend.metrics

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        ready, details = readiness(backend)
        return JSONResponse(details, status_code=200 if ready else 503,
                            headers={"Cache-Control": "no-store"})  # fmt: skip

    @app.get("/metrics", include_in_schema=False)
    def metrics_route() -> Response:
        assistant = backend.assistant
        if assistant is not None:
            metrics.generation.set(assistant.retriever.info.generation)
            metrics.chunks.set(len(assistant.retriever.chunks))
        else:
            metrics.generation.set(0)
            metrics.chunks.set(0)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST,
                        headers={"Cache-Control": "no-store"})  # fmt: skip

    app.add_middleware(RequestMetrics, metrics=metrics)


# --------------------------------------------------------------------------- logging


class JsonFormatter(logging.Formatter):
    """One JSON object per line (time in UTC, level, logger, message, exception), for log
    collectors that parse lines rather than scrape text."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(log_format: str) -> None:
    """`text`: Python's default lines; `json`: `JsonFormatter` on stderr for every logger,
    uvicorn's included (it then gets no logging config of its own)."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("assistant").setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True

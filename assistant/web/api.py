"""The plain HTTP routes next to the Gradio page: `POST /api/ask` (the JSON contract of
`Answer.to_json()`), `GET /quelle/{doc_id}` and the calendar `GET /veranstaltungen.ics`."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from assistant.events.ics import to_ics
from assistant.pipeline import QuestionError
from assistant.web.backend import AssistantUnavailableError, Backend, client_key
from assistant.web.events_page import ICS_NAME, ICS_PATH
from assistant.web.rendering import render_document_page

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024


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
            answer = await backend.ask_async(_question(body.get("question")), body.get("history"))
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

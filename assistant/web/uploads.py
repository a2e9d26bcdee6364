"""The gate in front of Gradio's file upload route (`POST /gradio_api/upload`).

Gradio accepts uploads from anyone: one request may carry 1,000 files of `max_file_size`
each, kept in its cache. Only the staff tab uploads files, so the route is closed without a
staff tab, and otherwise needs a staff session: a short-lived HttpOnly cookie that
`POST /redaktion/sitzung` sets for the right token (the login button calls it from the page
before its own event). Requests are rate-limited and capped at one file of
`MAX_UPLOAD_BYTES` with a corpus suffix before Gradio reads them, so nothing else ever
enters Gradio's cache (the staff tab deletes what does, once handled). Gradio's multipart
form endpoint (`/gradio_api/component_server`) takes files too; no component here needs that.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from assistant.settings import Settings
from assistant.web.backend import Backend, RateLimiter, client_key
from assistant.web.staff import MAX_UPLOAD_BYTES, SESSION_PATH, UPLOAD_SUFFIXES, check_token

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "va_staff"
SESSION_SECONDS = 8 * 3600
UPLOAD_RATE = "10/minute"
MAX_UPLOAD_FILES = 1
#: Multipart overhead around the one file (boundaries, part headers, the file name).
MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_BYTES + 16 * 1024
UPLOAD_PATHS = ("/gradio_api/upload",)
FORM_PATHS = ("/gradio_api/component_server",)

NO_SESSION = "Bitte zuerst im Redaktionsbereich anmelden."
TOO_MANY = "Bitte genau eine Datei hochladen."
WRONG_TYPE = f"Dateityp nicht erlaubt. Erlaubt sind: {', '.join(UPLOAD_SUFFIXES)}."
TOO_LARGE = f"Die Datei ist zu groß (höchstens {MAX_UPLOAD_BYTES // 1024} KB)."
RATE = "Zu viele Uploads in kurzer Zeit. Bitte einen Moment warten."

def _signature(settings: Settings, expires: int) -> str:
    token = settings.staff_token.get_secret_value() if settings.staff_token else ""
    message = f"upload-session:{expires}".encode()
    return hmac.new(token.encode("utf-8"), message, hashlib.sha256).hexdigest()


def session_value(settings: Settings, now: float | None = None) -> str:
    """A cookie value that proves the token was given, without containing it: the expiry
    and an HMAC of it keyed with the token (a new token ends every session)."""
    expires = int((now if now is not None else time.time()) + SESSION_SECONDS)
    return f"{expires}.{_signature(settings, expires)}"


def valid_session(value: str | None, settings: Settings, now: float | None = None) -> bool:
    if settings.staff_token is None or not value or "." not in value:
        return False
    expires, _, signature = value.partition(".")
    if not expires.isdigit() or int(expires) < (now if now is not None else time.time()):
        return False
    return hmac.compare_digest(signature, _signature(settings, int(expires)))


def add_upload_gate(app: FastAPI, backend: Backend) -> None:
    """The session route and the gate; call before the app serves its first request."""

    @app.post(SESSION_PATH, include_in_schema=False)
    def staff_session(request: Request) -> Response:
        if backend.settings.staff_token is None:
            return Response(status_code=404)
        if not backend.limiter.hit("staff:" + client_key(request)):
            return JSONResponse({"error": backend.rate_message}, status_code=429)
        if not check_token(request.headers.get("x-staff-token"), backend.settings):
            logger.warning("Redaktion: Anmeldung mit falschem Zugangsschlüssel abgelehnt")
            return JSONResponse({"error": "Zugang verweigert."}, status_code=403)
        response = JSONResponse({"ok": True})
        response.set_cookie(
            SESSION_COOKIE, session_value(backend.settings), max_age=SESSION_SECONDS,
            httponly=True, samesite="strict", secure=request.url.scheme == "https",
        )  # fmt: skip
        return response

    app.add_middleware(UploadGate, backend=backend)


class UploadGate:
    """ASGI middleware: checks upload requests and hands them on only within the limits."""

    def __init__(self, app: ASGIApp, backend: Backend) -> None:
        self.app = app
        self.backend = backend
        self.limiter = RateLimiter(UPLOAD_RATE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        posted = scope.get("method") == "POST"
        multipart = _header(scope, b"content-type").startswith("multipart/")
        if posted and multipart and path.endswith(FORM_PATHS):
            return await _refuse(scope, send, 415, "Dateien werden hier nicht angenommen.")
        if not posted or not path.endswith(UPLOAD_PATHS):
            return await self.app(scope, receive, send)
        settings = self.backend.settings
        if settings.staff_token is None:  # no staff tab: nobody has a reason to upload
            return await _refuse(scope, send, 404, "Nicht gefunden.")
        request = Request(scope)
        if not self.limiter.hit("upload:" + client_key(request)):
            return await _refuse(scope, send, 429, RATE)
        if not valid_session(request.cookies.get(SESSION_COOKIE), settings):
            logger.warning("Upload ohne Redaktionssitzung abgelehnt")
            return await _refuse(scope, send, 403, NO_SESSION)
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > MAX_UPLOAD_REQUEST_BYTES:
            return await _refuse(scope, send, 413, TOO_LARGE)
        body = bytearray()
        while True:  # at most the cap is read, whatever the request declared
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            if len(body) > MAX_UPLOAD_REQUEST_BYTES:
                return await _refuse(scope, send, 413, TOO_LARGE)
            if not message.get("more_body"):
                break
        names = _file_names(_header(scope, b"content-type"), bytes(body))
        if len(names) > MAX_UPLOAD_FILES:
            return await _refuse(scope, send, 400, TOO_MANY)
        if not all(Path(name).suffix.lower() in UPLOAD_SUFFIXES for name in names):
            return await _refuse(scope, send, 400, WRONG_TYPE)  # never enters Gradio's cache
        await self.app(scope, _replay(bytes(body), receive), send)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _file_names(content_type: str, body: bytes) -> list[str]:
    """The file names of a multipart body's parts ("" for a part without one), read with the
    standard library's MIME parser (the body is at most the cap, about 1 MB)."""
    if not content_type.startswith("multipart/"):
        return []
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=default).parsebytes(head + body)
    return [part.get_filename() or "" for part in message.iter_parts()]


def _replay(body: bytes, then: Receive) -> Receive:
    """The body read by the gate, in one message; afterwards the client's own messages (a
    disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    await JSONResponse({"error": message}, status_code=status)(scope, nothing, send)

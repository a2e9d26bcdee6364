"""Gradio's HTTP protocol as a browser (or an attacker without the page) speaks it.

Tests call events the way the page's JavaScript does: `POST /gradio_api/queue/join` with the
event's `fn_index` and its inputs, then read `GET /gradio_api/queue/data` (server-sent events)
until the event completes. This reaches every event, including those hidden from the API docs
(`api_visibility="private"`), so a handler's own checks are what is tested, not the page.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient


@dataclass(frozen=True)
class EventResult:
    success: bool
    output: Any  # the outputs on success, else Gradio's error object
    messages: list[dict[str, Any]]

    @property
    def error(self) -> str:
        """The message a `gr.Error` carried ("" on success)."""
        if self.success:
            return ""
        return str((self.output or {}).get("error") or "")

    @property
    def data(self) -> list[Any]:
        return list(self.output.get("data", [])) if self.success else []


class GradioEvents:
    """The events of a served app (a `TestClient` of `create_server(...)`), by name."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.config = client.get("/config").json()

    def fn_index(self, name: str) -> int:
        """The event whose function (or `api_name`) is `name`."""
        for dependency in self.config["dependencies"]:
            if dependency.get("api_name") == name:
                return int(dependency["id"])
        raise KeyError(name)

    def call(self, name: str, *data: Any, session: str | None = None) -> EventResult:
        session = session or uuid.uuid4().hex[:11]
        joined = self.client.post(
            "/gradio_api/queue/join",
            json={"data": list(data), "fn_index": self.fn_index(name), "session_hash": session,
                  "event_data": None, "trigger_id": None},
        )  # fmt: skip
        assert joined.status_code == 200, joined.text
        messages: list[dict[str, Any]] = []
        completed: dict[str, Any] | None = None
        with self.client.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as sse:
            for line in sse.iter_lines():  # to the end of the stream, as the page reads it
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                messages.append(message)
                if message.get("msg") == "process_completed":
                    completed = message
                if message.get("msg") in ("close_stream", "unexpected_error"):
                    break
        if completed is None:
            raise AssertionError(f"event {name} did not complete: {messages}")
        return EventResult(bool(completed.get("success")), completed.get("output"), messages)

    def upload(self, files: list[tuple[str, bytes]]) -> Any:
        """`POST /gradio_api/upload` as the page's file component sends it (with the client's
        cookies, e.g. a staff session)."""
        parts = [("files", (name, content, "text/plain")) for name, content in files]
        return self.client.post("/gradio_api/upload", files=parts)

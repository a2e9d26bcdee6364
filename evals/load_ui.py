"""Load benchmark of the web page's streaming chat, plus a screenshot of a real answer.

Usage (from the repo root):

    python evals/load_ui.py                       # 10, 20, 50 visitors x 5 questions
    python evals/load_ui.py --visitors 20 --limits 4,8,16,24  # sweep the queue's limit
    python evals/load_ui.py --clients sse,gradio  # also measure through gradio_client
    python evals/load_ui.py --variant before@63e3fab --variant after  # before/after, one run
    python evals/load_ui.py --variant after --variant "after-2x:replicas=2" --profile burst
        # two server processes behind a loopback nginx (apt-get install nginx-light), and a
        # py-spy profile of the one-process runs (pip install py-spy); measurement only

Everything stays on 127.0.0.1 and is bounded in count and time (at most 100 visitors x
50 questions, 30 s per answer, 300 s per run, `--max-minutes` for all runs together):

1. builds the index of `corpus/` with the default embedding model
   (`use-multilingual-v3`, offline) in a temp dir;
2. saves `evals/reports/ui_screenshot.png` (headless Debian Chromium, German locale) of
   the page answering "Wann ist Digitaler Aufbruch 2024?" with its source cards;
3. per concurrency limit x client x scenario, starts a fresh server
   (`assistant.web.app.create_server`, the same app `assistant serve` runs, with start-up
   warm-up) in a subprocess on a free loopback port, so the load generator does not
   share its GIL and no run profits from the previous run's caches;
4. releases `--visitors` simulated visitors (threads, one session each; a comma list
   such as 10,20,50 gives one run per count) who ask `--questions` gold-set questions
   through the page's own streaming event (`/chat`): one standalone question, then one
   of the gold set's follow-up conversations (kind `followup`, "Und wo fand er statt?"
   answered from the same session's earlier turns), then more standalone questions;
   records, per question, the time to the first streamed update that carries answer
   text (TTFT) and to the final answer with its source cards, and samples the server
   process's RSS (/proc/<pid>/status) during the run.

Scenarios: `visitors` (first questions within 2 s, then 1-3 s of reading between
questions), `burst` (all first questions in the same instant), `stress` (all at once,
no reading time: N questions always in flight, a capacity test). `--variant` compares
server settings (`ui.MAX_STEPS=2`) or an earlier revision of `assistant/` (`name@rev`),
the variants run back to back per scenario so they share the machine's load.
The rate limit is raised for the run (all visitors share one IP here).
Targets: p95 TTFT <= 300 ms, p95 full answer <= 1 s, zero errors at 20 concurrent.
Writes evals/reports/ui_load.md, ui_load.json and ui_load.png (latency against the
number of concurrent visitors).
"""

from __future__ import annotations

import argparse
import ast
import http.client
import itertools
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from load_ui_report import write_report
from metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "reports"
SCREENSHOT_QUESTION = "Wann ist Digitaler Aufbruch 2024?"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
JOB_TIMEOUT_S = 30
RUN_TIMEOUT_S = 300
RSS_SAMPLE_S = 0.2
STATS_ROUTE = "/__load_ui_stats"


def settings_for(root: Path) -> Any:
    from assistant.settings import Settings

    return Settings(
        corpus_dir=ROOT / "corpus",
        vectorstore_dir=root / "vectorstore",
        data_dir=root / "data",
        today="2026-11-23",
    )


def serve(root: Path, port: int, limit: int) -> None:
    """Subprocess mode: serve the real index until killed."""
    import uvicorn

    try:  # this layout; a --variant from an older revision has the flat one
        from assistant.pipeline import Assistant
        from assistant.web import app as ui
        from assistant.web import backend as web
    except ImportError:
        from assistant.chat import Assistant  # type: ignore[no-redef]

        from assistant import ui, web  # type: ignore[no-redef]
    create_server = ui.create_server

    if os.environ.get("LOAD_UI_STEPS"):  # tuning only: streamed word groups per answer
        ui.MAX_STEPS = int(os.environ["LOAD_UI_STEPS"])
    if os.environ.get("LOAD_UI_ASK_THREADS"):  # tuning only: concurrent answer computations
        web.ASK_THREADS = int(os.environ["LOAD_UI_ASK_THREADS"])
    for name, value in parse_overrides(os.environ.get("LOAD_UI_SET", "")).items():
        module, attr = name.split(".", 1)  # tuning only: --variant NAME:ui.ATTR=value,...
        setattr({"ui": ui, "web": web}[module], attr, value)

    # CPU time of the answer computations themselves (thread time inside `Backend.ask`),
    # so the report can split the server's CPU per answer into answer and serving parts.
    stats = {"answers": 0, "answer_cpu_s": 0.0}
    plain_ask = web.Backend.ask

    def counted_ask(self: Any, question: str, history: Any = ()) -> Any:
        began = time.thread_time()
        try:
            return plain_ask(self, question, history)
        finally:
            stats["answers"] += 1
            stats["answer_cpu_s"] += time.thread_time() - began

    web.Backend.ask = counted_ask  # type: ignore[method-assign]
    settings = settings_for(root).model_copy(update={"port": port})
    app = create_server(Assistant.from_settings(settings), settings,
                        rate_limit="100000/minute", concurrency_limit=limit)  # fmt: skip
    app.add_api_route(STATS_ROUTE, lambda: stats, methods=["GET"], include_in_schema=False)
    app.router.routes.insert(0, app.router.routes.pop())  # before the page mounted at "/"
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def parse_overrides(spec: str) -> dict[str, Any]:
    """`ui.MAX_STEPS=2,web.ASK_THREADS=1` -> {"ui.MAX_STEPS": 2, ...} (Python literals);
    `replicas=2` serves the variant from that many processes behind nginx (`start_replicas`)."""
    out: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, value = item.partition("=")
        if name == "replicas":
            out[name] = int(value)
            continue
        if name.split(".")[0] not in ("ui", "web") or "." not in name:
            raise ValueError(f"override must be ui.NAME=value, web.NAME=value or replicas=N: {item!r}")
        out[name] = ast.literal_eval(value)
    return out


def module_overrides(spec: str) -> str:
    """The overrides a server process applies to itself (all but `replicas`)."""
    return ",".join(p for p in spec.split(",") if p.strip() and not p.strip().startswith("replicas="))


NGINX = "/usr/sbin/nginx"
NGINX_CONF = """worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  upstream replicas {{
    hash $remote_addr;  # sticky: a visitor's join and stream reach the same process
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_buffering off;  # server-sent events pass through as they are written
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


def start_replicas(root: Path, limit: int, overrides: str, code: Path, count: int
                   ) -> tuple[list[subprocess.Popen[bytes]], list[str], str]:  # fmt: skip
    """`count` servers (each with its own copy of the index) behind nginx on loopback, sticky by
    client address (Gradio's queue and a visitor's chat state live in one process); returns
    the processes (nginx last), the replicas' URLs and nginx's URL."""
    if not Path(NGINX).exists():
        raise SystemExit("replicas=N needs nginx for the measurement: apt-get install nginx-light")
    procs, urls = [], []
    for n in range(count):
        own = root / f"replica-{n}"
        if not own.exists():
            own.mkdir()
            subprocess.run(["cp", "-a", str(root / "vectorstore"), str(own / "vectorstore")],
                           check=True)  # fmt: skip
        proc, url = start_server(own, limit, overrides, code)
        procs.append(proc)
        urls.append(url)
    port = free_port()
    conf_dir = Path(tempfile.mkdtemp(prefix="nginx-", dir=root))
    servers = "\n".join(f"    server {u.removeprefix('http://')};" for u in urls)
    (conf_dir / "nginx.conf").write_text(NGINX_CONF.format(root=conf_dir, servers=servers,
                                                           port=port))  # fmt: skip
    nginx = subprocess.Popen([NGINX, "-c", str(conf_dir / "nginx.conf"), "-p", str(conf_dir)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx did not start: " + (conf_dir / "nginx-error.log").read_text()) from None
            time.sleep(0.1)
    return [*procs, nginx], urls, f"http://127.0.0.1:{port}"


#: Where a server spends the GIL, by the first rule whose frame text is in a sampled stack.
PROFILE_BUCKETS = (
    ("Assistant.ask", "answer (`Assistant.ask`)"),
    ("SessionState.__init__", "Gradio: state of a new session"),
    ("postprocess", "Gradio: post-processing outputs"),
    ("sse_stream", "Gradio: SSE stream"),
    ("queueing.py", "Gradio: queue and event processing"),
    ("blocks.py", "Gradio: queue and event processing"),
    ("route_utils.py", "Gradio: queue and event processing"),
    ("gradio/routes.py", "Gradio: HTTP routes"),
    ("answer_stream", "app: the chat stream (`answer_stream`)"),
    ("starlette", "HTTP: uvicorn, Starlette/FastAPI routing and middleware"),
    ("fastapi", "HTTP: uvicorn, Starlette/FastAPI routing and middleware"),
    ("uvicorn", "HTTP: uvicorn, Starlette/FastAPI routing and middleware"),
)
PY_SPY = Path(sys.executable).parent / "py-spy"


def start_profile(pid: int, target: Path) -> subprocess.Popen[bytes] | None:
    """py-spy sampling the threads that hold the GIL (the one resource every request of a
    process shares), if installed (`pip install py-spy`); None otherwise."""
    if not PY_SPY.exists():
        return None
    cmd = [str(PY_SPY), "record", "--pid", str(pid), "--format", "raw", "--rate", "250",
           "--gil", "--nonblocking", "-o", str(target)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached before the load starts
    return proc


def stop_profile(proc: subprocess.Popen[bytes] | None, target: Path) -> dict[str, float]:
    """Share of GIL samples per bucket (`PROFILE_BUCKETS`), in percent."""
    if proc is None:
        return {}
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    counts: dict[str, int] = {}
    for line in target.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        bucket = next((name for key, name in PROFILE_BUCKETS if key in stack), "other")
        counts[bucket] = counts.get(bucket, 0) + int(n)
    total = sum(counts.values()) or 1
    return {k: round(100 * v / total, 1) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def checkout(rev: str, target: Path) -> Path:
    """The `assistant` package at git revision `rev`, extracted under `target`."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "assistant"],
                             check=True, capture_output=True).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def server_stats(url: str) -> dict[str, Any]:
    """The serving process's own counters (benchmark route, see `serve`)."""
    with urllib.request.urlopen(url + STATS_ROUTE, timeout=10) as response:
        stats: dict[str, Any] = json.loads(response.read())
    return stats


def start_server(
    root: Path, limit: int, overrides: str = "", code: Path = ROOT
) -> tuple[subprocess.Popen[bytes], str]:
    """Serve in a subprocess; `code` is where `assistant` is imported from (a checkout of an
    earlier revision for before/after comparisons)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(code), "LOAD_UI_SET": overrides}
    cmd = [sys.executable, __file__, "--serve", str(root), "--port", str(port),
           "--limits", str(limit)]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((proc.stderr.read() if proc.stderr else b"").decode()[-2000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status_kb(pid: int, field: str) -> int:
    """A `/proc/<pid>/status` field in kB (VmRSS now, VmHWM the peak so far); 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RSSSampler(threading.Thread):
    """Samples the server's RSS every `RSS_SAMPLE_S` while the load runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.stopped = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmRSS"))
            self.stopped.wait(RSS_SAMPLE_S)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)
        self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmRSS"))


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def screenshot(url: str, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="de-DE", viewport={"width": 1100, "height": 1500})
        page.set_default_timeout(30_000)
        page.goto(url + "/")
        page.fill("#va-question textarea", SCREENSHOT_QUESTION)
        page.press("#va-question textarea", "Enter")
        page.wait_for_selector("#va-chat .va-final .va-card")
        page.wait_for_timeout(500)
        page.evaluate(
            "() => { const l = document.querySelector('#va-chat [role=log], #va-chat .bubble-wrap');"
            " if (l) l.scrollTop = 0; }"
        )
        page.screenshot(path=str(target), full_page=True)
        browser.close()


def is_answer(update: Any) -> bool:
    """Whether a `/chat` update's last message is answer text (not the pending "…").

    The update is the chat's message list (the event's other output is server state).
    """
    messages = update[0] if isinstance(update, tuple) else update
    if not isinstance(messages, list) or not messages:
        return False
    text = json.dumps(messages[-1])
    return "va-answer" in text or "va-notice" in text


def chat_fn_index(url: str) -> int:
    """The dependency id of the page's `/chat` event, from the app's config."""
    with urllib.request.urlopen(url + "/config", timeout=30) as response:
        config = json.loads(response.read())
    return next(int(d["id"]) for d in config["dependencies"] if d.get("api_name") == "chat")


class SSEVisitor:
    """One browser session speaking Gradio's queue protocol (sse_v3) over plain HTTP.

    Per question: `POST /gradio_api/queue/join`, then read `GET /gradio_api/queue/data`
    (server-sent events) until the event completes, on one keep-alive connection.
    Much lighter than `gradio_client` (which opens new connections and threads per
    call), so on this 2-core machine the measurement steals less CPU from the server.
    """

    def __init__(self, url: str, fn_index: int, number: int = 0) -> None:
        parsed = urllib.parse.urlparse(url)
        # Each visitor from its own loopback address (127.0.0.2, …), as visitors come from
        # their own addresses: a load balancer that is sticky by address spreads them.
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=JOB_TIMEOUT_S,
                                               source_address=(f"127.0.{number // 250}.{2 + number % 250}", 0))  # fmt: skip
        self.fn_index = fn_index
        self.session = uuid.uuid4().hex[:11]

    def ask(self, question: str, record: dict[str, Any], began: float) -> None:
        body = json.dumps({"data": [question, None], "event_data": None, "trigger_id": None,
                           "fn_index": self.fn_index, "session_hash": self.session})  # fmt: skip
        self.conn.request("POST", "/gradio_api/queue/join", body,
                          {"Content-Type": "application/json"})  # fmt: skip
        joined = self.conn.getresponse()
        if joined.status != 200:
            raise RuntimeError(f"join: HTTP {joined.status} {joined.read()[:200]!r}")
        joined.read()
        self.conn.request("GET", f"/gradio_api/queue/data?session_hash={self.session}")
        stream = self.conn.getresponse()
        updates, final = 0, ""
        for raw in stream:
            line = raw.decode("utf-8")
            if not line.startswith("data:"):
                continue
            if '"process_generating"' in line:
                updates += 1
                # The first update carries the whole chat (earlier answers included) with
                # the pending "…"; later ones are diffs, so answer markup in them is new.
                fresh = updates > 1 and ("va-answer" in line or "va-notice" in line)
                if "ttft_ms" not in record and fresh:
                    record["ttft_ms"] = (time.perf_counter() - began) * 1000
            elif '"process_completed"' in line:
                final = line
            elif '"close_stream"' in line or '"unexpected_error"' in line:
                if '"unexpected_error"' in line:
                    raise RuntimeError(line[:200])
                break
        stream.read()
        record["updates"] = updates
        if '"success":true' not in final.replace(" ", ""):
            raise RuntimeError("event failed: " + final[:200])


class ClientVisitor:
    """The same session through `gradio_client` (`Client.submit`, iterate the job)."""

    def __init__(self, url: str, fn_index: int, number: int = 0) -> None:
        from gradio_client import Client

        self.client = Client(url + "/", verbose=False)

    def ask(self, question: str, record: dict[str, Any], began: float) -> None:
        job = self.client.submit(question, api_name="/chat")
        updates = 0
        for update in job:
            updates += 1
            if "ttft_ms" not in record and is_answer(update):
                record["ttft_ms"] = (time.perf_counter() - began) * 1000
        job.result(timeout=JOB_TIMEOUT_S)
        record["updates"] = updates


@dataclass(frozen=True)
class Scenario:
    """How visitors behave: reading time between questions and how their first ones arrive."""

    name: str
    think_s: float  # mean reading time; each pause is uniform in [0.5, 1.5] x this
    staggered: bool  # first questions spread over one reading time, else all at once
    about: str


SCENARIOS = {
    "visitors": Scenario("visitors", 2.0, True, "N visitors, first questions within 2 s, "
                         "then 1-3 s reading between questions (the visitor model)"),
    "burst": Scenario("burst", 2.0, False, "all N first questions in the same instant, "
                      "then 1-3 s reading"),
    "stress": Scenario("stress", 0.0, False, "all at once and no reading time: N questions "
                       "always in flight (capacity, not a visitor model)"),
}  # fmt: skip


def conversations(rows: list[dict[str, Any]], visitors: int, per_visitor: int) -> list[list[str]]:
    """Each visitor's questions: one standalone gold question, then one of the gold set's
    follow-up conversations (in turn order, in the same session), then standalone ones."""
    standalone = [r["question"] for r in rows if r["kind"] != "followup"]
    threads: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["kind"] == "followup":
            threads.setdefault(r["conversation"], []).append(r)
    talks = [[r["question"] for r in sorted(t, key=lambda r: r["turn"])] for t in threads.values()]
    out = []
    for i in range(visitors):
        own = (standalone[(i * per_visitor + j) % len(standalone)] for j in range(per_visitor))
        first = next(own)
        out.append([first, *(talks[i % len(talks)] if talks else []), *own][:per_visitor])
    return out


FOLLOWUPS = {json.loads(line)["question"] for line in
             (ROOT / "evals" / "gold.jsonl").read_text().splitlines()
             if '"followup"' in line and json.loads(line)["turn"] > 1}  # fmt: skip


def visitor(url: str, fn_index: int, kind: str, questions: list[str], scenario: Scenario,
            seed: int, start: threading.Barrier, out: list[dict[str, Any]]) -> None:  # fmt: skip
    rng = random.Random(seed)
    session = (SSEVisitor if kind == "sse" else ClientVisitor)(url, fn_index, seed)
    start.wait(timeout=120)
    if scenario.staggered:
        time.sleep(rng.uniform(0, scenario.think_s))
    for n, question in enumerate(questions):
        if n and scenario.think_s:
            time.sleep(rng.uniform(0.5, 1.5) * scenario.think_s)
        record: dict[str, Any] = {"question": question, "error": None,
                                  "followup": question in FOLLOWUPS}  # fmt: skip
        began = time.perf_counter()
        try:
            session.ask(question, record, began)
            record["full_ms"] = (time.perf_counter() - began) * 1000
            if "ttft_ms" not in record:
                record["error"] = "no streamed answer text"
        except Exception as exc:  # a load test counts failures instead of stopping
            record["error"] = f"{type(exc).__name__}: {exc}"[:300]
        out.append(record)


def spread(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "p99": round(percentile(values, 99), 1),
        "max": round(max(values, default=0.0), 1),
    }


def run_load(url: str, rows: list[dict[str, Any]], visitors: int, per_visitor: int,
             kind: str = "sse", scenario: Scenario = SCENARIOS["stress"],
             server_pid: int | None = None) -> dict[str, Any]:  # fmt: skip
    fn_index = chat_fn_index(url)
    records: list[dict[str, Any]] = []
    barrier = threading.Barrier(visitors + 1)
    threads = []
    for i, mine in enumerate(conversations(rows, visitors, per_visitor)):
        thread = threading.Thread(
            target=visitor,
            args=(url, fn_index, kind, mine, scenario, i, barrier, records),
            daemon=True,
        )
        thread.start()
        threads.append(thread)
    sampler = RSSSampler(server_pid) if server_pid else None
    rss_start_kb = status_kb(server_pid, "VmRSS") if server_pid else 0
    if sampler:
        sampler.start()
    barrier.wait(timeout=120)
    began = time.perf_counter()
    cpu_began = sum(os.times()[:2])
    for thread in threads:
        thread.join(timeout=max(1.0, RUN_TIMEOUT_S - (time.perf_counter() - began)))
    wall = time.perf_counter() - began
    client_cpu = sum(os.times()[:2]) - cpu_began
    if sampler:
        sampler.stop()
    ok = [r for r in records if not r["error"]]
    ttft = [r["ttft_ms"] for r in ok]
    full = [r["full_ms"] for r in ok]
    rss = {}
    if server_pid:
        rss = {
            "start_mb": round(rss_start_kb / 1024, 1),  # after start-up and warm-up
            "peak_mb": round((sampler.peak_kb if sampler else 0) / 1024, 1),  # during the load
            "end_mb": round(status_kb(server_pid, "VmRSS") / 1024, 1),
            "hwm_mb": round(status_kb(server_pid, "VmHWM") / 1024, 1),  # process lifetime peak
        }
    return {
        "scenario": scenario.name,
        "client": kind,
        "visitors": visitors,
        "questions_per_visitor": per_visitor,
        "requests": visitors * per_visitor,
        "errors": visitors * per_visitor - len(ok),
        "error_samples": [r["error"] for r in records if r["error"]][:5],
        "wall_s": round(wall, 2),
        "throughput_per_s": round(len(ok) / wall, 2) if wall else 0.0,
        "followups": sum(1 for r in records if r.get("followup")),
        "slowest": [
            (r["question"], round(r["ttft_ms"]), round(r["full_ms"]))
            for r in sorted(ok, key=lambda r: -r["full_ms"])[:3]
        ],
        "ttft_ms": spread(ttft),
        "full_ms": spread(full),
        "server_rss": rss,
        "client_cpu_ms_per_answer": round(1000 * client_cpu / max(1, len(records)), 1),
        "updates_per_answer_p50": percentile([r.get("updates", 0) for r in ok], 50),
    }  # fmt: skip


def scenario_notes() -> dict[str, str]:
    return {s.name: s.about for s in SCENARIOS.values()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", default="10,20,50", help="concurrent visitors, e.g. 10,20,50")
    parser.add_argument("--questions", type=int, default=5, help="questions per visitor")
    parser.add_argument("--limits", default=None, help="queue concurrency limits, e.g. 4,8,16")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME[@REV][:SET]",
        help="server settings to compare in one run, e.g. 'steps4:ui.MAX_STEPS=4' or "
        "'before@63e3fab' (the assistant package at that git revision); repeatable; "
        "default: the working tree as is",
    )
    parser.add_argument("--profile", default="",
                        help="scenarios to profile with py-spy (GIL samples per bucket), "
                        "e.g. burst; one-process variants only")  # fmt: skip
    parser.add_argument("--no-screenshot", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="print only (for tuning)")
    parser.add_argument("--clients", default="sse", help="sse, gradio or sse,gradio")
    parser.add_argument(
        "--compare-gradio",
        action="store_true",
        help="add a `visitors` run through gradio_client at the default limit",
    )
    parser.add_argument(
        "--scenarios",
        default="visitors,burst,stress",
        help=f"comma-separated, of {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=30.0,
        help="time budget for all runs; later runs are skipped",
    )
    parser.add_argument("--notes", default="", help="a paragraph for the report")
    parser.add_argument("--from-json", action="store_true",
                        help="only re-render ui_load.md/.png from ui_load.json")  # fmt: skip
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip
    from assistant.web.app import CONCURRENCY_LIMIT

    limits = [int(x) for x in (args.limits or str(CONCURRENCY_LIMIT)).split(",")]
    scenarios = args.scenarios.split(",")
    if args.serve:
        serve(args.serve, args.port, limits[0])
        return
    if args.from_json:
        saved = json.loads((REPORTS / "ui_load.json").read_text(encoding="utf-8"))
        if args.notes:
            saved["meta"]["notes"] = args.notes
        write_report(saved["results"], saved["meta"], scenario_notes())
        print((REPORTS / "ui_load.md").read_text())
        return
    counts = [int(x) for x in str(args.visitors).split(",")]
    if not all(1 <= n <= 100 for n in counts) or not 1 <= args.questions <= 50:
        parser.error("bounded run: 1-100 visitors, 1-50 questions each")
    variants = [(v.partition(":")[0], v.partition(":")[2]) for v in args.variant] or [("", "")]
    for _, overrides in variants:
        parse_overrides(overrides)  # fail early

    from assistant.cli import run_ingest
    from assistant.web.app import MAX_STEPS, STEP_DELAY_S
    from assistant.web.backend import ASK_THREADS

    rows = [json.loads(line) for line in (ROOT / "evals" / "gold.jsonl").read_text().splitlines()]
    load_start = round(os.getloadavg()[0], 2)
    started = time.monotonic()
    results: list[dict[str, Any]] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="load-ui-") as tmp:
        root = Path(tmp)
        settings = settings_for(root)
        with open(os.devnull, "w") as devnull:
            report = run_ingest(settings, out=devnull)
        if report is None:
            sys.exit("ingest failed")
        if not args.no_screenshot:
            proc, url = start_server(root, limits[0])
            try:
                screenshot(url, REPORTS / "ui_screenshot.png")
                print(f"screenshot: {REPORTS / 'ui_screenshot.png'}", file=sys.stderr)
            finally:
                stop_server(proc)
        code: dict[
            str, Path
        ] = {}  # variant "name@rev": the server imports `assistant` at that revision
        for variant, _ in variants:
            if "@" in variant:
                code[variant] = checkout(variant.split("@", 1)[1], root / "code" / variant)
        # Variants innermost, so compared settings run back to back under similar machine load.
        runs = [(v, limit, kind, name, n) for limit, kind, name, n, v in itertools.product(
            limits, args.clients.split(","), scenarios, counts, variants)]  # fmt: skip
        if args.compare_gradio:  # the same visitors through gradio_client, at the default limit
            runs.append((variants[-1], CONCURRENCY_LIMIT, "gradio", "visitors", 20))
        for (variant, overrides), limit, kind, name, visitors in runs:
            label = f"{variant or 'default'}/{limit}/{kind}/{name}/{visitors}"
            if time.monotonic() - started > args.max_minutes * 60:
                skipped.append(label)
                continue
            # A fresh server per run: answers and query vectors are cached per process,
            # and a run must not profit from the questions of the previous one.
            replicas = int(parse_overrides(overrides).get("replicas", 1))
            own = module_overrides(overrides)
            if replicas > 1:  # N processes behind nginx, measured as one site
                procs, urls, url = start_replicas(root, limit, own, code.get(variant, ROOT),
                                                  replicas)  # fmt: skip
            else:
                proc, url = start_server(root, limit, own, code.get(variant, ROOT))
                procs, urls = [proc], [url]
            profiling = args.profile and name in args.profile.split(",") and replicas == 1
            raw = root / f"profile-{len(results)}.txt"
            try:
                spy = start_profile(procs[0].pid, raw) if profiling else None
                cpu = sum(cpu_seconds(p.pid) for p in procs)
                result = run_load(url, rows, visitors, args.questions, kind, SCENARIOS[name],
                                  server_pid=procs[0].pid)  # fmt: skip
                cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu
                per_replica = [server_stats(u) for u in urls]
                if spy is not None:
                    result["profile_gil_percent"] = stop_profile(spy, raw)
            finally:
                for proc in procs:
                    stop_server(proc)
            stats = {key: sum(s[key] for s in per_replica) for key in ("answers", "answer_cpu_s")}
            result["replicas"] = replicas
            result["answers_per_replica"] = [s["answers"] for s in per_replica]
            result["server_cpu_ms_per_answer"] = round(1000 * cpu / result["requests"], 1)
            result["answer_cpu_ms_per_answer"] = round(
                1000 * stats["answer_cpu_s"] / max(1, stats["answers"]), 1
            )
            result["concurrency_limit"] = limit
            result["variant"] = variant
            result["overrides"] = overrides
            results.append(result)
            print(label, json.dumps(result, ensure_ascii=False), file=sys.stderr)
    meta = {
        "command": "python evals/load_ui.py "
        + " ".join("…" if prev == "--notes" else arg for prev, arg in itertools.pairwise(sys.argv)),
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_start": load_start,
        "load_end": round(os.getloadavg()[0], 2),
        "run_minutes": round((time.monotonic() - started) / 60, 1),
        "max_minutes": args.max_minutes,
        "skipped": skipped,
        "embedding_model": settings.embedding_model,
        "documents": len(report.added) + len(report.unchanged),
        "ask_threads": ASK_THREADS,
        "steps": int(os.environ.get("LOAD_UI_STEPS") or MAX_STEPS),
        "delay_ms": round(STEP_DELAY_S * 1000),
        "notes": args.notes,
        "rss_sample_s": RSS_SAMPLE_S,
    }
    if not args.no_report:
        write_report(results, meta, scenario_notes())
        print((REPORTS / "ui_load.md").read_text())
    else:
        for r in results:
            print(f"{r['variant'] or 'default':>10} {r['scenario']:>8} n={r['visitors']:<3} "
                  f"lim={r['concurrency_limit']:<3} err={r['errors']} ttft={r['ttft_ms']} "
                  f"full={r['full_ms']} {r['throughput_per_s']}/s rss={r['server_rss']} "
                  f"cpu={r['server_cpu_ms_per_answer']}ms ask={r.get('answer_cpu_ms_per_answer')}ms "
                  f"slowest={r['slowest'][:1]}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Scale benchmark: 1k / 10k / 100k chunks, embedded Chroma vs. a Chroma server, side by side.

Usage (from the repo root):

    python evals/benchmark_scale.py [--scales 1000,10000,100000] [--real-embed-limit 10000]
                                    [--max-embed-minutes 15] [--queries 200] [--out evals/reports]

The corpus is synthetic German press releases (`evals/synthetic_corpus.py`, seed 7, ~9.5
chunks per document), so every question has a known right document. Per scale and mode:

- ingest: `ChunkIndex.ingest(rebuild=True)` into a fresh store (embedded `PersistentClient`
  or a fresh `chroma run` on 127.0.0.1). Embedding is timed once with the real default
  model (`use-multilingual-v3`): the first `--real-embed-limit` chunks, then all chunks if
  that is projected to take at most `--max-embed-minutes` (15). Otherwise the remaining
  chunks reuse the real vectors cyclically with small Gaussian noise (cosine ≈ 0.95 to the
  original) - their *dense* neighbours are then not meaningful, which the report says.
  The ingests get the vectors precomputed, so "store" time is the index's own cost
  (chunking, Chroma writes, generation flip) and "ingest chunks/s" = chunks / (embedding
  time + store time).
- serving, in a fresh process (what a replica pays): `Assistant.from_settings` wall time,
  the lexical (BM25) index build on its own, RSS after opening and peak RSS, then warm
  latency of `retrieve()` and of `Assistant.ask` (extractive, no LLM) over distinct
  questions generated from the synthetic facts (every call embeds its question), plus
  hit@8 of the right document and how often the answer cites it;
- disk size of the store (for the server: its `--path`), and the server's RSS.

If a latency target is missed (retrieval p95 ≤ 20 ms, answer p95 ≤ 100 ms at 100k chunks)
the serving run is profiled with cProfile and the top functions go into the report.
Writes evals/reports/scale_benchmark.md and .json.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pickle
import platform
import pstats
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from common import command_line

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import numpy as np
from langchain_core.embeddings import Embeddings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic_corpus
from metrics import percentile
from scale_report import TARGET_ANSWER_P95_MS, TARGET_RETRIEVAL_P95_MS, report

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.index.embeddings import get_embeddings
from assistant.index.retrieval import LexicalIndex
from assistant.pipeline import Assistant
from assistant.records import Document
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
PARAGRAPHS = 10
TODAY = "2026-11-23"
NOISE_SIGMA = 0.015  # per dimension on unit 512-d vectors: cosine to the original ≈ 0.95
WARMUP = 20
PROFILE_QUESTIONS = 60
CHROMA_BIN = Path(sys.executable).parent / "chroma"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 / 1024


def latency(values_ms: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values_ms),
        "p50": percentile(values_ms, 50),
        "p95": percentile(values_ms, 95),
        "max": max(values_ms),
    }


# --------------------------------------------------------------------------- embeddings


class PrecomputedEmbeddings(Embeddings):
    """Documents: vectors looked up by chunk text (real ones, then cycled with noise);
    queries: the real model. Rows are returned as numpy arrays (no 50M Python floats)."""

    def __init__(self, texts: Sequence[str], real: np.ndarray, seed: int = SEED) -> None:
        self.model_name = DEFAULT_EMBEDDING_MODEL
        self.dimension = real.shape[1]
        self._row = {text: i for i, text in enumerate(texts)}
        rng = np.random.default_rng(seed)
        matrix = np.empty((len(texts), real.shape[1]), dtype=np.float32)
        n_real = min(len(texts), len(real))
        matrix[:n_real] = real[:n_real]
        if len(texts) > n_real:
            cycled = real[np.arange(n_real, len(texts)) % len(real)]
            cycled = cycled + rng.normal(0.0, NOISE_SIGMA, cycled.shape).astype(np.float32)
            matrix[n_real:] = cycled / np.linalg.norm(cycled, axis=1, keepdims=True)
        self._matrix = matrix

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        rows: Any = list(self._matrix[[self._row[t] for t in texts]])
        return rows  # numpy rows: `ChunkIndex` only slices them and hands them to Chroma

    def embed_query(self, text: str) -> list[float]:
        return get_embeddings(DEFAULT_EMBEDDING_MODEL).embed_query(text)


def chunk_texts(documents: Sequence[Document]) -> list[str]:
    return [c.text for d in documents for c in chunk_document(d)]


# --------------------------------------------------------------------------- chroma server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(path: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log_path.open("ab") as out:
        proc = subprocess.Popen(
            [
                str(CHROMA_BIN),
                "run",
                "--path",
                str(path),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_COLOR": "1"},
        )
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("chroma run did not come up")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------- workers


def worker_settings(spec: dict[str, Any]) -> Settings:
    return Settings(
        corpus_dir=Path(spec["workdir"]) / "corpus",
        vectorstore_dir=Path(spec["store"]),
        data_dir=Path(spec["workdir"]) / f"data-{spec['mode']}",
        embedding_model=DEFAULT_EMBEDDING_MODEL,
        chroma_url=spec.get("url"),
        today=TODAY,
    )


def load_documents(spec: dict[str, Any]) -> list[Document]:
    with open(spec["documents_file"], "rb") as handle:
        documents: list[Document] = pickle.load(handle)
    return documents[: spec["documents"]]


def ingest_worker(spec: dict[str, Any]) -> dict[str, Any]:
    documents = load_documents(spec)
    texts = chunk_texts(documents)
    embeddings = PrecomputedEmbeddings(texts, np.load(spec["vectors_file"]))
    gc.collect()
    index = ChunkIndex(worker_settings(spec), embeddings=embeddings)
    report = index.ingest(documents, rebuild=True)
    return {
        "documents": len(documents),
        "chunks": report.chunks_total,
        "ingest_wall_s": report.seconds,
        "lookup_s": report.embed_seconds,
        "store_s": report.seconds - report.embed_seconds,
        "peak_rss_mb": rss_mb(field="VmHWM"),
    }


def timed_calls(fn: Any, questions: Sequence[str]) -> list[float]:
    out = []
    for question in questions:
        started = time.perf_counter()
        fn(question)
        out.append((time.perf_counter() - started) * 1000)
    return out


def catalog_parse_ms(assistant: Assistant, questions: Sequence[str]) -> list[float]:
    """`Assistant.ask` first tries the event catalog (`event_answers.parse`, inside the
    "retrieval" part of its timings); timed here on its own, again after the asks."""
    try:
        from assistant.events import answers as event_answers

        parse = event_answers.parse
        catalog = assistant.catalog
    except (ImportError, AttributeError):
        return []
    return timed_calls(lambda q: parse(q, catalog), questions)


def serve_worker(spec: dict[str, Any]) -> dict[str, Any]:
    settings = worker_settings(spec)
    get_embeddings(DEFAULT_EMBEDDING_MODEL, settings.data_dir / "cache").embed_query("Start")
    rss_before = rss_mb()
    started = time.perf_counter()
    assistant = Assistant.from_settings(settings)
    open_s = time.perf_counter() - started
    rss_open, peak_open = rss_mb(), rss_mb(field="VmHWM")
    chunks = assistant.retriever.chunks
    started = time.perf_counter()
    lexical = LexicalIndex(chunks)
    lexical_s = time.perf_counter() - started
    del lexical
    gc.collect()

    questions = [tuple(q) for q in spec["questions"]]
    warm, rest = questions[:WARMUP], questions[WARMUP:]
    half = len(rest) // 2
    retrieval_q, answer_q = rest[:half], rest[half:]
    for question, _, _ in warm:
        assistant.ask(question)

    hits, lexical_ms, dense_ms, retrieval_ms = 0, [], [], []
    for question, _, doc_id in retrieval_q:
        started = time.perf_counter()
        passages = assistant.retriever.retrieve(question, 8)
        retrieval_ms.append((time.perf_counter() - started) * 1000)
        lexical_ms.append(assistant.retriever.last_timings.lexical_ms)
        dense_ms.append(assistant.retriever.last_timings.dense_ms)
        hits += doc_id in {p.doc_id for p in passages}
    cited, abstained, answer_ms, parts = 0, 0, [], {"retrieval": [], "generation": []}
    for question, _, doc_id in answer_q:
        started = time.perf_counter()
        answer = assistant.ask(question)
        answer_ms.append((time.perf_counter() - started) * 1000)
        for key, values in parts.items():
            values.append(answer.timings_ms.get(key, 0.0))
        cited += doc_id in {s.doc_id for s in answer.sources}
        abstained += answer.abstained
    catalog_ms = catalog_parse_ms(assistant, [q for q, _, _ in answer_q])

    result: dict[str, Any] = {
        "chunks": len(chunks),
        "open_s": open_s,
        "lexical_build_s": lexical_s,
        "rss_before_open_mb": rss_before,
        "rss_open_mb": rss_open,
        "rss_end_mb": rss_mb(),
        "peak_rss_open_mb": peak_open,
        "retrieval_ms": latency(retrieval_ms),
        "retrieval_lexical_ms": latency(lexical_ms),
        "retrieval_dense_ms": latency(dense_ms),
        "answer_ms": latency(answer_ms),
        "answer_retrieval_ms": latency(parts["retrieval"]),
        "answer_generation_ms": latency(parts["generation"]),
        "answer_catalog_parse_ms": latency(catalog_ms) if catalog_ms else None,
        "hit_at_8": hits / len(retrieval_q),
        "answer_cites_right_doc": cited / len(answer_q),
        "abstained": abstained / len(answer_q),
    }
    if spec.get("server_pid"):
        result["server_rss_mb"] = rss_mb(spec["server_pid"])
    if spec.get("profile"):
        extra = [q for q, _, _ in spec["profile_questions"]]
        profiler = cProfile.Profile()
        profiler.enable()
        for question in extra:
            assistant.ask(question)
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        result["profile"] = {"questions": len(extra), "text": stream.getvalue()}
    return result


def run_worker(kind: str, spec: dict[str, Any], workdir: Path) -> dict[str, Any]:
    path = workdir / f"spec-{kind}-{spec['mode']}-{spec['documents']}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} worker failed:\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- orchestration


def build_corpus(workdir: Path, max_chunks: int) -> tuple[list[Any], list[Document], float]:
    """Synthetic releases written as files and loaded like the real corpus."""
    estimate = int(max_chunks / 9.0) + 50
    synthetic = synthetic_corpus.write_corpus(workdir / "corpus", estimate, SEED, PARAGRAPHS)
    started = time.perf_counter()
    documents = list(load_corpus(workdir / "corpus").documents)
    load_s = time.perf_counter() - started
    order = {d.doc_id: i for i, d in enumerate(synthetic)}
    documents.sort(key=lambda d: order[d.doc_id])
    return synthetic, documents, load_s


def prefix_for(documents: Sequence[Document], chunks: int) -> int:
    """How many leading documents hold at least `chunks` chunks."""
    total = 0
    for n, doc in enumerate(documents, start=1):
        total += len(chunk_document(doc))
        if total >= chunks:
            return n
    raise ValueError(f"corpus too small for {chunks} chunks")


def embed_real(
    texts: Sequence[str], checkpoints: Sequence[int], probe: int, max_minutes: float
) -> tuple[np.ndarray, dict[str, Any], float]:
    """Embed for real: the first `probe` chunks, then all of them if that is projected to take
    at most `max_minutes` in total, else stop there. Returns vectors, checkpoint times and
    the projected minutes for all texts."""
    model = get_embeddings(DEFAULT_EMBEDDING_MODEL)
    model.embed_documents(list(texts[:64]))  # warm-up (lazy weights, caches)
    vectors: list[np.ndarray] = []
    times: dict[int, float] = {}
    limit, projected = len(texts), 0.0
    started = time.perf_counter()
    for start in range(0, len(texts), 256):
        if start >= limit:
            break
        vectors.append(np.asarray(model.embed_documents(list(texts[start : start + 256]))))
        done = min(start + 256, len(texts))
        for point in checkpoints:
            if point not in times and done >= point:
                times[point] = time.perf_counter() - started
        if start % 2560 == 0:
            log(f"  embedded {done}/{len(texts)} chunks")
        if done >= probe and not projected:
            projected = len(texts) / (done / (time.perf_counter() - started)) / 60
            limit = len(texts) if projected <= max_minutes else done
            log(
                f"  all {len(texts)} chunks would take {projected:.1f} min: embedding "
                f"{limit} for real"
            )
    matrix = np.vstack(vectors).astype(np.float32)
    times[len(matrix)] = time.perf_counter() - started
    points = {
        str(k): {"chunks": k, "seconds": v, "chunks_per_s": k / v}
        for k, v in sorted(times.items())
        if k <= len(matrix)
    }
    return matrix, points, projected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1000,10000,100000")
    parser.add_argument("--modes", default="embedded,server")
    parser.add_argument(
        "--real-embed-limit",
        type=int,
        default=10_000,
        help="chunks embedded before deciding whether to embed all",
    )
    parser.add_argument(
        "--max-embed-minutes",
        type=float,
        default=15.0,
        help="embed every chunk for real if that is projected to take less",
    )
    parser.add_argument("--queries", type=int, default=200, help="per measurement")
    parser.add_argument("--tmp", type=Path, default=None, help="where the stores go")
    parser.add_argument("--profile", action="store_true", help="profile every serving run")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "reports")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, spec_path = args.worker
        spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
        result = ingest_worker(spec) if kind == "ingest" else serve_worker(spec)
        print(json.dumps(result))
        return 0

    command = command_line("benchmark_scale.py", argv)
    scales = [int(s) for s in args.scales.split(",")]
    modes = args.modes.split(",")
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=args.tmp))
    started_run = time.perf_counter()
    load_start = os.getloadavg()[0]
    log(f"work directory {workdir}")
    try:
        synthetic, documents, load_s = build_corpus(workdir, max(scales))
        prefixes = {scale: prefix_for(documents, scale) for scale in scales}
        all_texts = chunk_texts(documents[: prefixes[max(scales)]])
        log(f"corpus: {len(documents)} documents loaded in {load_s:.1f} s; prefixes {prefixes}")
        with open(workdir / "documents.pkl", "wb") as handle:
            pickle.dump(documents, handle)

        probe = min(args.real_embed_limit, len(all_texts))
        log(f"embedding with {DEFAULT_EMBEDDING_MODEL} ...")
        checkpoints = sorted({min(s, len(all_texts)) for s in scales} | {probe})
        real, embed_points, projected_minutes = embed_real(
            all_texts, checkpoints, probe, args.max_embed_minutes
        )
        real_n = len(real)
        np.save(workdir / "vectors.npy", real)
        embed_rate = real_n / embed_points[str(real_n)]["seconds"]
        projected_full = projected_minutes * 60
        log(
            f"embedding: {embed_rate:.1f} chunks/s; all {len(all_texts)} would take "
            f"{projected_full / 60:.1f} min"
        )

        rows: list[dict[str, Any]] = []
        for scale in scales:
            n_docs = prefixes[scale]
            subset = synthetic[:n_docs]
            questions = synthetic_corpus.questions(subset, WARMUP + 2 * args.queries, seed=scale)
            profile_q = synthetic_corpus.questions(subset, PROFILE_QUESTIONS, seed=scale + 1)
            for mode in modes:
                store = workdir / f"store-{mode}-{scale}"
                spec: dict[str, Any] = {
                    "workdir": str(workdir),
                    "mode": mode,
                    "documents": n_docs,
                    "documents_file": str(workdir / "documents.pkl"),
                    "vectors_file": str(workdir / "vectors.npy"),
                    "store": str(store),
                    "questions": questions,
                    "profile_questions": profile_q,
                    "profile": args.profile,
                }
                server = None
                if mode == "server":
                    server, spec["url"] = start_server(store, workdir / "chroma.log")
                    spec["server_pid"] = server.pid
                try:
                    log(f"{scale} chunks, {mode}: ingest ...")
                    ingest = run_worker("ingest", spec, workdir)
                    log(f"  store {ingest['store_s']:.1f} s; serving ...")
                    serve = run_worker("serve", spec, workdir)
                    slow = scale == max(scales) and (
                        serve["retrieval_ms"]["p95"] > TARGET_RETRIEVAL_P95_MS
                        or serve["answer_ms"]["p95"] > TARGET_ANSWER_P95_MS
                    )
                    if slow and not args.profile:
                        log("  target missed: profiling ...")
                        serve["profile"] = run_worker("serve", {**spec, "profile": True}, workdir)[
                            "profile"
                        ]
                    disk = disk_mb(store)
                finally:
                    if server is not None:
                        stop_server(server)
                chunks = ingest["chunks"]
                embed_s = chunks / embed_rate
                row = {
                    "scale": scale,
                    "mode": mode,
                    "documents": n_docs,
                    "chunks": chunks,
                    "real_vectors": min(chunks, real_n),
                    "ingest": ingest,
                    "serve": serve,
                    "disk_mb": disk,
                    "embed_s_estimated": embed_s,
                    "ingest_chunks_per_s": chunks / (embed_s + ingest["store_s"]),
                    "store_chunks_per_s": chunks / ingest["store_s"],
                }
                rows.append(row)
                log(
                    f"  retrieval p95 {serve['retrieval_ms']['p95']:.1f} ms, answer p95 "
                    f"{serve['answer_ms']['p95']:.1f} ms, open {serve['open_s']:.1f} s"
                )
                shutil.rmtree(store, ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    results = {
        "command": command,
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg_start": load_start,
            "load_avg_end": os.getloadavg()[0],
        },
        "corpus": {
            "generator": "evals/synthetic_corpus.py",
            "seed": SEED,
            "paragraphs": PARAGRAPHS,
            "load_s": load_s,
            "documents_loaded": len(documents),
        },
        "embedding": {
            "model": DEFAULT_EMBEDDING_MODEL,
            "real_vectors": real_n,
            "probe": probe,
            "max_minutes": args.max_embed_minutes,
            "checkpoints": embed_points,
            "chunks_per_s": embed_rate,
            "projected_minutes_for_all": projected_full / 60,
            "noise_sigma": NOISE_SIGMA,
        },
        "targets": {
            "retrieval_p95_ms": TARGET_RETRIEVAL_P95_MS,
            "answer_p95_ms": TARGET_ANSWER_P95_MS,
        },
        "rows": rows,
        "run_minutes": (time.perf_counter() - started_run) / 60,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale_benchmark.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (args.out / "scale_benchmark.md").write_text(report(results), encoding="utf-8")
    log(f"wrote {args.out / 'scale_benchmark.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

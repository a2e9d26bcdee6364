"""Retrieval benchmark on this machine: ingest throughput, open time, warm query latency.

Usage (from the repo root):

    python evals/benchmark_retrieval.py [--embedding-model NAME] [--lexical-weight W]
                                        [--passes 5] [--scale 10] [--out evals/reports]

Measures, with `time.perf_counter` and after warm-up:

- ingest of the corpus into a fresh index (full `ingest` wall time, embedding time,
  chunks/s), repeated on fresh temporary directories, plus the same for the corpus
  copied `--scale` times (distinct doc ids) so throughput is not dominated by a
  handful of chunks; and a re-ingest of the unchanged corpus (the no-op path);
- opening: `HybridRetriever(index)` construction in this process (Chroma and model
  already loaded) and in a fresh Python process (imports and model load included);
- warm retrieval latency over all gold questions, twice: *repeated* queries (the
  query-embedding cache answers, so this is BM25 + Chroma + fusion) and *distinct*
  queries (each question with a unique suffix, so every call embeds its query).

Writes evals/reports/benchmark_retrieval.md and .json. Target: warm p95 <= 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from common import command_line

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb
import numpy as np
from report import md_table

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.index.embeddings import get_embeddings
from assistant.index.retrieval import HybridRetriever
from assistant.records import Document
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 10.0
FRESH_RUNS = 5
NOOP_RUNS = 5
OPEN_RUNS = 10

# Run in a fresh interpreter: what a restarted server pays before it can answer.
COLD_OPEN_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from assistant.index.chunk_index import ChunkIndex
from assistant.index.retrieval import HybridRetriever
from assistant.settings import Settings
t1 = time.perf_counter()
settings = Settings(vectorstore_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]),
                    embedding_model=sys.argv[3])
retriever = HybridRetriever(ChunkIndex(settings))
t2 = time.perf_counter()
retriever.retrieve("Wann fand der Digitale Aufbruch 2023 statt?", 5)
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "first_query_s": t3 - t2}))
"""


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes on this machine have used since boot (Linux only)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), q))


def latency_stats(values_ms: Sequence[float]) -> dict[str, float]:
    return {
        "n": float(len(values_ms)),
        "mean": statistics.fmean(values_ms),
        "p50": percentile(values_ms, 50),
        "p95": percentile(values_ms, 95),
        "p99": percentile(values_ms, 99),
        "max": max(values_ms),
    }


def settings_for(workdir: Path, model: str, weight: float) -> Settings:
    return Settings(
        vectorstore_dir=workdir / "vectorstore",
        data_dir=workdir / "data",
        embedding_model=model,
        lexical_weight=weight,
    )


def scaled_corpus(documents: Sequence[Document], copies: int) -> list[Document]:
    """The corpus `copies` times over, each copy a distinct document (own id and hash)."""
    out = list(documents)
    for n in range(1, copies):
        out.extend(
            replace(d, doc_id=f"{d.doc_id}-kopie-{n}", text=f"{d.text}\n\nKopie {n}.")
            for d in documents
        )
    return out


def time_fresh_ingest(
    documents: Sequence[Document], model: str, weight: float, runs: int
) -> list[dict[str, float]]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            index = ChunkIndex(settings_for(Path(tmp), model, weight), get_embeddings(model))
            started = time.perf_counter()
            report = index.ingest(documents, rebuild=True)
            wall = time.perf_counter() - started
            results.append(
                {
                    "documents": float(len(documents)),
                    "chunks": float(report.chunks_embedded),
                    "wall_s": wall,
                    "embed_s": report.embed_seconds,
                    "store_and_rest_s": wall - report.embed_seconds,
                    "chunks_per_s_embed": report.chunks_per_second,
                    "chunks_per_s_ingest": report.chunks_embedded / wall,
                }
            )
    return results


def distinct_tag(n: int) -> str:
    """Letters-only, unique per n, and not a word of the corpus (no BM25 effect)."""
    letters = ""
    n += 26 * 26
    while n:
        n, rem = divmod(n, 26)
        letters = chr(ord("a") + rem) + letters
    return f"zq{letters}"


def measure(
    retriever: HybridRetriever, queries: Sequence[str], k: int
) -> tuple[list[float], list[float], list[float]]:
    total, lexical, dense = [], [], []
    for query in queries:
        started = time.perf_counter()
        retriever.retrieve(query, k)
        total.append((time.perf_counter() - started) * 1000)
        lexical.append(retriever.last_timings.lexical_ms)
        dense.append(retriever.last_timings.dense_ms)
    return total, lexical, dense


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--lexical-weight", type=float, default=defaults.lexical_weight)
    parser.add_argument("--candidate-k", type=int, default=defaults.candidate_k)
    parser.add_argument("--k", type=int, default=defaults.top_k)
    parser.add_argument("--passes", type=int, default=5, help="passes over the gold questions")
    parser.add_argument("--scale", type=int, default=10, help="corpus copies for throughput")
    parser.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "reports")
    args = parser.parse_args(argv)
    command = command_line("benchmark_retrieval.py", argv)
    model, weight = args.embedding_model, args.lexical_weight

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    run_started, busy_at_start, own_at_start = (
        time.perf_counter(),
        machine_busy_seconds(),
        own_cpu_seconds(),
    )
    load, corpus_s = timed(lambda: load_corpus(args.corpus))
    documents = list(load.documents)
    if not documents:
        print(f"ERROR: no documents loaded from {args.corpus}", file=sys.stderr)
        return 1
    questions = [
        json.loads(line)["question"]
        for line in args.gold.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    log(f"loading {model} ...")
    # Providers load lazily (USE on its first call), so "load" includes one query.
    embeddings, model_load_s = timed(lambda: get_embeddings(model))
    _, first_query_s = timed(lambda: embeddings.embed_query("Aufwärmen"))
    # The first passes over the corpus are several times slower than later ones on
    # this VM; embed it until two passes agree (max 6), report them, then measure.
    chunk_texts = [c.text for d in documents for c in chunk_document(d)]
    warmup_passes: list[float] = []
    while len(warmup_passes) < 6:
        warmup_passes.append(timed(lambda: embeddings.embed_documents(chunk_texts))[1])
        if len(warmup_passes) >= 2 and warmup_passes[-1] <= 1.15 * min(warmup_passes[:-1]):
            break

    log("ingest: fresh index ...")
    fresh = time_fresh_ingest(documents, model, weight, FRESH_RUNS)
    log(f"ingest: fresh index, corpus x{args.scale} ...")
    big = scaled_corpus(documents, args.scale)
    fresh_big = time_fresh_ingest(big, model, weight, 1) if args.scale > 1 else []

    results: dict[str, Any] = {
        "command": command,
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else None,
            "load_avg_1m_at_start": os.getloadavg()[0],
            "python": platform.python_version(),
            "numpy": np.__version__,
            "chromadb": chromadb.__version__,
        },
        "embedding_model": model,
        "lexical_weight": weight,
        "candidate_k": args.candidate_k,
        "k": args.k,
        "corpus": {"documents": len(documents), "skipped": len(load.skipped), "load_s": corpus_s},
        "model_load_s": model_load_s + first_query_s,
        "warmup_embed": {"chunks": len(chunk_texts), "passes_s": warmup_passes},
        "ingest_fresh": fresh,
        "ingest_fresh_scaled": fresh_big,
    }

    with tempfile.TemporaryDirectory(prefix="bench-main-") as tmp:
        settings = settings_for(Path(tmp), model, weight)
        index = ChunkIndex(settings, embeddings)
        index.ingest(documents, rebuild=True)

        log("re-ingest (no-op) ...")
        noop = []
        for _ in range(NOOP_RUNS):
            report, wall = timed(lambda: index.ingest(documents))
            assert not report.changed, "re-ingest of an unchanged corpus changed the index"
            noop.append(wall)
        results["reingest_noop_s"] = noop

        log("open ...")
        opens = []
        for _ in range(OPEN_RUNS):
            fresh_index = ChunkIndex(settings, embeddings)
            _, wall = timed(
                lambda idx=fresh_index: HybridRetriever(idx, weight, args.candidate_k)  # type: ignore[misc]
            )
            opens.append(wall)
        results["open_in_process_s"] = opens
        cold = subprocess.run(
            [
                sys.executable,
                "-c",
                COLD_OPEN_SNIPPET,
                str(settings.vectorstore_dir),
                str(settings.data_dir),
                model,
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        results["open_cold_process"] = json.loads(cold.stdout.strip().splitlines()[-1])

        log("latency ...")
        retriever = HybridRetriever(index, weight, args.candidate_k)
        n_chunks = len(retriever.chunks)
        # warm-up: code paths, BM25 arrays, Chroma's HNSW index, the query cache
        measure(retriever, [f"Aufwärmen {distinct_tag(10_000 + i)}" for i in range(20)], args.k)
        measure(retriever, questions, args.k)
        repeated = [q for _ in range(args.passes) for q in questions]
        rep_total, rep_lex, rep_dense = measure(retriever, repeated, args.k)
        distinct = [
            f"{q} ({distinct_tag(p * len(questions) + i)})"
            for p in range(args.passes)
            for i, q in enumerate(questions)
        ]
        dis_total, dis_lex, dis_dense = measure(retriever, distinct, args.k)
    results["chunks"] = n_chunks
    results["latency_repeated_ms"] = {
        "total": latency_stats(rep_total),
        "lexical": latency_stats(rep_lex),
        "dense": latency_stats(rep_dense),
    }
    results["latency_distinct_ms"] = {
        "total": latency_stats(dis_total),
        "lexical": latency_stats(dis_lex),
        "dense": latency_stats(dis_dense),
    }
    results["target_p95_ms"] = TARGET_P95_MS
    results["machine"]["load_avg_1m_at_end"] = os.getloadavg()[0]
    busy_at_end = machine_busy_seconds()
    if busy_at_start is not None and busy_at_end is not None:
        capacity = (time.perf_counter() - run_started) * (results["machine"]["cpus_usable"] or 1)
        others = (busy_at_end - busy_at_start) - (own_cpu_seconds() - own_at_start)
        results["machine"]["cpu_share_used_by_others"] = max(0.0, others / capacity)

    report = render(results, fresh, fresh_big, args.scale)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmark_retrieval.md").write_text(report, encoding="utf-8")
    (args.out / "benchmark_retrieval.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    log(f"wrote {args.out / 'benchmark_retrieval.md'} and .json")
    return 0


def render(
    results: dict[str, Any],
    fresh: Sequence[dict[str, float]],
    fresh_big: Sequence[dict[str, float]],
    scale: int,
) -> str:
    m = results["machine"]
    out = ["# Retrieval benchmark\n"]
    out.append(f"- command: `{results['command']}`")
    out.append(f"- date: {results['date']}")
    out.append(
        f"- machine: {m['platform']}, {m['processor']}, {m['cpus']} CPUs "
        f"({m['cpus_usable']} usable), load avg (1 min) {m['load_avg_1m_at_start']:.2f} at start, "
        f"{m['load_avg_1m_at_end']:.2f} at end; "
        f"Python {m['python']}, numpy {m['numpy']}, chromadb {m['chromadb']}"
    )
    out.append(
        f"- embedding model: `{results['embedding_model']}` "
        f"(load incl. first query {results['model_load_s']:.2f} s); "
        f"lexical weight {results['lexical_weight']:g}; candidate_k {results['candidate_k']}; "
        f"k {results['k']}"
    )
    out.append(
        f"- corpus: {results['corpus']['documents']} documents, {results['chunks']} chunks "
        f"(loaded in {results['corpus']['load_s'] * 1000:.0f} ms)"
    )
    others = m.get("cpu_share_used_by_others")
    if others is not None:
        out.append(f"- CPU used by other processes during the run: {others:.0%} of the machine")
    if others is not None and others > 0.15:
        out.append(
            "\n> **The machine was shared during this run**: embedding-bound numbers "
            "(ingest, distinct-query latency) are upper bounds; re-run on an idle machine "
            "for reference figures."
        )
    out.append("\n## Ingest (fresh index)\n")
    w = results["warmup_embed"]
    passes = ", ".join(f"{t:.2f}" for t in w["passes_s"])
    out.append(
        f"Warm-up before measuring: embedding the {w['chunks']} chunk texts, pass by pass, "
        f"took {passes} s (first pass = cold-model cost right after start: "
        f"{w['chunks'] / w['passes_s'][0]:.1f} chunks/s). The runs below are steady state.\n"
    )
    rows = []
    for i, r in enumerate(fresh, start=1):
        label = f"corpus, run {i}" + (" (first in process)" if i == 1 else "")
        rows.append(ingest_row(label, r))
    if len(fresh) > 2:
        steady = fresh[1:]
        median = {key: statistics.median(r[key] for r in steady) for key in steady[0]}
        rows.append(ingest_row(f"corpus, median of runs 2–{len(fresh)}", median))
    for r in fresh_big:
        rows.append(ingest_row(f"corpus x{scale} (copies)", r))
    out.append(
        md_table(
            [
                "run",
                "docs",
                "chunks",
                "ingest wall s",
                "embed s",
                "store+rest s",
                "chunks/s embed",
                "chunks/s ingest",
            ],
            rows,
        )
    )
    out.append(
        "\n`chunks/s ingest` = chunks / full `ingest` wall time (chunking, embedding, "
        "Chroma writes, generation flip, cleanup); `store+rest` = wall − embedding."
    )
    noop = results["reingest_noop_s"]
    out.append(
        "\nRe-ingest of the unchanged corpus (no-op): "
        f"median {statistics.median(noop) * 1000:.1f} ms "
        f"(min {min(noop) * 1000:.1f}, max {max(noop) * 1000:.1f}; {len(noop)} runs)."
    )
    opens = results["open_in_process_s"]
    cold = results["open_cold_process"]
    out.append("\n## Open\n")
    out.append(
        md_table(
            ["what", "time"],
            [
                ["`HybridRetriever(index)` in process, first", f"{opens[0] * 1000:.1f} ms"],
                [
                    f"`HybridRetriever(index)` in process, median of {len(opens)}",
                    f"{statistics.median(opens) * 1000:.1f} ms",
                ],
                ["fresh process: imports", f"{cold['import_s'] * 1000:.0f} ms"],
                [
                    "fresh process: `HybridRetriever(ChunkIndex(settings))` (creates the provider)",
                    f"{cold['open_s'] * 1000:.0f} ms",
                ],
                [
                    "fresh process: first query (incl. lazy weight loading)",
                    f"{cold['first_query_s'] * 1000:.0f} ms",
                ],
            ],
        )
    )
    out.append("\n## Warm retrieval latency (ms)\n")
    lat_rows = []
    for label, key in (
        ("repeated queries", "latency_repeated_ms"),
        ("distinct queries", "latency_distinct_ms"),
    ):
        for part in ("total", "lexical", "dense"):
            s = results[key][part]
            name = f"{label}: {'retrieve()' if part == 'total' else part}"
            lat_rows.append(
                [
                    name,
                    str(int(s["n"])),
                    f"{s['mean']:.2f}",
                    f"{s['p50']:.2f}",
                    f"{s['p95']:.2f}",
                    f"{s['p99']:.2f}",
                    f"{s['max']:.2f}",
                ]
            )
    out.append(md_table(["", "n", "mean", "p50", "p95", "p99", "max"], lat_rows))
    out.append(
        "\n*repeated*: every gold question again (query vector from the retriever's cache); "
        "*distinct*: each gold question with a unique suffix, so each call embeds its query. "
        "`lexical` = BM25 scoring, `dense` = query embedding (if not cached) + Chroma query; "
        "`retrieve()` also includes fusion."
    )
    target = results["target_p95_ms"]
    verdicts = []
    for label, key in (("repeated", "latency_repeated_ms"), ("distinct", "latency_distinct_ms")):
        p95 = results[key]["total"]["p95"]
        verdicts.append(f"{label} p95 {p95:.2f} ms → {'PASS' if p95 <= target else 'FAIL'}")
    out.append(f"\n**Target: warm retrieval p95 ≤ {target:g} ms** — " + "; ".join(verdicts) + ".")
    return "\n".join(out) + "\n"


def ingest_row(label: str, r: dict[str, float]) -> list[str]:
    return [
        label,
        str(int(r["documents"])),
        str(int(r["chunks"])),
        f"{r['wall_s']:.3f}",
        f"{r['embed_s']:.3f}",
        f"{r['store_and_rest_s']:.3f}",
        f"{r['chunks_per_s_embed']:.1f}",
        f"{r['chunks_per_s_ingest']:.1f}",
    ]


if __name__ == "__main__":
    sys.exit(main())

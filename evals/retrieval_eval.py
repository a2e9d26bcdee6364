"""Retrieval eval: hybrid retriever vs. a naive LangChain + Chroma baseline on the gold set.

Usage (from the repo root):

    python evals/retrieval_eval.py [--embedding-model NAME] [--lexical-weight W] [--sweep]
                                   [--gold evals/gold.jsonl] [--out evals/reports]

Builds a fresh index of the corpus in a temporary directory and, for every answerable
gold question, scores hit@1, hit@3, MRR (first gold document within the top 10) and
key-phrase coverage of the top-5 passages. Follow-up turns are retrieved with the
question resolved against the earlier questions of their conversation
(`assistant.questions.resolve_followup`), exactly as the assistant does.

Side by side in the same run: the hybrid retriever at the chosen weight, its
lexical-only (weight 1.0) and dense-only (weight 0.0) variants, and a naive
baseline (RecursiveCharacterTextSplitter 1000/200 + Chroma, `similarity_search`
k=4; its hit@3/MRR/coverage use those 4 results). `--sweep` adds one line per
(embedding model, lexical weight) to choose the defaults.

Writes evals/reports/retrieval_eval.jsonl (per question) and retrieval_eval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common import command_line

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document as LCDocument
from langchain_text_splitters import RecursiveCharacterTextSplitter
from metrics import (
    OVERALL,
    aggregate,
    hit_at_k,
    keyphrase_coverage,
    reciprocal_rank,
)
from report import md_table

from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.index.embeddings import get_embeddings
from assistant.index.retrieval import HybridRetriever
from assistant.pipeline import corpus_stats
from assistant.records import Document
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings
from assistant.text.questions import resolve_followup

ROOT = Path(__file__).resolve().parent.parent
MODELS = ("use-multilingual-v3", "all-minilm-l6-v2")
SWEEP_WEIGHTS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
HYBRID_K = 5  # passages an answer is built from
RANK_CUTOFF = 10  # depth for MRR
BASELINE_K = 4


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    doc_id: str
    text: str


Ranker = Callable[[str], list[Hit]]


@dataclass(frozen=True)
class GoldItem:
    id: str
    kind: str
    question: str
    gold_doc_ids: tuple[str, ...]
    key_phrases: tuple[str, ...]
    query: str  # what is sent to retrieval (follow-ups resolved)


# -- gold ------------------------------------------------------------------------------


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def conversation_history(rows: Sequence[dict[str, Any]], row: dict[str, Any]) -> list[str]:
    """Questions of earlier turns of the same conversation, in turn order."""
    if row.get("conversation") is None or (row.get("turn") or 0) <= 1:
        return []
    earlier = [
        r
        for r in rows
        if r.get("conversation") == row["conversation"] and (r.get("turn") or 0) < row["turn"]
    ]
    return [r["question"] for r in sorted(earlier, key=lambda r: r["turn"])]


def answerable_items(
    rows: Sequence[dict[str, Any]], lexicon: frozenset[str] | None = None
) -> list[GoldItem]:
    items = []
    for row in rows:
        if not row["answerable"]:
            continue
        history = conversation_history(rows, row)
        query = resolve_followup(row["question"], history, lexicon) if history else row["question"]
        items.append(
            GoldItem(
                id=row["id"],
                kind=row["kind"],
                question=row["question"],
                gold_doc_ids=tuple(row["gold_doc_ids"]),
                key_phrases=tuple(row["key_phrases"]),
                query=query,
            )
        )
    return items


# -- systems ---------------------------------------------------------------------------


def build_index(documents: Sequence[Document], model: str, workdir: Path) -> ChunkIndex:
    settings = Settings(
        vectorstore_dir=workdir / "vectorstore",
        data_dir=workdir / "data",
        embedding_model=model,
    )
    index = ChunkIndex(settings, embeddings=get_embeddings(model))
    index.ingest(documents, rebuild=True)
    return index


def hybrid_ranker(retriever: HybridRetriever, weight: float) -> Ranker:
    def rank(query: str) -> list[Hit]:
        retriever.lexical_weight = weight
        return [Hit(p.chunk_id, p.doc_id, p.text) for p in retriever.retrieve(query, RANK_CUTOFF)]

    return rank


def build_baseline(documents: Sequence[Document], model: str, workdir: Path) -> tuple[Ranker, int]:
    """The tutorial RAG setup: fixed-width splits of the document text, cosine Chroma, k=4."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    splits = splitter.create_documents(
        [d.text for d in documents], metadatas=[{"doc_id": d.doc_id} for d in documents]
    )
    ids = []
    counters: dict[str, int] = {}
    for split in splits:
        doc_id = split.metadata["doc_id"]
        ids.append(f"{doc_id}#{counters.get(doc_id, 0)}")
        counters[doc_id] = counters.get(doc_id, 0) + 1
    store = Chroma(
        collection_name="baseline",
        embedding_function=get_embeddings(model),
        persist_directory=str(workdir / "baseline"),
        client_settings=ChromaSettings(anonymized_telemetry=False),
        # chromadb >= 1.0: the index space is configuration, not "hnsw:space" metadata
        collection_configuration={"hnsw": {"space": "cosine"}},
    )
    store.add_documents(splits, ids=ids)

    def rank(query: str) -> list[Hit]:
        found: list[LCDocument] = store.similarity_search(query, k=BASELINE_K)
        return [Hit(str(d.id), str(d.metadata["doc_id"]), d.page_content) for d in found]

    return rank, len(splits)


# -- scoring ---------------------------------------------------------------------------


def score(item: GoldItem, hits: Sequence[Hit], coverage_k: int) -> dict[str, Any]:
    ranked = [h.doc_id for h in hits]
    return {
        "hit@1": hit_at_k(ranked, item.gold_doc_ids, 1),
        "hit@3": hit_at_k(ranked, item.gold_doc_ids, 3),
        "rr": reciprocal_rank(ranked, item.gold_doc_ids, RANK_CUTOFF),
        "coverage": keyphrase_coverage([h.text for h in hits[:coverage_k]], item.key_phrases),
    }


def run_system(items: Sequence[GoldItem], ranker: Ranker, coverage_k: int) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        started = time.perf_counter()
        hits = ranker(item.query)
        elapsed_ms = (time.perf_counter() - started) * 1000
        row = {"id": item.id, "kind": item.kind, **score(item, hits, coverage_k)}
        row["ms"] = elapsed_ms
        row["top_chunk_ids"] = [h.chunk_id for h in hits[:coverage_k]]
        row["top_doc_ids"] = [h.doc_id for h in hits[:coverage_k]]
        rows.append(row)
    return rows


#: Kinds answered from the event catalog (lists across documents, next/past events): their
#: key phrases are spread over many documents, so top-5 passages cannot hold them all.
CATALOG_KINDS = frozenset({"time"})
PASSAGE_OVERALL = "overall w/o time"


def summary(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """kind -> {n, hit@1, hit@3, mrr, coverage} (plus "overall")."""
    parts = {
        name: aggregate(rows, key)
        for name, key in (
            ("hit@1", "hit@1"),
            ("hit@3", "hit@3"),
            ("mrr", "rr"),
            ("coverage", "coverage"),
        )
    }
    out: dict[str, dict[str, float]] = {}
    for kind, stats in parts["hit@1"].items():
        out[kind] = {"n": stats["n"], **{name: agg[kind]["mean"] for name, agg in parts.items()}}
    passage_rows = [r for r in rows if r.get("kind") not in CATALOG_KINDS]
    if 0 < len(passage_rows) < len(rows):  # the kinds passages must answer, for issue #2
        out[PASSAGE_OVERALL] = summary(passage_rows)[OVERALL]
    return out


# -- formatting ------------------------------------------------------------------------


def f3(value: float) -> str:
    return f"{value:.3f}"


def comparison_table(
    hybrid: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]], weight: float
) -> str:
    headers = [
        "kind",
        "n",
        f"H(w={weight:g}) hit@1",
        "H hit@3",
        "H MRR",
        "H kp@5",
        "B hit@1",
        "B hit@3",
        "B MRR",
        "B kp@4",
    ]
    rows = []
    for kind, h in hybrid.items():
        b = baseline[kind]
        label = f"**{kind}**" if kind == OVERALL else kind
        rows.append(
            [
                label,
                str(int(h["n"])),
                f3(h["hit@1"]),
                f3(h["hit@3"]),
                f3(h["mrr"]),
                f3(h["coverage"]),
                f3(b["hit@1"]),
                f3(b["hit@3"]),
                f3(b["mrr"]),
                f3(b["coverage"]),
            ]
        )
    return md_table(headers, rows)


def fusion_table(systems: dict[str, dict[str, dict[str, float]]]) -> str:
    """Per kind: hit@1 / MRR / kp@5 of each system, abbreviated by its key's first letter."""
    names = list(systems)
    headers = ["kind", "n"]
    for name in names:
        headers += [f"{name[0]} hit@1", f"{name[0]} MRR", f"{name[0]} kp@5"]
    rows = []
    for kind, stats in systems[names[0]].items():
        label = f"**{kind}**" if kind == OVERALL else kind
        row = [label, str(int(stats["n"]))]
        for name in names:
            s = systems[name][kind]
            row += [f3(s["hit@1"]), f3(s["mrr"]), f3(s["coverage"])]
        rows.append(row)
    legend = ", ".join(f"{name[0]} = {name}" for name in names)
    return f"{legend}\n\n{md_table(headers, rows)}"


def latency_line(rows: Sequence[dict[str, Any]]) -> str:
    values = sorted(r["ms"] for r in rows)
    p50 = values[len(values) // 2]
    return f"median {p50:.1f} ms, max {values[-1]:.1f} ms over {len(values)} queries"


# -- main ------------------------------------------------------------------------------


def sweep(
    documents: Sequence[Document],
    items: Sequence[GoldItem],
    candidate_k: int,
    ready: dict[str, ChunkIndex],
    workdir: Path,
) -> list[list[str]]:
    lines: list[list[str]] = []
    for model in MODELS:
        print(f"[sweep] {model} ...", file=sys.stderr, flush=True)
        index = ready.get(model) or build_index(documents, model, workdir / f"sweep-{model}")
        retriever = HybridRetriever(index, lexical_weight=0.0, candidate_k=candidate_k)
        for weight in SWEEP_WEIGHTS:
            s = summary(run_system(items, hybrid_ranker(retriever, weight), HYBRID_K))[OVERALL]
            lines.append(
                [
                    model,
                    f"hybrid w={weight:g}",
                    f3(s["hit@1"]),
                    f3(s["hit@3"]),
                    f3(s["mrr"]),
                    f3(s["coverage"]),
                ]
            )
        base, _ = build_baseline(documents, model, workdir / f"sweep-baseline-{model}")
        s = summary(run_system(items, base, BASELINE_K))[OVERALL]
        lines.append(
            [model, "baseline k=4", f3(s["hit@1"]), f3(s["hit@3"]), f3(s["mrr"]), f3(s["coverage"])]
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--lexical-weight", type=float, default=defaults.lexical_weight)
    parser.add_argument("--candidate-k", type=int, default=defaults.candidate_k)
    parser.add_argument("--sweep", action="store_true", help="also sweep weights x models")
    parser.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "evals" / "reports")
    args = parser.parse_args(argv)
    command = command_line("retrieval_eval.py", argv)

    load = load_corpus(args.corpus)
    documents = list(load.documents)
    if not documents:
        print(f"ERROR: no documents loaded from {args.corpus}", file=sys.stderr)
        return 1
    gold_rows = load_gold(args.gold)
    model, weight = args.embedding_model, args.lexical_weight

    with tempfile.TemporaryDirectory(prefix="retrieval-eval-") as tmp:
        workdir = Path(tmp)
        print(f"building index ({model}) ...", file=sys.stderr, flush=True)
        index = build_index(documents, model, workdir / "main")
        retriever = HybridRetriever(index, lexical_weight=weight, candidate_k=args.candidate_k)
        n_chunks = len(retriever.chunks)
        # follow-ups are resolved with the corpus's event words, exactly as `Assistant` does
        _, lexicon = corpus_stats(retriever.chunks)
        items = answerable_items(gold_rows, lexicon)
        baseline, n_baseline_chunks = build_baseline(documents, model, workdir / "baseline")

        hybrid_rows = run_system(items, hybrid_ranker(retriever, weight), HYBRID_K)
        lexical_rows = run_system(items, hybrid_ranker(retriever, 1.0), HYBRID_K)
        dense_rows = run_system(items, hybrid_ranker(retriever, 0.0), HYBRID_K)
        baseline_rows = run_system(items, baseline, BASELINE_K)
        sweep_lines = (
            sweep(documents, items, args.candidate_k, {model: index}, workdir) if args.sweep else []
        )

    hybrid_s, baseline_s = summary(hybrid_rows), summary(baseline_rows)
    fusion = {
        "Lexical-only (w=1)": summary(lexical_rows),
        "Dense-only (w=0)": summary(dense_rows),
        f"Hybrid (w={weight:g})": hybrid_s,
    }
    misses = [
        (item, row) for item, row in zip(items, hybrid_rows, strict=True) if row["hit@1"] == 0
    ]

    # -- report ------------------------------------------------------------------------
    out: list[str] = []
    out.append("# Retrieval eval\n")
    out.append(f"- command: `{command}`")
    out.append(f"- date: {datetime.now().isoformat(timespec='seconds')}")
    out.append(
        f"- embedding model: `{model}`; lexical weight: {weight:g}; candidate_k: {args.candidate_k}"
    )
    out.append(
        f"- corpus: {len(documents)} documents ({len(load.skipped)} skipped), "
        f"{n_chunks} hybrid chunks, {n_baseline_chunks} baseline chunks "
        f"(RecursiveCharacterTextSplitter 1000/200)"
    )
    out.append(
        f"- gold: {len(gold_rows)} questions, {len(items)} answerable scored "
        f"(unanswerable ones are the answer eval's job)"
    )
    out.append(
        "- metrics: hit@k = a gold document among the top k; MRR = 1/rank of the first "
        f"gold document within the top {RANK_CUTOFF}; kp = share of key phrases found "
        f"(folded) in the top-{HYBRID_K} passages (baseline: its {BASELINE_K} results, "
        "which also bound its hit@3/MRR)"
    )
    out.append("")
    out.append("## Hybrid (H) vs. naive baseline (B)\n")
    out.append(comparison_table(hybrid_s, baseline_s, weight))
    out.append("")
    out.append("## Fusion: lexical-only vs. dense-only vs. hybrid\n")
    out.append(fusion_table(fusion))
    out.append("")
    out.append(
        "Latency in this run (includes query embedding on first sight): "
        f"hybrid {latency_line(hybrid_rows)}; baseline {latency_line(baseline_rows)}."
    )
    if sweep_lines:
        out.append("")
        out.append("## Sweep (overall, answerable questions)\n")
        out.append(
            md_table(
                ["embedding model", "system", "hit@1", "hit@3", "MRR", "kp"], sweep_lines, left=2
            )
        )
    out.append("")
    out.append(f"## Hybrid hit@1 misses ({len(misses)})\n")
    miss_rows = []
    for item, row in misses:
        question = (
            item.question if item.query == item.question else (f"{item.question} → `{item.query}`")
        )
        top = row["top_doc_ids"][0] if row["top_doc_ids"] else "—"
        rank = f"{1 / row['rr']:.0f}" if row["rr"] else f">{RANK_CUTOFF}"
        miss_rows.append([item.id, item.kind, question, top, ", ".join(item.gold_doc_ids), rank])
    out.append(
        md_table(
            [
                "id",
                "kind",
                "question (→ resolved query)",
                "top doc",
                "gold docs",
                "first gold rank",
            ],
            miss_rows,
            left=5,
        )
        if miss_rows
        else "none"
    )
    report = "\n".join(out) + "\n"
    print(report)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "retrieval_eval.md").write_text(report, encoding="utf-8")
    with (args.out / "retrieval_eval.jsonl").open("w", encoding="utf-8") as handle:
        for item, h, lx, dn, b in zip(
            items, hybrid_rows, lexical_rows, dense_rows, baseline_rows, strict=True
        ):
            record = {
                "id": item.id,
                "kind": item.kind,
                "question": item.question,
                "query": item.query,
                "gold_doc_ids": list(item.gold_doc_ids),
                "embedding_model": model,
                "lexical_weight": weight,
                "hit@1": h["hit@1"],
                "hit@3": h["hit@3"],
                "rr": h["rr"],
                "coverage": h["coverage"],
                "top5_chunk_ids": h["top_chunk_ids"],
                "top5_doc_ids": h["top_doc_ids"],
                "lexical_only": {k: lx[k] for k in ("hit@1", "rr", "coverage")},
                "dense_only": {k: dn[k] for k in ("hit@1", "rr", "coverage")},
                "baseline": {
                    **{k: b[k] for k in ("hit@1", "hit@3", "rr", "coverage")},
                    "top4_chunk_ids": b["top_chunk_ids"],
                    "top4_doc_ids": b["top_doc_ids"],
                },
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"wrote {args.out / 'retrieval_eval.md'} and {args.out / 'retrieval_eval.jsonl'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

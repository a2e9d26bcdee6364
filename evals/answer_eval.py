"""Answer eval: what a visitor would get for every gold question.

Usage (from the repo root):

    python evals/answer_eval.py [--gold evals/gold.jsonl] [--out evals/reports]
                                [--today 2026-11-23] [--embedding-model NAME]

Builds a fresh index of `corpus/` in a temporary directory, asks every gold
question through `Assistant.ask` (follow-up turns with their conversation's
earlier questions as history) and scores:

- key-phrase correctness: all key phrases (folded) in the answer, per kind;
- abstention: precision/recall on unanswerable questions, false-abstention rate;
- citation precision: share of cited sources whose document is a gold document;
- citation validity: every [n] points to a listed source and every listed source
  is cited; sentences without a marker are counted;
- follow-up accuracy, language match, latency p50/p95 (warm, in-process).

Writes evals/reports/answer_eval.jsonl (per question) and answer_eval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from metrics import OVERALL, aggregate, fold, mean, percentile

from assistant.chat import Assistant
from assistant.citations import cited_numbers, uncited_sentences
from assistant.corpus import load_corpus
from assistant.index import ChunkIndex
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
ABSTAIN_PHRASES = ("keine informationen", "no information")


def score_answer(row: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """Per-question scores; keys absent where they do not apply (e.g. precision when abstained)."""
    text = answer["answer"]
    cited = answer["sources"]
    gold = set(row["gold_doc_ids"])
    kp_found = [fold(k) in fold(text) for k in row["key_phrases"]]
    scores: dict[str, Any] = {
        "id": row["id"],
        "kind": row["kind"],
        "question": row["question"],
        "answerable": row["answerable"],
        "abstained": answer["abstained"],
        "answer": text,
        "cited_docs": [s["doc_id"] for s in cited],
        "language_ok": answer["language"] == row["lang"],
        "latency_ms": answer["timings_ms"]["total"],
        "resolved_question": answer.get("resolved_question", ""),
    }
    numbers = set(cited_numbers(text))
    scores["citations_valid"] = numbers == {s["n"] for s in cited}
    scores["uncited_sentences"] = len(uncited_sentences(text)) if not answer["abstained"] else 0
    if row["answerable"]:
        scores["correct"] = (not answer["abstained"]) and all(kp_found)
        scores["keyphrases_found"] = sum(kp_found)
        scores["false_abstention"] = answer["abstained"]
        if cited and not answer["abstained"]:
            scores["citation_precision"] = sum(s["doc_id"] in gold for s in cited) / len(cited)
    else:
        scores["correct"] = answer["abstained"]
    return scores


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in Path(args.gold).read_text("utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            corpus_dir=ROOT / "corpus",
            vectorstore_dir=Path(tmp) / "vectorstore",
            data_dir=Path(tmp) / "data",
            embedding_model=args.embedding_model,
            today=date.fromisoformat(args.today),
        )
        ChunkIndex(settings).ingest(load_corpus(settings.corpus_dir).documents)
        assistant = Assistant.from_settings(settings)
        assistant.ask("Wann ist Digitaler Aufbruch 2024?")  # warm-up: load caches once
        histories: dict[str, list[str]] = {}
        results = []
        for row in rows:
            history = histories.setdefault(row["conversation"], []) if row["conversation"] else []
            answer = assistant.ask(row["question"], history).to_json()
            if row["conversation"]:
                history.append(row["question"])
            results.append(score_answer(row, answer))
    return results


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    abstained = [r for r in results if r["abstained"]]
    followups = [r for r in results if r["kind"] == "followup"]
    with_precision = [r for r in results if "citation_precision" in r]
    latencies = [r["latency_ms"] for r in results]
    return {
        "questions": len(results),
        "answerable_correct": mean(float(r["correct"]) for r in answerable),
        "unanswerable_abstained": mean(float(r["abstained"]) for r in unanswerable),
        "false_abstention_rate": mean(float(r["abstained"]) for r in answerable),
        "abstention_precision": mean(float(not r["answerable"]) for r in abstained),
        "abstention_recall": mean(float(r["abstained"]) for r in unanswerable),
        "citation_precision": mean(r["citation_precision"] for r in with_precision),
        "citation_validity": mean(float(r["citations_valid"]) for r in results),
        "uncited_sentences": sum(r["uncited_sentences"] for r in results),
        "followup_correct": mean(float(r["correct"]) for r in followups),
        "language_match": mean(float(r["language_ok"]) for r in results),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "by_kind": aggregate(results, "correct"),
    }


def to_markdown(summary: dict[str, Any], results: list[dict[str, Any]], command: str) -> str:
    lines = [
        "# Answer eval",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now().isoformat(timespec='seconds')}, generator `extractive`",
        "",
        "| metric | value | target |",
        "|---|---|---|",
        f"| answerable questions with all key phrases | {summary['answerable_correct']:.3f} | ≥ 0.90 |",
        f"| unanswerable questions abstained | {summary['unanswerable_abstained']:.3f} | 1.00 |",
        f"| false abstentions (share of answerable) | {summary['false_abstention_rate']:.3f} | ≤ 0.05 |",
        f"| abstention precision | {summary['abstention_precision']:.3f} | |",
        f"| citation precision (cited docs that are gold) | {summary['citation_precision']:.3f} | ≥ 0.95 |",
        f"| citation validity (every [n] listed, every listed cited) | {summary['citation_validity']:.3f} | 1.00 |",
        f"| sentences without a citation | {summary['uncited_sentences']} | 0 |",
        f"| follow-up turns correct | {summary['followup_correct']:.3f} | 1.00 |",
        f"| language match | {summary['language_match']:.3f} | 1.00 |",
        f"| latency p50 / p95 (warm, in-process) | {summary['latency_p50_ms']:.1f} / "
        f"{summary['latency_p95_ms']:.1f} ms | p95 ≤ 50 ms |",
        "",
        "## Correct by kind",
        "",
        "| kind | n | correct |",
        "|---|---|---|",
    ]
    for kind, agg in summary["by_kind"].items():
        if kind != OVERALL:
            lines.append(f"| {kind} | {agg['n']} | {agg['mean']:.3f} |")
    overall = summary["by_kind"][OVERALL]
    lines.append(f"| **all** | {overall['n']} | {overall['mean']:.3f} |")
    misses = [r for r in results if not r["correct"]]
    if misses:
        lines += ["", "## Not correct", ""]
        for r in misses:
            lines.append(f"- {r['id']} ({r['kind']}) {r['question']} → {r['answer'][:200]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default=str(ROOT / "evals" / "gold.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "evals" / "reports"))
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    args = parser.parse_args(argv)
    results = run(args)
    summary = summarise(results)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "answer_eval.jsonl").open("w", encoding="utf-8") as handle:
        for r in results:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    command = "python evals/answer_eval.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    markdown = to_markdown(summary, results, command.strip())
    (out / "answer_eval.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

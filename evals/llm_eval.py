"""LLM eval: the extractive generator and an LLM behind the guardrails, side by side, per answer set.

Usage (from the repo root; `make llm-model` first for the default model):

    python evals/llm_eval.py --generator llamacpp [--gguf PATH|smollm2]
                             [--set FILE[@CORPUS_DIR] ...] [--split test] [--limit N]
                             [--timeout 120] [--out evals/reports] [--today 2026-11-23]
    python evals/llm_eval.py --generator openai --base-url URL --model NAME …

Every answer set (default: evals/gold.jsonl and evals/sets/visitor.jsonl; `--split` keeps
the rows of that split where a set has splits) is answered in ONE run by both generators on
the same index of its corpus (default corpus/): first the extractive answer, then the LLM's,
question by question, so load on a shared machine hits both alike. The LLM answer is
streamed as the page streams it (`Assistant.ask(on_text=…)`), which gives the time to the
first checked sentence a visitor sees. `--gguf smollm2` runs the tiny stand-in model the
plumbing tests use (no German; shows the guardrails, not quality).

Scores per set and generator are those of `evals/answer_eval.py` (`evals/answer_scoring.py`):
- correct: every key-phrase group found (a yes/no group must open the answer), no `must_not`
  phrase; unanswerable → abstained;
- wrong: states something false — a must-not phrase, an answer to an unanswerable question, a
  wrong event date, or only other documents cited;
- false abstention: abstained on an answerable question; incomplete: the rest;
- clean: correct and short (2 sentences / 45 words for factoid kinds, 4 / 120 for lists);
- invented facts the guardrails caught, what they did (LLM shown / one sentence replaced /
  extractive fallback / evidence gate), and where the LLM wins or loses against extractive;
- latency p50/p95 per answer and to the first shown text, and the prompt tokens llama.cpp read.

Writes evals/reports/llm_eval.md, llm_eval.json and llm_eval.jsonl (per question).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from answer_eval import guard_info, score_answer
from answer_scoring import score_item
from common import REPORTS, ROOT, command_line
from metrics import fold, percentile
from report import md_table

from assistant.answering.llm import make_generator
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.pipeline import Assistant
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

DEFAULT_SETS = ("evals/gold.jsonl", "evals/sets/visitor.jsonl")
#: Not timed: a catalog question (the catalog, name lists) before a set's last question
#: (the model, the rules' prompt in llama.cpp's cache; by the time that question is timed,
#: many other prompts have replaced it in the cache).
WARM_UP = ("Wann ist die nächste Veranstaltung?",)
SHOWN = ("llm", "replaced")  # outcomes where the reader sees the model's wording


# -- answer sets ---------------------------------------------------------------------------------
def load_set(spec: str, split: str | None, limit: int) -> tuple[str, Path, list[dict[str, Any]]]:
    """(name, corpus dir, rows) of `FILE[@CORPUS_DIR]`; rows of `split` where rows have one."""
    file, _, corpus = spec.partition("@")
    path = (ROOT / file) if not Path(file).is_absolute() else Path(file)
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if split:
        rows = [r for r in rows if r.get("split", split) == split]
    name = path.stem + (f":{split}" if split and any("split" in r for r in rows) else "")
    return name, Path(corpus) if corpus else ROOT / "corpus", rows[:limit] if limit else rows


def groups_of(row: dict[str, Any]) -> list[list[str]]:
    """Key phrases as groups of alternatives (gold: one phrase per group)."""
    return [[k] if isinstance(k, str) else list(k) for k in row.get("key_phrases", [])]


def judge(row: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """`answer_eval.score_answer` (citations, key phrases) plus the outcome every answer set is
    scored by (`answer_scoring.score_item`): correct / wrong / false abstention / incomplete,
    and clean — the same definitions as `evals/answer_eval.py`, so both reports compare."""
    text = fold(answer["answer"])
    chosen = [next((a for a in g if fold(a) in text), g[0]) for g in groups_of(row)]
    scores = score_answer({**row, "key_phrases": chosen}, answer)
    item = score_item(row, answer)
    forbidden = [p for p in row.get("must_not", []) if fold(p) in text]
    scores.update(
        correct=item["correct"],
        wrong=item["wrong"],
        incomplete=item["outcome"] == "incomplete",
        outcome=item["outcome"],
        reason=item["reason"],
        must_not_found=forbidden if not answer["abstained"] else [],
        clean=item["clean"],
        note=answer.get("note", ""),
    )
    return scores


# -- one run --------------------------------------------------------------------------------------
def build_assistants(
    settings: Settings, llm: Any
) -> tuple[Assistant, Assistant]:
    ChunkIndex(settings).ingest(load_corpus(settings.corpus_dir).documents)
    extractive = Assistant.from_settings(settings.model_copy(update={"generator": "extractive"}))
    return extractive, Assistant(settings, extractive.retriever, llm)


def ask_streamed(assistant: Assistant, question: str, history: list[str]) -> tuple[dict[str, Any], float]:
    """The answer as JSON and the seconds until the first text was shown."""
    started = time.perf_counter()
    first: list[float] = []

    def shown(_: str) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    answer = assistant.ask(question, history, on_text=shown).to_json()
    total = time.perf_counter() - started
    return answer, first[0] if first else total


def run_set(
    name: str, rows: list[dict[str, Any]], extractive: Assistant, llm: Assistant,
    log: Callable[[str], None],
) -> list[dict[str, Any]]:  # fmt: skip
    histories: dict[str, list[str]] = {}
    chat_model = getattr(llm.generator, "chat_model", None)
    results = []
    for row in rows:
        history = histories.setdefault(row["conversation"], []) if row.get("conversation") else []
        plain = extractive.ask(row["question"], list(history)).to_json()
        before = Counter(getattr(llm.generator, "totals", {}))
        timings_before = getattr(chat_model, "last_timings", None)
        answer, first_s = ask_streamed(llm, row["question"], list(history))
        if row.get("conversation"):
            history.append(row["question"])
        guards = guard_info(llm.generator, before) if answer["generator"] != "catalog" else {}
        timings = getattr(chat_model, "last_timings", None)
        called = guards.get("guard_outcome") not in (None, "evidence", "extractive")
        result = {
            "set": name, "id": row["id"], "kind": row["kind"], "question": row["question"],
            "answerable": row["answerable"],
            "extractive": judge(row, plain) | {"latency_ms": plain["timings_ms"]["total"]},
            "llm": judge(row, answer) | {"latency_ms": answer["timings_ms"]["total"],
                                         "first_text_ms": first_s * 1000,
                                         "generator": answer["generator"], **guards},
            "prompt_tokens": timings.get("prompt_n") if called and timings and timings != timings_before else None,
        }  # fmt: skip
        results.append(result)
        log(
            f"{name} {row['id']} {answer['timings_ms']['total'] / 1000:5.1f}s "
            f"{guards.get('guard_outcome', answer['generator']):9s} "
            f"ext={'ok' if result['extractive']['correct'] else '--'} "
            f"llm={'ok' if result['llm']['correct'] else '--'} {answer['answer'][:90]!r}"
        )
    return results


# -- summary ---------------------------------------------------------------------------------------
def summarise(results: list[dict[str, Any]], who: str) -> dict[str, Any]:
    rows = [r[who] for r in results]
    answerable = [r for r, full in zip(rows, results, strict=True) if full["answerable"]]
    latency = [r["latency_ms"] for r in rows]
    summary: dict[str, Any] = {
        "n": len(rows),
        "correct": sum(r["correct"] for r in rows),
        "wrong": sum(r["wrong"] for r in rows),
        "incomplete": sum(r["incomplete"] for r in rows),
        "false_abstentions": sum(r["abstained"] for r in answerable),
        "answerable": len(answerable),
        "clean": sum(r["clean"] for r in rows),
        "must_not": sum(bool(r["must_not_found"]) for r in rows),
        "latency_p50_ms": percentile(latency, 50),
        "latency_p95_ms": percentile(latency, 95),
    }
    if who == "llm":
        firsts = [r["first_text_ms"] for r in rows]
        called = [r for r in rows if r.get("guard_outcome") not in (None, "evidence", "extractive")]
        tokens = [t for t in (x["prompt_tokens"] for x in results) if t]
        outcomes = Counter(r.get("guard_outcome", "catalog") for r in rows)
        caught: Counter[str] = Counter()
        for r in rows:
            caught.update(r.get("guard_caught", {}))
        summary.update(
            first_text_p50_ms=percentile(firsts, 50),
            first_text_p95_ms=percentile(firsts, 95),
            model_latency_p50_ms=percentile([r["latency_ms"] for r in called], 50),
            model_latency_p95_ms=percentile([r["latency_ms"] for r in called], 95),
            model_answers=len(called),
            prompt_tokens_p50=percentile(tokens, 50),
            prompt_tokens_p95=percentile(tokens, 95),
            outcomes=dict(outcomes),
            caught=dict(caught),
            invented_facts=sum(r.get("invented_facts", 0) for r in rows),
            answers_with_invented_facts=sum(bool(r.get("invented_facts")) for r in rows),
            wins=sum(r["llm"]["correct"] and not r["extractive"]["correct"] for r in results),
            losses=sum(r["extractive"]["correct"] and not r["llm"]["correct"] for r in results),
            wins_over_abstention=sum(
                r["llm"]["correct"] and r["answerable"] and r["extractive"]["abstained"]
                for r in results
            ),
            shown_correct=sum(r.get("guard_outcome") in SHOWN and r["correct"] for r in rows),
            shown_wrong=sum(r.get("guard_outcome") in SHOWN and r["wrong"] for r in rows),
            cleaner=sum(r["llm"]["clean"] and not r["extractive"]["clean"] for r in results),
            less_clean=sum(r["extractive"]["clean"] and not r["llm"]["clean"] for r in results),
        )
    return summary


def pct(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.0%})" if whole else "0"


def to_markdown(sets: dict[str, dict[str, Any]], results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    label = meta["llm_label"]
    lines = [
        f"# LLM eval: `extractive` vs `{label}`, per answer set",
        "",
        f"Command: `{meta['command']}`  ",
        f"Run: {meta['run']} on {meta['machine']}; load average before/after: "
        f"{meta['load_before']} / {meta['load_after']}; whole run {meta['eval_s']:.0f} s.",
        "",
        "Both generators answer every question in the same run, extractive first; the LLM answer "
        "is streamed as on the page. Definitions: see the docstring of `evals/llm_eval.py`.",
        "",
    ]
    headers = ["metric"] + [f"{s} ext" for s in sets] + [f"{s} LLM" for s in sets]
    order = list(sets)

    def both(key: str, fmt: Callable[[dict[str, Any]], str]) -> list[str]:
        return [fmt(sets[s]["extractive"]) for s in order] + [fmt(sets[s]["llm"]) for s in order]

    table = [
        ["questions", *both("n", lambda x: str(x["n"]))],
        ["correct", *both("", lambda x: pct(x["correct"], x["n"]))],
        ["wrong (states something false)", *both("", lambda x: pct(x["wrong"], x["n"]))],
        ["incomplete (a key fact missing)", *both("", lambda x: pct(x["incomplete"], x["n"]))],
        ["false abstentions (of answerable)", *both("", lambda x: pct(x["false_abstentions"], x["answerable"]))],
        ["clean", *both("", lambda x: pct(x["clean"], x["n"]))],
        ["answers with a must-not phrase", *both("", lambda x: str(x["must_not"]))],
        ["latency p50 / p95 per answer (s)", *both("", lambda x: f"{x['latency_p50_ms'] / 1000:.2f} / {x['latency_p95_ms'] / 1000:.2f}")],
    ]  # fmt: skip
    lines += [md_table(headers, table), ""]
    llm_rows = [
        ["model answers (evidence gate passed, model called)", lambda x: str(x["model_answers"])],
        ["latency p50 / p95 of model answers (s)", lambda x: f"{x['model_latency_p50_ms'] / 1000:.1f} / {x['model_latency_p95_ms'] / 1000:.1f}"],
        ["first shown text p50 / p95 (s)", lambda x: f"{x['first_text_p50_ms'] / 1000:.1f} / {x['first_text_p95_ms'] / 1000:.1f}"],
        ["prompt tokens read p50 / p95", lambda x: f"{x['prompt_tokens_p50']:.0f} / {x['prompt_tokens_p95']:.0f}"],
        ["LLM wording shown (all checks passed / one sentence replaced)", lambda x: f"{x['outcomes'].get('llm', 0)} / {x['outcomes'].get('replaced', 0)}"],
        ["… of which correct / wrong", lambda x: f"{x['shown_correct']} / {x['shown_wrong']}"],
        ["extractive fallback (model answer rejected) / endpoint error", lambda x: f"{x['outcomes'].get('fallback', 0)} / {x['outcomes'].get('error', 0)}"],
        ["model not asked: evidence gate (abstained) / list or open question / catalog answer", lambda x: f"{x['outcomes'].get('evidence', 0)} / {x['outcomes'].get('extractive', 0)} / {x['outcomes'].get('catalog', 0)}"],
        ["invented facts caught (in answers)", lambda x: f"{x['invented_facts']} ({x['answers_with_invented_facts']})"],
        ["LLM correct where extractive is not (wins)", lambda x: str(x["wins"])],
        ["… of which extractive abstained", lambda x: str(x["wins_over_abstention"])],
        ["extractive correct where LLM is not (losses)", lambda x: str(x["losses"])],
        ["LLM clean where extractive is not / the reverse", lambda x: f"{x['cleaner']} / {x['less_clean']}"],
    ]  # fmt: skip
    lines += [
        f"## `{label}`: what the guardrails did, wins and losses",
        "",
        md_table(["", *order], [[name, *(f(sets[s]["llm"]) for s in order)] for name, f in llm_rows]),
        "",
        "| caught (all sets) | count |",
        "|---|---:|",
    ]
    caught: Counter[str] = Counter()
    for s in order:
        caught.update(sets[s]["llm"]["caught"])
    lines += [f"| {k} | {v} |" for k, v in caught.most_common()]
    examples = [(r["id"], e) for r in results for e in r["llm"].get("invented_examples", [])]
    if examples:
        lines += ["", "Caught inventions (first 15):", ""]
        lines += [f"- {q} `{k}` **{v}** in „{s[:150]}“" for q, (k, v, s) in examples[:15]]
    for title, pick in (
        ("LLM wins (LLM correct, extractive not)", lambda r: r["llm"]["correct"] and not r["extractive"]["correct"]),
        ("LLM losses (extractive correct, LLM not)", lambda r: r["extractive"]["correct"] and not r["llm"]["correct"]),
        ("Wrong LLM answers", lambda r: r["llm"]["wrong"]),
    ):  # fmt: skip
        chosen = [r for r in results if pick(r)]
        lines += ["", f"## {title}: {len(chosen)}", ""]
        for r in chosen:
            lines.append(
                f"- {r['set']} {r['id']} ({r['kind']}) {r['question']}  \n"
                f"  LLM ({r['llm'].get('guard_outcome', r['llm']['generator'])}): {r['llm']['answer'][:220]}  \n"
                f"  extractive: {r['extractive']['answer'][:220]}"
            )
    shown = [r for r in results if r["llm"].get("guard_outcome") in SHOWN][:12]
    if shown:
        lines += ["", "## LLM wording as shown (first 12)", ""]
        lines += [f"- {r['id']} {r['question']} → {r['llm']['answer'][:240]}" for r in shown]
    lines += ["", "## Setup", "", *meta["setup"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generator", default="llamacpp", choices=("llamacpp", "openai", "ollama"))
    parser.add_argument("--gguf", default=None, help="GGUF file, or 'smollm2' (the test stand-in)")
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--set", dest="sets", action="append", help="FILE[@CORPUS_DIR]")
    parser.add_argument("--split", default="test", help="rows of this split (sets with splits)")
    parser.add_argument("--limit", type=int, default=0, help="first N questions per set")
    parser.add_argument("--timeout", type=float, default=600.0, help="ASSISTANT_LLM_TIMEOUT_S")
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    command = command_line("llm_eval.py", argv)
    log = (lambda _: None) if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))

    gguf = args.gguf
    if gguf == "smollm2":
        from llama_server import smollm2_gguf

        gguf = str(smollm2_gguf())
    loaded = [load_set(spec, args.split, args.limit) for spec in (args.sets or DEFAULT_SETS)]
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    llm_generator: Any = None
    with tempfile.TemporaryDirectory() as tmp:
        for n, corpus in enumerate(dict.fromkeys(c for _, c, _ in loaded)):
            settings = Settings(
                corpus_dir=corpus, vectorstore_dir=Path(tmp) / f"vs{n}", data_dir=ROOT / "data",
                embedding_model=DEFAULT_EMBEDDING_MODEL, today=date.fromisoformat(args.today),
                generator=args.generator, llm_gguf=gguf, llm_base_url=args.base_url,
                llm_model=args.model, llm_timeout_s=args.timeout,
            )  # fmt: skip
            if llm_generator is None:  # the model loads once, for all sets
                llm_generator = make_generator(settings)
                # every answer on its own: a timeout must not turn the next ones into errors
                llm_generator.cooldown_s = 0.0
            extractive, llm = build_assistants(settings, llm_generator)
            last = [rows[-1]["question"] for _, c, rows in loaded if c == corpus and rows]
            for warm in (*WARM_UP, *last[:1]):
                llm.ask(warm)
                extractive.ask(warm)
            for name, set_corpus, rows in loaded:
                if set_corpus == corpus:
                    results += run_set(name, rows, extractive, llm, log)
    eval_s = time.perf_counter() - started
    sets = {
        name: {who: summarise([r for r in results if r["set"] == name], who)
               for who in ("extractive", "llm")}
        for name, _, _ in loaded
    }  # fmt: skip
    model = getattr(llm_generator, "chat_model", None)
    label = getattr(llm_generator, "name", args.generator)
    setup = [
        f"- LLM: `{label}`"
        + (f", in-process llama.cpp (xllamacpp), {model.n_threads} generation / "
           f"{model.n_threads_batch} prompt threads, n_ctx {model.n_ctx}, max {model.max_tokens} "
           f"answer tokens, temperature 0" if hasattr(model, "n_threads_batch") else ""),
        f"- Prompt: rules as system message (cached by llama.cpp), catalog facts for the asked "
        f"event, at most {Settings().llm_context_chars} characters of passage text; timeout "
        f"{args.timeout:.0f} s.",
        "- Sets: " + ", ".join(f"`{n}` ({len(r)} questions, corpus `{c.relative_to(ROOT) if c.is_relative_to(ROOT) else c}`)"
                              for n, c, r in loaded),
    ]  # fmt: skip
    meta = {
        "command": command, "run": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} CPU cores (shared)", "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()), "eval_s": eval_s,
        "llm_label": label, "setup": setup,
    }  # fmt: skip
    markdown = to_markdown(sets, results, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "llm_eval.md").write_text(markdown, encoding="utf-8")
    (args.out / "llm_eval.json").write_text(
        json.dumps({"meta": meta, "sets": sets}, ensure_ascii=False, indent=1, default=str),
        encoding="utf-8",
    )
    with (args.out / "llm_eval.jsonl").open("w", encoding="utf-8") as handle:
        for r in results:
            handle.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

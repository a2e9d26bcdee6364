"""The report of `evals/load_ui.py`: targets met, latency plot, Markdown and JSON.

Kept apart from the run so a saved run re-renders without starting anything
(`python evals/load_ui.py --from-json evals/reports/ui_load.json`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPORTS = Path(__file__).resolve().parent / "reports"


def meets(result: dict[str, Any]) -> bool:
    return (
        result["errors"] == 0
        and result["ttft_ms"]["p95"] <= 300
        and result["full_ms"]["p95"] <= 1000
    )


def plot(results: list[dict[str, Any]], target: Path, scenarios: Mapping[str, str]) -> None:
    """Latency (p50/p95 TTFT and full answer) against concurrent visitors, one panel per
    scenario, one line style per queue limit (sse client only)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in results if r["client"] == "sse"]
    names = list(dict.fromkeys(r["scenario"] for r in rows))
    limits = list(dict.fromkeys((r.get("variant") or "", r["concurrency_limit"]) for r in rows))
    if not names:
        return
    fig, axes = plt.subplots(1, len(names), figsize=(5.2 * len(names), 5.0),
                             sharey=True, squeeze=False)  # fmt: skip
    series = [("ttft_ms", "p50", "TTFT p50", "tab:blue", "o"),
              ("ttft_ms", "p95", "TTFT p95", "tab:blue", "s"),
              ("full_ms", "p50", "full p50", "tab:orange", "o"),
              ("full_ms", "p95", "full p95", "tab:orange", "s")]  # fmt: skip
    styles = ["-", ":", "--", "-."]
    for ax, name in zip(axes[0], names, strict=True):
        for n, (variant, limit) in enumerate(limits):
            mine = sorted((r for r in rows if r["scenario"] == name
                           and (r.get("variant") or "", r["concurrency_limit"]) == (variant, limit)),
                          key=lambda r: r["visitors"])  # fmt: skip
            if not mine:
                continue
            xs = [r["visitors"] for r in mine]
            for key, q, label, color, marker in series:
                style = styles[n % len(styles)]
                group = [variant or "", f"limit {limit}" if len({x[1] for x in limits}) > 1 else ""]
                suffix = ", ".join(filter(None, group)) if len(limits) > 1 else ""
                suffix = f" ({suffix})" if suffix else ""
                ax.plot(xs, [r[key][q] for r in mine], linestyle=style, marker=marker,
                        color=color, alpha=1.0 if q == "p95" else 0.6, label=label + suffix)  # fmt: skip
        ax.axhline(300, color="tab:blue", linewidth=0.8, alpha=0.5)
        ax.axhline(1000, color="tab:orange", linewidth=0.8, alpha=0.5)
        ax.set_title(f"{name}: {scenarios.get(name, '').split(':')[0].split(',')[0]}", fontsize=9)
        ax.set_xlabel("concurrent visitors")
        ax.set_xticks(sorted({r["visitors"] for r in rows}))
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].set_ylabel("latency (ms, log scale); lines: targets 300 ms / 1 s")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=7, loc="lower center", ncol=4)
    fig.suptitle("Veranstaltungsassistent: streamed chat latency against concurrency", fontsize=10)
    fig.tight_layout(rect=(0, 0.06 * (1 + len(labels) // 4), 1, 1))
    fig.savefig(target, dpi=110)
    plt.close(fig)


def reading(results: list[dict[str, Any]]) -> list[str]:
    """What the numbers say, computed from them: targets, variants compared, where the
    server's CPU per answer goes and what that means for simultaneous questions."""
    out = ["## Reading", ""]
    sse = [r for r in results if r["client"] == "sse"]
    last = sse[-1]["variant"] if sse else ""
    for r in sse:
        if r["scenario"] == "visitors" and r["visitors"] == 20 and r["variant"] == last:
            verdict = "met" if meets(r) else "missed"
            out.append(
                f"- Visitor model, 20 concurrent{f' ({last})' if last else ''}: targets {verdict} "
                f"({r['errors']} errors, TTFT p95 {r['ttft_ms']['p95']:.0f} ms, full p95 "
                f"{r['full_ms']['p95']:.0f} ms)."
            )
    variants = list(dict.fromkeys(r["variant"] for r in sse))
    if len(variants) > 1:
        groups = list(dict.fromkeys((r["scenario"], r["visitors"], r["concurrency_limit"])
                                    for r in sse))  # fmt: skip
        parts = []
        for scenario, visitors, limit in groups:
            same = [r for r in sse if (r["scenario"], r["visitors"], r["concurrency_limit"])
                    == (scenario, visitors, limit)]  # fmt: skip
            parts.append(f"{scenario} {visitors}: " + ", ".join(
                f"{r['variant']} {r['ttft_ms']['p95']:.0f}" for r in same) + " ms")
        out.append("- TTFT p95 per variant (run back to back): " + "; ".join(parts) + ".")
    spread = [r for r in sse if r.get("replicas", 1) > 1]
    if spread:
        out.append("- Answers per replica (nginx, sticky by client address): " + "; ".join(
            f"{r['variant']} {r['scenario']}: {r.get('answers_per_replica')}" for r in spread) + ".")
    mine = [r for r in sse if r["variant"] == last and r.get("answer_cpu_ms_per_answer")]
    single = [r for r in sse if r.get("replicas", 1) == 1 and "@" not in (r["variant"] or "")]
    mine = [r for r in single if r.get("answer_cpu_ms_per_answer")] or mine
    if mine:
        server = sorted(r["server_cpu_ms_per_answer"] for r in mine)[len(mine) // 2]
        answer = sorted(r["answer_cpu_ms_per_answer"] for r in mine)[len(mine) // 2]
        out.append(
            f"- Server CPU per answer (median over the runs): ~{server:.0f} ms, of which "
            f"~{answer:.0f} ms computing the answer and the rest Gradio's queue, its per-update "
            "post-processing and the two HTTP requests per question (join + SSE stream). One "
            f"process holds one GIL: N questions sent in the same instant need ~N × {server:.0f} "
            "ms of CPU, and the last first tokens wait for most of it, so `burst` and `stress` "
            "p95 grow linearly with N and miss 300 ms from ~10 simultaneous questions; more "
            "cores need more processes (replicas behind a load balancer with sticky sessions, "
            "since Gradio's queue and the chat state live in one process)."
        )
    return [*out, ""]


def _rss(r: dict[str, Any]) -> str:
    rss = r.get("server_rss") or {}
    if not rss:
        return "–"
    return f"{rss['start_mb']:.0f} / {rss['peak_mb']:.0f} / {rss['end_mb']:.0f}"


def write_report(results: list[dict[str, Any]], meta: dict[str, Any], scenarios: Mapping[str, str],
                 notes: str = "") -> None:
    """ui_load.json, ui_load.png and ui_load.md under evals/reports; `scenarios`: name → what it
    models."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "ui_load.json").write_text(
        json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    plot(results, REPORTS / "ui_load.png", scenarios)
    lines = [
        "# Web page load benchmark",
        "",
        f"- command: `{meta['command']}`",
        f"- date: {meta['date']}; machine: {meta['machine']}",
        f"- load average (1 min) at start / end: {meta['load_start']} / {meta['load_end']} "
        "(other processes on the same 2 cores inflate every number below)",
        f"- embedding model: {meta['embedding_model']}; corpus: {meta['documents']} documents; "
        f"server: `create_server` in its own process on 127.0.0.1, {meta['ask_threads']} "
        f"answer threads, {meta['steps']} streamed word groups {meta['delay_ms']} ms apart",
        "- client `sse`: Gradio's queue protocol over plain HTTP (`POST /gradio_api/queue/join`, "
        "read `GET /gradio_api/queue/data`), the page's own `/chat` event, one session per "
        "visitor; `gradio`: the same through `gradio_client.Client.submit`",
        "- each visitor: a standalone gold question, one of the gold set's follow-up "
        'conversations in the same session ("Und wo fand er statt?"), then standalone '
        "questions; *follow-ups*: questions answered from the session's earlier turns",
        "- TTFT: from sending the question to the first streamed update with answer text; "
        "full: to the final answer with its source cards; *answers/s*: completed answers per "
        "second of the run (bounded by reading time except in `stress`)",
        "- server RSS: after start-up and warm-up / peak while loaded (sampled every "
        f"{meta.get('rss_sample_s', 0.2):.1f} s) / at the end, from /proc/<pid>/status of the server process",
        "",
        "Scenarios:",
        "",
    ]
    lines += [f"- `{name}`: {about}" for name, about in scenarios.items()]
    variants = {r.get("variant"): r.get("overrides") for r in results if r.get("variant")}
    if variants:
        lines += ["", "Variants (`--variant`, run back to back per row pair):", ""]
        for v, o in variants.items():
            code = (f"`assistant/` at git revision {v.split('@', 1)[1]}" if "@" in v
                    else "the working tree")  # fmt: skip
            lines.append(f"- `{v}`: {code}{f', with {o}' if o else ''}")
    lines += [
        "",
        "| variant | scenario | client | queue limit | visitors × questions (follow-ups) | errors "
        "| TTFT p50 / p95 / p99 | full p50 / p95 / p99 | full max | answers/s "
        "| server RSS MB start / peak / end | server CPU/answer (of it answering) | targets met |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t, f = r["ttft_ms"], r["full_ms"]
        lines.append(
            f"| {r.get('variant') or '–'} | {r['scenario']} | {r['client']} "
            f"| {r['concurrency_limit']} "
            f"| {r['visitors']} × {r['questions_per_visitor']} ({r.get('followups', 0)}) "
            f"| {r['errors']} "
            f"| {t['p50']:.0f} / {t['p95']:.0f} / {t['p99']:.0f} ms "
            f"| {f['p50']:.0f} / {f['p95']:.0f} / {f['p99']:.0f} ms "
            f"| {f['max']:.0f} ms | {r['throughput_per_s']:.1f} | {_rss(r)} "
            f"| {r['server_cpu_ms_per_answer']:.0f} ms ({r.get('answer_cpu_ms_per_answer', 0):.0f} ms) "
            f"| {'yes' if meets(r) else 'no'} |"
        )
    lines += ["", "Targets: p95 TTFT ≤ 300 ms, p95 full answer ≤ 1 s, zero errors at 20 "
              "concurrent visitors (the `visitors` model).", "",
              "Plot: `evals/reports/ui_load.png` (p50/p95 TTFT and full answer against "
              "concurrent visitors, log scale).", ""]  # fmt: skip
    profiled = [r for r in results if r.get("profile_gil_percent")]
    if profiled:
        buckets = list(dict.fromkeys(b for r in profiled for b in r["profile_gil_percent"]))
        lines += ["Where one server process holds the GIL (py-spy, `--gil`, 250 samples/s, share "
                  "of samples; a thread the OS preempted while holding the GIL still counts):", "",
                  "| where | " + " | ".join(f"{r.get('variant') or '–'} {r['scenario']}"
                                           for r in profiled) + " |",
                  "|---|" + "---:|" * len(profiled)]  # fmt: skip
        for bucket in buckets:
            cells = " | ".join(f"{r['profile_gil_percent'].get(bucket, 0.0):.1f} %"
                               for r in profiled)  # fmt: skip
            lines.append(f"| {bucket} | {cells} |")
        lines.append("")
    if meta.get("skipped"):
        lines += [f"Skipped (time budget of {meta['max_minutes']} min): {meta['skipped']}", ""]
    lines += reading(results)
    notes = notes or meta.get("notes", "")
    if notes:
        lines += [notes.strip(), ""]
    for r in results:
        if r["error_samples"]:
            lines.append(f"Errors ({r['scenario']}, {r['visitors']} visitors, limit "
                         f"{r['concurrency_limit']}): {r['error_samples']}")  # fmt: skip
    (REPORTS / "ui_load.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

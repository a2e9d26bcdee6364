"""The report of `evals/benchmark_scale.py`: the scale table in Markdown, with how the vectors
beyond the real-embedding budget were made. Apart from the run, so `--from-json` re-renders."""

from __future__ import annotations

from typing import Any

from report import md_table

TARGET_RETRIEVAL_P95_MS = 20.0
TARGET_ANSWER_P95_MS = 100.0

def vectors_note(results: dict[str, Any]) -> str:
    emb = results["embedding"]
    largest = max(r["chunks"] for r in results["rows"])
    method = (
        "Embedding is timed once, on the real texts; the ingests below get those vectors "
        "precomputed, and ingest throughput = chunks / (chunks / measured embedding rate + "
        "measured store time)."
    )
    if emb["real_vectors"] >= largest:
        return (
            f"> **Vectors:** all {largest:,} chunks were embedded for real with "
            f"`{emb['model']}` (projected at {emb['projected_minutes_for_all']:.1f} min after "
            f"the first {emb['probe']:,}, within the {emb['max_minutes']:.0f}-minute budget). "
            + method
        )
    return (
        f"> **Vectors:** embedding all {largest:,} chunks for real was projected at "
        f"~{emb['projected_minutes_for_all']:.0f} min (over the {emb['max_minutes']:.0f}-minute "
        f"budget), so only the first {emb['real_vectors']:,} chunks were embedded for real; "
        "every further chunk reuses those vectors cyclically plus Gaussian noise "
        f"(σ = {emb['noise_sigma']} per dimension, cosine ≈ 0.95 to the original), "
        "unit-normalised. Store sizes, HNSW cost and latencies are realistic; dense "
        "*relevance* beyond the real vectors is not (see hit@8). " + method
    )


def report(results: dict[str, Any]) -> str:
    emb, machine, rows = results["embedding"], results["machine"], results["rows"]
    out = [
        "# Scale benchmark: embedded Chroma vs. Chroma server",
        "",
        f"- command: `{results['command']}`",
        f"- date: {results['date']}; run time {results['run_minutes']:.0f} min",
        f"- machine: {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}; "
        f"load avg {machine['load_avg_start']:.2f} at start, {machine['load_avg_end']:.2f} at "
        "end (the machine is shared: other engineers' processes ran at the same time)",
        f"- corpus: synthetic press releases (`evals/synthetic_corpus.py`, seed "
        f"{results['corpus']['seed']}, {results['corpus']['paragraphs']} paragraphs); "
        f"{results['corpus']['documents_loaded']} files loaded with `load_corpus` in "
        f"{results['corpus']['load_s']:.1f} s",
        f"- embedding model: `{emb['model']}`, measured on the first {emb['real_vectors']:,} "
        f"chunks: **{emb['chunks_per_s']:.0f} chunks/s** (one BLAS thread)",
        "",
        vectors_note(results),
        "",
        "## Results",
        "",
    ]
    headers = [
        "chunks",
        "mode",
        "docs",
        "ingest chunks/s",
        "store chunks/s",
        "open s",
        "BM25 build s",
        "RSS MB",
        "server RSS MB",
        "disk MB",
        "retrieval p50/p95 ms",
        "answer p50/p95 ms",
        "hit@8",
        "cites right doc",
    ]
    table = []
    for r in rows:
        s = r["serve"]
        table.append(
            [
                f"{r['chunks']:,}",
                r["mode"],
                f"{r['documents']:,}",
                f"{r['ingest_chunks_per_s']:.0f}",
                f"{r['store_chunks_per_s']:.0f}",
                f"{s['open_s']:.1f}",
                f"{s['lexical_build_s']:.1f}",
                f"{s['rss_open_mb']:.0f}",
                f"{s.get('server_rss_mb', 0):.0f}" if r["mode"] == "server" else "–",
                f"{r['disk_mb']:.0f}",
                f"{s['retrieval_ms']['p50']:.1f} / {s['retrieval_ms']['p95']:.1f}",
                f"{s['answer_ms']['p50']:.1f} / {s['answer_ms']['p95']:.1f}",
                f"{s['hit_at_8']:.2f}",
                f"{s['answer_cites_right_doc']:.2f}",
            ]
        )
    out.append(md_table(headers, table))
    out += [
        "",
        "- *ingest chunks/s*: chunks / (embedding time at the measured real rate + store time); "
        "*store chunks/s*: the index's own part (chunking, Chroma writes incl. HNSW, flip).",
        "- *open s*: `Assistant.from_settings` in a fresh process (reads every chunk from "
        "Chroma, builds BM25 and corpus statistics); *BM25 build s*: `LexicalIndex` alone.",
        "- *RSS MB*: the serving process after opening (model loaded); peak RSS and the ingest "
        "process's peak are in the JSON. *disk MB*: the store directory (server: its `--path`).",
        "- latencies: warm, distinct questions generated from the synthetic facts "
        f"({rows[0]['serve']['retrieval_ms']['n']} per measurement); every call embeds its "
        "question with the real model. *hit@8*: the right document among the 8 passages; "
        "*cites right doc*: the extractive answer cites it.",
        "",
        "## Latency breakdown (p50 / p95 ms)",
        "",
    ]
    table = []
    for r in rows:
        s = r["serve"]
        table.append(
            [
                f"{r['chunks']:,}",
                r["mode"],
                f"{s['retrieval_lexical_ms']['p50']:.1f} / {s['retrieval_lexical_ms']['p95']:.1f}",
                f"{s['retrieval_dense_ms']['p50']:.1f} / {s['retrieval_dense_ms']['p95']:.1f}",
                f"{s['answer_retrieval_ms']['p50']:.1f} / {s['answer_retrieval_ms']['p95']:.1f}",
                f"{s['answer_generation_ms']['p50']:.1f} / {s['answer_generation_ms']['p95']:.1f}",
                (
                    f"{s['answer_catalog_parse_ms']['p50']:.1f} / "
                    f"{s['answer_catalog_parse_ms']['p95']:.1f}"
                    if s.get("answer_catalog_parse_ms")
                    else "–"
                ),
                f"{s['peak_rss_open_mb']:.0f}",
                f"{r['ingest']['peak_rss_mb']:.0f}",
            ]
        )
    out.append(
        md_table(
            [
                "chunks",
                "mode",
                "retrieve: BM25",
                "retrieve: embed+Chroma",
                "ask: retrieval",
                "ask: generation",
                "of ask: catalog parse",
                "open peak RSS MB",
                "ingest peak RSS MB",
            ],
            table,
        )
    )
    out += [
        "",
        "- *ask: retrieval* is everything before generation: question analysis, the event "
        "catalog attempt (`event_answers.parse`, timed alone in the last column) and "
        "`retrieve()` plus sibling chunks; *ask: generation*: the extractive answer.",
    ]
    out += ["", "## Targets at the largest scale", ""]
    largest = max(r["scale"] for r in rows)
    for r in rows:
        if r["scale"] != largest:
            continue
        s = r["serve"]
        ok_r = s["retrieval_ms"]["p95"] <= TARGET_RETRIEVAL_P95_MS
        ok_a = s["answer_ms"]["p95"] <= TARGET_ANSWER_P95_MS
        out.append(
            f"- {r['mode']}: retrieval p95 {s['retrieval_ms']['p95']:.1f} ms "
            f"(target ≤ {TARGET_RETRIEVAL_P95_MS:.0f}) → {'PASS' if ok_r else 'MISS'}; "
            f"answer p95 {s['answer_ms']['p95']:.1f} ms (target ≤ {TARGET_ANSWER_P95_MS:.0f}) "
            f"→ {'PASS' if ok_a else 'MISS'}"
        )
    profiles = [r for r in rows if "profile" in r["serve"]]
    if profiles:
        out += ["", "## Profiles (cProfile over extra distinct questions)", ""]
        for r in profiles:
            out += [
                f"### {r['chunks']:,} chunks, {r['mode']}",
                "",
                "```",
                r["serve"]["profile"]["text"].strip(),
                "```",
                "",
            ]
    return "\n".join(out) + "\n"


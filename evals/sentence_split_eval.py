"""Sentence-splitter eval: our German splitter vs. pysbd on press-release-style passages.

Usage (from the repo root; pysbd comes with `make install-dev`):

    python evals/sentence_split_eval.py [--set evals/sets/sentence_split.jsonl]
                                        [--repeat 50] [--out evals/reports]

Why it exists: the assistant cuts press releases into sentences before it picks answer
sentences and cites them, and it does so with its own rules
(`assistant.text.sentences.split_sentences`). The well-kept, MIT-licensed library `pysbd`
would do the same job. Whether to keep our splitter, switch or combine the two should rest on
numbers measured on text like ours: German public-sector press releases with ordinals and
dates ("am 14. November"), times, titles, abbreviations, "e. V.", quotes, URLs and so on.

The set (`evals/sets/sentence_split.jsonl`) was written blind, before the splitter's code was
read; each item has `text`, the gold `sentences` and `tags` naming the hard cases it covers.

Scores per item and splitter:
- exact: the predicted segmentation equals the gold one (whitespace stripped and collapsed);
- boundary precision / recall / F1: a boundary is the character offset where a sentence ends,
  counted in the passage with all whitespace removed (so spacing never matters). An item with
  no boundary in gold or prediction scores 1.0 where both agree. Whether the splitter kept
  every character of the passage is recorded too (`text_kept`).
Aggregates (overall and per tag) are micro-averaged over boundaries; exact is the share of
items. Speed: the whole set run `--repeat` times, in ms per 1000 passages; ours is timed
without its `lru_cache` (a cache hit would time a dictionary look-up, not the splitting).

Writes evals/reports/sentence_split.md and sentence_split.jsonl (per item, per splitter).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common import ROOT, add_common_arguments, command_line
from report import md_table

DEFAULT_SET = ROOT / "evals" / "sets" / "sentence_split.jsonl"
OVERALL = "(all)"

Splitter = Callable[[str], list[str]]


@dataclass
class Candidate:
    """A splitter, and the same splitter as timed (ours without its cache)."""

    split: Splitter
    timed: Splitter


@dataclass
class Counts:
    """Boundary counts and exact matches over a group of items."""

    items: int = 0
    exact: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, score: dict[str, Any]) -> None:
        self.items += 1
        self.exact += int(score["exact"])
        self.tp += score["tp"]
        self.fp += score["fp"]
        self.fn += score["fn"]

    def prf(self) -> tuple[float, float, float]:
        return prf(self.tp, self.fp, self.fn)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; with nothing predicted and nothing to find, all are 1.0."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def normalise(segments: Sequence[str]) -> list[str]:
    """Segments with whitespace stripped and collapsed; empty segments dropped."""
    return [" ".join(s.split()) for s in segments if s.strip()]


def boundaries(segments: Sequence[str], text: str) -> set[int]:
    """Offsets between sentences in the passage with all whitespace removed: where each
    sentence but the last ends. Segments are located in the passage one after the other, so a
    splitter that drops a character (a closing quote) misplaces only that boundary."""
    squeezed = "".join(text.split())
    offsets, cursor = set(), 0
    for segment in segments[:-1]:
        piece = "".join(segment.split())
        found = squeezed.find(piece, cursor)
        cursor = (found if found >= 0 else cursor) + len(piece)
        offsets.add(cursor)
    return offsets


def score_item(gold: Sequence[str], predicted: Sequence[str], text: str) -> dict[str, Any]:
    gold_b, pred_b = boundaries(gold, text), boundaries(predicted, text)
    tp, fp, fn = len(gold_b & pred_b), len(pred_b - gold_b), len(gold_b - pred_b)
    precision, recall, f1 = prf(tp, fp, fn)
    return {
        "exact": normalise(gold) == normalise(predicted),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        # The splitter kept every character (offsets are only comparable if it did).
        "text_kept": "".join("".join(predicted).split()) == "".join(text.split()),
    }


def load_set(path: Path) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for item in items:
        if " ".join(item["sentences"]) != item["text"]:
            raise ValueError(f"{item['id']}: the gold sentences do not join back to the text")
    return items


def splitters() -> tuple[dict[str, Candidate], list[str]]:
    """The splitters to compare, and notes on how each was run (or why it was skipped)."""
    from assistant.text.sentences import split_sentences

    uncached = getattr(split_sentences, "__wrapped__", split_sentences)
    found = {
        "ours": Candidate(
            split=lambda text: list(split_sentences(text)),
            timed=lambda text: list(uncached(text)),
        )
    }
    notes = ["ours: `assistant.text.sentences.split_sentences`, timed without its lru_cache"]
    try:
        import pysbd
    except ImportError as error:
        notes.append(f"pysbd skipped: not importable ({error}); `make install-dev` provides it")
    else:
        # One segmenter for the whole run (constructing it per passage would time its setup).
        segmenter = pysbd.Segmenter(language="de", clean=False)

        def split_pysbd(text: str) -> list[str]:
            return [s.strip() for s in segmenter.segment(text)]

        found["pysbd"] = Candidate(split=split_pysbd, timed=split_pysbd)
        notes.append(
            f"pysbd {getattr(pysbd, '__version__', '?')}: `Segmenter(language='de', "
            "clean=False)`, one segmenter for the run, segments stripped"
        )
    return found, notes


def time_splitter(split: Splitter, texts: Sequence[str], repeat: int) -> float:
    """Milliseconds per 1000 passages over the whole set run `repeat` times (after a warm-up)."""
    for text in texts:
        split(text)
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            split(text)
    elapsed = time.perf_counter() - start
    return elapsed * 1000 / (repeat * len(texts)) * 1000


def evaluate(
    items: Sequence[dict[str, Any]], found: dict[str, Candidate], repeat: int
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Counts]], dict[str, float]]:
    rows: list[dict[str, Any]] = []
    by_tag: dict[str, dict[str, Counts]] = {name: {} for name in found}
    for item in items:
        row: dict[str, Any] = {"id": item["id"], "tags": item["tags"], "gold": item["sentences"]}
        for name, candidate in found.items():
            predicted = candidate.split(item["text"])
            score = score_item(item["sentences"], predicted, item["text"])
            row[name] = {"predicted": predicted, **score}
            for tag in (OVERALL, *item["tags"]):
                by_tag[name].setdefault(tag, Counts()).add(score)
        rows.append(row)
    texts = [item["text"] for item in items]
    speed = {name: time_splitter(c.timed, texts, repeat) for name, c in found.items()}
    return rows, by_tag, speed


def to_markdown(
    items: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
    by_tag: dict[str, dict[str, Counts]],
    speed: dict[str, float],
    notes: Sequence[str],
    args: argparse.Namespace,
    command: str,
) -> str:
    names = list(by_tag)
    n_boundaries = sum(len(item["sentences"]) - 1 for item in items)
    lines = [
        "# Sentence-splitter eval",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.now().isoformat(timespec='seconds')}; machine: {platform.machine()}, "
        f"Python {platform.python_version()}",
        f"- set: `{_relative(args.set)}`: {len(items)} passages, {n_boundaries} gold boundaries "
        "(written blind, before the splitter's code was read)",
        "- exact = share of passages segmented exactly as gold (whitespace stripped); P/R/F1 = "
        "boundary precision/recall/F1, micro-averaged (a boundary = offset where a sentence "
        'ends, in the passage without whitespace; "characters changed" below = the '
        "splitter dropped or altered characters); speed = whole set x "
        f"{args.repeat}, ms per 1000 passages",
        *(f"- {note}" for note in notes),
        "",
        "## Overall",
        "",
    ]
    headers = ["splitter", "exact", "P", "R", "F1", "ms/1000"]
    table = []
    for name in names:
        counts = by_tag[name][OVERALL]
        p, r, f = counts.prf()
        table.append(
            [
                name,
                f"{counts.exact / counts.items:.3f} ({counts.exact}/{counts.items})",
                f"{p:.3f}",
                f"{r:.3f}",
                f"{f:.3f}",
                f"{speed[name]:.1f}",
            ]
        )
    lines += [md_table(headers, table), "", "## Per tag", ""]
    tags = sorted({t for item in items for t in item["tags"]})
    headers = ["tag", "n"]
    for name in names:
        headers += [f"{name} exact", f"{name} F1"]
    table = []
    for tag in tags:
        cells = [tag, str(by_tag[names[0]][tag].items)]
        for name in names:
            counts = by_tag[name][tag]
            cells += [f"{counts.exact}/{counts.items}", f"{counts.prf()[2]:.3f}"]
        table.append(cells)
    lines += [md_table(headers, table), ""]
    for name in names:
        wrong = [row for row in rows if not row[name]["exact"]]
        lines += [f"## Errors: {name} ({len(wrong)})", ""]
        if not wrong:
            lines += ["None.", ""]
        for row in wrong:
            score = row[name]
            kept = "" if score["text_kept"] else " — characters changed"
            lines.append(
                f"- **{row['id']}** ({', '.join(row['tags'])}): "
                f"FP {score['fp']}, FN {score['fn']}{kept}"
            )
            lines.append(f"  - gold: {_segments(row['gold'])}")
            lines.append(f"  - {name}: {_segments(score['predicted'])}")
        lines.append("")
    return "\n".join(lines)


def _segments(segments: Sequence[str]) -> str:
    return " ‖ ".join(f"`{s}`" for s in segments)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the gold set (JSONL)")
    parser.add_argument("--repeat", type=int, default=50, help="timing: runs over the set")
    add_common_arguments(parser, today=None, embedding=False)
    args = parser.parse_args(argv)
    command = command_line("sentence_split_eval.py", argv)

    items = load_set(args.set)
    found, notes = splitters()
    rows, by_tag, speed = evaluate(items, found, args.repeat)
    markdown = to_markdown(items, rows, by_tag, speed, notes, args, command)

    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "sentence_split.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (args.out / "sentence_split.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())

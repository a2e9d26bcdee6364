"""Validate the evaluation gold set (evals/gold.jsonl) against the corpus.

Usage:

    python evals/check_gold.py [--gold PATH] [--corpus DIR]

Checks: JSON schema per line, unique ids, allowed kinds and languages,
answerable/unanswerable consistency, gold document ids exist, every key phrase
occurs (after folding) in at least one of its gold documents, follow-up turns
numbered 1..n per conversation, and minimum counts per kind. Prints counts per
kind and exits with status 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from metrics import fold

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold.jsonl"
DEFAULT_CORPUS = HERE.parent / "corpus"

MIN_PER_KIND: dict[str, int] = {
    "when": 8,
    "where": 8,
    "who": 8,
    "how_many": 5,
    "what": 8,
    "list": 5,
    "multi_doc": 5,
    "unanswerable": 10,
    "english": 6,
    "variant": 6,
    "followup": 8,  # at least 4 conversations x 2 turns
    "time": 10,  # catalog questions: month/year/city lists, next, past, counts, speakers
}
MIN_TOTAL = 75
MIN_CONVERSATIONS = 4
MAX_KEY_PHRASES = 4

REQUIRED_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "kind": (str,),
    "question": (str,),
    "lang": (str,),
    "answerable": (bool,),
    "gold_doc_ids": (list,),
    "key_phrases": (list,),
    "conversation": (str, type(None)),
    "turn": (int, type(None)),
}
OPTIONAL_FIELDS: dict[str, tuple[type, ...]] = {"notes": (str,)}

ID_RE = re.compile(r"^q\d{3,}$")
CONV_RE = re.compile(r"^c\d{2,}$")
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
SHARE_LINE_RE = re.compile(r"^\s*(teilen|Teilen Sie uns mit einem Klick)\s*$", re.MULTILINE)


def clean_document(raw: str) -> str:
    """Approximate the project's cleaning: drop bookmark markers, NBSP, share lines."""
    text = BOOKMARK_RE.sub("", raw).replace("\u00a0", " ")
    return SHARE_LINE_RE.sub("", text)


def load_corpus(corpus_dir: Path) -> dict[str, str]:
    """Map doc id (file stem) to folded, cleaned document text."""
    return {
        path.stem: fold(clean_document(path.read_text(encoding="utf-8")))
        for path in sorted(corpus_dir.glob("*.txt"))
    }


def load_gold(gold_path: Path, errors: list[str]) -> list[dict[str, Any]]:
    """Parse the JSONL file; malformed lines are reported and skipped."""
    rows: list[dict[str, Any]] = []
    for lineno, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            errors.append(f"line {lineno}: empty line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"line {lineno}: not a JSON object")
            continue
        rows.append(obj)
    return rows


def check_schema(row: dict[str, Any], errors: list[str]) -> bool:
    """Field presence and types; returns False if the row cannot be checked further."""
    label = str(row.get("id", "<no id>"))
    ok = True
    for name, types in REQUIRED_FIELDS.items():
        if name not in row:
            errors.append(f"{label}: missing field '{name}'")
            ok = False
        elif not isinstance(row[name], types) or (name == "turn" and isinstance(row[name], bool)):
            errors.append(f"{label}: field '{name}' has wrong type {type(row[name]).__name__}")
            ok = False
    for name, types in OPTIONAL_FIELDS.items():
        if name in row and not isinstance(row[name], types):
            errors.append(f"{label}: field '{name}' has wrong type")
            ok = False
    extra = set(row) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS)
    if extra:
        errors.append(f"{label}: unknown fields {sorted(extra)}")
    for name in ("gold_doc_ids", "key_phrases"):
        value = row.get(name)
        if isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
            errors.append(f"{label}: '{name}' must contain non-empty strings")
            ok = False
    return ok


def check_row(row: dict[str, Any], corpus: dict[str, str], errors: list[str]) -> None:
    """Semantic checks for one schema-valid row."""
    qid: str = row["id"]
    kind: str = row["kind"]
    if not ID_RE.match(qid):
        errors.append(f"{qid}: id must look like q001")
    if kind not in MIN_PER_KIND:
        errors.append(f"{qid}: unknown kind '{kind}'")
    if row["lang"] not in ("de", "en"):
        errors.append(f"{qid}: lang must be 'de' or 'en'")
    if kind == "english" and row["lang"] != "en":
        errors.append(f"{qid}: kind 'english' needs lang 'en'")
    if not row["question"].strip():
        errors.append(f"{qid}: empty question")

    docs: list[str] = row["gold_doc_ids"]
    phrases: list[str] = row["key_phrases"]
    if kind == "unanswerable" and row["answerable"]:
        errors.append(f"{qid}: kind 'unanswerable' must have answerable=false")
    if not row["answerable"]:
        if docs or phrases:
            errors.append(f"{qid}: unanswerable rows need empty gold_doc_ids and key_phrases")
        return
    if not docs:
        errors.append(f"{qid}: answerable row without gold_doc_ids")
    if not 1 <= len(phrases) <= MAX_KEY_PHRASES:
        errors.append(f"{qid}: needs 1-{MAX_KEY_PHRASES} key phrases, has {len(phrases)}")
    if len(set(docs)) != len(docs):
        errors.append(f"{qid}: duplicate gold_doc_ids")
    if kind == "multi_doc" and len(set(docs)) < 2:
        errors.append(f"{qid}: multi_doc needs at least two gold documents")
    unknown = [d for d in docs if d not in corpus]
    if unknown:
        errors.append(f"{qid}: unknown gold_doc_ids {unknown}")
    known_texts = [corpus[d] for d in docs if d in corpus]
    for phrase in phrases:
        if not any(fold(phrase) in text for text in known_texts):
            errors.append(f"{qid}: key phrase {phrase!r} not found in gold docs {docs}")


def check_conversations(rows: list[dict[str, Any]], errors: list[str]) -> int:
    """Turns must be 1..n in file order; returns the number of conversations."""
    turns: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        conv, turn, qid = row["conversation"], row["turn"], row["id"]
        if (conv is None) != (turn is None):
            errors.append(f"{qid}: conversation and turn must both be set or both null")
            continue
        if conv is None:
            if row["kind"] == "followup":
                errors.append(f"{qid}: kind 'followup' requires a conversation")
            continue
        if not CONV_RE.match(conv):
            errors.append(f"{qid}: conversation id must look like c01")
        if row["kind"] != "followup":
            errors.append(f"{qid}: conversation turns must have kind 'followup'")
        turns[conv].append(row)

    has_topic_switch = False
    for conv, conv_rows in sorted(turns.items()):
        numbers = [r["turn"] for r in conv_rows]
        if numbers != list(range(1, len(numbers) + 1)):
            errors.append(f"{conv}: turns must be numbered 1..n consecutively, got {numbers}")
        if not 2 <= len(numbers) <= 3:
            errors.append(f"{conv}: needs 2-3 turns, has {len(numbers)}")
        primaries = [r["gold_doc_ids"][0] for r in conv_rows if r["gold_doc_ids"]]
        if len(set(primaries)) > 1:
            has_topic_switch = True
    if len(turns) < MIN_CONVERSATIONS:
        errors.append(f"need at least {MIN_CONVERSATIONS} conversations, have {len(turns)}")
    if turns and not has_topic_switch:
        errors.append("no conversation switches topic (different primary gold doc)")
    return len(turns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate evals/gold.jsonl against the corpus.")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)

    errors: list[str] = []
    corpus = load_corpus(args.corpus)
    if not corpus:
        print(f"ERROR: no *.txt documents in {args.corpus}")
        return 1
    rows = load_gold(args.gold, errors)
    valid = [row for row in rows if check_schema(row, errors)]

    id_counts = Counter(row["id"] for row in valid)
    errors.extend(f"duplicate id {qid}" for qid, n in id_counts.items() if n > 1)
    for row in valid:
        check_row(row, corpus, errors)
    n_conversations = check_conversations(valid, errors)

    kind_counts = Counter(row["kind"] for row in valid)
    for kind, minimum in MIN_PER_KIND.items():
        if kind_counts[kind] < minimum:
            errors.append(f"kind '{kind}': {kind_counts[kind]} rows, need at least {minimum}")
    if len(rows) < MIN_TOTAL:
        errors.append(f"{len(rows)} questions, need at least {MIN_TOTAL}")

    print(f"gold file: {args.gold}")
    print(f"corpus:    {args.corpus} ({len(corpus)} documents)")
    print(
        f"questions: {len(rows)} (answerable {sum(r['answerable'] for r in valid)}, "
        f"conversations {n_conversations})"
    )
    print("counts per kind:")
    for kind in MIN_PER_KIND:
        print(f"  {kind:<13} {kind_counts[kind]:>3}  (min {MIN_PER_KIND[kind]})")
    lang_counts = Counter(row["lang"] for row in valid)
    print("counts per lang: " + ", ".join(f"{k}={v}" for k, v in sorted(lang_counts.items())))
    doc_counts = Counter(d for row in valid for d in row["gold_doc_ids"][:1])
    print("primary gold doc: " + ", ".join(f"{k}={v}" for k, v in sorted(doc_counts.items())))

    if errors:
        print(f"\nFAILED with {len(errors)} problem(s):")
        for err in errors:
            print(f"  - {err}")
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

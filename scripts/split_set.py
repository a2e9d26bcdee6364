"""Fix the dev/test split of a blind question set before it is first run.

By document (a set over releases written for the eval): within each writer's batch (the
file-name prefix before the first "-"), the first `--dev-per-batch` documents in hash order
are dev, the rest test; every item takes its first gold document's split, and the map is
written to `<set>_split.json`. By conversation (a visitor set over `corpus/`): conversations
(or single items) in hash order, every third is dev. Hash order (sha1 of the id) is fixed
before anyone sees a result, so neither split can be chosen to flatter the rules.

    python scripts/split_set.py evals/sets/untouched.jsonl --by document
    python scripts/split_set.py evals/sets/untouched_visitor.jsonl --by conversation
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def split_by_document(rows: list[dict], dev_per_batch: int) -> dict[str, str]:
    docs = sorted({d for r in rows for d in r["gold_doc_ids"]})
    batches: dict[str, list[str]] = {}
    for doc in docs:
        batches.setdefault(doc.split("-", 1)[0], []).append(doc)
    split = {}
    for batch in batches.values():
        for i, doc in enumerate(sorted(batch, key=_hash)):
            split[doc] = "dev" if i < dev_per_batch else "test"
    return split


def split_by_conversation(rows: list[dict]) -> dict[str, str]:
    keys = sorted({r["conversation"] or r["id"] for r in rows}, key=_hash)
    return {k: "dev" if i % 3 == 0 else "test" for i, k in enumerate(keys)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--by", choices=("document", "conversation"), required=True)
    parser.add_argument("--dev-per-batch", type=int, default=1)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if args.by == "document":
        split = split_by_document(rows, args.dev_per_batch)
        for r in rows:
            r["split"] = split[r["gold_doc_ids"][0]] if r["gold_doc_ids"] else "test"
        out = args.path.with_name(args.path.stem + "_split.json")
        out.write_text(json.dumps(split, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        split = split_by_conversation(rows)
        for r in rows:
            r["split"] = split[r["conversation"] or r["id"]]
    args.path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                         encoding="utf-8")
    counts = {s: sum(r["split"] == s for r in rows) for s in ("dev", "test")}
    print(f"{args.path}: {counts}")


if __name__ == "__main__":
    main()

"""Pure scoring functions shared by the retrieval and answer evals.

Every function scores one item; `aggregate` turns per-item rows into per-kind and
overall means. Text is compared after the project's own `fold` (the one the assistant uses),
so an answer and a key phrase that differ only in umlaut spelling or case still match.
Nothing here touches the disk.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assistant.text.analysis import fold as fold_text

OVERALL = "overall"


def fold(text: str) -> str:
    """The project's `fold` (case, umlauts and their ae/oe/ue spellings, accents) with
    whitespace collapsed, so key phrases match across line breaks and NBSPs."""
    return " ".join(fold_text(unicodedata.normalize("NFC", text)).split())


def hit_at_k(ranked_doc_ids: Sequence[str], gold: Iterable[str], k: int) -> float:
    """1.0 if one of the first `k` ranked documents is a gold document, else 0.0."""
    gold_set = set(gold)
    return 1.0 if any(doc in gold_set for doc in ranked_doc_ids[:k]) else 0.0


def reciprocal_rank(ranked_doc_ids: Sequence[str], gold: Iterable[str], cutoff: int = 10) -> float:
    """1/rank of the first gold document within the first `cutoff` results, else 0.0."""
    gold_set = set(gold)
    for rank, doc in enumerate(ranked_doc_ids[:cutoff], start=1):
        if doc in gold_set:
            return 1.0 / rank
    return 0.0


def found_keyphrases(texts: Iterable[str], phrases: Sequence[str]) -> list[bool]:
    """Per phrase: does it occur (folded) in the retrieved texts?

    Each text is folded on its own, so this is the concatenation of the texts with a
    separator no phrase can contain (a phrase never matches across two passages).
    """
    folded = [fold(t) for t in texts]
    return [any(fold(p) in t for t in folded) for p in phrases]


def keyphrase_coverage(texts: Iterable[str], phrases: Sequence[str]) -> float:
    """Share of key phrases found (folded) in the texts; 1.0 when there are no phrases."""
    if not phrases:
        return 1.0
    found = found_keyphrases(texts, phrases)
    return sum(found) / len(found)


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else math.nan


def aggregate(
    rows: Iterable[Mapping[str, Any]], key: str, group: str = "kind"
) -> dict[str, dict[str, float]]:
    """Per-group and overall `{"n": count, "mean": mean}` of `row[key]`.

    Rows whose value is missing or None are left out (e.g. a metric that does not
    apply). Groups come in order of first appearance, `"overall"` last.
    """
    groups: dict[str, list[float]] = {}
    every: list[float] = []
    for row in rows:
        value = row.get(key)
        if value is None:
            continue
        groups.setdefault(str(row.get(group)), []).append(float(value))
        every.append(float(value))
    out = {name: {"n": float(len(vals)), "mean": mean(vals)} for name, vals in groups.items()}
    out[OVERALL] = {"n": float(len(every)), "mean": mean(every)}
    return out


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return float(ordered[rank - 1])

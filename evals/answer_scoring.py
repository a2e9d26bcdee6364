"""Scoring one answer against a blind question: correct, wrong, false abstention, clean.

The blind sets (evals/sets/*.jsonl) give, per question, key-phrase groups (every group must
appear; any alternative of a group suffices) and *must-not* phrases (the tempting wrong fact).
A wrong answer costs more than an abstention, so "wrong" is counted apart from "not correct":

- correct: not abstained, every group found, no must-not phrase; for an unanswerable
  question: abstained;
- wrong: states something false — a must-not phrase, an answer to an unanswerable question,
  an event date that is none of the gold dates, or an answer citing only other documents
  (about another event);
- false abstention: abstained although the sources answer;
- incomplete: answered, nothing false detected, but a key fact missing;
- clean: correct and short — at most 2 sentences and 45 words for factoid kinds (4 sentences /
  120 words for lists and descriptions), citation markers not counted.

Dates are compared as dates: a key phrase "19. April 2023" matches "19.04.2023", "April 19,
2023" or the first or last day of "19. und 20. April 2023". Short phrases and numbers match as
whole words ("40" is not in "140", "Ja" not in "Jahr"); a yes/no group must open the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from metrics import fold, mean

from assistant.text.dates import find_dates

#: Kinds whose answer is one fact: judged clean only when short.
FACTOID_KINDS = frozenset({
    "when", "where", "who", "organiser", "partner", "patron", "moderator", "speaker", "how_many",
    "fee", "registration", "format", "motto", "publication", "prize", "yesno", "status",
    "compare", "superlative", "followup", "variant", "english", "unanswerable", "not_in_corpus",
})  # fmt: skip
YES_NO = {"ja", "nein", "yes", "no"}
ABSTAIN_PHRASES = ("keine informationen", "no information")
_MARKER = re.compile(r"\s*\[\d{1,3}\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"(•])|\n+")


def groups_of(row: Mapping[str, Any]) -> list[list[str]]:
    """Key-phrase groups; the original gold set lists plain phrases (each its own group)."""
    return [[p] if isinstance(p, str) else list(p) for p in row.get("key_phrases", [])]


def _dates(text: str) -> list[tuple[date, date]]:
    return [(m.first, m.last) for m in find_dates(text) if m.year_explicit]


def phrase_found(answer: str, phrase: str, answer_dates: Sequence[tuple[date, date]]) -> bool:
    """Does the answer state `phrase` (folded; a date as a date; short phrases as words)?"""
    key_dates = _dates(phrase)
    if key_dates and len(key_dates) == 1 and key_dates[0][0] == key_dates[0][1]:
        day = key_dates[0][0]
        if any(day in (first, last) for first, last in answer_dates):
            return True
    folded, text = fold(phrase), fold(answer)
    if not folded:
        return False
    whole = len(folded) < 4 or folded[-1].isdigit()
    pattern = r"(?<![\w@])" + re.escape(folded) + (r"(?![\w@])" if whole else "")
    return re.search(pattern, text) is not None


def answer_body(answer: str) -> str:
    return _MARKER.sub("", answer).strip()


def sentences(answer: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(answer_body(answer)) if s.strip()]


def words(answer: str) -> int:
    return len(answer_body(answer).split())


def is_clean(kind: str, answer: str) -> bool:
    if kind in FACTOID_KINDS:
        return len(sentences(answer)) <= 2 and words(answer) <= 45
    return len(sentences(answer)) <= 4 and words(answer) <= 120


def score_item(row: Mapping[str, Any], answer: Mapping[str, Any]) -> dict[str, Any]:
    """Per-question outcome and the reason for it (one of correct / wrong / false_abstention /
    incomplete), plus `clean`."""
    text: str = answer["answer"]
    abstained: bool = bool(answer["abstained"])
    cited = {s["doc_id"] for s in answer.get("sources", [])}
    gold = set(row.get("gold_doc_ids", []))
    answer_dates = _dates(answer_body(text))
    groups = groups_of(row)
    found = []
    for i, group in enumerate(groups):
        if i == 0 and all(fold(p) in YES_NO for p in group):
            opening = fold(answer_body(text)).split(" ", 1)[0].strip(",.:;!")
            found.append(opening in {fold(p) for p in group})
        else:
            found.append(any(phrase_found(text, p, answer_dates) for p in group))
    must_not = [p for p in row.get("must_not", []) if not abstained and phrase_found(text, p, [])]
    outcome, reason = "incomplete", ""
    if abstained:
        outcome = "false_abstention" if row["answerable"] else "correct"
    elif not row["answerable"]:
        outcome, reason = "wrong", "answered an unanswerable question"
    elif must_not:
        outcome, reason = "wrong", f"must-not phrase: {must_not[0]}"
    elif all(found):
        outcome = "correct"
    elif gold and cited and not cited & gold:
        outcome, reason = "wrong", "cites only other documents"
    elif _wrong_date(row, groups, text):
        outcome, reason = "wrong", "states an event date that is not the gold one"
    else:
        missing = [g[0] for g, ok in zip(groups, found, strict=True) if not ok]
        reason = f"missing: {', '.join(missing)}"
    return {
        "outcome": outcome,
        "correct": outcome == "correct",
        "wrong": outcome == "wrong",
        "false_abstention": outcome == "false_abstention",
        "clean": outcome == "correct" and is_clean(row["kind"], text),
        "reason": reason,
        "groups_found": sum(found),
        "groups": len(groups),
    }


def _wrong_date(row: Mapping[str, Any], groups: Sequence[Sequence[str]], answer: str) -> bool:
    """A "when" answer whose first sentence names a date none of the key phrases name."""
    key_days = {d for g in groups for p in g for first, last in _dates(p) for d in (first, last)}
    if not key_days or row["kind"] not in ("when", "followup"):
        return False
    first = (sentences(answer) or [""])[0]
    stated = _dates(first)
    return bool(stated) and not any(a in key_days or b in key_days for a, b in stated)


def summarise(results: Iterable[Mapping[str, Any]], group: str = "kind") -> dict[str, dict[str, float]]:
    """Per group and overall: n and the share of correct / wrong / false abstention / clean /
    incomplete answers."""
    rows = list(results)
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get(group)), []).append(r)
    groups["all"] = rows
    out: dict[str, dict[str, float]] = {}
    for name, items in groups.items():
        out[name] = {"n": float(len(items))}
        for key in ("correct", "wrong", "false_abstention", "clean"):
            out[name][key] = mean(float(bool(r[key])) for r in items)
        out[name]["incomplete"] = mean(float(r["outcome"] == "incomplete") for r in items)
        answerable = [r for r in items if r["answerable"]]
        out[name]["false_abstention_of_answerable"] = mean(
            float(r["false_abstention"]) for r in answerable
        )
    return out

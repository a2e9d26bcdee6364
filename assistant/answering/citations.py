"""Citation markers: from a generator's passage references to the numbered sources a reader sees.

Generators (extractive or LLM) cite `[k]` = the k-th passage they were given.
Readers must see sources numbered 1, 2, 3 in order of first citation, with only
cited sources listed and no marker pointing nowhere. Doing this in one place
means an LLM's invented `[7]` is handled exactly like any other bad marker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.records import Passage, Source

MARKER = re.compile(r"\[(\d{1,3})\]")
_MULTI = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})+)\]")


@dataclass(frozen=True)
class Finalized:
    text: str
    sources: tuple[Source, ...]
    dropped_markers: tuple[int, ...]


def _expand_multi(text: str) -> str:
    """ "[1, 2]" → "[1][2]" so every marker has one number."""
    return _MULTI.sub(lambda m: "".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text)


def finalize(text: str, passages: Sequence[Passage]) -> Finalized:
    """Renumber markers by first appearance, drop invalid ones, list only cited passages.

    Two markers that point at chunks of the same passage collapse to one number.
    """
    text = _expand_multi(text)
    mapping: dict[int, int] = {}
    order: list[int] = []
    dropped: list[int] = []

    def renumber(match: re.Match[str]) -> str:
        k = int(match.group(1))
        if not 1 <= k <= len(passages):
            dropped.append(k)
            return ""
        if k not in mapping:
            order.append(k)
            mapping[k] = len(order)
        return f"[{mapping[k]}]"

    new_text = MARKER.sub(renumber, text)
    new_text = re.sub(r"(\[\d+\])(?:\1)+", r"\1", new_text)  # "[1][1]" → "[1]"
    new_text = re.sub(r"[ \t]+([.,;:!?])", r"\1", new_text)
    new_text = re.sub(r"[ \t]{2,}", " ", new_text).strip()
    sources = tuple(
        Source(
            n=mapping[k],
            doc_id=passages[k - 1].doc_id,
            title=passages[k - 1].title,
            published=passages[k - 1].published,
            url=passages[k - 1].url,
            chunk_id=passages[k - 1].chunk_id,
            text=passages[k - 1].body,
            score=round(passages[k - 1].score, 4),
            page=passages[k - 1].page,
            page_end=passages[k - 1].page_end,
        )
        for k in order
    )
    return Finalized(new_text, sources, tuple(dropped))


def cited_numbers(text: str) -> list[int]:
    return [int(n) for n in MARKER.findall(text)]


def invalid_markers(text: str, sources: Sequence[Source]) -> list[int]:
    """Markers that point at no listed source (must be empty for every answer)."""
    listed = {s.n for s in sources}
    return [n for n in cited_numbers(text) if n not in listed]


def uncited_sentences(text: str) -> list[str]:
    """Sentences without any marker; the answer contract wants none."""
    from assistant.answering.evidence import (
        split_sentences,  # sentence rules (ordinals, abbreviations) live there
    )

    # A quoted title ("„DIGITALISIERUNG. WO BLEIBT …?!“") is one statement, not three.
    masked = re.sub(r"„[^“]{0,300}“", lambda m: re.sub(r"[.!?]", "·", m.group(0)), text)
    return [s for s in split_sentences(masked) if not MARKER.search(s)]

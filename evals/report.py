"""Formatting shared by the eval and benchmark reports (Markdown that also reads well in a
terminal, where the scripts print the same tables)."""

from __future__ import annotations

from collections.abc import Sequence


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """A Markdown table padded for the terminal; the first `left` columns are left-aligned."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rules = [("-" * (w + 2)) if i < left else ("-" * (w + 1) + ":") for i, w in enumerate(widths)]
    return "\n".join([line(headers), "|" + "|".join(rules) + "|", *(line(r) for r in rows)])

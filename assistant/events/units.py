"""Units of a release's chunks (sentences, bullet items, heading lines) and the `Fact`s quoted
from them.

A unit keeps its offsets in the chunk text, so every `Fact` quotes an exact span of the chunk
it came from and the answer step can cite it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.records import FIELDS, Chunk, Fact

__all__ = ["FIELDS", "Fact", "Unit", "fact", "units"]

@dataclass(frozen=True)
class Unit:
    """A sentence, bullet item or heading line, located in its chunk's text."""

    chunk: Chunk
    start: int
    end: int
    text: str
    heading: bool
    bullet: bool
    para: int = 0  # paragraph of the chunk body (chunks may join short paragraphs)


_BOUNDARY = re.compile(r"(?<=[.!?])([\"“”»«]?)\s+(?=[A-ZÄÖÜ„\"»(])")
#: Dots that end no sentence: ordinals, initials and "e. V.", common abbreviations.
_NO_END = re.compile(
    r"(?:\b\d{1,2}|(?<![\w.])\w|\b(?:Dr|Prof|St|Nr|ca|bzw|vgl|inkl|evtl|ggf|stv|Dipl|Ing|usw|"
    r"etc|Tel|Str|Jan|Feb|Febr|Aug|Sept|Okt|Nov|Dez|Mio|Mrd|jur|rer|nat|phil|med|habil))\.$"
)


def units(chunk: Chunk) -> Iterator[Unit]:
    offset = len(chunk.text) - len(chunk.body)
    for line in re.finditer(r"[^\n]+", chunk.body):
        text, base, start = line.group(0), offset + line.start(), 0
        pieces: list[tuple[int, int]] = []
        for m in _BOUNDARY.finditer("" if text.lstrip().startswith("•") else text):
            if not _NO_END.search(text[start : m.start()]):
                pieces.append((start, m.start() + len(m.group(1))))
                start = m.end()
        pieces.append((start, len(text)))
        for a, b in pieces:
            a += len(text[a:b]) - len(text[a:b].lstrip())
            piece = text[a:b].strip()
            if len(piece) >= 3:
                bullet = piece.startswith("•")
                heading = len(pieces) == 1 and not bullet and len(piece) <= 100
                heading = heading and not piece.endswith((".", "!", "?", ":", ";", ","))
                para = chunk.body.count("\n\n", 0, line.start())
                yield Unit(chunk, base + a, base + a + len(piece), piece, heading, bullet, para)


def fact(value: str, unit: Unit, span: tuple[int, int] | None = None, role: str = "") -> Fact:
    """A fact quoting its unit; a very long unit is cut to a window around the matched span."""
    text, start, end = unit.chunk.text, unit.start, unit.end
    if span is not None and end - start > 300:
        start = max(start, text.rfind(" ", start, max(start, start + span[0] - 120)) + 1)
        cut = text.find(" ", min(end, unit.start + span[1] + 120), end)
        end = cut if cut != -1 else end
    quote = text[start:end].strip()
    return Fact(" ".join(value.split()), unit.chunk.doc_id, unit.chunk.chunk_id, quote, role)


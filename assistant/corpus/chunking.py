"""Structure-aware chunking of cleaned press releases.

Press releases are short and built from paragraphs, sub-headings and bullet
lists; a fixed-width splitter cuts dates and names apart and mixes sections.
Here a chunk is one paragraph (with the sub-heading above it) or one whole
bullet list, split at sentence boundaries only when it is very long, and every
chunk is prefixed with its document's title and date so it stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.records import PAGES_KEY, Chunk, Document, content_hash, decode_pages

#: Bump when chunk boundaries or prefixes change: the index then re-chunks everything.
CHUNKING_VERSION = "para-v1"

TARGET_CHARS = 700
MAX_CHARS = 1000
HEADING_MAX_CHARS = 90
MIN_CHARS = 120

_SENTENCE_END = re.compile(r"(?<=[.!?…“\"])\s+(?=[A-ZÄÖÜ„\"(])")


def _is_heading(block: str) -> bool:
    """Sub-headings are short single lines without sentence punctuation at the end."""
    return (
        "\n" not in block
        and len(block) <= HEADING_MAX_CHARS
        and not block.rstrip().endswith((".", ":", ";", ","))
        and not block.startswith("•")
    )


def _is_list(block: str) -> bool:
    return block.lstrip().startswith("•")


def _split_long(block: str) -> Iterator[str]:
    """Split an over-long block at sentence (or, for lists, item) boundaries."""
    if len(block) <= MAX_CHARS:
        yield block
        return
    units = block.split("\n") if _is_list(block) else _SENTENCE_END.split(block)
    joiner = "\n" if _is_list(block) else " "
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if current and len(candidate) > TARGET_CHARS:
            yield current
            current = unit
        else:
            current = candidate
    if current:
        yield current


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def _sections(text: str, title: str) -> Iterator[str]:
    """Group blocks: headings stick to what follows, tiny paragraphs merge with a neighbour."""
    pending_heading: list[str] = []
    buffer = ""
    for block in _blocks(text):
        if block == title or block.replace("\n", " ") == title:
            continue  # the headline is in every chunk's prefix already
        if _is_heading(block):
            if buffer:
                yield buffer
                buffer = ""
            pending_heading.append(block)
            continue
        piece = "\n".join([*pending_heading, block])
        pending_heading = []
        if buffer and len(buffer) < MIN_CHARS and len(buffer) + len(piece) <= MAX_CHARS:
            buffer = f"{buffer}\n\n{piece}"
            continue
        if buffer:
            yield buffer
        buffer = piece
    trailing = "\n".join(pending_heading)
    if buffer and trailing:
        buffer = f"{buffer}\n\n{trailing}"
    elif trailing:
        buffer = trailing
    if buffer:
        yield buffer


def chunk_prefix(document: Document) -> str:
    if document.published:
        return f"{document.title} ({document.published.strftime('%d.%m.%Y')})"
    return document.title


def chunk_pages(document: Document, bodies: list[str]) -> list[tuple[int | None, int | None]]:
    """The pages each body came from (paged sources), found by its first and last line in
    the document text; (None, None) for documents without pages. Bodies are in text order,
    so each is looked for after the previous one (a repeated sentence maps to its own page).
    """
    spans = decode_pages(document.metadata.get(PAGES_KEY, ""))
    if not spans:
        return [(None, None)] * len(bodies)
    text = document.text
    out: list[tuple[int | None, int | None]] = []
    cursor = 0
    for body in bodies:
        lines = [line for line in body.split("\n") if line.strip()] or [body]
        head, tail = lines[0][:60], lines[-1][-60:]
        start = text.find(head, cursor)
        if start < 0:
            start = text.find(head)
        if start < 0:
            out.append((None, None))
            continue
        tail_at = text.find(tail, start)
        end = tail_at + len(tail) if tail_at >= 0 else start + len(head)
        cursor = start + len(head)
        hit = [s for s in spans if s.start < end and s.end > start]
        out.append((min(s.first for s in hit), max(s.last for s in hit)) if hit else (None, None))
    return out


def chunk_document(document: Document) -> list[Chunk]:
    prefix = chunk_prefix(document)
    doc_hash = document.content_hash
    chunks: list[Chunk] = []
    bodies = [
        piece
        for section in _sections(document.text, document.title)
        for piece in _split_long(section)
    ]
    pages = chunk_pages(document, bodies)
    for position, body in enumerate(bodies):
        page, page_end = pages[position]
        digest = content_hash(CHUNKING_VERSION, doc_hash, body, length=10)
        chunk_id = f"{document.doc_id}:{position}:{digest}"
        chunks.append(
            Chunk(
                chunk_id=chunk_id,
                doc_id=document.doc_id,
                position=position,
                title=document.title,
                body=body,
                text=f"{prefix}\n{body}",
                published=document.published,
                url=document.url,
                doc_hash=doc_hash,
                page=page,
                page_end=page_end,
            )
        )
    if not chunks:  # a document that is only a headline still gets one chunk
        chunks.append(
            Chunk(
                chunk_id=f"{document.doc_id}:0:{content_hash(CHUNKING_VERSION, doc_hash)[:10]}",
                doc_id=document.doc_id,
                position=0,
                title=document.title,
                body=document.title,
                text=prefix,
                published=document.published,
                url=document.url,
                doc_hash=doc_hash,
            )
        )
    return chunks

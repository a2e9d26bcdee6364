from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from conftest import CORPUS

from assistant.corpus.chunking import MAX_CHARS, chunk_document, chunk_prefix
from assistant.corpus.loader import load_corpus
from assistant.records import Document

TITLE = "Smart City Forum 2025"
INTRO = (
    "Das Smart City Forum 2025 findet am 3. und 4. Juni 2025 in Kiel statt. Eingeladen hat "
    "der Verein Digitale Küste, der rund 120 Gäste aus Kommunen erwartet."
)


def doc(text: str, published: date | None = date(2025, 3, 1), title: str = TITLE) -> Document:
    return Document(doc_id="smart-city-forum-2025", title=title, text=text, published=published)


def sentence(i: int) -> str:
    return f"Dies ist der Satz Nummer {i} über die Digitalisierung der Verwaltung in Kiel."


def without_headline(document: Document) -> list[str]:
    words, title = document.text.split(), document.title.split()
    for start in range(len(words)):
        if words[start : start + len(title)] == title:
            return words[:start] + words[start + len(title) :]
    return words


def test_prefix_contains_title_and_date() -> None:
    chunks = chunk_document(doc(f"{TITLE}\n\n{INTRO}"))
    assert chunk_prefix(doc("")) == "Smart City Forum 2025 (01.03.2025)"
    assert [c.body for c in chunks] == [INTRO]
    assert chunks[0].text == f"Smart City Forum 2025 (01.03.2025)\n{INTRO}"
    assert chunks[0].title == TITLE and chunks[0].published == date(2025, 3, 1)


def test_prefix_without_date_is_the_title() -> None:
    chunks = chunk_document(doc(f"{TITLE}\n\n{INTRO}", published=None))
    assert chunks[0].text == f"{TITLE}\n{INTRO}"


def test_heading_is_attached_to_the_following_paragraph() -> None:
    text = f"{TITLE}\n\n{INTRO}\n\nProgramm am zweiten Tag\n\n{sentence(1)} {sentence(2)}"
    bodies = [c.body for c in chunk_document(doc(text))]
    assert bodies == [INTRO, f"Programm am zweiten Tag\n{sentence(1)} {sentence(2)}"]


def test_short_paragraph_is_merged_with_its_neighbour() -> None:
    text = f"{TITLE}\n\nKurzer Absatz.\n\n{INTRO}"
    bodies = [c.body for c in chunk_document(doc(text))]
    assert bodies == [f"Kurzer Absatz.\n\n{INTRO}"]


def test_bullet_list_is_kept_whole() -> None:
    items = "\n".join(
        f"• Referentin {name}, Amt für Digitalisierung der Stadt Kiel"
        for name in ("Anna", "Berta", "Clara", "Doris")
    )
    text = f"{TITLE}\n\n{INTRO}\n\n{items}\n\n{sentence(1)} {sentence(2)}"
    chunks = chunk_document(doc(text))
    assert [c.body for c in chunks] == [INTRO, items, f"{sentence(1)} {sentence(2)}"]


def test_long_list_is_split_between_items_only() -> None:
    items = [
        f"• Person {i:02d}, Referentin für Verwaltungsmodernisierung im Land" for i in range(40)
    ]
    chunks = chunk_document(doc(f"{TITLE}\n\n" + "\n".join(items)))
    assert len(chunks) > 1
    assert all(len(c.body) <= MAX_CHARS for c in chunks)
    assert all(c.body.startswith("•") for c in chunks)
    assert "\n".join(c.body for c in chunks).split("\n") == items


def test_long_paragraph_is_split_at_sentence_boundaries() -> None:
    sentences = [sentence(i) for i in range(40)]
    paragraph = " ".join(sentences)
    assert len(paragraph) > 2 * MAX_CHARS
    chunks = chunk_document(doc(f"{TITLE}\n\n{paragraph}"))
    assert len(chunks) >= 3
    assert all(len(c.body) <= MAX_CHARS for c in chunks)
    assert all(c.body.endswith("Kiel.") for c in chunks)
    assert " ".join(c.body for c in chunks) == paragraph
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_headline_only_document_gets_one_chunk() -> None:
    chunks = chunk_document(doc(TITLE))
    assert len(chunks) == 1
    assert chunks[0].body == TITLE and chunks[0].position == 0


def test_chunk_ids_are_stable_and_content_addressed() -> None:
    document = doc(f"{TITLE}\n\n{INTRO}\n\nProgramm\n\n{sentence(1)} {sentence(2)}")
    first = [c.chunk_id for c in chunk_document(document)]
    assert first == [c.chunk_id for c in chunk_document(document)]
    assert all(
        re.fullmatch(rf"smart-city-forum-2025:{i}:[0-9a-f]{{10}}", cid)
        for i, cid in enumerate(first)
    )
    changed = [c.chunk_id for c in chunk_document(replace(document, text=document.text + " Neu."))]
    assert changed != first
    assert len(set(first)) == len(first)


def test_real_corpus_chunks_fit_and_carry_their_document() -> None:
    for document in load_corpus(CORPUS).documents:
        chunks = chunk_document(document)
        assert chunks, document.doc_id
        prefix = chunk_prefix(document)
        for position, chunk in enumerate(chunks):
            assert len(chunk.body) <= MAX_CHARS
            assert chunk.position == position
            assert chunk.doc_id == document.doc_id
            assert chunk.text == f"{prefix}\n{chunk.body}"
        # nothing is lost or invented: the bodies hold the document's words, minus the
        # headline when it stands alone as a block (it is in every prefix already)
        words_in_chunks = " ".join(c.body for c in chunks).split()
        assert words_in_chunks in (document.text.split(), without_headline(document))

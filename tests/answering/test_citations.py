from __future__ import annotations

from datetime import date

from assistant.answering.citations import (
    cited_numbers,
    finalize,
    invalid_markers,
    uncited_sentences,
)
from assistant.records import Passage

PASSAGES = tuple(
    Passage(
        chunk_id=f"doc-{i}:0:abc",
        doc_id=f"doc-{i}",
        title=f"Titel {i}",
        body=f"Text {i}",
        text=f"Titel {i}\nText {i}",
        score=0.5 + i / 10,
        published=date(2024, 4, i),
        url=f"https://example.org/{i}",
    )
    for i in (1, 2, 3)
)


def test_markers_are_renumbered_by_first_appearance() -> None:
    result = finalize("A [2]. B [1]. C [2].", PASSAGES)
    assert result.text == "A [1]. B [2]. C [1]."
    assert [(s.n, s.doc_id) for s in result.sources] == [(1, "doc-2"), (2, "doc-1")]
    assert result.dropped_markers == ()


def test_sources_carry_the_passage() -> None:
    (source,) = finalize("Nur eins [3].", PASSAGES).sources
    assert source.n == 1
    assert source.title == "Titel 3"
    assert source.text == "Text 3"  # the body, without the title prefix
    assert source.chunk_id == "doc-3:0:abc"
    assert source.published == date(2024, 4, 3)
    assert source.url == "https://example.org/3"
    assert source.score == 0.8


def test_out_of_range_markers_are_dropped() -> None:
    result = finalize("A [1] [7]. B [0].", PASSAGES)
    assert result.text == "A [1]. B."
    assert [s.doc_id for s in result.sources] == ["doc-1"]
    assert result.dropped_markers == (7, 0)


def test_only_cited_passages_are_listed() -> None:
    result = finalize("Nur die dritte [3].", PASSAGES)
    assert [s.doc_id for s in result.sources] == ["doc-3"]
    assert finalize("Kein Marker.", PASSAGES).sources == ()


def test_multi_markers_are_expanded() -> None:
    result = finalize("Beides [2, 1].", PASSAGES)
    assert result.text == "Beides [1][2]."
    assert [s.doc_id for s in result.sources] == ["doc-2", "doc-1"]


def test_repeated_marker_collapses() -> None:
    assert finalize("X [3][3].", PASSAGES).text == "X [1]."


def test_every_marker_points_at_a_listed_source() -> None:
    result = finalize("A [3]. B [9]. C [1, 2]. D [2].", PASSAGES)
    assert invalid_markers(result.text, result.sources) == []
    assert sorted(set(cited_numbers(result.text))) == [s.n for s in result.sources] == [1, 2, 3]


def test_helpers() -> None:
    assert cited_numbers("a [1] b [12] [x]") == [1, 12]
    assert invalid_markers("a [1] b [2]", finalize("a [1]", PASSAGES).sources) == [2]
    assert uncited_sentences("Satz eins [1]. Satz zwei. Satz drei [2].") == ["Satz zwei."]

"""What an LLM prompt carries: the catalog's facts for the asked event, numbered like the
sources, and passage text within the character budget (about 500 tokens by default)."""

from __future__ import annotations

import dataclasses
import re

from test_guardrails import DATE_2024, RIEDEL, WHEN_2024, corpus_chunks, make_request

from assistant.answering.evidence import assess
from assistant.answering.prompts import PromptSources, select_sources
from assistant.answering.seam import GenerationRequest, KnownFact
from assistant.settings import Settings


def chunk_with(needle: str) -> tuple[str, str]:
    """The chunk with `needle` and, as the catalog quotes it, its sentence from the needle on."""
    chunk = next(c for c in corpus_chunks() if needle in c.text)
    start = chunk.text.index(needle)
    return chunk.chunk_id, chunk.text[start : chunk.text.index(".", start + 20) + 1]


def with_facts(request: GenerationRequest, *facts: KnownFact) -> GenerationRequest:
    return dataclasses.replace(request, facts=facts)


def sources(request: GenerationRequest, budget: int) -> PromptSources:
    stats = request.stats
    evidence = assess(request.info, request.passages, stats.vocabulary, stats.event_words)
    return select_sources(request, evidence, budget)


def blocks(prompt: PromptSources) -> dict[int, str]:
    found = re.findall(r'<quelle nr="(\d+)"[^>]*>\n(.*?)\n</quelle>', prompt.text, re.S)
    return {int(n): text for n, text in found}


DATE_FACT = KnownFact("dates", "Termin", "23. und 24. April 2024", *chunk_with(DATE_2024))
SPEAKER = KnownFact("speakers", "Mitwirkende", "Jörn Riedel – CIO", *chunk_with(RIEDEL))
GONE = KnownFact("city", "Ort", "Irgendwo", "no-such-chunk", "Es war in Irgendwo.")


def test_facts_come_with_the_number_of_their_passage() -> None:
    request = with_facts(make_request(WHEN_2024, RIEDEL, DATE_2024), DATE_FACT, SPEAKER, GONE)
    prompt = sources(request, 4000)
    lines = prompt.facts.splitlines()
    assert lines[0].startswith("- Termin: 23. und 24. April 2024 [")
    for line in lines:
        n = int(line.rsplit("[", 1)[1].rstrip("]"))
        passage = request.passages[prompt.numbering[n - 1]]
        assert any(f.chunk_id == passage.chunk_id for f in (DATE_FACT, SPEAKER)), line
    assert "Irgendwo" not in prompt.facts  # its chunk was not retrieved: nothing to cite


def test_the_asked_facts_sentence_joins_when_its_passage_was_cut() -> None:
    request = with_facts(make_request(WHEN_2024, RIEDEL, DATE_2024), DATE_FACT, SPEAKER)
    prompt = sources(request, 500)
    shown = blocks(prompt)
    assert sum(len(text) for text in shown.values()) <= 500 + 20  # fence may add "…"
    line = next(x for x in prompt.facts.splitlines() if x.startswith("- Termin"))
    n = int(line.rsplit("[", 1)[1].rstrip("]"))
    assert "23.-24. April" in shown[n]


def test_the_default_budget_is_about_500_tokens() -> None:
    assert Settings().llm_context_chars == 1800  # ~3.6 characters per token of German text

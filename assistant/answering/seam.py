"""The answer seam: what every generator gets (`GenerationRequest`) and returns (`Draft`).

Generators (the offline `extractive.ExtractiveGenerator`, LLM generators) cite
`[k]` = the k-th passage of the request; `citations.finalize` renumbers for the
reader. Retrieval, CLI and UI only ever see this module.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from assistant.answering.evidence import Evidence
from assistant.answering.knowledge import Knowledge
from assistant.answering.subject import Subject
from assistant.records import Passage
from assistant.text.analysis import raw_tokens, stem
from assistant.text.intents import Ask
from assistant.text.questions import QuestionInfo

ABSTAIN_DE = "Dazu habe ich in den vorliegenden Quellen keine Informationen."
ABSTAIN_EN = "I have no information on this in the available sources."


class LLMConfigError(RuntimeError):
    """The configured LLM generator cannot be built; the message names the fix.

    Defined at the seam, not in `llm`, so callers can catch it without importing the
    LLM stack (a cold `assistant ask` on the extractive default never loads it)."""


@dataclass(frozen=True)
class CorpusStats:
    """Corpus-wide facts the answer step needs: vocabulary, event words, term rarity."""

    vocabulary: frozenset[str]
    event_words: frozenset[str]
    doc_freq: dict[str, int] = field(default_factory=dict)
    n_docs: int = 1

    def idf(self, word: str) -> float:
        df = self.doc_freq.get(stem(word), 0)
        return math.log(1 + (self.n_docs + 1) / (df + 0.5))


@dataclass(frozen=True)
class KnownFact:
    """A fact the event catalog holds for the asked event, quoted from one chunk: LLM prompts
    state it up front, so a small model need not find it in long passages."""

    field: str  # the catalog's field: "dates", "city", "speakers", …
    label: str  # as the prompt shows it: "Termin", "Ort", "Mitwirkende", …
    value: str
    chunk_id: str
    quote: str  # the sentence of the chunk that states it


@dataclass(frozen=True)
class GenerationRequest:
    question: str  # as asked
    info: QuestionInfo  # of the resolved (standalone) question
    passages: tuple[Passage, ...]
    stats: CorpusStats
    today: date
    ask: Ask | None = None  # the slot(s) asked for, read from the question
    subject: Subject | None = None  # what it is about (None: not linked, e.g. a test request)
    knowledge: Knowledge | None = None  # the corpus as questions are linked to it
    facts: tuple[KnownFact, ...] = ()  # for LLM prompts; the extractive generator ignores them
    standalone: str = ""  # the follow-up with its subject ("und wo? (netzwerktreffen ost)")


@dataclass(frozen=True)
class Draft:
    """Generator output; `[k]` markers refer to `GenerationRequest.passages[k-1]`."""

    text: str
    abstained: bool
    evidence: Evidence | None = None
    note: str = ""


class Generator(Protocol):
    name: str

    def generate(self, request: GenerationRequest) -> Draft: ...


def make_stats(chunks_text: Sequence[tuple[str, str]], event_words: frozenset[str]) -> CorpusStats:
    """Corpus statistics from (doc_id, text) pairs of all chunks.

    Rarity is counted over chunks, not documents: with a handful of press releases every
    word is in "many" documents, but "eröffnet" is in few paragraphs and "Kongress" in most.
    """
    doc_freq: Counter[str] = Counter()
    for _, text in chunks_text:
        doc_freq.update({stem(w) for w in raw_tokens(text)})
    return CorpusStats(frozenset(doc_freq), event_words, dict(doc_freq), max(1, len(chunks_text)))


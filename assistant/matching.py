"""Does a text contain a question's word? Tolerant of German inflection, compounds and typos.

Visitors write "Podiumsdiskussion" where the text has "Podium … diskutieren",
"eröffnet" for "eröffnen", "Aufbuch" for "Aufbruch"; exact matching would make
the assistant abstain on answerable questions.
"""

from __future__ import annotations

from functools import lru_cache

from .analysis import MAX_COMPOUND_CHARS, raw_tokens, stem


def _edit_distance_le1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=4096)
def matcher(text: str) -> TermMatcher:
    """Matchers are built per text and reused: the same passages come back query after query."""
    return TermMatcher(text)


class TermMatcher:
    """Does a text contain a question word? Stem, compound-part and one-typo tolerant."""

    def __init__(self, text: str) -> None:
        self.words = set(raw_tokens(text))
        self.stems = {stem(w) for w in self.words}
        self._cache: dict[str, bool] = {}

    def has(self, word: str) -> bool:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = self._has(word)
        return cached

    def _has(self, word: str) -> bool:
        if self._has_word(word):
            return True
        if len(word) > MAX_COMPOUND_CHARS:  # pasted data, not a compound: n cuts × n letters
            return False
        # compounds asked for as separate words in the text: "Podiumsdiskussion" → "Podium"
        # and "diskutieren" (parts matched by a five-letter stem prefix)
        for cut in range(4, len(word) - 4):
            head, tail = word[:cut], word[cut:]
            head = head[:-1] if head.endswith("s") and len(head) > 4 else head
            if self._has_word(head) and self._has_prefix(stem(tail)[:5]):
                return True
        return False

    def _has_prefix(self, prefix: str) -> bool:
        return len(prefix) >= 5 and any(w.startswith(prefix) for w in self.words)

    def _has_word(self, word: str) -> bool:
        if word in self.words or stem(word) in self.stems:
            return True
        if (
            len(word) >= 7
        ):  # verb inflections: "diskutiert" ~ "diskutieren", "eröffnet" ~ "eröffnen"
            root = word[:-2]
            if any(w.startswith(root) and abs(len(w) - len(word)) <= 3 for w in self.words):
                return True
        if len(word) >= 5 and any(w.startswith(word) or w.endswith(word) for w in self.words):
            return True
        return len(word) >= 6 and any(
            abs(len(w) - len(word)) <= 1 and _edit_distance_le1(w, word) for w in self.words
        )


class DocumentMatcher:
    """`TermMatcher` over all passages of one document (each passage's matcher is cached)."""

    def __init__(self) -> None:
        self._parts: list[TermMatcher] = []

    def add(self, text: str) -> None:
        self._parts.append(matcher(text))

    def has(self, word: str) -> bool:
        return any(part.has(word) for part in self._parts)


def in_vocabulary(word: str, vocabulary: frozenset[str]) -> bool:
    stemmed = stem(word)
    if stemmed in vocabulary or word in vocabulary:
        return True
    if len(stemmed) >= 6 and any(
        len(v) >= 6 and abs(len(v) - len(stemmed)) <= 1 and _edit_distance_le1(v, stemmed)
        for v in vocabulary
    ):
        return True
    # compound tails: "Format" in "Veranstaltungsformat"
    if len(stemmed) >= 5 and any(len(v) > len(stemmed) and v.endswith(stemmed) for v in vocabulary):
        return True
    # compounds: "Tagungsräumen" → "Tagung" + "räumen"
    return 8 <= len(word) <= MAX_COMPOUND_CHARS and any(
        stem(word[:cut]) in vocabulary and stem(word[cut:]) in vocabulary
        for cut in range(4, len(word) - 3)
    )

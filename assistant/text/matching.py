"""Does a text contain a question's word? Tolerant of German inflection, compounds and typos.

Visitors write "Podiumsdiskussion" where the text has "Podium … diskutieren",
"eröffnet" for "eröffnen", "Aufbuch" for "Aufbruch"; exact matching would make
the assistant abstain on answerable questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assistant.text.analysis import MAX_COMPOUND_CHARS, STOPWORDS, raw_tokens, stem


def edit_distance_le1(a: str, b: str) -> bool:
    """Are two words at most one insertion, deletion, substitution or swap of two neighbouring
    letters apart?"""
    if abs(len(a) - len(b)) > 1:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # Quick reject (most pairs): one edit leaves the first or the second half of the
    # shorter word intact, at the start or at the end of the longer one.
    half = len(short) // 2
    if long_[:half] != short[:half] and long_[len(long_) - len(short) + half :] != short[half:]:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) <= 1 or (len(diff) == 2 and diff[1] == diff[0] + 1  # "plattfrom"
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


#: What German inflection adds to a (folded, already shortened) name word.
_ENDINGS = frozenset({"s", "e", "n", "r", "m", "es", "en", "er", "em", "ns", "ens", "ern"})


def same_word(asked: str, word: str) -> bool:
    """Is a folded question word the same word as a folded name word: equal, an inflection
    ("aufbruchs" / "aufbruch": an ending added to five letters or more) or one typo in a
    word of six letters or more. "digitaltag" is not "digital", "digitalkongress" is not
    "digitalisierungsforum": sharing a prefix is not being the same word."""
    if asked == word:
        return True
    short, long_ = sorted((asked, word), key=len)
    if len(short) >= 5 and long_.startswith(short) and long_[len(short):] in _ENDINGS:
        return True
    return len(short) >= 6 and edit_distance_le1(asked, word)


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
        # Lookups for the tolerant checks, which would otherwise scan every word of the
        # text per asked word (most of a cold answer's time): words by length, and all
        # words in one string, "\n"-delimited, for prefix/suffix tests by substring search.
        self._by_length: dict[int, list[str]] = {}
        for w in self.words:
            self._by_length.setdefault(len(w), []).append(w)
        self._joined = "\n" + "\n".join(self.words) + "\n"

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

    def _starts(self, prefix: str) -> bool:
        """Does some word start with `prefix`? (Words never contain whitespace.)"""
        if any(ch.isspace() for ch in prefix):
            return any(w.startswith(prefix) for w in self.words)
        return "\n" + prefix in self._joined

    def _ends(self, suffix: str) -> bool:
        if any(ch.isspace() for ch in suffix):
            return any(w.endswith(suffix) for w in self.words)
        return suffix + "\n" in self._joined

    def _of_length(self, low: int, high: int) -> Iterator[str]:
        for n in range(low, high + 1):
            yield from self._by_length.get(n, ())

    def _has_prefix(self, prefix: str) -> bool:
        return len(prefix) >= 5 and self._starts(prefix)

    def _has_word(self, word: str) -> bool:
        if word in self.words or stem(word) in self.stems:
            return True
        n = len(word)
        if n >= 7:  # verb inflections: "diskutiert" ~ "diskutieren", "eröffnet" ~ "eröffnen"
            root = word[:-2]  # a word starting with it is at least n - 2 long
            if self._starts(root) and any(
                w.startswith(root) for w in self._of_length(n - 2, n + 3)
            ):
                return True
        if n >= 5 and (self._starts(word) or self._ends(word)):
            return True
        # one typo, but never into a function word ("wetter" is not "weiter")
        return n >= 6 and any(edit_distance_le1(w, word) for w in self._of_length(n - 1, n + 1)
                              if w not in STOPWORDS)


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
        len(v) >= 6 and abs(len(v) - len(stemmed)) <= 1 and edit_distance_le1(v, stemmed)
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


#: A course, run or file code: "EA-2026-1", "26-ISB-02", "bd-2027-1" (letters and digits in
#: parts joined by hyphens, at least one of each); "E-Akte" and "Top-Thema" are no codes.
CODE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])(?:\d+|[^\W\d_]{1,5})"
                   r"(?:-(?:\d+|[^\W\d_]{1,5})){1,3}(?![\w-])")


def codes(text: str) -> frozenset[str]:
    """The codes a text names, upper-cased: a question naming one run ("Durchgang EA-2026-1")
    is not answered by a sentence naming only another run ("EA-2026-2")."""
    return frozenset(m.group().upper() for m in CODE.finditer(text))

"""German lexical analysis shared by BM25 retrieval and the answer step's evidence checks.

English-tuned defaults fail on these texts: umlauts are typed as ae/oe/ue or
dropped, compounds (`Verwaltungsdigitalisierung`) hide the word a visitor asks
for, `Nordl@nder` is one word, and dates come as `23.-24.04.2024`. Both the
indexed text and the query go through the same analyser, so every rule here
only has to be consistent, not linguistically perfect.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_GERMAN

# fmt: off
MONTHS_DE = (
    "januar", "februar", "maerz", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "dezember",
)
# fmt: on
# fmt: off
_MONTHS_EN = {
    "january": "januar", "february": "februar", "march": "marz", "may": "mai",
    "june": "juni", "july": "juli", "october": "oktober", "december": "dezember",
}

# fmt: on
# Question words and filler that say nothing about *which* passage answers.
# fmt: off
_EXTRA_STOPWORDS = {
    "wann", "wo", "wer", "wen", "wem", "wessen", "welche", "welcher", "welches", "welchem",
    "welchen", "wieviel", "wieviele", "viele", "gibt", "gab", "fand", "findet", "statt",
    "ist", "sind", "war", "waren", "denn", "bitte", "eigentlich", "genau", "und", "wurde",
    "wurden", "worden", "hat", "haben", "hatte", "mir", "sag", "sage", "nenne", "nenn",
    # modal verbs as visitors type them, their ending dropped ("ich würd gern zuschauen")
    "würd", "könnt", "möcht", "hätt", "wollt", "sollt", "müsst", "dürft",
    "the", "a", "an", "of", "in", "on", "at", "to", "is", "was", "were", "are", "what",
    "when", "where", "who", "whom", "which", "how", "many", "much", "did", "does", "do",
    "for", "and", "or", "by", "with", "about", "it", "its", "this", "that", "there",
    "take", "place", "held", "please", "tell", "me", "beim", "bei", "es",
    # contractions of a preposition and "das" ("fürs Seminar") or a verb and "es" ("gibts")
    # name nothing either
    "fürs", "furs", "aufs", "ans", "übers", "ubers", "durchs", "ums", "vors", "hinters",
    "gibts", "gabs", "gehts", "gings",
    # what the answer is for ("Adresse fürs Navi", "for my satnav") names nothing asked
    "navi", "navigationsgerät", "satnav", "sat-nav", "gps",
}

# fmt: on
#: Event-domain vocabulary a visitor uses (German or English) → how press releases say it.
#: Used to expand questions for retrieval and to score evidence sentences; keys are folded.
# fmt: off
GLOSSARY: dict[str, tuple[str, ...]] = {
    "motto": ("motto", "lautete", "zeichen"),
    "veranstalter": ("veranstalter", "veranstaltet", "gastgeber", "lud", "ausrichter"),
    "veranstaltet": ("veranstalter", "veranstaltet", "gastgeber", "lud"),
    "organisiert": ("veranstalter", "veranstaltet", "gastgeber", "lud"),
    "organises": ("veranstalter", "veranstaltet", "gastgeber", "lud"),
    "organizes": ("veranstalter", "veranstaltet", "gastgeber", "lud"),
    "organised": ("veranstalter", "veranstaltet", "gastgeber", "lud"),
    "organized": ("veranstalter", "veranstaltet", "gastgeber", "lud"),
    "organiser": ("veranstalter", "gastgeber"),
    "organizer": ("veranstalter", "gastgeber"),
    "host": ("gastgeber", "veranstalter"),
    "patron": ("schirmherrschaft", "schirmherr"),
    "moderates": ("moderiert", "moderatorin", "moderator"),
    "moderator": ("moderiert", "moderatorin", "moderator"),
    "moderiert": ("moderiert", "moderatorin", "moderator"),
    "moderierte": ("moderiert", "moderatorin", "moderator"),
    "panel": ("podium", "podiumsdiskussion"),
    "discussion": ("diskussion", "podiumsdiskussion", "diskutieren"),
    "register": ("anmeldung", "anmelden"),
    "registration": ("anmeldung", "anmelden"),
    "anmelden": ("anmeldung", "anmelden"),
    "participants": ("teilnehmende", "teilnehmer", "gaste"),
    "attended": ("teilnehmende", "teilnehmer", "gaste"),
    "leute": ("teilnehmende", "teilnehmer", "gaste"),
    "gaste": ("teilnehmende", "teilnehmer", "gaste"),
    "speakers": ("referent", "referentinnen", "vortrag", "impulsvortrag"),
    "speaker": ("referent", "vortrag"),
    "vortrage": ("vortrag", "vortragen", "impulsvortrage", "referent"),
    "topic": ("thema", "themen"),
    "topics": ("thema", "themen"),
    "format": ("livestream", "online", "vor", "ort", "format", "hybrid"),
    "online": ("livestream", "online"),
    "kosten": ("kostenfrei", "kostenlos", "gebuhr", "euro"),
    "kostet": ("kostenfrei", "kostenlos", "gebuhr", "euro"),
    "kostenlos": ("kostenfrei", "kostenlos", "gebuhr"),
    "cost": ("kostenfrei", "kostenlos", "gebuhr", "euro"),
    "wenden": ("kontakt", "tel"),
    "kontakt": ("kontakt", "tel"),
    "contact": ("kontakt", "tel"),
    "eroffnet": ("eroffnet", "eroffnen", "auftakt"),
    "opened": ("eroffnet", "eroffnen", "auftakt"),
    "opens": ("eroffnet", "eroffnen", "auftakt"),
    "titel": ("titel", "uberschrift"),
    "wievielten": ("mal",),
    "wievielte": ("mal",),
}

# fmt: on
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_](?:[^\W_]|@(?=[^\W\d_]))*", re.UNICODE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")

_stemmer = Stemmer.Stemmer("german")
#: Longer tokens are not German compounds but pasted data (base64, hashes); not split.
MAX_COMPOUND_CHARS = 64


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, map umlauts and their ae/oe/ue spellings to one form, strip accents."""
    text = text.lower().replace("ß", "ss").replace("@", "a")
    text = text.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def folded_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern for folded text: its words spelt as `fold` spells them ("does" → "dos",
    "guests" → "gusts", "zuerst" → "zurst", "virtuell" → "virtull"), so that a pattern
    written in plain words still matches a folded question."""
    return re.compile(pattern.replace("ae", "a").replace("oe", "o").replace("ue", "u"), flags)


def _fold_stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in (*STOPWORDS_GERMAN, *_EXTRA_STOPWORDS))


STOPWORDS = _fold_stopwords()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem an already folded word; numbers pass through without leading zeros.

    Snowball leaves participles apart from their verbs ("diskutiert" vs "diskuti" for
    "diskutieren", "eroffnet" vs "eroffn"); visitors ask with one form, press releases
    use the other, so -iert/-ieren and a final -et are reduced as well.
    """
    if word.isdigit():
        return word.lstrip("0") or "0"
    stemmed = str(_stemmer.stemWord(word))
    if stemmed.endswith("iert") and len(stemmed) > 6:
        return stemmed[:-4]
    if stemmed.endswith("i") and word.endswith(("ieren", "ierend")) and len(stemmed) > 5:
        return stemmed[:-1]
    if stemmed.endswith("et") and len(stemmed) >= 7:
        return stemmed[:-2]
    return stemmed


def _date_tokens(text: str) -> list[str]:
    """`23.-24.04.2024` also means "April 2024": emit month names for numeric dates."""
    extra: list[str] = []
    for match in _NUMERIC_DATE.finditer(text):
        month = int(match.group(2))
        if 1 <= month <= 12 and 1 <= int(match.group(1)) <= 31:
            year = match.group(3)
            extra.append(MONTHS_DE[month - 1])
            extra.append(year if len(year) == 4 else f"20{year}")
    return extra


@lru_cache(maxsize=50_000)
def raw_tokens(text: str) -> tuple[str, ...]:
    """Folded word and number tokens, numbers split at dots (`23.04.2024` → 23, 04, 2024)."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token[0].isdigit():
            tokens.extend(p for p in re.split(r"[.,]", token) if p)
        else:
            folded = fold(token)
            tokens.append(_MONTHS_EN.get(folded, folded))
    return tuple(tokens)


def content_words(text: str) -> list[str]:
    """Folded, unstemmed tokens without stop words, with month names for numeric dates."""
    words = [t for t in raw_tokens(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return words + [fold(t) for t in _date_tokens(text)]


def expand(words: Iterable[str]) -> list[str]:
    """Glossary expansions of folded question words (without the words themselves)."""
    out: list[str] = []
    for word in words:
        for extra in GLOSSARY.get(word, ()):
            if extra not in out:
                out.append(extra)
    return out


class Analyzer:
    """Turns text into BM25 terms; knows the corpus vocabulary to split compounds."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self.vocabulary: frozenset[str] = frozenset(vocabulary)
        self._split_cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def for_corpus(cls, texts: Iterable[str]) -> Analyzer:
        vocab: set[str] = set()
        for text in texts:
            vocab.update(stem(w) for w in content_words(text) if not w.isdigit())
        return cls(vocab)

    def split_compound(self, word: str) -> tuple[str, ...]:
        """Stems of the known parts of a compound (`verwaltungsdigitalisierung` →
        `verwalt`, `digitalisi`), or () when no split into known words exists."""
        if len(word) < 9 or len(word) > MAX_COMPOUND_CHARS or word.isdigit():
            return ()  # a 100,000-letter "word" (pasted data) would cost minutes: n cuts × stem
        cached = self._split_cache.get(word)
        if cached is not None:
            return cached
        best: tuple[str, ...] = ()
        for cut in range(4, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            tail_stem = stem(tail)
            if len(tail_stem) < 4 or tail_stem not in self.vocabulary:
                continue
            for candidate in (head, head[:-1] if head.endswith("s") else None):
                if candidate and len(candidate) >= 4 and stem(candidate) in self.vocabulary:
                    best = (stem(candidate), tail_stem)
                    break
            if best:
                break
        self._split_cache[word] = best
        return best

    def terms(self, text: str) -> list[str]:
        terms: list[str] = []
        for word in content_words(text):
            stemmed = stem(word)
            terms.append(stemmed)
            if (self.vocabulary and stemmed not in self.vocabulary) or len(word) >= 12:
                terms.extend(self.split_compound(word))
        return terms


def name_stems(text: str) -> set[str]:
    """Six-letter stems of a name's words (four letters or more; no numbers, no stop words):
    "des Kongresses" and "Kongress", "Schulverwaltung digital" and its heading share them.
    How rules tell whether a quoted name, a heading or a question names the same event."""
    return {w[:6] for w in raw_tokens(text) if len(w) >= 4 and not w.isdigit()
            and w not in STOPWORDS}  # fmt: skip

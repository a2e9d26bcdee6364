"""Understanding a visitor's question: language, what kind of answer it wants, and which
event it is about, including elliptical follow-ups ("Und wo fand er statt?").

Everything here is rule-based on purpose: it must run offline in microseconds on
two CPU cores, and every rule can be read and checked by a person.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from assistant.text.analysis import STOPWORDS, expand, fold, raw_tokens, stem
from assistant.text.dates import YEAR as _YEAR


class Intent(StrEnum):
    WHEN = "when"
    WHERE = "where"
    HOW_MANY = "how_many"
    ORDINAL = "ordinal"
    WHO = "who"
    ORGANISER = "organiser"
    LIST = "list"
    WHAT = "what"


# fmt: off
_EN_WORDS = {
    "when", "where", "who", "what", "which", "how", "many", "is", "was", "were", "the", "did",
    "does", "take", "place", "held", "event", "speakers", "participants", "attended", "organised",
    "organized", "organizer", "organiser", "about", "there", "and", "of", "topic", "city",
    "at", "spoke", "speak", "speaks", "for", "to", "it", "do", "are", "can", "will", "any",
}
# fmt: on
# fmt: off
_DE_WORDS = {
    "wann", "wo", "wer", "was", "welche", "welcher", "welches", "wie", "viele", "ist", "war",
    "der", "die", "das", "den", "dem", "fand", "findet", "statt", "und", "gab", "es", "hat",
    "hatte", "veranstaltung", "kongress", "teilnehmende", "sprach", "mit", "beim", "im", "am",
}

# fmt: on
_INTENT_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.ORDINAL,
        re.compile(r"\b(wievielte\w*|zum wie vielten|which edition|how many times)\b"),
    ),
    (Intent.HOW_MANY, re.compile(r"\b(wie ?viele?|anzahl|how many|how much|wie gro(ss|ß))\b")),
    (
        Intent.WHEN,
        re.compile(
            r"\b(wann|an welchem tag|welche[nm]? (tag|datum|termin)|datum|termin|zeitpunkt|when|"
            r"what date|which day|which date)\b"
        ),
    ),
    (
        Intent.WHERE,
        re.compile(
            r"\b(wo|wohin|in welcher stadt|welche[rnm]? (stadt|ort)|tagungsort|veranstaltungsort|"
            r"austragungsort|where|which city|what city|location|venue)\b"
        ),
    ),
    (
        Intent.ORGANISER,
        re.compile(
            r"\b(veranstalter\w*|veranstaltet|ausgerichtet|ausrichter|organis\w+|organiz\w+|host\w*|"
            r"gastgeber\w*|lud ein|schirmherr\w*|patron\w*)\b"
        ),
    ),
    (
        Intent.LIST,
        re.compile(
            r"\b(welche \w*(referent|redner|sprecher|themen|workshops?|foren|werkst|podium|"
            r"teilnehm|medienpartner|vortr|beitr|handlungsfeld)\w*|nenne|liste|list|which "
            r"(speakers|topics|workshops))"
        ),
    ),
    (Intent.WHO, re.compile(r"\b(wer|wem|wen|who|whom|welche[rsnm]? (person|referent\w*))\b")),
]

#: Nouns that name the kind of fact wanted, not the event: never carried into follow-ups.
# fmt: off
_FACT_WORDS = {
    fold(w) for w in (
        "teilnehmende", "teilnehmer", "teilnehmerinnen", "gäste", "leute", "personen", "menschen",
        "referent", "referenten", "referentinnen", "sprecher", "redner", "motto", "thema", "themen",
        "ort", "stadt", "datum", "termin", "veranstalter", "veranstaltet", "workshops", "workshop",
        "foren", "forum", "anmeldung", "kosten", "kontakt", "schirmherrschaft", "eröffnet",
        "moderiert", "participants", "speakers", "city", "date", "organiser", "organizer",
        "statt", "fand", "findet", "gab", "gibt", "hatte", "hat", "sprach", "war", "da", "dort",
        "dabei", "attended", "people", "held", "place", "take", "took", "many", "wie", "viele",
        "ausgabe", "edition", "mal", "jahr", "kongress", "veranstaltung",
        "konferenz", "event", "gipfel", "uni", "arbeitet", "beruflich", "arbeitgeber", "firma",
    )
}

# fmt: on
_ANAPHORA = re.compile(
    r"^\s*(und|and|also|dann|what about|und was|und wie)\b|\b(er|sie|ihn|ihm|ihr|es|dort|da|"
    r"dabei|davon|dafür|damals|diese[rnms]?|jene[rnms]?|it|its|there|they|them|that event|"
    r"this event|derselben|dieselbe)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    language: str
    intent: Intent
    years: tuple[str, ...]
    topic_words: tuple[str, ...]  # folded content words that identify the subject
    numbers: tuple[str, ...] = field(default_factory=tuple)
    terms: tuple[str, ...] = field(default_factory=tuple)  # all content words, for scoring
    expansions: tuple[str, ...] = field(default_factory=tuple)  # glossary words


def detect_language(text: str) -> str:
    """'en' or 'de' (the default): counts function words of each language."""
    words = [w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", text)]
    en = sum(w in _EN_WORDS for w in words)
    # an umlaut tips a tie to German, no more: English questions name "Lübeck" and "Nürnberg"
    de = sum(w in _DE_WORDS for w in words) + any(ch in text for ch in "äöüßÄÖÜ")
    return "en" if en > de else "de"


def detect_intent(text: str) -> Intent:
    lowered = text.lower()
    for intent, pattern in _INTENT_PATTERNS:
        if pattern.search(lowered):
            return intent
    return Intent.WHAT


def topic_words(text: str) -> tuple[str, ...]:
    """Folded content words minus stop words, question words and fact nouns."""
    out: list[str] = []
    for token in raw_tokens(text):
        if token.isdigit() or token in STOPWORDS or token in _FACT_WORDS or len(token) < 3:
            continue
        if token not in out:
            out.append(token)
    return tuple(out)


def analyse(text: str) -> QuestionInfo:
    numbers = tuple(n for n in re.findall(r"\b\d+\b", text) if not _YEAR.fullmatch(n))
    terms = tuple(
        dict.fromkeys(
            t for t in raw_tokens(text) if not t.isdigit() and t not in STOPWORDS and len(t) > 2
        )
    )
    return QuestionInfo(
        text=text,
        language=detect_language(text),
        intent=detect_intent(text),
        years=tuple(dict.fromkeys(_YEAR.findall(text))),
        topic_words=topic_words(text),
        numbers=numbers,
        terms=terms,
        expansions=tuple(w for w in expand(terms) if w not in terms),
    )


def event_runs(text: str, lexicon: frozenset[str]) -> list[list[str]]:
    """Runs of capitalised words (or years) that contain an event word, e.g.
    ["Kongress", "Innovatives", "Management", "2023"]; leading generic words are dropped."""
    words = [w.strip('.-„“"') for w in re.findall(r"[\w@.\-„“\"]+|[–—,:;!?()]", text)]
    runs: list[list[str]] = []
    current: list[str] = []
    for word in [*words, ""]:
        if word and (word[:1].isupper() or _YEAR.fullmatch(word) or in_lexicon(word, lexicon)):
            current.append(word)
            continue
        if any(in_lexicon(w, lexicon) for w in current):
            while (
                current
                and fold(current[0]) in STOPWORDS | _FACT_WORDS
                and not in_lexicon(current[0], lexicon)
            ):
                current = current[1:]
            runs.append(current)
        current = []
    return runs


def event_mention(text: str, lexicon: frozenset[str]) -> list[str]:
    """Surface words naming the event in a question, plus any year it names."""
    kept = [w for run in event_runs(text, lexicon) for w in run]
    words = [w.strip(".-") for w in re.findall(r"[\w@.\-]+", text)]
    kept.extend(w for w in words if _YEAR.fullmatch(w) and w not in kept)
    return kept


#: A year, or the word after "in"/"aus"/"nach" (a city): what tells one edition from another.
_EDITION_WORD = re.compile(r"\b((?:19|20)\d\d)\b|\b(?:in|aus|nach)\s+([\w\-]{3,})", re.IGNORECASE)


def _subject_phrase(question: str, lexicon: frozenset[str] | None = None) -> str:
    """The words of a question that name its subject ("Digitale Aufbruch 2023")."""
    if lexicon is not None:
        mention = event_mention(question, lexicon)
        if mention:
            # the edition's year and city belong to the subject ("… in nürnberg", "… 2023")
            named = {fold(w) for w in mention}
            extra = [
                word
                for m in _EDITION_WORD.finditer(question)
                for word in [m.group(1) or m.group(2)]
                if fold(word) not in named and fold(word) not in STOPWORDS
            ]
            return " ".join([*mention, *extra])
    kept: list[str] = []
    for match in re.finditer(r"[\w@.\-]+", question):
        word = match.group(0).strip(".-")
        folded = fold(word)
        if not word or folded in STOPWORDS or folded in _FACT_WORDS:
            continue
        if _YEAR.fullmatch(word) or len(word) >= 3:
            kept.append(word)
    return " ".join(kept)


#: Stems of the verbs questions ask with ("findet … statt", "gibt es"): a title using one
#: ("Wo finde ich die Folien?") does not make it a word that names the event.
_EVENT_VERBS = frozenset(stem(w) for w in ("finden", "findet", "fand", "geben", "gibt", "gab",
                                           "statt", "stattfinden", "kommen", "kommt"))


def event_lexicon(
    doc_ids: Iterable[str], titles: Iterable[str], texts: Sequence[str]
) -> frozenset[str]:
    """Folded words that name events: words of document ids and titles that are rare in the
    corpus (present in at most 40% of the documents), so generic title words drop out."""
    docs = [set(raw_tokens(t)) for t in texts]
    candidates = {w for i in doc_ids for w in raw_tokens(i.replace("-", " "))}
    candidates |= {w for t in titles for w in raw_tokens(t)}
    limit = max(1, int(0.4 * len(docs)))
    words = {
        w
        for w in candidates
        if len(w) >= 4
        and not w.isdigit()
        and w not in STOPWORDS
        and stem(w) not in _EVENT_VERBS  # a forum thread's "wo finde ich die Folien?"
        and sum(w in d for d in docs) <= limit
    }
    return frozenset(words | {stem(w) for w in words})


def in_lexicon(word: str, lexicon: frozenset[str]) -> bool:
    """Is this surface word (any inflection, "Aufbruchs") an event word?"""
    return any(t in lexicon or stem(t) in lexicon for t in raw_tokens(word))


def _names_subject(question: str, lexicon: frozenset[str] | None) -> bool:
    """A year, an event word, or a person-like name (two capitalised words mid-sentence)."""
    if _YEAR.search(question):
        return True
    if lexicon is not None and any(in_lexicon(w, lexicon) for w in question.split()):
        return True
    words = question.split()[1:]
    return any(
        a[:1].isupper() and b[:1].isupper() and fold(a) not in STOPWORDS
        for a, b in itertools.pairwise(words)
    )


def is_followup(question: str, lexicon: frozenset[str] | None = None) -> bool:
    """Elliptical questions refer back (pronoun, leading "Und") and name no subject of their own.

    With an event lexicon (see `event_lexicon`) the test is exact: a question that names no
    event, year or person continues the conversation's topic.
    """
    info = analyse(question)
    if _names_subject(question, lexicon):
        return False
    if lexicon is not None:
        return True
    if not _ANAPHORA.search(question):
        return not info.topic_words and len(raw_tokens(question)) <= 6
    return len(info.topic_words) <= 1 and not any(
        ch.isupper() for w in question.split()[1:] for ch in w[1:]
    )


def resolve_followup(
    question: str, history: Sequence[str], lexicon: frozenset[str] | None = None
) -> str:
    """A standalone version of `question` for retrieval and answering.

    A follow-up inherits the subject of the most recent earlier question that had
    one; a question with its own subject starts a new topic and is returned as is.
    Earlier turns are resolved first, so a chain of follow-ups keeps its subject.
    """
    resolved: list[str] = []
    for earlier in history:
        resolved.append(_resolve_one(earlier, resolved, lexicon))
    return _resolve_one(question, resolved, lexicon)


def _resolve_one(question: str, history: Sequence[str], lexicon: frozenset[str] | None) -> str:
    year_only = _only_a_year(question, lexicon)
    if not history or not (year_only or is_followup(question, lexicon)):
        return question
    for earlier in reversed(history):
        if is_followup(earlier, lexicon) and (_ANAPHORA.search(earlier)
                                              or not _subject_phrase(earlier)):
            continue  # "wann ist der infoabend in mönkhagen?" names its subject all the same
        if year_only and _YEAR.search(earlier):
            # "Und 2024?" asks the earlier question again, about another year
            return _YEAR.sub(_YEAR.findall(question)[-1], earlier)
        carried = _CARRIED.search(earlier)  # an earlier follow-up's subject, whole ("… nürnberg")
        subject = carried.group(1) if carried else _subject_phrase(earlier, lexicon)
        if subject:
            return f"{question.strip()} ({subject})"
        break
    return question


#: The subject a resolved follow-up carries: "wer hat das organisiert? (digitale aufbruch
#: nürnberg)".
_CARRIED = re.compile(r"\s\(([^()]+)\)\s*$")


def _only_a_year(question: str, lexicon: frozenset[str] | None) -> bool:
    """"Und 2024?", "Und wie war es 2023?": a new year and nothing else that names a subject."""
    if not _YEAR.search(question) or lexicon is None:
        return False
    without_year = _YEAR.sub(" ", question)
    return not _names_subject(without_year, lexicon) and not analyse(without_year).topic_words


#: Misspelt question words visitors type, and contractions of chat German: written out so
#: every later rule (slot, yes/no, follow-up) reads the question as meant ("wan war …").
_TYPED_FOR = (
    (re.compile(r"\b(wan|wnn|wnan|wannn)\b", re.IGNORECASE), "wann"),
    (re.compile(r"\b(wieviele|wiviele|wie fiele|wiefiele)\b", re.IGNORECASE), "wie viele"),
    (re.compile(r"\b(wieviel|wiviel|wie fiel)\b", re.IGNORECASE), "wie viel"),
    (re.compile(r"\b(wass|waß)\b", re.IGNORECASE), "was"),
    (re.compile(r"\bgibts\b", re.IGNORECASE), "gibt es"),
    (re.compile(r"\bgabs\b", re.IGNORECASE), "gab es"),
    (re.compile(r"\bkostets\b", re.IGNORECASE), "kostet es"),
    (re.compile(r"\b(isn|issn|isses)\b", re.IGNORECASE), "ist"),  # "wo isn das genau"
    (re.compile(r"\bnen\b", re.IGNORECASE), "einen"),  # "gibts nen livestream"
    (re.compile(r"\bwars\b", re.IGNORECASE), "war es"),
    (re.compile(r"\b(warn|wahren|waan)\b", re.IGNORECASE), "waren"),  # "wie viele leute warn da"
    (re.compile(r"\b(wer|wo|wann|was) (is|iss)\b", re.IGNORECASE), r"\1 ist"),
    (re.compile(r"\b(jetz|jez|jezt)\b", re.IGNORECASE), "jetzt"),
    (re.compile(r"\b(nich|nit)\b", re.IGNORECASE), "nicht"),
    (re.compile(r"\b(ppl|ppls|peeps)\b", re.IGNORECASE), "people"),  # "how many ppl came?"
    (re.compile(r"\b(leutz)\b", re.IGNORECASE), "leute"),
    (re.compile(r"\b(bzgl)\b\.?", re.IGNORECASE), "bezüglich"),
    (re.compile(r"\ber(ö|oe|o)f(?=n)", re.IGNORECASE), "eröff"),  # "wer eröfnet den kongress"
    (re.compile(r"\bmoder(irt|iet|ierd)\b", re.IGNORECASE), "moderiert"),
)


def as_meant(question: str) -> str:
    """`question` with misspelt question words and chat contractions written out."""
    for pattern, meant in _TYPED_FOR:
        question = pattern.sub(meant, question)
    return question

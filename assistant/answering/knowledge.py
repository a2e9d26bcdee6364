"""What the corpus knows, in the shape questions are linked to: documents, the events they
describe, the words that name each event, and every word with the documents it occurs in.

Built once per index snapshot from the chunks and the catalog's events, so linking a question
costs a few dictionary lookups. Visitors type lower case, with typos and inflections
("nordländer digital", "innovatives managment", "beim digitalen aufbrch"); words are folded
(`text.analysis.fold`) and a word the corpus does not contain is matched to one within one
typo (two for long words), never across a joined name ("re:publica" is not "Next:Public").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from assistant.records import Chunk, Event, Passage
from assistant.text.analysis import STOPWORDS, fold, raw_tokens, stem
from assistant.text.dates import YEAR, edition_years, infer_year
from assistant.text.eventnouns import QUOTED_NAME, is_type_word
from assistant.text.facts import edition_numbers, find_places, is_place
from assistant.text.matching import codes, edit_distance_le1
from assistant.text.names import find_people

#: Joined names ("re:publica", "Nordl@nder.DIGITAL", "Verwaltung.Digital.Nord") are one token.
_JOINED = re.compile(r"[^\W_]+(?:[:@.&][^\W_]+)+")


#: A "word" longer than any German one (pasted image data, a URL run): no name hides in it,
#: and scanning it for names costs time quadratic in its length.
_GIANT = re.compile(r"\S{80,}")


@dataclass(frozen=True)
class Target:
    """Something a question can be about: an event (with the documents that describe it), or a
    document no event was read from."""

    key: str
    label: str  # how answers name it: "Digitaler Aufbruch 2024", or the document's title
    doc_ids: tuple[str, ...]
    event: Event | None = None
    year: int | None = None
    names: frozenset[str] = frozenset()  # folded words naming it (series, city, organisers)
    announced: bool = False
    primary: tuple[str, ...] = ()  # the documents about this edition (not only naming it)
    kinds: frozenset[str] = frozenset()  # the kinds of event its name and titles say

    @property
    def start(self) -> date | None:
        return self.event.start if self.event else None




@dataclass
class Knowledge:
    """The corpus as questions see it; `build` makes it from one index snapshot."""

    targets: list[Target]
    titles: dict[str, str]
    published: dict[str, date | None]
    word_docs: dict[str, frozenset[str]]
    joined: dict[str, frozenset[str]]  # folded joined names → documents
    people: dict[str, frozenset[str]]  # "vorname nachname" (folded) → documents
    n_docs: int
    doc_years: dict[str, int | None] = field(default_factory=dict)  # the year each is about
    #: words naming what a document is about: its title, its lead, the cities it names
    head_words: dict[str, set[str]] = field(default_factory=dict)
    #: the edition numbers each release's head gives its event ("der 20. Kongress")
    doc_numbers: dict[str, frozenset[int]] = field(default_factory=dict)
    #: year-like numbers inside quoted names („Kassel digital 2032“), with the name's words
    quoted_numbers: dict[int, frozenset[str]] = field(default_factory=dict)
    _by_shape: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    _fuzzy_cache: dict[str, str | None] = field(default_factory=dict)

    @cached_property
    def name_numbers(self) -> dict[int, frozenset[str]]:
        """Year-like numbers of series names that are not their edition ("Verwaltung 2030"
        in 2026), with the series' words: "der kongress verwaltung 2030" names it."""
        out: dict[int, set[str]] = {}
        for target in self.targets:
            event = target.event
            if event is None:
                continue
            for number in YEAR.findall(event.series):
                if number != event.edition:
                    out.setdefault(int(number), set()).update(raw_tokens(event.series))
        return {n: frozenset(words) for n, words in out.items()}

    @classmethod
    def build(cls, chunks: Sequence[Chunk], events: Iterable[Event]) -> Knowledge:
        by_doc: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
        word_docs: dict[str, set[str]] = {}
        joined: dict[str, set[str]] = {}
        people: dict[str, set[str]] = {}
        quoted: dict[int, set[str]] = {}
        for doc_id, mine in by_doc.items():
            text = _GIANT.sub(" ", "\n".join([mine[0].title, *(c.body for c in mine)]))
            for m in QUOTED_NAME.finditer(text):
                for number in YEAR.findall(m.group(1)):
                    quoted.setdefault(int(number), set()).update(raw_tokens(m.group(1)))
            for word in set(raw_tokens(text)):
                word_docs.setdefault(word, set()).add(doc_id)
            for name in [m.group(0) for m in _JOINED.finditer(text)] + list(codes(text)):
                joined.setdefault(fold(name), set()).add(doc_id)
            for person in find_people(text):
                people.setdefault(fold(person), set()).add(doc_id)
        doc_years = {
            d: infer_year("\n".join(c.body for c in mine), mine[0].title)
            for d, mine in by_doc.items()
        }
        limit = max(1, len(by_doc) // 4)  # a naming word is rare: in at most a quarter of them
        head_words = {
            d: {w for w in _head_words(mine) if len(word_docs.get(w, ())) <= limit}
            for d, mine in by_doc.items()
        }
        doc_numbers = {
            d: edition_numbers(" ".join([mine[0].title, *(c.body for c in mine[:2])]))
            for d, mine in by_doc.items()
        }
        knowledge = cls(
            doc_numbers=doc_numbers,
            doc_years=doc_years,
            head_words=head_words,
            targets=[],
            titles={d: c[0].title for d, c in by_doc.items()},
            published={d: c[0].published for d, c in by_doc.items()},
            word_docs={w: frozenset(d) for w, d in word_docs.items()},
            joined={w: frozenset(d) for w, d in joined.items()},
            people={p: frozenset(d) for p, d in people.items()},
            n_docs=max(1, len(by_doc)),
            quoted_numbers={n: frozenset(w) for n, w in quoted.items()},
        )
        for word in knowledge.word_docs:
            if len(word) >= 5 and not word.isdigit():
                knowledge._by_shape.setdefault((len(word), word[0]), []).append(word)
        knowledge.targets = _targets(knowledge, list(events), by_doc)
        return knowledge

    @classmethod
    def from_passages(cls, passages: Sequence[Passage]) -> Knowledge:
        """The knowledge of just these passages (a request built without the corpus, e.g. an
        LLM generator's fallback in a test): each document a target of its own."""
        chunks = [
            Chunk(p.chunk_id, p.doc_id, p.position, p.title, p.body, p.text, p.published, p.url)
            for p in passages
        ]
        return cls.build(chunks, ())

    # ----------------------------------------------------------------------- words

    def idf(self, word: str) -> float:
        docs = self.word_docs.get(word, frozenset())
        return math.log(1 + self.n_docs / (len(docs) + 0.5))

    def resolve_word(self, word: str) -> str | None:
        """The corpus word a question word stands for: itself, or one within a typo."""
        if word in self.word_docs:
            return word
        return _fuzzy(self, word)

    def expand_abbreviation(self, word: str) -> tuple[str, ...]:
        """The words of the series a short unknown word abbreviates ("ima": Innovatives
        Management, "da": Digitaler Aufbruch): one leading piece of each name word, in order."""
        if not 2 <= len(word) <= 5 or not word.isalpha() or word in self.word_docs:
            return ()
        return next((parts for parts in self._series_parts
                     if len(parts) <= len(word) and _pieces(word, parts)), ())  # fmt: skip

    @cached_property
    def _series_parts(self) -> tuple[tuple[str, ...], ...]:
        """The name words of every series with two or more, once per corpus snapshot."""
        names = dict.fromkeys(t.event.series for t in self.targets if t.event is not None)
        # an inner capital starts a part of its own: "odf" is the "OpenDorf Forum"
        parts = (tuple(w for w in raw_tokens(re.sub(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])", " ", name))
                       if w not in STOPWORDS) for name in names)  # fmt: skip
        return tuple(p for p in parts if len(p) >= 2)

    def docs_of(self, word: str) -> frozenset[str]:
        found = self.resolve_word(word)
        return self.word_docs.get(found, frozenset()) if found else frozenset()


def _pieces(word: str, parts: Sequence[str]) -> bool:
    """Whether `word` is a leading piece of each of `parts` in turn ("ima": "i" + "ma")."""
    if not parts:
        return not word
    return any(parts[0].startswith(word[:n]) and _pieces(word[n:], parts[1:])
               for n in range(1, len(word) - len(parts) + 2))  # fmt: skip


def _fuzzy(knowledge: Knowledge, word: str) -> str | None:
    if len(word) < 5 or word.isdigit():
        return None
    cache = knowledge._fuzzy_cache
    if word not in cache:
        if len(cache) > 50_000:
            cache.clear()
        cache[word] = _fuzzy_search(knowledge, word)
    return cache[word]


def _fuzzy_search(knowledge: Knowledge, word: str) -> str | None:
    town = word[:-2]
    if word.endswith("er") and town in knowledge.word_docs and is_place(town):
        return town  # "kieler" is Kiel's adjective, not a typo of the surname "Kiefer"
    best: tuple[int, str] | None = None
    for n in (len(word) - 1, len(word), len(word) + 1):
        for candidate in knowledge._by_shape.get((n, word[0]), ()):
            if edit_distance_le1(candidate, word):
                score = len(knowledge.word_docs[candidate])
                if best is None or score > best[0]:
                    best = (score, candidate)
    if best is None and len(word) >= 10:  # long words: two typos ("verwaltungsdigitaltg")
        for n in range(len(word) - 2, len(word) + 3):
            for candidate in knowledge._by_shape.get((n, word[0]), ()):
                if _within_two(candidate, word):
                    return candidate
    if best is not None and best[1] in STOPWORDS:
        return None  # "wetter" is no typo of "weiter": a function word names nothing
    return best[1] if best else _derived(knowledge, word)


_ADJECTIVE = re.compile(r"(aner|ener|ner|er|ers|ern|es|en|e|s)$")


def _derived(knowledge: Knowledge, word: str) -> str | None:
    """A word formed from a corpus word: a clipped form ("Infoabend"), a town's adjective
    ("Münsteraner", "Eberner"), a
    word the corpus only has inside a compound ("Frühbucher" in "Frühbucherpreis"), or a
    compound of two corpus words ("Bauverwaltungsforum")."""
    if word.startswith("info") and not word.startswith("inform") and len(word) > 6:
        full = "informations" + word[4:]  # "Infoabend" is the "(Bürger)informationsabend"
        found = knowledge.resolve_word(full) or next(
            (w for w in knowledge.word_docs if w.endswith(full)), None)
        if found:
            return found
    stripped = _ADJECTIVE.sub("", word)
    if len(stripped) >= 4 and stripped != word and stripped in knowledge.word_docs:
        return stripped
    if len(word) >= 6:
        longer = [w for n in range(len(word) + 1, len(word) + 12)
                  for w in knowledge._by_shape.get((n, word[0]), ())
                  if w.startswith(word)]  # fmt: skip
        if longer:
            return max(longer, key=lambda w: len(knowledge.word_docs[w]))
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        head = head[:-1] if head.endswith("s") and head[:-1] in knowledge.word_docs else head
        if head in knowledge.word_docs and (tail in knowledge.word_docs
                                            or _fuzzy_tail(knowledge, tail)):  # fmt: skip
            parts = [w for w in (head, tail) if w in knowledge.word_docs]
            return min(parts, key=lambda w: len(knowledge.word_docs[w]))  # the telling part
    return None


def _fuzzy_tail(knowledge: Knowledge, tail: str) -> bool:
    return len(tail) >= 5 and any(
        w.startswith(tail) for n in range(len(tail), len(tail) + 4)
        for w in knowledge._by_shape.get((n, tail[0]), ())
    )  # fmt: skip


def _within_two(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > 2:
            return False
        previous = current
    return previous[-1] <= 2


# --------------------------------------------------------------------------- targets

#: The kind of event a name says ("Barcamp", "Jahrestagung"): shared by many events, so no
#: name of one, yet a question's "beim Barcamp" tells the barcamp from a congress.
EVENT_KINDS = frozenset(
    fold(w)
    for w in (
        "kongress", "konferenz", "tagung", "fachtagung", "fachtag", "fachkongress", "forum",
        "gipfel", "symposium", "messe", "fachmesse", "workshop", "barcamp", "hackathon",
        "webinar", "webinare", "webinarreihe", "seminar", "treffen", "infoabend", "infotag",
        "jahrestagung", "anwendertag", "roadshow",
    )
)  # fmt: skip
#: Words of event names that do not tell one event from another ("Kongress", "2027").
GENERIC = EVENT_KINDS | frozenset(
    fold(w)
    for w in (
        "veranstaltung", "event", "summer", "school", "reihe", "veranstaltungsreihe", "serie",
        "digital", "digitale", "digitalen", "digitaler", "verwaltung", "kommunal", "kommunale",
        "und", "der", "die", "das", "für", "in", "im", "zum", "zur", "am", "ausgabe", "auflage",
    )
)  # fmt: skip


def _name_words(*names: str) -> set[str]:
    words: set[str] = set()
    for name in names:
        words.update(w for w in raw_tokens(name) if not w.isdigit() and len(w) >= 3)
        words.update(fold(m.group(0)) for m in _JOINED.finditer(name))
    return words - GENERIC


def _kinds(*names: str) -> frozenset[str]:
    """Kind words of its names and titles: the listed ones and any bare event noun
    ("Werkstatt", "Sprechstunde") the text helpers know."""
    return frozenset(
        w
        for name in names
        for w in raw_tokens(name)
        if w in EVENT_KINDS or is_type_word(w, bare=True)
    )


def _targets(
    knowledge: Knowledge, events: list[Event], by_doc: dict[str, list[Chunk]]
) -> list[Target]:
    targets: list[Target] = []
    covered: set[str] = set()
    for event in events:
        organisers = [f.value for f in event.organiser]
        short = [w for o in organisers for w in re.findall(r"\(([A-ZÄÖÜ][\w@&-]{1,12})\)", o)]
        names = _name_words(event.series, *event.values("city"), *short,
                            *(o for o in organisers if len(o.split()) <= 2))  # fmt: skip
        # a number of the series' own name ("Verwaltung 2030") names it; its edition does not
        names |= {w for w in raw_tokens(event.series) if w.isdigit() and w != event.edition}
        year = int(event.edition) if event.edition and event.edition.isdigit() else None
        if year is None and event.start:
            year = event.start.year
        own = [d for d in event.sources if knowledge.doc_years.get(d) == year]
        for doc_id in (own or event.sources) if not event.announced else ():
            names |= knowledge.head_words.get(doc_id, set())
        docs = [*own, *(d for d in event.sources if d not in own)] if own else event.sources
        targets.append(
            Target(
                key=event.event_id, label=event.name, doc_ids=tuple(docs),
                primary=tuple(own or event.sources),
                event=event, year=year, names=frozenset(names), announced=event.announced,
                kinds=_kinds(event.name, *(knowledge.titles.get(d, "") for d in own or docs)),
            )
        )  # fmt: skip
        if not event.announced:
            covered.update(event.sources)
    for doc_id, chunks in by_doc.items():
        if doc_id in covered:
            continue
        title = chunks[0].title
        published = knowledge.published.get(doc_id)
        years = edition_years(title, published.year if published else None)
        targets.append(
            Target(key=f"doc:{doc_id}", label=title, doc_ids=(doc_id,), primary=(doc_id,),
                   year=years[0] if years else None,
                   names=frozenset(_name_words(title) | knowledge.head_words.get(doc_id, set())),
                   kinds=_kinds(title))
        )  # fmt: skip
    return targets


def _head_words(chunks: Sequence[Chunk]) -> set[str]:
    """Words naming a release's event: its title, its first 300 characters (headline, lead),
    and the cities its lead names (a question says "der Fachtag in Münster")."""
    ordered = sorted(chunks, key=lambda c: c.position)
    body = "\n".join(c.body for c in ordered)
    words = _name_words(ordered[0].title, body[:300])
    words |= {fold(city) for city in find_places(body[:600])}  # the lead's city, not every one
    return {w for w in words if len(w) >= 4 and w not in STOPWORDS}


def stems(words: Iterable[str]) -> set[str]:
    return {stem(w) for w in words}

"""Answers about events rather than passages, read from the event catalog (issue #5).

"Welche Veranstaltungen fanden im April statt?", "Was ist die nächste Veranstaltung?", "Bei
welchen Veranstaltungen sprach Sascha Friesike?": top-k passage retrieval cannot list, count or
compare across documents, nor tell past from upcoming. The catalog can, and every catalog
`Fact` names the chunk it was read from, so each answer line cites that chunk with `[k]`
(k = position in the returned passages, as for any generator; `answering.citations.finalize`
renumbers).

Recognition is rule-based and deliberately narrow: a question is taken only if it has one of
the shapes below and no word outside `_ALLOWED`, the filters and the names it matched ("Studie",
"Thema KI" send it to retrieval). Anything unrecognised, or nothing citable in the catalog,
returns None and the normal retrieval path answers as before. Dates are relative to the
injected `today` (settings.effective_today()), never the clock, so evals are reproducible.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from assistant.events.catalog import FIELDS, Catalog, Event, Fact
from assistant.events.series import series_key
from assistant.records import Chunk, Passage
from assistant.text.analysis import STOPWORDS, fold, raw_tokens
from assistant.text.dates import (
    MONTH_NAMES_DE,
    MONTH_NAMES_EN,
    RELATIVE_YEAR,
    YEAR,
    format_date_de,
    format_date_en,
)

#: Lines of a list answer; the header still gives the full count (the UI tab lists all).
MAX_LINES = 10
#: `Answer.generator` of catalog answers (they bypass the configured generator).
GENERATOR = "catalog"
#: Folded German month names; `raw_tokens` already maps English ones ("October") onto them.
_MONTHS = {fold(m): i for i, m in enumerate(MONTH_NAMES_DE, 1)}
_EVENTS = r"(veranstaltung|kongress|event|ausgabe|edition|conference|konferenz|tagung|termin)"
_WHICH = re.compile(rf"\b(welche\w*|which|what|alle|all|list|nenne|zeige?)\b\W+(\w+\W+)?{_EVENTS}")
_COUNT = re.compile(rf"\b(wie ?viele|anzahl|how many)\b\W+(\w+\W+)?{_EVENTS}")
_PEOPLE = re.compile(
    r"teilnehm|gaste|besucher|personen|menschen|leute|fuhrungskraft|people|"
    r"participant|attend|guest"
)
_HOW_MANY = re.compile(r"\b(wie ?viele|anzahl|how many)\b")
_MORE = re.compile(r"\b(mehr|weniger|meisten|wenigsten|grosser\w*|kleiner\w*|grosste\w*"
                   r"|kleinste\w*|more|most|fewer|larger|bigger|biggest|largest|smallest)\b")
#: "die größte Veranstaltung": a superlative that compares attendance without naming it.
_BIGGEST = re.compile(r"\b(grosste\w*|kleinste\w*|biggest|largest|smallest)\b")
_NEXT = re.compile(r"\b(nachste\w*|next)\b")
_UPCOMING = re.compile(r"\b(kommende\w*|bevorstehende\w*|anstehende\w*|geplante\w*|zukunftige\w*|"
                       r"upcoming|future|planned|noch kommen|stehen noch an)\b")  # fmt: skip
_PAST = re.compile(r"\b(vergangene\w*|bisherige\w*|fruhere\w*|bereits stattgefunden|schon "
                   r"stattgefunden|past|previous|earlier|already (been )?held)\b")  # fmt: skip
_STATUS = re.compile(r"\b(noch statt|schon vorbei|bereits vorbei|vorbei|voruber|schon "
                     r"stattgefunden|bereits stattgefunden|already (over|happened|taken place)|"
                     r"still (happening|to come|upcoming|coming)|is \w+ over)\b")  # fmt: skip
_SPOKE = re.compile(r"sprach|spricht|sprechen|redete|referiert|vortrag|vortrage|keynote|auftrat|"
                    r"trat\b|auf\b|speak|spoke|talk|present|appear")  # fmt: skip
_CHANGED = re.compile(r"\b(abgesagt\w*|ausgefallen\w*|verschoben\w*|verlegt\w*|cancel+ed"
                      r"|postponed)\b")  # fmt: skip
_WHERE_WHEN = re.compile(r"\b(wo|wann|where|when|in welchen (stadten|orten)|which cities)\b")
#: Words a catalog question may contain besides filters, names and stop words.
_ALLOWED_WORDS = """
    veranstaltung veranstaltungen kongress kongresse kongresses event events ausgabe ausgaben
    edition editions conference conferences konferenz konferenzen tagung tagungen termin termine
    gibt gab gegeben fanden finden findet fand stattgefunden statt stattfinden geplant insgesamt
    alle all list liste nenne zeige quellen korpus bisher bisherigen bereits schon noch jetzt
    heute vorbei vorüber kommen kommt kommenden kommende nächste nächsten next upcoming future
    past previous earlier vergangenen vergangene bevorstehende anstehende stehen an happened
    taken held were are been over still come coming have has will be der die das des dem den
    im in am an jahr year monat month stadt städten orten city cities sprach spricht sprechen
    redete referierte trat auf vortrag vorträge keynote speak spoke talk talks present appear
    appeared teilnehmende teilnehmenden teilnehmer gäste besucher personen menschen leute
    people participants attendees attended mehr weniger meisten wenigsten größer more most
    fewer larger bigger hatte hatten had beiden both wie viele anzahl many how welche wo wann
    grosste grossten kleinste kleinsten biggest largest smallest war waren was gabs gibts
    welcher welches oder or als than dabei
    where when which what jeweils took take taking happen happening there already yet"""
_ALLOWED = frozenset(fold(w) for w in _ALLOWED_WORDS.split())

TEXT = {
    "de": {
        "event": "Veranstaltung", "events": "Veranstaltungen", "past": "vergangene",
        "upcoming": "kommende", "undated": "ohne Datum", "in": "in", "as_of": "Stand",
        "no_next": "Stand {today} ist in den Quellen keine weitere Veranstaltung{scope} "
                   "angekündigt; zuletzt: {line}",
        "next": "Nächste Veranstaltung (Stand {}):",
        "over": "bereits vorbei", "ahead": "steht noch bevor", "now": "läuft gerade",
        "more": "Mehr Teilnehmende hatte {}:", "most": "Die meisten Teilnehmenden hatte {}:",
        "none": "In den vorliegenden Quellen ist keine Veranstaltung{scope} genannt.",
        "series": " der Reihe „{}“", "with": " mit {}:", "first": ", die ersten {}:",
        "year": " im Jahr {}", "month": " im {}",
    },
    "en": {
        "event": "event", "events": "events", "past": "past", "upcoming": "upcoming",
        "undated": "no date given", "in": "in", "as_of": "As of",
        "no_next": "As of {today} the sources announce no further event{scope}; the most "
                   "recent: {line}",
        "next": "Next event (as of {}):",
        "over": "already over", "ahead": "still to come", "now": "taking place now",
        "more": "{} had more participants:", "most": "{} had the most participants:",
        "none": "The available sources name no event{scope}.",
        "series": " of the series “{}”", "with": " with {}:", "first": ", the first {}:",
        "year": " in {}", "month": " in {}",
    },
}  # fmt: skip
_NUMBERS = {
    "de": ("Keine", "Eine", "Zwei", "Drei", "Vier", "Fünf", "Sechs", "Sieben", "Acht", "Neun",
           "Zehn", "Elf", "Zwölf"),
    "en": ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
           "Eleven", "Twelve"),
}  # fmt: skip


@dataclass(frozen=True)
class EventQuery:
    """What a catalog question asks: a shape (`kind`) and the filters it names."""

    kind: str  # list | editions | next | status | speaker | participants | compare
    month: int | None = None
    years: tuple[int, ...] = ()
    city: str | None = None
    series: tuple[str, ...] = ()
    speaker: str | None = None
    when: str | None = None  # "past" | "upcoming"
    changed: bool = False  # only events cancelled or postponed


@dataclass(frozen=True)
class EventAnswer:
    """Answer text with `[k]` markers into `passages`; `abstained` when nothing matched."""

    text: str
    passages: tuple[Passage, ...]
    abstained: bool = False


class _Lookup:
    """Per-catalog indexes for recognising series, speakers and cities in a question.

    Built once per catalog version: scanning every event per question costs ~140 ms at
    10,000 events (100k chunks); with these the cost follows the question's words."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.series_words = {e.series: [w for w in series_key(e.series) if len(w) >= 4]
                             for e in events}  # fmt: skip
        owners: dict[str, int] = {}
        self.by_prefix: dict[str, set[str]] = {}
        for name, words in self.series_words.items():
            for w in set(words):
                owners[w] = owners.get(w, 0) + 1
                self.by_prefix.setdefault(w[:5], set()).add(name)
        self.shared = frozenset(w for w, n in owners.items() if n > 1)
        self.order = {name: i for i, name in enumerate(self.series_words)}
        #: a surname's first token → (position in catalog order, name words)
        self.speakers: dict[str, list[tuple[int, list[str]]]] = {}
        facts = [f for e in events for f in e.speakers]
        for position, fact in enumerate(facts):
            words = fact.value.split(" – ")[0].split()
            last = raw_tokens(words[-1]) if words else []
            if last:
                self.speakers.setdefault(last[0], []).append((position, words))
        self.cities: dict[str, list[str]] = {}  # a city's first token → city names
        for city in sorted({v for e in events for v in e.values("city")}):
            first = raw_tokens(city)
            if first:
                self.cities.setdefault(first[0], []).append(city)


_LOOKUPS: weakref.WeakKeyDictionary[Catalog, _Lookup] = weakref.WeakKeyDictionary()


def _lookup(catalog: Catalog) -> _Lookup:
    found = _LOOKUPS.get(catalog)
    if found is None or found.events is not catalog.events:  # updated since: rebuild
        found = _LOOKUPS[catalog] = _Lookup(catalog.events)
    return found


def _series_in(question: str, lookup: _Lookup) -> tuple[str, ...]:
    """Series the question names: half of its key words or more, one of them not shared with
    another series ("Digitalen Aufbruchs" names a series; "digital" alone names none)."""
    asked = [w for w in series_key(question) if len(w) >= 4]
    candidates = {n for a in asked for n in lookup.by_prefix.get(a[:5], ())}
    found = []
    for name in sorted(candidates, key=lookup.order.__getitem__):
        words = lookup.series_words[name]
        hits = [w for w in words if any(a[:5] == w[:5] for a in asked)]
        own = [w for w in hits if w not in lookup.shared]
        if own and 2 * len(hits) >= len(words):
            found.append(name)
    return tuple(found)


def _speaker_in(tokens: set[str], lookup: _Lookup) -> str | None:
    """The speaker's name words the question contains ("Riedel", "Jörn Riedel"); the surname
    must be among them."""
    best: list[str] = []
    candidates = sorted(e for t in tokens for e in lookup.speakers.get(t, ()))
    for _, words in candidates:  # in catalog order: the first of equally good names wins
        hit = [w for w in words if set(raw_tokens(w)) <= tokens]
        if words[-1] in hit:
            best = hit if len(hit) > len(best) else best
    return " ".join(best) or None


def _city_in(tokens: set[str], lookup: _Lookup) -> str | None:
    """The alphabetically first catalog city all of whose words the question contains."""
    names = [c for t in tokens for c in lookup.cities.get(t, ())]
    return next((c for c in sorted(names) if set(raw_tokens(c)) <= tokens), None)


def parse(question: str, catalog: Catalog) -> EventQuery | None:
    """The catalog question in `question`, or None if it is not one (cheap checks first)."""
    text = fold(question)
    shapes = [p.search(text) for p in (_WHICH, _COUNT, _NEXT, _UPCOMING, _PAST, _STATUS,
                                       _HOW_MANY, _WHERE_WHEN)]  # fmt: skip
    if _BIGGEST.search(text) or (_PEOPLE.search(text) and _MORE.search(text)):  # "mehr Gäste"
        shapes[0] = shapes[0] or _BIGGEST.search(text) or _MORE.search(text)
    if not any(shapes) or not catalog.events:
        return None
    which, count, nxt, upcoming, past, status, how_many, where_when = shapes
    changed = bool(_CHANGED.search(text))
    tokens = [t for t in raw_tokens(question) if not (changed and _CHANGED.match(t))]
    token_set = set(tokens)
    lookup = _lookup(catalog)
    series = _series_in(question, lookup)
    city = _city_in(token_set, lookup)
    months = [_MONTHS[t] for t in tokens if t in _MONTHS]
    speaker = _speaker_in(token_set, lookup) if which or where_when else None
    known = {*raw_tokens(city or ""), *_MONTHS, *raw_tokens(speaker or "")}
    known |= {t for t in tokens for s in series for w in series_key(s) if t[:5] == w[:5]}
    if any(t not in STOPWORDS | _ALLOWED | known and not t.isdigit() and len(t) > 2
           for t in tokens):  # fmt: skip
        return None  # asks about something the catalog does not hold ("Studie", "Thema KI")
    when = "past" if past else "upcoming" if upcoming else None
    base = EventQuery("list", months[0] if months else None,
                      tuple(int(y) for y in YEAR.findall(question)), city, series,
                      changed=changed)  # fmt: skip
    if changed and not (which or count):
        return None  # "Wurde X abgesagt?" asks about one event: its release answers
    people = _PEOPLE.search(text) or _BIGGEST.search(text)
    if speaker and _SPOKE.search(text):
        return replace(base, kind="speaker", speaker=speaker)
    if people and _MORE.search(text):
        return replace(base, kind="compare")
    if people and how_many and (series or base.years or city or months):
        return replace(base, kind="participants")
    if status and series:
        return replace(base, kind="status")
    if nxt and re.search(r"\b(nach|after)\b", text):
        return None  # "die nächste nach dem X": relative to an event, not to today
    if nxt and (series or re.search(_EVENTS, text)):
        return replace(base, kind="next")
    if which or count or when:
        return replace(base, when=when)
    if RELATIVE_YEAR.search(text):
        return None  # "dieses Jahr", "im Jahr davor": one edition, which the subject resolves
    if where_when and series and not base.years and len(catalog.find(series[0])) > 1:
        return replace(base, kind="editions")  # "Wann war Innovatives Management?"
    return None


class _Citer:
    """Passages in order of first citation; a fact whose chunk is gone from the index is
    neither cited nor stated."""

    def __init__(self, chunks_of: Callable[[str], Sequence[Chunk]]) -> None:
        self.chunks_of = chunks_of
        self.passages: list[Passage] = []

    def mark(self, facts: Iterable[Fact | None]) -> str:
        marks: list[str] = []
        for f in facts:
            ids = [p.chunk_id for p in self.passages]
            if f is not None and f.chunk_id not in ids:
                found = [c for c in self.chunks_of(f.doc_id) if c.chunk_id == f.chunk_id]
                self.passages.extend(Passage.from_chunk(c, score=1.0) for c in found[:1])
                ids += [c.chunk_id for c in found[:1]]
            if f is not None and f.chunk_id in ids:
                marks.append(f"[{ids.index(f.chunk_id) + 1}]")
        return "".join(dict.fromkeys(marks))


def _date_fact(event: Event) -> Fact | None:
    if event.start is None:
        return None
    wanted = {event.start.isoformat(), f"{event.start}/{event.end}"}
    return next((f for f in event.dates if f.value in wanted), next(iter(event.dates), None))


def _day(day: date, lang: str) -> str:
    return format_date_de(day) if lang == "de" else format_date_en(day)


def _line(event: Event, lang: str, cite: _Citer, extra: Sequence[Fact] = (),
          label: str = "") -> str:  # fmt: skip
    """ "• Digitaler Aufbruch 2024: 23. und 24. April 2024 in Hamburg [1]" + extra facts, each
    cited; "" if the event's date or place cannot be cited."""
    t = TEXT[lang]
    when = t["undated"]
    if event.start:
        when = (format_date_de if lang == "de" else format_date_en)(event.start, event.end)
    city = event.city[0] if event.city else None
    named = next((f for name in FIELDS for f in event.facts(name)), None)  # names the edition
    anchor = [_date_fact(event), city] if event.start else [*extra[:1], named]
    marks = cite.mark(anchor)
    if not marks:
        return ""
    where = f" {t['in']} {city.value}" if city and event.start else ""
    head = f"• {event.name}{label}: {when}{where} {marks}"
    details = "; ".join(f"{f.value} {cite.mark([f])}" for f in extra)
    return f"{head} – {details}" if details else head


def _scope(q: EventQuery, lang: str) -> str:
    """ " der Reihe „Digitaler Aufbruch“ im April 2024 in Hamburg" for headers."""
    t = TEXT[lang]
    parts = [t["series"].format(q.series[0])] if q.series else []
    years = " / ".join(str(y) for y in q.years)
    if q.month:
        month = (MONTH_NAMES_DE if lang == "de" else MONTH_NAMES_EN)[q.month - 1]
        parts.append(t["month"].format(f"{month} {years}".strip()))
    elif years:
        parts.append(t["year"].format(years))
    if q.city:
        parts.append(f" {t['in']} {q.city}")
    return "".join(parts)


def _header(n: int, q: EventQuery, lang: str, today: date) -> str:
    """ "Zwei Veranstaltungen im April:", "Six past events (as of 23 November 2026):"."""
    t = TEXT[lang]
    count = _NUMBERS[lang][n] if n < len(_NUMBERS[lang]) else str(n)
    adjective = f" {t[q.when]}" if q.when else ""
    as_of = f" ({t['as_of']} {_day(today, lang)})" if q.when else ""
    return f"{count}{adjective} {t['events' if n != 1 else 'event']}{_scope(q, lang)}{as_of}:"


def _people(event: Event) -> tuple[int, Fact] | None:
    """The first participant count with a number ("über 50 Gäste" → 50)."""
    for f in event.participants:
        number = re.search(r"\d[\d.]*", f.value)
        if number:
            return int(number.group(0).replace(".", "")), f
    return None


def _select(q: EventQuery, catalog: Catalog, today: date) -> list[Event]:
    """Events matching every filter of the query, in date order."""
    events = list(catalog.events)
    if q.month or q.years or q.city:
        picked = {e.event_id for y in q.years or (None,)
                  for e in catalog.events_in(q.month, y, q.city)}  # fmt: skip
        events = [e for e in events if e.event_id in picked]
    if q.series:
        wanted = {e.event_id for s in q.series for e in catalog.find(s)}
        events = [e for e in events if e.event_id in wanted]
    if q.when or q.kind == "next":
        past, upcoming = catalog.past_and_upcoming(today)
        keep = {e.event_id for e in (past if q.when == "past" else upcoming)}
        events = [e for e in events if e.event_id in keep]
    if q.speaker:
        spoke = {e.event_id for e in catalog.events_with_speaker(q.speaker)}
        events = [e for e in events if e.event_id in spoke]
    if q.changed:
        events = [e for e in events if e.status]
    return events


def _state(event: Event, today: date, lang: str) -> str:
    start = event.start or today
    key = "ahead" if start > today else "over" if (event.end or start) < today else "now"
    return f" – {TEXT[lang][key]}"


def answer(
    question: str,
    language: str,
    catalog: Catalog,
    chunks_of: Callable[[str], Sequence[Chunk]],
    today: date,
) -> EventAnswer | None:
    """The catalog's answer to `question` relative to `today` (None: not a catalog question,
    or the catalog has nothing citable for it, so retrieval answers instead)."""
    query = parse(question, catalog)
    if query is None:
        return None
    lang = "en" if language == "en" else "de"
    t = TEXT[lang]
    events = _select(query, catalog, today)
    cite = _Citer(chunks_of)
    header = f"{t['as_of']} {_day(today, lang)}:"
    if not events and (query.kind == "next" or query.when == "upcoming"):  # name the last one
        earlier = _select(replace(query, kind="list", when="past"), catalog, today)
        last = _line(earlier[-1], lang, cite).removeprefix("• ") if earlier else ""
        text = t["no_next"].format(today=_day(today, lang), scope=_scope(query, lang), line=last)
        return EventAnswer(text, tuple(cite.passages)) if last else None
    if query.kind == "next":
        header, lines = t["next"].format(_day(today, lang)), [_line(events[0], lang, cite)]
    elif query.kind in ("participants", "compare"):
        if len(events) < 2:
            return None  # one event's count is a passage fact: the generator answers it
        counted = [(p[0], p[1], e) for e in events if (p := _people(e))]
        if query.kind == "compare":
            if len(counted) < 2:
                return None
            counted.sort(key=lambda x: -x[0])
            top = t["more" if len(counted) == 2 else "most"].format(counted[0][2].name)
            header = "" if counted[0][0] == counted[1][0] else top  # a tie: just the list
        else:
            header = ""
        lines = [_line(e, lang, cite, [f]) for _, f, e in counted]
    elif query.kind == "status":
        lines = [_line(e, lang, cite, label=_state(e, today, lang)) for e in events if e.start]
    elif query.kind == "speaker":
        words = fold(query.speaker or "").split()
        said = [[f for f in e.speakers if all(w in fold(f.value) for w in words)][:1]
                for e in events]  # fmt: skip
        lines = [_line(e, lang, cite, s) for e, s in zip(events, said, strict=True)]
        header = _header(len(events), query, lang, today)[:-1] + t["with"].format(query.speaker)
    else:
        if query.kind == "editions" or query.month or query.when:
            events = [e for e in events if e.start]  # undated ones cannot be in a month
        lines, rest = [], iter(events)
        for event in rest:  # a long list is cut after MAX_LINES; the header keeps the count
            lines.append(_line(event, lang, cite, event.status[:1] if query.changed else ()))
            if sum(map(bool, lines)) == MAX_LINES:
                break
        cut = next(rest, None) is not None
        header = _header(len(events) if cut else sum(map(bool, lines)), query, lang, today)
        if cut:
            header = header[:-1] + t["first"].format(MAX_LINES)
        if not any(lines) and (query.month or query.years or query.city) and not query.series:
            return EventAnswer(t["none"].format(scope=_scope(query, lang)), (), abstained=True)
    lines = [x for x in lines if x]
    if not lines:
        return None
    if not header and len(lines) == 1:
        lines = [lines[0].removeprefix("• ")]  # one event: a sentence, not a list
    return EventAnswer("\n".join([header, *lines] if header else lines), tuple(cite.passages))

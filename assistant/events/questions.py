"""Which catalog question a question is: its shape ("Welche Veranstaltungen …", "Was ist
die nächste …", "Bei welchen … sprach X?") and the filters it names (series, city, month, year,
speaker). Deliberately narrow: a question is taken only if it has one of the shapes and no word
outside `_ALLOWED`, the filters and the names it matched; `answers` turns it into text.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from assistant.events.catalog import Catalog, Event
from assistant.events.series import series_key
from assistant.text.analysis import STOPWORDS, fold, folded_pattern, raw_tokens
from assistant.text.dates import MONTHS_READ, RELATIVE_YEAR, YEAR
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import edition_numbers
from assistant.text.matching import same_word

#: The question shapes below are written in plain words and matched against the folded
#: question (`folded_pattern`: "zuerst" is "zurst" there, "guests" "gusts").
#: Folded month names ("marz", "october", "janner") and their numbers.
_MONTHS = {fold(m): i for i, m in MONTHS_READ}
_EVENTS = r"(veranstaltung|kongress|event|ausgabe|edition|conference|konferenz|tagung|termin)"
_WHICH = folded_pattern(
    rf"\b(welche\w*|which|what|alle|all|list|nenne|zeige?)\b\W+(\w+\W+){{0,2}}{_EVENTS}"
)
_COUNT = folded_pattern(rf"\b(wie ?viele|anzahl|how many)\b\W+(\w+\W+)?{_EVENTS}")
_PEOPLE = folded_pattern(
    r"teilnehm|gaste|besucher|personen|menschen|leute|fuhrungskraft|people|"
    r"participant|attend|guest"
)
_HOW_MANY = folded_pattern(r"\b(wie ?viele|anzahl|how many)\b")
_MORE = folded_pattern(r"\b(mehr|weniger|meisten|wenigsten|grosser\w*|kleiner\w*|grosste\w*"
                       r"|kleinste\w*|more|most|fewer|larger|bigger|biggest|largest|smallest)\b")
#: "die größte Veranstaltung": a superlative that compares attendance without naming it.
#: "Welche Veranstaltung war am frühesten / zuletzt?": the first or last by date.
_EARLIEST = folded_pattern(r"\b(am fruh\w*|als erste\w*|zuerst|earliest|first one)\b")
_LATEST = folded_pattern(r"\b(am spat\w*|zuletzt|als letzte\w*|jungste\w*|neu(e)?ste\w*|latest"
                         r"|newest|most recent)\b")
#: "Was beginnt früher: X oder Y?": which of two named events comes first by date.
_SOONER = folded_pattern(r"\b(fruher|eher|zuerst|earlier|sooner|first)\b.*\b(oder|or)\b"
                         r"|\b(oder|or)\b.*\b(fruher|eher|zuerst|earlier|sooner|first)\b")
_BIGGEST = folded_pattern(r"\b(grosste\w*|kleinste\w*|biggest|largest|smallest)\b")
_NEXT = folded_pattern(r"\b(nachste\w*|next)\b")
_UPCOMING = folded_pattern(r"\b(kommende\w*|bevorstehende\w*|anstehende\w*|geplante\w*"
                           r"|zukunftige\w*|upcoming|future|planned|noch kommen|stehen noch an)\b")
_PAST = folded_pattern(r"\b(vergangene\w*|bisherige\w*|fruhere\w*|bereits stattgefunden|schon "
                       r"stattgefunden|past|previous|earlier|already (been )?held)\b")  # fmt: skip
_STATUS = folded_pattern(r"\b(noch statt|schon vorbei|bereits vorbei|vorbei|voruber|schon "
                         r"stattgefunden|bereits stattgefunden|already (over|happened|taken place)|"
                         r"still (happening|to come|upcoming|coming)|is \w+ over)\b")  # fmt: skip
_SPOKE = folded_pattern(r"sprach|spricht|sprechen|gesprochen|redete|geredet|referiert|vortrag"
                        r"|vortrage|keynote|auftrat|aufgetreten|"
                        r"trat\b|auf\b|speak|spoke|talk|present|appear|\bdabei\b|beteiligt"
                        r"|mitgewirkt")  # fmt: skip
_CHANGED = folded_pattern(r"\b(abgesagt\w*|ausgefallen\w*|verschoben\w*|verlegt\w*|cancel+ed"
                          r"|postponed)\b")  # fmt: skip
_PRESENT = folded_pattern(r"\b(ist|findet|sind|beginnt|startet|is|does|starts)\b")
_PAST_TENSE = folded_pattern(r"\b(war|waren|fand|fanden|was|were|did|gab)\b")
_WHERE_WHEN = folded_pattern(r"\b(wo|wann|where|when|in welchen (stadten|orten)|which cities)\b")
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
    am frühesten frühsten früheste zuerst spätesten zuletzt jüngste neuste neueste newest
    deinen ihren infos informationen daten
    earliest latest recent von den diesen
    welcher welches oder or als than dabei früher eher beginnt startet begins starts sooner
    first erst
    where when which what jeweils took take taking happen happening there already yet
    gesprochen geredet überall aufgetreten came come kam kamen"""
_ALLOWED = frozenset(fold(w) for w in _ALLOWED_WORDS.split())

@dataclass(frozen=True)
class EventQuery:
    """What a catalog question asks: a shape (`kind`) and the filters it names."""

    # list | editions | next | status | speaker | participants | compare | earlier | first | last
    kind: str
    month: int | None = None
    years: tuple[int, ...] = ()
    city: str | None = None
    series: tuple[str, ...] = ()
    speaker: str | None = None
    when: str | None = None  # "past" | "upcoming"
    changed: bool = False  # only events cancelled or postponed


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


def _series_in(question: str, lookup: _Lookup, every: bool = False) -> tuple[str, ...]:
    """Series the question names: half of its key words or more, each the same word as one
    of the question's (inflection or one typo, `same_word`), one of them not shared with
    another series ("Digitalen Aufbruchs" names a series; "digital" alone names none) or all
    of them ("Verwaltung digital", both words shared with other series). Of
    several, only the best covered: "Digitalkongress OWL" names the congress, not every
    series whose name starts with "Digital" (`every`: all, for "X oder Y?")."""
    asked = [w for w in series_key(question) if len(w) >= 4]
    candidates = {n for a in asked for n in lookup.by_prefix.get(a[:5], ())}
    found: list[tuple[float, str]] = []
    for name in sorted(candidates, key=lookup.order.__getitem__):
        words = lookup.series_words[name]
        hits = [w for w in words if any(same_word(a, w) for a in asked)]
        own = [w for w in hits if w not in lookup.shared]
        if (own or len(hits) == len(words)) and 2 * len(hits) >= len(words):
            found.append((len(hits) / len(words), name))
    best = max((share for share, _ in found), default=0.0)
    return tuple(name for share, name in found if share == best or every)


def _distinct(question: str, names: tuple[str, ...], lookup: _Lookup) -> tuple[str, ...]:
    """Of the series a question names, those not named only by words of another one it
    names ("Zukunft Verwaltung digital" holds the "digital" of "Digital vor Ort")."""
    asked = [w for w in series_key(question) if len(w) >= 4]
    hits = {n: {a for a in asked for w in lookup.series_words[n] if same_word(a, w)}
            for n in names}  # fmt: skip
    kept = [n for n in names if hits[n] and not any(hits[n] < hits[m] for m in names if m != n)]
    return tuple(sorted(kept, key=lambda n: min(asked.index(a) for a in hits[n])))  # as asked


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


def parse(question: str, catalog: Catalog, today: date | None = None) -> EventQuery | None:
    """The catalog question in `question`, or None if it is not one (cheap checks first)."""
    text = fold(question)
    shapes = [p.search(text) for p in (_WHICH, _COUNT, _NEXT, _UPCOMING, _PAST, _STATUS,
                                       _HOW_MANY, _WHERE_WHEN)]  # fmt: skip
    if _BIGGEST.search(text) or (_PEOPLE.search(text) and _MORE.search(text)):  # "mehr Gäste"
        shapes[0] = shapes[0] or _BIGGEST.search(text) or _MORE.search(text)
    order = "first" if _EARLIEST.search(text) else "last" if _LATEST.search(text) else None
    sooner = _SOONER.search(text)
    if not (any(shapes) or sooner or order) or not catalog.events:
        return None
    which, count, nxt, upcoming, past, status, how_many, where_when = shapes
    changed = bool(_CHANGED.search(text))
    tokens = [t for t in raw_tokens(question) if not (changed and _CHANGED.match(t))
              and not (order and t in ("erste", "ersten", "erstes", "letzte", "letzten",
                                       "letztes"))]  # "als erste"
    token_set = set(tokens)
    lookup = _lookup(catalog)
    series = _series_in(question, lookup)
    city = _city_in(token_set, lookup)
    months = [_MONTHS[t] for t in tokens if t in _MONTHS]
    speaker = _speaker_in(token_set, lookup) if which or where_when else None
    known = {*raw_tokens(city or ""), *_MONTHS, *raw_tokens(speaker or "")}
    known |= {t for t in tokens for s in series for w in series_key(s) if same_word(t, w)}
    compared = _distinct(question, _series_in(question, lookup, every=True), lookup) \
        if sooner else ()
    if len(compared) >= 2:  # "das Fachforum X oder der Gipfel Y": their names, nouns too
        known |= {t for t in tokens if is_type_word(t)
                  or any(same_word(t, w) for s in compared for w in series_key(s))}
    if any(t not in STOPWORDS | _ALLOWED | known and not t.isdigit() and len(t) > 2
           for t in tokens):  # fmt: skip
        return None  # asks about something the catalog does not hold ("Studie", "Thema KI")
    when = "past" if past else "upcoming" if upcoming else None
    base = EventQuery("list", months[0] if months else None,
                      tuple(int(y) for y in YEAR.findall(question)), city, series,
                      changed=changed)  # fmt: skip
    if changed and not (which or count):
        return None  # "Wurde X abgesagt?" asks about one event: its release answers
    named_one = bool(re.search(rf"\b(was|what) (ist|war|is|was)\b.*{_EVENTS}", text))
    if order and (which or named_one) and not (base.month or changed):
        return replace(base, kind=order)  # "Welche Veranstaltung war zuletzt?"
    if len(compared) >= 2:  # "Was beginnt früher: der Digitaltag oder der Kongress?"
        return replace(base, kind="earlier", series=compared, city=None)  # a city names one
    people = _PEOPLE.search(text) or _BIGGEST.search(text)
    if speaker and (_SPOKE.search(text) or which):  # "bei welchen … war X?": X's events
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
    if where_when and series and not base.years and not edition_numbers(question) \
            and len(catalog.find(series[0])) > 1:
        if _PRESENT.search(text) and not _PAST_TENSE.search(text) and any(
            today and e.start and e.start >= today for e in catalog.find(series[0])
        ):
            return None  # "Wann ist X?": the coming edition, which the subject resolves
        if _PAST_TENSE.search(text) and not _PRESENT.search(text) and today:
            held, coming = catalog.past_and_upcoming(today)
            mine = set(map(id, catalog.find(series[0])))
            if any(id(e) in mine for e in held) and any(id(e) in mine for e in coming):
                return replace(base, kind="editions", when="past")  # "Wann war X?": held ones
        return replace(base, kind="editions")  # "Wann war X?"; "der 4. X" is one edition
    return None

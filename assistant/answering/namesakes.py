"""Which person of the sources a question names, and when it names a namesake the sources
do not know ("Tanja Behrendt" where they name only Jonas Behrendt): that is someone else,
whose question the sources cannot answer, not a spelling of the person they know."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from assistant.answering.knowledge import Knowledge
from assistant.text.analysis import fold
from assistant.text.names import find_people, is_first_name


def named_person(words: Sequence[str], knowledge: Knowledge) -> str | None:
    """The person of the sources the question names: by first name and surname (also
    "Jana Petersen-Kloft", "Ann-Cathrin Riedel"), or by a surname only one of them has."""
    for a, b, c in zip(words, words[1:], words[2:], strict=False):  # "Jana Petersen-Kloft"
        for name in (f"{a} {b}-{c}", f"{a}-{b} {c}"):  # "Ann-Cathrin Riedel" too
            if name in knowledge.people:
                return name
    for a, b in itertools.pairwise(words):
        name = f"{knowledge.resolve_word(a) or a} {knowledge.resolve_word(b) or b}"
        if name in knowledge.people:
            return name
    for person in knowledge.people:  # a surname alone ("Willer"), if only one person has it
        last = person.split()[-1]
        if last in words and sum(p.split()[-1] == last for p in knowledge.people) == 1:
            before = words[words.index(last) - 1] if words.index(last) > 0 else ""
            if before and before != person.split()[0] and is_first_name(before.title()):
                continue  # "ann-cathrin riedel" is not the Jörn Riedel the sources name
            return person
    return None


def unknown_namesake(words: Sequence[str], knowledge: Knowledge, question: str = "") -> str | None:
    """A first name and a surname the sources give only to someone else, or a person the
    question names in full whose surname no source contains ("Bundes-CIO Markus Richter")."""
    for a, b in itertools.pairwise(words):
        if not is_first_name(a.title()):
            continue
        namesakes = [p for p in knowledge.people if p.split()[-1] == b]
        if not namesakes or any(a in p.split()[0].split("-") for p in namesakes):
            continue
        together = knowledge.word_docs.get(a, frozenset()) & knowledge.word_docs.get(b, frozenset())
        if not together:  # the sources never write this first name with this surname
            return f"{a} {b}"
    for name in map(fold, find_people(question)):
        if knowledge.resolve_word(name.split()[-1]) is None and name not in knowledge.people:
            return name
    return None

"""Answers that list a release's own list: "Welche Fachforen gibt es?" is answered by the
bullets "Forum A: …", "Forum B: …", "Forum C: …", not by one sentence about one of them.

A list is found by its items' first word ("Forum", "Workshop") or by the lead-in line above
it ("Die Termine im Überblick"), matched to the question's plural noun or a tail of its
compound ("Fachforen" → "Foren" → "Forum"). Each list is cited once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import phrasing
from assistant.answering.seam import GenerationRequest
from assistant.answering.units import AnswerUnit
from assistant.text.analysis import fold

#: "Welche Fachforen gibt es", "welche Workshops werden angeboten", "Which workshops …".
_WHICH_NOUN = re.compile(r"\b(?:welche[n]?|which)\s+(?:(?:beiden|drei|vier|the)\s+)?([a-z-]{4,})")
_BULLET = re.compile(r"^\s*(?:[•–*-]|\d{1,2}[.)])\s+")
#: Plural endings and the singular they come from ("foren" → "forum", "themen" → "thema").
_SINGULAR = (("foren", "forum"), ("themen", "thema"), ("en", ""), ("e", ""), ("n", ""),
             ("s", ""), ("er", ""))  # fmt: skip
_LIMIT = 6


def asks_for_items(question: str) -> str | None:
    """The plural noun a "welche X" question asks for, folded; None for other questions."""
    match = _WHICH_NOUN.search(fold(question))
    return match.group(1) if match else None


def item_list(request: GenerationRequest, units: Sequence[AnswerUnit], noun: str) -> str:
    """ "Forum A: …; Forum B: …; Forum C: … [k]." from the first list whose items or lead-in
    name the asked noun; "" when no list of the release does."""
    wanted = _forms(noun)
    for lead, run in _lists(units):
        heads = [_first_word(u.text) for u in run]
        named_by_items = sum(bool(_forms(h) & wanted) for h in heads) >= 2
        named_by_lead = lead is not None and any(_forms(w) & wanted
                                                 for w in re.findall(r"\w+", fold(lead.text)))
        if not (named_by_items or named_by_lead):
            continue
        items = [_BULLET.sub("", u.text).rstrip(".;") for u in run[:_LIMIT]]
        cites = "".join(f"[{k}]" for k in dict.fromkeys(u.index + 1 for u in run[:_LIMIT]))
        listed = "; ".join(items)
        if request.info.language == "en":
            return f"According to the German source: {listed} {cites}."
        return f"{listed} {cites}."
    return _inline_list(request, units, noun)


#: "Wie viele Sachverständige sind geladen?": the plural noun counted.
_HOW_MANY = re.compile(r"\b(?:wie ?viele|wieviele|how many)\s+(?:\w{1,12}\s+)??([a-z-]{4,})")


#: A past participle ("zugesagt", "angemeldet", "eingeladen"): what the listed did.
_PARTICIPLE = re.compile(r"^\w{0,6}ge\w{3,}(t|en)$|^bestatigt$")


def counted_list(request: GenerationRequest, units: Sequence[AnswerUnit]) -> str:
    """ "7: Dr. Henrike Vollmers, …; … [k]." — the items of the list whose lead-in names the
    counted noun ("Geladene Sachverständige:"), counted; "" when no list is of them."""
    match = _HOW_MANY.search(fold(request.question))
    if match is None:
        return ""
    wanted = _forms(match.group(1))
    done = {w for w in re.findall(r"\w+", fold(request.question)) if _PARTICIPLE.match(w)}
    for lead, run in _lists(units):
        said = set(re.findall(r"\w+", fold(lead.text))) if lead is not None else set()
        if not (any(_forms(w) & wanted for w in said) or done & said):
            continue  # "Wie viele Länder haben zugesagt?" ← "Bereits zugesagt haben:"
        # each item's head only ("Dr. Henrike Vollmers"): the count is the answer
        items = [_BULLET.sub("", u.text).split(",")[0].split(" – ")[0].rstrip(".;")
                 for u in run[:_LIMIT]]  # fmt: skip
        more = "; …" if len(run) > _LIMIT else ""
        cites = "".join(f"[{k}]" for k in dict.fromkeys(u.index + 1 for u in run))
        return f"{len(run)}: {'; '.join(items)}{more} {cites}."
    return ""


#: "Themen sind u. a.: „A“, „B“ sowie „C“": a colon, then two or more quoted items.
_INLINE = re.compile(r":\s*[„\"»][^“\"«]{2,120}[“\"«]\s*(?:,|;|und|sowie)\s*[„\"»]")


def _inline_list(request: GenerationRequest, units: Sequence[AnswerUnit], noun: str) -> str:
    """A sentence listing quoted items after a colon, which names the asked noun itself or
    follows (within three sentences of its paragraph) one that does ("In Werkstätten … Die
    Werkstätten … Themen sind u. a.: „…“, „…“")."""
    for i, unit in enumerate(units):
        if not unit.quotable or not _INLINE.search(unit.text):
            continue
        near = [u for u in units[max(0, i - 3) : i + 1] if u.index == unit.index]
        stem = _stem(noun)  # the noun itself, not a compound's tail ("Teilnehmer" ≠ "Unternehmen")
        if any(_stem(w) == stem for u in near for w in re.findall(r"\w+", fold(u.text))):
            quoted = phrasing.quote(unit.text, unit.index + 1, request.info.language)
            return quoted
    return ""


def _lists(units: Sequence[AnswerUnit]) -> list[tuple[AnswerUnit | None, list[AnswerUnit]]]:
    """Runs of two or more list items in reading order, each with the line above it."""
    out: list[tuple[AnswerUnit | None, list[AnswerUnit]]] = []
    run: list[AnswerUnit] = []
    previous: AnswerUnit | None = None
    lead: AnswerUnit | None = None
    for unit in units:
        item = bool(_BULLET.match(unit.text)) and unit.quotable
        continues = run and previous is not None and unit.order == previous.order + 1
        if item and (continues or not run):
            if not run:
                lead = previous
            run.append(unit)
        else:
            if len(run) >= 2:
                out.append((lead, run))
            run = [unit] if item else []
            lead = previous if item else None
        previous = unit
    if len(run) >= 2:
        out.append((lead, run))
    return out


def _first_word(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", fold(_BULLET.sub("", text)))
    return words[0] if words else ""


def _stem(word: str) -> str:
    for plural, singular in _SINGULAR:
        if word.endswith(plural) and len(word) - len(plural) + len(singular) >= 4:
            return word[: len(word) - len(plural)] + singular
    return word


def _forms(word: str) -> set[str]:
    """The word, the tails of a compound ("fachforen" → "foren"), and their singulars."""
    tails = {word[i:] for i in range(len(word) - 3) if len(word) - i >= 5} | {word}
    forms = set(tails)
    for tail in tails:
        for plural, singular in _SINGULAR:
            if tail.endswith(plural) and len(tail) - len(plural) + len(singular) >= 4:
                forms.add(tail[: len(tail) - len(plural)] + singular)
    return forms

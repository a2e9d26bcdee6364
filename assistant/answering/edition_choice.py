"""Which edition of a series a question means when it names the series but no year:
"die nächste", "die letzte", "die erste", the one in the city it names, or — when every
edition the catalog knows is over — none the catalog holds (only a release's plan answers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.answering.knowledge import Knowledge, Target
from assistant.records import Event
from assistant.text.analysis import fold, raw_tokens
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import edition_numbers
from assistant.text.roles import LOOK_BACK

NEXT = re.compile(r"\b(nachste[nmrs]?|kommende[nmrs]?|next|upcoming)\b")
_LAST = re.compile(r"\b(letzte|letzten|letzter|vorige|vorigen|last|latest|previous)\b")
_FIRST = re.compile(r"\b(erste|ersten|erster|allererste\w*|first|premiere)\b")
#: A question about what happened ("wer hat … gehalten", "how many showed up"): an event that
#: is over, not one still ahead.
_HAPPENED = re.compile(r"\b(hat|hatte|haben|hatten)\b.*\bge(?!offnet|schlossen)\w+(t|en)\b"
                       r"|\b(kamen|fand|fanden"
                       r"|showed up|came|attended|turned up|took place|spoke)\b")


def prefer_editions(
    chosen: list[Target], text: str, today: date | None, years: Sequence[int]
) -> list[Target]:
    """Several editions of one series and no year asked: the next one for "die nächste", the
    last one for "die letzte", else the upcoming one, else the most recent."""
    if len(chosen) < 2 or years:
        return chosen
    dated = [t for t in chosen if t.start is not None]
    if today is None or not dated:
        return chosen
    upcoming = sorted((t for t in dated if t.start and t.start >= today), key=_start)
    past = sorted((t for t in dated if t.start and t.start < today), key=_start, reverse=True)
    if _LAST.search(text) and past:
        return [past[0], *[t for t in chosen if t is not past[0]]]
    if _FIRST.search(text):
        earliest = min(dated, key=lambda t: t.start or date.max)
        return [earliest, *[t for t in chosen if t is not earliest]]
    first = upcoming[0] if upcoming and not (past and _HAPPENED.search(text)) else past[0]
    return [first, *[t for t in chosen if t is not first]]


def prefer_numbered(chosen: list[Target], question: str, knowledge: Knowledge,
                    rivals: Sequence[Target] = ()) -> list[Target]:  # fmt: skip
    """ "der 20. Kongress …": the edition whose release gives it that number, first; among
    `rivals` of its series too, the edition dated with that number ("Die 2. Werkstatt ist für …
    geplant" in the release on the first), which scores below the release's own as only
    announced. A misspelt event noun ("der 20. kongres") is read as the corpus word it
    stands for."""
    words = [knowledge.resolve_word(w) or w if w.isalpha() else w for w in question.split()]
    asked = edition_numbers(" ".join(words))
    if not asked or not chosen:
        return chosen
    dated = [t for t in rivals if t.event is not None and t.event.series == _series(chosen[0])
             and any(asked & edition_numbers(f.quote) for f in t.event.dates)]  # fmt: skip
    if dated:
        return dated + [t for t in chosen if t not in dated]
    numbered = [t for t in chosen if any(asked & knowledge.doc_numbers.get(d, frozenset())
                                         for d in t.primary or t.doc_ids)]  # fmt: skip
    return numbered + [t for t in chosen if t not in numbered]


def _series(target: Target) -> str | None:
    return target.event.series if target.event is not None else None


def prefer_named(chosen: list[Target], words: Sequence[str], knowledge: Knowledge) -> list[Target]:
    """Editions the question tells apart by their city ("… in Lübeck" of a series held in
    Kiel and Lübeck): those first, in their order."""
    if len(chosen) < 2:
        return chosen
    keys = {knowledge.resolve_word(w) or w for w in words}
    places = [_cities(t) for t in chosen]  # a city the other edition names is no hint
    telling = [k for k in keys if 0 < sum(k in p for p in places) < len(chosen)]
    if not telling:
        return chosen
    hits = [sum(k in p for k in telling) for p in places]
    best = max(hits)
    return [t for t, h in zip(chosen, hits, strict=True) if h == best] + [
        t for t, h in zip(chosen, hits, strict=True) if h != best
    ]


def _cities(target: Target) -> set[str]:
    if target.event is None:
        return set()
    return {w for f in target.event.city for w in raw_tokens(f.value)}


def next_not_in_catalog(
    chosen: list[Target], text: str, today: date | None, years: Sequence[int]
) -> Target | None:
    """The latest edition, when the question asks for the next one and every edition the
    catalog knows is over: the next is only what a release says of its plans."""
    if years or today is None or not NEXT.search(text) or not chosen:
        return None
    if any(t.start is None or t.start >= today for t in chosen):
        return None
    latest = max(chosen, key=_start)
    asked = [w for w in re.findall(r"[\w-]+", text) if is_type_word(w)]
    if asked and latest.kinds and not any(k in w for w in asked for k in latest.kinds):
        return None  # "der nächste Datenhack-Abend" of a barcamp's release: another event
    return latest


def with_upcoming(chosen: list[Target], rivals: Sequence[Target], text: str,
                  today: date | None, titles: dict[str, str],
                  every: Sequence[Target] = ()) -> list[Target]:  # fmt: skip
    """ "Wann ist der nächste X?" of a look back ("Rückblick und Ausblick: …") or of a release
    whose best matching edition is over (a report on the third summit that names the fourth):
    the series' editions still to come, though one only announced there scores below the
    edition the release reports: of a look back among the close `rivals`, else among `every`
    edition the same release names. (A release listing its own dates is left to the edition
    choice.)"""
    if today is None or not chosen or not NEXT.search(text) or chosen[0].event is None:
        return chosen
    over = not any(t.start is not None and t.start >= today for t in chosen)  # or undated
    look_back = any(LOOK_BACK.search(titles.get(d, "")) for d in chosen[0].doc_ids)
    if not (look_back or over):
        return chosen
    series, own = chosen[0].event.series, set(chosen[0].doc_ids)
    ahead = [t for t in (rivals if look_back else every) if t.event is not None
             and t.event.series == series and t.start is not None and t.start >= today
             and (look_back or (own & set(t.doc_ids) and _numbered(t.event)))]  # fmt: skip
    return ahead or chosen


def _numbered(event: Event) -> bool:
    """Whether an edition's date is given with its number ("Der 4. Gipfel ist für …
    vorgesehen"): a next edition, not one more date of a monthly consultation hour, whose
    dates the catalog may not all hold."""
    return any(edition_numbers(f.quote) for f in event.dates)


def _start(target: Target) -> date:
    return target.start or date.max


#: "wo war der erste?": a word ordering a series' editions (see `prefer_editions`).
ORDER_WORD = re.compile(r"\b(erste[rn]?|first|letzte[rn]?|last)\b")
#: "und wann war der letzte?", "wo war die erste?": an edition of the conversation's series by
#: its order, not a speaker by theirs ("wer sprach als erste?").
_ORDER_FOLLOW_UP = re.compile(r"\b(der|die|das|the) (erste|letzte|first|last)"
                              r"( (one|ausgabe|edition))?\W*$")


def series_editions(targets: tuple[Target, ...], text: str,
                    knowledge: Knowledge) -> tuple[Target, ...]:  # fmt: skip
    """The dated editions of the one target's series for "und wann war der letzte?", which
    asks among all of them (also after an edition the sources lack); else `targets`."""
    if len(targets) != 1 or targets[0].event is None or not _ORDER_FOLLOW_UP.search(text):
        return targets
    return tuple(_dated_editions(targets[0].event, knowledge)) or targets


def _dated_editions(event: Event, knowledge: Knowledge) -> list[Target]:
    """The targets of every dated edition of `event`'s series."""
    series = fold(event.series)
    return [t for t in knowledge.targets if t.event is not None and t.start is not None
            and fold(t.event.series) == series]  # fmt: skip


def named_first(targets: tuple[Target, ...], answer: str) -> tuple[Target, ...]:
    """The targets with the one a comparison's answer singled out in front: after "Mehr
    Teilnehmende hatte X 2024:" (a header line naming one of them), "und wo war der?" asks
    about X 2024. Any other answer leaves the order as it was."""
    header = answer.split("\n", 1)[0]
    named = [t for t in targets if t.label in header]
    if len(targets) < 2 or len(named) != 1 or not header.rstrip().endswith(":"):
        return targets
    return (named[0], *[t for t in targets if t is not named[0]])


#: "und der nächste?", "next one": the edition after the conversation's, from today on.
NEXT_ONE = re.compile(r"\b(der|die|das) nachste\b|\bnachstes mal\b|next one|next time")


def next_of_series(previous: Target, knowledge: Knowledge, today: date) -> tuple[Target, bool]:
    """ "und wann ist der nächste?" after an edition: (the series' first edition from today
    on, True) — a visitor asks for what is ahead, not for the year after a past edition —
    or (its latest edition, False) when none is ahead: only a release's plan can answer."""
    if previous.event is None:
        return previous, False
    editions = _dated_editions(previous.event, knowledge)
    ahead = [t for t in editions if t.start is not None and t.start >= today]
    if ahead:
        return min(ahead, key=_start), True
    return max(editions, key=_start, default=previous), False

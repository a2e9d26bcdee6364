"""Questions about a person: who they are ("Wer ist …?") and where they appear ("Bei welcher
Veranstaltung spricht …?"), answered from the sentence that names them with their role."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import phrasing
from assistant.answering.seam import GenerationRequest
from assistant.answering.units import AnswerUnit
from assistant.text.analysis import fold
from assistant.text.names import find_people

_WHICH_EVENT = re.compile(
    r"(bei|auf|an) welche[rmn]? (veranstaltung|ausgabe|kongress|event|konferenz|tagung)"
    r"|\bwo (spricht|sprach|tritt|trat)|(at|in) which (event|conference)|where does .* speak",
)
_APPOSITION = re.compile(r",\s*[A-ZÄÖÜ]|^\W*•|\b(ist|war)\s+(die|der|eine?n?)\b")
#: A quotation the release takes from elsewhere and cites ("…“, so Minister X (URL: …)").
_CITED = re.compile(r"\((url|quelle|source)\s*:|\bzitiert nach\b", re.IGNORECASE)
#: "Was hat X vorgetragen?", "Ist X auch da?": whether X took part, not who X is.
_TOOK_PART = re.compile(r"vorgetragen|vortrag|gesprochen|\bsprach|\bspricht|\brede\b"
                        r"|\bdabei\b|\bda\b|present|speak|spoke|\bthere\b")


def cited_not_present(request: GenerationRequest, person: str,
                      units: Sequence[AnswerUnit]) -> bool:  # fmt: skip
    """Whether the question asks if a person took part, and the releases only quote them."""
    return bool(_TOOK_PART.search(fold(request.question))) and only_cited(person, units)


def only_cited(person: str, units: Sequence[AnswerUnit]) -> bool:
    """Whether the releases name a person only in a quotation cited from elsewhere: a
    minister quoted with a URL is not said to be at the event."""
    surname = person.split()[-1]
    named = [u for u in units if surname in fold(u.text)]
    return bool(named) and all(_CITED.search(u.text) for u in named)


def person_answer(request: GenerationRequest, person: str, units: Sequence[AnswerUnit],
                  label: str) -> str:  # fmt: skip
    """ "X spricht beim Y [k]." or the sentence introducing X with their role."""
    surname = person.split()[-1]
    named = [u for u in units if u.quotable and surname in fold(u.text)]
    if not named:
        return ""
    full = [u for u in named if person in fold(u.text)]
    named = full or named  # "Jonas Vogel, CIO" does not introduce Ann-Kathrin Vogel
    question = fold(request.question)
    language = request.info.language
    display = next((p for u in named for p in find_people(u.text) if fold(p) == person),
                   person.title())  # fmt: skip
    if _WHICH_EVENT.search(question) and label:
        unit = named[0]
        past = (
            request.subject is not None
            and request.subject.target is not None
            and (
                request.subject.target.start is not None
                and request.subject.target.start < request.today
            )
        )
        if language == "en":
            return f"{display} {'spoke' if past else 'speaks'} at {label} [{unit.index + 1}]."
        return f"{display} {'sprach' if past else 'spricht'} beim {label} [{unit.index + 1}]."
    introduced = [u for u in named if _APPOSITION.search(u.text[u.text.find(display):]
                                                         if display in u.text
                                                         else u.text)]  # fmt: skip
    unit = min(introduced or named, key=lambda u: (not u.text.lstrip().startswith("•"),
                                                   len(u.text)))  # fmt: skip
    focus = max(0, unit.text.find(display))
    quoted = phrasing.quote(unit.text, unit.index + 1, language, focus)
    series = label.rsplit(" ", 1)[0] if label[-4:].isdigit() else label
    if label and fold(series) not in fold(unit.text):  # say at which event the sentence names X
        return f"{display} ({label}): {quoted}"
    return quoted

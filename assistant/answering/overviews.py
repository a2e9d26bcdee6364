"""Answers that gather rather than pick one sentence: who spoke (a list of people), at which
events something happened, whom to contact, and what an event is.

Each item is cited to the sentence it comes from; lists are cut at a readable length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import phrasing
from assistant.answering.knowledge import Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.units import AnswerUnit
from assistant.text.analysis import fold
from assistant.text.matching import matcher

_PEOPLE_LIST = re.compile(
    r"welche[nr]? (\w+ )?(referent|redner|sprecher|speaker|gaste|personen|expert)"
    r"|wer (hielt|halt|hielten|halten) .*vortrage|wer (diskutiert|diskutierte|sprach|spricht)"
    r".*(podium|panel)|wer (sitzt|sass|sitzen|sassen|war|waren)\b.*\bauf dem podium"
    r"|\bwho (were|are) the speakers"  # "wer sitzt beim … 2023 auf dem podium?"
    r"|which speakers|wer (hat|haben) (alles )?(gesprochen|vorgetragen)|referent\w*innen"
    r"|wer (hat|haben) (\w+ ){0,3}zugesagt|wer (ist|sind|spricht|sprechen|kommt) alles"
    r"|who (is|are) (speaking|confirmed)",
)
_WHICH_EVENTS = re.compile(
    r"(auf|bei|in|an) welche[nr]? (veranstaltung|ausgabe|event|kongress|konferenz)\w*"
    r"|at which (events|conferences)|which events",
)
_DEFINITION = re.compile(r"^\W*(was|what) (ist|sind|war|is|are|was|bedeutet|means?)\b")
_LEAD_VERB = re.compile(
    r"\b(ist|sind|war|bietet|widmet|thematisiert|lädt|findet|geht|dreht"
    r"|steht|befasst|diskutier|versammelt|bringt)\b"
)


def asks_people_list(question: str) -> bool:
    return bool(_PEOPLE_LIST.search(fold(question)))


def people_list(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit],
                limit: int = 8) -> str:  # fmt: skip
    """ "Genannt werden: A, B und C [k][m]." from the catalog's speakers of the event, each
    cited to its sentence; only people the units of the answer quote."""
    if target.event is None:
        return ""
    question = fold(request.question)
    podium = bool(re.search(r"podium|panel|diskut", question))
    names: list[str] = []
    cites: list[int] = []
    for fact in target.event.speakers:
        name = fact.value.split(" – ")[0]
        unit = next((u for u in units if u.quotable and name in u.text
                     and (not podium or _near_podium(u, units))), None)  # fmt: skip
        if unit is None or name in names:
            continue
        names.append(name)
        if unit.index + 1 not in cites:
            cites.append(unit.index + 1)
        if len(names) == limit:
            break
    if len(names) < 2:
        return ""
    language = request.info.language
    lead = "The sources name" if language == "en" else "Genannt werden"
    joiner = " and " if language == "en" else " und "
    listed = ", ".join(names[:-1]) + joiner + names[-1]
    return f"{lead}: {listed} {''.join(f'[{k}]' for k in cites)}."


_BOTH = re.compile(r"\b(beide[nm]?|both|sowohl|jeweils|each)\b|\b(\d{4}) (und|and) (\d{4})\b")


_WHO_OF_THEM = re.compile(
    r"\b(wer|who)\b|welche[rs]? (\w+ )?(referent|redner|sprecher|speaker|person)"
)


def asks_common_people(request: GenerationRequest) -> bool:
    """ "Welcher Referent war 2023 und 2024 dabei?": the people two editions share."""
    subject = request.subject
    if subject is None or len({t.year for t in subject.targets[:2]}) < 2:
        return False
    question = fold(request.question)
    return bool(_BOTH.search(question)) and (
        asks_people_list(request.question) or bool(_WHO_OF_THEM.search(question))
    )


def common_people(request: GenerationRequest, units: Sequence[AnswerUnit]) -> str:
    """The speakers of the first edition whom the release of the second names as well, each
    cited to its sentence; "" when the sources name nobody at both (the caller abstains)."""
    subject, knowledge = request.subject, request.knowledge
    if subject is None or knowledge is None or len(subject.targets) < 2:
        return ""
    first, second = subject.targets[0], subject.targets[1]
    if first.event is None:
        return ""
    others = set(second.primary or second.doc_ids)
    names: list[str] = []
    cites: list[int] = []
    for fact in first.event.speakers:
        name = fact.value.split(" – ")[0]
        if name in names or not knowledge.people.get(fold(name), frozenset()) & others:
            continue
        unit = next((u for u in units if u.quotable and name in u.text), None)
        if unit is None:
            continue
        names.append(name)
        if unit.index + 1 not in cites:
            cites.append(unit.index + 1)
    if not names:
        return ""
    english = request.info.language == "en"
    lead = "Named for both" if english else "Bei beiden genannt"
    joiner = " and " if english else " und "
    listed = ", ".join(names[:-1]) + joiner + names[-1] if len(names) > 1 else names[0]
    return f"{lead}: {listed} {''.join(f'[{k}]' for k in cites)}."


def _near_podium(unit: AnswerUnit, units: Sequence[AnswerUnit]) -> bool:
    """A bullet under a lead-in that names the podium, or a sentence naming it."""
    if re.search(r"podium|panel|diskut", unit.text, re.IGNORECASE):
        return True
    before = [u for u in units if u.index == unit.index and u.order < unit.order]
    lead = next((u for u in reversed(before) if not u.text.lstrip().startswith(("•", "·"))), None)
    return lead is not None and bool(re.search(r"podium|diskut", lead.text, re.IGNORECASE))


def asks_which_events(question: str) -> bool:
    return bool(_WHICH_EVENTS.search(fold(question)))


def which_events(request: GenerationRequest, targets: Sequence[Target],
                 units_of: dict[str, list[AnswerUnit]], words: Sequence[str]) -> str:  # fmt: skip
    """ "Das steht in den Quellen zu: A [k] und B [m]." — the events whose releases contain the
    question's topic words, each cited to the sentence containing them."""
    if not words:
        return ""
    found: list[tuple[str, int]] = []
    for target in targets[:6]:
        for doc_id in target.primary or target.doc_ids:
            unit = next((u for u in units_of.get(doc_id, [])
                         if u.quotable and all(matcher(u.text).has(w) for w in words)),
                        None)  # fmt: skip
            if unit is not None:
                found.append((target.label, unit.index + 1))
                break
    if len(found) < 2:
        return ""
    language = request.info.language
    items = [f"{label} [{k}]" for label, k in found]
    joiner = " and " if language == "en" else " und "
    listed = ", ".join(items[:-1]) + joiner + items[-1]
    lead = "The sources mention it for" if language == "en" else "Die Quellen nennen das bei"
    return f"{lead}: {listed}."


#: A page footer's links after the address ("… · Impressum · Datenschutz"): no contact.
_FOOTER_LINKS = re.compile(r"\s*[·|]\s*(impressum|datenschutz\w*|barrierefreiheit|sitemap"
                           r"|cookie\w*|legal notice|privacy policy|accessibility)\b", re.I)


def contact_answer(request: GenerationRequest, target: Target,
                   units: Sequence[AnswerUnit]) -> str:  # fmt: skip
    """The contact block the catalog read (name, role, phone, e-mail), cited."""
    if target.event is None or not target.event.contact:
        return ""
    facts = target.event.contact[:3]
    first = facts[0]
    unit = next((u for u in units if u.text in first.quote or first.quote in u.text), None)
    index = unit.index + 1 if unit is not None else None
    if index is None:
        chunk_ids = [request.passages[u.index].chunk_id for u in units]
        if first.chunk_id not in chunk_ids:
            return ""
        index = next(i for i, p in enumerate(request.passages) if p.chunk_id == first.chunk_id) + 1
    values = "; ".join(_FOOTER_LINKS.sub("", f.value) for f in facts)
    lead = "Contact" if request.info.language == "en" else "Kontakt"
    return f"{lead}: {values} [{index}]."


def asks_definition(question: str) -> bool:
    return bool(_DEFINITION.search(fold(question)))


def definition(request: GenerationRequest, units: Sequence[AnswerUnit]) -> str:
    """What an event is: the release's first substantial sentence (a lead says what, when and
    where), preferring one that says what it "is"."""
    candidates = [u for u in units if u.quotable and not u.heading and not u.key_value
                  and len(u.text.split()) >= 8]  # fmt: skip
    if not candidates:
        return ""
    defining = [u for u in candidates[:12]
                if re.search(r"\b(ist|sind) (eine?|die|der|das)\b", u.text)]  # fmt: skip
    lead = [u for u in candidates[:6] if _LEAD_VERB.search(u.text)]
    unit = (defining or lead or candidates)[0]
    return phrasing.quote(unit.text, unit.index + 1, request.info.language)


_ACRONYM_QUESTION = re.compile(
    r"\b(was bedeutet|was heißt|was heisst|wofür steht|wofur steht|was ist|what does|what is)"
    r"\s+(?:eigentlich |nochmal |genau )?(?:die |der |das |the )?([A-ZÄÖÜa-zäöü]{2,8})\b"
    r"(?:\s+(?:for|eigentlich|bedeuten|mean))?\W*$",
    re.IGNORECASE,
)


def acronym_answer(request: GenerationRequest) -> str:
    """ "Was bedeutet OZG?" → "OZG steht für „Onlinezugangsgesetz“ [k]." from a release's
    "… Onlinezugangsgesetzes (OZG)"."""
    asked = _ACRONYM_QUESTION.search(request.question.strip())
    if asked is None:
        return ""
    acronym = asked.group(2).upper()
    pattern = re.compile(rf"((?:[A-ZÄÖÜ][\wäöüß-]+\s+){{0,3}}[A-ZÄÖÜ][\wäöüß-]+)\s+\({acronym}\)")
    for index, passage in enumerate(request.passages):
        m = pattern.search(passage.body)
        if m:
            words = m.group(1).split()
            expansion = words[-1] if words[-1][:1].isupper() and len(words[-1]) > 8 else m.group(1)
            if expansion.endswith("gesetzes"):  # genitive: "des Onlinezugangsgesetzes"
                expansion = expansion[:-2]
            if request.info.language == "en":
                return f"{acronym} stands for „{expansion}“ [{index + 1}]."
            return f"{acronym} steht für „{expansion}“ [{index + 1}]."
    return ""


def unexplained_acronym(request: GenerationRequest) -> bool:
    """ "Was ist eigentlich das NEGZ?" where the releases only use the abbreviation ("…,
    Geschäftsführer NEGZ") and no event is called so: a sentence using it explains nothing."""
    asked = _ACRONYM_QUESTION.search(request.question.strip())
    if asked is None or acronym_answer(request):
        return False
    acronym = asked.group(2).upper()
    knowledge = request.knowledge
    if knowledge is not None and any(fold(acronym) in fold(t.label).split()
                                     for t in knowledge.targets):  # fmt: skip
        return False  # "Was ist die KFVD?" of the event "KFVD 2027": its definition answers
    bodies = [p.body for p in request.passages]
    return any(re.search(rf"\b{acronym}\b", b) for b in bodies) and not any(
        re.search(rf"\b{acronym[0]}{acronym[1:].lower()}\b", b) for b in bodies)

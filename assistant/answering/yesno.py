"""Yes/no questions: "Ja"/"Nein" only when a cited sentence settles it, else what the sources
do say, else an abstention.

"Ist die Teilnahme kostenlos?" is settled by "Die Teilnahme ist kostenlos" (ja) or by "kostet
95 Euro" (nein); "Gibt es einen Livestream?" by a sentence naming the livestream (ja) or
ruling it out (nein); "Findet … in Hamm statt?" by the city the release names. A question the
sentences only touch gets "Die Quellen sagen dazu nur: …".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from assistant.answering import phrasing
from assistant.answering.dated import date_answer
from assistant.answering.knowledge import Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.selection import Scored
from assistant.answering.slots import CUES, NAMED_PLATFORM, NOT_A_FEE, ON_STAGE, asks_lodging
from assistant.answering.units import AnswerUnit
from assistant.answering.yes_no_facts import (
    QUESTION_NOUNS,
    asked_month,
    first_edition,
    held_on_day,
    near_asked_place,
    organiser_settles,
    unsaid_property,
)
from assistant.text.analysis import STOPWORDS, fold, folded_pattern, raw_tokens
from assistant.text.dates import find_dates
from assistant.text.facts import _gazetteer, find_places
from assistant.text.intents import Ask, Slot
from assistant.text.matching import matcher
from assistant.text.roles import clause_around, date_role

_I = re.IGNORECASE
_NEGATION = re.compile(
    r"\b(nicht|kein|keine|keinen|keiner|keinem|ohne|nie|niemals|no|not|none"
    r"|ausschließlich|nur für|entfällt|entfallen)\b",
    _I,
)
_FREE = re.compile(
    r"kostenfrei|kostenlos|gebührenfrei|eintritt (ist )?frei|ohne (kosten|gebühr)"
    r"|unentgeltlich|\bfree of charge|\bis free\b|teilnahme ist frei",
    _I,
)
_MONEY = re.compile(r"\d[\d.,]*\s*(euro|€|eur\b)|(euro|€)\s*\d", _I)
_FORMATS = {
    "livestream": r"live-?stream|\bstream|übertrag|zugeschaltet|zuschalten",
    "recording": r"aufzeichnung|aufgezeichnet|mitschnitt|nachträglich|recording|recorded",
    "online": r"(?<![\w-])online|digital teilnehm|virtuell|videokonferenz|zoom|webex|bigbluebutton"
    r"|\bteams\b|live-?stream",
    "hybrid": r"hybrid",
    "inperson": r"vor ort|präsenz|persönlich",
}
_ASKED_FORMAT = {  # matched against the folded question
    "livestream": folded_pattern(r"livestream|stream|ubertrag|live (dabei|zuschauen)"),
    "recording": folded_pattern(r"aufzeichnung|aufgezeichnet|recording|recorded|nachtraglich"
                                r"|mitschnitt"),
    "online": folded_pattern(r"\bonline|(?<![.@\w-])digital\b(?![.-]\w)|virtuell|remote"
                             r"|von zu hause"),
    "hybrid": folded_pattern(r"hybrid"),
    "inperson": folded_pattern(r"vor ort|prasenz|in person|personlich"),
}
_REG_NO = re.compile(
    r"(anmeldung|registrierung)\s+(ist\s+)?nicht\s+(erforderlich|nötig|notwendig)"
    r"|ohne (vorherige )?anmeldung|keine anmeldung|bleiben (gültig|bestehen)"
    r"|behalten ihre gültigkeit|gelten weiter"
    r"|nicht (erneut|neu|noch einmal) (zu )?(registrier|anmeld)"
    r"|keine (erneute|neue) (anmeldung|registrierung)",
    _I,
)
_REG_YES = re.compile(
    r"anmeldung\s+(ist\s+)?(erforderlich|nötig|notwendig|verpflichtend)"
    r"|(um|mit) (vorherige )?anmeldung|bitte (melden|anmelden)|anmelden (unter|über"
    r"|bis)|anmeldung (unter|über|bis|bei)|verbindlich",
    _I,
)


#: "Ist X auch da / dabei / vor Ort?", "Kommt X?", "Nimmt X teil?": a person's presence.
_THERE = re.compile(r"\b(da|dabei|anwesend|vor ort|kommt|kommen|nimmt\b.*\bteil|there|attend\w*"
                    r"|coming)\b")


def yes_no_answer(request: GenerationRequest, ask: Ask, target: Target | None,
                  ranked: Sequence[Scored], units: Sequence[AnswerUnit]) -> str:  # fmt: skip
    language = request.info.language
    question = fold(request.question)
    things = asked_things(question)
    if ask.slot == Slot.FEE:
        if things and not _FEE_WORD.search(things[0]) \
                and not any(matcher(r.unit.text).has(things[0]) for r in ranked[:6]):
            return ""  # "gibt es ein tagesticket?" is not settled by the full fee
        return _fee(question, ranked, language)
    if ask.slot == Slot.FORMAT:
        return _format(question, units, language)
    if (ask.slot == Slot.SPEAKER or _THERE.search(question)) and request.subject is not None \
            and request.subject.person:  # "Tritt X auf?", "Ist X auch da?"
        surname = request.subject.person.split()[-1]
        naming = [r for r in ranked[:6] if surname in fold(r.unit.text)]
        near = [u.text + (f" {after.text}" if after and after.index == u.index else "")
                for u, after in zip(units, [*units[1:], None], strict=True)
                if surname in fold(u.text)]  # "… X, … ist sicher, … erklärt er in seiner Keynote"
        if naming and not any(ON_STAGE.search(text) or CUES[Slot.MODERATOR].search(text)
                              for text in near):
            # "Tritt X auf?" ← "…“, so Bundesminister X": quoted, not on the programme
            return phrasing.only_says(naming[0].unit.text, naming[0].unit.index + 1, language)
    if (ask.slot == Slot.REGISTRATION or ask.slot == Slot.DEADLINE) and not asks_lodging(question):
        answer = _registration(request, question, units, language)  # not "im Hotel X buchen?"
        if answer:
            return answer
    if ask.slot == Slot.ORGANISER and target is not None and target.event is not None:
        settled = organiser_settles(question, target, units)
        if settled is not None:
            return _say(settled[0], settled[1], language, settled[2])
    if _ASKS_PART.search(question):  # "Gehört X zum Y?": before "Ulmer" reads as a city
        part = _part_of(ranked, _named_in_question(request.question, target), language)
        if part:
            return part
    if things and not any(all(matcher(r.unit.text).has(w) for w in things) for r in ranked[:5]):
        return ""  # "gibts dort parkplätze?": a sentence without parking says nothing of it
    city = _asked_city(request.question)
    if city and target is not None and not things:
        answer = _place(city, target, units, language, request)
        if answer:
            return answer
    if target is not None and target.event is not None and _ASKS_IF_HELD.search(question) \
            and any(f.role == "cancelled" for f in target.event.status):
        answer = _status(question, target, units, language)  # "… im Februar?": it is called off
        if answer:
            return answer
    if _ASKS_IF_HELD.search(question) and not things:
        on_day = held_on_day(question, units)  # "findet X am 9.12. statt?" ← "09.12. ENTFÄLLT"
        if on_day is not None:
            return _say(on_day[0], on_day[1], language)
    first = first_edition(question, units)  # "war X 2024 der erste?" ← "zum zweiten Mal …"
    if first is not None:
        return _say(first[0], first[1], language)
    month = asked_month(question)
    if target is not None and target.start is not None and month and not things \
            and not _PERSON_ASKED.search(question):  # "leitet Dr. X die Schulung im Januar?"
        held = date_answer(request, target, units, target.label)  # "… im November statt?"
        if held:
            return f"{phrasing.yes_no_word(target.start.month == month, language)}. {held}"
    if target is not None and _ASKS_IF_HELD.search(question) and not find_dates(question, 2000) \
            and not things:  # "gibt es dort einen Ausweis?" asks about the pass, not the day
        answer = _status(question, target, units, language)
        if answer:
            return answer
    if unsaid_property(question, target, units):
        return ""
    named = _named_in_question(request.question, target)
    if ranked and named and not all(matcher(ranked[0].unit.text).has(w) for w in named):
        # "Hat die Stadtakademie … organisiert?" is not settled by "Veranstalter war der AKD":
        # say what the sentence naming them says, else what the best one says
        naming = [r for r in ranked if all(matcher(r.unit.text).has(w) for w in named)]
        best = naming[0] if naming else ranked[0]
        if best.score < 0.6 and not naming:
            return ""
        return phrasing.only_says(best.unit.text, best.unit.index + 1, language)
    return _generic(ranked, language)


#: "Gibt es …?", "gibts …", "Is there …?": whether something exists at the event.
EXISTS = re.compile(r"\b(gibt es|gibts|gibt's|gab es|gabs|is there|are there|was there"
                    r"|were there)\b")


def asked_things(question: str) -> list[str]:
    """The head noun a folded "gibt es …?" question asks to exist: the last word of the
    phrase after its article, before any preposition ("einen preis für das beste projekt" →
    "preis", "ein festes programm" → "programm"), else its last word ("… parkplatze?")."""
    found = EXISTS.search(question)
    if found is None:
        return []
    words = list(raw_tokens(question[found.end():]))
    article = max((i for i, w in enumerate(words) if w in _ARTICLES), default=None)
    if article is not None:
        phrase = list(itertools.takewhile(lambda w: w not in _PREPOSITIONS, words[article + 1:]))
        words = phrase or words
    head = words[-1] if words else ""
    return [head] if len(head) >= 4 and head not in STOPWORDS else []


_FEE_WORD = re.compile(r"gebuhr|kost|preis|eintritt|rabatt|ermassig|geld|euro|fee|charge")
_ARTICLES = frozenset("ein eine einen einem einer eines kein keine keinen any an a".split())
_PREPOSITIONS = frozenset(
    "fur mit am im bei beim zu zum zur von vom in auf uber for at in on of"
    " und oder and or".split())  # and where a second question begins


#: "Gehört X zum Y?", "Ist X Teil des Y?", "Is X part of Y?"
_ASKS_PART = re.compile(r"^\W*(und )?(gehort|gehoren|ist|sind|is|are)\b"
                        r".*\b(zum|zur|zu|teil|part of)\b")
_NOT_PART = re.compile(r"nicht teil|kein teil|eigenständig|gehört nicht|gehören nicht"
                       r"|unabhängig von|separate|not part", re.IGNORECASE)
_IS_PART = re.compile(r"\bteil des|\bteil der|gehört zu|gehören zu|im rahmen (des|der)"
                      r"|part of", re.IGNORECASE)


def _part_of(ranked: Sequence[Scored], named: Sequence[str], language: str) -> str:
    """ "Gehört die Smart-City-Woche zum Digitaltag?" ← "… ist eine eigenständige
    Veranstaltung und nicht Teil des Digitaltags": Nein, from the sentence naming it."""
    for best in ranked if named else ranked[:3]:  # the sentence that names it, wherever
        text = best.unit.text
        found = matcher(text)
        if named and not any(all(found.has(p) for p in w.split("-")) for w in named):
            continue  # "Cloud-Woche" is named by "Cloud-Woche"
        if _NOT_PART.search(text):
            return _say(False, best.unit, language)
        if _IS_PART.search(text) and not _NEGATION.search(text):
            return _say(True, best.unit, language)
    return ""


def _named_in_question(question: str, target: Target | None) -> list[str]:
    """Names the question brings that are not the event's own ("die Stadtakademie", "Frau
    Beck"): a yes needs a sentence that names them."""
    own = {fold(w) for w in re.findall(r"[\w-]+", target.label)} if target is not None else set()
    if target is not None:
        own |= set(target.names)
    quoted = re.findall(r"[„\"»]([^“\"«”]{3,60})[“\"«”]", question)
    if quoted:  # "Ist „Behörden Digital Praxis“ Mitveranstalter …?"
        return [fold(w) for q in quoted for w in re.findall(r"[\w-]{3,}", q)]
    words = re.findall(r"[\wÄÖÜäöüß-]{3,}", question)[1:]  # the first word is capitalised anyway
    return [fold(w) for w in words if w[:1].isupper() and not fold(w).isdigit()
            and fold(w) not in QUESTION_NOUNS
            and not any(fold(w)[:6] == n[:6] for n in own if len(n) >= 6)]  # fmt: skip


#: A yes/no about someone's part ("leitet dr. wollenhaupt …?", "spricht frau x …?"): the
#: month it names does not make it a question about when the event is held.
_PERSON_ASKED = re.compile(r"\b(dr|prof|herr|frau|mr|mrs|ms)\b\.?\s+\w+|\b(leitet|moderiert|spricht"
                           r"|referiert|halt|leads|speaks|moderates)\b", _I)
#: "Findet X statt?", "Is X still on?": a question whether the event is held at all.
_ASKS_IF_HELD = re.compile(r"\b(findet|fand|finden)\b.*\bstatt\b|\b(still )?(on|happening)\b"
                           r"|\babgesagt\b|\bausgefallen\b|\bcancel", _I)  # fmt: skip


def _status(question: str, target: Target, units: Sequence[AnswerUnit], language: str) -> str:
    """Settled by the release's own cancellation sentence ("Findet … statt?" nein, "Wurde …
    abgesagt?" ja); a postponement only by what it says (the new date is the point)."""
    asks_cancelled = bool(re.search(r"abgesagt|ausgefallen|fallt .*aus|cancel", question))
    if target.event is None:
        return ""
    for fact in sorted(target.event.status, key=lambda f: f.role != "cancelled"):
        unit = next((u for u in units if u.quotable and (u.text in fact.quote
                     or fact.quote in u.text)), None)  # fmt: skip
        if unit is None:
            continue
        if fact.role == "cancelled":
            return _say(asks_cancelled, unit, language)
        return phrasing.only_says(unit.text, unit.index + 1, language)
    return ""


def _say(value: bool, unit: AnswerUnit, language: str, focus: int = 0) -> str:
    quoted = phrasing.quote(unit.text, unit.index + 1, language, focus)
    return f"{phrasing.yes_no_word(value, language)}. {quoted}"


def _fee(question: str, ranked: Sequence[Scored], language: str) -> str:
    feature = re.search(r"rabatt|ermassig|discount|reduziert|zuruck|erstatt|refund", question)
    if feature:
        words = {"rabatt": r"rabatt|ermäßig|reduziert", "ermassig": r"ermäßig|rabatt|reduziert",
                 "discount": r"rabatt|ermäßig", "reduziert": r"ermäßig|reduziert|rabatt",
                 "zuruck": r"erstatt|zurück", "erstatt": r"erstatt|zurück",
                 "refund": r"erstatt|zurück"}[feature.group(0)]  # fmt: skip
        for s in ranked[:6]:
            m = re.search(words, s.unit.text, _I)
            if m:
                before, after = clause_around(s.unit.text, m.start(), m.end())
                negated = bool(_NEGATION.search(before[-40:] + " " + after[:30]))
                return _say(not negated, s.unit, language, m.start())
        return ""
    asks_free = bool(re.search(r"kostenlos|kostenfrei|gratis|umsonst|\bfree\b|\bfrei\b", question))
    for s in ranked[:6]:
        if NOT_A_FEE.search(s.unit.text):
            continue  # prize money or a budget is nothing a visitor pays
        free = _FREE.search(s.unit.text)
        money = _MONEY.search(s.unit.text)
        if free and not (money and money.start() < free.start()):
            is_free = True
        elif money:
            is_free = False
        else:
            continue
        match = free if is_free else money
        return _say(is_free if asks_free else not is_free, s.unit, language,
                    match.start() if match else 0)  # fmt: skip
    return ""


def _format(question: str, units: Sequence[AnswerUnit], language: str) -> str:
    platform = NAMED_PLATFORM.search(question)
    if platform is not None:  # "Läuft es über Webex?" is not settled by "60 Minuten online"
        return _platform(platform.group(1).split()[-1], units, language)
    asked = next((k for k, p in _ASKED_FORMAT.items() if p.search(question)), None)
    if asked is None:
        return ""
    pattern = re.compile(_FORMATS[asked], _I)
    for unit in near_asked_place(question, [u for u in units if pattern.search(u.text)], units):
        if not unit.quotable:
            continue
        m = pattern.search(unit.text)
        if m:
            before, after = clause_around(unit.text, m.start(), m.end())
            negated = bool(_NEGATION.search(before[-50:] + " " + after[:40]))
            return _say(not negated, unit, language, m.start())
    if asked in ("online", "livestream", "recording"):
        only_here = re.compile(
            r"(ausschließlich|nur|reine)\s+(vor ort|in präsenz|als präsenz)"
            r"|präsenzveranstaltung|keine online|kein livestream",
            _I,
        )
        for unit in units:
            m = only_here.search(unit.text)
            if unit.quotable and m:
                return _say(False, unit, language, m.start())
    return ""


def _platform(asked: str, units: Sequence[AnswerUnit], language: str) -> str:
    """ "Ja" from the sentence naming the asked service, "Nein" from one naming another."""
    named = [(u, m) for u in units if u.quotable for m in NAMED_PLATFORM.finditer(u.text)]
    for unit, m in named:
        if fold(m.group(1)).split()[-1] == asked:
            return _say(True, unit, language, m.start())
    return _say(False, named[0][0], language, named[0][1].start()) if named else ""


def _registration(request: GenerationRequest, question: str, units: Sequence[AnswerUnit],
                  language: str) -> str:  # fmt: skip
    still = re.search(r"\b(noch|jetzt noch|still)\b", question)
    for unit in units:
        if not unit.quotable:
            continue
        if still:
            for mention in find_dates(unit.text, default_year=request.today.year):
                if date_role(unit.text, mention) == "deadline" and re.search(
                    r"anmeld|registr", unit.text, _I
                ):
                    return _say(mention.last >= request.today, unit, language, mention.start)
            continue
        no = _REG_NO.search(unit.text)
        if no:
            return _say(False, unit, language, no.start())
        yes = _REG_YES.search(unit.text)
        if yes:
            return _say(True, unit, language, yes.start())
    return ""


def _asked_city(question: str) -> str | None:
    """The city a "Findet … in Hamm statt?" asks about: the question's last words, so "waren
    beim Treffen in Hamburg auch Bürgermeister dabei?" (the city names the event) is not one."""
    gazetteer = _gazetteer()
    for word in re.findall(r"[\wäöüÄÖÜß-]{3,}", question):
        name = word[:1].upper() + word[1:]
        ending = rf"\b(in|nach)\s+{re.escape(word)}(\s+(statt|stattfinden|stattgefunden))?\W*$"
        if name in gazetteer and re.search(ending, question, _I):
            return name
    return None


def _place(city: str, target: Target, units: Sequence[AnswerUnit], language: str,
           request: GenerationRequest) -> str:  # fmt: skip
    known = [f.value for f in target.event.city] if target.event is not None else []
    for unit in units:
        if not unit.quotable:
            continue
        places = find_places(unit.text)
        if not places:
            continue
        if fold(city) in {fold(p) for p in places} or fold(city) in {fold(k) for k in known}:
            m = re.search(re.escape(city), unit.text)
            for said in re.finditer(re.escape(city), unit.text):
                before, after = clause_around(unit.text, said.start(), said.end())
                if _NEGATION.search(before[-80:] + " " + after[:40]):
                    # "kann nicht wie geplant … in Kassel stattfinden": nein
                    return _say(False, unit, language, said.start())
            return _say(True, unit, language, m.start() if m else 0)
        if any(p in known for p in places) or not known:
            where = known[0] if known else places[0]
            m = re.search(re.escape(where), unit.text)
            return _say(False, unit, language, m.start() if m else 0)
    return ""


#: A sentence about earlier editions: it cannot confirm or deny the one asked about.
_EARLIER = re.compile(r"\b(bisherig\w*|vorherig\w*|früher\w*|zuvor|damals|vorjahr\w*"
                      r"|letztjährig\w*|in den vergangenen jahren)\b", _I)  # fmt: skip


_THIS_TIME = re.compile(r"\b(in diesem jahr|diesmal|erstmals|dieses jahr|this year)\b", _I)


def _generic(ranked: Sequence[Scored], language: str) -> str:
    if not ranked:
        return ""
    best = ranked[0]
    if best.score < 0.6 or (best.sim < 0.4 and best.terms < 0.5):
        return ""
    text = best.unit.text
    if best.unit.heading:  # a title settles nothing ("Ja. Digitaler Aufbruch 2024 in Hamburg")
        return phrasing.only_says(text, best.unit.index + 1, language) if best.terms >= 0.5 else ""
    if best.unit.review or _EARLIER.search(text):
        said = phrasing.only_says(text, best.unit.index + 1, language)
        now = next((r for r in ranked[1:3] if r.score >= 0.6 and r.cue and not r.unit.review
                    and (_THIS_TIME.search(r.unit.text) or not _EARLIER.search(r.unit.text))),
                   None)  # fmt: skip
        if now is not None:  # what the release says of this edition
            said += " " + phrasing.quote(now.unit.text, now.unit.index + 1, language)
        return said
    found = matcher(text)
    hits = [w for w in raw_tokens(text) if found.has(w)]
    negated = bool(_NEGATION.search(text)) and bool(hits)
    if best.terms >= 0.7 or (best.sim >= 0.5 and best.terms >= 0.5):
        return _say(not negated, best.unit, language)
    return phrasing.only_says(text, best.unit.index + 1, language)

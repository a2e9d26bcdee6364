"""Whether the best-ranked sentence answers at all: the thresholds, a person for a "wer"
question, the role act a question names ("Wer hat eröffnet?"), the question's specific words.

Kept apart from the generator so the rules that turn a ranking into an answer or an
abstention can be read (and tuned on the dev sets) in one place.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from assistant.answering.acts import EN_ROLE, ROLE_WORDS, names_role, row_of_another_act
from assistant.answering.edition_choice import NEXT
from assistant.answering.seam import GenerationRequest
from assistant.answering.selection import TYPED, Scored, named_subject
from assistant.answering.slots import (
    CUES,
    LODGING,
    ON_STAGE,
    PLATFORM,
    REGISTERS,
    WINNER,
    asks_cancelling,
    asks_lodging,
    count_roles,
    leaves_which_open,
    names_someone,
    per_unit_only,
)
from assistant.answering.subject import is_frame
from assistant.text.analysis import fold, folded_pattern, raw_tokens
from assistant.text.dates import find_dates
from assistant.text.facts import find_places, prize_ranks
from assistant.text.intents import AS_ASKER, Ask, Slot, read_ask
from assistant.text.matching import codes, matcher
from assistant.text.names import find_people
from assistant.text.questions import detect_language
from assistant.text.roles import apart_from_event, mentions_plan
from assistant.text.times import find_times

_ASKS_PLATFORM = re.compile(
    r"plattform|platform|\b(welche[ms]?|which) (tool|software|programm|dienst)"
    r"|\bwelche[ms]? (video|konferenz)", re.IGNORECASE)
_ASKS_WINNER = re.compile(r"gewonnen|gewinner|sieger|preistrager|bekommen|bekam|erhalten|erhielt"
                          r"|ging .*\ban\b|\bwon\b|winner|ausgezeichnet")
#: A day of the month: "17. Juni", "17.06.", "3./4. Juni".
_DAY = re.compile(r"\b\d{1,2}\.\s?(\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]+|/)")
#: "Wie viele Bewerbungen …": the thing a count question counts.
_COUNTED = re.compile(r"\b(?:wie ?viele|wieviele|anzahl der|zahl der)\s+(?:\w{1,12}\s+)??"
                      r"([a-zäöüß][\wäöüß-]{3,})")
_NOT_COUNTED = frozenset("""leute mal people times uhr tage waren kamen kommen gibt haben hatte
    hatten sind werden wurden nahmen gab were there are have did does euro kostet""".split())


_NUMBER_WORDS = (r"\b(zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|dreissig"
                 r"|hundert|dutzend)\w*")


#: Numbers of a measure or a day, not of things counted: "drei Seiten", "95 Euro", "5 March".
_MEASURES = (r"(seite|minute|stunde|tag|woche|monat|jahr|euro|prozent|zeichen|uhr|mal\b|kilo"
             r"|meter|km\b|mb\b|gb\b|januar|februar|marz|march|april|mai\b|may\b|juni|june"
             r"|juli|july|august|september|oktober|october|november|dezember|december)")


def counted_noun(question: str) -> str:
    """The stem of what "wie viele X" counts ("bewerbung"), "" for other questions."""
    found = _COUNTED.search(fold(question))
    if found is None or found.group(1) in _NOT_COUNTED:
        return ""
    return found.group(1)[:max(4, len(found.group(1)) - 3)]


def _counts(stem: str, text: str) -> bool:
    """A number close before the counted thing ("41 Bewerbungen", "41 neue Bewerbungen"), or
    the thing labelled with a number ("Bewerbungen: 41")."""
    folded = fold(text)
    if stem in folded and re.search(rf"(\d[\d.,]*|{_NUMBER_WORDS})\s+(?!{_MEASURES})\w", folded):
        return True  # "In einer Ausstellung präsentierten sich 14 Unternehmen"
    return bool(re.search(rf"(\d[\d.]*|{_NUMBER_WORDS})\s+(\S+\s+){{0,2}}\w*{re.escape(stem)}"
                          rf"|{re.escape(stem)}\w*\W{{1,3}}\d", folded))


#: A unit scoring below this does not answer (similarity + term share + cue + value).
MIN_SCORE = 0.62
#: Untyped slots (what, topic, reason …) need this much similarity or term share as well.
MIN_MEANING = 0.38


#: Slots a "wer"/"who" question asks a person for.
#: "die zweite Keynote", "the third speaker": one of several acts, counted.
_NTH = re.compile(r"\b(zweit|dritt|viert|funft|second|third|fourth|fifth)\w*\s+(keynote|vortrag"
                  r"|impuls|rede|redner|referent|sprecher|speaker|talk|workshop|panel|podium)")
_PERSON_SLOTS = frozenset({Slot.SPEAKER, Slot.MODERATOR, Slot.PATRON, Slot.PRIZE, Slot.PERSON})
#: Untyped slots whose cue alone makes a sentence an answer ("abgesagt", "weil").
_CUE_ENOUGH = frozenset({Slot.STATUS, Slot.REASON, Slot.TOPIC, Slot.MOTTO, Slot.REGISTRATION})


_ASKS_NAME = re.compile(r"\bwie hei(ss|ß)(t|en)\b|\bname[n]? (der|des|von)\b|\bname of\b")
_ASKS_CLOCK = re.compile(r"\buhr\b|uhrzeit|\bwhat time\b|\bwie spat\b")
_CLOCKED = frozenset({Slot.START, Slot.END, Slot.DATE})
#: "Ab wann kann man sich anmelden?": when something opens, not the day it closes.
_ASKS_FROM_WHEN = folded_pattern(r"\bab wann\b|\bsince when\b|\bfrom when\b|\bwhen does .* open")
_OPENING = frozenset({Slot.REGISTRATION, Slot.DEADLINE})
_OPENS = re.compile(r"\bab\b|\bseit\b|start|beginn|öffne|öffnu|\boffen|freigeschaltet|freischalt"
                    r"|\bopen|möglich ab",
                    re.IGNORECASE)
_NEXT_WORDS = re.compile(r"nächst|kommend|folgend|\bnext\b|upcoming", re.IGNORECASE)
_PAST_ONLY = re.compile(r"\b(fand|fanden|kamen|war|waren|stattgefunden|took place|was held)\b",
                        re.IGNORECASE)
_DATED = frozenset({Slot.DATE, Slot.START, Slot.END})
_ASKS_AMOUNT = re.compile(r"\bwie ?viel|\bhow much\b|\bhohe (des|der)\b|\bwie hoch\b")
_AMOUNT = re.compile(r"\d[\d.,]*\s*(euro|€|eur\b)|(euro|€)\s*\d", re.IGNORECASE)


#: What has a price of its own besides taking part: a stand, a meal, parking, a catalogue.
_PRICED_THING = re.compile(r"(stand|stande|flache|essen|buffet|parken|parkplatz|parkhaus"
                           r"|empfang|katalog|shuttle|fuhrung|exkursion|mitgliedschaft)$")
#: A meal, however named: "inkl. Abendessen?" is answered by "für die Abendverpflegung …".
_MEAL = re.compile(r"essen|buffet|verpflegung|catering|imbiss|mahlzeit")


def choose(
    ask: Ask,
    ranked: Sequence[Scored],
    question: str = "",
    specific: Sequence[str] = (),
    required: Sequence[str] = (),
) -> Scored | None:
    """The best unit if it answers at all: enough score, the slot's value (a person for a
    "wer" question), one of the question's specific words or enough meaning, and every
    `required` word (the name of another event the question asks about)."""
    wants_person = bool(re.match(r"^\W*(und |and )?(wer|who)\b", fold(question)))
    # "Wie heißt die Dolmetscherin?": a name, not "der Oberbürgermeister der Stadt"
    wants_name = wants_person or bool(_ASKS_NAME.search(fold(question)))
    asks_clock = bool(_ASKS_CLOCK.search(fold(question)))
    asks_opening = bool(_ASKS_FROM_WHEN.search(fold(question)))
    signing_up = bool(_ASKS_SIGN_UP.search(fold(question))) and not asks_cancelling(question)
    at_times = [t.value for t in find_times(question)] if ask.slot not in _CLOCKED else []
    winner = bool(_ASKS_WINNER.search(fold(question)))
    amount = bool(_ASKS_AMOUNT.search(fold(question)))
    if winner and ask.slot == Slot.PRIZE:  # "Wer hat gewonnen?": the first place first
        ranked = sorted(ranked, key=lambda s: not _FIRST_PLACE.search(s.unit.text))
    if at_times:  # "Wer spricht um 12 Uhr?": the programme line at that time first
        ranked = sorted(ranked, key=lambda s: not any(_at_time(v, s.unit.text) for v in at_times))
    roles = [w for w in specific if ROLE_WORDS.match(w)]
    if not roles:  # "the closing talk"; "the opening keynote" is asked by its keynote
        roles = [w for w in re.findall(r"\w+", fold(question)) if EN_ROLE.match(w)]
    per_unit = bool(re.search(r"\b(pro|je)\b", fold(question)))
    counted = counted_noun(question)
    exact_day = bool(re.search(r"wann genau|an welchem tag|welche[sm]? (datum|tag)|which day"
                               r"|what date|exact date", fold(question)))
    lodging = asks_lodging(question)
    asked_codes = codes(question)
    ranks = prize_ranks(question)
    if re.search(r"\b(moderi|eroffn|begruss|fuhrt)", fold(question)):
        # "Wer moderiert die Podiumsdiskussion / die Preisverleihung?": the act is the
        # moderation; the part of the event it is about need not be named with it
        roles = [w for w in roles if not w.startswith(("preisverleih", "podium"))]
    asks_next = bool(NEXT.search(fold(question)))
    nth = _NTH.search(fold(question)) if wants_person or ask.slot in _PERSON_SLOTS else None
    for best in ranked[:5]:
        if best.score < MIN_SCORE and not _states_status(ask, best, question):
            return None
        if nth and not re.search(rf"\b{nth.group(1)}", fold(best.unit.text)):
            continue  # "und die zweite Keynote?" is not answered by the first one's speaker
        if nth and not find_people(best.unit.text):
            return None  # "Eine zweite Keynote ist angefragt": the sources name nobody yet
        if ask.slot in TYPED and not best.value:
            continue
        if asks_next and ask.slot in _DATED and _PAST_ONLY.search(best.unit.text) \
                and not _NEXT_WORDS.search(best.unit.text):
            continue  # "wann ist der nächste …?" is not answered by "… fand am … statt"
        if wants_name and ask.slot in _PERSON_SLOTS and not find_people(best.unit.text) \
                and not (winner and ask.slot == Slot.PRIZE and "„" in best.unit.text):
            joined = _with_antecedent(best, ranked)  # "…, erklärt er in seiner Keynote."
            if joined is None:
                continue  # a prize may go to a team's project („Baustellenradar“), not a person
            best = joined
        if asks_clock and ask.slot in _CLOCKED and not find_times(best.unit.text):
            continue  # "Um wie viel Uhr fängt … an?" is not answered by "Am 27.01. ist …"
        if at_times and not any(_at_time(v, best.unit.text) for v in at_times):
            continue  # "Wer spricht um 12 Uhr?" is not answered by the talk at 11:20
        if ask.slot == Slot.DEADLINE and signing_up and not _SIGNS_UP.search(
                fold(best.unit.text)):
            continue  # "bis wann anmelden?" ← not a hotel room's, a poll's or a speaker's date
        if asks_opening and (ask.slot in _OPENING or (ask.slot == Slot.START and REGISTERS.search(
            fold(question)))) and not _OPENS.search(best.unit.text):
            continue  # "Ab wann kann man sich anmelden?" is not answered by "… bis 31. Januar"
        if wants_person and ask.slot not in TYPED and not names_someone(best.unit.text):
            continue  # "Wer sind die Coaches?" is not answered by "… auf 32 Plätze begrenzt"
        if ask.slot in (Slot.PLACE, Slot.VENUE) and mentions_plan(best.unit.text):
            continue  # "Im ersten Entwurf stand Raum 2.04", "ursprünglich in der Aula geplant"
        if ask.slot == Slot.SPEAKER and CUES[Slot.PATRON].search(best.unit.text) \
                and not ON_STAGE.search(best.unit.text):
            continue  # "Unter Schirmherrschaft von X findet … statt": a patron, no speaker
        if asked_codes and (named := codes(best.unit.text)) and not asked_codes & named:
            continue  # "Wie viele hatte der Durchgang EA-2026-1?" ← only EA-2026-2's numbers
        apart = apart_from_event(best.unit.text) if ask.slot in _DATED else None
        if apart and any(len(w) > 3 and matcher(apart).has(w) for w in raw_tokens(question)):
            continue  # "… am 9. Juni – nicht beim nächsten Forum" dates no forum
        if leaves_which_open(question, best.unit.text):
            return None  # "Mit welchem Busunternehmen?" ← "ein anderes Busunternehmen gebucht":
            # the best sentence speaks of it and names none, so the sources do not say
        if wants_person and ask.slot not in TYPED and specific and not any(
            matcher(best.unit.text).has(w) for w in specific
        ):
            continue  # … nor by "Veranstalter ist …", which names no coach
        if ask.slot in (Slot.PARTICIPANTS, Slot.COUNT) and (ask.actual or ask.expected):
            counts = count_roles(best.unit.text)
            if counts and counts <= {"expected" if ask.actual else "actual"}:
                continue  # a forecast or a capacity is no attendance, and the reverse
        if ask.slot in (Slot.PARTICIPANTS, Slot.COUNT) and not per_unit and per_unit_only(
            best.unit.text
        ):
            continue  # "pro Kunde bis zu zwei Personen" says nothing of how many came
        if ask.slot == Slot.END and not best.cue:
            continue  # "Bis wann geht das?" is not answered by "… am 14. November … thematisiert"
        if exact_day and ask.slot == Slot.DATE and not _DAY.search(best.unit.text):
            continue  # "Wann genau …?" is not answered by "Im Juni 2026 folgt …"
        if ask.slot == Slot.FEE and lodging != bool(LODGING.search(best.unit.text)):
            continue  # "94 Euro pro Nacht" is what a room costs, not taking part
        if ask.slot == Slot.COUNT and counted and not _counts(counted, best.unit.text):
            continue  # "Wie viele Bewerbungen?" is not answered by "höchstens drei Seiten"
        if ask.slot == Slot.PRIZE and winner and not WINNER.search(best.unit.text):
            continue  # "Wer hat gewonnen?" is not answered by the prize money or the jury
        if ask.slot == Slot.PRIZE and amount and not _AMOUNT.search(best.unit.text):
            continue  # "Wie viel Preisgeld?" is not answered by who won or who sat on the jury
        if ask.slot == Slot.PRIZE and ranks and not ranks & prize_ranks(best.unit.text):
            continue  # "… für den 3. Platz?" is not answered by "Fahrtkosten bis 30 Euro"
        if _ASKS_PLATFORM.search(question) and not PLATFORM.search(best.unit.text):
            continue  # "Über welche Plattform?" is answered by "über Webex", not "online"
        found = matcher(f"{best.context} {best.unit.text}")
        if not all(found.has(w) for w in required):
            continue  # the question names another event: only a sentence naming it answers
        things = [w for w in specific if _PRICED_THING.search(w)]
        if ask.slot == Slot.FEE and things and not any(
            found.has(w) or (_MEAL.search(w) and _MEAL.search(fold(best.unit.text)))
            for w in things
        ) and not other_language(question, best.unit.text):
            continue  # "Was kostet ein Ausstellerstand?" is not answered by the tickets' prices
        if row_of_another_act(question, best.unit.text):
            continue  # "10:00 Uhr Begrüßung · X" is not the row of the "Impulsvortrag"
        if roles and not all(names_role(w, best.unit.text) for w in roles):
            continue  # "Wer hat eröffnet?" is not answered by a sentence naming no opening
        if (
            specific
            and best.sim < 0.45
            and best.score < 1.1
            and not (best.cue and other_language(question, best.unit.text))  # no word shared
            and not any(found.has(w) or (ROLE_WORDS.match(w) and names_role(w, best.unit.text))
                        for w in specific)  # "Durch den Tag führt X" names the moderation
        ):
            continue  # the question asks about something this sentence does not mention
        if (
            ask.slot not in TYPED
            and best.sim < MIN_MEANING
            and best.terms < 0.5
            and not (ask.slot in _CUE_ENOUGH and best.cue and _strong_cue(ask.slot, best))
        ):
            continue
        return named_subject(best)
    return None


_PRONOUN = re.compile(r"\b(er|sie|seine[mnrs]?|ihre[mnrs]?|he|she|his|her)\b")


def _with_antecedent(best: Scored, ranked: Sequence[Scored]) -> Scored | None:
    """A sentence that names its person by a pronoun ("Wie … zusammenpassen, erklärt er in
    seiner Keynote.") joined with the sentence before it that names them."""
    if not _PRONOUN.search(best.unit.text):
        return None
    before = next((s for s in ranked if s.unit.index == best.unit.index
                   and s.unit.order == best.unit.order - 1), None)  # fmt: skip
    if before is None or not find_people(before.unit.text):
        return None
    unit = dataclasses.replace(best.unit, text=f"{before.unit.text} {best.unit.text}",
                               order=before.unit.order)  # fmt: skip
    return dataclasses.replace(best, unit=unit)


_FIRST_PLACE = re.compile(r"\bplatz 1\b|\b1\. (platz|preis)|\berste[rn]? (platz|preis)|hauptpreis"
                          r"|\bgewinner|\bsieger|\bfirst (place|prize)", re.IGNORECASE)


#: "Von welcher Hochschule ist sie?", "Welche Kommunen stellen Daten bereit?": a question for
#: an institution or for places by name; a sentence that names none does not answer it.
_WHICH_INSTITUTION = re.compile(r"\b(welche[nmrs]?|which)\s+(hochschule|fachhochschule|uni"
                                r"|universitat|university|institut\w*)\b")
_INSTITUTION = re.compile(r"hochschule|universität|\buni\b|university|institut|akademie"
                          r"|college|\bTU\b|\bFH\b", re.IGNORECASE)
_WHICH_PLACES = re.compile(r"\b(welche[nmrs]?|which)\s+(\w+\s+)?(kommunen|stadte|gemeinden"
                           r"|landkreise|kreise|orte|municipalities|cities|towns|districts)\b")
_NAMED_PLACE = re.compile(r"\b(Landkreis|Kreis|Stadt|Gemeinde|Städte|Gemeinden|Landkreise"
                          r"|Kreise)\s+(?!(?:und|oder|der|die|des|aus|in|im|mit)\b)[A-ZÄÖÜ]\w+")


def other_language(question: str, text: str) -> bool:
    """A German question over an English page: no word of it can be found there. (An English
    question's words are looked for in German sentences all the time: its names are the same.)"""
    return bool(question) and detect_language(text) == "en" != detect_language(question)


def gives_asked_kind(question: str, answer: str, single: bool = True) -> bool:
    """Whether an answer names what a "welche Hochschule / welche Kommunen" question asks for;
    a question asking only "wie viele …?" (`single`) is answered with a number."""
    asked = fold(question)
    if _WHICH_INSTITUTION.search(asked) and not _INSTITUTION.search(answer):
        return False
    if _ASKS_AGE.search(asked) and not _AN_AGE.search(answer):
        return False  # "Ab welchem Alter …?" ← "im Alten Kornhaus" names no age
    if single and _HOW_MANY.search(asked) and not _A_NUMBER.search(_undated(answer)):
        return False  # "Wie viele Anmeldungen gibt es schon?" ← "Die Anmeldung erfolgt … bis 8.1."
    if _only_counted(asked, answer):
        return False  # "Welche Workshops …?" ← "am Nachmittag sechs Workshops" names none
    month = read_ask(question).month
    if month and (dates := find_dates(answer)) and all(
        month not in (d.first.month, d.last.month) for d in dates
    ):
        return False  # "An welchem Tag im Mai …?" ← "Am Samstag, 12. Dezember 2026, öffnet …"
    return not _WHICH_PLACES.search(asked) or bool(_NAMED_PLACE.search(answer)
                                                   or find_places(answer))


_WHICH_NOUN = re.compile(r"\b(?:welche|which)\s+(?:(?:\d+|zwei|drei|vier|funf|sechs|two|three"
                         r"|four|five|six)\s+)?([a-z]{5,})")
_QUANTIFIER = re.compile(r"\b(?:\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"
                         r"|mehrere[nm]?|einige[nm]?|verschiedene[nm]?|zahlreiche[nm]?|several"
                         r"|various|two|three|four|five|six)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _only_counted(asked: str, answer: str) -> bool:
    """A "welche X?" question answered by a sentence that only counts the X ("sechs Workshops",
    "von mehreren Linien") and names none of them: no list or quoted name after the count."""
    match = _WHICH_NOUN.search(asked)
    if match is None:
        return False
    noun = re.sub(r"(en|n|e|s)$", "", match.group(1))
    folded = answer.lower().translate(_PLAIN)  # as long as the answer: its spots index both
    heads = [re.escape(noun[i:]) for i in range(1, len(noun) - 3)]  # "Linien" of "Buslinien"
    pattern = "|".join([re.escape(noun[:5]), *(rf"\b{h}" for h in heads)])
    spots = {m.start() for m in re.finditer(pattern, folded)}
    return bool(spots) and all(
        _QUANTIFIER.search(answer[max(0, at - 30) : at].rsplit(" ", 1)[0] + " ")
        and not _NAMES_THEM.match(answer[at : at + 120])
        for at in spots
    )


_PLAIN = str.maketrans("äöüß", "aous")
#: What follows a count that names the items: "Workshops: A, B", "Linien (1, 6)", "„X“".
_NAMES_THEM = re.compile(r"[\w-]*\s*(?:[:(]|[^.;]*„|[^.;]*,[^.;]*,)")


_HOW_MANY = re.compile(r"\b(wie ?viele|how many)\b")
_ASKS_AGE = re.compile(r"\b(welche[mn]? alter|wie alt|what age|how old|altersgrenze"
                       r"|mindestalter)\b")
_AN_AGE = re.compile(r"\bjahr|\bjährig|\baltersgrenze|\bmindestalter|\bjede[sn]? alter|\bages?\b"
                     r"|\byears?\b|\d+\s*\+", re.IGNORECASE)
_A_NUMBER = re.compile(r"\d|\b(ein|eine|einen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn"
                       r"|elf|zwölf|zwanzig|dreißig|hundert|tausend|dutzend|keine?|one|two|three"
                       r"|four|five|six|seven|eight|nine|ten|no)\b", re.IGNORECASE)


def _undated(answer: str) -> str:
    """The answer without its citation marks, dates, years and clock times: what counts."""
    text = re.sub(r"\[\d+\]", "", answer)
    for m in reversed(find_dates(text, default_year=2000)):
        text = text[: m.start] + text[m.end :]
    return re.sub(r"\b\d{1,2}[:.]\d{2}\b|\b(19|20)\d\d\b", "", text)


def _at_time(value: str, text: str) -> bool:
    """Whether `text` names the clock time `value` ("12:00"): "12:00", "12.00", "12 Uhr"."""
    hour, minute = value.split(":")
    hours = rf"(?<![\d.:])0?{int(hour)}"
    whole = rf"|{hours}\s*uhr" if minute == "00" else ""
    return bool(re.search(rf"{hours}[:.]{minute}(?!\d){whole}", text, re.IGNORECASE))


#: Signing up for the event, asked ("bis wann anmelden?") and answered ("meldet euch … an",
#: or a ticket's, a booking's, an early-bird rate's deadline).
_SIGN_UP = r"anmeld|\bmelde|registr|register|sign(ing)? up|enrol|einschreib"
_ASKS_SIGN_UP = re.compile(_SIGN_UP)
_SIGNS_UP = re.compile(_SIGN_UP + r"|ticket|buchung|buchbar|teilnahme|ruckmeld|zusage|fruhbucher")
#: Where a slot's cue is broad ("Teilnahme" for registration), the words that suffice alone.
_STRONG_CUES = {Slot.REGISTRATION: re.compile(r"anmeld|registr|buchen|buchbar|ticket", re.I)}


def _strong_cue(slot: Slot, best: Scored) -> bool:
    pattern = _STRONG_CUES.get(slot)
    return pattern is None or bool(pattern.search(best.unit.text))


def _states_status(ask: Ask, best: Scored, question: str) -> bool:
    """A cancellation or postponement, or its reason, is said in words no question shares
    ("Warum wurde … abgesagt?" ← "Ausschlaggebend für die Absage sind zwei Gründe"): the cue
    of the event's status is enough, in a sentence about the subject's own release."""
    if best.score < 0.3 or not best.cue:
        return False
    status = CUES[Slot.STATUS]
    if ask.slot == Slot.STATUS:
        return True
    if ask.slot == Slot.REASON and _GIVES_REASON.search(best.unit.text):
        return True  # "Grund ist ein Wasserschaden …" answers "Und warum?" in any words
    return ask.slot == Slot.REASON and bool(status.search(best.unit.text)) and (
        bool(status.search(question)) or bool(re.search(r"ausgefallen|cancel|postpon", question))
    )


_GIVES_REASON = re.compile(
    r"^\W*(der )?(grund|hintergrund|ursache|anlass) (ist|war|sind|waren|dafür)\b"
    r"|\b(ausschlaggebend|grund dafür|aus gründen|zurückzuführen auf)\b", re.IGNORECASE)


def specific_words(request: GenerationRequest, weights: dict[str, float]) -> list[str]:
    """Words the answering sentence must contain (one of them): the question's own topic
    words the corpus knows (an English question's words are left out: German sentences
    cannot contain them), and words naming a role act ("eröffnet", "Keynote")."""
    knowledge = request.knowledge
    english = request.info.language == "en"
    asker = set(AS_ASKER.findall(fold(request.question)))  # "als verwaltungsmitarbeiterin":
    out = []  # the price group "Verwaltungsbeschäftigte" need not be spelt the asker's way
    for word, weight in weights.items():
        if word in asker:
            continue
        known = knowledge is None or knowledge.resolve_word(word) is not None
        if (ROLE_WORDS.match(word) and known) or (
            weight >= 0.5 and not is_frame(word) and (known or not english)
        ):
            out.append(word)
    return out

"""What a question asks for: its *slot* (event date, start time, fee, organiser, …), whether it
is a yes/no question, and the qualifiers that change which fact answers it.

Visitors ask the same thing in many ways ("Was kostet …", "Muss ich was bezahlen", "is it
free?"), press releases state it in many ways ("Teilnahmegebühr", "Eintritt frei"); the slot
is the meeting point: answer rules are written per slot, never per phrasing of one release.
The rules read the *folded* question (lower case, umlauts folded: "gebühr" → "gebuhr"), so
typed umlauts, ae/oe/ue and missing capitals all look the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from assistant.text.analysis import fold, folded_pattern
from assistant.text.dates import MONTHS_READ
from assistant.text.sentences import split_sentences


class Slot(StrEnum):
    DATE = "date"
    START = "start"
    END = "end"
    DURATION = "duration"
    PUBLISHED = "published"
    DEADLINE = "deadline"
    REGISTRATION = "registration"
    PLACE = "place"
    VENUE = "venue"
    ORGANISER = "organiser"
    PARTNER = "partner"
    SPONSOR = "sponsor"
    PATRON = "patron"
    MODERATOR = "moderator"
    SPEAKER = "speaker"
    PERSON = "person"
    PARTICIPANTS = "participants"
    CAPACITY = "capacity"
    COUNT = "count"
    FEE = "fee"
    FORMAT = "format"
    MOTTO = "motto"
    TOPIC = "topic"
    STATUS = "status"
    REASON = "reason"
    PRIZE = "prize"
    EDITION = "edition"
    CONTACT = "contact"
    TITLE = "title"
    WHAT = "what"


#: Strong cues, checked first: each names its slot whatever the question word ("Bis wann muss
#: ich mich anmelden" asks for a deadline, not an end; "Wer moderiert" for a moderator).
# fmt: off
_STRONG: tuple[tuple[Slot, str], ...] = (
    (Slot.REGISTRATION, r"\b(wo|wie|where|how)\b.{0,30}\b(anmeld|registr|register\b|sign up"
                        r"|tickets?|(meld|melde|meldet|melden) (ich|man|wir) (mich|sich|uns) an)"),
    (Slot.START, r"\b(ab|seit) wann .*(anmeld|registr)"),  # when registration opens
    (Slot.WHAT, r"\bmitbringen\b|\bmitnehmen\b|\bwo (finde|bekomme)\b"
                r"|\bwo arbeite|\bwhere does \w+ work\b|\bwhere (is|was) \w+ (employed|working)\b"
                r"|\bwo kann ich\b.*\b(herunterlad|nachles|abruf)"
                r"|where (can|do) i (find|get|download)\b(?!.*\bregist)"),
    (Slot.PUBLISHED, r"veroffentlich|erschien|published|datiert|date of the (press )?release"
                     r"|\b(he)?rausgegeben|\b(pm|pressemitteilung|meldung)\b.*\b(raus|verschickt)"),
    (Slot.TITLE, r"\b(titel|uberschrift|schlagzeile|headline|title)\b"),
    (Slot.DEADLINE, r"anmeldeschluss|anmeldefrist|einsendeschluss|bewerbungsfrist|\bfrist\b"
                    r"|deadline|bis wann .*(anmeld|registr|bewerb|einreich|buch|abmeld|storn|reserv"
                    r"|gilt)|(anmeld|registr|bewerb|einreich)\w* .*bis wann|(register|apply|submit)"
                    r"\w* by when|until when .*(register|apply|valid|appl)|last day to"
                    r"|bis wann .*\bmeld\w* .*\ban\b"),
    (Slot.EDITION, r"wievielt|wie vielt|zum wie ?vielten"),
    (Slot.PRIZE, r"preisgeld|dotiert|\bjury\b|prize money|preistrager|gewinner|gewonnen"
                 r"|\bplatz (\d|eins|zwei|drei)\b|\b\d\. (platz|preis)"
                 r"|\b(erste|zweite|dritte)n? (platz|preis)"
                 r"|ausgezeichnet|pramiert|sonderpreis"),
    (Slot.ORGANISER, r"\b(schreibt|schrieb)\b.*\baus\b|ausgeschrieben|\blob\w* .*\baus\b|ausgelobt"
                     r"|\b(wer|who) (vergibt|vergab|verleiht|verlieh|awards)\b"),
    (Slot.CAPACITY, r"wie viele (platze|personen passen|leute passen)|\bplatze\b|kapazitat"
                    r"|how many (seats|places)|capacity|\bpassen\b|accommodate"),
    (Slot.FEE, r"\bwas kost|\b(ge)?kostet\b|kostenlos|kostenfrei|\bkosten\b|gebuhr"
               r"|(wie hoch|was) (ist|sind|war|waren) (der|die) preise?\b"
               r"|(tag|ticket|eintritt|teilnahme)\w*preis"
               r"|eintritt|bezahl|\bzahl(en|t|e|te|ten)\b|fruhbucher|ticket|teilnahmebeitrag|\bgratis"
               r"|umsonst|\bcosts?\b|\bfees?\b|\bfree\b|\bprice|\bpay\b|rabatt|ermassig|discount"
               r"|early.bird"),
    (Slot.MODERATOR, r"moderi|moderat|moderation|fuhrt durch|durchs (plenum|programm)"
                     r"|durch (das programm|den tag|die veranstaltung|das plenum)"),
    (Slot.PATRON, r"schirmher|patron"),
    (Slot.SPONSOR, r"sponsor|medienpartner|media partner|forderer|gefordert von|unterstutz"),
    (Slot.PARTNER, r"mitveranstalt|kooperation|\bpartner|gemeinsam mit wem|mit wem|co-organi"
                   r"|zusammen mit wem|begleitprogramm"),
    (Slot.ORGANISER, r"veranstalter|veranstaltet|veranstalten\b|ausgerichtet|ausricht"
                     r"|richte\w* .*aus"
                     r"\b|\borganis|\borganiz|\blad\w* .*\bein\b|\blud\b|eingeladen|einladung"
                     r"|gastgeber|bietet .*\ban\b|anbieter|angeboten|\bhost|steck\w* (\w+ )?hinter"
                     r"|\bvon wem\b|who (runs|puts on|is behind)|\btrager\b"),
    (Slot.REASON, r"\bwarum\b|\bweshalb\b|\bwieso\b|\bgrund\b|grunde|\bwhy\b|\breason"),
    (Slot.START, r"um wie ?viel uhr|uhrzeit|wann (beginnt|startet|geht .*\blos|fangt|ist einlass"
                 r"|einlass)|\bbeginn\b|\bbeginnt\b|ab wann|what time"
                 r"|when does .* (start|begin|open)"
                 r"|start(s|ing)? time|\beinlass\b|\bstartet\b"),
    (Slot.END, r"bis wann (geht|lauft|dauert|ist)|wann (endet|ist .* (zu )?ende|ist schluss|hort)"
               r"|\bende\b|\bendet\b|when does .* (end|finish|close)|until when|how late"),
    (Slot.DURATION, r"wie lange|wie viele tage|wieviele tage|how long|how many days|mehrtagig"),
    (Slot.EDITION, r"wievielt|wie vielt|zum wie ?vielten|\bauflage\b|which edition|how many times"
                   r"|das (erste|zweite|dritte) mal|zum (ersten|zweiten|dritten) mal"),
    (Slot.PARTICIPANTS, r"(wie ?viele?|anzahl|zahl der) (\w+ )?(teilnehm|gast|gaste|leute|personen"
                        r"|besucher|menschen|fuhrungskraft|interessierte|mitarbeit|beschaft)"
                        r"|how many (\w+ )?(participants|people|guests|attendees|visitors)"
                        r"|teilnehmerzahl|wie viele (waren|kamen|kommen)|mehr teilnehm"
                        r"|most participants|more participants|\battended\b"),
    (Slot.MOTTO, r"\bmotto|leitmotiv|leitthema|slogan|\btheme\b"),
    (Slot.CONTACT, r"kontakt|ansprechpartner|an wen .* wenden|contact|presse(kontakt|stelle)"),
    (Slot.VENUE, r"wo genau|welche[nms]? (\w*gebaude|\w*halle|\w*saal|\w*raum|\w*raumen|hotel"
                 r"|\w*zentrum|\w*haus|ort genau|location)|adresse|anschrift|tagungsort"
                 r"|veranstaltungsort|location|venue|where exactly|which (building|hall|venue)"
                 r"|address|in welche[rm] (\w*gebaude|\w*halle|\w*saal|hotel|\w*raum|\w*zentrum)"),
)
#: The question word's default when no strong cue names the slot.
_QUESTION_WORDS: tuple[tuple[Slot, str], ...] = (
    (Slot.COUNT, r"\bwie ?viele?\b|\bwieviel\b|\banzahl\b|\bhow (many|much)\b"),
    (Slot.DATE, r"\bwann\b|\bdatum\b|\btermin\b|an welche[mn] tag|welche[nm]? tag|\bwhen\b"
                r"|\bwhat date\b|\bwhich day|\bdate\b|zeitraum"),
    (Slot.PLACE, r"\bwo\b|\bwohin\b|in welche[rm]? (stadt|ort|gemeinde)|welche[rnm]? (stadt|ort)"
                 r"|\bwhere\b|which city|what city|in which town"),
    (Slot.PERSON, r"^(und |and )?(wer|who) (ist|war|is|was) (?!(der|die|das|ein|eine|the|a|an)\b)"),
    (Slot.SPEAKER, r"referent|redner|sprecher|speaker|vortrag|vortrage|keynote|impuls|\brede\b"
                   r"|spricht|sprach|sprechen|gesproch|geredet|eroffn|begruss|grusswort|podium|\bspeak"
                   r"|\bspoke\b"
                   r"|diskut|panel|\btalk|present(s|ed)?\b|\bopens?\b(?! (data|source|government))"
                   r"|tritt .*\bauf|trat .*\bauf"  # "open data" is a topic, no opening
                   r"|auftreten|auftritt|berichtet|berichten|wer ist dabei|wer kommt|\bsaid\b"
                   r"|\bsagte\b|zugesagt|\bzitat"),
)
#: Topic cues for questions without a question word ("kann man online teilnehmen?").
_TOPICS: tuple[tuple[Slot, str], ...] = (
    (Slot.STATUS, r"abgesagt|absage|verschoben|verlegt|ausgefallen|fallt aus|findet .* noch statt"
                  r"|was ist .* los|cancel|postpon|still (on|happening)|neuer termin|\bersatz"),
    (Slot.FORMAT, r"\bonline\b|livestream|\bstream|hybrid|vor ort|prasenz|digital teilnehm"
                  r"|virtuell|plattform|platform|\bzoom\b|\bwebex\b|\bteams\b|bigbluebutton"
                  r"|aufzeichnung|aufgezeichnet|recorded|recording|in person|\bformat\b|remote"
                  r"|\bsoftware\b|\bvideo"),
    (Slot.REGISTRATION, r"anmeld|registrier|\bregistr|\bregister\b|\bbuchen\b|buchbar|sign up"
                        r"|\benrol|\bmeld\w* (\w+ )?(sich|mich|uns)\b.*\ban\b"
                        r"|teilnehmen kann|how (can|do) i (join|take part)"),
    (Slot.TOPIC, r"\bthema\b|themen|worum|inhalt|schwerpunkt|programm|geht es um|\babout\b"
                 r"|topic|agenda|workshop|\bforum\b|foren|werkstatt|werkstatten|session|studie"),
    (Slot.DATE, r"\bwann\b|\bwhen\b"),
)
# fmt: on


_COMPILED = tuple((s, folded_pattern(p)) for s, p in _STRONG)
_COMPILED_Q = tuple((s, folded_pattern(p)) for s, p in _QUESTION_WORDS)
_COMPILED_T = tuple((s, folded_pattern(p)) for s, p in _TOPICS)
_CLAUSES = folded_pattern(
    r",? \b(?:und|and|sowie)\b (?=(?:wann|wo|wer|wie|was|welche\w*|bis|ab|um|when"
    r"|where|who|how|what|which)\b)|, (?=(?:wann|wo|wie|bis|ab|um)\b)"
)
#: The question words opening a clause ("bis wann", "where"), which a bare one replaces.
_LEADING_QUESTION = folded_pattern(
    r"^((bis|ab|seit|um) )?(wann|wo|wie|wer|was|when|where|who|how|what)\b ?"
)

#: Finite verbs that open a German or English yes/no question ("Gibt es …", "Is it …").
_YES_NO = folded_pattern(
    r"^(ist|sind|gibt|gab|gabs|findet|fand|finden|kann|konnen|muss|mussen|kostet|kosten|bekomme"
    r"|bekommt|bekommen|hat|hatte|haben|war|waren|wird|werden|soll|sollte|darf|durfen"
    r"|organisiert|spricht|sprach|lauft|lief|brauche|braucht|brauch|geht|gehen|tritt|trat|bietet"
    r"|wurde|wurden|do|does|did|is|are|was|were|will|can|could|has|have|had|should|must|stimmt"
    r"|richtet|veranstaltet|moderiert|halt|leitet|liegt|lag|erhalten|erhalt|bleibt|zahlt"
    r"|zahle|zahlen|gehort|gehoren|gehorte|gehorten|zahlt|belongs|belong)\b"
)
_EXPECTED = folded_pattern(
    r"erwart|rechnet|geplant|plan|angemeldet|expect|anticipat|soll(en)? .* kommen"
)
#: "eigentlich" mostly is a particle ("wann ist der Fachtag jetzt eigentlich?"), a plan only
#: beside one ("war eigentlich für März vorgesehen").
_PLANNED = folded_pattern(r"ursprunglich|zunachst|hatte .* sollen|sollte|originally|planned"
                          r"|eigentlich\b.*\b(geplant|vorgesehen|angesetzt|terminiert)\b"
                          r"|\b(geplant|vorgesehen|angesetzt|terminiert)\b.*\beigentlich")
_ACTUAL = folded_pattern(
    r"\b(kamen|waren|nahmen|hatte|hatten|gekommen|teilgenommen|mitgemacht|tatsachlich|attended|came"
    r"|were there|actually)\b"
)


@dataclass(frozen=True)
class Ask:
    """The slot a question asks for, read from its wording alone (no corpus knowledge)."""

    slot: Slot
    yes_no: bool = False
    expected: bool = False  # "erwartet", "expected": a forecast count, not the report's
    actual: bool = False  # "kamen", "attended": the count after the event
    planned: bool = False  # "ursprünglich", "sollte": the date it was planned for
    slots: tuple[Slot, ...] = ()  # every slot asked ("Wann und wo …?"), the first is `slot`
    cued: bool = True  # False: no word of the question names a slot (an elliptical follow-up)
    month: int | None = None  # "an welchem tag im mai": a date in another month is no answer


_MONTHS = ["|".join(sorted({w for i, m in MONTHS_READ if i == month
                            for w in (fold(m), fold(m)[:3])}, key=len, reverse=True))
           for month in range(1, 13)]  # "marz|march|mar", "januar|january|janner|jan"
_IN_MONTH = re.compile(r"\b(?:im|in|ende|anfang|mitte|during|early|late)\s+(?:"
                       + "|".join(f"(?P<m{i}>{names})" for i, names in enumerate(_MONTHS, 1))
                       + r")\b(?!\.?\s*\d{4})")  # "im märz 2025" dates an edition instead


def _month_of(text: str) -> int | None:
    found = _IN_MONTH.search(text)
    return next((int(k[1:]) for k, v in found.groupdict().items() if v), None) if found else None


def _slot_of(clause: str) -> tuple[Slot, bool]:
    for table in (_COMPILED, _COMPILED_Q, _COMPILED_T):
        for slot, pattern in table:
            if pattern.search(clause):
                return slot, True
    return Slot.WHAT, bool(re.search(r"\b(was|what|welche\w*|which)\b", clause))


def _asking_part(question: str) -> str:
    """ "Ich überlege, … teilzunehmen. Kann ich auch online dabei sein?": the sentence that
    asks; what comes before it is context (the subject is read from the whole)."""
    parts = list(split_sentences(question.strip())) if ". " in question or "! " in question else []
    asking = [p for p in parts if p.rstrip().endswith("?")]
    return asking[-1] if len(parts) > 1 and asking else question


def read_ask(question: str) -> Ask:
    """The slot(s) and qualifiers of one (standalone or follow-up) question."""
    text = " ".join(fold(_asking_part(question)).replace("?", " ").split())
    found: list[Slot] = []
    cued = False
    clauses = _CLAUSES.split(text)
    for i, clause in enumerate(clauses):
        if len(clause.split()) == 1 and i + 1 < len(clauses):  # "Wie und bis wann meldet …"
            clause += " " + _LEADING_QUESTION.sub("", clauses[i + 1])
        slot, has_cue = _slot_of(clause)
        if found and not cued and has_cue:
            found.clear()  # "nordforum in kiel, wann genau?": the first part only names it
        cued = cued or has_cue
        if slot not in found and (has_cue or not found):
            found.append(slot)
    if re.search(r"\b(wann|when)\b", text) and re.search(r"\b(wo|where)\b", text):
        found += [s for s in (Slot.DATE, Slot.PLACE) if s not in found]
    if Slot.PUBLISHED in found and Slot.DATE in found:
        found.remove(Slot.DATE)  # "wer hat die PM rausgegeben und wann?": the release's date
    words = text.lstrip("„\"' ").split()
    opening = words[0] if words else ""
    if opening in {"und", "and", "also", "aber", "but"} and len(words) > 1:
        opening = words[1]
    yes_no = bool(_YES_NO.match(opening)) and not re.match(
        r"^(und |and )?(\w+ )?(wer|wann|wo|was|wie|welche\w*|who|when|where|what|which|how)\b",
        text,
    )
    if AGAIN_THERE.search(text):  # "wieder in hameln?": is it held there again
        yes_no, found = True, [Slot.PLACE, *(s for s in found if s != Slot.PLACE)]
    return Ask(
        slot=found[0],
        yes_no=yes_no,
        expected=bool(_EXPECTED.search(text)),
        actual=bool(_ACTUAL.search(text)),
        planned=bool(_PLANNED.search(text)),
        slots=tuple(found),
        cued=cued or yes_no,
        month=_month_of(text) if Slot.DATE in found else None,
    )


#: A follow-up that opens with its own question word is no re-asked earlier question.
_OWN_QUESTION_WORD = re.compile(r"^\W*(und\s+)?(wie|was|warum|weshalb|wieso|how|what|why)\b"
                                r"(?!.*\b(mit|about|aus)\b)")  # "was ist mit 2023?" re-asks


_BARE_UNTIL = re.compile(r"^\W*(und |and )?(bis wann|until when)\W*$")


def elliptical_ask(question: str, resolved: str, earlier: Sequence[str]) -> tuple[str, Ask]:
    """The question to answer and its slot, for a follow-up that names no slot.

    "Und 2023?" or "und den kongress in lübeck?" after "Wer hat … moderiert?" asks the
    earlier question again about another subject: its slot is the earlier one. The
    re-asked question (`resolved`, the earlier wording with the new year) is answered when
    the follow-up resolution produced one; otherwise the follow-up's own words with the
    slot of the latest earlier question that named one.
    """
    ask = read_ask(question)
    if earlier and _BARE_UNTIL.match(fold(question)) and read_ask(earlier[-1]).slot in (
            Slot.REGISTRATION, Slot.DEADLINE):  # "wo meld ich mich an?" – "und bis wann?"
        return question, replace(ask, slot=Slot.DEADLINE, slots=(Slot.DEADLINE,))
    if ask.cued or not earlier or _OWN_QUESTION_WORD.match(fold(question)):
        return question, ask  # "wie war das wetter da?" asks its own question, not "gab es …?"
    again = read_ask(resolved)
    if resolved != question and again.cued:
        return resolved, again
    for before in reversed(earlier):
        inherited = read_ask(before)
        if inherited.cued:
            return question, inherited
    return question, ask


#: The asker's role ("was zahlt man als verwaltungsmitarbeiterin?", "as a member"): it names
#: the price group asked about, never an event the sources lack.
AS_ASKER = re.compile(r"\b(?:als|as an?|as)\s+(?:(?:ein|eine|einer|normale[rs]?|private[rs]?)\s+)?"
                      r"(\w+)")
#: "wieder in hameln?", "again in Kiel?": the conversation's event, asked whether it is there
#: again; the place is the asked value, not a new subject.
AGAIN_THERE = re.compile(r"^\W*(und\s+)?(wieder|erneut|again|auch|diesmal)\s+(in|im|nach|at)\b")

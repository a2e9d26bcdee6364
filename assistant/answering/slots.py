"""Per slot: which words in a release sentence signal an answer (the cue) and which kind of
value the answer must contain (a date, a time, a number, a name …).

A sentence is a candidate answer for a slot only if it contains the slot's kind of value: a
"wann" answer without a date, a "wer" answer without a name, a "wie viele" answer without a
number is no answer, however similar its words are to the question. Cues are press-release
German and English, never words of particular releases.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.text.analysis import fold
from assistant.text.dates import BEFORE_A_YEAR, YEAR, find_dates
from assistant.text.facts import find_places
from assistant.text.intents import Slot
from assistant.text.names import find_people
from assistant.text.roles import CALLED_OFF, NOT_A_FEE, NOT_COUNTING, count_role, date_role
from assistant.text.times import find_times

_I = re.IGNORECASE
# fmt: off
#: A person on the programme (a talk, a panel, a welcome), not only quoted ("…“, so X").
_ON_STAGE = (r"keynote|vortrag|vorträge|referent|redner|spricht|sprach|eröffn"
             r"|impuls|grußwort|begrüß|podium|diskutier|berichte|präsentier"
             r"|stellt\b.*\bvor|stellte\b.*\bvor|vorgestellt|hält|hielt|zugesagt"
             r"|zu gast|gibt einblick|spricht|referiert|erläutert")
ON_STAGE = re.compile(_ON_STAGE, re.IGNORECASE)
CUES: dict[Slot, re.Pattern[str]] = {
    Slot.DATE: re.compile(r"^\W*(wann|zeit|datum|termin)\s*:|"  # "• Wann: Mi, 17.6."
                          r"\b(findet|fand|finden|fanden|stattfinden|stattfand|statt|termin|datum"
                          r"|beginnt|tagt|tagte|lädt|lud|laden|treffen sich|trafen sich|kamen)\b"
                          r"|\b(am|vom)\s+(\w+,\s+)?\d", _I),
    Slot.START: re.compile(r"\b(beginn\w*|start\w*|einlass|los|eröffn\w*|ab)\b|uhr", _I),
    Slot.END: re.compile(r"\b(ende|endet|enden|schluss|bis|gegen|ausklang)\b", _I),
    Slot.DURATION: re.compile(r"tägig|tage|zwei tage|drei tage|stunden|\bbis\b|–", _I),
    Slot.DEADLINE: re.compile(r"anmeld|registr|frist|\bbis (zum|spätestens)|spätestens|einsende"
                              r"|bewerb|einreich|frühbucher|gilt bis|storn|abmeld|rückmeld"
                              r"|zusage|u\.\s?a\.\s?w\.|rsvp", _I),
    Slot.REGISTRATION: re.compile(r"anmeld|registr|buchen|buchbar|teilnahme|tickets?\b|plätze"
                                  r"|formular|www\.|https?://|@", _I),
    Slot.PLACE: re.compile(r"\b(in|im|nach|ort|tagungsort|veranstaltungsort|austragungsort"
                           r"|findet|fand|statt|treffen)\b", _I),
    Slot.VENUE: re.compile(r"\b(im|in der|in den|auf dem|an der|ort|tagungsort|veranstaltungsort"
                           r"|adresse|anschrift)\b|straße|str\.|platz\b|saal|halle|zentrum|haus"
                           r"|hotel|forum|campus|hörsaal|gebäude|speicher|\b\d{5}\b|aula|schule"
                           r"|\w(weg|gasse|allee|ring|damm|ufer)\s+\d", _I),
    Slot.ORGANISER: re.compile(r"\b(seine|ihre)\s+(\w+\s+)?\w*(reihe|veranstaltung|tagung|konferenz"
                               r"|kongress|fachtag|tag|forum|abend|workshop)\b"
                               r"|veranstalter|veranstaltet|ausgerichtet|ausrichter|richtet\b.*\baus"
                               r"|lädt|lud|laden|organisiert|organisator|gastgeber|träger|bietet"
                               r"|angeboten|einladung|in kooperation|gemeinsam mit|initiiert"
                               r"|schreibt\b.*\baus\b|ausgeschrieben|ausgelobt|\blobt\b.*\baus\b"
                               r"|vergibt|verleiht|\borgani[sz](e|es|ed|er|ers|ing)\b"
                               r"|\bhost(s|ed)?\b|\binvite[sd]?\b", _I),
    Slot.PARTNER: re.compile(r"mitveranstalt|kooperation|partner|gemeinsam mit|zusammen mit"
                             r"|gestaltet|unterstützt|beteiligt", _I),
    Slot.SPONSOR: re.compile(r"sponsor|medienpartner|gefördert|unterstützt|förderer|förder", _I),
    Slot.PATRON: re.compile(r"schirmherr|schirmfrau", _I),
    Slot.MODERATOR: re.compile(r"moderi|moderation|moderator|führt\b.*\bdurch"
                               r"|durch (das|den|die) (programm|tag|plenum|abend|veranstaltung)"
                               r"|durchs (programm|plenum)", _I),
    Slot.SPEAKER: re.compile(_ON_STAGE + r"|so\s+\w+\s*$|„|\bsagt\b|\bsagte\b", _I),
    Slot.PERSON: re.compile(r".", _I),
    Slot.PARTICIPANTS: re.compile(r"teilnehm|gäste|gast|besucher|personen|menschen|leute|kamen"
                                  r"|erwartet|anmeldungen|führungskräfte|fachleute|beschäftigte"
                                  r"|vertreter|interessierte|mitarbeitende|zuschauer|zuhörer"
                                  r"|zugeschaltet", _I),
    Slot.CAPACITY: re.compile(r"plätze|platz für|kapazität|maximal|max\.|begrenzt|passen"
                              r"|bis zu", _I),
    Slot.COUNT: re.compile(r"\d|\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"
                           r"|zwanzig|dutzend|hundert)\b", _I),
    Slot.FEE: re.compile(r"euro|€|\beur\b|kosten|kostet|gebühr|preis|ticket|eintritt|kostenfrei"
                         r"|kostenlos|gebührenfrei|\bfrei\b|beitrag|rabatt|ermäßig|entgelt"
                         r"|zahlen", _I),
    Slot.FORMAT: re.compile(r"online|livestream|stream|hybrid|vor ort|präsenz|zoom|webex|teams"
                            r"|bigbluebutton|plattform|aufzeichnung|aufgezeichnet|digital teilnehm"
                            r"|video|übertragen|übertragung|zugeschaltet|virtuell", _I),
    Slot.MOTTO: re.compile(r"motto|leitmotiv|leitthema|leitfrage|unter dem titel|steht unter"
                           r"|lautet|zum thema\s+[„“\"»]"  # "… zum Thema „Renaissancechance …“"
                           r"|\w\s[–—]\s*[„“\"»][^„“\"»]{8,}", _I),  # "Forum X – „Motto“"
    Slot.TOPIC: re.compile(r"thema|themen|schwerpunkt|im mittelpunkt|im fokus|geht es um|programm"
                           r"|workshop|forum|foren|werkstatt|werkstätten|diskutier|befass"
                           r"|beschäftig|widm|drehte sich|dreht sich|zeigt|stellt vor", _I),
    Slot.STATUS: re.compile(CALLED_OFF.pattern + r"|verschoben|verlegt|neuer termin|ersatz"
                            r"|nicht wie geplant|stattdessen", _I),
    Slot.REASON: re.compile(r"\b(weil|da\b|denn|grund|gründe|wegen|aufgrund|infolge|deshalb"
                            r"|daher|nachdem|schaden|mangel|fehlend|zu wenig|zu geringe?)", _I),
    Slot.PRIZE: re.compile(r"preisgeld|dotiert|euro|€|preis|jury|auszeichnung|prämiert|gewinn", _I),
    Slot.EDITION: re.compile(r"\b(zum|zur)\s+(\d{1,2}\.|\w+ten|ersten)\s+(mal|ausgabe)|\d{1,2}\.\s+"
                             r"(kongress|mal|ausgabe|auflage)|(erst|zweit|dritt|viert|fünft|sechst"
                             r"|siebt|acht|neunt|zehnt)\w*\s+(mal|ausgabe|auflage|runde)"
                             r"|premiere|geht in (die|seine|ihre)"
                             r"|\b(zum|zur|die|das|der|dem|den|beim)\s+(erst|zweit|dritt|viert|fünft"
                             r"|sechst|siebt|acht|neunt|zehnt)(e|en|es)\s+([\w@.-]+\s+){0,2}?[\w@.-]*"
                             r"(kongress|tagung|konferenz|forum|barcamp|treffen|tag|gipfel|messe"
                             r"|werkstatt|woche|abend)", _I),
    Slot.CONTACT: re.compile(r"kontakt|ansprechpartner|tel\.?|telefon|e-mail|@|presse", _I),
    Slot.TITLE: re.compile(r".", _I),
    Slot.WHAT: re.compile(r".", _I),
    Slot.PUBLISHED: re.compile(r".", _I),
}
# fmt: on
_NUMBER = re.compile(
    r"\b\d[\d.,]*\b|\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf"
    r"|zwölf|zwanzig|dreißig|hundert|dutzend|beiden)\b",
    _I,
)
_MONEY = re.compile(
    r"\d[\d.,]*\s*(euro|€|eur\b|chf\b)|(euro|€|eur|chf)\s*\d|kostenfrei|kostenlos|gebührenfrei"
    r"|free of charge"
    r"|eintritt (ist )?frei|\bfrei\b|ohne (kosten|gebühr)|unentgeltlich",
    _I,
)
#: A number counting people: "rund 40 Teilnehmende", "mehr als 310 Gäste", "120 Plätze".
_COUNTED_PEOPLE = re.compile(  # a count of people; not a price ("49 Euro für Beschäftigte")
    r"(?<![\d.])\d[\d.]*\s+(" + NOT_COUNTING + r"[^\W\d]+\s+){0,2}"
    r"(teilnehm|gäst|gast\b|besucher|personen|menschen|leute"
    r"|führungskr|fachleute|beschäftigte|vertreter|interessierte|mitarbeit|zuschauer|zuhörer"
    r"|plätze|platz"
    r"|anmeldungen|aussteller|expert|verantwortliche|kommunen|cdos?\b|bürger|teams"
    r"|[^\W\d]+(fachleute|beschäftigte|vertreter|expert|verantwortliche|führungskr))"
    r"|(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|zwanzig|dreißig|hundert)\w*\s+"
    r"(teilnehm|gäst|besucher|personen)",
    _I,
)
#: "pro Kunde können bis zu zwei Personen teilnehmen": a limit per unit, no attendance.
_PER_UNIT = re.compile(r"\b(pro|je)\s+(kunde|kommune|person|institution|behörde|organisation"
                       r"|verwaltung|einrichtung|team|haus|dienststelle|mitglied|gemeinde)\w*", _I)
#: What one signs up, books or applies for with: "ab wann anmelden?" asks when that opens.
REGISTERS = re.compile(r"anmeld|registr|ticket|buchen|buchung|buchbar|einreich|bewerb")
#: Money for a room near the venue: a fee only when the question asks about lodging.
LODGING = re.compile(r"pro nacht|übernachtung|zimmerkontingent|einzelzimmer|doppelzimmer"
                     r"|hotel", _I)


def asks_lodging(question: str) -> bool:
    """ "Gibt es ein Hotel in der Nähe, was kostet das?": a room's price is the answer."""
    return bool(re.search(r"hotel|übernacht|ubernacht|zimmer|unterkunft|schlafen", question, _I))


#: Cancelling a registration, in a release or a (folded or not) question.
_CANCELLING = re.compile(r"storn|abmeld|abzumeld|r[uü]cktritt|zur[uü]ck(zu)?tret|umbuch|cancel"
                         # the separated verb: "wer verhindert ist, meldet sich bis … ab"
                         r"|\bmelde[nt]?\s+(sie\s+|ihr\s+)?(sich|euch|dich)\b[^;!?]{0,50}?\bab\s*([.,!?)]|$)",
                         _I)


def asks_cancelling(question: str) -> bool:
    """ "Bis wann kann ich stornieren?": the cancellation deadline is the answer."""
    return bool(_CANCELLING.search(question))


def only_cancelling_deadlines(text: str) -> bool:
    """ "… kann die Anmeldung bis zum 22. April kostenfrei stornieren": every deadline the
    sentence gives closes a cancellation, none a registration."""
    deadlines = [m for m in find_dates(text, default_year=2000)
                 if date_role(text, m) == "deadline"]  # fmt: skip
    return bool(deadlines) and all(_CANCELLING.search(_part_around(text, m.start))
                                   for m in deadlines)  # fmt: skip


def _part_around(text: str, at: int) -> str:
    """The part of a sentence between semicolons that holds position `at`."""
    end = text.find(";", at)
    return text[text.rfind(";", 0, at) + 1 : end if end != -1 else len(text)]


_URL = re.compile(r"www\.|https?://|[\w.+-]+@[\w-]+\.\w+", _I)
_ORG = re.compile(
    r"\b(e\.\s?V\.|GmbH|AöR|gGmbH|AG\b|Verband|Verein|Stiftung|Zweckverband|Amt\b"
    r"|Ministerium|Universität|Hochschule|Institut|Akademie|Stadt\b|Landkreis"
    r"|Gemeinde\b|Kommune\b|Allianz|Verbund\b|Agentur|Zentrum|Initiative|Netzwerk|Arbeitsgemeinschaft"
    r"|Bundes\w+|Landes\w+|\([A-ZÄÖÜ][\w@&-]{1,10}\)"
    r"|[A-ZÄÖÜ]\w+(stiftung|verband|verein|akademie|agentur|institut|ministerium|gesellschaft"
    r"|kammer|netzwerk|zentrum|initiative|werk)\b)"
)
_FORMAT_WORDS = re.compile(
    r"online|livestream|stream|hybrid|vor ort|präsenz|zoom|webex|teams"
    r"|bigbluebutton|plattform|aufzeichnung|aufgezeichnet|übertrag",
    _I,
)


def _has_date(text: str) -> bool:
    """A date expression, with or without its year ("am 19. und 20. April")."""
    return bool(find_dates(text, default_year=2000)) or bool(
        re.search(r"\b\d{1,2}\.\s?\d{1,2}\.(?!\d)", text)
    )


#: A building or an address: "in der KW 23" or "in Dresden" names none.
_VENUE_VALUE = re.compile(r"straße|str\.|platz\b|saal|säle|halle|(?<!\bim )(?<!\bins )zentrum"
                          r"|haus\b|hauses|hotel"  # "im Zentrum der Tagung steht": no place
                          r"|forum\b|campus|hörsaal|gebäude|speicher|raum\b|räume|rathaus|schloss"
                          r"|museum|bibliothek|palais|arena|messe\w*gelände|aula|audimax|kirche"
                          r"|\b\d{5}\b|\w+(weg|allee|ring|damm|ufer|gasse|markt)\b\s*\d", _I)
#: "• Wo: Tagungszentrum …, Am Auedamm 7": the label line of an event page's place.
_WHERE_LABEL = re.compile(r"^\W*(wo|ort|veranstaltungsort|tagungsort|adresse|where|venue)\s*:"
                          r"\s*(?!online)", _I)


def _has_event_date(text: str) -> bool:
    """A date that may be an event's: not only a deadline, an earlier edition's ("Bereits
    im Oktober 2025 hatte … eingeladen" does not say when the next one is) or one it no
    longer has ("war für den 18./19. Januar ausgeschrieben")."""
    mentions = find_dates(text, default_year=2000)
    if not mentions:
        return bool(re.search(r"\b\d{1,2}\.\s?\d{1,2}\.(?!\d)", text))
    return any(date_role(text, m) not in ("deadline", "review", "published", "planned")
               for m in mentions)


#: A deadline counted back from the event ("zwei Werktage vor dem Termin", "am Vortag").
_RELATIVE_DEADLINE = re.compile(
    r"\b(tage?n?|werktage?n?|wochen?|stunden?) vor (dem|der|beginn|veranstaltungs|termin)"
    r"|\bam vortag",
    _I,
)
_OPENS = re.compile(r"\b(ab|seit)\s*(heute|sofort|dem|jetzt)?\s*\(?\s*$", _I)


def _has_deadline(text: str) -> bool:
    """A date that closes something ("Anmeldeschluss ist der 30. April", "bis 5. September"),
    not the day registration opens ("Ab heute (17.03.) ist die Anmeldung geöffnet")."""
    if _RELATIVE_DEADLINE.search(text):
        return True
    return any(
        date_role(text, m) == "deadline" and not _OPENS.search(text[: m.start])
        for m in find_dates(text, default_year=2000)
    )


def _has_person_or_org(text: str) -> bool:
    return (
        bool(find_people(text))
        or bool(_ORG.search(text))
        or bool(re.search(r"\b[A-ZÄÖÜ]{2,}[a-zäöü]*\b", text))
    )


#: "Gastgeber ist das Kompetenznetz …", "lädt die Akademie …": a role word before a name.
_NAMED_BY_ROLE = re.compile(
    r"(veranstalter|gastgeber|ausrichter|träger|organisator|initiator)\w*\s+(ist|sind|war|waren)"
    r"\s+(der|die|das|den)?\s*[A-ZÄÖÜ]|\b(lädt|lud|laden|luden)\s+(der|die|das)?\s*[A-ZÄÖÜ]"
    r"|\bvon\s+(der|dem|den)\s+[A-ZÄÖÜ][^.]{0,100}\b(veranstaltet|ausgerichtet|organisiert)",
    _I,
)


#: Services online events run on: what a platform question needs named.
PLATFORM = re.compile(r"zoom|webex|teams|bigbluebutton|big blue button|youtube|vimeo|jitsi"
                      r"|gotomeeting|gotowebinar|opentalk|alfaview|livestream|twitch|webinar-?tool",
                      _I)
#: One service a question names ("über Webex?"), without the generic ones.
NAMED_PLATFORM = re.compile(r"\b(zoom|webex|(?:microsoft |ms |über |via |per )teams|bigbluebutton"
                            r"|big blue button|youtube|vimeo|jitsi|gotomeeting|gotowebinar|opentalk"
                            r"|alfaview|twitch)\b", _I)  # "Teams" alone: "mit euren Teams"


#: The kind of value a unit must contain to answer the slot (None: any unit may answer).
VALUE: dict[Slot, Callable[[str], bool]] = {
    Slot.DATE: _has_event_date,
    Slot.START: lambda t: bool(find_times(t)) or _has_date(t),
    Slot.END: lambda t: bool(find_times(t)) or _has_date(t),
    Slot.DEADLINE: _has_deadline,
    Slot.PUBLISHED: _has_date,
    # a place or a building, not any "im" ("Im Sommersemester lädt das Institut …")
    Slot.PLACE: lambda t: (bool(find_places(t)) or bool(_VENUE_VALUE.search(t))
                           or bool(_WHERE_LABEL.match(t))),
    Slot.VENUE: lambda t: bool(_VENUE_VALUE.search(t)) or bool(_WHERE_LABEL.match(t)),
    Slot.ORGANISER: lambda t: _has_person_or_org(t) or bool(_NAMED_BY_ROLE.search(t)),
    Slot.PARTNER: _has_person_or_org,
    # a role only a word for it states: a quote's speaker is no moderator, a host no patron
    Slot.SPONSOR: lambda t: _has_person_or_org(t) and bool(CUES[Slot.SPONSOR].search(t)),
    Slot.PATRON: lambda t: _has_person_or_org(t) and bool(CUES[Slot.PATRON].search(t)),
    Slot.MODERATOR: lambda t: bool(CUES[Slot.MODERATOR].search(t)) and (
        bool(find_people(t)) or bool(re.search(r"\b[A-ZÄÖÜ][a-zäöü]+ [A-ZÄÖÜ][a-zäöü]+", t))
    ),
    Slot.SPEAKER: _has_person_or_org,
    Slot.PERSON: lambda t: True,
    Slot.PARTICIPANTS: lambda t: bool(people_counts(t)),
    Slot.CAPACITY: lambda t: bool(people_counts(t)) or bool(_NUMBER.search(t)),
    Slot.COUNT: lambda t: any(not YEAR.fullmatch(m.group(0)) for m in _NUMBER.finditer(t)),
    Slot.EDITION: lambda t: bool(CUES[Slot.EDITION].search(t)),
    Slot.FEE: lambda t: bool(_MONEY.search(t)) and not NOT_A_FEE.search(t),
    Slot.PRIZE: lambda t: bool(_MONEY.search(t)) or _has_person_or_org(t),
    Slot.FORMAT: lambda t: bool(_FORMAT_WORDS.search(t)),
    Slot.CONTACT: lambda t: bool(_URL.search(t)) or bool(re.search(r"\btel", t, _I)),
    Slot.DURATION: lambda t: _has_date(t) or bool(re.search(r"tägig|tage|stunden", t, _I)),
    Slot.MOTTO: lambda t: bool(re.search(r"[„“\"»]", t)) or bool(CUES[Slot.MOTTO].search(t)),
}


#: "… steht noch nicht fest", "will das Ministerium im Herbst bekanntgeben": not fixed yet.
_UNFIXED = (r"(noch nicht (fest|bekannt|festgelegt|terminiert|entschieden)|noch offen"
            r"|bekannt ?geben|bekannt gegeben werden|werden? noch bekannt|to be announced"
            r"|not yet (fixed|announced|known|decided))")
#: What a date or place question asks for, as a release names it when it is not fixed.
_ASPECTS = {Slot.DATE: r"termin|datum|zeitpunkt|\bdate", Slot.START: r"termin|datum|\bdate",
            Slot.PLACE: r"\bort\b|austragungsort|veranstaltungsort|location|venue",
            Slot.VENUE: r"\bort\b|austragungsort|veranstaltungsort|location|venue|raum"}


def not_yet_fixed(slot: Slot, text: str) -> bool:
    """Whether `text` says the slot's date or place is not fixed yet ("Ort und Termin will
    das Ministerium im Herbst bekanntgeben"): an answer that it is unknown, not a value."""
    aspect = _ASPECTS.get(slot)
    if aspect is None or (find_places(text) if slot in (Slot.PLACE, Slot.VENUE)
                          else _ROUGH_TIME.search(text)):  # fmt: skip
        return False  # "soll im Herbst 2027 in Neubrandenburg stattfinden": roughly known
    return bool(re.search(
        rf"({aspect})[^.;]{{0,70}}{_UNFIXED}|{_UNFIXED}[^.;]{{0,40}}({aspect})", text, _I))


#: A rough time of year: what "wann ungefähr?" is answered with when the day is not fixed.
_ROUGH_TIME = re.compile(r"frühjahr|frühling|sommer|herbst|winter|januar|februar|märz|april"
                         r"|\bmai\b|juni|juli|august|september|oktober|november|dezember"
                         r"|quartal|halbjahr|jahresende|jahresmitte|spring|summer|autumn"
                         r"|fall\b", _I)


def has_value(slot: Slot, text: str) -> bool:
    check = VALUE.get(slot)
    return True if check is None else check(text)


def cue(slot: Slot, text: str) -> bool:
    pattern = CUES.get(slot)
    return bool(pattern and pattern.search(text))


def names_someone(text: str) -> bool:
    """A person or a named organisation: what a "wer"/"who" question needs from its answer
    ("Coaches aus Kommunen der Region", "zwei Landkreise" name nobody)."""
    return bool(find_people(text)) or bool(_NAMED_ORG.search(text))


#: An organisation by its name: "Landkreis Kassel", "Stadt Zittau", "Bürgerstiftung X",
#: "Forum Kommunalinnovation gGmbH", "(KAGES)" — but no course code ("BD-2027-1", "26-ISB-02").
_NAMED_ORG = re.compile(
    r"\b(Stadt|Landkreis|Kreis|Gemeinde|Samtgemeinde|Amt|Verband|Verein|Stiftung|Ministerium"
    r"|Universität|Hochschule|Institut|Akademie|Zweckverband|Initiative|Netzwerk|Agentur"
    r"|Arbeitsgemeinschaft|Zentrum)\s+(für\s+|der\s+|des\s+)?[A-ZÄÖÜ][\w-]+"
    r"|\b[A-ZÄÖÜ][\w-]+\s+(e\.\s?V\.|g?GmbH|AöR|mbH|AG\b|eG\b)"
    r"|\b[A-ZÄÖÜ][\w-]*(stiftung|verband|verein|akademie|agentur|institut|ministerium"
    r"|gesellschaft|kammer|netzwerk|werk)\b"
    r"|(?<![\w-])[A-ZÄÖÜ]{2,}[a-zäöü]*\b(?!-\d)|\b(Bundes|Landes)\w+")


def per_unit_only(text: str) -> bool:
    """Every people count in `text` is a limit per customer, member or team ("pro Kunde bis zu
    zwei Personen"), which answers "how many per …", never "how many came"."""
    counts = people_counts(text)
    return bool(counts) and all(_PER_UNIT.search(text[max(0, m.start() - 40) : m.end()])
                                for m in counts)  # fmt: skip


#: A sentence naming who won: "ging an", "erhält", "nahm … entgegen", "belegte Platz 2".
WINNER = re.compile(r"gewinn|gewonnen|sieger|preisträger|ausgezeichnet|prämiert|\bgeht an\b"
                    r"|\bging(en)? an\b|\berhält\b|\berhielt\b|\berhielten\b|entgegen|belegt"
                    r"|\bplatz\b|\bpreis\w* (geht|ging)", _I)


def count_roles(text: str) -> set[str]:
    """ "expected"/"actual" of each people count in `text` ("erwartet rund 600", "kamen 230");
    of a list of counts, each by its own part ("90 Anmeldungen, 74 Leute waren da, …")."""
    counts = people_counts(text)
    roles = {"actual"} if _TAKEN.search(text) else set()  # "Von 110 Plätzen waren 85 belegt"
    if len(counts) < 2:
        return roles | {count_role(text, m.start(), m.end()) for m in counts}
    for m in counts:
        start = text.rfind(", ", 0, m.start()) + 1  # 0 when there is no comma before
        end = text.find(", ", m.end())
        part = text[start : end if end != -1 else len(text)]
        roles.add(count_role(part, m.start() - start, m.end() - start))
    return roles



#: Seats taken: how many came, though no people noun follows the number.
_TAKEN = re.compile(r"\b\d+\s+(?:\w+\s+)?(?:belegt|besetzt|vergeben)\b")


def people_counts(text: str) -> list[re.Match[str]]:
    """Counts of people in `text`, not a year before them ("im Juni 2025 kamen die Gäste")."""
    return [m for m in _COUNTED_PEOPLE.finditer(text)
            if not (re.match(r"(19|20)\d\d\b", m.group(0))
                    and BEFORE_A_YEAR.search(text[max(0, m.start() - 15) : m.start()]))]


#: Slots whose value sits in one part of a dash-joined line (a person's role may not).
_PART_SLOTS = frozenset({Slot.DEADLINE, Slot.DATE, Slot.FEE, Slot.PRIZE, Slot.PARTICIPANTS,
                         Slot.CAPACITY})
#: Slots whose answer is one clause of a ";"-joined sentence: the person in the asked role.
_CLAUSE_SLOTS = frozenset({Slot.MODERATOR, Slot.PATRON})


def answering_part(slot: Slot, text: str) -> str:
    """Of a headline-like unit of dash-joined parts ("Preisgeld 50.000 Euro – Bewerbungen bis
    15. April möglich – Preisverleihung am 23. September"), the one part that holds the slot's
    cue and value; the whole unit when no single part does."""
    if slot in _CLAUSE_SLOTS and "; " in text:  # "Die Moderation übernimmt X; für Presse-
        clauses = [c.strip() for c in text.split("; ") if c.strip()]  # anfragen … an Y"
        fitting = [c for c in clauses if cue(slot, c) and has_value(slot, c)]
        if len(fitting) == 1 and len(fitting[0].split()) >= 4:
            return fitting[0]
    parts = [p.strip() for p in re.split(r"\s[–—]\s", text) if p.strip()]
    winner = slot == Slot.PRIZE and bool(WINNER.search(parts[0]))
    if len(parts) < 2 or slot not in _PART_SLOTS or winner:
        return text  # "Platz 1 – „Baustellenradar“ (Team …) – 3.000 Euro": who won, and what
    fitting = [p for p in parts if cue(slot, p) and has_value(slot, p)]
    return fitting[0] if len(fitting) == 1 else text


#: "Welche Staatssekretärin …?", "Mit welchem Busunternehmen …?": a question for a name (folded).
_WHICH_NOUN = re.compile(r"\bwelche[mnrs]?\s+([a-z-]{4,})")
#: Nouns for a person by their office or part: their answer names the person with it.
_PERSON_NOUN = re.compile(r"(staatssekret|minister|referent|redner|sprecher|moderator|burgermeist"
                          r"|landrat|professor|dozent|trainer|coach|expert|politiker|beauftragt"
                          r"|leiter|prasident|vorsitzend|schirmherr|gastgeber)")
#: An indefinite or other-than article before a noun ("ein anderes Busunternehmen"): unnamed.
_INDEFINITE = re.compile(r"\b(ein|eine|einen|einem|einer|eines|andere[mnrs]?|keine[mnrs]?)\s+"
                         r"(\w+\s+)?$")


def leaves_which_open(question: str, text: str) -> bool:
    """Whether `text` mentions what a "welche X" question asks about without naming it:
    "Welche Staatssekretärin hat abgesagt?" ← "(die angekündigte Staatssekretärin hat
    abgesagt)" names no one beside the office; "Mit welchem Busunternehmen …?" ← "Wir haben
    ein anderes Busunternehmen gebucht" says nothing of which. The corpus does not say."""
    asked = _WHICH_NOUN.search(fold(question))
    if asked is None:
        return False
    noun = asked.group(1)
    stem = noun[: max(5, len(noun) - 3)]  # "staatssekretarin" ~ "Staatssekretär"
    folded = fold(text)
    hits = [m.start() for m in re.finditer(re.escape(stem), folded)]
    if not hits:
        return False
    if _PERSON_NOUN.match(noun):  # "Staatssekretärin Dr. Anna Berg", "Anna Berg, Ministerin"
        names = [fold(n) for n in find_people(text)]
        return not any(name in folded[h : h + len(noun) + 20]
                       or re.search(re.escape(name) + r",\s+(\S+\s+){0,3}$", folded[:h])
                       for h in hits for name in names)  # fmt: skip
    return all(_INDEFINITE.search(folded[:h]) for h in hits)

"""What a date or a number *is* in a German release sentence, read from its context.

One sentence may hold the event's day, the registration deadline and the day the release
went out; a postponement holds the old date and the new one; a report holds the expected
and the actual number of guests. Stating any of these as the event date, or the forecast
as the outcome, is a wrong answer. The roles here are decided from the words around a value
only, so they carry over to releases no rule has seen.
"""

from __future__ import annotations

import re

from assistant.text.analysis import fold, name_stems
from assistant.text.dates import DateMention, find_dates
from assistant.text.eventnouns import is_type_word, named_events

#: Before a date: it is a deadline or an opening of registration, not the event.
_DEADLINE_BEFORE = re.compile(
    r"(anmeld\w*|registrier\w*|frist|anmeldeschluss|einsendeschluss|bewerbungs\w*|einreich\w*"
    r"|rückmeld\w*|zusage\w*|storn\w*|abmeld\w*|buchbar|reserviert|kontingent|zimmer\w*|frühbucher\w*|early.bird"
    r"|deadline|gilt)\b[^.;]{0,60}$|\bbis( zum| spätestens| einschließlich)?\s*(\w+,?\s*)?$"
    r"|verkauf\w*\s+(startet|beginnt|öffnet|läuft)\s+(am|ab)?\s*$"  # "Der Ticketverkauf startet am"
    r"|(register|registration|sign.up)\b[^.;]{0,60}\b(until|by|closes( on)?)\s+(\w+,?\s*)?$"
    r"|\bab (heute|sofort|dem|jetzt)?\s*\(?\s*$|\bspätestens (am|bis)?\s*$|\bseit (dem)?\s*$",
    re.IGNORECASE,
)
#: After a date, in the same clause: a deadline ("… 30. April möglich", "… anmelden").
_DEADLINE_AFTER = re.compile(
    r"^[^.;]{0,50}\b(anmeld\w*|registrier\w*|möglich|einreichen|bewerben|abmelden|storniert"
    r"|reserviert|buchbar|erforderlich)\b",
    re.IGNORECASE,
)
#: Around a date: the event was planned for it but will not take place then.
_PLANNED = re.compile(
    r"ursprünglich|eigentlich|zunächst geplant|wie geplant|nicht wie geplant|hätte\b|sollte"
    r"|abgesagt|absage|fällt aus|entfällt|findet nicht statt|nicht stattfinden|verschoben von"
    r"|statt am|anstatt|anstelle|vorgesehen war|geplante[nr]?\b|zunächst (gemeldet|genannt)"
    r"|bisher genannt|irrtümlich|fälschlich|fehlerhaft"
    r"|\b(ist|gibt es|findet)\s+keine\s+[\w-]*(werkstatt|veranstaltung|termin|sitzung|schulung"
    r"|tag|treffen|kurs|seminar|sprechstunde)\b"  # "Am 13. Januar ist keine Test-Werkstatt."
    r"|\b(im|in der) (ersten|alten|vorigen|früheren) (entwurf|fassung|version)"  # superseded
    # "Die Schulung war für den 18./19. Januar ausgeschrieben": what was announced, in the past
    r"|\bwar(en)?\b[^.;]{0,60}\b(ausgeschrieben|angekündigt|angesetzt|terminiert)\b"
    # "… Anfrage, in der noch der 20. Januar genannt war": superseded
    r"|\bnoch\b[^.;]{0,50}\b(genannt|angegeben|angekündigt)\b",
    re.IGNORECASE,
)
_NEW_DATE = re.compile(
    r"verschoben (auf|in)|\bneue[nr]? termin|\bnun am|\bjetzt am|stattdessen"
    r"|\bneu\b\W*(?:\w+\s+){0,2}am\b"  # "Neu: am 3. Mai", not "Neu ist … ein Workshoptag am …"
    r"|ersatz|ersatztermin|nachgeholt|termin bleibt|bleibt der termin|datum bleibt"
    r"|bleibt es beim termin|am termin (wird )?festgehalten",
    re.IGNORECASE,
)
#: "findet wie geplant am 12. November statt", "läuft am ursprünglichen Termin": a date kept,
#: the event's own, however the sentence speaks of the plan.
_KEPT = re.compile(r"(?<!nicht )\bwie (geplant|vorgesehen|angekündigt)\b"
                   r"|\b(am|zum) ursprünglichen termin", re.IGNORECASE)
#: Right before a date (a weekday may sit between): the date a correction or a move replaces…
_NOT_ON = re.compile(
    r"\bnicht( mehr| wie (geplant|angekündigt|gemeldet|vorgesehen))?( am| vom| im| zum)?"
    r"\s*(\w+,?\s*)?$", re.IGNORECASE)
#: … and the date that replaces it.
_BUT_ON = re.compile(r"\bsondern( erst| schon| bereits)?( am| vom| im| zum| auf)?\s*(\w+,?\s*)?$",
                     re.IGNORECASE)
_ON_TO = re.compile(r"\b(auf|in)( den| die)?\s*(\w+,?\s*)?$", re.IGNORECASE)
_MOVED = re.compile(r"^[^.;]{0,30}\b(verschoben|verlegt|vertagt)\b", re.IGNORECASE)
#: A look back at an earlier edition ("Rückblick", "im Vorjahr", "bei der letzten Ausgabe"):
#: what a release says of it is not said of the edition it announces.
LOOK_BACK = re.compile(
    r"\b(rückblick|im vergangenen jahr|im vorjahr|letztes jahr|im letzten jahr|vor einem jahr"
    r"|bei der (ersten|letzten|vorigen) ausgabe|last year)\b",
    re.IGNORECASE,
)
_REVIEW = re.compile(
    r"rückblick|im vorjahr|vergangenen jahr|letzten jahr|bereits im|bereits am|zuletzt"
    r"|^\W*nach (der|dem) (\w+ ){0,2}\w*(veranstaltung|auftakt\w*|tagung|konferenz|kongress"
    r"|treffen|workshop|forum)\b"  # "Nach der Auftaktveranstaltung im Rathaus am 24. September"
    r"|premiere\b.*\b(fand|war)|erste ausgabe|bisherigen ausgaben",
    re.IGNORECASE,
)
_EXPECTED = re.compile(
    r"erwartet|rechne[nt]|geplant|angemeldet|anmeldungen|werden\b.{0,40}\b(kommen|teilnehmen)"
    r"|sollen|voraussichtlich|bis zu|maximal|max\.|plätze|platz für|begrenzt|passen",
    re.IGNORECASE,
)
_ACTUAL = re.compile(
    r"\b(kamen|nahmen|waren|besuchten|verfolgten|folgten|zählte|zählten|trafen|diskutierten"
    r"|tauschten|haben|hatten|gekommen|teilgenommen|dabei waren)\b|mehr als\b.*\bals erwartet",
    re.IGNORECASE,
)


#: A word between a number and "Teilnehmende" that makes the number no head count ("49 Euro
#: für Beschäftigte", "20 Prozent der Gäste"): a regex fragment, put before each such word.
NOT_COUNTING = r"(?!euro\b|eur\b|chf\b|prozent\b)"


def mentions_plan(text: str) -> bool:
    """Whether a sentence speaks of a plan the event no longer follows ("ursprünglich …
    geplant", "abgesagt"): its places and dates are not the event's."""
    return bool(_PLANNED.search(text))


#: A room for the night ("Zimmer 2.11" is a venue's room, "ein Zimmer aus dem Kontingent" not).
NIGHTS = re.compile(r"kontingent|übernacht|(pro|je) nacht|(ein|ihr) (hotel)?zimmer\b"
                    r"|einzelzimmer|doppelzimmer|hotelzimmer", re.IGNORECASE)


def names_no_venue(text: str) -> bool:
    """Whether a sentence's places are none of the event's: a plan it no longer follows, a
    hotel to sleep in ("Falls Sie ein Zimmer aus dem Kontingent im Hotel X gebucht haben"), the
    organiser's address, or what it says is held apart from the event."""
    return (mentions_plan(text) or bool(NIGHTS.search(text)) or bool(SENDER_LABEL.match(text))
            or apart_from_event(text) is not None)


#: A line giving the organiser's or the office's address ("Veranstalter: X GmbH, Kanalufer 8,
#: 24768 Rendsburg"), not the venue's.
SENDER_LABEL = re.compile(r"^\W*(veranstalter\w*|ausrichter\w*|organisator\w*|herausgeber\w*"
                          r"|geschäftsstelle|postanschrift|verwaltungssitz|impressum|organi[sz]er)\b",
                          re.IGNORECASE)


def apart_from_event(text: str) -> str | None:
    """What a sentence says its date and place are apart from ("Die Preisverleihung findet am
    9. Juni in Dresden statt – nicht beim nächsten Forum": "nächsten Forum"), if anything."""
    m = _NOT_AT.search(text)
    return text[m.end() :].strip() if m else None


def clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """(before, after) of a span within its clause: cut at ";", sentence ends and dashes."""
    left = text[:start]
    cut = max(left.rfind(";"), left.rfind(". "), left.rfind(" – "), left.rfind("\n"))
    right = text[end:]
    stops = [i for i in (right.find(";"), right.find(". "), right.find(" – "), right.find("\n"))
             if i != -1]  # fmt: skip
    return left[cut + 1 :], right[: min(stops) if stops else len(right)]


def side_event(text: str, mention: DateMention) -> bool:
    """Whether a date is a side event's in its clause ("Am Vorabend, also am 21. April, gibt
    es … einen Empfang"): the reception, not the event itself."""
    before, after = clause_around(text, mention.start, mention.end)
    labelled = list(_LABELLED_DATE.finditer(before))
    if labelled:  # "Fr, 23. April 2027 (Get-together) & Sa, 24. April …": that label is the 23rd's
        before = before[labelled[-1].end() :]
    return bool(_SIDE.search(before[-60:] + " " + after[:80]))


#: A date followed by its own label in brackets.
_LABELLED_DATE = re.compile(r"\d{4}\s*\([^()]{1,40}\)")


_SIDE = re.compile(r"\b(am |den )?vorabend|\bvortag\b|empfang|get-together|abendveranstaltung"
                   r"|warm-up|vorabendtreffen|\btag (nach|vor) (dem|der|des)\b|\bfolgetag"
                   r"|\btag darauf\b|vorbereitend|\bbriefing|vorbesprechung|pressekonferenz"
                   r"|pressetermin|vorgeschaltet|nachgeschaltet|pre-conference|post-conference"
                   r"|vorkonferenz|auftakt-?(webinar|treffen|call)|kick-?off|technikprobe"
                   r"|generalprobe|stellprobe|aufbautag", re.IGNORECASE)
#: "Die Preisverleihung findet am 9. Juni in Dresden statt – nicht beim nächsten Forum".
_NOT_AT = re.compile(r"\bnicht (beim|bei der|bei dem|im rahmen|auf dem|auf der|während)\b",
                     re.IGNORECASE)


#: "Oldenburg, 03.11.2026 – Die Stiftung …", "(dpa) Kiel, 2. Mai 2026 –": the release's
#: own date opening its first sentence.
_DATELINE_HEAD = re.compile(r"^\W*(\(\w+\)\s*)?([A-ZÄÖÜ][^\d.!?;:]{0,40},\s*)?(den\s+)?$")
_DATELINE_TAIL = re.compile(r"^\s*(\(\w+\)\s*)?([–—-]\s|\.\s+(?=[A-ZÄÖÜ„]))")


#: "Veröffentlicht am 24.11.2026 · Rubrik: …": a web page's line about itself, no event's.
PAGE_LINE = re.compile(r"^\W*(veröffentlicht|erschienen|gepostet|publiziert|posted|stand"
                       r"|aktualisiert|datum der veröffentlichung|rubrik)\b", re.IGNORECASE)
#: "veröffentlicht am 12.11.2026", "Stand: 3. März": when a page was written, not the event.
#: The words a page dates itself with ("Veröffentlicht am", "posted on").
PUBLISHING = r"veröffentlicht|erschienen|gepostet|publiziert|posted|published"
RELEASED = re.compile(rf"\b({PUBLISHING}|aktualisiert"
                      r"|abgerufen|bearbeitet|accessed"
                      r"|stand( der \w+)?)\s*(am|vom|on)?"
                      r"\s*:?\s*$", re.IGNORECASE)  # "Stand der Pressemappe: 30. November 2026"


#: The day a change was announced ("entfällt (Absage am 24.11.2026)") or a paper is dated
#: ("Amtsblatt vom 30.10.2026", "siehe Schreiben vom 02.10.2026"): a notice's date.
_NOTICE = re.compile(r"\b(absage|abgesagt|mitgeteilt|bekanntgegeben|amtsblatt\w*|schreiben"
                     r"|rundschreiben|anfrage|mitteilung|bescheid|e-mail|mail|brief|vertrag"
                     r"|beschluss|protokoll|niederschrift)\s+(am|vom)\s*$", re.IGNORECASE)


def opening_dateline(text: str, mentions: list[DateMention]) -> DateMention | None:
    """The dated dateline a release's first sentence opens with, if any."""
    return next((m for m in mentions if date_role(text, m) == "published"
                 and m.year_explicit and m.first == m.last), None)  # fmt: skip


def without_dateline(text: str, mentions: list[DateMention]) -> str:
    """The sentence after its opening dateline ("Oldenburg, 03.11.2026 – "), whose year is
    the release's, not the edition's the sentence is about."""
    for m in mentions:
        if date_role(text, m) == "published":
            tail = _DATELINE_TAIL.match(text[m.end :])
            return text[m.end + (tail.end() if tail else 0) :]
    return text


def date_role(text: str, mention: DateMention) -> str:
    """ "event", "deadline", "planned" (a date the event no longer has), "new" (the date it
    was moved to), "review" (a past edition named in passing) or "published" (the dateline
    opening a release's first sentence)."""
    if _DATELINE_HEAD.match(text[: mention.start]) and _DATELINE_TAIL.match(text[mention.end :]):
        return "published"
    if RELEASED.search(text[: mention.start]) or _NOTICE.search(text[: mention.start]):
        return "published"  # "Veröffentlicht am 6. April 2027 | Pressestelle", "(Absage am …)"
    before, after = clause_around(text, mention.start, mention.end)
    window = f"{before} {after}"
    if _DEADLINE_BEFORE.search(before) or _DEADLINE_AFTER.search(after):
        return "deadline"
    if _BUT_ON.search(before) or (_ON_TO.search(before) and _MOVED.search(after)):
        return "new"  # "nicht am 12. März, sondern am 26. März"; "auf den 24. September verschoben"
    if _NOT_ON.search(before):
        return "planned"  # "findet nicht am 12. März … statt"
    if _KEPT.search(window):
        return "event"
    if _NEW_DATE.search(window):
        return "new"
    if _PLANNED.search(window):
        return "planned"
    if _REVIEW.search(before):
        return "review"
    return "event"


def count_role(text: str, start: int, end: int) -> str:
    """ "expected" (a forecast or a capacity) or "actual" (who came), from the clause."""
    before, after = clause_around(text, start, end)
    window = f"{before} {text[start:end]} {after}"
    if re.match(r"\w*\s*(erwarte|rechne)", text[end:]):
        window = before  # "Die 40 Teilnehmenden erwarteten Vorträge": their expectation
    if _EXPECTED.search(window) and not re.search(r"als erwartet|übertr", window):
        return "expected"
    if _ACTUAL.search(window):
        return "actual"
    return "actual" if re.search(r"\b(kamen|waren|nahmen)\b", window) else "unknown"


#: A news site's time stamp after a date ("15. Oktober 2026, 06:42 Uhr"): events start on
#: the quarter hour, articles go online at any minute.
TIMESTAMP = re.compile(r"^\W*\d{1,2}[:.](?!00|15|30|45)\d\d\s*uhr\W*$", re.IGNORECASE)
#: Money that is no fee for taking part: prizes, budgets, funding, running costs.
NOT_A_FEE = re.compile(r"preisgeld|dotiert|fördermittel|förderung|gefördert|zuwendung|budget"
                       r"|haushalt|millionen|gesamtkosten|einnahmen"  # what the organiser pays
                        r"|stornier|storno|rücktritt|umbuch"  # what cancelling costs
                        r"|investi|zuschuss|sonderpreis|prämie|publikumspreis|hauptpreis"
                        r"|jurypreis|\d\.\s*(preis|platz)|gewinn|siegerteam|preistr"
                        r"|\b(erste|zweite|dritte|vierte|fünfte)\w* (preis|platz)"
                        r"|ausgezeichnet"
                        r"|laufende\w* kosten|pro jahr|förderquote|fördersumme|förderhöhe"
                        r"|zuwendung|förderprogramm|bereitgestellt|bewilligt", re.IGNORECASE)
#: A sentence setting another event apart from this one ("eine eigenständige Veranstaltung,
#: mit der unser Netzwerk nicht verbunden ist", "findet nicht im Rahmen des Forums statt"):
#: its date, place and people are that event's.
UNRELATED = re.compile(
    r"\beigenständige\w* (veranstaltung|angebot|termin|event)|nicht im rahmen\b|nicht (teil|"
    r"bestandteil) (des|der|unserer|unseres)\b|nicht (mit \w+ )?verbunden|nichts zu tun"
    r"|\bein eigene[sn]? (angebot|veranstaltung)\b"  # "… ist ein eigenes Angebot der VHS"
    r"|unabhängig (von (uns|unserer|unserem|dem|der)\b|vom \w*(tag|kongress|forum|tagung"
    r"|konferenz|veranstaltung|gipfel|workshop|seminar|webinar|messe)\b)"
    r"|nicht (an diesem|am selben|am gleichen) tag", re.IGNORECASE)  # "Die Sitzung findet nicht …"


def follows_other_event(before: str, own_words: set[str]) -> bool:
    """Whether a date comes right after another event's name ("… beim Fachkongress „Digitale
    Kommune“ am 17. Juni in Dortmund gebunden"): that event's date, not this one's.
    `own_words`: folded words of the event's own name (a name sharing one is its own)."""
    own = {w[:6] for w in own_words}
    if any(_other_named(noun, name, own) for noun, name in named_events(before[-90:])):
        return True
    # "… wird beim Digitalsommer Nordhessen am 17. Juni nachgeholt": an unquoted name right
    # before the date is another event's unless every word of it is one of the own name's
    at = _AT_NAMED.search(before[-90:])
    if at is not None and not {fold(w) for w in at.group(1).split()} <= own_words:
        return True
    # "Ich lade Sie schon heute zum Landesdigitalkongress am 9. Juni ein": an invitation to a
    # named event (a compound event noun, not just "zum Fachtag") other than this one
    to = _TO_NAMED.search(before[-90:])
    if to is not None and not {fold(w) for w in to.group(1).split()} <= own_words and any(
            is_type_word(w) and not is_type_word(w, bare=True) for w in to.group(1).split()):
        return True
    # "… berät der Kreistag in seiner Sitzung am 21. April": a council's meeting
    return bool(_SESSION.search(before[-60:])) and not any(w.startswith("sitzung")
                                                           for w in own_words)


def dates_other_event(text: str, own_words: set[str]) -> bool:
    """Whether a sentence dates another event than the one named by `own_words` ("… zum
    Landeskongress am 9. Juni in Schwerin"): the place it names is that event's too."""
    return any(follows_other_event(text[: m.start], own_words)
               or precedes_other_event(text[m.end :], own_words) for m in find_dates(text))


def _other_named(noun: str, name: str, own: set[str]) -> bool:
    """Whether "Bürgerdialog „Achim online“" names another event than the one whose name has
    the stems `own`: it shares none of them, and the own name is not just that event noun
    (a release's event called "Bürgerdialog 2026" is its „Achim online“)."""
    if name_stems(name) & own:
        return False
    core = {w for w in own if not w.isdigit()}
    return not (core and core <= name_stems(noun))


def precedes_other_event(after: str, own_words: set[str]) -> bool:
    """Whether a date is followed by another event it happens at ("… stellen ihre Projekte am
    28. Januar beim Netzwerktreffen „Offene Daten“ vor"): that event's date, not this one's."""
    at = _AT_AFTER.match(after[:140])
    if at is None:
        return False
    # an own event noun's stem is no shared name ("Digitaltag" and „Digitale Dörfer“)
    own = {w[:6] for w in own_words if not is_type_word(w)} or {w[:6] for w in own_words}
    named = named_events(at.group(1)[:100])
    if named:
        return _other_named(*named[0], own)
    words = re.match(r"((?:[A-ZÄÖÜ][\w-]+\s*){2,4})", at.group(1))  # a name, not "der Eröffnung"
    return (words is not None and not {fold(w) for w in words.group(1).split()} <= own_words
            and any(is_type_word(w) for w in words.group(1).split()))  # not "auf dem Campus X"


#: "…, 10 Uhr, beim …", "… auf der …", "… am Kommunalforum „X“ teilnehmen", "… treffen wir uns
#: zum Stammtisch X": an event named right after a date (and its time).
_AT_AFTER = re.compile(r"\W{0,3}(?:(?:von |ab |um )?\d{1,2}(?:[.:]\d\d)?\s*(?:(?:bis|–|-)\s*"
                       r"\d{1,2}(?:[.:]\d\d)?\s*)?uhr\W{0,3})?(?:beim|bei der|auf dem|auf der"
                       r"|am|an der|an dem|im rahmen (?:des|der)"
                       r"|(?:[a-zäöüß]+\s+){1,3}(?:zum|zur))\s+(.*)", re.IGNORECASE | re.DOTALL)


#: "Der erste Tag, Dienstag, 27. April …", "Am zweiten Tag …", "Day two": one day of several.
DAY_N = re.compile(r"\b(erste[nrs]?|zweite[nrs]?|dritte[nrs]?|letzte[nrs]?|first|second|third"
                    r"|last) (veranstaltungs|konferenz|kongress|tagungs)?tag\b|\bday (one|two|three"
                    r"|1|2|3)\b|\btag (1|2|3|eins|zwei|drei)\b", re.IGNORECASE)


#: A date or an event that does not take place: "abgesagt", "09.12.2026 ENTFÄLLT", "fällt
#: aus", "cancelled". One pattern for the catalog's status, the date answers and yes/no.
CALLED_OFF = re.compile(r"abgesagt|\babsage\b|findet nicht statt|nicht stattfinden|fällt aus"
                        r"|ausfallen|entfällt|entfallen|cancell?ed", re.IGNORECASE)
#: A part of the programme or its hour, called off or moved: "Keynote Dr. X (…) abgesagt",
#: "Beginn von 09:00 auf 09:30 Uhr verschoben", "Workshop B verlegt von Raum 2.14".
_PART_CHANGED = re.compile(
    r"(\b(keynote|vortrag|vortrags|workshop|grußwort|impuls|podium|panel|programmpunkt|session"
    r"|beginn|einlass|raum|teilnahme|stand(?!\s*(?:[:\d]|der\b|vom\b)))\b"  # not "Stand: …"
    r"|[=✖])"  # "Legende: ✖ = abgesagt"
    r"[^;!?]{0,80}?\b(abgesagt|entfällt|fällt aus|verschoben|verlegt)\b",
    re.IGNORECASE)


def part_changed(text: str) -> bool:
    """Whether a sentence calls off or moves a part of the event, not the event itself ("Die
    Tagung mit Vortrag von X wurde abgesagt" calls off the Tagung)."""
    m = _PART_CHANGED.search(text)
    if m is None:
        return False
    # "Der Beginn der Messe wird verschoben" moves the fair itself
    before = text[: m.end() if m.group(0).lower().startswith("beginn") else m.start()]
    return not any(is_type_word(w) for w in re.findall(r"\w+", before))


#: Labels a page dates its event with ("Termin · …", "Veranstaltungstag | Do, 28.01.2027").
EVENT_DATE_LABELS = (r"termin|datum|wann|beginn|zeit|date|veranstaltung|veranstaltungstag"
                     r"|\w*zeitraum")  # "Messezeitraum: Di, 02.02.2027 bis Do, 04.02.2027"
#: "beim", "bei der", "auf dem", "auf der": what leads into another event's name.
AT_EVENT = r"\b(?:[Bb]eim|[Bb]ei der|[Aa]uf dem|[Aa]uf der)\s+"


_SESSION = re.compile(r"\b(in )?(seiner|ihrer|der) (nächsten |öffentlichen )?sitzung"
                      r"(\s+(des|der) \w+)?\s+(am|vom)\s+(\w+,?\s+)?$", re.IGNORECASE)
#: A capitalised name right before the date ("OZG-Praxistag in Würzburg am").
_NAME_BEFORE_DATE = (r"((?:[A-ZÄÖÜ][\w-]+\s+){1,4})(?:in\s+[A-ZÄÖÜ][\w-]+\s+)?"
                     r"(?:am|vom)\s+(?:\w+,?\s+)?$")
#: "beim Digitalsommer Nordhessen am", "auf der Messe Kommunal Digital am": after "beim"/"auf der".
_AT_NAMED = re.compile(AT_EVENT + _NAME_BEFORE_DATE)
#: "zum Landesdigitalkongress am": an invitation to it; "Flyer für die Bauamtsleitertagung am".
_TO_NAMED = re.compile(r"\b(?:zum|zur|für die|für den|für das|über die|über den)\s+"
                       + _NAME_BEFORE_DATE)

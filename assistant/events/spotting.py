"""Spotting event facts in units: event dates and the fields around them.

Which edition a unit talks about is decided in `events.editions`; here each unit is only read
for what it states. The rules are phrased in press-release German (event nouns like
"Fachtagung", "Veranstalter ist", "am … in …", "Unter dem Motto „…“"), never in the words of
particular documents, so they carry over to releases not seen yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.events.roles import role_facts
from assistant.events.series import (
    _ARTICLES,
    _NOT_SERIES,
    is_type_word,
    series_mentions,
)
from assistant.events.units import Fact, Unit, fact
from assistant.records import Document
from assistant.text.analysis import fold
from assistant.text.dates import WEEKDAYS, DateMention, edition_years, find_dates, infer_year
from assistant.text.eventnouns import QUOTED_NAME
from assistant.text.facts import NOT_A_CITY_AFTER, PLACE_CUE, edition_numbers, find_places
from assistant.text.names import find_people, is_first_name
from assistant.text.relative import relative_dates
from assistant.text.roles import (
    AT_EVENT,
    UNRELATED,
    date_role,
    follows_other_event,
    names_no_venue,
    precedes_other_event,
    side_event,
)

# --------------------------------------------------------------------------- dates

# fmt: off
_CONTEXT = re.compile(
    r"\b(statt|stattfinden|stattfand|findet|fand|tagt|tagte|kamen|kommen|trafen|lädt|lud|laden|"
    r"beginnt|veranstaltet|ausgerichtet|eröffnet|zusammen|erwartet)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"\b(fortführen|fortgeführt|fortsetzen|fortgesetzt|Fortsetzung|nächsten?|nächster|kommenden?|"
    r"kommendes|geplant|Save the Date|Rückblick|Vorjahr|vergangenen Jahr|letzten Jahr|zuletzt|"
    r"vorangegangene[nm]?|vorherige[nm]?|vorige[nm]?)\b",
    re.IGNORECASE)
#: A headline's look ahead ("… – 2027 geht es nach Holzminden"): the next edition's year,
#: not the year of the edition the release is about.
_AHEAD = re.compile(r"^\W*(?:19|20)\d\d\s+(?:geht|folgt|kommt|zieht|wechselt|führt)\b"
                    r"|\bAusblick\b", re.IGNORECASE)
_DEADLINE = re.compile(r"Anmeld|Frist|Bewerbung|Einsendeschluss|Stand:")
_DATE_LABEL = re.compile(
    r"^\W*(termin|datum|wann|beginn|zeit|date|veranstaltung)\b[^·:]{0,20}[·:]", re.IGNORECASE)
#: "am", "vom", also with the weekday between: "Am Samstag, 19. September 2026".
_AT = re.compile(r"\b(am|vom|von|ab)\s*((" + "|".join(d for d, _ in WEEKDAYS)
                 + r"|sonnabend),?\s*)?$", re.IGNORECASE)
_UNTIL = re.compile(r"\bbis(?: zum| spätestens)?\s*$")
#: Words (folded) that make a sentence about an event: event nouns, attendance, "statt", "lud".
EVENTFUL = re.compile(
    r"kongress|konferenz|tagung|forum|foren|gipfel|symposium|messe\b|workshop|summit|barcamp|"
    r"festival|kolloquium|hackathon|seminar|webinar|veranstaltung|event\b|treffen|teilnehm|gaste|"
    r"besucher|referent|vortrag|austragungsort|\bstatt\b|stattf|\bkamen\b|\blud\b|\bladt\b|begegn|verschoben|verlegt|nachgeholt|unconference"
    r"|offnet\b[^.!?]{0,80}\b(turen|tore)\b")  # "öffnet das Landratsamt … seine Türen"
# fmt: on


#: "Donnerstag, 10. Juni 2027 · Mannheim" at the head of a save-the-date card: the date alone.
#: Also a span of days and a few parts after it ("8. und 9. Juni 2027 · Kongresshalle am
#: Auwald, Leipzig · hybrid"), none of them a sentence.
_BARE_DATE_LINE = re.compile(r"^\W*((Mo|Di|Mi|Do|Fr|Sa|So)\w*\.?,?\s+)?\d{1,2}\.\s*"
                             r"((und|bis|[–/-])\s*\d{1,2}\.\s*)?"
                             r"(\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s*\d{4}\s*"
                             r"([·|,–-]\s*[\wÄÖÜäöüß][^·|.!?\n]{0,50}){0,4}\W*$")

#: "Greifswald, Tagungshaus am Hafen, 12. November 2026" at the head of a speech whose page
#: dates itself elsewhere ("Veröffentlicht am 13.11.2026"): the day and place it was given.
_PLACE_DATE_LINE = re.compile(r"^\W*[A-ZÄÖÜ][^.!?:]{0,80},\s*((Mo|Di|Mi|Do|Fr|Sa|So)\w*\.?,?\s+)?"
                              r"\d{1,2}\.\s*(\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)\s*\d{4}\W*$")


@dataclass(frozen=True)
class DateHit:
    unit: Unit
    mention: DateMention
    score: int
    follow_up: bool  # the sentence points to another edition ("fortführen", "Rückblick")
    role: str = "event"  # text.roles.date_role: event | new | planned
    own: bool = False  # the sentence names this series (not another event it mentions)
    #: the sentence numbers another edition than the release's own ("Das 2. Forum fand …
    #: statt" on the third one's page): that edition's date, never the release's own
    other_number: bool = False


def date_hits(
    document: Document, all_units: Sequence[Unit], core: tuple[str, ...], year: int | None
) -> list[DateHit]:
    """Days (not months) in event sentences, scored by how much they look like an event date:
    an event noun or the series, "findet … statt", "am"/"vom" before the date, a city; the
    dateline, parentheses ("Stand: 12.09.23") and registration deadlines count against."""
    dateline = document.metadata.get("dateline", "")
    own_number = _own_number(document, all_units)
    hits: list[DateHit] = []
    for number, unit in enumerate(all_units):
        text = unit.text
        words = re.findall(r"[\w@\-]+", text)
        named = any(is_type_word(w) for w in words) or bool(list(series_mentions(text, core)))
        labelled = bool(_DATE_LABEL.match(text))  # "Termin · Beginn · 10.02.2027, 09:30 Uhr"
        # under a save-the-date's head, or under a line naming the event ("5. Forum X" over
        # "Mittwoch, 12. Mai 2027, 9:30 bis 16:00 Uhr" in a letter's indented block)
        under_name = number > 0 and all_units[number - 1].heading and bool(list(
            series_mentions(all_units[number - 1].text, core)))
        labelled |= (number < 6 or under_name) and bool(_BARE_DATE_LINE.match(text)
                                                        or _PLACE_DATE_LINE.match(text))
        if UNRELATED.search(text) or not (named or labelled or EVENTFUL.search(fold(text))):
            continue  # "Die Ergebnisse wurden am 1. März veröffentlicht" is no event date
        mentions = find_dates(text, default_year=year)
        numbers = edition_numbers(text) if own_number else frozenset()
        other_number = bool(numbers) and not numbers & own_number  # "Das 2. Forum fand …"
        dated = [m for m in mentions if date_role(text, m) != "published"]
        relative = [] if dated else relative_dates(text, document.published)
        for m in [*mentions, *relative]:
            before = text[: m.start]
            at = _AT.search(before) or m in relative
            dated_release = m.first == document.published and not at
            in_dateline = bool(dateline) and (text in dateline or dateline in text)
            if not (m.raw[:1].isdigit() or m in relative) or dated_release or in_dateline:
                continue
            role = date_role(text, m)
            if role in ("deadline", "published") or follows_other_event(before, set(core)) \
                    or precedes_other_event(text[m.end:], set(core)):
                continue
            score = 1 + (3 if named or labelled else 0) + (2 if _CONTEXT.search(text) else 0)
            score += 2 if labelled else 0  # "Termin: 3. und 4. März": the page says it is the date
            score += 2 if at else 0
            score += 1 if find_places(text) else 0
            score += 3 if role == "new" else -2 if role == "planned" else 0
            if m in relative and document.published and m.first <= document.published:
                score += 3  # "kamen am vergangenen Donnerstag": the day the report is about
            score -= 4 if _DEADLINE.search(text) or _UNTIL.search(before) else 0
            score -= 4 if before.count("(") > before.count(")") else 0
            score -= 3 if side_event(text, m) else 0  # "Am Vorabend … einen Empfang"
            if score >= 3 or (role == "planned" and score >= 1):
                follow_up = bool(_FOLLOW_UP.search(text)) or role == "review"
                own = bool(list(series_mentions(text, core)))
                hits.append(DateHit(unit, m, score, follow_up, "event" if role == "review"
                                    else role, own, other_number))  # fmt: skip
    return hits


def _own_number(document: Document, all_units: Sequence[Unit]) -> frozenset[int]:
    """The number of the release's own edition: "3. Digitalforum …" in the title, else in an
    opening line under a letterhead ("2. Fachtag … Mittwoch, 7. Oktober 2026") that looks
    back or ahead at no other edition."""
    numbers = edition_numbers(document.title or "")
    for unit in all_units[:4]:
        if numbers:
            break
        if not _FOLLOW_UP.search(unit.text) and not _HELD.search(unit.text):
            numbers = edition_numbers(unit.text)
    return numbers


_HELD = re.compile(r"\b(fand|fanden|war|waren)\b", re.IGNORECASE)


def main_year(document: Document, hits: Sequence[DateHit], all_units: Sequence[Unit] = (),
              core: tuple[str, ...] = ()) -> int | None:  # fmt: skip
    """The year in the title, else in an opening heading that names the series ("Einladung
    zum Digitalgipfel der Länder 2027" under a letterhead), else that of the best event date,
    else the text's main year."""
    near = document.published.year if document.published else None
    in_title = [y for part in re.split(r"\s[–—-]\s|:\s", document.title)
                if not _AHEAD.search(part) for y in edition_years(part, near)]  # fmt: skip
    if in_title:
        return int(in_title[0])
    for unit in all_units[:12]:
        named = [y for y in series_mentions(unit.text, core) if y] if unit.heading else []
        if named and not _FOLLOW_UP.search(unit.text):
            return named[0]
    plain = [h for h in hits if not h.follow_up]
    if plain:
        return max(plain, key=lambda h: (not h.other_number, h.score, -h.unit.chunk.position)
                   ).mention.first.year
    return infer_year(document.text, document.title)


# --------------------------------------------------------------------------- field spotters

_ORG = r"[A-ZÄÖÜ][\w@&\-]*(?:\s+(?:für\s+|der\s+|des\s+|und\s+)?(?:[A-ZÄÖÜ][\w@&\-]*|e\.\s?V\.))*"
_ORG_EN = r"[A-Z][\w&\-]*(?:\s+(?:for\s+|of\s+|and\s+)?[A-Z][\w&\-]*)*"
_RUN = r"[A-ZÄÖÜ][\w@&\-]*(?:\s+(?:(?:der|des|am|für)\s+)?[A-ZÄÖÜ][\w@&\-]*)*"
_FIRST = r"([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?) ([A-ZÄÖÜ][a-zäöüß]+)"
_QUOTE = r"[„“\"»]([^„“”\"»«]+)[“”\"«]"
# fmt: off
_VENUE_WORD = re.compile(r"(hof|haus|halle|hallen|zentrum|center|centre|saal|museum|hotel|messe|"
                         r"arena|palais|schloss|universität|hochschule|akademie|theater|bibliothek|"
                         r"park|campus|speicher|forum)$", re.I)
_VENUE_RUN = rf"{_RUN}(?:\s+[„“\"»][^„“”\"»«]{{1,40}}[“”\"«])?"  # 'Saal „Kocher“'
_VENUE = re.compile(rf"\b(?:im|in der|in den|in dem|in die|in das|ins|auf dem|an der|in)\s+"
                    rf"({_VENUE_RUN})")
_VENUE_IS = re.compile(rf"(?:{PLACE_CUE.pattern})\w*\s+(?:ist|sind|war|wird|bleibt)\s+"
                       rf"(?:erneut\s+|wieder\s+|diesmal\s+)?(?:das|der|die)\s+({_VENUE_RUN})")
_NEAR = re.compile(rf"\b(?:in\s+(?:unmittelbarer\s+|direkter\s+)?Nähe|unweit|nahe)\s+"
                   rf"(?:der|des|dem|zum|zur)\s+{_RUN}")
_ORG_IS = re.compile(r"\b(?:Veranstalter|Ausrichter|Organisator|Gastgeber|Träger)(?:in|innen)?\s+"
                     r"(?:\w+\s+){0,3}?"
                     r"(?:ist|sind|war|waren)\s+(?:die|der|das|den)?\s*")
_ORG_SPLIT = re.compile(r"\s+(?:in Zusammenarbeit|gemeinsam|in Kooperation)\s+mit\s+"
                        r"(?:der|dem|den|die|das)?\s*|\s+sowie\s+(?:der|dem|die|das)?\s*|"
                        r"\s+und\s+(?:der|dem|die|das)\s+")
_ORG_PHRASES = (  # "lud Prosoz zu", "lädt die Stadt X gemeinsam mit dem Verein Y zum", "vom X"
    re.compile(rf"\b(?:lädt|lud|laden|luden)\s+(?:(?:die|der|das|den)\s+)?({_ORG})(?:\s+gemeinsam "
               rf"mit\s+(?:der|dem|den)\s+({_ORG}))?\s+(?:zu|zum|zur|ein|erneut|wieder)\b"),
    re.compile(rf"\b(?:[Vv]eranstaltet|[Oo]rganisiert|[Aa]usgerichtet)\s+(?:\w+\s+){{0,4}}?"
               rf"(?:von|vom|durch)\s+(?:der|dem|den)?\s*({_ORG})"),
    # English pages: "The Federal Office for X (BfVI) and the Y Centre (VCGD) invite …"
    re.compile(rf"^(?:The\s+)?({_ORG_EN})(?:\s+\(\w+\))?(?:\s+and\s+the\s+({_ORG_EN})"
               rf"(?:\s+\(\w+\))?)?(?:\s+from\s+[A-Z]\w+)?\s+invites?\b"),
    re.compile(rf"\b(?:organi[sz]ed|hosted)\s+by\s+(?:the\s+)?({_ORG_EN})"),
)
_OFFERS = re.compile(rf"\b(?:bietet|bot|richtet|richtete|veranstaltet|organisiert|präsentiert)\s+"
                     rf"(?:die|der|das)\s+({_ORG})\s+(?:\w+\s+){{0,2}}?(?:ein|eine|einen|das|den|"
                     rf"die)\s+(?:\w+\s+)?([\w\-]+)")  # "bietet die Fachstelle X das Webinar …"
_BRAND_EVENT = re.compile(r"\b([A-ZÄÖÜ][\w@&]+)-Veranstaltung")
_PATRON = (
    re.compile(r"\bUnter\s+(?:der\s+)?Schirmherrschaft\s+(?:von\s+|des\s+|der\s+)?(.+?)"
               r"(?=,\s+[a-zäöü]|\s+(?:findet|fand|steht|stand|wird|werden)\b|[.;]\s|[.;]?$)"),
    re.compile(rf"\b(?:hat|haben|hatte|übernimmt|übernahm)\s+({_ORG})\s+(?:\w+\s+){{0,2}}"
               rf"die Schirmherrschaft"),
    re.compile(r"\bSchirmherr(?:in)?\s+(?:ist|sind|war)\s+(.+?)(?=[.;]\s|[.;]?$)"),
)
_FORMATS = {
    "online": re.compile(r"(?<![\w\-/])online(?![\w\-/])|\bOnline-\w*(?:kongress|konferenz|"
                         r"tagung|veranstaltung|event|format|seminar|forum|gipfel)|virtuell", re.I),
    "Livestream": re.compile(r"\blive-?stream", re.I),
    "hybrid": re.compile(r"\bhybrid", re.I),
    "vor Ort": re.compile(r"\bvor Ort\b|\bin Präsenz\b|\bPräsenz(?:veranstaltung|format)|"
                          r"\bpersönlich\s+(?:\w+\s+)?(?:begegnen|treffen|austauschen)", re.I),
}
_MOTTO = re.compile(rf"\b(?:Motto|Leitthema|Leitmotiv|Slogan)(?:\s+(?:lautet|lautete|ist|war))?"
                    rf"\s*:?\s*{_QUOTE}|{_QUOTE}\s+(?:lautet|lautete|heißt|hieß)\s+(?:\w+\s+){{0,3}}?"
                    rf"(?:das|dieses|als)\s+(?:Motto|Leitthema)")
_TOPIC_CUE = re.compile(r"\b(?:(?:zu den|die|den)\s+(?:Themen|Handlungsfeldern|Themenfeldern|"
                        r"Schwerpunkten?)|(?:Themen|Schwerpunkte)\s+(?:sind|waren|lauten|"
                        r"lauteten))(?:\s+u\.\s?a\.)?\s*:?\s*|\b(?:zum|unter dem)\s+Thema\s+"
                        r"(?=[„“\"»])")
_TOPIC_END = re.compile(r"\s+(?:auf dem Programm|im Mittelpunkt|im Fokus|zur Diskussion|"
                        r"statt)\b.*$")
_REGISTRATION = re.compile(r"Anmeld|anmelden|Registrier|registrier|Ticket|Teilnahmegebühr|"
                           r"kostenfrei|kostenlos|gebührenfrei|Eintritt frei")
_FREE = re.compile(r"kostenfrei|kostenlos|gebührenfrei|Eintritt (?:ist )?frei")
_URL = re.compile(r"(?:https?://|www\.)[^\s,;)“”\"]+")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(r"\b(?:Tel(?:efon)?|Fon|Phone|Mobil)\.?:?\s*[+\d(]")
_CONTACT_HEAD = re.compile(r"^(?:Presse)?(?:kontakt|Kontakt|Ansprechpartner\w*)(?::\s*(.*))?$")
_SPEAKER_CUE = re.compile(r"Vortr|Keynote|Impuls|eröffn|Podium|moderi|Moderat|Referent|Redner|"
                          r"diskutier|Auftakt|Schlusspointe|Beitr|Statement|Grußwort|Rede\b", re.I)
_ROLE_NOUN = re.compile(r"(minister|sekretär|meister|präsident|direktor|führer|leiter|vorsitzende|"
                        r"moderator|referent|autor|soziologe|professor|beauftragte|chef|dezernent|"
                        r"landrat|senator|sprecher|expert|berater|manager|gründer|vorstand|CIO|CDO|"
                        r"CEO)(in|en|e|s)?$", re.I)
_NAMED_ROLE = re.compile(rf"\b{_FIRST},\s+([A-ZÄÖÜ][\w\-]*)|(?=\b([\w\-]+) {_FIRST}\b)")
_APPOSITION = re.compile(r"\s*,\s*((?:[A-ZÄÖÜ]|stv\.|LL\.M)[^,;\n]*?)(?=,|;|\.\s|\.?$)|"
                         r"\s+((?:vom|von der|von den|aus dem|aus der)(?:\s+(?:[A-ZÄÖÜ][\w:.\-]*|"
                         r"für|und|der|des|im|in))+)")
# fmt: on


def _cities(text: str) -> list[str]:
    """Cities "in/nach X", not where people come from ("aus Berlin")."""
    return [c for c in find_places(text) if not re.search(rf"\baus\s+(?:\w+\s+)?{c}", text)]


def _orgs(phrase: str) -> list[str]:
    """ "der Verein X e. V. in Zusammenarbeit mit der Stadt Y." → ["Verein X e. V.", "Stadt Y"]."""
    out = []
    for part in _ORG_SPLIT.split(phrase.strip().rstrip(".!?")):
        words = part.split()
        stop = next((i for i, w in enumerate(words[1:], 1) if w[:1].islower() and w not in
                     {"für", "und", "der", "des", "e.", "e.V."}), len(words))  # fmt: skip
        name = " ".join(words[:stop])
        name = re.split(r",\s+(?=[a-zäöüß])", name, maxsplit=1)[0].strip(" ,")  # ", der …"
        if name and not is_type_word(name) and fold(name) not in _ARTICLES:
            out.append(name)
    return out


def _topic_items(span: str) -> list[str]:
    """Items of a list of titles: quoted ones split at their closing quotes (robust to a missing
    opening quote), plain ones at commas and "und"/"sowie", quotes kept whole."""
    if span[:1] in "„“\"»":  # fmt: skip
        items = re.split(r"[“”\"«]\s*(?:,|und|sowie|oder|&)\s*", span)
        items[-1] = re.split(r"[“”\"«]", items[-1].lstrip("„“\"»"), maxsplit=1)[0]  # fmt: skip
    else:
        quoted = {f"\x00{i}\x00": q for i, q in enumerate(QUOTED_NAME.findall(span))}
        for token, q in quoted.items():
            span = re.sub(rf"[„“\"»]{re.escape(q)}[“”\"«]", token, span, count=1)
        items = re.split(r",\s*|\s+(?:sowie|und|oder)\s+", _TOPIC_END.sub("", span.rstrip(".!")))
        for token, q in quoted.items():
            items = [i.replace(token, q) for i in items]
        items = [re.sub(r"^(?:ein|eine|einen|der|die|das|den)\s+", "", i) for i in items]
    items = [i.strip(" „“\"»«.") for i in items]  # fmt: skip
    return [i for i in items if i and len(i.split()) <= 12]


def _role(text: str, name: str, bullet: bool) -> tuple[str, bool]:
    """(role, introduced by it?): "• X, Rolle …", "X, Rolle,", "X vom Verband", "Rolle X"."""
    pos = text.find(name)
    after = text[pos + len(name) :]
    found = re.match(r"\s*,\s*(.+)", after) if bullet else _APPOSITION.match(after)
    role = (found.group(1) or found.group(2) or "") if found else ""
    if role and not any(role.startswith(p) for p in find_people(role)):
        return role.strip(" ,;."), True
    words = re.sub(r"(?:(?:Prof|Dr|Dipl)\.\s*)+$", "", text[:pos]).split()
    if words and _ROLE_NOUN.search(words[-1]) and words[-1].split("-")[-1][:1].isupper():
        if len(words) >= 3 and words[-2] == "und" and _ROLE_NOUN.search(words[-3]):
            return " ".join(words[-3:]), False
        return words[-1], False
    return "", False


def _people(text: str) -> list[str]:
    """`find_people` plus first names with a surname that is a first name too, when a role
    comes with them ("Thomas Wagner, Oberbürgermeister", "Ministerin Anna Beck")."""
    people = find_people(text)
    for m in _NAMED_ROLE.finditer(text):
        role, first, last = m.group(3, 1, 2) if m.group(1) else m.group(4, 5, 6)
        name = f"{first} {last}"
        if is_first_name(first) and _ROLE_NOUN.search(role) and name not in people:
            people.append(name)
    return people


def _place_facts(unit: Unit, has_date: bool, named: bool = False) -> Iterator[tuple[str, Fact]]:
    """Cities and venues of a sentence about the event; a named venue gives its city too. A
    city after another event's name ("beim Verwaltungsforum Allgäu in Kempten") is that
    event's, unless the sentence names this series too."""
    text = unit.text
    yield from (("city", fact(c, unit)) for c in _cities(text)
                if named or not _at_other_event(text, c))
    cue = PLACE_CUE.search(text)
    for m in (*_VENUE_IS.finditer(text), *_VENUE.finditer(text)):
        run = m.group(1)
        near_cue = cue is not None and 0 <= m.start() - cue.end() <= 12
        if PLACE_CUE.match(run) or not (near_cue or any(map(_VENUE_WORD.search, run.split()))):
            continue
        if NOT_A_CITY_AFTER.match(text, m.end(1)):
            continue  # "in Halle 3": a hall of the venue, not the city Halle
        yield "venue", fact(run, unit, m.span())
        yield from (("city", fact(w, unit)) for w in run.split() if _cities(f"in {w}"))
    if cue or has_date:
        yield from (("venue", fact(m.group(0), unit, m.span())) for m in _NEAR.finditer(text))


def _at_other_event(text: str, city: str) -> bool:
    for m in re.finditer(AT_EVENT + r"((?:[A-ZÄÖÜ][\w-]+\s+){1,4})in\s+" + re.escape(city), text):
        words = m.group(1).split()
        if any(is_type_word(w) for w in words) and not (
            len(words) == 1 and is_type_word(words[0], bare=True)
        ):  # "beim OZG-Praxistag in Würzburg", not "beim Kongress in Kiel"
            return True
    return False


def _organiser_facts(unit: Unit) -> Iterator[tuple[str, Fact]]:
    text = unit.text
    for m in _ORG_IS.finditer(text):
        yield from (("organiser", fact(o, unit)) for o in _orgs(text[m.end() :]))
    for m in (m for pattern in _ORG_PHRASES for m in pattern.finditer(text)):
        yield from (("organiser", fact(o, unit, m.span())) for o in m.groups() if o)
    for m in _OFFERS.finditer(text):
        if is_type_word(m.group(2)):
            yield "organiser", fact(m.group(1), unit, m.span())
    for m in _BRAND_EVENT.finditer(text):  # "die zweitägige Prosoz-Veranstaltung"
        if fold(m.group(1)) not in _NOT_SERIES | {"informations", "netzwerk", "jahres", "tages"}:
            yield "organiser", fact(m.group(1), unit, m.span())
    for pattern in _PATRON:
        yield from (("patron", fact(m.group(1), unit, m.span())) for m in pattern.finditer(text))


def spot_fields(
    unit: Unit, has_date: bool, named: bool, year: int | None
) -> Iterator[tuple[str, Fact]]:
    """Every (field, fact) one unit states; which edition it belongs to is the caller's call.
    `has_date`: the unit states an event date; `named`: it names the series. Places count only
    in sentences about the event and without people (a city next to a name is an employer)."""
    text, folded = unit.text, fold(unit.text)
    eventful = has_date or named or bool(EVENTFUL.search(folded) or PLACE_CUE.search(text))
    people = _people(text)
    if eventful and (has_date or not people) and not unit.bullet and not names_no_venue(text):
        yield from _place_facts(unit, has_date, named)
    yield from _organiser_facts(unit)
    if eventful or people or "verfolg" in folded or "zuschalt" in folded:
        for value, pattern in _FORMATS.items():
            m = pattern.search(text)
            if m and not (value == "online" and "Anmeld" in text):  # "Anmeldung online"
                yield "format", fact(value, unit, m.span())
    yield from role_facts(unit)
    for m in _MOTTO.finditer(text):
        yield "motto", fact(m.group(1) or m.group(2), unit, m.span())
    for m in _TOPIC_CUE.finditer(text):
        yield from (("topics", fact(t, unit)) for t in _topic_items(text[m.end() :]))
    if _REGISTRATION.search(text):
        yield from (("registration", f) for f in _registration(unit, year))
    cue = bool(_SPEAKER_CUE.search(unit.chunk.body))
    for name in people:  # a speaker: in a paragraph about talks, or introduced with a role
        role, introduced = _role(text, name, unit.bullet)
        if cue or introduced:
            yield "speakers", fact(f"{name} – {role}" if role else name, unit)


def _registration(unit: Unit, year: int | None) -> list[Fact]:
    """Cost, fee, deadline, URL or e-mail of a registration sentence."""
    text = unit.text
    found = [fact("kostenfrei", unit)] if _FREE.search(text) else []
    found += [fact(f"Teilnahmegebühr {m.group(0)}", unit, m.span())
              for m in re.finditer(r"\d+(?:,\d{2})?\s*(?:Euro|EUR|€)", text)]  # fmt: skip
    deadlines = [m for m in find_dates(text, default_year=year) if _UNTIL.search(text[: m.start])]
    found += [fact(f"Anmeldeschluss {m.first:%d.%m.%Y}", unit, (m.start, m.end)) for m in deadlines]
    if "nmeld" in text or "egistr" in text:
        found += [fact(m.group(0).rstrip("."), unit, m.span())
                  for m in [*_URL.finditer(text), *_EMAIL.finditer(text)]]  # fmt: skip
        found = found or [fact("Anmeldung möglich", unit)]
    return found


def spot_contacts(chunk_units: Sequence[Unit]) -> Iterator[Fact]:
    """Name (with role lines), phone and e-mail from the block after a "Kontakt" line, or the
    items of a one-line "Kontakt: Name, Tel. …, mail@…"."""
    for i, unit in enumerate(chunk_units):
        head = _CONTACT_HEAD.match(unit.text)
        if head and head.group(1):
            yield from (fact(item, unit) for item in head.group(1).split(", "))
        elif head:
            name: list[Unit] = []
            numbers = False  # name and role lines come before phone and e-mail
            for u in chunk_units[i + 1 :]:
                if len(u.text) > 80:
                    break
                if _EMAIL.search(u.text) or _PHONE.search(u.text):
                    numbers = True
                    yield fact(u.text, u)
                elif len(name) < 4 and not numbers:
                    name.append(u)
            if name:
                role = " ".join(u.text for u in name[1:])
                quote = unit.chunk.text[name[0].start : name[-1].end]
                value = f"{name[0].text} – {role}" if role else name[0].text
                yield Fact(value, unit.chunk.doc_id, unit.chunk.chunk_id, quote)

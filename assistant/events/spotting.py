"""Spotting event facts in units: places, organisers, people, fees and the other fields
(event dates are read in `events.dating`).

Which edition a unit talks about is decided in `events.editions`; here each unit is only read
for what it states. The rules are phrased in press-release German (event nouns like
"Fachtagung", "Veranstalter ist", "am … in …", "Unter dem Motto „…“"), never in the words of
particular documents, so they carry over to releases not seen yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.events.dating import EVENTFUL, UNTIL
from assistant.events.roles import role_facts
from assistant.events.series import _ARTICLES, _NOT_SERIES, is_type_word
from assistant.events.units import Fact, Unit, fact
from assistant.text.analysis import fold
from assistant.text.dates import find_dates
from assistant.text.eventnouns import QUOTED_NAME
from assistant.text.facts import NOT_A_CITY_AFTER, PLACE_CUE, find_places
from assistant.text.names import find_people, is_first_name
from assistant.text.roles import AT_EVENT, names_no_venue

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
    deadlines = [m for m in find_dates(text, default_year=year) if UNTIL.search(text[: m.start])]
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

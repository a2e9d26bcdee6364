"""Answers about *when* and *where*: the event's date (never the release date, a deadline, a
postponed or cancelled date stated as if it held), its city, the place and time of the part of
it a conversation is about, whether it is online or on site, and the date a release was
published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering import phrasing
from assistant.answering.edition_choice import NEXT
from assistant.answering.knowledge import Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.selection import Scored
from assistant.answering.slots import CUES, has_value
from assistant.answering.subject import question_words
from assistant.answering.units import AnswerUnit
from assistant.text.analysis import fold, raw_tokens
from assistant.text.dates import DateMention, find_dates, infer_year
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import find_places
from assistant.text.intents import Slot
from assistant.text.matching import matcher
from assistant.text.relative import relative_dates
from assistant.text.roles import (
    CALLED_OFF,
    UNRELATED,
    apart_from_event,
    date_role,
    follows_other_event,
    mentions_plan,
    precedes_other_event,
    side_event,
)
from assistant.text.times import find_times, time_span


def _doc_year(request: GenerationRequest, doc_id: str) -> int | None:
    passages = [p for p in request.passages if p.doc_id == doc_id]
    if not passages:
        return None
    text = "\n".join(p.body for p in sorted(passages, key=lambda p: p.position))
    return infer_year(text, passages[0].title)


#: "Anpassung der Gebühren zum 01.01.2027": the day a change takes effect, no event's.
_TAKES_EFFECT = re.compile(r"(?<!bis )\bzum\s+$", re.IGNORECASE)


def date_answer(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit],
                label: str) -> str:  # fmt: skip
    """ "X findet am … (von … bis … Uhr) in … statt [k]." from the best event-date mention."""
    language, today = request.info.language, request.today
    subject = request.subject
    year = (subject.year if subject is not None else None) or target.year
    wants_planned = request.ask is not None and request.ask.planned
    years: dict[str, int | None] = {}
    candidates: list[tuple[float, AnswerUnit, DateMention, str]] = []
    label_words = {w.lower() for w in label.split() if len(w) > 3}
    asked = _asked_words(request, target, label)
    for unit in units:
        if unit.filler or unit.dateline or unit.contact or UNRELATED.search(unit.text) or (
                apart_from_event(unit.text) is not None):  # "… – nicht beim nächsten Forum"
            continue  # "Die Sitzung … findet nicht an diesem Tag, sondern am …": not its date
        doc_id = request.passages[unit.index].doc_id
        if doc_id not in years:
            years[doc_id] = _doc_year(request, doc_id)
        written = find_dates(unit.text, default_year=years[doc_id])
        published = request.passages[unit.index].published
        relative = []
        if all(date_role(unit.text, m) == "published" for m in written):
            relative = relative_dates(unit.text, published)  # "am vergangenen Donnerstag"
        for mention in [*written, *relative]:
            role = date_role(unit.text, mention)
            if role in ("deadline", "review", "published") or _TAKES_EFFECT.search(
                    unit.text[: mention.start]):
                continue
            own = {fold(w) for w in label_words}
            if follows_other_event(unit.text[: mention.start], own) or precedes_other_event(
                unit.text[mention.end :], own
            ):
                continue
            if year and year not in (mention.first.year, mention.last.year) and not (
                target.start is not None and target.start in (mention.first, mention.last)
            ):  # "Digitalpreis 2026" awarded on 21 January 2027
                continue
            if mention.raw[:1].isalpha() and mention not in relative:  # "Juni 2027": no day
                continue
            # a day it was planned for only when no other day is found (the new day may stand
            # bare in a letter's block: "Mittwoch, 12. Mai 2027, 9:30 bis 16:00 Uhr")
            score = {"new": 3.0, "event": 2.0, "planned": 0.0}[role]
            if wants_planned:
                score = {"new": 0.0, "event": 1.0, "planned": 3.0}[role]
            score += 1.0 if CUES[Slot.DATE].search(unit.text) else 0.0
            event = target.event
            if event is not None and event.start != event.end and (
                    mention.first, mention.last) == (event.start, event.end):
                score += 1.0  # "14./15. April 2027", the days the catalog holds: not one workshop
            score -= 2.0 if side_event(unit.text, mention) else 0.0  # "Am Vorabend … Empfang"
            score += (
                0.5 * sum(w in unit.text.lower() for w in label_words) / max(1, len(label_words))
            )
            score -= 0.02 * unit.order
            if asked:  # "… in Bettenhausen?" of a series held in several parts of town
                found = matcher(unit.text)
                score += 1.5 * sum(found.has(w) for w in asked) / len(asked)
            candidates.append((score, unit, mention, role))
    if not candidates:
        return ""
    candidates.sort(key=lambda c: -c[0])
    _, unit, mention, role = candidates[0]
    if mention.last < today and NEXT.search(fold(request.question)):
        return ""  # "wann ist der nächste Kongress?": not the date of the one that was
    k = unit.index + 1
    if request.ask is not None and request.ask.slot == Slot.DURATION and role != "planned":
        return _duration(label, mention, k, language)
    doc_text = " ".join(u.text for u in units).lower()
    if role == "planned" and wants_planned:
        when = phrasing.on_date(mention.first, mention.last, language)
        if language == "en":
            return f"{label} was originally planned {when} [{k}]."
        return f"{label} war ursprünglich {when} geplant [{k}]."
    if role == "planned" and CALLED_OFF.search(doc_text):
        when = phrasing.on_date(mention.first, mention.last, language)
        if language == "en":
            return f"{label} was planned {when} but has been cancelled [{k}]."
        return f"{label} war {when} geplant, wurde aber abgesagt [{k}]."
    if role == "planned":
        return phrasing.quote(unit.text, k, language, mention.start)
    first, last = mention.first, mention.last
    end = target.event.end if target.event is not None else None
    if target.start == first and end and end > last:
        # "Der erste Tag, Dienstag, 27. April …" or "beginnt am 8. Juni um 9:30 Uhr" of a
        # two-day summit: both its days, and neither the first day's hours nor its city
        sentence = phrasing.takes_place(label, first, end, today, language, "", "")
        return phrasing.with_marker(sentence, k)
    times = _times(unit.text, mention, language)
    cities = list(dict.fromkeys(f.value for f in target.event.city)) if target.event else []
    in_unit = [c for c in cities if c in unit.text] or list(find_places(unit.text))
    # the city of the dated sentence; the event's only city; never one city of a tour
    where = in_unit[0] if in_unit else cities[0] if len(cities) == 1 and not unit.key_value else ""
    sentence = phrasing.takes_place(label, mention.first, mention.last, today, language,
                                    where, times)  # fmt: skip
    return phrasing.with_marker(sentence, k)


def _cancelled(target: Target) -> bool:
    event = target.event
    return event is not None and any(f.value == "abgesagt" for f in event.facts("status"))


def _times(text: str, mention: DateMention, language: str) -> str:
    span = time_span(text[mention.end :]) or time_span(text)
    if span is None:
        return ""
    first, last = span
    if language == "en":
        return f"{first.value}–{last.value}" if last else f"at {first.value}"
    if last is not None:
        return f"von {first.german.removesuffix(' Uhr')} bis {last.german}"
    return f"um {first.german}"


#: A release reporting after its event: "Mehr als 310 Gäste beim …", "… zieht Bilanz".
_REVIEW_TITLE = re.compile(r"rückblick|bilanz|nachbericht|gäste beim|kamen|war ein|erfolgreich"
                           r"|premiere gefeiert|zieht|übertr|besucht|\bso war\b", re.IGNORECASE)


def _title(request: GenerationRequest, doc_id: str) -> str:
    return next((p.title for p in request.passages if p.doc_id == doc_id), "")


def published_answer(request: GenerationRequest, target: Target | None,
                     units: Sequence[AnswerUnit]) -> str:  # fmt: skip
    """The release's own date: its date line or publication metadata."""
    language = request.info.language
    docs = list(target.doc_ids) if target is not None else []
    if re.search(r"ruckblick|nachbericht|bilanz|bericht|review|report", fold(request.question)):
        docs.sort(key=lambda d: not _REVIEW_TITLE.search(_title(request, d)))  # the report's
    for doc_id in docs or [p.doc_id for p in request.passages[:1]]:
        mine = sorted((i, p) for i, p in enumerate(request.passages) if p.doc_id == doc_id)
        mine.sort(key=lambda ip: ip[1].position)
        if not mine:
            continue
        index, first = mine[0]
        if first.published is not None:
            when = phrasing.date_text(first.published, first.published, language)
            if language == "en":
                return f"The press release „{first.title}“ was published on {when} [{index + 1}]."
            k = index + 1
            return f"Die Pressemitteilung „{first.title}“ wurde am {when} veröffentlicht [{k}]."
    return ""


def _asked_words(request: GenerationRequest, target: Target, label: str) -> list[str]:
    """The words of a German question (or the one a follow-up continues) that ask about one
    part of the event rather than name it: "die Ergebnisse", "in Bettenhausen"."""
    subject = request.subject
    if subject is None or request.info.language == "en":
        return []
    held_in = {fold(f.value) for f in target.event.city} if target.event is not None else set()
    words = subject.words or question_words(request.standalone)[0]  # "und wo? (wann ist …)"
    named = matcher(label)  # "smarte" names "Smarter Landkreis", inflected
    return [w for w in words if w not in target.names and w not in held_in
            and not w.isdigit() and not is_type_word(w) and not named.has(w)]


def part_answer(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit],
                label: str, slot: Slot) -> str | None:  # fmt: skip
    """The place or time of the part of the event a follow-up's conversation is about ("und wo
    genau?" after "wann ist die Werkstatt in Bettenhausen?"): that part's dated sentence; ""
    when it states no place or time (another part's would be a wrong answer); None when no
    part is asked about."""
    if request.subject is None or request.subject.words:
        return None  # a follow-up's: a question of its own names what it asks about
    asked = _asked_words(request, target, label)
    start, year = target.start, target.year or request.today.year
    if not asked or start is None:
        return None
    parts: list[AnswerUnit] = []
    for unit in units:
        if not unit.quotable or unit.contact or not any(matcher(unit.text).has(w) for w in asked):
            continue
        if re.search(r"\w\*(\s|$)", unit.text):  # "Suhl* Dienstag, 09.03.2027 …": see its note
            continue
        roles = {d: date_role(unit.text, d) for d in find_dates(unit.text, default_year=year)}
        days = [d for d, role in roles.items() if role in ("event", "new")]
        if days and not any(d.first <= start <= d.last for d in days):  # another day's
            parts.append(unit)
    if not parts:
        return None
    part = parts[0]
    stated = find_times(part.text) if slot == Slot.START else has_value(Slot.PLACE, part.text)
    return phrasing.quote(part.text, part.index + 1, request.info.language) if stated else ""


def place_answer(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit],
                 label: str, venue_only: bool = False) -> str:  # fmt: skip
    """ "X findet in C statt [k]." from the sentence naming the event's city: the catalog's city
    fact if one of the units quotes it, else the first event sentence naming a city; with the
    venue's sentence or address block where the release names one. `venue_only`: the question
    asks for the building, so the city alone is no answer."""
    language, today = request.info.language, request.today
    known = [f for f in target.event.city] if target.event is not None else []
    chosen: tuple[AnswerUnit, str] | None = None
    for fact in known:
        unit = next((u for u in units if u.quotable and fact.value in u.text
                     and (u.text in fact.quote or fact.quote in u.text)), None)  # fmt: skip
        if unit is not None:
            chosen = (unit, fact.value)
            break
    if chosen is None:
        for unit in units:
            places = find_places(unit.text) if unit.quotable and not unit.contact else ()
            if places and CUES[Slot.DATE].search(unit.text):
                chosen = (unit, places[0])
                break
    venue = _venue_unit(request, target, units)
    block = _venue_block(request, target, units)
    if block:
        if chosen is None or chosen[1] in block:
            return block
        venue = None
    if venue_only and not block and venue is None:
        return ""
    if chosen is None:
        if venue is None:
            return ""
        return phrasing.quote(venue[0].text, venue[0].index + 1, language, venue[1])
    unit, city = chosen
    if venue is not None and city in venue[0].text:  # "… im Kongresshaus X in C statt."
        return phrasing.quote(venue[0].text, venue[0].index + 1, language, venue[1])
    past = target.start is not None and (target.event.end or target.start) < today  # type: ignore[union-attr]
    if target.start is None:
        past = bool(re.search(r"\b(fand|fanden|kamen|war|waren|trafen)\b", unit.text))
    if _cancelled(target):  # "fand in Greifswald statt" would state what never happened
        if language == "en":
            return f"{label} was to take place in {city} but has been cancelled [{unit.index + 1}]."
        return f"{label} sollte in {city} stattfinden, wurde aber abgesagt [{unit.index + 1}]."
    if language == "en":
        verb = "took place" if past else "takes place"
        said = f"{label} {verb} in {city} [{unit.index + 1}]."
    else:
        verb = "fand" if past else "findet"
        said = f"{label} {verb} in {city} statt [{unit.index + 1}]."
    if venue is not None and venue[0] is not unit:
        said += " " + phrasing.quote(venue[0].text, venue[0].index + 1, language, venue[1])
    if block:
        said += " " + block
    return said


_PLACE_HEADING = re.compile(r"^\W*(veranstaltungsort|tagungsort|austragungsort|ort|location"
                            r"|venue|adresse)\W*$", re.IGNORECASE)  # fmt: skip
_PLACE_LINE = re.compile(r"^\W*(Veranstaltungsort|Tagungsort|Austragungsort|Ort|Wo|Adresse|Venue"
                         r"|Location)\s*[:·]\s*(?!online|digital|virtuell)(.{6,140}\d.*)$",
                         re.IGNORECASE)  # fmt: skip
_POSTCODE_LINE = re.compile(r"^(D-)?\d{5}\s+[A-ZÄÖÜ]")


def _venue_block(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit]) -> str:
    """An address block under a "Veranstaltungsort" heading ("Kongresszentrum X / Straße 12 /
    04103 Leipzig"): the lines up to the postcode line, else the first line only."""
    wanted = set(target.doc_ids)
    for unit in units:  # "• Ort: Fördehalle, Kaistraße 54, 24114 Kiel" on one line
        line = _PLACE_LINE.match(unit.text)
        if line and request.passages[unit.index].doc_id in wanted and not unit.contact \
                and not mentions_plan(unit.text):  # "Ort: Bürgerzentrum … (abgesagt)"
            lead = "Venue" if request.info.language == "en" else line.group(1)
            return f"{lead}: {line.group(2).rstrip('.')} [{unit.index + 1}]."
    for i, unit in enumerate(units):
        if not _PLACE_HEADING.match(unit.text):
            continue
        if request.passages[unit.index].doc_id not in wanted:
            continue
        lines = [u for u in units[i + 1 : i + 5] if u.index == unit.index]
        lines = [u for u in lines if len(u.text) <= 80 and not u.contact]
        end = next((k for k, u in enumerate(lines) if _POSTCODE_LINE.match(u.text)), None)
        taken = lines[: end + 1] if end is not None else lines[:1]
        if not taken:
            continue
        lead = "Venue" if request.info.language == "en" else unit.text.strip(" :")
        text = ", ".join(u.text.rstrip(".,") for u in taken)
        return f"{lead}: {text} [{unit.index + 1}]."
    return ""


def _venue_unit(request: GenerationRequest, target: Target,
                units: Sequence[AnswerUnit]) -> tuple[AnswerUnit, int] | None:  # fmt: skip
    """The sentence naming the event's venue (a hall, a centre, a hotel: where visitors go,
    which the city alone does not tell), with the venue's offset; never one that looks back
    on another year's edition."""
    if target.event is None:
        return None
    year = (request.subject.year if request.subject is not None else None) or target.year
    for fact in target.event.venue:
        if fact.role == "planned" or find_places(f"in {fact.value}") == (fact.value,):
            continue  # a city read as a venue ("Halle") says nothing the city does not
        for unit in units:
            if not unit.quotable or unit.contact or fact.value not in unit.text:
                continue
            if not (unit.text in fact.quote or fact.quote in unit.text):
                continue
            years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", unit.text)}
            if year and years and year not in years:
                continue
            return unit, unit.text.find(fact.value)
    return None


_DAYS_DE = ("einen Tag", "zwei Tage", "drei Tage", "vier Tage", "fünf Tage", "sechs Tage",
            "sieben Tage")  # fmt: skip
_DAYS_EN = ("one day", "two days", "three days", "four days", "five days", "six days", "seven days")


def _duration(label: str, mention: DateMention, k: int, language: str) -> str:
    """ "X dauerte zwei Tage (19. und 20. April 2023) [k]." from the event's date range."""
    days = (mention.last - mention.first).days + 1
    when = phrasing.date_text(mention.first, mention.last, language)
    if language == "en":
        length = _DAYS_EN[days - 1] if days <= 7 else f"{days} days"
        return f"{label} lasted {length} ({when}) [{k}]."
    length = _DAYS_DE[days - 1] if days <= 7 else f"{days} Tage"
    return f"{label} dauerte {length} ({when}) [{k}]."


_PLANNED_FOR = re.compile(r"\b(geplant|soll|sollen|vorgesehen|angekündigt|folgt)\b", re.I)


def planned_for(ranked: Sequence[Scored], label: str) -> Scored | None:
    """For an edition the catalog lacks: the sentence of its own series that says what is
    planned ("Der fünfte Kongress … ist für 2027 in Dresden geplant und soll in der KW 23
    stattfinden"), quoted as it stands; never one about another event of the release."""
    own = {w for w in raw_tokens(label) if len(w) >= 4 and not w.isdigit()}
    return next((r for r in ranked[:3] if _PLANNED_FOR.search(r.unit.text)
                 and (own & set(raw_tokens(r.unit.text)) or names_next(r.unit.text))),
                None)  # fmt: skip


def names_next(text: str) -> bool:
    """ "Der nächste Landeskongress soll …": the release's own series, by its event noun."""
    return any(is_type_word(m.group(1)) or m.group(1).lower() in ("ausgabe", "auflage")
               for m in re.finditer(r"\b(?:nächste|kommende)\w*\s+([\w-]+)", text, re.I))


_ONLINE = re.compile(r"\bonline|livestream|stream|virtuell|digital (teilnehm|dabei)", re.IGNORECASE)
_ON_SITE = re.compile(r"vor ort|präsenz|persönlich|begegnen", re.IGNORECASE)


def both_formats(request: GenerationRequest, units: Sequence[AnswerUnit]) -> str:
    """ "online oder vor Ort?": the sentence on each, when a release says both."""
    question = fold(request.question)
    if not (re.search(r"online|stream|digital", question) and re.search(r"vor ort|prasenz|person",
                                                                         question)):  # fmt: skip
        return ""
    online = next((u for u in units if u.quotable and _ONLINE.search(u.text)), None)
    on_site = next((u for u in units if u.quotable and _ON_SITE.search(u.text)
                    and u is not online), None)  # fmt: skip
    picked = [u for u in (online, on_site) if u is not None]
    if len(picked) == 1 and _ON_SITE.search(picked[0].text) and _ONLINE.search(picked[0].text):
        return phrasing.quote(picked[0].text, picked[0].index + 1, request.info.language)
    if len(picked) < 2:
        return ""
    language = request.info.language
    return " ".join(phrasing.quote(u.text, u.index + 1, language) for u in picked)

"""Which part of a release answers: a newsletter or programme lists several events, each
under its own heading ("1. Fachtag „E-Akte …“", "2. Online-Seminar „…“"), and a question
about one of them must be answered from its section only — the fee, date and room of the
next block belong to another event. A question naming another event than its subject (see
`wording.names_another_event`) is answered only by sentences naming that event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from assistant.answering.knowledge import Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.selection import Scored
from assistant.answering.slots import REGISTERS, count_roles
from assistant.answering.subject import is_frame
from assistant.answering.units import TICKER, AnswerUnit
from assistant.answering.when_asked import on_asked_day
from assistant.answering.wording import (
    asked_cities,
    names_another_event,
    names_event_beside,
    names_other_event,
    other_event_words,
)
from assistant.text.analysis import STOPWORDS, fold, name_stems, raw_tokens
from assistant.text.dates import YEAR, find_dates
from assistant.text.eventnouns import QUOTED_NAME, is_type_word
from assistant.text.facts import edition_numbers
from assistant.text.intents import Slot
from assistant.text.matching import codes, matcher
from assistant.text.relative import PAST_TENSE
from assistant.text.roles import (
    PAGE_LINE,
    UNRELATED,
    follows_other_event,
    precedes_other_event,
    without_dateline,
)

#: "1. Fachtag „…“", "Online-Seminar: …": an enumerator, then the event noun early on.
_ENUMERATOR = re.compile(r"^\W*(\d{1,2}[.)]\s*)?")


def scope(
    request: GenerationRequest, target: Target | None, units: Sequence[AnswerUnit]
) -> tuple[Target | None, list[AnswerUnit], set[str]]:
    """The target to name in the answer (None: the answer may not use its facts), the units
    that may answer, and the question words that only name the event they are about."""
    in_section = section_of(request, target, list(units))
    if in_section[2]:  # the question names one event section of a release: that one answers
        return in_section
    other = names_another_event(request, target) if target is not None else None
    if other == [] and target is not None:  # a city the event's facts lack …
        stations = _station_rows(request, target, units)
        if stations:  # … but a row of its own programme or tour: "Straubing · 23.03.2027 · …"
            return target, stations, set()
    if other is not None:  # another event, named: only sentences naming it answer
        kept = [u for u in units if other and all(matcher(u.text).has(w) for w in other)]
        if other == [] and target is not None:  # "auf der Kommunalmesse X … in Chemnitz"
            cities = asked_cities(request)
            kept = [u for u in units if names_other_event(u.text, target)
                    and any(matcher(u.text).has(c) for c in cities)]  # fmt: skip
        return None, kept, set()
    return target, list(units), set()


def _station_rows(
    request: GenerationRequest, target: Target, units: Sequence[AnswerUnit]
) -> list[AnswerUnit]:
    """Key/value rows of the event's release that name an asked city and a date or time of
    the event's year (a tour's stations), never a row of another year."""
    cities = asked_cities(request)
    rows = []
    for unit in units:
        if not unit.key_value or not any(matcher(unit.text).has(c) for c in cities):
            continue
        years = {int(y) for y in YEAR.findall(unit.text)}
        dated = bool(find_dates(unit.text, default_year=target.year)) or "uhr" in unit.text.lower()
        if dated and (not years or target.year is None or target.year in years):
            rows.append(unit)
    return rows


def _starts_section(unit: AnswerUnit) -> bool:
    """A numbered line or a heading that starts with an event noun ("2. Online-Seminar „…“");
    not a label line ("E-Mail: …", "Schlagwörter: Kongress, …") nor a sentence."""
    if unit.heading and TICKER.match(unit.text):
        return True  # a newsletter's items, each its own: "+++ VEREIN: KI-STAMMTISCH +++"
    numbered = bool(_ENUMERATOR.match(unit.text).group(1))  # type: ignore[union-attr]
    text = _ENUMERATOR.sub("", unit.text)
    if len(unit.text) > 110 or text.rstrip("“”\"» ").endswith(".") or unit.key_value:
        return False
    if not (numbered or unit.heading) or re.match(r"^[^„“\"]{0,30}:\s", text):
        return False
    words = re.findall(r"[\w-]+", text)[:2]
    # "Digitaler Fachtag „…“" (an adjective first), not "Team Fachtagungen – F. Lehmann"
    return bool(words) and (is_type_word(words[0]) or (
        len(words) == 2 and is_type_word(words[1])
        and (words[0].isdigit() or words[0].endswith(("er", "e", "es", "en")))))


def section_of(
    request: GenerationRequest, target: Target | None, units: list[AnswerUnit]
) -> tuple[Target | None, list[AnswerUnit], set[str]]:
    """Units of the one section whose heading the question names best, where a release has
    several event sections; the target only if that section is about it."""
    question = request.standalone or request.question
    label_words = set(raw_tokens(target.label)) if target is not None else set()
    # "die Digitalwoche": the whole week, not its "Digitale …" section, while a word of a
    # heading itself ("die Digitalsprechstunde") picks that section before a stem does
    words = {w for w in raw_tokens(question) if w not in label_words and not is_frame(w)
             and w not in STOPWORDS and len(w) >= 4}  # fmt: skip
    asked = name_stems(" ".join(words))
    best: tuple[int, int, int] | None = None  # (score, first order, end order)
    tie = False
    by_doc: dict[str, list[AnswerUnit]] = {}
    for unit in units:
        by_doc.setdefault(request.passages[unit.index].doc_id, []).append(unit)
    for doc_units in by_doc.values():
        starts = [u for u in doc_units if _starts_section(u)]
        if len(starts) < 2:
            continue
        last = max(u.order for u in doc_units) + 1
        ends = [s.order for s in starts[1:]] + [last]
        # a plain heading after a section ("In eigener Sache") ends it too
        ends = [min([e, *(u.order for u in doc_units if u.heading and s.order < u.order < e)])
                for s, e in zip(starts, ends, strict=True)]
        spans = [(s, e) for s, e in zip(starts, ends, strict=True) if e - s.order >= 3]
        if len(spans) < 2:
            continue  # "1. Preis …", "2. Preis …": rows of a table, not event sections
        for start, end in spans:
            head_words = set(raw_tokens(start.text))
            score = len(asked & name_stems(start.text)) + 2 * len(words & head_words)
            if best is None or score > best[0]:
                best, tie = (score, start.order, end), False
            elif score == best[0]:
                tie = True
    if best is None or best[0] == 0 or tie:
        return target, units, set()
    score, first, end = best
    heading = next(u for u in units if u.order == first)
    kept = [u for u in units if first <= u.order < end]
    own = target is not None and bool(name_stems(target.label) & name_stems(heading.text))
    title = request.passages[heading.index].title  # "FDSV-Rundbrief": names the release
    return (target if own else None), kept, set(raw_tokens(f"{heading.text} {title}"))


#: An earlier year named in passing: "führt wie schon 2025 …", "Nach der Premiere 2024 …".
_IN_PASSING = re.compile(
    r"\b(wie (schon|bereits|auch)( im( jahr)?)?|seit( dem jahr)?|nach (der|dem) \w+( \w+)?"
    r"|im vergleich zu|gegenüber)\s*$"
    r"|\(\s*$",  # "… etwa 11.000 Besucher (2026 waren es gut 9.400)": a comparison aside
    re.IGNORECASE,
)


@lru_cache(maxsize=20_000)  # the same release sentences come back question after question
def _after_dateline(text: str) -> str:
    return without_dateline(text, find_dates(text))


#: A question about an earlier edition than its subject: "im Vorjahr", "letztes Mal".
_ASKS_BACK = re.compile(r"vorjahr|davor|vergangen|letzt|previous|before|ruckblick|last time")


def same_edition(units: Sequence[AnswerUnit], request: GenerationRequest) -> list[AnswerUnit]:
    """Units about the asked edition: not a look back at an earlier one, and none that names
    only other years when a year is asked ("2019 kamen 300 Gäste" answers nothing about 2020)."""
    subject = request.subject
    year = subject.year if subject is not None else None
    target = subject.target if subject is not None else None
    asked_year = year
    if year is None and target is not None:
        year = target.year
    # "Code@Rathaus 2026" moved to March 2027: the year it is held in is its own too
    held = {target.start.year} if target is not None and target.start is not None else set()
    asks_back = bool(_ASKS_BACK.search(fold(request.question)))
    other = other_event_words(request)  # "das Digitalforum Nordhessen" in passing: keep it
    rare = _rare_asked_words(request, subject.target if subject is not None else None)
    asked_codes = codes(request.question)  # "Durchgang DS-2027-1" on the 2026 run's page
    out = []
    for unit in units:
        text = QUOTED_NAME.sub("„“", _after_dateline(unit.text))  # „Der Bauantrag 2030“: a title
        years = {int(y) for y in YEAR.findall(text) if not _IN_PASSING.search(
            text[: text.find(y)][-30:])}  # fmt: skip
        named = (bool(other) and all(matcher(unit.text).has(w) for w in other)) or any(
            matcher(unit.text).has(w) for w in rare) or bool(
            asked_codes and asked_codes & codes(unit.text))  # codes read only when one is asked
        earlier = (asks_back and asked_year is None and year is not None
                   and min(years or {year}) < year)  # "letztes Mal", no year resolved
        if year is not None and years and year not in years and not years & held \
                and not unit.key_value and not named and not earlier:
            continue
        if unit.review and not asks_back and (year is None or str(year) not in unit.text):
            continue
        out.append(unit)
    return out


def same_ordinal(units: Sequence[AnswerUnit], request: GenerationRequest) -> list[AnswerUnit]:
    """ "Wann ist der vierte X?" about a release on the third: only the sentences that name
    the fourth answer ("Einen Termin für die vierte Auflage gibt es noch nicht")."""
    asked = edition_numbers(request.question)
    if len(asked) != 1:
        return list(units)
    every = [(u, edition_numbers(u.text)) for u in units]
    numbered = [(u, numbers) for u, numbers in every if numbers]
    naming = [u for u, numbers in numbered if asked <= numbers]
    titled = any(asked <= edition_numbers(request.passages[u.index].title) for u in units)
    if naming and not titled and any(_ANNOUNCED.search(u.text) for u in naming):
        return naming  # "Ein zweiter Bürgerdialog soll im Frühjahr folgen": not this one
    if not numbered or len(naming) == len(numbered):
        return list(units)  # the release numbers no edition, or only the asked one
    own = _opening_with(numbered, asked, request)
    return [u for u, numbers in every
            if asked <= numbers or (not numbers and request.passages[u.index].doc_id in own)]


def _opening_with(numbered: Sequence[tuple[AnswerUnit, frozenset[int]]], asked: frozenset[int],
                  request: GenerationRequest) -> set[str]:
    """Releases whose first numbered sentence names the asked edition ("Zwei Wochen nach der
    ersten Werkstatt …"): their own edition, which their unnumbered sentences are about too,
    though an outlook on the second one follows."""
    first: dict[str, tuple[int, frozenset[int]]] = {}
    for unit, numbers in numbered:
        doc = request.passages[unit.index].doc_id
        if doc not in first or unit.order < first[doc][0]:
            first[doc] = (unit.order, numbers)
    return {doc for doc, (_, numbers) in first.items() if asked <= numbers}


#: A sentence announcing a numbered edition still to come.
_ANNOUNCED = re.compile(r"\bsoll\w*\b.*\b(folgen|stattfinden)\b|\b(folgt|folgen) (im|am|in)\b"
                        r"|\bist (für|im) .{0,40}geplant\b|\bangekündigt\b", re.IGNORECASE)


def _bare_kinds(text: str) -> set[str]:
    """The kinds of event the bare event nouns of a text name ("Seminar", "Forum"; not
    "Nordforum"), one per group of nouns releases use for the same event ("Kongress",
    "Tagung", "Konferenz"); "Veranstaltung" names none."""
    out = set()
    for w in raw_tokens(text):
        if is_type_word(w, bare=True):
            kind = next((g for g, group in enumerate(_KIND_GROUPS)
                         if any(k in w for k in group)), w)  # "Fachkongress" too
            out.add(str(kind))
    return out - {"veranstaltung", "veranstaltungen", "event", "events", "treffen", "termin"}


_KIND_GROUPS = (("kongress", "tagung", "konferenz", "fachtag", "symposium", "gipfel", "summit",
                 "convention", "jahrestagung"),
                ("seminar", "workshop", "werkstatt", "webinar", "schulung", "kurs"))


_WHEN_WHERE = frozenset({Slot.DATE, Slot.START, Slot.END, Slot.PLACE, Slot.VENUE})


def sub_event_asked(request: GenerationRequest, target: Target | None,
                    units: Sequence[AnswerUnit]) -> list[str]:  # fmt: skip
    """An event noun of another kind than the target's that the question names and a dated
    sentence of its release names too ("wann ist das Auftakt-Webinar zum Hackathon?"): the
    question asks for that part's date or place, not the event's."""
    subject = request.subject
    if subject is None or target is None:
        return []
    own = _own_kinds(request, target, units)
    if not own:
        return []  # the release does not say what kind of event it is
    return [w for w in subject.words if (kinds := _bare_kinds(w)) and not kinds & own
            and any(u.quotable and matcher(u.text).has(w) and find_dates(u.text, 2000)
                    for u in units)]  # fmt: skip


def _own_kinds(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit]) -> set[str]:
    """The kinds of event a release calls its event: by its label, its titles, and the noun
    before its quoted name ("Fachtag „Digitaler Bauantrag“ 2027" under a title "Regieplan")."""
    titles = " ".join(p.title for p in request.passages if p.doc_id in target.doc_ids)
    series = target.event.series if target.event is not None else ""
    before = [m.group(1) for u in units for m in re.finditer(
        r"(\w+)\s+[„\"»]?" + re.escape(series), u.text)] if series else []
    return _bare_kinds(" ".join([target.label, titles, *before]))


def _rare_asked_words(request: GenerationRequest, target: Target | None) -> list[str]:
    """Question words naming another event the release names in passing ("auf der
    Kommunalmesse KommTec"): a sentence with one is what the question asks about, whatever
    its year."""
    subject, ask = request.subject, request.ask
    if subject is None or target is None or ask is None or ask.slot not in _WHEN_WHERE:
        return []  # a count or a programme of another year stays another year's
    return [w for w in subject.words
            if w not in target.names and names_event_beside(w, request, target)]  # fmt: skip


def of_this_event(ranked: Sequence[Scored], request: GenerationRequest, target: Target | None,
                  slot: Slot) -> list[Scored]:  # fmt: skip
    """The ranked units that may state this event's own count or date: not another edition's
    count, nor a sentence whose every date belongs to an event it names beside it ("… stellen
    am 28. Januar beim Netzwerktreffen „Offene Daten“ vor" does not date the hackathon), nor
    one that sets another event apart ("Unabhängig vom Sprechtag lädt … zu einem Infoabend")
    unless the question asks about that one; nor a row of another day than one the question
    names ("Wer spricht am 20. Januar?"), nor the end row for a start ("16:00 Uhr – Ende")."""
    ranked = on_asked_day(ranked, request, slot)
    if slot == Slot.START:
        ranked = [s for s in ranked if not END_ROW.match(s.unit.text)]
    if target is not None and not other_event_words(request):
        named = [w for w in raw_tokens(request.question) if is_type_word(w)]
        ranked = [s for s in ranked if not UNRELATED.search(s.unit.text)
                  or any(w in fold(s.unit.text) for w in named)]  # fmt: skip
    if slot == Slot.PARTICIPANTS:
        return counts_of_this_edition(ranked, request, target)
    if slot == Slot.FEE and target is not None and target.event is not None:
        return _fees_of_this_event(ranked, request, target.event.start, target.event.end)
    if slot not in (Slot.DATE, Slot.START) or target is None:
        return list(ranked)
    own = {fold(w) for w in target.label.split() if len(w) > 3}
    asked = _rare_asked_words(request, target)
    event = target.event
    if slot == Slot.START and event is not None and event.start is not None and not asked \
            and not REGISTERS.search(fold(request.question)):  # not "ab wann anmelden?"
        # "Technikprobe · Di, 27.01.2027" the day before, "Workshops am 15.04.2027" on the
        # second day: neither is when the event starts
        ranked = [s for s in ranked
                  if not (full := [m for m in find_dates(s.unit.text) if m.year_explicit])
                  or any(m.first == event.start for m in full)]  # fmt: skip
    return [s for s in ranked if not (dates := find_dates(s.unit.text, default_year=2000)) or any(
        not follows_other_event(s.unit.text[: m.start], own)
        and not precedes_other_event(s.unit.text[m.end :], own) for m in dates)
        or any(matcher(s.unit.text).has(w) for w in asked)]  # "wann ist die KommTec?"


#: The row that closes a day's programme ("16:00 Uhr – Ende"): when it ends, not begins.
END_ROW = re.compile(r"\W*\d{1,2}[.:]\d\d\s*(uhr)?\s*[–—-]\s*(ende|schluss)\b", re.IGNORECASE)


def _fees_of_this_event(ranked: Sequence[Scored], request: GenerationRequest,
                        start: date | None, end: date | None) -> list[Scored]:
    """Without the price rows listed under a lead-in dated to another day than the event's
    ("Workshoptag (8. März 2027), zusätzlich:" before "• Behörden: 120 Euro"): those are the
    prices of a part on its own day, unless the question names that part."""
    if start is None:
        return list(ranked)
    end = end or start
    asked = fold(request.question)
    lines_of: dict[str, list[str]] = {}  # each release's lines, joined once per question
    keep = []
    for scored in ranked:
        doc = request.passages[scored.unit.index].doc_id
        if doc not in lines_of:
            mine = [p for p in request.passages if p.doc_id == doc]
            lines_of[doc] = "\n".join(p.text for p in sorted(mine, key=lambda p: p.position))\
                .split("\n")
        lead = _lead_in(scored.unit.text, lines_of[doc])
        dates = find_dates(lead, default_year=start.year) if lead else []
        other = dates and all(m.last < start or m.first > end for m in dates)
        named = lead and any(len(w) > 4 and fold(w) in asked for w in re.findall(r"\w+", lead))
        if not other or named:
            keep.append(scored)
    return keep or list(ranked)


def _lead_in(item: str, lines: Sequence[str]) -> str:
    """The line that introduces the list `item` belongs to ("… zusätzlich:"), or ""."""
    if not item.startswith("• "):
        return ""
    item = item[2:].strip()
    for i, line in enumerate(lines):
        if item and item in line:
            for above in reversed(lines[:i]):
                if above.strip() and not above.lstrip().startswith(("•", "-", "*")):
                    return above.strip() if above.rstrip().endswith(":") else ""
    return ""


def counts_of_this_edition(
    ranked: Sequence[Scored], request: GenerationRequest, target: Target | None
) -> list[Scored]:
    """Without the counts a release states in the past tense before its event took place
    ("Rund 300 Führungskräfte gingen … der Frage nach" in an announcement): those are an
    earlier edition's, never this one's attendance. Nor the count of an event of another
    kind than the one asked ("Wie viele besuchten das Seminar?" ← "… hatte das Forum … 520
    Gäste")."""
    asked = _bare_kinds(request.question)
    if asked:
        ranked = [s for s in ranked
                  if not (kinds := _bare_kinds(s.unit.text)) - asked or kinds & asked]
    start = target.start if target is not None else None
    if start is None or _ASKS_BACK.search(fold(request.question)):
        return list(ranked)  # "wie viele waren es letztes Mal?": the earlier count is asked
    out = []
    for scored in ranked:
        published = request.passages[scored.unit.index].published
        roles = count_roles(scored.unit.text)
        if (published is not None and published < start and roles and "expected" not in roles
                and PAST_TENSE.search(scored.unit.text)):  # fmt: skip
            continue
        out.append(scored)
    return out


#: A page's own line: when it was published, in which section ("Rubrik"), by whom.
def asked_rows(request: GenerationRequest, units: Sequence[AnswerUnit]) -> list[AnswerUnit]:
    """The rows of a dated table or list the question picks by a word ("… in Greifswald", "das
    Online-Finale"): a tour's or programme's other rows answer nothing about it. Other units
    stay when no row is picked."""
    rows = [u for u in units if u.key_value and u.text.count(" · ") >= 2 and not u.dateline
            and not PAGE_LINE.match(u.text)  # "Veröffentlicht am 24.11.2026 · Rubrik: …"
            and (find_dates(u.text) or "uhr" in u.text.lower())]  # fmt: skip
    dated_items = [u for u in units if u.text.startswith("• ") and find_dates(u.text)]
    if len(dated_items) >= 3:  # a list of dates and places ("• Do, 6. Mai … – Uchte …")
        rows += dated_items
    if len(rows) < 2:
        return list(units)
    asked = request.standalone or request.question  # "und wo? (infoabend mönkhagen)"
    target = request.subject.target if request.subject is not None else None
    own = {w[:6] for w in raw_tokens(target.label)} if target is not None else set()
    words = {w[:6] for w in raw_tokens(asked)
             if len(w) >= 3 and not w.isdigit() and not is_frame(w)}  # "Hof" is a city too
    words -= own  # the event's own name picks no row of its own list …
    titles = " ".join(request.passages[u.index].title for u in units[:1])
    words -= {w[:6] for w in raw_tokens(titles) if is_type_word(w)}  # … nor what kind it is
    if target is not None:  # "wann ist der Fachtag X?" of a "Fachtag „X“": its kind, no row
        kinds = _own_kinds(request, target, units)
        words -= {w[:6] for w in raw_tokens(asked) if _bare_kinds(w) & kinds}
    picked = [u for u in rows if words & {w[:6] for w in raw_tokens(u.text)}]
    if target is not None and target.year is not None:  # "• Beim ersten Demo Day am 14. …
        picked = [u for u in picked if not (dates := find_dates(u.text)) or any(  # 2024": an
            m.first.year == target.year for m in dates)]  # earlier edition's row picks nothing
    return picked if 0 < len(picked) < len(rows) else list(units)

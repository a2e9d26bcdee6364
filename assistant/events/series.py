"""Series names of events ("Kongress „Innovatives Management“", "Nordl@nder-Kongress"): which
capitalised run of a release names its series, and the inflection-free key that compares them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

from assistant.events.units import Unit
from assistant.records import Document
from assistant.text.analysis import fold
from assistant.text.dates import MONTHS_READ, YEAR, name_years
from assistant.text.eventnouns import QUOTED_NAME, generic_compound, is_type_word
from assistant.text.facts import find_places

_LINKS = {"für", "und", "in", "an", "auf", "der", "des", "von"}
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "zum", "zur", "beim", "vom", "am", "im"}
_NOT_SERIES = {"online", "hybrid", "prasenz", "live", "digital", "fach", "abend", "auftakt",
               "ende", "anfang", "mitte", "beginn", "winter", "sommer", "fruhjahr", "herbst",
               "fruhling", "jahr", "jahres", "stand", "anmeldung", "pressemitteilung",
               "einladung", "ruckblick", "programm", "save", "date", "neuer", "termin", "neu",
               "aktuelles", "hinweis", "kontakt", "ort", "zeit", "uhr", "teilnahme", "kosten",
               "bilanz", "ausblick", "reihe", "pressemitteilungen", "presseinformation",
               "pressemeldung", "medienmitteilung", "newsletter", "fruhsommer", "spatsommer",
               "hochsommer", "fruhherbst", "spatherbst", "jahresende", "jahresbeginn",
               "quartal", "halbjahr",
               # a sentence's first word before a year ("Für 2027 ändern sich …")
               "fur", "ab", "seit", "bis", "nach", "vor", "uber", "mit", "auch", "bereits",
               "schon", "erst", "noch", "im", "am", "um", "in"}
_MONTHS = {fold(m) for _, m in MONTHS_READ}  # "März 2027", "March 2027", "Feber 2027"
#: A word that cannot be a series name on its own ("Werkstatt Verwaltung" is not "Verwaltung").
_GENERIC_REST = {"verwaltung", "digital", "digitales", "kommune", "kommunen", "stadt", "zukunft",
                 "innovation", "praxis", "daten", "nord", "sud", "west", "ost", "mitte", "region"}
_NEW = {"neu", "neur", "neus"}  # folded "Neue …", "Neuer …": new, not so named
_ORDINAL = re.compile(r"(erst|zweit|dritt|viert|funft|sechst|siebt|siebent|acht|neunt|zehnt"
                      r"|elft|zwolft)(e|en|er|es|em)")
_ORG_SUFFIX = re.compile(r"\s*(g?GmbH|e\.\s?V\.|AöR|mbH|AG|KG|SE|eG|Stiftung)\b")
_TITLE_PARTS = re.compile(r"\s[–—-]\s|:\s")
#: Capitalised words joined by a link word before a name's last run ("Verwaltung im " of
#: "Verwaltung im Takt 2027"): the name begins there.
_LINKED_HEAD = re.compile(r"(?:[A-ZÄÖÜ][\w-]*\s+)+(?:im|am|für|und|auf)\s+$")
_PLACE_TAIL = re.compile(r"\s+(?:in|im|am|an der|auf|bei|nach)\s+(?=[A-ZÄÖÜ])")


@lru_cache(maxsize=100_000)  # catalog lookups key every event's series per question
def series_key(name: str) -> tuple[str, ...]:
    """Inflection-free key: "Digitalen Aufbruch" and "Digitaler Aufbruch" → (digital, aufbruch)."""
    return _key_words(name)


def _key_words(text: str) -> tuple[str, ...]:
    """`series_key` of any text, uncached: a whole release is keyed once, not kept."""
    words = [_nominative(w) for w in re.findall(r"[a-z0-9]+", fold(text))]
    return tuple(re.sub(r"(es|er|en|em|e)$", "", w) if len(w) > 5 else w for w in words)


def _genitive(name: str) -> bool:
    return any(_nominative(w) != w for w in re.findall(r"[a-z0-9]+", fold(name)))


def _nominative(word: str) -> str:
    """An event noun without its genitive "s" ("des Kommunalen Digitalgipfels Niedersachsen"
    is the series "Kommunaler Digitalgipfel Niedersachsen"), wherever it stands in the name."""
    if len(word) > 6 and word.endswith("s") and not word.endswith("ss") \
            and is_type_word(word[:-1]):
        return word[:-1]
    return word


def _clean_name(name: str) -> str:
    """Without leading articles and bare type words ("Kongress Innovatives Management") or a
    hyphenated type suffix ("Nordl@nder-Kongresses"); "" if nothing name-like is left."""
    words = name.strip(" .,;:–-„“\"").split()  # fmt: skip
    if words and fold(words[0]) == "uhr":
        return ""  # "09:30 Uhr Einlass Kongress": a timetable's line, no series
    if len(words) > 1:  # "des 3. Kommunalkongresses Digitale Verwaltung": named in the nominative
        words[0] = re.sub(r"(ss|tag|forum|gipfel|treffen)(es|s)$", r"\1", words[0])
    while len(words) > 1 and (
        fold(words[0]) in _ARTICLES | _NEW or _ORDINAL.fullmatch(fold(words[0]))
        or re.fullmatch(r"\d{1,2}\.", words[0])  # "2. Talheimer Verwaltungsdigitaltag"
    ):
        words = words[1:]  # "Zweite Lüneburger Digitalwoche" is the series' second edition
    while len(words) > 1 and is_type_word(words[0], bare=True) and not (
        len(words) == 2 and fold(words[1]) in _GENERIC_REST
    ):
        words = words[1:]  # "Kongress Innovatives X" → "Innovatives X"; "Werkstatt Verwaltung" too
    if words and "-" in words[-1] and is_type_word(words[-1].rsplit("-", 1)[1]):
        head = words[-1].rsplit("-", 1)[0]
        if len(words) > 1 or fold(head) not in _NOT_SERIES | _GENERIC_REST:
            words[-1] = head  # "Nordl@nder-Kongresses"; not "Digital-Sprechstunde" → "Digital"
    name = " ".join(words).rstrip(".")
    plain = re.findall(r"[a-z0-9]+", fold(name))
    if find_places(f"in {name}") == (name,) or not any(len(w) >= 3 for w in plain):
        return ""  # "Messe Augsburg" names a place
    if len(plain) == 1 and plain[0] in _GENERIC_REST:
        return ""  # "Verwaltung 2027" in "Preis für digitale Verwaltung 2027" names no series
    return "" if all(w in _MONTHS or w in _NOT_SERIES or w.isdigit() for w in plain) else name


def _runs(text: str) -> Iterator[tuple[str, int]]:
    """(run, end) for runs of capitalised words joined only by spaces (never across a colon)."""
    run: list[re.Match[str]] = []
    for m in [*re.finditer(r"[\w@][\w@.&\-]*", text), None]:
        capital = m is not None and (m.group(0)[0].isupper() or "@" in m.group(0))
        if m is not None and capital and (not run or text[run[-1].end() : m.start()].isspace()):
            run.append(m)
            continue
        if run:
            yield text[run[0].start() : run[-1].end()], run[-1].end()
        run = [m] if m is not None and capital else []


def _candidates(
    title: str, all_units: Sequence[Unit], near: int | None = None
) -> dict[tuple[str, ...], Counter[str]]:
    """Spellings of possible series names, weighted by where (title, heading) and how they are
    written: quoted after an event noun, before a year, behind a bare event noun."""
    forms: dict[tuple[str, ...], Counter[str]] = {}

    def add(raw: str, weight: int) -> None:
        name = _clean_name(raw)
        if name:
            forms.setdefault(series_key(name), Counter())[name] += weight

    for m in QUOTED_NAME.finditer(title):  # „Marlenhausen fragt“: Stadt startet Online-Reihe
        if not title[: m.start()].strip() or title[: m.start()].rstrip().endswith(":"):
            quoted = re.split(r"\s[–—]\s|:\s", m.group(1))[0]
            if not _sentence_like(quoted):
                add(_edition_free(quoted, near), 4)  # below a named event after it
    texts = [(s, 5) for s in _TITLE_PARTS.split(title) if s.strip()]  # the headline names it
    for text, weight in texts + [(u.text, 2 if u.heading else 1) for u in all_units]:
        for m in QUOTED_NAME.finditer(text):
            prev = (text[: m.start()].split() or [""])[-1]
            quoted = re.split(r"\s[–—]\s|:\s", m.group(1))[0]
            if _sentence_like(quoted):
                continue  # Kinder-Werkstatt „Wir bauen einen Sensor“ names a session
            if prev and is_type_word(prev):
                named = _edition_free(quoted, near)  # Kongress „X 2027“: an edition, named
                add(named, 3 + (named != quoted))
            elif _names_itself(quoted):  # Sonderprüfung „2. Talheimer Digitaltag“
                add(_edition_free(quoted, near), weight)
            elif fold(prev) in _ARTICLES and m.group(1)[:1].isupper() and len(m.group(1)) < 40:
                add(m.group(1), 1)  # zum „Digitalen Aufbruch“
        for m in _DAY_OF.finditer(text):  # "Tag der offenen Verwaltung": lower-case inside
            add(m.group(0), weight + 1)
        for m in _NOUN_OF.finditer(text):  # "Digitalgipfel der Länder": a genitive names it
            if is_type_word(m.group(1)) and not is_type_word(m.group(1), bare=True):
                add(m.group(0), weight + 1)
        quotes = [m.span(1) for m in QUOTED_NAME.finditer(text)]
        for run, end in _runs(text):
            words = run.split()
            if any(a < end - len(run) and end <= b for a, b in quotes):
                continue  # "Alltag" of „Digitale Verwaltung im Alltag 2026“ is a fragment
            lead = re.split(r"[.!?]\s", text[: end - len(run)])[-1]
            at = 2 if weight == 5 and "," in lead else weight  # "…, erster Landespreis X geht …"
            if _ORG_SUFFIX.match(text[end:]):
                continue  # "Forum Kommunalinnovation gGmbH" is an organisation, not an event
            year = re.match(rf"[\s“\"]*({YEAR.pattern})", text[end:])
            if year and int(year.group(1)) not in name_years(text, near):
                linked = _LINKED_HEAD.search(text[: end - len(run)])  # "Verwaltung im Takt"
                add((linked.group(0) if linked else "") + run, at + 1)  # Digitaler Aufbruch 2024
            if len(words) > 1 and is_type_word(words[0]) and not is_type_word(words[1]):
                add(run, at)  # Kongress Innovatives Management, Zukunftskongress Bayern
            elif any(is_type_word(w) and not is_type_word(w, bare=True) for w in words[:4]) and (
                len(words) > 1 or not generic_compound(words[0])  # not "Workshoptag am Vortag"
            ):
                add(" ".join(words[:5]), at)  # Verwaltungsdigitaltag Südniedersachsen
            elif "-" in words[-1] and is_type_word(words[-1].rsplit("-", 1)[1]):
                add(words[-1], 1)  # Nordl@nder-Kongress
            elif len(words) > 2 and any(is_type_word(w) for w in words[1:3]):
                add(run, at)  # Thüringer Fachkongress Kommunale Digitalisierung
    return forms


#: "Tag der offenen Verwaltung", "Tag der Verwaltungsdigitalisierung": a day's name, whose
#: article and adjective are lower case (so no run of capitalised words finds it).
_DAY_OF = re.compile(r"\bTag (der|des) ([a-zäöü]\w+ ){0,2}[A-ZÄÖÜ][\w-]+")
#: "Digitalgipfel der Länder", "Zukunftskongress des Landes": a compound event noun and the
#: genitive that names whose event it is.
_NOUN_OF = re.compile(r"\b([A-ZÄÖÜ][\w-]+) (?:der|des) (?:[a-zäöü]\w+ )?[A-ZÄÖÜ][\w-]+"
                      r"(?![\w-]|\s+[A-ZÄÖÜ])")  # not "… des Landkreises Hohenfelden": its host


#: Words that make a quoted phrase a sentence: pronouns, indefinite articles, question words.
_SENTENCE_WORDS = {"wir", "ich", "du", "ihr", "man", "uns", "unsere", "unser", "ein", "eine",
                   "einen", "einem", "einer", "was", "wie", "wer", "warum", "wozu", "wo", "we",
                   "our", "how", "what", "why", "you"}
#: A quote this long is a statement („12. … Tag bringt die digitale Gemeinde ins Rampenlicht“).
_SENTENCE_LENGTH = 8


def _names_itself(quoted: str) -> bool:
    """A quoted name holding a compound event noun („2. Talheimer Verwaltungsdigitaltag“):
    it names an event whatever word stands before it."""
    return any(is_type_word(w) and not is_type_word(w, bare=True) and not generic_compound(w)
               and not _PRIZE.search(fold(w)) for w in quoted.split()[:4])


#: A prize is awarded at an event, it is none („Landespreis Digitale Kommune“).
_PRIZE = re.compile(r"(preis|award|verleihung|wettbewerb)\w{0,2}$")


def _sentence_like(quoted: str) -> bool:
    """ "Wir bauen einen Sensor", "Was Verwaltung von Start-ups lernen kann": the title of a
    talk or session, not a series name (which may well be "Schule digital verwalten")."""
    words = [fold(w) for w in re.findall(r"\w+", quoted)]
    return (quoted.rstrip().endswith(("?", "!")) or bool(set(words) & _SENTENCE_WORDS)
            or len(quoted.split()) >= _SENTENCE_LENGTH)


def _edition_free(quoted: str, near: int | None) -> str:
    """A quoted name without its edition's year („Verwaltung.Digital.Gestalten 2027“), unless
    the year is part of the name („Verwaltung 2030“: "Verwaltung" alone names nothing)."""
    stripped = _without_edition_years(quoted, near).strip()
    return stripped if _clean_name(stripped) else quoted


def _without_edition_years(text: str, near: int | None) -> str:
    named = name_years(text, near)
    return YEAR.sub(lambda m: m.group(0) if int(m.group(0)) in named else "", text)


_MONTH_TAIL = re.compile(r",?\s*\b(?:im |in )?(?:"
                         + "|".join(m for _, m in MONTHS_READ)
                         + r")\s*$", re.IGNORECASE)


def series(document: Document, all_units: Sequence[Unit]) -> tuple[str, tuple[str, ...]]:
    """(display name, core key); the title's spelling wins when it extends the core name
    ("Nordl@nder.DIGITAL" over "Nordl@nder-Kongress")."""
    near = document.published.year if document.published else None
    forms = _candidates(document.title, all_units, near)
    prose = _key_words(" ".join([document.title, *(u.text for u in all_units
                                                    if not u.text.lstrip().startswith("•"))]))
    for key in list(forms):  # a name met only in a list of links (a sidebar's "related
        if not _mentioned(prose, key):  # news") names no event of this release
            del forms[key]
    if not forms:  # the headline, without its date ("…, March 2027", "im Mai 2027")
        name = _clean_name(_MONTH_TAIL.sub("", YEAR.sub("", document.title).rstrip()))
        return name, series_key(name)
    for key in list(forms):  # „Hack the Rathaus“ and "Hack the Rathaus Kiel": one name
        longer = [k for k in forms if k[: len(key)] == key and len(k) == len(key) + 1
                  and find_places(f"in {forms[k].most_common(1)[0][0].split()[-1]}")]
        if len(longer) == 1:
            spelling = forms[longer[0]].most_common(1)[0][0]
            forms[longer[0]][spelling] += sum(forms.pop(key).values())
    core = max(forms, key=lambda k: (sum(forms[k].values()), len(k)))
    # the most common spelling, a nominative one before a genitive ("… Digitalgipfels …")
    display = max(forms[core].items(), key=lambda f: (not _genitive(f[0]), f[1]))[0]
    for part in _TITLE_PARTS.split(document.title):
        # "Werkstatt X 2024 in Erfurt": the place after the name is the edition's, not the
        # series' (its next edition is elsewhere)
        part = _PLACE_TAIL.split(_without_edition_years(part, near))[0]
        name = _clean_name(part)
        key = series_key(name)
        if (
            key[: len(core)] == core
            and len(key) > len(core)
            and len(name.split()) <= 4
            and not any(w.isalpha() and w.islower() and w not in _ARTICLES | _LINKS
                        for w in name.split())  # a name, not "„Stadt 2040“ zieht Bilanz"
        ):  # fmt: skip
            display = name
    return display, core


def _mentioned(keys: tuple[str, ...], key: tuple[str, ...]) -> bool:
    return any(keys[i : i + len(key)] == key for i in range(len(keys) - len(key) + 1))


def series_mentions(text: str, core: tuple[str, ...]) -> Iterator[int | None]:
    """One item per mention of the series: the year written after it, or None."""
    words = list(re.finditer(r"[\w@]+", text))
    keys = [(series_key(w.group(0)) or ("",))[0] for w in words]
    for i in range(len(words) - len(core) + 1):
        if tuple(keys[i : i + len(core)]) == core:
            j = i + len(core)
            j += 1 if j < len(words) and is_type_word(words[j].group(0)) else 0
            year = words[j].group(0) if j < len(words) else ""
            yield int(year) if YEAR.fullmatch(year) else None


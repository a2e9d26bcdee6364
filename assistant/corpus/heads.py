"""What the head of a release says besides its text: the dateline (place and release date),
the title (never a kicker or breadcrumb line above it) and a source URL line.

Kept apart from `corpus.loader` because every reader (text, HTML, Markdown, PDF, Word) needs
the same reading of a release's first lines, and because these rules change with each new
export style staff bring, while loading files does not.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.text.dates import WEEKDAYS, find_dates
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import POSTCODE, date_line_place
from assistant.text.roles import (
    EVENT_DATE_LABELS,
    PAGE_LINE,
    PUBLISHING,
    TIMESTAMP,
    opening_dateline,
    without_dateline,
)

HEAD_LINES = 5  # where datelines and source lines are looked for
TITLE_MIN_CHARS = 4
_TITLE_MAX_CHARS = 150

_DATELINE_LABELS = ("stand", "datum", "veröffentlicht", "veröffentlicht am", "published", "date")
_SEPARATORS = ",·|–—-/"
#: "Meldung vom 12.11.2026", "Veranstaltungen · veröffentlicht am 12.11.2026"
_LABEL_END = re.compile(r"(^|[·|/–—])\s*(meldung|pressemitteilung|beitrag|artikel)?\s*"
                        r"(vom|veröffentlicht( am)?|erschienen( am)?|stand( der \w+)?|datum)\s*:?$",
                        re.I)
_SOURCE_LINE = re.compile(
    r"^(?:quelle|url|source|original|link)\s*:\s*(https?://\S+?)[.,;)]?$", re.IGNORECASE
)


#: A dateline's "am" or "den" after the place ("Linz, am …"): the place still ends at its comma.
_PLACE_AM = re.compile(r",\s*(am|den)$", re.IGNORECASE)


def _dateline_date(line: str) -> date | None:
    """The date of a header line like `Lübeck, 21. September 2023` or `25.07.2022 · Ministerium`.

    Only a single, fully dated day bordered by separators counts: a sentence
    such as `Der Kongress findet am 14. November 2023 statt` names an event,
    not the day of publication.
    """
    if len(line) > 120:
        return None
    for mention in find_dates(line):
        if mention.first != mention.last or not mention.year_explicit:
            continue
        prefix, suffix = line[: mention.start].strip(), line[mention.end :].strip()
        prefix = _PLACE_AM.sub(",", prefix)  # "Linz, am 30. November 2026", "Kiel, den …"
        prefix_ok = (
            not prefix
            or (prefix[-1] in _SEPARATORS and len(prefix.split()) <= 6)
            or prefix.rstrip(":").strip().casefold() in _DATELINE_LABELS
            or bool(_LABEL_END.search(prefix))
        )
        suffix_ok = not suffix or (suffix[0] in _SEPARATORS + "(" and len(suffix.split()) <= 10)
        if _EVENT_FIELD.search(prefix) or (re.search(r"\buhr\b", suffix, re.IGNORECASE)
                                           and not TIMESTAMP.search(suffix)):
            continue  # "Termin · Beginn · 10.02.2027, 09:30 Uhr" is the event's, not the release's
        if date_line_place(line):
            continue  # "Donnerstag, 10. Juni 2027 · Mannheim": a save-the-date's event line
        if prefix_ok and suffix_ok:
            return mention.first
    return None


#: The next line of an event's info block ("Uhrzeit: 9:30 …", "Ort: …").
_INFO_LINE = re.compile(r"^\W*(uhrzeit|zeit|beginn|ort|veranstaltungsort|tagungsort|wo)\s*:", re.I)
_EVENT_FIELD = re.compile(rf"\b({EVENT_DATE_LABELS}|ende|einlass|tag)\b", re.IGNORECASE)
#: Lines above the headline of web and press exports: kickers, breadcrumbs, labels.
_KICKER = re.compile(
    r"^\W*(pressemitteilung(en)?|presseinformation|pressemeldung|aktuelles|aktuell|news"
    r"|neuigkeiten|meldung|lokales|region|save the date|veranstaltungen|termine|einladung"
    r"|rückblick|ankündigung)\b[^.!?]{0,40}$|›|»|^\W*startseite\b|^\W*(foto|bild)\s*:",
    re.IGNORECASE,
)


def _head_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line][:HEAD_LINES]


#: "Veröffentlicht am 13.11.2026. Es gilt das gesprochene Wort.": the page's own date, said so.
_PUBLISHED_LABEL = re.compile(rf"\b({PUBLISHING})(\s+(am|on))?\s*:?\s*$", re.IGNORECASE)


def dateline(text: str) -> tuple[str, date | None]:
    """(the dateline, its date); a lead that opens with its dateline ("Gießen, 17.09.2024 –
    Die Premiere …") gives the date only: the rest of the line is the release's text."""
    lines = _head_lines(text)
    near = [line for line in text.split("\n") if line][: HEAD_LINES + 3]  # under the dateline
    labelled = next(((line, m.first) for line in near for m in find_dates(line)
                     if m.first == m.last and m.year_explicit
                     and _PUBLISHED_LABEL.search(line[: m.start])), None)  # fmt: skip
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        found = _dateline_date(line)
        if found and labelled and found != labelled[1]:
            return labelled  # a speech's "Ort, Saal, Tag" over "Veröffentlicht am …": its day
        if found and not _INFO_LINE.match(after):
            return line, found
        # "Datum: Dienstag, 23. Februar 2027" above "Uhrzeit: 9:30 …": the event's date
    for line in lines:
        opening = opening_dateline(line, find_dates(line[:80]))
        if opening is not None:
            return "", opening.first
    return _letter_dateline(text)


#: A letter's own line of place and day ("Beverstedt, 26. November 2026"), below its letterhead
#: and address block: a town, not a weekday, before the date, and no prose above it yet.
_LETTER_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w .()/-]{1,40},\s*((den|am)\s+)?"
                              r"\d{1,2}\.\s*\S+\s*\d{4}$")
_LETTER_HEAD = 30  # lines a letterhead, a reference block and an address may take


def _weekday_first(line: str) -> bool:
    first = line.split(",")[0].strip().casefold()
    return first == "sonnabend" or any(first == de for de, _ in WEEKDAYS)


def _letter_dateline(text: str) -> tuple[str, date | None]:
    addressed = False  # a letter's date stands below an address ("37691 Lauenrode"), where a
    # save-the-date's "Hameln, 12. März 2027" under its title is the event's
    for line in [line.strip() for line in text.split("\n") if line.strip()][:_LETTER_HEAD]:
        if re.search(r"[.!?:]$", line) and len(line.split()) >= 6:
            break  # the letter's text has begun: a date below it is no dateline
        found = _dateline_date(line) if addressed and _LETTER_DATELINE.match(line) else None
        if found and not _weekday_first(line) and not date_line_place(line):
            return line, found
        addressed = addressed or bool(POSTCODE.search(line))
    return "", None


def shorten(title: str) -> str:
    """A document without a headline would otherwise get a whole paragraph as title."""
    title = " ".join(title.split()).removeprefix("• ")
    if len(title) <= _TITLE_MAX_CHARS:
        return title
    return title[:120].rsplit(" ", 1)[0] + " …"


def _is_kicker(line: str) -> bool:
    """ "AKTUELLES", "Pressemitteilung", "Lokales | Ebern", "Startseite › Veranstaltungen":
    what a site prints above the headline; never the title itself."""
    words = line.split()
    shouting = len(words) <= 3 and line.upper() == line and any(c.isalpha() for c in line)
    return bool(_KICKER.search(line)) or shouting


#: Letterheads, mastheads and page furniture above a headline: a postal address, a press
#: office, a numbered release or issue, a file reference, a section label, a byline, an
#: address line of a letter, cookie banners and skip links.
_FURNITURE = re.compile(
    r"\b\d{5}\s+[A-ZÄÖÜ]|\b(?i:pressestelle|aktenzeichen|ressort|rubrik|kategorie|cookies?)\b"
    r"|\b(?i:nr)\.\s*\d+\s*/\s*\d{4}\b|\bAusgabe\s+\d{1,3}\s*/"
    r"|^\W*(?i:zum inhalt)|^\W*(?:Von|By)\s+[A-ZÄÖÜ]\w+\s+[A-ZÄÖÜ]|(?:\s\|\s.*){2}|^An die\b"
    r"|^(?:Von|An|Cc|Bcc|Datum|Gesendet|From|To|Sent|Date):"  # an e-mail's header lines
    r"|[|·]\s*(?:Von|By)\s+[A-ZÄÖÜ]"
    r"|^\W*(?i:sperrfrist|embargo|frei zur veröffentlichung|veröffentlichung frei)\b"
    r"|·.*\b(?i:seite|s\.)\s*\d{1,3}\s*$"  # a newspaper's masthead: "… · Seite 14"
)
_SUBJECT = re.compile(r"^(?:Betreff|Subject|Aw|Re|Fwd?|Wg):\s*", re.IGNORECASE)
_HEAD_SCAN = 10  # lines that may hold a headline naming the event
_LEAD_CHARS = 200  # a line this long is the lead paragraph: the headline stands above it


def _names_event(line: str) -> bool:
    """A headline says which event it is about: an event noun or a quoted name (not a quoted
    sentence: „Wir wollen keine Folien“ is what someone said); a teaser of whole sentences,
    a breadcrumb or a line that continues a sentence is no headline."""
    if re.search(r"[.!?]\s+[A-ZÄÖÜ]|\.$|[›»|·]|\d\s*Uhr\b", line):
        return False
    if not line.lstrip("„“\"»")[:1].isupper():
        return False
    quotes = re.findall(r"[„“\"»]([^„“”\"»«]{3,})[“”\"«]", line)
    return any(is_type_word(w.strip("„“\"»«:,.!?()")) for w in line.split()) or any(
        sum(w.isalpha() and w.islower() and len(w) > 3 for w in q.split()) <= 1 for q in quotes
    )


def _label_like(line: str) -> bool:
    """ "Die Chefin der Staatskanzlei", "Stadt Altmühlried · Stabsstelle Ehrenamt": a sender's
    name above the headline, not a headline (which has a verb, a colon or a question)."""
    return not re.search(r"[.!?:;]", line) and len(line.split()) <= 7


def extract_title(text: str) -> str:
    """The headline, not the letterhead, masthead, kicker or dateline above it; among the short
    lines above the lead, the first that names an event ("Einladung zum Digitalgipfel 2027"
    under "Die Chefin der Staatskanzlei")."""
    fallback = ""
    lines: list[str] = []  # candidate headlines, in order
    named: list[str] = []  # those naming an event
    for number, line in enumerate(line for line in text.split("\n") if line.strip()):
        line = _SUBJECT.sub("", line)
        if (len(line) > _LEAD_CHARS and (lines or named)) or (number >= _HEAD_SCAN and lines):
            break
        mentions = find_dates(line[:80])
        rest = without_dateline(line, mentions) if opening_dateline(line, mentions) else line
        if re.match(r"[„\"A-ZÄÖÜ0-9]", rest):
            line = rest  # "Wetzlar, 27.11.2026 – Zweiter KI-Tag …"
        if (
            len(line) < TITLE_MIN_CHARS
            or _SOURCE_LINE.match(line)
            or _dateline_date(line)
            or _FURNITURE.search(line)
            or PAGE_LINE.match(line)  # "Veröffentlicht am 01.12.2026, 06:45 Uhr | Von …"
        ):
            continue
        if _is_kicker(line):
            fallback = fallback or line
            if _names_event(line) and any(is_type_word(w) for w in line.split()[1:]):
                named.append(line)  # "Einladung zum Digitalgipfel der Länder 2027"
            continue
        lines.append(line)
        if _names_event(line) and len(line) <= _TITLE_MAX_CHARS:
            named.append(line)
    if lines and not _label_like(lines[0]):
        named = []  # "DIGITALISIERUNG. WO BLEIBT …?!" is a headline, the line below it a subtitle
    return shorten((named or lines or [fallback])[0])


def source_url(text: str) -> str | None:
    lines = [line for line in text.split("\n") if line]
    for line in lines[:HEAD_LINES] + lines[-HEAD_LINES:]:
        match = _SOURCE_LINE.match(line)
        if match:
            return match[1]
    return None

"""Answer units: the sentences and key/value lines of a release that an answer may quote, and
the clutter it never quotes.

Real exports are full of text that answers nothing: "Alle Informationen … finden Sie hier",
breadcrumbs, "Seite drucken", photo credits, date lines, share buttons, contact blocks, and
fragments a naive splitter leaves ("… gestaltet haben:", "(Vitako) und das …"). Each unit is
classified here once, so every answer path agrees on what may be quoted. Key/value lines of
event pages ("Termin · Beginn · 04.12.2025, 09:30 Uhr") are units of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.records import Passage
from assistant.text.dates import find_dates
from assistant.text.facts import date_line_place
from assistant.text.roles import EVENT_DATE_LABELS, LOOK_BACK, TIMESTAMP
from assistant.text.sentences import split_sentences

_FILLER = re.compile(
    r"(informationen|details|infos)\b.{0,80}\bfinden sie\b|finden sie (hier|unter|auf)\b"
    r"|^\W*(zur|zum) (anmeldung|veranstaltungsseite|programm|webseite|übersicht)\W*$"
    r"|^\W*(mehr|weitere) (informationen|infos)\W*$|hier (klicken|anmelden|geht)"
    r"|teilen sie|^\W*teilen\b|seite drucken|\bmerken\W*$|in den kalender|zurück zur"
    r"|^startseite|›|»\s*$|^\W*(foto|fotos|bild|bilder|quelle|grafik)\s*:|©|fotografie\b"
    r"|pressefotos|zum herunterladen|newsletter|impressum|cookie|datenschutzerklärung"
    r"|hinweis für die redaktion|^\W*(pressemitteilung|aktuelles|lokales|save the date"
    r"|detailansicht|beschreibung|programm( \(auszug\))?|hinweise)\W*$"
    r"|^\W*(#|\[bookmark)|zuletzt aktualisiert|^\W*(zurück|weiter|drucken)\W*$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"\b(tel\.?|telefon|fax|e-mail|mail)\s*[:.]?\s*[+\d(]|[\w.+-]+@[\w-]+\.\w+"
    r"|^\W*(presse)?kontakt\b|^\W*ansprechpartner"
    r"|\bpressestelle\b|presse- und öffentlichkeitsarbeit",  # a press office's address line
    re.IGNORECASE,
)
#: A line that states a deadline or a link is a fact, though it has no verb.
_STATES_UNTIL = re.compile(
    r"\b(bis|spätestens)\s+(zum\s+)?\d{1,2}\.|www\.|https?://", re.IGNORECASE
)
#: "Moderation: Katrin Lüders, …", "Referent: …": a label and its value, a fact.
_LABEL_LINE = re.compile(r"^[•–-]?\s*[A-ZÄÖÜ][\w*:/-]*(\s[\w*:/-]+){0,2}:\s+[\wÄÖÜäöü0-9„\"]")
#: A "word" longer than any German one; patterns that scan words would take quadratic time.
_GIANT = re.compile(r"\S{80,}")
#: "Mitglieder des FSVD: 320 Euro", "Frühbucherpreis (bis 30. April 2027): 390 Euro": a label
#: and a value with a number, one line of a price or facts list (no heading, no fragment).
_LABELLED = re.compile(r"^[•–-]?\s*[^:]{2,60}:\s+(?=[^:]*\d)[^:]{1,60}$")
_KEY_VALUE = re.compile(r"^[^·:]{2,40}\s·\s")
_VERB_HINT = re.compile(
    r"\b(ist|sind|war|waren|wird|werden|wurde|wurden|hat|haben|hatte|hatten|findet|fand|gibt"
    r"|gab|kann|können|soll|sollen|muss|lädt|lud|kamen|kommen|beginnt|endet|startet|kostet"
    r"|läuft|bietet|steht|stand|spricht|sprach|hält|hielt|eröffnet|moderiert|führt|diskutier"
    r"|stellt|stellte|berichtet|erhalten|erhält|gilt|liegt|lag|zeigt|trifft|trafen|geht"
    r"|\w+(ierte?|eten|te|ten))\b",
    re.IGNORECASE,
)


#: A key/value line of the event's own date ("Termin · Beginn · 04.12.2025"), no dateline.
_EVENT_LABEL = re.compile(rf"\b({EVENT_DATE_LABELS}|ende|uhr)\b", re.I)


@dataclass(frozen=True)
class AnswerUnit:
    """One quotable piece of a passage (`index` into the request's passages)."""

    index: int
    text: str
    order: int  # reading order within its document
    heading: bool = False
    filler: bool = False
    contact: bool = False
    key_value: bool = False
    fragment: bool = False
    dateline: bool = False
    question: bool = False  # a rhetorical question of the release ("Wie beantrage ich …?")
    review: bool = False  # about an earlier edition ("Im vergangenen Jahr kamen …", "Rückblick")

    @property
    def quotable(self) -> bool:
        return not (self.filler or self.fragment or self.dateline or self.question)


def _asks(piece: str) -> bool:
    """A rhetorical question of the release; not a statement that ends in the questions it
    lists ("Carsten Köppl … beantwortet Fragen wie: Wie gelingt …?")."""
    if not piece.rstrip("“”\"» ").endswith("?"):
        return False
    head = piece.rsplit(": ", 1)[0] if ": " in piece else ""
    return not (len(head.split()) >= 4 and re.search(r"\bFragen?\b|\bfragt\b|\bwie\b", head)
                and not head.rstrip().endswith("?"))


def answer_units(passages: Sequence[Passage]) -> list[AnswerUnit]:
    """Units of the passages, in their documents' reading order, each once."""
    out: list[AnswerUnit] = []
    seen: set[tuple[str, str]] = set()
    for index, passage in sorted(enumerate(passages), key=lambda p: (p[1].doc_id, p[1].position)):
        for text, flags in _units_of(passage.body):
            key = (passage.doc_id, text)
            if key in seen:
                continue
            seen.add(key)
            out.append(AnswerUnit(index, text, len(out), **flags))
    return out


#: A newsletter's ticker heading, framed by the same marks: "+++ KI-STAMMTISCH … +++".
TICKER = re.compile(r"^([+*=#~]{3,})\s*[\w\"„].{2,}?\1$")


@lru_cache(maxsize=20_000)
def _units_of(body: str) -> tuple[tuple[str, dict[str, bool]], ...]:
    units: list[tuple[str, dict[str, bool]]] = []
    lines = _attach_roles([line.strip() for line in body.split("\n") if line.strip()])
    reviewing = False  # under a "Rückblick" heading, until the next heading
    for i, line in enumerate(lines):
        ticker = bool(TICKER.match(line))  # "+++ VERBAND: FACHTAG … +++" heads one item
        key_value = not ticker and (bool(_KEY_VALUE.match(line)) or bool(_LABELLED.match(line)))
        whole = key_value or ticker or bool(_TIMED.match(line))  # a programme row stays one unit
        pieces = [line] if whole else list(split_sentences(line))
        for piece in pieces:
            piece = " ".join(piece.split())
            if len(piece) < 3:
                continue
            heading = ticker or (
                len(pieces) == 1
                # a list's item with a fact ("• Teilnahme kostenfrei"), not a menu's "• English"
                and not (piece.startswith("•") and len(piece.split()) > 2)
                and not key_value
                and len(piece) <= 100
                and not piece.rstrip('“”"»').endswith((".", "!", "?", ":", ";"))
                and not _VERB_HINT.search(piece[1:])
                and not _STATES_UNTIL.search(piece)  # "Anmeldung bis 5. September 2025 unter …"
                and not _LABEL_LINE.match(piece)  # "Moderation: Katrin Lüders, Kiel"
                and not _FACT_LINE.search(piece)  # "Weserspeicher, Hafenstraße 14, 12345 X"
                and not ROW_TIME.match(piece)  # "10:10 · 5' · Einführung · Moderation: X"
            )
            probe = _GIANT.sub(" ", piece)  # pasted image data: no pattern may scan it
            if heading:
                reviewing = bool(LOOK_BACK.search(probe))
            units.append((piece, {
                "review": reviewing or bool(LOOK_BACK.search(probe)),
                "heading": heading,
                # a programme row is no filler ("09:40 · Einführung · Hinweis Fotografie")
                "filler": bool(_FILLER.search(probe)) and not ROW_TIME.match(piece),
                "contact": bool(_CONTACT.search(probe)),
                "key_value": key_value,
                "fragment": _fragment(probe, lines[i + 1] if i + 1 < len(lines) else "")
                or _header_row(piece),
                "dateline": _time_stamp(probe)
                or (not _EVENT_LABEL.search(probe) and _dateline(probe)),
                "question": _asks(piece),
            }))  # fmt: skip
    return tuple(units)


#: A venue's line in an event's block: its name, street and postcode ("Weserspeicher,
#: Hafenstraße 14, 12345 X"). With a day's hours ("Mittwoch, 12. Mai 2027, 9:30 bis 16:00
#: Uhr") the lines of such a block are no headings.
VENUE_LINE = re.compile(r"^[^,]{3,}, [^,]+ \d{1,3}[a-e]?, (D-)?\d{5} [A-ZÄÖÜ]")
_FACT_LINE = re.compile(rf"{VENUE_LINE.pattern}"
                        r"|\d{4}, \d{1,2}[.:]\d{2} (bis|–|-) \d{1,2}[.:]\d{2} Uhr")


#: A programme row opens with its time or day; it is neither a heading nor filler ("10:10 ·
#: 5' · Einführung · Moderation: X · Hinweis Fotografie / Datenschutz", "20.01.2027  Dr. X").
ROW_TIME = re.compile(r"\d{1,2}[.:]\d\d\b")
#: A programme item's second line naming its person ("Referentin: Dr. …", "Moderation: …").
_ROLE_LINE = re.compile(
    r"^(referent(in|\*in|:in)?|referierende?|moderation|moderiert von|speaker|leitung|impuls"
    r"|input|mit|gast|gäste|vortragende?r?)\s*:\s*\S", re.IGNORECASE)
_TIMED = re.compile(
    r"^\d{1,2}[.:]\d{2}(\s*(–|-|bis)\s*\d{1,2}[.:]\d{2})?\s*(uhr\s*)?[A-ZÄÖÜ„\"]", re.I
)
#: A role standing alone as a heading over the person's line ("Referentin", "Seminarleitung").
_ROLE_HEADING = re.compile(r"^(referent(in|innen|en|\*innen|:innen)?|dozent(in|en|innen)?"
                           r"|(seminar|kurs)?leitung|moderation|speaker)\s*:?$", re.IGNORECASE)
_WITH_LINE = re.compile(r"^(mit|with|moderation|moderiert)\b", re.IGNORECASE)
_ITEM = re.compile(r"^(\d{1,2}[.)]\s|[•–*-]\s)")


def _attach_roles(lines: list[str]) -> list[str]:
    """A role line belongs to the programme item above it: "2. 27. Januar – ePayment …" then
    "Referent: Henrik …" is one unit, so "Wer spricht über ePayment?" finds both in it; so
    does the "mit Dr. …, Moderation: …" line under a timed row ("13.45 Podiumsdiskussion: …")."""
    out: list[str] = []
    for line in lines:
        if out and _ROLE_HEADING.match(out[-1]):  # "Referentin" / "Dr. Annette Kleefeld, …"
            out[-1] = f"{out[-1].rstrip(' :')}: {line}"
            continue
        item = out and (_ITEM.match(out[-1]) or _TIMED.match(out[-1]))
        role = _ROLE_LINE.match(line) or _WITH_LINE.match(line)
        if item and role and not out[-1].endswith("."):
            out[-1] = f"{out[-1]} · {line}"
        else:
            out.append(line)
    return out


def _fragment(piece: str, following: str) -> bool:
    """A piece that cannot stand alone: starts inside a sentence, or only leads into a list."""
    first = piece.lstrip('„"»•·– ')[:1]
    if first and (first.islower() or first in ")],;"):
        return not piece.startswith(("z. B.", "u. a."))
    if piece.endswith(":") and len(piece) < 140:
        # a lead-in ("… gestaltet haben:") is no answer, unless it states a value itself
        return not re.search(r"\d|[„“]", piece)
    return piece.startswith("(") and not piece.endswith(")")


def _header_row(piece: str) -> bool:
    """A table's header row ("Station · Datum · Veranstaltungsort · Uhrzeit"): column names,
    no value of any row."""
    cells = piece.split(" · ")
    return len(cells) >= 3 and all(len(c.split()) == 1 and not re.search(r"\d", c)
                                   for c in cells)  # fmt: skip


def _time_stamp(piece: str) -> bool:
    """ "Mittwoch, 21. Oktober 2026, 07:13 Uhr": when a news article went online."""
    mentions = find_dates(piece)
    if len(mentions) != 1 or len(piece) > 60:
        return False
    rest = piece[mentions[0].end :]
    head = piece[: mentions[0].start]
    return bool(TIMESTAMP.search(rest.lstrip(" ,"))) and len(re.findall(r"\w+", head)) <= 1


def _dateline(piece: str) -> bool:
    """ "Lübeck, 21. September 2023", "25.07.2022 · Ministerium für …", "Pressemitteilung Nr.
    112/2025 · Hannover, 02.06.2025": a line naming the release's date, not an event's."""
    mentions = find_dates(piece)
    if not mentions or len(piece) > 120:
        return False
    rest = piece
    for m in reversed(mentions):
        rest = rest[: m.start] + rest[m.end :]
    words = re.findall(r"[^\W\d_]{3,}", rest)
    if re.search(r"pressemitteilung|presseinformation|\bstand\b|\bnr\.", piece, re.IGNORECASE):
        return True
    if date_line_place(piece):
        return False  # "Donnerstag, 10. Juni 2027 · Mannheim": a save-the-date's event line
    event_words = r"\b(am|vom|bis|findet|fand|statt|termin|beginn|ende|datum|uhr|wann)\b"
    if re.search(r"\b(ist|sind|war|waren|wird|endet|läuft|gilt)\b|schluss|frist", rest,
                 re.IGNORECASE):  # fmt: skip
        return False  # "Anmeldeschluss ist der 20. November 2026." states a fact
    return len(words) <= 3 and not re.search(event_words, piece, re.IGNORECASE)

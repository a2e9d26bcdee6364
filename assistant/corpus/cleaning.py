"""Cleaning the text of exported press releases: exactly the export artefacts, nothing else.

The files are exports from websites and Word, and carry their artefacts:
Word bookmark markers, an escaped newline turned into a literal `n`
(`URL:nhttps://…`), non-breaking spaces, share buttons, hard-wrapped list
items. Cleaning removes exactly those, because any word lost here (a phone number,
an e-mail address, a URL) can never be answered later; the one rewrite is of the source's
own reference marks (`[2]` → `⁽²⁾`), which would otherwise pass for citation markers.
Kept apart from `corpus.loader` so the PDF and Word readers clean their paragraphs the same
way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["BOILERPLATE_LINES", "clean_text"]

#: Share buttons and navigation labels that the site exports as lines of their own.
BOILERPLATE_LINES = frozenset(
    {
        "teilen sie uns mit einem klick",
        "teilen",
        "zur veranstaltungsseite",
        "aktuelles",
        "pressemitteilung & weiteres bildmaterial",
        "pressemitteilungen",
    }
)

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]", re.IGNORECASE)
_ESCAPED_NEWLINE = re.compile(r"(\b[^\W\d_]+:)n(?=https?://|www\.)")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n",
                              "\x0c": "\n"})  # fmt: skip
# Control and invisible format characters (soft hyphen, zero-width, bidi overrides).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# A source's own reference marks ("statt.[2]", `<sup>[2]</sup>`, "[1, 3]"): in an answer they
# would read as citations `[n]` and point at whatever passage happened to be n-th, so they
# become superscripts "⁽²⁾", which keep the number and read as the footnote they are.
_REFERENCE = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
_SUPERSCRIPT = str.maketrans("0123456789-–", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")
_BULLET = re.compile(r"^[•·\-*–—▪◦‣●]\s+(?=\S)")
_LONE_BULLET = re.compile(r"^[•·▪◦‣●]$")
_DASH_END = re.compile(r"\s[–—-]$")
_SENTENCE_END = (".", "!", "?", ":", ";", "…")
_CONNECTORS = frozenset(
    {"und", "oder", "sowie", "für", "der", "die", "das", "des", "dem", "den", "in", "im", "von",
     "vom", "zu", "zur", "zum", "mit", "bei", "auf", "an", "&", "–", "—"}
)  # fmt: skip


def _normalise_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    if line.casefold() in BOILERPLATE_LINES or _LONE_BULLET.match(line):
        return ""
    return _BULLET.sub("• ", line)


def _is_bullet(line: str) -> bool:
    return line.startswith("• ")


def _continues_item(item: str, line: str) -> bool:
    """Whether `line` is the hard-wrapped tail of bullet `item`.

    The tail of a wrapped item is a fragment (`Senatskanzlei Hamburg`,
    `in Mecklenburg-Vorpommern`); a full sentence after a list (`Es moderiert
    Basanta Thapa, Geschäftsführer NEGZ.`) is not, even though it follows the
    last item without a blank line.
    """
    if item.endswith(_SENTENCE_END):
        return False
    last_word = item.rsplit(" ", 1)[-1].casefold()
    return (
        item.endswith((",", "-"))
        or last_word in _CONNECTORS
        or line[0].islower()
        or (len(line) <= 60 and not line.endswith(_SENTENCE_END))
    )


#: "Ort: …", "Kosten · 95 Euro": a label line starts a fact of its own, never a wrapped tail.
#: A numbered item ("2. Ortsteil …"); "8. April 2027 verhindert ist, …" at a line's start is
#: a date wrapped from the line before.
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s(?!\s*(Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)"
                       r"[a-zä]*\.?\s)")
#: A programme slot ("10:00 Uhr   Impulsvortrag: …", "14.30–15.15 Uhr Workshops"): an item
#: whose indented lines (the title's second line, the speaker) are its own.
_SLOT = re.compile(r"^\d{1,2}[:.]\d{2}(\s*(–|-|bis)\s*\d{1,2}[:.]\d{2})?(\s*Uhr)?\s+\S")
_LABEL = re.compile(r"^[A-ZÄÖÜ0-9„\"][\w .,/&()-]{0,40}:\s|^[^·|]{2,40}\s[·|]\s")


def _wrapped_prose(previous: str, line: str) -> bool:
    """Whether `line` continues a hard-wrapped sentence (texts pasted from e-mails break
    lines at ~72 characters: "Rund 95" / "Teilnehmende aus …"). The line before must be
    long prose that stops mid-sentence; a heading, a label line or a list item is not."""
    return (
        len(previous) >= 45
        and len(previous.split()) >= 6
        and not _is_bullet(previous)
        and not previous.endswith((*_SENTENCE_END, ":"))
        # a label line ("Ort: …") ends where it ends, unless it is prose going on ("…: Beim
        # Forum am 16. und" / "17. Februar …") or already holds a whole sentence
        and (not _LABEL.match(previous) or _mid_sentence(previous, line)
             or bool(_SENTENCE_INSIDE.search(previous)))
        and (not _LABEL.match(line) or _prose_before_colon(line))
        and not _NUMBERED.match(line)
        and not line.isupper()
        and " · " not in previous  # a table row or a key/value line ends where it ends
        and " · " not in line
    )


#: A whole sentence within a line ("… 31. März 2027. Eine Infoveranstaltung …").
_SENTENCE_INSIDE = re.compile(r"(?:[a-zäöüß]{3}|\d{4})[.!?] [A-ZÄÖÜ]")
#: A label's last word may be one of these ("Anmeldung bis: …"); any other lower-case word
#: before the colon is prose ("KI-Stammtisch Mittelhessen ein: am Mittwoch, …").
_LABEL_TAILS = frozenset({"bis", "ab", "um", "am", "von", "vom", "für", "pro", "im", "zur", "zum"})


def _prose_before_colon(line: str) -> bool:
    key = line.split(":", 1)[0]
    last = key.split()[-1:]
    return (bool(last) and last[0].islower() and last[0] not in _LABEL_TAILS) or bool(
        _SENTENCE_INSIDE.search(key))  # "Straße 81, 35576 Wetzlar. Thema: …" goes on a sentence


#: Words no sentence ends on ("… sondern am" / "Donnerstag, 24. September 2026, statt.").
_OPEN_ENDS = frozenset({"am", "bis", "vom", "ab", "um", "sondern", "und", "oder", "sowie"})


def _mid_sentence(previous: str, line: str) -> bool:
    """ "Zum Vergleich: Der 3. Kongress fand … statt und" / "zählte 520 Teilnehmende.": a
    label line's prose that stops on a joining word and goes on in lower case."""
    last = previous.rsplit(" ", 1)[-1].casefold()
    return last in _OPEN_ENDS or (line[:1].islower() and last in _CONNECTORS)


def _join_wraps(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = bool(line and previous and not _is_bullet(line)
                       and (not _SLOT.match(line) or previous.endswith(",")
                            or previous.rsplit(" ", 1)[-1] in _OPEN_ENDS)) \
            and bool(
            _DASH_END.search(previous)
            or (_is_bullet(previous) and _continues_item(previous, line))
            or _wrapped_prose(previous, line)
        )
        if wrapped:
            glue = "" if re.search(r"\w-$", previous) else " "
            out[-1] = f"{previous}{glue}{line}"
        else:
            out.append(line)
    return out


def _paragraphs(lines: Iterable[str]) -> str:
    """One blank line between paragraphs, none inside a bullet list."""
    out: list[str] = []
    blank = False
    for line in lines:
        if not line:
            blank = bool(out)
            continue
        if blank and not (_is_bullet(line) and _is_bullet(out[-1])):
            out.append("")
        out.append(line)
        blank = False
    return "\n".join(out)


def _join_item_details(lines: list[str]) -> list[str]:
    """A numbered item's or programme slot's indented detail lines belong to it ("2. Ortsteil
    Mönkhagen" / "   Dienstag, 11. Mai 2027, Beginn 19:00 Uhr" / "   Grundschule Mönkhagen,
    Aula"): one line "2. Ortsteil Mönkhagen · Dienstag, 11. Mai 2027 … · Grundschule …", so
    the date and the place of each item are read together and never mixed with the next
    item's."""
    out: list[str] = []
    in_item = False
    for line in lines:
        detail = line.strip()
        if in_item and detail and line[:1] in " \t" and not _NUMBERED.match(detail) \
                and not _BULLET.match(detail) and not _SLOT.match(detail):
            out[-1] = f"{out[-1].rstrip()}{' ' if _goes_on(out[-1], detail) else ' · '}{detail}"
            continue
        in_item = bool(_NUMBERED.match(line) or _SLOT.match(line)) if detail else False
        out.append(line)
    return out


def _open_quote(line: str) -> bool:
    return line.count("„") > line.count("“") + line.count('"')


def _goes_on(item: str, detail: str) -> bool:
    """Whether an indented line continues the item's sentence ("(4) Die Gebühren (95 Euro" /
    "für Mitglieder, 145 Euro …"): a quote or bracket still open, or a lower-case start; a
    detail of its own ("Dienstag, 11. Mai 2027") starts a new part."""
    return _open_quote(item) or item.count("(") > item.count(")") or detail[:1].islower()


def _join_quoted_dashes(lines: list[str]) -> list[str]:
    """A wrapped quoted name whose dash falls at a line's start ("den Fachtag „Daten im
    Dorf" / "– Harzvorland 2027\" aus."): the dash goes on the name, it
    starts no list item, since a quote opened on the line before is still open."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and out[-1].strip() and _open_quote(out[-1]) and re.match(r"[–—-]\s", stripped):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
            continue
        out.append(line)
    return out


def clean_text(raw: str) -> str:
    """Plain text with paragraphs separated by exactly one blank line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = unicodedata.normalize("NFC", text)
    text = _BOOKMARK.sub("", text)
    text = _ESCAPED_NEWLINE.sub(r"\1 ", text)
    text = _INVISIBLE.sub("", text)
    text = _REFERENCE.sub(lambda m: f"⁽{''.join(m[1].split()).translate(_SUPERSCRIPT)}⁾", text)
    raw_lines = _join_quoted_dashes(_join_item_details(text.split("\n")))
    lines = [_table_row(_normalise_line(line)) for line in raw_lines]
    return _paragraphs(_join_wraps([line for line in lines if line is not None]))


_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def _table_row(line: str) -> str | None:
    """A Markdown table row as one line of its own ("| Straubing | Di, 23.03.2027 | … |" →
    "Straubing · Di, 23.03.2027 · …"), so each station or session is a fact of its own and
    never glued to the next row; the rule line under the header goes (None)."""
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3):
        return line
    cells = [c.strip() for c in stripped.strip("|").split("|")]
    if all(_RULE_CELL.match(c) or not c for c in cells):
        return None
    return " · ".join(c for c in cells if c)

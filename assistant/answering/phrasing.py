"""How answers read: short, grammatical German (or English for English questions), the event
named properly, tense from today, quotes cut to the clause that answers.

Every template here states only values handed to it; what may be stated is decided by the
callers from cited sentences.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.text.dates import format_date_de, format_date_en
from assistant.text.questions import detect_language

ABSTAIN_DE = "Dazu habe ich in den vorliegenden Quellen keine Informationen."
ABSTAIN_EN = "I have no information on this in the available sources."
_WORDS_LIMIT = 38


def abstain_text(language: str) -> str:
    return ABSTAIN_EN if language == "en" else ABSTAIN_DE


def not_fixed_lead(language: str) -> str:
    """Before a sentence saying the asked date or place is not fixed yet."""
    return "That has not been fixed yet:" if language == "en" else "Das steht noch nicht fest:"


def marker(k: int) -> str:
    return f"[{k}]"


_ABBREVIATION_END = re.compile(
    r"(\b[A-ZÄÖÜa-zäöü]\.\s?[A-ZÄÖÜa-zäöü]\.|\b(Dr|Prof|Nr|bzw|ca|inkl"
    r"|usw|etc|Str|Tel|Mio|Mrd)\.)$"
)


def with_marker(sentence: str, k: int) -> str:
    """ "Satz [k]." — the marker before the final punctuation (an abbreviation keeps its dot:
    "… e. V. [k]")."""
    sentence = sentence.rstrip()
    if _ABBREVIATION_END.search(sentence):
        return f"{sentence} [{k}]"
    if sentence and sentence[-1] in ".!?":
        return f"{sentence[:-1]} [{k}]{sentence[-1]}"
    if sentence.endswith(("“", '"', "»")):
        return f"{sentence} [{k}]."
    return f"{sentence} [{k}]."


def date_text(first: date, last: date, language: str) -> str:
    return format_date_en(first, last) if language == "en" else format_date_de(first, last)


def on_date(first: date, last: date, language: str) -> str:
    """ "am 12. Mai 2026" / "vom 3. bis 5. März 2027" / "on 12 May 2026"."""
    text = date_text(first, last, language)
    if language == "en":
        return f"from {text}" if first != last and "–" in text else f"on {text}"
    return f"vom {text}" if " bis " in text else f"am {text}"


def takes_place(label: str, first: date, last: date, today: date, language: str,
                where: str = "", times: str = "") -> str:  # fmt: skip
    """ "X findet am … statt" / "X fand am … statt" / "X takes place on …"."""
    past = last < today
    when = on_date(first, last, language)
    if language == "en":
        verb = "took place" if past else "takes place"
        extra = f", {times}" if times else ""
        return f"{label} {verb} {when}{extra}{f' in {where}' if where else ''}"
    verb = "fand" if past else "findet"
    extra = f" {times}" if times else ""
    return f"{label} {verb} {when}{extra}{f' in {where}' if where else ''} statt"


def trim(text: str, focus: int = 0, limit: int = _WORDS_LIMIT) -> str:
    """The unit, or — if long — the clauses around character `focus`, at most `limit` words."""
    text = " ".join(text.split())
    words = text.split()
    if len(words) <= limit:
        return text
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:–]\s|\s–\s|\)\s", text)] + [len(text)]
    start = max((c for c in cuts if c <= focus), default=0)
    end_candidates = [c for c in cuts if c > focus]
    end = end_candidates[0] if end_candidates else len(text)
    while len(text[start:end].split()) < limit * 0.6:
        wider = [c for c in cuts if c > end]
        if not wider:
            break
        if len(text[start : wider[0]].split()) > limit:
            break
        end = wider[0]
    piece = text[start:end].strip(" ,;–")
    piece_words = piece.split()
    if len(piece_words) > limit:
        piece = " ".join(piece_words[:limit])
    prefix = "… " if start > 0 else ""
    suffix = "" if end >= len(text) else " …"
    return f"{prefix}{piece}{suffix}"


def quote(text: str, k: int, language: str, focus: int = 0) -> str:
    """A source sentence as an answer sentence; in English answers marked as German source."""
    cut = trim(text, focus).removeprefix("• ")  # a list item quoted alone
    if cut.endswith(":"):
        cut = cut[:-1] + "."
    source = detect_language(cut)
    if language == "en" and source != "en":
        return f"According to the German source: „{cut.rstrip('.')}“ [{k}]."
    if language != "en" and source == "en":
        return f"Laut der englischsprachigen Quelle: „{cut.rstrip('.')}“ [{k}]."
    return with_marker(cut, k)


def yes_no_word(value: bool, language: str) -> str:
    if language == "en":
        return "Yes" if value else "No"
    return "Ja" if value else "Nein"


def only_says(text: str, k: int, language: str) -> str:
    """For a yes/no question the sources do not settle: what they do say."""
    cut = trim(text)
    lead = "The sources only say:" if language == "en" else "Die Quellen sagen dazu nur:"
    return f"{lead} „{cut.rstrip('.')}“ [{k}]."

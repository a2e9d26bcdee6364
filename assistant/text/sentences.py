"""Sentence units of press-release text, shared by evidence checks, answers and citations.

German press releases put ordinals and abbreviations where a naive splitter sees
sentence ends ("am 14. November", "Prof. Dr.", "u. a."), introduce lists with a
colon, and end with contact blocks of short lines; each of these is one unit
here, so quoting a unit never cuts a date or a list apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.text.matching import matcher

_BOUNDARY = re.compile(r"(?<=[.!?])(?P<quote>[\"“”»«]?)\s+(?=[A-ZÄÖÜ„\"»(•\d])|\n+")
#: Tokens ending in a dot that do not end a sentence ("Prof. Dr.", "u. a.", "14. November").
_NO_END = re.compile(
    r"(?:\b\d{1,2}\.|\b(?:Dr|Prof|St|Nr|ca|bzw|vgl|z\.\s?B|u\.\s?a|d\.\s?h|inkl|evtl|ggf|"
    r"Hr|Fr|Mio|Mrd|Abs|Jan|Feb|Febr|Aug|Sept|Okt|Nov|Dez|stv|Dipl|Ing|usw|etc|e|Co|Str|"
    r"zzgl|inkl|exkl|MwSt|USt|insb|sog|Tel|Hrsg|gem|lt|max|min|mind|zzt|Pkt|Std|Min|jur|rer|nat|"
    r"pol|phil|med|oec|habil|Tz|Rn|Ziff|Az|Dr\.\s?h\.\s?c)\.)$"
)

_INITIAL_END = re.compile(r"\b[A-ZÄÖÜ]\.$")


@lru_cache(maxsize=20_000)
def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences and list items; never splits after ordinals or common abbreviations."""
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()].rstrip('"“”»« ')
        if "\n" not in match.group(0) and _NO_END.search(head):
            continue
        opened = head.rfind("„")
        if "\n" not in match.group(0) and opened >= 0 and "“" not in head[opened:] \
                and len(head) - opened < 40 and not match.group("quote"):
            continue  # a motto „Einfach. Gemeinsam. Digital.“ is one name, not three sentences
        if match.group("quote") and opened >= 0 and len(head) - opened < 40 \
                and text[match.end() : match.end() + 1].isdigit():
            continue  # „… Digital.“ 412 Gäste: the sentence goes on after the motto
        following = text[match.end() : match.end() + 3]
        if following[:1] == "(" and _INITIAL_END.search(head):
            continue  # "… Digital e. V. (FSVD) gemeinsam mit …": the short name follows
        if re.match(r"[A-Za-z]\.", following) and re.search(r"\b[a-zäöü]\.$", head):
            continue  # "z. B.", "d. h.", "u. U.": one abbreviation in two tokens
        if following[:1].isdigit() and (
            not re.match(r"\d{4}\b|\d+\s", text[match.end() :])
            or re.search(r"(\b[A-ZÄÖÜ]|\b[a-zäöü]{1,3}|str|\bNr|\bAbs|\bBd|\bTel)\.$", head)
        ):  # "S. 14", "Lindenstr. 12", "Nr. 5"
            continue  # a new sentence may open with "2027 geht …", not with "5.30 Uhr"
        parts.append(text[start : match.start() + len(match.group("quote") or "")])
        start = match.end()
    parts.append(text[start:])
    return tuple(_merge_units([p.strip() for p in parts if p.strip() and len(p.strip()) > 2]))


def _merge_units(parts: list[str]) -> list[str]:
    """Keep a list with its lead-in ("Auf dem Podium diskutieren dazu: • …") and a run of short
    lines (a contact block: name, phone, e-mail) together as one unit."""
    units: list[str] = []
    for part in parts:
        previous = units[-1] if units else ""
        if part.startswith("•") and previous and (previous.endswith(":") or "•" in previous):
            units[-1] = f"{previous} {part}"
        elif (
            previous
            and len(part) < 45
            and len(previous.split(" · ")[-1]) < 45
            and not previous.rstrip('"“”»«').endswith((".", "!", "?", ":"))
            and not part.startswith("•")
            and not previous.startswith("•")
        ):
            units[-1] = f"{previous} · {part}"
        else:
            units.append(part)
    return units


def compact_list(unit: str, keep: Sequence[str] = ()) -> str:
    """ "Lead-in: • Name, long role …  • Name2, …" → "Lead-in: Name; Name2" for quoting;
    items that mention one of the `keep` words (the question's) stay whole."""
    if "•" not in unit:
        return unit
    head, *items = unit.split("•")
    shown: list[str] = []
    for item in (i.strip() for i in items if i.strip()):
        whole = any(len(k) > 3 and matcher(item).has(k) for k in keep)
        shown.append(item.rstrip(",; ") if whole else item.split(",")[0].strip())
    return f"{head.strip()} {'; '.join(shown)}".strip()

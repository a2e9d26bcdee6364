"""Days a release gives only relative to its own date: a report of the day after ("kamen am
vergangenen Donnerstag", "wurde am Mittwochabend verliehen", "gestern") or an announcement
for the coming week ("findet am kommenden Dienstag statt").

The weekday alone does not say which week; the release's date and the tense of the
sentence do. A sentence with neither a past nor a future verb is left alone: a guessed day
would be worse than none.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.text.dates import WEEKDAYS, DateMention

_RELATIVE = re.compile(
    r"(?:\b(?:am|vom)\s+(?:(vergangenen|letzten|zurückliegenden|kommenden|nächsten)\s+)?"
    r"|\b(?:(vergangenen|letzten|zurückliegenden|kommenden|nächsten)\s+))"
    r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"
    r"(?:abend|morgen|vormittag|nachmittag|mittag)?\b"
    r"|\b(vorgestern|gestern)(?:abend|morgen|vormittag|nachmittag|mittag)?\b",
    re.IGNORECASE,
)
#: A weekday that opens a written date ("Dienstag, 9. März") is read with that date.
_DATE_AFTER = re.compile(r"^,?\s*(den\s+)?\d")
PAST_TENSE = re.compile(
    r"\b(fand|fanden|kamen|kam|war|waren|wurde|wurden|hatte|hatten|trafen|nahmen|besuchten"
    r"|verfolgten|diskutierten|verlieh|überreichte|eröffnete|ging|gingen|hat|tauschten|zählte"
    r"|haben|worden|gegangen)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(findet|finden|wird|werden|lädt|laden|beginnt|startet|soll|sollen|können|kann)\b",
    re.IGNORECASE,
)


#: A weak verb's preterite ("unterzeichneten", "diskutierte"), not an ordinal or superlative
#: ("zweiten", "nächsten") nor a plural noun ending alike ("Experten", "Kosten", "Daten").
_PRETERITE = re.compile(
    r"\b(?!(?:zweit|dritt|viert|fünft|erst|letzt|nächst|best|meist|weitest|neuest|experten"
    r"|kost|dat|stät|karten|angebot|gäst|ort|zeit|seit|rät|inhalt|beiträg)\w*\b)"
    r"[a-zäöüß]{5,}(?:ierten|ierte|eten|ete|ten|te)\b")


def relative_dates(text: str, published: date | None) -> list[DateMention]:
    """The days `text` names relative to its release date `published`."""
    if published is None:
        return []
    future = bool(_FUTURE.search(text))
    past = bool(PAST_TENSE.search(text) or _PRETERITE.search(text))
    found: list[DateMention] = []
    for m in _RELATIVE.finditer(text):
        if _DATE_AFTER.match(text[m.end() :]):
            continue
        back_word, day_word, yesterday = m.group(1) or m.group(2), m.group(3), m.group(4)
        if yesterday:
            day = published - timedelta(days=2 if yesterday.lower() == "vorgestern" else 1)
        else:
            name = day_word.lower().replace("sonnabend", "samstag")
            weekday = next(i for i, names in enumerate(WEEKDAYS) if name in names)
            back = (published.weekday() - weekday) % 7
            ahead = (weekday - published.weekday()) % 7 or 7
            word = (back_word or "").lower()
            if word in ("vergangenen", "letzten", "zurückliegenden"):
                day = published - timedelta(days=back or 7)
            elif word in ("kommenden", "nächsten"):
                day = published + timedelta(days=ahead)
            elif past and not future:
                day = published - timedelta(days=back)
            elif future and not past:
                day = published + timedelta(days=ahead)
            else:
                continue
        found.append(DateMention(m.start(), m.end(), m.group(0), day, day, False))
    return found

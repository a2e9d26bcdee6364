"""Clock times in German and English release text: "9:30 Uhr", "09.30 Uhr", "10 Uhr",
"von 13:30 bis 17:00 Uhr", "10:00–16:00", "6 pm".

"18.00 Uhr" needs its "Uhr" (without it "12.05" is a date); "9:30" does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = re.compile(
    r"(?<![\d.:])(?:([01]?\d|2[0-3]):([0-5]\d)(?:\s*uhr\b)?|([01]?\d|2[0-3])\.([0-5]\d)\s*uhr\b"
    r"|([01]?\d|2[0-3])\s*uhr\b|(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*(am|pm)\b)",
    re.IGNORECASE,
)
#: The start of "10 bis 17 Uhr", "9–16 Uhr", "10 bis 11.30 Uhr": an hour whose "Uhr" is the
#: range end's.
_RANGE_START = re.compile(
    r"(?<![\d.:])([01]?\d|2[0-3])(?:[.:]([0-5]\d))?(?=\s*(?:bis|–|-|—)\s*"
    r"(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s*uhr\b)",
    re.IGNORECASE,
)
_RANGE = re.compile(r"^\s*(?:bis|–|-|—|to|until)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    value: str  # "09:30"

    @property
    def german(self) -> str:
        hour, minute = self.value.split(":")
        return f"{int(hour)}:{minute} Uhr"

    @property
    def english(self) -> str:
        return self.value


def find_times(text: str) -> list[TimeMention]:
    out: list[TimeMention] = []
    for m in _TIME.finditer(text):
        if m.group(1):
            hour, minute = int(m.group(1)), m.group(2)
        elif m.group(3):
            hour, minute = int(m.group(3)), m.group(4)
        elif m.group(5):
            hour, minute = int(m.group(5)), "00"
        else:
            hour, minute = int(m.group(6)) % 12, m.group(7) or "00"
            hour += 12 if m.group(8).lower() == "pm" else 0
        out.append(TimeMention(m.start(), m.end(), f"{hour:02d}:{minute}"))
    taken = {t.start for t in out}
    for m in _RANGE_START.finditer(text):
        if m.start() not in taken:
            value = f"{int(m.group(1)):02d}:{m.group(2) or '00'}"
            out.append(TimeMention(m.start(), m.end(), value))
    return sorted(out, key=lambda t: t.start)


def time_span(text: str) -> tuple[TimeMention, TimeMention | None] | None:
    """The first time and, if a range follows ("von 13:30 bis 17:00 Uhr"), its end."""
    times = find_times(text)
    if not times:
        return None
    first = times[0]
    for later in times[1:]:
        if _RANGE.match(text[first.end : later.start]):
            return first, later
    return first, None

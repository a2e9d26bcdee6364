"""German (and a little English) date expressions in press-release text.

Press releases write event dates in half a dozen ways (`19. und 20. April`,
`23.-24.04.2024`, `Lübeck, 21. September 2023`, `03.09.20`) and often drop the
year because the headline already names it. Answering "wann?" and filtering by
date both need the same reading of those expressions, so it lives here, in pure
stdlib code that never raises on odd input: a day number followed by a word
that is not a month (`20. Kongress`, `zum 23. Mal`) is simply not a date, and an
impossible date (`31.02.2024`) is skipped.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["YEAR", "DateMention", "find_dates", "format_date_de", "format_date_en", "infer_year"]

MONTH_NAMES_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Every month name that is read, never written, with its number: German, English and the
#: Austrian "Jänner" and "Feber" ("18. Feber 2027"), for whatever looks for month words.
MONTHS_READ = (*((i, n) for names in (MONTH_NAMES_DE, MONTH_NAMES_EN)
                  for i, n in enumerate(names, 1)), (1, "Jänner"), (2, "Feber"))

# Years outside this window are far more likely to be counts or codes than dates
# in texts about current administrative events.
MIN_YEAR = 1900
MAX_YEAR = 2100

_GERMAN_MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "jan.": 1,
    "februar": 2, "feber": 2, "feb.": 2, "febr.": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mär.": 3, "mrz.": 3,
    "april": 4, "apr.": 4,
    "mai": 5,
    "juni": 6, "jun.": 6,
    "juli": 7, "jul.": 7,
    "august": 8, "aug.": 8,
    "september": 9, "sep.": 9, "sept.": 9,
    "oktober": 10, "okt.": 10,
    "november": 11, "nov.": 11,
    "dezember": 12, "dez.": 12,
}  # fmt: skip
_ENGLISH_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_ALL_MONTHS: dict[str, int] = {
    **{k.rstrip("."): v for k, v in _ENGLISH_MONTHS.items()},
    **_GERMAN_MONTHS,
}


def _alternation(names: list[str]) -> str:
    # Longest first, so `Januar` wins over `Jan.` and `Sept.` over `Sep.`.
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


# German abbreviations need their dot: `14. Jan Müller` must not become a date.
_DE_FULL = [n for n in _GERMAN_MONTHS if not n.endswith(".")]
_DE_ABBR = [n for n in _GERMAN_MONTHS if n.endswith(".")]
_EN_FULL = [n for n in _ENGLISH_MONTHS if len(n) > 4 or n in {"may", "june", "july"}]
_EN_ABBR = [n for n in _ENGLISH_MONTHS if n not in _EN_FULL]

_NOT_LETTER = r"(?![^\W\d_])"
_ABBR_WITH_DOT = _alternation(_DE_ABBR + [a + "." for a in _EN_ABBR])
_MON = rf"(?:{_ABBR_WITH_DOT}|(?:{_alternation(_DE_FULL + _EN_FULL)}){_NOT_LETTER})"
_MON_EN = rf"(?:(?:{_alternation(_EN_FULL)})|(?:{_alternation(_EN_ABBR)})\.?){_NOT_LETTER}"

_DAY = r"(?<![\w.])(\d{1,2})"
_YEAR = r"(\d{4})(?!\d)"
_NUM_YEAR = r"(\d{4}|\d{2})(?!\d)(?!\.\d)"
_SUFFIX = r"(?:st|nd|rd|th)?"
_DASH = r"\s*[-–—]\s*"
_CONN_SAME = rf"(?:{_DASH}|\s*/\s*|\s+(?:und|bis(?:\s+zum)?|&|and|to)\s+)"  # "3./4. Juni"
#: "19. April, bis Freitag, 23. April": a weekday may stand before the range's last day.
_WEEKDAY_THEN = (r"(?:(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag"
                 r"|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+)?")
_CONN_RANGE = rf"(?:{_DASH}|,?\s+(?:bis(?:\s+zum)?|to|until)\s+){_WEEKDAY_THEN}"

_F = re.IGNORECASE
_RANGE_CROSS = re.compile(
    rf"{_DAY}\.\s*({_MON})(?:\s+{_YEAR})?{_CONN_RANGE}{_DAY}\.\s*({_MON})(?:\s+{_YEAR})?", _F
)
#: "Freitag, 19. März, und Samstag, 20. März 2027": two days in a row, each with its weekday.
_PAIR_CROSS = re.compile(
    rf"{_DAY}\.\s*({_MON})(?:\s+{_YEAR})?,?\s+und\s+{_WEEKDAY_THEN}{_DAY}\.\s*({_MON})"
    rf"(?:\s+{_YEAR})?", _F
)  # also "Dienstag, 9. März 2027, und Mittwoch, 10. März 2027"
_RANGE_SAME = re.compile(rf"{_DAY}\.{_CONN_SAME}{_DAY}\.\s*({_MON})(?:\s+{_YEAR})?", _F)
_SINGLE = re.compile(rf"{_DAY}\.\s*({_MON})(?:\s+{_YEAR})?", _F)
_NUM_RANGE = re.compile(
    rf"{_DAY}\.(?:(\d{{1,2}})\.(?:(\d{{4}})(?!\d))?)?{_CONN_RANGE}{_DAY}\.(\d{{1,2}})\.{_NUM_YEAR}"
)
_NUM = re.compile(rf"{_DAY}\.(\d{{1,2}})\.{_NUM_YEAR}")
_DAY_NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So", "Montag", "Dienstag", "Mittwoch",
             "Donnerstag", "Freitag", "Samstag", "Sonntag")
#: "am 17.6.", "Mi, 17.6.": a day and month without a year, only where a date must follow
#: (a preposition or a weekday before it), so "Version 2.1." or "Tab. 3.2." stay numbers.
_NUM_NO_YEAR = re.compile(
    "(?:" + "|".join(
        f"(?<={re.escape(p)})"
        for p in ("am ", "ab ", "vom ", "bis ", "zum ", "(",
                  *(f"{d}{sep}" for d in _DAY_NAMES for sep in (", ", ". ", " ", "., ")))
    ) + r")(\d{1,2})\.(\d{1,2})\.(?!\d)"
)  # fmt: skip
_ISO = re.compile(r"(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# A month with a year but no day; the look-behinds keep `31. April 2024` (invalid)
# from degrading into "April 2024".
_MONTH_YEAR = re.compile(rf"(?<!\d\.)(?<!\d\.\s)(?<!\d\s)(?<![\w.])({_MON})\s+{_YEAR}", _F)
_EN_MDY = re.compile(
    rf"(?<![\w.])({_MON_EN})\s+(\d{{1,2}}){_SUFFIX}(?:{_DASH}(\d{{1,2}}){_SUFFIX})?,?\s+{_YEAR}",
    _F,
)
_EN_DMY = re.compile(
    rf"{_DAY}{_SUFFIX}(?:{_DASH}(\d{{1,2}}){_SUFFIX})?\s+({_MON_EN})\s+{_YEAR}", _F
)
_EN_DMY_CROSS = re.compile(rf"{_DAY}{_SUFFIX}\s+({_MON_EN})(?:\s+{_YEAR})?{_CONN_RANGE}"
                           rf"{_DAY}{_SUFFIX}\s+({_MON_EN})\s+{_YEAR}", _F)
#: A year written as a word, the one pattern the project uses for "which year": 1950–2099
#: (other four-digit numbers in these texts are counts, codes or prices).
YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_QUOTED_YEAR_END = re.compile(rf"({YEAR.pattern})\s*[“”\"«]")


def name_years(text: str, near: int | None) -> set[int]:
    """Years closing a quoted name and lying years after `near` (the release's year): in a
    2026 release „Verwaltung 2030“ is a name, „Smart Region 2025“ in 2025 an edition."""
    if near is None:
        return set()
    return {int(y) for y in _QUOTED_YEAR_END.findall(text) if int(y) - near > 2}


def edition_years(text: str, near: int | None) -> list[int]:
    """The years in `text` that date an edition (not those of a name, see `name_years`)."""
    names = name_years(text, near)
    return [int(y) for y in YEAR.findall(text) if int(y) not in names]


#: What stands before a year, not before a count: "im Juni 2025 kamen …", "seit 2019".
BEFORE_A_YEAR = re.compile(rf"({'|'.join(n for _, n in MONTHS_READ)}"
                           r"|jahr|\bim|\bseit|\bab|\bbis|\bvon)\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date or date range found in a text, with its character span."""

    start: int
    end: int
    raw: str
    first: date
    last: date
    year_explicit: bool


_Span = tuple[date, date, bool]


def _month(name: str) -> int:
    key = name.lower()
    return _ALL_MONTHS.get(key) or _ALL_MONTHS[key.rstrip(".")]


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    year = int(raw)
    if len(raw) == 2:
        year += 2000
    return year if MIN_YEAR <= year <= MAX_YEAR else -1


def _span(
    d1: int, m1: int, y1: int | None, d2: int, m2: int, y2: int | None, default: int | None
) -> _Span | None:
    """Build a validated range; a year given on either end counts for both."""
    if y1 == -1 or y2 == -1:
        return None
    explicit = y1 is not None or y2 is not None
    if y2 is None:
        y2 = y1 if y1 is not None else default
    if y2 is None:
        return None
    if y1 is None:
        # `30. Dezember bis 2. Januar 2025` starts in the previous year.
        y1 = y2 - 1 if (m1, d1) > (m2, d2) else y2
    try:
        first, last = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if last < first:
        return None
    return first, last, explicit


def _from_range_cross(m: re.Match[str], default: int | None) -> _Span | None:
    return _span(
        int(m[1]), _month(m[2]), _year(m[3]), int(m[4]), _month(m[5]), _year(m[6]), default
    )


def _from_pair_cross(m: re.Match[str], default: int | None) -> _Span | None:
    first_year = _year(m[3])
    if first_year is not None and m[6] is not None and first_year != _year(m[6]):
        return None
    span = _span(int(m[1]), _month(m[2]), first_year, int(m[4]), _month(m[5]), _year(m[6]), default)
    return span if span is not None and (span[1] - span[0]).days == 1 else None


def _from_range_same(m: re.Match[str], default: int | None) -> _Span | None:
    month, year = _month(m[3]), _year(m[4])
    return _span(int(m[1]), month, year, int(m[2]), month, year, default)


def _from_single(m: re.Match[str], default: int | None) -> _Span | None:
    month, year = _month(m[2]), _year(m[3])
    return _span(int(m[1]), month, year, int(m[1]), month, year, default)


def _from_num_range(m: re.Match[str], default: int | None) -> _Span | None:
    m2 = int(m[5])
    m1 = int(m[2]) if m[2] else m2
    return _span(int(m[1]), m1, _year(m[3]), int(m[4]), m2, _year(m[6]), default)


def _from_num(m: re.Match[str], default: int | None) -> _Span | None:
    day, month, year = int(m[1]), int(m[2]), _year(m[3])
    return _span(day, month, year, day, month, year, default)


def _from_num_no_year(m: re.Match[str], default: int | None) -> _Span | None:
    day, month = int(m[1]), int(m[2])
    return _span(day, month, None, day, month, None, default)


def _from_iso(m: re.Match[str], default: int | None) -> _Span | None:
    day, month, year = int(m[3]), int(m[2]), _year(m[1])
    return _span(day, month, year, day, month, year, default)


def _from_month_year(m: re.Match[str], default: int | None) -> _Span | None:
    month, year = _month(m[1]), _year(m[2])
    if year is None or year == -1:
        return None
    last_day = calendar.monthrange(year, month)[1]
    return _span(1, month, year, last_day, month, year, default)


def _from_en_mdy(m: re.Match[str], default: int | None) -> _Span | None:
    month, year = _month(m[1]), _year(m[4])
    d1 = int(m[2])
    return _span(d1, month, year, int(m[3]) if m[3] else d1, month, year, default)


def _from_en_dmy(m: re.Match[str], default: int | None) -> _Span | None:
    month, year = _month(m[3]), _year(m[4])
    d1 = int(m[1])
    return _span(d1, month, year, int(m[2]) if m[2] else d1, month, year, default)


def _from_en_dmy_cross(m: re.Match[str], default: int | None) -> _Span | None:
    return _span(
        int(m[1]), _month(m[2]), _year(m[3]), int(m[4]), _month(m[5]), _year(m[6]), default
    )


_Builder = Callable[[re.Match[str], int | None], _Span | None]
_PATTERNS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_PAIR_CROSS, _from_pair_cross),
    (_RANGE_CROSS, _from_range_cross),
    (_RANGE_SAME, _from_range_same),
    (_SINGLE, _from_single),
    (_NUM_RANGE, _from_num_range),
    (_NUM, _from_num),
    (_NUM_NO_YEAR, _from_num_no_year),
    (_ISO, _from_iso),
    (_MONTH_YEAR, _from_month_year),
    (_EN_MDY, _from_en_mdy),
    (_EN_DMY, _from_en_dmy),
    (_EN_DMY_CROSS, _from_en_dmy_cross),
)


def _candidates(text: str, default_year: int | None) -> Iterator[tuple[int, int, _Span | None]]:
    for pattern, build in _PATTERNS:
        for match in pattern.finditer(text):
            span = build(match, default_year)
            if span is None and pattern is _PAIR_CROSS:
                continue  # "3. März und 5. Mai": two dates, each read on its own
            yield match.start(), match.end(), span


#: A row of an editions table whose first cell is the year ("2025 · 18.–19. Sept. · Bremen").
_ROW_YEAR = re.compile(r"^\W*((?:19|20)\d\d)\s*[·|;\t]")


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """All date expressions in reading order.

    Several patterns can match the same words (`24. April` inside
    `23.-24. April`); the earliest-starting, then longest, reading wins, so a
    range is never reported as its last day. A reading that is rejected (an
    impossible date, a reversed range, no year known) still claims its words,
    so `24.-23. April 2024` does not shrink to `23. April 2024`. Year-less
    expressions take `default_year` and are dropped when there is none,
    because a guessed year would be worse than no date. `19. und 21. April` is
    read as the span 19–21 April: callers use mentions for "when" and overlap
    checks, where the span is the useful answer.
    """
    if (row := _ROW_YEAR.match(text)) and default_year is not None:
        default_year = int(row.group(1))  # "2027 · 29.–30. Sept. (geplant) · Schwerin"
    chosen: list[DateMention] = []
    end = -1
    for start, stop, span in sorted(_candidates(text, default_year), key=lambda c: (c[0], -c[1])):
        if start < end:
            continue
        end = stop
        if span is not None:
            first, last, explicit = span
            if not explicit:
                first, last = _by_weekday(text[:start], first, last)
            chosen.append(DateMention(start, stop, text[start:stop], first, last, explicit))
    return chosen


WEEKDAYS = (
    ("montag", "monday"), ("dienstag", "tuesday"), ("mittwoch", "wednesday"),
    ("donnerstag", "thursday"), ("freitag", "friday"), ("samstag", "saturday"),
    ("sonntag", "sunday"),
)  # fmt: skip
_WEEKDAY_BEFORE = re.compile(r"\b([a-zA-Z]+)(,\s*(den\s+)?|\s+(den\s+)?)$")


def _by_weekday(before: str, first: date, last: date) -> tuple[date, date]:
    """A year-less "Donnerstag, 17. September" names its weekday, which fixes the year: the
    text's main year unless the weekday only fits the year before or after (a review
    published in the year its next edition is announced for)."""
    found = _WEEKDAY_BEFORE.search(before[-30:])
    if found is None:
        return first, last
    word = found.group(1).lower()
    day = next((i for i, names in enumerate(WEEKDAYS) if word in names), None)
    if day is None or first.weekday() == day:
        return first, last
    for shift in (-1, 1):
        try:
            moved = first.replace(year=first.year + shift)
            moved_last = last.replace(year=last.year + shift)
        except ValueError:  # 29 February
            continue
        if moved.weekday() == day:
            return moved, moved_last
    return first, last


def infer_year(text: str, title: str | None = None) -> int | None:
    """The year a text is "about", to complete `19. und 20. April`.

    A year in the title decides. Otherwise the most frequent year wins and ties
    go to the one mentioned first, because press releases name their event's
    year in the headline and mention the next edition's year near the end.
    """
    plain = _plain_year(text)  # the near year for names in the title and in the text
    if title:
        named = name_years(title, plain)
        in_title = [y for y in YEAR.findall(title) if int(y) not in named]
        if in_title:
            return int(in_title[0])
    counts: Counter[int] = Counter()
    first_seen: dict[int, int] = {}

    def note(year: int, position: int) -> None:
        counts[year] += 1
        first_seen[year] = min(first_seen.get(year, position), position)

    names = name_years(text, plain)  # „Kassel digital 2032“ dates nothing
    for match in YEAR.finditer(text):
        if int(match[0]) not in names:
            note(int(match[0]), match.start())
    for match in _NUM.finditer(text):  # `03.09.20` names its year in two digits
        if len(match[3]) == 2:
            note(2000 + int(match[3]), match.start())
    if not counts:
        return None
    return min(counts, key=lambda y: (-counts[y], first_seen[y]))


def _check(first: date, last: date | None) -> date:
    last = last or first
    if last < first:
        raise ValueError(f"date range ends before it starts: {first} > {last}")
    return last


def format_date_de(first: date, last: date | None = None) -> str:
    """German reading of a day or range, as a visitor would write it in an answer."""
    last = _check(first, last)
    m1, m2 = MONTH_NAMES_DE[first.month - 1], MONTH_NAMES_DE[last.month - 1]
    if first == last:
        return f"{first.day}. {m1} {first.year}"
    if first.year != last.year:
        return f"{first.day}. {m1} {first.year} bis {last.day}. {m2} {last.year}"
    if first.month != last.month:
        return f"{first.day}. {m1} bis {last.day}. {m2} {last.year}"
    joiner = "und" if last - first == timedelta(days=1) else "bis"
    return f"{first.day}. {joiner} {last.day}. {m1} {last.year}"


def format_date_en(first: date, last: date | None = None) -> str:
    """English reading of a day or range, British day-first order with an en dash."""
    last = _check(first, last)
    m1, m2 = MONTH_NAMES_EN[first.month - 1], MONTH_NAMES_EN[last.month - 1]
    if first == last:
        return f"{first.day} {m1} {first.year}"
    if first.year != last.year:
        return f"{first.day} {m1} {first.year} – {last.day} {m2} {last.year}"
    if first.month != last.month:
        return f"{first.day} {m1} – {last.day} {m2} {last.year}"
    return f"{first.day}–{last.day} {m1} {last.year}"


#: A year named relative to today or the conversation (folded text): one edition is meant.
RELATIVE_YEAR = re.compile(
    r"\b(dieses|diesem|letzte[sn]?|vorige[sn]?|nachste[sn]?|kommende[sn]?|vergangene[sn]?) jahr"
    r"|\bjahr (davor|danach|drauf|darauf)\b|\bvorjahr|\b(this|last|next) year\b|\bheuer\b"
)


def _plain_year(text: str) -> int | None:
    """The most frequent year of a text (a near year for `name_years`), not counting years
    that only close quoted names („Kassel digital 2032“ five times in a 2026 release)."""
    counts = Counter(YEAR.findall(text))
    counts.subtract(Counter(_QUOTED_YEAR_END.findall(text)))
    counts = +counts or Counter(YEAR.findall(text))
    return int(counts.most_common(1)[0][0]) if counts else None

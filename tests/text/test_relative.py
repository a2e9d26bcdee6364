"""Days given relative to the release's own date ("am vergangenen Donnerstag", "gestern")."""

from __future__ import annotations

from datetime import date

from assistant.text.relative import relative_dates

TUESDAY = date(2024, 9, 17)


def _days(text: str, published: date | None = TUESDAY) -> list[date]:
    return [m.first for m in relative_dates(text, published)]


def test_a_past_weekday_is_the_one_before_the_release() -> None:
    assert _days("Mehr als 300 Gäste kamen am vergangenen Donnerstag zum Forum.") == [
        date(2024, 9, 12)
    ]
    assert _days("Der Preis ist am Donnerstagabend verliehen worden.", date(2025, 11, 28)) == [
        date(2025, 11, 27)
    ]


def test_yesterday_and_the_coming_weekday() -> None:
    assert _days("Gestern trafen sich 80 Fachleute im Rathaus.") == [date(2024, 9, 16)]
    assert _days("Das Forum findet am kommenden Montag statt.") == [date(2024, 9, 23)]
    assert _days("Die Tagung beginnt am Freitag um 9 Uhr.") == [date(2024, 9, 20)]


def test_no_day_is_guessed_without_tense_release_date_or_preposition() -> None:
    assert _days("Das Forum findet am Dienstag, 9. März statt.") == []  # a written date
    assert _days("Öffnungszeiten: Montag bis Freitag, 9 bis 18 Uhr") == []
    assert _days("Die Messe am Mittwoch: Stand C 14.") == []  # neither past nor future
    assert _days("Die Gäste kamen am vergangenen Donnerstag.", None) == []


def test_a_weekday_in_a_report_with_a_weak_verbs_preterite_is_the_past_one() -> None:
    text = ("Beim zweiten Gipfel am Dienstag in Erfurt unterzeichneten die Ministerinnen eine "
            "gemeinsame Erklärung.")
    (mention,) = relative_dates(text, date(2026, 11, 25))  # a Wednesday
    assert mention.first == date(2026, 11, 24)
    assert relative_dates("Am Dienstag die zweiten Experten.", date(2026, 11, 25)) == []

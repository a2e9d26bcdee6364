"""The release date read from a release's head: a dateline line, a labelled date, or the
dateline a lead sentence opens with."""

from __future__ import annotations

from datetime import date

from assistant.corpus.heads import dateline


def test_a_dateline_of_its_own_line_is_returned_with_its_date() -> None:
    text = "Fachtag Register\nHamburg, 2. Januar 2025\nDer Fachtag findet am 4. März statt."
    assert dateline(text) == ("Hamburg, 2. Januar 2025", date(2025, 1, 2))


def test_a_lead_opening_with_its_dateline_gives_the_date_and_keeps_the_text() -> None:
    text = ("Mehr als 300 Gäste beim ersten Forum\n"
            "Gießen, 17.09.2024 – Die Premiere hat die Erwartungen übertroffen: Mehr als 300 "
            "Gäste kamen am vergangenen Donnerstag ins Tagungszentrum.")  # fmt: skip
    assert dateline(text) == ("", date(2024, 9, 17))


def test_labelled_release_dates_count() -> None:
    assert dateline("Meldung vom 12.11.2026 · Rubrik: Veranstaltungen\nText")[1] == date(
        2026, 11, 12
    )
    assert dateline("Veranstaltungen · veröffentlicht am 12.11.2026\nText")[1] == date(
        2026, 11, 12
    )


def test_an_event_date_in_the_head_is_no_release_date() -> None:
    assert dateline("Termin · Beginn · 10.02.2027, 09:30 Uhr\nDer Kongress …") == ("", None)
    assert dateline("Der Kongress findet am 14. November 2023 in Kiel statt.")[1] is None


def test_a_speech_dated_by_place_and_day_keeps_its_labelled_publication_date() -> None:
    """A published speech heads with where and when it was given; the page's own date is the
    one it labels ("Veröffentlicht am …"), and the first line is the occasion's."""
    text = ("# Grußwort des Landrats zum 3. Digitalforum Heideland\n\n"
            "Lindau, Stadthalle am Wehr, 4. November 2026\n\n"
            "Veröffentlicht am 06.11.2026. Es gilt das gesprochene Wort.\n\n"
            "Sehr geehrte Damen und Herren,")  # fmt: skip
    line, day = dateline(text)
    assert day == date(2026, 11, 6), (line, day)
    assert not line.startswith("Lindau"), line

"""The date line under a web page's headline ("8. und 9. Juni 2027 · Kongresshalle …, Leipzig ·
hybrid") dates the edition, even beside dates of ticket sales and cancellations; a bracket after
a date labels that date only. The pages are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.dates import find_dates
from assistant.text.roles import date_role, side_event

CONGRESS = """Datenwerk 2027 – Kongress für offene Register

10. und 11. März 2027 · Stadthalle am Fluss, Halle (Saale) · hybrid

Stand der Seite: 1. Dezember 2026

Das Datenwerk bringt Fachleute aus Bund, Ländern und Kommunen zusammen. Erwartet werden bis zu
600 Gäste.

Der erste Kongress fand am 4. und 5. März 2025 in Magdeburg statt und zählte 410 Gäste.

Der Kongress beginnt am 10. März um 9:30 Uhr und endet am 11. März gegen 16:00 Uhr.

Der Ticketverkauf startet am 18. Januar 2027 unter tickets.example.de.
"""

CAMP = """Offenes Amt 2027

Freitag, 16. April 2027 (Vorabendtreffen) & Samstag, 17. April 2027 (Camp-Tag) Alte Werkhalle, \
Uferweg 3, 39104 Magdeburg

Anmeldung ab 12. Januar 2027, 10 Uhr

Beim Barcamp gibt es kein festes Programm. Beim letzten Camp am 5. Oktober 2025 in Dessau waren
120 Menschen dabei.

Bitte sagt bis spätestens Freitag, 9. April 2027, ab, wenn ihr nicht kommen könnt.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("head-date-lines")
    return assistant_over(root, {"datenwerk.txt": CONGRESS, "camp.txt": CAMP},
                          today=date(2026, 12, 1))  # fmt: skip


def test_the_date_line_under_the_headline_dates_both_days(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist das datenwerk 2027?").answer
    assert "10. und 11. März 2027" in answer or "10. bis 11. März 2027" in answer, answer
    assert "18. Januar" not in answer and "2025" not in answer, answer


def test_a_bracketed_label_belongs_to_the_date_before_it(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist offenes amt 2027?").answer
    assert "17. April 2027" in answer, answer
    assert "9. April" not in answer and "12. Januar" not in answer, answer
    line = CAMP.splitlines()[2]
    first, second = find_dates(line)
    assert side_event(line, first) and not side_event(line, second)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Der Ticketverkauf startet am 18. Januar 2027 unter tickets.example.de.", "18."),
        ("Bitte sagt bis spätestens Freitag, 9. April 2027, ab.", "9."),
    ],
)
def test_ticket_sales_and_cancelling_by_a_weekday_are_deadlines(text: str, day: str) -> None:
    (mention,) = find_dates(text)
    assert text[mention.start :].startswith(day)
    assert date_role(text, mention) == "deadline"


POLL = """<html><head><title>Terminfindung: 4. Treffen Ehrenamt digital Talkreis</title></head>
<body><div class="cookie"><p>Diese Seite setzt ein Sitzungs-Cookie.</p><p>Kein Tracking.</p>
<p>OK</p></div><h2>Umfragen ohne Anmeldung</h2>
<p>Diese Umfrage wurde am 27.11.2026 geschlossen.</p><p>Es können keine Stimmen mehr
abgegeben werden.</p>
<h2>Endgültiger Termin</h2>
<p>Mittwoch, 20. Januar 2027, 13:30–16:30 Uhr</p>
<h1>Terminfindung: 4. Treffen Ehrenamt digital Talkreis</h1>
<p>Nach dem 3. Treffen am 10. September 2026 im Rathaus Talheim wollen wir uns im Januar
wiedersehen. Bitte tragt ein, wann ihr könnt.</p>
<p>Di, 12.01.2027 · Mi, 20.01.2027 · Do, 21.01.2027</p>
</body></html>"""


def test_a_date_line_under_a_label_heading_dates_the_edition(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"umfrage.html": POLL}, today=date(2026, 12, 1))
    starts = {e.start for e in assistant.catalog.events}
    assert date(2027, 1, 20) in starts, starts  # under "Endgültiger Termin", below banners

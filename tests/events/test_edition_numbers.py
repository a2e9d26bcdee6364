"""The page of a third edition dates the third one: its labelled date ("Datum: …" from a
definition list) is the event date, and "Das 2. Forum fand am 9. März 2026 statt" is the
earlier edition's, whatever that sentence scores. A job title's field ("Referentin Digitale
Wirtschaft") in the contact block is no person the question could be about. The page is
written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.records import Turn

PAGE = """<html><head><title>3. Forum Stadt &amp; Handwerk | Kammer Nordbaden</title></head>
<body><h1>3. Forum Stadt &amp; Handwerk: „Rathaus trifft Betrieb“</h1>
<p><strong>Bruchsal, 24.11.2026 –</strong> Beim 3. Forum Stadt &amp; Handwerk bringt die
Kammer Nordbaden Verwaltung und Betriebe an einen Tisch.</p>
<h2>Auf einen Blick</h2>
<dl><dt>Datum</dt><dd>Dienstag, 23. Februar 2027</dd>
<dt>Uhrzeit</dt><dd>9:30 bis 16:00 Uhr</dd>
<dt>Veranstaltungsort</dt><dd>Alte Mühle, Saal 2, Mühlweg 3, 76646 Bruchsal</dd>
<dt>Teilnahme</dt><dd>Kammermitglieder 99 Euro, Nichtmitglieder 149 Euro</dd></dl>
<p>Das 2. Forum fand am 9. März 2026 im Bildungszentrum Sinsheim statt und war mit
96 Teilnehmenden ausgebucht.</p>
<h2>Kontakt</h2>
<p>Lea Dornbusch<br>Referentin Digitale Wirtschaft<br>Telefon 07261 555-318</p>
</body></html>"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("ordinal")
    return assistant_over(root, {"forum-stadt-handwerk.html": PAGE}, today=date(2026, 12, 1))


def test_the_labelled_date_of_the_third_edition(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist das 3. Forum Stadt & Handwerk der Kammer Nordbaden?")
    assert "23. Februar 2027" in answer.answer, answer.answer
    assert "9. März" not in answer.answer, answer.answer


def test_a_follow_up_about_the_event_by_its_kind(assistant: Assistant) -> None:
    history = [Turn("wo findet das forum stadt & handwerk 2027 statt", "")]
    answer = assistant.ask("was kostet das forum für nichtmitglieder?", history)
    assert "149" in answer.answer, answer.answer


REPORT = """Landesverband Digitale Bildung e. V.
Geschäftsstelle – Referat Fortbildung

BERICHT ZUR VERANSTALTUNG
4. Werkstatttag "Schule und Verwaltung digital"
Donnerstag, 12. März 2026, Stadthalle am Fluss, Rheinstraße 3, Auenfeld

Stand: 2026-04-02

Eckdaten
Veranstalter: Landesverband Digitale Bildung
Datum: 2026-03-12, 9 bis 16 Uhr
Impuls: Dr. Hanna Wieland, Pädagogische Hochschule Auenfeld

Zum Vergleich: Der 3. Werkstatttag fand am 14.05.2025 ganz online statt.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("letterhead")
    return assistant_over(root, {"bericht-werkstatttag.txt": REPORT}, today=date(2026, 12, 1))


def test_the_number_in_the_opening_line_under_a_letterhead_is_the_reports_own(
    report: Assistant,
) -> None:
    """The title is the letterhead; "4. Werkstatttag … 12. März 2026" opens the report, so
    "Der 3. Werkstatttag fand am 14.05.2025 … statt" dates the earlier edition, though its
    sentence looks more like an event date than the opening line does."""
    own = [e for e in report.catalog.events if not e.announced]
    assert [e.start for e in own] == [date(2026, 3, 12)], [(e.name, e.start) for e in own]

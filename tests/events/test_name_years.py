"""A prize named for one year and awarded early in the next ("Förderpreis Smarte Kommune
2026: Preisträger werden am 14. Januar 2027 ausgezeichnet") is one edition: its date is the
gala's, not the jury's meeting in the name's year, and no second, dateless edition "2027"
appears. So is a hackathon "2026" moved to "Freitag, 19. März, und Samstag, 20. März 2027":
its sentences of 2027 are its own, and its list of dated notes (a deadline with the
hackathon's e-mail address) is no programme a question's "Hackathon" picks a row of. The
releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.dates import find_dates

RELEASE = (
    "Förderpreis Smarte Kommune 2026: Preisträger werden am 14. Januar 2027 in Erfurt "
    "ausgezeichnet\n\nErfurt, 24.11.2026 – Der Verein Digitale Orte e. V. verleiht den "
    "„Förderpreis Smarte Kommune 2026“ im Rahmen einer Abendgala am Donnerstag, 14. Januar "
    "2027, im Kaisersaal Erfurt.\n\nDie Jury hat am 5. November 2026 aus 48 Bewerbungen zehn "
    "Projekte für die Shortlist nominiert.\n"
)


HACKATHON = (
    "PRESSEMITTEILUNG\n\nHackathon „Amtshack 2026“ wird verschoben – neuer Termin im März "
    "2027\n\nHalle, 2. November 2026 – Der Hackathon „Amtshack 2026“ der Agentur Saaledigital "
    "kann nicht wie geplant am 20. und 21. November 2026 stattfinden. Die Veranstaltung wird "
    "auf Freitag, 12. März, und Samstag, 13. März 2027, verschoben.\n\nWichtig für alle "
    "Angemeldeten:\n\n- Wer nicht teilnehmen kann, meldet sich bis zum 15. Januar 2027 unter "
    "hackathon@saaledigital.example ab.\n- Neue Anmeldungen sind bis zum 1. März 2027 "
    "möglich.\n- Das Auftakt-Webinar findet wie geplant am 10. November 2026 statt.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("name-years")
    releases = {"foerderpreis.txt": RELEASE, "amtshack.txt": HACKATHON}
    return assistant_over(root, releases, today=date(2026, 12, 1))


def test_two_days_in_a_row_with_their_weekdays_are_one_range() -> None:
    text = "wird auf Freitag, 12. März, und Samstag, 13. März 2027, verschoben"
    assert [(m.first, m.last) for m in find_dates(text, 2026)] == [
        (date(2027, 3, 12), date(2027, 3, 13))
    ]
    apart = [(m.first, m.last) for m in find_dates("am 3. März und 5. Mai 2027", 2026)]
    assert apart == [(date(2026, 3, 3), date(2026, 3, 3)), (date(2027, 5, 5), date(2027, 5, 5))]


def test_a_postponement_into_the_next_year_dates_the_edition(assistant: Assistant) -> None:
    events = [e for e in assistant.catalog.events if e.series == "Amtshack"]
    assert [(e.edition, e.start, e.end) for e in events] == [
        ("2026", date(2027, 3, 12), date(2027, 3, 13))
    ], events
    answer = assistant.ask("wann ist der hackathon amtshack?").answer
    assert "12. und 13. März 2027" in answer, answer
    assert "Januar" not in answer and "November" not in answer, answer


def test_one_edition_dated_by_its_gala(assistant: Assistant) -> None:
    events = [e for e in assistant.catalog.events if e.series.startswith("Förderpreis")]
    assert [(e.edition, e.start) for e in events] == [("2026", date(2027, 1, 14))], events


def test_when_is_the_award_answered_with_the_gala(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist die Verleihung vom Förderpreis Smarte Kommune?").answer
    assert "14. Januar 2027" in answer, answer
    assert "5. November" not in answer, answer


@pytest.mark.parametrize(
    "question",
    [
        "was war zuerst, der förderpreis smarte kommune oder amtshack?",  # folded: "zurst"
        "which came first: förderpreis smarte kommune or amtshack?",
    ],
)
def test_which_came_first(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question).answer
    assert answer.index("Förderpreis") < answer.index("Amtshack"), answer
    assert "14" in answer and "12" in answer, answer

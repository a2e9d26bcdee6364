"""A government's answer about a past summit that also announces the next one: "der nächste"
is the announced edition though the question's words match the reported one better, its
fee is the sentence after the announcement (which names no year), the series is named in
the nominative though the text mostly says "des Kommunalen Datengipfels Westfalen", and the
press office's accreditation deadline is not the event's registration deadline. The
releases are written for these tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.edition_choice import with_upcoming
from assistant.answering.knowledge import Target
from assistant.answering.selection import rank_units
from assistant.answering.slots import has_value
from assistant.answering.units import AnswerUnit
from assistant.answering.when_asked import of_announced
from assistant.events.series import series_key
from assistant.pipeline import Assistant
from assistant.records import Event, Fact, Turn
from assistant.text.facts import edition_numbers
from assistant.text.intents import Slot

EVENT_FIELDS = [f.name for f in fields(Event) if f.type in ("list[Fact]", list[Fact])]

ANSWER = (
    "Landtag Westfalen – Drucksache 18/2211\n\nAntwort der Landesregierung auf die Kleine "
    "Anfrage zu Kosten und Fortführung des „Kommunalen Datengipfels Westfalen“\n\n"
    "Vorbemerkung\n\nDer „Kommunale Datengipfel Westfalen“ ist das Austauschformat zwischen "
    "Land und Kommunen. Am 22. und 23. September 2026 fand in Hamm der dritte „Kommunale "
    "Datengipfel Westfalen“ für Kommunen in Westfalen statt. Von Teilnehmenden aus "
    "Unternehmen wurde ein Beitrag von 95 Euro erhoben.\n\n"
    "Frage 1: Ist eine Fortführung geplant?\n\nJa. Der 4. Gipfel ist für den 14./15. "
    "September 2027 in der Stadthalle Soest vorgesehen. Die Teilnahme soll für Beschäftigte "
    "von Kommunen kostenfrei bleiben; für Teilnehmende aus Unternehmen ist ein Beitrag von "
    "110 Euro geplant.\n\nFrage 2: Wer berichtet?\n\nMedienvertreter können sich "
    "akkreditieren. Um Anmeldung bis 1. September 2027 an presse@example.de wird gebeten. "
    "Anmeldeschluss für alle anderen ist der 15. August 2027.\n"
)
OTHER = (
    "Pressemitteilung\n\nBonn, 3. November 2026\n\nDas Forum Open Data findet am 4. März 2027 "
    "im Rathaus Beuel statt. Die Teilnahme ist kostenlos.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("next_edition")
    return assistant_over(root, {"drucksache.txt": ANSWER, "forum.txt": OTHER})


def test_the_next_one_is_the_announced_edition_and_its_fee_follows_it(
    assistant: Assistant,
) -> None:
    question = "wann ist der nächste datengipfel für kommunen in westfalen?"
    when = assistant.ask(question).answer
    assert "2027" in when and "2026" not in when, when
    fee = assistant.ask("was zahlen firmen da?", [Turn(question, when)]).answer
    assert "110 Euro" in fee and "95" not in fee, fee


def test_a_genitive_series_name_is_the_nominative_one(assistant: Assistant) -> None:
    assert series_key("Kommunalen Datengipfels Westfalen") == series_key(
        "Kommunale Datengipfel Westfalen")  # fmt: skip
    assert series_key("Kongresses") == series_key("Kongress")
    assert series_key("Status") == ("status",)  # no event noun: its "s" stays
    names = {e.series for e in assistant.catalog.events}
    assert any("Datengipfel Westfalen" in n for n in names), names
    assert not any("Datengipfels" in n for n in names), names


def test_the_press_desks_deadline_is_not_the_registration_deadline() -> None:
    press = AnswerUnit(0, "Um Anmeldung bis 1. September 2027 an presse@example.de wird "
                          "gebeten.", 1)  # fmt: skip
    general = AnswerUnit(0, "Anmeldeschluss für alle anderen ist der 15. August 2027.", 2)

    def similarity(question: str, texts: Sequence[str]) -> list[float]:
        return [0.4 if "presse@" in t else 0.1 for t in texts]  # the model prefers it

    def best(question: str) -> str:
        return rank_units([press, general], question, Slot.DEADLINE, {}, similarity)[0].unit.text

    assert best("bis wann kann man sich anmelden?") == general.text
    assert best("bis wann müssen sich journalisten akkreditieren?") == press.text


def test_at_the_centre_of_a_talk_is_no_place() -> None:
    assert not has_value(Slot.PLACE, "Im Zentrum der Tagung steht die neue Strategie.")
    assert has_value(Slot.PLACE, "Die Tagung findet im Kongresszentrum Soest statt.")


def test_an_announced_edition_keeps_the_sentences_going_on_about_it() -> None:
    units = [
        AnswerUnit(0, "Der 3. Gipfel fand 2026 in Hamm statt.", 1),
        AnswerUnit(0, "Der 4. Gipfel ist für 2027 vorgesehen.", 2),
        AnswerUnit(0, "Für Firmen ist ein Beitrag von 110 Euro geplant.", 3),
        AnswerUnit(0, "Moderation: Birgit Beispiel", 4, key_value=True),  # the next item's
        AnswerUnit(0, "Für Firmen kostete er 95 Euro.", 6),  # not right after
    ]
    kept = [u.text for u in of_announced(units, 2027)]
    assert kept == [units[1].text, units[2].text]


def _edition(year: int, start: date, quote: str) -> Target:
    lists = {n: [] for n in EVENT_FIELDS}
    lists["dates"] = [Fact(str(start), "doc", "doc:0:x", quote)]
    event = Event(event_id=f"e{year}", series="Sprechstunde", edition=str(year), start=start,
                  end=start, sources=["doc"], announced=False, **lists)  # fmt: skip
    return Target(f"k{year}", f"Sprechstunde {year}", ("doc",), event, year)


def test_only_a_numbered_edition_is_the_next_one_of_a_report() -> None:
    """A date in a list of consultation hours may not be the next one (the catalog may miss
    a date between); "Der 4. Beratungstag ist für … geplant" is."""
    held = _edition(2026, date(2026, 11, 4), "Am 4. November 2026 kamen 14 Vereine.")
    listed = _edition(2027, date(2027, 1, 13), "Mittwoch, 13. Januar 2027, 17–19 Uhr")
    numbered = _edition(2027, date(2027, 1, 13), "Der 4. Beratungstag ist für den 13. Januar "
                                                 "2027 geplant.")  # fmt: skip
    today, question = date(2026, 11, 30), "wann ist die nachste sprechstunde?"  # folded
    assert with_upcoming([held], [], question, today, {}, [held, listed]) == [held]
    assert with_upcoming([held], [], question, today, {}, [held, numbered]) == [numbered]


def test_an_edition_number_before_a_hyphenated_noun_at_a_sentence_end() -> None:
    assert edition_numbers("Am 11. März 2027 treffen sich alle zum 6. E-Government-Tag.") == {6}
    assert edition_numbers("Der Fachtag findet am 3. Juni statt.") == frozenset()

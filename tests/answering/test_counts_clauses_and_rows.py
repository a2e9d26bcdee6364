"""A press kit in key/value bullets: "Wie viele …?" is answered with a number or not at all,
"wer moderiert?" with the clause naming the moderator (not the press contact after the ";"),
"wann ist der Demo Day?" not by the bullet about an earlier edition that names it, a street
named like a place ("Weender Landstraße") is no city, and "Stand der Pressemappe: …" dates
the kit, not the event. The release is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.slots import count_roles
from assistant.answering.subject import is_frame
from assistant.corpus.heads import dateline
from assistant.pipeline import Assistant
from assistant.text.facts import find_places
from assistant.text.intents import Slot, read_ask

KIT = """# Pressemappe: „Ostheim verbunden – Demo Day im Rathaus“

Stand der Pressemappe: 30. November 2026 · Herausgeberin: Stadtlabor Ostheim gGmbH

## Das Wichtigste in Kürze

- **Was:** Demo Day des Projekts „Ostheim verbunden“
- **Wann:** Samstag, 8. Mai 2027, 10:00 bis 17:00 Uhr
- **Wo:** Rathaus Ostheim, Markt 1, 37073 Göttingen
- **Kinder-Werkstatt:** Anmeldung bis 16. April 2027
- Beim ersten Demo Day am 12. September 2025 kamen rund 900 Gäste; für 2027 rechnet das
  Stadtlabor mit 1.200.

## Moderation

Die Moderation des Demo Days übernimmt die Journalistin Lea Brandt; für Presseanfragen wenden
Sie sich bitte an Jonas Fink.

Die Anmeldung für Schulklassen erfolgt bis Freitag, 9. April 2027, über das Schulportal.

Die Geschäftsräume des Stadtlabors in der Weender Landstraße bleiben am Veranstaltungstag
geschlossen.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("press-kit")
    return assistant_over(root, {"pressemappe.md": KIT}, today=date(2026, 12, 1))


def test_how_many_is_answered_with_a_number(assistant: Assistant) -> None:
    answer = assistant.ask("Wie viele Anmeldungen von Schulklassen gibt es schon?").answer
    assert "9. April" not in answer, answer  # the deadline is no count


def test_the_moderators_clause_without_the_press_contact(assistant: Assistant) -> None:
    answer = assistant.ask("wer moderiert den demo day ostheim verbunden?").answer
    assert "Lea Brandt" in answer and "Fink" not in answer, answer


def test_an_earlier_editions_bullet_does_not_date_the_event(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist der demo day in göttingen?").answer
    assert "8. Mai 2027" in answer and "12. September" not in answer, answer


def test_a_street_is_no_city_and_the_kits_date_no_event_date() -> None:
    assert find_places("in der Weender Landstraße") == ()
    assert find_places("im Rathaus in Göttingen") == ("Göttingen",)
    assert dateline(KIT)[1] == date(2026, 11, 30)


def test_steckt_hinter_is_an_organiser_question_whose_verb_names_nothing() -> None:
    assert read_ask("Wer steckt eigentlich hinter dem Datencamp?").slot == Slot.ORGANISER
    assert is_frame("steckt")  # a sentence need not say "steckt" to name who is behind it


def test_an_age_question_is_answered_with_an_age_or_not_at_all(assistant: Assistant) -> None:
    answer = assistant.ask("Ab welchem Alter darf man zum Demo Day Ostheim verbunden kommen?")
    assert answer.abstained, answer.answer  # "Rathaus" or "Kinder" name no age


def test_each_count_of_a_list_has_its_own_role() -> None:
    listed = "Ein paar Zahlen: 90 Anmeldungen, 74 Leute waren tatsächlich da, 21 Sessions."
    assert count_roles(listed) == {"expected", "actual"}  # the 74 came, the 90 registered
    assert count_roles("Erwartet werden rund 600 Gäste.") == {"expected"}

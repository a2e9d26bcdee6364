"""The contact of a part of an event ("die Ansprechpartnerin vom Awareness-Team") is not the
page's general contact, and a footer's links ("· Impressum · Datenschutz") are no contact. The
page is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

PAGE = """Offenes Amt Camp 2027

Das Barcamp Offenes Amt Camp findet am Samstag, 17. April 2027, in der Alten Werkhalle in
Magdeburg statt.

Beim Barcamp gibt es kein festes Programm. Alle, die kommen, können eine Session anbieten. Die
Sessions werden am Samstagmorgen gemeinsam geplant.

Die Teilnahme ist kostenlos. Für den Samstag gibt es 150 Plätze. Die Anmeldung öffnet am
11. Januar 2027.

Für Kinder ab drei Jahren gibt es eine Betreuung. Bitte bei der Anmeldung angeben.

Awareness: Unser Awareness-Team ist den ganzen Tag ansprechbar, erkennbar an grünen Bändern
und telefonisch unter 0391 555 4790.

Kontakt: orga@offenes-amt.example.de · Impressum · Datenschutz
"""


OTHER = """Fachtag Register 2027

Der Fachtag Register findet am 4. März 2027 in Halle statt. Kontakt: Jana Feld,
presse@fachtag.example.de
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("contact-of-a-part")
    return assistant_over(root, {"camp.txt": PAGE, "fachtag.txt": OTHER}, today=date(2026, 12, 1))


def test_the_general_contact_without_the_footer_links(assistant: Assistant) -> None:
    answer = assistant.ask("an wen kann ich mich bei fragen zum offenes amt camp wenden?").answer
    assert "orga@offenes-amt.example.de" in answer, answer
    assert "Impressum" not in answer and "Datenschutz" not in answer, answer


def test_a_part_s_contact_person_is_not_the_general_contact(assistant: Assistant) -> None:
    answer = assistant.ask("wie heißt die ansprechpartnerin vom awareness-team beim offenes "
                           "amt camp?").answer
    assert "orga@" not in answer, answer

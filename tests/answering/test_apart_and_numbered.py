"""A conversation about one edition by its number ("der 12. kongres …", misspelt), an event a
release sets apart from its own ("Unabhängig vom Sprechtag lädt … zu einem Infoabend"), and a
press office's address line, which is no venue. The releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.knowledge import Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.units import answer_units
from assistant.answering.wording import identifies
from assistant.pipeline import Assistant
from assistant.records import Passage
from assistant.text.questions import analyse
from assistant.text.roles import UNRELATED

RELEASES = {
    "forum-2021.txt": "Kiel, 2. September 2021\n\nWie Daten Städte verbinden – darum dreht sich "
    "der 12. Kongress „Offene Stadt“ am 4. November 2021 in Kiel. Vor Ort und erstmals per "
    "Livestream diskutieren Fachleute aus Kommunen und Wissenschaft. Durch das Programm "
    "führt die Moderatorin Jana Wellhöfer.\n",
    "forum-2024.txt": "Kiel, 1. September 2024\n\nAusblick auf den Kongress Offene Stadt 2024\n\n"
    "Der Kongress „Offene Stadt“ für Kommunen findet am 6. November 2024 in Kiel statt. Es "
    "moderiert Paul Brammer.\n",
    "sprechtag.md": "# Bürger-Sprechtag Digitales Amt: Termine bis Juni 2027\n\n"
    "Einmal im Monat beraten Fachleute der Stadt Bürgerinnen und Bürger in kostenlosen "
    "Einzelgesprächen. Der nächste Bürger-Sprechtag findet am 13. Januar 2027 statt. Ort ist "
    "das Servicebüro im Rathaus, Marktplatz 2, 27749 Delmenhorst.\n\nUnabhängig vom "
    "Sprechtag lädt der Seniorenbeirat am Dienstag, 19. Januar 2027, zu einem Infoabend "
    "„Online-Banking“ in sein Haus am Wall (Wallstraße 9, Delmenhorst) ein.\n\n"
    "**Pressekontakt**\nStadt Delmenhorst · Pressestelle · Am Theater 1 · 26122 Oldenburg\n",
    "fachforum.txt": "Städtebund Mosel e.V.\n\nVeröffentlicht am 01.12.2026\n\n"
    "Fachforum „E-Dorf in kleinen Kommunen – vom Pilotprojekt zum Regelbetrieb“\n\nViele "
    "Ortsgemeinden führen die elektronische Akte ein. Das Fachforum E-Dorf findet am "
    "Donnerstag, 18. Februar 2027, in Trier statt. Zum Fachforum E-Dorf laden wir alle "
    "Bürgermeister ein. Das Fachforum E-Dorf 2025 fand in Bitburg statt.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("apart")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_an_edition_asked_by_its_number_is_that_edition(assistant: Assistant) -> None:
    first = "wann war der 12. kongres offene stadt"
    answer = assistant.ask(first).answer
    assert "4. November 2021" in answer, answer
    host = assistant.ask("wer moderiert?", [first]).answer
    assert "Wellhöfer" in host and "Brammer" not in host, host


def test_an_event_set_apart_is_not_the_releases_own(assistant: Assistant) -> None:
    assert UNRELATED.search("Unabhängig vom Sprechtag lädt der Beirat zu einem Infoabend ein.")
    assert not UNRELATED.search("Die Gebühr gilt unabhängig vom Anmeldezeitpunkt.")
    assert UNRELATED.search("Der Kurs kostet 12 Euro und ist ein eigenes Angebot der VHS.")
    fee = assistant.ask("was kostet der infoabend online-banking vom seniorenbeirat?").answer
    assert "kostenlos" not in fee, fee  # the Sprechtag's talks are free, the evening's unknown
    place = assistant.ask(
        "wo genau findet das statt, beim rathaus in oldenburg?",
        ["wann ist der nächste bürger-sprechtag?"],
    ).answer
    assert "Marktplatz 2" in place, place  # not the evening's house, not the press office
    where = assistant.ask("wo genau ist das in delmenhorst, in welcher straße?",
                          ["wann ist der nächste bürger-sprechtag?"]).answer
    assert "Marktplatz 2" in where, where  # the evening's sentence names a street, too


def test_a_press_offices_address_line_is_a_contact_line() -> None:
    body = "Pressekontakt\nStadt Delmenhorst · Pressestelle · Am Theater 1 · 26122 Oldenburg"
    passage = Passage("c1", "d", "Titel", body, body, 1.0)
    units = [u for u in answer_units((passage,)) if "Am Theater" in u.text]
    assert units and all(u.contact for u in units), units


def test_a_quoted_name_from_the_releases_title_names_the_event(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist das Fachforum „E-Dorf in kleinen Kommunen“?").answer
    assert "18. Februar 2027" in answer, answer
    question = "Wann ist das Fachforum „E-Dorf in kleinen Kommunen“?"
    body = RELEASES["fachforum.txt"]
    title = "Fachforum „E-Dorf in kleinen Kommunen – vom Pilotprojekt zum Regelbetrieb“"
    passage = Passage("c1", "forum", title, body, body, 1.0)
    request = GenerationRequest(question, analyse(question), (passage,), None, date(2026, 12, 1))  # type: ignore[arg-type]
    target = Target("k", "E-Dorf 2027", ("forum",), names=frozenset({"dorf"}))
    assert identifies("kommunen", target, request)  # the title's quoted name, not another's

"""An Austrian state's press release: its dateline reads "Linz, am 30. November 2026", its
months are "Jänner" and "Feber", its headline quotes a minister's sentence, and it names a
separate deadline for the livestream. The release date is the dateline's; neither "Feber"
nor the quoted sentence names the series; "bis wann anmelden?" gets the event's deadline,
not the livestream's. The releases are written for these tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.selection import rank_units
from assistant.answering.units import AnswerUnit
from assistant.answering.yes_no_facts import asked_month
from assistant.corpus.heads import dateline
from assistant.pipeline import Assistant
from assistant.text.intents import Slot, read_ask

RELEASES = {
    "amtstag.txt": "PRESSEAUSSENDUNG\nAmt der Landesregierung – Landespressedienst\n"
    "Nr. 318/2026\n\nKlagenfurt, am 30. November 2026\n\nLandesrat Obermoser: „Der neunte "
    "Digitale Amtstag holt die Verwaltung aus dem Papierzeitalter“\n\nTagung für Gemeinden "
    "am 11. Feber 2027 in Villach – Anmeldung bis 29. Jänner 2027\n\nDer Digitale Amtstag "
    "findet am Donnerstag, 11. Feber 2027, im Kongresshaus am Drauufer in Villach statt. "
    "Erwartet werden rund 400 Bedienstete aus Gemeinden und Bezirkshauptmannschaften.\n\n"
    "Die Anmeldung ist bis Freitag, 29. Jänner 2027, online möglich. Für die "
    "Livestream-Teilnahme ist eine gesonderte Registrierung bis 9. Feber 2027 nötig. "
    "Der Teilnahmebeitrag beträgt € 40,– pro Person.\n\n(Schluss)\n",
    "werkstatt.txt": "Stadt Grünhagen\n\nGrünhagen, 2. Dezember 2026\n\nDatenwerkstatt "
    "für Vereine im Rathaus\n\nDie Datenwerkstatt findet am 14. Jänner 2027 um 18 Uhr im "
    "Sitzungssaal des Rathauses Grünhagen statt. Die Teilnahme ist kostenlos; eine "
    "Anmeldung ist nicht nötig.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("austrian")
    return assistant_over(root, RELEASES, today=date(2026, 12, 3))


def test_a_dateline_with_am_or_den_dates_the_release() -> None:
    assert dateline("Klagenfurt, am 30. November 2026\nText")[1] == date(2026, 11, 30)
    assert dateline("Kiel, den 4. Mai 2027\nText")[1] == date(2027, 5, 4)


def test_austrian_months_and_a_quoted_sentence_name_no_series(assistant: Assistant) -> None:
    names = {e.series for e in assistant.catalog.events}
    assert any("Amtstag" in n for n in names), names
    assert not any("Feber" in n or "Jänner" in n or "Papierzeitalter" in n for n in names), names


def test_the_events_deadline_not_the_livestreams(assistant: Assistant) -> None:
    answer = assistant.ask("bis wann kann ich mich zum digitalen amtstag anmelden?").answer
    assert "29. Jänner" in answer or "29. Januar" in answer, answer
    assert "9. Feber" not in answer, answer
    streamed = assistant.ask("bis wann muss ich mich für den livestream vom amtstag "
                             "registrieren?").answer  # fmt: skip
    assert "9. Feber" in streamed or "9. Februar" in streamed, streamed


def test_a_deadline_for_one_way_of_taking_part_needs_asking_for() -> None:
    general = AnswerUnit(0, "Die Anmeldung ist bis Freitag, 29. Jänner 2027, online möglich.", 1)
    stream = AnswerUnit(0, "Für die Livestream-Teilnahme ist eine gesonderte Registrierung bis "
                           "9. Feber 2027 nötig.", 2)  # fmt: skip

    def similarity(question: str, texts: Sequence[str]) -> list[float]:
        return [0.4 if "Livestream" in t else 0.1 for t in texts]  # the model prefers it

    def best(question: str) -> str:
        ranked = rank_units([general, stream], question, Slot.DEADLINE, {}, similarity)
        return ranked[0].unit.text

    assert best("bis wann kann ich mich anmelden?") == general.text
    assert best("bis wann kann ich mich für den livestream anmelden?") == stream.text
    on_site = AnswerUnit(0, "Für die Teilnahme vor Ort bitten wir um Anmeldung bis "
                            "1. Juni 2027.", 3)  # fmt: skip
    ranked = rank_units([stream, on_site], "bis wann anmelden?", Slot.DEADLINE, {}, similarity)
    assert ranked[0].unit is on_site  # the event's own registration, said for those who come


def test_austrian_months_are_read_in_questions() -> None:
    assert read_ask("an welchem tag im jänner ist der amtstag?").month == 1
    assert asked_month("fand der amtstag im feber statt?") == 2

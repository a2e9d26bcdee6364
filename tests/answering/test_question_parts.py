"""What a question asks when its first part only names the event ("nordforum in kiel, wann
genau?" asks for the date, not what the forum is), when it asks for the next edition (never
the date of the one that was), and how many came when they are "Verwaltungsfachleute". The
release is written for these tests."""

from __future__ import annotations

from pathlib import Path

from conftest import assistant_over

from assistant.answering.slots import has_value
from assistant.text.intents import Slot, read_ask

REPORT = """Rückblick: Fachtag Digitale Schule 2026

Der Fachtag Digitale Schule fand am 22. und 23. April 2026 in Halle statt; rund 280
Schulverwaltungsfachleute kamen. Ein genaues Datum und der Ort des nächsten Fachtags stehen
noch nicht fest; beides soll bis zum Herbst bekanntgegeben werden.
"""


def test_a_part_that_only_names_the_event_adds_no_slot() -> None:
    assert read_ask("nordforum verwaltung ki in kiel, wann genau?").slots == (Slot.DATE,)
    assert Slot.PLACE in read_ask("wann und wo ist das forum?").slots


def test_compound_nouns_of_people_are_counted() -> None:
    assert has_value(Slot.PARTICIPANTS, "Es kamen rund 310 Verwaltungsfachleute nach Kiel.")
    assert not has_value(Slot.PARTICIPANTS, "Es kamen rund 310 Verwaltungsakten an.")


def test_the_next_edition_is_not_the_date_of_the_last(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"fachtag-digitale-schule-2026.txt": REPORT})
    answer = assistant.ask("Steht schon fest, wann der nächste Fachtag Digitale Schule ist?")
    assert "22. und 23. April" not in answer.answer, answer.answer


def test_swapped_letters_and_chat_spellings_are_read_as_meant() -> None:
    from assistant.text.matching import edit_distance_le1
    from assistant.text.questions import as_meant

    assert edit_distance_le1("plattfrom", "plattform")
    assert not edit_distance_le1("plattfrom", "plattfarm2")
    assert as_meant("läuft das jetz online?") == "läuft das jetzt online?"


KIEL = """Nordforum Digitale Akte 2027 in Kiel

Das Nordforum Digitale Akte findet am 9. September 2027 im Haus der Wirtschaft in Kiel statt.
Die Teilnahme kostet 180 Euro.
"""
SAAR = """Online-Reihe Saar digital 2027

Die Online-Reihe Saar digital startet am 3. März 2027. Es spricht Dr. Ralf Kiefer,
Landesamt für Digitales. Die Teilnahme an der Online-Reihe ist kostenfrei.
"""


def test_a_town_adjective_names_the_town_not_a_surname(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"nordforum-kiel-2027.txt": KIEL,
                                          "saar-digital-2027.txt": SAAR})
    answer = assistant.ask("was kostet das kieler forum?")
    assert "180 Euro" in answer.answer, answer.answer


CANCELLED = """Digitalgipfel Westpfalz 2026 abgesagt

Der Digitalgipfel Westpfalz 2026 findet nicht statt. Unberührt von der Absage bleibt der
"Tag der IT-Ausbildung", den der Zweckverband am 12. Februar 2027 in Kusel veranstaltet.
Der Zweckverband strebt an, den Digitalgipfel im Herbst 2027 wieder in Präsenz durchzuführen.
"""


def test_an_edition_the_catalog_lacks_is_not_dated_by_another_event(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"digitalgipfel-westpfalz-2026.txt": CANCELLED})
    answer = assistant.ask("Wann und wo findet der Digitalgipfel Westpfalz 2027 statt?")
    assert "12. Februar" not in answer.answer and "Kusel" not in answer.answer, answer.answer


ACADEMY = """Seminar VA 28-101: Barrierefreie Formulare

Das Seminar VA 28-101 der Verwaltungsakademie Nordheide findet am 4. Mai 2027 in Lüneburg
statt. Im vergangenen Jahr hatte das Forum der Akademie in Celle noch gut 520 Gäste angezogen.
"""


def test_a_count_of_another_kind_of_event_is_not_the_asked_ones(tmp_path: Path) -> None:
    from assistant.answering.sections import _bare_kinds

    assert _bare_kinds("die Tagung") == _bare_kinds("der Kongress")  # one kind, two words
    assistant = assistant_over(tmp_path, {"seminar-va-28-101.txt": ACADEMY})
    answer = assistant.ask("Wie viele Personen haben das Seminar VA 28-101 im vergangenen "
                           "Jahr besucht?")
    assert "520" not in answer.answer, answer.answer


def test_a_contraction_names_no_unknown_event(tmp_path: Path) -> None:
    seminar = ("OZG-Seminar April 2027\n\nDas OZG-Seminar findet am 20. April 2027 in Kassel "
               "statt. Anmeldeschluss ist der 1. April 2027.\n")
    assistant = assistant_over(tmp_path, {"nordforum-kiel-2027.txt": KIEL, "ozg.txt": seminar})
    question = "bis wann muss ich mich fürs ozg-seminar im april anmelden?"
    assert assistant.subject(question).mode != "unknown"
    assert "1. April" in assistant.ask(question).answer
    from assistant.answering.subject import question_words

    assert "furs" not in question_words(question)[0]  # "fürs" names no event

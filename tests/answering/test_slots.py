"""What a sentence must hold to answer a slot: a money amount for prize money, a count that
is no year, a fee that is no funding; and which part of a dash-joined line answers."""

from __future__ import annotations

import pytest

from assistant.answering.slots import answering_part, has_value, names_someone
from assistant.text.intents import Slot

LINE = ("Preisgeld von 50.000 Euro – Bewerbungen bis 15. April 2027 möglich – Preisverleihung "
        "am 23. September 2027 in Dresden")  # fmt: skip


@pytest.mark.parametrize(
    ("slot", "part"),
    [
        (Slot.DEADLINE, "Bewerbungen bis 15. April 2027 möglich"),
        (Slot.PRIZE, "Preisgeld von 50.000 Euro"),
        (Slot.SPEAKER, LINE),  # a person's role may span the parts: the whole line
    ],
)
def test_the_part_of_a_dash_joined_line_that_answers(slot: Slot, part: str) -> None:
    assert answering_part(slot, LINE) == part


def test_values_a_slot_needs() -> None:
    assert not has_value(Slot.PRIZE, "„Goldene Akte 2027“: Bewerbungsphase eröffnet")
    assert has_value(Slot.PRIZE, "Der Preis ist mit 9.000 Euro dotiert.")
    assert not has_value(Slot.COUNT, "Ulm lud im Mai 2026 zu einem Tag der Verwaltung ins Rathaus.")
    assert has_value(Slot.COUNT, "Es gab 64 Aussteller.")
    assert not has_value(Slot.FEE, "Verbundvorhaben: bis zu 400.000 Euro, Förderquote 90 Prozent")
    assert has_value(Slot.FEE, "Die Teilnahme kostet 95 € zzgl. MwSt.")
    assert not has_value(Slot.FEE, "Der 2. Konvent, den das Land mit 62 000,00 Euro gefördert "
                                   "hatte, erreichte 310 Teilnehmende.")  # fmt: skip
    assert not has_value(Slot.FEE, "Die Einnahmen betrugen 14.250 Euro.")
    assert not has_value(Slot.MODERATOR, "„Gute Ideen entstehen vor Ort“, sagt Jana Wollbrink.")
    assert has_value(Slot.MODERATOR, "Moderation: Jana Wollbrink, Radio Nord")


def test_a_generic_group_names_nobody() -> None:
    assert not names_someone("Begleitet von Coaches aus Kommunen der Region.")
    assert names_someone("Es berichtet der Landkreis Kassel.")
    assert names_someone("Es spricht Dr. Mira Talke.")


def test_a_course_code_names_nobody() -> None:
    # "Wer ist die Dozentin beim Kurs …?" is not answered by the course's line in a list
    assert not names_someone("Tabellen barrierefrei gestalten (TB-2027-2) – ab 03.05.2027, online")
    assert not names_someone("Der Einführungskurs 25-DSB-04 fand vom 2. bis 4. Mai statt.")
    assert names_someone("Es lädt die KDVZ ein.")


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("The private sector pays a fee of EUR 120 for in-person attendance.", True),
        ("Mitglieder zahlen CHF 180, Nichtmitglieder CHF 260.", True),
        ("Attendance is free of charge for staff of public authorities.", True),
        ("Up to 400 people can follow the plenary sessions via livestream.", False),
    ],
)
def test_fees_in_other_currencies_and_in_english(text: str, fee: bool) -> None:
    assert has_value(Slot.FEE, text) is fee


def test_a_plural_of_a_body_names_no_organiser() -> None:
    """ "bei Land und Kommunen" names nobody who organises; "die Gemeinde Aubach" does."""
    vague = "Die Veranstaltung leistet einen Beitrag zum Kulturwandel bei Land und Kommunen."
    assert not has_value(Slot.ORGANISER, vague)
    assert has_value(Slot.ORGANISER, "Es lädt die Gemeinde Aubach.")
    assert has_value(Slot.ORGANISER, "Der Tag wird von der Kommunalen Allianz Aubtal (Verbund "
                                     "aus sieben Gemeinden) veranstaltet.")
    assert has_value(Slot.PARTNER, "Partner ist die Kommunale Allianz Aubtal.")
    assert has_value(Slot.ORGANISER, "Er wird von der Kreisvolkshochschule Aubtal organisiert.")

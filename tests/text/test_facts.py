"""Typed facts: edition numbers in German and in the English of visitors' questions."""

import pytest

from assistant.text.facts import edition_numbers, prize_ranks


def test_english_ordinals_number_an_edition_as_german_ones_do() -> None:
    assert edition_numbers("Where did the 20th congress take place?") == {20}
    assert edition_numbers("When is the third summit?") == {3}
    assert edition_numbers("the 2nd edition") == {2}


def test_an_english_date_or_an_ordinal_of_something_else_is_no_edition() -> None:
    assert edition_numbers("It took place on 20th November.") == frozenset()
    assert edition_numbers("the second day of the programme") == frozenset()


@pytest.mark.parametrize(("text", "ranks"), [
    ("wie viel geld gab es für den 3. platz?", {3}),
    ("Den zweiten Preis (1.000 Euro) erhielt das Team Nord.", {2}),
    ("Platz 1 ging an die Stadt Hameln.", {1}),
    ("who won third place?", {3}),
    ("Am 3. Juni ist Anmeldeschluss.", set()),
])  # fmt: skip
def test_prize_ranks(text: str, ranks: set[int]) -> None:
    assert prize_ranks(text) == ranks

"""A fee question naming what it asks the price of ("Was kostet ein Ausstellerstand?",
"… das Mittagessen?") is answered only by a sentence naming that thing, not by the tickets'
prices or a line on VAT, however well those score as fees."""

from __future__ import annotations

from assistant.answering.choice import choose
from assistant.answering.selection import Scored
from assistant.answering.units import AnswerUnit
from assistant.text.intents import read_ask


def _fee(text: str) -> Scored:
    """A sentence that states a price, scored high as a fee but barely like the question."""
    return Scored(AnswerUnit(index=0, text=text, order=0), 1.3, 0.2, 0.0, True, True)


def test_the_price_of_the_thing_asked_or_nothing() -> None:
    question = "was kostet ein ausstellerstand auf der messe?"
    ask = read_ask(question)
    vat = _fee("Alle Preise in Euro inkl. 19 % MwSt., zzgl. 1,50 € Servicegebühr.")
    ticket = _fee("Die Tageskarte kostet 45 Euro.")
    stand = _fee("Ein Ausstellerstand kostet ab 890 Euro zzgl. USt.")
    assert choose(ask, [vat, ticket], question, ["ausstellerstand"]) is None
    chosen = choose(ask, [vat, ticket, stand], question, ["ausstellerstand"])
    assert chosen is stand


def test_a_fee_question_naming_nothing_takes_the_ticket_price() -> None:
    question = "was kostet die teilnahme?"
    ticket = _fee("Die Tageskarte kostet 45 Euro.")
    assert choose(read_ask(question), [ticket], question, []) is ticket


def test_a_meal_is_a_meal_however_named() -> None:
    question = "was kostet das forum inkl. abendessen?"
    catering = _fee("Für Mitglieder ist die Teilnahme kostenfrei; für die Abendverpflegung "
                    "wird ein Beitrag von 25 Euro erhoben.")  # fmt: skip
    assert choose(read_ask(question), [catering], question, ["abendessen"]) is catering

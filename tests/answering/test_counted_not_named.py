"""A "welche X?" question is not answered by a sentence that only counts the X ("sechs
Workshops", "von mehreren Linien", "drei Dorfladen-Initiativen"): the sources name none, so
the answer step abstains; a count followed by the names ("drei Themen: …") still answers.
The sentences are written for these tests."""

from __future__ import annotations

import pytest

from assistant.answering.choice import gives_asked_kind


@pytest.mark.parametrize(("question", "sentence"), [
    ("welche workshops gibts am nachmittag beim fachtag?",
     "Nach der Keynote folgen am Vormittag ein Podium und am Nachmittag sechs Workshops [1]."),
    ("Welche Buslinien fahren zur Haltestelle Kongresszentrum?",
     "Anreise mit dem Bus: Die Haltestelle „Kongresszentrum“ wird von mehreren Linien "
     "angefahren [1]."),
    ("welche drei dorfläden bekommen am donnerstag die förderbescheide?",
     "Der Landrat übergibt Förderbescheide an drei Dorfladen-Initiativen [1]."),
])  # fmt: skip
def test_a_count_does_not_answer_which_ones(question: str, sentence: str) -> None:
    assert not gives_asked_kind(question, sentence)


@pytest.mark.parametrize("sentence", [
    "Im Mittelpunkt stehen drei Themen: E-Akte, Datenschutz und Cloud [1].",
    "Am Nachmittag laufen die Workshops „E-Akte“ und „KI im Amt“ [1].",
    "Die Haltestelle wird von den Linien 3 und 7 angefahren [1].",
])  # fmt: skip
def test_names_answer_which_ones(sentence: str) -> None:
    question = "welche themen, workshops und linien gibt es?"
    assert gives_asked_kind(question, sentence)

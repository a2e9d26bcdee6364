"""The sentence splitter on the cases `evals/sentence_split_eval.py` found it wrong on (and the
ones it must keep right); the whole comparison with pysbd is in evals/reports/sentence_split.md."""

from __future__ import annotations

import pytest

from assistant.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 14. November 2023 geht es los. Es spricht Prof. Dr. Anna Beck.",
         ["Am 14. November 2023 geht es los.", "Es spricht Prof. Dr. Anna Beck."]),
        ("Themen sind z. B. die E-Akte. Dann folgt die Pause.",
         ["Themen sind z. B. die E-Akte.", "Dann folgt die Pause."]),
        ("Veranstalter ist der Verband Digital e. V. (VD) gemeinsam mit der Hochschule. Gut so.",
         ["Veranstalter ist der Verband Digital e. V. (VD) gemeinsam mit der Hochschule.",
          "Gut so."]),
        ("Er sagte: „Wir müssen schneller werden.“ Danach ging es weiter.",
         ["Er sagte: „Wir müssen schneller werden.“", "Danach ging es weiter."]),
        ("Tz. 41 Die Stabsstelle hat den Tag ausgerichtet. Tz. 42 Er war für Juni geplant.",
         ["Tz. 41 Die Stabsstelle hat den Tag ausgerichtet.", "Tz. 42 Er war für Juni geplant."]),
        ("Die Reihe ist beendet. 2027 geht es weiter.",
         ["Die Reihe ist beendet.", "2027 geht es weiter."]),
        ("Der Workshop ist in der Lindenstr. 12 im Saal. Der Zugang ist barrierefrei.",
         ["Der Workshop ist in der Lindenstr. 12 im Saal.", "Der Zugang ist barrierefrei."]),
        ("Die Firma GmbH & Co. KG lädt ein. Mehr folgt.",
         ["Die Firma GmbH & Co. KG lädt ein.", "Mehr folgt."]),
        ("Beginn ist um 9.30 Uhr. 120 Gäste werden erwartet.",
         ["Beginn ist um 9.30 Uhr.", "120 Gäste werden erwartet."]),
    ],
)  # fmt: skip
def test_split(text: str, expected: list[str]) -> None:
    assert list(split_sentences(text)) == expected


def test_price_abbreviations_do_not_end_a_sentence() -> None:
    text = "Die Teilnahme kostet 95 € zzgl. MwSt. pro Person. Es gibt max. 40 Plätze."
    assert split_sentences(text) == (
        "Die Teilnahme kostet 95 € zzgl. MwSt. pro Person.",
        "Es gibt max. 40 Plätze.",
    )


def test_an_academic_degree_ends_no_sentence() -> None:
    text = "Es leitet Dr. jur. Anne Kleefeld, Direktorin a. D., das Seminar. Es folgt X."
    assert list(split_sentences(text)) == [
        "Es leitet Dr. jur. Anne Kleefeld, Direktorin a. D., das Seminar.",
        "Es folgt X.",
    ]

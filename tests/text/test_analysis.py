from __future__ import annotations

import pytest

from assistant.text.analysis import Analyzer, content_words, expand, fold, raw_tokens, stem


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (("Nürnberg", "Nuernberg", "NÜRNBERG", "Nurnberg"), "nurnberg"),
        (("Lübeck", "Luebeck"), "lubeck"),
        (("Größe", "Groesse"), "grosse"),
        (("Bürgermeister", "Buergermeister"), "burgermeister"),
        (("Café",), "cafe"),
        (("Nordl@nder", "Nordländer", "Nordlaender"), "nordlander"),
    ],
)
def test_fold_maps_umlaut_spellings_to_one_form(spellings: tuple[str, ...], folded: str) -> None:
    assert {fold(s) for s in spellings} == {folded}


def test_nordlaender_is_one_token() -> None:
    assert list(raw_tokens("Nordl@nder.DIGITAL")) == ["nordlander", "digital"]
    assert list(raw_tokens("Der Nordl@nder-Kongress")) == ["der", "nordlander", "kongress"]


def test_numbers_are_split_at_dots() -> None:
    assert list(raw_tokens("am 23.04.2024")) == ["am", "23", "04", "2024"]
    assert stem("04") == "4" and stem("0") == "0"


def test_numeric_dates_also_yield_month_and_year() -> None:
    words = content_words("Der Kongress am 23.-24.04.2024 in Hamburg")
    assert "april" in words and "2024" in words
    assert "hamburg" in words and "kongress" in words
    assert {"september", "2022"} <= set(content_words("Termin: 5.9.22"))
    assert "april" not in content_words("Version 1.2 und 40.13.2024")


def test_question_words_are_not_content_words() -> None:
    assert content_words("Wann fand der Kongress statt?") == ["kongress"]
    assert content_words("Where was the event held?") == ["event"]


def test_english_month_names_match_german_ones() -> None:
    # "March" and "März" must reach the index as the same word, like "May" and "Mai".
    assert list(raw_tokens("May")) == list(raw_tokens("Mai"))
    assert list(raw_tokens("March")) == list(raw_tokens("März"))


def test_glossary_expands_visitor_words() -> None:
    assert expand(["patron"]) == ["schirmherrschaft", "schirmherr"]
    assert expand(["hamburg"]) == []


def test_compound_split_needs_known_parts() -> None:
    analyzer = Analyzer.for_corpus(["Die Verwaltung treibt die Digitalisierung voran."])
    assert {stem("verwaltung"), stem("digitalisierung")} <= analyzer.vocabulary
    assert analyzer.split_compound("verwaltungsdigitalisierung") == (
        stem("verwaltung"),
        stem("digitalisierung"),
    )
    terms = analyzer.terms("Verwaltungsdigitalisierung")
    assert stem("verwaltung") in terms and stem("digitalisierung") in terms
    # without a vocabulary nothing is guessed
    assert Analyzer().split_compound("verwaltungsdigitalisierung") == ()
    assert Analyzer().terms("Verwaltungsdigitalisierung") == [stem("verwaltungsdigitalisierung")]
    # short words and unknown parts are not split
    assert analyzer.split_compound("digitalisierung") == ()
    assert analyzer.split_compound("kuchenbackrezept") == ()


def test_query_and_text_meet_on_the_same_terms() -> None:
    analyzer = Analyzer.for_corpus(["Digitaler Aufbruch in Nürnberg am 19.04.2023"])
    indexed = set(analyzer.terms("Digitaler Aufbruch in Nürnberg am 19.04.2023"))
    asked = set(analyzer.terms("Aufbruch Nuernberg April"))
    assert asked <= indexed

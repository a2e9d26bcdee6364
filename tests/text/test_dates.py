from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text.dates import (
    DateMention,
    find_dates,
    format_date_de,
    format_date_en,
    infer_year,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

D = date


def spans(text: str, default_year: int | None = None) -> list[tuple[str, date, date]]:
    return [(m.raw, m.first, m.last) for m in find_dates(text, default_year)]


@pytest.mark.parametrize(
    ("text", "raw", "first", "last"),
    [
        # forms taken from the corpus
        ("am 14. November 2023 in Lübeck", "14. November 2023", D(2023, 11, 14), None),
        ("findet am 05. September 2022 der", "05. September 2022", D(2022, 9, 5), None),
        ("am 5. September 2022 in Rostock", "5. September 2022", D(2022, 9, 5), None),
        ("am 12. November 2020 in Lübeck", "12. November 2020", D(2020, 11, 12), None),
        ("  Lübeck, 21. September 2023", "21. September 2023", D(2023, 9, 21), None),
        ("wir am 23.-24.04.2024 in Hamburg", "23.-24.04.2024", D(2024, 4, 23), D(2024, 4, 24)),
        ("25.07.2022 · Ministerium", "25.07.2022", D(2022, 7, 25), None),
        ("Pressemitteilungen · 03.09.20", "03.09.20", D(2020, 9, 3), None),
        ("(URL: https://x.de/a.html, Stand:12.09.23).", "12.09.23", D(2023, 9, 12), None),
        ("bis Oktober 2021", "Oktober 2021", D(2021, 10, 1), D(2021, 10, 31)),
        # invented variants
        ("19. und 20. April 2023", "19. und 20. April 2023", D(2023, 4, 19), D(2023, 4, 20)),
        ("23.–24. April 2024", "23.–24. April 2024", D(2024, 4, 23), D(2024, 4, 24)),
        ("23. - 24. April 2024", "23. - 24. April 2024", D(2024, 4, 23), D(2024, 4, 24)),
        ("vom 23. bis 24. April 2024", "23. bis 24. April 2024", D(2024, 4, 23), D(2024, 4, 24)),
        ("30. April bis 2. Mai 2024", "30. April bis 2. Mai 2024", D(2024, 4, 30), D(2024, 5, 2)),
        (
            "30. Dezember bis 2. Januar 2025",
            "30. Dezember bis 2. Januar 2025",
            D(2024, 12, 30),
            D(2025, 1, 2),
        ),
        ("23.04.-24.04.2024", "23.04.-24.04.2024", D(2024, 4, 23), D(2024, 4, 24)),
        ("5.-6.5.2024.", "5.-6.5.2024", D(2024, 5, 5), D(2024, 5, 6)),
        ("im April 2024", "April 2024", D(2024, 4, 1), D(2024, 4, 30)),
        ("Februar 2024", "Februar 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("am 14. Jan. 2024", "14. Jan. 2024", D(2024, 1, 14), None),
        ("am 3. Febr. 2021", "3. Febr. 2021", D(2021, 2, 3), None),
        ("am 5. März 2024", "5. März 2024", D(2024, 3, 5), None),
        ("am 5. Maerz 2024", "5. Maerz 2024", D(2024, 3, 5), None),
        ("AM 14. NOVEMBER 2023", "14. NOVEMBER 2023", D(2023, 11, 14), None),
        ("2024-04-23", "2024-04-23", D(2024, 4, 23), None),
        ("April 23-24, 2024", "April 23-24, 2024", D(2024, 4, 23), D(2024, 4, 24)),
        ("September 5, 2022", "September 5, 2022", D(2022, 9, 5), None),
        ("on April 23rd, 2024", "April 23rd, 2024", D(2024, 4, 23), None),
        ("on 5 September 2022", "5 September 2022", D(2022, 9, 5), None),
        ("23–24 April 2024", "23–24 April 2024", D(2024, 4, 23), D(2024, 4, 24)),
    ],
)
def test_single_expression(text: str, raw: str, first: date, last: date | None) -> None:
    mentions = find_dates(text)
    assert len(mentions) == 1
    mention = mentions[0]
    assert mention.raw == raw
    assert text[mention.start : mention.end] == raw
    assert (mention.first, mention.last) == (first, last or first)
    assert mention.year_explicit


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("kamen am 19. und 20. April zum", D(2023, 4, 19), D(2023, 4, 20)),
        ("Vom 23.-24. April widmeten sich", D(2023, 4, 23), D(2023, 4, 24)),
        ("am 1. Mai", D(2023, 5, 1), D(2023, 5, 1)),
        ("vom 23. bis 24. April", D(2023, 4, 23), D(2023, 4, 24)),
    ],
)
def test_year_less_dates_take_default_year(text: str, first: date, last: date) -> None:
    (mention,) = find_dates(text, default_year=2023)
    assert (mention.first, mention.last) == (first, last)
    assert not mention.year_explicit


@pytest.mark.parametrize("text", ["am 19. und 20. April", "am 1. Mai", "Vom 23.-24. April"])
def test_year_less_dates_are_skipped_without_default(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tel.: (02366) 188-750",
        "Tel.: 02366/188-750",
        "darum dreht sich der 20. Kongress „Innovatives Management“",
        "Die Veranstaltung jährt sich zum 23. Mal.",
        "Die Veranstaltung jährt sich zum 20. Mal. Veranstalter ist die MACH AG.",
        "31.02.2024",
        "31. April 2024",
        "30. Februar 2023",
        "14. Jan Müller",
        "Version 1.2.3.4",
        "IP 10.10.10.10",
        "v2.1.2024",
        "im Augustinerhof 2023",
        "Die rund 40 Teilnehmenden",
        "im Mai 40 Gäste",
        "im April 23 Gäste",
        "Kommune 21 und DUZ Magazin",
        "1.250.000 Euro",
        "99. Mai 3000",
        "",
    ],
)
def test_negatives(text: str) -> None:
    assert find_dates(text, default_year=2023) == []


def test_stand_is_a_single_day_not_a_range() -> None:
    text = (
        "(URL: https://www.bmj.de/SharedDocs/Zitate/DE/2023/0814_Buerokratieabbau.html, "
        "Stand:12.09.23)."
    )
    assert spans(text) == [("12.09.23", D(2023, 9, 12), D(2023, 9, 12))]


def test_range_is_not_reported_as_its_last_day() -> None:
    assert spans("am 23.-24.04.2024 in Hamburg") == [
        ("23.-24.04.2024", D(2024, 4, 23), D(2024, 4, 24))
    ]
    assert spans("19. und 20. April 2023") == [
        ("19. und 20. April 2023", D(2023, 4, 19), D(2023, 4, 20))
    ]


def test_reversed_range_is_skipped() -> None:
    assert find_dates("24.-23. April 2024") == []


def test_mentions_come_in_text_order() -> None:
    text = "Erst am 5. September 2022, dann im April 2024 und am 25.07.2022 sowie 1. Mai."
    mentions = find_dates(text, default_year=2025)
    assert [m.raw for m in mentions] == ["5. September 2022", "April 2024", "25.07.2022", "1. Mai"]
    assert [m.year_explicit for m in mentions] == [True, True, True, False]
    assert all(isinstance(m, DateMention) for m in mentions)


def test_mention_is_frozen() -> None:
    (mention,) = find_dates("14. November 2023")
    with pytest.raises(AttributeError):
        mention.start = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "digitaler-aufbruch-2023.txt",
            [("19. und 20. April", D(2023, 4, 19), D(2023, 4, 20)),
             ("23.-24.04.2024", D(2024, 4, 23), D(2024, 4, 24))],
        ),
        ("digitaler-aufbruch-2024.txt", [("23.-24. April", D(2024, 4, 23), D(2024, 4, 24))]),
        (
            "innovatives-management-2020.txt",
            [("03.09.20", D(2020, 9, 3), D(2020, 9, 3)),
             ("12. November 2020", D(2020, 11, 12), D(2020, 11, 12)),
             ("12. November 2020", D(2020, 11, 12), D(2020, 11, 12)),
             ("Oktober 2021", D(2021, 10, 1), D(2021, 10, 31))],
        ),
        (
            "innovatives-management-2023.txt",
            [("21. September 2023", D(2023, 9, 21), D(2023, 9, 21)),
             ("14. November 2023", D(2023, 11, 14), D(2023, 11, 14)),
             ("12.09.23", D(2023, 9, 12), D(2023, 9, 12))],
        ),
        (
            "nordlaender-digital-2022.txt",
            [("25.07.2022", D(2022, 7, 25), D(2022, 7, 25)),
             ("05. September 2022", D(2022, 9, 5), D(2022, 9, 5)),
             ("5. September 2022", D(2022, 9, 5), D(2022, 9, 5))],
        ),
    ],
)  # fmt: skip
def test_real_corpus_files(name: str, expected: list[tuple[str, date, date]]) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert spans(text, infer_year(text)) == expected


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("digitaler-aufbruch-2023.txt", 2023),
        ("digitaler-aufbruch-2024.txt", 2024),
        ("innovatives-management-2020.txt", 2020),
        ("innovatives-management-2023.txt", 2023),
        ("nordlaender-digital-2022.txt", 2022),
    ],
)
def test_infer_year_on_corpus(name: str, year: int) -> None:
    assert infer_year((CORPUS / name).read_text(encoding="utf-8")) == year


def test_infer_year_rules() -> None:
    assert infer_year("Keine Jahreszahl, nur 40 Leute und Tel. 02366/188-750") is None
    assert infer_year("2019 und 2024 und 2024") == 2024
    assert infer_year("Erst 2022, dann 2023") == 2022  # tie: first mentioned wins
    assert infer_year("2022 2022 2023", title="Forum 2023") == 2023
    assert infer_year("Pressemitteilung 03.09.20, Rückblick 2019") == 2020
    assert infer_year("im Jahr 1850 und 2150") is None


@pytest.mark.parametrize(
    ("first", "last", "german", "english"),
    [
        (D(2023, 11, 14), None, "14. November 2023", "14 November 2023"),
        (D(2023, 11, 14), D(2023, 11, 14), "14. November 2023", "14 November 2023"),
        (D(2022, 9, 5), None, "5. September 2022", "5 September 2022"),
        (D(2024, 4, 23), D(2024, 4, 24), "23. und 24. April 2024", "23–24 April 2024"),
        (D(2024, 4, 23), D(2024, 4, 25), "23. bis 25. April 2024", "23–25 April 2024"),
        (D(2024, 4, 30), D(2024, 5, 2), "30. April bis 2. Mai 2024", "30 April – 2 May 2024"),
        (
            D(2024, 12, 30),
            D(2025, 1, 2),
            "30. Dezember 2024 bis 2. Januar 2025",
            "30 December 2024 – 2 January 2025",
        ),
        (D(2024, 3, 1), None, "1. März 2024", "1 March 2024"),
    ],
)
def test_format(first: date, last: date | None, german: str, english: str) -> None:
    assert format_date_de(first, last) == german
    assert format_date_en(first, last) == english


def test_format_round_trips_through_find_dates() -> None:
    for first, last in [(D(2024, 4, 23), D(2024, 4, 24)), (D(2024, 4, 30), D(2024, 5, 2))]:
        (mention,) = find_dates(format_date_de(first, last))
        assert (mention.first, mention.last) == (first, last)
        (mention,) = find_dates(format_date_en(first, last))
        assert (mention.first, mention.last) == (first, last)


def test_format_rejects_reversed_range() -> None:
    with pytest.raises(ValueError):
        format_date_de(D(2024, 4, 24), D(2024, 4, 23))
    with pytest.raises(ValueError):
        format_date_en(D(2024, 4, 24), D(2024, 4, 23))


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01 31.",
        "99.99.9999",
        "1." * 5000,
        "Mai " * 1000,
        "31.-32. April 2024",
        "🙂 5. 🙂 Mai",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    find_dates(text, default_year=2024)
    infer_year(text)


_DATEISH = st.lists(
    st.sampled_from([*"0123456789.-– ,/:", "Mai", "April", "und", "bis", "Mal", "2024"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_DATEISH, st.text(max_size=80)), year=st.none() | st.integers(1990, 2100))
def test_mentions_are_consistent_for_any_input(text: str, year: int | None) -> None:
    mentions = find_dates(text, default_year=year)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.raw
        assert mention.start >= previous_end
        assert mention.first <= mention.last
        previous_end = mention.end
    found = infer_year(text)
    assert found is None or 1950 <= found <= 2099  # the years `dates.YEAR` reads


def test_a_weekday_moves_a_year_less_date_to_the_year_it_fits() -> None:
    # 24 September is a Thursday in 2026 and a Friday in 2027
    (mention,) = find_dates("am vergangenen Donnerstag, 24. September, im Rathaus", 2027)
    assert mention.first == date(2026, 9, 24) and not mention.year_explicit
    (kept,) = find_dates("am Freitag, 24. September, im Rathaus", 2027)
    assert kept.first == date(2027, 9, 24)
    (explicit,) = find_dates("am Donnerstag, 24. September 2027", 2026)
    assert explicit.first == date(2027, 9, 24)  # a written year is never moved


def test_a_year_closing_a_quoted_name_years_ahead_is_part_of_the_name() -> None:
    from assistant.text.dates import edition_years, name_years

    assert name_years("Kongress „Verwaltung 2030“ zieht Bilanz", near=2026) == {2030}
    assert edition_years("Kongress „Verwaltung 2030“ 2026", near=2026) == [2026]
    # the edition's own year in quotes stays an edition year
    assert edition_years("Kongress „Smart Region 2025“ abgesagt", near=2025) == [2025]
    assert edition_years("Kongress „Verwaltung 2030“", near=None) == [2030]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("am 3./4. Juni 2026 in Kassel", date(2026, 6, 3), date(2026, 6, 4)),
        ("Wann: Mi, 17.6., 10 bis 11.30 Uhr", date(2026, 6, 17), date(2026, 6, 17)),
        ("Ab heute (29.03.) gilt", date(2026, 3, 29), date(2026, 3, 29)),
    ],
)
def test_slashed_day_ranges_and_numeric_days_without_a_year(
    text: str, first: date, last: date
) -> None:
    (mention,) = find_dates(text, default_year=2026)
    assert (mention.first, mention.last) == (first, last)


@pytest.mark.parametrize("text", ["Version 2.1. ist da", "bis 11.30. Uhr", "Tabelle 3.2. zeigt"])
def test_numbers_with_dots_are_no_dates_without_a_cue(text: str) -> None:
    assert find_dates(text, default_year=2026) == []


def test_an_editions_table_row_gives_its_year_to_its_days() -> None:
    """ "2027 · 29.–30. Sept. (geplant) · Schwerin": the row's first cell is the year of the
    year-less days in it, not the year the page is mostly about."""
    (row,) = find_dates("2027 · 29.–30. Sept. (geplant) · Schwerin · Kongresszentrum",
                        default_year=2026)
    assert (row.first, row.last) == (date(2027, 9, 29), date(2027, 9, 30))
    (plain,) = find_dates("Am 29. September treffen sich alle.", default_year=2026)
    assert plain.first == date(2026, 9, 29)

"""How visitors really talk: follow-ups that name only a new year or a new event ask the
earlier question again ("Und 2025?" after "Wer hat … moderiert?"), an edition named by its
city stays the subject of the next turn, and misspelt question words ("wan war …") are read
as meant. The documents are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.answering.overviews import asks_people_list
from assistant.pipeline import Assistant
from assistant.records import Turn
from assistant.text.intents import Slot, elliptical_ask
from assistant.text.questions import as_meant

EDITION = """Werkstatt Datenbrücke {year} in {city}

{city}, {published}

Die Werkstatt Datenbrücke fand am {day}. Mai {year} im Rathaus {city} statt. Rund {guests}
Teilnehmende aus Landkreisen und Städten diskutierten über den Austausch von Registerdaten.
Das Motto lautete „{motto}“. Moderiert wurde die Werkstatt von {moderator}.
Veranstalter ist der Verein {organiser} e. V.
"""
EDITIONS = {
    2024: dict(city="Erfurt", day=14, guests=60, motto="Daten laufen, nicht Menschen",
               moderator="der Journalistin Ulrike Strand", organiser="Kommunalnetz Mitte",
               published="20. Mai 2024"),
    2025: dict(city="Jena", day=6, guests=95, motto="Brücken statt Inseln",
               moderator="dem Verwaltungswissenschaftler Tarek Osei",
               organiser="Registerforum Thüringen", published="12. Mai 2025"),
}  # fmt: skip


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {f"datenbruecke-{year}.txt": EDITION.format(year=year, **facts)
                for year, facts in EDITIONS.items()}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("conversations"), releases, date(2026, 11, 30))


def _conversation(assistant: Assistant, *questions: str) -> list[str]:
    history: list[Turn] = []
    answers = []
    for question in questions:
        answer = assistant.ask(question, history)
        history.append(Turn(question, answer.answer))
        answers.append(answer.answer)
    return answers


@pytest.mark.parametrize(
    ("first", "again", "expected", "not_expected"),
    [
        ("Wer hat die Werkstatt Datenbrücke 2024 moderiert?", "und 2025?", "Osei", "Strand"),
        ("Was war das Motto der Werkstatt Datenbrücke 2024?", "Und 2025?", "Brücken statt",
         "Daten laufen"),
        ("wer veranstaltet die werkstatt datenbrücke 2025?", "und 2024?", "Kommunalnetz",
         "Registerforum"),
    ],
)  # fmt: skip
def test_a_follow_up_naming_only_a_year_asks_the_same_again(
    assistant: Assistant, first: str, again: str, expected: str, not_expected: str
) -> None:
    answers = _conversation(assistant, first, again)
    assert expected in answers[1], answers
    assert not_expected not in answers[1]


def test_the_city_of_an_edition_stays_the_subject_of_the_next_turn(assistant: Assistant) -> None:
    answers = _conversation(
        assistant, "wann war die werkstatt datenbrücke in jena?", "und wie viele leute waren da?"
    )
    assert "6. Mai 2025" in answers[0]
    assert "95" in answers[1] and "60" not in answers[1], answers


def test_misspelt_question_words_are_read_as_meant(assistant: Assistant) -> None:
    answer = assistant.ask("wan war die werkstatt datenbrücke 2024?")
    assert not answer.abstained
    assert "14. Mai 2024" in answer.answer
    assert answer.question == "wan war die werkstatt datenbrücke 2024?"  # echoed as typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("wan war das?", "wann war das?"),
        ("Wieviele kamen?", "wie viele kamen?"),
        ("gabs einen livestream", "gab es einen livestream"),
        ("Wann war das?", "Wann war das?"),
        ("Die Wanne ist voll", "Die Wanne ist voll"),
        ("wo isn das genau", "wo ist das genau"),
        ("gibts nen livestream?", "gibt es einen livestream?"),
        ("wie viele leute warn da", "wie viele leute waren da"),
        ("wann is das forum", "wann ist das forum"),
        ("Das ist wahr", "Das ist wahr"),
    ],
)
def test_as_meant_writes_out_only_misspelt_question_words(typed: str, meant: str) -> None:
    assert as_meant(typed) == meant


def test_an_elliptical_follow_up_takes_the_slot_of_the_last_question_that_named_one() -> None:
    asked, ask = elliptical_ask("und den kongress in kiel?", "und den kongress in kiel?",
                                ["Wer moderiert das Forum in Jena?"])  # fmt: skip
    assert asked == "und den kongress in kiel?"
    assert ask.slot == Slot.MODERATOR
    asked, ask = elliptical_ask("Wo ist das?", "Wo ist das?", ["Wer moderiert das Forum?"])
    assert ask.slot == Slot.PLACE  # a follow-up that names a slot keeps its own


MOVED = """Pressemitteilung

Hamburg, 2. Mai 2026

Neuer Termin für den Fachtag Registerdaten

Der Fachtag Registerdaten findet nicht wie geplant am Dienstag, 16. Juni 2026, statt. Der
Verband hat ihn auf Dienstag, 22. September 2026, verschoben. Grund ist eine Überschneidung:
Viele Kommunen sind zur selben Zeit beim Kongress „Datenland Nord“ am 16. und 17. Juni 2026
in Kiel gebunden.
"""


def test_a_moved_event_is_dated_by_its_new_date_not_by_another_events(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    releases = {"fachtag-registerdaten.txt": MOVED}
    moved = assistant_over(tmp_path_factory.mktemp("moved"), releases, date(2026, 5, 10))
    answer = moved.ask("Wann ist der Fachtag Registerdaten?")
    assert "22. September 2026" in answer.answer, answer.answer
    assert "16. Juni" not in answer.answer.split("[")[0]


NUMBERED = """Kongress „Stadt 2040“ zieht Bilanz

Dresden, 2. Oktober 2026

Mehr als 200 Gäste kamen am 29. September 2026 zum Kongress „Stadt 2040“ nach Dresden.
Veranstalter ist der Verein Zukunftsrat Kommune e. V.
Der nächste Kongress „Stadt 2040“ ist für 2027 in Görlitz geplant.
"""
OTHER = """Werkstatt Künstliche Intelligenz 2026 in Dresden

Dresden, 1. März 2026

Die Werkstatt Künstliche Intelligenz findet am 12. März 2026 in Dresden statt.
Veranstalter ist die Landesakademie Verwaltung.
"""


def test_a_number_in_a_quoted_name_names_the_event_not_an_edition(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    releases = {"stadt-2040.txt": NUMBERED, "werkstatt-ki.txt": OTHER}
    assistant = assistant_over(tmp_path_factory.mktemp("numbered"), releases, date(2026, 11, 30))
    answer = assistant.ask("Wer veranstaltet den Kongress „Stadt 2040“ in Dresden?")
    assert "Zukunftsrat" in answer.answer, answer.answer
    assert "Landesakademie" not in answer.answer


def test_a_date_of_an_earlier_edition_does_not_answer_when_the_next_one_is(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    text = (
        "Fachtag Datenschutz kommunal 2026 in Kassel\n\nKassel, 2. Juni 2026\n\n"
        "Der Fachtag Datenschutz kommunal findet am 16. Juni 2026 in Kassel statt.\n"
        'Bereits im Oktober 2025 hatte der Verband rund 160 Fachleute zum Kongress "Cloud '
        'sicher" nach Fulda eingeladen. Eine Fortsetzung des Kongresses ist für Anfang 2027 '
        "in Marburg geplant.\n"
    )
    releases = {"fachtag-datenschutz.txt": text}
    answer = assistant_over(tmp_path_factory.mktemp("next"), releases, date(2026, 11, 30)).ask(
        "An welchem Datum findet die Fortsetzung des Kongresses „Cloud sicher“ in Marburg statt?"
    )
    assert "Oktober 2025" not in answer.answer, answer.answer
    assert "16. Juni" not in answer.answer



def test_playing_a_role_is_how_a_question_asks_not_what_about() -> None:
    from assistant.answering.subject import is_frame

    # "Hat X eine Rolle gespielt?": "Doppelrolle" in a sentence settles nothing
    assert is_frame("rolle") and is_frame("gespielt")
    assert not is_frame("barometer")


def test_where_a_person_was_present_lists_the_events_naming_them(assistant: Assistant) -> None:
    answer = assistant.ask("ulrike strand, wo war die dabei?").answer
    assert "Datenbrücke 2024" in answer and "Datenbrücke 2025" not in answer, answer


@pytest.mark.parametrize(
    ("question", "slot", "yes_no"),
    [
        ("Ich überlege, am 10. Forum teilzunehmen. Kann ich auch online dabei sein?",
         Slot.FORMAT, True),
        ("Ich hatte mich schon angemeldet. Muss ich mich jetzt neu anmelden?",
         Slot.REGISTRATION, True),
        ("Wann ist der 3. Kongress?", Slot.DATE, False),
    ],
)  # fmt: skip
def test_the_sentence_that_asks_decides_the_slot(question: str, slot: Slot, yes_no: bool) -> None:
    from assistant.text.intents import read_ask

    ask = read_ask(question)
    assert (ask.slot, ask.yes_no) == (slot, yes_no)


def test_an_unquoted_number_of_a_series_name_and_the_next_edition(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    releases = {"stadt-2040.txt": NUMBERED, "werkstatt-ki.txt": OTHER}
    root = tmp_path_factory.mktemp("numbered-next")
    assistant = assistant_over(root, releases, date(2026, 11, 30))
    answers = _conversation(assistant, "wie viele gäste kamen zum kongress stadt 2040?",
                            "und wann ist der nächste?")  # fmt: skip
    assert "200" in answers[0], answers
    assert "2027" in answers[1] and "29. September" not in answers[1], answers


@pytest.mark.parametrize(
    ("first", "then", "expected", "not_expected"),
    [
        # an edition the sources lack, then "der letzte": the latest one held
        ("wann ist die werkstatt datenbrücke 2026?", "und wann war der letzte?", "6. Mai 2025",
         "14. Mai"),
        # "die erste" after the later edition: the earlier one's city; "Datenbrücken" of the
        # first question names the series, inflected, and asks about no part of it
        ("wann war die werkstatt datenbrücke 2025?", "und wo war die erste?", "Erfurt", "Jena"),
    ],
)  # fmt: skip
def test_the_first_or_the_last_one_of_the_conversations_series(
    assistant: Assistant, first: str, then: str, expected: str, not_expected: str
) -> None:
    answers = _conversation(assistant, first, then)
    assert expected in answers[1] and not_expected not in answers[1], answers


SMART = {
    "smarter-landkreis-2023.txt": "Smarter Landkreis 2023 in Kassel\n\nKassel, 12. Mai 2023\n\n"
    "Der Smarte Landkreis 2023 fand am 10. und 11. Mai 2023 in Kassel statt. Rund 80 Gäste "
    "kamen.\n\nDen „Smarten Landkreis“ werden wir am 3.-4.05.2024 in Fulda fortführen.\n",
    "smarter-landkreis-2024.txt": "Smarter Landkreis 2024 in Fulda\n\nFulda, 6. Mai 2024\n\n"
    "Der Smarte Landkreis 2024 fand am 3. und 4. Mai 2024 in Fulda statt.\n",
}


def test_an_inflected_series_word_asks_about_no_part_of_the_event(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """ "der smarte landkreis" names "Smarter Landkreis": no part of the first edition to be
    found in its release's sentence about the next one ("… werden wir … in Fulda fortführen")."""
    smart = assistant_over(tmp_path_factory.mktemp("smart"), SMART, date(2026, 11, 30))
    answers = _conversation(smart, "wann war der smarte landkreis 2024?", "und wo war der erste?")
    assert "Kassel" in answers[1] and "Fulda" not in answers[1], answers


@pytest.mark.parametrize(
    ("first", "then", "expected", "not_expected"),
    [
        # "der davor": the edition before the conversation's
        ("Was war das Motto der Werkstatt Datenbrücke 2025?", "und der davor?",
         "Daten laufen", "Brücken statt"),
        # "davor" after an edition the sources lack: the year before that one
        ("wo war die werkstatt datenbrücke 2026?", "und davor?", "Jena", "Erfurt"),
        # "der" after a comparison: the edition its answer singled out
        ("datenbrücke 2024 oder 2025 – wo waren mehr teilnehmer?",
         "und wo war die?", "Jena", "Erfurt"),
    ],
)  # fmt: skip
def test_the_one_before_and_the_one_a_comparison_singled_out(
    assistant: Assistant, first: str, then: str, expected: str, not_expected: str
) -> None:
    answers = _conversation(assistant, first, then)
    assert expected in answers[1] and not_expected not in answers[1], answers


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("wer sitzt beim kongress 2023 auf dem podium?", True),
        ("wer saß bei der werkstatt in jena auf dem podium?", True),
        ("wer sitzt auf dem podium?", True),
        ("wer hat die werkstatt 2025 moderiert?", False),
    ],
)  # fmt: skip
def test_who_sits_on_the_panel_asks_for_the_list(question: str, listed: bool) -> None:
    assert asks_people_list(question) is listed

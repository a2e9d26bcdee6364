from __future__ import annotations

import pytest

from assistant.text.questions import (
    Intent,
    analyse,
    detect_intent,
    detect_language,
    event_lexicon,
    in_lexicon,
    is_followup,
    resolve_followup,
    topic_words,
)

LEXICON = event_lexicon(
    ["digitaler-aufbruch-2023", "innovatives-management-2020", "nordlaender-digital-2022"],
    ["Forum Digitaler Aufbruch 2023", "Wendepunkt für die Verwaltung", "Nordl@nder.DIGITAL"],
    [
        "Forum Digitaler Aufbruch 2023 in Nürnberg. Kongress zur Digitalisierung.",
        "Kongress Innovatives Management in Lübeck. Digitalisierung der Verwaltung.",
        "Nordl@nder.DIGITAL Kongress in Rostock. Digitalisierung im Norden.",
    ],
)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Wann ist Digitaler Aufbruch 2024?", Intent.WHEN),
        ("An welchem Tag war der Kongress?", Intent.WHEN),
        ("When was the Digitaler Aufbruch 2024?", Intent.WHEN),
        ("Wo fand der Kongress statt?", Intent.WHERE),
        ("In welcher Stadt fand das statt?", Intent.WHERE),
        ("Where was it held?", Intent.WHERE),
        ("Wie viele Teilnehmende gab es?", Intent.HOW_MANY),
        ("How many participants attended?", Intent.HOW_MANY),
        ("Zum wievielten Mal fand der Digitale Aufbruch statt?", Intent.ORDINAL),
        ("Wer eröffnete den Kongress?", Intent.WHO),
        ("Wer veranstaltet den Digitalen Aufbruch?", Intent.ORGANISER),
        ("Wer hatte die Schirmherrschaft?", Intent.ORGANISER),
        ("Who organised the event?", Intent.ORGANISER),
        ("Welche Referenten sprachen?", Intent.LIST),
        ("Which speakers were there?", Intent.LIST),
        ("Worum ging es beim Nordl@nder-Kongress?", Intent.WHAT),
    ],
)
def test_detect_intent(question: str, intent: Intent) -> None:
    assert detect_intent(question) is intent


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Wann ist Digitaler Aufbruch 2024?", "de"),
        ("Wo fand der Kongress statt?", "de"),
        ("When was the Digitaler Aufbruch 2024?", "en"),
        ("Where was the event held?", "en"),
        ("Who was the patron of Nordl@nder.DIGITAL?", "en"),
        ("Where is Lübeck?", "en"),  # English visitors name German cities
        ("Wo ist Lübeck?", "de"),
        ("who spoke at Münsterland 2022?", "en"),  # "at" outweighs the umlaut
        ("is it free?", "en"),
        ("kann man da online teilnehmen?", "de"),
        ("Lübeck?", "de"),  # an umlaut tips a tie to German
        ("Digitaler Aufbruch", "de"),  # undecided → German
    ],
)
def test_detect_language(question: str, language: str) -> None:
    assert detect_language(question) == language


def test_analyse_extracts_years_numbers_and_topic() -> None:
    info = analyse("Wann fand der Digitale Aufbruch 2023 mit 40 Teilnehmenden statt?")
    assert info.intent is Intent.WHEN
    assert info.language == "de"
    assert info.years == ("2023",)
    assert info.numbers == ("40",)
    assert "aufbruch" in info.topic_words and "digitale" in info.topic_words
    assert "wann" not in info.terms and "statt" not in info.terms


def test_topic_words_drop_question_and_fact_words() -> None:
    assert topic_words("Wo fand der Digitale Aufbruch 2023 statt?") == ("digitale", "aufbruch")
    assert topic_words("Wie viele Teilnehmende gab es?") == ()


def test_event_lexicon_keeps_rare_title_words_only() -> None:
    assert {"aufbruch", "nordlander", "management"} <= LEXICON
    assert "kongress" not in LEXICON  # in every document: says nothing about which event
    assert in_lexicon("Aufbruchs", LEXICON)
    assert in_lexicon("Nordl@nder", LEXICON)
    assert not in_lexicon("Kongress", LEXICON)


def test_a_verb_in_a_title_names_no_event() -> None:
    """A forum thread titled "wo finde ich die Folien?": "findet … statt" in a follow-up
    still names no subject, so the follow-up keeps the conversation's."""
    lexicon = event_lexicon(["barcamp-folien", "forum-2027"],
                            ["Barcamp Amt digital – wo finde ich die Folien?", "Forum 2027"],
                            ["Barcamp Amt digital", "Forum Daten"])  # fmt: skip
    assert "barcamp" in lexicon and not in_lexicon("findet", lexicon)
    asked = resolve_followup("bis wann anmelden?", ["wann ist das barcamp amt digital?",
                                                   "und wo genau findet das statt?"], lexicon)
    assert asked.endswith("(barcamp digital)"), asked  # the earlier subject, not "(findet)"


@pytest.mark.parametrize("lexicon", [None, LEXICON])
def test_followup_inherits_the_earlier_subject(lexicon: frozenset[str] | None) -> None:
    history = ["Wann fand der Digitale Aufbruch 2023 statt?"]
    assert is_followup("Und wo fand er statt?", lexicon)
    resolved = resolve_followup("Und wo fand er statt?", history, lexicon)
    assert resolved.startswith("Und wo fand er statt?")
    assert "Aufbruch" in resolved and "2023" in resolved


def test_question_with_own_subject_is_not_a_followup() -> None:
    history = ["Wann fand der Digitale Aufbruch 2023 statt?"]
    question = "Wann war der Nordl@nder-Kongress?"
    assert not is_followup(question, LEXICON)
    assert resolve_followup(question, history, LEXICON) == question


def test_topic_switch_then_followup_uses_the_new_topic() -> None:
    history = ["Wann fand der Digitale Aufbruch 2023 statt?", "Wann war Nordl@nder.DIGITAL?"]
    resolved = resolve_followup("Und wo fand er statt?", history, LEXICON)
    assert "Nordl@nder" in resolved
    assert "Aufbruch" not in resolved


def test_followup_skips_earlier_followups() -> None:
    history = ["Wann war Nordl@nder.DIGITAL?", "Und wo war das?"]
    resolved = resolve_followup("Wer hatte dort die Schirmherrschaft?", history, LEXICON)
    assert "Nordl@nder" in resolved


def test_without_history_question_is_unchanged() -> None:
    assert resolve_followup("Und wo fand er statt?", [], LEXICON) == "Und wo fand er statt?"


def test_year_only_followup_asks_the_earlier_question_about_another_year() -> None:
    history = ["Wann fand der Digitale Aufbruch 2023 statt?"]
    assert resolve_followup("Und 2024?", history, LEXICON) == (
        "Wann fand der Digitale Aufbruch 2024 statt?"
    )


def test_followup_after_a_year_only_followup_keeps_the_new_year() -> None:
    history = ["Wann fand der Digitale Aufbruch 2023 statt?", "Und 2024?"]
    resolved = resolve_followup("Wie viele Gäste kamen?", history, LEXICON)
    assert "2024" in resolved and "Aufbruch" in resolved and "2023" not in resolved


def test_a_chain_of_follow_ups_keeps_the_city_of_its_subject() -> None:
    history = ["wann war nochmal der digitale aufbruch in nürnberg", "wer hat das organisiert?"]
    resolved = resolve_followup("und wieviele leute waren da so", history, LEXICON)
    assert resolved.endswith("nürnberg)"), resolved


def test_role_verbs_typed_with_one_consonant_are_read_as_meant() -> None:
    from assistant.text.questions import as_meant

    assert as_meant("wer eröfnet den kongress") == "wer eröffnet den kongress"
    assert as_meant("wer moderirt?") == "wer moderiert?"

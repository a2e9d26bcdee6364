"""A role act named in other words answers the question for it: "Durch den Tag führt die
Journalistin …" says who moderates, though it never writes "moderiert". The release is
written for this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.choice import choose
from assistant.answering.selection import Scored
from assistant.answering.units import AnswerUnit
from assistant.pipeline import Assistant
from assistant.text.intents import read_ask

RELEASES = {
    "kundentag.md": "# Kundentag 2027 in Celle\n\nDie Kommunale Datenzentrale Aller lädt am "
    "Donnerstag, 22. April 2027, zum Kundentag in die Congress Union Celle ein. Die Keynote "
    "hält Prof. Dr. Jannis Oberheide. Durch den Tag führt die Journalistin Merle Tjarks. Für "
    "Beschäftigte der Mitgliedskommunen ist die Teilnahme kostenfrei.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("roles")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_who_guides_through_the_day_moderates_it(assistant: Assistant) -> None:
    answer = assistant.ask("wer moderiert den kundentag in celle?").answer
    assert "Tjarks" in answer, answer
    assert "Oberheide" not in answer, answer


def test_the_role_named_otherwise_passes_the_topic_check() -> None:
    """With little meaning in common and the question's own word "moderiert" missing, a
    sentence still answers when it names the moderation in its own words."""
    question = "wer moderiert den kundentag in celle?"
    guided = Scored(AnswerUnit(index=0, text="Durch den Tag führt die Journalistin Merle "
                               "Tjarks.", order=0), 1.0, 0.06, 0.0, True, True)
    keynote = Scored(AnswerUnit(index=0, text="Die Keynote hält Prof. Dr. Jannis Oberheide.",
                                order=1), 1.0, 0.06, 0.0, True, True)
    ask = read_ask(question)
    assert choose(ask, [guided], question, ["moderiert"]) is guided
    assert choose(ask, [keynote], question, ["moderiert"]) is None


def test_a_pronoun_speaker_is_named_by_the_sentence_before() -> None:
    """ "Wie … zusammenpassen, erklärt er in seiner Keynote." names its speaker only in the
    sentence before: the two answer "Wer hält die Keynote?" together."""
    question = "wer hält die keynote?"
    named = Scored(AnswerUnit(index=0, text="Jonas Ebeling, Professor an der Hochschule Kehl, "
                              "ist sicher, dass Verwaltung Mut braucht.", order=4),
                   0.6, 0.1, 0.0, True, True)
    keynote = Scored(AnswerUnit(index=0, text="Wie das gelingt, erklärt er in seiner Keynote.",
                                order=5), 1.5, 0.2, 1.0, True, True)
    chosen = choose(read_ask(question), [keynote, named], question, ["keynote"])
    assert chosen is not None and chosen.unit.text.startswith("Jonas Ebeling"), chosen
    assert chosen.unit.text.endswith("in seiner Keynote.")


def test_a_patron_is_no_speaker(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A release that names only its patron names no speaker: the sources do not say."""
    release = ("Online-Fachtag Digitale Ämter 2027\n\nUnter der Schirmherrschaft von "
               "Staatssekretärin Dr. Ilse Brandner findet am 4. März 2027 der Online-Fachtag "
               "„Digitale Ämter“ statt. Die Teilnahme ist kostenfrei.\n")  # fmt: skip
    root: Path = tmp_path_factory.mktemp("patron")
    fachtag = assistant_over(root, {"fachtag.txt": release}, today=date(2026, 12, 1))
    answer = fachtag.ask("Wer spricht beim Online-Fachtag Digitale Ämter?").answer
    assert "Brandner" not in answer, answer
    assert "Brandner" in fachtag.ask("Wer ist Schirmherrin des Fachtags?").answer


def test_a_room_from_a_superseded_draft_is_no_answer() -> None:
    """ "Im ersten Entwurf stand Raum 2.04" says where it no longer is."""
    question = "In welchem Raum ist die Schulung?"
    ask = read_ask(question)
    draft = AnswerUnit(0, "Im ersten Entwurf stand bei der Schulung Raum 2.04 – das ist das "
                          "Archiv.", 0)  # fmt: skip
    ranked = [Scored(draft, 1.5, 0.3, 1.0, True, True)]
    assert choose(ask, ranked, question, ["raum"]) is None

"""A registration confirmation for a course whose date moved: "Die Schulung war im Programmheft
für den 18./19. Januar 2027 ausgeschrieben. Sie findet nun am 25./26. Januar 2027 statt." The
announced date is no longer the course's, and the sentence naming the course by "Sie" answers
when it is, said with the course's name. The e-mail is written for these tests."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.choice import choose
from assistant.answering.selection import named_subject, rank_units
from assistant.answering.slots import has_value
from assistant.answering.units import AnswerUnit
from assistant.pipeline import Assistant
from assistant.text.intents import Slot, read_ask

RELEASES = {
    "bestaetigung.txt": "Betreff: Anmeldebestätigung – Seminar 27-114\n\n"
    "Guten Tag Frau Beispiel,\n\nvielen Dank für Ihre Anmeldung zum Seminar 27-114 "
    "„Die elektronische Akte führen“ des Bildungszentrums Nordheide.\n\n"
    "Hinweis zum Termin: Die Schulung war im Programmheft für den 18./19. Januar 2027 "
    "ausgeschrieben. Sie findet nun am 25./26. Januar 2027 statt.\n\n"
    "Ort: Bildungszentrum Nordheide, Raum 2.14, Am Wall 3, 21244 Buchholz.\n\n"
    "Die Schulung leiten Herr Oberberg und Frau Aksu.\n\n"
    "Mit freundlichen Grüßen\nIhr Seminarteam\n",
    "forum.txt": "Pressemitteilung\n\nHamburg, 2. November 2026\n\nDas Forum Open Data "
    "findet am 4. März 2027 im Rathaus Harburg statt. Die Teilnahme ist kostenlos.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("moved_course")
    return assistant_over(root, RELEASES)


def test_a_date_the_course_was_announced_for_is_no_date_it_has() -> None:
    assert not has_value(Slot.DATE, "Die Schulung war im Programmheft für den 18./19. Januar "
                                    "2027 ausgeschrieben.")  # fmt: skip
    assert has_value(Slot.DATE, "Die Schulung findet am 25./26. Januar 2027 statt.")


def test_the_course_is_answered_with_its_new_date(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("wann genau ist die schulung?").answer
    assert re.search(r"25\.(/| und )26\. Januar 2027", answer), answer
    assert "18." not in answer, answer


def test_a_pronoun_subject_takes_the_words_of_the_sentence_before() -> None:
    before = AnswerUnit(0, "Hinweis: Die Schulung war für den 18. Januar ausgeschrieben.", 1)
    moved = AnswerUnit(0, "Sie findet nun am 25. Januar 2027 statt.", 2)
    readers = AnswerUnit(0, "Sie finden den Raum im zweiten Stock.", 3)

    def similarity(question: str, texts: Sequence[str]) -> list[float]:
        return [0.2 for _ in texts]

    ranked = rank_units([before, moved, readers], "schulung", Slot.PERSON, {"schulung": 1.0},
                        similarity)  # fmt: skip
    terms = {s.unit.text: s.terms for s in ranked}
    assert terms[moved.text] == 1.0  # "Sie" is the course
    assert terms[readers.text] == 0.0  # the formal "Sie" addresses the reader
    said = named_subject(next(s for s in ranked if s.unit is moved))
    assert said.unit.text == "Die Schulung findet nun am 25. Januar 2027 statt."
    assert named_subject(next(s for s in ranked if s.unit is readers)).unit is readers
    forum = AnswerUnit(1, "Das Forum beginnt um 9 Uhr.", 1)
    expletive = AnswerUnit(1, "Es spricht Staatssekretärin Anna Muster.", 2)  # "es": no forum
    (said_of,) = [s for s in rank_units([forum, expletive], "wer spricht", Slot.PERSON, {},
                                        similarity) if s.unit is expletive]  # fmt: skip
    assert said_of.context == "" and named_subject(said_of).unit is expletive
    question = "wann genau ist die schulung?"
    dated = rank_units([before, moved, readers], question, Slot.DATE, {"schulung": 1.0},
                       similarity)  # fmt: skip
    chosen = choose(read_ask(question), dated, question, ["schulung"], ["schulung"])
    assert chosen is not None and chosen.unit.text.startswith("Die Schulung findet nun")


def test_a_yes_no_about_who_leads_it_in_a_month_is_no_question_of_the_month(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("leitet dr. wollberg die schulung im januar?").answer
    assert not answer.startswith("Ja"), answer


"""Person names, and the words that only look like one: a field of work after a job title
("Referentin Digitale Wirtschaft") or an app's name ("Meine Verwaltung") is nobody."""

from __future__ import annotations

from assistant.text.names import find_people


def test_a_field_of_work_after_a_job_title_is_no_person() -> None:
    assert find_people("Lea Dornbusch\nReferentin Digitale Wirtschaft\nTelefon 07261 555-318") \
        == ["Lea Dornbusch"]


def test_an_abstract_noun_is_no_surname() -> None:
    assert find_people("Vortrag: Meine Verwaltung 2035 – Wünsche und Wirklichkeit") == []
    assert find_people("Anna Hartung, Leiterin des Bürgeramts") == ["Anna Hartung"]


def test_names_after_a_role_word_are_kept() -> None:
    assert find_people("Es moderiert Basanta Thapa, Geschäftsführer") == ["Basanta Thapa"]
    assert find_people("Moderatorin Wiebke Sonnleitner führt durch den Tag") == \
        ["Wiebke Sonnleitner"]


def test_the_first_names_are_gender_guessers_own_list() -> None:
    """Read from the package's data file without its frequency tables: the same names its
    detector knows, joined spellings ("Abdel Aziz", "Abdel-Aziz") included."""
    from gender_guesser.detector import Detector

    from assistant.text.names import _first_names

    assert _first_names() == frozenset(Detector(case_sensitive=True).names)
    assert {"Sascha", "AbdelAziz", "Abdel Aziz", "Abdel-Aziz"} <= _first_names()

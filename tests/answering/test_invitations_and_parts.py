"""A formal invitation under a letterhead, a programme's side events and the parts of an
event a question may ask about: "Digitalgipfel der Länder 2027" is the series (not "Länder"),
the heading under the letterhead dates the edition (not the last one the letter recalls),
"am Tag nach dem Gipfel" dates the citizens' party, not the summit, a question about the
„Sommerfest …“ or the "Auftakt-Webinar" is answered from the sentence naming it, a prize
amount is asked for with "wie viel" and "Die Moderation übernimmt X" is not prefixed with
the press officer. The releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.answering.knowledge import Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.wording import identifies
from assistant.pipeline import Assistant
from assistant.records import Passage
from assistant.text.dates import find_dates
from assistant.text.questions import analyse
from assistant.text.roles import side_event

RELEASES = {
    "einladung-gipfel.txt": "STAATSKANZLEI MUSTERLAND\nReferat 12 · 10115 Berlin\n\n"
    "Berlin, 20. November 2026\n\nAn die Ministerinnen und Minister der Länder\n\n"
    "Einladung zum Netzgipfel der Kommunen 2027\n\nSehr geehrte Damen und Herren,\n\n"
    "hiermit lade ich Sie zum Netzgipfel der Kommunen 2027 ein.\n\n"
    "Termin: Dienstag, 8. Juni 2027, 10.00 Uhr bis 16.00 Uhr\n"
    "Ort: Burg Eichstein, Burgweg 1, 99084 Erfurt\n\n"
    "Zum Rahmen: Am Tag nach dem Gipfel, Mittwoch, 9. Juni 2027, veranstaltet die Stadt Erfurt "
    "mit dem Land im Burghof von 11.00 bis 18.00 Uhr ein öffentliches „Sommerfest Offene "
    "Verwaltung“ mit Ständen und Familienprogramm. Der Eintritt ist frei.\n\n"
    "Bereits zugesagt haben (Stand: 20. November 2026):\n\n– Bayern: Minister Karl Huber\n"
    "– Hessen: Ministerin Lea Steinfeld\n– Bremen: Staatsrat Tom Weißhaupt\n\n"
    "Die Zusagen der übrigen Länder stehen noch aus.\n\n"
    "Der Netzgipfel der Kommunen 2026 fand am 2. Juli 2026 in Kassel statt.\n\n"
    "Presseanfragen richten Sie bitte an Frau Petra Lindqvist, Pressestelle der "
    "Staatskanzlei. Die Moderation des Gipfels übernimmt Frau Dr. Hanna Obermeier, "
    "Beauftragte für Verwaltungsmodernisierung.\n",
    "hackathon.txt": "Hackathon Amtsstube 2027 verschoben\n\nDer Hackathon „Amtsstube 2027“ "
    "der Digitalagentur Nordland findet am 12. und 13. März 2027 in Rostock statt. Das "
    "digitale Auftakt-Webinar mit der Vorstellung der Aufgaben findet am Donnerstag, "
    "4. Februar 2027, um 17:00 Uhr statt. Die Jury leitet Prof. Dr. Ole Brandt. Die besten "
    "drei Teams werden ausgezeichnet. Mitmachen können Teams aus Sachsen und Thüringen.\n",
    "fachtag-seite.md": "# 3. Fachtag „Register im Alltag“ – Daten pflegen in Gemeinden\n\n"
    "*Veröffentlicht am 23.11.2026 · Rubrik: Veranstaltungen · Gotha*\n\n| | |\n|---|---|\n"
    "| **Termin:** | Do., 11.03.2027, 09:30–16:00 Uhr |\n"
    "| **Ort:** | Tagungshaus am Schlossberg, Bergallee 2, 99867 Gotha |\n\n"
    "## Programm\n\n| Uhrzeit | Programmpunkt | Referent/in |\n|---|---|---|\n"
    "| 09:30 | Begrüßung | Jana Roth, Geschäftsführerin |\n"
    "| 10:00 | Keynote: Saubere Register | Paul Weigel, Landesamt |\n",
    "grenzgipfel.txt": "Grenzland-Digitalgipfel 2027\n\nDer erste Tag, Dienstag, 4. Mai "
    "2027, findet in Passau im Kulturhaus statt. Am zweiten Tag, Mittwoch, 5. Mai 2027, "
    "wechselt der Gipfel nach Linz. Ein vorbereitendes Online-Briefing für Referierende findet "
    "am 16. März 2027 statt.\n",
    "fachkongress.txt": "Fachkongress Stadtdaten 2027\n\nDer Fachkongress Stadtdaten findet "
    "am 3. März 2027 in Jena statt. Veranstaltungsort ist das Volkshaus am Ernst-Abbe-Platz. "
    "Ein Webinar zur Vorbereitung gibt es am 10. Februar 2027.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("invitations")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_a_genitive_names_the_series(assistant: Assistant) -> None:
    names = {e.series for e in assistant.catalog.events}
    assert {"Netzgipfel der Kommunen", "Amtsstube", "Stadtdaten"} <= names, names
    assert not any(name.startswith("Kommunen") for name in names), names


def test_the_heading_under_a_letterhead_dates_the_edition(assistant: Assistant) -> None:
    summits = [e for e in assistant.catalog.events if e.series.startswith("Netzgipfel")]
    assert {e.start for e in summits} == {date(2026, 7, 2), date(2027, 6, 8)}, summits
    own = [e.edition for e in summits if not e.announced]  # the letter's own edition
    assert own == ["2027"], summits
    answer = assistant.ask("wann ist der netzgipfel der kommunen 2027?").answer
    assert "8. Juni 2027" in answer, answer
    assert "2. Juli" not in answer and "9. Juni" not in answer, answer


def test_the_day_after_the_summit_is_a_side_event() -> None:
    text = "Am Tag nach dem Gipfel, Mittwoch, 9. Juni 2027, veranstaltet die Stadt ein Fest."
    assert side_event(text, find_dates(text)[0])
    plain = "Am Mittwoch, 9. Juni 2027, veranstaltet die Stadt den Gipfel."
    assert not side_event(plain, find_dates(plain)[0])


def test_a_quoted_side_event_is_answered_from_its_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist das Sommerfest Offene Verwaltung?").answer
    assert "9. Juni 2027" in answer, answer
    assert "2. Juli" not in answer, answer


def test_a_part_of_another_kind_is_answered_from_its_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist das auftakt-webinar zum hackathon amtsstube?").answer
    assert "4. Februar 2027" in answer, answer
    event = assistant.ask("wann ist der hackathon amtsstube?").answer
    assert "12. und 13. März 2027" in event or "12. März 2027" in event, event


def test_a_compound_event_noun_is_of_the_same_kind(assistant: Assistant) -> None:
    answer = assistant.ask("Wo findet der Kongress Stadtdaten statt?").answer
    assert "Volkshaus" in answer, answer  # "Fachkongress" is a congress, not a part of it


def test_a_list_is_counted_by_what_its_lead_in_says_they_did(assistant: Assistant) -> None:
    answer = assistant.ask("Wie viele Länder haben für den Netzgipfel 2027 schon zugesagt?")
    assert answer.answer.startswith("3:"), answer.answer


def test_a_place_the_release_never_names_is_asked_about() -> None:
    question = "Wer vertritt Brandenburg beim Netzgipfel in Traben-Trarbach?"
    body = RELEASES["einladung-gipfel.txt"].replace("Erfurt", "Traben-Trarbach")
    passage = Passage("c1", "gipfel", "Einladung", body, body, 1.0)
    request = GenerationRequest(question, analyse(question), (passage,), None, date(2026, 12, 1))  # type: ignore[arg-type]
    names = frozenset({"netzgipfel"})
    target = Target("k", "Netzgipfel der Kommunen 2027", ("gipfel",), names=names)
    assert identifies("trarbach", target, request)  # where it is held: it names the event
    assert not identifies("brandenburg", target, request)  # a place the release never names


def test_the_page_line_is_no_row_a_city_picks(assistant: Assistant) -> None:
    answer = assistant.ask("Wann ist der Fachtag Register im Alltag in Gotha?").answer
    assert "11. März 2027" in answer, answer  # not only "Veröffentlicht am … · Gotha"


def test_the_days_of_a_two_day_summit(assistant: Assistant) -> None:
    events = [e for e in assistant.catalog.events if e.series.startswith("Grenzland")]
    assert [(e.start, e.end) for e in events] == [(date(2027, 5, 4), date(2027, 5, 5))], events
    answer = assistant.ask("wann ist der grenzland-digitalgipfel?").answer
    assert "4. und 5. Mai 2027" in answer, answer
    briefing = "Ein vorbereitendes Online-Briefing findet am 16. März 2027 statt."
    assert side_event(briefing, find_dates(briefing)[0])


def test_a_prize_amount_needs_an_amount(assistant: Assistant) -> None:
    answer = assistant.ask("wie viel preisgeld gibt es beim hackathon amtsstube?")
    assert answer.abstained, answer.answer


def test_the_moderator_is_not_prefixed_with_the_press_officer(assistant: Assistant) -> None:
    answer = assistant.ask("wer moderiert den netzgipfel der kommunen 2027?").answer
    assert "Obermeier" in answer, answer
    assert "Lindqvist" not in answer, answer


def test_a_series_by_its_abbreviation(assistant: Assistant) -> None:
    answer = assistant.ask("wann ist der nk 2027?").answer  # "Netzgipfel der Kommunen"
    assert "8. Juni 2027" in answer, answer

"""Release styles the rules met late: an event told apart by its kind ("beim Kieler
Barcamp" while another release's venue is the "Kieler Hof"), a programme item with its
speaker on the next line, names from beyond the German alphabet, and a reason stated
without the question's words."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.answering.slots import VALUE
from assistant.answering.units import answer_units
from assistant.pipeline import Assistant
from assistant.records import Passage, Turn
from assistant.text.facts import find_places
from assistant.text.intents import Slot, read_ask
from assistant.text.names import find_people

BARCAMP = """Offenes Barcamp Bürgerdaten am 12. September 2026 in Kiel

Kiel, 1. Juli 2026

Der Verein Datenwerkstatt Förde e. V. lädt am Samstag, 12. September 2026, zum dritten
Barcamp Bürgerdaten in die Alte Werfthalle ein. Die Halle fasst höchstens 90 Personen,
daher wird um Anmeldung gebeten.
"""
TAGUNG = """Jahrestagung des Fachverbands Kommunale Register 2027 in Rostock

Hamburg, 3. November 2026

Der Fachverband Kommunale Register e. V. richtet seine Jahrestagung am 4. und 5. März 2027
in Rostock aus. Tagungsort ist das Hotel „Kieler Hof“ am Stadthafen.

Programm

1. 4. März 2027 – Register ohne Medienbruch: Erfahrungen aus drei Landkreisen
Referentin: Aylin Çelik, Referatsleiterin, Landesamt für Register
2. 5. März 2027 – Bezahlen im Online-Antrag: ePayment in der Praxis
Referent: Tobias Brandhorst, Stadt Güstrow

Der ursprünglich für Februar geplante Termin wurde verschoben. Grund ist eine Baustelle im
Tagungshotel.
"""
WEBINAR = """Webinar Digitale Akte am 9. Februar 2027

Bremen, 5. Dezember 2026

Das Kompetenzzentrum Akte Nord bietet am 9. Februar 2027 ein kostenfreies Webinar zur
digitalen Akte an. Es beginnt um 10 Uhr und dauert 90 Minuten.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"barcamp-kiel.txt": BARCAMP, "tagung-rostock.txt": TAGUNG,
                "webinar-bremen.txt": WEBINAR}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("styles"), releases, date(2026, 11, 30))


def test_the_kind_of_event_tells_it_from_a_venue_named_like_the_city(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Wie viele Personen passen beim Kieler Barcamp hinein?")
    assert "90" in answer.answer
    assert {s.doc_id for s in answer.sources} == {"barcamp-kiel"}


def test_a_speaker_on_the_line_below_the_programme_item_is_found(assistant: Assistant) -> None:
    answer = assistant.ask("Wer spricht bei der Jahrestagung über ePayment?")
    assert "Tobias Brandhorst" in answer.answer
    assert "Çelik" not in answer.answer


def test_a_reason_in_other_words_answers_why(assistant: Assistant) -> None:
    first = "Wurde die Jahrestagung des Fachverbands Kommunale Register verschoben?"
    answer = assistant.ask("Und warum?", [Turn(first)])
    assert "Baustelle" in answer.answer


def test_programme_item_and_role_line_are_one_unit() -> None:
    body = (
        "1. 4. März 2027 – Register ohne Medienbruch\nReferentin: Aylin Çelik, Landesamt\n"
        "Der Vortrag ist kurz.\nReferentin: Dr. Ute Maas"
    )
    passage = Passage("c", "d", "T", body, body, 1.0)
    texts = [u.text for u in answer_units([passage])]
    assert texts[0] == (
        "1. 4. März 2027 – Register ohne Medienbruch · Referentin: Aylin Çelik, Landesamt"
    )
    assert texts[-1] == "Referentin: Dr. Ute Maas"  # after a sentence: a unit of its own


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("• Aylin Çelik, Referentin für kritische Infrastrukturen", "Aylin Çelik"),
        ("Referentin: Aylin Demirtaş, Expertin für Barrierefreiheit", "Aylin Demirtaş"),
        ("Es sprach Łukasz Nowak aus Stettin.", "Łukasz Nowak"),
    ],
)
def test_names_beyond_the_german_alphabet(text: str, name: str) -> None:
    assert name in find_people(text)


def test_a_bare_question_word_takes_the_verb_of_the_next_clause() -> None:
    ask = read_ask("Wie und bis wann meldet man sich für den Anwendertag an?")
    assert ask.slots == (Slot.REGISTRATION, Slot.DEADLINE)


EDITION = """Forum Datenkompass {year} in Erfurt

Erfurt, {day}. März {year}

Rund 150 Gäste kamen am {day}. März {year} zum Forum Datenkompass nach Erfurt.
Vorträge hielten {speakers}.
"""


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    speakers = {
        2025: "Dr. Jana Böttcher, Prof. Dr. Lars Ohlendorf und Carla Wendt",
        2026: "Carla Wendt und Dr. Sven Imhoff. Durch das Plenum führt wie schon 2025 die "
        "Journalistin Petra Lind",
    }
    releases = {f"forum-{year}.txt": EDITION.format(year=year, day=day, speakers=names)
                for day, (year, names) in enumerate(speakers.items(), start=10)}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("editions"), releases, date(2026, 11, 30))


def test_the_people_two_editions_share_are_not_all_people_of_one(
    two_editions: Assistant,
) -> None:
    answer = two_editions.ask("Welcher Referent war beim Forum Datenkompass 2025 und 2026 dabei?")
    assert "Carla Wendt" in answer.answer
    assert "Böttcher" not in answer.answer and "Ohlendorf" not in answer.answer


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("Anmeldeschluss ist der 30. April.", True),
        ("• Anmeldeschluss ist jeweils zwei Werktage vor dem Termin.", True),
        ("Ab heute (17.03.) ist die Anmeldung für den Fachtag geöffnet.", False),
        ("Die Anmeldung ist ab dem 2. Mai 2026 freigeschaltet.", False),
    ],
)
def test_a_deadline_closes_registration_it_does_not_open_it(text: str, closes: bool) -> None:
    assert VALUE[Slot.DEADLINE](text) is closes


def test_a_line_stating_a_deadline_is_no_heading() -> None:
    body = "Anmeldung bis 5. September 2025 unter www.example.org/anmeldung"
    (unit,) = answer_units([Passage("c", "d", "T", body, body, 1.0)])
    assert not unit.heading


def test_asking_since_when_registration_is_open_asks_for_a_start() -> None:
    assert read_ask("Seit wann kann man sich anmelden?").slot == Slot.START
    assert read_ask("Bis wann kann man sich anmelden?").slot == Slot.DEADLINE


HACKATHON = """Code für Cottbus: Hackathon am 12. und 13. Juni 2026

Cottbus, 2. April 2026

Der Verein Offene Werkstatt Lausitz e. V. lädt zum Hackathon „Code für Cottbus“ ein.
Austragungsort ist die Alte Tuchfabrik an der Spree.

Preise

1. Platz: 1.000 Euro
Publikumspreis: 300 Euro

Die Teilnahme ist kostenlos, für Verpflegung ist gesorgt.
"""
CANCELLED = """Fachtag Kommunale Daten 2026 abgesagt – Online-Ersatz im Herbst

Dessau, 1. August 2026

Der für den 24. September 2026 in Dessau geplante Fachtag Kommunale Daten findet nicht statt.
Als Ersatz lädt der Landesverband Kommunale IT zu einer Online-Sprechstunde am 8. Oktober
2026 ein.
"""
MOVED = """Netzwerktreffen Bürgerportale: neuer Termin

Gera, 3. Februar 2026

Das Netzwerktreffen Bürgerportale kann nicht wie geplant am 5. März 2026 stattfinden.
Neuer Termin ist Donnerstag, der 23. April 2026.
"""


@pytest.fixture(scope="module")
def statuses(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"hackathon.txt": HACKATHON, "abgesagt.txt": CANCELLED, "verschoben.txt": MOVED}
    return assistant_over(tmp_path_factory.mktemp("statuses"), releases, date(2026, 11, 30))


def test_prize_money_is_no_fee(statuses: Assistant) -> None:
    answer = statuses.ask("kostet das was?", [Turn("Was ist der Hackathon Code für Cottbus?")])
    assert "kostenlos" in answer.answer
    assert "Euro" not in answer.answer


def test_a_cancelled_event_never_took_place(statuses: Assistant) -> None:
    answer = statuses.ask("Wo sollte der Fachtag Kommunale Daten 2026 stattfinden?")
    assert "Dessau" in answer.answer
    assert "fand" not in answer.answer and "abgesagt" in answer.answer


def test_a_follow_up_may_ask_for_a_headline_word(statuses: Assistant) -> None:
    first = Turn("Findet der Fachtag Kommunale Daten statt?")
    answer = statuses.ask("gibt es einen ersatz?", [first])
    assert "Online-Sprechstunde" in answer.answer


def test_a_status_answer_says_moved_when_its_sentence_gives_only_the_new_date(
    statuses: Assistant,
) -> None:
    answer = statuses.ask("Was ist mit dem Netzwerktreffen Bürgerportale los?")
    assert "verschoben" in answer.answer or "nicht wie geplant" in answer.answer
    assert "23. April 2026" in answer.answer


@pytest.mark.parametrize(
    ("text", "cities"),
    [
        ("Auf zwei Bühnen in Halle 2 und Halle 3 laufen Vorträge.", ()),
        ("Tagungsort ist das Tagungshotel „Lübecker Hof“ am Pfaffenteich.", ()),
        ("Der Folgeworkshop findet in Halle (Saale) statt.", ("Halle",)),
    ],
)
def test_a_hall_number_or_a_hotel_name_is_no_city(text: str, cities: tuple[str, ...]) -> None:
    assert find_places(text) == cities


def test_a_city_in_the_events_name_is_its_place(statuses: Assistant) -> None:
    catalog = statuses.snapshot.catalog
    (event,) = [e for e in catalog.events if "Cottbus" in e.name]
    assert [f.value for f in event.city] == ["Cottbus"]


def test_a_label_and_its_value_is_no_heading() -> None:
    body = "Moderation: Katrin Lüders, freie Journalistin, Kiel\nProgramm am Vormittag"
    first, second = answer_units([Passage("c", "d", "T", body, body, 1.0)])
    assert not first.heading
    assert second.heading


def test_a_moderator_named_with_an_earlier_year_in_passing(two_editions: Assistant) -> None:
    answer = two_editions.ask("Wer führt 2026 durchs Plenum beim Forum Datenkompass?")
    assert "Petra Lind" in answer.answer


@pytest.mark.parametrize(
    ("question", "slot", "yes_no"),
    [
        ("When does the Fachtag end?", Slot.END, False),
        ("How many guests came?", Slot.PARTICIPANTS, False),
        ("Where is the venue?", Slot.VENUE, False),
        ("Does it cost anything?", Slot.FEE, True),
    ],
)
def test_english_words_with_ae_oe_ue_survive_folding(
    question: str, slot: Slot, yes_no: bool
) -> None:
    ask = read_ask(question)  # fold() spells "does" "dos": the patterns must spell it so too
    assert (ask.slot, ask.yes_no) == (slot, yes_no)


FORUMS = """Jahrestagung Kommunale Geodaten 2027 in Kassel

Kassel, 4. Dezember 2026

Die Arbeitsgemeinschaft Geodaten Hessen e. V. richtet ihre Jahrestagung am 15. April 2027 in
Kassel aus. Am Nachmittag laufen drei Fachforen parallel:

• Forum A: Luftbilder in der Bauleitplanung
• Forum B: Offene Geodaten und Lizenzen
• Forum C: Digitale Zwillinge kleiner Städte

Die Teilnahme kostet 80 Euro.
"""


def test_a_question_for_several_items_gets_the_releases_list(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    releases = {"geodaten.txt": FORUMS}
    assistant = assistant_over(tmp_path_factory.mktemp("forums"), releases, date(2026, 11, 30))
    answer = assistant.ask("Welche Fachforen gibt es bei der Jahrestagung Kommunale Geodaten?")
    for topic in ("Luftbilder", "Offene Geodaten", "Digitale Zwillinge"):
        assert topic in answer.answer
    assert "80 Euro" not in answer.answer


def test_is_there_an_event_is_answered_with_it_only_in_its_city(statuses: Assistant) -> None:
    found = statuses.ask("Gibt es in Cottbus einen Hackathon?")
    assert found.answer.startswith("Ja.")
    assert {s.doc_id for s in found.sources} == {"hackathon"}
    elsewhere = statuses.ask("Gibt es in Rostock einen Hackathon?")
    assert not elsewhere.answer.startswith("Ja")


def test_what_to_bring_is_not_a_format_question() -> None:
    assert read_ask("Was soll ich zum Infoabend Behördengänge online mitbringen?").slot == Slot.WHAT

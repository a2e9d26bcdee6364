"""Which event a question names and which of its facts are its own: a series is named by its
own words, not by a shared prefix ("Digitalkongress" is not "Digitalisierungsforum"); a
press review's date line, a news site's time stamp and "veröffentlicht am" are no event
dates; a sentence on another edition or on an event "nicht verbunden" with this one gives it
no date or place; "und wann ist der nächste?" asks for what is ahead. The releases are
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import assistant_over

from assistant.answering.units import answer_units
from assistant.corpus.cleaning import clean_text
from assistant.corpus.heads import dateline
from assistant.pipeline import Assistant
from assistant.records import Passage, Turn
from assistant.text.matching import same_word

CONGRESS = """Pressespiegel KW 12/2026 – Ostsächsischer Kongress „Amt im Netz“

Veranstaltung: 17. und 18. März 2026, Stadthalle am Fluss, Bautzen
Veranstalter: Netzwerk Amt im Netz e. V.

Die Lausitzer Rundschau meldet rund 700 Gäste. Am Ende verweist der Artikel auf den
Datenhack „Code für Oberlausitz“, den die Hochschule Zittau am 21. und 22. März 2026
veranstaltet – eine eigenständige Veranstaltung, mit der unser Netzwerk nicht verbunden ist.

Zum Vergleich: Der 3. Kongress fand am 12. und 13. März 2025 im Messepark Görlitz statt und
zählte 520 Teilnehmende.

Ausblick: Der 5. Ostsächsische Kongress „Amt im Netz“ ist für den 16. und 17. März 2027 in
Hoyerswerda geplant.
"""
FORUM = """Lausitz-Kurier Online | Nachrichten > Region

Mittwoch, 21. Oktober 2026, 07:13 Uhr

Kommunen tauschen sich zur E-Rechnung aus

Cottbus (dpa) – Beim 2. Kommunalen Rechnungsforum Lausitz haben sich am Dienstag rund 150
Kämmerinnen und Kämmerer in der Stadthalle Cottbus getroffen. Für das Rechnungsforum hat
der Stadtrat 24.000 Euro bereitgestellt, davon 16.000 Euro aus einem Förderprogramm.

Das nächste Rechnungsforum soll im Herbst 2027 in Senftenberg stattfinden, ein genauer
Termin steht noch nicht fest.
"""
OPEN_DAY = """Tag der offenen Verwaltung 2026 – Landkreis Wiesental

Tag der offenen Verwaltung: „Verwaltung zum Anfassen“

Am Samstag, 19. September 2026, von 10 bis 16 Uhr öffnet das Landratsamt Wiesental seine
Türen. Im „Kinder-Rathaus“ in Raum A 0.20 können Kinder ihren eigenen Ausweis gestalten.

Es spricht Ann-Kathrin Vogel, Digitalbeauftragte der Stadt Wiesental. Das Schlusswort hat
Jonas Vogel, CIO des Landkreises Wiesental.

Bitte beachten: Die Sitzung des Kreistags findet nicht an diesem Tag, sondern am
Donnerstag, 24. September 2026, statt.
"""
INVITATION = """Einladung zum Digitalforum Wiesental 2027

Sehr geehrte Damen und Herren,

das Digitalforum Wiesental findet am Dienstag, 16. März 2027, im Kreishaus Wiesental statt.

Um Rückmeldung wird gebeten bis Freitag, 19. Februar 2027, per E-Mail an
forum@wiesental.example oder per Fax an 07123 4567-89.
"""
EVENINGS = """Bekanntmachung: Bürgerinformationsabende „Digitales Amt“

Das Amt Nordheide lädt zu drei Bürgerinformationsabenden ein:

1. Ortsteil Lindhof
   Dienstag, 4. Mai 2027, Beginn 19:00 Uhr
   Ev. Gemeindehaus Lindhof, Kirchstraße 8

2. Ortsteil Moorwiek
   Dienstag, 11. Mai 2027, Beginn 19:00 Uhr
   Grundschule Moorwiek, Aula, Schulweg 2

3. Ortsteil Heidrade
   Mittwoch, 19. Mai 2027, Beginn 18:30 Uhr
   Feuerwehrhaus Heidrade, Dorfstraße 41

Eine Anmeldung ist nicht erforderlich, der Eintritt ist frei.
"""
COURSE = """Kommunalakademie Heideland e. V.
Fortbildungsprogramm 2027 | Themenbereich 2: Digitale Verwaltung

Kursnummer: KH 27-118
Digitale Akten sicher führen
E-Akte, Scannen und Aufbewahrung in der Praxis

Termin: Donnerstag, 15. April 2027, 9:00 bis 16:30 Uhr, Celle
Teilnahmeentgelt: 380,00 Euro pro Person.

Referentin
Dr. jur. Maren Tiedke, Regierungsdirektorin a. D., Dozentin für E-Government.
"""
RECEPTION = """Fachkongress Digitale Region Weserbergland 2027

Der Fachkongress Digitale Region Weserbergland findet am 8. Juni 2027 im Tagungszentrum
Hafenspeicher, Kaiweg 3, in Hameln statt. Die Praxisforen laufen im Großen Saal.

Abendempfang

Im Anschluss lädt die Stadt Hameln zum Abendempfang ein – nicht im Tagungszentrum, sondern in
der Kulturhalle Alte Mühle, Mühlenstraße 9, 31785 Hameln. Beginn ist um 18:30 Uhr.
"""
USERDAY = """Veranstaltungen · veröffentlicht am 12.11.2026

Einladung zum Kundentag 2027 der Kommunalen Datenzentrale Saar

Er findet am Donnerstag, 22. April 2027, von 9:00 bis 16:00 Uhr im Tagungshaus Saarufer in
Saarlouis statt.

| Station | Datum | Veranstaltungsort | Uhrzeit |
|---|---|---|---|
| Merzig | Di, 04.05.2027 | Rathaus Merzig, Saal 2 | 10:00–12:00 Uhr |
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    releases = {"pressespiegel-amt-im-netz.md": CONGRESS, "rechnungsforum.txt": FORUM,
                "kundentag.md": USERDAY, "offene-verwaltung.txt": OPEN_DAY,
                "einladung.txt": INVITATION, "infoabende.txt": EVENINGS,
                "seminar.txt": COURSE, "fachkongress.txt": RECEPTION}  # fmt: skip
    return assistant_over(tmp_path_factory.mktemp("series"), releases, date(2026, 11, 30))


def test_same_word_is_an_inflection_or_a_typo_not_a_shared_prefix() -> None:
    assert same_word("aufbruchs", "aufbruch") and same_word("managment", "management")
    assert not same_word("digitaltag", "digital")
    assert not same_word("digitalkongress", "digitalisierungsforum")


def test_a_news_time_stamp_is_the_release_date_and_a_report_dates_its_event_from_it(
    assistant: Assistant,
) -> None:
    assert dateline(FORUM)[1] == date(2026, 10, 21)
    assert dateline("Kopf\nDonnerstag, 15. Oktober 2026, 09:30 Uhr\nText")[1] is None
    answer = assistant.ask("Wann fand das 2. Kommunale Rechnungsforum Lausitz statt?")
    assert "20. Oktober 2026" in answer.answer and "21. Oktober" not in answer.answer, answer.answer


def test_the_next_edition_of_a_named_series_is_only_its_plan(assistant: Assistant) -> None:
    answer = assistant.ask("wann und wo ist das nächste rechnungsforum lausitz?")
    assert "Senftenberg" in answer.answer and "Herbst 2027" in answer.answer, answer.answer
    other = assistant.ask("Wann ist der nächste Kongress Amt im Netz?")
    assert "16. und 17. März 2027" in other.answer, other.answer
    assert "Senftenberg" not in other.answer


def test_a_labelled_date_beats_a_separate_event_and_another_edition_keeps_its_facts(
    assistant: Assistant,
) -> None:
    (edition,) = [e for e in assistant.catalog.events if e.edition == "2026" and "Amt" in e.series]
    assert edition.start == date(2026, 3, 17), edition.start
    assert not any("Görlitz" in f.value for f in edition.city + edition.venue)
    earlier = assistant.ask("Wie viele Teilnehmende hatte der Kongress Amt im Netz 2025?")
    assert "520" in earlier.answer, earlier.answer


def test_und_der_naechste_after_a_past_edition_is_the_one_ahead(assistant: Assistant) -> None:
    question = "wie viele gäste hatte der kongress amt im netz 2026?"
    turns = [Turn(question, assistant.ask(question).answer)]
    answer = assistant.ask("und wann ist der nächste?", turns)
    assert "16. und 17. März 2027" in answer.answer, answer.answer


def test_a_page_date_is_no_event_date(assistant: Assistant) -> None:
    (event,) = [e for e in assistant.catalog.events if "Kundentag" in e.series]
    assert event.start == date(2027, 4, 22), event.start
    where = assistant.ask("Wo findet der Kundentag der Kommunalen Datenzentrale Saar statt?")
    assert "Tagungshaus Saarufer" in where.answer, where.answer


def test_a_table_header_row_is_never_quoted() -> None:
    body = "Station · Datum · Ort · Uhrzeit\nMerzig · Di, 04.05.2027 · Rathaus · 10:00–12:00 Uhr"
    passage = Passage(chunk_id="c", doc_id="d", title="t", body=body, text=body, score=1.0)
    units = answer_units([passage])
    assert [u.quotable for u in units] == [False, True]


def test_a_day_of_name_is_the_series_not_a_quoted_corner_of_it(assistant: Assistant) -> None:
    (event,) = [e for e in assistant.catalog.events if "Wiesental" in " ".join(e.sources)
                or "offenen" in e.series]  # fmt: skip
    assert event.series == "Tag der offenen Verwaltung", event.series
    assert event.start == date(2026, 9, 19), event.start  # not the council's "sondern am"


def test_asking_what_it_cost_needs_a_fee_not_a_budget(assistant: Assistant) -> None:
    answer = assistant.ask("Was hat die Teilnahme am Rechnungsforum Lausitz gekostet?")
    assert answer.abstained, answer.answer


def test_a_hyphenated_first_name_names_its_own_person(assistant: Assistant) -> None:
    first = "wer ist jonas vogel?"
    turns = [Turn(first, assistant.ask(first).answer)]
    answer = assistant.ask("und ann-kathrin vogel?", turns)
    assert "Digitalbeauftragte" in answer.answer and "CIO" not in answer.answer, answer.answer


def test_gibt_es_needs_a_sentence_naming_the_thing(assistant: Assistant) -> None:
    parking = assistant.ask("gibts beim tag der offenen verwaltung in wiesental parkplätze?")
    assert parking.abstained, parking.answer
    card = assistant.ask("gibt es beim tag der offenen verwaltung einen ausweis für kinder?")
    assert not card.abstained and "Ausweis" in card.answer, card.answer


def test_an_rsvp_with_an_address_is_the_registration_deadline(assistant: Assistant) -> None:
    answer = assistant.ask("Bis wann muss man sich für das Digitalforum Wiesental anmelden?")
    assert "19. Februar 2027" in answer.answer, answer.answer


def test_a_numbered_item_keeps_its_indented_date_and_place(assistant: Assistant) -> None:
    assert clean_text("2. Ortsteil Moorwiek\n   Dienstag, 11. Mai 2027\n   Aula") == (
        "2. Ortsteil Moorwiek · Dienstag, 11. Mai 2027 · Aula")
    question = "wann is der infoabend in moorwiek?"  # "Infoabend": the Informationsabend
    when = assistant.ask(question)
    assert "11. Mai 2027" in when.answer and "4. Mai" not in when.answer, when.answer
    where = assistant.ask("und wo genau?", [Turn(question, when.answer)])
    assert "Grundschule Moorwiek" in where.answer and "Heidrade" not in where.answer, where.answer


def test_a_quoted_course_title_from_the_release_is_its_own_name(assistant: Assistant) -> None:
    answer = assistant.ask("Was kostet das Seminar „Digitale Akten sicher führen“?")
    assert "380,00 Euro" in answer.answer, answer.answer


def test_a_role_heading_introduces_the_line_below_it(assistant: Assistant) -> None:
    answer = assistant.ask("wer ist die referentin beim seminar digitale akten sicher führen?")
    assert "Maren Tiedke" in answer.answer, answer.answer


def test_a_role_heading_and_its_person_are_one_unit() -> None:
    body = "Referentin\nDr. Maren Tiedke, Dozentin für E-Government"
    passage = Passage(chunk_id="c", doc_id="d", title="t", body=body, text=body, score=1.0)
    assert [u.text for u in answer_units([passage])] == [
        "Referentin: Dr. Maren Tiedke, Dozentin für E-Government"]


def test_where_a_part_of_the_event_is_comes_from_the_sentence_naming_it(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("wo is der abendempfang beim fachkongress in hameln")
    assert "Kulturhalle Alte Mühle" in answer.answer, answer.answer
    assert "Großen Saal" not in answer.answer

"""A yes/no answer says "Ja" or "Nein" only about what was asked: a property the releases
never name ("barrierefrei") is not confirmed by the venue line, a magazine called
"move-online" does not make an event an online one, and "gibt es ein Tagesticket?" is not
settled by the full fee. The releases are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

WORKSHOP = """Werkstatt Datenschutz im Amt 2027

Die Werkstatt Datenschutz im Amt findet am Mittwoch, 12. Mai 2027, von 10 bis 15 Uhr im
Bürgerhaus Alte Weberei, Lindenstraße 4, 27318 Hoya statt.

Teilnahmegebühr: 120 Euro, für Mitglieder des Verbands 80 Euro.

Medienpartner sind die Fachzeitschriften Amtsblick und net-online/Kommunalpraxis.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("yesno")
    return assistant_over(root, {"werkstatt-datenschutz-2027.txt": WORKSHOP})


def test_a_property_no_release_names_is_not_confirmed(assistant: Assistant) -> None:
    answer = assistant.ask("ist das bürgerhaus alte weberei in hoya barrierefrei?")
    assert answer.abstained, answer.answer


def test_a_word_inside_a_name_is_no_format(assistant: Assistant) -> None:
    answer = assistant.ask("Ist die Werkstatt Datenschutz im Amt online?")
    assert not answer.answer.startswith("Ja"), answer.answer


def test_a_ticket_the_release_never_names_is_not_the_fee(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Gibt es für die Werkstatt Datenschutz ein günstigeres Tagesticket, und was kostet es?")
    assert answer.abstained, answer.answer


def test_the_fee_itself_is_still_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Ist die Teilnahme an der Werkstatt Datenschutz kostenlos?")
    assert answer.answer.startswith("Nein"), answer.answer
    assert "120 Euro" in answer.answer


MOVED = """Fachtag Digitale Bauakte 2027 nur online

Kassel, 20.11.2026 – Der Fachtag Digitale Bauakte 2027 kann nicht wie geplant im
Kongresshaus in Kassel stattfinden. Er läuft am 4. Februar 2027 ausschließlich online.
"""


def test_a_city_named_in_a_negated_clause_is_a_no(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"fachtag-bauakte-2027.txt": MOVED})
    answer = assistant.ask("Findet der Fachtag Digitale Bauakte in Kassel statt?")
    assert answer.answer.startswith("Nein"), answer.answer


CALENDAR = """Seminarkalender 2027

D-27-01 | Barrierefreie Websites
Termin:      Di., 09.03.27, 9:00–12:30 Uhr
Format:      online (Zoom)
Ref.:        Jan Arndt, Karlsruhe

D-27-02 | E-Akte in der Praxis
Termin:      Do., 11.03.27, 9:00–15:30 Uhr
Ort:         Mannheim, Seminarzentrum, Raum 3.04
Format:      Präsenz (keine Online-Teilnahme möglich)
"""


def test_the_format_of_the_entry_at_the_asked_place(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"seminarkalender-2027.txt": CALENDAR})
    answer = assistant.ask("Kann man am E-Akte-Seminar in Mannheim auch online teilnehmen?")
    assert answer.answer.startswith("Nein"), answer.answer


def test_booking_a_hotel_is_not_settled_by_the_registration(tmp_path: Path) -> None:
    page = ("Anreise – 3. Kongress Daten im Dorf 2027\n\nDer 3. Kongress Daten im Dorf findet am "
            "16. März 2027 in der Stadthalle Talheim statt. Die Anmeldung zum Kongress ist bis "
            "26. Februar 2027 möglich.\n\nZimmerkontingente: Buchen Sie bitte direkt beim Hotel. "
            "Das Kontingent im Hotel am Mühlbach ist vollständig abgerufen.\n")
    assistant = assistant_over(tmp_path, {"anreise.txt": page})
    answer = assistant.ask("kann ich da noch im hotel am mühlbach buchen?",
                           ["wann ist der kongress daten im dorf?"]).answer
    assert not answer.startswith("Ja"), answer  # the congress's registration is no room

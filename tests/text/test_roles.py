"""Date roles read from German context: corrections and moves name the old date and the new
one in one sentence, and a date right after another event's name is that event's."""

from __future__ import annotations

import pytest

from assistant.text.dates import find_dates
from assistant.text.roles import (
    NOT_A_FEE,
    date_role,
    follows_other_event,
    part_changed,
    without_dateline,
)


def _roles(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], date_role(text, m)) for m in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anders als zunächst gemeldet findet die Messe nicht am Donnerstag, 12. März 2026, "
         "sondern am Donnerstag, 26. März 2026, statt.",
         [("12. März 2026", "planned"), ("26. März 2026", "new")]),
        ("Das Forum findet nicht wie geplant am Mittwoch, 18. Juni 2025, statt.",
         [("18. Juni 2025", "planned")]),
        ("Die Veranstalter haben das Forum auf Mittwoch, 24. September 2025, verschoben.",
         [("24. September 2025", "new")]),
        ("Der Fachtag findet am 3. Juni 2026 in Kassel statt.", [("3. Juni 2026", "event")]),
        ("1. Termin: Die Schulung war im Programmheft für den 18./19. Januar 2027 "
         "ausgeschrieben. Sie findet nun am 25./26. Januar 2027 statt.",
         [("18./19. Januar 2027", "planned"), ("25./26. Januar 2027", "new")]),
        ("Der Workshop war für Freitag, 5. März 2027, angekündigt.",
         [("5. März 2027", "planned")]),
        # a date kept is the event's, however the sentence speaks of the plan
        ("Das Webinar findet wie geplant am Donnerstag, 12. November 2026, statt.",
         [("12. November 2026", "event")]),
        ("Der Online-Teil läuft am ursprünglichen Termin, Dienstag, 17. März 2026.",
         [("17. März 2026", "event")]),
    ],
)  # fmt: skip
def test_old_and_new_dates_of_a_correction_or_move(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _roles(text) == expected


def test_a_date_after_another_events_name_is_that_events() -> None:
    text = (
        'Viele sind zur selben Zeit beim Fachkongress "Digitale Kommune NRW" am 17. Juni '
        "gebunden."
    )
    before = text[: text.index("17.")]
    assert follows_other_event(before, {"barcamp", "offene", "verwaltung"})
    assert not follows_other_event(before, {"digitale", "kommune"})  # its own name
    assert not follows_other_event("Das Barcamp findet am ", {"barcamp"})


def test_an_invitation_to_another_named_event_dates_that_event() -> None:
    own = {"kommunales", "digitalforum", "heideland"}
    assert follows_other_event("Ich lade Sie heute schon zum Landesdigitalkongress am ", own)
    assert not follows_other_event("Wir laden Sie herzlich zum Fachtag am ", own)  # its kind
    assert not follows_other_event("Wir laden herzlich zum Digitalforum Heideland am ", own)


def test_the_dateline_opening_a_lead_is_the_release_date_not_the_event() -> None:
    lead = "Oldenburg, 03.11.2026 – Die Stiftung lädt am 9. Juni 2027 zur Preisverleihung ein."
    roles = [date_role(lead, m) for m in find_dates(lead)]
    assert roles == ["published", "event"]
    assert without_dateline(lead, find_dates(lead)).startswith("Die Stiftung")
    report = "Osnabrück, 22. September 2026. Rund 180 Fachleute kamen zum Forum."
    assert [date_role(report, m) for m in find_dates(report)] == ["published"]
    plain = "Am 3. Mai 2026 – so der Plan – tagt der Beirat."
    assert [date_role(plain, m) for m in find_dates(plain)] == ["event"]


@pytest.mark.parametrize("text", [
    "Veröffentlicht am 6. April 2027 | Pressestelle",
    "*Gepostet am 24. November 2026 von eurem FSR · Kategorie: Veranstaltungen*",
    "Publiziert am 24.11.2026 in Termine",
])  # fmt: skip
def test_a_page_date_after_veroeffentlicht_is_the_release_date(text: str) -> None:
    (mention,) = find_dates(text)
    assert date_role(text, mention) == "published"
    event = "Die Tagung findet am 10. Juni 2027 statt."
    assert date_role(event, find_dates(event)[0]) == "event"


def test_what_cancelling_costs_is_no_fee() -> None:
    assert NOT_A_FEE.search("Stornierungen sind bis zum Anmeldeschluss kostenfrei möglich.")
    assert not NOT_A_FEE.search("Die Teilnahme ist kostenfrei.")


def test_a_reference_s_access_date_is_no_event() -> None:
    """A footnote's "abgerufen am 20. November 2026" dates the citation, not an edition."""
    text = ("1. Stiftung Nord: Rückblick Forum 2026. https://example.de, abgerufen am "
            "20. November 2026.")
    (mention,) = find_dates(text)
    assert date_role(text, mention) == "published"


@pytest.mark.parametrize(
    "text",
    [
        "Registration for in-person attendance closes on Friday, 26 February 2027.",
        "Virtual participants can register until Thursday, 11 March 2027.",
    ],
)
def test_an_english_registration_deadline_is_no_event_date(text: str) -> None:
    (mention,) = find_dates(text)
    assert date_role(text, mention) == "deadline"
    workshop = "The workshop takes place on Tuesday, 16 March 2027, in Bonn."
    assert [date_role(workshop, m) for m in find_dates(workshop)] == ["event"]


def test_a_day_with_no_event_is_no_event_date() -> None:
    """ "Am 13. Januar ist keine Test-Werkstatt": the day it is not held."""
    text = "Am 13. Januar ist keine Test-Werkstatt. Sie ist am 27. Januar."
    assert [date_role(text, m) for m in find_dates(text, default_year=2027)] == [
        "planned", "event"]


@pytest.mark.parametrize(("text", "part"), [
    ("v4: Keynote Dr. Lutz Amberg (Landesamt) abgesagt (krankheitsbedingt).", True),
    ("Beginn von 09:30 auf 10:00 Uhr verschoben.", True),
    ("Der Fachtag wird abgesagt.", False),
    ("Die Tagung mit dem Vortrag von Dr. X wurde abgesagt.", False),
])  # fmt: skip
def test_a_part_called_off_is_no_event_called_off(text: str, part: bool) -> None:
    assert part_changed(text) is part


def test_flyers_for_another_named_event_date_that_event() -> None:
    assert follows_other_event("Flyer für die Vermessungstagung am ", {"geodaten"})
    assert not follows_other_event("Flyer für den Fachtag am ", {"geodaten"})


@pytest.mark.parametrize("text", [
    "Stand: 25.11.2026 – Die Veranstaltung ist abgesagt.",
    "Der Beginn der Messe wurde auf Mai verschoben.",
])  # fmt: skip
def test_a_page_date_or_the_events_start_is_no_part(text: str) -> None:
    assert not part_changed(text)


@pytest.mark.parametrize(("text", "role"), [
    ("Der Vortrag entfällt (Absage am 24.11.2026, kein Ersatz).", "published"),
    ("Er war für den 28. November angekündigt (Flyer, Amtsblatt vom 30.10.2026).", "published"),
    ("Der Termin gilt (siehe Schreiben vom 02.10.2026).", "published"),
    ("Der Digitaltag findet am Samstag, 12. Dezember 2026, statt.", "event"),
])  # fmt: skip
def test_a_notices_or_a_papers_date_is_no_event_date(text: str, role: str) -> None:
    mention = find_dates(text, default_year=2026)[-1]
    assert date_role(text, mention) == role, (text, mention)


def test_a_day_an_earlier_letter_still_named_is_no_longer_planned() -> None:
    text = ("Abweichend von unserer Anfrage vom 2. Oktober 2026, in der noch der 20. Januar 2027 "
            "genannt war, gilt der unten stehende Termin.")
    mention = find_dates(text, default_year=2026)[-1]
    assert date_role(text, mention) == "planned"

"""Which line of a release's head is its headline: not a letterhead with a postal address, a
masthead with an issue number, an e-mail's header lines or a byline; under a sender's name
("Die Chefin der Staatskanzlei") the line naming the event; and never the subtitle below a
real headline. The heads are written for these tests."""

from __future__ import annotations

from assistant.corpus.formats import extract_html
from assistant.corpus.heads import extract_title


def test_a_letterhead_with_an_address_is_no_headline() -> None:
    text = ("Landesagentur für Verwaltungsdaten (LAVD) Pressestelle Am Hafen 3, 24103 Kiel\n\n"
            "PRESSEINFORMATION Nr. 12/2026\nKiel, 3. März 2026\n\n"
            "Fachtag „Daten.Teilen.Lernen 2026“: Anmeldung geöffnet\n\nDer Fachtag findet …")
    assert extract_title(text) == "Fachtag „Daten.Teilen.Lernen 2026“: Anmeldung geöffnet"


def test_a_masthead_with_an_issue_number_is_no_headline() -> None:
    text = ("Werrataler Stadtbote – Amtsblatt Ausgabe 12 / Donnerstag, 5. März 2026\n\n"
            "AUS DEM RATHAUS\n\nTablet-Treff für Ältere: Hilfe beim ersten Schritt\n\n"
            "Ab April gibt es im Rathaus einen offenen Treff für alle, die …")
    assert extract_title(text) == "Tablet-Treff für Ältere: Hilfe beim ersten Schritt"


def test_under_a_senders_name_the_line_naming_the_event_is_the_headline() -> None:
    text = ("SENATSKANZLEI NORDSTADT\nDer Chef der Senatskanzlei\n"
            "Referat 3 · 20095 Hamburg\n\nAktenzeichen: SK 3-12/2026\nHamburg, 2. März 2026\n\n"
            "An die Bürgermeisterinnen und Bürgermeister\n\n"
            "Einladung zum Hafengipfel der Städte 2026\n\nSehr geehrte Damen und Herren, …")
    assert extract_title(text) == "Einladung zum Hafengipfel der Städte 2026"


def test_a_headline_keeps_its_place_above_the_subtitle_naming_the_event() -> None:
    text = ("Kiel, 2. März 2026\n\nVERWALTUNG. WO BLEIBT DAS TEMPO?!\n"
            "Ausblick auf den Kongress Digitale Ostsee 2026\n\nDer Kongress …")
    assert extract_title(text) == "VERWALTUNG. WO BLEIBT DAS TEMPO?!"


def test_an_email_is_titled_by_its_subject() -> None:
    text = ("Von: Team Fortbildung <fortbildung@example.de>\nAn: Teilnehmende (BCC)\n"
            "Datum: Montag, 2. März 2026, 10:12\n"
            "Betreff: Erinnerung: Workshop „Akten scannen“ am 9. März\n\nGuten Tag, …")
    assert extract_title(text) == "Erinnerung: Workshop „Akten scannen“ am 9. März"


def test_a_byline_and_a_publication_line_are_no_headline() -> None:
    text = ("Ostseeportal | Ressort: Politik\nVeröffentlicht am 02.03.2026, 06:41 Uhr | "
            "Von Jana Kroll\n\nVolle Säle beim Digitaltag: So lief der Tag in Wismar\n\n…")
    assert extract_title(text) == "Volle Säle beim Digitaltag: So lief der Tag in Wismar"


def test_a_lead_opening_with_its_dateline_is_titled_without_it() -> None:
    text = ("PRESSEMITTEILUNG Nr. 7/2026\nLandkreis Nordheide – Pressestelle\n\n"
            "Lüneburg, 02.03.2026 – Dritter Datentag: Landkreis lädt nach Bleckede ein\n\n…")
    assert extract_title(text) == "Dritter Datentag: Landkreis lädt nach Bleckede ein"


def test_an_embargo_line_is_no_headline() -> None:
    text = ("PRESSEMITTEILUNG\n\nSPERRFRIST: Dienstag, 2. März 2026, 10:00 Uhr\n\n"
            "Werkstattbericht „Digitale Ämter 2026“: Termin beim Amt lieber online\n\n…")
    assert extract_title(text) == (
        "Werkstattbericht „Digitale Ämter 2026“: Termin beim Amt lieber online")


def test_a_newspaper_masthead_with_its_page_is_no_headline() -> None:
    text = ("ELBE-BOTE · Lokales Amt Neuhaus · Samstag, 28. Februar 2026 · Seite 9\n\n"
            "Neuhaus: Infoabend zum digitalen Bauantrag\n\nDer Landkreis lädt …")
    assert extract_title(text) == "Neuhaus: Infoabend zum digitalen Bauantrag"


def test_a_page_heading_is_joined_by_the_event_its_browser_title_names() -> None:
    page = ("<html><head><title>Anfahrt &amp; Parken – 4. Fachtag Offene Daten Harzvorland 2027 | "
            "Verein</title></head><body><h1>Anfahrt &amp; Parken</h1><p>Mit dem Bus …</p>"
            "</body></html>")
    assert extract_html(page).title == "Anfahrt & Parken – 4. Fachtag Offene Daten Harzvorland 2027"


def test_a_heading_naming_the_event_stays_the_title() -> None:
    page = ("<html><head><title>Programm – Fachtag Offene Daten 2027 | Verein</title></head>"
            "<body><h1>Fachtag Offene Daten 2027</h1><p>…</p></body></html>")
    assert extract_html(page).title == "Fachtag Offene Daten 2027"
    other = ("<html><head><title>Startseite | Stadt Harzvorland</title></head>"
             "<body><h1>Anfahrt</h1></body></html>")
    assert extract_html(other).title == "Anfahrt"  # the <title> names no event

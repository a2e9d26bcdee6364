"""A published speech: its head line says where and when it was given, the page dates itself
elsewhere ("Veröffentlicht am …"); an invitation in it to another named event gives that
event's date and city, not the forum's; the next forum is only what the speech says of it.
The speech is written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

SPEECH = """# Grußwort des Landrats zum 3. Kommunalen Digitalforum Heideland

**Lindau an der Aue, Stadthalle am Wehr, 4. November 2026**

*Veröffentlicht am 06.11.2026. Es gilt das gesprochene Wort.*

Sehr geehrte Damen und Herren,

vor drei Jahren haben wir in Kesselbach mit vierzig Menschen begonnen, heute sind Sie 210.
Ich danke dem Zweckverband Heideland-IT, der dieses Forum wieder organisiert hat.

Ich lade Sie schon heute zum Landesdigitalkongress am 9. Juni 2027 in Wendorf ein. Dort
sollen die Ergebnisse aller regionalen Foren zusammenkommen.

Das vierte Digitalforum soll im Herbst 2027 wieder nach Kesselbach zurückkehren.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("speech")
    return assistant_over(root, {"grusswort-digitalforum.md": SPEECH}, today=date(2026, 12, 1))


def test_the_head_line_dates_the_forum_and_the_invitation_is_another_events(
    assistant: Assistant,
) -> None:
    events = assistant.catalog.events
    assert [e.start for e in events] == [date(2026, 11, 4)], [(e.name, e.start) for e in events]
    assert "Wendorf" not in {f.value for e in events for f in e.city}


def test_the_next_forum_is_what_the_speech_says_of_it(assistant: Assistant) -> None:
    answer = assistant.ask("wann und wo ist das nächste digitalforum heideland?").answer
    assert "Herbst 2027" in answer, answer
    assert "9. Juni" not in answer, answer


def test_the_other_event_in_its_city_is_answered_from_its_own_sentence(
    assistant: Assistant,
) -> None:
    """The forum is not in Wendorf: only the sentence naming the other event there answers."""
    answer = assistant.ask("Wann ist der Landesdigitalkongress in Wendorf?").answer
    assert "9. Juni 2027" in answer, answer
    assert "4. November" not in answer, answer


RELEASE = """Zweites Forum Digitale Dörfer in Auenfeld

Auenfeld, 20.11.2026 – Rund 120 Gäste kamen am Dienstag zum zweiten Forum Digitale Dörfer
in die Mehrzweckhalle Auenfeld. Bürgermeisterinnen, Vereine und Verwaltungen tauschten sich
über Dorf-Apps, digitale Bürgerbüros und gemeinsame Servicestellen aus. Die Veranstalter
zogen eine positive Bilanz und wollen das Forum im kommenden Jahr fortsetzen.

Auch auf der Fachmesse KomTeck vom 21. bis 23. April 2027 in Zwickau wollen sich die
beteiligten Gemeinden mit einem Gemeinschaftsstand zeigen.
"""


def test_a_fair_named_in_passing_is_answered_from_its_sentence(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The forum is not in Zwickau: the sentence naming the fair there answers, not the
    forum's facts."""
    root: Path = tmp_path_factory.mktemp("fair")
    forum = assistant_over(root, {"forum-digitale-doerfer.txt": RELEASE}, today=date(2026, 12, 1))
    answer = forum.ask("When is the KomTeck fair in Zwickau?").answer
    assert "21" in answer and "April" in answer, answer
    # its town is only in the venue's name, which no list of cities knows: still not Zwickau
    answer = forum.ask("Wann ist die Messe in Zwickau, auf der sich die Gemeinden zeigen?").answer
    assert "17. November" not in answer, answer

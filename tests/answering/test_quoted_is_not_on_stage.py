"""A person a release only quotes ("…“, so Bundesminister Dr. Karl Brenner") is not said
to appear at the event: "Tritt Karl Brenner auf?" gets what the sources say, never "Ja";
for a speaker on the programme, the sentence naming her talk answers. The release is
written for this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant

RELEASES = {
    "kongress.txt": "Kongress Verwaltung im Takt 2027\n\nKiel, 1. Dezember 2026 – Der Kongress "
    "„Verwaltung im Takt“ findet am 9. März 2027 in Kiel statt. Die Keynote hält die Autorin "
    "Jana Ostrowski. Weniger Bürokratie hätte Strahlkraft: „Bürokratieabbau ist ein "
    "Konjunkturprogramm zum Nulltarif“, so Bundesminister Dr. Karl Brenner.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("quoted")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_a_quoted_minister_is_not_said_to_appear(assistant: Assistant) -> None:
    answer = assistant.ask("tritt karl brenner beim kongress verwaltung im takt auf?").answer
    assert "Brenner" in answer and not answer.startswith("Ja"), answer
    english = assistant.ask("is karl brenner speaking at verwaltung im takt 2027?").answer
    assert not english.startswith("Yes"), english
    there = assistant.ask("ist karl brenner beim kongress verwaltung im takt auch da?").answer
    assert "Brenner" in there and not there.startswith("Ja"), there


def test_the_keynote_speaker_is_answered_with_her_talk(assistant: Assistant) -> None:
    answer = assistant.ask("spricht jana ostrowski beim kongress verwaltung im takt?").answer
    assert "Keynote" in answer and not answer.startswith("Nein"), answer

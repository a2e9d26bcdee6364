""""Organisiert X den Fachtag?" is settled by the organiser the release names, whatever verb
asks it ("organisiert", "did … organise"), and an English question naming a German city
("Lübeck") is still answered in English. The releases are written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.text.questions import detect_language

RELEASES = {
    "fachtag.txt": "Fachtag Offene Register 2027 in Lübeck\n\nAm 4. März 2027 findet in Lübeck "
    "der Fachtag Offene Register statt. Veranstalter ist die Stiftung Nordlicht.\n",
    "forum.txt": "Datenforum Ostwind 2027 in Kiel\n\nDer Verein Ostwind lädt am 9. Mai 2027 "
    "zum Datenforum nach Kiel ein.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("organiser-yes-no")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_an_english_question_naming_a_german_city_is_english() -> None:
    assert detect_language("did the foundation organise the fachtag in lübeck?") == "en"
    assert detect_language("organisiert die stiftung den fachtag in lübeck?") == "de"


def test_the_organiser_settles_whatever_verb_asks(assistant: Assistant) -> None:
    other = assistant.ask("organisiert der verein ostwind den fachtag in lübeck?").answer
    assert other.startswith("Nein") and "Stiftung Nordlicht" in other, other
    own = assistant.ask("did stiftung nordlicht organise the congress in lübeck?").answer
    assert own.startswith("Yes") and "Stiftung Nordlicht" in own, own

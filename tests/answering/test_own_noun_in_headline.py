"""A release that sets another event apart from its own ("… ist eine eigenständige
Veranstaltung und hat mit unserem Fachtag nichts zu tun") still answers for its own event
when the question calls it by the noun of its headline ("beim Fachtag …"), even under a
kicker line. The release is written for this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import assistant_over

from assistant.pipeline import Assistant
from assistant.records import Turn

RELEASES = {
    "korrektur.txt": "KORREKTUR – bitte ersetzen Sie unsere Meldung vom 2. November 2026\n\n"
    "Korrektur: Fachtag „Schulnetz im Blick“ findet am 3. März 2027 statt\n\nPassau, "
    "20. November 2026 – Der Fachtag „Schulnetz im Blick“ findet am 3. März 2027 in der "
    "Dreiländerhalle Passau statt. Die Keynote hält Dr. Elena Vogt.\n\nBitte beachten Sie: "
    "Das Netzwerktreffen des Medienzentrums findet am 24. Februar 2027 statt. Es ist eine "
    "eigenständige Veranstaltung und hat mit unserem Fachtag nichts zu tun.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("own-noun")
    return assistant_over(root, RELEASES, today=date(2026, 12, 1))


def test_the_headlines_noun_names_the_releases_own_event(assistant: Assistant) -> None:
    answer = assistant.ask("wer hält die keynote beim fachtag schulnetz im blick?").answer
    assert "Vogt" in answer, answer


def test_a_clipped_modal_verb_names_nothing(assistant: Assistant) -> None:
    """ "ich würd gern zuschauen": "würd" is how visitors type "würde", not an unknown name
    that would end the conversation's subject."""
    first = "wann ist der fachtag schulnetz im blick?"
    history = [Turn(first, assistant.ask(first).answer)]
    subject = assistant.subject("und wo genau? ich würd gern zuschauen", history)
    assert subject.mode == "inherited" and not subject.unknown, subject

"""A student council's trip to a fair: "Veranstalter der Messe ist die Elbtal Fachmessen GmbH,
erwartet werden etwa 11.000 Besucher (2026 waren es gut 9.400)." The year in the bracketed
comparison does not make the sentence one about 2026, and "eigtl" (chat German for
"eigentlich") is no word the answer must contain. The releases are written for this test."""

from __future__ import annotations

import pytest
from conftest import assistant_over

from assistant.answering.subject import is_frame
from assistant.pipeline import Assistant

RELEASES = {
    "exkursion.md": "# Exkursion zur Messe Kommune.Digital Elbtal 2027\n\nAm 17. März 2027 "
    "fahren wir gemeinsam zur Messe Kommune.Digital Elbtal nach Dresden. Auf der Messe zeigen "
    "rund 200 Aussteller E-Akte und Bürgerportale. Veranstalter der Messe ist die Elbtal "
    "Fachmessen GmbH, erwartet werden etwa 11.000 Besucher (2026 waren es gut 9.400).\n\n"
    "Der Eigenanteil für den Bus beträgt 15 Euro.\n",
    "forum.txt": "Pressemitteilung\n\nKassel, 3. November 2026\n\nDas Forum Open Data findet "
    "am 4. März 2027 im Rathaus Kassel statt. Veranstalter ist die Stadt Kassel.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(tmp_path_factory.mktemp("aside"), RELEASES)


def test_a_bracketed_comparison_year_keeps_the_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("wer veranstaltet die kommune.digital elbtal 2027 eigtl?").answer
    assert "Elbtal Fachmessen GmbH" in answer, answer


def test_chat_abbreviations_frame_a_question() -> None:
    assert is_frame("eigtl") and is_frame("evtl")

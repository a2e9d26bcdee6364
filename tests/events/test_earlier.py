""""Was war früher: X oder Y?" is answered from the catalog's dates, each edition cited, the
year named after each series taken for that series. The releases are written for this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import assistant_over

FORUM = """Fachforum Digitale Schule 2027

Das Fachforum Digitale Schule findet am 14. April 2027 in Halle statt.
"""
FORUM_OLD = """Fachforum Digitale Schule 2026

Das Fachforum Digitale Schule fand am 20. Mai 2026 in Halle statt.
"""
SUMMIT = """Kreisgipfel Breitband 2027

Der Kreisgipfel Breitband findet am 3. März 2027 in Dessau statt.
"""


def test_the_earlier_of_two_named_events(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"fachforum-2027.txt": FORUM,
                                          "fachforum-2026.txt": FORUM_OLD,
                                          "kreisgipfel-2027.txt": SUMMIT}, today=date(2026, 12, 1))
    answer = assistant.ask("was ist früher, das fachforum digitale schule 2027 oder der "
                           "kreisgipfel breitband 2027?")
    assert answer.answer.startswith("Früher beginnt Kreisgipfel Breitband 2027:"), answer.answer
    assert "14. April 2027" in answer.answer and "20. Mai" not in answer.answer
    older = assistant.ask("which was earlier, fachforum digitale schule 2026 or kreisgipfel "
                          "breitband 2027?")
    assert older.answer.startswith("Digitale Schule 2026 took place earlier"), older.answer

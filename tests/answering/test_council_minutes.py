"""A council's minutes dating an event among other business: the day the catalog dated the
event by answers "wann?", not the date a fee changes ("Anpassung der Beiträge zum
01.01.2027") that stands earlier on the page, nor the day the mayor attends another forum
("am 21.01.2027 am Kommunalforum „…“"). The minutes are written for this test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import assistant_over

MINUTES = """Gemeinde Talbach
Niederschrift über die öffentliche Sitzung des Gemeinderates am 24.11.2026

TOP 3   Kinderhort – Anpassung der Elternbeiträge zum 01.01.2027
-------------------------------------------------------------------
Der Gemeinderat beschließt die neue Beitragsordnung einstimmig.

"""
MINUTES += "".join(
    f"\nTOP 3.{i}   Bauantrag Flurstück {100 + i}\nDer Bauausschuss hat den Antrag geprüft. Das "
    "Einvernehmen wird erteilt. Die Zufahrt bleibt\nunverändert. Die Nachbarn wurden beteiligt.\n"
    for i in range(1, 7))  # other business between the fee change and the event
MINUTES += """
TOP 4   Ausrichtung des "3. Talbacher Digitaltags" 2027 in der Mehrzweckhalle
-------------------------------------------------------------------
Sachvortrag:
Der Talbacher Digitaltag wird vom Verbund Oberes Tal veranstaltet. Vorgesehen ist:
Samstag, 20. März 2027, 10 bis 16 Uhr,
Mehrzweckhalle Talbach. Erwartet werden 300 Gäste.

Beschluss:
1. Der Gemeinderat stimmt der Ausrichtung des 3. Talbacher Digitaltags am
   Samstag, 20.03.2027, in der Mehrzweckhalle Talbach zu.

TOP 5   Bekanntgaben
c) Der Vorsitzende berichtet, dass er am 21.01.2027 am Kommunalforum
   "Digitale Dörfer" in der Kreisstadt teilnehmen wird.
"""


def test_minutes_date_the_event_by_its_day_not_by_other_business(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"niederschrift.txt": MINUTES}, today=date(2026, 11, 30))
    answer = assistant.ask("wann ist der 3. talbacher digitaltag?").answer
    assert "20. März 2027" in answer, answer
    assert "Januar" not in answer, answer

"""Acts a person performs at an event that a question may ask about (the opening, the keynote,
the moderation, the closing words …) and how a release names each; a sentence answers "wer
hat eröffnet?" only if it names the opening.
"""

from __future__ import annotations

import re

from assistant.answering.units import ROW_TIME
from assistant.text.analysis import fold

#: Question words naming an act a person performs; the answering sentence must name it too.
ROLE_WORDS = re.compile(
    r"^(eroffn|keynote|moderi|schirmher|grusswort|begruss|eingangsvortrag"
    r"|schlusswort|schlusspointe|schlussvortrag|schlussrede|abschluss(vortrag|rede|wort)"
    r"|podium|jury|laudat|preisverleih)"
)
#: How a release names the role act a question asks about (folded question word prefix).
_ROLE_IN_TEXT = {
    "eroffn": r"eröffn|auftakt",
    "keynote": r"keynote|hauptvortrag",
    "moderi": r"moderi|moderat|führt\b.{0,40}\bdurch|durch (das|den) (programm|tag)",
    "schirmher": r"schirmherr|schirmfrau",
    "grusswort": r"grußwort|grusswort",
    "begruss": r"begrüß|begruess|grußwort",
    "eingangsvortrag": r"eingangsvortrag|eröffnungsvortrag|auftakt",
    "schlusswort": r"schlusswort|schlusspointe|abschluss",
    "schlusspointe": r"schlusspointe|schlusswort|abschluss",
    "schlussvortrag": r"schluss|abschließ|zum ende|beendet|beschließt",
    "schlussrede": r"schluss|abschließ|zum ende|beendet|beschließt",
    "abschluss": r"schluss|abschließ|zum ende|beendet|beschließt",
    "podium": r"podium|diskutier|panel",
    "jury": r"\bjury",
    "laudat": r"laudat", "impuls": r"impuls",
    "preisverleih": r"preisverleih|verleih|überreich",
    "closing": r"schluss|abschließ|zum ende|beendet|beschließt",
    "opening": r"eröffn|auftakt|eingangsvortrag|begrüß",
}
#: English words naming a role act; the German sentence must name it in its own words.
EN_ROLE = re.compile(r"^(closing|opening)$")


def names_role(word: str, text: str) -> bool:
    pattern = next((p for prefix, p in _ROLE_IN_TEXT.items() if word.startswith(prefix)), None)
    return pattern is None or bool(re.search(pattern, text, re.IGNORECASE))


def row_of_another_act(question: str, text: str) -> bool:
    """Whether a programme row (opening with its time) names another act than the one asked
    ("10:00 Uhr Begrüßung · X" for "wer hält den Impulsvortrag?"). Prose need not name the
    act ("…, verdeutlichte auch X" answers who gave a talk); a row names its slot's."""
    acts = [w for w in re.findall(r"\w+", fold(question))
            if ROLE_WORDS.match(w) or w.startswith("impuls")]
    return bool(acts) and bool(ROW_TIME.match(text)) and not all(
        names_role(w, text) for w in acts)

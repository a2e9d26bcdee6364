"""German event nouns: "Kongress", "Fachtagung", "Verwaltungsdigitaltag", "Anwendertag",
"Infoabend" — the word that makes a name an event's name, whatever the rest is.

Compounds count ("Zukunftsforum", "Prosoz-Veranstaltung"); words that only end like an event
noun do not ("Dienstag", "Landtag", "Vorabend").
"""

from __future__ import annotations

import re

from assistant.text.analysis import fold

_TYPE = re.compile(
    r"(kongress|konferenz|tagung|forum|foren|gipfel|symposium|messe|workshop|summit|barcamp|"
    r"festival|kolloquium|convention|hackathon|veranstaltung|event|treffen|seminar|webinar|"
    r"webinarreihe|tag|abend|school|roadshow|camp|werkstatt|dialog|sprechstunde|anwendertag|"
    r"preis|award|wettbewerb|woche|kurs|lehrgang|anhorung|schulung|konvent|"
    r"fortbildung|vorlesung|ausstellung|stammtisch|(?:winter|sommer|herbst|fruhjahrs|fruhlings)schule)"
    r"(es|s|en|n|e)?$"
)
#: Words ending like an event noun that are none: weekdays, parliaments, everyday words.
_NOT_TYPE = re.compile(
    r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|feiertag|werktag"
    r"|geburtstag|alltag|landtag|bundestag|kreistag|landkreistag|stadtetag|gemeindetag"
    r"|stadtrat|nachmittag|vormittag|mittag"
    r"|jahrestag|vortag|folgetag|stichtag|feierabend|vorabend|abend|tag"
    r"|woche|kalenderwoche|arbeitswoche|vorwoche|folgewoche|ferienwoche|karwoche|osterwoche"
    r"|diskurs|exkurs|konkurs|rekurs|wechselkurs|aktienkurs|zickzackkurs|sparkurs|kurswechsel)"
    r"(es|s|en|n|e)?$"
    #: prices, and the prizes within an award ("Sonderpreis", "1. Preis"), are no event
    r"|(eintritts|ticket|teilnahme|tages|kauf|fruhbucher|sonder|haupt|publikums|jury|gesamt"
    r"|einzel|mitglieder|normal|regular|standard|vorzugs|sonder|reduziert|netto|brutto)?"
    r"(preis|award)(es|s|e|en)?$"
)


def is_type_word(word: str, bare: bool = False) -> bool:
    """ "Kongress", "Prosoz-Veranstaltung", "Verwaltungsgipfel"; `bare`: only the type itself
    ("Forum", "Fachtagung"), which is dropped from names, while compounds are names."""
    folded = fold(word)
    match = _TYPE.search(folded)
    if match is None or (_NOT_TYPE.fullmatch(folded) and not folded.startswith(("fach", "info"))):
        return False
    return not bare or bool(re.fullmatch(r"(?:fach|jahres)?", folded[: match.start()]))


#: Prefixes that make a compound event noun a kind of event, not a name: "Workshoptag",
#: "Präsenzveranstaltung", "Vorgängerveranstaltung", "Beteiligungsabend", "Veranstaltungstag".
_KIND_PREFIX = re.compile(r"(vorganger|nachfolge|prasenz|online|hybrid|begleit|rahmen|abend|tag"
                          r"|beteiligung|information|info|mitglieder|fach|haupt|neben|auftakt"
                          r"|abschluss|folge|zusatz|partner|land|bund|kreis|termin)(es|s)?$")


def generic_compound(word: str) -> bool:
    """A compound event noun whose first part is itself an event noun or says which kind of
    event it is ("Workshoptag", "Präsenzveranstaltung"): it names no series on its own."""
    folded = fold(word)
    match = _TYPE.search(folded)
    if match is None or not is_type_word(word):
        return False
    prefix = folded[: match.start()].rstrip("-")
    return bool(prefix) and (bool(_TYPE.search(prefix)) or bool(_KIND_PREFIX.search(prefix)))


#: A quoted name („Verwaltung im Takt“, "Kassel digital 2032"), the name in group 1.
QUOTED_NAME = re.compile(r"[„“\"»]([^„“”\"»«\n]{2,80}?)[“”\"«]")
#: A word and the quoted name after it ("des Kongresses „Cloud sicher“").
_WORD_THEN_QUOTE = re.compile(r"([\w-]+)\s+[„“\"»]([^„“”\"»«]{2,80})[“”\"«]")


def named_events(text: str) -> list[tuple[str, str]]:
    """(event noun, quoted name) for each event a text names that way ("Fachtag „E-Akte …“")."""
    return [(m.group(1), m.group(2)) for m in _WORD_THEN_QUOTE.finditer(text)
            if is_type_word(m.group(1))]  # fmt: skip

"""Which event (or release) a question is about — or that the corpus does not know it.

A question names its subject in many ways: the series with or without its year ("Digitaler
Aufbruch 2024"), part of the name in lower case with a typo ("der digitale aufbrch"), the
city or the organiser ("der kongress in lübeck", "die prosoz veranstaltung"), a person, or
nothing at all ("und wo?"), when the conversation's subject carries over. Linking is done
against `Knowledge`: every subject word must be known to the corpus, and the target chosen
is the one whose name and text explain the most of them. A word the corpus does not know
that looks like a name ("re:publica", "Olaf Scholz") makes the question one about something
else: the answer then says what the corpus does cover — never another event's facts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from assistant.answering.edition_choice import (
    NEXT_ONE,
    ORDER_WORD,
    next_not_in_catalog,
    next_of_series,
    prefer_editions,
    prefer_named,
    prefer_numbered,
    series_editions,
    with_upcoming,
)
from assistant.answering.knowledge import _JOINED, Knowledge, Target
from assistant.answering.namesakes import named_person, unknown_namesake
from assistant.text.analysis import STOPWORDS, fold, raw_tokens
from assistant.text.dates import YEAR
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import is_place
from assistant.text.intents import AGAIN_THERE, AS_ASKER
from assistant.text.matching import CODE, codes

#: Words that frame a question (what it asks, not what it is about): never subject words.
#: Prefixes are long enough not to swallow names ("komm" would take "Kommune").
_FRAME_PREFIXES = tuple(fold(p) for p in (
    "anmeld", "registr", "steckt", "stecken", "teilnehm", "teilnahm", "moderi", "moderat",
    "schirmher", "veranstalter", "veranstaltet", "veranstalten", "organis", "organiz", "ausricht",
    "ausgericht", "eingeladen", "einlad", "gastgeber", "mitveranstalt", "kooperation",
    "sponsor", "medienpartner", "gesproch", "referent", "sprecher", "speaker", "vortrag",
    "keynote", "impuls", "eroffn", "leitmotiv", "livestream", "stream", "hybrid", "prasenz",
    "location", "adresse", "anschrift", "abgesagt", "verschob", "cancel", "postpon",
    "ansprechpartner", "veroffentlich", "erschien", "published", "pressemitteilung",
    "uberschrift", "participant", "attend", "visitor", "kapazit", "uhrzeit", "deadline",
    "gratis", "umsonst", "eintritt", "gebuhr", "bezahl", "stattf", "beginn", "dauert",
    "wievielt", "information", "eigentlich", "nochmal", "ungefahr", "insgesamt", "erwart",
    "mitmach", "programm", "format", "online", "sprech", "redner", "moderation",
    "richte", "meld", "software", "plattform", "platform", "einlass",
    "zuschau", "zuseh", "anschau", "anseh", "guck", "mitseh", "zahlt", "zahle",
))  # fmt: skip
_FRAME_WORDS = frozenset(fold(w) for w in
    """
    eigentlich eigtl eigentl evtl vllt los uberhaupt denn bitte nochmal jetzt nun seit rolle geld
    tatsachlich wirklich echt genau ungefahr ungefaehr etwa tool tools gespielt
    vergangen vergangene vergangenen vergangenes kommende kommenden kommendes vorige vorigen
    summe betrag gewonnen gewinnt gewann gewinner bekommen bekam bekamen erhalten erhielt
    a about after allererste allerersten also an and any are at auf auflage ausgabe
    bedeutet bedeutung before begins bei beim by ca can circa city conference congress
    contact cost costs could da dabei dafur damals danach danke daran darauf darf date
    dates datum dauer davon davor day days dazu details did diesem dieses do does dort
    drauf dritte drittes edition end ende endet ends erste ersten erster erstes erzahl theme
    erzahlen erzahlt etwa event events exactly fand fanden fee fees finden findet first
    folgejahr for free frist gab gabs gast gaste gebaude gehalten geht gehts gemacht
    genannt genau gesagt gewesen gibt ging grund guest guests haben hallo halt happen
    happens hat hatte hatten heisst held hi hielt hold holds host hosts how ich in info
    infos inhalt is ist it jahr jahre jemand jetzt kam kamen kann know komme kommen kommt
    konnen kontakt kost kosten kostenfrei kostenlos kostet laden ladt last lauft letzte
    letzten letztes leute lief lud machen macht mal man many mehr meldung menschen mich mir
    more motto much muss mussen must nachname nachnamen nachste nachsten nachstes name
    namen ne nen nennt next noch of ok okay on open opened opens ort orte partner partners
    patron pay people person personen place places platz platze preis preise present
    presented press pressekontakt previous price reason rede redet release sag sagen sagte
    said say says schluss schon second sein should sind soll sollte sprach sprechen spricht
    stadt start startet starts statt study tag tage take takes taking taucht tauchte teil
    tell termin termine the thema themen then there third this ticket tickets titel title
    to took topic topics trat tritt uhr und uns venue veranstaltung veranstaltungen viele
    vom von vor vorjahr vorname wann war waren warum was wat weiss welche welchem welchen
    welcher welches wem wen wer werden were weshalb wessen what when where which who whom
    why wie wieso wieviele will wir wird wissen with wo wofur wohin womit woran woruber worum
    wozu wurde wurden year zeit
    zum zur zweite zweiten
    stand steht stehen standen liegt lag liegen bietet bieten bot angeboten gilt galt gelten
    laufen lauft lauf läuft gehen geht passiert passierte soll sollen kommt
    came come comes coming attended attend attending went go goes going visited visit joined
    join took place happened run runs ran organise organize organised organized give gave
    given spoke speaking talked there many much often long get got need needs
    uni arbeitet arbeitete arbeitgeber beruflich beruf job firma works work worked employer
    gestreamt streamen streamt ubertragen ubertragt aufgezeichnet again wieder erneut
    opening opened closing talk talks speech speeches lecture presentation session sessions
    panel panels discussion discussions agenda schedule program programme evening recorded
    recording sign signup register welcome hosted hosting
    """.split()
)
_ANAPHORA = re.compile(
    r"^\s*(und|and|also|aber)\b|\b(er|sie|es|ihn|ihm|ihr|dort|da|dabei|davon|dafur|damals|diese[rnms]?"
    r"|dem|den|die veranstaltung|das event|it|its|there|they|them|that|this event|the event)\b"
    r"|" + (_THAT := r"\bdas(?=\s*$|\s*[?!.,]|\s+(fur|denn|eigentlich|auch|noch|genau|wirklich"
               r"|dann|jetzt|uberhaupt|mich|uns|mir|euch|bei|um|ab|bis|mit|online|vor)\b)")
)  # "was kostet das für uns?": "das" stands for the event
#: "was kostet das für uns als kommunalverwaltung?": the words beside it describe the asker
_THAT_ONE = re.compile(_THAT)
#: A pronoun for the person the conversation is about ("für wen arbeitet der?", "seine Rolle").
_ABOUT_THEM = re.compile(r"\b(er|ihn|ihm|sein|seine[mnrs]?|he|him|his)\b|\b(der|die)\W*$")
_RELATIVE = (
    (
        re.compile(
            r"jahr (drauf|danach|darauf)|folgejahr|im nachsten jahr danach|year after"
            r"|following year|nachste ausgabe|next edition"
            r"|\b(der|die|das) nachste\b|\bnachstes mal\b|next one|next time"  # after the last
        ),
        "previous",
        1,
    ),
    (
        re.compile(
            r"jahr (davor|zuvor|vorher)|vorjahr|year before|previous year|ausgabe davor"
            r"|edition before|\b(der|die|das|und) davor\b|the one before"  # "und der davor?"
        ),
        "previous",
        -1,
    ),
    (re.compile(r"\b(dieses|diesem|in diesem) jahr|this year|\bheur\b"), "today", 0),  # "heuer"
    (re.compile(r"\b(letztes|letzten|vergangenen?) jahr|last year"), "today", -1),
    (re.compile(r"\b(nachstes|nachsten|kommenden?) jahr|next year"), "today", 1),
)
#: A follow-up that moves along the conversation's series ("und die nächste Verleihung?").
_FOLLOWS_ON = re.compile(r"^\W*(und|and)?\s*(wann|wo|when|where)?\s*(ist|war|is|was)?\s*"
                         r"(der|die|das|the)?\s*(nachste|vorige|next|previous)")


@dataclass(frozen=True)
class Subject:
    """What the question is about, and how that was decided (`mode`)."""

    mode: str  # named | inherited | none | unknown | missing_edition
    targets: tuple[Target, ...] = ()
    words: tuple[str, ...] = ()  # the question's subject words (folded)
    unknown: tuple[str, ...] = ()  # subject words the corpus does not know
    year: int | None = None  # the edition asked for
    person: str | None = None  # folded "vorname nachname" when the question names a person
    topic: tuple[str, ...] = field(default_factory=tuple)  # words left for sentence choice

    @property
    def target(self) -> Target | None:
        return self.targets[0] if self.targets else None

    @property
    def doc_ids(self) -> tuple[str, ...]:
        """The documents about the subject's edition (a release that only announces it comes
        in only when no document is about it)."""
        target = self.target
        if target is None:
            return ()
        return target.primary or target.doc_ids


def is_frame(word: str) -> bool:
    if word in _FRAME_WORDS or word in STOPWORDS:
        return True
    return any(word.startswith(p) for p in _FRAME_PREFIXES)


def question_words(question: str) -> tuple[list[str], list[str], list[int]]:
    """(subject words, joined names, years) of a question, all folded."""
    joined = [fold(m.group(0)) for m in _JOINED.finditer(question)
              if not _NUMERIC.fullmatch(m.group(0))]  # "am 9.12.": a date, not a name
    joined += [fold(c) for c in codes(question)]  # "EA-2027-1": a course's run, not 2027's
    rest = CODE.sub(" ", _JOINED.sub(" ", question))
    years = [int(y) for y in YEAR.findall(rest)]
    words = [w for w in raw_tokens(rest)  # no word longer than 60 letters
             if not _NUMERIC.fullmatch(w) and 3 <= len(w) <= 60 and not is_frame(w)]
    return list(dict.fromkeys(words)), joined, years


#: A date, time or price ("9.12", "10:30", "49,50"): no word naming a subject.
_NUMERIC = re.compile(r"[\d.,:/–-]+")
_IN_QUOTES = re.compile(r"[„“\"»]([^„“”\"»«]*[^\W\d_][^„“”\"»«]*)[“”\"«]")


def _quoted_numbers(question: str) -> set[int]:
    """Year-like numbers inside a quoted name („Verwaltung 2030“): part of the name."""
    return {int(y) for m in _IN_QUOTES.finditer(question) for y in YEAR.findall(m.group(1))}


def _named_numbers(question: str, knowledge: Knowledge) -> set[int]:
    """Years the question writes right after a word of a series whose name holds that
    number ("der kongress verwaltung 2030"): part of the name, not an edition."""
    out: set[int] = set()
    editions = {t.year for t in knowledge.targets}
    for m in YEAR.finditer(question):
        year = int(m.group(0))
        words = knowledge.name_numbers.get(year, frozenset())
        if year not in editions:  # „Kassel digital 2032“, a strategy's name, no edition's year
            words |= knowledge.quoted_numbers.get(year, frozenset())
        before = raw_tokens(question[: m.start()])[-1:]
        if words and before and before[0] in words:
            out.add(year)
    return out


def resolve(
    question: str,
    knowledge: Knowledge,
    previous: Subject | None = None,
    today: date | None = None,
) -> Subject:
    """The subject of `question`, continuing `previous` when the question names none."""
    text = fold(question)
    words, joined, years = question_words(question)
    short = {w: knowledge.expand_abbreviation(w) for w in raw_tokens(question)
             if w not in STOPWORDS and not is_frame(w)}  # "beim ima 2023": a series' initials
    words = [w for w in words if not short.get(w)] + [x for parts in short.values() for x in parts]
    quoted = _quoted_numbers(question) | _named_numbers(question, knowledge)  # „Verwaltung 2030“
    years = [y for y in years if y not in quoted]
    words += [str(y) for y in sorted(quoted)]
    relative = _relative_year(text, previous, today)
    if relative is not None and not years:
        years = [relative]
    else:
        relative = None  # a year the question names outright
    named_words = [w for w in words if knowledge.resolve_word(w) is not None]
    unknown = [w for w in words if knowledge.resolve_word(w) is None]
    unknown += [j for j in joined if j not in knowledge.joined and not _known_joined(j, knowledge)]
    asker = set(AS_ASKER.findall(text))  # "als verwaltungsmitarbeiterin": who asks, not what
    unknown = [w for w in unknown if w not in asker]
    person = named_person(words, knowledge)
    stranger = None if person else unknown_namesake(words, knowledge, question)
    if stranger:  # "Tanja Behrendt" where the sources name only Jonas Behrendt
        return Subject("unknown", words=tuple(words), unknown=(stranger,), year=_one(years))

    scored = _score(knowledge, named_words, joined, years)
    best = scored[0] if scored else None
    names_event = best is not None and best[1] > 0
    naming = name_like(question, unknown, joined, words, names_event or bool(person) or (
        previous is not None and bool(_THAT_ONE.search(text) or (  # "und was ist seine funktion?"
            previous.person and _ABOUT_THEM.search(text)))))
    anaphoric = bool(_ANAPHORA.search(text))
    if previous is not None and previous.person and _ASKS_WHO.match(text):
        previous = replace(previous, person=None)  # "und wer war gastgeber?" asks for another
    if previous is not None and previous.person and not person and not joined and not naming \
            and _ABOUT_THEM.search(text):  # "für wen arbeitet der?": still the person asked about
        return _inherited(previous, text, today, topic=tuple(named_words))
    if previous is not None and previous.targets and not joined and not person:
        previous = replace(previous, targets=series_editions(previous.targets, text, knowledge))
        only_topic = not names_event or (
            anaphoric and not years and best is not None and best[2] == 0
            and _name_hits(best[3], named_words, knowledge) < 2  # "mit dem Treffen X Y"
        )  # fmt: skip
        if not words and not unknown and not years:
            return _inherited(previous, text, today, words=(), topic=())
        if relative and today and previous.target and NEXT_ONE.search(text) and not words:
            edition, upcoming = next_of_series(previous.target, knowledge, today)
            return Subject("named" if upcoming else "missing_edition", targets=(edition,),
                           year=edition.year if upcoming or not edition.year else edition.year + 1,
                           words=previous.words)  # fmt: skip
        if years and ((not words and not unknown) or (relative and _FOLLOWS_ON.search(text))):
            # "und die nächste Verleihung?": the conversation's series, another edition
            return _other_edition(previous, years, knowledge)
        if (only_topic and anaphoric and not naming) or (AGAIN_THERE.search(text) and not years):
            return _inherited(previous, text, today, topic=tuple(named_words))  # "wieder in X?"
        elsewhere = _only_elsewhere(named_words, previous, knowledge)
        if not names_event and not naming and not years and len(words) <= 2 and not elsewhere:
            return _inherited(previous, text, today, topic=tuple(named_words))
    if naming:
        return Subject("unknown", words=tuple(words), unknown=tuple(naming), year=_one(years))
    if years:  # "war der Aufbruch 2024 in Nürnberg?": the city is asked, not naming one
        unplaced = [w for w in named_words if not is_place(w)]
        unfiltered = _score(knowledge, unplaced or named_words, joined, [])
        if unfiltered and unfiltered[0][1] > 0:
            named = unfiltered[0]
            same_year = [s for s in scored if s[1] >= 0.7 * named[1]]
            if named[3].year not in years and not same_year:
                return Subject("missing_edition", words=tuple(words), year=_one(years),
                               targets=(named[3],))  # fmt: skip
    if best is None or best[0] <= 0:
        if words or joined:
            return Subject("unknown", words=tuple(words), unknown=tuple(unknown or words),
                           year=_one(years))  # fmt: skip
        if years:
            return Subject("missing_edition", words=(), year=_one(years))
        return Subject("none", year=_one(years))
    if years and not any(t.year in years or t.year is None for _, _, _, t in scored[:1]):
        return Subject("missing_edition", words=tuple(words), year=_one(years),
                       targets=(best[3],))  # fmt: skip
    top = best[0]
    chosen = [t for score, _, _, t in scored if score >= 0.85 * top]
    chosen = with_upcoming(chosen, [t for score, _, _, t in scored if score >= 0.6 * top], text,
                           today, knowledge.titles, knowledge.targets)  # fmt: skip
    ahead = next_not_in_catalog(chosen, text, today, years)
    if ahead is not None:  # "Wann ist der nächste X?" when every X is past: its plan only
        return Subject("missing_edition", words=tuple(words), year=ahead.year + 1 if ahead.year
                       else None, targets=(ahead,))  # fmt: skip
    chosen = prefer_named(prefer_editions(chosen, text, today, years), named_words, knowledge)
    chosen = prefer_numbered(chosen, text, knowledge, [t for _, _, _, t in scored])
    topic = tuple(w for w in named_words if w not in chosen[0].names)
    return Subject(
        "named", targets=tuple(chosen), words=tuple(words), unknown=tuple(unknown),
        year=_one(years), person=person, topic=topic,
    )  # fmt: skip


def _inherited(previous: Subject, text: str, today: date | None, **changes: Any) -> Subject:
    """The conversation's subject again; "wo war der erste?" of a series it spans picks its
    first edition ("der letzte" the last one)."""
    targets = previous.targets
    if len(targets) > 1 and ORDER_WORD.search(text):
        targets = tuple(prefer_editions(list(targets), text, today, ()))
    return replace(previous, mode="inherited", targets=targets, unknown=(), **changes)


def _only_elsewhere(words: Sequence[str], previous: Subject, knowledge: Knowledge) -> bool:
    """Whether a word of a short follow-up occurs only in other documents than the previous
    subject's ("und das Digitalforum Nordhessen?" after another event): a new subject."""
    own = set(previous.doc_ids)
    for word in words:
        if is_type_word(word, bare=True):
            continue  # "was kostet die Tagung?": the conversation's event, by its kind
        docs = knowledge.word_docs.get(knowledge.resolve_word(word) or word, frozenset())
        if docs and not docs & own and len(word) >= 6:
            return True
    return False


def _name_hits(target: Target, words: Sequence[str], knowledge: Knowledge) -> int:
    """How many of the question's words name `target` (two name a new subject outright)."""
    return sum((knowledge.resolve_word(w) or w) in target.names for w in words)


def _one(years: Sequence[int]) -> int | None:
    return years[0] if len(years) == 1 else None


def _relative_year(text: str, previous: Subject | None, today: date | None) -> int | None:
    for pattern, anchor, delta in _RELATIVE:
        if pattern.search(text):
            if anchor == "today" and today is not None:
                return today.year + delta
            base = previous.year if previous else None
            if base is None and previous is not None and previous.target is not None:
                base = previous.target.year
            if base is not None:
                return base + delta
    return None


def _known_joined(token: str, knowledge: Knowledge) -> bool:
    """A joined name typed a little differently ("nordl@nder.digital" for "Nordl@nder.DIGITAL",
    "verwaltung.digital.nord") — every part known, in the same order, in one known name."""
    parts = re.split(r"[:@.&]", token)
    if all(knowledge.resolve_word(p) for p in parts if len(p) >= 3):
        return any(len(p) >= 3 and knowledge.resolve_word(p) for p in parts) and not any(
            len(p) < 3 and p not in {"e", "v"} and not p.isdigit() for p in parts
        )
    return False


VERB_LIKE = re.compile(r"(t|en|et|te|ten|st|ern|eln|ing|ed|es)$")


def name_like(question: str, unknown: Sequence[str], joined: Sequence[str],
              words: Sequence[str], names_known: bool) -> list[str]:  # fmt: skip
    """Unknown words that name something the corpus does not know: a joined name
    ("re:publica"), two capitalised unknown words in a row ("Olaf Scholz"), or — when the
    question names no known event or person — a capitalised word (German nouns and names)
    or, in a lower-case question, a word that is not a verb form. An unknown noun next to a
    known event ("die Ankündigung zu …", "welches Hotel") is a paraphrase or an aspect the
    sources may not cover; the answer step decides that."""
    raw = re.findall(r"[\w@:.&-]+", question)
    capitalised = [fold(w) for w in raw[1:] if w[:1].isupper()]
    lower = not any(c.isupper() for c in question[1:])
    pairs = {a for a, b in itertools.pairwise(capitalised) if a in unknown and b in unknown}
    pairs |= {b for a, b in itertools.pairwise(capitalised) if a in unknown and b in unknown}
    out = []
    for u in unknown:
        if (
            u in joined
            or u in pairs
            or (not names_known and (u in capitalised or (lower and not VERB_LIKE.search(u))))
        ):
            out.append(u)
    return out


_ASKS_WHO = re.compile(r"^\W*(und |and )?(wer|who|wem|wen|whom)\b")


def _score(
    knowledge: Knowledge, words: Sequence[str], joined: Sequence[str], years: Sequence[int]
) -> list[tuple[float, float, float, Target]]:
    """(score, name score, text score, target), best first; targets of another edition than
    an asked year are left out."""
    resolved = [(w, knowledge.resolve_word(w) or w) for w in words]
    out = []
    for target in knowledge.targets:
        if years and target.year is not None and target.year not in years:
            continue
        docs = set(target.primary or target.doc_ids)
        name_score = text_score = 0.0
        for asked, word in resolved:  # a compound's part ("reisekosten|erstattung") names less
            weight = knowledge.idf(word) * (0.5 if len(asked) - len(word) >= 4 else 1.0)
            if word in target.names or word in target.kinds or _of_city(word, target):
                name_score += 2 * weight
                if word in _series_words(target):  # the name itself, not only its headline
                    name_score += 0.25 * weight
            elif docs & knowledge.word_docs.get(word, frozenset()):
                text_score += weight
        for token in joined:
            if docs & knowledge.joined.get(token, frozenset()) or token in target.names:
                name_score += 6.0  # "Kommune.Digital.Gestalten": rarer than any one word
        score = name_score + text_score
        if years and target.year in years:
            score += 1.0
        if target.announced and not (years and target.year in years):
            score *= 0.8
        if score > 0:
            out.append((score, name_score, text_score, target))
    out.sort(key=lambda x: (-x[0], x[3].announced))
    return out


def _series_words(target: Target) -> frozenset[str]:
    return frozenset(raw_tokens(target.event.series)) if target.event is not None else frozenset()


def _of_city(word: str, target: Target) -> bool:
    """ "Kieler", "Lübecker": the adjective of a city that names the target."""
    return len(word) > 5 and word.endswith("er") and word[:-2] in target.names


def _other_edition(previous: Subject, years: Sequence[int], knowledge: Knowledge) -> Subject:
    """ "und 2024?", "das Jahr davor": the same series, another edition — if the corpus has it."""
    target = previous.target
    if target is None or target.event is None:
        return Subject("missing_edition", year=_one(years))
    series = fold(target.event.series)
    same = [t for t in knowledge.targets
            if t.event is not None and fold(t.event.series) == series
            and t.year in years]  # fmt: skip
    if not same:
        return Subject("missing_edition", targets=(target,), year=_one(years),
                       words=previous.words)  # fmt: skip
    return Subject("named", targets=tuple(same), year=_one(years), words=previous.words)

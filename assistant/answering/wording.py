"""Which words of a question name its event and which ask about it.

"Wer veranstaltet das Open-Government-Barcamp Lübeck?" names its event with every word but
one; "Welche Foren gab es beim Digitalen Aufbruch?" asks about the forums. The generator
ranks sentences by the asking words only, and a word naming *another* event ("das
Digitalforum Nordhessen") must occur in the answering sentence. Kept apart from the
generator because these rules are read and tuned on their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.knowledge import GENERIC, Target
from assistant.answering.seam import GenerationRequest
from assistant.answering.subject import VERB_LIKE, is_frame
from assistant.answering.units import AnswerUnit
from assistant.text.analysis import STOPWORDS, fold, name_stems, raw_tokens
from assistant.text.dates import MONTHS_READ, YEAR
from assistant.text.eventnouns import is_type_word, named_events
from assistant.text.facts import find_places
from assistant.text.intents import Slot
from assistant.text.matching import matcher
from assistant.text.roles import AT_EVENT, UNRELATED, dates_other_event
from assistant.text.sentences import split_sentences

_MONTHS = frozenset(fold(m) for _, m in MONTHS_READ)


def identifies(word: str, target: Target, request: GenerationRequest) -> bool:
    """Whether a question word only identifies the event (its city, a word of its release's
    title, an organiser's short name, a word that found it: "das mit dem Schweinehund")
    rather than asking about something in it."""
    if word in target.names:
        return True
    titles = " ".join(p.title for p in request.passages if p.doc_id in target.doc_ids)
    if any(word in raw_tokens(q) and fold(q) in fold(titles) for q in _quotes(request.question)):
        return True  # das Fachforum „E-Akte in kleinen Kommunen“: its release's title names it
    if _in_own_quote(word, request, target):
        return True  # der Grundkurs of „Register modernisieren … – Grundkurs“
    if word in quoted_words(request.question) or _names_other_type(word, target):
        return False  # „Geodaten in der Planung“, "das Digitalforum": another event, named
    subject, ask = request.subject, request.ask
    when_or_where = ask is not None and ask.slot in (Slot.DATE, Slot.PLACE, Slot.DURATION)
    if when_or_where and subject is not None and not subject.person and word in subject.words \
            and not names_event_beside(word, request, target):
        return True  # "Wann war das mit dem Schweinehund?": the word that found the event
    if matcher(titles).has(word):
        return True
    placed = re.search(rf"\b(in|nach)\s+([\w]+-)?{re.escape(word)}\b", fold(request.question))
    if placed or find_places(f"in {word[:1].upper()}{word[1:]}"):
        # "… in Traben-Trarbach": the event's place, if its release names it; "Brandenburg"
        # in "Wer vertritt Brandenburg?" of a release that never names it is asked about
        return any(matcher(p.body).has(word) for p in request.passages
                   if p.doc_id in target.doc_ids)  # fmt: skip
    return len(word) <= 5 and word.isupper()


def names_event_beside(word: str, request: GenerationRequest, target: Target) -> bool:
    """Whether the release names another event by this word ("auf der Kommunalmesse KommTec
    vom 21. bis 23. April"): a question with it asks about that event, not the target."""
    pattern = re.compile(rf"\b([\w-]+)\s+{re.escape(word)}\b", re.IGNORECASE)
    label = fold(target.label)
    own = name_stems(target.label)
    placed = re.search(rf"\b(in|nach|aus)\s+{re.escape(word)}\b", fold(request.question))
    if _names_other_type(word, target) and not is_type_word(word, bare=True) and not (
            name_stems(word) & own) and any(  # "zum Landesdigitalkongress am 9. Juni"
            matcher(p.body).has(word) for p in request.passages if p.doc_id in target.doc_ids):
        return True
    if word[:6] not in own and not placed and not find_places(f"in {word.title()}") and any(
        # "… ein öffentliches „Bürgerfest Digitales Land“", not „Lindach, Marktplatz“
        len(name.split()) <= 4 and word in raw_tokens(name) and not name_stems(name) <= own
        for p in request.passages if p.doc_id in target.doc_ids
        for name in _SHORT_QUOTE.findall(p.body)
    ):
        return True
    return any(is_type_word(m.group(1)) and not base_forms(fold(m.group(1))) & target.names
               and fold(m.group(0)) not in label  # "Forum Stadt" of the "Forum Stadt 2027"
               for p in request.passages if p.doc_id in target.doc_ids
               for m in pattern.finditer(p.body))  # fmt: skip


#: A short quoted name that starts with a capital: an event's, a prize's, a project's.
_SHORT_QUOTE = re.compile(r"[„\"»](?!(?:Der|Die|Das|Ein|Eine)\b)([A-ZÄÖÜ][^„“\"»«”,\n]{2,50})"
                          r"[“\"«”]")


def other_event_words(request: GenerationRequest) -> list[str]:
    """Question words naming another event than the subject's (in quotes, or an event noun
    its names lack: "die Fachtagung „Geodaten …“", "das Digitalforum Nordhessen")."""
    subject = request.subject
    target = subject.target if subject is not None else None
    if subject is None or target is None:
        return []
    heads = fold(_lead(request, target.doc_ids))
    quoted = _quoted_other(request.question, target, heads)
    words = [w for w in subject.words if w not in target.names]
    typed = [w for w in words if _names_other_type(w, target)
             and not _introduces_own_name(w, request.question, target, heads)
             and not _in_own_quote(w, request, target)]
    if quoted - set(target.names):
        return [w for w in words if w in quoted]
    if typed:  # the event noun and the words that follow it in the question
        start = words.index(typed[0])
        return words[start : start + 2]
    apart = _set_apart(request, target, subject.words)  # "der Infoabend": another's
    if apart:
        return apart
    day = _DAY_NAME.search(fold(request.question))  # "am Tag der kommunalen Finanzen"
    named = day.group(1).split() if day else []
    label = fold(target.label)
    return [w for w in words if w in named and w not in target.names and w not in label
            and not is_type_word(w)]


def _set_apart(request: GenerationRequest, target: Target, words: Sequence[str]) -> list[str]:
    """The question's event noun and the word after it, when the target's releases use that
    noun in a sentence setting another event apart ("Unabhängig vom Sprechtag lädt die
    Kreishandwerkerschaft … zu einem Infoabend"): that event is asked, not the target."""
    texts = [p.text for p in request.passages if p.doc_id in target.doc_ids]
    titles = fold(_lead(request, target.doc_ids))
    for i, word in enumerate(words):
        if not is_type_word(word) or word in target.kinds or word in fold(target.label):
            continue  # "der Digitaltag Donau" of the "Digitaltag Donau 2027" is its own
        if re.search(rf"\b{re.escape(word)}\b", titles):
            continue  # "Korrektur: Fachtag „…“ findet … statt": the headline's noun is its own
        hits = [s for t in texts for s in split_sentences(t) if word in fold(s)]
        if any(UNRELATED.search(s) for s in hits):
            return list(words[i : i + 2])
    return []


#: A day's name ("Tag der kommunalen Finanzen", "tag der offenen tür"): an event of its own.
_DAY_NAME = re.compile(r"\btag (?:der|des) ((?:\w+ ){0,2}\w+)")


def _lead(request: GenerationRequest, doc_ids: Sequence[str]) -> str:
    """The titles and opening lines of the target's releases: what they call the event
    ("Kursnummer: VA 27-314 / Digitale Bürgerservices rechtssicher gestalten")."""
    return " ".join(f"{p.title} {_heading_lines(p.body) if p.position <= 1 else ''}"
                    for p in request.passages if p.doc_id in doc_ids)  # fmt: skip


def _heading_lines(body: str) -> str:
    """The short lines a chunk opens with, up to its first sentence: headings, not prose
    (which may name other events)."""
    lines = []
    for line in body.split("\n"):
        if len(line) > 120 or (line.rstrip().endswith((".", "!", "?")) and len(line.split()) > 6):
            break
        lines.append(line)
    return " ".join(lines)


def _quoted_other(question: str, target: Target, heads: str = "") -> set[str]:
    """Words of quoted names in the question that are not the target's own name (a quoted
    „Schulverwaltung digital 2026“ of that very event names no other one, nor does the
    title its release opens with, `heads`: „Digitale Bürgerservices rechtssicher gestalten“)."""
    own = name_stems(target.label)
    out: set[str] = set()
    for quoted in re.findall(r"[„\"»]([^“\"«”]{3,80})[“\"«”]", question):
        if not name_stems(quoted) & own and fold(quoted) not in heads:
            out.update(raw_tokens(quoted))
    return out


def names_other_event(text: str, target: Target) -> bool:
    """A sentence naming, in quotes, an event that is not the target ("Unberührt bleibt der
    „Tag der IT-Ausbildung“, den … am 14. Februar 2025 … veranstaltet"): its dates are that
    event's."""
    own = name_stems(target.label)
    if any(not name_stems(name) & own for _, name in named_events(text)):
        return True  # "beim Netzwerktreffen „Offene Daten im Norden“"
    if any(any(is_type_word(w) for w in m.group(1).split()) and not name_stems(m.group(1)) & own
           for m in _AT_NAME.finditer(text)):  # fmt: skip
        return True  # "Beim Ostdeutschen Verwaltungsforum am 16. Februar …"
    if any((any(is_type_word(w) for w in quoted.split()) or quoted.startswith("Tag de"))
           and not name_stems(quoted) & own
           for quoted in re.findall(r"[„\"»]([^“\"«”]{3,80})[“\"«”]", text)):
        return True
    return dates_other_event(text, {fold(w) for w in raw_tokens(target.label)})


#: "beim Ostdeutschen Verwaltungsforum", "auf der Kommunalmesse KommTec": an event by name.
_AT_NAME = re.compile(AT_EVENT + r"((?:[A-ZÄÖÜ][\w-]+\s+){0,2}[A-ZÄÖÜ][\w-]+)")


def _introduces_own_name(word: str, question: str, target: Target, heads: str = "") -> bool:
    """ "die Fachmesse „Schulverwaltung digital“" where the quoted name is the target's (or
    the title its release opens with): the event noun names the target's kind, though its
    release's title did not say it."""
    own = name_stems(target.label)
    return any(fold(noun) == word and (bool(name_stems(name) & own) or fold(name) in heads)
               for noun, name in named_events(question))  # fmt: skip


def _in_own_quote(word: str, request: GenerationRequest, target: Target) -> bool:
    """The event noun inside the quoted name its release gives the event („Register
    modernisieren für Kommunen – Grundkurs“): its own kind; outside the quotes ("Aufbaukurs „…“") it
    may be another course of the same name."""
    if not is_type_word(word):
        return False  # only an event noun is read against the quotes (they are scanned anew)
    own = name_stems(re.sub(r"\b\d{4}\b", "", target.label))
    return bool(own) and any(
        word in raw_tokens(quoted) and own <= name_stems(quoted)
        for p in request.passages if p.doc_id in target.doc_ids
        for quoted in re.findall(r"[„\"»]([^„“\"»«”\n]{3,120})[“\"«”]", p.body))  # fmt: skip


def _names_other_type(word: str, target: Target) -> bool:
    """An event noun the target's names lack ("Digitalforum" for a "Digitaltag"); a compound
    of one of its names and an event noun ("Bauverwaltungsforum" for the "Forum Digitale
    Bauverwaltung") names the target itself."""
    if not is_type_word(word):
        return False
    if word in GENERIC or base_forms(word) & (target.names | target.kinds):
        return False  # "des Fachkongresses" names the Fachkongress
    if any(name.endswith(word) and len(name) > len(word) for name in target.names):
        return False  # "die Werkstätten" of the "Regionalwerkstätten": its own kind
    for cut in range(4, len(word) - 3):
        head = word[:cut]
        if is_type_word(word[cut:]) and (head in target.names or head.rstrip("s") in target.names):
            return False
    return True


def base_forms(word: str) -> set[str]:
    """The word and its genitive singular stem ("des Kongresses" → "kongress"); plurals
    ("Foren", "Workshops") stay apart: "Welche Foren gab es?" asks for them."""
    forms = {word}
    for ending in ("es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            forms.add(word[: -len(ending)])
    return forms


def _quotes(question: str) -> list[str]:
    return re.findall(r"[„\"»]([^“\"«”]{3,80})[“\"«”]", question)


def quoted_words(question: str) -> set[str]:
    return {w for q in _quotes(question) for w in raw_tokens(q)}


def topic_weights(request: GenerationRequest, target: Target | None) -> dict[str, float]:
    """Weights of the question's words that say *what* about the subject is asked: neither
    stop words, nor the question's frame ("wann", "moderiert"), nor the words naming the
    event (those are settled by the subject)."""
    knowledge = request.knowledge
    names = target.names if target is not None else frozenset()
    subject = request.subject
    if target is not None and subject is not None and subject.mode == "inherited":
        # a follow-up names no event: its words ask, even one of the release's headline
        # ("gibt es einen Ersatz?" after "Smart Region … abgesagt – Online-Ersatz")
        names = frozenset(raw_tokens(target.label))
    weights: dict[str, float] = {}
    for word in raw_tokens(request.question):
        if len(word) < 3 or word.isdigit() or word in STOPWORDS or word in _MONTHS:
            continue  # "im Juni 2026" says which edition, not what about it
        resolved = knowledge.resolve_word(word) if knowledge else word
        if word in names or word in GENERIC or (resolved and resolved in names):
            continue
        if target is not None and base_forms(word) & target.kinds:
            continue  # "des Fachkongresses": the event's kind, inflected
        if knowledge is not None and resolved is None and VERB_LIKE.search(word):
            continue  # "geredet", "erzählt": how a visitor asks, not what about
        if knowledge is not None and resolved is None and request.info.language == "en":
            continue  # "resilience": an English word no German sentence contains
        weight = knowledge.idf(resolved or word) if knowledge else 1.0
        # the question's frame ("Gastgeber", "moderiert") only breaks ties between units
        weights[word] = 0.3 * weight if is_frame(word) else weight
    return weights


def focus_question(question: str, target: Target | None) -> str:
    """The question without the words that name its event: what is left says what is asked
    ("Wer moderiert Innovatives Management 2020?" → "Wer moderiert ?"), which is what the
    answering sentence must resemble."""
    names = target.names if target is not None else frozenset()
    kept = [
        w for w in question.split()
        if not YEAR.fullmatch(w.strip("?!.,")) and not (
            (folded := fold(w.strip("?!.,„“\"()"))) and (folded in names or folded in GENERIC)
        )
    ]  # fmt: skip
    return " ".join(kept) or question


def names_another_event(request: GenerationRequest, target: Target) -> list[str] | None:
    """The words of another event the question names instead of `target` (None: it names
    none): a quoted name after an event noun sharing no word with the target's names and
    titles ("des Kongresses „Cloud sicher“"), or ([]) a city the target's facts exclude
    ("… in Marburg" of an event held in Kassel). Only a sentence naming that event may
    answer; the target's own facts would be misattributed."""
    titles = _lead(request, target.primary)
    own = name_stems(f"{target.label} {target.event.series if target.event else ''} {titles}")
    for _, name in named_events(request.question):
        words = [w for w in raw_tokens(name) if len(w) >= 4 and not w.isdigit()]
        if words and not name_stems(name) & own:
            return words
    event = target.event
    cities = {fold(c) for c in event.values("city")} if event is not None else set()
    if request.ask is not None and request.ask.yes_no:  # "… in Hamm?" asks
        return None
    asked = asked_cities(request)
    if not cities and asked and _only_beside_others(request, target, asked):
        return []  # its town is in no list, and the release names the asked one only there
    return [] if cities and asked and not asked & cities else None


def _only_beside_others(request: GenerationRequest, target: Target, cities: set[str]) -> bool:
    """Whether the target's release names these cities only in sentences about another event
    ("Auch auf der Fachmesse X vom 21. bis 23. April in Zwickau …")."""
    said = [s for p in request.passages if p.doc_id in target.doc_ids
            for s in split_sentences(p.body) if any(matcher(s).has(c) for c in cities)]
    return bool(said) and all(names_other_event(s, target) for s in said)


def asked_cities(request: GenerationRequest) -> set[str]:
    """The cities a question names (folded), also when typed in lower case."""
    return {fold(c) for c in find_places(_capitalised(request.question))}


def _capitalised(question: str) -> str:
    """Visitors write "in marburg": capitalised after a preposition, as `find_places` reads."""
    return re.sub(r"\b(in|nach|aus)\s+([a-zäöü])", lambda m: f"{m.group(1)} {m.group(2).upper()}",
                  question)  # fmt: skip


def part_asked(request: GenerationRequest, label: str, units: Sequence[AnswerUnit]) -> list[str]:
    """A part of the event the question asks about ("der Abendempfang beim Kongress"): a
    topic word, no event noun and not in the event's name, that a sentence of its release
    names. Its place is that sentence's, not the event's."""
    subject = request.subject
    if subject is None:
        return []
    target = subject.target
    titles = " ".join(p.title for p in request.passages
                      if target is not None and p.doc_id in target.doc_ids)  # fmt: skip
    event = target.event if target is not None else None
    roles = " ".join(v for f in ("organiser", "partners", "city", "venue")
                     for v in (event.values(f) if event is not None else ()))  # fmt: skip
    own = name_stems(f"{label} {titles} {roles}")  # "die Prosoz-Veranstaltung" names it
    return [w for w in subject.words if len(w) >= 6 and w[:6] not in own and not is_type_word(w)
            and not find_places(f"in {w[:1].upper()}{w[1:]}")
            and request.knowledge is not None and request.knowledge.resolve_word(w) == w
            and any(u.quotable and matcher(u.text).has(w) for u in units)]  # fmt: skip

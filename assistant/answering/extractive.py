"""The offline default generator: one short answer per asked slot, each from a cited sentence
of the release the question is about — or an honest abstention.

Order of decisions: the subject (`answering.subject`) must be an event or release the corpus
knows; then per slot the answering sentence is chosen by meaning (`answering.selection`);
dates are stated only in their role as the event's date (`text.roles`); yes/no questions
get "Ja"/"Nein" only when a sentence settles them (`answering.yesno`). Nothing is stated
that the cited sentence does not contain.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from assistant.answering import phrasing
from assistant.answering.choice import choose, gives_asked_kind, specific_words
from assistant.answering.dated import (
    both_formats,
    date_answer,
    part_answer,
    place_answer,
    planned_for,
    published_answer,
)
from assistant.answering.items import asks_for_items, counted_list, item_list
from assistant.answering.knowledge import Knowledge, Target
from assistant.answering.overviews import (
    acronym_answer,
    asks_common_people,
    asks_people_list,
    asks_which_events,
    common_people,
    contact_answer,
    definition,
    people_list,
    unexplained_acronym,
    which_events,
)
from assistant.answering.people import cited_not_present, person_answer
from assistant.answering.seam import Draft, GenerationRequest
from assistant.answering.sections import (
    asked_rows,
    of_this_event,
    same_edition,
    same_ordinal,
    scope,
    sub_event_asked,
)
from assistant.answering.selection import (
    SLOT_FIELDS,
    Embedder,
    Scored,
    Similarity,
    prefer_edition_year,
    rank_units,
)
from assistant.answering.slots import CUES, answering_part, not_yet_fixed
from assistant.answering.subject import Subject, resolve
from assistant.answering.units import AnswerUnit, answer_units
from assistant.answering.when_asked import of_announced, on_asked_day
from assistant.answering.wording import (
    focus_question,
    identifies,
    names_other_event,
    other_event_words,
    part_asked,
    topic_weights,
)
from assistant.answering.yesno import EXISTS, asked_things, yes_no_answer
from assistant.text.analysis import fold
from assistant.text.dates import YEAR
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import find_places
from assistant.text.intents import Ask, Slot, read_ask
from assistant.text.matching import matcher
from assistant.text.names import find_people

#: "Wo finde ich die Pressefotos?", "Where can I download …": a link line is the answer.
_WHERE_TO_FIND = re.compile(r"\bwo (finde|bekomme|gibt es|kann ich\b.*\b(herunterlad|finden|nachles"
                            r"|abruf|sehen))|where (can|do) i (find|get|download|see)")  # fmt: skip
_LINK = re.compile(r"www\.|https?://", re.IGNORECASE)
#: "Steht schon fest, wann …?": that it is not fixed yet is the answer itself.
_ASKS_IF_FIXED = re.compile(r"\b(fest|feststeh|bekannt|known|fixed|announced|decided)")


#: Slots a row of a dated table answers (a station's day, time, place, platform).
_ROW_SLOTS = frozenset({Slot.DATE, Slot.START, Slot.END, Slot.PLACE, Slot.VENUE, Slot.FORMAT})
#: Slots a question about a named person asks ("Wer ist X?", "Was macht X?").
_ABOUT_PERSON = frozenset({Slot.PERSON, Slot.SPEAKER, Slot.WHAT, Slot.ORGANISER})
_ABOUT_PEOPLE = frozenset({Slot.PERSON, Slot.SPEAKER, Slot.WHAT, Slot.MODERATOR})


class ExtractiveGenerator:
    """Offline default: a direct answer from the cited sentence, or an honest abstention."""

    name = "extractive"

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.similarity = Similarity(embedder)

    def generate(self, request: GenerationRequest) -> Draft:
        if request.knowledge is None:  # a request made without the corpus: link within it
            knowledge = Knowledge.from_passages(request.passages)
            request = dataclasses.replace(
                request, knowledge=knowledge,
                subject=request.subject
                or resolve(request.question, knowledge, None, request.today),
            )  # fmt: skip
        subject = request.subject
        ask = request.ask or read_ask(request.question)
        if subject is not None and subject.mode == "missing_edition":
            return self._other_edition(request, ask) or abstention(request)
        if subject is not None and subject.mode == "unknown":
            return abstention(request)
        target = subject.target if subject is not None else None
        passages = request.passages
        wanted = set(subject.doc_ids) if subject is not None and target is not None else None
        units = [u for u in answer_units(passages)
                 if wanted is None or passages[u.index].doc_id in wanted]  # fmt: skip
        units = same_ordinal(same_edition(units, request), request)
        if ask.slot == Slot.REGISTRATION or _WHERE_TO_FIND.search(fold(request.question)):
            units = [dataclasses.replace(u, filler=False) if u.filler and _LINK.search(u.text)
                     else u for u in units]  # "… finden Sie unter www…" is this answer  # fmt: skip
        target, units, section = scope(request, target, units)  # another event's, or a section
        if target is not None and target.announced and target.year and not section:
            # an edition only announced in another's release: its sentences, not the host's
            units = of_announced(units, target.year)
        if ask.slot in _ROW_SLOTS:
            units = asked_rows(request, units)  # "wo genau in Greifswald?": that station's row
        if not units:
            return abstention(request)
        weights = {w: v for w, v in topic_weights(request, target).items() if w not in section}
        sentences: list[str] = []
        for slot in (ask.slots or (ask.slot,))[:2]:
            one = dataclasses.replace(ask, slot=slot, slots=(slot,))
            sentence = self._answer(request, one, target, units, weights, section)
            single = len(ask.slots or (ask.slot,)) == 1
            if sentence and sentence not in sentences and gives_asked_kind(request.question,
                                                                           sentence, single):
                sentences.append(sentence)
        return _draft(request, ask, sentences) if sentences else abstention(request)

    def _answer(self, request: GenerationRequest, ask: Ask, target: Target | None,
                units: Sequence[AnswerUnit], weights: dict[str, float],
                section: frozenset[str] | set[str] = frozenset()) -> str:  # fmt: skip
        language = request.info.language
        label = target.label if target is not None else ""
        parts = part_asked(request, label, units) if ask.slot in (Slot.PLACE, Slot.VENUE) else []
        if ask.slot in (Slot.DATE, Slot.START, Slot.PLACE, Slot.VENUE):
            parts += sub_event_asked(request, target, units)  # "… das Auftakt-Webinar …?"
        subject = request.subject
        specific = specific_words(request, weights)
        if ask.yes_no:
            if subject is not None and subject.person and not any(
                all(part in fold(u.text) for part in subject.person.split()) for u in units
            ):  # the whole name: another "Riedel" at this event is not the one asked about
                return ""  # the sources do not name this person at this event: they cannot say
            if (
                ask.slot == Slot.WHAT  # "… einen Livestream?" asks for a format, not existence
                and target is not None
                and _asks_existence(request, target, units, specific)
            ):
                held = date_answer(request, target, units, label) or definition(request, units)
                if held:
                    return f"{phrasing.yes_no_word(True, language)}. {held}"
            ranked = self.rank(request, ask.slot, units, weights)
            return yes_no_answer(request, ask, target, ranked, units)
        if ask.slot == Slot.FORMAT:
            both = both_formats(request, units)
            if both:
                return both
        if ask.slot == Slot.PUBLISHED:
            return published_answer(request, target, units)
        spelled = acronym_answer(request)
        if spelled or unexplained_acronym(request):
            return spelled  # "" where the releases only use the abbreviation
        if ask.slot == Slot.TITLE and units:
            first = units[0]
            title = request.passages[first.index].title
            lead = "The release is titled" if language == "en" else "Die Meldung trägt den Titel"
            return f"{lead} „{title}“ [{first.index + 1}]."
        if subject is not None and subject.person and ask.slot in _ABOUT_PERSON:
            if cited_not_present(request, subject.person, units):
                return ""  # "Was hat X beim Kongress vorgetragen?" of a minister only quoted
            about = person_answer(request, subject.person, units, label)
            if about:
                return about  # else only a sentence naming them says anything about them
            units = [u for u in units if subject.person.split()[-1] in fold(u.text)]
        if subject is not None and len(subject.targets) > 1 and asks_which_events(request.question):
            listed = self._which_events(request, subject.targets, specific)
            if listed:
                return listed
        # the question's words that ask about something, not those that only name the event
        naming = [w for w in specific if target is None or not identifies(w, target, request)]
        if target is not None:
            if ask.slot == Slot.CONTACT and not [w for w in naming if not _ASKING_CONTACT.match(w)]:
                # not the contact of one part of it ("vom Awareness-Team")
                contact = contact_answer(request, target, units)
                if contact:
                    return contact
            if ask.slot in _ABOUT_PEOPLE and asks_common_people(request):
                return common_people(request, units)  # "" when nobody is named at both
            if ask.slot in (Slot.SPEAKER, Slot.WHAT, Slot.TOPIC) and asks_people_list(
                request.question
            ):
                people = people_list(request, target, units)
                if people:
                    return people
            if ask.slot in (Slot.DATE, Slot.DURATION) and not naming and not parts:
                dated = date_answer(request, target, units, label)
                if dated:
                    return dated
            if ask.slot in (Slot.PLACE, Slot.VENUE, Slot.START) and not naming and not parts:
                said = part_answer(request, target, units, label, ask.slot)
                if said is not None:
                    return said
            if ask.slot in (Slot.PLACE, Slot.VENUE) and not naming and not parts:
                placed = place_answer(request, target, units, label, ask.slot == Slot.VENUE)
                if placed:
                    return placed
            if ask.slot == Slot.COUNT and (counted := counted_list(request, units)):
                return counted  # "Wie viele Sachverständige?" ← the list of them, counted
            noun = asks_for_items(request.question)
            if ask.slot in (Slot.WHAT, Slot.TOPIC) and noun:
                listed = item_list(request, units, noun)
                if listed:
                    return listed
            if ask.slot in (Slot.WHAT, Slot.TOPIC) and not naming:
                defined = definition(request, units)
                if defined:
                    return defined
        ranked = self.rank(request, ask.slot, units, weights)
        ranked = of_this_event(ranked, request, target, ask.slot)  # its counts, its dates
        required = [w for w in other_event_words(request) if w not in section]  # its section's
        required += parts  # "wo ist der Abendempfang?": the sentence naming it, not the venue
        best = choose(ask, ranked, request.question, naming or specific, required)
        if best is None:
            return ""
        part = answering_part(ask.slot, best.unit.text)  # "… – Bewerbungen bis 15. April – …"
        sentence = phrasing.quote(part, best.unit.index + 1, language,
                                  _focus(best, ask) if part == best.unit.text else 0)  # fmt: skip
        before = _introducing(best.unit, units, request.question)
        if ask.slot == Slot.STATUS and target is not None and before is None:
            sentence = _status_lead(target, units, best.unit, language) + sentence
        if before is not None:
            sentence = f"{phrasing.quote(before.text, before.index + 1, language)} {sentence}"
        return sentence

    def _which_events(self, request: GenerationRequest, targets: Sequence[Target],
                      words: Sequence[str]) -> str:  # fmt: skip
        units_of: dict[str, list[AnswerUnit]] = {}
        for unit in answer_units(request.passages):
            units_of.setdefault(request.passages[unit.index].doc_id, []).append(unit)
        return which_events(request, targets, units_of, words)

    def _other_edition(self, request: GenerationRequest, ask: Ask) -> Draft | None:
        """An edition the catalog lacks, but a release of its series names ("Die letzte
        Ausgabe 2025 fand in Dortmund statt"): answered from that sentence only."""
        subject = request.subject
        if subject is None or subject.target is None or subject.year is None:
            return None
        wanted = set(subject.target.doc_ids)
        year = str(subject.year)
        units = [u for u in answer_units(request.passages)
                 if request.passages[u.index].doc_id in wanted and year in u.text
                 and not names_other_event(u.text, subject.target)]  # fmt: skip
        if not units:
            return None
        weights = topic_weights(request, subject.target)
        specific = specific_words(request, weights)
        ranked = on_asked_day(self.rank(request, ask.slot, units, weights), request, ask.slot)
        best = choose(ask, ranked, request.question, specific)
        if best is None and ask.slot in (Slot.DATE, Slot.PLACE):
            best = planned_for(ranked, subject.target.label)
        if best is None or ask.yes_no:
            return None
        text = phrasing.quote(best.unit.text, best.unit.index + 1, request.info.language)
        return _draft(request, ask, [text])

    def rank(self, request: GenerationRequest, slot: Slot, units: Sequence[AnswerUnit],
             weights: dict[str, float]) -> list[Scored]:  # fmt: skip
        target = request.subject.target if request.subject is not None else None
        focus = focus_question(request.question, target)
        quotes: list[str] = []
        if target is not None and target.event is not None:
            for field in SLOT_FIELDS.get(slot, ()):
                quotes += [f.quote for f in target.event.facts(field) if f.role != "planned"]
        ranked = rank_units(units, focus, slot, weights, self.similarity, quotes,
                            request.question)
        if target is None or not target.year or slot == Slot.PUBLISHED:
            return ranked
        return prefer_edition_year(ranked, target.year)


#: How a question asks for a contact ("bei Fragen", "an wen wenden"): it names no part.
_ASKING_CONTACT = re.compile(r"(frage|wend|meld|erreich|kontakt|ansprech)")


def _introducing(unit: AnswerUnit, units: Sequence[AnswerUnit], question: str) -> AnswerUnit | None:
    """The sentence before one that refers back ("Der Vorstandsvorsitzende … wird …",
    "Er …") when a "wer" question needs the name it refers to."""
    if not re.match(r"^\W*(und |and )?(wer|who)\b", fold(question)):
        return None
    if not re.match(r"^(Der|Die|Das|Er|Sie|Dieser|Diese)\s+(\w+\s+)?"
                    r"(?!\w+\s+[A-ZÄÖÜ][a-z]+\s+[A-ZÄÖÜ])",
                    unit.text) or any(0 <= unit.text.find(p) < 40 for p in find_people(unit.text)):
        return None  # "Der Soziologe Prof. Dr. Tom Reinhold …" names its person itself
    if re.match(r"^\w+\s+\w+(ung|ion|tät|heit|keit|schaft)\b", unit.text):
        return None  # "Die Moderation übernimmt …": an act, not a person referred back to
    before = [u for u in units if u.index == unit.index and u.order == unit.order - 1]
    if before and before[0].quotable and find_people(before[0].text):
        return before[0]
    return None


#: How a status fact is said: "Netzwerktreffen X 2026 wurde verschoben [1]."
_STATUS_WORDS = {
    "de": {"abgesagt": "wurde abgesagt", "verschoben": "wurde verschoben"},
    "en": {"abgesagt": "has been cancelled", "verschoben": "has been postponed"},
}


def _asks_existence(request: GenerationRequest, target: Target, units: Sequence[AnswerUnit],
                    specific: Sequence[str]) -> bool:  # fmt: skip
    """ "Gibt es in Lüneburg einen Infoabend zu Behördengängen?": every word of the question
    names the found event, and every city it names is in the event's release."""
    subject = request.subject
    question = fold(request.question)
    opening = EXISTS.search(question)  # "Gibt es …", "und gibt es …" at the start
    if subject is None or subject.mode != "named" or opening is None \
            or not re.fullmatch(r"\W*(und |and )?", question[: opening.start()]):
        return False
    if any(not identifies(w, target, request) for w in specific):
        return False
    if any(not any(k in w for k in target.kinds) for w in asked_things(question)):
        return False  # "gibt es dort einen Ausweis?" asks about a pass, not about the day
    text = matcher(" ".join(u.text for u in units))
    return all(text.has(fold(city)) for city in find_places(request.question))


#: Words that state the status itself; the slot's cue also takes "Neuer Termin", which doesn't.
_SAYS_STATUS = re.compile(r"abgesagt|absage|verschoben|verlegt|entfällt|fällt aus", re.IGNORECASE)


def _status_lead(target: Target, units: Sequence[AnswerUnit], best: AnswerUnit,
                 language: str) -> str:  # fmt: skip
    """ "X wurde verschoben [k]. " before a best sentence that only says "Neuer Termin ist …"."""
    if target.event is None or _SAYS_STATUS.search(best.text):
        return ""
    for fact in target.event.facts("status"):
        unit = next((u for u in units if u.quotable
                     and (u.text in fact.quote or fact.quote in u.text)), None)  # fmt: skip
        said = _STATUS_WORDS["en" if language == "en" else "de"].get(fact.value)
        if unit is not None and said:
            return f"{target.label} {said} [{unit.index + 1}]. "
    return ""


def _focus(best: Scored, ask: Ask) -> int:
    """Where in a long unit the answer sits: the slot's cue, else the start."""
    pattern = CUES.get(ask.slot)
    text = best.unit.text
    match = pattern.search(text) if pattern is not None else None
    if match is None:
        return 0
    if ask.slot in _ACTOR_SLOTS:  # "…: Die Initiative X lädt … ein": the actor precedes its verb
        clause = max(text.rfind(mark, 0, match.start()) for mark in (": ", "; ", ". "))
        return clause + 2 if clause >= 0 else 0
    return match.start()


#: Slots whose value is the subject of the cue's verb ("X lädt ein", "X veranstaltet").
_ACTOR_SLOTS = frozenset({Slot.ORGANISER, Slot.PARTNER, Slot.SPONSOR})


def _draft(request: GenerationRequest, ask: Ask, sentences: Sequence[str]) -> Draft:
    """The answer, or — where every sentence says the asked date or place is not fixed yet
    ("Ort und Termin stehen noch nicht fest") — an abstention that quotes them."""
    if not _ASKS_IF_FIXED.search(fold(request.question)) and all(
        any(not_yet_fixed(slot, s) for slot in ask.slots or (ask.slot,)) for s in sentences
    ):
        lead = phrasing.not_fixed_lead(request.info.language)
        return Draft(f"{lead} {' '.join(sentences)}", abstained=True)
    return Draft(" ".join(sentences), abstained=False)


def abstention(request: GenerationRequest) -> Draft:
    """ "Dazu habe ich … keine Informationen." plus what the sources do cover, so a visitor
    asking about an event the corpus does not know learns what it knows instead."""
    language = request.info.language
    text = phrasing.abstain_text(language)
    subject, knowledge = request.subject, request.knowledge
    if subject is not None and knowledge is not None:
        if subject.mode == "missing_edition" and subject.target is not None:
            series = _series_labels(knowledge.targets, subject.target)
            if series:
                lead = "The sources cover" if language == "en" else "Die Quellen behandeln"
                text += f" {lead}: {_joined(series, language)}."
        elif subject.mode == "unknown" and _about_events(request.question, subject):
            covered = _covered(knowledge.targets)
            if covered:
                lead = "The sources cover" if language == "en" else "Die Quellen behandeln"
                text += f" {lead}: {_joined(covered, language)}."
    return Draft(text, abstained=True)


def _about_events(question: str, subject: Subject) -> bool:
    """Whether an unanswerable question is about an event, person or organisation (then the
    sources' coverage helps), not about the weather or a recipe."""
    if YEAR.search(question) or any(":" in u or "@" in u or "." in u for u in subject.unknown):
        return True
    words = re.findall(r"[\wäöüÄÖÜß@:.-]+", question)
    if any(is_type_word(w) for w in words):
        return True
    capitalised = [w for w in words[1:] if w[:1].isupper()]
    return len(capitalised) >= 2 or any(w.isupper() and len(w) > 1 for w in words)


def _series_labels(targets: Sequence[Target], target: Target) -> list[str]:
    if target.event is None:
        return [target.label]
    series = fold(target.event.series)
    return [t.label for t in targets
            if t.event is not None and fold(t.event.series) == series][:6]  # fmt: skip


def _covered(targets: Sequence[Target], limit: int = 6) -> list[str]:
    own = [t for t in targets if not t.announced]
    labels = list(dict.fromkeys(t.label for t in own))
    return labels[:limit]


def _joined(items: Sequence[str], language: str) -> str:
    if len(items) == 1:
        return items[0]
    joiner = " and " if language == "en" else " und "
    return ", ".join(items[:-1]) + joiner + items[-1]

"""Synthetic German press releases about invented public-sector events, for scale tests.

Usage (from the repo root):

    python evals/synthetic_corpus.py OUT_DIR [--docs 1000] [--seed 7] [--paragraphs 9]

Every document announces or reviews one edition of an invented event series
("Zukunftsforum Registermodernisierung Nord 2024") in a city from a fixed list, with
the pieces the real corpus has: a dateline or `AKTUELLES` header, a headline, a lead
naming the date in one of the corpus's German formats (`14. November 2023`,
`23.-24. April 2024`, `05.09.2022`, `vom 3. bis 5. Mai 2025`), organisers, speakers
with roles, a participant count, a motto, sub-headings, a bullet list and a press
contact. Output is deterministic for a seed: the same seed gives byte-identical files.

Each document's facts are kept (`SyntheticDocument.facts`), so benchmarks can ask
questions whose answer is known (`questions()`); (series, year) pairs are unique, so
every generated question has exactly one right document.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

CITIES = (
    "Aachen", "Augsburg", "Berlin", "Bielefeld", "Bochum", "Bonn", "Braunschweig", "Bremen",
    "Chemnitz", "Darmstadt", "Dortmund", "Dresden", "Düsseldorf", "Erfurt", "Essen",
    "Flensburg", "Frankfurt am Main", "Freiburg", "Göttingen", "Halle (Saale)", "Hamburg",
    "Hannover", "Heidelberg", "Jena", "Karlsruhe", "Kassel", "Kiel", "Koblenz", "Köln",
    "Leipzig", "Lübeck", "Magdeburg", "Mainz", "Mannheim", "München", "Münster",
    "Neubrandenburg", "Nürnberg", "Oldenburg", "Osnabrück", "Potsdam", "Regensburg",
    "Rostock", "Saarbrücken", "Schwerin", "Stralsund", "Stuttgart", "Trier", "Ulm",
    "Wiesbaden", "Wismar", "Würzburg",
)  # fmt: skip
FORMATS = (
    "Zukunftsforum", "Digitalgipfel", "Verwaltungskongress", "Innovationstag", "Fachtag",
    "Netzwerktreffen", "Symposium", "Praxisforum", "Werkstatt", "Dialogforum",
    "Strategietag", "Kommunalkonferenz",
)  # fmt: skip
TOPICS = (
    "Registermodernisierung", "Smart Region", "E-Akte", "Open Data", "KI in der Verwaltung",
    "Cloud-Souveränität", "Bürgerservice digital", "Onlinezugang", "Digitale Schule",
    "Gesundheitsamt 4.0", "Agile Verwaltung", "Datenkompetenz", "Informationssicherheit",
    "Nachhaltige IT", "Low-Code im Amt", "Digitale Teilhabe", "Geodaten", "E-Rechnung",
    "Personalgewinnung digital", "Prozessautomatisierung", "Digitale Souveränität",
    "Wissensmanagement", "Bauantrag online", "Vergabe digital", "Kommunale Plattformen",
)  # fmt: skip
REGIONS = ("Nord", "Süd", "West", "Ost", "Mitte")
VENUES = (
    "im Rathaus", "in der Stadthalle", "im Kongresszentrum", "in der Musik- und Kongresshalle",
    "im Zeppelinsaal", "in der Alten Feuerwache", "im Landeshaus", "in der Hochschule",
    "im Kulturspeicher", "im Bürgerhaus", "in der Kunsthalle", "im Technologiezentrum",
)  # fmt: skip
ORGANISERS = (
    "Kommunalverbund Digital e. V.", "Landesamt für Verwaltungsmodernisierung",
    "Stiftung Offene Verwaltung", "Initiative Digitale Region", "Datenwerk GmbH",
    "Zweckverband Kommunale IT", "Forum Verwaltungsinformatik e. V.",
    "Ministerium für Digitalisierung und Verwaltung", "Städtenetz Innovation",
    "Akademie für Öffentliche Verwaltung", "Verband kommunaler CDOs", "Netzwerk Smart City",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jonas",
    "Katrin", "Lars", "Mira", "Nils", "Olga", "Paul", "Rana", "Sven", "Tanja", "Ulf",
    "Vera", "Wiebke", "Yusuf", "Zoe", "Henrike", "Malte", "Sibylle", "Torben",
)  # fmt: skip
LAST_NAMES = (
    "Albers", "Brandt", "Cordes", "Dietz", "Ehlers", "Fröhlich", "Gerdes", "Hansen",
    "Iwanow", "Jürgens", "Kaya", "Lorenzen", "Möller", "Nowak", "Ohlsen", "Petersen",
    "Quast", "Rademacher", "Schütte", "Thiele", "Uhlig", "Voss", "Wendt", "Yilmaz",
    "Zander", "Brüggemann", "Harms", "Kruse",
)  # fmt: skip
ROLES = (
    "Staatssekretärin im Ministerium für Digitalisierung", "Bürgermeister der Stadt {city}",
    "Chief Digital Officer der Stadt {city}", "Professorin für Verwaltungsinformatik",
    "Leiter des Amtes für Digitalisierung", "Geschäftsführerin des {organiser}",
    "Dezernent für Bürgerdienste", "Landrätin des Kreises {city}-Land",
    "IT-Leiter der Kreisverwaltung", "Referentin für Open Government",
)  # fmt: skip
MOTTOS = (
    "Gemeinsam digital", "Verwaltung neu denken", "Vom Projekt zur Praxis", "Daten nutzen, "
    "Vertrauen schaffen", "Einfach machen", "Mut zur Lücke", "Kurs halten", "Wandel gestalten",
    "Schneller, einfacher, näher", "Digital von Anfang an", "Zusammen wachsen",
)  # fmt: skip
HEADINGS = ("Ergebnisse", "Stimmen aus der Praxis", "Ausblick", "Hintergrund", "Netzwerk")
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
WORKSHOPS = (
    "Finanzierung", "digitales Mindset", "Change-Management", "Datenschutz", "Beschaffung",
    "Barrierefreiheit", "Nutzerforschung", "IT-Sicherheit", "KI-Anwendungen", "Prozessanalyse",
)  # fmt: skip
FILLER = (
    "Die Teilnehmenden tauschten sich über Erfahrungen aus Kommunen, Ländern und dem Bund aus.",
    "Im Mittelpunkt standen konkrete Beispiele, die sich auf andere Verwaltungen übertragen "
    "lassen.",
    "Viele Beiträge zeigten, dass die Digitalisierung nur mit den Beschäftigten gelingt.",
    "Zwischen den Vorträgen blieb ausreichend Zeit für Gespräche und neue Kontakte.",
    "Die Veranstalter kündigten an, die Ergebnisse in einer Dokumentation zu veröffentlichen.",
    "Besonders gefragt waren Lösungen, die ohne große Investitionen schnell Wirkung zeigen.",
    "Mehrere Kommunen stellten Pilotprojekte vor, die bereits im Regelbetrieb laufen.",
    "Kritisch diskutiert wurden fehlende Standards und die Finanzierung nach Projektende.",
    "Die Rückmeldungen der Gäste fielen durchweg positiv aus.",
    "Auch Studierende und Auszubildende der Verwaltung waren eingeladen.",
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticDocument:
    doc_id: str
    text: str
    facts: dict[str, str] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return f"{self.doc_id}.txt"


def slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _series_names(rng: random.Random) -> list[str]:
    names = [
        f"{fmt} {topic} {region}"
        for fmt, topic, region in itertools.product(FORMATS, TOPICS, REGIONS)
    ]
    rng.shuffle(names)
    return names


def _editions(rng: random.Random, count: int) -> Iterator[tuple[str, int]]:
    """`count` distinct (series, year) pairs, spread over all series before repeating one."""
    names = _series_names(rng)
    years = list(range(2017, 2028))
    if count > len(names) * len(years):
        raise ValueError(f"at most {len(names) * len(years)} distinct documents")
    for round_ in range(len(years)):
        shuffled = years[round_:] + years[:round_]
        for i, name in enumerate(names):
            if count <= 0:
                return
            yield name, shuffled[(i * 7) % len(years)]
            count -= 1


def _person(rng: random.Random, city: str, organiser: str) -> tuple[str, str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    role = rng.choice(ROLES).format(city=city, organiser=organiser)
    return name, role


def _date_phrase(rng: random.Random, start: date, days: int) -> str:
    """The event's date in one of the formats the press releases use."""
    end = start + timedelta(days=days - 1)
    month = MONTHS[start.month - 1]
    if days == 1:
        return rng.choice(
            (
                f"am {start.day}. {month} {start.year}",
                f"am {start.day:02d}. {month} {start.year}",
                f"am {start:%d.%m.%Y}",
            )
        )
    if end.month != start.month:
        return f"vom {start.day}. {month} bis {end.day}. {MONTHS[end.month - 1]} {end.year}"
    return rng.choice(
        (
            f"vom {start.day}.-{end.day}. {month} {start.year}",
            f"vom {start.day}. bis {end.day}. {month} {start.year}",
            f"am {start:%d.}-{end:%d.%m.%Y}",
        )
    )


def _paragraph(rng: random.Random, sentences: Sequence[str], extra: int) -> str:
    chosen = list(sentences) + rng.sample(FILLER, k=min(extra, len(FILLER)))
    return " ".join(chosen)


def make_document(
    index: int, series: str, year: int, rng: random.Random, paragraphs: int
) -> SyntheticDocument:
    city = rng.choice(CITIES)
    venue = rng.choice(VENUES)
    organiser = rng.choice(ORGANISERS)
    days = rng.choice((1, 1, 1, 2, 2, 3))
    start = date(year, rng.randint(1, 12), rng.randint(1, 26))
    published = start - timedelta(days=rng.randint(5, 60))
    participants = rng.choice((40, 60, 80, 120, 150, 200, 250, 300, 450, 600))
    motto = rng.choice(MOTTOS)
    opener, opener_role = _person(rng, city, organiser)
    speakers = [_person(rng, city, organiser) for _ in range(rng.randint(2, 4))]
    when = _date_phrase(rng, start, days)
    past = rng.random() < 0.5
    edition = rng.randint(2, 12)
    workshops = rng.sample(WORKSHOPS, k=3)
    title = f"{series} {year}"

    header = rng.choice(
        (
            f"{city}, {published.day}. {MONTHS[published.month - 1]} {published.year}",
            f"{published:%d.%m.%Y} · {organiser}",
            "AKTUELLES",
        )
    )
    subtitle = rng.choice(
        (f"{title} in {city}", f"„{motto}“ – {title}", f"Rückblick auf {title}")
        if past
        else (f"{title} in {city}", f"Ausblick auf {title}", f"„{motto}“ – Einladung")
    )
    if past:
        lead = (
            f"Bereits zum {edition}. Mal fand {title} statt. {when.capitalize()} trafen sich "
            f"{venue} in {city} über {participants} Teilnehmende aus Kommunen, Ländern und Bund, "
            f"um über {series.split(' ', 1)[1]} zu sprechen. Veranstalter war {organiser}."
        )
    else:
        lead = (
            f"{title} findet {when} {venue} in {city} statt. Erwartet werden rund "
            f"{participants} Teilnehmende aus Verwaltung, Wirtschaft und Wissenschaft; es ist "
            f"die {edition}. Ausgabe der Reihe. Veranstalter ist {organiser}."
        )
    body: list[str] = [header, title, subtitle, lead]
    body.append(
        _paragraph(
            rng,
            [
                f"„{motto}“ lautet das Motto der Veranstaltung.",
                f"{opener}, {opener_role}, {'eröffnete' if past else 'eröffnet'} die "
                f"Veranstaltung mit einem Grußwort.",
            ],
            2,
        )
    )
    body.append("Programm und Referierende")
    body.append(
        _paragraph(
            rng,
            [
                f"{name}, {role}, {'sprach' if past else 'spricht'} über {rng.choice(TOPICS)}."
                for name, role in speakers
            ],
            1,
        )
    )
    body.append(
        "Am zweiten Tag standen Workshops zu folgenden Themen auf dem Programm:\n"
        + "\n".join(f"• {w}" for w in workshops)
        if days > 1
        else "In Workshops ging es um folgende Themen:\n" + "\n".join(f"• {w}" for w in workshops)
    )
    headings = rng.sample(HEADINGS, k=len(HEADINGS))
    for _ in range(max(0, paragraphs - 6)):
        if headings and rng.random() < 0.3:
            body.append(headings.pop())
        body.append(_paragraph(rng, [], rng.randint(3, 5)))
    body.append(
        f"Pressekontakt: {organiser}, Telefon 0{rng.randint(300, 999)} {rng.randint(100000, 999999)}"
        f", presse@{slug(organiser)[:20]}.example.org"
    )
    body.append(f"Quelle: https://www.example.org/{slug(title)}")
    facts = {
        "series": series,
        "year": str(year),
        "city": city,
        "venue": venue,
        "organiser": organiser,
        "date": when,
        "start": start.isoformat(),
        "days": str(days),
        "participants": str(participants),
        "motto": motto,
        "opener": opener,
        "speakers": "; ".join(name for name, _ in speakers),
        "past": str(past).lower(),
    }
    doc_id = f"synth-{index:06d}-{slug(series)}-{year}"
    return SyntheticDocument(doc_id, "\n\n".join(body) + "\n", facts)


def generate(count: int, seed: int = 7, paragraphs: int = 9) -> list[SyntheticDocument]:
    """`count` documents, deterministic for (`count`, `seed`, `paragraphs`); a prefix of a
    larger run with the same seed is not guaranteed to equal a smaller run."""
    rng = random.Random(seed)
    return [
        make_document(i, series, year, random.Random(f"{seed}:{i}"), paragraphs)
        for i, (series, year) in enumerate(_editions(rng, count))
    ]


def write_corpus(
    directory: Path, count: int, seed: int = 7, paragraphs: int = 9
) -> list[SyntheticDocument]:
    directory.mkdir(parents=True, exist_ok=True)
    documents = generate(count, seed, paragraphs)
    for doc in documents:
        (directory / doc.file_name).write_text(doc.text, encoding="utf-8")
    return documents


QUESTION_TEMPLATES = (
    ("when", "Wann {verb_when} {series} {year} statt?"),
    ("where", "Wo {verb_when} {series} {year} statt?"),
    ("how_many", "Wie viele Teilnehmende hatte {series} {year}?"),
    ("who", "Wer eröffnete {series} {year}?"),
    ("what", "Was war das Motto von {series} {year}?"),
    ("organiser", "Wer veranstaltet {series} {year}?"),
)


def questions(
    documents: Sequence[SyntheticDocument], count: int, seed: int = 11
) -> list[tuple[str, str, str]]:
    """`count` distinct (question, intent, doc_id) triples about the documents' facts."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    order = list(range(len(documents)))
    rng.shuffle(order)
    for doc_index in itertools.cycle(order):
        if len(out) >= count or len(seen) >= len(documents) * len(QUESTION_TEMPLATES):
            break
        doc = documents[doc_index]
        intent, template = rng.choice(QUESTION_TEMPLATES)
        verb = "fand" if doc.facts["past"] == "true" else "findet"
        question = template.format(verb_when=verb, **doc.facts)
        if question in seen:
            continue
        seen.add(question)
        out.append((question, intent, doc.doc_id))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--paragraphs", type=int, default=9)
    args = parser.parse_args()
    docs = write_corpus(args.out, args.docs, args.seed, args.paragraphs)
    print(f"{len(docs)} documents written to {args.out}")


if __name__ == "__main__":
    main()

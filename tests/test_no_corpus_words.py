"""Product code never carries words of the corpus: a rule that names a release's series,
organiser, place or person answers that release and fails on the next one staff add.

The names are read from both corpora the project has (`corpus/` and the generalisation
releases in `evals/generalisation/`): the catalog's series and organisers, the people and
cities the releases name. Code strings and identifiers of `assistant/` must contain none of
them; docstrings and comments may (they explain rules with examples).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.events.catalog import Catalog
from assistant.events.series import series_key
from assistant.text.analysis import fold
from assistant.text.eventnouns import is_type_word
from assistant.text.facts import find_places
from assistant.text.names import find_people

REPO = Path(__file__).resolve().parents[1]
CORPORA = (REPO / "corpus", REPO / "evals" / "generalisation")
#: Words that name nothing particular even when they occur in a series or organiser name.
GENERIC = {fold(w) for w in (
    "digital", "digitale", "digitaler", "digitalen", "kongress", "forum", "verwaltung",
    "kommunal", "kommunale", "management", "innovation", "stadt", "verband", "verein",
    "online", "tagung", "fachtag", "netzwerk", "region", "nord", "treffen", "programm",
    "zukunft", "praxis", "daten", "offene", "digitalisierung", "ministerium", "kommune",
    "bund", "land", "landes", "bundes", "verwaltungs", "infoabend", "infotag", "webinar",
)}  # fmt: skip


#: Nouns of organisation and event names that are ordinary German words, not names.
ORDINARY = re.compile(
    r"(verband|verein|hochschule|institut|initiative|allianz|agentur|stiftung|akademie|zentrum"
    r"|gesellschaft|arbeitsgemeinschaft|ministerium|dienst|dienste|netz|halle|messe|school"
    r"|government|jahres|arbeit|erneut|gestalt|deutsche|beginn|kommunal|hanseatisch|norddeutsch"
    r"|fachverband|forderverein|informations|sicherheit|daseinsvorsorg|verwaltungs?)"
)


@lru_cache(maxsize=1)
def corpus_names() -> frozenset[str]:
    """Surnames, cities, and the rare words of series and organiser names (in at most two
    releases, no event noun, no ordinary word of organisation names)."""
    names: set[str] = set()
    candidates: set[str] = set()
    texts: list[str] = []
    for corpus in CORPORA:
        documents = load_corpus(corpus).documents
        texts += [fold(d.text) for d in documents]
        chunks = [c for d in documents for c in chunk_document(d)]
        for event in Catalog.build(documents, chunks).events:
            candidates.update(w for w in series_key(event.series) if len(w) >= 5)
            for organiser in event.values("organiser"):
                candidates.update(re.findall(r"[a-z@]{5,}", fold(organiser)))
        for document in documents:
            names.update(fold(p).split()[-1] for p in find_people(document.text))
            names.update(fold(c) for c in find_places(document.text) if " " not in c)
    for word in candidates:
        rare = sum(word in text for text in texts) <= 2
        if rare and not is_type_word(word) and not ORDINARY.search(word):
            names.add(word)
    return frozenset(n for n in names if n not in GENERIC and len(n) >= 5
                     and not ORDINARY.fullmatch(n))  # fmt: skip


def code_words(source: str) -> list[tuple[int, str]]:
    """(line, folded text) of every string and identifier that is no docstring or comment."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.update(range(body[0].lineno, (body[0].end_lineno or 0) + 1))
    out = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.STRING, tokenize.NAME) and token.start[0] not in docstrings:
            out.append((token.start[0], fold(token.string)))
    return out


def offences(source: str, names: frozenset[str]) -> list[tuple[int, str]]:
    found = []
    for line, text in code_words(source):
        for word in re.findall(r"[a-z@]{5,}", text):
            if word in names:
                found.append((line, word))
    return found


def test_product_code_carries_no_corpus_words() -> None:
    names = corpus_names()
    assert len(names) > 40  # the check reads real names, not an empty list
    found = {
        str(path.relative_to(REPO)): offences(path.read_text(encoding="utf-8"), names)
        for path in sorted((REPO / "assistant").rglob("*.py"))
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('PATTERN = r"(Prosoz|GmbH)"\n', [(1, "prosoz")]),
        ('def f() -> str:\n    """Rules, e.g. for Prosoz releases."""\n    return "x"\n', []),
        ("# Prosoz writes like this\nX = 1\n", []),
    ],
)
def test_the_check_sees_code_but_not_docstrings_or_comments(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert offences(source, frozenset({"prosoz"})) == expected

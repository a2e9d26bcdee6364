"""Hostile input, property-tested with hypothesis: questions, corpus files, upload names, and
the Gradio API's payloads (`/ask` histories; upload names, sizes and counts).

Example counts are fixed per test (`max_examples`, no deadline) so the file runs in well
under a minute on two shared cores; the totals are listed in `EXAMPLES`.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import KeywordEmbeddings, copy_corpus, make_settings, register_fake_embeddings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from gradio_http import GradioEvents
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

import assistant.web.uploads as uploads
from assistant.corpus.loader import (
    MAX_BYTES,
    REASON_BINARY,
    REASON_ENCODING,
    REASON_TOO_LARGE,
    SUPPORTED_SUFFIXES,
    UnreadableFileError,
    load_corpus,
    load_document,
)
from assistant.index.chunk_index import ChunkIndex
from assistant.index.retrieval import HybridRetriever
from assistant.ingest import run_ingest
from assistant.pipeline import Assistant, QuestionError
from assistant.records import Answer
from assistant.web.api import add_routes
from assistant.web.app import create_server
from assistant.web.backend import Backend
from assistant.web.rendering import render_answer, render_question
from assistant.web.staff import (
    MAX_UPLOAD_BYTES,
    SESSION_PATH,
    UploadError,
    safe_upload_name,
    save_upload,
)

EXAMPLES = {
    "unicode_questions": 200,
    "question_soup": 60,
    "html_in_questions": 80,
    "hostile_history": 40,
    "html_corpus_files": 60,
    "binary_corpus_files": 150,
    "upload_names": 500,
    "upload_saves": 120,
    "gradio_histories": 80,
    "gradio_uploads": 40,
}  # 1,330 generated examples in all
HYPOTHESIS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}

HOSTILE_PIECES = (
    "\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\x7f", "\x85", "\u200b", "\u200e", "\u200f",
    "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u0301", "\u00a0", "\u2028", "ß", "İ",
    "ǅ", "ﬁ", "👩‍💻", "\U0001f1e9\U0001f1ea", "\ufdfd", "ع", "שלום", "{{", "}}", "%s", "{0}",
    "'; DROP TABLE feedback; --", "../../etc/passwd", "Nordl@nder", "2024", "23.-24.04.2024",
    "Wann", "Wo", "Wie viele", "Wer", "?", "Hamburg", "Digitaler Aufbruch", "Lübeck",
    "Innovatives Management", "[1]", "[999]", "`assistant`", "\\", "\"", "'",
)  # fmt: skip
HTML_PAYLOADS = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">klick</a>", "<iframe src=//evil.example>", "</div>",
    "<b>fett</b>", "<style>*{display:none}</style>", "<!-- Kommentar -->", "&lt;script&gt;",
    "<math><mi xlink:href=\"javascript:alert(1)\">", "<details open ontoggle=alert(1)>",
)  # fmt: skip
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)")
RENDERER_TAGS = {"div", "b"}
QUESTION = "Wann ist Digitaler Aufbruch 2024?"
QUESTION_RELEASE = (
    b"Digitaler Aufbruch 2024\n\nDer Kongress findet am 23. April 2024 in Hamburg statt.\n"
)

unicode_questions = st.one_of(
    st.text(max_size=300),  # every code point except surrogates
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=12)), max_size=40).map(
        " ".join
    ),
)
question_soup = st.lists(
    st.sampled_from((*HOSTILE_PIECES, "am", "in", "statt", "fand", "findet", "Kongress")),
    min_size=200,
    max_size=600,
).map(" ".join)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The real corpus with fake embeddings, built once for the module (before the
    function-scoped fixtures run, so the fake model is registered here too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        register_fake_embeddings(patch)
        settings_ = make_settings(tmp_path_factory.mktemp("hostile"))
        copy_corpus(settings_.corpus_dir)
        index = ChunkIndex(settings_, embeddings=KeywordEmbeddings())
        index.ingest(load_corpus(settings_.corpus_dir).documents)
        yield Assistant(settings_, HybridRetriever(index))


def ask_or_refuse(
    assistant: Assistant, question: str, history: list[str] | None = None
) -> Answer | None:
    """An `Answer` that survives a JSON round trip, or a friendly `QuestionError` — nothing
    else may come out of `ask`."""
    try:
        answer = assistant.ask(question, history or [])
    except QuestionError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return None
    assert isinstance(answer.answer, str) and answer.answer.strip()
    data = answer.to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert json.loads(json.dumps(data)) == data  # ASCII-escaped too (no lone surrogates)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", answer.question)
    assert len(answer.question) <= assistant.settings.max_question_chars
    assert len(answer.resolved_question) <= assistant.settings.max_question_chars  # follow-ups
    return answer


# --------------------------------------------------------------------------- questions


@settings(max_examples=EXAMPLES["unicode_questions"], **HYPOTHESIS)
@given(question=unicode_questions)
def test_any_unicode_question_gets_an_answer_or_a_friendly_refusal(
    assistant: Assistant, question: str
) -> None:
    ask_or_refuse(assistant, question)


@settings(max_examples=EXAMPLES["question_soup"], **HYPOTHESIS)
@given(question=question_soup)
def test_long_token_soup_near_the_length_limit(assistant: Assistant, question: str) -> None:
    ask_or_refuse(assistant, question[: assistant.settings.max_question_chars])


@settings(max_examples=EXAMPLES["hostile_history"], **HYPOTHESIS)
@given(
    question=unicode_questions,
    history=st.lists(st.one_of(unicode_questions, question_soup), max_size=20),
)
def test_hostile_conversation_history(
    assistant: Assistant, question: str, history: list[str]
) -> None:
    ask_or_refuse(assistant, question, history)


MEGABYTE = 1024 * 1024


@pytest.mark.parametrize(
    ("question", "empty"),
    [
        ("a" * MEGABYTE, False),
        ("Wann ist Digitaler Aufbruch 2024? " * (MEGABYTE // 34), False),
        ("<div>" * (MEGABYTE // 5), False),
        ("\u200f" * MEGABYTE, False),  # right-to-left marks are not whitespace
        ("\U0001f600" * MEGABYTE, False),
        (" " * MEGABYTE, True),
        ("\x00" * MEGABYTE, True),
        ("\n\t\r" * (MEGABYTE // 3), True),
    ],
    ids=["letters", "questions", "tags", "rtl-marks", "emoji", "spaces", "nul", "newlines"],
)
def test_megabyte_question_is_refused_not_processed(
    assistant: Assistant, question: str, empty: bool
) -> None:
    with pytest.raises(QuestionError) as excinfo:
        assistant.ask(question)
    message = str(excinfo.value)
    assert ("Bitte geben Sie eine Frage ein" in message) if empty else ("zu lang" in message)
    assert len(message) < 300  # the question is not echoed back


def test_longest_allowed_single_word_question_is_answered(assistant: Assistant) -> None:
    word = "Verwaltungsdigitalisierung" * (assistant.settings.max_question_chars // 26)
    assert ask_or_refuse(assistant, word[: assistant.settings.max_question_chars]) is not None


def test_megabyte_history_item_is_refused_not_processed(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="frühere Frage im Verlauf ist zu lang"):
        assistant.ask("Und wo fand er statt?", ["x" * MEGABYTE, QUESTION])
    answer = ask_or_refuse(assistant, "Und wo fand er statt?", ["x" * 100, QUESTION])
    assert answer is not None and "Hamburg" in answer.answer


# --------------------------------------------------------------------------- HTML in questions


def tags(text: str) -> set[str]:
    return {m.lower() for m in _TAG.findall(text)}


@settings(max_examples=EXAMPLES["html_in_questions"], **HYPOTHESIS)
@given(
    payloads=st.lists(st.sampled_from(HTML_PAYLOADS), min_size=1, max_size=3),
    question=st.sampled_from(
        (QUESTION, "Wo fand Nordl@nder.DIGITAL statt?", "Wie viele Gäste kamen 2023?", "")
    ),
    position=st.integers(min_value=0, max_value=2),
)
def test_html_in_questions_never_becomes_live_markup(
    assistant: Assistant, payloads: list[str], question: str, position: int
) -> None:
    injected = " ".join(payloads)
    text = [f"{injected} {question}", f"{question} {injected}", injected.join(question.split())]
    asked = text[position] or injected
    answer = ask_or_refuse(assistant, asked)
    assert answer is not None
    assert not tags(answer.answer) & tags(injected), answer.answer  # not echoed as markup
    assert answer.question == " ".join(asked.split())  # kept as plain text, unescaped
    shown = render_question(answer.question)
    inner = re.sub(r'^<div class="va-question" lang="(?:de|en)">', "", shown).removesuffix("</div>")
    assert "<" not in inner and ">" not in inner  # the whole question is escaped text
    rendered = render_answer(answer, 0)
    assert "<script" not in rendered.lower()
    for payload in payloads:
        if tags(payload) - RENDERER_TAGS:  # `</div>` and `<b>` are the renderer's own markup
            assert payload not in rendered


# --------------------------------------------------------------------------- corpus files


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "hostile-corpus"
    path.mkdir()
    (path / "normal.txt").write_text(
        "Digitaler Aufbruch 2024\n\nDer Kongress findet am 23. April 2024 in Hamburg statt.\n",
        encoding="utf-8",
    )
    return path


HOSTILE_FILES = {
    "nested-divs.html": "<div>" * 100_000 + "Tief verschachtelt in Kiel" + "</div>" * 100_000,
    "unclosed-divs.html": "<div>" * 100_000 + "Nie geschlossen in Jena",
    "nested-lists.html": "<ul><li>" * 100_000 + "Ganz unten",
    "nested-tables.html": "<table><tr><td>" * 50_000 + "Zelle",
    "inline-soup.html": "<b><i><span>" * 50_000 + "fett",
    "unclosed-comment.html": "<p>Vorher</p><!--" + "a" * 100_000,
    "unclosed-script.html": "<p>Text</p><script>" + "x" * 100_000,
    # one 200,000-letter token, as pasted image data: must not make indexing quadratic
    "bild.md": "# Bild aus Rostock\n\n![Foto](data:image/png;base64,"
    + "iVBORw0KGgo" * 18_000
    + ")\n",
}


def test_deeply_nested_html_and_giant_tokens_are_loaded_or_skipped_without_crashing(
    corpus: Path, tmp_path: Path
) -> None:
    for name, text in HOSTILE_FILES.items():
        (corpus / name).write_text(text, encoding="utf-8")

    loaded = load_corpus(corpus)  # explicit stack in the HTML parser: no RecursionError

    names = {Path(d.source_path).name for d in loaded.documents}
    names |= {s.path.name for s in loaded.skipped}
    assert names == {*HOSTILE_FILES, "normal.txt"}
    texts = {Path(d.source_path).name: d.text for d in loaded.documents}
    assert "Tief verschachtelt in Kiel" in texts["nested-divs.html"]
    assert "Nie geschlossen in Jena" in texts["unclosed-divs.html"]
    assert all("alert" not in t and "xxxxxxxx" not in t for t in texts.values())
    # and the lot can be indexed and asked about
    settings_ = make_settings(tmp_path, corpus_dir=corpus)
    index = ChunkIndex(settings_, embeddings=KeywordEmbeddings())
    index.ingest(loaded.documents)
    answer = Assistant(settings_, HybridRetriever(index)).ask("Wo ist es tief verschachtelt?")
    assert answer.answer


def test_gzip_bomb_saved_as_html_is_skipped_as_binary(corpus: Path) -> None:
    bomb = gzip.compress(b"<div>" * 20_000_000, compresslevel=9)  # 100 MB when unpacked
    (corpus / "bomb.html").write_bytes(bomb)
    # the same bomb behind 8 KB of harmless HTML, past the binary sniffing window
    (corpus / "late-bomb.html").write_bytes(b"<p>" + b"a" * 8192 + b"</p>" + bomb)
    with open(corpus / "huge.html", "wb") as handle:  # sparse: no 6 MB written
        handle.truncate(MAX_BYTES + MEGABYTE)

    loaded = load_corpus(corpus)

    reasons = {s.path.name: s.reason for s in loaded.skipped}
    assert reasons == {
        "bomb.html": REASON_BINARY,
        "late-bomb.html": REASON_ENCODING,
        "huge.html": REASON_TOO_LARGE,
    }
    assert [d.doc_id for d in loaded.documents] == ["normal"]


@pytest.mark.parametrize(
    "data",
    [b"Caf\xe9 in L\xfcbeck", b"\xc0\xaf", b"ok \x80 ok", b"abc \xe2\x82", b"\xff\xfeW\x00"],
    ids=["latin-1", "overlong", "lone-continuation", "truncated", "utf-16-bom"],
)
def test_invalid_utf8_is_reported_and_skipped(corpus: Path, data: bytes) -> None:
    (corpus / "kaputt.txt").write_bytes(data)
    loaded = load_corpus(corpus)
    assert [(s.path.name, s.reason) for s in loaded.skipped] == [("kaputt.txt", REASON_ENCODING)]
    assert [d.doc_id for d in loaded.documents] == ["normal"]


html_soup = st.lists(
    st.one_of(
        st.sampled_from(
            (
                "<div>", "</div>", "<p>", "</p>", "<br>", "<ul>", "<li>", "<table>", "<td>",
                "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<title>",
                "</title>", "<meta name=date content=2024-04-23>", "&amp;", "&#0;", "&#xD800;",
                "&#99999999;", "&nbsp;", "<", ">", "<h1>", "</h1>", "<?php ?>", "<!DOCTYPE html>",
                "<link rel=canonical href=javascript:alert(1)>", *HTML_PAYLOADS,
            )
        ),
        st.text(max_size=30),
    ),
    max_size=80,
).map("".join)  # fmt: skip


@settings(max_examples=EXAMPLES["html_corpus_files"], **HYPOTHESIS)
@given(markup=html_soup, suffix=st.sampled_from((".html", ".htm", ".md")))
def test_any_markup_file_loads_or_is_skipped_with_a_reason(markup: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"seite{suffix}"
        path.write_text(markup, encoding="utf-8", errors="surrogatepass")
        try:
            document = load_document(path)
        except UnreadableFileError as exc:
            assert exc.reason
            return
        document.text.encode("utf-8")  # storable: no lone surrogates from entities
        document.title.encode("utf-8")
        assert document.url is None or re.match(r"https?://", document.url)
        assert "\x00" not in document.text


@settings(max_examples=EXAMPLES["binary_corpus_files"], **HYPOTHESIS)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(tuple(SUPPORTED_SUFFIXES)))
def test_arbitrary_bytes_load_or_are_skipped_with_the_right_reason(
    data: bytes, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"datei{suffix}").write_bytes(data)
        loaded = load_corpus(Path(tmp))
        assert len(loaded.documents) + len(loaded.skipped) == 1
        if suffix in {".pdf", ".docx"}:  # random bytes are never a PDF or a Word package
            assert loaded.skipped and loaded.skipped[0].reason
            return
        if loaded.skipped:
            reason = loaded.skipped[0].reason
            if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                assert reason == REASON_BINARY
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                assert reason in {REASON_BINARY, REASON_ENCODING}
        else:
            document = loaded.documents[0]
            document.text.encode("utf-8")
            assert b"\x00" not in data[:8192]


# --------------------------------------------------------------------------- upload names

name_pieces = st.sampled_from(
    (
        "..", ".", "/", "\\", "\x00", "/etc/passwd", "C:\\Windows\\system32\\", "~", "%2e%2e%2f",
        "．．／", "\u202e", "ﬁ", "ä", "Ü", "ß", " ", "\n", "-", "_", ".html", ".md", ".txt",
        ".HTML", ".htm", ".markdown", ".exe", ".sh", "con", "aux", "nul", "a" * 300,
        "presse", "mitteilung", "2024", "file:", "//server/share/",
    )
)  # fmt: skip
upload_names = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(name_pieces, st.text(max_size=8)), max_size=12).map("".join),
)
SAFE_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.(?:txt|md|markdown|html|htm)$")


@settings(max_examples=EXAMPLES["upload_names"], **HYPOTHESIS)
@given(filename=upload_names)
def test_safe_upload_name_is_a_plain_file_name_or_refused(filename: str) -> None:
    try:
        name = safe_upload_name(filename)
    except UploadError as exc:
        assert str(exc)
        return
    assert SAFE_NAME.match(name), name
    assert Path(name).name == name and ".." not in name


def all_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@settings(max_examples=EXAMPLES["upload_saves"], **HYPOTHESIS)
@given(filename=upload_names)
def test_saved_upload_never_lands_outside_the_corpus(filename: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus_dir = root / "site" / "corpus"
        corpus_dir.mkdir(parents=True)
        source = root / "upload.bin"
        source.write_text(
            "Digitaler Aufbruch 2024\n\nDer Kongress findet am 23. April 2024 in Hamburg statt.\n",
            encoding="utf-8",
        )
        before = all_files(root)
        try:
            target, replaced = save_upload(source, filename, corpus_dir)
        except UploadError:
            assert all_files(root) == before  # nothing written anywhere, no staging leftovers
            return
        assert not replaced
        assert target.parent == corpus_dir and target.resolve().parent == corpus_dir.resolve()
        assert SAFE_NAME.match(target.name)
        assert all_files(root) - before == {target}
        assert target.read_bytes() == source.read_bytes()


def test_upload_over_an_existing_document_replaces_only_that_file(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    copy_corpus(corpus_dir)
    source = tmp_path / "upload.txt"
    source.write_text("Digitaler Aufbruch 2024\n\nNeu: am 24. April in Hamburg.\n", "utf-8")
    before = {p.name: p.read_bytes() for p in corpus_dir.iterdir()}

    with pytest.raises(UploadError):
        save_upload(source, "../corpus/digitaler-aufbruch-2024.txt", corpus_dir)
    target, replaced = save_upload(source, "/tmp/Digitaler Aufbruch 2024.TXT", corpus_dir)

    assert replaced and target == corpus_dir / "digitaler-aufbruch-2024.txt"
    after = {p.name: p.read_bytes() for p in corpus_dir.iterdir()}
    assert after == {**before, target.name: source.read_bytes()}


# --------------------------------------------------------------------------- links in the corpus


def test_links_out_of_the_corpus_folder_are_never_published(tmp_path: Path) -> None:
    """A link to a private file (or /etc/passwd) dropped into the corpus folder is skipped
    with a reason; nothing of its target reaches the index, answers or `/quelle`."""
    settings_ = make_settings(tmp_path)
    copy_corpus(settings_.corpus_dir)
    private = tmp_path / "privat"
    private.mkdir()
    (private / "gehalt.txt").write_text(
        "Gehaltsliste Digitaler Aufbruch 2024\n\nVertraulich: Honorar 4711 Euro.", "utf-8"
    )
    (settings_.corpus_dir / "gehalt.txt").symlink_to(private / "gehalt.txt")
    (settings_.corpus_dir / "passwd.txt").symlink_to("/etc/passwd")

    result = run_ingest(settings_)

    assert result.ok, result.error
    lines = "\n".join(result.lines())
    assert "übersprungen: gehalt.txt" in lines and "übersprungen: passwd.txt" in lines
    assistant_ = Assistant.from_settings(settings_)
    assert not any("Vertraulich" in c.text or "root:" in c.text
                   for c in assistant_.retriever.chunks)  # fmt: skip
    answer = assistant_.ask("Wie hoch ist das Honorar beim Digitalen Aufbruch 2024?")
    assert "4711" not in answer.answer
    app = FastAPI()
    add_routes(app, Backend(settings_, assistant_))
    client = TestClient(app)
    assert client.get("/quelle/gehalt").status_code == 404
    assert client.get("/quelle/passwd").status_code == 404


# --------------------------------------------------------------------------- Gradio API payloads

history_items = st.one_of(
    unicode_questions,
    question_soup,
    st.text(min_size=1990, max_size=2100),  # around the question limit
    st.integers(), st.none(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.sampled_from(("question", "answer", "frage")),
                    st.one_of(st.text(max_size=40), st.integers(), st.none()), max_size=3),
)  # fmt: skip
earlier_questions = st.one_of(
    unicode_questions, question_soup, st.sampled_from((QUESTION, "Und wo fand er statt?")),
    st.fixed_dictionaries({"question": unicode_questions}, optional={"answer": st.text()}),
)  # fmt: skip
usual_history = st.lists(earlier_questions, max_size=40)  # the usual shape, any content
gradio_histories = st.one_of(
    usual_history, usual_history, usual_history,  # drawn about half the time
    st.lists(st.one_of(earlier_questions, history_items), max_size=6),  # some items odd
    st.none(), st.text(max_size=30), st.integers(),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)  # fmt: skip
#: Every refusal of the Gradio `/ask` API starts with one of these (German, friendly).
REFUSALS = ("Bitte geben Sie eine Frage ein.", "Die Frage ist zu lang",
            "Der Verlauf muss", "Eine frühere Frage im Verlauf ist zu lang")  # fmt: skip


@pytest.fixture(scope="module")
def gradio_api(assistant: Assistant) -> Iterator[GradioEvents]:
    """The served page of the module's assistant, spoken to over Gradio's HTTP protocol."""
    app = create_server(assistant, assistant.settings, rate_limit="1000000/minute",
                        warm_up=False)  # fmt: skip
    with TestClient(app) as client:
        yield GradioEvents(client)


@settings(max_examples=EXAMPLES["gradio_histories"], **HYPOTHESIS)
@given(
    question=st.one_of(unicode_questions, st.sampled_from(
        (QUESTION, "Und wo fand er statt?", "Und 2023?", "Wer sprach dort?"))),
    history=gradio_histories,
)  # fmt: skip
def test_gradio_ask_api_answers_or_refuses_any_history(
    gradio_api: GradioEvents, assistant: Assistant, question: str, history: object
) -> None:
    """Whatever JSON arrives as `history` (any length, any types, items past the limit): an
    answer within the limits or a German refusal; never an unexpected error."""
    result = gradio_api.call("ask", question, history)
    assert not any(m.get("msg") == "unexpected_error" for m in result.messages)
    event("answered" if result.success else result.error[:25])
    if not result.success:
        assert result.error.startswith(REFUSALS), result.error
        return
    answer = result.data[0]
    assert answer["answer"].strip() and "error" not in answer
    assert len(answer["resolved_question"]) <= assistant.settings.max_question_chars


STAFF_TOKEN = "hostile-staff-token"
upload_sizes = st.one_of(
    st.integers(0, 3000), st.integers(MAX_UPLOAD_BYTES - 3000, MAX_UPLOAD_BYTES + 40_000)
)


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GradioEvents, Path]]:
    """A served page with a staff tab over its own corpus, logged in to upload."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        register_fake_embeddings(patch)
        patch.setattr(uploads, "UPLOAD_RATE", "1000000/minute")  # hypothesis asks often
        settings_ = make_settings(tmp_path_factory.mktemp("hostile-staff"),
                                  staff_token=SecretStr(STAFF_TOKEN))  # fmt: skip
        copy_corpus(settings_.corpus_dir)
        index = ChunkIndex(settings_, embeddings=KeywordEmbeddings())
        index.ingest(load_corpus(settings_.corpus_dir).documents)
        app = create_server(Assistant(settings_, HybridRetriever(index)), settings_,
                            rate_limit="1000000/minute", warm_up=False)  # fmt: skip
        with TestClient(app) as client:
            session = client.post(SESSION_PATH, headers={"X-Staff-Token": STAFF_TOKEN})
            assert session.status_code == 200
            yield GradioEvents(client), settings_.corpus_dir


@settings(max_examples=EXAMPLES["gradio_uploads"], **HYPOTHESIS)
@given(
    filename=st.one_of(upload_names, st.tuples(upload_names, st.sampled_from(
        (".txt", ".md", ".html", ".HTM", ".markdown"))).map("".join)),
    size=upload_sizes, count=st.sampled_from((1, 1, 1, 0, 2, 3)), text=st.booleans(),
)  # fmt: skip
def test_upload_route_and_staff_upload_take_any_name_size_and_count(
    staff_site: tuple[GradioEvents, Path], filename: str, size: int, count: int, text: bool
) -> None:
    """One file within 1 MB passes the gate, anything else is refused there; what passes is
    saved under a plain name in the corpus or refused with a reason, and leaves Gradio's
    cache at once."""
    events, corpus_dir = staff_site
    content = (QUESTION_RELEASE + b" " * size)[:size] if text else bytes(range(256)) * (size // 256)
    try:
        response = events.upload([(filename or "x", content)] * count)
    except (UnicodeEncodeError, ValueError):  # the HTTP client cannot send this name at all
        event("name not sendable")
        return
    event(f"{count} file(s): HTTP {response.status_code}")
    if count == 0:  # Gradio's own answer to an empty form: nothing is stored
        assert response.status_code in (200, 400)
        assert response.status_code == 400 or response.json() == []
        return
    if count > 1 or len(content) > MAX_UPLOAD_BYTES:
        assert response.status_code in (400, 413), response.text
        return
    if response.status_code == 400:  # a name without a corpus suffix never reaches the cache
        assert "Dateityp nicht erlaubt" in response.json()["error"]
        assert Path(filename or "x").suffix.lower() not in SUPPORTED_SUFFIXES or count != 1
        return
    assert response.status_code == 200, response.text
    cached = Path(response.json()[0])
    corpus_before = {p.name: p.read_bytes() for p in corpus_dir.iterdir()}
    file = {"path": str(cached), "orig_name": filename, "meta": {"_type": "gradio.FileData"}}
    result = events.call("upload", STAFF_TOKEN, file)
    assert not cached.exists()
    corpus_after = {p.name: p.read_bytes() for p in corpus_dir.iterdir()}
    changed = {n for n in corpus_after if corpus_before.get(n) != corpus_after[n]}
    assert result.success, result.error
    log = result.data[0]
    event("saved" if changed else "refused by the staff tab")
    assert all(SAFE_NAME.match(name) for name in changed) and len(changed) <= 1
    assert ("gespeichert" in log or "ersetzt" in log) == bool(changed) or "ersetzt" in log, log
    for name in changed:
        assert corpus_after[name] == content

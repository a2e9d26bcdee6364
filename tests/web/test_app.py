"""The web page without a browser: rendering, chat stream, API routes, staff helpers."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import SMART_CITY
from fastapi import FastAPI
from fastapi.testclient import TestClient
from freezegun import freeze_time
from gradio_http import GradioEvents
from pydantic import SecretStr

from assistant.events.view import EMPTY
from assistant.pipeline import Assistant, QuestionError, validate_request
from assistant.records import Answer, Chunk, Source
from assistant.settings import Settings
from assistant.web.api import add_routes
from assistant.web.app import (
    PENDING,
    answer_stream,
    create_app,
    create_server,
    events_page,
    record_feedback,
    to_messages,
)
from assistant.web.backend import UNAVAILABLE, Backend, RateLimiter, open_assistant
from assistant.web.rendering import (
    base_url_from,
    highlight,
    link_markers,
    render_answer,
    render_document_page,
    render_question,
    stream_steps,
)
from assistant.web.staff import (
    MAX_UPLOAD_BYTES,
    UploadError,
    check_token,
    document_rows,
    ingest_and_reload,
    retrieval_rows,
    safe_upload_name,
    save_upload,
)

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'


def make_answer(text: str = "Am 23. April 2024 in Hamburg [1].", **source: Any) -> Answer:
    values: dict[str, Any] = {
        "n": 1,
        "doc_id": "digitaler-aufbruch-2024",
        "title": "Digitaler Aufbruch 2024",
        "published": date(2024, 4, 25),
        "url": None,
        "chunk_id": "digitaler-aufbruch-2024:0:abc",
        "text": "Einleitung ohne Bezug. Der Kongress fand am 23. April 2024 in Hamburg statt.",
        "score": 0.9,
    }
    values.update(source)
    return Answer(
        question="Wann?",
        answer=text,
        language="de",
        abstained=False,
        sources=(Source(**values),),
        timings_ms={},
        generator="extractive",
        embedding_model="fake-keywords",
    )


class FakeRequest:
    """What the handlers read from `gr.Request`/starlette: the client and the headers."""

    def __init__(self, host: str = "203.0.113.7") -> None:
        self.client = type("Client", (), {"host": host})()
        self.headers = {"host": "assistent.example.org"}
        self.session_hash = "s1"


def collect(backend: Backend, question: str, turns: list[dict[str, Any]] | None = None) -> list:
    async def run() -> list:
        return [u async for u in answer_stream(backend, question, turns, FakeRequest())]

    return asyncio.run(run())


# --------------------------------------------------------------------------- rendering


def test_answer_html_escapes_everything_from_documents_and_answers() -> None:
    answer = make_answer(text=f"Antwort {XSS} [1].", title=XSS)
    answer = Answer(**{**answer.__dict__, "sources": (Source(**{
        **answer.sources[0].__dict__, "text": f"Passage {XSS}."}),)})  # fmt: skip
    html = render_answer(answer, turn=0)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=&quot;" in html


def test_markers_link_to_numbered_source_cards() -> None:
    html = render_answer(make_answer(), turn=3)
    marker = '<a class="va-ref" href="#quelle-3-1">[1]<span class="va-sr-only"> Quelle 1</span></a>'
    assert marker in html
    assert 'id="quelle-3-1"' in html
    assert "veröffentlicht am 25.04.2024" in html
    assert 'href="/quelle/digitaler-aufbruch-2024"' in html


def test_marker_without_source_stays_text() -> None:
    assert link_markers("a [1] b [7]", 0, [1]).endswith("b [7]")


def test_supporting_sentence_is_highlighted() -> None:
    passage = "Einleitung ohne Bezug. Der Kongress fand am 23. April 2024 in Hamburg statt."
    marked = highlight(passage, "Der Kongress war am 23. April 2024 in Hamburg [1].")
    assert marked == (
        "Einleitung ohne Bezug. <mark>Der Kongress fand am 23. April 2024 in Hamburg statt.</mark>"
    )
    assert "<mark>" not in highlight("<b>Kongress</b> in Hamburg.", "Wetter morgen")
    assert "&lt;b&gt;" in highlight("<b>Kongress</b> in Hamburg.", "Kongress Hamburg")


def test_only_web_urls_become_links() -> None:
    safe = render_answer(make_answer(url="https://example.org/pm?a=1&b=2"), 0)
    assert 'href="https://example.org/pm?a=1&amp;b=2"' in safe
    evil = render_answer(make_answer(url="javascript:alert(1)"), 0)
    assert "javascript:" not in evil


def test_document_ids_are_url_encoded_in_links() -> None:
    html = render_answer(make_answer(doc_id='x"/../<y>'), 0, base_url="http://h:1")
    assert 'href="http://h:1/quelle/x%22%2F..%2F%3Cy%3E"' in html


def test_question_is_shown_as_text() -> None:
    html = render_question(XSS)
    assert html.startswith('<div class="va-question" lang="de">') and "<img" not in html
    assert "\n" not in render_question("zwei\nZeilen") and "<br>" in render_question("a\nb")


def test_stream_steps_grow_to_the_full_text() -> None:
    text = " ".join(f"w{i}" for i in range(50)) + " [1]."
    steps = stream_steps(text, max_steps=10)
    assert len(steps) <= 11 and steps[-1] == text
    assert all(text.startswith(s) for s in steps)
    assert all(len(a) < len(b) for a, b in itertools.pairwise(steps))
    assert stream_steps("kurz", max_steps=10) == ["kurz"]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"host": "assistent.example.org"}, "http://assistent.example.org"),
        ({"Host": "127.0.0.1:7860", "X-Forwarded-Proto": "https"}, "https://127.0.0.1:7860"),
        ({"host": "evil.org/<script>"}, ""),
        ({"host": "a.org", "x-forwarded-proto": "javascript"}, ""),
        ({}, ""),
    ],
)
def test_base_url_only_from_plain_hosts(headers: dict[str, str], expected: str) -> None:
    assert base_url_from(headers) == expected


def test_document_page_is_escaped() -> None:
    chunk = Chunk("d:0", "d", 0, "<b>Titel</b>", f"Text {XSS}", f"<b>Titel</b> Text {XSS}")
    page = render_document_page("d", [chunk])
    assert "<script" not in page and "<img" not in page and "&lt;b&gt;Titel" in page


# --------------------------------------------------------------------------- rate limit, staff


def test_rate_limiter_counts_per_client() -> None:
    limiter = RateLimiter("3/minute")
    assert [limiter.hit("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit("b")
    assert 1 <= limiter.retry_after("a") <= 60


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Pressemitteilung Kiel.TXT", "pressemitteilung-kiel.txt"),
        ("C:\\Users\\redaktion\\Größe & Maß.md", "groesse-mass.md"),
        ("/tmp/gradio/abc/smart-city-forum-2025.html", "smart-city-forum-2025.html"),
        (".versteckt.txt", "versteckt.txt"),
        ("Nordl@nder.DIGITAL 2025.htm", "nordlander-digital-2025.htm"),
    ],
)
def test_safe_upload_names(name: str, expected: str) -> None:
    assert safe_upload_name(name) == expected


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.txt", "a/../b.txt", "bericht.doc", "skript.html.exe", "😀.txt", ""]
)
def test_unsafe_upload_names_are_refused(name: str) -> None:
    with pytest.raises(UploadError):
        safe_upload_name(name)


def test_save_upload_validates_before_moving(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    good = tmp_path / "Smart City.txt"
    good.write_text("Smart City Forum 2025\n\nDas Forum findet in Kiel statt.", encoding="utf-8")
    target, replaced = save_upload(good, good.name, corpus)
    assert target == corpus / "smart-city.txt" and not replaced and target.read_text()
    assert save_upload(good, good.name, corpus)[1] is True
    binary = tmp_path / "kaputt.txt"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(UploadError, match="nicht lesbar"):
        save_upload(binary, binary.name, corpus)
    big = tmp_path / "gross.txt"
    big.write_text("x" * (MAX_UPLOAD_BYTES + 1), encoding="utf-8")
    with pytest.raises(UploadError, match="zu groß"):
        save_upload(big, big.name, corpus)
    assert sorted(p.name for p in corpus.iterdir()) == ["smart-city.txt"]


def test_staff_token_check(settings: Settings) -> None:
    assert not check_token("geheim", settings)  # no token configured: nobody gets in
    staffed = settings.model_copy(update={"staff_token": SecretStr("geheim")})
    assert check_token("geheim", staffed)
    assert not check_token("Geheim", staffed) and not check_token("", staffed)
    assert not check_token(None, staffed)


# --------------------------------------------------------------------------- the page


def _labels(demo: Any) -> set[str]:
    return {str(c.get("props", {}).get("label")) for c in demo.config["components"]}


def test_create_app_builds_the_chat_page(assistant_fake: Assistant, settings: Settings) -> None:
    demo = create_app(assistant_fake, settings)
    labels = _labels(demo)
    assert {"Unterhaltung", "Ihre Frage"} <= labels
    assert "Zugangsschlüssel" not in labels  # no staff tab without a token
    api = {d.get("api_name") for d in demo.config["dependencies"]}
    assert {"ask", "chat"} <= api


def test_staff_tab_only_with_token(assistant_fake: Assistant, settings: Settings) -> None:
    staffed = settings.model_copy(update={"staff_token": SecretStr("geheim")})
    demo = create_app(assistant_fake, staffed)
    assert "Zugangsschlüssel" in _labels(demo)
    assert "geheim" not in json.dumps(demo.config, default=str)


def test_chat_streams_then_shows_sources(assistant_fake: Assistant, settings: Settings) -> None:
    backend = Backend(settings, assistant_fake)
    updates = collect(backend, "Wann ist Digitaler Aufbruch 2024?")
    first_messages, _ = updates[0]
    assert first_messages[-1]["content"] == PENDING
    assert len(updates) >= 3  # pending, at least one partial, final
    assert all(update[1] == {"__type__": "update"} for update in updates[:-1])  # gr.skip()
    final_messages, state = updates[-1]
    assert len(state) == 1 and state[0]["answer"]["sources"]
    assert (
        "April" in final_messages[-1]["content"]
        and 'class="va-card"' in final_messages[-1]["content"]
    )
    assert "http://assistent.example.org/quelle/" in final_messages[-1]["content"]
    texts = [re.sub(r"<[^>]+>", "", m[-1]["content"]) for m, _ in updates[1:-1]]
    assert all(len(a) <= len(b) for a, b in itertools.pairwise(texts))


def test_llm_answer_streams_sentence_by_sentence(
    assistant_fake: Assistant, settings: Settings
) -> None:
    """An LLM answer reaches the page as its sentences pass the guardrails (numbered as in
    the final answer), not as word groups of a finished answer."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from assistant.answering.llm import LLMGenerator

    first = "Der Digitale Aufbruch 2024 fand vom 23.-24. April statt."
    second = "Es kamen über 50 Gäste."
    model = GenericFakeChatModel(messages=iter([f"{first} {second}"]))  # streams word by word
    llm = Assistant(settings, assistant_fake.retriever, LLMGenerator(model, "fake"))
    updates = collect(Backend(settings, llm), "Wann ist Digitaler Aufbruch 2024?")
    spoken = r'<span class="va-sr-only">[^<]*</span>'  # " Quelle 1" for screen readers
    texts = [re.sub(r"<[^>]+>", "", re.sub(spoken, "", m[-1]["content"])) for m, _ in updates[1:-1]]
    assert texts == [
        "Der Digitale Aufbruch 2024 fand vom 23.-24. April statt [1].",
        "Der Digitale Aufbruch 2024 fand vom 23.-24. April statt [1]. Es kamen über 50 Gäste [1].",
    ]
    final_messages, state = updates[-1]
    assert state[0]["answer"]["answer"] == texts[-1]
    assert 'class="va-card"' in final_messages[-1]["content"]


def test_warm_up_never_waits_for_llm_answers(assistant_fake: Assistant, settings: Settings) -> None:
    """Start-up warms the caches through the extractive fallback; the model is not asked."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from assistant.answering.llm import LLMGenerator

    asked: list[str] = []

    class Counting(GenericFakeChatModel):
        def invoke(self, input: Any, *args: Any, **kwargs: Any) -> Any:
            asked.append(str(input))
            return super().invoke(input, *args, **kwargs)

    generator = LLMGenerator(Counting(messages=iter(["x"])), "fake")
    llm = Assistant(settings, assistant_fake.retriever, generator)
    Backend(settings, llm).warm_up(["Wann ist Digitaler Aufbruch 2024?", "Wer sprach 2023?"])
    assert asked == [] and llm.generator is generator


def test_followup_uses_the_conversation(assistant_fake: Assistant, settings: Settings) -> None:
    backend = Backend(settings, assistant_fake)
    state = collect(backend, "Wann fand der Digitale Aufbruch 2023 statt?")[-1][1]
    state = collect(backend, "Und wo fand er statt?", state)[-1][1]
    assert len(state) == 2
    assert "2023" in state[1]["answer"]["resolved_question"]
    assert "Nürnberg" in state[1]["answer"]["answer"]


def test_bad_questions_get_friendly_messages(assistant_fake: Assistant, settings: Settings) -> None:
    backend = Backend(settings, assistant_fake)
    with pytest.warns(UserWarning, match="Bitte geben Sie eine Frage ein"):
        assert collect(backend, "   ")[-1][1] == []  # empty: a warning, the chat stays as is
    long = collect(backend, "Wann " * 1000)[-1]
    assert "zu lang" in long[0][-1]["content"] and long[1][0].get("answer") is None
    xss = collect(backend, XSS)[-1][0]
    assert all("<img" not in m["content"] and "<script" not in m["content"] for m in xss)


def test_rate_limit_in_chat(assistant_fake: Assistant, settings: Settings) -> None:
    backend = Backend(settings, assistant_fake, rate_limit="1/minute")
    collect(backend, "Wann ist Digitaler Aufbruch 2024?")
    limited = collect(backend, "Wann ist Digitaler Aufbruch 2024?")[-1][0][-1]["content"]
    assert "Bitte warten Sie einen Moment" in limited


def test_start_up_errors_reach_staff_and_logs_not_visitors(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A real start-up error (the index directory cannot be created) names the path and the
    OS error: the operator's log and the staff tab get that, visitors a friendly sentence."""
    (tmp_path / "blocker").write_text("a file, not a directory")
    broken = settings.model_copy(update={
        "vectorstore_dir": tmp_path / "blocker" / "srv-index",
        "staff_token": SecretStr("geheim")})  # fmt: skip
    assistant, error = open_assistant(broken)
    assert assistant is None and error and "srv-index" in error
    caplog.set_level(logging.INFO)
    with TestClient(create_server(None, broken, startup_error=error)) as client:
        events = GradioEvents(client)
        visitors = [
            client.get("/config").text,
            client.post("/api/ask", json={"question": "Wann?"}).text,
            client.get("/veranstaltungen.ics").text,
            str(events.call("chat", "Wann ist Digitaler Aufbruch 2024?", []).output),
            events.call("ask", "Wann ist Digitaler Aufbruch 2024?", []).error,
        ]
        staff = events.call("login", "geheim").data[2]
    for shown in visitors:
        assert "nicht verfügbar" in shown, shown[:300]
        for detail in ("srv-index", "blocker", "Not a directory", "Error", "ingest"):
            assert detail not in shown, (detail, shown[:300])
    assert "srv-index" in staff and "nicht verfügbar" in staff
    assert error in caplog.text


def test_feedback_is_recorded_per_answer(assistant_fake: Assistant, settings: Settings) -> None:
    backend = Backend(settings, assistant_fake)
    state = collect(backend, "Wann ist Digitaler Aufbruch 2024?")[-1][1]
    with pytest.warns(UserWarning):
        state = collect(backend, "   ", state)[-1][1]
    assert len(to_messages(state)) == 2
    assert record_feedback(backend, state, 1, "Quelle passt nicht", "s1")
    assert not record_feedback(backend, state, 7, True, "s1")  # no such message
    rows = backend.feedback.rows()
    assert [(r.rating, r.reason, r.turn) for r in rows] == [("down", "Quelle passt nicht", 0)]
    assert rows[0].settings["embedding_model"] == "fake-keywords"


# --------------------------------------------------------------------------- JSON API


@pytest.fixture
def api(assistant_fake: Assistant, settings: Settings) -> TestClient:
    app = FastAPI()
    add_routes(app, Backend(settings, assistant_fake, rate_limit="5/minute"))
    return TestClient(app)


def test_api_ask_returns_the_answer_contract(api: TestClient) -> None:
    response = api.post("/api/ask", json={"question": "Wann ist Digitaler Aufbruch 2024?"})
    assert response.status_code == 200
    body = response.json()
    assert "April" in body["answer"] and body["sources"][0]["doc_id"]
    assert {"question", "answer", "language", "abstained", "sources", "timings_ms"} <= set(body)


def test_api_ask_followup(api: TestClient) -> None:
    body = api.post(
        "/api/ask",
        json={"question": "Und wo fand er statt?",
              "history": [{"question": "Wann fand der Digitale Aufbruch 2023 statt?"}]},
    ).json()  # fmt: skip
    assert "Nürnberg" in body["answer"]


@pytest.mark.parametrize(
    "payload",
    [
        {"question": ""},
        {"question": 42},
        {},
        {"question": "Wann?", "history": "nein"},
        {"question": "x" * 5000},
        ["Wann?"],
    ],
)
def test_api_ask_rejects_bad_input(api: TestClient, payload: Any) -> None:
    response = api.post("/api/ask", json=payload)
    assert response.status_code == 400 and response.json()["error"]


def test_api_ask_rejects_bad_json_and_huge_bodies(api: TestClient) -> None:
    assert api.post("/api/ask", content=b"{nope").status_code == 400
    assert api.post("/api/ask", content=b"[" + b"1," * 40000 + b"1]").status_code == 400


def test_api_ask_rate_limit(api: TestClient) -> None:
    codes = [api.post("/api/ask", json={"question": "Wann?"}).status_code for _ in range(6)]
    assert codes[-1] == 429 and codes.count(429) == 1
    response = api.post("/api/ask", json={"question": "Wann?"})
    assert response.json()["error"] and int(response.headers["retry-after"]) >= 1


def test_history_formats() -> None:
    turns = validate_request("Und wo?", ["a", {"question": "b", "answer": "c"}], 100).history
    assert [(t.question, t.answer) for t in turns] == [("a", ""), ("b", "c")]


LONG_EARLIER = "Wann fand der Digitale Aufbruch 2023 statt? " + "sehr " * 60_000  # 300 KB
FOLLOW_UP = "Und wo fand er statt?"


def test_one_validation_for_every_entry_point(
    assistant_fake: Assistant, settings: Settings
) -> None:
    """20 earlier questions of 300 KB each cost seconds of CPU in follow-up resolution (and
    a resolved follow-up carried them past the length limit). The Python API (the CLI's path),
    `POST /api/ask` and Gradio's `/ask` refuse them alike, with one German message."""
    history = [LONG_EARLIER] * 20
    with pytest.raises(QuestionError) as direct:
        assistant_fake.ask(FOLLOW_UP, history)
    message = str(direct.value)
    assert "frühere Frage" in message and "zu lang" in message and len(message) < 200
    with TestClient(create_server(assistant_fake, settings, warm_up=False)) as client:
        response = client.post("/api/ask", json={"question": FOLLOW_UP,
                                                 "history": [LONG_EARLIER[:60_000]]})  # fmt: skip
        assert response.status_code == 400 and response.json()["error"] == message
        refused = GradioEvents(client).call("ask", FOLLOW_UP, history)
        assert not refused.success and refused.error == message
        fine = GradioEvents(client).call("ask", FOLLOW_UP, [LONG_EARLIER[:60]] * 30)
        assert fine.success and "Nürnberg" in fine.data[0]["answer"]


@pytest.mark.parametrize(
    "history", ["Wann?", {"question": "Wann?"}, [42], [["Wann?"]], [{"frage": "Wann?"}]]
)
def test_history_of_the_wrong_shape_is_refused(history: Any) -> None:
    with pytest.raises(QuestionError, match="Verlauf"):
        validate_request(FOLLOW_UP, history, 2000)


def test_only_the_last_turns_count_and_blank_ones_are_dropped() -> None:
    history = [f"Frage {i}" for i in range(50)] + ["  ", "\x00"]
    turns = validate_request(FOLLOW_UP, history, 2000).history
    assert [t.question for t in turns] == [f"Frage {i}" for i in range(32, 50)]


def test_document_route(api: TestClient) -> None:
    response = api.get("/quelle/digitaler-aufbruch-2024")
    assert response.status_code == 200 and "Hamburg" in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert api.get("/quelle/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert api.get("/quelle/gibt-es-nicht").status_code == 404


def test_api_without_index_is_503(settings: Settings) -> None:
    app = FastAPI()
    add_routes(app, Backend(settings, None))
    response = TestClient(app).post("/api/ask", json={"question": "Wann?"})
    assert response.status_code == 503 and response.json()["error"] == UNAVAILABLE


def test_create_server_serves_page_and_api(assistant_fake: Assistant, settings: Settings) -> None:
    with TestClient(create_server(assistant_fake, settings)) as client:
        assert client.get("/").status_code == 200
        answer = client.post("/api/ask", json={"question": "Wann ist Digitaler Aufbruch 2024?"})
        assert answer.status_code == 200 and "April" in answer.json()["answer"]
        assert client.get("/quelle/digitaler-aufbruch-2024").status_code == 200


def test_start_up_imports_matplotlib_before_the_first_event(
    assistant_fake: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gradio imports matplotlib (if installed) in every event; not in the first visitor's."""
    for name in [m for m in sys.modules if m.split(".")[0] == "matplotlib"]:  # any test order
        monkeypatch.delitem(sys.modules, name)
    create_server(assistant_fake, settings)
    assert "matplotlib" in sys.modules


# --------------------------------------------------------------------------- failures, staff


class BrokenAssistant:
    def ask(self, question: str, history: Any = ()) -> Answer:
        raise RuntimeError("collection vanished")


def test_unexpected_errors_become_friendly(settings: Settings) -> None:
    backend = Backend(settings, BrokenAssistant())  # type: ignore[arg-type]
    content = collect(backend, "Wann?")[-1][0][-1]["content"]
    assert "nicht geklappt" in content and "collection" not in content
    app = FastAPI()
    add_routes(app, backend)
    response = TestClient(app).post("/api/ask", json={"question": "Wann?"})
    assert response.status_code == 500 and "collection" not in response.text


def test_upload_then_ingest_makes_it_answerable(
    assistant_fake: Assistant, settings: Settings, tmp_path: Path
) -> None:
    backend = Backend(settings, assistant_fake)
    upload = tmp_path / "Smart City Forum 2025.txt"
    upload.write_text(SMART_CITY, encoding="utf-8")
    save_upload(upload, upload.name, settings.corpus_dir)
    log = ingest_and_reload(backend)
    assert "1 neu" in log
    assert "smart-city-forum-2025" in [row[0] for row in document_rows(backend)]
    assert "Kiel" in backend.ask("Wo findet das Smart City Forum 2025 statt?").answer
    hits = retrieval_rows(backend, "Smart City Forum Kiel", k=3)
    assert hits[0][0] == 1 and hits[0][4].startswith("smart-city-forum-2025:")


def test_staff_can_build_a_missing_index(settings: Settings, corpus_dir: Path) -> None:
    backend = Backend(settings, None)
    assert "5 neu" in ingest_and_reload(backend)
    assert backend.assistant is not None
    assert "April" in backend.ask("Wann ist Digitaler Aufbruch 2024?").answer


def test_cli_serve_passes_host_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import assistant.web.app
    from assistant.cli import main

    seen: list[Settings] = []
    monkeypatch.setattr(assistant.web.app, "launch", seen.append)
    result = CliRunner().invoke(main, ["serve", "--host", "127.0.0.2", "--port", "7999"])
    assert result.exit_code == 0, result.output
    assert (seen[0].host, seen[0].port) == ("127.0.0.2", 7999)


# --------------------------------------------------------------------------- events tab, calendar


def test_events_tab_renders_on_select(assistant_fake: Assistant, settings: Settings) -> None:
    demo = create_app(assistant_fake, settings)
    components = {c["id"]: c for c in demo.config["components"]}
    tab = next(c for c in components.values() if c["props"].get("label") == "Veranstaltungen")
    html = next(c for c in components.values() if c["props"].get("elem_id") == "va-events")
    assert "Digitaler Aufbruch" in html["props"]["value"]  # rendered once when the page is built
    selects = [d for d in demo.config["dependencies"]
               if (tab["id"], "select") in [tuple(t) for t in d["targets"]]]  # fmt: skip
    assert len(selects) == 1 and selects[0]["outputs"] == [html["id"]]


def test_events_page_follows_the_index(
    assistant_fake: Assistant, settings: Settings, tmp_path: Path
) -> None:
    backend = Backend(settings, assistant_fake)
    page = events_page(backend, FakeRequest())
    assert "http://assistent.example.org/quelle/digitaler-aufbruch-2024" in page
    assert "Keine kommenden Veranstaltungen bekannt." in page  # ASSISTANT_TODAY is 2026-11-23
    assert "Smart City Forum" not in page
    upload = tmp_path / "smart-city.txt"
    upload.write_text(SMART_CITY.replace("2025", "2027"), encoding="utf-8")
    save_upload(upload, upload.name, settings.corpus_dir)
    assert "1 neu" in ingest_and_reload(backend)  # what the staff tab does
    page = events_page(backend, FakeRequest())
    upcoming = page.split("<h2>Kommende Veranstaltungen</h2>")[1].split("</section>")[0]
    assert "Smart City Forum 2027" in upcoming and "3. und 4. Juni 2027" in upcoming
    assert "http://assistent.example.org/quelle/smart-city" in upcoming
    assert EMPTY in events_page(Backend(settings, None))


def test_calendar_route(api: TestClient) -> None:
    response = api.get("/veranstaltungen.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert 'filename="veranstaltungen.ics"' in response.headers["content-disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 5  # the undated 2019 edition has no place in it
    assert "SUMMARY:Digitaler Aufbruch 2024\r\n" in body
    assert "DTSTART;VALUE=DATE:20240423\r\n" in body


def test_calendar_without_index_is_503(settings: Settings) -> None:
    app = FastAPI()
    add_routes(app, Backend(settings, None))
    response = TestClient(app).get("/veranstaltungen.ics")
    assert response.status_code == 503 and response.text == UNAVAILABLE


def test_events_tab_decides_past_and_upcoming_in_berlin_time(
    assistant_fake: Assistant, settings: Settings
) -> None:
    """On a UTC host at 23:30 it is already 23 April in Germany: Digitaler Aufbruch 2024
    (23-24 April) is running, not upcoming."""
    backend = Backend(settings.model_copy(update={"today": None}), assistant_fake)
    with freeze_time("2024-04-22 23:30:00"):  # the host clock, in UTC
        page = events_page(backend)
    rows = re.findall(r'<tr class="va-event-row".*?</tr>', page, flags=re.S)
    row = next(r for r in rows if 'datetime="2024-04-23"' in r)
    assert ">läuft<" in row and "kommend" not in row
    assert "Stand: 23.04.2024" in page


def test_upload_beside_a_file_with_the_same_id_is_refused(
    assistant_fake: Assistant, settings: Settings, tmp_path: Path
) -> None:
    """`x.md` beside `x.txt` would be two documents with one id: refused, nothing written."""
    before = {p.name: p.read_bytes() for p in settings.corpus_dir.iterdir()}
    upload = tmp_path / "digitaler-aufbruch-2024.md"
    upload.write_text("# Digitaler Aufbruch 2024\n\nVerschoben auf den Mai.", encoding="utf-8")
    with pytest.raises(UploadError) as excinfo:
        save_upload(upload, upload.name, settings.corpus_dir)
    assert "digitaler-aufbruch-2024.txt" in str(excinfo.value)
    assert "dieselbe Dokument-ID" in str(excinfo.value)
    assert {p.name: p.read_bytes() for p in settings.corpus_dir.iterdir()} == before
    same_name = tmp_path / "digitaler-aufbruch-2024.txt"  # replacing under its name is fine
    same_name.write_text("Digitaler Aufbruch 2024\n\nVerschoben auf den Mai.", encoding="utf-8")
    assert save_upload(same_name, same_name.name, settings.corpus_dir)[1] is True

"""The staff tab through Gradio's event API, as a browser or an attacker without the page calls
it: every handler checks the token itself, refusals are one log line (no traceback), and the
token reaches no log, output, cookie or page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SMART_CITY
from fastapi.testclient import TestClient
from gradio_http import EventResult, GradioEvents
from pydantic import SecretStr

from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.web.app import create_server
from assistant.web.backend import open_assistant
from assistant.web.staff import DENIED, SESSION_PATH

TOKEN = "s3cret-Zugang-4711"
QUESTION = "Wann ist Digitaler Aufbruch 2024?"
#: Wrong tokens, including ones that contain the real token (a log of the given value
#: would then show it).
WRONG_TOKENS = ["", "falsch", TOKEN + "x", " " + TOKEN, TOKEN.upper(), TOKEN[:-1]]


@pytest.fixture
def staffed(settings: Settings) -> Settings:
    return settings.model_copy(update={"staff_token": SecretStr(TOKEN)})


@pytest.fixture
def client(assistant_fake: Assistant, staffed: Settings) -> Iterator[TestClient]:
    app = create_server(assistant_fake, staffed, rate_limit="1000/minute", warm_up=False)
    with TestClient(app) as client:
        yield client


def corpus_state(settings: Settings) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in settings.corpus_dir.iterdir()}


def uploaded_file(client: TestClient, name: str = "smart-city-forum-2025.txt") -> dict[str, Any]:
    """A file in Gradio's cache, uploaded with a real staff session (so that the event's own
    token check, not the upload gate, is what a wrong token meets)."""
    assert client.post(SESSION_PATH, headers={"X-Staff-Token": TOKEN}).status_code == 200
    path = GradioEvents(client).upload([(name, SMART_CITY.encode("utf-8"))]).json()[0]
    return {"path": path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}


# --------------------------------------------------------------------------- wrong tokens


@pytest.mark.parametrize("token", WRONG_TOKENS)
def test_every_staff_event_refuses_a_wrong_or_empty_token(
    client: TestClient, staffed: Settings, assistant_fake: Assistant, token: str
) -> None:
    events = GradioEvents(client)
    corpus, generation = corpus_state(staffed), assistant_fake.retriever.info.generation
    file = uploaded_file(client)
    calls: dict[str, EventResult] = {
        "login": events.call("login", token),
        "refresh": events.call("refresh", token),
        "upload": events.call("upload", token, file),
        "rebuild": events.call("rebuild", token),
        "search": events.call("search", token, "Smart City Forum Kiel"),
    }
    for name, result in calls.items():
        assert not result.success and result.error == DENIED, name
    assert corpus_state(staffed) == corpus  # nothing saved
    assert assistant_fake.retriever.info.generation == generation  # nothing rebuilt
    assert not Path(file["path"]).exists()  # the refused upload is gone from Gradio's cache


def test_the_right_token_opens_every_staff_event(
    client: TestClient, staffed: Settings, assistant_fake: Assistant
) -> None:
    """The counterpart: the same calls with the right token do what staff expect."""
    events = GradioEvents(client)
    assert events.call("login", TOKEN).success
    saved = events.call("upload", TOKEN, uploaded_file(client))
    assert saved.success and "smart-city-forum-2025.txt gespeichert" in saved.data[0]
    hits = events.call("search", TOKEN, "Smart City Forum Kiel")
    assert hits.success and "smart-city-forum-2025:0" in str(hits.data[0])
    rebuilt = events.call("rebuild", TOKEN)
    assert rebuilt.success and "6 neu" in rebuilt.data[0]
    assert assistant_fake.retriever.info.generation == 3


# --------------------------------------------------------------------------- refusals


def test_refusals_are_one_log_line_without_traceback(
    client: TestClient, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Gradio printed the traceback of every `gr.Error` (wrong token, too-long question)."""
    caplog.set_level(logging.INFO)
    events = GradioEvents(client)
    assert events.call("ask", "Wann " * 1000, []).error.startswith("Die Frage ist zu lang")
    assert events.call("ask", "   ", []).error == "Bitte geben Sie eine Frage ein."
    assert events.call("rebuild", "falsch").error == DENIED
    assert events.call("search", TOKEN, "  ").error == "Bitte eine Frage eingeben."
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "gradio.exceptions.Error" not in out + err
    refused = [r.getMessage() for r in caplog.records if "abgelehnt" in r.getMessage()]
    assert len(refused) == 4 and all("\n" not in line for line in refused), refused
    assert not [r for r in caplog.records if r.exc_info]


# --------------------------------------------------------------------------- the token


def test_staff_token_never_reaches_logs_outputs_or_cookies(
    tmp_path: Path,
    settings: Settings,
    assistant_fake: Assistant,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the real log paths: start-up (with and without an index), wrong tokens (some
    containing the token), a staff session, a failing staff ingest and a failing answer."""
    caplog.set_level(logging.DEBUG)  # every logger: ours, gradio's, uvicorn's, httpx's
    staffed = settings.model_copy(update={"staff_token": SecretStr(TOKEN)})
    seen: list[str] = [repr(staffed), str(staffed), staffed.model_dump_json()]

    broken = staffed.model_copy(update={"vectorstore_dir": tmp_path / "nicht-da" / "x"})
    (tmp_path / "nicht-da").write_text("a file, not a directory")
    missing, error = open_assistant(broken)
    assert missing is None and error
    with TestClient(create_server(None, broken, startup_error=error)) as client:
        events = GradioEvents(client)
        seen.append(client.get("/").text + client.get("/config").text)
        seen.append(str(events.call("login", TOKEN).output))  # staff see the start-up error
        seen.append(client.post("/api/ask", json={"question": QUESTION}).text)

    app = create_server(assistant_fake, staffed, rate_limit="1000/minute")
    with TestClient(app) as client:
        events = GradioEvents(client)
        seen.append(client.get("/").text + client.get("/config").text)
        for token in WRONG_TOKENS:
            seen.append(str(events.call("login", token).output))
            session = client.post(SESSION_PATH, headers={"X-Staff-Token": token})
            seen.append(session.text + str(session.headers))
        session = client.post(SESSION_PATH, headers={"X-Staff-Token": TOKEN})
        seen.append(session.text + str(session.headers) + str(dict(client.cookies)))
        for path in staffed.corpus_dir.iterdir():  # an empty corpus: the rebuild fails
            path.unlink()
        rebuilt = events.call("rebuild", TOKEN)
        assert rebuilt.success and "nicht aktualisiert" in rebuilt.data[0]
        seen.append(str(rebuilt.output))
        seen.append(str(events.call("ask", "Wann " * 1000, []).output))
        monkeypatch.setattr(assistant_fake, "ask", broken_ask)  # a bug while answering
        failed = client.post("/api/ask", json={"question": QUESTION})
        assert failed.status_code == 500
        seen.append(failed.text + str(events.call("chat", QUESTION, []).output))

    out, err = capfd.readouterr()
    seen += [out, err, caplog.text]
    seen += [str(r.args) for r in caplog.records]
    assert "Zugang verweigert" in caplog.text + " ".join(seen)  # the paths were taken
    assert "nicht aktualisiert" in " ".join(seen) and "Der Assistent ist nicht" in caplog.text
    assert "answering failed" in caplog.text  # the bug's traceback is logged, token-free
    leaks = [text[:200] for text in seen if TOKEN in text]
    assert not leaks


def broken_ask(question: str, history: Any = ()) -> Any:
    raise RuntimeError("collection vanished")

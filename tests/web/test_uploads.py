"""Gradio's upload route behind the gate: closed without a staff tab, staff session only,
one file within the size limit, rate-limited, and every upload deleted once handled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SMART_CITY
from fastapi.testclient import TestClient
from gradio_http import GradioEvents
from pydantic import SecretStr

from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.web.app import create_server
from assistant.web.staff import MAX_UPLOAD_BYTES, SESSION_PATH
from assistant.web.uploads import SESSION_COOKIE, session_value, valid_session

TOKEN = "s3cret-Zugang-4711"
PRESS_RELEASE = SMART_CITY.encode("utf-8")


def served(assistant: Assistant, settings: Settings) -> TestClient:
    return TestClient(create_server(assistant, settings, warm_up=False))


@pytest.fixture
def staffed(settings: Settings) -> Settings:
    return settings.model_copy(update={"staff_token": SecretStr(TOKEN)})


@pytest.fixture
def client(assistant_fake: Assistant, staffed: Settings) -> Iterator[TestClient]:
    with served(assistant_fake, staffed) as client:
        yield client


def log_in(client: TestClient, token: str = TOKEN) -> int:
    """What the login button's script does before the login event: ask for the session."""
    return client.post(SESSION_PATH, headers={"X-Staff-Token": token}).status_code


def test_without_a_staff_tab_the_upload_route_is_closed(
    assistant_fake: Assistant, settings: Settings
) -> None:
    with served(assistant_fake, settings) as client:
        response = GradioEvents(client).upload([("a.txt", PRESS_RELEASE)])
        assert response.status_code == 404
        assert client.post(SESSION_PATH, headers={"X-Staff-Token": "x"}).status_code == 404


def test_upload_needs_a_staff_session(client: TestClient) -> None:
    events = GradioEvents(client)
    refused = events.upload([("a.txt", PRESS_RELEASE)])
    assert refused.status_code == 403 and "anmelden" in refused.json()["error"]
    assert log_in(client, "falsch") == 403 and SESSION_COOKIE not in client.cookies
    assert log_in(client, "") == 403
    client.cookies.set(SESSION_COOKIE, "9999999999.forged")
    assert events.upload([("a.txt", PRESS_RELEASE)]).status_code == 403
    client.cookies.clear()
    assert log_in(client) == 200
    accepted = events.upload([("a.txt", PRESS_RELEASE)])
    assert accepted.status_code == 200 and len(accepted.json()) == 1
    assert TOKEN not in client.cookies[SESSION_COOKIE]  # proves the token, does not hold it


def test_one_file_within_the_size_limit(client: TestClient) -> None:
    """One request used to carry 1,000 files of 1 MB each."""
    assert log_in(client) == 200
    events = GradioEvents(client)
    two = events.upload([("a.txt", PRESS_RELEASE), ("b.txt", PRESS_RELEASE)])
    assert two.status_code == 400 and "eine Datei" in two.json()["error"]
    many = events.upload([(f"{i}.txt", b"x") for i in range(1000)])
    assert many.status_code == 400
    big = events.upload([("gross.txt", b"x" * (MAX_UPLOAD_BYTES + 20 * 1024))])
    assert big.status_code == 413 and "zu groß" in big.json()["error"]
    assert events.upload([("ok.txt", b"x" * (MAX_UPLOAD_BYTES - 1024))]).status_code == 200


def test_uploads_are_rate_limited(client: TestClient) -> None:
    assert log_in(client) == 200
    events = GradioEvents(client)
    codes = [events.upload([("a.txt", b"Text")]).status_code for _ in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]


def test_gradio_form_route_takes_no_files(client: TestClient) -> None:
    response = client.post(
        "/gradio_api/component_server",
        files=[("files", (f"{i}.txt", b"x" * 1000, "text/plain")) for i in range(50)],
        data={"component_id": "1", "session_hash": "s", "fn_name": "f"},
    )
    assert response.status_code == 415


def test_uploaded_file_is_deleted_once_handled(
    client: TestClient, staffed: Settings
) -> None:
    """Gradio used to keep every upload for an hour; the staff tab now deletes it at once,
    whether it was saved, refused or the token was wrong."""
    assert log_in(client) == 200
    events = GradioEvents(client)
    for name, content, token, expected in (
        ("smart-city-forum-2025.txt", PRESS_RELEASE, TOKEN, "gespeichert"),
        ("kaputt.txt", b"\x89PNG\r\n\x1a\n\x00\x00", TOKEN, "nicht lesbar"),
        ("gehalt.txt", PRESS_RELEASE, "falsch", "Zugang verweigert"),
    ):
        uploaded = events.upload([(name, content)]).json()[0]
        assert Path(uploaded).exists()
        file = {"path": uploaded, "orig_name": name, "meta": {"_type": "gradio.FileData"}}
        result = events.call("upload", token, file)
        shown = str(result.data[0]) if result.success else result.error
        assert expected in shown
        assert not Path(uploaded).exists()
    assert (staffed.corpus_dir / "smart-city-forum-2025.txt").exists()
    assert not (staffed.corpus_dir / "gehalt.txt").exists()


def test_session_values(staffed: Settings, settings: Settings) -> None:
    value = session_value(staffed, now=1_000_000)
    assert valid_session(value, staffed, now=1_000_000 + 3600)
    assert not valid_session(value, staffed, now=1_000_000 + 9 * 3600)  # expired
    assert not valid_session(value, settings, now=1_000_000)  # no staff token: no sessions
    other = staffed.model_copy(update={"staff_token": SecretStr("neu")})
    assert not valid_session(value, other, now=1_000_000)  # a new token ends every session
    expires, _, signature = value.partition(".")
    assert not valid_session(f"{int(expires) + 3600}.{signature}", staffed, now=1_000_000)
    assert not valid_session("", staffed) and not valid_session("abc", staffed)

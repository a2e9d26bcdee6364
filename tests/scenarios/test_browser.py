"""The page in a real (headless Debian) Chromium against a real server on 127.0.0.1.

One server per module, over a keyword-embedding index of the corpus built in a
temp dir, with a staff token; Playwright drives `/usr/bin/chromium` (it never
downloads a browser). Waits are on selectors with bounded timeouts; the final
answer carries the class `va-final`, streamed prefixes do not.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    SMART_CITY,
    KeywordEmbeddings,
    copy_corpus,
    make_settings,
    register_fake_embeddings,
)
from pydantic import SecretStr

from assistant.web.app import page_examples

pytestmark = pytest.mark.integration

playwright_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
TOKEN = "redaktion-test-7f3a"
TIMEOUT_MS = 20_000
DONE = "#va-chat .va-final, #va-chat .va-notice"
EMBED_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Veranstalter</title><script type="module" src="{url}/gradio.js"></script></head><body>
<h1>Unsere Veranstaltungen</h1>
<gradio-app src="{url}/"></gradio-app>
<iframe src="{url}/" title="Veranstaltungsassistent" width="100%" height="700"></iframe>
</body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    url: str
    app: Any
    root: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/system-deps.sh)")
    from assistant.corpus.loader import load_corpus
    from assistant.index.chunk_index import ChunkIndex
    from assistant.index.retrieval import HybridRetriever
    from assistant.pipeline import Assistant
    from assistant.web.app import create_server

    register_fake_embeddings()  # staff ingests build embeddings by name in this process
    root = tmp_path_factory.mktemp("ui-browser")
    settings = make_settings(root, staff_token=SecretStr(TOKEN))
    copy_corpus(settings.corpus_dir)
    index = ChunkIndex(settings, embeddings=KeywordEmbeddings())
    index.ingest(load_corpus(settings.corpus_dir).documents)
    app = create_server(Assistant(settings, HybridRetriever(index)), settings,
                        rate_limit="1000/minute")  # fmt: skip
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("server did not start")
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", app, root)
    uv.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser(server: Served) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: Served) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(server.url + "/")
    page.wait_for_selector("#va-question textarea")
    yield page
    context.close()


def ask(page: Any, question: str) -> Any:
    """Type a question, press Enter, wait for the finished answer (or notice) and return it."""
    before = page.locator(DONE).count()
    page.fill("#va-question textarea", question)
    page.press("#va-question textarea", "Enter")
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length > n", arg=[DONE, before]
    )
    return page.locator(DONE).last


def test_answer_with_source_card_and_document(page: Any) -> None:
    answer = ask(page, "Wann ist Digitaler Aufbruch 2024?")
    assert "April" in answer.locator(".va-text").inner_text()
    card = answer.locator(".va-card").first
    assert card.is_visible() and "[1]" in card.inner_text()
    assert card.locator("mark").count() >= 1
    marker = answer.locator("a.va-ref").first
    anchor = marker.get_attribute("href")
    assert anchor and anchor.startswith("#quelle-") and page.locator(anchor).count() == 1
    with page.context.expect_page() as opened:
        card.locator("a.va-doc").click()
    document = opened.value
    document.wait_for_load_state()
    assert "/quelle/digitaler-aufbruch" in document.url
    assert "Aufbruch" in document.locator("h1").inner_text()
    assert "Hamburg" in document.locator("article").inner_text()


def test_script_in_questions_stays_text(page: Any) -> None:
    payloads = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>"]
    for payload in payloads:
        ask(page, payload)
    shown = page.locator("#va-chat .va-question").all_inner_texts()
    assert shown == payloads
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#va-chat img[src='x']").count() == 0
    page.fill("#va-question textarea", "   ")
    page.press("#va-question textarea", "Enter")
    page.get_by_text("Bitte geben Sie eine Frage ein.").first.wait_for()


def test_followup_examples_and_new_conversation(page: Any, server: Served) -> None:
    ask(page, "Wann fand der Digitale Aufbruch 2023 statt?")
    assert "Nürnberg" in ask(page, "Und wo fand er statt?").inner_text()
    page.click("#va-new")
    page.wait_for_function("() => !document.querySelector('#va-chat .va-question')")
    example = next(q for q in page_examples(server.app.state.backend) if q.startswith("Wo "))
    page.get_by_role("button", name=example).click()  # made from the catalog, not written here
    page.wait_for_selector(DONE)
    answer = page.locator(DONE).last.inner_text()
    assert "statt" in answer and "keine Informationen" not in answer


def test_feedback_with_reason_is_stored(page: Any, server: Served) -> None:
    ask(page, "Wann ist Digitaler Aufbruch 2024?")
    page.locator("#va-chat button[aria-label='Feedback']").last.click()
    page.locator("#va-chat .extra-feedback-option", has_text="unvollständig").last.click()
    store = server.app.state.backend.feedback
    deadline = time.monotonic() + 10
    while not any(r.reason == "unvollständig" for r in store.rows()):
        assert time.monotonic() < deadline, "feedback not stored"
        time.sleep(0.1)
    row = next(r for r in store.rows() if r.reason == "unvollständig")
    assert row.rating == "down" and row.question == "Wann ist Digitaler Aufbruch 2024?"
    assert row.answer["sources"] and row.embedding_model == "fake-keywords"


def test_staff_upload_makes_document_answerable(page: Any, server: Served) -> None:
    page.get_by_role("tab", name="Redaktion").click()
    page.fill("#va-token input", "falsch")
    page.click("#va-login")
    page.get_by_text("Zugang verweigert").first.wait_for()
    assert page.locator("#va-docs").count() == 0
    page.fill("#va-token input", TOKEN)
    page.click("#va-login")
    page.get_by_text("digitaler-aufbruch-2024").first.wait_for()

    upload = server.root / "Smart City Forum 2025.txt"
    upload.write_text(SMART_CITY, encoding="utf-8")
    page.set_input_files("#va-upload input[type=file]", str(upload))
    page.wait_for_function(
        "() => (document.querySelector('#va-log textarea')?.value || '').includes('Index')",
        timeout=60_000,
    )
    log = page.input_value("#va-log textarea")
    assert "smart-city-forum-2025.txt gespeichert" in log and "1 neu" in log
    page.get_by_text("smart-city-forum-2025").first.wait_for()

    page.fill("#va-staff-query textarea", "Smart City Forum Kiel")
    page.click("#va-staff-search")
    page.locator("#va-hits").get_by_text("smart-city-forum-2025:0").first.wait_for()

    page.get_by_role("tab", name="Fragen").click()
    answer = ask(page, "Wo findet das Smart City Forum 2025 statt?")
    assert "Kiel" in answer.inner_text()
    assert TOKEN not in page.content()


def test_events_tab_with_source_links_and_calendar(page: Any, server: Served) -> None:
    page.get_by_role("tab", name="Veranstaltungen").click()
    dated = page.locator("time[datetime='2024-04-23']")
    row = page.locator("#va-events tr.va-event-row", has=dated)
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert cells[:4] == ["Digitaler Aufbruch", "2024", "23. und 24. April 2024", "Hamburg"]
    assert cells[6] == "vergangen"  # ASSISTANT_TODAY is 2026-11-23
    timeline = page.locator("#va-events .va-tl-group", has_text="Vergangene Veranstaltungen")
    assert "Digitaler Aufbruch 2024" in timeline.inner_text()
    assert page.get_by_text("Keine kommenden Veranstaltungen bekannt.").is_visible()
    if target := os.environ.get("VA_EVENTS_SCREENSHOT"):  # evals/reports/ui_events_screenshot.png
        page.screenshot(path=target, full_page=True)
    with page.context.expect_page() as opened:
        row.locator("a.va-doc").first.click()
    document = opened.value
    document.wait_for_load_state()
    assert document.url == server.url + "/quelle/digitaler-aufbruch-2024"
    assert "Hamburg" in document.locator("article").inner_text()
    href = page.locator("#va-events a.va-ics").get_attribute("href")
    assert href == server.url + "/veranstaltungen.ics"  # absolute, like the source links
    with urllib.request.urlopen(href, timeout=10) as response:
        calendar = response.read().decode("utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and "SUMMARY:Digitaler Aufbruch 2024" in calendar


def test_embedded_on_another_site(browser: Any, server: Served, tmp_path: Path) -> None:
    """The docs' two snippets (docs/embedding.md) on a page from another origin."""
    (tmp_path / "index.html").write_text(EMBED_PAGE.format(url=server.url), encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    context = browser.new_context(locale="de-DE", viewport={"width": 1100, "height": 1600})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{site.server_port}/index.html")
        box = page.locator("gradio-app #va-question textarea")
        box.fill("Wann ist Digitaler Aufbruch 2024?")
        box.press("Enter")
        answer = page.locator("gradio-app .va-final")
        answer.wait_for()
        assert "April" in answer.inner_text()
        link = answer.locator("a.va-doc").first.get_attribute("href")
        assert link and link.startswith(server.url + "/quelle/")  # absolute: works off-site

        frame = page.frame_locator("iframe")
        frame.locator("#va-question textarea").fill("Wer hatte die Schirmherrschaft?")
        frame.locator("#va-question textarea").press("Enter")
        frame.locator(DONE).first.wait_for()
    finally:
        context.close()
        site.shutdown()


def test_gradio_client_and_json_api(server: Served) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(server.url + "/", verbose=False)
    result = client.predict("Wann ist Digitaler Aufbruch 2024?", [], api_name="/ask")
    assert "April" in result["answer"] and result["sources"]
    with pytest.raises(AppError, match="Bitte geben Sie eine Frage ein"):
        client.predict("  ", [], api_name="/ask")

    job = client.submit("Wann ist Digitaler Aufbruch 2024?", api_name="/chat")
    updates = list(job)
    assert len(updates) >= 3  # pending, streamed words, final answer with sources
    final = json.dumps(updates[-1])  # the chat (the state stays on the server)
    assert "va-final" in final and "va-card" in final

    request = urllib.request.Request(
        server.url + "/api/ask",
        data=json.dumps({"question": "Wann ist Digitaler Aufbruch 2024?"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.loads(response.read())
    assert "April" in body["answer"] and body["sources"][0]["doc_id"]

    bad = urllib.request.Request(server.url + "/api/ask", data=b'{"question": ""}', method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(bad, timeout=10)
    assert error.value.code == 400 and json.loads(error.value.read())["error"]


def test_no_request_to_any_other_host_and_no_address_in_feedback(
    browser: Any, server: Served
) -> None:
    """Privacy: loading the page, asking, voting, the events tab and a source document make
    requests to this server only (no CDN, font or analytics host), and the stored vote
    holds no client address."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_selector("#va-question textarea")
        page.wait_for_timeout(1000)  # late loads (fonts, icons) would show up here
        answer = ask(page, "Wer hatte die Schirmherrschaft über Nordl@nder.DIGITAL?")
        page.locator("#va-chat button[aria-label='Gefällt mir']").last.click()
        with context.expect_page() as opened:
            answer.locator("a.va-doc").first.click()
        opened.value.wait_for_load_state("load")
        page.get_by_role("tab", name="Veranstaltungen").click()
        page.locator("#va-events tr.va-event-row").first.wait_for()
        page.wait_for_timeout(1000)
        cookies = context.cookies()
    finally:
        context.close()
    assert cookies == []  # no cookie at all, so no consent banner is needed
    local = (server.url + "/", "data:", "blob:", "about:")
    assert len(requested) > 10  # the page's scripts, styles, queue calls …
    assert [url for url in requested if not url.startswith(local)] == []
    database = server.app.state.backend.feedback.path
    deadline = time.monotonic() + 10
    store = server.app.state.backend.feedback
    while not any(r.question.startswith("Wer hatte") for r in store.rows()):
        assert time.monotonic() < deadline, "vote not stored"
        time.sleep(0.1)
    stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert b"127.0.0.1" not in stored

"""Accessibility (BITV 2.0 / WCAG 2.1 AA) in a real Chromium: axe-core on every tab, keyboard-
only use with visible focus, screen-reader announcements and language tags.

axe-core comes inside the `axe-playwright-python` wheel (its `axe.min.js`, injected into the
page; nothing is downloaded). docs/barrierefreiheit.md says what this covers, what it cannot
cover, and how organisers turn it into their accessibility statement.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import test_browser
from test_browser import CHROMIUM_ARGS, DONE, TIMEOUT_MS, TOKEN, Served, ask

# The browser suite's fixtures: a server of this module's own, Debian's Chromium, a page.
server = test_browser.server
browser = test_browser.browser
page = test_browser.page

pytestmark = pytest.mark.integration

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
#: WCAG 2.0 and 2.1, levels A and AA (what BITV 2.0 requires), plus axe's best practices
#: (one h1, landmarks, heading order), which the issue's measurement included.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MAX_TABS = 250


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page once its fade-ins are over (a message half faded in
    has half its contrast), short enough to read in a failure."""
    page.wait_for_function(
        """() => document.getAnimations().every(a => a.playState !== 'running'
             || a.effect.getTiming().iterations === Infinity)"""
    )
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = axe_playwright.Axe().run(page, options=options)
    violations = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5],
         "why": v["nodes"][0].get("failureSummary", "")[:300]}
        for v in results.response["violations"]
    ]  # fmt: skip
    if target := os.environ.get("VA_AXE_REPORT"):  # docs/barrierefreiheit.md: the report
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"url": page.url, "violations": violations}) + "\n")
    return violations


def open_events(page: Any) -> None:
    page.get_by_role("tab", name="Veranstaltungen").click()
    page.locator("#va-events tr.va-event-row").first.wait_for()


def open_staff(page: Any) -> None:
    page.get_by_role("tab", name="Redaktion").click()
    page.fill("#va-token input", TOKEN)
    page.click("#va-login")
    page.get_by_text("digitaler-aufbruch-2024").first.wait_for()
    page.click("#va-votes-show")
    page.locator("#va-feedback-status").get_by_text("Rückmeldungen gespeichert").wait_for()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_tab(browser: Any, server: Served, theme: str) -> None:
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 1000},
                                  color_scheme=theme)  # fmt: skip
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/?__theme={theme}")
        page.wait_for_selector("#va-question textarea")
        ask(page, "Wann ist Digitaler Aufbruch 2024?")  # streamed answer with source cards
        answer = ask(page, "Where was the Digitaler Aufbruch 2024 held?")
        assert answer.locator(".va-card").count() >= 1
        assert axe_violations(page) == [], "chat"
        open_events(page)
        assert axe_violations(page) == [], "events"
        open_staff(page)
        assert axe_violations(page) == [], "staff"
    finally:
        context.close()


def test_axe_finds_no_violations_on_a_source_document(page: Any, server: Served) -> None:
    """The cleaned press release a source card opens (`/quelle/{doc_id}`), PDF pages marked."""
    page.goto(server.url + "/quelle/digitaler-aufbruch-2024")
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.get_by_role("heading", level=1).count() == 1
    assert axe_violations(page) == []


def focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus, and whether it has a focus outline of at least 2 px (Gradio
    draws box shadows on fields anyway, so a shadow would prove nothing)."""
    return dict(
        page.evaluate(
            """() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        return {tag: el.tagName.toLowerCase(), id: el.id || el.closest('[id]')?.id || '',
                cls: String(el.className || ''), label: el.getAttribute('aria-label') || '',
                text: (el.textContent || '').trim().slice(0, 60),
                href: el.getAttribute('href') || '',
                visible: outline};
    }"""
        )
    )


def tab_until(page: Any, wanted: Any, seen: list[dict[str, Any]]) -> dict[str, Any]:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = focused(page)
        seen.append(current)
        if wanted(current):
            return current
    raise AssertionError(f"not reached by keyboard; last stops: {seen[-8:]}")


def test_keyboard_only_question_send_sources_and_feedback(page: Any, server: Served) -> None:
    seen: list[dict[str, Any]] = []
    field = tab_until(page, lambda f: f["tag"] == "textarea" and f["id"] == "va-question", seen)
    assert field["visible"], "the question field shows no focus"
    page.keyboard.type("Wann ist Digitaler Aufbruch 2024?")
    send = tab_until(page, lambda f: f["tag"] == "button" and f["id"] == "va-send", seen)
    assert send["visible"], "the send button shows no focus"
    page.keyboard.press("Enter")
    page.wait_for_selector(DONE)
    answer = page.locator(".va-final").last
    targets = {a.get_attribute("href") for a in answer.locator("a.va-doc, a.va-ref").all()}
    assert len(targets) >= 2  # a marker and a document link at least

    reached: set[str] = set()
    for _ in range(len(targets)):
        link = tab_until(page, lambda f: f["href"] in targets - reached, seen)
        assert link["visible"], f"no visible focus on {link}"
        reached.add(link["href"])
    assert reached == targets

    like = tab_until(page, lambda f: f["label"] == "Gefällt mir", seen)
    assert like["visible"], "the feedback button shows no focus"
    page.keyboard.press("Enter")
    store = server.app.state.backend.feedback
    deadline = time.monotonic() + 10
    while not any(r.rating == "up" and r.question.startswith("Wann ist") for r in store.rows()):
        assert time.monotonic() < deadline, "keyboard vote not stored"
        time.sleep(0.1)
    reasons = tab_until(page, lambda f: f["label"] == "Feedback", seen)
    assert reasons["visible"]


def test_language_and_screen_reader_announcement(browser: Any, server: Served) -> None:
    """An English-speaking browser still gets a German page; English answers say so."""
    context = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_selector("#va-question textarea")
        assert page.evaluate("document.documentElement.lang") == "de"
        live = page.locator("#va-live")
        assert live.get_attribute("aria-live") == "polite"
        assert live.get_attribute("role") == "status"
        assert page.get_by_role("textbox", name="Ihre Frage").count() == 1  # labelled
        assert page.get_by_role("heading", level=1, name="Veranstaltungsassistent").count() == 1

        german = ask(page, "Wann ist Digitaler Aufbruch 2024?")
        assert german.get_attribute("lang") == "de"
        page.wait_for_function("() => document.querySelector('#va-live').textContent.length > 0")
        said = live.text_content()  # the answer once, without "[1] Quelle 1" after each fact
        assert said.startswith("Digitaler Aufbruch 2024 fand am 23. und 24. April 2024 in Hamburg")
        assert "[1]" not in said and "Hamburg statt." in said
        assert re.search(r"\(\d+ Quellen? darunter\)$", said)  # how many sources follow
        english = ask(page, "Where was the Digitaler Aufbruch 2024 held?")
        assert english.get_attribute("lang") == "en"
        assert english.locator("blockquote[lang='de']").count() >= 1  # German passages
        page.wait_for_function("() => document.querySelector('#va-live').lang === 'en'")
        said = live.text_content()
        assert "Hamburg" in said and "[1]" not in said and "sources below)" in said
        # the chat log itself stays quiet, so streamed word groups are not read one by one
        assert page.locator("#va-chat [role=log]").get_attribute("aria-live") == "off"
        assert page.evaluate("document.documentElement.lang") == "de"
    finally:
        context.close()


def test_timeline_is_readable_as_text(page: Any) -> None:
    open_events(page)
    past = page.get_by_role("heading", level=2, name="Vergangene Veranstaltungen")
    assert past.count() == 1
    group = page.locator("#va-events section.va-tl-group", has=past)
    items = group.get_by_role("listitem").all_inner_texts()
    assert any("Digitaler Aufbruch 2024" in i and "23. und 24. April 2024" in i for i in items)
    assert all("Quellen:" in item for item in items)
    source = page.locator("#va-events td.va-sources-cell a.va-doc").first
    assert "Quelle:" in source.text_content()  # "[1]" alone would not say where it goes


def test_chromium_args_are_shared() -> None:
    """The accessibility suite runs the same headless Debian Chromium as the browser suite."""
    assert "--headless=new" in CHROMIUM_ARGS

"""Accessibility of the page (BITV 2.0 / WCAG 2.1 AA) where Gradio's defaults fall short.

Measured with axe-core (tests/scenarios/test_accessibility.py, docs/barrierefreiheit.md):
Gradio's orange accents and grey secondary texts miss the 4.5:1 contrast, and its page
says `lang="en"` (or whatever the visitor's browser prefers) around German text. So:

- `A11Y_CSS` darkens the theme's accent, button and muted colours (light and dark mode),
  undoes the chat's 80 % text opacity and gives every focusable element a clearly visible
  focus outline;
- `PageLanguage` serves the page as `<html lang="de">`, and `A11Y_JS` keeps it German
  after Gradio's own locale switch (embedded as a web component, the organiser's page
  keeps its language and only the app's container is marked German);
- `A11Y_JS` also announces each finished answer once in a polite live region
  (`LIVE_REGION`), in the answer's language, instead of the chat log re-reading every
  streamed word group.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

#: Announces finished answers to screen readers; filled by `A11Y_JS`.
LIVE_REGION = (
    '<div id="va-live" class="va-sr-only" role="status" aria-live="polite" '
    'aria-atomic="true" lang="de"></div>'
)

A11Y_CSS = """
.gradio-container{--color-accent:#c2410c;--color-accent-soft:#fff7ed;
  --body-text-color-subdued:#525252;--link-text-color:#1d4ed8;
  --link-text-color-hover:#1e40af;--link-text-color-visited:#6d28d9;
  --button-primary-background-fill:#c2410c;--button-primary-background-fill-hover:#9a3412;
  --button-primary-border-color:#c2410c;--button-primary-text-color:#ffffff;
  --button-cancel-background-fill:#b91c1c;--button-cancel-background-fill-hover:#991b1b;
  --button-cancel-border-color:#b91c1c;--button-cancel-text-color:#ffffff;--va-muted:#4b5563}
.dark .gradio-container{--color-accent:#fdba74;--color-accent-soft:#431407;
  --body-text-color-subdued:#d4d4d4;--link-text-color:#93c5fd;--link-text-color-hover:#bfdbfe;
  --link-text-color-visited:#c4b5fd;--va-muted:#d1d5db}
.gradio-container :focus-visible,.va-doc:focus-visible,.va-ref:focus-visible{
  outline:3px solid #1d4ed8 !important;outline-offset:2px !important}
.dark .gradio-container :focus-visible{outline-color:#93c5fd !important}
.va-sr-only{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;
  overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.gradio-container .or{color:var(--body-text-color)}
.va-date,.va-page{color:var(--va-muted)}
#va-chat .prose.chatbot.md{opacity:1}
.dark .va-passage mark{background:#713f12;color:#fefce8}
"""

#: Runs once when the app has loaded (Gradio's `js`); plain DOM, no network.
A11Y_JS = r"""
() => {
  const page = document.documentElement.hasAttribute('data-va-page');
  const german = () => {
    const root = page ? document.documentElement : document.querySelector('.gradio-container');
    if (root && root.getAttribute('lang') !== 'de') root.setAttribute('lang', 'de');
  };
  german();
  new MutationObserver(german).observe(document.documentElement,
    {attributes: true, attributeFilter: ['lang']});
  let announced = null;
  const announce = () => {
    german();
    const live = document.getElementById('va-live');
    const chat = document.getElementById('va-chat');
    if (!live || !chat) return;
    const log = chat.querySelector('[role=log]');
    if (log && log.getAttribute('aria-live') !== 'off') log.setAttribute('aria-live', 'off');
    const done = chat.querySelectorAll('.va-final, .va-notice');
    const last = done[done.length - 1];
    if (!last || last === announced) return;
    announced = last;
    const said = (last.querySelector('.va-text') || last).cloneNode(true);
    said.querySelectorAll('.va-ref').forEach((marker) => marker.remove());  // "[1] Quelle 1"
    const text = said.textContent.replace(/\s+([.,;:!?])/g, '$1').replace(/\s+/g, ' ').trim();
    const cards = last.querySelectorAll('.va-card').length;
    const lang = last.getAttribute('lang') || 'de';
    const sources = !cards ? '' : lang === 'en' ? ` (${cards} sources below)`
      : ` (${cards} ${cards === 1 ? 'Quelle' : 'Quellen'} darunter)`;
    live.setAttribute('lang', lang);
    live.textContent = text + sources;
  };
  new MutationObserver(announce).observe(document.body, {childList: true, subtree: true});
  announce();
}
"""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class PageLanguage:
    """ASGI middleware: the page itself (`GET /`) is served as `<html lang="de" data-va-page>`.

    Gradio's template says `lang="en"`; only that one small HTML response is buffered and
    rewritten, every other response (the answer streams) passes through untouched.
    """

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") != "/":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = bytearray()

        async def rewriting_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            content = bytes(body)
            if any(k.lower() == b"content-type" and b"text/html" in v for k, v in headers):
                content = content.replace(b'lang="en"', b'lang="de" data-va-page', 1)
            headers.append((b"content-length", str(len(content)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, rewriting_send)

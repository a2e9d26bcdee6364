"""The web page: visitors' chat, the event list, the staff tab and a JSON API, in one process.

`create_app` builds the Gradio page around an injected assistant, so tests run it
without a server; `create_server` puts it on a FastAPI app next to the plain
routes (`POST /api/ask`, `GET /quelle/{doc_id}`, `GET /veranstaltungen.ics`) and
configures the queue; `launch` opens the index and serves it with uvicorn on `settings.host:port`
(loopback by default). The app is mounted with `gr.mount_gradio_app` rather than
started with `Blocks.launch`, because that is how our own routes are registered
before Gradio's; it also means no share tunnel can ever be opened.

Extractive answers are computed in ~20 ms, then streamed in word groups with short
pauses: the pauses are awaited on the event loop, so a streaming visitor holds a queue
slot but no thread, and the CPU work itself is bounded separately (`ASK_THREADS`). An
LLM answer takes seconds: its sentences are shown one by one as each passes the
guardrails (`Assistant.ask(on_text=…)` from the worker thread, handed to the event loop).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import FileResponse, Response

from assistant.answering.citations import cited_numbers
from assistant.events.view import document_titles, example_questions
from assistant.pipeline import Assistant, QuestionError
from assistant.records import Turn
from assistant.settings import Settings, get_settings
from assistant.web.a11y import A11Y_CSS, A11Y_JS, LIVE_REGION, PageLanguage
from assistant.web.api import add_routes
from assistant.web.backend import (
    RATE_LIMIT,
    AssistantUnavailableError,
    Backend,
    client_key,
    open_assistant,
    request_headers,
)
from assistant.web.events_page import EVENTS_CSS, render_events
from assistant.web.feedback import REASONS, settings_snapshot, vote_from_like
from assistant.web.ops import add_ops_routes, configure_logging
from assistant.web.refusals import refusal
from assistant.web.rendering import (
    CHAT_CSS,
    base_url_from,
    render_answer,
    render_answer_text,
    render_notice,
    render_question,
    stream_steps,
)
from assistant.web.startup import preload_matplotlib, warm_routes
from assistant.web.uploads import add_upload_gate

logger = logging.getLogger(__name__)

#: Concurrently running answer events (streams). A stream mostly awaits its pauses, so
#: this is sized by the load test (evals/reports/ui_load.md), not by the two cores: 4 made
#: bursts queue (p95 TTFT ~2x), 8-24 measured alike; 16 lets a burst of 16 start at once.
CONCURRENCY_LIMIT = 16
#: Threads for Gradio's synchronous handlers (staff actions, feedback, reset).
MAX_THREADS = 8
MAX_QUEUE = 256
#: Route the visitors' paths at start-up (`warm_routes`); a module flag so the load benchmark
#: can compare (`--variant cold:ui.WARM_ROUTES=False`).
WARM_ROUTES = True
VISITOR_PATHS = (("GET", "/config"), ("POST", "/gradio_api/queue/join"),
                 ("GET", "/gradio_api/queue/data"), ("POST", "/api/ask"))  # fmt: skip
#: Gradio's cache sweep (every, older than; seconds): uploads nobody handled are gone soon.
UPLOAD_CACHE_S = (300, 300)
STEP_DELAY_S = 0.04
MAX_STEPS = 4
#: Asked once at start-up besides the page's examples (see `Backend.warm_up`): the first
#: question of a kind loads its word lists and caches.
WARM_UP = ("Wie viele Teilnehmende hatte die Veranstaltung?", "Wer hielt den Eingangsvortrag?")
GRADIO_JS = Path(gr.__file__).parent / "templates" / "frontend" / "gradio.js"
FAILED = "Entschuldigung, das hat nicht geklappt. Bitte versuchen Sie es gleich noch einmal."
THANKS = "Danke für Ihre Rückmeldung!"
PENDING = '<div class="va-pending">…</div>'
INTRO = (
    "# Veranstaltungsassistent\n"
    "Fragen zu Veranstaltungen der öffentlichen Verwaltung, beantwortet aus Pressemitteilungen "
    "– mit nummerierten Quellen. Bitte prüfen Sie wichtige Angaben in der verlinkten Quelle."
)


# --------------------------------------------------------------------------- chat state


def history_of(turns: Sequence[dict[str, Any]]) -> list[Turn]:
    """Earlier answered questions of this conversation, for follow-ups."""
    return [Turn(t["answer"]["question"], t["answer"]["answer"]) for t in turns if t.get("answer")]


def to_messages(turns: Sequence[dict[str, Any]]) -> list[dict[str, str]]:
    """Two messages per turn, so message index // 2 is the turn (used by feedback)."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        messages.append({"role": "user", "content": render_question(turn["question"])})
        messages.append({"role": "assistant", "content": turn["html"]})
    return messages


def _shown(question: str) -> str:
    return question if len(question) <= 300 else question[:300] + " …"


ChatUpdate = tuple[list[dict[str, str]], Any]


async def answer_stream(
    backend: Backend, question: str, turns: list[dict[str, Any]] | None, request: Any
) -> AsyncIterator[ChatUpdate]:
    """The visitor's question in, growing chat updates out: (chat, state).

    Gradio post-processes every output of every update, and under load that, not the
    answer, is what costs CPU; so the stream touches only the chat, and the state once
    at the end (`gr.skip()` is cheap for a state, but not for a component: Gradio
    builds a new component object for it). The input box is cleared in the browser.
    """
    turns = list(turns or [])
    if not (question or "").strip():
        gr.Warning("Bitte geben Sie eine Frage ein.")
        yield to_messages(turns), turns
        return
    index = len(turns)
    done: list[dict[str, Any]] = [*turns, {"question": _shown(question), "html": PENDING}]
    yield to_messages(done), gr.skip()
    streamed = False
    try:
        if not backend.limiter.hit(client_key(request)):
            raise QuestionError(backend.rate_message)
        loop = asyncio.get_running_loop()
        grown: asyncio.Queue[str] = asyncio.Queue()

        def on_text(text: str) -> None:  # in the worker thread
            loop.call_soon_threadsafe(grown.put_nowait, text)

        asking = asyncio.ensure_future(backend.ask_async(question, history_of(turns), on_text))
        while True:  # an LLM's checked sentences as they come; nothing for other generators
            waiting = asyncio.ensure_future(grown.get())
            await asyncio.wait({asking, waiting}, return_when=asyncio.FIRST_COMPLETED)
            if not waiting.done():
                waiting.cancel()
                break
            text, streamed = waiting.result(), True
            html = render_answer_text(text, index, cited_numbers(text))
            done[-1] = {"question": _shown(question), "html": html}
            yield to_messages(done), gr.skip()
        answer = await asking
    except (QuestionError, AssistantUnavailableError) as exc:
        done[-1] = {"question": _shown(question), "html": render_notice(str(exc))}
        yield to_messages(done), done
        return
    except Exception:  # a bug or a broken index must not leave the visitor with "…"
        logger.exception("answering failed")
        done[-1] = {"question": _shown(question), "html": render_notice(FAILED)}
        yield to_messages(done), done
        return
    numbers = [s.n for s in answer.sources]
    for prefix in [] if streamed else stream_steps(answer.answer, MAX_STEPS)[:-1]:
        html = render_answer_text(prefix, index, numbers, answer.language)
        done[-1] = {"question": answer.question, "html": html}
        yield to_messages(done), gr.skip()
        await asyncio.sleep(STEP_DELAY_S)
    html = render_answer(answer, index, base_url_from(request_headers(request)))
    done[-1] = {"question": answer.question, "html": html, "answer": answer.to_json()}
    yield to_messages(done), done


def record_feedback(
    backend: Backend, turns: list[dict[str, Any]], index: Any, liked: bool | str, session: str
) -> bool:
    """Store a vote on the assistant message at `index`; False if there is nothing to rate."""
    position = index[0] if isinstance(index, list | tuple) else index
    turn = int(position) // 2 if isinstance(position, int) else -1
    vote = vote_from_like(liked)
    if vote is None or not 0 <= turn < len(turns or []) or not turns[turn].get("answer"):
        return False
    answer = turns[turn]["answer"]
    backend.feedback.add(
        rating=vote.rating,
        reason=vote.reason,
        question=answer["question"],
        answer=answer,
        session=session,
        turn=turn,
        settings=settings_snapshot(backend.settings),
    )
    return True


def events_page(backend: Backend, request: Any = None) -> str:
    """The "Veranstaltungen" tab from the live catalog (so it is current after a staff ingest);
    links are absolute when the request names a plain host, as in the chat's source cards."""
    assistant, today = backend.assistant, backend.settings.effective_today()
    if assistant is None:
        return render_events([], today)
    snap = assistant.snapshot  # titles and events of one index generation
    titles = document_titles(snap.retriever.chunks)
    base_url = base_url_from(request_headers(request))
    return render_events(snap.catalog.events, today, titles=titles, base_url=base_url)


# --------------------------------------------------------------------------- the page


def create_app(
    assistant: Assistant | None, settings: Settings, *, backend: Backend | None = None
) -> gr.Blocks:
    """The page for `assistant` (None: a page that says how to build the index)."""
    backend = backend or Backend(settings, assistant)
    examples_text = page_examples(backend)

    async def respond(
        question: str, turns: list[dict[str, Any]], request: gr.Request
    ) -> AsyncIterator[ChatUpdate]:
        async for update in answer_stream(backend, question, turns, request):
            yield update

    def example_handler(text: str) -> Callable[..., AsyncIterator[ChatUpdate]]:
        async def ask_example(
            turns: list[dict[str, Any]], request: gr.Request
        ) -> AsyncIterator[ChatUpdate]:
            async for update in answer_stream(backend, text, turns, request):
                yield update

        return ask_example

    def show_events(request: gr.Request) -> str:
        return events_page(backend, request)

    def on_like(turns: list[dict[str, Any]], data: gr.LikeData, request: gr.Request) -> None:
        if not backend.limiter.hit("feedback:" + client_key(request)):
            return
        if record_feedback(backend, turns, data.index, data.liked, request.session_hash or ""):
            gr.Info(THANKS)

    async def api_ask(
        question: str, history: list[str] | None = None, request: gr.Request | None = None
    ) -> dict[str, Any]:
        """Answer one question (earlier questions of the conversation in `history`)."""
        if not backend.limiter.hit(client_key(request)):
            raise refusal(backend.rate_message, "API /ask")
        try:
            answer = await backend.ask_async(question, history)  # validated there
        except (QuestionError, AssistantUnavailableError) as exc:
            raise refusal(str(exc), "API /ask") from exc
        return answer.to_json()

    answering: dict[str, Any] = {"concurrency_id": "answer"}
    private: dict[str, Any] = {"api_visibility": "private"}
    # Uploads reach Gradio's cache only through the staff session (`web.uploads`); the staff
    # tab deletes each file once handled, and what is left is deleted within minutes.
    with gr.Blocks(
        title="Veranstaltungsassistent", analytics_enabled=False, delete_cache=UPLOAD_CACHE_S
    ) as demo:
        gr.Markdown(INTRO)
        gr.HTML(LIVE_REGION, elem_id="va-live-wrap", padding=False)
        if backend.assistant is None:
            gr.Markdown(render_notice(_unavailable_text(backend)), elem_id="va-unavailable")
        with gr.Tabs():
            with gr.Tab("Fragen", id="fragen"):
                chatbot = gr.Chatbot(
                    label="Unterhaltung",
                    elem_id="va-chat",
                    height="70vh",
                    min_height=420,
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike", *REASONS),
                    group_consecutive_messages=False,
                    placeholder="Stellen Sie eine Frage zu einer Veranstaltung.",
                )
                turns = gr.State([])
                with gr.Row():
                    question = gr.Textbox(
                        label="Ihre Frage",
                        placeholder=f"z. B. {examples_text[0]}",
                        max_lines=4,
                        scale=5,
                        elem_id="va-question",
                    )
                    send = gr.Button("Fragen", variant="primary", scale=1, elem_id="va-send")
                gr.Markdown("Beispielfragen:")
                with gr.Row():
                    examples = [
                        gr.Button(text, size="sm", elem_classes=["va-example"])
                        for text in examples_text
                    ]
                new = gr.Button("Neue Unterhaltung", size="sm", elem_id="va-new")
                # Carries the question from the box to the answer event, so the box is
                # cleared in the browser at once and the stream need not update it.
                asked = gr.Textbox(visible=False, elem_id="va-asked")
            with gr.Tab("Veranstaltungen", id="veranstaltungen", elem_id="va-events-tab") as tab:
                gr.Markdown("Alle Veranstaltungen aus den Pressemitteilungen, mit Quellen.")
                events = gr.HTML(events_page(backend), elem_id="va-events", js_on_load=None)
            if settings.staff_token is not None:
                from assistant.web.staff import build_staff_tab

                build_staff_tab(backend)

        outputs = [chatbot, turns]
        submitted = gr.on(
            [question.submit, send.click], None, [question], [question, asked],
            js="(q) => ['', q]", queue=False,
        )  # fmt: skip
        submitted.then(
            respond, [asked, turns], outputs,
            api_name="chat", api_visibility="undocumented", **answering,
        )  # fmt: skip
        for button, text in zip(examples, examples_text, strict=True):
            button.click(example_handler(text), [turns], outputs, **answering, **private)
        new.click(lambda: ([], "", []), None, [chatbot, question, turns], queue=False, **private)
        chatbot.clear(lambda: [], None, [turns], queue=False, **private)  # the bin icon
        chatbot.like(on_like, [turns], None, queue=False, **private)
        tab.select(show_events, None, [events], queue=False, **private)  # fresh on every visit
        gr.api(api_ask, api_name="ask", **answering)
    return demo


def page_examples(backend: Backend) -> list[str]:
    """Example questions from the live catalog (the page never names particular releases)."""
    assistant = backend.assistant
    events = assistant.catalog.events if assistant is not None else []
    return example_questions(events, backend.settings.effective_today())


def _unavailable_text(backend: Backend) -> str:
    try:
        backend.require()
    except AssistantUnavailableError as exc:
        return str(exc)
    return ""


# --------------------------------------------------------------------------- server


def create_server(
    assistant: Assistant | None,
    settings: Settings,
    *,
    rate_limit: str = RATE_LIMIT,
    concurrency_limit: int = CONCURRENCY_LIMIT,
    startup_error: str | None = None,
    warm_up: bool = True,
) -> FastAPI:
    """The whole web app: routes, then the Gradio page mounted at `/` with its queue."""
    backend = Backend(settings, assistant, rate_limit=rate_limit, startup_error=startup_error)
    if warm_up:
        backend.warm_up((*page_examples(backend), *WARM_UP))
        preload_matplotlib()
    demo = create_app(assistant, settings, backend=backend)
    demo.max_threads = MAX_THREADS  # read by queue(); bounds Gradio's sync handlers
    demo.queue(default_concurrency_limit=concurrency_limit, max_size=MAX_QUEUE)
    app = FastAPI(title="Veranstaltungsassistent", docs_url=None, redoc_url=None,
                  openapi_url=None)  # fmt: skip
    app.state.backend = backend
    add_routes(app, backend)
    add_upload_gate(app, backend)  # before the page is mounted at "/", which takes every path
    add_ops_routes(app, backend)  # /healthz, /readyz, /metrics
    app.add_middleware(PageLanguage)  # <html lang="de">

    @app.get("/gradio.js", include_in_schema=False)
    def web_component() -> Response:
        """Gradio's `<gradio-app>` loader, served here so organisers' pages need no CDN."""
        if not GRADIO_JS.exists():
            return Response(status_code=404)
        return FileResponse(GRADIO_JS, media_type="text/javascript",
                            headers={"Cache-Control": "no-cache",
                                     "Access-Control-Allow-Origin": "*"})  # fmt: skip

    served = gr.mount_gradio_app(
        app,
        demo,
        path="/",
        server_name=settings.host,
        server_port=settings.port,
        footer_links=["api"],
        run_history=False,
        show_error=False,
        max_file_size="1mb",
        ssr_mode=False,
        mcp_server=False,
        css=CHAT_CSS + EVENTS_CSS + A11Y_CSS,
        js=A11Y_JS,
    )
    if warm_up and WARM_ROUTES:
        warm_routes(served, VISITOR_PATHS)
    return served


def launch(settings: Settings | None = None) -> None:
    """Serve the page on `settings.host:port` until interrupted (the `serve`/`start` commands).

    Without an index the page still starts and says how to build one (`assistant
    ingest`), and the staff tab, if enabled, can build it.
    """
    import uvicorn

    settings = settings or get_settings()
    configure_logging(settings.log_format)
    assistant, error = open_assistant(settings)
    app = create_server(assistant, settings, startup_error=error)  # logs the error
    logger.info("Veranstaltungsassistent: http://%s:%s", settings.host, settings.port)
    # No access log: it would write visitors' addresses (docs/datenschutz.md).
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                log_config=None, access_log=False, timeout_graceful_shutdown=5)  # fmt: skip

"""HTML for the web page: answers with linked citation markers, source cards, source documents.

Everything shown here comes from visitors (questions) or from press releases
(titles, passages, URLs), so every piece of text goes through `html.escape`
*before* any markup is put around it; markup is only ever added around text
that is already escaped. Nothing in this module imports gradio, so the
rendering rules are unit-testable on their own.

The chat component renders messages as Markdown. A message that is one line
starting with a block-level tag is a raw HTML block to Markdown, so its text
is not reinterpreted (a `*` or `_` in a question stays literal); therefore the
renderers below never emit newlines, only `<br>`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import date
from urllib.parse import quote

from assistant.records import Answer, Chunk, Source
from assistant.text.analysis import STOPWORDS, raw_tokens, stem
from assistant.text.questions import detect_language
from assistant.text.sentences import split_sentences

MARKER = re.compile(r"\[(\d{1,3})\]")
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")

LABELS = {
    "de": {"sources": "Quellen", "published": "veröffentlicht am", "undated": "ohne Datum",
           "document": "Ganze Pressemitteilung öffnen", "original": "Originalquelle",
           "page": "S.", "source": "Quelle", "new_tab": "öffnet in neuem Tab"},
    "en": {"sources": "Sources", "published": "published", "undated": "undated",
           "document": "Open the full press release", "original": "Original source",
           "page": "p.", "source": "Source", "new_tab": "opens in a new tab"},
}  # fmt: skip


def esc(text: str) -> str:
    """Escape text for HTML content and attribute values; newlines become `<br>`."""
    escaped = html.escape(text, quote=True)
    return re.sub(r"\r\n|\r|\n", "<br>", escaped)


def anchor_id(turn: int, n: int) -> str:
    """Unique per page: every answer in a conversation has its own source [1]."""
    return f"quelle-{turn}-{n}"


def base_url_from(headers: dict[str, str]) -> str:
    """The app's public origin for absolute links, or "" for relative ones.

    Absolute links are needed when the page is embedded as a `<gradio-app>` web
    component: there a relative `/quelle/…` would resolve against the organiser's
    site. Only a syntactically plain host is accepted, anything else falls back to
    relative links.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    host = (lowered.get("x-forwarded-host") or lowered.get("host") or "").split(",")[0].strip()
    proto = (lowered.get("x-forwarded-proto") or "http").split(",")[0].strip().lower()
    if not host or not _HOST.match(host) or proto not in {"http", "https"}:
        return ""
    return f"{proto}://{host}"


def document_href(doc_id: str, base_url: str = "", page: int | None = None) -> str:
    """The cleaned source document; a PDF source jumps to its cited page."""
    anchor = f"#seite-{page}" if page else ""
    return f"{base_url}/quelle/{quote(doc_id, safe='')}{anchor}"


def page_label(page: int | None, page_end: int | None = None, language: str = "de") -> str:
    """ "S. 2" or "S. 2–3" for paged sources, "" otherwise."""
    if not page:
        return ""
    short = LABELS.get(language, LABELS["de"])["page"]
    if page_end and page_end != page:
        return f"{short} {page}–{page_end}"
    return f"{short} {page}"


def format_date(value: date | None, language: str = "de") -> str:
    labels = LABELS.get(language, LABELS["de"])
    return f"{labels['published']} {value:%d.%m.%Y}" if value else labels["undated"]


def sr_only(text: str) -> str:
    """Text for screen readers only (the page's CSS hides it visually): it completes a link
    whose visible text ("[1]", "Ganze Pressemitteilung öffnen") says too little alone."""
    return f'<span class="va-sr-only">{esc(text)}</span>'


def link_markers(escaped: str, turn: int, numbers: Iterable[int], language: str = "de") -> str:
    """Turn `[n]` in already escaped text into links to the source card `n` of this answer.

    Markers without a listed source stay plain text (the citation step removes
    them anyway; this is belt and braces).
    """
    known = set(numbers)
    source = LABELS.get(language, LABELS["de"])["source"]

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return (f'<a class="va-ref" href="#{anchor_id(turn, n)}">[{n}]'
                f"{sr_only(f' {source} {n}')}</a>")  # fmt: skip

    return MARKER.sub(link, escaped)


def _stems(text: str) -> set[str]:
    return {stem(t) for t in raw_tokens(text) if t not in STOPWORDS and (len(t) > 2 or t.isdigit())}


def supporting_text(answer_text: str, n: int) -> str:
    """The answer sentences that cite source `n` (the whole answer if none does)."""
    sentences = split_sentences(answer_text)
    citing = [s for s in sentences if f"[{n}]" in s]
    return " ".join(citing) if citing else answer_text


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, in order (units that cannot be found
    verbatim, such as merged contact blocks, are simply not highlighted)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in split_sentences(text):
        for piece in sentence.split(" · "):
            start = text.find(piece, cursor)
            if start >= 0:
                spans.append((start, start + len(piece)))
                cursor = start + len(piece)
    return spans


def highlighted_spans(passage: str, supporting: str) -> list[tuple[int, int]]:
    """Spans of the passage's sentences that share the most content words with `supporting`.

    A sentence is marked when it shares at least two word stems with the answer
    (one if the answer is that short) and at least half as many as the best sentence.
    """
    wanted = _stems(MARKER.sub(" ", supporting))
    if not wanted:
        return []
    scored = [(len(_stems(passage[a:b]) & wanted), (a, b)) for a, b in _sentence_spans(passage)]
    best = max((score for score, _ in scored), default=0)
    floor = max(1 if len(wanted) <= 2 else 2, (best + 1) // 2)
    return [span for score, span in scored if score >= floor]


def highlight(passage: str, supporting: str) -> str:
    """The escaped passage with the supporting sentences wrapped in `<mark>`."""
    out: list[str] = []
    cursor = 0
    for start, end in highlighted_spans(passage, supporting):
        out.append(esc(passage[cursor:start]))
        out.append(f"<mark>{esc(passage[start:end])}</mark>")
        cursor = end
    out.append(esc(passage[cursor:]))
    return "".join(out)


def render_source_card(
    source: Source, turn: int, answer_text: str, language: str = "de", base_url: str = ""
) -> str:
    labels = LABELS.get(language, LABELS["de"])
    passage = highlight(source.text.strip(), supporting_text(answer_text, source.n))
    passage_language = detect_language(source.text)
    passage_lang = f' lang="{passage_language}"' if passage_language != language else ""
    new_tab = labels["new_tab"]
    links = [
        f'<a class="va-doc" href="{esc(document_href(source.doc_id, base_url, source.page))}" '
        f'target="_blank" rel="noopener noreferrer">{labels["document"]}'
        f"{sr_only(f' – {source.title}, {new_tab}')}</a>"
    ]
    pages = page_label(source.page, source.page_end, language)
    pages_html = f' <span class="va-page">· {esc(pages)}</span>' if pages else ""
    if source.url and re.match(r"https?://", source.url):
        links.append(
            f'<a class="va-url" href="{esc(source.url)}" target="_blank" '
            f'rel="noopener noreferrer">{labels["original"]}{sr_only(f", {new_tab}")}</a>'
        )
    return (
        f'<div class="va-card" id="{anchor_id(turn, source.n)}">'
        f'<div class="va-card-head"><span class="va-num">[{source.n}]</span> '
        f"<strong>{esc(source.title)}</strong> "
        f'<span class="va-date">· {esc(format_date(source.published, language))}</span>'
        f"{pages_html}</div>"
        f'<blockquote class="va-passage"{passage_lang}>{passage}</blockquote>'
        f'<div class="va-links">{" · ".join(links)}</div></div>'
    )


def render_answer_text(text: str, turn: int, numbers: Iterable[int], language: str = "de") -> str:
    """The answer text (complete or a streamed prefix) as one escaped HTML block."""
    return (f'<div class="va-answer" lang="{_lang(language)}">'
            f"{_paragraph(text, turn, numbers, language)}</div>")  # fmt: skip


def _lang(language: str) -> str:
    return language if language in LABELS else "de"


def _paragraph(text: str, turn: int, numbers: Iterable[int], language: str = "de") -> str:
    return f'<p class="va-text">{link_markers(esc(text), turn, numbers, language)}</p>'


def render_answer(answer: Answer, turn: int, base_url: str = "") -> str:
    """An answer with linked markers and its numbered source cards underneath.

    `va-final` marks the complete answer (streamed prefixes lack it), for tests, styling and
    the screen-reader announcement; `lang` is the answer's language (English answers to
    English questions), so screen readers pronounce it right.
    """
    numbers = [s.n for s in answer.sources]
    parts = [f'<div class="va-answer va-final" lang="{_lang(answer.language)}">',
             _paragraph(answer.answer, turn, numbers, answer.language)]  # fmt: skip
    if answer.sources:
        labels = LABELS.get(answer.language, LABELS["de"])
        cards = "".join(
            render_source_card(s, turn, answer.answer, answer.language, base_url)
            for s in answer.sources
        )
        parts.append(
            f'<div class="va-sources"><div class="va-sources-title">{labels["sources"]}</div>'
            f"{cards}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def render_question(question: str) -> str:
    """A visitor's question, shown exactly as typed (as text, never as markup)."""
    return f'<div class="va-question" lang="{detect_language(question)}">{esc(question)}</div>'


def render_notice(message: str) -> str:
    """A friendly message from the assistant instead of an answer (bad input, rate limit)."""
    return f'<div class="va-notice">{esc(message)}</div>'


def stream_steps(text: str, max_steps: int = 12, min_words: int = 2) -> list[str]:
    """Growing prefixes of `text` cut at word boundaries: what the chat shows while streaming.

    At most `max_steps` steps, so a long answer does not take longer to appear
    than a short one; the last step is always the whole text.
    """
    words = re.findall(r"\S+\s*", text)
    if not words:
        return [text]
    per_step = max(min_words, -(-len(words) // max_steps))
    steps = ["".join(words[:end]) for end in range(per_step, len(words), per_step)]
    steps.append(text)
    return steps


def _document_body(chunks: Sequence[Chunk]) -> str:
    """The paragraphs; a paged source (PDF) gets a "Seite n" mark, with an anchor the source
    cards link to, where each page begins."""
    out: list[str] = []
    shown = 0
    for chunk in sorted(chunks, key=lambda c: c.position):
        if chunk.page and chunk.page > shown:
            pages = range(shown + 1, chunk.page + 1) if shown else [chunk.page]
            anchors = "".join(f'<span id="seite-{n}"></span>' for n in pages)
            out.append(f'<p class="page">{anchors}Seite {chunk.page}</p>')
        shown = max(shown, chunk.page_end or chunk.page or 0)
        out.extend(f"<p>{esc(p)}</p>" for p in chunk.body.strip().split("\n\n") if p.strip())
    return "".join(out)


def render_document_page(doc_id: str, chunks: Sequence[Chunk]) -> str:
    """A standalone, script-free HTML page with a source document's text."""
    first = chunks[0]
    title = first.title or doc_id
    paragraphs = _document_body(chunks)
    original = ""
    if first.url and re.match(r"https?://", first.url):
        original = (
            f'<p>Originalquelle: <a href="{esc(first.url)}" rel="noopener noreferrer">'
            f"{esc(first.url)}</a></p>"
        )
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{DOCUMENT_CSS}</style></head><body><main>"
        f'<h1>{esc(title)}</h1><p class="meta">{esc(format_date(first.published))} · '
        f"Dokument {esc(doc_id)}</p>{original}<article>{paragraphs}</article></main></body></html>"
    )


DOCUMENT_CSS = (
    "body{font-family:system-ui,sans-serif;line-height:1.55;margin:0;background:#f7f7f8;color:#1f2933}"
    "main{max-width:46rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:8px}"
    "h1{font-size:1.5rem}.meta{color:#52606d}"
    ".page{color:#52606d;font-size:.85rem;border-top:1px solid #d9dde2;padding-top:.25rem}"
)

CHAT_CSS = """
.va-question{white-space:pre-wrap}
.va-text{margin:0 0 .5rem 0}
.va-ref{text-decoration:none;font-weight:600}
.va-sources{margin-top:.75rem;border-top:1px solid var(--border-color-primary);padding-top:.5rem}
.va-sources-title{font-weight:600;margin-bottom:.25rem}
.va-card{border:1px solid var(--border-color-primary);border-radius:6px;padding:.5rem .75rem;
  margin:.5rem 0;background:var(--background-fill-secondary)}
.va-card:target{outline:2px solid var(--color-accent)}
.va-card-head{margin-bottom:.25rem}
.va-date{color:var(--body-text-color-subdued);font-size:.9em}
.va-passage{margin:.25rem 0;padding-left:.75rem;border-left:3px solid var(--border-color-accent);
  font-size:.92em;white-space:normal}
.va-passage mark{background:#fff3b0;color:inherit;padding:0 .1em}
.va-links{font-size:.9em}
.va-notice{font-style:italic}
"""

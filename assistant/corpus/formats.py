"""Turning Markdown and HTML exports into the plain text `corpus.loader.clean_text` expects.

Staff drop press releases in whatever form the website or CMS hands them out.
Both converters only need to recover readable text and a few header fields;
the result must never carry live markup, because it is quoted back to visitors.
HTML goes through the stdlib event parser with an explicit stack (no
recursion), so hostile or absurdly nested pages cannot crash ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import yaml

from assistant.text.eventnouns import is_type_word

__all__ = [
    "FrontMatterError",
    "HtmlExtract",
    "MarkdownExtract",
    "extract_html",
    "extract_markdown",
    "split_front_matter",
]


class FrontMatterError(ValueError):
    """The YAML header of a Markdown file cannot be parsed into a mapping."""


# --------------------------------------------------------------------------- Markdown

_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Separate a `---` YAML header from the body.

    A file that opens a header but never closes it, or whose header is not a
    mapping, is rejected rather than guessed at: silently indexing the YAML as
    prose would put keys like `draft: true` into answers.
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    if not opening:
        return {}, text
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        raise FrontMatterError("front matter is not closed")
    try:
        data = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError as exc:
        raise FrontMatterError(str(exc)) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping")
    return {str(k): v for k, v in data.items()}, text[closing.end() :].lstrip("\n")


@dataclass(frozen=True)
class MarkdownExtract:
    text: str
    heading: str | None  # first level-1 heading, the natural title


_RAW_HTML_BLOCK = re.compile(
    r"<(script|style|noscript|template|iframe)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
# Emphasis must open after a non-word character, so gender stars (`Kolleg*innen`)
# and snake_case identifiers survive.
_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])")
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_STRONG_U = re.compile(r"(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])")
_EM_U = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


def _link(match: re.Match[str]) -> str:
    text, url = match[1], match[2]
    return url if text.strip() == url else f"{text} ({url})"


def _inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(_link, line)
    line = _REF_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(lambda m: m[1].removeprefix("mailto:"), line)
    line = _HTML_TAG.sub("", line)
    for pattern in (_CODE, _STRONG, _STRONG_U, _EM, _EM_U, _STRIKE):
        line = pattern.sub(r"\1", line)
    return _ESCAPE.sub(r"\1", line)


def extract_markdown(body: str) -> MarkdownExtract:
    """Light Markdown-to-text: keep every word, drop the markup around it.

    Headings become their own paragraph so the chunker sees them as headings;
    links keep their target in brackets because a URL is often the answer.
    """
    body = _HTML_COMMENT.sub("", _RAW_HTML_BLOCK.sub("", body.replace("\r\n", "\n")))
    out: list[str] = []
    heading: str | None = None
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(line)
            continue
        atx = _ATX.match(line)
        setext = _SETEXT.match(line)
        if atx:
            text = _inline(atx[2])
            if heading is None and len(atx[1]) == 1:
                heading = text
            out.extend(["", text, ""])
        elif setext and out and out[-1].strip() and not out[-1].startswith("• "):
            if heading is None and setext[1].startswith("="):
                heading = out[-1].strip()
            out.append("")
        elif _RULE.match(line) or _LINK_DEF.match(line):
            out.append("")
        else:
            line = _QUOTE.sub("", line)
            if _LIST_ITEM.match(line):
                line = "• " + _LIST_ITEM.sub("", line, count=1)
            out.append(_inline(line))
    return MarkdownExtract("\n".join(out), heading)


# --------------------------------------------------------------------------- HTML

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
     "canvas", "nav"}
)  # fmt: skip
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main",
     "aside", "blockquote", "ul", "ol", "dl", "table", "figure", "pre", "address", "hr",
     "form", "fieldset", "details"}
)  # fmt: skip
_LINE = frozenset(
    {"div", "br", "tr", "dt", "dd", "figcaption", "summary", "caption", "legend", "option"}
)
_CELL = frozenset({"td", "th"})
# Tags that may stand in <head>; anything else there means the body has begun,
# as browsers assume when a page forgets `</head>` and `<body>`.
_HEAD_TAGS = frozenset({"title", "meta", "link", "base", "script", "style", "noscript", "template"})
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dcterms.date",
    "dc.date.issued",
)


@dataclass
class HtmlExtract:
    text: str = ""
    title: str | None = None  # first <h1>, else <title>
    published: str | None = None  # raw value of a date meta tag or <time datetime>
    url: str | None = None  # canonical link or og:url
    meta: dict[str, str] = field(default_factory=dict)


class _TextExtractor(HTMLParser):
    """Collects visible text; all nesting state is in lists, never on the call stack."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.in_head = False
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] | None = None
        self.h1: str | None = None
        self.pre_depth = 0
        self.pending_bullet = False
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time_value: str | None = None
        self.term_start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag in _SKIP:
                self.skipping.append(tag)
            return
        if tag in _SKIP:
            self.skipping.append(tag)
            return
        values = {k.lower(): v or "" for k, v in attrs}
        if self.in_head and tag not in _HEAD_TAGS:
            self.in_head = False
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "title" and not self.title_parts:
            self.in_title = True
        elif tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop", "")
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"].strip())
        elif tag == "link":
            rels = values.get("rel", "").lower().split()
            if "canonical" in rels and self.canonical is None and values.get("href"):
                self.canonical = values["href"].strip()
        elif tag == "time" and self.time_value is None and values.get("datetime"):
            self.time_value = values["datetime"].strip()
        if self.in_head:
            return
        self._block(tag, opening=True)
        if tag == "li":
            self.pending_bullet = True
        elif tag == "h1" and self.h1 is None and self.h1_parts is None:
            self.h1_parts = []
        elif tag == "pre":
            self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<br/>` is one line break, not an opening plus a closing one.
        self.handle_starttag(tag, attrs)
        if tag in _SKIP and self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag == "h1" and self.h1_parts is not None:
            self.h1 = " ".join("".join(self.h1_parts).split())
            self.h1_parts = None
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if not self.in_head:
            self._block(tag, opening=False)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.in_head:
            if not data.strip():
                return
            self.in_head = False
        if not self.pre_depth:
            data = re.sub(r"\s+", " ", data)
        if self.pending_bullet and data.strip():
            self.parts.append("\n• ")
            data = data.lstrip()
            self.pending_bullet = False
        self.parts.append(data)
        if self.h1_parts is not None:
            self.h1_parts.append(data)

    def _after_term(self) -> bool:
        """Whether only the indentation of the page stands between a closed term and here."""
        for part in reversed(self.parts):
            if part.strip():
                return part in (": ", ", ")
        return False

    def _block(self, tag: str, *, opening: bool) -> None:
        # "<dt>Datum</dt><dd>23. Februar</dd>" reads as one labelled line ("Datum: 23. Februar"),
        # as an event page shows it
        # even when the page is indented between the two tags; a term that already holds its
        # own label ("Moderation: Birte Lassen") takes its description after a comma
        if tag == "dt" and not opening:
            term = "".join(self.parts[self.term_start:])
            self.parts.append(", " if ":" in term else ": ")
        elif tag == "dd" and opening and self._after_term():
            while not self.parts[-1].strip(" "):
                self.parts.pop()
        elif tag in _PARAGRAPH:
            self.parts.append("\n\n")
        elif tag in _LINE or tag == "li":
            self.parts.append("\n")
        elif tag in _CELL and opening:
            self.parts.append(" ")
        if tag == "dt" and opening:
            self.term_start = len(self.parts)


#: How a page's <title> joins its parts: "Anreise – 9. Kongress X 2027 | Verein".
_TITLE_PARTS = re.compile(r"\s[–—|·-]\s")


def _page_title(h1: str | None, head: str) -> str:
    """The <h1>, unless it names only the page ("Anreise & Übernachtung") and the <title>
    goes on to name the event ("Anreise & Übernachtung – 9. Kongress X 2027"): then both,
    so the event's name heads the document as it heads the browser tab."""
    if not h1:
        return head

    def names_event(part: str) -> bool:
        return any(is_type_word(w) for w in re.findall(r"[^\W\d_][\w-]*", part))

    parts = [p.strip() for p in _TITLE_PARTS.split(head)]
    if h1.casefold() not in (p.casefold() for p in parts) or names_event(h1):
        return h1
    event = next((p for p in parts if names_event(p)), "")
    return f"{h1} – {event}" if event else h1


def extract_html(source: str) -> HtmlExtract:
    """Visible text plus the header fields a press-release page usually carries."""
    parser = _TextExtractor()
    parser.feed(source)
    parser.close()
    title = _page_title(parser.h1, " ".join("".join(parser.title_parts).split())) or None
    published = next((parser.meta[k] for k in _DATE_META if parser.meta.get(k)), None)
    url = parser.canonical or parser.meta.get("og:url") or None
    return HtmlExtract(
        text="".join(parser.parts),
        title=title,
        published=published or parser.time_value,
        url=url,
        meta=parser.meta,
    )

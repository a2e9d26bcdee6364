"""The "Veranstaltungen" tab: the event catalog as a table and a timeline, in HTML.

`render_events` draws a table, then a timeline of upcoming and past events; every row links
to its source documents with the same `/quelle/{doc_id}` links as the chat's source cards.
Everything in it comes from press releases, so it is escaped with `rendering.esc` before any
markup is put around it. No gradio here, so it is testable alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from assistant.events.model import Event
from assistant.events.view import (
    ANNOUNCED,
    EMPTY,
    HEADERS,
    MISSING,
    NONE_PAST,
    NONE_UPCOMING,
    PAST,
    RUNNING,
    UNDATED,
    UPCOMING,
    EventRow,
    _joined,
    event_rows,
)
from assistant.web.rendering import document_href, esc, sr_only

#: Where the server offers the calendar (`web.api.add_routes`); the tab links to it.
ICS_PATH = "/veranstaltungen.ics"
ICS_NAME = "veranstaltungen.ics"



def _source_links(event: Event, titles: Mapping[str, str], base_url: str, full: bool) -> str:
    """Links to the event's source documents: numbered in the table, titled in the timeline."""
    links = []
    for n, doc_id in enumerate(event.sources, start=1):
        title = titles.get(doc_id) or doc_id
        label = esc(title) if full else f"[{n}]{sr_only(f' Quelle: {title}')}"
        links.append(
            f'<a class="va-doc" href="{esc(document_href(doc_id, base_url))}" '
            f'title="{esc(title)}" target="_blank" rel="noopener noreferrer">{label}'
            f"{sr_only(', öffnet in neuem Tab')}</a>"
        )
    return (" · " if full else " ").join(links) or MISSING


def _date_cell(row: EventRow) -> str:
    """The date, with the sentence it was read from as a tooltip (its provenance)."""
    quotes = [f.quote for f in row.event.dates]
    tip = f' title="{esc("„" + quotes[0] + "“")}"' if quotes else ""
    when = esc(row.when)
    if row.event.start is None:
        return f"<span{tip}>{when}</span>"
    return f'<time datetime="{row.event.start.isoformat()}"{tip}>{when}</time>'


def _status_badge(row: EventRow) -> str:
    css = {PAST: "past", RUNNING: "running", UPCOMING: "upcoming"}.get(row.status, "undated")
    badge = f'<span class="va-status va-status-{css}">{esc(row.status)}</span>'
    if row.event.announced:
        badge += f' <span class="va-status va-status-announced">{ANNOUNCED}</span>'
    return badge


def _table(rows: Sequence[EventRow], titles: Mapping[str, str], base_url: str) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in (*HEADERS, "Quellen"))
    body = []
    for row in rows:
        e = row.event
        cells = [esc(e.series), esc(e.edition or MISSING), _date_cell(row),
                 esc(_joined(e, "city")), esc(_joined(e, "organiser")),
                 esc(_joined(e, "format")), _status_badge(row),
                 _source_links(e, titles, base_url, full=False)]  # fmt: skip
        body.append(
            f'<tr class="va-event-row" data-status="{esc(row.status)}">'
            + "".join(f"<td>{c}</td>" for c in cells[:-1])
            + f'<td class="va-sources-cell">{cells[-1]}</td>'
            + "</tr>"
        )
    return (
        '<div class="va-events-scroll"><table class="va-events-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _timeline_item(row: EventRow, titles: Mapping[str, str], base_url: str) -> str:
    e = row.event
    place = ", ".join([*e.values("venue"), *e.values("city")])
    details = " · ".join(esc(x) for x in (place, ", ".join(e.values("format"))) if x)
    return (
        f'<li class="va-tl-item" data-status="{esc(row.status)}">'
        + (f'<div class="va-tl-date">{_date_cell(row)}</div>' if e.start else "")
        + f'<div class="va-tl-body"><strong class="va-tl-name">{esc(e.name)}</strong> '
        f"{_status_badge(row)}"
        + (f'<div class="va-tl-details">{details}</div>' if details else "")
        + f'<div class="va-tl-sources">Quellen: {_source_links(e, titles, base_url, True)}</div>'
        "</div></li>"
    )


def _group(title: str, items: Sequence[str], empty: str) -> str:
    shown = "".join(items) or f'<li class="va-tl-empty">{empty}</li>'
    return (
        f'<section class="va-tl-group"><h2>{title}</h2>'
        f'<ol class="va-timeline">{shown}</ol></section>'
    )


def render_events(
    events: Sequence[Event],
    today: date,
    *,
    titles: Mapping[str, str] | None = None,
    base_url: str = "",
) -> str:
    """The tab's HTML: calendar link, table, and the timeline split at `today`.

    Upcoming events (running ones included, as in `Catalog.past_and_upcoming`) come soonest
    first, past ones most recent first; undated editions get their own group.
    """
    if not events:
        return f'<div class="va-events va-events-empty"><p>{EMPTY}</p></div>'
    titles = titles or {}
    rows = event_rows(events, today)
    by_date = sorted((r for r in rows if r.event.start), key=lambda r: r.event.start or today)
    upcoming = [r for r in by_date if r.status in (RUNNING, UPCOMING)]
    past = [r for r in reversed(by_date) if r.status == PAST]
    undated = [r for r in rows if r.status == UNDATED]
    dated = sum(1 for r in rows if r.event.start)

    def items(group: Sequence[EventRow]) -> list[str]:
        return [_timeline_item(r, titles, base_url) for r in group]

    groups = [
        _group("Kommende Veranstaltungen", items(upcoming), NONE_UPCOMING),
        _group("Vergangene Veranstaltungen", items(past), NONE_PAST),
    ]
    if undated:
        groups.append(_group("Ohne bekanntes Datum", items(undated), ""))
    calendar = (
        f'<a class="va-ics" href="{esc(base_url + ICS_PATH)}" download="{ICS_NAME}">'
        f"Kalender herunterladen (ICS, {dated} Termine)</a>"
    )
    return (
        '<div class="va-events">'
        f'<p class="va-events-meta">Stand: {today:%d.%m.%Y} · {len(rows)} Veranstaltungen · '
        f"{calendar}</p>"
        f"{_table(rows, titles, base_url)}"
        f'<div class="va-tl">{"".join(groups)}</div></div>'
    )


EVENTS_CSS = """
.va-events-meta{margin:.25rem 0 .75rem 0}
.va-ics{font-weight:600}
.va-events-scroll{overflow-x:auto}
.va-events-table{border-collapse:collapse;width:100%;font-size:.95em}
.va-events-table th,.va-events-table td{border-bottom:1px solid var(--border-color-primary);
  padding:.35rem .5rem;text-align:left;vertical-align:top}
.va-events-table th{background:var(--background-fill-secondary)}
.va-status{display:inline-block;border-radius:999px;padding:0 .5em;font-size:.85em;
  border:1px solid var(--border-color-primary);white-space:nowrap}
.va-status-upcoming,.va-status-running{background:#e3f5e1;color:#1d5e1a}
.va-status-past{background:var(--background-fill-secondary)}
.va-status-announced{background:#fff3b0;color:#5c4a00}
.va-tl{margin-top:1.25rem}
.va-tl-group h2{margin:1rem 0 .5rem 0;font-size:1.1em}
.va-timeline{list-style:none;margin:0;padding:0 0 0 1rem;
  border-left:3px solid var(--border-color-accent)}
.va-tl-item{position:relative;margin:0 0 .75rem 0;padding-left:.75rem}
.va-tl-item::before{content:"";position:absolute;left:-1.45rem;top:.35rem;width:.7rem;height:.7rem;
  border-radius:50%;background:var(--color-accent)}
.va-tl-date{font-weight:600}
.va-tl-details,.va-tl-sources{font-size:.9em}
.va-sources-cell{white-space:nowrap}
.va-tl-empty{font-style:italic}
"""

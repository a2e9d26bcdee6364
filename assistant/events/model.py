"""The catalog's event id: series key and edition, hashed (the record itself is
`records.Event`, shared with the answer step)."""

from __future__ import annotations

from assistant.events.series import series_key
from assistant.records import Event, content_hash

__all__ = ["Event", "_event_id"]


def _event_id(series_name: str, edition: str | None) -> str:
    return content_hash(" ".join(series_key(series_name)), edition or "")

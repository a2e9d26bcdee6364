"""The catalog's record: one edition of an event series, every value a quoted `Fact`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.events.series import series_key
from assistant.events.units import FIELDS, Fact
from assistant.records import content_hash


@dataclass(frozen=True)
class Event:
    """One edition of an event series; every list holds facts with their quoted provenance."""

    event_id: str
    series: str
    edition: str | None
    start: date | None
    end: date | None
    city: list[Fact]
    venue: list[Fact]
    organiser: list[Fact]
    patron: list[Fact]
    format: list[Fact]
    participants: list[Fact]
    speakers: list[Fact]
    topics: list[Fact]
    motto: list[Fact]
    registration: list[Fact]
    contact: list[Fact]
    dates: list[Fact]
    sources: list[str]
    announced: bool  # known only from another edition's report (announcement or review)

    def __hash__(self) -> int:
        return hash(self.event_id)

    @property
    def name(self) -> str:
        return f"{self.series} {self.edition}" if self.edition else self.series

    def facts(self, name: str) -> list[Fact]:
        facts: list[Fact] = getattr(self, name)
        return facts

    def values(self, name: str) -> list[str]:
        """Distinct values of one field, in order ("Hamburg" once even if two sources say it)."""
        return list(dict.fromkeys(f.value for f in self.facts(name)))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event_id": self.event_id, "series": self.series, "edition": self.edition,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "sources": list(self.sources), "announced": self.announced,
        }  # fmt: skip
        for name in FIELDS:
            data[name] = [f.__dict__ for f in self.facts(name)]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        facts = {n: [Fact(**f) for f in data.get(n, [])] for n in FIELDS}
        return cls(
            event_id=data["event_id"], series=data["series"], edition=data["edition"],
            start=date.fromisoformat(data["start"]) if data["start"] else None,
            end=date.fromisoformat(data["end"]) if data["end"] else None,
            sources=list(data["sources"]), announced=bool(data["announced"]), **facts,
        )  # fmt: skip


def _event_id(series_name: str, edition: str | None) -> str:
    return content_hash(" ".join(series_key(series_name)), edition or "")


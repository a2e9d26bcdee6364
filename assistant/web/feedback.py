"""Visitors' thumbs up/down on answers, kept so editors can turn them into gold questions.

Stored in SQLite (stdlib, one file under `data_dir`, safe across the server's
threads and across processes): each vote keeps the question, the full answer
JSON with its sources, and the settings that produced it (embedding model,
generator, retrieval weights), because an answer can only be judged, and a
regression only be reproduced, knowing which configuration gave it.
`export_gold_candidates` writes JSONL in the gold-set schema of
`evals/gold.jsonl`, so a reviewed line can be pasted into the gold set.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.settings import Settings

FILE_NAME = "feedback.sqlite3"
REASONS = ("falsch", "Quelle passt nicht", "unvollständig")
LIKE, DISLIKE = "Like", "Dislike"  # the chat component's own labels for the thumb icons
MAX_TEXT = 20_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    turn INTEGER,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    reason TEXT,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    sources_json TEXT NOT NULL,
    embedding_model TEXT NOT NULL DEFAULT '',
    generator TEXT NOT NULL DEFAULT '',
    settings_json TEXT NOT NULL DEFAULT '{}'
)
"""


@dataclass(frozen=True)
class Vote:
    rating: str  # "up" | "down"
    reason: str | None = None


def vote_from_like(liked: bool | str) -> Vote | None:
    """Map the chat component's feedback value to a vote.

    The component sends True/False (or "Like"/"Dislike") for the thumbs and the
    option's label for any other option; every other option here is a reason
    for a thumbs-down. An unknown label is ignored rather than stored.
    """
    if liked is True or liked == LIKE:
        return Vote("up")
    if liked is False or liked == DISLIKE:
        return Vote("down")
    if isinstance(liked, str) and liked in REASONS:
        return Vote("down", liked)
    return None


def settings_snapshot(settings: Settings) -> dict[str, Any]:
    """The settings that shape an answer; never secrets (tokens, API keys)."""
    return {
        "embedding_model": settings.embedding_model,
        "generator": settings.generator,
        "lexical_weight": settings.lexical_weight,
        "top_k": settings.top_k,
        "candidate_k": settings.candidate_k,
        "llm_model": settings.llm_model,
    }


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    created_at: str
    session: str
    turn: int | None
    rating: str
    reason: str | None
    question: str
    answer: dict[str, Any]
    embedding_model: str
    generator: str
    settings: dict[str, Any]


class FeedbackError(OSError):
    """The vote log cannot be opened or written (read-only or full disk); shown as is."""


class FeedbackStore:
    """Append-only vote log; one short-lived connection per call keeps it thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(settings.data_dir / FILE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10)) as conn, conn:
                yield conn
        except (OSError, sqlite3.OperationalError) as exc:  # not writable, disk full, …
            raise FeedbackError(
                f"Die Rückmeldung konnte nicht gespeichert werden: {self.path} ist nicht "
                f"beschreibbar ({exc}). Bisherige Rückmeldungen bleiben erhalten."
            ) from exc

    def add(
        self,
        *,
        rating: str,
        question: str,
        answer: Mapping[str, Any],
        reason: str | None = None,
        session: str = "",
        turn: int | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> int:
        """Store one vote; `answer` is `Answer.to_json()`. Returns the row id."""
        if rating not in {"up", "down"}:
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            session[:200],
            turn,
            rating,
            reason,
            question[:MAX_TEXT],
            json.dumps(dict(answer), ensure_ascii=False),
            json.dumps(list(answer.get("sources", [])), ensure_ascii=False),
            str(answer.get("embedding_model", "")),
            str(answer.get("generator", "")),
            json.dumps(dict(settings or {}), ensure_ascii=False, default=str),
        )
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (created_at, session, turn, rating, reason, question, "
                "answer_json, sources_json, embedding_model, generator, settings_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def rows(self) -> list[FeedbackRow]:
        with self._connect() as conn:
            records = conn.execute(
                "SELECT id, created_at, session, turn, rating, reason, question, answer_json, "
                "embedding_model, generator, settings_json FROM feedback ORDER BY id"
            ).fetchall()
        return [
            FeedbackRow(
                id=r[0], created_at=r[1], session=r[2], turn=r[3], rating=r[4], reason=r[5],
                question=r[6], answer=json.loads(r[7]), embedding_model=r[8], generator=r[9],
                settings=json.loads(r[10]),
            )
            for r in records
        ]  # fmt: skip

    def export_gold_candidates(self, path: Path) -> int:
        """Write one gold-set candidate per distinct question (its latest vote wins).

        👍 answers give `gold_doc_ids` from their cited sources; 👎 answers leave
        them empty for the editor to fill. Follow-ups are exported as their resolved,
        standalone question. Returns the number of lines written.
        """
        latest: dict[str, FeedbackRow] = {}
        for row in self.rows():
            latest[_key(_standalone(row))] = row
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for row in sorted(latest.values(), key=lambda r: r.id):
                handle.write(json.dumps(gold_candidate(row), ensure_ascii=False) + "\n")
        return len(latest)


def _standalone(row: FeedbackRow) -> str:
    return str(row.answer.get("resolved_question") or row.answer.get("question") or row.question)


def _key(question: str) -> str:
    return " ".join(unicodedata.normalize("NFC", question).casefold().split())


def gold_candidate(row: FeedbackRow) -> dict[str, Any]:
    """A line in the schema of `evals/gold.jsonl` (kind "feedback", to be reviewed)."""
    answer = row.answer
    abstained = bool(answer.get("abstained"))
    cited = list(dict.fromkeys(str(s.get("doc_id")) for s in answer.get("sources", [])))
    question = _standalone(row)
    if row.rating == "up":
        notes = "👍 Antwort bestätigt"
        gold_doc_ids = [] if abstained else cited
    else:
        notes = f"👎 {row.reason or 'ohne Grund'}; gold_doc_ids und key_phrases bitte ergänzen"
        gold_doc_ids = []
    if question != row.question:
        notes += f"; gestellt als Folgefrage: {row.question!r}"
    notes += f"; Antwort: {str(answer.get('answer', ''))[:300]}"
    return {
        "id": f"fb{row.id:04d}",
        "kind": "feedback",
        "question": question,
        "lang": str(answer.get("language") or "de"),
        "answerable": not abstained,
        "gold_doc_ids": gold_doc_ids,
        "key_phrases": [],
        "conversation": None,
        "turn": None,
        "notes": notes,
    }

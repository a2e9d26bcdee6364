"""Visitors' thumbs up/down on answers, kept so editors can turn them into gold questions.

Stored in SQLite (stdlib, one file under `data_dir`, safe across the server's
threads and across processes): each vote keeps the question, the full answer
JSON with its sources, and the settings that produced it (embedding model,
generator, retrieval weights), because an answer can only be judged, and a
regression only be reproduced, knowing which configuration gave it.
`export_gold_candidates` writes JSONL in the gold-set schema of
`evals/gold.jsonl`, so a reviewed line can be pasted into the gold set.

Privacy (docs/datenschutz.md): one vote per answer and browser session — a second
click changes the vote instead of adding a row, so the table cannot be inflated by
clicking — no client address or browser details are ever stored, and votes older
than the retention period (`ASSISTANT_FEEDBACK_RETENTION_DAYS`, 90 days) are
deleted on every vote, at server start and by `assistant feedback-purge`.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant.records import content_hash
from assistant.settings import DEFAULT_FEEDBACK_RETENTION_DAYS, Settings

FILE_NAME = "feedback.sqlite3"
REASONS = ("falsch", "Quelle passt nicht", "unvollständig")
LIKE, DISLIKE = "Like", "Dislike"  # the chat component's own labels for the thumb icons
MAX_TEXT = 20_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT '',
    session TEXT NOT NULL DEFAULT '',
    answer_key TEXT NOT NULL DEFAULT '',
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
_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS feedback_one_vote ON feedback (session, answer_key)",
    "CREATE INDEX IF NOT EXISTS feedback_updated ON feedback (updated_at)",
)
_COLUMNS = ("id, created_at, updated_at, session, turn, rating, reason, question, answer_json, "
            "embedding_model, generator, settings_json")  # fmt: skip


def answer_key(question: str, answer: Mapping[str, Any], turn: int | None) -> str:
    """What makes two votes "on the same answer": the turn, the question and the answer text.

    Derived from the answer itself, so the page needs no extra state, and asking the same
    question again after "Neue Unterhaltung" and getting the same answer is the same answer.
    """
    return content_hash("" if turn is None else str(turn), question, str(answer.get("answer", "")))


def _now() -> datetime:
    return datetime.now(UTC)


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
    updated_at: str
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
    """The vote log, one row per answer and session; one short-lived connection per call keeps
    it thread-safe."""

    def __init__(self, path: Path, retention_days: int = DEFAULT_FEEDBACK_RETENTION_DAYS) -> None:
        self.path = path
        self.retention_days = retention_days
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            _migrate(conn)
            for statement in _INDEXES:
                conn.execute(statement)

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(settings.data_dir / FILE_NAME, settings.feedback_retention_days)

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
        """Store one vote; `answer` is `Answer.to_json()`. Returns the row id.

        A second vote by the same session on the same answer replaces the first (same id).
        """
        if rating not in {"up", "down"}:
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        now = _now().isoformat(timespec="seconds")
        question = question[:MAX_TEXT]
        row = (
            now,
            now,
            session[:200],
            answer_key(question, answer, turn),
            turn,
            rating,
            reason,
            question,
            json.dumps(dict(answer), ensure_ascii=False),
            json.dumps(list(answer.get("sources", [])), ensure_ascii=False),
            str(answer.get("embedding_model", "")),
            str(answer.get("generator", "")),
            json.dumps(dict(settings or {}), ensure_ascii=False, default=str),
        )
        with self._connect() as conn:
            self._purge(conn, self.retention_days)
            (row_id,) = conn.execute(
                "INSERT INTO feedback (created_at, updated_at, session, answer_key, turn, rating, "
                "reason, question, answer_json, sources_json, embedding_model, generator, "
                "settings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (session, answer_key) DO UPDATE SET updated_at = excluded.updated_at, "
                "rating = excluded.rating, reason = excluded.reason, "
                "answer_json = excluded.answer_json, sources_json = excluded.sources_json, "
                "embedding_model = excluded.embedding_model, generator = excluded.generator, "
                "settings_json = excluded.settings_json RETURNING id",
                row,
            ).fetchone()
            return int(row_id)

    def purge(self, older_than_days: int | None = None) -> int:
        """Delete votes last cast more than `older_than_days` (default: the retention) ago."""
        with self._connect() as conn:
            return self._purge(conn, older_than_days or self.retention_days)

    @staticmethod
    def _purge(conn: sqlite3.Connection, days: int) -> int:
        cutoff = (_now() - timedelta(days=days)).isoformat(timespec="seconds")
        return conn.execute("DELETE FROM feedback WHERE updated_at < ?", (cutoff,)).rowcount

    def delete(self, ids: Iterable[int] | None = None) -> int:
        """Delete the given votes, or all of them (staff: a visitor's request, a clean start)."""
        with self._connect() as conn:
            if ids is None:
                return conn.execute("DELETE FROM feedback").rowcount
            wanted = [(int(i),) for i in ids]
            return sum(
                conn.execute("DELETE FROM feedback WHERE id = ?", one).rowcount for one in wanted
            )

    def export_rows(self, path: Path) -> int:
        """Everything stored, one JSON object per vote (what staff hand out on request)."""
        rows = self.rows()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
        return len(rows)

    def rows(self) -> list[FeedbackRow]:
        with self._connect() as conn:
            records = conn.execute(f"SELECT {_COLUMNS} FROM feedback ORDER BY id").fetchall()
        return [
            FeedbackRow(
                id=r[0], created_at=r[1], updated_at=r[2], session=r[3], turn=r[4], rating=r[5],
                reason=r[6], question=r[7], answer=json.loads(r[8]), embedding_model=r[9],
                generator=r[10], settings=json.loads(r[11]),
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


def _migrate(conn: sqlite3.Connection) -> None:
    """Files from before one-vote-per-answer: add the columns, fill them, keep each session's
    latest vote per answer (the unique index could not be created over the repeats)."""
    columns = {c[1] for c in conn.execute("PRAGMA table_info(feedback)")}
    if "answer_key" in columns:
        return
    conn.execute("ALTER TABLE feedback ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE feedback ADD COLUMN answer_key TEXT NOT NULL DEFAULT ''")
    conn.execute("UPDATE feedback SET updated_at = created_at")
    rows = conn.execute("SELECT id, turn, question, answer_json FROM feedback").fetchall()
    for row_id, turn, question, answer_json in rows:
        key = answer_key(question, json.loads(answer_json), turn)
        conn.execute("UPDATE feedback SET answer_key = ? WHERE id = ?", (key, row_id))
    conn.execute(
        "DELETE FROM feedback WHERE id NOT IN "
        "(SELECT MAX(id) FROM feedback GROUP BY session, answer_key)"
    )


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

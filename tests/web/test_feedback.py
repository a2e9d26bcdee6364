"""Visitors' votes: stored with answer and settings, exported as gold-set candidates."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.pipeline import Assistant
from assistant.settings import Settings
from assistant.web.feedback import FILE_NAME, FeedbackStore, Vote, settings_snapshot, vote_from_like

GOLD_FIELDS = {"id", "kind", "question", "lang", "answerable", "gold_doc_ids", "key_phrases",
               "conversation", "turn", "notes"}  # fmt: skip


@pytest.mark.parametrize(
    ("liked", "vote"),
    [
        (True, Vote("up")),
        ("Like", Vote("up")),
        (False, Vote("down")),
        ("Dislike", Vote("down")),
        ("falsch", Vote("down", "falsch")),
        ("Quelle passt nicht", Vote("down", "Quelle passt nicht")),
        ("unvollständig", Vote("down", "unvollständig")),
        ("<script>", None),
    ],
)
def test_vote_from_like(liked: bool | str, vote: Vote | None) -> None:
    assert vote_from_like(liked) == vote


def test_store_keeps_question_answer_sources_and_settings(
    assistant_fake: Assistant, settings: Settings
) -> None:
    store = FeedbackStore.for_settings(settings)
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    row_id = store.add(rating="up", question=answer["question"], answer=answer, session="s",
                       turn=0, settings=settings_snapshot(settings))  # fmt: skip
    assert (settings.data_dir / FILE_NAME).exists()
    [row] = store.rows()
    assert row.id == row_id and row.rating == "up" and row.reason is None
    assert row.answer == answer and row.embedding_model == "fake-keywords"
    assert (
        row.generator == "extractive" and row.settings["lexical_weight"] == settings.lexical_weight
    )
    with sqlite3.connect(settings.data_dir / FILE_NAME) as conn:
        sources = json.loads(conn.execute("SELECT sources_json FROM feedback").fetchone()[0])
    assert sources == answer["sources"]


def test_snapshot_has_no_secrets(settings: Settings) -> None:
    from pydantic import SecretStr

    secret = settings.model_copy(update={"staff_token": SecretStr("t0k3n"),
                                         "llm_api_key": SecretStr("k3y")})  # fmt: skip
    assert "t0k3n" not in json.dumps(settings_snapshot(secret), default=str)
    assert "k3y" not in json.dumps(settings_snapshot(secret), default=str)


def test_invalid_votes_are_refused(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite3")
    with pytest.raises(ValueError):
        store.add(rating="meh", question="q", answer={})
    with pytest.raises(ValueError):
        store.add(rating="down", reason="gefällt mir nicht", question="q", answer={})
    assert store.rows() == []


def test_export_gold_candidates(assistant_fake: Assistant, settings: Settings) -> None:
    store = FeedbackStore.for_settings(settings)
    good = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    bad = assistant_fake.ask("Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?").to_json()
    first = assistant_fake.ask("Wann fand der Digitale Aufbruch 2023 statt?")
    follow = assistant_fake.ask("Und wo fand er statt?", [first.question]).to_json()
    store.add(rating="down", question=good["question"], answer=good)  # superseded below
    store.add(rating="up", question=good["question"], answer=good)
    store.add(rating="down", reason="unvollständig", question=bad["question"], answer=bad)
    store.add(rating="up", question=follow["question"], answer=follow)

    out = settings.data_dir / "kandidaten.jsonl"
    assert store.export_gold_candidates(out) == 3
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(set(line) == GOLD_FIELDS and line["kind"] == "feedback" for line in lines)
    by_question = {line["question"]: line for line in lines}

    up = by_question["Wann ist Digitaler Aufbruch 2024?"]
    assert up["gold_doc_ids"] == list(dict.fromkeys(s["doc_id"] for s in good["sources"]))
    assert up["answerable"] is True and up["key_phrases"] == [] and up["lang"] == "de"

    down = by_question[bad["question"]]
    assert down["gold_doc_ids"] == [] and "unvollständig" in down["notes"]

    standalone = follow["resolved_question"]
    assert standalone != "Und wo fand er statt?" and standalone in by_question
    assert "Und wo fand er statt?" in by_question[standalone]["notes"]


def test_cli_feedback_export(assistant_fake: Assistant, settings: Settings, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["feedback-export", "--data-dir", str(settings.data_dir)]
    assert runner.invoke(main, args).exit_code == 2  # nothing stored yet
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    FeedbackStore.for_settings(settings).add(rating="up", question="q", answer=answer)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 Kandidaten" in result.output and json.loads(out.read_text())["kind"] == "feedback"


# --------------------------------------------------------------------------- one vote, retention


def _answered(backend, question: str) -> list:
    import asyncio

    from assistant.web.app import answer_stream

    class Request:
        client = type("Client", (), {"host": "203.0.113.7"})()
        headers: dict[str, str] = {}  # noqa: RUF012
        session_hash = "s1"

    async def run() -> list:
        return [u async for u in answer_stream(backend, question, [], Request())]

    return asyncio.run(run())[-1][1]


def test_one_vote_per_answer_and_session(assistant_fake: Assistant, settings: Settings) -> None:
    """Liking one answer five times is one vote; a second vote updates it (hardening 7)."""
    from assistant.web.app import record_feedback
    from assistant.web.backend import Backend

    backend = Backend(settings, assistant_fake)
    turns = _answered(backend, "Wann ist Digitaler Aufbruch 2024?")
    for _ in range(5):
        assert record_feedback(backend, turns, 1, True, "s1")
    assert [(r.rating, r.reason) for r in backend.feedback.rows()] == [("up", None)]
    assert record_feedback(backend, turns, 1, "unvollständig", "s1")  # a change of mind
    [row] = backend.feedback.rows()
    assert (row.rating, row.reason, row.session) == ("down", "unvollständig", "s1")
    assert record_feedback(backend, turns, 1, True, "s2")  # another visitor: a vote of its own
    assert sorted(r.session for r in backend.feedback.rows()) == ["s1", "s2"]


def test_no_client_address_is_stored(assistant_fake: Assistant, settings: Settings) -> None:
    from assistant.web.app import record_feedback
    from assistant.web.backend import Backend

    backend = Backend(settings, assistant_fake)
    turns = _answered(backend, "Wann ist Digitaler Aufbruch 2024?")
    assert record_feedback(backend, turns, 1, False, "s1")
    with sqlite3.connect(settings.data_dir / FILE_NAME) as conn:
        columns = [c[1] for c in conn.execute("PRAGMA table_info(feedback)")]
        dump = "\n".join(conn.iterdump())
    assert not {"ip", "client", "host", "address", "user_agent"} & set(columns)
    assert "203.0.113.7" not in dump


def _age(settings: Settings, days: int, session: str = "%") -> None:
    """Pretend the stored votes (of `session`) were last cast `days` ago."""
    from datetime import UTC, datetime, timedelta

    stamp = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with sqlite3.connect(settings.data_dir / FILE_NAME) as conn:
        conn.execute("UPDATE feedback SET created_at = ?, updated_at = ? WHERE session LIKE ?",
                     (stamp, stamp, session))  # fmt: skip


def test_retention_purge_removes_only_old_votes(
    assistant_fake: Assistant, settings: Settings
) -> None:
    assert settings.feedback_retention_days == 90  # the documented default
    store = FeedbackStore.for_settings(settings)
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    for session in ("alt", "neu"):
        store.add(rating="up", question=answer["question"], answer=answer, session=session)
    _age(settings, 91, "alt")
    _age(settings, 89, "neu")
    assert store.purge() == 1
    assert [r.session for r in store.rows()] == ["neu"]
    assert store.purge() == 0
    _age(settings, 91, "neu")  # every new vote also purges, so no cron job is needed
    store.add(rating="down", question=answer["question"], answer=answer, session="spät")
    assert [r.session for r in store.rows()] == ["spät"]


def test_cli_feedback_purge(assistant_fake: Assistant, settings: Settings) -> None:
    store = FeedbackStore.for_settings(settings)
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    store.add(rating="up", question=answer["question"], answer=answer, session="a")
    store.add(rating="up", question=answer["question"], answer=answer, session="b")
    _age(settings, 40)
    runner = CliRunner()
    args = ["feedback-purge", "--data-dir", str(settings.data_dir)]
    result = runner.invoke(main, args)  # default: 90 days
    assert result.exit_code == 0, result.output
    assert "0 Rückmeldungen" in result.output and len(store.rows()) == 2
    result = runner.invoke(main, [*args, "--days", "30"])
    assert result.exit_code == 0 and "2 Rückmeldungen" in result.output
    assert store.rows() == []


def test_old_database_is_migrated_and_deduplicated(tmp_path: Path) -> None:
    """A feedback file from before one-vote-per-answer keeps its votes, minus repeats."""
    path = tmp_path / FILE_NAME
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
            " session TEXT NOT NULL DEFAULT '', turn INTEGER, rating TEXT NOT NULL, reason TEXT,"
            " question TEXT NOT NULL, answer_json TEXT NOT NULL, sources_json TEXT NOT NULL,"
            " embedding_model TEXT NOT NULL DEFAULT '', generator TEXT NOT NULL DEFAULT '',"
            " settings_json TEXT NOT NULL DEFAULT '{}')"
        )
        answer = json.dumps({"question": "q", "answer": "a [1]", "sources": []})
        for rating in ("up", "up", "down"):
            conn.execute(
                "INSERT INTO feedback (created_at, session, turn, rating, question, answer_json,"
                " sources_json) VALUES ('2026-11-01T10:00:00+00:00', 's', 0, ?, 'q', ?, '[]')",
                (rating, answer),
            )
    store = FeedbackStore(path)
    assert [(r.rating, r.session) for r in store.rows()] == [("down", "s")]
    store.add(rating="up", question="q", answer=json.loads(answer), session="s", turn=0)
    assert [r.rating for r in store.rows()] == ["up"]


def test_staff_export_and_delete(assistant_fake: Assistant, settings: Settings) -> None:
    store = FeedbackStore.for_settings(settings)
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    first = store.add(rating="up", question=answer["question"], answer=answer, session="a")
    store.add(rating="down", reason="falsch", question=answer["question"], answer=answer,
              session="b")  # fmt: skip
    out = settings.data_dir / "export.jsonl"
    assert store.export_rows(out) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["rating"] for line in lines] == ["up", "down"]
    assert lines[1]["reason"] == "falsch" and lines[0]["answer"] == answer
    assert store.delete([first]) == 1 and [r.session for r in store.rows()] == ["b"]
    assert store.delete() == 1 and store.rows() == []


def test_staff_export_file_is_removed_again(assistant_fake: Assistant, settings: Settings) -> None:
    import time

    from assistant.web.backend import Backend
    from assistant.web.staff import delete_feedback, export_feedback, feedback_rows

    backend = Backend(settings, assistant_fake)
    answer = assistant_fake.ask("Wann ist Digitaler Aufbruch 2024?").to_json()
    for session in ("a", "b", "c"):
        backend.feedback.add(rating="up", question=answer["question"], answer=answer,
                             session=session)  # fmt: skip
    path = export_feedback(backend, keep_s=0.2)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    deadline = time.monotonic() + 5
    while path.parent.exists():
        assert time.monotonic() < deadline, "export not removed"
        time.sleep(0.05)
    first, second, _ = [row[0] for row in feedback_rows(backend)]
    assert delete_feedback(backend, "x").startswith("Bitte die Nummern")
    assert delete_feedback(backend, f"{first}, {second}") == "2 Rückmeldungen gelöscht."
    assert delete_feedback(backend, "alle") == "1 Rückmeldungen gelöscht."
    assert feedback_rows(backend) == []

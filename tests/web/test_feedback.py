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

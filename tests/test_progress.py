"""Progress of long ingests: plain lines when output is not a terminal, bars on a terminal,
and the staff tab's log while an upload is ingested or the index rebuilt."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import TESTS_DIR, KeywordEmbeddings, copy_corpus, settings_env

import assistant.index.embeddings as embeddings_module
from assistant.cli import PlainProgress, main
from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.index.embeddings import EMBED_STEP
from assistant.ingest import IngestProgress, run_ingest
from assistant.settings import Settings
from assistant.web.backend import Backend
from assistant.web.staff import ingest_steps


def many_releases(corpus: Path, count: int) -> int:
    """`count` small invented releases; returns how many chunks they make."""
    corpus.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        paragraphs = "\n\n".join(
            f"Absatz {p} der Meldung {n}: Die Fachtagung Verwaltung {n} bespricht Thema {p} "
            "mit Gästen aus Kommunen und Ländern, die ihre Erfahrungen teilen." * 2
            for p in range(4)
        )
        (corpus / f"meldung-{n:03d}.txt").write_text(
            f"Fachtagung Verwaltung {n}\n\n{paragraphs}\n", encoding="utf-8"
        )
    return sum(len(chunk_document(d)) for d in load_corpus(corpus).documents)


def test_progress_line_says_count_share_rate_and_time_left() -> None:
    line = IngestProgress("chunks", 500, 2000, 5.0).line()
    assert line == "Chunks eingebettet: 500/2000 (25 %), 100/s, noch ca. 15 s"
    assert IngestProgress("chunks", 0, 2000, 0.0).line() == "Chunks eingebettet: 0/2000 (0 %)"
    long = IngestProgress("chunks", 1000, 100_000, 11.0).line()
    assert long.endswith("91/s, noch ca. 18 min 09 s")
    assert IngestProgress("files", 5, 5, 0.2).line() == "Dateien gelesen: 5/5 (100 %), 25/s"


def test_ingest_reports_progress_per_step(settings: Settings) -> None:
    total = many_releases(settings.corpus_dir, 150)
    assert total > 2 * EMBED_STEP
    seen: list[IngestProgress] = []
    assert run_ingest(settings, progress=seen.append).ok
    files = [p.done for p in seen if p.stage == "files"]
    chunks = [p.done for p in seen if p.stage == "chunks"]
    assert files == list(range(151))
    assert chunks == [0, *range(EMBED_STEP, total, EMBED_STEP), total]
    assert all(p.total == total for p in seen if p.stage == "chunks")


def test_plain_progress_prints_first_last_and_every_few_seconds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = iter([0.0, 1.0, 6.0, 7.0, 8.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    display = PlainProgress(every_s=5.0)
    for done in (0, 100, 200, 300, 400):
        display(IngestProgress("chunks", done, 400, done / 100))
    lines = capsys.readouterr().err.splitlines()
    printed = [line.split(":")[1].split("(")[0].strip() for line in lines]
    assert printed == ["0/400", "200/400", "400/400"]


def test_cli_ingest_prints_plain_progress_when_not_a_terminal(settings: Settings) -> None:
    total = many_releases(settings.corpus_dir, 40)
    result = CliRunner().invoke(
        main, ["ingest", "--embedding-model", "fake-keywords"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Dateien gelesen: 0/40 (0 %)"
    assert lines[1].startswith("Dateien gelesen: 40/40 (100 %)")
    assert lines[2] == f"Chunks eingebettet: 0/{total} (0 %)"
    assert lines[-1].startswith(f"Chunks eingebettet: {total}/{total} (100 %), ")
    assert "\x1b[" not in result.stderr  # no terminal control codes in logs
    assert result.stdout.startswith("Index aktualisiert: 40 neu")  # stdout: the report only


PTY_WRAPPER = """
import sys
sys.path.insert(0, {tests!r})
from conftest import register_fake_embeddings
register_fake_embeddings()
from assistant.cli import main
main(sys.argv[1:], prog_name="assistant")
"""


def test_cli_ingest_shows_bars_on_a_terminal(settings: Settings, tmp_path: Path) -> None:
    copy_corpus(settings.corpus_dir)
    script = tmp_path / "cli.py"
    script.write_text(textwrap.dedent(PTY_WRAPPER).format(tests=str(TESTS_DIR)), "utf-8")
    leader, follower = pty.openpty()
    env = settings_env(settings, COLUMNS="120", TERM="xterm")
    proc = subprocess.Popen([sys.executable, str(script), "ingest"], env=env,
                            stdin=follower, stdout=follower, stderr=follower)  # fmt: skip
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 120
    poller = select.poll()  # not select(): after a long test session fds exceed FD_SETSIZE
    poller.register(leader, select.POLLIN)
    while time.monotonic() < deadline:
        ready = poller.poll(1000)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(leader)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    assert "Chunks einbetten" in text and "Dateien lesen" in text
    assert "━" in text  # rich's bar
    assert "Index aktualisiert: 5 neu" in text


class SlowEmbeddings(KeywordEmbeddings):
    """Takes a while per step, so the staff tab has something to show in between."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        time.sleep(0.3)
        return super().embed_documents(texts)


def test_staff_rebuild_streams_progress_then_the_report(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = many_releases(settings.corpus_dir, 120)
    monkeypatch.setattr(embeddings_module, "create_embeddings",
                        lambda name, *args, **kwargs: SlowEmbeddings())  # fmt: skip
    backend = Backend(settings, None)
    steps: list[Any] = list(ingest_steps(backend, rebuild=True, every_s=0.05))
    progress, report = steps[:-1], steps[-1]
    assert any(line.startswith("Chunks eingebettet: ") and "noch ca." in line for line in progress)
    assert f"Chunks eingebettet: {EMBED_STEP}/{total} " in "\n".join(progress)
    assert f"{total} Chunks insgesamt" in report
    assert backend.assistant is not None  # the new index is live

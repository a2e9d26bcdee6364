"""The `assistant` command line, in-process via CliRunner, with the real default embedding model."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CORPUS, REPO, copy_corpus, make_settings

from assistant.cli import main
from assistant.corpus.chunking import chunk_document
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.settings import DEFAULT_EMBEDDING_MODEL

pytestmark = pytest.mark.integration

TOTAL_CHUNKS = sum(len(chunk_document(d)) for d in load_corpus(CORPUS).documents)


@pytest.fixture(scope="module")
def use_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus indexed once with the packaged default model; returns the store dir."""
    root = tmp_path_factory.mktemp("use-index")
    settings = make_settings(root, embedding_model=DEFAULT_EMBEDDING_MODEL)
    copy_corpus(settings.corpus_dir)
    ChunkIndex(settings).ingest(load_corpus(settings.corpus_dir).documents)
    return settings.vectorstore_dir


def run(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_ingest_prints_counts_then_up_to_date(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus")
    first = run("ingest")
    assert first.exit_code == 0, first.output
    assert "Index aktualisiert: 5 neu, 0 geändert, 0 entfernt, 0 unverändert" in first.stdout
    assert f"{TOTAL_CHUNKS} Chunks eingebettet" in first.stdout
    assert f"{TOTAL_CHUNKS} Chunks insgesamt" in first.stdout

    second = run("ingest")
    assert second.exit_code == 0, second.output
    assert second.stdout.strip() == f"Index ist aktuell (5 Dokumente, {TOTAL_CHUNKS} Chunks)."

    info = run("info")
    assert info.exit_code == 0
    data = json.loads(info.stdout)
    assert data["embedding_model"] == DEFAULT_EMBEDDING_MODEL
    assert data["documents"] == 5 and data["chunks"] == TOTAL_CHUNKS
    assert data["dimension"] == 512


def test_ingest_reports_unreadable_file_and_indexes_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(CORPUS / "nordlaender-digital-2022.txt", corpus)
    (corpus / "foto.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    result = run("ingest")

    assert result.exit_code == 0, result.output
    assert "übersprungen: foto.txt (binary file)" in result.stdout
    assert "Index aktualisiert: 1 neu" in result.stdout
    answer = run("ask", "Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?")
    assert answer.exit_code == 0
    assert "nordlaender-digital-2022" in answer.stdout


def test_ask_prints_answer_and_sources(use_index: Path) -> None:
    result = run("ask", "--vectorstore", str(use_index), "Wann ist Digitaler Aufbruch 2024?")
    assert result.exit_code == 0, result.output
    answer, _, sources = result.stdout.partition("\nQuellen:\n")
    assert "April" in answer
    assert "[1]" in answer
    lines = sources.rstrip().splitlines()
    assert lines and lines[0].startswith("  [1] ")
    assert any(
        "– digitaler-aufbruch-2024" in line or "– digitaler-aufbruch-2023" in line for line in lines
    )


def test_ask_json_questions_form_one_conversation(use_index: Path) -> None:
    result = run(
        "ask", "--json", "--vectorstore", str(use_index),
        "Wann fand der Digitale Aufbruch 2023 statt?", "Und wo fand er statt?",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first, second = json_lines(result.stdout)
    assert first["question"] == "Wann fand der Digitale Aufbruch 2023 statt?"
    assert "April" in first["answer"]
    assert second["question"] == "Und wo fand er statt?"
    assert "2023" in second["resolved_question"]
    assert "Nürnberg" in second["answer"]
    assert second["embedding_model"] == DEFAULT_EMBEDDING_MODEL


def test_ask_batch_from_stdin_reports_errors_in_place(use_index: Path) -> None:
    stdin = (
        "Wann ist Digitaler Aufbruch 2024?\n"
        "\n"
        "Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?\n"
    )
    result = run("ask", "--json", "--batch", "-", "--vectorstore", str(use_index), input=stdin)
    assert result.exit_code == 0, result.output
    lines = json_lines(result.stdout)
    assert [line["question"] for line in lines] == [
        "Wann ist Digitaler Aufbruch 2024?",
        "",
        "Wer hatte die Schirmherrschaft bei Nordl@nder.DIGITAL?",
    ]
    assert "error" not in lines[0] and "April" in lines[0]["answer"]
    assert lines[1]["error"] == "Bitte geben Sie eine Frage ein."
    assert "answer" not in lines[1]
    assert lines[2]["sources"][0]["doc_id"] == "nordlaender-digital-2022"
    # batch lines are independent questions, not a conversation
    assert lines[2]["resolved_question"] == lines[2]["question"]


def test_ask_batch_from_file(tmp_path: Path, use_index: Path) -> None:
    questions = tmp_path / "fragen.txt"
    questions.write_text(
        "Wann fand der Digitale Aufbruch 2023 statt?\nUnd wo fand er statt?\n", encoding="utf-8"
    )
    result = run("ask", "--json", "--batch", str(questions), "--vectorstore", str(use_index))
    assert result.exit_code == 0, result.output
    first, second = json_lines(result.stdout)
    assert "April" in first["answer"]
    # independent questions: the elliptical second one is not resolved against the first
    assert second["resolved_question"] == "Und wo fand er statt?"


def test_missing_batch_file_is_a_usage_error(tmp_path: Path, use_index: Path) -> None:
    missing = tmp_path / "gibt-es-nicht.txt"
    result = CliRunner().invoke(
        main, ["ask", "--batch", str(missing), "--vectorstore", str(use_index)]
    )
    assert result.exit_code == 2, repr(result.exception)
    assert "gibt-es-nicht.txt" in result.stderr


def test_blank_question_exits_2_with_friendly_message(use_index: Path) -> None:
    result = run("ask", "--vectorstore", str(use_index), "   ")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Bitte geben Sie eine Frage ein."
    assert result.stdout == ""


def test_ask_without_question_exits_2() -> None:
    result = run("ask")
    assert result.exit_code == 2
    assert "Bitte geben Sie eine Frage ein" in result.stderr


def test_ask_without_index_exits_3_naming_ingest() -> None:
    result = run("ask", "Wann ist Digitaler Aufbruch 2024?")
    assert result.exit_code == 3
    assert "assistant ingest" in result.stderr
    assert result.stdout == ""


def test_ask_with_other_model_exits_3_naming_rebuild(use_index: Path) -> None:
    result = run(
        "ask", "--embedding-model", "all-minilm-l6-v2", "--vectorstore", str(use_index),
        "Wann ist Digitaler Aufbruch 2024?",
    )  # fmt: skip
    assert result.exit_code == 3
    assert "--rebuild" in result.stderr
    assert DEFAULT_EMBEDDING_MODEL in result.stderr


def test_search_shows_ranked_passages(use_index: Path) -> None:
    result = run(
        "search", "--vectorstore", str(use_index), "-k", "3", "Schirmherrschaft Nordl@nder"
    )
    assert result.exit_code == 0, result.output
    ranked = [line for line in result.stdout.splitlines() if line[:2] in {"1.", "2.", "3."}]
    assert len(ranked) == 3
    assert "nordlaender-digital-2022:" in ranked[0]


def test_info_without_index_exits_3() -> None:
    result = run("info")
    assert result.exit_code == 3
    assert "assistant ingest" in result.stderr


def test_python_m_assistant_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    for command in ("ingest", "ask", "search", "info", "chat", "start"):
        assert command in proc.stdout

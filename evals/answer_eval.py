"""Answer eval: what a visitor would get, on every answer set.

Usage (from the repo root):

    python evals/answer_eval.py [--sets gold,visitor,generalisation,…] [--split dev|test|all]
                                [--out evals/reports] [--embedding-model NAME]
                                [--generator openai --base-url URL --model NAME]

Sets (each with the corpus it is asked against and its "today"):

- `gold` — evals/gold.jsonl over corpus/ (the project's own 124 questions, key phrases only);
- `visitor` — evals/sets/visitor.jsonl over corpus/: blind visitor-style questions and
  conversations (lower case, typos, English, yes/no, comparisons, events not in the corpus);
- `generalisation` — evals/sets/generalisation.jsonl over evals/generalisation/: blind questions
  over 30 press releases written for the eval in many real styles; split by *document*
  (evals/sets/generalisation_split.json): test questions are about releases never looked at
  while the rules were written.
- `visitor_fresh`, `fresh`, `fresh_conversations` — a second blind round written late in
  issue #12 (evals/sets/README.md): 70 visitor items over corpus/, 150 questions over 20 new
  releases in evals/fresh/ (split by document, evals/sets/fresh_split.json) and 48
  conversation turns over its dev releases; their test splits were scored once, at the end.
- `unseen` — a third blind round (evals/sets/README.md): 14 releases in evals/unseen/ written
  in styles none of the earlier 50 has, 120 questions split by document
  (evals/sets/unseen_split.json); written while the earlier test splits were opened for
  development.
- `holdout` — a fourth blind round: 14 releases in evals/holdout/ (council agenda, social
  media post, press review, strike cancellation, summer academy, recurring office hours,
  open day, parallel tracks, reminder e-mail, school day, English city page, podcast
  recording, regional dates table, radio news), 110 questions split by document
  (evals/sets/holdout_split.json); scored once, with the final code of its session, then
  opened for development.
- `sealed`, `sealed_visitor` — a fifth blind round: 14 releases in evals/sealed/ in the
  kinds organisers publish most (announcements, a ministry's report, event pages, a
  citizens' day, a conference with a call for papers, a date change, a newsletter with
  three events, a fair, a webinar, a newspaper report, a seminar calendar, a series of
  dates, an updated release), 110 questions split by document (sealed_split.json), and 60
  visitor items over corpus/; test splits scored at the end of their session, then opened.
- `untouched`, `untouched_visitor` — a sixth blind round: 14 releases in evals/untouched/
  (a Landtag hearing, a chamber's forum with prices, a programme page with a replaced
  speaker, a move online, a social-media post, a career day, an English conference release;
  a save-the-date card, an annual report's event table, a roadshow with a moved stop, an
  interview, a lecture series, a hackathon report, an easy-language invitation), 110
  questions split by document (untouched_split.json, `scripts/split_set.py`), and 60
  visitor items over corpus/; test splits scored once, at the end, then opened.
- `pristine`, `pristine_visitor` — a seventh blind round: 14 releases in evals/pristine/
  (a ministry's one-day congress, a municipal IT provider's report, an association's
  conference with fees, a postponement, a university symposium, a news-agency report, a
  county's online dialogue; an event page in key/value layout, a city's digital week, a
  network's look back at a workshop series, a cancellation, an award gala, an English-named
  summit, a very short notice), 110 questions split by document (pristine_split.json) and
  60 visitor items over corpus/; test splits scored once, at the end, then opened.
- `novel`, `novel_visitor` — an eighth blind round: 14 releases in evals/novel/ (a state IT
  agency's two-day conference with a bookable workshop day, a local paper's monthly help desk,
  a bilingual cross-border summit in two cities, an association's key/value event page, a
  hackathon report with winners, a ministry moving forums online, a certificate course; a
  county's AI day, a news report on yesterday's congress, an association's members' forum,
  a save-the-date card, a smart-city demo day, a city's online participation series, a
  state chancellery's invitation), 110 questions split by document (novel_split.json) and 60
  visitor items over corpus/; test splits scored once, at the end, then opened.
- `unheard`, `unheard_visitor` — a ninth blind round: 14 releases in evals/unheard/ (a
  Landtag committee's public hearing, a customer day in an IT cooperative's newsletter, a
  federal agency's info tour with one stop moved online, a trade fair with a congress inside,
  a welfare association's workshop for volunteers, a correction of an earlier release, a local
  paper's short-news column; a foundation's panel evening, a school authority's training day
  in two sessions, a monthly advice day with a moved and a cancelled date, a study launch,
  an EU project's final conference, a county's weekly appointments list, a look back with
  next year's date), 110 questions split by document (unheard_split.json) and 60 visitor items
  over corpus/; test splits scored once, at the end, then opened.
- `untold`, `untold_visitor` — a tenth blind round: 14 releases in evals/untold/ (a
  ministry's media advisory, a Swiss canton's media release, an encyclopedia article on a
  series, a barcamp page, a call for exhibitors, a scholarly conference report, a speaker's
  social-media post; a winter school, an English-only federal workshop page, a city's
  participation series, a county's open day with tour slots, a series with a new organiser,
  a consortium's conference page, a newspaper's reader-question column), 110 questions split
  by document (untold_split.json) and 60 visitor items over corpus/; test splits scored once,
  at the end, then opened.
- `unasked`, `unasked_visitor` — an eleventh blind round: 14 releases in evals/unasked/ (an
  Austrian state government's press release, a state office's staff circular, an IT
  provider's ticker newsletter, a flyer's text out of a PDF, a university's symposium, a radio
  station's event tip, a ticket shop page; a twice-postponed congress's FAQ, a newspaper
  comment, three towns' joint release, an award's call for entries, a twin-city exchange in
  two languages, an association board's minutes, a programme page with parallel tracks), 110
  questions split by document (unasked_split.json) and 60 visitor items over corpus/; test
  splits scored once, at the end of their session, then opened.
- `unread`, `unread_visitor` — a twelfth blind round: 14 releases in evals/unread/ (a
  parliament's answer to a minor interpellation, a calendar export, a podcast's show notes, a
  hybrid event's technical guide, a call for volunteers, a student council's post, an Austrian
  tender notice; a church academy's programme, a registration confirmation e-mail, a student
  council's trip to a fair, a forum thread after a barcamp, a hackathon's README, an Austrian
  speaker page, a funding decision), 110 questions split by document (unread_split.json) and
  60 visitor items over corpus/; test splits scored once, at the end of their session, then
  opened.
- `unsaid`, `unsaid_visitor` — a thirteenth blind round: 14 releases in evals/unsaid/ (a
  council's minutes, a roadshow timetable, a hackathon's terms of participation, a finished
  liveblog, a survey evaluation, letters to the editor, a press accreditation page; a council
  decision paper, a Mastodon thread, a conference app's session export, an intranet post, an
  easy-language page, a German/Danish release, a published welcome speech), 110 questions
  split by document (unsaid_split.json) and 60 visitor items over corpus/; test splits scored
  once, at the end of their session, then opened.
- `unwritten`, `unwritten_visitor` — a fourteenth blind round: 14 releases in evals/unwritten/
  (a Landtag's plenary record, a run sheet, a registration form, a video page with chapters,
  an exhibitor directory, an e-mail thread, a grant's final report; a German/Sorbian release,
  a Moodle course page, a messenger channel, a cancellation letter, a certificate of
  attendance, a slide deck, a travel request form), 110 questions split by document
  (unwritten_split.json) and 60 visitor items over corpus/; test splits scored once, at the
  end of their session, then opened.
- `unmet`, `unmet_visitor` — a fifteenth blind round: 10 releases in evals/unmet/ (an
  invoice for a course, a congress's travel and hotel page, an internal wiki draft, a
  speaker's fee agreement, a call centre's knowledge-base article; an audit office's report,
  a Volkshochschule programme page, a call for participation, a council livestream's
  subtitles, a scheduling poll), 80 questions split by document (unmet_split.json) and 60
  visitor items over corpus/; test splits scored once, at the end of their session, then
  opened.
- `unspoken`, `unspoken_visitor` — a sixteenth blind round: 10 releases in evals/unspoken/
  (a data-protection notice for a Fachtag's registration, a sponsoring brochure, a staff
  council's intranet notice, a town hall notice-board posting, a press office's photo
  archive; an RSS feed export, a caterer's order confirmation, a webinar's participant list
  export, an award's filled-in nomination form, a parish newsletter), 80 questions split by
  document (unspoken_split.json) and 60 visitor items over corpus/; test splits scored once,
  at the end of their session.

Blind sets have a dev split to work with and a frozen test split scored at the end. Every
answer is scored by `answer_scoring.score_item` (correct / wrong / false abstention /
incomplete, clean); the gold set also keeps its original metrics (key phrases, abstention,
citation precision and validity, follow-ups, language, latency).

Builds a fresh index of each corpus in a temporary directory and asks through `Assistant.ask`,
conversation turns with the earlier turns (question and answer) as history, as the page does.
Writes evals/reports/answer_eval.md and answer_eval_<set>.jsonl.

With `--generator openai|ollama|llamacpp` (LLM settings as in `ASSISTANT_LLM_*`, or the
flags) it answers every gold question with the extractive generator *and* the LLM, and
writes llm_answer_eval_<generator>.{jsonl,md}: the same metrics side by side, plus what
the guardrails caught (invented facts, invented sources, uncited sentences, fallbacks).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from answer_scoring import score_item
from answer_scoring import summarise as summarise_outcomes
from common import command_line

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from metrics import OVERALL, aggregate, fold, mean, percentile

from assistant.answering.citations import cited_numbers, uncited_sentences
from assistant.answering.guardrails import FACT_KINDS
from assistant.corpus.loader import load_corpus
from assistant.index.chunk_index import ChunkIndex
from assistant.pipeline import Assistant
from assistant.records import Turn
from assistant.settings import DEFAULT_EMBEDDING_MODEL, GENERATORS, Settings

ROOT = Path(__file__).resolve().parent.parent
ABSTAIN_PHRASES = ("keine informationen", "no information")


class AnswerSet:
    """Questions, the corpus they are asked against, and the "today" they were written for."""

    def __init__(self, name: str, questions: Path, corpus: Path, today: str) -> None:
        self.name, self.questions, self.corpus, self.today = name, questions, corpus, today

    def rows(self, split: str = "all") -> list[dict[str, Any]]:
        rows = [json.loads(x) for x in self.questions.read_text("utf-8").splitlines() if x]
        for row in rows:
            row.setdefault("split", "dev")  # the gold set is the project's own: all "dev"
            row.setdefault("must_not", [])
        return [r for r in rows if split == "all" or r["split"] == split]


def _blind(name: str, corpus: str, today: str) -> AnswerSet:
    """A blind set: `evals/sets/<name>.jsonl`, asked against the repo folder `corpus`."""
    return AnswerSet(name, ROOT / "evals" / "sets" / f"{name}.jsonl", ROOT / corpus, today)


#: The answer sets in report order; `--sets` runs all of them by default.
SETS = {
    "gold": AnswerSet("gold", ROOT / "evals" / "gold.jsonl", ROOT / "corpus", "2026-11-23"),
    **{name: _blind(name, corpus, today) for name, corpus, today in (
        ("visitor", "corpus", "2026-11-30"),
        ("generalisation", "evals/generalisation", "2026-11-30"),
        ("visitor_fresh", "corpus", "2026-11-30"),
        ("fresh", "evals/fresh", "2026-11-30"),
        ("fresh_conversations", "evals/fresh", "2026-11-30"),
        ("unseen", "evals/unseen", "2026-11-30"),
        ("holdout", "evals/holdout", "2026-11-30"),
        ("sealed", "evals/sealed", "2026-11-30"),
        ("sealed_visitor", "corpus", "2026-11-30"),
        ("untouched", "evals/untouched", "2026-12-01"),
        ("untouched_visitor", "corpus", "2026-12-01"),
        ("pristine", "evals/pristine", "2026-12-01"),
        ("pristine_visitor", "corpus", "2026-12-01"),
        ("novel", "evals/novel", "2026-12-01"),
        ("novel_visitor", "corpus", "2026-12-01"),
        ("unheard", "evals/unheard", "2026-12-01"),
        ("unheard_visitor", "corpus", "2026-12-01"),
        ("untold", "evals/untold", "2026-12-01"),
        ("untold_visitor", "corpus", "2026-12-01"),
        ("unasked", "evals/unasked", "2026-12-01"),
        ("unasked_visitor", "corpus", "2026-12-01"),
        ("unread", "evals/unread", "2026-12-01"),
        ("unread_visitor", "corpus", "2026-12-01"),
        ("unsaid", "evals/unsaid", "2026-12-01"),
        ("unsaid_visitor", "corpus", "2026-12-01"),
        ("unwritten", "evals/unwritten", "2026-12-01"),
        ("unwritten_visitor", "corpus", "2026-12-01"),
        ("unmet", "evals/unmet", "2026-12-02"),
        ("unmet_visitor", "corpus", "2026-12-02"),
        ("unspoken", "evals/unspoken", "2026-12-02"),
        ("unspoken_visitor", "corpus", "2026-12-02"),
    )},
}

#: Questions across events (issue #5): answered from the event catalog where it applies.
EVENT_KINDS = ("list", "multi_doc", "time")


def score_answer(row: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """Per-question scores; keys absent where they do not apply (e.g. precision when abstained)."""
    text = answer["answer"]
    cited = answer["sources"]
    gold = set(row["gold_doc_ids"])
    groups = [[k] if isinstance(k, str) else k for k in row["key_phrases"]]
    kp_found = [any(fold(a) in fold(text) for a in group) for group in groups]
    scores: dict[str, Any] = {
        "id": row["id"],
        "kind": row["kind"],
        "question": row["question"],
        "answerable": row["answerable"],
        "abstained": answer["abstained"],
        "answer": text,
        "cited_docs": [s["doc_id"] for s in cited],
        "language_ok": answer["language"] == row["lang"],
        "latency_ms": answer["timings_ms"]["total"],
        "resolved_question": answer.get("resolved_question", ""),
    }
    numbers = set(cited_numbers(text))
    scores["citations_valid"] = numbers == {s["n"] for s in cited}
    scores["uncited_sentences"] = len(uncited_sentences(text)) if not answer["abstained"] else 0
    if row["answerable"]:
        scores["kp_correct"] = (not answer["abstained"]) and all(kp_found)
        scores["keyphrases_found"] = sum(kp_found)
        scores["false_abstention"] = answer["abstained"]
        if cited and not answer["abstained"]:
            scores["citation_precision"] = sum(s["doc_id"] in gold for s in cited) / len(cited)
    else:
        scores["kp_correct"] = answer["abstained"]
    return scores


def guard_info(generator: Any, before: Counter[str]) -> dict[str, Any]:
    """What an LLM generator's guardrails did with the last answer (nothing for extractive);
    `before` are the generator's totals before the question (for the follow-up rewrite)."""
    report = getattr(generator, "last_report", None)
    if report is None:
        return {}
    facts = [[c.kind, c.value, c.sentence] for c in report.caught if c.kind in FACT_KINDS]
    condensed = [k for k in Counter(generator.totals) - before if k.startswith("condense:")]
    return {
        "guard_outcome": report.outcome,
        "guard_caught": dict(report.counts()),
        "invented_facts": report.invented_facts,
        "invented_examples": facts[:5],
        **({"condense": condensed[0].split(":", 1)[1]} if condensed else {}),
    }


def run(args: argparse.Namespace, generator: str = "extractive") -> list[dict[str, Any]]:
    """The gold set (the LLM comparison's questions), scored as always."""
    spec = AnswerSet("gold", Path(args.gold), ROOT / "corpus", args.today)
    return run_set(spec, args, generator)


def run_set(
    spec: AnswerSet, args: argparse.Namespace, generator: str = "extractive", split: str = "all"
) -> list[dict[str, Any]]:
    rows = spec.rows(split)
    llm: dict[str, Any] = {}
    if generator != "extractive":
        llm = {"llm_base_url": args.base_url, "llm_model": args.model}
        llm = {k: v for k, v in llm.items() if v}  # unset flags: ASSISTANT_LLM_* decide
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            corpus_dir=spec.corpus,
            vectorstore_dir=Path(tmp) / "vectorstore",
            data_dir=Path(tmp) / "data",
            embedding_model=args.embedding_model,
            today=date.fromisoformat(spec.today),
            generator=generator,
            **llm,
        )
        ChunkIndex(settings).ingest(load_corpus(settings.corpus_dir).documents)
        assistant = Assistant.from_settings(settings)
        assistant.ask("Wann findet die Veranstaltung statt?")  # warm-up: load caches once
        histories: dict[str, list[Turn]] = {}
        results = []
        for row in rows:
            history = histories.setdefault(row["conversation"], []) if row["conversation"] else []
            before = Counter(getattr(assistant.generator, "totals", {}))
            answer = assistant.ask(row["question"], history).to_json()
            if row["conversation"]:
                history.append(Turn(row["question"], answer["answer"]))
            scores = score_answer(row, answer)
            results.append(
                {
                    **scores,
                    **score_item(row, answer),
                    "set": spec.name,
                    "split": row["split"],
                    "conversation": row.get("conversation"),
                    "generator": answer["generator"],
                    **guard_info(assistant.generator, before),
                }
            )
            if args.verbose:
                print(f"{row['id']} {answer['timings_ms']['total']:.0f} ms", file=sys.stderr)
    return results


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    abstained = [r for r in results if r["abstained"]]
    followups = [r for r in results if r["kind"] == "followup"]
    with_precision = [r for r in results if "citation_precision" in r]
    events = [r for r in results if r["kind"] in EVENT_KINDS]
    latencies = [r["latency_ms"] for r in results]
    return {
        "questions": len(results),
        "answerable_correct": mean(float(r["kp_correct"]) for r in answerable),
        "unanswerable_abstained": mean(float(r["abstained"]) for r in unanswerable),
        "false_abstention_rate": mean(float(r["abstained"]) for r in answerable),
        "abstention_precision": mean(float(not r["answerable"]) for r in abstained),
        "abstention_recall": mean(float(r["abstained"]) for r in unanswerable),
        "citation_precision": mean(r["citation_precision"] for r in with_precision),
        "citation_validity": mean(float(r["citations_valid"]) for r in results),
        "uncited_sentences": sum(r["uncited_sentences"] for r in results),
        "followup_correct": mean(float(r["kp_correct"]) for r in followups),
        "event_questions_correct": mean(
            float(r["kp_correct"] and r["citations_valid"]) for r in events
        ),
        "event_questions": len(events),
        "catalog_answers": sum(r.get("generator") == "catalog" for r in results),
        "language_match": mean(float(r["language_ok"]) for r in results),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "by_kind": aggregate(results, "kp_correct"),
        **summarise_guards(results),
    }


def summarise_guards(results: list[dict[str, Any]]) -> dict[str, Any]:
    guarded = [r for r in results if "guard_outcome" in r]
    if not guarded:
        return {}
    caught: Counter[str] = Counter()
    for r in guarded:
        caught.update(r["guard_caught"])
    outcomes = Counter(r["guard_outcome"] for r in guarded)
    condense = Counter(r["condense"] for r in guarded if "condense" in r)
    return {
        "condense": dict(condense),
        "guard_outcomes": dict(outcomes),
        "guard_caught": dict(caught),
        "invented_facts": sum(r["invented_facts"] for r in guarded),
        "answers_with_invented_facts": sum(1 for r in guarded if r["invented_facts"]),
        "llm_calls": sum(n for o, n in outcomes.items() if o != "evidence")
        + sum(condense.values()),
    }


def _head(title: str, command: str) -> list[str]:
    return [
        f"# {title}",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now().isoformat(timespec='seconds')}, generator `extractive`",
        "",
    ]


def to_markdown(summary: dict[str, Any], results: list[dict[str, Any]], command: str,
                title: str = "Answer eval") -> str:  # fmt: skip
    lines = [
        *_head(title, command),
        "| metric | value | target |",
        "|---|---|---|",
        f"| answerable questions with all key phrases | {summary['answerable_correct']:.3f} | ≥ 0.90 |",
        f"| unanswerable questions abstained | {summary['unanswerable_abstained']:.3f} | 1.00 |",
        f"| false abstentions (share of answerable) | {summary['false_abstention_rate']:.3f} | ≤ 0.05 |",
        f"| abstention precision | {summary['abstention_precision']:.3f} | |",
        f"| citation precision (cited docs that are gold) | {summary['citation_precision']:.3f} | ≥ 0.95 |",
        f"| citation validity (every [n] listed, every listed cited) | {summary['citation_validity']:.3f} | 1.00 |",
        f"| sentences without a citation | {summary['uncited_sentences']} | 0 |",
        f"| follow-up turns correct | {summary['followup_correct']:.3f} | 1.00 |",
        f"| list / multi-document / time questions with all key phrases and valid citations "
        f"(n = {summary['event_questions']}) | {summary['event_questions_correct']:.3f} | ≥ 0.90 |",
        f"| language match | {summary['language_match']:.3f} | 1.00 |",
        f"| latency p50 / p95 (warm, in-process) | {summary['latency_p50_ms']:.1f} / "
        f"{summary['latency_p95_ms']:.1f} ms | p95 ≤ 50 ms |",
        "",
        f"Answered from the event catalog: {summary['catalog_answers']} of "
        f"{summary['questions']} questions (the rest by retrieval and the extractive generator).",
        "",
        "## Correct by kind",
        "",
        "| kind | n | correct |",
        "|---|---|---|",
    ]
    for kind, agg in summary["by_kind"].items():
        if kind != OVERALL:
            lines.append(f"| {kind} | {agg['n']:.0f} | {agg['mean']:.3f} |")
    overall = summary["by_kind"][OVERALL]
    lines.append(f"| **all** | {overall['n']:.0f} | {overall['mean']:.3f} |")
    misses = [r for r in results if not r["kp_correct"]]
    if misses:
        lines += ["", "## Not correct", ""]
        for r in misses:
            lines.append(f"- {r['id']} ({r['kind']}) {r['question']} → {r['answer'][:200]}")
    return "\n".join(lines) + "\n"


#: (label, summary key, format, target) of the side-by-side table.
METRIC_ROWS = (
    ("answerable questions with all key phrases", "answerable_correct", ".3f", "≥ 0.90"),
    ("unanswerable questions abstained", "unanswerable_abstained", ".3f", "1.00"),
    ("false abstentions (share of answerable)", "false_abstention_rate", ".3f", "≤ 0.05"),
    ("abstention precision", "abstention_precision", ".3f", ""),
    ("citation precision (cited docs that are gold)", "citation_precision", ".3f", "≥ 0.95"),
    (
        "citation validity (every [n] listed, every listed cited)",
        "citation_validity",
        ".3f",
        "1.00",
    ),
    ("sentences without a citation", "uncited_sentences", "d", "0"),
    ("follow-up turns correct", "followup_correct", ".3f", "1.00"),
    (
        "list / multi-document / time questions with all key phrases and valid citations",
        "event_questions_correct",
        ".3f",
        "≥ 0.90",
    ),
    ("language match", "language_match", ".3f", "1.00"),
    ("latency p50 (ms)", "latency_p50_ms", ".1f", ""),
    ("latency p95 (ms)", "latency_p95_ms", ".1f", ""),
)


def side_by_side_markdown(
    summaries: dict[str, dict[str, Any]], results: dict[str, list[dict[str, Any]]], command: str
) -> str:
    """Extractive and LLM generator on the same questions, plus what the guardrails caught."""
    names = list(summaries)
    llm_name = names[-1]
    lines = [
        f"# Answer eval: {' vs '.join(f'`{n}`' for n in names)}",
        "",
        f"Command: `{command}`  ",
        f"Run: {datetime.now().isoformat(timespec='seconds')}",
        "",
        f"| metric | {' | '.join(names)} | target |",
        f"|---|{'---|' * len(names)}---|",
    ]
    for label, key, fmt, target in METRIC_ROWS:
        values = " | ".join(format(summaries[n][key], fmt) for n in names)
        lines.append(f"| {label} | {values} | {target} |")
    guards = summaries[llm_name]
    if "guard_outcomes" in guards:
        lines += [
            "",
            f"## What the guardrails did with `{llm_name}`",
            "",
            f"Model calls: {guards['llm_calls']} (answers and follow-up rewrites; questions the "
            f"evidence gate answered without the model: "
            f"{guards['guard_outcomes'].get('evidence', 0)}).  ",
            f"Invented facts caught: **{guards['invented_facts']}** in "
            f"{guards['answers_with_invented_facts']} answers.  ",
            "Follow-up rewrites (model's standalone question accepted / rejected in favour of "
            f"the rule-based one / failed): {guards['condense'].get('llm', 0)} / "
            f"{guards['condense'].get('offline', 0)} / {guards['condense'].get('error', 0)}.",
            "",
            "| outcome | answers |",
            "|---|---|",
        ]
        meaning = {
            "llm": "LLM answer shown as written (all checks passed)",
            "replaced": "one unsupported sentence replaced or removed",
            "fallback": "LLM answer rejected, extractive answer shown",
            "error": "endpoint failed, extractive answer shown with a note",
            "evidence": "evidence insufficient: abstained without calling the model",
        }
        for outcome, n in sorted(guards["guard_outcomes"].items()):
            lines.append(f"| {outcome}: {meaning.get(outcome, '')} | {n} |")
        lines += ["", "| caught | count |", "|---|---|"]
        for kind, n in sorted(guards["guard_caught"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {kind} | {n} |")
        examples = [(r["id"], e) for r in results[llm_name] for e in r.get("invented_examples", [])]
        if examples:
            lines += ["", "Examples of caught inventions:", ""]
            for qid, (kind, value, sentence) in examples[:12]:
                lines.append(f"- {qid} `{kind}` **{value}** in „{sentence[:160]}“")
    lines += [
        "",
        "## Correct by kind",
        "",
        f"| kind | n | {' | '.join(names)} |",
        f"|---|---|{'---|' * len(names)}",
    ]
    for kind, agg in summaries[names[0]]["by_kind"].items():
        values = " | ".join(f"{summaries[n]['by_kind'][kind]['mean']:.3f}" for n in names)
        label = "**all**" if kind == OVERALL else kind
        lines.append(f"| {label} | {agg['n']} | {values} |")
    misses = [r for r in results[llm_name] if not r["kp_correct"]]
    if misses:
        lines += ["", f"## Not correct with `{llm_name}`", ""]
        for r in misses:
            lines.append(f"- {r['id']} ({r['kind']}) {r['question']} → {r['answer'][:200]}")
    return "\n".join(lines) + "\n"


def write_jsonl(path: Path, results: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for r in results:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")


def compare(args: argparse.Namespace, command: str) -> tuple[dict[str, Any], str]:
    """Both generators on the gold set; returns the summaries and the side-by-side report."""
    results = {"extractive": run(args)}
    llm_results = run(args, args.generator)
    names = [r["generator"] for r in llm_results if r["generator"] != "catalog"]
    results[names[0] if names else args.generator] = llm_results
    summaries = {name: summarise(rows) for name, rows in results.items()}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / f"llm_answer_eval_{args.generator}.jsonl", llm_results)
    markdown = side_by_side_markdown(summaries, results, command)
    (out / f"llm_answer_eval_{args.generator}.md").write_text(markdown, encoding="utf-8")
    return summaries, markdown


TARGETS = {  # issue #12: what each set must reach on its test split
    "generalisation": "correct ≥ 0.92, wrong ≤ 0.01, false abstentions ≤ 0.04",
    "visitor": "correct ≥ 0.90, clean ≥ 0.80, wrong ≤ 0.01",
    "fresh": "as generalisation (a second, later blind set)",
    "visitor_fresh": "as visitor (a second, later blind set)",
    "unseen": "as generalisation (a third blind round)",
    "holdout": "as generalisation (a fourth blind round; opened after its one scoring)",
    "sealed": "as generalisation (a fifth blind round, scored once at the very end)",
    "sealed_visitor": "as visitor (a fifth blind round, scored once at the very end)",
    "untouched": "as generalisation (a sixth blind round, scored once at the very end)",
    "untouched_visitor": "as visitor (a sixth blind round, scored once at the very end)",
    "pristine": "as generalisation (a seventh blind round, scored once at the very end)",
    "pristine_visitor": "as visitor (a seventh blind round, scored once at the very end)",
    "novel": "as generalisation (an eighth blind round, scored once at the very end)",
    "novel_visitor": "as visitor (an eighth blind round, scored once at the very end)",
    "unheard": "as generalisation (a ninth blind round; opened after its one scoring)",
    "unheard_visitor": "as visitor (a ninth blind round; opened after its one scoring)",
    "untold": "as generalisation (a tenth blind round; opened after its one scoring)",
    "untold_visitor": "as visitor (a tenth blind round; opened after its one scoring)",
    "unasked": "as generalisation (an eleventh blind round; opened after its session)",
    "unasked_visitor": "as visitor (an eleventh blind round; opened after its session)",
    "unread": "as generalisation (a twelfth blind round; opened after its session)",
    "unread_visitor": "as visitor (a twelfth blind round; opened after its session)",
    "unsaid": "as generalisation (a thirteenth blind round; opened after its session)",
    "unsaid_visitor": "as visitor (a thirteenth blind round; opened after its session)",
    "unwritten": "as generalisation (a fourteenth blind round; opened after its session)",
    "unwritten_visitor": "as visitor (a fourteenth blind round; opened after its session)",
    "unmet": "as generalisation (a fifteenth blind round; opened after its session)",
    "unmet_visitor": "as visitor (a fifteenth blind round; opened after its session)",
    "unspoken": "as generalisation (a sixteenth blind round, scored at the end of its session)",
    "unspoken_visitor": "as visitor (a sixteenth blind round, scored at the end of its session)",
    "gold": "answerable with all key phrases ≥ 0.973, unanswerable abstained 1.000",
}


def _pct(value: float) -> str:
    return "–" if value != value else f"{value:.3f}"  # NaN: no such questions


def sets_markdown(by_set: dict[str, list[dict[str, Any]]], command: str) -> str:
    """One table per set: per split and kind, the share of correct / wrong / false abstention /
    incomplete / clean answers; then the wrong answers and the misses of the dev split."""
    lines = [
        *_head("Answer eval", command),
        "Outcomes (`evals/answer_scoring.py`): **correct**; **wrong** = states something false "
        "(a must-not phrase, an answer to an unanswerable question, a wrong event date, or "
        "only other documents cited); **false abstention**; **incomplete** = answered, a key "
        "fact missing, nothing false detected; **clean** = correct and at most 2 sentences / "
        "45 words for factoid kinds (4 / 120 for lists and descriptions).",
        "",
        "| set | split | n | correct | wrong | false abstention | incomplete | clean | target (test split) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, results in by_set.items():
        for split in ("dev", "test"):
            rows = [r for r in results if r["split"] == split]
            if not rows:
                continue
            s = summarise_outcomes(rows)["all"]
            lines.append(
                f"| {name} | {split} | {s['n']:.0f} | {_pct(s['correct'])} | {_pct(s['wrong'])} "
                f"| {_pct(s['false_abstention'])} | {_pct(s['incomplete'])} | {_pct(s['clean'])} "
                f"| {TARGETS.get(name, '') if split == 'test' else ''} |"
            )
    for name, results in by_set.items():
        lines += ["", f"## {name}: by kind", "",
                  "| split | kind | n | correct | wrong | false abst. | clean |",
                  "|---|---|---|---|---|---|---|"]  # fmt: skip
        for split in ("dev", "test"):
            rows = [r for r in results if r["split"] == split]
            for kind, s in summarise_outcomes(rows).items():
                if kind == "all":
                    continue
                lines.append(
                    f"| {split} | {kind} | {s['n']:.0f} | {_pct(s['correct'])} | {_pct(s['wrong'])} "
                    f"| {_pct(s['false_abstention'])} | {_pct(s['clean'])} |"
                )
    for name, results in by_set.items():
        wrong = [r for r in results if r["wrong"]]
        if wrong:
            lines += ["", f"## {name}: wrong answers ({len(wrong)})", ""]
            for r in wrong:
                lines.append(f"- {r['id']} [{r['split']}] ({r['kind']}) {r['question']} → "
                             f"{r['answer'][:220]} — *{r['reason']}*")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--split", default="all", choices=("dev", "test", "all"))
    parser.add_argument("--gold", default=str(ROOT / "evals" / "gold.jsonl"))
    parser.add_argument("--out", default=str(ROOT / "evals" / "reports"))
    parser.add_argument("--today", default="2026-11-23", help="for the gold set")
    parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    parser.add_argument("--generator", default="extractive", choices=GENERATORS)
    parser.add_argument("--base-url", default=None, help="LLM endpoint (ASSISTANT_LLM_BASE_URL)")
    parser.add_argument("--model", default=None, help="LLM model name (ASSISTANT_LLM_MODEL)")
    parser.add_argument("--verbose", action="store_true", help="per-question timing on stderr")
    args = parser.parse_args(argv)
    command = command_line("answer_eval.py", argv)
    if args.generator != "extractive":
        print(compare(args, command.strip())[1])
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    by_set: dict[str, list[dict[str, Any]]] = {}
    parts = []
    for name in args.sets.split(","):
        spec = SETS[name]
        if name == "gold":
            spec = AnswerSet("gold", Path(args.gold), spec.corpus, args.today)
        by_set[name] = run_set(spec, args, split=args.split)
        write_jsonl(out / f"answer_eval_{name}.jsonl", by_set[name])
    parts.append(sets_markdown(by_set, command.strip()))
    if "gold" in by_set:
        parts.append(to_markdown(summarise(by_set["gold"]), by_set["gold"], command.strip(),
                                 title="Gold set: the original metrics"))  # fmt: skip
    markdown = "\n".join(parts)
    (out / "answer_eval.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

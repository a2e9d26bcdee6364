"""What every eval and benchmark script shares: the command line that reproduces a report, and
the arguments all of them take (`--out`, `--today`, `--embedding-model`).

Every report starts with the exact command that printed it, so a number in a closing note or
the README can be re-run by anyone; building that line in one place keeps it exact.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "reports"
#: "Today" for reproducible evals (past/upcoming wording, relative questions).
EVAL_TODAY = "2026-11-23"


def command_line(script: str, argv: Sequence[str] | None = None) -> str:
    """ "python evals/<script> <args>", with the arguments quoted as a shell would need them."""
    args = list(sys.argv[1:] if argv is None else argv)
    return shlex.join(["python", f"evals/{script}", *args])


def add_common_arguments(
    parser: argparse.ArgumentParser, *, today: str | None = EVAL_TODAY, embedding: bool = True
) -> argparse.ArgumentParser:
    """`--out` (report folder), and unless disabled `--today` and `--embedding-model`."""
    parser.add_argument("--out", type=Path, default=REPORTS, help="report folder")
    if today is not None:
        parser.add_argument("--today", default=today, help="fixed 'today' (YYYY-MM-DD)")
    if embedding:
        from assistant.settings import DEFAULT_EMBEDDING_MODEL

        parser.add_argument("--embedding-model", default=DEFAULT_EMBEDDING_MODEL)
    return parser

"""The licence check of `make test` (scripts/check_licences.py): its verdicts, and the
default install passing it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

SCRIPT = REPO / "scripts" / "check_licences.py"
_spec = importlib.util.spec_from_file_location("check_licences", SCRIPT)
assert _spec and _spec.loader
check = importlib.util.module_from_spec(_spec)
sys.modules["check_licences"] = check  # its dataclasses look their module up
_spec.loader.exec_module(check)


@pytest.mark.parametrize(
    ("expression", "product", "verdict"),
    [
        ("MIT License", "EUPL-1.2", "ok"),
        ("BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0", "EUPL-1.2", "ok"),
        ("Apache Software License; MIT License", "EUPL-1.2", "ok"),
        ("Mozilla Public License 2.0 (MPL 2.0)", "EUPL-1.2", "ok"),
        ("LGPL-3.0-only", "EUPL-1.2", "ok"),
        ("GPLv3", "EUPL-1.2", "compatible (EUPL Appendix)"),
        ("GPLv3", "Apache-2.0", "incompatible"),  # the example: GPL in an Apache product
        ("AGPL-3.0-or-later", "Apache-2.0", "incompatible"),
        ("MIT AND GPL-3.0-only", "Apache-2.0", "incompatible"),
        ("GPL-3.0-only OR MIT", "Apache-2.0", "ok"),  # an alternative is enough
        ("SSPL-1.0", "EUPL-1.2", "incompatible"),
        ("CC-BY-NC-4.0", "EUPL-1.2", "incompatible"),
        ("UNKNOWN", "EUPL-1.2", "unknown"),
        ("", "EUPL-1.2", "unknown"),
    ],
)
def test_verdicts(expression: str, product: str, verdict: str) -> None:
    assert check.classify(expression, product) == verdict


def test_default_install_is_compatible_and_reported(tmp_path: Path) -> None:
    """What CI runs (`make licences`): exit 0, every package of the default install listed."""
    report = tmp_path / "licences.md"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--report", str(report)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 incompatible or unknown" in proc.stdout
    listed = {line.split("|")[1].strip() for line in proc.stdout.splitlines()
              if line.startswith("| ") and not line.startswith("| package")}  # fmt: skip
    assert {"chromadb", "gradio", "pdfminer-six", "python-docx"} <= listed
    assert "torch" not in listed  # the default embedding model is pure numpy
    assert "pytest" not in listed and "fpdf2" not in listed  # dev extras are not the default
    assert "| gender-guesser | 0.4.0 | GPL-3.0 | compatible (EUPL Appendix) |" in proc.stdout
    assert report.read_text(encoding="utf-8").startswith("# Licences of the default install")

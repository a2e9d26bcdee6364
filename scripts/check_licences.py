"""Licences of everything the default install brings, checked against the product's licence.

The product is EUPL-1.2 (LICENSE). "The default install" is the dependency closure of
`veranstaltungsassistent[ui]` (what `make install` / `make run` put into the venv), read
from the installed packages' metadata with markers evaluated; licences come from
`pip-licenses` (SPDX expression, classifiers or the licence field). Every package must be
compatible with the product licence, else the check fails (exit 1): permissive licences
always are; weak copyleft (LGPL, MPL) is, as a library used unchanged; strong copyleft is
compatible with EUPL-1.2 only where its Appendix lists it (GPL v2/v3, AGPL v3, OSL, EPL,
CeCILL, LiLiQ), and never with Apache-2.0. Unknown or non-free licences fail until a person
has read them and recorded the result in `REVIEWED`.

Optional extras (sentence-transformers, dev, llm, llm-test) are listed with `--extras`, for
the report, and do not fail the check (README, "Licence"). Run by `make licences`, part of
`make test` (CI):

    python scripts/check_licences.py                      # check, table on stdout
    python scripts/check_licences.py --report evals/reports/licences.md
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PRODUCT = "veranstaltungsassistent"
PRODUCT_LICENCE = "EUPL-1.2"
DEFAULT_EXTRAS = ("ui",)
OPTIONAL_EXTRAS = ("sentence-transformers", "dev", "llm", "llm-test")

PERMISSIVE = (
    "MIT", "MIT-0", "MIT-CMU", "BSD", "0BSD", "BSD-2-Clause", "BSD-3-Clause", "Apache",
    "Apache-2.0", "ISC", "PSF", "PSF-2.0", "Python-2.0", "CNRI-Python", "Zlib", "Unlicense",
    "CC0-1.0", "HPND", "BSL-1.0", "Public Domain", "WTFPL", "X11", "NCSA", "UPL-1.0",
)  # fmt: skip
WEAK_COPYLEFT = ("LGPL", "MPL")
#: EUPL-1.2 Appendix ("Compatible Licences", Article 5): strong copyleft it can combine with.
EUPL_COMPATIBLE = ("GPL-2", "GPL-3", "AGPL-3", "OSL", "EPL-1", "CECILL", "LILIQ", "EUPL")
#: Licence strings that are not SPDX: what they mean.
ALIASES = {
    "mit license": "MIT", "bsd license": "BSD", "3-clause bsd license": "BSD-3-Clause",
    "apache software license": "Apache-2.0", "apache license, version 2.0": "Apache-2.0",
    "apache 2.0 license": "Apache-2.0", "apache license 2.0": "Apache-2.0",
    "python software foundation license": "PSF-2.0", "isc license (iscl)": "ISC",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0", "gplv3": "GPL-3.0",
    "gnu general public license v3 (gplv3)": "GPL-3.0",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0",
    "gnu library or lesser general public license (lgpl)": "LGPL",
    "the unlicense (unlicense)": "Unlicense", "public domain": "Public Domain",
}  # fmt: skip
#: Packages whose metadata names no licence, read by hand (licence file in the wheel/sdist).
REVIEWED = {
    "axe-playwright-python": "MPL-2.0",  # dev only: its repository's LICENSE; axe-core is MPL
    "tiktoken": "MIT",  # the licence field holds the whole MIT text
}


@dataclass(frozen=True)
class Verdict:
    name: str
    version: str
    licence: str
    status: str  # "ok" | "compatible (EUPL Appendix)" | "incompatible" | "unknown"

    @property
    def fails(self) -> bool:
        return self.status in {"incompatible", "unknown"}


def _normalise(licence: str) -> str:
    text = " ".join(licence.split())
    return ALIASES.get(text.casefold(), text)


def classify_one(licence: str, product: str = PRODUCT_LICENCE) -> str:
    """One licence id (no AND/OR) against the product licence."""
    name = _normalise(licence).split(" WITH ")[0].strip("() ")
    upper = name.upper()
    if not name or upper in {"UNKNOWN", "LICENSE", "OTHER/PROPRIETARY LICENSE"}:
        return "unknown"
    if any(upper == p.upper() or upper.startswith(p.upper() + " ") for p in PERMISSIVE):
        return "ok"
    if any(upper.startswith(w) for w in WEAK_COPYLEFT):
        return "ok"
    if product.upper().startswith("EUPL") and any(upper.startswith(c) for c in EUPL_COMPATIBLE):
        return "compatible (EUPL Appendix)"
    restricted = r"GPL|SSPL|BUSL|-NC|NON-?COMMERCIAL|PROPRIETARY|\bEPL|\bOSL|CECILL|EUPL"
    return "incompatible" if re.search(restricted, upper) else "unknown"


def classify(expression: str, product: str = PRODUCT_LICENCE) -> str:
    """An SPDX-style expression: every AND part must pass, one OR alternative suffices;
    pip-licenses joins several classifiers with "; " (each is an alternative)."""
    rank = {"ok": 0, "compatible (EUPL Appendix)": 1, "unknown": 2, "incompatible": 3}
    expression = _normalise(expression)
    alternatives = [a for a in re.split(r"\s+OR\s+|;\s*", expression.strip("() ")) if a.strip()]
    verdicts = []
    for alternative in alternatives or [""]:
        parts = [p for p in re.split(r"\s+AND\s+", alternative.strip("() ")) if p.strip()]
        each = [classify_one(p, product) for p in parts or [""]]
        verdicts.append(max(each, key=rank.__getitem__))
    return min(verdicts, key=rank.__getitem__)


def closure(root: str, extras: tuple[str, ...]) -> dict[str, str]:
    """Installed distributions `root[extras]` needs, name -> version (markers evaluated)."""
    found: dict[str, str] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    pending: list[tuple[str, tuple[str, ...]]] = [(root, extras)]
    while pending:
        name, wanted = pending.pop()
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency for another platform
        found[canonicalize_name(dist.metadata["Name"])] = dist.version
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is not None:
                base: dict[str, str] = {k: str(v) for k, v in default_environment().items()}
                environments = [{**base, "extra": e} for e in ("", *wanted)]
                if not any(requirement.marker.evaluate(env) for env in environments):
                    continue
            pending.append((canonicalize_name(requirement.name), tuple(sorted(requirement.extras))))
    return found


def licences(packages: dict[str, str]) -> list[Verdict]:
    names = sorted(p for p in packages if p != PRODUCT)
    if not names:
        return []
    out = subprocess.run(
        [sys.executable, "-m", "piplicenses", "--from=mixed", "--format=json", "--with-system",
         "--packages", *names],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rows = json.loads(out)
    missing = set(names) - {canonicalize_name(r["Name"]) for r in rows}
    rows += [{"Name": m, "Version": packages[m], "License": "UNKNOWN"} for m in sorted(missing)]
    verdicts = []
    for row in rows:
        name = canonicalize_name(row["Name"])
        licence = REVIEWED.get(name) or row["License"]
        if len(licence) > 120:  # the whole licence text pasted into the field
            licence = "UNKNOWN"
        verdicts.append(Verdict(name, row["Version"], _normalise(licence), classify(licence)))
    return sorted(verdicts, key=lambda v: v.name)


def table(verdicts: list[Verdict]) -> list[str]:
    lines = ["| package | version | licence | with EUPL-1.2 |", "|---|---|---|---|"]
    lines += [f"| {v.name} | {v.version} | {v.licence} | {v.status} |" for v in verdicts]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, help="also write this Markdown report")
    parser.add_argument("--extras", action="store_true",
                        help="list the optional extras too (never failing)")  # fmt: skip
    args = parser.parse_args(argv)
    default = closure(PRODUCT, DEFAULT_EXTRAS)
    if not default:
        print(f"{PRODUCT} is not installed (make install)", file=sys.stderr)
        return 2
    verdicts = licences(default)
    failing = [v for v in verdicts if v.fails]
    lines = [f"Default install ({PRODUCT}[{','.join(DEFAULT_EXTRAS)}]): {len(verdicts)} "
             f"packages, product licence {PRODUCT_LICENCE}, {len(failing)} incompatible "
             "or unknown.", "", *table(verdicts)]  # fmt: skip
    if args.extras:
        extra = {k: v for k, v in closure(PRODUCT, (*DEFAULT_EXTRAS, *OPTIONAL_EXTRAS)).items()
                 if k not in default}  # fmt: skip
        extra_verdicts = licences(extra)
        lines += ["", f"Optional extras ({', '.join(OPTIONAL_EXTRAS)}; not part of the default "
                  f"install, not failing): {len(extra_verdicts)} more packages.", "",
                  *table(extra_verdicts)]  # fmt: skip
    text = "\n".join(lines)
    print(text)
    if failing:
        print("\nNOT COMPATIBLE with " + PRODUCT_LICENCE + ": "
              + ", ".join(f"{v.name} ({v.licence})" for v in failing), file=sys.stderr)  # fmt: skip
    if args.report:
        command = "python scripts/check_licences.py --extras --report " + str(args.report)
        args.report.write_text(
            f"# Licences of the default install\n\nReproduce: `{command}` (part of `make test` "
            f"as `make licences`).\n\n{text}\n", encoding="utf-8")  # fmt: skip
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

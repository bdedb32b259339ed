"""Kill `newslint fix` while it writes: every file is either the original or the fixed version.

The run is a real process over many files; it is killed (SIGKILL: no chance to clean
up) as soon as the first file has been replaced, and then at later moments. Each file
is compared byte for byte with its original and with the fixed version made by an
uninterrupted run on a copy.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FILES = 60
WORDS = (
    "summit moscow beijing leaders talks trade energy security sanctions pipeline parade treaty "
    "minister envoy kremlin statement partnership economy tariffs ukraine ceasefire alliance grain "
    "delegation agreement currency exports imports military drills border railway investment"
).split()


def article(number: int) -> str:
    """A distinct article: its paragraphs share no run of words, so only the furniture is cut."""
    rng = random.Random(number)
    paragraphs = [" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(12)]
    return "Skip to content\n\n" + "\n\n".join(paragraphs) + "\n\nRead also:\n\nLatest\n"


def fix_process(directory: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newslint", "fix", *extra, str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(original, fixed) bytes of every file, the fixed ones from an uninterrupted run."""
    base = tmp_path_factory.mktemp("versions")
    originals = {f"{n:04d}.txt": article(n).encode("utf-8") for n in range(FILES)}
    for name, data in originals.items():
        (base / name).write_bytes(data)
    finished = fix_process(base)
    assert finished.wait(timeout=300) == 0, finished.stderr.read()
    fixed = {name: (base / name).read_bytes() for name in originals}
    assert all(fixed[name] != originals[name] for name in originals)
    return originals, fixed


def fresh_copy(directory: Path, originals: dict[str, bytes]) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    for name, data in originals.items():
        (directory / name).write_bytes(data)


def wait_for_first_write(directory: Path, first: str, original: bytes, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if (directory / first).read_bytes() != original:
                return
        except FileNotFoundError:
            pass  # never: os.replace swaps the name atomically
        time.sleep(0.0005)


def states(directory: Path, originals: dict[str, bytes], fixed: dict[str, bytes]) -> dict[str, int]:
    counts = {"original": 0, "fixed": 0}
    for name in originals:
        data = (directory / name).read_bytes()
        assert data in (originals[name], fixed[name]), f"{name} is neither the original nor the fixed version"
        counts["original" if data == originals[name] else "fixed"] += 1
    return counts


def leftovers(directory: Path, originals: dict[str, bytes]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in originals)


@pytest.mark.parametrize("delay", [0.0, 0.05])
def test_a_killed_run_leaves_every_file_original_or_fixed(tmp_path, versions, delay):
    originals, fixed = versions
    directory = tmp_path / "articles"
    fresh_copy(directory, originals)
    process = fix_process(directory)
    wait_for_first_write(directory, "0000.txt", originals["0000.txt"], process)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    counts = states(directory, originals, fixed)
    assert counts["fixed"] >= 1
    if delay == 0.0:
        assert counts["original"] >= 1, "the kill came after the last write; nothing was interrupted"
    # A kill between creating and renaming a temporary file may leave that one file behind;
    # it is hidden and never has a suffix newslint checks.
    assert all(name.startswith(".") and name.endswith(".newslint-tmp") for name in leftovers(directory, originals))
    # The next run finishes the job.
    again = fix_process(directory)
    assert again.wait(timeout=300) == 0
    assert states(directory, originals, fixed)["original"] == 0


def test_sigterm_and_ctrl_c_stop_cleanly_without_temporary_files(tmp_path, versions):
    originals, fixed = versions
    for sig in (signal.SIGTERM, signal.SIGINT):
        directory = tmp_path / f"articles-{sig.name}"
        fresh_copy(directory, originals)
        process = fix_process(directory)
        wait_for_first_write(directory, "0000.txt", originals["0000.txt"], process)
        process.send_signal(sig)
        code = process.wait()
        stderr = process.stderr.read().decode()
        states(directory, originals, fixed)
        assert leftovers(directory, originals) == []
        assert "Traceback" not in stderr
        assert code == 130 and "newslint: interrupted" in stderr

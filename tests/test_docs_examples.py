"""Every console example in README.md and docs/*.md is run, and its output must be what the page shows.

The convention (docs/architecture.md, "Console examples"): in a fenced block whose info string is
`console`, each line starting with `$ ` is a command run by bash from the repository root, with
this venv's `newslint` first on PATH and COLUMNS=80 NO_COLOR=1; the lines after it, up to the
next `$ ` line or the end of the block, are its exact standard output (trailing spaces ignored).
Pages are found by a glob, so a page added under docs/ is checked without touching this file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("**/*.md")])
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\S*)")
PROMPT = "$ "
# Variables that would change what newslint prints: the example must not depend on the caller's shell.
CLEARED = ("FORCE_COLOR", "CLICOLOR_FORCE", "NEWSLINT_INDEX", "NEWSLINT_CACHE_DIR")


@dataclass(frozen=True)
class Example:
    page: Path
    line: int  # of the `$ ` line, 1-based
    command: str
    expected: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"


def examples_in(page: Path) -> list[Example]:
    """The commands of every ```console block of `page`, each with the output shown under it."""
    examples: list[Example] = []
    fence: str | None = None  # the opening fence of the block we are in
    is_console = False
    current: tuple[int, str] | None = None
    output: list[str] = []

    def close() -> None:
        nonlocal current, output
        if current is not None:
            examples.append(Example(page, current[0], current[1], tuple(output)))
        current, output = None, []

    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence, is_console = match.group(1), match.group(2) == "console"
            continue
        if line.strip() == fence or (match and match.group(1).startswith(fence) and not match.group(2)):
            close()
            fence = None
            continue
        if not is_console:
            continue
        if line.startswith(PROMPT):
            close()
            current = (number, line[len(PROMPT):])
        elif current is not None:
            output.append(line)
    return examples


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run(example: Example) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(COLUMNS="80", NO_COLOR="1", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    return subprocess.run(["bash", "-c", example.command], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL)


EXAMPLES = [example for page in PAGES for example in examples_in(page)]


def test_the_readme_has_console_examples() -> None:
    assert any(e.page.name == "README.md" for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_console_example(example: Example) -> None:
    result = run(example)
    shown, printed = list(example.expected), _lines(result.stdout)
    while shown and not shown[-1].rstrip():
        shown.pop()
    assert printed == [line.rstrip() for line in shown], (
        f"{example.name}: `{example.command}` printed something else than the page shows "
        f"(stderr: {result.stderr.strip()[-500:]!r}). Run the command from the repository root with "
        f"COLUMNS=80 NO_COLOR=1 and paste its real output into the page."
    )


def test_the_parser_reads_the_convention(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```text\n$ not run\n```\n"
        "```console\n$ echo a\na\n$ printf 'b  \\n'\nb\n```\n"
        "````console\n$ echo '```'\n```\n````\n",
        encoding="utf-8",
    )
    found = examples_in(page)
    assert [(e.line, e.command, e.expected) for e in found] == [
        (5, "echo a", ("a",)),
        (7, "printf 'b  \\n'", ("b",)),
        (11, "echo '```'", ("```",)),
    ]
    assert all(run(e).returncode == 0 and _lines(run(e).stdout) == list(e.expected) for e in found)


if __name__ == "__main__":
    # For writers: print each example's real output, to paste into the page (nothing is edited).
    for example in EXAMPLES:
        result = run(example)
        status = "ok" if _lines(result.stdout) == [l.rstrip() for l in example.expected] else "DIFFERS"
        print(f"--- {example.name} [{status}]\n$ {example.command}\n{result.stdout}", end="")

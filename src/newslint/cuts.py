"""Which lines `newslint fix` cuts for a set of findings, and the blank lines a cut leaves.

Pure functions of findings and lines, at the bottom of the layers: the fix command and the
review page (formats/html.py) ask the same question and must get the same answer.
"""

from __future__ import annotations

from typing import Sequence

from newslint.findings import FIX_SAFE, Finding


def removed_lines(findings: Sequence[Finding], *, unsafe: bool = False) -> dict[str, dict[int, str]]:
    """path → {line: rule}: the lines `newslint fix` removes for these findings (of one
    document or many), in one pass; the safe fixes only, or with `unsafe` the unsafe ones too.

    This is the one answer to "which lines would fix remove": the fix command and the review
    page both ask it. The blank lines a cut leaves are collapsed afterwards (`collapsed_blanks`).

    A repeat is cut only while the copy it repeats stays: when that copy is cut too
    (two near-repeats in a chain), the later one waits for the next pass, which sees
    whether it still repeats anything.
    """
    named: dict[str, dict[int, str]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        if finding.fix is None or (finding.fix != FIX_SAFE and not unsafe):
            continue
        lines = named.setdefault(finding.path, {})
        related = finding.related
        if related is not None and related.path == finding.path and related.line in lines:
            continue
        for line in range(finding.line, finding.end_line + 1):
            lines.setdefault(line, finding.rule)
    return {path: lines for path, lines in named.items() if lines}


def collapsed_blanks(lines: Sequence[str], cut: Sequence[bool]) -> list[int]:
    """Blank lines to drop so that the layout around each cut stays as it was.

    Between two kept lines, a gap that held a cut keeps its longest run of blank
    lines (one paragraph break stays one); before the first kept line only the blanks
    ahead of any cut stay, after the last kept line only those behind every cut. A file
    left with no text at all becomes empty. Gaps without a cut are not touched.
    """
    drop: list[int] = []
    kept_text = [i for i, line in enumerate(lines) if not cut[i] and line.strip()]
    bounds = [-1] + kept_text + [len(lines)]
    for left, right in zip(bounds, bounds[1:]):
        gap = range(left + 1, right)
        if not any(cut[i] for i in gap):
            continue
        blanks = [i for i in gap if not cut[i]]  # every kept line in a gap is blank
        if left == -1 and right == len(lines):
            keep = set()  # nothing but cuts and blank lines: the file becomes empty
        elif left == -1:
            first_cut = next(i for i in gap if cut[i])
            keep = {i for i in blanks if i < first_cut}
        elif right == len(lines):
            last_cut = max(i for i in gap if cut[i])
            keep = {i for i in blanks if i > last_cut}
        else:
            keep = set(_longest_run(blanks))
        drop.extend(i for i in blanks if i not in keep)
    return drop


def _longest_run(indices: list[int]) -> list[int]:
    best: list[int] = []
    run: list[int] = []
    for i in indices:
        run = run + [i] if run and run[-1] == i - 1 else [i]
        if len(run) > len(best):
            best = run
    return best

"""`newslint fix`: cut what the findings of fixable rules name, then write each file back atomically.

plan: lint, take the lines that fixable findings span (`removed_lines`: a repeated
block's later copy, a boilerplate line, a promo line; the findings of `fix: unsafe` rules
only with --unsafe-fixes), cut them, collapse the blank
lines a cut leaves, and lint the result again until nothing fixable is left (a cut can
join two paragraphs, or leave a near-repeat pointing at a copy that is gone).
write: atomic.write_bytes (temporary file in the same directory, fsync, os.replace), so
an interrupted run leaves every file either as it was or fixed, never half-written.

Only whole lines that a finding names are cut; nothing is rewritten, nothing moves.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from newslint import atomic, discover, document, jsonl, pipeline
from newslint.config import Config
from newslint.document import Source
from newslint.errors import SkippedFile, UserError
from newslint.cuts import collapsed_blanks, removed_lines
from newslint.rules import RuleSet

# Each pass cuts at least one line, so the loop ends anyway; this bounds a pathological rule set.
MAX_PASSES = 10
DIFF_CONTEXT = 3


@dataclass(frozen=True)
class Cut:
    """One line of the original file that fix removes, and the rule whose finding named it."""

    line: int
    rule: str  # "" for a blank line collapsed next to a cut


@dataclass(frozen=True)
class FileFix:
    source: Source
    fixed: str  # the new text, line endings as in the original
    cuts: tuple[Cut, ...]

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def changed(self) -> bool:
        return self.fixed != self.source.text

    def summary(self) -> str:
        by_rule = Counter(cut.rule for cut in self.cuts if cut.rule)
        lines = sum(by_rule.values())
        rules = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(by_rule.items()))
        return f"{self.path}: removed {lines} line{'s' if lines != 1 else ''} ({rules})"

    def diff(self) -> str:
        return unified_diff(self.source.text, (cut.line for cut in self.cuts), self.path)


@dataclass
class _Text:
    """A file's lines while fix works on it, each with its line number in the original."""

    source: Source
    lines: list[str]  # split on "\n" only; a "\r" stays with its line
    origin: list[int]
    final_newline: bool
    total: int  # lines in the original

    @classmethod
    def of(cls, source: Source) -> "_Text":
        lines = source.text.split("\n")
        final_newline = source.text.endswith("\n")
        if final_newline:
            lines.pop()
        return cls(source, lines, list(range(1, len(lines) + 1)), final_newline, len(lines))

    @property
    def text(self) -> str:
        if not self.lines:
            return ""
        if self.final_newline:
            return "\n".join(self.lines) + "\n"
        last = self.lines[-1]
        if self.origin[-1] != self.total:
            last = last.removesuffix("\r")  # it was a line ending; the file ends without one
        return "\n".join(self.lines[:-1] + [last])


@dataclass(frozen=True)
class Run:
    fixes: list[FileFix]  # one per file read, changed or not
    errors: list[str]  # files that could not be read or rules that were stopped: the run exits 2
    notes: list[str]  # files skipped on purpose

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.fixes if f.changed]


def run(paths: Sequence[str], config: Config | None = None, *, unsafe: bool = False) -> Run:
    """Read and plan every file that `check` would read, with the same rules and filters."""
    config = config or Config()
    ruleset = pipeline.load_rules(config)
    found, bad_paths = discover.find(list(paths) or list(config.paths), config)
    errors = [str(err) for err in bad_paths]
    notes: list[str] = []
    sources: list[Source] = []
    for path in found:
        if jsonl.is_corpus(path):
            notes.append(f"{path}: a .jsonl corpus is checked, not fixed; skipped")
            continue
        try:
            sources.append(document.read_source(path, encoding=config.encoding))
        except SkippedFile as note:
            notes.append(str(note))
        except UserError as err:
            errors.append(str(err))
    fixes, lint_errors = plan(sources, ruleset, config, unsafe=unsafe)
    return Run(fixes, sorted(errors) + lint_errors, notes)


def plan(
    sources: Sequence[Source], ruleset: RuleSet, config: Config | None = None, passes: int = MAX_PASSES,
    *, unsafe: bool = False,
) -> tuple[list[FileFix], list[str]]:
    """The fix of every source (changed or not) and the errors the first lint reported.

    Each pass checks the current texts as `check` would (suppression comments,
    per-file ignores and the baseline included) and cuts what the fixable findings
    name (the safe ones; with `unsafe`, the unsafe ones too); the passes stop when one
    finds nothing to cut.
    """
    config = config or Config()
    texts = [_Text.of(source) for source in sources]
    cuts: dict[str, list[Cut]] = {source.path: [] for source in sources}
    errors: list[str] = []
    for number in range(passes):
        docs = [document.parse(text.text, text.source.path) for text in texts]
        report = pipeline.run(pipeline.Prepared(ruleset, docs, [doc.path for doc in docs], []), config)
        if number == 0:
            errors = list(report.errors)
        named = removed_lines(report.findings, unsafe=unsafe)
        if not named:
            break
        for text in texts:
            if text.source.path in named:
                cuts[text.source.path].extend(_cut(text, named[text.source.path]))
    fixes = [
        FileFix(text.source, text.text, tuple(sorted(cuts[text.source.path], key=lambda c: c.line)))
        for text in texts
    ]
    return fixes, errors


def _cut(text: _Text, named: dict[int, str]) -> list[Cut]:
    """Remove the named lines (current numbering) from text and return them in original numbering."""
    count = len(text.lines)
    cut = [False] * count
    for line in named:
        if 1 <= line <= count:
            cut[line - 1] = True
    for index in collapsed_blanks(text.lines, cut):
        cut[index] = True
    done = [Cut(text.origin[i], named.get(i + 1, "")) for i in range(count) if cut[i]]
    text.lines = [line for i, line in enumerate(text.lines) if not cut[i]]
    text.origin = [origin for i, origin in enumerate(text.origin) if not cut[i]]
    return done


def unified_diff(source: str, cut_lines: Iterable[int], path: str, context: int = DIFF_CONTEXT) -> str:
    """The unified diff of cutting these lines (1-based) from source: exactly the lines fix cuts.

    Built from the cuts rather than by matching the two texts, which could show a
    different copy of a repeated paragraph as removed. `patch -p0` and `git apply -p0`
    accept it, CR line endings and a missing final newline included.
    """
    lines = _keepends(source)
    cut = {n - 1 for n in cut_lines if 1 <= n <= len(lines)}
    if not cut:
        return ""
    # Without a final newline, cutting the last line turns the last kept line into the last
    # line: it loses its "\n", so it shows as changed.
    retail = None
    if lines and not lines[-1].endswith("\n") and len(lines) - 1 in cut:
        retail = max((i for i in range(len(lines)) if i not in cut), default=None)
    changed = sorted(cut | ({retail} if retail is not None else set()))
    out = [f"--- {path}\n", f"+++ {path}\n"]
    for group in _hunks(changed, context):
        start, stop = max(0, group[0] - context), min(len(lines), group[-1] + 1 + context)
        new_start = start - sum(1 for i in cut if i < start)
        new_length = (stop - start) - sum(1 for i in cut if start <= i < stop)
        out.append(f"@@ -{_range(start, stop - start)} +{_range(new_start, new_length)} @@\n")
        for i in range(start, stop):
            out.append(("-" if i in cut or i == retail else " ") + _marked(lines[i]))
            if retail is not None and i == len(lines) - 1:
                out.append("+" + _marked(lines[retail].removesuffix("\n").removesuffix("\r")))
    return "".join(out)


def _hunks(changed: list[int], context: int) -> list[list[int]]:
    groups: list[list[int]] = []
    for i in changed:
        if groups and i - groups[-1][-1] <= 2 * context:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _range(start: int, length: int) -> str:
    """difflib's unified range: 1-based start, the line before an empty range."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _keepends(text: str) -> list[str]:
    """Lines split on "\n" only (str.splitlines also splits on form feeds and U+2028)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _marked(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def write(fix: FileFix) -> None:
    """Replace the file with its fixed text atomically, keeping its mode, owner, encoding and BOM.

    A symlink is followed and the file it points at is replaced (the link stays a link).
    A file whose bytes changed since they were read (compared by hash just before the
    rename, so an edit that keeps size and mtime is caught too), or a read-only one, is
    left as it is.
    """
    target = Path(os.path.realpath(fix.path))
    try:
        now = os.stat(target)
    except OSError as err:
        raise UserError(f"cannot fix: {err.strerror or err}", fix.path) from None
    if fix.source.stamp is not None and (now.st_mtime_ns, now.st_size) != fix.source.stamp:
        raise UserError("changed while newslint was fixing it; left as it is, run fix again", fix.path)
    # Root may write any file, so os.access alone would let a 0444 file be rewritten: the
    # mode bits say whether its owner meant it to be written.
    if not now.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise UserError("file is read-only; newslint leaves it as it is", fix.path)
    try:
        atomic.write_bytes(target, fix.source.encode(fix.fixed), like=now, expect=fix.source.digest)
    except atomic.Changed:
        raise UserError("changed while newslint was fixing it; left as it is, run fix again", fix.path) from None
    except UserError as err:
        raise UserError(err.message, fix.path) from None

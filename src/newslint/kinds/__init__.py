"""The registry of rule kinds: the only place a kind's name is tied to its checker.

A kind is one module with:
- `Params`: a frozen dataclass of the kind's YAML parameters, with defaults.
  The loader type-checks every key against its annotations; `__post_init__`
  checks ranges and compiles patterns, raising `ParamError(key, message)`.
- `PLACEHOLDERS`: the `{names}` its messages may use.
- `SCOPE`: "document" (checked one document at a time), "corpus" (once, over every
  document) or "archive" (once, over every document, against the archive index; these
  run only when `check` is given an index).
- `check(doc, rule)` for document scope, `check_corpus(docs, rule)` for corpus scope,
  or `check_archive(docs, rule, archive)` for archive scope, yielding Findings made
  with `rule.finding(...)`.
- Optionally, for corpus and archive scope, `summarize(doc, rule)`: the small, plain data
  (numbers, strings, numpy arrays, frozen dataclasses of the kind) that `check_corpus` or
  `check_archive` needs of one document. It runs with the per-document rules on every core
  and is cached per file; `check_corpus`/`check_archive` then receive the summaries, in path
  order, instead of the documents. Without it they receive whole Documents, which costs
  memory at archive scale and cannot be cached.
  A corpus kind compares documents: over fewer than two it finds nothing, which lets a run of
  one document leave its cached summaries unread (pipeline.py; tests/test_linter.py checks it).
- optionally `cannot_fix(params) -> str | None`: why this rule's findings cannot be
  fixed by cutting the lines they span (line..end_line). A kind without it names whole
  lines, so a rule of it may say `fixable: true`.
The module's docstring is the kind's documentation (`newslint explain`).
"""

from __future__ import annotations

from types import ModuleType

from newslint.kinds import (
    archive_copy, archive_repeated, common_block, figure_consistency, line_model, near_copy, numeric_claim, offtopic, pattern,
    repeated,
)

KINDS: dict[str, ModuleType] = {
    "pattern": pattern,
    "repeated": repeated,
    "near-duplicate-doc": near_copy,
    "offtopic": offtopic,
    "common-block": common_block,
    "numeric-claim": numeric_claim,
    "figure-consistency": figure_consistency,
    "archive-near-copy": archive_copy,
    "archive-repeated": archive_repeated,
    "line-model": line_model,
}


def fix_refusal(kind: str, params: object) -> str | None:
    """Why a rule of this kind, with these parameters, may not be `fixable: true`; None when it may."""
    cannot_fix = getattr(KINDS[kind], "cannot_fix", None)
    return cannot_fix(params) if cannot_fix else None

"""How the human and annotation formats mark a fixable finding (ruff's `[*]`), and say it in words.

JSON-ish formats carry the finding's `fix` value itself ("safe", "unsafe" or null).
"""

from __future__ import annotations

from newslint.findings import FIX_SAFE, FIX_UNSAFE, Finding, Report

MARKS = {FIX_SAFE: "[*]", FIX_UNSAFE: "[~]"}
WORDS = {FIX_SAFE: "safe fix: `newslint fix`", FIX_UNSAFE: "unsafe fix: `newslint fix --unsafe-fixes`"}


def mark(finding: Finding) -> str:
    """`[*] ` for a safe fix, `[~] ` for an unsafe one, "" when the finding is not fixable."""
    return f"{MARKS[finding.fix]} " if finding.fix in MARKS else ""


def words(finding: Finding) -> str:
    return WORDS.get(finding.fix or "", "")


def summary(report: Report) -> str:
    """`[*] 12 fixable with `newslint fix` ([~] 3 more with --unsafe-fixes)`, or "" when none is."""
    counts = report.fixable_counts()
    safe, unsafe = counts[FIX_SAFE], counts[FIX_UNSAFE]
    more = f"{MARKS[FIX_UNSAFE]} {unsafe} more with --unsafe-fixes"
    if safe:
        return f"{MARKS[FIX_SAFE]} {safe} fixable with `newslint fix`" + (f" ({more})" if unsafe else "")
    return f"{MARKS[FIX_UNSAFE]} {unsafe} fixable with `newslint fix --unsafe-fixes`" if unsafe else ""

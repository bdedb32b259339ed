"""Baselines: adopt newslint on an existing archive without fixing it first.

`--write-baseline FILE` records today's findings; `--baseline FILE` hides them on
later runs. A finding is matched by its file (and record), its rule and a
fingerprint of its normalised excerpt — never by line number, so editing above a
finding does not bring it back. Matching counts copies: a file that had one
"Skip to content" line in the baseline and has two now shows one finding.

The file is JSON, sorted, with paths relative to the baseline's own directory so
that it works from any working directory and reads well in a diff.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from newslint import atomic
from newslint.errors import UserError
from newslint.findings import Finding, Report
from newslint.sketch import normalize

VERSION = 1

Key = tuple[str, str, str, str]  # (path, record, rule, fingerprint)


def fingerprint(finding: Finding) -> str:
    """Rule and normalised text (case, punctuation and spacing do not count); no line numbers."""
    text = f"{finding.rule}\0{normalize(finding.excerpt.removesuffix('…'))}"
    # surrogatepass: an excerpt may hold a lone surrogate (a .jsonl record's "\ud800").
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass(frozen=True)
class Baseline:
    """A baseline file's findings, counted by key (path, record, rule, fingerprint): what a run hides."""
    path: str
    counts: Counter[Key]


def _key(finding: Finding, base: Path) -> Key:
    if finding.path == "-":
        relative = "-"
    else:
        relative = Path(os.path.relpath(os.path.abspath(finding.path), base)).as_posix()
    record = finding.record.id if finding.record else ""
    return (relative, record, finding.rule, fingerprint(finding))


def write(report: Report, path: Path) -> int:
    """Record every finding of `report`; returns how many."""
    base = path.resolve().parent
    entries: dict[Key, dict] = {}
    for finding in report.findings:
        key = _key(finding, base)
        if key not in entries:
            entries[key] = {"path": key[0], **({"record": key[1]} if key[1] else {}), "rule": key[2],
                            "fingerprint": key[3], "count": 0, "excerpt": finding.excerpt}
        entries[key]["count"] += 1
    document = {"version": VERSION, "tool": "newslint", "entries": [entries[k] for k in sorted(entries)]}
    try:
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a non-UTF-8 file name): JSON's \udXXX round-trips it
        data = (json.dumps(document, indent=2) + "\n").encode("ascii")
    atomic.write_bytes(path, data)
    return len(report.findings)


def load(path: Path) -> Baseline:
    name = path.as_posix()
    hint = "write one with --write-baseline FILE"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"baseline not found; {hint}", name) from None
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"cannot read baseline: {err}", name) from None
    except json.JSONDecodeError as err:
        raise UserError(f"baseline is not valid JSON ({err.msg}); {hint}", name, err.lineno) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise UserError(f"not a newslint baseline (version {VERSION}); {hint}", name)
    counts: Counter[Key] = Counter()
    for number, entry in enumerate(data["entries"], 1):
        try:
            key = (entry["path"], entry.get("record", ""), entry["rule"], entry["fingerprint"])
            count = int(entry.get("count", 1))
        except (TypeError, KeyError, ValueError):
            raise UserError(f"baseline entry {number} needs path, rule and fingerprint; {hint}", name) from None
        counts[key] += count
    return Baseline(name, counts)


def apply(report: Report, baseline: Baseline, baseline_path: Path) -> Report:
    """The report without the findings the baseline records (each recorded copy hides one finding)."""
    base = baseline_path.resolve().parent
    left = Counter(baseline.counts)
    kept = []
    for finding in report.findings:
        key = _key(finding, base)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(finding)
    return replace(report, findings=kept, baselined=report.baselined + len(report.findings) - len(kept))

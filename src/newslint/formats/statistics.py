"""`--statistics`: how many findings each rule made, most first, instead of the findings."""

from __future__ import annotations

from collections import Counter

from newslint.findings import Report
from newslint.formats.table import summary


def render(report: Report) -> str:
    from tabulate import tabulate

    counts = Counter((f.rule, f.category, f.severity, f.fix or "") for f in report.findings)
    if not counts:
        return summary(report) + "\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    table = tabulate(
        [[n, rule, category, severity.label, fix] for (rule, category, severity, fix), n in rows],
        headers=("count", "rule", "category", "severity", "fix"),
        tablefmt="simple",
        colalign=("right", "left", "left", "left", "left"),
        disable_numparse=True,
    )
    return f"{table}\n\n{summary(report)}\n"

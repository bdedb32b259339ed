"""`--statistics`: how many findings each rule made, most first, instead of the findings."""

from __future__ import annotations

from collections import Counter

from newslint.findings import Report
from newslint.formats.table import summary


def render(report: Report) -> str:
    from tabulate import tabulate

    counts = Counter((f.rule, f.category, f.severity) for f in report.findings)
    if not counts:
        return summary(report) + "\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    table = tabulate(
        [[n, rule, category, severity.label] for (rule, category, severity), n in rows],
        headers=("count", "rule", "category", "severity"),
        tablefmt="simple",
        colalign=("right", "left", "left", "left"),
        disable_numparse=True,
    )
    return f"{table}\n\n{summary(report)}\n"

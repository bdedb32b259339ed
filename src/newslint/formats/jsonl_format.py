"""`--format jsonl`: one JSON object per finding and line, each shaped as in `--format json`.

For streaming into other tools (`jq -c`, a data pipeline); no header, no summary.
"""

from __future__ import annotations

import json
from typing import Iterator

from newslint.findings import Report
from newslint.formats.json_format import finding_dict


def pieces(report: Report) -> Iterator[str]:
    """The output a line at a time, so that a million findings are never one string."""
    for finding in report.findings:
        yield json.dumps(finding_dict(finding), ensure_ascii=False) + "\n"


def render(report: Report) -> str:
    return "".join(pieces(report))

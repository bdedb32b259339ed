"""`--format jsonl`: one JSON object per finding and line, each shaped as in `--format json`.

For streaming into other tools (`jq -c`, a data pipeline); no header, no summary.
"""

from __future__ import annotations

import json

from newslint.findings import Report
from newslint.formats.json_format import finding_dict


def render(report: Report) -> str:
    return "".join(json.dumps(finding_dict(f), ensure_ascii=False) + "\n" for f in report.findings)

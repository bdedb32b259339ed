"""`--format json`: the stable shape, version 1, unchanged by the workflow features."""

from __future__ import annotations

import json

from formats_data import report
from newslint.formats import json_format


def test_the_shape_is_exactly_version_1():
    data = json.loads(json_format.render(report("repeated.md")))
    assert list(data) == ["version", "files_checked", "findings"]
    assert data["version"] == 1 and data["files_checked"] == 1
    assert data["findings"][1] == {
        "path": "repeated.md",
        "line": 9,
        "end_line": 9,
        "column": 1,
        "rule": "repeated-block",
        "category": "duplicate",
        "severity": "error",
        "message": "repeats line 5 (100% similar)",
        "excerpt": "The city council approved next year's budget on Monday after a long debate about road repairs.",
        "related": {"path": "repeated.md", "line": 5},
        "fix": "safe",
    }

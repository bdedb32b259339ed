"""`--format jsonl`: one JSON object per finding, shaped as in `--format json`."""

from __future__ import annotations

import json

from formats_data import report
from newslint.formats import json_format, jsonl_format


def test_each_line_is_one_finding_of_the_json_format():
    both = report("repeated.md", "articles.jsonl")
    lines = [json.loads(line) for line in jsonl_format.render(both).splitlines()]
    assert lines == json.loads(json_format.render(both))["findings"]
    assert len(lines) == 4

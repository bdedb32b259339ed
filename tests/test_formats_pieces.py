"""Formats written a piece at a time (formats.pieces) give exactly the text built whole."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS, FIXTURES, newslint
from formats_data import report
from newslint import formats
from newslint.findings import Report
from newslint.formats import json_format, sarif


@pytest.mark.parametrize("render", [json_format.render, sarif.render], ids=["json", "sarif"])
@pytest.mark.parametrize("names", [("clean.md",), ("repeated.md", "articles.jsonl")], ids=["none", "some"])
def test_json_formats_written_a_finding_at_a_time_equal_one_json_dumps(render, names):
    text = render(report(*names))
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_dumps_pieces_puts_the_list_where_items_stands_at_any_depth():
    items = [{"a": 1, "b": {"c": [1, {"d": "two\nlines —"}], "e": [], "f": {}}}, {"g": None}]
    document = {"v": 1, "runs": [{"tool": {"x": [1]}, "results": json_format.ITEMS, "after": {"z": 2}}]}
    whole = {"v": 1, "runs": [{"tool": {"x": [1]}, "results": items, "after": {"z": 2}}]}
    for some in (items, items[:1], []):
        whole["runs"][0]["results"] = some
        expected = json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
        assert "".join(json_format.dumps_pieces(document, iter(some), len(some))) == expected


@pytest.mark.parametrize("name", sorted(formats.FORMATS))
def test_every_format_in_pieces_joins_to_its_render(name):
    checked = report("repeated.md", "clean.md", "articles.jsonl")
    pieces = list(formats.pieces(name, checked))
    assert "".join(pieces) == formats.FORMATS[name](checked)
    if name in formats.PIECES:
        assert len(pieces) > 1  # written as it is made, not built whole


def test_chunks_regroup_pieces_and_cut_a_long_one():
    pieces = ["ab", "cde", "f", "x" * 25, "gh", "i"]
    chunks = list(formats.chunks(pieces, 10))
    assert "".join(chunks) == "".join(pieces)
    assert chunks == ["abcdef", "x" * 10, "x" * 10, "x" * 5, "ghi"]
    assert list(formats.chunks([], 10)) == []


@pytest.mark.parametrize("output_format", ["jsonl", "sarif", "table"])
def test_output_file_and_standard_output_are_the_same_bytes(project, output_format):
    args = ("check", str(CORPUS), str(FIXTURES / "articles.jsonl"), "--no-cache", "--format", output_format)
    printed = newslint(*args)
    written = newslint(*args, "-o", "report.out")
    assert printed.code == written.code == 1
    assert written.stdout == ""
    assert (project / "report.out").read_text(encoding="utf-8") == printed.stdout

"""`.jsonl` corpora: one article per line, findings at `file.jsonl:ID:line` and `record` in JSON."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS, FIXTURES, newslint, write
from newslint import jsonl
from newslint.errors import UserError

ARTICLES = str(FIXTURES / "articles.jsonl")


def test_every_record_is_a_document_named_by_its_id():
    docs = jsonl.read(ARTICLES)
    assert [doc.path for doc in docs] == [f"{ARTICLES}:council-1", f"{ARTICLES}:2"]
    assert [(doc.record.id, doc.record.line) for doc in docs] == [("council-1", 1), ("2", 2)]
    assert docs[0].blocks[0].text == "Skip to content"


def test_table_and_concise_show_file_id_and_line(project):
    write(project / "a.jsonl", (FIXTURES / "articles.jsonl").read_text())
    table = newslint("check", "a.jsonl")
    assert table.code == 1
    assert table.stdout.startswith("a.jsonl\n")
    assert "\n  council-1:1:1 " in table.stdout and "\n  council-1:9:1 " in table.stdout
    assert "1 file (2 documents) checked, 2 findings" in table.stdout
    concise = newslint("check", "a.jsonl", "--format", "concise")
    assert concise.stdout.splitlines() == [
        'a.jsonl:council-1:1:1: error skip-to-content [*] navigation link "Skip to content"',
        "a.jsonl:council-1:9:1: error repeated-block [*] repeats line 5 (100% similar)",
    ]


def test_json_keeps_its_shape_and_adds_record(project):
    write(project / "a.jsonl", (FIXTURES / "articles.jsonl").read_text())
    write(project / "a.md", (FIXTURES / "repeated.md").read_text())
    data = json.loads(newslint("check", "a.jsonl", "a.md", "--format", "json").stdout)
    by_path = {}
    for finding in data["findings"]:
        by_path.setdefault(finding["path"], []).append(finding)
    plain = by_path["a.md"][1]
    from_record = by_path["a.jsonl"][1]
    assert list(from_record) == list(plain) + ["record"]
    assert from_record["record"] == "council-1"
    assert from_record["related"] == {"path": "a.jsonl", "line": 5, "record": "council-1"}
    assert plain["related"] == {"path": "a.md", "line": 5}
    assert {k: v for k, v in from_record.items() if k not in ("path", "record", "related")} == {
        k: v for k, v in plain.items() if k not in ("path", "related")
    }


def test_near_copies_between_records_are_found(project):
    body = (CORPUS / "000_605a992dca7f361f.txt").read_text()
    lines = [json.dumps({"id": "a-orig", "text": body}), json.dumps({"id": "b-copy", "text": body})]
    write(project / "c.jsonl", "\n".join(lines) + "\n")
    data = json.loads(newslint("check", "c.jsonl", "--select", "near-copy-document", "--format", "json").stdout)
    [finding] = data["findings"]
    assert (finding["path"], finding["record"]) == ("c.jsonl", "b-copy")
    assert finding["related"]["record"] == "a-orig"


def test_text_and_id_fields_come_from_the_config(project):
    write(project / "newslint.yaml", "jsonl: {text-field: body, id-field: url}\n")
    write(project / "a.jsonl", json.dumps({"url": "https://example.org/x", "body": "Skip to content\n\nWords."}) + "\n")
    run = newslint("check", "a.jsonl", "--format", "concise")
    assert run.stdout == 'a.jsonl:https://example.org/x:1:1: error skip-to-content [*] navigation link "Skip to content"\n'


def test_jsonl_files_in_directories_follow_include(project):
    write(project / "data" / "a.jsonl", (FIXTURES / "articles.jsonl").read_text())
    assert "0 files checked" in newslint("check", "data").stdout
    write(project / "newslint.yaml", 'include: ["*.jsonl"]\n')
    assert "1 file (2 documents) checked" in newslint("check", "data").stdout


@pytest.mark.parametrize(
    "lines, line, message",
    [
        (['{"id": 1, "text": "ok"}', "{not json"], 2, "not valid JSON"),
        (['["a list"]'], 1, "each line must be a JSON object"),
        (['{"id": 1, "body": "x"}'], 1, "record has no string field 'text'"),
        (['{"text": "x"}'], 1, "record has no string or integer field 'id'"),
        (['{"id": 1, "text": "x"}', "", '{"id": 1, "text": "y"}'], 3, "duplicate record id '1' (first on line 1)"),
    ],
)
def test_bad_records_name_file_and_line(tmp_path, lines, line, message):
    path = write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(UserError) as caught:
        jsonl.read(str(path))
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_bad_record_exits_2_naming_the_line(project):
    write(project / "bad.jsonl", '{"id": 1, "text": "ok"}\n{oops}\n')
    run = newslint("check", "bad.jsonl")
    assert run.code == 2
    assert "newslint: error: bad.jsonl:2: not valid JSON" in run.stderr

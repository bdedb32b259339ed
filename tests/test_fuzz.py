"""Fuzzing with hypothesis: random text through read → check → every output format, and
random YAML through the rule loader.

Text: unicode of every kind, control characters, odd whitespace (form feed, U+2028,
NBSP, lone CR), very long lines, BOMs in odd places. Each file either is read and gives
the same output twice in every format registered in formats.FORMATS (new formats are
covered when they register), or is refused with a UserError — never another exception.
Rule files: random YAML documents, and valid rules with one key broken, either load or
raise a UserError naming the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import document, fix, linter, pipeline, rules
from newslint.config import Config
from newslint.errors import UserError
from newslint.formats import FORMATS

EXAMPLES = int(os.environ.get("NEWSLINT_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
RULESET = rules.load([])

ODD = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\u2028\u2029\u3000\ufeff\u200b\u202e\r\t"
PIECES = [
    "Skip to content", "Read also:", "Latest", "• Russia", "## Heading", "---", "...", "11", "May",
    "Leave a Reply", "The summit in Moscow ended with a statement on trade and energy security .",
]
fragments = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=ODD, max_size=10),
    st.sampled_from(PIECES),
    st.integers(0, 5000).map(lambda n: "a" * n),  # a very long line
    st.just("\n"),
    st.just("\r\n"),
)
texts = st.lists(fragments, max_size=30).map("".join)


def read(paths: list[Path]) -> list:
    """The documents that could be read; the others must be refused with a UserError."""
    docs = []
    for path in paths:
        try:
            docs.append(document.read(path))
        except UserError as err:
            assert err.path and "\n" not in str(err)
    return docs


def outputs(docs: list) -> dict[str, str]:
    """The report of these documents, as `check` builds it, in every registered format."""
    prepared = pipeline.Prepared(RULESET, docs, [doc.path for doc in docs], [])
    report = pipeline.run(prepared, Config())
    return {name: render(report) for name, render in sorted(FORMATS.items())}


@SETTINGS
@given(st.lists(texts, min_size=1, max_size=3))
def test_random_text_is_read_checked_and_rendered_in_every_format_deterministically(tmp_path_factory, contents):
    directory = tmp_path_factory.mktemp("fuzz")
    paths = []
    for number, text in enumerate(contents):
        path = directory / f"{number}.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        paths.append(path)
    first = outputs(read(paths))
    again = outputs(read(paths))
    assert first == again
    assert all(isinstance(rendered, str) for rendered in first.values())


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_decode_or_give_a_clean_error(data):
    try:
        source = document.decode_source(data, "bytes.txt")
    except UserError as err:
        assert err.path == "bytes.txt" and "\n" not in str(err)
        return
    outputs([document.parse(source.text, "bytes.txt")])


@SETTINGS
@given(texts)
def test_random_text_survives_fix_with_its_lines_in_order(text):
    if "\x00" in text:
        return  # refused when read: never reaches fix
    fixes, errors = fix.plan([document.Source("doc.txt", text, "utf-8")], RULESET)
    remaining = iter(text.split("\n"))
    kept = fixes[0].fixed.split("\n") if fixes[0].fixed else []
    for line in kept:
        assert any(line == c or line == c.removesuffix("\r") for c in remaining)


def test_output_does_not_depend_on_hash_randomization(tmp_path):
    for number, text in enumerate(["Skip to content\n" + PIECES[-1] * 3, PIECES[-1] + "\n" + PIECES[-1] + "\n"]):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    runs = {
        seed: subprocess.run(
            [sys.executable, "-m", "newslint", "check", "--format", "json", "."],
            cwd=tmp_path, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert runs["1"] == runs["2"] and runs["1"]


# --- rule files --------------------------------------------------------------------------

KEYS = [
    "id", "kind", "category", "severity", "message", "description", "enabled", "fixable", "example",
    "phrases", "patterns", "scope", "whole", "case_sensitive", "roles", "max_words", "min_run",
    "threshold", "shingle", "min_words", "min_words_exact", "min_block_words", "other",
]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(["pattern", "repeated", "near-duplicate-doc", "other", "info", "line", "(a+)+$", "["]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=4), max_leaves=12)
rule_dicts = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)

VALID = {
    "id": "fuzzed", "kind": "pattern", "category": "boilerplate", "severity": "error",
    "message": "found {match}", "fixable": True, "scope": "line", "phrases": ["menu"],
}


def load(tmp_path_factory, text: str):
    directory = tmp_path_factory.mktemp("rules")
    (directory / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        loaded = rules.load([directory], include_default=False)
    except UserError as err:
        assert err.path and err.path.endswith("fuzz.yaml") and "\n" not in str(err), str(err)
        return None
    # A rule that loads must also run.
    linter.lint([document.parse("Menu\nA line about trade.\nA line about trade.\n", "a.txt")], loaded)
    return loaded


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_as_a_rule_file_loads_or_gives_a_clean_error(tmp_path_factory, text):
    load(tmp_path_factory, text)


@SETTINGS
@given(st.one_of(values, st.lists(rule_dicts, max_size=3).map(lambda r: {"rules": r})))
def test_random_yaml_as_a_rule_file_loads_or_gives_a_clean_error(tmp_path_factory, data):
    load(tmp_path_factory, yaml.safe_dump(data, allow_unicode=True))


@SETTINGS
@given(st.sampled_from(sorted(VALID)), values, st.booleans())
def test_a_valid_rule_with_one_key_broken_loads_or_gives_a_clean_error(tmp_path_factory, key, value, delete):
    rule = dict(VALID)
    if delete:
        del rule[key]
    else:
        rule[key] = value
    load(tmp_path_factory, yaml.safe_dump({"rules": [rule]}, allow_unicode=True))

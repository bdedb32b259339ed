"""What loading the rule pack derives from its regexes (prefilter answers, the code `regex`
compiles) is kept in the user cache, in a file named by the rule files' bytes: a second run
reads it instead of working it out, a changed pack reads a file of its own, and a damaged
file is never believed. Output is the same whichever way (tests/test_seeds.py counts it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import prefilter, re_code, regexes, rules, user_cache
from newslint.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A user cache of its own, and a process that has derived nothing yet (as a new run)."""
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(tmp_path / "user-cache"))

    def forget() -> None:
        monkeypatch.setattr(prefilter, "_memo", {})
        monkeypatch.setattr(prefilter, "_computed", 0)
        for memo in (regexes.MEMO, re_code.MEMO):
            monkeypatch.setattr(memo, "code", {})
            monkeypatch.setattr(memo, "made", {})
            monkeypatch.setattr(memo, "computed", 0)
        monkeypatch.setattr(regexes, "_lazy", {})
        monkeypatch.setattr(regexes, "_lazy_re", {})
        monkeypatch.setattr(rules, "_parsed", {})
        monkeypatch.setattr(rules, "_parsed_computed", 0)
        monkeypatch.setattr(rules, "_derived_kept", (0, 0, 0, 0))
        # regex and re keep their own caches of compiled patterns in the process: earlier tests
        # filled them, and a pattern served from there is never compiled, so never recorded.
        regexes.regex.purge()
        re.purge()

    forget()
    return forget


def derived_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "user-cache").glob("rules-*.json"))


def test_a_second_load_reads_the_answers_instead_of_working_them_out(fresh, tmp_path):
    first = rules.load([])
    assert prefilter.computed() > 200
    files = derived_files(tmp_path)
    assert len(files) == 1
    fresh()
    second = rules.load([])
    assert prefilter.computed() == 0  # every answer came from the file
    for a, b in zip(first, second):
        assert getattr(a.params, "needs", None) == getattr(b.params, "needs", None)
        if a.kind == "numeric-claim":
            assert a.params.compiled.figure_needs == b.params.compiled.figure_needs
            assert a.params.compiled.not_claim_needs == b.params.compiled.not_claim_needs


def test_a_remembered_pattern_is_the_pattern_regex_compiles(fresh, tmp_path):
    """Every pattern a check of the seeds compiles, made again from its remembered code, has the
    compiled pattern's flags and groups and finds what it finds on every seed line."""
    from newslint import document, linter

    ruleset = rules.load([])
    docs = [document.read(p, f"corpus/{p.name}") for p in sorted(CORPUS.glob("*.txt"))]
    linter.lint(docs, ruleset)
    rows = regexes.remembered_code()
    assert len(rows) > 20  # the pack compiles ~190; those compiled at import by an earlier test are not recorded
    fresh()
    assert regexes.remember_code(json.loads(json.dumps(rows)))
    lines = [line for doc in docs for line in doc.lines] + ["", "12 people said 3.5% of $4bn", "ÉLAN Straße İstanbul"]
    for source, given, *_ in rows:
        made = regexes.compiled(source, given)
        assert regexes.code_computed() == 0, source  # from the code, not compiled again
        real = regexes.regex.compile(source, given)
        assert (made.pattern, made.flags, made.groups, made.groupindex) == (real.pattern, real.flags, real.groups, real.groupindex)
        for line in lines:
            assert [m.span() for m in made.finditer(line)] == [m.span() for m in real.finditer(line)], (source, line)


def test_a_remembered_re_pattern_is_the_pattern_re_compiles(fresh, tmp_path):
    """The `re` patterns of a check of the seeds (phrase lists, numeric-claim's word alternations),
    made again from their remembered code, equal re.compile's and find what it finds on every
    seed line; a second run reads them from the derived file, and forged code is refused."""
    from newslint import document, linter

    ruleset = rules.load([])
    docs = [document.read(p, f"corpus/{p.name}") for p in sorted(CORPUS.glob("*.txt"))]
    before = linter.lint(docs, ruleset).findings
    rules.keep_derived()
    rows = re_code.remembered()
    assert len(rows) >= 5 and re_code.computed() == len(rows)
    fresh()
    again = rules.load([])
    assert linter.lint(docs, again).findings == before
    assert re_code.computed() == 0  # every `re` pattern the check used came from the derived file
    lines = [line for doc in docs for line in doc.lines] + ["", "12 people said 3.5% of $4bn", "ÉLAN Straße İstanbul"]
    for source, given, *_ in rows:
        made = re_code.compiled(source, given)
        real = re.compile(source, given)
        assert made == real and (made.flags, made.groups, dict(made.groupindex)) == (real.flags, real.groups, dict(real.groupindex))
        for line in lines:
            assert [m.span() for m in made.finditer(line)] == [m.span() for m in real.finditer(line)], (source, line)
    fresh()
    # As the derived file gives them back: JSON lists, not the tuples remembered() holds.
    source, given, flags, code, names, groups = json.loads(json.dumps(rows[0]))
    assert re_code.remember([[source, given, flags, re_code.pack([999999] + re_code.unpack(code)), names, groups]])
    assert re_code.compiled(source, given) == re.compile(source, given)  # the engine refused the code
    assert re_code.computed() == 1
    assert not re_code.remember([[source, given, flags, code, names, -1]])
    for bad in ([1, 2, 3], "not base64!", "AAA=", "Ā"):  # a list (the old rows), not base64, not whole words, not ASCII
        assert not re_code.remember([[source, given, flags, bad, names, groups]]), bad
        assert not regexes.remember_code([[source, given, flags, bad, [], 0, [], 0, groups]]), bad


def test_packed_code_gives_back_its_words():
    words = [0, 1, 17, 65535, 65536, 4294967295]
    assert re_code.unpack(re_code.pack(words)) == words
    assert re_code.pack([4294967296]) is None and re_code.pack([-1]) is None  # beyond 32 bits: not kept


def test_a_second_load_reads_the_rule_files_parses_and_gives_the_same_rules(fresh, tmp_path):
    first = rules.load([])
    assert rules._parsed_computed == len(rules.rule_files(rules.default_rules_dir()))
    fresh()
    second = rules.load([])
    assert rules._parsed_computed == 0  # every file's parse came from the derived file
    assert list(first) == list(second) and [r.source for r in first] == [r.source for r in second]
    assert [r.params for r in first] == [r.params for r in second]


def test_a_rule_errors_line_is_the_same_from_a_remembered_parse(fresh, write_rules):
    directory = write_rules("""
        rules:
          - id: fine
            kind: pattern
            category: other
            severity: info
            message: "{match}"
            phrases: [Kremlin]
          - id: broken
            kind: pattern
            category: other
            severity: loud
            message: "{match}"
            phrases: [Kremlin]
    """)
    messages = []
    for _ in range(2):  # the second time from the parse the first one kept
        with pytest.raises(UserError) as err:
            rules.load([directory], include_default=False)
        messages.append(str(err.value))
    assert rules._parsed_computed == 1
    assert messages[0] == messages[1] and messages[0].endswith(":12: rule 'broken': severity must be one of: info, warning, error")


def test_only_a_parse_json_gives_back_exactly_is_kept():
    import datetime

    assert rules._json_exact({"rules": [{"a": [1, 2.5, "x", None, True], "b": {"c": "d"}}]})
    for value in ({1: "a"}, {"a": datetime.date(2024, 1, 1)}, {"a": {1, 2}}, {"a": float("nan")}, {"a": b"x"}, {"a": (1,)}):
        assert not rules._json_exact(value), value
    assert not rules.remember_parses({"x": ["digest", {"rules": [{}]}, [[1, {"id": "two"}, {}]]]})  # a line that is not a number
    assert not rules.remember_parses({"x": ["digest", {"rules": [{}]}, []]})  # lines missing for a rule


def test_a_changed_pack_reads_a_file_of_its_own(fresh, tmp_path, write_rules):
    rules.load([])
    assert len(derived_files(tmp_path)) == 1
    rule = """
        rules:
          - id: subscribe
            kind: pattern
            category: boilerplate
            severity: error
            message: 'promo "{match}"'
            patterns: ['subscribe\\s+(?:now|today)']
    """
    directory = write_rules(rule)
    fresh()
    rules.load([directory])
    assert prefilter.computed() > 200  # another pack: nothing read from the first one's file
    assert len(derived_files(tmp_path)) == 2
    write_rules(rule.replace("today", "tonight"))
    fresh()
    rules.load([directory])
    assert prefilter.computed() > 200
    assert len(derived_files(tmp_path)) == 3


def test_another_regex_release_reads_a_file_of_its_own(fresh, tmp_path, monkeypatch):
    rules.load([])
    monkeypatch.setattr(regexes, "fingerprint", lambda: "another release")
    fresh()
    rules.load([])
    assert prefilter.computed() > 200
    assert len(derived_files(tmp_path)) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "forged"])
def test_a_damaged_file_is_never_believed(fresh, tmp_path, damage):
    rules.load([])
    (path,) = derived_files(tmp_path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":  # one character of the body changed: the digest no longer matches
        at = data.index(b'"', data.index(b"\n") + 40)
        path.write_bytes(data[:at] + b"'" + data[at + 1:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(2000))
    else:  # a whole, digest-true file whose rows are not rows: refused row by row
        body = json.dumps({"needs": [["x", "not flags", 1, [], 0, 0]], "code": [["x", 0]]}).encode()
        path.write_bytes(user_cache.FORMAT + b" " + user_cache._digest(body) + b"\n" + body)
    fresh()
    rules.load([])
    assert prefilter.computed() > 200  # worked out again
    fresh()
    rules.load([])
    assert prefilter.computed() == 0  # and the file written whole again


def test_an_unwritable_cache_directory_changes_nothing(fresh, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(blocker / "cache"))
    assert len(rules.load([]).rules) > 20
    assert user_cache.read("rules-anything.json") is None


def _check(cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSLINT_GATE_CACHE": str(cache), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json", "corpus"],
                          cwd=ROOT, env=env, capture_output=True, timeout=600)


def test_output_is_the_same_cold_warm_and_after_damage(tmp_path):
    """Real runs, each its own process: the first fills the user cache, the second reads it, the
    third finds every cached file damaged."""
    cache = tmp_path / "user-cache"
    cold = _check(cache)
    assert cold.returncode == 1 and cold.stderr == b"", cold.stderr
    assert list(cache.glob("rules-*.json"))
    warm = _check(cache)
    for path in cache.iterdir():
        path.write_bytes(path.read_bytes()[:-7] + b"damaged")
    damaged = _check(cache)
    assert warm.stdout == cold.stdout
    assert damaged.stdout == cold.stdout
    assert (warm.returncode, damaged.returncode) == (1, 1)

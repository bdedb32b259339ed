"""The cache in .newslint_cache/: same findings with and without it, invalidated by any change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import cache, discover, linter, parallel, rules
from newslint.config import Config

RULE = """rules:
  - id: house-style
    kind: pattern
    category: other
    severity: warning
    message: "{message}"
    phrases: ["Kremlin"]
"""


def plain(outcomes) -> list:
    """Outcomes as comparable data (summaries hold numpy arrays, which do not compare with ==)."""
    return [
        [(c.path, c.findings, c.markers, c.record, {rule: repr(summary) for rule, summary in c.summaries.items()}) for c in o.checked]
        for o in outcomes
    ]


def newslint(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True)


def test_cached_run_prints_exactly_what_an_uncached_run_prints(archive, monkeypatch):
    monkeypatch.delenv("NEWSLINT_CACHE_DIR")  # the default place: .newslint_cache/ where newslint runs
    here = archive.parent
    fresh = newslint("check", "--no-cache", "--format", "json", "archive", cwd=here)
    assert not (here / cache.DIRECTORY).exists(), "--no-cache neither reads nor writes the cache"
    first = newslint("check", "--format", "json", "archive", cwd=here)
    assert (here / cache.DIRECTORY / ".gitignore").read_text().strip().endswith("*")
    entries = sorted((here / cache.DIRECTORY).rglob("*.json"))
    assert len(entries) == 70
    second = newslint("check", "--format", "json", "archive", cwd=here)
    assert fresh.stdout == first.stdout == second.stdout
    # The second run, another process with other string hashing, found every entry.
    assert sorted((here / cache.DIRECTORY).rglob("*.json")) == entries
    # Corpus rules still compare every document, from the cached signatures.
    assert '"near-copy-document"' in second.stdout


def test_a_cached_file_is_not_analysed_again(archive, monkeypatch, tmp_path):
    paths = discover.files([str(archive)], Config())
    ruleset = rules.load([]).enabled()
    store = tmp_path / "cache"
    first = parallel.check_files(paths, ruleset, jobs=1, cache_dir=store)

    def must_not_run(doc, rules):
        raise AssertionError(f"{doc.path} analysed again")

    monkeypatch.setattr(linter, "check_document", must_not_run)
    second = parallel.check_files(paths, ruleset, jobs=1, cache_dir=store)
    assert plain(second) == plain(first) and first[0].checked
    combined = lambda outcomes: linter.combine([c for o in outcomes for c in o.checked], ruleset).findings
    assert combined(second) == combined(first)


def test_changing_a_file_invalidates_its_entry(archive):
    target = archive / "000_605a992dca7f361f.txt"
    before = json.loads(newslint("check", "--format", "json", "archive", cwd=archive.parent).stdout)
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\n" + max(text.splitlines(), key=len) + "\n", encoding="utf-8")
    after = json.loads(newslint("check", "--format", "json", "archive", cwd=archive.parent).stdout)
    uncached = json.loads(newslint("check", "--no-cache", "--format", "json", "archive", cwd=archive.parent).stdout)
    assert after == uncached
    repeats = lambda report: [f for f in report["findings"] if f["path"] == "archive/000_605a992dca7f361f.txt" and f["rule"] == "repeated-block"]
    assert len(repeats(after)) == len(repeats(before)) + 1


def test_changing_a_rule_invalidates_every_entry(archive):
    rule_dir = archive.parent / "house"
    rule_dir.mkdir()
    (rule_dir / "style.yaml").write_text(RULE.format(message="say Moscow"), encoding="utf-8")
    here = archive.parent
    before = newslint("check", "--rules", "house", "--format", "json", "archive", cwd=here)
    assert '"say Moscow"' in before.stdout
    (rule_dir / "style.yaml").write_text(RULE.format(message="name the building"), encoding="utf-8")
    after = newslint("check", "--rules", "house", "--format", "json", "archive", cwd=here)
    assert '"say Moscow"' not in after.stdout and '"name the building"' in after.stdout
    assert after.stdout == newslint("check", "--no-cache", "--rules", "house", "--format", "json", "archive", cwd=here).stdout


def test_a_damaged_entry_is_ignored(archive, tmp_path):
    paths = discover.files([str(archive)], Config())[:3]
    ruleset = rules.load([]).enabled()
    store = tmp_path / "cache"
    expected = parallel.check_files(paths, ruleset, jobs=1, cache_dir=store)
    for entry in store.rglob("*.json"):
        entry.write_text('{"findings": [["truncated', encoding="utf-8")
    again = parallel.check_files(paths, ruleset, jobs=1, cache_dir=store)
    assert plain(again) == plain(expected)


def test_entries_are_json_and_refuse_classes_outside_newslint():
    with pytest.raises(TypeError):
        cache.decode({"$dataclass": "os:system", "fields": {}})
    with pytest.raises(cache.Unencodable):
        cache.encode(Path("x"))
    summary = {"a": (1, 2.5, None, "x"), "b": [True]}
    assert cache.decode(json.loads(json.dumps(cache.encode(summary)))) == summary


def test_the_fingerprint_is_the_same_in_every_process():
    code = "from newslint import cache, rules; print(cache.fingerprint(rules.load([]).enabled()))"
    prints = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(prints) == 1 and prints.pop().strip()


def test_a_one_file_run_from_the_cache_reads_no_summary_back_and_imports_no_numpy(tmp_path, monkeypatch):
    """One document: the corpus stage compares nothing (kinds/__init__.py), so its cached
    summaries (signatures) are not decoded, and numpy (~0.1 s of start-up) is never imported."""
    seed = str(Path(__file__).resolve().parent.parent / "corpus" / "000_605a992dca7f361f.txt")
    code = (
        "import sys\n"
        "from newslint.cli import main\n"
        "try:\n"
        f"    main(['check', '--format', 'json', '--cache-dir', sys.argv[1], {seed!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "numpy = sys.modules.get('numpy')\n"
        "print('numpy', 'lazy' if numpy is None or type(numpy).__name__ == '_LazyModule' else 'imported', file=sys.stderr)\n"
        "print('pathspec', 'imported' if 'pathspec' in sys.modules else 'not imported', file=sys.stderr)\n"
        "yaml = sys.modules.get('yaml')\n"
        "print('yaml', 'lazy' if yaml is None or type(yaml).__name__ == '_LazyModule' else 'imported', file=sys.stderr)\n"
    )
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(tmp_path / "user-cache"))
    store = str(tmp_path / "cache")
    run = lambda: subprocess.run([sys.executable, "-c", code, store], capture_output=True, text=True)
    first, second = run(), run()
    assert "numpy imported" in first.stderr  # checked afresh: the line model and the signatures need it
    assert "numpy lazy" in second.stderr
    assert "pathspec not imported" in second.stderr  # its answer for the file name is remembered (discover.Remembered)
    assert "yaml lazy" in second.stderr  # the rule files' parses are remembered (rules._rule_list)
    uncached = newslint("check", "--no-cache", "--format", "json", seed, cwd=tmp_path)
    assert first.stdout == second.stdout == uncached.stdout and '"findings"' in uncached.stdout

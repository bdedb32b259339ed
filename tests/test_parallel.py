"""--jobs: the per-document stage on several processes gives the same report, byte for byte."""

from __future__ import annotations

import subprocess
import sys

from newslint import discover, linter, parallel, rules


def newslint(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True)


def test_jobs_2_prints_exactly_what_jobs_1_prints(archive):
    one = newslint("check", "--no-cache", "--jobs", "1", "--format", "json", "archive", cwd=archive.parent)
    two = newslint("check", "--no-cache", "--jobs", "2", "--format", "json", "archive", cwd=archive.parent)
    assert one.returncode == two.returncode == 1
    assert '"near-copy-document"' in one.stdout and '"repeated-block"' in one.stdout
    assert two.stdout == one.stdout
    table_one = newslint("check", "--no-cache", "-j", "1", "archive", cwd=archive.parent)
    table_two = newslint("check", "--no-cache", "-j", "2", "archive", cwd=archive.parent)
    assert table_two.stdout == table_one.stdout


def test_pool_results_come_back_in_path_order_with_the_same_content(archive):
    paths = discover.files([str(archive)])
    ruleset = rules.load([]).enabled()
    assert len(paths) // parallel.MIN_FILES_PER_WORKER >= 2, "enough files for two workers"
    alone = parallel.check_files(paths, ruleset, jobs=1, cache_dir=None)
    pooled = parallel.check_files(paths, ruleset, jobs=2, cache_dir=None)
    assert [r.path for r in pooled] == paths
    assert [r.findings for r in pooled] == [r.findings for r in alone]
    assert [sorted(r.summaries) for r in pooled] == [sorted(r.summaries) for r in alone]


def test_lint_files_equals_lint_of_documents(archive):
    from newslint import document

    paths = discover.files([str(archive)])
    ruleset = rules.load([])
    in_memory = linter.lint([document.read(p) for p in paths], ruleset)
    from_files = linter.lint_files(paths, ruleset, jobs=2)
    assert from_files.findings == in_memory.findings
    assert from_files.files_checked == len(paths)


def test_an_unreadable_file_is_an_error_line_not_a_crash(archive):
    (archive / "broken.txt").write_bytes(b"caf\xe9 au lait\n")
    result = newslint("check", "--no-cache", "-j", "2", "archive", cwd=archive.parent)
    assert result.returncode == 2
    assert "archive/broken.txt: not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr

"""A huge file checked in windows gives exactly what checking it whole gives (windows.py).

The size at which a file is windowed, and the window size, are lowered (parameters, or
NEWSLINT_HUGE_FILE_BYTES / NEWSLINT_WINDOW_LINES for the CLI) so that small files split
into many windows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import document, linter, rules, windows
from newslint.errors import UserError
from newslint.kinds import KINDS

from conftest import CORPUS

SEEDS = sorted(CORPUS.glob("*.txt"))
REPEATED = (
    "The committee will publish its full findings on the regional water supply next spring, "
    "after a second round of public hearings in every district."
)


@pytest.fixture(scope="module")
def pack() -> list[rules.Rule]:
    return [r for r in rules.load([]).enabled() if KINDS[r.kind].SCOPE != "archive"]


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """Every seed article in one file, with a paragraph at the top repeated at the bottom,
    suppression markers, and a run of short lines with no blank line between them."""
    parts = [REPEATED]
    parts += [seed.read_text(encoding="utf-8") for seed in SEEDS]
    parts.append("<!-- newslint: disable-next-line=repeated-block -->\n" + REPEATED)
    parts.append("\n".join(f"Item {n}" for n in range(40)))
    parts.append(REPEATED)
    path = tmp_path / "big.txt"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def checked_whole(path: Path, rules_: list[rules.Rule]) -> linter.Checked:
    return linter.check_document(document.read(path, "big.txt"), rules_)


def ordered(result: linter.Checked) -> list:
    return sorted(result.findings, key=lambda f: (f.sort_key(), f.related and f.related.line))


@pytest.mark.parametrize("window_lines", [3, 17, 60])
def test_windows_find_exactly_what_the_whole_file_gives(big, pack, window_lines):
    whole = checked_whole(big, pack)
    windowed = windows.check_path(str(big), pack, window_lines=window_lines, name="big.txt")
    assert ordered(windowed) == ordered(whole)
    assert windowed.markers == whole.markers
    rules_seen = {f.rule for f in whole.findings}
    assert {"repeated-block", "unsupported-figure"} <= rules_seen


def test_a_paragraph_repeated_windows_apart_names_its_first_copy(big, pack):
    windowed = windows.check_path(str(big), pack, window_lines=3, name="big.txt")
    last = len(big.read_text(encoding="utf-8").splitlines())
    repeat = [f for f in windowed.findings if f.rule == "repeated-block" and f.line == last]
    assert [(f.related.line, f.message) for f in repeat] == [(1, "repeats line 1 (100% similar)")]


def test_corpus_summaries_of_windows_merge_into_the_whole_files(big, pack):
    whole = checked_whole(big, pack)
    windowed = windows.check_path(str(big), pack, window_lines=5, name="big.txt")
    assert set(windowed.summaries) == set(whole.summaries) == {"common-block", "near-copy-document", "inconsistent-figure"}
    for rule_id in ("common-block", "near-copy-document"):
        assert (windowed.summaries[rule_id].signature == whole.summaries[rule_id].signature).all()
    figures, merged_figures = whole.summaries["inconsistent-figure"], windowed.summaries["inconsistent-figure"]
    assert merged_figures.claims == figures.claims
    for part in ("names", "story", "source"):
        assert (getattr(merged_figures, part) == getattr(figures, part)).all()
    assert windowed.summaries["common-block"].blocks == whole.summaries["common-block"].blocks
    near, merged = whole.summaries["near-copy-document"], windowed.summaries["near-copy-document"]
    assert (merged.line, merged.excerpt, merged.comparable, merged.prose_words) == (near.line, near.excerpt, near.comparable, near.prose_words)


def newslint(*args: str, cwd: Path, windowed: bool) -> subprocess.CompletedProcess:
    env = {"NEWSLINT_HUGE_FILE_BYTES": "1000", "NEWSLINT_WINDOW_LINES": "7"} if windowed else {}
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env})


def test_the_cli_reports_a_windowed_file_and_its_near_copy_as_it_reports_them_whole(archive, big):
    """A near-copy of a windowed file is found, and the report is byte-identical, on a pool too
    (the 70 articles of `archive` are enough files for two processes)."""
    (archive / "big-a.txt").write_text(big.read_text(encoding="utf-8"), encoding="utf-8")
    copy = big.read_text(encoding="utf-8").replace("Item 3", "Item three")
    (archive / "big-b.txt").write_text(copy, encoding="utf-8")
    tmp_path = archive.parent
    whole = newslint("check", "--no-cache", "--jobs", "1", "--format", "json", "archive", cwd=tmp_path, windowed=False)
    near = [(f["path"], f["related"]["path"]) for f in json.loads(whole.stdout)["findings"] if f["rule"] == "near-copy-document"]
    assert ("archive/big-b.txt", "archive/big-a.txt") in near
    for jobs in ("1", "2"):
        windowed = newslint("check", "--no-cache", "--jobs", jobs, "--format", "json", "archive", cwd=tmp_path, windowed=True)
        assert (windowed.returncode, windowed.stdout, windowed.stderr) == (whole.returncode, whole.stdout, whole.stderr)


def test_stream_lines_splits_like_parse(tmp_path):
    for text in ("a\r\nb\r\n\r\nc", "a\nb\n", "\ufeffone\n\ntwo", "x\n\n\n", "tail\r"):
        path = tmp_path / "t.txt"
        path.write_bytes(text.encode("utf-8"))
        assert list(windows.stream_lines(str(path), "t.txt", "utf-8")) == list(document.read(path).lines)


def test_a_bad_byte_in_a_huge_file_is_reported_as_for_any_file(tmp_path, pack):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine line\n" * 50 + b"caf\xe9\n")
    with pytest.raises(UserError) as whole:
        document.read(path, "bad.txt")
    with pytest.raises(UserError) as streamed:
        windows.check_path(str(path), pack, window_lines=3, name="bad.txt")
    assert str(streamed.value) == str(whole.value)


def test_a_run_of_short_lines_is_given_out_before_it_ends():
    """A million one-line paragraphs with no blank line are never held all at once."""
    splitter = document.BlockSplitter()
    given = [len(splitter.feed(i, f"line {i}")) for i in range(10)]
    assert sum(given) >= 9 and splitter.pending_from() is None
    assert [b.line for b in splitter.finish()] == []


def test_a_runaway_pattern_is_stopped_in_a_windowed_file(tmp_path, monkeypatch):
    """The per-call limit holds in a window too: the rule is named with the file and line."""
    from newslint import regexes
    from conftest import newslint as run_newslint

    monkeypatch.setenv("NEWSLINT_HUGE_FILE_BYTES", "100")
    monkeypatch.setenv("NEWSLINT_WINDOW_LINES", "2")
    monkeypatch.setattr(regexes, "BASE_TIMEOUT", 0.2)
    monkeypatch.setattr(regexes, "TIME_PER_CHAR", 0.0)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yaml").write_text(
        "rules:\n  - id: mine\n    kind: pattern\n    category: other\n    severity: warning\n"
        "    message: slow\n    scope: line\n    patterns: ['(a|aa)+\\p{N}']\n", encoding="utf-8")
    (tmp_path / "aaa.txt").write_text("A short first line.\n\nAnother line.\n\n" + "a" * 40 + "!\n", encoding="utf-8")
    result = run_newslint("check", "--no-cache", "--rules", "rules", "aaa.txt")
    assert result.code == 2
    assert "rule 'mine' stopped on aaa.txt:5: its pattern '(a|aa)+\\p{N}' ran longer than 0.2 s;" in result.stderr

def test_a_line_longer_than_a_window_is_cut_and_its_findings_keep_their_real_place(tmp_path, monkeypatch):
    """One huge line (a page with no newline) is windowed in pieces; read whole it gives the same."""
    from conftest import newslint as run_newslint

    words = " ".join(f"word{n % 997}" for n in range(6000))
    (tmp_path / "line.txt").write_text(
        f"Title of the page\n\n{words} the talks ended , said the minister . {words}\n\nSkip to content\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    whole = run_newslint("check", "--no-cache", "--format", "concise", "line.txt")
    monkeypatch.setenv("NEWSLINT_HUGE_FILE_BYTES", "100")
    monkeypatch.setenv("NEWSLINT_LONG_LINE_CHARS", "5000")
    cut = run_newslint("check", "--no-cache", "--format", "concise", "line.txt")
    assert cut == whole
    monkeypatch.setattr(windows, "READ_BYTES", 4096)  # the line is read in pieces, never held whole
    assert run_newslint("check", "--no-cache", "--format", "concise", "line.txt") == whole
    assert "line.txt:3:" in whole.stdout and "line.txt:5:1:" in whole.stdout


def test_cut_pieces_map_back_to_their_line_and_column():
    cuts = windows.LineCuts([1], [1], [[0, 10, 20]])  # real line 2 given as lines 2-4
    assert [cuts.place(n, 1) for n in (1, 2, 3, 4, 5)] == [(1, 1), (2, 1), (2, 11), (2, 21), (3, 1)]
    assert windows.cut_line("aaa bbb ccc", 5) == ["aaa ", "bbb ", "ccc"]
    assert windows.cut_line("abcdefgh", 3) == ["abc", "def", "gh"]


def test_facts_of_a_cut_line_do_not_depend_on_how_its_pieces_are_batched(tmp_path, monkeypatch, pack):
    """The first pass batches a cut line's pieces by characters too (a 50 MB line was one
    batch: the whole line held with its words); what it learns is the same whatever the batch."""
    words = " ".join(f"word{n % 997} minister council" for n in range(6000))
    path = tmp_path / "line.txt"
    path.write_text(f"Title of the page\n\n{words} the talks ended. {words}\n\nSkip to content\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLINT_LONG_LINE_CHARS", "5000")
    one_batch = windows.gather_facts(str(path), "line.txt", "utf-8", pack, 0)
    monkeypatch.setattr(windows, "FACT_BATCH_CHARS", 6000)  # about one piece a batch
    batched = windows.gather_facts(str(path), "line.txt", "utf-8", pack, 0)
    assert one_batch.vocabularies and all(one_batch.vocabularies.values())
    assert batched == one_batch


def test_a_run_of_small_files_imports_neither_this_module_nor_baseline_nor_shutil(tmp_path):
    """The pre-commit case (a warm run): a one-file check asks `document.is_huge` of its file and imports
    windows.py only for a huge one; baseline.py only with a baseline; and the terminal's width
    is read without shutil (which brings bz2, lzma and fnmatch). Each import cost 1-4 ms of a
    ~0.3 s run (docs/performance.md, round 30)."""
    seed = str(SEEDS[0])
    code = (
        "import sys\n"
        "from newslint.cli import main\n"
        "try:\n"
        f"    main(['check', '--no-cache', '--format', 'json', {seed!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('newslint.windows', 'newslint.baseline', 'shutil') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "NEWSLINT_GATE_CACHE": str(tmp_path / "user-cache")}
    run = lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    run()  # a first run ever writes the user cache (tempfile brings shutil): the second is the usual one
    small = run()
    huge = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**env, "NEWSLINT_HUGE_FILE_BYTES": "100", "NEWSLINT_WINDOW_LINES": "7"})
    assert small.stderr.strip().splitlines()[-1] == "[]"
    assert "'newslint.windows'" in huge.stderr.strip().splitlines()[-1]  # checked in windows
    assert json.loads(small.stdout)["findings"] == json.loads(huge.stdout)["findings"]

"""`newslint fix`: what it cuts, what it keeps, how it writes, and its CLI."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newslint import document, fix, linter, rules
from newslint.config import Config
from newslint.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STORY = "The talks in Moscow ended with a joint statement on trade.\n"


@pytest.fixture(scope="module")
def ruleset() -> rules.RuleSet:
    return rules.load([])


def newslint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True)


def fix_text(text: str, ruleset, name: str = "a.txt") -> fix.FileFix:
    fixes, errors = fix.plan([document.Source(path=name, text=text, encoding="utf-8")], ruleset)
    assert errors == []
    return fixes[0]


def fixable_findings(paths: list[Path], ruleset) -> list:
    report = linter.lint([document.read(p) for p in paths], ruleset)
    return [f for f in report.findings if f.fix == "safe"]


# --- what is cut -------------------------------------------------------------------------


def test_seed_000_loses_exactly_its_furniture_and_repeats(ruleset):
    source = document.read_source(CORPUS / "000_605a992dca7f361f.txt")
    result = fix_text(source.text, ruleset)
    named = {cut.line: cut.rule for cut in result.cuts if cut.rule}
    assert named == {
        1: "skip-to-content",
        8: "repeated-block",
        10: "repeated-block",
        **{n: "tag-list" for n in range(28, 34)},
        50: "related-links",
        52: "related-links",
    }
    kept = result.fixed.split("\n")
    original = source.text.split("\n")
    # The first copies stay; the claims the seeds list as unsupported stay word for word.
    assert original[6] in kept and original[2] in kept
    for claim_line in (18, 37, 39):
        assert original[claim_line - 1] in kept


def test_the_byline_is_an_unsafe_fix_kept_unless_unsafe_fixes_are_asked_for(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    story = tmp_path / "corpus" / "004_04310c59a7f995df.txt"
    byline = story.read_text(encoding="utf-8").split("\n")[42]
    assert byline.startswith("By Mahder Nesibu")
    safe = newslint("fix", "corpus/004_04310c59a7f995df.txt", cwd=tmp_path)
    assert safe.returncode == 0, safe.stderr
    assert byline in story.read_text(encoding="utf-8")
    assert "Leave a Reply" not in story.read_text(encoding="utf-8")
    unsafe = newslint("fix", "--unsafe-fixes", "corpus/004_04310c59a7f995df.txt", cwd=tmp_path)
    assert unsafe.returncode == 0, unsafe.stderr
    assert "byline" in unsafe.stdout
    assert byline not in story.read_text(encoding="utf-8")


def test_a_rule_says_fix_safe_or_unsafe_and_fixable_true_still_means_safe(tmp_path):
    rule_dir = tmp_path / "rules"
    rule_dir.mkdir()
    rule = "  - id: {id}\n    kind: pattern\n    category: boilerplate\n    severity: error\n    message: x\n    scope: line\n    phrases: [menu]\n"
    (rule_dir / "r.yaml").write_text("rules:\n" + rule.format(id="a") + "    fix: unsafe\n" + rule.format(id="b") + "    fixable: true\n"
                                     + rule.format(id="c"), encoding="utf-8")
    loaded = {r.id: r.fix for r in rules.load([rule_dir], include_default=False)}
    assert loaded == {"a": "unsafe", "b": "safe", "c": None}
    (rule_dir / "r.yaml").write_text("rules:\n" + rule.format(id="a") + "    fix: maybe\n", encoding="utf-8")
    with pytest.raises(UserError, match="'fix' must be one of: safe, unsafe") as err:
        rules.load([rule_dir], include_default=False)
    assert err.value.line == 9


def test_the_pack_marks_bylines_datelines_and_prose_cuts_unsafe(ruleset):
    fixes = {rule.id: rule.fix for rule in ruleset}
    for rule_id in ("byline", "dateline", "author-box", "photo-caption", "offtopic-promo"):
        assert fixes[rule_id] == "unsafe", rule_id
    for rule_id in ("skip-to-content", "tag-list", "repeated-block", "comment-form", "date-fragment"):
        assert fixes[rule_id] == "safe", rule_id
    assert fixes["unsupported-figure"] is None


def test_only_blank_lines_are_cut_without_a_finding(ruleset):
    source = document.read_source(CORPUS / "004_04310c59a7f995df.txt")
    result = fix_text(source.text, ruleset)
    original = source.text.split("\n")
    for cut in result.cuts:
        assert cut.rule or not original[cut.line - 1].strip()


def test_fixing_the_corpus_leaves_no_fixable_finding_and_a_second_run_changes_nothing(tmp_path, ruleset):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    paths = sorted((tmp_path / "corpus").glob("*.txt"))
    assert fixable_findings(paths, ruleset)
    first = newslint("fix", "corpus", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "fixed corpus/002_f0ad515a767d8d63.txt: removed 5 lines (repeated-block ×5)" in first.stdout
    assert fixable_findings(paths, ruleset) == []
    after_first = {p: p.read_bytes() for p in paths}
    second = newslint("fix", "corpus", cwd=tmp_path)
    assert second.returncode == 0
    assert "fixed 0" in second.stdout
    assert {p: p.read_bytes() for p in paths} == after_first


def test_a_repeat_whose_first_copy_is_cut_waits_for_the_next_pass():
    from newslint.findings import Finding, Related, Severity

    def finding(line, rule, related=None, fix="safe"):
        return Finding("a.txt", line, line, 1, rule, "duplicate", Severity.ERROR, "m", "x", related, fix=fix)

    findings = [finding(3, "furniture"), finding(5, "repeat", Related("a.txt", 3)), finding(7, "repeat", Related("a.txt", 1))]
    assert fix.removed_lines(findings) == {"a.txt": {3: "furniture", 7: "repeat"}}


def test_unsafe_fixes_are_removed_only_when_asked_for():
    from newslint.findings import Finding, Severity

    def finding(line, rule, fix):
        return Finding("a.txt", line, line, 1, rule, "boilerplate", Severity.ERROR, "m", "x", fix=fix)

    findings = [finding(1, "skip", "safe"), finding(2, "byline", "unsafe"), finding(3, "claim", None)]
    assert fix.removed_lines(findings) == {"a.txt": {1: "skip"}}
    assert fix.removed_lines(findings, unsafe=True) == {"a.txt": {1: "skip", 2: "byline"}}


def test_only_rules_marked_fixable_cut_anything(ruleset):
    text = "The summit ended here .\nIt was a long day in Moscow for both delegations.\n"
    assert fix_text(text, ruleset).changed is False  # space-before-punctuation is not fixable


# --- layout -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before, after",
    [
        # paragraphs separated by one blank line keep one blank line between them
        ("First paragraph of the story.\n\nSkip to content\n\nSecond paragraph.\n", "First paragraph of the story.\n\nSecond paragraph.\n"),
        # one paragraph per line: nothing to collapse
        ("First paragraph of the story.\nSkip to content\nSecond paragraph.\n", "First paragraph of the story.\nSecond paragraph.\n"),
        # a cut at the top does not leave the file starting with a blank line
        ("Skip to content\n\nFirst paragraph of the story.\n", "First paragraph of the story.\n"),
        # a cut at the end leaves no trailing blank lines, and no final newline stays none
        ("First paragraph of the story.\n\nRead also:\n\nLatest", "First paragraph of the story."),
        # two blank lines (a section break) stay two
        ("Part one.\n\n\nSkip to content\n\nPart two.\n", "Part one.\n\n\nPart two.\n"),
        # blank runs away from a cut are not touched
        ("Part one.\n\n\n\nPart two.\nSkip to content\nPart three.\n", "Part one.\n\n\n\nPart two.\nPart three.\n"),
    ],
)
def test_blank_lines_a_cut_leaves_are_collapsed(ruleset, before, after):
    assert fix_text(before, ruleset).fixed == after


def test_crlf_line_endings_are_kept(ruleset):
    text = "First paragraph of the story.\r\n\r\nSkip to content\r\n\r\nSecond paragraph.\r\n"
    assert fix_text(text, ruleset).fixed == "First paragraph of the story.\r\n\r\nSecond paragraph.\r\n"


def test_mixed_line_endings_keep_each_lines_own_ending(ruleset):
    text = "One.\r\nSkip to content\nTwo.\nThree.\r\n"
    assert fix_text(text, ruleset).fixed == "One.\r\nTwo.\nThree.\r\n"


def test_front_matter_is_never_cut(ruleset):
    text = "---\ntitle: Menu\n---\nMenu\n\nThe story itself.\n"
    assert fix_text(text, ruleset).fixed == "---\ntitle: Menu\n---\n\nThe story itself.\n"


# --- writing ---------------------------------------------------------------------------


def test_write_keeps_permissions_bom_and_encoding(tmp_path, ruleset):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfSkip to content\r\n\r\nCaf\xc3\xa9 society in Moscow.\r\n")
    path.chmod(0o640)
    fix.write(fix.run([str(path)]).fixes[0])
    assert path.read_bytes() == b"\xef\xbb\xbfCaf\xc3\xa9 society in Moscow.\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_write_keeps_a_legacy_encoding(tmp_path, ruleset):
    path = tmp_path / "a.txt"
    path.write_bytes("Skip to content\nCafé au lait in Moscow.\n".encode("latin-1"))
    done = fix.run([str(path)], Config(encoding="latin-1"))
    assert done.errors == []
    fix.write(done.fixes[0])
    assert path.read_bytes() == "Café au lait in Moscow.\n".encode("latin-1")


def test_write_follows_a_symlink_and_keeps_the_link(tmp_path, ruleset):
    real = tmp_path / "real.txt"
    real.write_text("Skip to content\n" + STORY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fix.write(fix.run([str(link)]).fixes[0])
    assert link.is_symlink() and real.read_text(encoding="utf-8") == STORY


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path, ruleset):
    path = tmp_path / "a.txt"
    path.write_text("Skip to content\n" + STORY, encoding="utf-8")
    fixes = fix.run([str(path)]).fixes
    path.write_text("Skip to content\nThe story, edited by someone else meanwhile.\n", encoding="utf-8")
    with pytest.raises(UserError, match="changed while newslint was fixing it"):
        fix.write(fixes[0])
    assert "edited by someone else" in path.read_text(encoding="utf-8")


def test_read_only_file_is_left_alone_even_for_root(tmp_path, ruleset):
    path = tmp_path / "a.txt"
    path.write_text("Skip to content\n" + STORY, encoding="utf-8")
    path.chmod(0o444)
    fixes = fix.run([str(path)]).fixes
    if os.geteuid() == 0:  # root passes os.access; the mode is still kept exactly
        fix.write(fixes[0])
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    else:
        with pytest.raises(UserError):
            fix.write(fixes[0])


# --- the diff --------------------------------------------------------------------------


def test_the_diff_shows_the_later_copies_as_removed(ruleset):
    source = document.read_source(CORPUS / "002_f0ad515a767d8d63.txt")
    diff = fix_text(source.text, ruleset, "002.txt").diff()
    original = source.text.split("\n")
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    # Lines 11-14 repeat 7-10 and are the ones cut; line 10 becomes the last line, so it
    # shows as changed only by the final newline the file never had.
    assert removed == [original[n - 1] for n in (4, 10, 11, 12, 13, 14)]
    assert added == [original[9]]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_the_diff_applies_with_patch_and_gives_the_fixed_file(tmp_path, ruleset, name):
    shutil.copy(CORPUS / name, tmp_path / name)
    result = fix_text((tmp_path / name).read_bytes().decode("utf-8"), ruleset, name)
    if not result.changed:
        assert result.diff() == ""
        return
    patched = subprocess.run(["patch", "-p0", "-s"], input=result.diff().encode(), cwd=tmp_path, capture_output=True)
    assert patched.returncode == 0, patched.stdout + patched.stderr
    assert (tmp_path / name).read_bytes().decode("utf-8") == result.fixed


def test_the_diff_applies_with_git_apply_on_crlf_text(tmp_path, ruleset):
    text = "First paragraph.\r\n\r\nSkip to content\r\n\r\nSecond paragraph.\r\nLatest"
    (tmp_path / "a.txt").write_bytes(text.encode())
    result = fix_text(text, ruleset)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    applied = subprocess.run(["git", "apply", "-p0"], input=result.diff().encode(), cwd=tmp_path, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "a.txt").read_bytes().decode() == result.fixed == "First paragraph.\r\n\r\nSecond paragraph."


# --- the command --------------------------------------------------------------------------


def test_diff_prints_a_patch_and_writes_nothing(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    before = {p.name: p.read_bytes() for p in (tmp_path / "corpus").iterdir()}
    result = newslint("fix", "--diff", "corpus", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- corpus/000_605a992dca7f361f.txt\n+++ corpus/000_605a992dca7f361f.txt\n")
    assert "-Skip to content\n" in result.stdout
    assert {p.name: p.read_bytes() for p in (tmp_path / "corpus").iterdir()} == before


def test_check_exits_1_when_something_would_change_and_0_when_clean(tmp_path):
    (tmp_path / "a.txt").write_text("Skip to content\n" + STORY, encoding="utf-8")
    would = newslint("fix", "--check", "a.txt", cwd=tmp_path)
    assert would.returncode == 1
    assert "would fix a.txt: removed 1 line (skip-to-content)" in would.stdout
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Skip to content\n" + STORY
    newslint("fix", "a.txt", cwd=tmp_path)
    assert newslint("fix", "--check", "a.txt", cwd=tmp_path).returncode == 0


def test_fix_reports_bad_files_and_still_fixes_the_others(tmp_path):
    (tmp_path / "good.txt").write_text("Skip to content\n" + STORY, encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(b"Caf\xe9\n")
    result = newslint("fix", "good.txt", "latin.txt", "missing.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == STORY
    assert "newslint: error: latin.txt:1: not valid UTF-8 (byte 0xe9 at offset 3)" in result.stderr
    assert "newslint: error: missing.txt: no such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_rule_may_not_be_fixable_when_its_findings_are_claims_or_part_of_a_line(tmp_path):
    rule_dir = tmp_path / "rules"
    rule_dir.mkdir()
    base = """\
        rules:
          - id: {id}
            kind: pattern
            category: {category}
            severity: warning
            message: "x"
            fixable: true
            scope: {scope}
            phrases: [according to nobody]
        """
    cases = [("claims", "unsupported-claim", "line", "never fixed: newslint does not edit claims"), ("sentences", "other", "sentence", "names part of a line")]
    for rule_id, category, scope, message in cases:
        (rule_dir / "r.yaml").write_text(textwrap.dedent(base.format(id=rule_id, category=category, scope=scope)), encoding="utf-8")
        with pytest.raises(UserError, match=message) as err:
            rules.load([rule_dir], include_default=False)
        assert err.value.line == 7  # the `fixable:` line


def test_near_copy_documents_are_never_fixable(tmp_path):
    rule_dir = tmp_path / "rules"
    rule_dir.mkdir()
    (rule_dir / "r.yaml").write_text(
        "rules:\n  - id: twin\n    kind: near-duplicate-doc\n    category: duplicate-document\n"
        "    severity: warning\n    message: x\n    fixable: true\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match="never deletes documents"):
        rules.load([rule_dir], include_default=False)


def test_fix_honours_suppression_comments_and_the_config(tmp_path):
    text = (
        "<!-- newslint: disable-next-line=skip-to-content -->\n"
        "Skip to content\n"
        "Read also:\n"
        + STORY
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "newslint.yaml").write_text("ignore: [related-links]\n", encoding="utf-8")
    result = newslint("fix", "--check", "a.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr  # the one finding left is suppressed or ignored
    (tmp_path / "newslint.yaml").write_text("ignore: []\n", encoding="utf-8")
    assert newslint("fix", "a.txt", cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == text.replace("Read also:\n", "")

"""docs/rules.md is generated from the rule pack and the kinds' docstrings; it must not go stale."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

REGENERATE = "newslint rules --format markdown > docs/rules.md"


def test_the_rules_reference_is_what_the_pack_generates():
    run = subprocess.run([sys.executable, "-m", "newslint", "rules", "--format", "markdown"], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    shown = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert shown == run.stdout, f"docs/rules.md is stale: regenerate it from the repository root with `{REGENERATE}`"


def test_the_reference_has_every_rule_and_every_kind():
    from newslint import rules
    from newslint.kinds import KINDS

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in rules.load([]):
        assert f"\n### {rule.id}\n" in text
    for kind in KINDS:
        assert f"\n### Kind `{kind}`\n" in text


def test_the_docs_build_as_a_site(tmp_path):
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert "unsupported-figure" in (tmp_path / "site" / "rules" / "index.html").read_text(encoding="utf-8")

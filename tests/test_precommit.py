"""The shipped pre-commit hook, run for real: pre-commit installs newslint from this repository
into its own environment and runs it on `git commit` in a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import re

import pytest
import yaml

from conftest import FIXTURES, ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def test_the_hook_definitions():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"newslint", "newslint-fix"}
    assert hooks["newslint"]["entry"] == "newslint check"
    assert hooks["newslint-fix"]["entry"] == "newslint fix"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["plain-text", "markdown"]
        assert hook["require_serial"] is True
        assert hook.get("pass_filenames", True) is True


def readme_snippet(marker: str, page: str = "README.md") -> str:
    """The ```yaml block of a page (the README by default) that contains `marker`: the test
    runs what the page shows."""
    text = (ROOT / page).read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M)
    [block] = [b for b in blocks if marker in b]
    return block


def git(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def make_repo(tmp_path_factory, config: str) -> tuple[Path, dict]:
    """A fresh git repository with `config` as its .pre-commit-config.yaml, hooks installed."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of newslint")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout has no commit to install the hook from")
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "paper"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(base / "cache"),
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": str(base / "gitconfig"),  # the user's own git config plays no part
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    (base / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n")
    assert git("init", "-q", cwd=repo, env=env).returncode == 0
    # This venv's bin first: a `language: system` hook runs the newslint installed where you commit.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    (repo / ".pre-commit-config.yaml").write_text(config.replace("REPO-URL", ROOT.as_posix()).replace("COMMIT", head.stdout.strip()))
    install = subprocess.run([*PRE_COMMIT, "install"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stderr
    git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    first = git("commit", "-q", "--no-verify", "-m", "configure pre-commit", cwd=repo, env=env)
    assert first.returncode == 0, first.stderr
    return repo, env


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory):
    """A repository whose pre-commit config is the README's, pointing at this repository's HEAD,
    with only the check hook (the fix hook has a test of its own)."""
    config = readme_snippet("rev: COMMIT").replace("      - id: newslint-fix", "#     - id: newslint-fix")
    return make_repo(tmp_path_factory, config)


def test_the_readme_snippet_names_both_hooks():
    snippet = yaml.safe_load(readme_snippet("rev: COMMIT"))
    assert [hook["id"] for hook in snippet["repos"][0]["hooks"]] == ["newslint", "newslint-fix"]


def test_a_commit_with_a_repeated_paragraph_is_refused(hooked_repo):
    repo, env = hooked_repo
    shutil.copy(FIXTURES / "repeated.md", repo / "council.md")
    git("add", "council.md", cwd=repo, env=env)
    commit = git("commit", "-m", "add council story", cwd=repo, env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "newslint" in output and "Failed" in output
    assert "council.md\n" in output and "  9:1 " in output and "repeated-block" in output
    assert git("log", "--oneline", cwd=repo, env=env).stdout.count("\n") == 1
    git("reset", "-q", "HEAD", "council.md", cwd=repo, env=env)
    (repo / "council.md").unlink()


def test_a_clean_file_commits(hooked_repo):
    repo, env = hooked_repo
    shutil.copy(FIXTURES / "clean.md", repo / "library.md")
    git("add", "library.md", cwd=repo, env=env)
    commit = git("commit", "-m", "add library story", cwd=repo, env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode == 0, output
    assert "newslint" in output and "Passed" in output
    assert "add library story" in git("log", "--oneline", cwd=repo, env=env).stdout


def test_the_fix_hook_cuts_the_repeat_and_stops_the_commit(tmp_path_factory):
    config = readme_snippet("rev: COMMIT").replace("      - id: newslint\n", "")
    repo, env = make_repo(tmp_path_factory, config)
    shutil.copy(FIXTURES / "repeated.md", repo / "council.md")
    before = (repo / "council.md").read_text()
    git("add", "council.md", cwd=repo, env=env)
    commit = git("commit", "-m", "add council story", cwd=repo, env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "files were modified by this hook" in output
    after = (repo / "council.md").read_text()
    assert len(after.splitlines()) < len(before.splitlines())
    # Staged again, the fixed file commits: nothing fixable is left.
    git("add", "council.md", cwd=repo, env=env)
    again = git("commit", "-m", "add council story", cwd=repo, env=env)
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_documented_local_hook_refuses_a_repeated_paragraph(tmp_path_factory):
    repo, env = make_repo(tmp_path_factory, readme_snippet("repo: local", "docs/ci.md"))
    shutil.copy(FIXTURES / "repeated.md", repo / "council.md")
    git("add", "council.md", cwd=repo, env=env)
    commit = git("commit", "-m", "add council story", cwd=repo, env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "council.md\n" in output and "  9:1 " in output and "repeated-block" in output

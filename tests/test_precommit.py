"""The shipped pre-commit hook, run for real: pre-commit installs newslint from this repository
into its own environment and runs it on `git commit` in a temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def test_the_hook_definition():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "newslint"
    assert hook["entry"] == "newslint check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["plain-text", "markdown"]
    assert hook["require_serial"] is True
    assert hook.get("pass_filenames", True) is True


def git(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory):
    """A fresh git repository whose pre-commit config points at this repository's HEAD."""
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
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {head.stdout.strip()}\n    hooks:\n      - id: newslint\n"
    )
    install = subprocess.run([*PRE_COMMIT, "install"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stderr
    git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    first = git("commit", "-q", "--no-verify", "-m", "configure pre-commit", cwd=repo, env=env)
    assert first.returncode == 0, first.stderr
    return repo, env


def test_a_commit_with_a_repeated_paragraph_is_refused(hooked_repo):
    repo, env = hooked_repo
    shutil.copy(FIXTURES / "repeated.md", repo / "council.md")
    git("add", "council.md", cwd=repo, env=env)
    commit = git("commit", "-m", "add council story", cwd=repo, env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "newslint" in output and "Failed" in output
    assert "council.md:9" in output and "repeated-block" in output
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

"""PATHS → files: include and exclude globs with .gitignore rules, relative to the config file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import write
from newslint import config, discover
from newslint.errors import UserError


@pytest.fixture
def tree(project):
    for name in ("a.md", "b.txt", "c.jsonl", "notes.rst", "drafts/d.md", "archive/2019/e.txt",
                 "archive/2020/f.txt", "sub/drafts/g.md", ".git/h.txt", "node_modules/pkg/readme.md"):
        write(project / name, "text\n")
    return project


def files(root, **values) -> list[str]:
    return discover.files(["."], replace(config.Config(root=root), **values))


def test_directories_give_included_files_and_skip_tool_directories(tree):
    assert files(tree) == ["a.md", "archive/2019/e.txt", "archive/2020/f.txt", "b.txt", "drafts/d.md", "sub/drafts/g.md"]


def test_exclude_follows_gitignore_rules(tree):
    assert files(tree, extend_exclude=("drafts/",)) == ["a.md", "archive/2019/e.txt", "archive/2020/f.txt", "b.txt"]
    assert "sub/drafts/g.md" in files(tree, extend_exclude=("/drafts/",))
    assert files(tree, extend_exclude=("archive/2019", "*.md")) == ["archive/2020/f.txt", "b.txt"]


def test_include_chooses_the_suffixes(tree):
    assert files(tree, include=("*.jsonl", "*.rst")) == ["c.jsonl", "notes.rst"]


def test_files_named_directly_skip_include_but_not_exclude(tree):
    cfg = replace(config.Config(root=tree), extend_exclude=("drafts/",))
    assert discover.files(["notes.rst", "drafts/d.md", "a.md"], cfg) == ["a.md", "notes.rst"]


def test_the_result_is_sorted_and_without_repeats(tree):
    assert discover.files(["b.txt", "a.md", "./a.md", "."], config.Config(root=tree))[:2] == ["a.md", "archive/2019/e.txt"]


def test_a_missing_path_is_a_user_error(tree):
    with pytest.raises(UserError, match="no such file or directory"):
        discover.files(["nope"], config.Config(root=tree))


"""PATHS → files: include and exclude globs with .gitignore rules, relative to the config file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import write
from newslint import config, discover, user_cache
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



NAMED = ["a.txt", "notes/b.md", ".venv/lib/c.txt", "node_modules/d.md", "x.egg-info/", "pkg.egg-info/e.txt",
         ".git/", "déjà vu.txt", "drafts/f.txt", "sub/.newslint_cache/g.json", "venv", "venv/", "\udcff.txt"]


def test_answers_for_named_paths_are_pathspecs_and_are_kept_between_runs(project, monkeypatch):
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(project / "user-cache"))
    for globs in (discover.DEFAULT_EXCLUDE, ("drafts/", "*.md")):
        spec = discover.glob_spec(globs)
        first = discover.Remembered(globs)
        assert [first.match_file(n) for n in NAMED] == [spec.match_file(n) for n in NAMED]
        first.keep()
        again = discover.Remembered(globs)
        calls = []
        monkeypatch.setattr(discover, "glob_spec", lambda g: calls.append(g) or spec)
        assert [again.match_file(n) for n in NAMED] == [spec.match_file(n) for n in NAMED]
        assert calls == [globs], "only the name UTF-8 cannot write is asked again"
        monkeypatch.undo()
        monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(project / "user-cache"))
    assert any(discover.Remembered(discover.DEFAULT_EXCLUDE).match_file(n) for n in NAMED)


def test_a_damaged_or_forged_answers_file_is_not_believed(project, monkeypatch):
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(project / "user-cache"))
    globs = discover.DEFAULT_EXCLUDE
    name = discover._remembered_name(globs)
    user_cache.write(name, {".venv/a.txt": False, "a.txt": "yes"})  # not all booleans: refused whole
    assert discover.Remembered(globs).match_file(".venv/a.txt") is True
    user_cache.write(name, {".venv/a.txt": False})
    assert discover.Remembered(globs).match_file(".venv/a.txt") is False  # believed while intact
    path = project / "user-cache" / name
    path.write_bytes(path.read_bytes().replace(b"false", b"fals "))  # a changed byte: read as missing
    assert discover.Remembered(globs).match_file(".venv/a.txt") is True

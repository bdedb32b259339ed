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


# --- globs that only name files or directories, matched without pathspec ---------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_NAME_PARTS = st.sampled_from(["a", "b", ".git", "git", "x.egg-info", ".egg-info", "node_modules", "venv", ".venv",
                               "n.txt", "n.md", "txt", "..", ".", "", "a\nb", "é", "-", "_x_"])
_GLOB_CHARS = st.text(alphabet="ab.*-_gitxn", min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(globs=st.lists(st.one_of(_GLOB_CHARS, _GLOB_CHARS.map(lambda g: g + "/"), st.sampled_from(discover.DEFAULT_EXCLUDE)),
                      max_size=5),
       parts=st.lists(_NAME_PARTS, min_size=1, max_size=5), lead=st.sampled_from(["", "/", "./", "../"]),
       slash=st.booleans())
def test_name_globs_match_as_pathspec_matches(globs, parts, lead, slash):
    import pathspec

    globs = tuple(g for g in globs if discover.NAME_GLOB.match(g) and "**" not in g)
    name = lead + "/".join(parts) + ("/" if slash else "")
    fast = discover.glob_spec(globs)
    assert isinstance(fast, discover.NameGlobs)
    real = pathspec.GitIgnoreSpec.from_lines(globs, backend="simple")
    assert fast.match_file(name) == real.match_file(name), (globs, name)


def test_the_default_globs_need_no_pathspec():
    assert isinstance(discover.glob_spec(discover.DEFAULT_EXCLUDE), discover.NameGlobs)
    assert isinstance(discover.glob_spec(discover.DEFAULT_INCLUDE), discover.NameGlobs)
    assert not isinstance(discover.glob_spec(("docs/*.md",)), discover.NameGlobs)
    assert not isinstance(discover.glob_spec(("**/x",)), discover.NameGlobs)

"""Secrets and reach (issue 14): no Redis password in any message; a config file cannot make
newslint read or write outside its directory; `index add` leaves another program's SQLite
database alone. Real files, real symlinks, a real redis-server, the real CLI."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "s3cret-pw"
TEXT = "Skip to content\nThe talks in Moscow ended with a joint statement on trade and energy.\n"


def newslint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


# --- Redis credentials ---------------------------------------------------------------------


@pytest.fixture
def story(tmp_path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("url", [
    f"redis://user:{SECRET}@127.0.0.1:99999/0",  # bad port
    f"redis://:{SECRET}@127.0.0.1:6379/0?socket_timeout=soon",  # bad socket_timeout
    f"redis://user:{SECRET}@[::1/0",  # not a URL at all
    f"rediss://user:{SECRET}@127.0.0.1:port/0",
    "redis://127.0.0.1:{closed}/0?password=" + SECRET,  # connection refused, password as an argument
    f"redis://user:{SECRET}@127.0.0.1:{{closed}}/0",
], ids=["port", "socket_timeout", "ipv6", "rediss", "query", "refused"])
@pytest.mark.parametrize("command", ["check", "stats"])
def test_a_redis_url_is_never_printed_with_its_password(story, url, command):
    url = url.format(closed=closed_port())
    args = ["check", "a.txt", "--index", url] if command == "check" else ["index", "stats", "--index", url]
    done = newslint(*args, cwd=story)
    assert done.returncode == 2
    assert SECRET not in done.stderr + done.stdout
    assert len(done.stderr.splitlines()) == 1 and "127.0.0.1" in done.stderr or "::1" in done.stderr


def test_a_wrong_password_on_a_real_server_is_not_printed(story, redis_server):
    done = newslint("index", "add", "a.txt", "--index", redis_server.replace("redis://", f"redis://user:{SECRET}@") + "/0",
                    cwd=story)
    assert done.returncode == 2 and "Redis error" in done.stderr
    assert SECRET not in done.stderr + done.stdout


# --- a config file's reach -------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository in tmp_path/repo, with a secret file beside it that no config may reach."""
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\nSkip to content\n", encoding="utf-8")
    (tmp_path / "outside" / "rules.yaml").write_text(
        "rules:\n  - {id: evil, kind: pattern, category: boilerplate, severity: error, message: m, patterns: [x]}\n",
        encoding="utf-8")
    return root


def config_error(done: subprocess.CompletedProcess, line: int, key: str, target: Path) -> None:
    assert done.returncode == 2
    (message,) = done.stderr.splitlines()
    assert message.startswith(f"newslint: error: newslint.yaml:{line}: '{key}': {target.resolve().as_posix()} is outside ")
    assert message.endswith("give the path on the command line, or pass --trust-config-paths")


@pytest.mark.parametrize("value", ["../outside", "/ABSOLUTE/outside", "link"])
def test_config_paths_outside_the_repository_are_refused(repo, value):
    (repo / "link").symlink_to(repo.parent / "outside")  # a checked-in link: resolved before the check
    value = value.replace("/ABSOLUTE", repo.parent.as_posix())
    (repo / "newslint.yaml").write_text(f"include: [passwd, '*.txt']\npaths: [{value}]\n", encoding="utf-8")
    done = newslint("check", "--format", "concise", cwd=repo)
    config_error(done, 2, "paths", repo.parent / "outside")
    assert done.stdout == ""


def test_the_opt_in_flag_and_the_command_line_still_reach_outside(repo):
    (repo / "newslint.yaml").write_text("include: [passwd]\npaths: [../outside]\n", encoding="utf-8")
    trusted = newslint("check", "--format", "concise", "--trust-config-paths", cwd=repo)
    assert trusted.returncode == 1 and "outside/passwd:2:" in trusted.stdout
    by_env = newslint("check", "--format", "concise", cwd=repo, env={"NEWSLINT_TRUST_CONFIG_PATHS": "1"})
    assert by_env.stdout == trusted.stdout
    (repo / "newslint.yaml").write_text("include: [passwd]\n", encoding="utf-8")
    named = newslint("check", "--format", "concise", "../outside", cwd=repo)  # the user's own path
    assert named.returncode == 1 and "outside/passwd:2:" in named.stdout


def test_config_paths_inside_the_repository_still_work_from_a_subdirectory(repo):
    (repo / "newslint.yaml").write_text("paths: [docs]\n", encoding="utf-8")
    done = newslint("check", "--format", "concise", cwd=repo / "docs")
    assert done.returncode == 1 and done.stdout.startswith("a.txt:1:1: error skip-to-content")


def test_config_index_outside_the_repository_is_not_created(repo):
    (repo / "newslint.yaml").write_text("index: ../../x.db\n", encoding="utf-8")
    done = newslint("index", "add", "docs", cwd=repo)
    config_error(done, 1, "index", repo.parent.parent / "x.db")
    assert not (repo.parent.parent / "x.db").exists()
    trusted = newslint("index", "add", "docs", "--trust-config-paths", cwd=repo)
    assert trusted.returncode == 0 and (repo.parent.parent / "x.db").is_file()
    (repo.parent.parent / "x.db").unlink()


def test_config_rule_dirs_and_baseline_outside_are_refused(repo):
    (repo / "newslint.yaml").write_text("rule-dirs: [../outside]\n", encoding="utf-8")
    config_error(newslint("rules", cwd=repo), 1, "rule-dirs", repo.parent / "outside")
    (repo / "newslint.yaml").write_text("format: concise\nbaseline: ../outside/b.json\n", encoding="utf-8")
    config_error(newslint("check", cwd=repo), 2, "baseline", repo.parent / "outside" / "b.json")
    (repo / "newslint.yaml").write_text("rule-dirs: [rules]\nbaseline: b.json\n", encoding="utf-8")
    (repo / "rules").mkdir()
    assert newslint("rules", cwd=repo).returncode == 0  # inside: fine


# --- index add and another program's database ---------------------------------------------------


def test_index_add_refuses_another_programs_sqlite_database(story):
    db = story / "app.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE users (name TEXT, password TEXT)")
        connection.execute("INSERT INTO users VALUES ('ann', 'x')")
    connection.close()
    before = db.read_bytes()
    done = newslint("index", "add", "a.txt", "--index", "app.db", cwd=story)
    assert done.returncode == 2
    assert done.stderr == ("newslint: error: app.db: is another program's SQLite database (tables: users), "
                           "not a newslint index; name a new file for the index\n")
    assert db.read_bytes() == before  # no tables added, journal mode unchanged
    assert not (story / "app.db-wal").exists()
    checked = newslint("check", "a.txt", "--index", "app.db", cwd=story)
    assert checked.returncode == 2 and "not a newslint index" in checked.stderr


def test_index_add_still_creates_and_reuses_its_own_index(story):
    (story / "empty.db").write_bytes(b"")  # an empty file is an empty database: ours to fill
    for _ in range(2):
        done = newslint("index", "add", "a.txt", "--index", "empty.db", cwd=story)
        assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0 added, 0 updated, 1 unchanged")

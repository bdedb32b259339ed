"""The redis_server fixture skips with install advice where redis-server is missing, and fails under CI's guard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).resolve().parent / "conftest.py"


def run_without_redis_server(tmp_path: Path, require: bool) -> subprocess.CompletedProcess:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_needs_redis.py").write_text("def test_it(redis_server):\n    assert redis_server\n", encoding="utf-8")
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}  # no redis-server on this PATH
    env.pop("NEWSLINT_REQUIRE_REDIS", None)
    if require:
        env["NEWSLINT_REQUIRE_REDIS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "test_needs_redis.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


def test_without_redis_server_the_redis_tests_skip_and_say_how_to_install_it(tmp_path):
    result = run_without_redis_server(tmp_path, require=False)

    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "apt-get install -y redis-server" in result.stdout


def test_under_newslint_require_redis_they_fail_instead(tmp_path):
    result = run_without_redis_server(tmp_path, require=True)

    assert result.returncode == 1, result.stdout
    assert "NEWSLINT_REQUIRE_REDIS=1 forbids skipping" in result.stdout


def test_ci_script_installs_redis_and_forbids_skipping():
    script = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")

    assert "apt-get install -y -qq redis-server" in script
    assert "export NEWSLINT_REQUIRE_REDIS=1" in script

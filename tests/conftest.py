"""Shared fixtures: the repository's seed corpus, a rule-file writer, CLI runners, a project directory
and a real redis-server."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from types import ModuleType
import socket
import subprocess
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint import document, linter, rules
from newslint.cli import cli, main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INSTALL_REDIS = (
    "redis-server is not installed, so the Redis index tests cannot run; "
    "install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)"
)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Every test's CLI runs cache into a directory of their own, never into the repository."""
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def default_rules() -> rules.RuleSet:
    return rules.load([])


@pytest.fixture(scope="session")
def seed_report(default_rules):
    docs = [document.read(p, f"corpus/{p.name}") for p in sorted(CORPUS.glob("*.txt"))]
    return linter.lint(docs, default_rules)


@pytest.fixture
def write_rules(tmp_path):
    """Write one YAML rule file (dedented) into a fresh rule directory and return the directory."""

    def write(text: str, name: str = "custom.yaml") -> Path:
        directory = tmp_path / "rules"
        directory.mkdir(exist_ok=True)
        (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return directory

    return write


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def load_bench(name: str) -> ModuleType:
    """bench/NAME.py imported as a module (bench/ is scripts, not a package), so that tests
    can run its scoring on small inputs."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def make_doc(text: str, path: str = "doc.txt") -> document.Document:
    return document.parse(textwrap.dedent(text).lstrip("\n"), path)


def rule_from_yaml(text: str) -> rules.Rule:
    """Build one rule from a YAML snippet, exactly as the loader does."""
    import yaml

    raw = yaml.safe_load(textwrap.dedent(text))
    node = yaml.compose(textwrap.dedent(text), Loader=yaml.SafeLoader)
    return rules.build_rule(raw, "test.yaml", rules._NodeLines(node))


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def newslint(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Run:
    """`newslint ARGS` through the real entry point: exit code, standard output and standard error
    (`env`: variables set for the run)."""
    with CliRunner().isolation(input=input, env=env) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Run(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty directory that is the current directory for the test."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# A small extra rule pack: one rule that is not in the default pack.
LOREM_RULES = """\
rules:
  - id: no-lorem
    kind: pattern
    category: artifact
    severity: warning
    message: 'placeholder text "{match}"'
    description: Placeholder text left in an article.
    example: Lorem ipsum dolor sit amet.
    phrases: [lorem ipsum]
"""


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """70 articles: the seed articles, each also in 13 re-edited copies (enough files for a pool)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for seed in sorted(CORPUS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
        text = seed.read_text(encoding="utf-8")
        for edition in range(1, 14):
            lines = text.splitlines()
            lines.insert(edition % len(lines), f"Edition {edition} of this story, updated with new reporting.")
            (folder / f"{seed.stem}-{edition:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> str:
    """A private redis-server on a free loopback port, stopped after the session: its base URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("NEWSLINT_REQUIRE_REDIS") == "1":
            pytest.fail(INSTALL_REDIS + " (NEWSLINT_REQUIRE_REDIS=1 forbids skipping)")
        pytest.skip(INSTALL_REDIS)
    workdir = tmp_path_factory.mktemp("redis")
    for _attempt in range(3):  # another process may take the free port before redis binds it
        port = _free_port()
        server = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.poll() is None and not _answers(port):
            time.sleep(0.05)
        if server.poll() is None and _answers(port):
            break
        server.kill()
        server.wait()
    else:
        pytest.fail("redis-server did not start on a free loopback port")
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()

"""Shared fixtures. `redis_server` starts a real redis-server for the Redis tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
INSTALL_REDIS = (
    "redis-server is not installed, so the Redis index tests cannot run; "
    "install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)"
)


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

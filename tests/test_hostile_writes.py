"""`fix` and `-o` never clobber: a concurrent edit, a read-only file, setuid/setgid bits, a
symlink, a pipe and a character device each keep what they were (issue 14).

Real files, real links, a real FIFO and a real device node; the CLI runs as a subprocess
where its standard output is the point (a pipe behind /proc/self/fd/1).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newslint import fix
from newslint.errors import UserError

STORY = (
    "Skip to content\n"
    "The talks in Moscow ended with a joint statement on trade and energy cooperation.\n"
    "The two leaders met for three hours before speaking to the press in the Kremlin.\n"
)
FIXED_STORY = STORY.split("\n", 1)[1]
ROOT = os.geteuid() == 0


def newslint(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, **kwargs)


def planned(path: Path) -> fix.FileFix:
    (only,) = fix.run([str(path)]).fixes
    assert only.changed
    return only


def test_an_edit_that_keeps_size_and_mtime_is_not_overwritten(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    file_fix = planned(path)
    before = path.stat()
    edited = STORY.replace("Moscow", "Madrid")  # same length
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(UserError, match="changed while newslint was fixing it"):
        fix.write(file_fix)
    assert path.read_text(encoding="utf-8") == edited


def test_an_unchanged_file_is_fixed(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    fix.write(planned(path))
    assert path.read_text(encoding="utf-8") == FIXED_STORY


def test_read_only_file_is_reported_and_left_alone_through_the_cli(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    path.chmod(0o444)
    done = newslint("fix", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "newslint: error: a.txt: file is read-only; newslint leaves it as it is" in done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_text(encoding="utf-8") == STORY


@pytest.mark.parametrize("mode", [0o4751, 0o2755, 0o6775, 0o1777, 0o640], ids=lambda mode: f"{mode:o}")
def test_fix_keeps_every_mode_bit(tmp_path, mode):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    path.chmod(mode)
    if stat.S_IMODE(path.stat().st_mode) != mode:
        pytest.skip(f"this file system does not keep mode {mode:o}")
    fix.write(planned(path))
    assert path.read_text(encoding="utf-8") == FIXED_STORY
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(not ROOT, reason="only root can give a file to another owner")
def test_fix_keeps_owner_and_setgid_of_a_file_root_does_not_own(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    os.chown(path, 1234, 5678)
    path.chmod(0o6755)
    fix.write(planned(path))
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (1234, 5678, 0o6755)


def test_fix_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(STORY, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    fix.write(planned(link))
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_text(encoding="utf-8") == FIXED_STORY


def test_output_onto_a_symlink_writes_the_file_it_points_at(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "out.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to("reports/out.json")
    done = newslint("check", "a.txt", "--format", "json", "-o", "out.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert link.is_symlink() and os.readlink(link) == "reports/out.json"
    assert '"rule": "skip-to-content"' in real.read_text(encoding="utf-8")


def test_output_onto_a_dangling_symlink_creates_its_target(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to("made.txt")
    done = newslint("check", "a.txt", "--format", "concise", "-o", "out.txt", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert link.is_symlink() and "skip-to-content" in (tmp_path / "made.txt").read_text(encoding="utf-8")


def test_output_onto_a_link_to_proc_self_fd_1_reaches_stdout(tmp_path):
    # What /dev/stdout is: a link to /proc/self/fd/1, here a pipe to this test.
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc on this platform")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = newslint("check", "a.txt", "--format", "concise", "-o", "stdout", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("a.txt:1:1: error skip-to-content ")
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_output_into_a_fifo_is_written_to_the_reader(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = newslint("check", "a.txt", "--format", "concise", "-o", "pipe", cwd=tmp_path)
    reader.join(timeout=60)
    assert done.returncode == 1, done.stderr
    assert received and received[0].startswith(b"a.txt:1:1: error skip-to-content ")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not list(tmp_path.glob(".pipe.*"))  # no temporary file beside it


@pytest.mark.skipif(not ROOT, reason="only root can make a device node")
def test_output_onto_a_character_device_writes_to_it(tmp_path):
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the device /dev/null is
    try:
        null.write_bytes(b"probe")
    except OSError:
        pytest.skip("this file system does not open device nodes (mounted nodev)")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    done = newslint("check", "a.txt", "-o", "null", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert stat.S_ISCHR(null.lstat().st_mode) and null.lstat().st_rdev == os.makedev(1, 3)

"""`check --scheduler`: a real Dask LocalCluster (2 worker processes) prints what a local run prints, byte for byte."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, newslint

INSTALL_DASK = (
    "dask.distributed is not installed, so the cluster tests cannot run; "
    "install the extra: pip install -e '.[dask]'"
)
try:
    import distributed
except ImportError:  # pragma: no cover - the extra is in .[test]
    distributed = None
    if os.environ.get("NEWSLINT_REQUIRE_DASK") == "1":
        pytest.fail(INSTALL_DASK + " (NEWSLINT_REQUIRE_DASK=1 forbids skipping)", pytrace=False)
    pytest.skip(INSTALL_DASK, allow_module_level=True)

from newslint import cluster  # noqa: E402  (after the skip: it is only useful with dask)

sys.path.insert(0, str(ROOT / "bench"))
import speed  # noqa: E402  (the bench's article writer: news-like text with near-copies)

GENERATED = 2000  # over sketch.DIRECT_COMPARE_LIMIT: pairs are found by band keys across workers


def shared_devset() -> Path | None:
    """The shared devset, found as bench/accuracy.py finds it."""
    named = os.environ.get("NEWSLINT_SHARED")
    candidates = [Path(named)] if named else [parent / "shared" for parent in ROOT.parents]
    for shared in candidates:
        if (shared / "devset" / "corpus").is_dir():
            return shared / "devset" / "corpus"
    return None


def start_cluster():
    return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                    silence_logs=50)


@pytest.fixture(scope="module")
def scheduler():
    local = start_cluster()
    yield local.scheduler_address
    local.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """GENERATED articles as files under docs/, and the same articles as corpus.jsonl."""
    folder = tmp_path_factory.mktemp("generated")
    writer = speed.Writer(7)
    (folder / "docs").mkdir()
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as corpus:
        for n in range(GENERATED):
            article = writer.article()
            (folder / "docs" / f"a{n:05d}.txt").write_text(article, encoding="utf-8")
            corpus.write(json.dumps({"id": f"r{(n * 7919) % GENERATED}", "text": article}) + "\n")
    return folder


def same(local_args: list[str], address: str) -> str:
    """Run check here and on the cluster; assert the two runs print the same, and return it."""
    here = newslint("check", "--no-cache", *local_args)
    there = newslint("check", *local_args, "--scheduler", address)
    assert there.stderr == here.stderr
    assert there.stdout == here.stdout
    assert there.code == here.code
    return here.stdout


def test_seed_corpus_is_the_same_on_a_cluster(scheduler, project):
    out = same([str(CORPUS)], scheduler)
    assert "5 files checked" in out
    same([str(CORPUS), "--format", "json"], scheduler)


def test_the_devset_is_the_same_on_a_cluster(scheduler, project):
    devset = shared_devset()
    if devset is None:
        # Data beside the repository, not a service: a clone on its own has no devset to compare.
        pytest.skip("the shared devset (shared/devset/corpus beside the repository, or $NEWSLINT_SHARED) is not here")
    out = same([str(devset), "--format", "json"], scheduler)
    assert json.loads(out)["files_checked"] == 32


def test_a_generated_corpus_is_the_same_on_a_cluster(scheduler, generated, monkeypatch):
    monkeypatch.chdir(generated)
    monkeypatch.setattr(cluster, "FILES_PER_PART", 100)  # 20 parts
    out = json.loads(same(["docs", "--format", "json"], scheduler))
    assert out["files_checked"] == GENERATED
    assert any(f["rule"] == "near-copy-document" for f in out["findings"])  # pairs found across parts


def test_a_jsonl_corpus_split_into_ranges_is_the_same_on_a_cluster(scheduler, generated, monkeypatch):
    monkeypatch.chdir(generated)
    size = (generated / "corpus.jsonl").stat().st_size
    monkeypatch.setattr(cluster, "PARTITION_BYTES", size // 7)
    assert len(cluster.plan(["corpus.jsonl"])) == 8
    out = same(["corpus.jsonl", "--format", "github"], scheduler)  # github's lines are the records' lines
    lines = [int(part[len("line="):]) for part in out.replace("::", ",").split(",") if part.startswith("line=")]
    assert max(lines) > GENERATED // 2  # records numbered across ranges
    assert "newslint near-copy-document" in out  # pairs found across ranges


def test_a_bad_line_in_a_late_range_is_the_error_a_local_run_gives(scheduler, project, monkeypatch):
    lines = [json.dumps({"id": n, "text": f"Article {n} says something of its own, once."}) for n in range(200)]
    lines[170] = '{"id": 170, "text": "cut short'
    Path("bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    Path("twice.jsonl").write_text("\n".join(lines[:100] + [lines[3]]) + "\n", encoding="utf-8")
    Path("good.txt").write_text("Skip to content\n\nA story.\n", encoding="utf-8")
    monkeypatch.setattr(cluster, "PARTITION_BYTES", 1000)
    same(["bad.jsonl", "twice.jsonl", "good.txt"], scheduler)
    run = newslint("check", "bad.jsonl", "twice.jsonl", "good.txt", "--format", "concise", "--scheduler", scheduler)
    assert run.code == 2
    assert "bad.jsonl:171: not valid JSON" in run.stderr
    assert "twice.jsonl:101: duplicate record id '3' (first on line 4)" in run.stderr
    assert "good.txt:1" in run.stdout


def test_the_archive_index_on_redis_is_used_from_the_workers(scheduler, archive, redis_server, monkeypatch):
    monkeypatch.chdir(archive.parent)
    index = f"{redis_server}/0?name=cluster-test"
    assert newslint("index", "add", "archive", "--index", index).code == 0
    out = same(["archive", "--index", index, "--extend-select", "archive-repeated-paragraph", "--format", "json"], scheduler)
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"archive-near-copy", "archive-repeated-paragraph"} <= rules


def test_an_fsspec_url_is_read_by_the_workers(scheduler, project):
    here = newslint("check", str(CORPUS), "--format", "json", "--no-cache")
    there = newslint("check", CORPUS.as_uri(), "--format", "json", "--scheduler", scheduler)
    assert there.code == here.code
    url = json.loads(there.stdout)["findings"]
    local = json.loads(here.stdout)["findings"]
    assert [f["path"] for f in url] == [CORPUS.as_uri() + "/" + Path(f["path"]).name for f in local]
    assert [f["message"] for f in url] == [f["message"] for f in local]


def test_a_url_without_a_cluster_is_one_clear_error(project):
    run = newslint("check", "file:///nowhere/at/all")
    assert run.code == 2
    assert run.stderr == "newslint: error: file:///nowhere/at/all: a URL is read on a cluster only: add --scheduler (see docs/cluster.md)\n"


def test_scheduler_local_starts_a_cluster_of_jobs_workers(project):
    same([str(CORPUS), "--jobs", "2"], "local")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_and_exit_2_within_15_seconds(project):
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "newslint", "check", str(CORPUS), "--scheduler", address],
                         capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith(f"newslint: error: cannot reach the Dask scheduler at {address} (")
    assert elapsed < 15


def test_a_worker_killed_mid_run_is_retried_and_the_output_is_the_same(generated, monkeypatch):
    monkeypatch.chdir(generated)
    expected = newslint("check", "docs", "--format", "json", "--no-cache")
    local = start_cluster()
    try:
        with distributed.Client(local) as client:
            pids = client.run(os.getpid)
            command = [sys.executable, "-c", "import sys; from newslint import cluster, cli; cluster.FILES_PER_PART = 50; "
                       "cli.main(sys.argv[1:])", "check", "docs", "--format", "json", "--scheduler", local.scheduler_address]
            running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and running.poll() is None and _finished_tasks(client) < 3:
                time.sleep(0.1)
            assert running.poll() is None, "the run ended before a worker could be killed"
            victim = sorted(pids.values())[0]
            os.kill(victim, 9)
            out, err = running.communicate(timeout=600)
            assert victim not in client.run(os.getpid).values()  # the nanny started a new worker
    finally:
        local.close()
    assert running.returncode == expected.code
    assert out == expected.stdout


def _finished_tasks(client) -> int:
    return client.run_on_scheduler(lambda dask_scheduler: sum(ts.state == "memory" for ts in dask_scheduler.tasks.values()))


@pytest.mark.parametrize("size", [1, 7, 64, 1000])
def test_ranges_hold_every_line_once_whatever_the_partition_size(tmp_path, size):
    lines = [f'{{"id": {n}, "text": "{"x" * (n % 37)}"}}' for n in range(300)]
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(("\n".join(lines) + "\n").encode())
    parts = cluster.plan([str(corpus)], partition_bytes=size)
    assert all(part.is_range for part in parts)
    read = [cluster._read_range(str(corpus), part.start, part.end) for part in parts]
    assert b"".join(read) == corpus.read_bytes()
    assert sum(chunk.count(b"\n") for chunk in read) == 300

"""The archive index: one suite, run against the embedded (SQLite) and shared (Redis) backends."""

from __future__ import annotations

import random
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import numpy as np
import pytest

from newslint import archive, document, linter, rules, selection
from newslint.config import Config
from newslint.errors import UserError

from conftest import CORPUS

SEED_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(params=["sqlite", "redis"])
def location(request, tmp_path) -> str:
    """A fresh, not yet created index on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.db")
    base = request.getfixturevalue("redis_server")
    return f"{base}/0?name=test-{uuid.uuid4().hex[:8]}"


def newslint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # The timeout guards against a hang; an unreachable index must fail long before it.
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def respin(text: str) -> str:
    """A lightly re-spun copy: a few names swapped, as a re-write desk would."""
    return text.replace("Putin", "the Russian president").replace("Moscow", "the Russian capital")


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.as_posix()


def add_files(location: str, paths: list[str]) -> archive.AddSummary:
    index = archive.open_archive(location, create=True)
    try:
        return index.add([archive.entry(document.read(p), index.params) for p in paths])
    finally:
        index.close()


def near(location: str, path: str, threshold: float = 0.5) -> list[archive.Hit]:
    index = archive.open_archive(location)
    try:
        entry = archive.entry(document.read(path), index.params)
        return index.near_documents(np.array([entry.signature]), threshold)[0]
    finally:
        index.close()


def seeds_in(tmp_path: Path) -> list[str]:
    return [write(tmp_path / "archive" / p.name, p.read_text(encoding="utf-8")) for p in SEED_FILES]


def test_a_respun_copy_finds_its_original_and_nothing_else(location, tmp_path):
    seeds = seeds_in(tmp_path)
    assert add_files(location, seeds) == archive.AddSummary(added=5)
    copy = write(tmp_path / "today" / "respun.txt", respin(Path(seeds[1]).read_text(encoding="utf-8")))

    hits = near(location, copy)

    assert [h.path for h in hits] == [seeds[1]]
    assert hits[0].similarity > 0.7
    assert hits[0].line == 1


def test_adding_again_changes_nothing(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    before = archive.open_archive(location).stats()

    assert add_files(location, seeds) == archive.AddSummary(unchanged=5)
    after = archive.open_archive(location).stats()
    assert (after.documents, after.paragraphs) == (before.documents, before.paragraphs) == (5, before.paragraphs)
    assert before.paragraphs > 50


def test_a_changed_file_replaces_its_entry(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    old_text = Path(seeds[1]).read_text(encoding="utf-8")
    old_copy = write(tmp_path / "today" / "old.txt", old_text)
    # The file at seeds[1] now holds another article entirely.
    write(Path(seeds[1]), SEED_FILES[3].read_text(encoding="utf-8").replace("Kremlin", "Palace"))

    assert add_files(location, [seeds[1]]) == archive.AddSummary(updated=1)

    assert near(location, old_copy) == []
    assert sorted(h.path for h in near(location, seeds[3])) == sorted([seeds[1], seeds[3]])
    assert archive.open_archive(location).stats().documents == 5


def test_a_front_matter_id_identifies_the_document_across_paths(location, tmp_path):
    body = SEED_FILES[2].read_text(encoding="utf-8")
    first = write(tmp_path / "a" / "story.txt", "---\nid: story-42\n---\n" + body)
    second = write(tmp_path / "b" / "story-v2.txt", "---\nid: story-42\n---\n" + respin(body))

    assert add_files(location, [first]) == archive.AddSummary(added=1)
    assert add_files(location, [second]) == archive.AddSummary(updated=1)

    index = archive.open_archive(location)
    assert index.documents() == ["story-42"]
    assert [h.path for h in near(location, first)] == [second]


def test_remove_by_path_or_id_takes_documents_and_paragraphs_out(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    index = archive.open_archive(location)

    assert index.remove([seeds[0], seeds[1]]) == sorted([seeds[0], seeds[1]])

    assert index.documents() == sorted(seeds[2:])
    assert near(location, seeds[1]) == []
    paragraph = _paragraph_signatures(seeds[1], index)
    assert all(hits == [] for hits in index.near_paragraphs(paragraph, 0.8))
    assert index.stats().paragraphs == sum(len(archive.entry(document.read(p), index.params).paragraphs) for p in seeds[2:])


def test_removing_an_unknown_name_removes_nothing(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    index = archive.open_archive(location)

    with pytest.raises(UserError, match="'nope.txt' is not in the index"):
        index.remove([seeds[0], "nope.txt"])
    assert len(index.documents()) == 5


def test_a_pasted_paragraph_is_found_with_its_archived_line(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    source = document.read(seeds[2])
    pasted = max(source.blocks, key=lambda b: len(b.text))
    today = write(tmp_path / "today" / "new.txt", "A new story opens here with words of its own.\n\n" + pasted.text + "\n")
    index = archive.open_archive(location)

    hits = index.near_paragraphs(_paragraph_signatures(today, index), 0.8)

    assert hits[0] == []
    assert [(h.path, h.line, h.similarity) for h in hits[1]] == [(seeds[2], pasted.line, 1.0)]


def test_check_reports_archive_copies_and_never_a_document_against_itself(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    copy = write(tmp_path / "today" / "respun.txt", respin(Path(seeds[1]).read_text(encoding="utf-8")))
    ruleset = selection.apply(rules.load([]), Config(extend_select=("archive-repeated-paragraph",)))
    docs = [document.read(p) for p in [*seeds, copy]]

    index = archive.open_archive(location)
    report = linter.lint(docs, ruleset, archive=index)

    archived = [f for f in report.findings if f.rule.startswith("archive-")]
    assert {f.path for f in archived} == {copy}
    (doc_finding,) = [f for f in archived if f.rule == "archive-near-copy"]
    assert doc_finding.related.path == seeds[1]
    assert doc_finding.category == "duplicate-document"
    paragraph_findings = [f for f in archived if f.rule == "archive-repeated-paragraph"]
    assert paragraph_findings and all(f.related.path == seeds[1] and f.category == "duplicate" for f in paragraph_findings)


def test_the_paragraph_rule_is_off_by_default(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    copy = write(tmp_path / "today" / "respun.txt", respin(Path(seeds[1]).read_text(encoding="utf-8")))

    report = linter.lint([document.read(copy)], rules.load([]), archive=archive.open_archive(location))

    assert sorted({f.rule for f in report.findings if f.rule.startswith("archive-")}) == ["archive-near-copy"]


def test_two_processes_adding_at_once_lose_nothing(location, tmp_path):
    paragraphs = [b.text for p in SEED_FILES for b in document.read(p).blocks if len(b.text.split()) >= 12]
    rng = random.Random(7)
    groups = []
    for group in ("left", "right"):
        paths = []
        for n in range(150):
            body = "\n\n".join(rng.sample(paragraphs, 6))
            paths.append(write(tmp_path / group / f"{n:03}.txt", f"Dispatch {group} {n}.\n\n{body}\n"))
        groups.append(paths)
    command = [sys.executable, "-m", "newslint", "index", "add", "--index", location]
    writers = [subprocess.Popen([*command, group], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for group in ("left", "right")]
    outputs = [w.communicate(timeout=300) for w in writers]

    assert [w.returncode for w in writers] == [0, 0], outputs
    index = archive.open_archive(location)
    assert index.documents() == sorted(Path(p).relative_to(tmp_path).as_posix() for p in groups[0] + groups[1])
    assert index.stats().documents == 300


def test_a_missing_index_is_a_clear_error(location, tmp_path):
    with pytest.raises(UserError, match="index add PATHS --index"):
        archive.open_archive(location)


def test_an_index_built_with_other_sketch_parameters_is_refused(location, tmp_path):
    add_files(location, seeds_in(tmp_path)[:1])
    if archive.is_redis(location):
        import redis

        index = archive.open_archive(location)
        redis.Redis.from_url(location.split("?")[0]).hset(index._key("meta"), "shingle", "5")
    else:
        with sqlite3.connect(location) as db:
            db.execute("UPDATE meta SET value = '5' WHERE key = 'shingle'")

    with pytest.raises(UserError, match="built with shingle=5 but this newslint uses shingle=3"):
        archive.open_archive(location)


def test_vacuum_keeps_every_document(location, tmp_path):
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    index = archive.open_archive(location)
    index.remove([seeds[0]])
    before_vacuum = index.stats().size_bytes

    assert index.vacuum()
    assert index.documents() == sorted(seeds[1:])
    if not archive.is_redis(location):
        assert index.stats().size_bytes <= before_vacuum
    assert [h.path for h in near(location, seeds[2])] == [seeds[2]]


def test_sqlite_finds_the_same_through_its_lsh_as_by_direct_comparison(tmp_path):
    """A few queries are compared directly; many go through a MinHashLSH built from the stored signatures."""
    location = str(tmp_path / "archive.db")
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    copies = [write(tmp_path / "today" / f"{n}.txt", respin(Path(p).read_text(encoding="utf-8"))) for n, p in enumerate(seeds)]
    index = archive.open_archive(location)
    entries = [archive.entry(document.read(p), index.params) for p in copies]
    signatures = np.array([e.signature for e in entries])
    paragraphs = np.array([p.signature for e in entries for p in e.paragraphs])

    direct = (index.near_documents(signatures, 0.5), index.near_paragraphs(paragraphs, 0.8))
    index.direct_comparisons = 0
    through_lsh = (index.near_documents(signatures, 0.5), index.near_paragraphs(paragraphs, 0.8))

    assert sorted(index._lsh) == ["documents", "paragraphs"]  # both lookups really went through an LSH
    assert through_lsh == direct
    assert [[h.path for h in hits] for hits in direct[0]] == [[p] for p in seeds]
    assert sum(1 for hits in direct[1] if hits) > 50


# -- through the command line ----------------------------------------------------------------


def test_cli_add_stats_check_remove(location, tmp_path):
    seeds_in(tmp_path)
    write(tmp_path / "today" / "respun.txt", respin((tmp_path / "archive" / SEED_FILES[1].name).read_text(encoding="utf-8")))

    added = newslint("index", "add", "archive", "--index", location, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("5 added, 0 updated, 0 unchanged; 5 documents")
    stats = newslint("index", "stats", "--index", location, cwd=tmp_path)
    assert "documents:  5" in stats.stdout

    checked = newslint("check", "today", "--index", location, "--format", "json", "--fail-on", "warning", cwd=tmp_path)
    assert checked.returncode == 1
    assert f'"path": "archive/{SEED_FILES[1].name}"' in checked.stdout
    assert "near-copy of archived archive/" in checked.stdout
    assert "archive-repeated-paragraph" not in checked.stdout

    removed = newslint("index", "remove", f"archive/{SEED_FILES[1].name}", "--index", location, cwd=tmp_path)
    assert removed.stdout == f"removed archive/{SEED_FILES[1].name}\n"
    again = newslint("check", "today", "--index", location, "--format", "json", cwd=tmp_path)
    assert "archive-near-copy" not in again.stdout


def test_cli_takes_the_index_from_newslint_yaml_and_opts_into_paragraphs(location, tmp_path):
    seeds_in(tmp_path)
    write(tmp_path / "today" / "respun.txt", respin((tmp_path / "archive" / SEED_FILES[1].name).read_text(encoding="utf-8")))
    # A file index is relative to the config file, wherever newslint runs from.
    configured = location if archive.is_redis(location) else "data/archive.db"
    write(tmp_path / "newslint.yaml", f"index: '{configured}'\nextend-select: [archive-repeated-paragraph]\n")

    assert newslint("index", "add", "archive", cwd=tmp_path).returncode == 0
    checked = newslint("check", "respun.txt", "--format", "json", cwd=tmp_path / "today")

    assert '"rule": "archive-near-copy"' in checked.stdout
    assert '"rule": "archive-repeated-paragraph"' in checked.stdout
    if not archive.is_redis(location):
        assert (tmp_path / "data" / "archive.db").is_file()


def test_cli_adds_the_records_of_a_jsonl_corpus(location, tmp_path):
    import json

    records = [{"id": f"seed-{n}", "text": p.read_text(encoding="utf-8")} for n, p in enumerate(SEED_FILES[:2])]
    write(tmp_path / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))

    added = newslint("index", "add", "feed.jsonl", "--index", location, cwd=tmp_path)
    listed = newslint("index", "stats", "--list", "--index", location, cwd=tmp_path)

    assert added.stdout.startswith("2 added"), added.stderr
    assert listed.stdout.splitlines()[-2:] == ["feed.jsonl:seed-0", "feed.jsonl:seed-1"]


def test_cli_index_commands_need_an_index(tmp_path):
    result = newslint("index", "stats", cwd=tmp_path)

    assert result.returncode == 2
    assert "no index given: pass --index LOCATION" in result.stderr


def test_cli_check_against_a_missing_index_exits_2(location, tmp_path):
    write(tmp_path / "today.txt", "One line.\n")

    result = newslint("check", "today.txt", "--index", location, cwd=tmp_path)

    assert result.returncode == 2
    assert "newslint index add" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_unreachable_redis_exits_2(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    write(tmp_path / "today.txt", "One line.\n")

    result = newslint("check", "today.txt", "--index", f"redis://127.0.0.1:{port}/0", cwd=tmp_path)

    assert result.returncode == 2
    assert "Redis error" in result.stderr and "Connection refused" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_silent_redis_times_out_instead_of_hanging(tmp_path):
    """A server that accepts but never answers (a wedged proxy) must not hang a CI job."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        accepted: list[socket.socket] = []
        threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
        result = newslint("index", "stats", "--index", f"redis://127.0.0.1:{port}/0?socket_timeout=1", cwd=tmp_path)
        for conn in accepted:
            conn.close()

    assert result.returncode == 2
    assert "Timeout" in result.stderr


def test_cli_redis_index_without_the_extra_name_uses_the_default_name(redis_server, tmp_path):
    write(tmp_path / "a.txt", SEED_FILES[0].read_text(encoding="utf-8"))
    url = f"{redis_server}/3"

    assert newslint("index", "add", "a.txt", "--index", url, cwd=tmp_path).returncode == 0
    stats = newslint("index", "stats", "--index", url, "--list", cwd=tmp_path)

    assert stats.stdout.splitlines()[-1] == "a.txt"


def test_redis_removal_leaves_no_keys_behind(redis_server, tmp_path):
    import redis

    location = f"{redis_server}/1?name=tidy"
    seeds = seeds_in(tmp_path)
    add_files(location, seeds)
    index = archive.open_archive(location)

    index.remove(seeds)

    client = redis.Redis.from_url(f"{redis_server}/1")
    assert sorted(client.keys("*")) == [b"newslint:tidy:meta"]


def _paragraph_signatures(path: str, index) -> np.ndarray:
    from newslint import sketch

    doc = document.read(path)
    signatures = sketch.block_signatures(doc, index.params.shingle)
    return np.array([signatures[i] for i, b in enumerate(doc.blocks) if archive.word_count(b.content) >= 8])


def test_sqlite_waits_out_a_lock_that_fails_at_once_instead_of_failing(tmp_path):
    # A connection without a busy timeout fails at once, as SQLite does for a WAL database
    # another process is still setting up: when_free tries again until the holder lets go.
    import sqlite3
    import threading

    from newslint.archive.sqlite_store import when_free

    path = tmp_path / "held.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        waiter.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    when_free(lambda: waiter.execute("BEGIN IMMEDIATE"))
    waiter.execute("INSERT INTO t VALUES (1)")
    waiter.execute("COMMIT")
    assert holder.execute("SELECT x FROM t").fetchall() == [(1,)]
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        when_free(lambda: waiter.execute("SELECT * FROM missing"))

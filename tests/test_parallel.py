"""--jobs: the per-document stage on several processes gives the same report, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newslint import discover, linter, parallel, rules
from newslint.config import Config


def newslint(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True)


def test_jobs_2_prints_exactly_what_jobs_1_prints(archive):
    one = newslint("check", "--no-cache", "--jobs", "1", "--format", "json", "archive", cwd=archive.parent)
    two = newslint("check", "--no-cache", "--jobs", "2", "--format", "json", "archive", cwd=archive.parent)
    assert one.returncode == two.returncode == 1
    assert '"near-copy-document"' in one.stdout and '"repeated-block"' in one.stdout
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr == ""  # workers end quietly
    table_one = newslint("check", "--no-cache", "-j", "1", "archive", cwd=archive.parent)
    table_two = newslint("check", "--no-cache", "-j", "2", "archive", cwd=archive.parent)
    assert table_two.stdout == table_one.stdout


def test_pool_results_come_back_in_path_order_with_the_same_content(archive):
    paths = discover.files([str(archive)], Config())
    ruleset = rules.load([]).enabled()
    assert len(paths) // parallel.MIN_FILES_PER_WORKER >= 2, "enough files for two workers"
    alone = parallel.check_files(paths, ruleset, jobs=1, cache_dir=None)
    pooled = parallel.check_files(paths, ruleset, jobs=2, cache_dir=None)
    assert [o.path for o in pooled] == paths
    assert [[c.findings for c in o.checked] for o in pooled] == [[c.findings for c in o.checked] for o in alone]
    assert [[sorted(c.summaries) for c in o.checked] for o in pooled] == [[sorted(c.summaries) for c in o.checked] for o in alone]


def test_checking_files_on_a_pool_equals_linting_the_documents(archive):
    from newslint import document

    paths = discover.files([str(archive)], Config())
    ruleset = rules.load([])
    in_memory = linter.lint([document.read(p) for p in paths], ruleset)
    outcomes = parallel.check_files(paths, ruleset.enabled(), jobs=2)
    from_files = linter.combine([c for o in outcomes for c in o.checked], ruleset.enabled())
    assert from_files.findings == in_memory.findings
    assert from_files.files_checked == len(paths)


def _json_of_batches(paths: list[str], batch_documents: int | None) -> str:
    from newslint.formats import json_format

    enabled = rules.load([]).enabled()
    outcomes = parallel.check_batch(paths, enabled, None, batch_documents=batch_documents)
    checked = [c for o in outcomes for c in o.checked]
    signatures = [c.summaries[r].signature.tolist() for c in checked for r in sorted(c.summaries)
                  if hasattr(c.summaries[r], "signature")]
    return json_format.render(linter.combine(checked, enabled)) + repr(signatures)


def test_batches_of_1_7_and_the_default_give_the_same_json(tmp_path):
    """Signatures computed a batch of documents at a time (sketch.sign_together) do not
    depend on the batch: the seed corpus, part of the shared devset and bench-written
    articles with near-copies, checked 1, 7 and BATCH_DOCUMENTS documents at a time."""
    import sys as _sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    paths = discover.files([str(root / "corpus")], Config())
    devset = next((p / "shared" / "devset" / "corpus" for p in root.parents
                   if (p / "shared" / "devset" / "corpus").is_dir()), None)
    if devset is not None:  # data beside the repository: a clone standing alone has the rest
        paths += sorted(str(p) for p in devset.glob("*.txt"))[:10]
    _sys.path.insert(0, str(root / "bench"))
    import speed

    writer = speed.Writer(speed.SEED)
    for n in range(40):
        written = tmp_path / f"article-{n:03d}.txt"
        written.write_text(writer.article(), encoding="utf-8")
        paths.append(str(written))
    default = _json_of_batches(paths, None)
    assert '"near-copy-document"' in default or '"repeated-block"' in default
    assert _json_of_batches(paths, 1) == default
    assert _json_of_batches(paths, 7) == default


def test_a_jsonl_corpus_is_checked_the_same_on_a_pool(archive, tmp_path):
    import json

    corpus = tmp_path / "articles.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for n, path in enumerate(sorted(archive.glob("*.txt"))):
            out.write(json.dumps({"id": f"a{n}", "text": path.read_text(encoding="utf-8")}) + "\n")
    one = newslint("check", "--no-cache", "-j", "1", "--format", "json", "articles.jsonl", "archive", cwd=tmp_path)
    two = newslint("check", "-j", "2", "--format", "json", "articles.jsonl", "archive", cwd=tmp_path)
    cached = newslint("check", "-j", "2", "--format", "json", "articles.jsonl", "archive", cwd=tmp_path)
    assert '"record": "a1"' in one.stdout and '"near-copy-document"' in one.stdout
    assert one.stdout == two.stdout == cached.stdout


def test_sigterm_stops_a_pooled_run_with_one_line_and_no_worker_left(archive):
    import signal
    import time

    big = archive.parent / "big"
    big.mkdir()
    for n in range(60):  # far more work than the 3 s before the signal
        for path in archive.glob("*.txt"):
            (big / f"{n:02d}-{path.name}").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--no-cache", "-j", "2", "big"],
                            cwd=archive.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # Signal once its pool workers exist (the handler is set before any work starts), not after a
    # fixed sleep: on a loaded machine 3 s can pass before the interpreter has imported newslint.
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not children.read_text().split():
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "newslint: interrupted\n"

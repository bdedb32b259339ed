"""The one data path behind `newslint check`, in the order it runs:

config → rules (selected) → files → (on every core, or from the cache) documents →
per-document rules → corpus rules → archive rules (against the archive index, when one is
configured) → suppression comments → records of .jsonl corpora →
per-file ignores → baseline → Report. The CLI only parses flags
into a Config, calls `prepare` and `run`, prints the report and exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Sequence

from newslint import discover, document, jsonl, linter, parallel, rules, selection, suppress
from newslint.config import Config
from newslint.document import Document
from newslint.errors import UserError
from newslint.findings import DocumentLines, Report
from newslint.kinds import KINDS
from newslint.rules import RuleSet

STDIN = "-"


@dataclass(frozen=True)
class Prepared:
    """What `prepare` gives `run`: the rules, the documents and files to check, and input errors."""
    ruleset: RuleSet
    docs: list[Document]
    files: list[str]  # every file read, a .jsonl corpus once
    errors: list[str]  # unreadable inputs: reported, and the run exits 2
    notes: list[str] = field(default_factory=list)  # files skipped on purpose (binary): reported, no error
    # Files that `run` reads and checks on its workers (`docs` are already read: standard input).
    paths: list[str] = field(default_factory=list)
    # fsspec URLs (s3://…, file://…): read by the workers of a cluster run (cluster.py) only.
    urls: list[str] = field(default_factory=list)


def load_rules(config: Config) -> RuleSet:
    """Every loaded rule, with `enabled` and `severity` as the config and flags choose."""
    return selection.apply(rules.load(list(config.rule_dirs), include_default=config.default_rules), config)


def prepare(
    paths: list[str],
    config: Config,
    stdin: Callable[[], bytes] | None = None,
    stdin_filename: str | None = None,
) -> Prepared:
    ruleset = load_rules(config)
    named = paths or list(config.paths)
    if named.count(STDIN) > 1:
        raise UserError("'-' (standard input) can be given only once")
    docs: list[Document] = []
    files: list[str] = []
    errors: list[str] = []
    if STDIN in named:
        if stdin is None:
            raise UserError("'-' needs standard input")
        name = stdin_filename or STDIN
        data = stdin()
        docs.extend(jsonl.read(name, config.jsonl_text_field, config.jsonl_id_field, data=data)
                    if jsonl.is_corpus(name) else [document.parse(document.decode(data, name, config.encoding), name)])
        files.append(name)
    urls = [p for p in named if p != STDIN and "://" in p]
    found, bad_paths = discover.find([p for p in named if p != STDIN and p not in urls], config)
    errors.extend(str(err) for err in bad_paths)
    return Prepared(ruleset, docs, files, sorted(errors), [], found, urls)


def expected_documents(prepared: Prepared, scheduler: str | None = None) -> int:
    """How many documents a run will check, for a progress bar: a .jsonl corpus counts its lines.
    On a cluster the bar follows its tasks: a unit for each file and each range of a corpus."""
    if scheduler is not None:
        from newslint import cluster

        return cluster.progress_total(prepared.paths)
    total = len(prepared.docs)
    for path in prepared.paths:
        if jsonl.is_corpus(path):
            try:
                total += sum(1 for line in Path(path).read_bytes().split(b"\n") if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def run(
    prepared: Prepared,
    config: Config,
    progress: Callable[[int], None] | None = None,
    write_baseline: Path | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    corpus_phase: Callable[[], None] | None = None,
    scheduler: str | None = None,
    keep_texts: bool = False,
) -> Report:
    """Lint and filter; with `write_baseline`, record the findings there instead of hiding any.

    `progress(n)` is told of every n documents checked, and `corpus_phase()` when the corpus
    rules start (the CLI's progress line).

    `prepared.paths` are read and checked on `jobs` processes, reusing results cached in
    `cache_dir`, or on the Dask cluster at `scheduler` (cluster.py); files that cannot be
    read become errors, binary ones notes. With `keep_texts` (a format that shows the
    articles), the report also carries every checked document's lines.
    """
    ruleset = prepared.ruleset
    if scheduler is not None:
        checked, report, files, errors = _run_on_cluster(prepared, config, scheduler, jobs, progress)
    else:
        checked, report, files, errors = _run_here(prepared, config, jobs, cache_dir, progress, corpus_phase)
    rules.keep_derived()  # the regexes compiled on first use while checking: for the next run
    errors.sort()
    kept = suppress.apply_markers(report.findings, {c.path: c.markers for c in checked if c.markers},
                                  ruleset, config.report_unused_suppressions)
    findings = jsonl.attach_records(kept.findings, checked)
    findings = selection.drop_per_file_ignores(findings, config)
    ran = tuple(rule for rule in ruleset if rule.enabled)
    if config.report_unused_suppressions:
        ran += (suppress.UNUSED_RULE,)
    report = replace(
        report,
        findings=findings,
        errors=list(report.errors) + errors,
        files=files,
        rules=ran,
        suppressed=kept.suppressed,
        texts=tuple(document_lines(prepared.docs, files[len(prepared.files):], _reading(config))) if keep_texts else (),
    )
    if write_baseline is not None or config.baseline is not None:
        from newslint import baseline  # here: a run without a baseline never needs it

        if write_baseline is not None:
            baseline.write(report, write_baseline)
        else:
            report = baseline.apply(report, baseline.load(config.baseline), config.baseline)
    return report


def _run_here(prepared: Prepared, config: Config, jobs: int, cache_dir: Path | None, progress, corpus_phase=None):
    """The per-document stage on this machine's cores, then `linter.combine`:
    (the checked documents, the report, the files read, the input errors)."""
    index = _open_index(config, prepared.ruleset)
    # Archive rules need an index: without one they neither run nor summarise documents.
    enabled = [r for r in prepared.ruleset.enabled() if index is not None or KINDS[r.kind].SCOPE != "archive"]
    files, errors = list(prepared.files), list(prepared.errors)
    errors += [str(UserError("a URL is read on a cluster only: add --scheduler (see docs/cluster.md)", url)) for url in prepared.urls]
    try:
        checked = linter.check_documents(prepared.docs, enabled)
        if progress is not None and checked:
            progress(len(checked))
        reading = parallel.Reading(config.jsonl_text_field, config.jsonl_id_field, config.encoding)
        # One document, and no archive rule: the corpus stage compares nothing (kinds/__init__.py),
        # so a cached file's summaries are not read back (a one-file pre-commit run imports no numpy).
        alone = (not prepared.docs and len(prepared.paths) == 1 and not jsonl.is_corpus(prepared.paths[0])
                 and all(KINDS[r.kind].SCOPE != "archive" for r in enabled))
        for outcome in parallel.check_files(prepared.paths, enabled, jobs, cache_dir, reading, progress, summaries=not alone):
            if outcome.note is not None:
                prepared.notes.append(outcome.note)
            elif outcome.error is not None:
                errors.append(outcome.error)
            else:
                checked.extend(outcome.checked)
                files.append(outcome.path)
        if corpus_phase is not None:
            corpus_phase()
        report = linter.combine(checked, enabled, archive=index)
    finally:
        if index is not None:
            index.close()
    return checked, report, files, errors


def _run_on_cluster(prepared: Prepared, config: Config, scheduler: str, jobs: int, progress):
    """As `_run_here`, on a Dask cluster; the documents come back as what suppression and
    records need of them (markers, and the records that findings name)."""
    from newslint import cluster

    if prepared.docs:
        raise UserError("'-' (standard input) cannot be checked on a cluster: name files, directories or URLs")
    index = _open_index(config, prepared.ruleset)  # opened here only to fail early, and in one line
    if index is not None:
        index.close()
    enabled = [r for r in prepared.ruleset.enabled() if index is not None or KINDS[r.kind].SCOPE != "archive"]
    reading = parallel.Reading(config.jsonl_text_field, config.jsonl_id_field, config.encoding)
    urls, url_errors = cluster.expand_urls(prepared.urls, config)
    outcome = cluster.check(list(prepared.paths) + urls, enabled, reading, config.index if index is not None else None, scheduler, jobs, progress)
    prepared.notes.extend(outcome.notes)
    checked = [linter.Checked(path, markers=markers) for path, markers in outcome.markers.items()]
    checked += [linter.Checked(located.path, record=located.record) for located in outcome.records]
    return checked, outcome.report, list(prepared.files) + outcome.files, list(prepared.errors) + url_errors + outcome.errors


def document_lines(docs: Sequence[Document], paths: Sequence[str], reading: parallel.Reading) -> Iterator[DocumentLines]:
    """The lines of standard input's documents as they were read, then of each checked file,
    read again in this process as its worker read it: workers send back only findings, and
    the cache holds no text. A huge file (checked in windows, never held whole) is left out,
    and so is one that cannot be read any more; the format then shows its findings without
    their text."""
    for doc in docs:
        yield _lines_of(doc)
    for path in paths:
        if not jsonl.is_corpus(path) and document.is_huge(path):
            continue
        try:
            data, _stamp = document.load(path)
            docs_of_file = parallel.documents(path, data, reading)
        except UserError:  # SkippedFile too: it was readable when checked, and changed since
            continue
        yield from map(_lines_of, docs_of_file)


def _lines_of(doc: Document) -> DocumentLines:
    path = jsonl.file_of(doc) if doc.record is not None else doc.path
    return DocumentLines(path, doc.lines, doc.record)


def _reading(config: Config) -> parallel.Reading:
    return parallel.Reading(config.jsonl_text_field, config.jsonl_id_field, config.encoding)


def _open_index(config: Config, ruleset: RuleSet):
    """The archive index when one is configured and an archive rule is selected; else None."""
    if config.index is None or not any(KINDS[r.kind].SCOPE == "archive" for r in ruleset.enabled()):
        return None
    from newslint import archive

    return archive.open_archive(config.index)

"""The one data path behind `newslint check`, in the order it runs:

config → rules (selected) → documents → lint (against the archive index, when one is
configured) → suppression comments → records of
.jsonl corpora → per-file ignores → baseline → Report. The CLI only parses flags
into a Config, calls `prepare` and `run`, prints the report and exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from newslint import baseline, discover, document, jsonl, linter, rules, selection, suppress
from newslint.config import Config
from newslint.document import Document
from newslint.errors import SkippedFile, UserError
from newslint.findings import Report
from newslint.rules import RuleSet

STDIN = "-"


@dataclass(frozen=True)
class Prepared:
    ruleset: RuleSet
    docs: list[Document]
    files: list[str]  # every file read, a .jsonl corpus once
    errors: list[str]  # unreadable inputs: reported, and the run exits 2
    notes: list[str] = field(default_factory=list)  # files skipped on purpose (binary): reported, no error


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
    found, bad_paths = discover.find([p for p in named if p != STDIN], config)
    errors.extend(str(err) for err in bad_paths)
    notes: list[str] = []
    for path in found:
        try:
            if jsonl.is_corpus(path):
                docs.extend(jsonl.read(path, config.jsonl_text_field, config.jsonl_id_field))
            else:
                docs.append(document.read(path, encoding=config.encoding))
            files.append(path)
        except SkippedFile as note:
            notes.append(str(note))
        except UserError as err:
            errors.append(str(err))
    return Prepared(ruleset, docs, files, sorted(errors), notes)


def run(
    prepared: Prepared,
    config: Config,
    progress: Callable[[Document], None] | None = None,
    write_baseline: Path | None = None,
) -> Report:
    """Lint and filter; with `write_baseline`, record the findings there instead of hiding any."""
    ruleset, docs = prepared.ruleset, prepared.docs
    index = _open_index(config, ruleset)
    try:
        report = linter.lint(docs, ruleset, progress, archive=index)
    finally:
        if index is not None:
            index.close()
    kept = suppress.apply(report.findings, docs, ruleset, config.report_unused_suppressions)
    findings = jsonl.attach_records(kept.findings, docs)
    findings = selection.drop_per_file_ignores(findings, config)
    ran = tuple(rule for rule in ruleset if rule.enabled)
    if config.report_unused_suppressions:
        ran += (suppress.UNUSED_RULE,)
    report = replace(
        report,
        findings=findings,
        errors=list(report.errors) + prepared.errors,
        files=prepared.files,
        rules=ran,
        suppressed=kept.suppressed,
    )
    if write_baseline is not None:
        baseline.write(report, write_baseline)
    elif config.baseline is not None:
        report = baseline.apply(report, baseline.load(config.baseline), config.baseline)
    return report


def _open_index(config: Config, ruleset: RuleSet):
    """The archive index when one is configured and an archive rule is selected; else None."""
    from newslint.kinds import KINDS

    if config.index is None or not any(KINDS[r.kind].SCOPE == "archive" for r in ruleset.enabled()):
        return None
    from newslint import archive

    return archive.open_archive(config.index)

"""lint(docs, ruleset) → Report: per-document kinds, then corpus kinds once, then archive kinds, then sort.

The per-document stage looks at one document at a time, so it can run on every core
and be cached (parallel.py, cache.py): it gives the document's findings, its suppression
markers and, for each corpus or archive rule, the kind's summary of the document
(`summarize(doc, rule)`; the document itself for a kind without one). The corpus stage
then runs each corpus rule once over those summaries, in document order, and, when an
archive index is given, each archive rule against it.

A rule marked `fallback: true` is a catch-all (a short line outside the article, a line
many documents share): its finding is dropped when every line it covers is already
flagged in its category by a specific rule, or by a fallback rule listed before it, so
that each piece of furniture is reported once, by the rule that names it best.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from newslint import regexes, suppress
from newslint.document import Document
from newslint.findings import Finding, Record, Report, sort_findings
from newslint.kinds import KINDS
from newslint.regexes import PatternTimeout
from newslint.rules import Rule, RuleSet

if TYPE_CHECKING:
    from newslint.archive import Archive


@dataclass(frozen=True)
class Checked:
    """What the per-document stage found in one document; everything later stages need of it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    summaries: dict[str, Any] = field(default_factory=dict)  # corpus rule id -> summary
    markers: tuple[suppress.Marker, ...] = ()
    record: Record | None = None  # as Document.record: set for a record of a .jsonl corpus
    # (rule id, error) for each rule whose pattern ran out of time on this document, or was
    # stopped before it (the process had seen it run out already): the rule's findings are
    # dropped from the whole run, and the first error per rule reported.
    stopped: tuple[tuple[str, str], ...] = ()


def lint(
    docs: Sequence[Document],
    ruleset: RuleSet,
    progress: Callable[[int], None] | None = None,
    archive: "Archive | None" = None,
) -> Report:
    """`progress`, when given, is called once for each document checked (the CLI's progress bar).

    Archive kinds run only when an index is given: without one they have nothing to compare against.
    """
    rules = [r for r in ruleset.enabled() if archive is not None or KINDS[r.kind].SCOPE != "archive"]
    checked = []
    stopped: dict[str, str] = {}
    for doc in docs:
        checked.append(check_document(doc, rules, stopped))
        if progress is not None:
            progress(1)
    return combine(checked, rules, archive)


def check_document(doc: Document, rules: Sequence[Rule], stopped: dict[str, str] | None = None) -> Checked:
    """`stopped` (rule id -> error) carries the rules that ran out of time from one document to
    the next, so that a runaway pattern costs its time limit once per process, not per document."""
    stopped = {} if stopped is None else stopped
    findings: list[Finding] = []
    summaries: dict[str, Any] = {}
    here: list[tuple[str, str]] = []
    seconds = regexes.rule_limit(sum(map(len, doc.lines)))
    for rule in rules:
        if rule.id in stopped:
            here.append((rule.id, stopped[rule.id]))
            continue
        with RuleRun(rule, doc.path, seconds, stopped) as run:
            if KINDS[rule.kind].SCOPE == "document":
                findings.extend(KINDS[rule.kind].check(doc, rule))
            else:
                summaries[rule.id] = summarize(doc, rule)
        if run.stopped:
            here.append((rule.id, run.stopped))
    return Checked(doc.path, findings, summaries, suppress.markers(doc), doc.record, tuple(here))


class RuleRun:
    """`with RuleRun(rule, path, seconds, stopped) as run:` — one rule's work on one document
    (or window) under its time limit. A pattern that runs out of time ends the block: the rule
    is entered in `stopped` with its message, which `run.stopped` also holds."""

    def __init__(self, rule: Rule, path: str, seconds: float, stopped: dict[str, str]) -> None:
        self.rule, self.path, self.all_stopped = rule, path, stopped
        self.limit = regexes.time_limit(seconds)
        self.stopped: str | None = None

    def __enter__(self) -> "RuleRun":
        self.limit.__enter__()
        return self

    def __exit__(self, kind: type | None, err: BaseException | None, trace: object) -> bool:
        self.limit.__exit__()
        if not isinstance(err, PatternTimeout):
            return False
        # A corpus rule's patterns run while it summarises documents; its error, like
        # the rule, is about the whole set.
        if KINDS[self.rule.kind].SCOPE != "document":
            where = "the checked files"
        else:
            where = self.path if err.line is None else f"{self.path}:{err.line}"
        self.stopped = self.all_stopped[self.rule.id] = stopped_message(self.rule, where, err)
        return True


def stopped_message(rule: Rule, where: str, err: PatternTimeout) -> str:
    # The timer can fire between two searches: then no one pattern is to blame.
    what = f"its pattern {err.pattern!r}" if err.pattern else "its patterns"
    return (
        f"{rule.source}: rule '{rule.id}' stopped: {what} ran longer than "
        f"{err.seconds:.1f} s on {where}; rewrite it without nested quantifiers such as (a+)+"
    )


def summarize(doc: Document, rule: Rule) -> Any:
    kind = KINDS[rule.kind]
    return kind.summarize(doc, rule) if hasattr(kind, "summarize") else doc


def combine(checked: Sequence[Checked], rules: Sequence[Rule], archive: "Archive | None" = None) -> Report:
    """Every document's findings, then each corpus rule over all summaries, then archive rules; sorted."""
    errors: dict[str, str] = {}  # rule id -> the first report of its running out of time
    for result in checked:
        for rule_id, message in result.stopped:
            errors.setdefault(rule_id, message)
    # A stopped rule reports nothing at all: which documents it saw first would depend on
    # how the files were split between processes.
    findings = [finding for result in checked for finding in result.findings if finding.rule not in errors]
    for rule in rules:
        kind = KINDS[rule.kind]
        if kind.SCOPE == "corpus" and rule.id not in errors:
            try:
                findings.extend(kind.check_corpus([result.summaries[rule.id] for result in checked], rule))
            except PatternTimeout as err:
                errors.setdefault(rule.id, stopped_message(rule, "the checked files", err))
    if archive is not None:
        for rule in rules:
            kind = KINDS[rule.kind]
            if kind.SCOPE == "archive" and rule.id not in errors:
                findings.extend(kind.check_archive([result.summaries[rule.id] for result in checked], rule, archive))
    findings = sort_findings(without_fallback_repeats(findings, rules))
    return Report(findings=findings, files_checked=len(checked), errors=list(errors.values()))


def without_fallback_repeats(findings: list[Finding], rules: Sequence[Rule]) -> list[Finding]:
    fallbacks = [r.id for r in rules if r.fallback]
    if not fallbacks:
        return findings
    rank = {rule_id: position for position, rule_id in enumerate(fallbacks)}
    # Only lines in a fallback rule's category can hide a fallback finding: the others
    # (most of a large run's findings) need not be remembered.
    categories = {r.category for r in rules if r.fallback}
    covered: set[tuple[str, str, int]] = set()  # (path, category, line)
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: rank.get(f.rule, -1)):  # stable: specific rules first
        if finding.category not in categories and finding.rule not in rank:
            kept.append(finding)
            continue
        lines = {(finding.path, finding.category, n) for n in range(finding.line, finding.end_line + 1)}
        if finding.rule in rank and lines <= covered:
            continue
        covered |= lines
        kept.append(finding)
    return kept

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

A rule with `yields_to: [categories]` gives way to other rules of those categories: its
finding is dropped when their findings cover every line it covers (a figure in a photo
caption or a related-story link is furniture, not a claim to source). A rule
with `defer_to` (rule ids) yields the same way to the rules it names, whatever their
category: an off-topic verdict on a line that `photo-credit` calls a photo credit is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from newslint import backtracking, scan, sketch, suppress
from newslint.document import Document
from newslint.findings import Finding, Record, Report, sort_findings
from newslint.kinds import KINDS
from newslint.regexes import PatternTimeout
from newslint.safe_text import printable
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
    # (rule id, error) for each user rule whose pattern ran out of time on this document: that
    # rule has no findings and no summary here, and the error is reported. Every other
    # document keeps the rule.
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
    sketch.sign_together(docs)
    for doc in docs:
        checked.append(check_document(doc, rules))
        if progress is not None:
            progress(1)
    return combine(checked, rules, archive)


def check_documents(docs: Sequence[Document], rules: Sequence[Rule]) -> list[Checked]:
    """`check_document` of each of `docs`, their MinHash signatures computed together
    (sketch.sign_together): give it a batch of documents, not one at a time."""
    sketch.sign_together(docs)
    return [check_document(doc, rules) for doc in docs]


def check_document(doc: Document, rules: Sequence[Rule]) -> Checked:
    """Every rule on one document. No clock limits the work: only a user pattern's own calls
    are time-limited (regexes.Guarded), and one running out costs that rule this document."""
    findings: list[Finding] = []
    summaries: dict[str, Any] = {}
    here: list[tuple[str, str]] = []
    scan.select(rule.params for rule in rules)  # the gate holds these rules' regexes
    for rule in rules:
        with RuleRun(rule, doc.path) as run:
            if KINDS[rule.kind].SCOPE == "document":
                found = list(KINDS[rule.kind].check(doc, rule))  # whole, or not at all
                findings.extend(found)
            else:
                summaries[rule.id] = summarize(doc, rule)
        if run.stopped:
            here.append((rule.id, run.stopped))
    return Checked(doc.path, findings, summaries, suppress.markers(doc), doc.record, tuple(here))


class RuleRun:
    """`with RuleRun(rule, path) as run:` — one rule's work on one document (or window). A
    user pattern that runs out of time ends the block; `run.stopped` then holds the message."""

    def __init__(self, rule: Rule, path: str) -> None:
        self.rule, self.path = rule, path
        self.stopped: str | None = None

    def __enter__(self) -> "RuleRun":
        return self

    def __exit__(self, kind: type | None, err: BaseException | None, trace: object) -> bool:
        if not isinstance(err, PatternTimeout):
            return False
        where = self.path if err.line is None else f"{self.path}:{err.line}"
        self.stopped = stopped_message(self.rule, where, err)
        return True


def stopped_message(rule: Rule, where: str, err: PatternTimeout) -> str:
    return (
        f"{rule.source}: rule '{rule.id}' stopped on {where}: its pattern '{printable(err.pattern)}' ran longer than "
        f"{err.seconds:.1f} s; {backtracking.advice(err.pattern, err.flags)} (other files keep this rule)"
    )


def summarize(doc: Document, rule: Rule) -> Any:
    kind = KINDS[rule.kind]
    return kind.summarize(doc, rule) if hasattr(kind, "summarize") else doc


def combine(checked: Sequence[Checked], rules: Sequence[Rule], archive: "Archive | None" = None) -> Report:
    """Every document's findings, then each corpus rule over all summaries, then archive rules; sorted.

    A document on which a rule was stopped gives that rule nothing: no findings, and no
    summary to the corpus stage, so every other document's findings are what they would be
    without it."""
    errors: list[str] = [message for result in checked for _, message in result.stopped]
    findings = [finding for result in checked for finding in result.findings]
    for rule in rules:
        kind = KINDS[rule.kind]
        if kind.SCOPE == "corpus":
            summaries = [result.summaries[rule.id] for result in checked if rule.id in result.summaries]
            try:
                findings.extend(list(kind.check_corpus(summaries, rule)))
            except PatternTimeout as err:
                errors.append(stopped_message(rule, "the checked files", err))
    if archive is not None:
        for rule in rules:
            kind = KINDS[rule.kind]
            if kind.SCOPE == "archive":
                summaries = [result.summaries[rule.id] for result in checked if rule.id in result.summaries]
                findings.extend(kind.check_archive(summaries, rule, archive))
    findings = sort_findings(settled(findings, rules))
    return Report(findings=findings, files_checked=len(checked), errors=errors)


def settled(findings: list[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """The findings once deferring rules, catch-alls and yielding rules have given way (see
    the module's docstring)."""
    return without_yielding(without_fallback_repeats(without_deferred(findings, rules), rules), rules)


def without_deferred(findings: list[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """Drop a `defer_to` rule's finding when the rules it defers to flagged all its lines."""
    deferring = {r.id: frozenset(r.defer_to) for r in rules if r.defer_to}
    named = frozenset().union(*deferring.values())
    return _without_outranked(findings, lambda f: f.rule in named,
                              {rule_id: ids.__contains__ for rule_id, ids in deferring.items()})


def without_yielding(findings: list[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """Drop a `yields_to` rule's finding when rules of those categories flagged all its lines."""
    yielding = {r.id: frozenset(r.yields_to) for r in rules if r.yields_to}
    outranking = frozenset().union(*yielding.values())
    category = {r.id: r.category for r in rules}
    return _without_outranked(findings, lambda f: f.category in outranking,
                              {rule_id: (lambda other, c=categories: category.get(other) in c)
                               for rule_id, categories in yielding.items()})


def _without_outranked(findings: list[Finding], may_outrank: Callable[[Finding], bool],
                       outranks: dict[str, Callable[[str], bool]]) -> list[Finding]:
    """Drop a finding of a rule in `outranks` when, on every line it covers, another rule
    that `outranks[its rule]` accepts has a finding; only findings `may_outrank` accepts
    are remembered by line (most of a large run's findings cannot outrank anything)."""
    if not outranks:
        return findings
    flagged: dict[tuple[str, int], set[str]] = {}  # (path, line) -> rules that may outrank there
    for finding in findings:
        if may_outrank(finding):
            for n in range(finding.line, finding.end_line + 1):
                flagged.setdefault((finding.path, n), set()).add(finding.rule)
    if not flagged:
        return findings
    empty: set[str] = set()

    def outranked(finding: Finding) -> bool:
        wins = outranks.get(finding.rule)
        return wins is not None and all(
            any(other != finding.rule and wins(other) for other in flagged.get((finding.path, n), empty))
            for n in range(finding.line, finding.end_line + 1)
        )

    return [finding for finding in findings if not outranked(finding)]


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

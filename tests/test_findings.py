"""Finding: sorting a path at a time, and findings that cross processes share their repeated strings."""

from __future__ import annotations

import pickle
import random

from formats_data import report
from newslint.findings import Finding, Related, Severity, sort_findings


def make(message: str, path: str = "a.txt", line: int = 1) -> Finding:
    return Finding(path, line, line, 1, "unsupported-figure", "unsupported-claim", Severity.WARNING, message, "excerpt",
                   related=Related("b.txt", 3))


def test_a_finding_survives_pickling_whole():
    finding = make("figure 25")
    assert pickle.loads(pickle.dumps(finding)) == finding


def test_findings_from_another_process_share_their_message_with_findings_here():
    # Two messages built apart are two strings; a finding keeps one copy of each text.
    here = make("".join(["unsupported figure ", "25"]))
    arrived = pickle.loads(pickle.dumps(make("".join(["unsupported figure ", "2", "5"]))))
    assert arrived.message is here.message
    assert arrived.rule is here.rule and arrived.category is here.category


def test_sort_findings_orders_as_sort_key_does():
    findings = list(report("repeated.md", "clean.md", "articles.jsonl").findings)
    findings += [make("m", path, line) for path in ("b.txt", "a.txt", "a-b.txt", "a/b.txt") for line in (9, 2, 10)]
    random.Random(5).shuffle(findings)
    assert sort_findings(findings) == sorted(findings, key=Finding.sort_key)

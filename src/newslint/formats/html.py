"""`--format html`: one self-contained review page for editors, opened by double-click.

At the top an overview: files checked, findings by category and severity as an inline SVG bar
chart, filters, and the articles ordered by number of findings. Then each article line by line,
every finding one `<mark class="hl">` carrying `data-rule` and `data-severity` (hover or focus
shows rule, severity and message; a repeat links to the line it repeats); a toggle strikes
through the lines `newslint fix` would cut, as `cuts.removed_lines` decides them (and, marked
apart, what `--unsafe-fixes` would cut as well).

Safety: Jinja2 renders the page with autoescape on, and every piece of text that comes from
the input (article lines, messages, paths, record ids) passes through safe_text first. The
page's one script and one style sheet are allowed by their SHA-256 in a Content-Security-Policy
that forbids everything else, so markup that slipped past escaping could neither run nor fetch.

Scale: the articles' lines need `Report.texts` (pipeline.run(keep_texts=True)). Above
LAZY_ABOVE articles, each body is parsed into an inert `<template>` and put into the page when
its article is opened, so a page of thousands of articles opens without laying them all out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator, Sequence, Union

from newslint import cuts
from newslint.findings import CATEGORIES, DocumentLines, Finding, Report, Severity
from newslint.formats import fixes
from newslint.formats.table import summary
from newslint.safe_text import printable, printable_text

# Up to this many articles every body, and so every highlight, is in the page once it has loaded.
LAZY_ABOVE = 200
CHART_WIDTH = 240  # pixels of the longest bar
CHART_MARGIN = 190  # pixels for the labels left of the bars and the counts right of them
# A finding's message quotes what it matched ("unsupported figure "20" — …"): when the line
# holds that text at the finding's column, the highlight covers it, else the rest of the line.
QUOTED = re.compile(r'"([^"]+)"')
ELLIPSIS = "…"
NO_TEXT = "The text is not shown: the file is too large to show, or could not be read again."


@dataclass(frozen=True)
class Choice:
    """One filter checkbox: a category, a severity or a rule, and its number of findings."""

    index: int
    name: str
    count: int


@dataclass(frozen=True)
class Highlight:
    """One finding as the page shows it: the ids are positions in the page's choices."""

    id: int
    article: int
    rule: str
    category: str
    severity: str
    message: str
    c: int
    s: int
    r: int
    fix: str  # the finding's fix in words (formats.fixes), "" when it has none
    removed: bool  # `newslint fix` removes the finding's line
    link: str  # element id of the place `related` names, "" when it is not on this page
    link_label: str  # shown beside a link, or alone where there is no link
    excerpt: str

    @property
    def classes(self) -> str:
        """Its filters' classes: category, severity and rule, as indices (never text)."""
        return f"c{self.c} s{self.s} r{self.r}"


@dataclass(frozen=True)
class Mark:
    """A highlight around its part of a line; marks on one line nest, never cross."""

    highlight: Highlight
    children: tuple[Union["Mark", str], ...]


Node = Union[Mark, str]


@dataclass(frozen=True)
class Line:
    number: int
    nodes: tuple[Node, ...]
    cut: str  # "cut": `newslint fix` removes it (named by a finding, or a blank line it collapses);
    # "unsafe": only `newslint fix --unsafe-fixes` does; "": kept
    through: Highlight | None  # a finding that began on an earlier line and covers this one


@dataclass(frozen=True)
class Article:
    index: int
    title: str
    lines: tuple[Line, ...]
    unplaced: tuple[Highlight, ...]  # findings on no line of the text shown (or no text at all)
    count: int
    note: str  # why there is no text
    cuts: str  # what fix would cut, in words ("" when nothing)

    @property
    def anchor(self) -> str:
        return f"a{self.index}"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: int
    y: int
    css: str  # the class that colours it


@dataclass(frozen=True)
class Page:
    summary: str
    fixable: str  # how many findings fix would act on (formats.fixes), "" when none
    errors: tuple[str, ...]
    categories: tuple[Choice, ...]
    severities: tuple[Choice, ...]
    rules: tuple[Choice, ...]
    bars: tuple[Bar, ...]
    chart_width: int
    chart_height: int
    articles: tuple[Article, ...]
    ranking: tuple[Article, ...]  # most findings first
    lazy: bool
    data: dict  # what the script needs: filter names and each highlight's article and filters


def render(report: Report) -> str:
    return "".join(pieces(report))


def pieces(report: Report) -> Iterator[str]:
    """The page as Jinja generates it, a few statements at a time."""
    page = build(report)
    css, js = _style(page), _script()
    policy = (
        "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
        f"style-src '{_digest(css)}'; script-src '{_digest(js)}'"
    )
    from markupsafe import Markup  # jinja2's; imported with it, when a page is made

    return _template().generate(page=page, css=Markup(css), js=Markup(js), policy=policy)


# --- the page's data -------------------------------------------------------------------------


Key = tuple[str, str | None]  # (file, record id): one article


@dataclass(frozen=True)
class _Source:
    """One article before it is laid out: its lines (None when the report has no text for it)
    and its findings."""

    key: Key
    order: tuple[str, int]  # files in path order, a corpus's records in file order
    text: DocumentLines | None
    findings: list[Finding]


def _sources(report: Report) -> list[_Source]:
    """Every article of the report, in path order: each document whose lines the report carries,
    and each file or record that has findings or was checked but whose text is not there (a
    file too large to show)."""
    texts: dict[Key, DocumentLines] = {(t.path, t.record.id if t.record else None): t for t in report.texts}
    order: dict[Key, tuple[str, int]] = {key: (t.path, t.record.line if t.record else 0) for key, t in texts.items()}
    found: dict[Key, list[Finding]] = {}
    for finding in report.findings:
        key = (finding.path, finding.record.id if finding.record else None)
        found.setdefault(key, []).append(finding)
        order.setdefault(key, (finding.path, finding.record.line if finding.record else 0))
    shown = {path for path, _record in order}
    for path in report.files:
        if path not in shown:
            order[(path, None)] = (path, 0)
    return [_Source(key, order[key], texts.get(key), found.get(key, []))
            for key in sorted(order, key=lambda key: (order[key], key[1] or ""))]


def build(report: Report) -> Page:
    findings = report.findings
    categories = _category_names(findings)
    severities = [s.label for s in sorted(Severity, reverse=True)]
    rule_names = sorted({f.rule for f in findings})
    c_of = {name: i for i, name in enumerate(categories)}
    s_of = {name: i for i, name in enumerate(severities)}
    r_of = {name: i for i, name in enumerate(rule_names)}

    sources = _sources(report)
    places = {source.key: n for n, source in enumerate(sources)}
    lines_of = {n: len(source.text.lines) for n, source in enumerate(sources) if source.text is not None}
    # The one decision of what fix removes, made by fix itself (it does not change .jsonl corpora).
    in_files = [f for f in findings if f.record is None]
    safe, unsafe = cuts.removed_lines(in_files), cuts.removed_lines(in_files, unsafe=True)

    data_findings: list[list[int]] = []  # [article, category, severity, rule] by highlight id

    def highlight(finding: Finding, article: int, removed: bool) -> Highlight:
        link, label = _related(finding, places, lines_of)
        view = Highlight(
            id=len(data_findings), article=article, rule=printable(finding.rule),
            category=printable(finding.category), severity=finding.severity.label,
            message=printable(finding.message), c=c_of[finding.category], s=s_of[finding.severity.label],
            r=r_of[finding.rule], fix=fixes.words(finding), removed=removed, link=link, link_label=label,
            excerpt=printable(finding.excerpt),
        )
        data_findings.append([article, view.c, view.s, view.r])
        return view

    articles = []
    for n, source in enumerate(sources):
        path, record = source.key
        if source.text is None:
            views = [highlight(f, n, False) for f in sorted(source.findings, key=_reading_order)]
            title = printable(path if record is None else f"{path} › {record}")
            articles.append(Article(n, title, (), tuple(views), len(views), NO_TEXT, ""))
        else:
            named = (safe.get(path, {}), unsafe.get(path, {})) if record is None else ({}, {})
            articles.append(_article(n, source.text, source.findings, *named, highlight))

    by_category = Counter(f.category for f in findings)
    by_severity = Counter(f.severity.label for f in findings)
    by_rule = Counter(f.rule for f in findings)
    shown_categories = [Choice(i, printable(name), by_category[name]) for i, name in enumerate(categories) if by_category[name]]
    shown_severities = [Choice(i, name, by_severity[name]) for i, name in enumerate(severities)]
    bars = _bars([(c.name, c.count, f"c{c.index}") for c in shown_categories]
                 + [(s.name, s.count, f"s{s.index}") for s in shown_severities])
    return Page(
        summary=printable(summary(report)),
        fixable=printable(fixes.summary(report)),
        errors=tuple(printable(e) for e in report.errors),
        categories=tuple(shown_categories),
        severities=tuple(shown_severities),
        rules=tuple(Choice(i, printable(name), by_rule[name]) for i, name in enumerate(rule_names)),
        bars=tuple(bars),
        chart_width=CHART_WIDTH + CHART_MARGIN,
        chart_height=max(1, len(bars)) * 20 + 4,
        articles=tuple(articles),
        ranking=tuple(sorted(articles, key=lambda a: (-a.count, a.index))),
        lazy=len(articles) > LAZY_ABOVE,
        data={
            "categories": [printable(c) for c in categories],
            "severities": severities,
            "rules": [printable(r) for r in rule_names],
            "findings": data_findings,
        },
    )


def _category_names(findings: Sequence[Finding]) -> list[str]:
    """findings.CATEGORIES, then any other category found: a category's index (its class, so
    its colour and icon) is the same on every page."""
    return list(CATEGORIES) + sorted({f.category for f in findings} - set(CATEGORIES))


def _reading_order(finding: Finding) -> tuple:
    return (finding.line, finding.column, -finding.end_line, finding.rule, finding.message)


def _related(finding: Finding, places: dict[Key, int], lines_of: dict[int, int]) -> tuple[str, str]:
    """(element id of the related line on this page, or "" when it is not here; a label for it)."""
    related = finding.related
    if related is None:
        return "", ""
    same = related.path == finding.path and related.record == (finding.record.id if finding.record else None)
    record = f":{related.record}" if related.record else ""
    label = f"line {related.line}" if same else printable(f"{related.path}{record}:{related.line}")
    n = places.get((related.path, related.record))
    if n is None:
        return "", label
    return (f"a{n}L{related.line}" if 1 <= related.line <= lines_of.get(n, 0) else f"a{n}"), label


def _article(
    n: int, text: DocumentLines, findings: list[Finding], safe: dict[int, str], unsafe: dict[int, str],
    highlight: Callable[[Finding, int, bool], Highlight],
) -> Article:
    """Article `n`: its lines with their marks, and which of them fix would cut (line → rule;
    `unsafe` with --unsafe-fixes, the safe cuts included)."""
    lines = text.lines
    removed = _removed(lines, safe)
    more = _removed(lines, unsafe)
    spans: dict[int, list[tuple[int, int, Highlight]]] = {}
    through: dict[int, Highlight] = {}
    unplaced: list[Highlight] = []
    for finding in sorted(findings, key=_reading_order):
        view = highlight(finding, n, finding.line in safe)
        if not 1 <= finding.line <= len(lines):
            unplaced.append(view)
            continue
        line = lines[finding.line - 1]
        start, end = _span(finding, line)
        spans.setdefault(finding.line, []).append((start, end, view))
        for later in range(finding.line + 1, min(finding.end_line, len(lines)) + 1):
            through.setdefault(later, view)
    shown = tuple(
        Line(number, tuple(_nest(line, spans.get(number, []), 0, len(line))),
             "cut" if removed[number - 1] else "unsafe" if more[number - 1] else "", through.get(number))
        for number, line in enumerate(lines, 1)
    )
    if text.record is not None:
        title, cuts = f"{text.path} › {text.record.id}", "A record of a .jsonl corpus: newslint fix does not change corpora."
    else:
        title, cuts = text.path, _cuts(_within(safe, lines), _within({k: v for k, v in unsafe.items() if k not in safe}, lines))
    return Article(n, printable(title), shown, tuple(unplaced), len(findings), "", cuts)


def _removed(lines: Sequence[str], named: dict[int, str]) -> list[bool]:
    """For each line: does fix remove it (named, or a blank line collapsed next to a cut)?"""
    cut = [i + 1 in named for i in range(len(lines))]
    for i in cuts.collapsed_blanks(lines, cut):
        cut[i] = True
    return cut


def _within(named: dict[int, str], lines: Sequence[str]) -> dict[int, str]:
    return {line: rule for line, rule in named.items() if 1 <= line <= len(lines)}


def _cuts(safe: dict[int, str], unsafe: dict[int, str]) -> str:
    """What fix would cut, counted as `newslint fix` reports it (blank lines it collapses aside)."""

    def lines(named: dict[int, str]) -> str:
        by_rule = Counter(named.values())
        rules = ", ".join(f"{printable(rule)} ×{n}" if n > 1 else printable(rule) for rule, n in sorted(by_rule.items()))
        return f"{len(named)} line{'s' if len(named) != 1 else ''} ({rules})"

    said = [f"newslint fix would remove {lines(safe)}"] if safe else []
    if unsafe:
        said.append(f"with --unsafe-fixes also {lines(unsafe)}, struck through in a dashed line")
    return "; ".join(said)


def _span(finding: Finding, line: str) -> tuple[int, int]:
    """The characters of `line` the highlight covers: what the message quotes, when the line
    has it at the finding's column (after spaces: "space before ','"), else column to end."""
    start = min(max(finding.column - 1, 0), len(line))
    if finding.end_line > finding.line:
        return start, len(line)
    quoted = QUOTED.search(finding.message)
    if quoted:
        wanted = quoted.group(1)
        if wanted.endswith(ELLIPSIS):  # the message cut it: the match runs on
            return start, len(line)
        rest = line[start:]
        skipped = len(rest) - len(rest.lstrip())
        if rest.startswith(wanted) or rest[skipped:].startswith(wanted):
            return start, start + (0 if rest.startswith(wanted) else skipped) + len(wanted)
    return start, len(line)


def _nest(line: str, spans: list[tuple[int, int, Highlight]], low: int, high: int) -> list[Node]:
    """`line[low:high]` as text and marks; a span that starts inside another ends with it."""
    if not spans:  # most lines
        return [printable_text(line[low:high])] if high > low else []
    spans = sorted(spans, key=lambda s: (s[0], -s[1], s[2].id))
    nodes: list[Node] = []
    position, i = low, 0
    while i < len(spans):
        start, end, view = spans[i]
        j = i + 1
        while j < len(spans) and (spans[j][0] < end or spans[j][0] == start):
            j += 1
        inner = [(s, min(e, end), v) for s, e, v in spans[i + 1 : j]]
        if start > position:
            nodes.append(printable_text(line[position:start]))
        nodes.append(Mark(view, tuple(_nest(line, inner, start, end))))
        position, i = max(position, end), j
    if position < high:
        nodes.append(printable_text(line[position:high]))
    return nodes


def _bars(rows: list[tuple[str, int, str]]) -> list[Bar]:
    most = max((n for _, n, _ in rows), default=0) or 1
    return [Bar(label, n, max(2, round(CHART_WIDTH * n / most)) if n else 0, 4 + 20 * i, css)
            for i, (label, n, css) in enumerate(rows)]


# --- the page's text ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _template():
    # Imported here, not with the module: every run loads all formats, and jinja2 cost ~0.08 s
    # CPU of a one-file check's start-up that only `--format html` needs.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("newslint.formats", "review"),
        autoescape=True,  # every {{ value }} is escaped; only the page's own CSS and JS are Markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("page.html.j2")


def _asset(name: str) -> str:
    return resources.files("newslint.formats").joinpath("review", name).read_text(encoding="utf-8")


def _style(page: Page) -> str:
    """The style sheet, with a hiding rule for each filter (classes are indices, never text)."""
    hide = [f".hc{c.index} .c{c.index}" for c in page.categories]
    hide += [f".hs{s.index} .s{s.index}" for s in page.severities]
    hide += [f".hr{r.index} .r{r.index}" for r in page.rules]
    if not hide:
        return _asset("page.css")
    marks = ",\n".join(f"{selector}::before" for selector in hide)
    return _asset("page.css") + ",\n".join(hide) + " { background: none; box-shadow: none; }\n" + marks + " { display: none; }\n"


@lru_cache(maxsize=1)
def _script() -> str:
    return _asset("page.js")


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")

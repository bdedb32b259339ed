"""`--format html` as text: one mark per finding, escaping, the articles' lines from files, standard
input and .jsonl corpora, deterministic bytes, the lazy page. tests/test_review_page.py drives
the same pages in a real browser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser

import pytest

from conftest import CORPUS, FIXTURES, newslint, write
from newslint.formats import html

HOSTILE_RULES = """\
rules:
  - id: markup-in-text
    kind: pattern
    category: artifact
    severity: warning
    message: 'markup left in the text "{match}"'
    patterns: ['<[^>]*>']
    scope: line
"""
HOSTILE_TEXT = """\
<script>window.newslintPwned = 1</script>
Skip to content
A councillor wrote <img src=x onerror="window.newslintPwned = 2"> in the minutes of Monday's meeting.
</textarea></template></mark><svg onload="window.newslintPwned = 3">
Read <a href="javascript:window.newslintPwned = 4">the budget</a> and [the plan](javascript:void(0)).
Odd text: \u202ereversed\u202c, zero\u200bwidth, a bell \x07 and an escape \x1b[31m red.
<script>window.newslintPwned = 1</script>
"""


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append((dict(attrs), "") if tag == "script" else "")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "style":
            self.styles[-1] += data

    def marks(self) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == "mark" and "data-rule" in attrs]


def parse(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def check(*args: str, input: str | bytes | None = None) -> str:
    result = newslint("check", *args, "--format", "html", "--no-cache", input=input)
    assert result.code in (0, 1), result.stderr
    return result.stdout


def json_findings(*args: str) -> list[dict]:
    return json.loads(newslint("check", *args, "--format", "json", "--no-cache").stdout)["findings"]


def test_every_finding_of_the_seed_corpus_is_one_mark_with_its_rule_and_severity():
    page = parse(check(str(CORPUS)))
    expected = json_findings(str(CORPUS))
    marks = page.marks()
    assert len(marks) == len(expected) == 39
    assert Counter((m["data-rule"], m["data-severity"]) for m in marks) == Counter((f["rule"], f["severity"]) for f in expected)
    assert len({m["id"] for m in marks}) == len(marks)


def test_each_article_is_shown_line_by_line_with_its_line_numbers():
    page = check(str(CORPUS))
    for path in sorted(CORPUS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        section = re.search(rf'<span class="path">[^<]*{path.name}</span>.*?</section>', page, re.S).group(0)
        numbers = [int(n) for n in re.findall(r'<div class="l[^"]*" id="a\d+L(\d+)">', section)]
        assert numbers == list(range(1, len(lines) + 1))


def test_a_repeat_links_to_the_line_it_repeats():
    page = check(str(CORPUS))
    index = page.index("corpus/002_f0ad515a767d8d63.txt</span>")
    article = re.search(r'<section class="article" id="(a\d+)">', page[index - 300 :]).group(1)
    assert f'href="#{article}L10"' in page  # line 14 repeats line 10


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "unsafe-fixes"])
def test_what_fix_would_cut_is_what_fix_cuts(tmp_path, monkeypatch, unsafe):
    """The lines the page strikes through are exactly the lines `newslint fix` removes; with
    the dashed ones too, those `newslint fix --unsafe-fixes` removes."""
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy)
    monkeypatch.chdir(tmp_path)
    page = check("corpus")
    before = {p.name: p.read_text(encoding="utf-8").splitlines() for p in copy.glob("*.txt")}
    assert newslint("fix", "corpus", *(["--unsafe-fixes"] if unsafe else [])).code == 0
    struck = r"(?! cut| unsafe)" if unsafe else r"(?! cut)"
    for section in re.findall(r'<section class="article".*?</section>', page, re.S):
        name = re.search(r'<span class="path">corpus/([^<]+)</span>', section).group(1)
        kept = [int(n) for n in re.findall(rf'<div class="l{struck}[^"]*" id="a\d+L(\d+)">', section)]
        assert [before[name][n - 1] for n in kept] == (copy / name).read_text(encoding="utf-8").splitlines()
    assert ' unsafe"' in page  # the seed corpus has unsafe fixes (bylines, promo lines)


def test_the_page_is_the_same_bytes_whatever_the_jobs_and_run():
    first = check(str(CORPUS), "--jobs", "1")
    assert check(str(CORPUS), "--jobs", "2") == first
    assert check(str(CORPUS)) == first


def test_hostile_text_and_names_are_escaped_and_the_only_scripts_are_the_pages_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "rules" / "markup.yaml", HOSTILE_RULES)
    name = '<img src=x onerror="window.newslintPwned=9">.txt'
    write(tmp_path / name, HOSTILE_TEXT)
    page = check(name, "--rules", "rules")
    elements = parse(page)
    assert [attrs.get("type") for attrs, _ in elements.scripts] == ["application/json", None]
    assert not any(tag in ("img", "textarea", "iframe", "template") for tag, _ in elements.tags)
    assert [attrs.get("class") for tag, attrs in elements.tags if tag == "svg"] == ["chart"]  # the page's own
    assert all(attrs.get("href", "#").startswith("#") for tag, attrs in elements.tags if tag == "a")
    assert not any(key.startswith("on") for _, attrs in elements.tags for key in attrs)
    assert "&lt;script&gt;window.newslintPwned = 1&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x07" not in page and "\u202e" not in page
    assert "\\x1b[" in page and "\\u202e" in page  # written as escapes, visibly
    messages = [m["data-message"] for m in elements.marks() if m["data-rule"] == "markup-in-text"]
    assert 'markup left in the text "<script>"' in messages


def test_the_content_security_policy_allows_exactly_the_pages_script_and_style():
    page = check(str(CORPUS))
    elements = parse(page)
    policy = next(attrs["content"] for tag, attrs in elements.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    script = next(text for attrs, text in elements.scripts if "type" not in attrs)

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src '{digest(script)}'" in policy
    assert f"style-src '{digest(elements.styles[0])}'" in policy
    assert "default-src 'none'" in policy
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from the network


def test_standard_input_is_shown_under_its_name():
    text = (CORPUS / "002_f0ad515a767d8d63.txt").read_text(encoding="utf-8")
    page = check("-", "--stdin-filename", "desk/story.txt", input=text)
    assert '<span class="path">desk/story.txt</span>' in page
    assert len(parse(page).marks()) == len(json_findings(str(CORPUS / "002_f0ad515a767d8d63.txt")))
    assert "Putin and Xi Strengthen Ties Ahead of Historic WWII Commemoration" in page


def test_a_jsonl_corpus_is_one_article_per_record(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "articles.jsonl", tmp_path / "articles.jsonl")
    page = check("articles.jsonl")
    findings = json_findings("articles.jsonl")
    assert len(parse(page).marks()) == len(findings)
    records = [json.loads(line)["id"] for line in (tmp_path / "articles.jsonl").read_text().splitlines() if line.strip()]
    for record in records:
        assert f'<span class="path">articles.jsonl › {record}</span>' in page
    # The same record again on standard input gives the same articles.
    piped = check("-", "--stdin-filename", "articles.jsonl", input=(tmp_path / "articles.jsonl").read_text())
    assert piped == page


def test_a_file_too_large_to_show_keeps_its_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "000_605a992dca7f361f.txt", tmp_path / "big.txt")
    monkeypatch.setenv("NEWSLINT_HUGE_FILE_BYTES", "1000")  # checked in windows, never held whole
    page = check("big.txt")
    marks = parse(page).marks()
    assert len(marks) == len(json_findings("big.txt")) > 0
    assert "The text is not shown" in page
    assert '<div class="l' not in page


def test_above_the_lazy_limit_bodies_wait_in_templates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for n in range(html.LAZY_ABOVE + 1):
        write(tmp_path / "desk" / f"{n:03d}.txt", f"Skip to content\n\nStory {n} about the council budget.\n")
    page = check("desk")
    assert page.count('<template class="later">') == html.LAZY_ABOVE + 1
    assert " open>" not in page
    findings = len(json_findings("desk"))
    assert len(parse(page).marks()) == findings > html.LAZY_ABOVE
    data = json.loads(re.search(r'<script type="application/json" id="newslint-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["findings"]) == findings
    assert '<body class="lazy">' in page


def test_marks_nest_and_never_cross():
    line = "alpha beta gamma delta"

    def view(n: int):
        return html.Highlight(n, 0, "r", "other", "info", "m", 6, 2, 0, "", False, "", "", "")

    nodes = html._nest(line, [(0, 22, view(0)), (6, 16, view(1)), (11, 22, view(2))], 0, len(line))
    outer = nodes[0]
    assert isinstance(outer, html.Mark) and outer.highlight.id == 0
    inner = [n for n in outer.children if isinstance(n, html.Mark)]
    assert [m.highlight.id for m in inner] == [1]
    assert [n.highlight.id for n in inner[0].children if isinstance(n, html.Mark)] == [2]  # cut at its parent's end

    def text(nodes) -> str:
        return "".join(n if isinstance(n, str) else text(n.children) for n in nodes)

    assert text(nodes) == line


@pytest.mark.parametrize(
    ("message", "column", "expected"),
    [
        ('unsupported figure "20" — add a source', 7, "20"),
        ('space before "," (a stripped citation or link?)', 5, " ,"),
        ('share/follow prompt "Follow us on…"', 1, "Follow us on Google News, now"),
        ("repeats line 3 (100% similar)", 1, "Follow us on Google News, now"),
    ],
)
def test_a_highlight_covers_what_its_message_quotes_else_the_rest_of_the_line(message, column, expected):
    from newslint.findings import Finding, Severity

    line = "Follow us on Google News, now" if column == 1 else ("About 20 people" if column == 7 else "Word , more")
    finding = Finding("a.txt", 1, 1, column, "r", "other", Severity.INFO, message, "")
    start, end = html._span(finding, line)
    assert line[start:end] == expected


def test_a_near_copy_links_to_the_other_articles_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (CORPUS / "003_4d3af3daa9de9abb.txt").read_text(encoding="utf-8")
    write(tmp_path / "a.txt", text)
    write(tmp_path / "b.txt", text.replace("Putin", "Vladimir Putin"))
    page = check("a.txt", "b.txt")
    mark = re.search(r'<mark [^>]*data-rule="near-copy-document"[^>]*>.*?</mark>', page, re.S).group(0)
    assert 'id="a1L1"' in page[: page.index(mark)]  # the mark sits on b.txt's first line ...
    assert '<a class="go" href="#a0L1" data-label="a.txt:1"' in mark  # ... and links to a.txt's


def test_a_bad_file_is_named_on_the_page_and_the_others_keep_their_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "002_f0ad515a767d8d63.txt", tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9 au lait\n")
    result = newslint("check", "good.txt", "bad.txt", "--format", "html", "--no-cache")
    assert result.code == 2
    assert "bad.txt:1: not valid UTF-8" in result.stderr
    assert re.search(r'<ul class="errors">\s*<li>bad.txt:1: not valid UTF-8', result.stdout)
    assert len(parse(result.stdout).marks()) == len(json_findings("good.txt")) > 0


def test_the_configs_format_html_shows_the_articles_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "002_f0ad515a767d8d63.txt", tmp_path / "story.txt")
    write(tmp_path / "newslint.yaml", "format: html\n")
    page = newslint("check", "story.txt", "--no-cache").stdout
    assert "Putin and Xi Strengthen Ties Ahead of Historic WWII Commemoration" in page
    assert '<div class="l" id="a0L1">' in page


def test_the_overview_lists_articles_by_findings_and_folds_the_clean_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "clean.md", tmp_path / "clean.md")
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    page = check(".")
    ranking = re.search(r'<ol class="ranking">(.*?)</ol>', page, re.S).group(1)
    counts = [int(n) for n in re.findall(r'data-count="a\d+">(\d+)</span>', ranking)]
    assert counts == sorted(counts, reverse=True) and counts[-1] == 0 and len(counts) == 6
    clean = re.search(r'<section class="article" id="a\d+">\s*<details(.*?)>\s*<summary><span class="path">clean.md<', page)
    assert clean.group(1) == ""  # folded
    assert page.count("<details open>") == 5

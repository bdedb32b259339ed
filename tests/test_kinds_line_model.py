"""The `line-model` kind, its features and its trainer: the shipped model, rule-file errors,
features a huge file's windows compute as the whole file does, suppression markers obeyed,
a bit-for-bit reproducible retrain, and a retrained model used through the config."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from newslint import document, line_features, linter, rules, suppress, windows
from newslint.errors import UserError

from conftest import CORPUS


@pytest.fixture(scope="module")
def default_rules():
    return rules.load([])

PROSE = [
    "The city council voted on Tuesday to expand the riverside tram line to the northern suburbs, ending a debate that has run for years.",
    "Supporters of the plan said the new stops would cut commuting times for thousands of residents who now rely on crowded buses.",
    "Opponents on the council argued that the tram line would cost far more than the budget allows and that the money was needed for schools.",
    "The mayor said construction of the tram extension could start next spring if the regional government approves the funding request.",
]
FURNITURE = ["Sign up for our newsletter", "Share this article", "Most popular", "Privacy policy | Terms of use | Cookies"]
ARTICLE = "\n\n".join(["Tram line to reach northern suburbs", *PROSE, *FURNITURE]) + "\n"
# Furniture left between the article's paragraphs, which no hand rule of the pack knows.
INSIDE = ["Continue reading below", "Home | News | World | Business | Sport"]
INTERRUPTED = "\n\n".join([PROSE[0], INSIDE[0], PROSE[1], PROSE[2], INSIDE[1], PROSE[3]]) + "\n"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line == needle)


def test_default_model_flags_furniture_no_hand_rule_knows_and_names_its_cues(default_rules):
    report = linter.lint([document.parse(INTERRUPTED, "a.txt")], default_rules)
    found = {f.line: f for f in report.findings if f.rule == "line-model"}
    assert sorted(found) == [line_of(INTERRUPTED, line) for line in INSIDE]
    message = found[line_of(INTERRUPTED, INSIDE[1])].message
    assert message.startswith("page furniture, by the line model (") and "separators, links" in message


def test_the_model_is_a_fallback_under_the_hand_rules(default_rules):
    report = linter.lint([document.parse(ARTICLE, "a.txt")], default_rules)
    flagged = {f.line: f.rule for f in report.findings if f.category == "boilerplate"}
    assert all(line_of(ARTICLE, line) in flagged for line in FURNITURE)
    assert "line-model" not in flagged.values()  # each of these lines has a specific rule that says more


def test_features_see_place_vocabulary_and_repeats():
    text = "\n\n".join([*PROSE[:2], "Ten celebrity diets that doctors secretly hate", *PROSE[2:], "Share this article", "Share this article"])
    doc = document.parse(text + "\n", "b.txt")
    rows = line_features.features(doc)
    column = {name: n for n, name in enumerate(line_features.FEATURES)}
    assert rows.shape == (len(doc.blocks), len(line_features.FEATURES))
    assert rows[0, column["is_prose"]] == 1.0 and rows[0, column["tail"]] == 0.0
    assert rows[5, column["tail"]] == 1.0 and rows[5, column["repeats"]] > 0
    headline, prose = rows[2, column["vocabulary_share"]], rows[3, column["vocabulary_share"]]
    assert headline < 0.2 < prose  # another story's headline shares few of the article's words
    assert np.array_equal(rows, line_features.features(document.parse(text + "\n", "b.txt")))



# Issue 12's long furniture and captions, each beside article prose that shows none of the shapes.
SHAPES = [
    ("menu_items", "Home | News | World | Business | Sport", 5 / line_features.MENU_ITEMS),
    ("menu_items", "1 - 2 - 3 - 4 - 5 - Next", 6 / line_features.MENU_ITEMS),
    ("counter", "Myles Garrett: I made a mistake; I lost my cool (142)", 1.0),
    ("counter", "Posted by Jane Doe at 12:22 AM | Comments (12) | TrackBack", 1.0),
    ("date_end", "Windows virus designed to steal financial data, Macintosh unaffected - June 26, 2004", 1.0),
    ("date_end", "Protesters gather outside the court in the capital on Nov. 3, 2019.", 1.0),
    ("caption_shape", "This satellite image from the space agency shows fires detected near the city.", 1.0),
    ("caption_shape", "These maps show where and how much property taxes rose.", 1.0),
]


@pytest.mark.parametrize("name, line, value", SHAPES)
def test_features_see_menus_counters_dated_headlines_and_captions(name, line, value):
    doc = document.parse("\n\n".join([PROSE[0], line, PROSE[1]]) + "\n", "c.txt")
    column = line_features.FEATURES.index(name)
    rows = line_features.features(doc)
    assert rows[1, column] == pytest.approx(value)
    assert rows[0, column] == rows[2, column] == 0.0


def test_a_long_run_of_capitalised_words_without_a_sentence_is_a_menu_run_together():
    menu = "Cloud Partner Programs Cloud Security Cloud Storage Edge Computing Enterprise Application Software Industry Trends"
    doc = document.parse("\n\n".join([PROSE[0], menu, PROSE[1], "Short Menu Item"]) + "\n", "d.txt")
    column = line_features.FEATURES.index("long_capitalised")
    rows = line_features.features(doc)
    assert rows[1, column] > 0.9
    assert rows[0, column] == rows[2, column] == rows[3, column] == 0.0  # prose, and a short line, are not runs

# A blog's post footers and a forum's post headers: each post's stamp, the same template with
# other dates, names and counts, between posts (round 24).
STAMPS = [
    "December 21, 2006 in Cross-Examination , Direct Examination | Permalink | Comments (0) | TrackBack (0)",
    "December 14, 2006 in Law Online | Permalink | Comments (3) | TrackBack (0)",
]
HEADERS = ["2 posted on 12/20/2004 12:23:10 PM PST by Jane Doe (a tagline)", "6 posted on 12/20/2004 12:33:33 PM PST by John Roe (another one)"]


@pytest.mark.parametrize("stamps", [STAMPS, HEADERS])
def test_an_item_template_is_a_block_that_opens_and_closes_like_one_nearby(stamps):
    doc = document.parse("\n\n".join([PROSE[0], stamps[0], PROSE[1], PROSE[2], stamps[1], PROSE[3]]) + "\n", "t.txt")
    rows = line_features.features(doc)
    template, long_template = (line_features.FEATURES.index(name) for name in ("template", "long_template"))
    assert rows[1, template] > 0.6 and rows[4, template] > 0.6
    assert rows[1, long_template] == rows[1, template]  # both stamps are 11+ words
    # Sentences share a little ("… the w w ."), never a stamp's whole opening and close.
    assert max(rows[[0, 2, 3, 5], template]) < 0.5


def test_a_copy_is_a_repeat_not_a_template():
    doc = document.parse("\n\n".join([PROSE[0], STAMPS[0], PROSE[1], STAMPS[0], PROSE[2]]) + "\n", "u.txt")
    rows = line_features.features(doc)
    assert rows[1, line_features.FEATURES.index("template")] < 0.5  # what it shares with prose, not with its copy
    assert rows[1, line_features.FEATURES.index("repeats")] > 0


def test_short_lines_share_no_template():
    """"Home", "About us": fewer than TEMPLATE_MIN_TOKENS tokens say nothing of a template."""
    doc = document.parse("\n\n".join([PROSE[0], "About us", "About them", PROSE[1]]) + "\n", "v.txt")
    rows = line_features.features(doc)
    assert rows[1, line_features.FEATURES.index("template")] == rows[2, line_features.FEATURES.index("template")] == 0.0


def test_the_line_model_is_on_by_default(default_rules):
    assert "line-model" in {r.id for r in default_rules.enabled()}


def huge_page(tmp_path: Path) -> Path:
    """The seed articles in one file, with furniture between them: many windows of a few lines."""
    parts = [seed.read_text(encoding="utf-8") for seed in sorted(CORPUS.glob("*.txt"))]
    text = "\n\n".join(part + "\n\n" + "\n\n".join(FURNITURE + INSIDE) for part in parts)
    path = tmp_path / "huge.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("window_lines", [2, 9, 40])
def test_a_windows_features_are_the_whole_files(tmp_path, default_rules, window_lines):
    """Every feature reads at most REACH (+ NEIGHBOURHOOD) blocks either side, less than a window's
    context, and whole-file summaries that the first pass computes: each block's row is the same."""
    path = huge_page(tmp_path)
    whole_doc = document.read(path, "huge.txt")
    whole = {block.line: row for block, row in zip(whole_doc.blocks, line_features.features(whole_doc))}
    pack = [r for r in default_rules.enabled() if r.id == "line-model"]
    seen = {}
    for window in windows.windows(str(path), "huge.txt", "utf-8", pack, window_lines, 10**9):
        for block, row in zip(window.wide.blocks, line_features.features(window.wide)):
            if window.first_line <= block.line <= window.last_line:
                seen[block.line] = row
    assert sorted(seen) == sorted(whole)
    assert all(np.array_equal(seen[line], whole[line]) for line in whole)
    assert line_features.REACH + line_features.NEIGHBOURHOOD < windows.CONTEXT_BLOCKS


def test_a_huge_files_windows_give_the_whole_files_line_model_findings(tmp_path, default_rules):
    path = huge_page(tmp_path)
    pack = [r for r in default_rules.enabled() if r.id == "line-model"]
    whole = linter.check_document(document.read(path, "huge.txt"), pack).findings
    windowed = windows.check_path(str(path), pack, window_lines=5, name="huge.txt").findings
    assert len(whole) >= 5 and sorted(windowed, key=lambda f: f.sort_key()) == sorted(whole, key=lambda f: f.sort_key())


def checked(text: str, ruleset) -> list[tuple[int, str]]:
    doc = document.parse(text, "a.txt")
    report = linter.lint([doc], ruleset)
    return [(f.line, f.rule) for f in suppress.apply(report.findings, [doc], ruleset).findings if f.category == "boilerplate"]


@pytest.mark.parametrize("marker", ["disable-next-line=line-model", "disable-next-line=boilerplate", "disable-next-line"])
def test_a_marker_silences_the_line_model_like_any_rule(default_rules, marker):
    target = line_of(INTERRUPTED, INSIDE[0])
    assert (target, "line-model") in checked(INTERRUPTED, default_rules)
    marked = INTERRUPTED.replace(INSIDE[0], f"<!-- newslint: {marker} -->\n{INSIDE[0]}")
    assert not [line for line, _ in checked(marked, default_rules) if line == target + 1]
    assert (line_of(marked, INSIDE[1]), "line-model") in checked(marked, default_rules)  # the other line still is


def test_a_line_whose_specific_rule_is_silenced_is_not_reported_by_the_line_model_instead(default_rules):
    """The line model is a catch-all under the hand rules: silencing the rule that names a line
    ("this one is on purpose") must not let the catch-all report it in that rule's place."""
    found = dict(checked(ARTICLE, default_rules))
    for line_text in FURNITURE:
        line = line_of(ARTICLE, line_text)
        marked = ARTICLE.replace(f"\n{line_text}\n", f"\n<!-- newslint: disable-next-line={found[line]} -->\n{line_text}\n", 1)
        assert (line + 1, found[line]) not in checked(marked, default_rules)
        assert (line + 1, "line-model") not in checked(marked, default_rules)


@pytest.mark.parametrize(
    "text",
    [
        f"{PROSE[0]}\n",
        f"{PROSE[0]}\n\n{PROSE[0]}\n\n{PROSE[0]}\n",  # a paragraph and its copies: nothing to be off-topic from
        f"Skip to content\n\n{PROSE[0]}\n\n{PROSE[1]}\n",
    ],
)
def test_a_short_note_gives_the_model_nothing_to_measure_against(default_rules, text):
    assert "line-model" not in {rule for _, rule in checked(text, default_rules)}


def test_the_shipped_model_weighs_every_feature_newslint_computes(default_rules):
    (rule,) = [r for r in default_rules if r.id == "line-model"]
    assert set(rule.params.features) == set(line_features.FEATURES)
    assert 0.0 < rule.params.threshold < 1.0
    assert all(len(high) <= line_features.CUE_WIDTH and len(low) <= line_features.CUE_WIDTH for high, low in line_features.CUES.values())


MODEL_RULE = """\
rules:
  - id: mine
    kind: line-model
    category: boilerplate
    severity: warning
    message: 'furniture ({score}%: {cues})'
    threshold: 0.5
    features:
      log_words: {mean: 2.0, scale: 1.0, weight: -1.0}
"""


@pytest.mark.parametrize(
    "change, expected",
    [
        (("log_words:", "log_wordz:"), ":8: rule 'mine': unknown feature 'log_wordz'"),
        (("scale: 1.0", "scale: 0"), ":8: rule 'mine': feature 'log_words': 'scale' must be above 0"),
        (("weight: -1.0}", "weight: -1.0, bias: 2}"), ":8: rule 'mine': feature 'log_words' must be a mapping of exactly mean, scale and weight"),
        (("threshold: 0.5", "threshold: 1.5"), ":7: rule 'mine': 'threshold' must be a probability between 0 and 1"),
        (("mean: 2.0", "mean: .nan"), ":8: rule 'mine': feature 'log_words': 'mean' must be a finite number"),
        (("threshold: 0.5", "threshold: 0.5\n    long_threshold: 1.5"), ":8: rule 'mine': 'long_threshold' must be 0 (off) or a probability between 0 and 1"),
    ],
)
def test_a_bad_model_is_one_error_naming_file_and_line(write_rules, change, expected):
    directory = write_rules(MODEL_RULE.replace(*change))
    with pytest.raises(UserError) as caught:
        rules.load([directory], include_default=False)
    assert expected in str(caught.value)


def labelled_set(root: Path) -> tuple[Path, Path]:
    """Two small pages, labelled as the devset is: a page of prose with furniture around it."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    records = []
    for n, (top, bottom) in enumerate([(FURNITURE[:2], FURNITURE[2:]), (FURNITURE[2:], FURNITURE[:2])]):
        lines = [*top, *PROSE[n:], *PROSE[:n], *bottom]
        (corpus / f"p{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for number, line in enumerate(lines, 1):
            records.append({"path": f"p{n}.txt", "line": number, "category": "boilerplate" if line in FURNITURE else "body"})
    labels = root / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return corpus, labels


def retrain(corpus: Path, labels: Path, out: Path, *more: str) -> bytes:
    command = [sys.executable, "-m", "newslint.train_line_model", "--set", str(corpus), str(labels), "--out", str(out), *more]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return (out / "line-model.yaml").read_bytes()


def test_retraining_is_bit_for_bit_and_the_model_is_used_through_the_config(tmp_path, run, monkeypatch):
    corpus, labels = labelled_set(tmp_path / "mine")
    first = retrain(corpus, labels, tmp_path / "a")
    assert first == retrain(corpus, labels, tmp_path / "b")
    (tmp_path / "newslint.yaml").write_text(
        textwrap.dedent(
            """\
            rule-dirs: [a]
            ignore: [line-model]
            """
        ),
        encoding="utf-8",
    )
    page = tmp_path / "page.txt"
    page.write_text(INTERRUPTED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "json", "page.txt")
    found = {f["rule"] for f in json.loads(result.output)["findings"]}
    assert "line-model-local" in found and "line-model" not in found


def test_the_trainer_refuses_a_missing_set_with_one_line(tmp_path):
    command = [sys.executable, "-m", "newslint.train_line_model", "--set", str(tmp_path / "nope"), str(tmp_path / "l.jsonl"), "--out", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_threshold_given_to_the_trainer_is_the_rules(tmp_path):
    corpus, labels = labelled_set(tmp_path / "mine")
    written = retrain(corpus, labels, tmp_path / "a", "--threshold", "0.7").decode()
    assert "\n    threshold: 0.7\n" in written
    (rule,) = rules.load([tmp_path / "a"], include_default=False)
    assert rule.params.threshold == 0.7


def test_long_threshold_is_the_cut_for_long_blocks_only(write_rules):
    """One feature, the block's length: every long block scores above every short one. A
    `threshold` above all scores flags nothing, and with a `long_threshold` under the long
    blocks' scores, exactly the long blocks; a `threshold` under every score with a
    `long_threshold` above all of them flags exactly the short blocks."""
    from newslint.kinds import line_model

    doc = document.parse(INTERRUPTED, "a.txt")
    base = MODEL_RULE.replace("weight: -1.0", "weight: 1.0").replace("mean: 2.0", "mean: 2.5")

    def flagged(threshold: float, extra: str = "") -> set[int]:
        rule = base.replace("threshold: 0.5", f"threshold: {round(threshold, 6)}\n    min_article_blocks: 1{extra}")
        (loaded,) = rules.load([write_rules(rule)], include_default=False)
        return {f.line for f in line_model.check(doc, loaded)}

    (loaded,) = rules.load([write_rules(base)], include_default=False)
    probability, _ = line_model.scores(doc, loaded.params)
    long = [b.word_count >= line_features.LONG_WORDS for b in doc.blocks]
    shorts = [p for p, n in zip(probability, long) if not n]
    longs = [p for p, n in zip(probability, long) if n]
    assert shorts and longs and max(shorts) < min(longs) < max(longs) < 0.999
    long_lines = {b.line for b, n in zip(doc.blocks, long) if n}
    short_lines = {b.line for b, n in zip(doc.blocks, long) if not n}
    above_all, under_all = (max(longs) + 1) / 2, min(shorts) / 2
    between = (max(shorts) + min(longs)) / 2
    assert flagged(above_all) == set()
    assert flagged(above_all, f"\n    long_threshold: {round(between, 6)}") == long_lines
    assert flagged(under_all, f"\n    long_threshold: {round(above_all, 6)}") == short_lines
    # `long_words` says what is long: past every block's length, no block gets the long cut
    assert flagged(above_all, f"\n    long_threshold: {round(between, 6)}\n    long_words: 1000") == set()

    # above the article, a long line that does not end like a sentence is a headline's shape: it keeps `threshold`
    headline = "Tram line to reach the northern suburbs after years of debate on the council"
    for last, expected in (("", set()), (".", {1})):
        doc = document.parse(f"{headline}{last}\n\n" + INTERRUPTED, "a.txt")
        assert doc.blocks[0].word_count >= line_features.LONG_WORDS
        (loaded,) = rules.load([write_rules(base)], include_default=False)
        assert line_model.scores(doc, loaded.params)[0][0] > between  # it scores as long blocks do
        assert flagged(above_all, f"\n    long_threshold: {round(between, 6)}") & {1} == expected


def test_a_long_threshold_given_to_the_trainer_is_the_rules(tmp_path):
    corpus, labels = labelled_set(tmp_path / "mine")
    written = retrain(corpus, labels, tmp_path / "a", "--threshold", "0.7", "--long-threshold", "0.6").decode()
    assert "\n    long_threshold: 0.6\n" in written
    (rule,) = rules.load([tmp_path / "a"], include_default=False)
    assert (rule.params.threshold, rule.params.long_threshold) == (0.7, 0.6)
    assert "\n    long_threshold:" not in retrain(corpus, labels, tmp_path / "b").decode()  # not given: one cut for all


def test_the_shipped_model_cuts_long_blocks_lower():
    (rule,) = [r for r in rules.load([]) if r.id == "line-model"]
    assert 0.0 < rule.params.long_threshold < rule.params.threshold


NEWSROOM = Path(__file__).parent / "fixtures" / "newsroom"


def test_a_newsroom_retrains_on_its_own_pages_and_checks_with_that_model_through_the_config(tmp_path, run, monkeypatch):
    """docs/accuracy.md's recipe end to end: three labelled pages of one house layout, a model
    trained on them, used through newslint.yaml on a page it has not seen."""
    first = retrain(NEWSROOM / "pages", NEWSROOM / "labels.jsonl", tmp_path / "newsroom-rules")
    assert first == retrain(NEWSROOM / "pages", NEWSROOM / "labels.jsonl", tmp_path / "again")
    (tmp_path / "newslint.yaml").write_text("rule-dirs: [newsroom-rules]\nignore: [line-model]\n", encoding="utf-8")
    (tmp_path / "unseen.txt").write_bytes((NEWSROOM / "unseen.txt").read_bytes())
    monkeypatch.chdir(tmp_path)
    findings = json.loads(run("check", "--format", "json", "unseen.txt").output)["findings"]
    flagged = {f["line"] for f in findings if f["rule"] == "line-model-local"}
    lines = (NEWSROOM / "unseen.txt").read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("Riverside Gazette |") and 1 in flagged  # the house header
    assert lines[12].startswith("The Riverside Gazette is an independent newsroom") and 13 in flagged  # its trust notice
    assert not flagged & {5, 7, 9}  # the story's paragraphs
    assert "line-model" not in {f["rule"] for f in findings}


def test_the_word_classes_are_data_in_the_tokeniser_s_own_form():
    import yaml

    from newslint import sketch

    classes = yaml.safe_load(line_features.WORDS_FILE.read_text(encoding="utf-8"))
    assert set(classes) >= {"function", "action", "furniture", "promo", "notice", "caption_verbs", "imperatives", "roles"}
    for name, words in classes.items():
        listed = words.split()
        assert listed, name
        # A word the tokeniser never gives (upper case, an apostrophe, punctuation) could never match.
        assert all(sketch.words(word) == [word] for word in listed), name
    assert "dont" in line_features.IMPERATIVES and "subscribe" in line_features.IMPERATIVES  # action words open imperatives too


def test_the_features_are_the_same_with_the_gate_and_without(monkeypatch, tmp_path, default_rules):
    # The features skip their costliest regexes where the gate (scan.py) rules them out: the
    # rows must be what running every regex gives, on seeds and bench articles with dates,
    # times, separators and self-references.
    from conftest import load_bench
    from newslint import scan

    speed = load_bench("speed")
    writer = speed.Writer(speed.SEED)
    docs = [document.read(p) for p in sorted(CORPUS.glob("*.txt"))]
    docs += [document.parse(writer.article(), f"bench-{n}.txt") for n in range(40)]
    stamps = "Posted 5 mins ago\n\nUpdated May 3, 2021\n\nRead this article on our site: www.example.com\n\nComments (12)\n"
    docs.append(document.parse(stamps, "stamps.txt"))
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(tmp_path / "gate"))
    monkeypatch.setattr(scan, "GATE_AFTER", 0)
    scan.select(rule.params for rule in default_rules.enabled())
    gated, skipped = [], 0
    for doc in docs:
        monkeypatch.setattr(scan, "_last", None)
        skipped += sum(len(set(line_features.GATED) & out) for out in scan.ruled_out_by_block(doc))
        gated.append(line_features.features(doc))
    assert skipped > len(docs)  # the gate did rule some of them out
    column = {name: n for n, name in enumerate(line_features.FEATURES)}
    found = gated[-1]  # each gated regex matches where it should, gate on
    assert [found[n, column["time_or_date"]] for n in range(4)] == [1.0, 1.0, 0.0, 0.0]
    assert found[2, column["separators"]] > 0 and found[2, column["self_reference"]] > 0
    assert found[3, column["counter"]] == 1.0 and found[0, column["separators"]] == 0.0
    monkeypatch.setattr(scan, "AVAILABLE", False)
    for doc, rows in zip(docs, gated):
        monkeypatch.setattr(scan, "_last", None)
        assert scan.ruled_out_by_block(doc) == (scan.NOTHING,) * len(doc.blocks)
        assert line_features.features(doc).tobytes() == rows.tobytes(), doc.path


# Characters that decide where a capitalised token starts and ends: capitals, letters, the
# token's punctuation, spaces of several kinds, and characters outside ASCII.
TOKEN_TEXT = st.text(alphabet="AZaz'’.-,!\u00e9\u0130 \t\n\u00a0", max_size=40)


@settings(max_examples=400, deadline=None)
@given(TOKEN_TEXT)
def test_capitalised_tokens_are_counted_as_the_lookbehind_first_pattern_counts_them(text):
    # The shipped pattern puts the capital before its lookbehind, for speed only.
    plain = re.compile(r"(?<!\S)[A-Z][\w'’.-]*(?!\S)")
    assert line_features._CAPITALISED_TOKEN.findall(text) == plain.findall(text)

"""The review page (`--format html`) in a real headless Chromium: counts, filters, keys, links,
the fix view, hostile text and the URL hash. Skipped, with the reason, where Chromium or its
driver is missing; NEWSLINT_REQUIRE_BROWSER=1 (set by .ci/run) makes that a failure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import chromium
from conftest import CORPUS, newslint, write
from test_formats_html import HOSTILE_RULES, HOSTILE_TEXT

HIDDEN = "return Array.from(document.querySelectorAll('.hl[data-rule]'), (el) => getComputedStyle(el, '::before').display === 'none' && getComputedStyle(el).backgroundColor === 'rgba(0, 0, 0, 0)')"
IN_VIEW = "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight"
# The seed corpus's findings (EXPECTED.md's rows, the byline, and the two inconsistent figures).
SEED_FINDINGS = 39


@pytest.fixture(scope="module")
def driver():
    reason = chromium.missing()
    if reason:
        if os.environ.get("NEWSLINT_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (NEWSLINT_REQUIRE_BROWSER=1 forbids skipping)")
        pytest.skip(reason)
    with chromium.browser(1200, 800) as browser:
        yield browser


def page_of(target: Path, *paths: str, cwd: Path | None = None, extra: tuple[str, ...] = ()) -> Path:
    """`newslint check PATHS --format html -o target`, run in `cwd`."""
    here = Path.cwd()
    os.chdir(cwd or here)
    try:
        result = newslint("check", *paths, *extra, "--format", "html", "--no-cache", "-o", str(target))
    finally:
        os.chdir(here)
    assert result.code in (0, 1), result.stderr
    return target


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    return page_of(tmp_path_factory.mktemp("seed") / "review.html", str(CORPUS))


def open_page(driver, page: Path, hash: str = "") -> None:
    driver.get(page.as_uri() + hash)
    assert driver.execute_script("return document.readyState") == "complete"


def console_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def press(driver, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def active_id(driver) -> str:
    return driver.execute_script("return document.activeElement.id")


def findings_of(*paths: str) -> list[dict]:
    return json.loads(newslint("check", *paths, "--format", "json", "--no-cache").stdout)["findings"]


def test_the_seed_page_loads_without_console_errors_and_shows_every_finding(driver, seed_page):
    open_page(driver, seed_page)
    assert console_errors(driver) == []
    expected = findings_of(str(CORPUS))
    marks = driver.execute_script(
        "return Array.from(document.querySelectorAll('.hl[data-rule]'), (el) => [el.dataset.rule, el.dataset.severity])")
    assert len(marks) == len(expected) == SEED_FINDINGS
    assert sorted(map(tuple, marks)) == sorted((f["rule"], f["severity"]) for f in expected)
    assert driver.find_element("id", "shown").text == str(SEED_FINDINGS)
    assert not any(driver.execute_script(HIDDEN))


def test_a_category_filter_hides_exactly_its_highlights_and_updates_the_counts(driver, seed_page):
    open_page(driver, seed_page)
    categories = driver.execute_script("return Array.from(document.querySelectorAll('.hl[data-rule]'), (el) => el.dataset.category)")
    box = driver.find_element("css selector", "#filters input[data-group='c'][value='0']")  # duplicate
    assert "duplicate" in box.find_element("xpath", "..").text
    box.click()
    assert driver.execute_script(HIDDEN) == [c == "duplicate" for c in categories]
    assert driver.find_element("id", "shown").text == str(SEED_FINDINGS - categories.count("duplicate"))
    article = driver.find_element("css selector", "section.article:has(mark.c0) summary .count")
    assert int(article.text) == driver.execute_script(
        "return arguments[0].closest('section').querySelectorAll('.hl[data-rule]:not(.c0)').length", article)
    box.click()
    assert not any(driver.execute_script(HIDDEN))
    assert console_errors(driver) == []


def test_n_and_p_move_focus_to_the_next_and_previous_visible_finding(driver, seed_page):
    open_page(driver, seed_page)
    press(driver, "p")
    assert active_id(driver) == f"h{SEED_FINDINGS - 1}"  # from the top, `p` goes to the last finding
    open_page(driver, seed_page)
    press(driver, "n")
    assert active_id(driver) == "h0"
    press(driver, "n")
    assert active_id(driver) == "h1"
    press(driver, "p")
    assert active_id(driver) == "h0"
    first = driver.find_element("id", "h0")
    assert driver.execute_script(IN_VIEW, first)
    # Hidden findings are skipped.
    category = first.get_attribute("data-category")
    driver.find_element("css selector", f"#filters input[data-group='c'][value='{first.get_attribute('class').split()[1][1:]}']").click()
    press(driver, "n")
    assert driver.switch_to.active_element.get_attribute("data-category") != category


def test_hovering_or_focusing_a_highlight_shows_rule_severity_and_message(driver, seed_page):
    open_page(driver, seed_page)
    mark = driver.find_element("css selector", ".hl[data-rule='repeated-block']")
    driver.execute_script("arguments[0].focus()", mark)
    tip = driver.find_element("id", "tip")
    assert tip.is_displayed()
    assert "repeated-block · error · duplicate" in tip.text and mark.get_attribute("data-message") in tip.text
    from selenium.webdriver.common.action_chains import ActionChains

    other = driver.find_element("css selector", ".hl[data-rule='unsupported-figure']")
    ActionChains(driver).move_to_element(other).perform()
    assert "unsupported-figure · warning" in tip.text


def test_a_duplicates_link_scrolls_to_its_first_copy(driver, tmp_path):
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words = [a + b for a in syllables for b in syllables]  # made-up words, so that no filler repeats another
    filler = [" ".join(words[n * 14 : n * 14 + 14]).capitalize() + "." for n in range(30)]
    repeated = "The council approved the budget on Monday after a long debate about the bridge on the river road."
    write(tmp_path / "story.txt", "\n\n".join([repeated, *filler, repeated]) + "\n")
    page = page_of(tmp_path / "review.html", "story.txt", cwd=tmp_path)
    open_page(driver, page)
    link = driver.find_element("css selector", ".hl[data-rule='repeated-block'] a.go")
    assert link.get_attribute("href").endswith("#a0L1")
    target = driver.find_element("id", "a0L1")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    assert not driver.execute_script(IN_VIEW, target)
    link.click()
    assert driver.execute_script(IN_VIEW, target)
    assert active_id(driver) == "a0L1"
    assert console_errors(driver) == []


def test_the_fix_view_strikes_through_the_lines_fix_would_cut(driver, seed_page):
    open_page(driver, seed_page)
    decorations = "return Array.from(document.querySelectorAll('.l.cut'), (el) => getComputedStyle(el).textDecorationLine)"
    cut = driver.execute_script(decorations)
    diff = newslint("fix", "--diff", str(CORPUS)).stdout.splitlines()
    # A file without a final newline shows its new last line as changed: "-" and "+" once more.
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    removed -= sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    assert len(cut) == removed > 0 and set(cut) == {"none"}
    driver.find_element("id", "fix-view").click()
    assert set(driver.execute_script(decorations)) == {"line-through"}
    kept = driver.execute_script("return getComputedStyle(document.querySelector('.l:not(.cut)')).textDecorationLine")
    assert kept == "none"


def test_the_hostile_article_runs_no_script_and_shows_its_markup_as_text(driver, tmp_path):
    write(tmp_path / "rules" / "markup.yaml", HOSTILE_RULES)
    write(tmp_path / "desk" / '<img src=x onerror="window.newslintPwned=9">.txt', HOSTILE_TEXT)
    record = {"id": '</script><script>window.newslintPwned = 7</script>', "text": HOSTILE_TEXT}
    write(tmp_path / "desk" / "feed.jsonl", json.dumps(record) + "\n")
    page = page_of(tmp_path / "review.html", "desk", "desk/feed.jsonl", cwd=tmp_path, extra=("--rules", "rules"))
    open_page(driver, page)
    assert driver.execute_script("return typeof window.newslintPwned") == "undefined"
    lines = driver.execute_script("return Array.from(document.querySelectorAll('.l'), (el) => el.textContent)")
    assert "1<script>window.newslintPwned = 1</script>" in lines  # the line number, then the text
    assert any('<img src=x onerror="window.newslintPwned = 2">' in line for line in lines)
    titles = driver.execute_script("return Array.from(document.querySelectorAll('summary .path'), (el) => el.textContent)")
    assert 'desk/<img src=x onerror="window.newslintPwned=9">.txt' in titles
    assert 'desk/feed.jsonl › </script><script>window.newslintPwned = 7</script>' in titles
    assert driver.execute_script("return document.querySelectorAll('img, iframe, textarea, main svg, main script').length") == 0
    for mark in driver.find_elements("css selector", ".hl[data-rule]"):  # every tooltip, hostile messages too
        driver.execute_script("arguments[0].focus()", mark)
    press(driver, "n")
    assert driver.execute_script("return typeof window.newslintPwned") == "undefined"
    assert console_errors(driver) == []


def test_the_filters_the_fix_view_and_the_position_survive_a_reload(driver, seed_page):
    open_page(driver, seed_page)
    driver.find_element("css selector", "#filters input[data-group='c'][value='1']").click()  # boilerplate
    driver.find_element("css selector", "#filters input[data-group='s'][value='2']").click()  # info
    driver.find_element("id", "fix-view").click()
    press(driver, "n")
    press(driver, "n")
    position = active_id(driver)
    hidden = driver.execute_script(HIDDEN)
    assert "hc=boilerplate" in driver.current_url and "hs=info" in driver.current_url
    driver.refresh()
    assert not driver.find_element("css selector", "#filters input[data-group='c'][value='1']").is_selected()
    assert not driver.find_element("css selector", "#filters input[data-group='s'][value='2']").is_selected()
    assert driver.find_element("id", "fix-view").is_selected()
    assert driver.execute_script(HIDDEN) == hidden
    assert active_id(driver) == position
    assert console_errors(driver) == []


def test_a_large_page_renders_an_article_when_it_is_needed(driver, tmp_path):
    for n in range(205):
        write(tmp_path / "desk" / f"{n:03d}.txt", f"Skip to content\n\nThe council met on Monday about road number {n}.\n")
    page = page_of(tmp_path / "review.html", "desk", cwd=tmp_path)
    open_page(driver, page)
    assert console_errors(driver) == []
    assert driver.execute_script("return document.querySelectorAll('.hl[data-rule]').length") == 0
    total = len(findings_of(str(tmp_path / "desk")))
    assert driver.find_element("id", "shown").text == str(total)
    press(driver, "n")
    assert active_id(driver) == "h0"
    assert driver.execute_script("return document.activeElement.closest('details').open")
    driver.find_element("css selector", ".ranking a[href='#a204']").click()
    assert driver.execute_script("return document.querySelectorAll('#a204 .hl[data-rule]').length") > 0
    assert driver.execute_script(IN_VIEW, driver.find_element("id", "a204"))
    driver.find_element("css selector", "#filters input[data-group='c'][value='1']").click()
    assert driver.execute_script("return Number(document.getElementById('shown').textContent)") < total
    assert console_errors(driver) == []

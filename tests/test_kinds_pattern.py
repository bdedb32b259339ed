"""The `pattern` kind: phrases and regexes over lines, blocks and sentences."""

from __future__ import annotations

from conftest import make_doc, rule_from_yaml
from newslint import document
from newslint.kinds import pattern

NAVIGATION = """
id: nav
kind: pattern
category: boilerplate
severity: error
message: 'navigation "{match}"'
phrases: [skip to content]
scope: line
whole: true
"""


def lines(rule, text: str) -> list[int]:
    return [f.line for f in pattern.check(make_doc(text), rule)]


def test_whole_line_phrase_matches_alone_but_not_inside_a_sentence():
    rule = rule_from_yaml(NAVIGATION)
    text = """
    Skip to content
    Readers who skip to content they like miss the context.
      SKIP TO CONTENT »
    """
    assert lines(rule, text) == [1, 3]


def test_finding_carries_message_column_and_excerpt():
    rule = rule_from_yaml(NAVIGATION)
    (finding,) = pattern.check(document.parse("\n\n   Skip to content\n", "doc.txt"), rule)
    assert (finding.line, finding.column, finding.message) == (3, 4, 'navigation "Skip to content"')
    assert finding.excerpt == "Skip to content" and finding.related is None


def test_regex_in_sentence_scope_locates_the_match():
    rule = rule_from_yaml(
        """
        id: weasel
        kind: pattern
        category: other
        severity: info
        message: 'weasel words "{match}"'
        patterns: ['\\bsome (say|experts)\\b']
        scope: sentence
        """
    )
    doc = make_doc("Prices rose. Some experts disagree about why.\n")
    (finding,) = pattern.check(doc, rule)
    assert (finding.line, finding.column, finding.excerpt) == (1, 14, "Some experts disagree about why.")


def test_min_run_and_roles_find_tag_lists_only():
    rule = rule_from_yaml(
        """
        id: tags
        kind: pattern
        category: boilerplate
        severity: error
        message: 'tag "{match}"'
        patterns: ['^\\w+( \\w+){0,2}$']
        scope: block
        roles: [bullet]
        min_run: 3
        """
    )
    text = """
      • Xi Jinping
      • Russia
      • World War II
    A paragraph.
      • Lonely tag
    Another paragraph.
      • China and Russia, led by Xi Jinping and Vladimir Putin respectively, marked an anniversary.
      • Both sides opposed unilateralism.
    """
    assert lines(rule, text) == [1, 2, 3]


def test_max_words_skips_long_blocks():
    rule = rule_from_yaml(
        """
        id: follow
        kind: pattern
        category: boilerplate
        severity: error
        message: '{match}'
        patterns: ['follow us']
        max_words: 6
        """
    )
    assert lines(rule, "Follow us on Twitter\nAnalysts who follow us markets closely said the trend would continue.\n") == [1]


def test_default_pack_catches_furniture_of_other_sites(default_rules):
    from newslint import linter

    doc = make_doc(
        """
        Skip to main content
        Leave a comment
        Your email address will not be published. Required fields are marked *
        Related Articles
        You may also like
        Tuesday, March 4, 2025
        Follow us on Google News
        Share this article
        The minister said the plan would skip to content review next year.
        """
    )
    flagged = {f.line for f in linter.lint([doc], default_rules).findings if f.category == "boilerplate"}
    assert flagged == {1, 2, 3, 4, 5, 6, 7, 8}

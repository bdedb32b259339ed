"""The `pattern` kind: phrases and regexes over lines, blocks and sentences."""

from __future__ import annotations

import pytest

from conftest import make_doc, rule_from_yaml
from newslint import document
from newslint.errors import UserError
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


ARTICLE_AROUND = """
Home

Xi and Putin signed a joint statement in Moscow on Thursday, pledging closer ties.

Sources

The statement called for a multipolar world order and deeper trade between the two.

Share
"""


def block_rule(rule_id: str, body: str) -> str:
    """A block-scope boilerplate pattern rule, as YAML: its id, then the rest of its fields."""
    return f"""
    id: {rule_id}
    kind: pattern
    category: boilerplate
    severity: warning
    message: '{{match}}'
    scope: block
    {body}
    """


def short_lines(extra: str) -> str:
    return block_rule("short", f"max_words: 3\n    patterns: ['\\w']\n    {extra}")


def test_positions_tell_the_page_around_the_article_from_the_article():
    assert lines(rule_from_yaml(short_lines("positions: [lead, tail]")), ARTICLE_AROUND) == [1, 9]
    assert lines(rule_from_yaml(short_lines("positions: [body]")), ARTICLE_AROUND) == [5]
    assert lines(rule_from_yaml(short_lines("positions: [tail]")), ARTICLE_AROUND) == [9]


def test_tokens_describe_what_a_line_is_made_of():
    rule = rule_from_yaml(
        """
        id: stamp
        kind: pattern
        category: boilerplate
        severity: warning
        message: '{match}'
        tokens: ['nov\\.?', '\\d{1,4}', '\\d{1,2}:\\d\\d', 'pm|am|et', 'published|at']
        max_other_words: 2
        other_words: '[A-Z]\\w*'
        """
    )
    text = """
    Published Nov 19, 2019 at 6:46 pm ET
    Chris Davies Nov 19, 2019
    Xi arrived on Nov 19, 2019
    Wednesday morning
    """
    # 3: "arrived" is not a name; 4: no token at all
    assert lines(rule, text) == [1, 2]


def test_after_takes_the_entries_under_a_header_until_the_next_paragraph():
    rule = rule_from_yaml(
        """
        id: related
        kind: pattern
        category: boilerplate
        severity: warning
        message: 'related link'
        scope: block
        patterns: ['\\w']
        after: ['related articles', 'most read( in \\w+)?']
        after_max_blocks: 2
        """
    )
    text = """
    Related articles
      • Hong Kong uprising: Protestors send defiant warning
      • Hong Kong protests: 800 students under siege
      • A third entry, too far from the header
    Many of the protesters wear masks to shield their identities for their protection.
    Most read in World
    Munich incident: Police seal off major square
    """
    assert lines(rule, text) == [2, 3, 7]


def test_after_stops_at_prose_unless_told_otherwise():
    base = """
    id: box
    kind: pattern
    category: boilerplate
    severity: warning
    message: 'newsletter box'
    patterns: ['\\w']
    after: ['.*newsletter']
    after_max_blocks: 1
    """
    text = "Pick Six Newsletter\n\nGet the day's big stories and fun stuff you love like mock drafts, picks and power rankings.\n"
    assert lines(rule_from_yaml(base), text) == []
    assert lines(rule_from_yaml(base + "after_stops_at_prose: false\n"), text) == [3]


def test_next_to_finds_a_caption_beside_its_credit():
    rule = rule_from_yaml(
        """
        id: caption
        kind: pattern
        category: boilerplate
        severity: warning
        message: 'caption'
        patterns: ['\\w']
        max_words: 20
        next_to: ['/\\s*getty images$']
        """
    )
    text = """
    Burning crop stubble outside of Delhi is sending smoke into the city.

    Sakib Ali/Hindustan Times/Getty Images

    These farms are often run by small-scale farmers who cannot hire many workers or buy the machines, and so they burn the stubble.
    """
    # the paragraph after the credit is longer than a caption (max_words)
    assert lines(rule, text) == [1]


def test_whole_patterns_and_phrases_allow_punctuation_around_and_spaces_within():
    rule = rule_from_yaml(
        """
        id: header
        kind: pattern
        category: boilerplate
        severity: warning
        message: '{match}'
        scope: line
        whole: true
        phrases: [skip to content]
        patterns: ['most (read|popular)']
        """
    )
    assert lines(rule, "MOST POPULAR:\nSKIP  to  content »\nThe most popular dish was rice.\n") == [1, 2]


def test_new_parameters_are_checked():
    with pytest.raises(UserError, match="'tokens' is not a valid regular expression"):
        rule_from_yaml(short_lines("tokens: ['(']"))
    with pytest.raises(UserError, match="'positions' must be one of: lead, body, tail"):
        rule_from_yaml(short_lines("positions: [top]"))
    with pytest.raises(UserError, match="'after_max_blocks' >= 1"):
        rule_from_yaml(short_lines("after: [x]\n    after_max_blocks: 0"))


def test_the_joined_gate_of_anchored_patterns_never_changes_what_a_rule_finds():
    import dataclasses

    from conftest import CORPUS
    from newslint import regexes, rules

    texts = [line.strip() for path in sorted(CORPUS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    texts += ["Skip to content", "ſkip to content", "LEAVE A REPLY", "Related Articles:", "12 Comments", "Menu", "—", ""]
    gated_rules = [r for r in rules.load([]).enabled() if r.kind == "pattern" and r.params.anchored_gate is not None]
    assert len(gated_rules) >= 5  # the default pack has rules with several anchored patterns
    for rule in gated_rules:
        with regexes.trusted():  # the pack's patterns, rebuilt as the loader builds them
            ungated = dataclasses.replace(rule.params)
        object.__setattr__(ungated, "anchored_gate", None)
        object.__setattr__(ungated, "gated", (False,) * len(ungated.compiled))
        for text in texts:
            with_gate, without = pattern._search(text, rule.params), pattern._search(text, ungated)
            assert (with_gate and with_gate.span(), with_gate and with_gate.re.pattern) == (
                without and without.span(), without and without.re.pattern
            ), (rule.id, text)


SPAN_PAGE = """
Newsletter

The council met on Tuesday to agree the budget for the coming year, its leader said.

{middle}

The vote on the budget is due next month, after a public consultation closes in March.

{after}
"""


def mentions(extra: str) -> str:
    return block_rule("mention", f"patterns: ['\\bnewsletters?\\b', '\\(image: [^)]*\\)\\W*$', 'images by']\n    {extra}")


PROSE = "The plan was first set out in the association's spring newsletter, which went to every member of the board."
PITCH = "Members get every issue early. Sign up to our newsletter and get the council's news in your inbox each week."
CAPTION = "Protesters gathered outside the council chamber before the vote on Tuesday (Image: GETTY)"
NAMED = "The council hired Images by Lighting, a firm from the next town, to light the new hall for the opening night."


def test_span_min_words_off_by_default_judges_every_block_alike():
    assert lines(rule_from_yaml(mentions("")), SPAN_PAGE.format(middle=PROSE, after="x")) == [1, 5]


def test_span_addressing_keeps_a_long_in_span_match_only_where_it_speaks_to_the_reader():
    rule = rule_from_yaml(mentions("span_min_words: 11\n    span_addressing: true"))
    # prose that mentions a newsletter, inside the article: not furniture; the short line above is
    assert lines(rule, SPAN_PAGE.format(middle=PROSE, after="x")) == [1]
    # the sentence holding the match opens with an imperative and names "your" inbox
    assert lines(rule, SPAN_PAGE.format(middle=PITCH, after="x")) == [1, 5]
    # after the article's last prose paragraph (this one, not ending like a sentence, is not
    # prose) the same words are judged as before
    assert lines(rule, SPAN_PAGE.format(middle="Budget", after=PROSE.rstrip("."))) == [1, 9]


def test_the_sentence_holding_the_match_is_the_one_asked():
    rule = rule_from_yaml(mentions("span_min_words: 11\n    span_addressing: true"))
    # "you" in another sentence than the newsletter's does not make the mention a pitch
    text = "You may have seen the plan already. It was first set out in the association's spring newsletter last year."
    assert lines(rule, SPAN_PAGE.format(middle=text, after="x")) == [1]


def test_span_edge_chars_keeps_a_credit_at_the_block_edge_only():
    rule = rule_from_yaml(mentions("span_min_words: 11\n    span_edge_chars: 30"))
    assert lines(rule, SPAN_PAGE.format(middle=CAPTION, after="x")) == [1, 5]
    assert lines(rule, SPAN_PAGE.format(middle=NAMED, after="x")) == [1]
    # a short block is not judged: "Images by Lighting" alone is flagged
    assert lines(rule, SPAN_PAGE.format(middle="Images by Lighting", after="x")) == [1, 5]


def test_span_min_words_needs_a_match_place_in_its_block():
    with pytest.raises(UserError, match="'span_min_words' needs scope: block or scope: sentence"):
        rule_from_yaml(mentions("span_min_words: 11").replace("scope: block", "scope: line"))
    with pytest.raises(UserError, match="'span_min_words' must be >= 0"):
        rule_from_yaml(mentions("span_min_words: -1"))


HEADED_PAGE = """
Home

{heading}

{gap}The city's telescope club opened its new observatory on the hill to the public on Saturday night.

Members showed visitors how a telescope finds a planet, and the club's observatory stays open each Friday.

Archives
"""


def test_heading_blocks_leaves_the_article_own_heading_above_it_alone():
    rule = rule_from_yaml(short_lines("positions: [lead, tail]\n    heading_blocks: 2"))
    # "Telescope club observatory": every content word is the article's; "Home" is not
    page = HEADED_PAGE.format(heading="Telescope club observatory", gap="")
    assert lines(rule, page) == [1, 9]
    # a heading of words the article never uses is judged as before
    assert lines(rule, HEADED_PAGE.format(heading="Weather and traffic", gap="")) == [1, 3, 9]
    # one word the article does not use is enough to be judged
    assert lines(rule, HEADED_PAGE.format(heading="Telescope club weather", gap="")) == [1, 3, 9]
    # more than `heading_blocks` blocks above the first prose block: judged as before
    far = HEADED_PAGE.format(heading="Telescope club observatory", gap="Menu\n\nSearch\n\n")
    assert lines(rule, far) == [1, 3, 5, 7, 13]
    # off by default
    assert lines(rule_from_yaml(short_lines("positions: [lead, tail]")), page) == [1, 3, 9]


def test_heading_blocks_asks_for_content_words():
    rule = rule_from_yaml(short_lines("positions: [lead, tail]\n    heading_blocks: 2"))
    # a line of stopwords and numbers has no content words to vouch for it
    assert lines(rule, HEADED_PAGE.format(heading="On the 2", gap="")) == [1, 3, 9]
    with pytest.raises(UserError, match="'heading_blocks' must be >= 0"):
        rule_from_yaml(short_lines("heading_blocks: -1"))

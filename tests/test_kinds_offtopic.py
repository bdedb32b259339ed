"""The `offtopic` kind: headlines of other stories, bare or after a lead-in, judged by the words they share."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import make_doc, rule_from_yaml
from newslint import document, rules, windows
from newslint.errors import UserError
from newslint.kinds import offtopic

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "offtopic.yaml").read_text(encoding="utf-8"))
DEFAULT = rules.load([]).get("offtopic-promo")

PROMO = """
id: promo
kind: offtopic
category: offtopic
severity: warning
message: 'promo "{headline}" after "{lead_in}" ({overlap}%)'
lead_ins: ['read more', 'also on [\\w.]+']
"""

ARTICLE = """
China and Russia signed a joint statement in Moscow on Thursday, pledging closer ties.

{line}

The statement called for a multipolar world order and deeper trade between Moscow and Beijing.
"""


def lines(text: str, rule=DEFAULT) -> list[int]:
    return [f.line for f in offtopic.check(make_doc(text), rule)]


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["text"].splitlines()[2 if "\n\n" in c["text"] else 1][:40])
def test_promo_line_is_flagged(case):
    assert lines(case["text"]) == [case["line"]]


@pytest.mark.parametrize("text", CASES["pass"], ids=lambda t: t.strip().splitlines()[-1][:40])
def test_on_topic_line_is_left_alone(text):
    assert lines(text) == []


def test_message_names_the_headline_the_lead_in_and_the_overlap():
    rule = rule_from_yaml(PROMO)
    doc = make_doc(ARTICLE.format(line="READ MORE: Pakistan vows revenge for India's air strikes"))
    (finding,) = offtopic.check(doc, rule)
    assert finding.message == 'promo "Pakistan vows revenge for India\'s air strikes" after "READ MORE" (0%)'
    assert (finding.line, finding.category, finding.excerpt) == (3, "offtopic", "READ MORE: Pakistan vows revenge for India's air strikes")


def test_lead_ins_are_regular_expressions():
    rule = rule_from_yaml(PROMO)
    doc = make_doc(ARTICLE.format(line="Also on rt.com Miss Moscow picked from top beauties"))
    (finding,) = offtopic.check(doc, rule)
    assert "after \"Also on rt.com\"" in finding.message


def test_a_copy_of_the_promo_elsewhere_does_not_vouch_for_it():
    text = ARTICLE.format(line="Economy in stress and markets on a high; time to be careful?")
    text += "\nAlso read: Economy in stress and markets on a high; time to be careful?\n\nThe two leaders will meet again next year in Beijing, officials in Moscow said.\n"
    assert lines(text) == [3, 7]


def test_overlap_above_keeps_only_the_on_topic_links():
    related = rule_from_yaml(PROMO + "require_lead_in: true\nmax_overlap_lead_in: 1.0\noverlap_above: 0.5\nmin_novel_lead_in: 0\n")
    on_topic = ARTICLE.format(line="READ MORE: Moscow and Beijing sign joint statement on trade")
    off_topic = ARTICLE.format(line="READ MORE: Pakistan vows revenge for India's air strikes")
    assert lines(on_topic, related) == [3]
    assert lines(off_topic, related) == []
    assert lines(on_topic) == [] and lines(off_topic) == [3]  # the default rule takes the other half


def test_positions_split_the_article_from_the_furniture_around_it():
    around = rule_from_yaml(PROMO + "positions: [lead, tail]\n")
    text = "Munich incident: Police seal off major square after warning\n" + ARTICLE.format(
        line="Mexico earthquake: Huge quake strikes as seismic waves felt in Canada"
    )
    assert lines(text, around) == [1]
    assert lines(text, rule_from_yaml(PROMO + "positions: [body]\n")) == [5]


def test_skip_patterns_and_roles_narrow_the_candidates():
    line = "— Dianna E. Anderson (@diannaeanderson) November 18, 2019"
    assert lines(ARTICLE.format(line=line), rule_from_yaml(PROMO)) == [3]
    assert lines(ARTICLE.format(line=line), rule_from_yaml(PROMO + "skip_patterns: ['\\(@\\w+\\)']\n")) == []
    heading = ARTICLE.format(line="## Mexico earthquake: Huge quake strikes in the south")
    assert lines(heading, rule_from_yaml(PROMO + "roles: [paragraph]\n")) == []


RUN = """
China and Russia signed a joint statement in Moscow on Thursday, pledging closer ties.

Mexico earthquake: Huge quake strikes as seismic waves felt in Canada

Premier League: Arsenal sack their manager after a run of defeats

{third}

The statement called for a multipolar world order and deeper trade between Moscow and Beijing.
"""


def test_max_run_keeps_bare_lines_in_prose_company():
    two = RUN.format(third="Trade pact signed in Moscow")  # on-topic, still in the run
    four = RUN.format(third="Apple unveils new iPhone with a folding screen\n\nSpaceX launches rocket from Florida at dawn")
    # four headlines of other stories in a row: a box or a list, left to the boilerplate rules
    assert lines(two, rule_from_yaml(PROMO + "max_run: 3\n")) == [3, 5]
    assert lines(four, rule_from_yaml(PROMO + "max_run: 3\n")) == []
    assert lines(four, rule_from_yaml(PROMO)) == [3, 5, 7, 9]  # no limit by default
    # a lead-in is evidence enough, whatever the run
    lead = RUN.format(third="READ MORE: Apple unveils new iPhone with a folding screen\n\nSpaceX launches rocket from Florida at dawn")
    assert 7 in lines(lead, rule_from_yaml(PROMO + "max_run: 3\n"))


PAIR = """
China and Russia signed a joint statement in Moscow on Thursday, pledging closer ties.

Why Beijing will bring slaughter to Hong Kong

The Guardian view on Hong Kong: a city on the brink

The statement called for a multipolar world order and deeper trade between Moscow and Beijing.
"""


def test_promos_pasted_together_do_not_vouch_for_each_other():
    # each headline's "Hong Kong" is in the other one only, never in the article
    assert lines(PAIR, rule_from_yaml(PROMO + "vocabulary_min_words: 3\n")) == []
    assert lines(PAIR, rule_from_yaml(PROMO + "vocabulary_min_words: 3\nneighbours_vouch: false\n")) == [3, 5]
    assert lines(PAIR) == [3, 5]  # the default rule


SHORT = """
Six midwives have been suspended at the hospital for failing to follow the new procedures.

{pair}

The hospital's chief executive says no one was put at risk and the review is continuing.

"We will consider further action against the six midwives next week," he told reporters.
"""


def test_between_prose_keeps_a_pair_pasted_after_the_first_paragraph_inside():
    pair = "2020 Audi e-tron Sportback revealed as electric 4-door coupe\n\nMexico earthquake: Huge quake strikes as seismic waves felt in Canada"
    text = SHORT.format(pair=pair)
    # the pair puts the first paragraph three blocks from the next: out of the span's reach
    assert lines(text, rule_from_yaml(PROMO + "positions: [body]\n")) == []
    assert lines(text, rule_from_yaml(PROMO + "positions: [body]\nbetween_prose: true\n")) == [3, 5]
    assert lines(text) == [3, 5]  # the default rule
    # furniture before the article, with no prose above it, stays outside
    lead = pair + "\n\n" + SHORT.format(pair="")
    assert lines(lead, rule_from_yaml(PROMO + "positions: [body]\nbetween_prose: true\n")) == []


def test_tail_patterns_cut_a_timestamp_before_the_headline_is_judged():
    text = ARTICLE.format(line="Moscow and Beijing trade pact talks 6 hours ago")
    plain, cut = rule_from_yaml(PROMO + "max_overlap: 0.5\n"), rule_from_yaml(PROMO + "max_overlap: 0.5\ntail_patterns: ['\\s*\\d+ hours ago$']\n")
    # moscow, beijing, trade: 3 of 7 words with "hours ago" (off-topic); 3 of 5 without
    assert lines(text, plain) == [3]
    assert lines(text, cut) == []


def test_skip_fragments_is_off_unless_asked():
    text = ARTICLE.format(line="Anthony Selsdon tells us why US diplomacy has been so effective:")
    assert lines(text, rule_from_yaml(PROMO)) == [3]
    assert lines(text, rule_from_yaml(PROMO + "skip_fragments: true\n")) == []


def test_assess_reports_overlap_and_novel_words():
    doc = make_doc(ARTICLE.format(line="Moscow trade talks stall over sanctions"))
    (item,) = offtopic.assess(doc, DEFAULT.params)
    # moscow and trade occur in the article; talk, stall, sanction do not
    assert (round(item.overlap, 2), item.novel) == (0.4, 3)


@pytest.mark.parametrize(
    "line, message",
    [
        ("max_overlap: 1.5", "'max_overlap' must be a share between 0 and 1"),
        ("min_words: 0", "'min_words' must be at least 1"),
        ("max_words: 2", "'max_words' must be at least 'min_words'"),
        ("lead_ins: ['read (more']", "'lead_ins' are not valid regular expressions"),
        ("require_lead_in: true\nlead_ins: []", "'require_lead_in' needs a list of 'lead_ins'"),
        ("positions: [footer]", "'positions' must be one of: lead, body, tail"),
        ("max_run: -1", "'max_run' must be >= 0"),
        ("tail_patterns: ['ago(']", "tail_patterns"),
        ("box_only: true", "'box_only' needs 'box_min_run'"),
        ("box_min_run: 3\nbox_table_share: 0", "'box_table_share' must be a share above 0"),
        ("vouch_blocks: 0", "'vouch_blocks' must be at least 1"),
        ("vouch_words: -1", "'vouch_words' must be >= 0"),
        ("vouch_long: -2", "'vouch_long' must be >= 0"),
        ("vouch_blocks_lead_in: -1", "'vouch_blocks_lead_in' must be >= 0"),
    ],
)
def test_bad_parameters_name_the_key(line, message):
    text = PROMO.replace("lead_ins: ['read more', 'also on [\\\\w.]+']\n", "") + line + "\n"
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace("'", "'")):
        rule_from_yaml(text)


BOX = """
{first}

Kaepernick camp at odds with the league over the workout list

{third}

Myles Garrett: I made a mistake when I lost my cool on the field

{fifth}

Chargers coach Anthony Lynn said his team's playoff hopes were slim after the defeat on Monday night.

Lynn said the Chargers saw winning on Monday as the most important step toward the playoffs.
"""


def test_a_box_of_headlines_does_not_vouch_for_itself():
    around = rule_from_yaml(PROMO + "positions: [lead, tail]\nvocabulary_min_words: 3\n")
    box = rule_from_yaml(PROMO + "positions: [lead, tail]\nvocabulary_min_words: 3\nbox_min_run: 3\n")
    text = BOX.format(
        first="Myles Garrett should expect a significant suspension",
        third="Vikings come back to beat the Broncos in an overtime thriller",
        fifth="Kaepernick says he was ready for the workout the league cancelled",
    )
    # the members share "garrett", "league", "kaepernick" with each other, not with the article
    assert lines(text, around) == [5]
    assert lines(text, box) == [1, 3, 5, 7, 9]


def test_a_table_of_like_things_is_no_box():
    box = rule_from_yaml(PROMO + "positions: [lead, tail]\nvocabulary_min_words: 3\nbox_min_run: 3\nmin_novel: 2\n")
    text = (
        "Chargers coach Anthony Lynn said his team's playoff hopes were slim after the defeat on Monday night.\n\n"
        "Lynn said the Chargers saw winning on Monday as the most important step toward the playoffs.\n\n"
        "Spain (Group F): eleventh appearance\n\nPoland (Group G): fourth appearance\n\nFrance (Group H): tenth appearance\n"
    )
    assert lines(text, box) == []  # "group" and "appearance" recur in every row


RUN_ARTICLE = (
    "China and Japan agreed on Tuesday to hold regular talks on their shared history, officials said.\n\n"
    "The two governments said a panel of historians from both countries would meet in Beijing next year.\n\n"
)
OTHER_STORIES = [
    "Japan-China talks on shared past",
    "First China visit for new Japanese premier",
    "Abe works on neighbourly ties ~ 6 hours ago",
    "Row stirs Japanese concern over textbooks",
    "Nanjing museum opens a new hall",
    "Tokyo markets rally on yen weakness",
]
RUN_RULE = PROMO + (
    "positions: [lead, tail]\nmin_words: 3\nbox_only: true\nbox_min_run: 6\nbox_table_share: 0.34\n"
    "max_overlap: 0.6\nmin_novel: 2\ntail_patterns: ['\\s*~\\s*\\d+ hours ago$']\n"
)


def test_box_only_flags_a_long_run_of_other_headlines_as_a_whole():
    rule = rule_from_yaml(RUN_RULE)
    text = RUN_ARTICLE + "\n\n".join(OTHER_STORIES) + "\n"
    # "First China visit ..." shares "china" with the article (25%): a box's looser cut takes it;
    # "Japan-China talks on shared past" is 80% the article's words and stays.
    assert lines(text, rule) == [7, 9, 11, 13, 15]
    alone = RUN_RULE.replace("box_only: true\n", "").replace("box_min_run: 6\n", "")
    assert lines(text, rule_from_yaml(alone)) == [7, 9, 11, 13, 15]  # the same cut, now on any line ...
    lone = RUN_ARTICLE + "Tokyo markets rally on yen weakness\n"
    assert lines(lone, rule_from_yaml(alone)) == [5]
    assert lines(lone, rule) == []  # ... while box_only leaves a headline standing alone to other rules


def test_box_only_keeps_a_short_run_a_table_and_the_articles_own_list():
    rule = rule_from_yaml(RUN_RULE)
    assert lines(RUN_ARTICLE + "\n\n".join(OTHER_STORIES[1:]) + "\n", rule) == []  # five: no box
    table = [f"Panel member {name} University" for name in ("Ito of Kyoto", "Wang of Peking", "Sato of Waseda",
                                                            "Chen of Fudan", "Mori of Tohoku", "Zhao of Nanjing")]
    assert lines(RUN_ARTICLE + "\n\n".join(table) + "\n", rule) == []  # "panel", "member" recur: a table
    inside = (RUN_ARTICLE + "\n\n".join(OTHER_STORIES) + "\n\n"
              + "Officials said the first meeting would take place in the spring, before the summit.\n\n"
              + "The panel will publish its findings in both languages, the ministries said.\n")
    assert lines(inside, rule) == []  # between the article's paragraphs: its own list


# A page of `n` paragraphs about a river board; "offer" and "free" (short words) and "detained"
# and "migrants" (long ones) are used once each, in the paragraph `words` puts them in.
RIVER = "The river board met on day {n} to discuss flood walls along the valley and what they cost the town."
DOCTORS = "Doctors offer free flu shots to detained migrants"


def river_page(paragraphs: int, words: str, headline: str = DOCTORS) -> str:
    blocks = [RIVER.format(n=n) for n in range(paragraphs)]
    blocks[3] = f"At the meeting the board said it would {words} to every family in the valley."
    blocks.insert(paragraphs // 2, headline)
    return "\n\n".join(blocks) + "\n"


def test_on_a_long_page_a_short_word_used_once_does_not_vouch():
    """On 3,000+ words of prose, "offer" and "free" turn up by chance: used once, they no
    longer make the headline on topic; on a short page, or for long words, one use vouches."""
    assert sum(b.word_count for b in make_doc(river_page(160, "offer free sandbags")).blocks) > 3000
    long_page, short_page = river_page(160, "offer free sandbags"), river_page(40, "offer free sandbags")
    assert lines(long_page) == [1 + 2 * 80]
    assert lines(short_page) == []  # 2 of 7 words in the article: 29% > 25%
    assert lines(river_page(160, "help detained migrants")) == []  # long words: one use will do
    assert lines(river_page(160, "offer free sandbags"), rule_from_yaml(PROMO)) == []  # off by default


def test_after_a_lead_in_a_short_word_must_recur_on_any_page():
    text = river_page(20, "offer free sandbags and give", "READ MORE: Doctors offer free flu shots to migrants")
    assert lines(text) == [1 + 2 * 10]
    rule = rule_from_yaml(PROMO.replace("lead_ins:", "max_overlap_lead_in: 0.3\nlead_ins:"))
    assert lines(text, rule) == []  # 2 of 6 words in the article: a related link


def test_a_huge_files_windows_count_the_whole_files_prose(tmp_path):
    """The long-page cut reads the whole file's prose words, not a window's."""
    path = tmp_path / "long.txt"
    path.write_text(river_page(160, "offer free sandbags"), encoding="utf-8")
    whole = [f.line for f in offtopic.check(document.read(path, "long.txt"), DEFAULT)]
    windowed = windows.check_path(str(path), [DEFAULT], window_lines=9, name="long.txt")
    assert [f.line for f in windowed.findings if f.rule == "offtopic-promo"] == whole == [1 + 2 * 80]

"""newslint.claim_features: what the claim model sees of a flagged figure."""

from __future__ import annotations

import pytest

from conftest import make_doc
from newslint import claim_features
from newslint.claim_features import FEATURES


def row_of(text: str, figure: str, block: int = 0, sentence: int = 0, quoted: bool = False) -> dict[str, float]:
    """The named features of `figure` (its first occurrence) in one sentence of a document."""
    doc = make_doc(text)
    said = doc.blocks[block].sentences[sentence]
    start = said.text.index(figure)
    row = claim_features.features(doc, block, said, sentence == 0, (start, start + len(figure), figure), 1, quoted)
    assert len(row) == len(FEATURES) and all(isinstance(v, float) for v in row)
    return dict(zip(FEATURES, row))


def test_every_feature_has_its_cues_and_the_page_features_are_features():
    assert len(set(FEATURES)) == len(FEATURES) == len(claim_features.CUES)
    assert set(claim_features.PAGE_FEATURES) <= set(FEATURES)
    for column, name in enumerate(FEATURES):
        high, low = claim_features.CUES[name]
        assert claim_features.cue(column, True) == high and claim_features.cue(column, False) == low
        assert high != low and len(high) <= 24 and len(low) <= 24


def test_the_figure_shape():
    money = row_of("The house sold for $244,000 last year.\n", "$244,000")
    assert money["money"] == 1.0 and money["spelled"] == 0.0 and money["small"] == 0.0
    assert money["log_value"] == pytest.approx(5.387, abs=1e-3)
    spelled = row_of("Three workers were hurt in the fire.\n", "Three")
    assert spelled["spelled"] == 1.0 and spelled["small"] == 1.0 and spelled["at_start"] == 1.0 and spelled["log_value"] == 0.0
    share = row_of("Turnout rose to 61.5% in the north.\n", "61.5%")
    assert (share["percent"], share["decimal"], share["money"]) == (1.0, 1.0, 0.0)
    assert row_of("It was his 99th state visit abroad.\n", "99th")["ordinal"] == 1.0
    assert row_of("They beat Hungary 2-0 in the final.\n", "2-0")["range_shape"] == 1.0


def test_the_words_around_the_figure():
    named = row_of("The bus turned onto Route 9 and stopped there.\n", "9")
    assert named["before_capital"] == 1.0 and named["before_definite"] == 0.0
    counted = row_of("The firm hired over 300 workers in the spring.\n", "300")
    assert counted["before_hedge"] == 1.0 and counted["after_plural"] == 1.0 and counted["before_capital"] == 0.0
    anaphoric = row_of("We visited the three countries in turn.\n", "three")
    assert anaphoric["before_definite"] == 1.0 and anaphoric["after_plural"] == 1.0
    kind = row_of("The site offers a 24-hour service to its members.\n", "24")
    assert kind["before_indefinite"] == 1.0 and kind["after_hyphen"] == 1.0
    assert row_of("The verse is quoted often (5:6).\n", "5:6")["in_brackets"] == 1.0
    assert row_of("The total came to 45.\n", "45")["after_nothing"] == 1.0
    assert row_of("Turn to page 30 for the answers to all of it.\n", "30")["before_noun"] == 1.0


def test_the_sentence_mood():
    terms = row_of("If you cancel, you must pay a fee of $50 within a week.\n", "$50")
    assert (terms["conditional"], terms["modal"], terms["second_person"]) == (1.0, 1.0, 1.0)
    assert terms["past"] == 0.0 and terms["question"] == 0.0
    story = row_of("I sold 40 of them and we kept the rest of the lot.\n", "40")
    assert (story["first_singular"], story["first_plural"], story["second_person"]) == (1.0, 1.0, 0.0)
    assert row_of("Will it work as well with 10,000 of them?\n", "10,000")["question"] == 1.0
    assert row_of("Read the five rules before you post a reply.\n", "five")["imperative"] == 1.0
    assert row_of("The storm destroyed 12 homes along the coast.\n", "12")["past"] == 1.0
    assert row_of('He shouted "40 more" at them.\n', "40", quoted=True)["quoted"] == 1.0


def test_the_block_and_its_neighbours():
    text = (
        "Menu Home News\n\n"
        "The council met on a wet evening and argued for a long time about roads.\n\n"
        "The plan will cost 40 million pounds and take some years to finish, the draft says.\n\n"
        "- 12 new bus stops on the main road\n\n"
        "A vote is due after the summer, when the members return from their break.\n"
    )
    prose = row_of(text, "40 million", block=2)
    assert prose["block_prose"] == 1.0 and prose["bullet"] == 0.0 and prose["first_sentence"] == 1.0
    assert prose["lead"] == 0.0 and prose["tail"] == 0.0
    assert prose["neighbour_digits"] == pytest.approx(1 / 4)  # the bullet, of four neighbours
    item = row_of(text, "12", block=3)
    assert item["bullet"] == 1.0 and item["block_ends_sentence"] == 0.0


def test_the_page_features_are_the_shares_of_its_sentences_and_the_same_for_every_figure():
    text = (
        "You should call us first. It rained all day and the river rose.\n\n"
        "Then 40 people came. We had 3 boats and nothing else.\n"
    )
    first = row_of(text, "40", block=1)
    second = row_of(text, "3", block=1, sentence=1)
    for name in claim_features.PAGE_FEATURES:
        assert first[name] == second[name]
    # Four sentences: one says "you" and a modal verb, three are in the past tense ("rained", "came", "had"), two hold a digit.
    assert first["page_second_person"] == 0.25 and first["page_modal"] == 0.25
    assert first["page_past"] == 0.75 and first["page_digits"] == 0.5

"""Pair matching on literal claims: masked word overlap, field checks, penalties, pairs files."""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_cluster import CFG, angle, claim

from corroborate.config import DEFAULT_PAIR_MODEL
from corroborate.fields import When
from corroborate.match import agree, features, field_checks, lexical_overlap, pair_score, whole_features
from corroborate.pairs import (
    SURFACE_FEATURES,
    Evidence,
    PairLineError,
    Text,
    compare_texts,
    parse_pair_line,
    surface,
    verdict,
)
from corroborate.records import DateRef, Quantity

APRIL = DateRef("since April", "2021-04-01", "2021-06-27", "relative", "range")
OCTOBER = DateRef("since October", "2023-10-01", "2024-01-29", "relative", "range")


def test_numbers_and_dates_are_masked_from_the_word_overlap() -> None:
    a = features(claim("a", "Three US soldiers were killed on Sunday, January 28, 2024."))
    b = features(claim("b", "Four US soldiers were killed on Saturday, January 27, 2024."))
    assert lexical_overlap(a, b) == 1.0
    assert a.numbers == {"3"} and b.numbers == {"4"}
    checks = field_checks(a, b)
    assert checks["numbers"] == "differ" and checks["dates"] == "differ" and checks["negation"] == "same"
    assert not agree(checks)


def test_different_numbers_do_not_lower_the_score() -> None:
    config = CFG.__class__(lexical_weight=0.25)
    a = features(claim("a", "Three US soldiers were killed."))
    b = features(claim("b", "Four US soldiers were killed."))
    assert pair_score(0.8, a, b, config) == pytest.approx(0.75 * 0.8 + 0.25 * 1.0)


def test_quantities_from_extraction_compare_as_intervals() -> None:
    a = features(
        claim(
            "a",
            "More than 160 attacks.",
            numbers=(Quantity("more than 160", 160, float("inf"), "attacks", low_inclusive=False),),
        )
    )
    b = features(claim("b", "170 attacks.", numbers=(Quantity("170", 170, 170, "attacks"),)))
    c = features(claim("c", "150 attacks.", numbers=(Quantity("150", 150, 150, "attacks"),)))
    assert field_checks(a, b)["numbers"] == "same"
    assert field_checks(a, c)["numbers"] == "differ"


def test_time_scope_from_text_and_from_resolved_ranges() -> None:
    text_a = features(claim("a", "Militias carried out five drone attacks since April."))
    text_b = features(claim("b", "Militants carried out more than 160 attacks since October."))
    assert field_checks(text_a, text_b)["scope"] == "differ"
    assert pair_score(0.9, text_a, text_b, CFG) < CFG.suggest
    ranged_a = features(claim("a", "five attacks", dates=(APRIL,)))
    ranged_b = features(claim("b", "160 attacks", dates=(OCTOBER,)))
    april_10 = DateRef("since April", "2021-04-10", None, "relative", "range")
    same_b = features(claim("b", "six attacks", dates=(april_10,)))
    assert field_checks(ranged_a, ranged_b)["scope"] == "differ"
    assert field_checks(ranged_a, same_b)["scope"] == "same"


def test_counted_things_fold_synonyms_and_penalise_different_things() -> None:
    troops = features(claim("a", "x", numbers=(Quantity("three", 3, 3, "US troops"),)))
    soldiers = features(claim("b", "y", numbers=(Quantity("three", 3, 3, "American soldiers"),)))
    attacks = features(claim("c", "z", numbers=(Quantity("160", 160, 160, "attacks"),)))
    assert field_checks(troops, soldiers)["counts"] == "same"
    assert field_checks(troops, attacks)["counts"] == "differ"
    assert pair_score(0.9, troops, attacks, CFG) == pytest.approx(0.9 - CFG.counts_penalty)


def test_speaker_by_surname() -> None:
    kirby = features(claim("a", "x", speaker="John Kirby"))
    assert field_checks(kirby, features(claim("b", "y", speaker="Kirby")))["speaker"] == "same"
    singh = features(claim("b", "y", speaker="Sabrina Singh"))
    assert field_checks(kirby, singh)["speaker"] == "differ"
    assert field_checks(kirby, features(claim("b", "y")))["speaker"] == "n/a"
    assert pair_score(0.9, kirby, singh, CFG) == pytest.approx(0.9 - CFG.speaker_penalty)


def test_negation_differs_but_still_matches() -> None:
    a = features(claim("a", "Iran was involved in the attack."))
    b = features(claim("b", "Iran was not involved in the attack."))
    checks = field_checks(a, b)
    assert checks["negation"] == "differ" and pair_score(0.9, a, b, CFG) == pytest.approx(0.9)


def _text(whole: str, degrees: float, *claims: tuple[str, float]) -> Text:
    feats = [features(claim("t", text)) for text, _ in claims]
    return Text(whole_features(whole), feats, angle(degrees), np.vstack([angle(d) for _, d in claims]))


def test_coverage_needs_every_claim_of_both_texts_matched() -> None:
    one = _text("Troops were killed.", 0, ("Troops were killed.", 0))
    two = _text("Troops died and the base was hit.", 40, ("Troops died.", 5), ("The base was hit.", 80))
    result = compare_texts(one, two, CFG)
    assert not result.matched and result.coverage < 0.2  # "The base was hit." has no partner in the first text
    result = compare_texts(one, _text("Troops died.", 5, ("Troops died.", 5)), CFG)
    assert result.matched and result.coverage == pytest.approx(np.cos(np.radians(5)), abs=1e-4)


def test_a_claim_can_be_matched_by_the_whole_other_text() -> None:
    """One sentence may state in one clause what the other splits in two."""
    split = _text(
        "The strike killed three and wounded dozens.",
        10,
        ("The strike killed three.", 30),
        ("The strike wounded dozens.", 60),
    )
    joined = _text(
        "Three were killed and dozens wounded in the strike.",
        10,
        ("Three were killed and dozens wounded in the strike.", 10),
    )
    result = compare_texts(split, joined, CFG)
    assert result.coverage == pytest.approx(np.cos(np.radians(50)), abs=1e-4)  # the 60-degree claim, against 10


def test_a_paraphrase_with_different_numbers_is_a_conflict_not_the_same() -> None:
    a = _text("Three soldiers were killed.", 0, ("Three soldiers were killed.", 0))
    b = _text("Four soldiers were killed.", 0, ("Four soldiers were killed.", 0))
    result = compare_texts(a, b, CFG)
    assert result.paraphrase and result.matched and not result.same and result.checks["numbers"] == "differ"
    same = compare_texts(a, _text("Three soldiers died.", 3, ("Three soldiers died.", 3)), CFG)
    assert same.same and same.checks["numbers"] == "same"


def test_the_pair_model_rises_with_cosine_coverage_and_shared_wording() -> None:
    a, b = "Three soldiers were killed in the attack.", "The attack killed three soldiers near the base."
    base = Evidence(0.6, 0.4, 1.0, 0.8, 0.55, {}, surface(a, b))
    p = DEFAULT_PAIR_MODEL.probability(base.row())
    for field in ("cosine", "coverage"):
        higher = Evidence(**{**base.__dict__, field: getattr(base, field) + 0.1})
        assert DEFAULT_PAIR_MODEL.probability(higher.row()) > p, field
    # The wording features pull together (their weights are fitted jointly): only all of them at once say more.
    copied = Evidence(**{**base.__dict__, "surface": surface(a, a.replace("in the", "during the"))})
    assert DEFAULT_PAIR_MODEL.probability(copied.row()) > p
    agreeing = {"numbers": "same", "dates": "n/a", "negation": "same"}
    assert verdict(Evidence(0.95, 0.9, 1.0, 1.0, 0.95, agreeing, surface(a, a))).same
    other = "Shares of the bank rose 5 percent on Friday."
    unrelated = Evidence(
        0.3, 0.1, 1.0, 0.5, 0.2, {"numbers": "n/a", "dates": "n/a", "negation": "same"}, surface(a, other)
    )
    assert not verdict(unrelated).paraphrase


def _surface(a: str, b: str) -> dict[str, float]:
    return dict(zip(SURFACE_FEATURES, surface(a, b), strict=True))


def test_surface_features_read_shared_wording_on_each_side() -> None:
    same = _surface("The quake killed 12 people.", "The quake killed 12 people.")
    assert all(same[k] == 1.0 for k in SURFACE_FEATURES if not k.startswith("log_length"))
    assert same["log_length_short"] == same["log_length_long"] == pytest.approx(math.log(5))
    apart = _surface("Rain fell all day.", "Markets rose sharply.")
    assert apart["words_high"] == apart["bigrams_f1"] == apart["content_high"] == 0.0
    # One text inside a longer one: all of the short side is found, part of the long side.
    inside = dict(
        zip(
            SURFACE_FEATURES,
            surface("The quake killed 12 people.", "The quake killed 12 people, police said on Monday."),
            strict=True,
        )
    )
    assert inside["words_high"] == 1.0 and inside["words_low"] == pytest.approx(5 / 9)
    assert inside["log_length_short"] < inside["log_length_long"]


def test_contractions_count_as_negation_with_or_without_the_apostrophe() -> None:
    plain = features(claim("a", "The White House was informed."))
    for text in (
        "The White House wasn't informed.",
        "The White House wasnt informed.",
        "The White House was not informed.",
        "The White House wasn’t informed.",
    ):
        assert features(claim("b", text)).negative, text
        assert field_checks(plain, features(claim("b", text)))["negation"] == "differ"


def test_dates_without_a_year_compare_by_month_and_day() -> None:
    a = features(claim("a", "The car was found on June 25.", dates=(DateRef("June 25", None, None, "year-open"),)))
    b = features(claim("b", "The 1996 car was found 25 June.", dates=(DateRef("25 June", None, None, "year-open"),)))
    c = features(claim("c", "It was found June 26.", dates=(DateRef("June 26", None, None, "year-open"),)))
    assert a.dates == b.dates == (When(None, 6, 25),)  # "the 1996 car" names the car, it does not date the claim
    assert field_checks(a, b)["dates"] == "same" and field_checks(a, c)["dates"] == "differ"


def test_text_fallbacks_read_compound_numbers_and_years_before_a_comma() -> None:
    a = features(claim("a", "Eighty-six workers were airlifted out."))
    assert a.numbers == {"86"}
    b = features(claim("b", "The Russell 2000, a barometer of small stocks, rose."))
    assert b.dates == (When((2000, 2000)),) and not b.numbers


def test_a_percentage_is_not_compared_with_a_bare_amount() -> None:
    a = claim("a", "It refinanced $175 million of notes.", numbers=(Quantity("175 million", 175e6, 175e6),))
    b = claim(
        "b",
        "It refinanced $175 million of 10.5 percent notes.",
        numbers=(Quantity("175 million", 175e6, 175e6), Quantity("10.5 percent", 10.5, 10.5, counts="%")),
    )
    assert field_checks(features(a), features(b))["numbers"] == "same"


def test_parse_tsv_lines() -> None:
    assert parse_pair_line(1, "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n", jsonl=False) is None
    pair = parse_pair_line(2, "1\t10\t11\tA cat sat.\tThe cat sat.\n", jsonl=False)
    assert pair is not None and (pair.label, pair.a, pair.b, pair.line) == (1, "A cat sat.", "The cat sat.", 2)
    pair = parse_pair_line(3, "10\t11\tA cat sat.\tThe cat sat.", jsonl=False)
    assert pair is not None and pair.label is None and pair.b == "The cat sat."
    with pytest.raises(PairLineError, match="line 4: expected 5 tab-separated columns"):
        parse_pair_line(4, "only\ttwo", jsonl=False)


def test_parse_jsonl_lines() -> None:
    pair = parse_pair_line(1, '{"a": "x y", "b": "z", "label": 0}', jsonl=True)
    assert pair is not None and (pair.a, pair.b, pair.label) == ("x y", "z", 0)
    assert parse_pair_line(2, "   ", jsonl=True) is None
    with pytest.raises(PairLineError, match="line 3: not valid JSON"):
        parse_pair_line(3, "{oops", jsonl=True)
    with pytest.raises(PairLineError, match='line 4: expected an object with string fields "a" and "b"'):
        parse_pair_line(4, '{"a": "x"}', jsonl=True)


def test_a_resolved_range_and_an_unresolved_one_compare_by_month() -> None:
    resolved = features(claim("a", "160 attacks", dates=(OCTOBER,)))
    open_year = features(
        claim("b", "160 attacks since October", dates=(DateRef("since October", None, None, "year-open", "range"),))
    )
    april = features(
        claim("c", "five attacks since April", dates=(DateRef("since April", None, None, "year-open", "range"),))
    )
    assert field_checks(resolved, open_year)["scope"] == "same"
    assert field_checks(resolved, april)["scope"] == "differ"
    assert field_checks(open_year, april)["scope"] == "differ"


def test_an_extra_number_is_detail_not_a_conflict() -> None:
    killed = Quantity("three", 3, 3, "US soldiers")
    a = features(claim("a", "The attack killed three US soldiers.", numbers=(killed,)))
    b = features(
        claim(
            "b",
            "Three troops died and dozens were wounded.",
            numbers=(Quantity("three", 3, 3, "troops"), Quantity("dozens", 24, 99, "wounded")),
        )
    )
    c = features(claim("c", "Five soldiers died.", numbers=(Quantity("five", 5, 5, "soldiers"),)))
    assert field_checks(a, b)["numbers"] == "same"
    assert field_checks(a, c)["numbers"] == "differ"
    assert field_checks(features(claim("a", "3 dead, 5 hurt")), features(claim("b", "3 dead")))["numbers"] == "same"
    assert field_checks(features(claim("a", "3 dead")), features(claim("b", "4 dead")))["numbers"] == "differ"


def test_a_rank_is_not_a_negation() -> None:
    assert not features(claim("a", "Kroc ranked No. 121 on the list.")).negative
    assert features(claim("a", "No soldier was hurt.")).negative


def test_last_season_is_a_time_not_the_verb_a_negation_denies() -> None:
    coached = features(claim("a", "Last season Stefanski led the club to the playoffs."))
    sacked = features(claim("b", "Stefanski didn't even last until the end of the season."))
    assert field_checks(coached, sacked)["negation"] != "differ"
    held = features(claim("c", "The ceasefire will last until the end of the month."))
    broke = features(claim("d", "The ceasefire did not last until the end of the month."))
    assert field_checks(held, broke)["negation"] == "differ"  # the verb itself is still compared
    next_week = features(claim("e", "Next week the club plays at home."))
    assert field_checks(next_week, features(claim("f", "The club did not play next week.")))["negation"] == "differ"


def test_a_death_sentence_is_no_casualty_and_a_death_toll_is() -> None:
    jurors = features(
        claim(
            "a",
            "Nichols was saved from a death sentence by three jurors.",
            numbers=(Quantity("three", 3, 3, "jurors"),),
        )
    )
    assert jurors.roles == frozenset() and [f.role for f in jurors.figures] == [""]
    toll = features(claim("b", "The death toll rose to 40.", numbers=(Quantity("40", 40, 40),)))
    assert toll.roles == {"killed"} and [f.role for f in toll.figures] == ["killed"]


def test_others_names_no_counted_thing() -> None:
    a = features(claim("a", "The attack injured 40 others.", numbers=(Quantity("40", 40, 40, counts="others"),)))
    b = features(
        claim(
            "b",
            "The attack injured at least 34 service members.",
            numbers=(Quantity("at least 34", 34, float("inf"), counts="service members"),),
        )
    )
    assert not a.counts and field_checks(a, b)["counts"] == "n/a"


def test_two_possessive_subjects_share_no_word_through_the_s_of_the_possessive() -> None:
    iran = features(claim("a", "Iran's foreign minister said talks would resume.", subject="Iran's foreign minister"))
    us = features(
        claim("b", "America's defense secretary said talks would resume.", subject="America's defense secretary")
    )
    assert iran.subject == {"iran", "foreign", "minister"}
    assert field_checks(iran, us)["subject"] == "differ"
    again = features(claim("c", "Iran's foreign minister said so.", subject="Iran’s foreign minister"))
    assert field_checks(iran, again)["subject"] == "same"

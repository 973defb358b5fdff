"""Veto misfires: field checks that called two texts in conflict where both can be true.

Each case is a general rule of language (a range is one interval, a fraction one number, "a no vote"
negates nothing, ...), tested on literal sentence pairs written for it, with a pair beside it that
must still conflict.
"""

from __future__ import annotations

from test_cluster import claim
from test_match_fields import check

from corroborate.match import features, field_checks, whole_features
from corroborate.records import Quantity

# -- numbers: a range, a fraction, a scale word, a currency, a decimal comma, a version ---------------


def test_a_value_inside_a_stated_range_does_not_conflict_with_it() -> None:
    assert check("Raises will be between $4 and $11 a week.", "Raises will be $7 a week.", "numbers") == "same"
    assert (
        check("The unit is worth $10 billion-$15 billion.", "The unit is worth $12 billion-$14 billion.", "numbers")
        == "same"
    )
    assert (
        check(
            "Forecasts ranged from 16 cents a share to 27 cents a share.", "Forecasts were 22 cents a share.", "numbers"
        )
        == "same"
    )


def test_ranges_that_do_not_overlap_still_conflict() -> None:
    assert (
        check(
            "Sales will be between $7.6 billion and $7.8 billion.",
            "Sales will be between $6.9 billion and $7.5 billion.",
            "numbers",
        )
        == "differ"
    )
    assert check("Raises will be between $4 and $11 a week.", "Raises will be $15 a week.", "numbers") == "differ"


def test_a_score_is_two_numbers_not_a_range() -> None:
    assert len(whole_features("The council voted 62-43 for the plan.").figures) == 2


def test_a_scale_word_after_a_range_is_not_applied_twice() -> None:
    (worth,) = whole_features("The unit is worth $10 billion-$15 billion.").figures
    assert (worth.quantity.low, worth.quantity.high) == (9.5e9, 15.5e9)


def test_a_fraction_is_one_number() -> None:
    assert check("The trial lasted 2 1/2 weeks.", "The trial lasted 2.5 weeks.", "numbers") == "same"
    assert check("The note pays 3 5/8 percent.", "The note pays 3.625 percent.", "numbers") == "same"
    assert check("The trial lasted 2 1/2 weeks.", "The trial lasted 3.5 weeks.", "numbers") == "differ"
    (price,) = whole_features("The bond slid 1-11/32 on Friday.").figures
    assert price.quantity.low == price.quantity.high == 1 + 11 / 32  # a mixed fraction, not the range 1 to 11


def test_a_whole_number_and_a_half_is_one_number_in_words_figures_or_a_fraction_sign() -> None:
    written = ("five and a half", "5 1/2", "5½", "5 and a half")
    for a in written:
        for b in written:
            assert check(f"She was {a} months pregnant.", f"She was {b} months pregnant.", "numbers") == "same"
    assert check("She was five and a half months pregnant.", "She was six months pregnant.", "numbers") == "differ"
    assert check("She was 5 1/2 months pregnant.", "She was 5 months pregnant.", "numbers") == "differ"
    (crowd,) = whole_features("Two and a half million people marched.").figures
    assert crowd.quantity.low == crowd.quantity.high == 2_500_000
    (quarter,) = whole_features("The route runs three and a quarter miles.").figures
    assert quarter.quantity.low == 3.25
    # the matcher's number tokens agree too, so "shared numbers" sees one number on both sides
    assert whole_features("five and a half months").numbers == whole_features("5 1/2 months").numbers == {"5.5"}
    assert [f.quantity.low for f in whole_features("five and a halfback ran").figures] == [5]  # not a fraction


def test_a_vague_count_before_a_scale_word_is_scaled() -> None:
    assert (
        check("The fire threatened several hundred homes.", "The fire threatened hundreds of homes.", "numbers")
        == "same"
    )
    assert check("The fire threatened several hundred homes.", "The fire threatened five homes.", "numbers") == "differ"


def test_amounts_in_two_currencies_are_not_compared() -> None:
    assert check("The family won a $165,000 settlement.", "The family won a £90,000 settlement.", "numbers") == "n/a"
    assert check("The family won a $165,000 settlement.", "The family won a $90,000 settlement.", "numbers") == "differ"


def test_a_decimal_comma_is_a_decimal_point_also_after_extraction() -> None:
    assert check("About 1,2 million people use the app.", "About 1.2 million people use the app.", "numbers") == "same"
    text = "Some 1,2 million women take the pill."
    split = claim("a", text, numbers=(Quantity("1", 1, 1, ""), Quantity("2 million", 2e6, 2e6, "women")))
    other = features(claim("b", "Some 1.2 million women take the pill."))
    assert field_checks(features(split), other)["numbers"] == "same"


def test_a_part_of_a_version_number_is_not_a_count() -> None:
    assert check("The 2.6.0 kernel is months away.", "The 2.6 kernel is months away.", "numbers") != "differ"
    assert whole_features("The router answers at 10.0.0.1 today.").figures == ()
    extracted = claim("a", "The 2.6.0 kernel is months away.", numbers=(Quantity("6.0", 6, 6, "kernel"),))
    assert features(extracted).figures == ()


# -- negation: a vote, a contrast, a fixed phrase, a refused request ----------------------------------


def test_a_no_vote_is_not_a_negation() -> None:
    assert check("Two no votes would sink the plan.", "It would take two votes to sink the plan.", "negation") == "same"
    assert check("No vote would sink the plan.", "A vote would sink the plan.", "negation") == "differ"


def test_not_answered_by_but_denies_the_contrasted_phrase_not_the_predicate() -> None:
    assert (
        check(
            "The mayor is being sued not because of his views, but because of his spending.",
            "The mayor is not being sued for his views but for his spending.",
            "negation",
        )
        == "same"
    )
    assert (
        check(
            "The damage was caused by floods -- not by looters.",
            "The damage was not caused by looters, but by floods.",
            "negation",
        )
        == "same"
    )
    assert (
        check("The damage was caused by looters.", "The damage was not caused by looters, but by floods.", "negation")
        == "differ"
    )


def test_that_was_not_all_is_a_fixed_phrase() -> None:
    assert (
        check(
            "That wasn't all Acme hoped: it would sell two million phones by 2010.",
            "Acme hoped it would sell two million phones by 2010.",
            "negation",
        )
        == "same"
    )


def test_not_until_a_time_states_when_not_whether() -> None:
    # ECB+: "could take until December 31 before normal service was restored" against "may not be restored
    # till 31 December" was called opposite.
    restored = "It could take until December 31 before normal service was restored."
    assert check(restored, "Normal service may not be restored till 31 December.", "negation") == "same"
    assert check("The plant reopened on Monday.", "The plant did not reopen until Monday.", "negation") == "same"
    assert check("The plant reopened on Monday.", "The plant did not reopen on Monday.", "negation") == "differ"
    assert check("The plant reopened.", "The plant will not reopen, until further notice.", "negation") == "differ"
    lasted = "The ceasefire lasted until the end of the month."  # a verb that lasts: its reach is denied
    assert check(lasted, "The ceasefire did not last until the end of the month.", "negation") == "differ"


def test_refusing_a_request_to_act_negates_the_act() -> None:
    assert (
        check("The court refused to delay the hearing.", "The court denied a request to delay the hearing.", "negation")
        == "same"
    )
    assert (
        check("The court delayed the hearing.", "The court denied a request to delay the hearing.", "negation")
        == "differ"
    )


def test_losing_or_lacking_a_thing_restates_no_longer_having_it() -> None:
    # MRPC: "they no longer had any sense of time" against "having lost their sense of time" was vetoed
    butterflies = "The butterflies flew toward the sun because they no longer had any sense of time."
    lost = "The butterflies flew toward the sun, having lost their sense of time."
    assert check(butterflies, lost, "negation") == "same"
    assert check("Police had no evidence against him.", "Police lacked evidence against him.", "negation") == "same"
    assert check("Rebels no longer control the city.", "Rebels have lost control of the city.", "negation") == "same"
    # what was lost is not denied by a denial of the losing, nor is a kept thing lost
    assert check("He did not lose his sense of time.", "He lost his sense of time.", "negation") == "differ"
    assert check("Police had no evidence against him.", "Police had evidence against him.", "negation") == "differ"


# -- parties: a bill passes a chamber, a chamber passes a bill -----------------------------------------


def test_a_bill_passing_a_chamber_is_the_chamber_passing_the_bill() -> None:
    assert check("The tax bill passed the Senate twice.", "The Senate passed the tax bill.", "parties") == "n/a"
    assert check("The heron chases the otter.", "The otter chases the heron.", "parties") == "differ"

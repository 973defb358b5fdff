"""Field checks on noisy text: a check vetoes ``same`` only when both texts state the field about the
same thing and the two values cannot both be true. Literal sentence pairs through the public API."""

from __future__ import annotations

import pytest
from test_cluster import claim

from corroborate.match import features, field_checks, whole_features
from corroborate.records import Quantity


def check(a: str, b: str, key: str) -> str:
    """One field check on two texts read by the text fallbacks, either way round."""
    forward = field_checks(whole_features(a), whole_features(b))[key]
    backward = field_checks(whole_features(b), whole_features(a))[key]
    assert forward == backward, (a, b, forward, backward)
    return forward


# -- numbers: a number compares only with a number that counts the same thing ------------------------


@pytest.mark.parametrize(("a", "b"), [
    ("7-year Old Girl Wins County Spelling Bee", "A 7-year-old girl won the county spelling bee"),
    ("A 7 year old girl won the spelling bee.", "The girl, aged 7, won the spelling bee."),
])
def test_an_age_is_not_a_count_and_agrees_with_the_same_age(a: str, b: str) -> None:
    assert check(a, b, "numbers") == "same"


def test_ages_compare_with_ages_only() -> None:
    assert check("A 7-year-old girl won the bee.", "A 9-year-old girl won the bee.", "numbers") == "differ"
    assert check("A 4-year-old boy was rescued.", "4 boys were rescued.", "numbers") == "n/a"
    assert check("A 4-month-old baby was rescued.", "A 4-year-old baby was rescued.", "numbers") == "n/a"


def test_an_extracted_age_quantity_is_read_as_an_age() -> None:
    headline = claim("a", "5-year Old Girl Accused of Hacking School Network",
                     numbers=(Quantity("5", 5, 5, "year Old Girl Accused"),))
    sentence = claim("b", "A 5-year-old girl was accused of hacking the school's network.")
    assert field_checks(features(headline), features(sentence))["numbers"] == "same"


def test_exact_counts_of_the_same_thing_that_differ_still_veto() -> None:
    assert check("34 people were killed in the blast.", "40 people were killed in the blast.", "numbers") == "differ"
    assert check("At least 34 people were killed in the blast.", "40 people were killed in the blast.",
                 "numbers") == "same"
    assert check("Nearly 40 people were killed.", "52 people were killed.", "numbers") == "differ"


def test_a_number_written_rounder_holds_the_precise_one() -> None:
    assert check("Sales reached $4.2 billion.", "Sales reached $4.23 billion.", "numbers") == "same"
    assert check("She served for 15 years.", "She served for more than 15 years.", "numbers") == "same"
    assert check("Sales reached $4.2 billion.", "Sales reached $4.4 billion.", "numbers") == "differ"


def test_an_extra_value_on_one_side_is_detail_but_two_unmatched_values_conflict() -> None:
    assert check("Revenue rose to $2.5 billion from $2.1 billion.", "Revenue rose to $2.5 billion.",
                 "numbers") == "same"
    assert check("The stock fell $1.20 to $30.10.", "The stock fell $1.40 to $30.10.", "numbers") == "differ"


def test_what_a_number_counts_stops_at_punctuation() -> None:
    assert check("The laptop sells for 25,000 rupees (US$300), before taxes.",
                 "The laptop sells for $300 before taxes.", "numbers") == "same"


def test_coordinated_counts_that_name_the_same_values_do_not_conflict() -> None:
    assert check("He carried three British and one Irish passport.", "He carried one Irish and three UK passports.",
                 "numbers") != "differ"
    assert check("Six of the ten finalists spoke.", "Six finalists spoke.", "numbers") != "differ"


def test_numbers_whose_counted_thing_is_unknown_do_not_veto() -> None:
    assert check("The index closed at 1,204.", "The index closed at 1,198.", "numbers") == "n/a"

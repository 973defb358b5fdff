"""Numbers: every count form becomes the right interval; non-counts are ignored."""

from __future__ import annotations

import math

import pytest

from corroborate.extract.numbers import find_numbers
from corroborate.records import Quantity


def only(text: str) -> Quantity:
    found = find_numbers(text)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].quantity.text
    return found[0].quantity


@pytest.mark.parametrize(
    ("text", "low", "high", "counts", "hedge"),
    [
        ("a strike that killed three US soldiers.", 3, 3, "US soldiers", ""),
        ("it injured at least 34 service members.", 34, math.inf, "service members", "at least"),
        ("up to 10 boats sank.", 0, 10, "boats", "up to"),
        ("it wounded dozens of others.", 24, 99, "others", "dozens"),
        ("several Arab countries continue to protest.", 3, 9, "Arab countries", "several"),
        ("hundreds of people fled.", 200, 999, "people", "hundreds"),
        ("The US has 2,500 troops in Iraq.", 2500, 2500, "troops", ""),
        ("forty villages were flooded.", 40, 40, "villages", ""),
        ("one Pakistani soldier died.", 1, 1, "Pakistani soldier", ""),
        ("the three American service members died.", 3, 3, "American service members", ""),
        ("turnout rose 12% in the north.", 12, 12, "%", ""),
        ("twenty-five boats arrived.", 25, 25, "boats", ""),
        ("she was five and a half months pregnant.", 5.5, 5.5, "months pregnant", ""),
        ("the trial took 4½ hours.", 4.5, 4.5, "hours", ""),
        ("it lasted 2 and a half days.", 2.5, 2.5, "days", ""),
        ("about two-and-a-half years passed.", 2.25, 2.75, "years", "about"),
        ("one and a half million people fled.", 1_500_000, 1_500_000, "people", ""),
    ],
)
def test_count_forms(text: str, low: float, high: float, counts: str, hedge: str) -> None:
    quantity = only(text)
    assert (quantity.low, quantity.high, quantity.counts, quantity.hedge) == (low, high, counts, hedge)


def test_more_than_is_open_below() -> None:
    quantity = only("after more than 160 attacks by militants.")
    assert (quantity.low, quantity.high, quantity.low_inclusive) == (160, math.inf, False)
    assert quantity.counts == "attacks"


@pytest.mark.parametrize("hedge", ["about", "around", "roughly"])
def test_about_is_ten_percent_either_side(hedge: str) -> None:
    quantity = only(f"{hedge} 40 people were hurt.")
    assert quantity.low == pytest.approx(36) and quantity.high == pytest.approx(44)
    assert quantity.hedge == hedge


@pytest.mark.parametrize("hedge", ["nearly", "almost"])
def test_nearly_is_up_to_ten_percent_below(hedge: str) -> None:
    quantity = only(f"{hedge} 40 people were hurt.")
    assert quantity.low == pytest.approx(36) and quantity.high == 40


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 1973 and ended later.",
        "since at least 1973, and arguably before.",
        "It was the first attack of its kind.",
        "The drone hit Tower 22 overnight.",
        "under Article 5 of the treaty.",
        "Posted at 08:45 AM today.",
        "It happened on May 29th in the north.",
        "It happened on June 8 in the north.",
        "He was tentatively hopeful about tensions.",
        "No one was hurt in the blast.",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_numbers(text) == []


def test_a_decimal_point_spaced_out_by_a_tokenizer_is_one_number_before_a_scale_or_unit() -> None:
    # ECB+ texts hold "a 6. 1-magnitude quake" and "£1. 7 million": read as 6 and 1, or 1 and 7 million, two
    # sources' figures "could not both be true".
    def values(text: str) -> list[float]:
        return [f.quantity.low for f in find_numbers(text)]

    assert values("The 6. 1-magnitude quake struck Qeshm island.") == [6.1]
    assert values("Watches worth an estimated £1. 7 million were taken.") == [1_700_000]
    assert values("They made off with a $2. 6-million booty.") == [2_600_000]
    assert values("Turnout rose 2. 5 percent.") == [2.5]
    assert values("The magnitude-6. 1 quake struck at a depth of 10 kilometers.") == [6.1, 10]
    assert values("He scored 6. 100 people watched.") == [6, 100]  # no scale after it: two sentences

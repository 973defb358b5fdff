"""The shared calendar and number-word tables."""

from __future__ import annotations

import re

import pytest

from corroborate.lexicon import (
    CALENDAR_WORDS,
    MONTH_PATTERN,
    MONTH_STEMS,
    MONTHS,
    ORDINALS,
    WEEKDAY_PATTERN,
    alternation,
    month_number,
    weekday_name,
    weekday_number,
    word_value,
)


@pytest.mark.parametrize(
    ("word", "number"), [("January", 1), ("sept.", 9), ("Sep", 9), ("DEC", 12), ("may", 5), ("Mayor", None)]
)
def test_month_number_reads_every_spelling(word: str, number: int | None) -> None:
    assert month_number(word) == number


@pytest.mark.parametrize(
    ("word", "number"), [("Monday", 0), ("sunday", 6), ("Tuesday's", 1), ("Thurs", 3), ("x", None)]
)
def test_weekday_number_counts_from_monday(word: str, number: int | None) -> None:
    assert weekday_number(word) == number


def test_weekday_name() -> None:
    assert [weekday_name(i) for i in (0, 6)] == ["Monday", "Sunday"]


def test_month_pattern_matches_capitalised_names_whole() -> None:
    assert re.fullmatch(MONTH_PATTERN, "September") and re.fullmatch(MONTH_PATTERN, "Sept")
    assert re.match(MONTH_PATTERN, "September").group() == "September"  # type: ignore[union-attr]
    assert not re.fullmatch(MONTH_PATTERN, "march") and not re.fullmatch(MONTH_PATTERN, "Mayor")
    assert re.fullmatch(WEEKDAY_PATTERN, "Wednesday") and not re.fullmatch(WEEKDAY_PATTERN, "Wed")
    assert re.fullmatch(rf"{MONTH_STEMS}[a-z]*", "Janvier")


def test_alternation_puts_longer_words_first() -> None:
    assert alternation(["sep", "sept", "september"]) == "september|sept|sep"
    assert alternation(["may"], capitalise=True) == "May"


def test_tables_cover_every_month_and_weekday() -> None:
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert {"friday", "fri", "thurs", "jan", "december"} <= CALENDAR_WORDS


@pytest.mark.parametrize(("text", "value"), [("eighty-six", 86), ("two million", 2e6), ("nineteen", 19)])
def test_word_value(text: str, value: float) -> None:
    assert word_value(text) == value


def test_ordinal_words() -> None:
    assert (ORDINALS["eighth"], ORDINALS["twenty-first"], ORDINALS["thirty-first"]) == (8, 21, 31)

"""Dates: every expression form, resolved against the article date (or left open)."""

from __future__ import annotations

import pytest

from corroborate.extract.dates import find_dates, parse_header_date
from corroborate.records import DateRef

FT_DATE = "2024-01-29"  # a Monday


def refs(text: str, published: str | None = FT_DATE) -> list[DateRef]:
    return [f.ref for f in find_dates(text, published, [(0, len(text))])]


def one(text: str, published: str | None = FT_DATE) -> DateRef:
    found = refs(text, published)
    assert len(found) == 1, found
    return found[0]


def test_weekday_is_most_recent_on_or_before_article_date() -> None:
    assert one("Washington said on Monday it was not looking for war.").start == "2024-01-29"
    sunday = one("Sunday’s attack killed three soldiers.")
    assert (sunday.start, sunday.kind, sunday.confidence) == ("2024-01-28", "weekday", "relative")


def test_weekday_without_article_date_is_unresolved() -> None:
    assert one("Officials met on Monday.", None).confidence == "unresolved"


def test_a_day_earlier_counts_from_the_sentence_date() -> None:
    found = refs("On Monday, a day after it blamed Tehran, Washington spoke.")
    assert [(r.text, r.start) for r in found] == [("Monday", "2024-01-29"), ("a day after", "2024-01-28")]


def test_a_day_earlier_alone_counts_from_the_article_date() -> None:
    assert one("The attack a day earlier killed three.").start == "2024-01-28"


def test_since_month_is_a_range_to_the_article_date() -> None:
    since = one("There have been 160 attacks since October.")
    assert (since.start, since.end, since.kind) == ("2023-10-01", FT_DATE, "range")


def test_month_day_takes_the_article_year_or_stays_open() -> None:
    known = one("On May 29th, Reuters reported it.")
    assert (known.start, known.confidence) == ("2024-05-29", "year-from-article")
    unknown = one("On May 29th, Reuters reported it.", None)
    assert (unknown.text, unknown.start, unknown.confidence) == ("May 29th", None, "year-open")


def test_may_as_a_modal_is_not_a_date() -> None:
    assert refs("This suggests that the U.S. may respond militarily.") == []
    assert refs("Protesters march on the capital; May I ask why?") == []


def test_day_of_month() -> None:
    night = one("Previously, on the night of the 27th, a drone attacked the outpost.")
    assert (night.start, night.kind) == ("2024-01-27", "day-of-month")


def test_month_and_year_is_a_range() -> None:
    june = one("The deal was signed in June 2021.")
    assert (june.start, june.end, june.confidence) == ("2021-06-01", "2021-06-30", "exact")


def test_full_date_is_exact() -> None:
    full = one("The rally took place on March 3, 2019 downtown.", None)
    assert (full.start, full.confidence) == ("2019-03-03", "exact")


def test_same_day_refers_to_the_previous_date() -> None:
    found = refs("Kirby spoke on Monday. On the same day, Blinken spoke too.")
    assert found[1].start == "2024-01-29" and found[1].confidence == "relative"


def test_this_evening_is_the_article_date() -> None:
    assert one("As demonstrated by this evening's strikes, the US acted.").start == FT_DATE


@pytest.mark.parametrize(
    ("header", "iso"),
    [
        ("Jan 29th2024", "2024-01-29"),
        ("Posted on Thu Jun 13, 2013 08:45 AM PDT", "2013-06-13"),
        ("Posted on November 15, 2011 6:07:15 PM GMT+01:0", "2011-11-15"),
        ("not a date at all", None),
    ],
)
def test_header_dates(header: str, iso: str | None) -> None:
    assert parse_header_date(header) == iso

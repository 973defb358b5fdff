"""Dates: every expression form, resolved against the article date (or left open)."""

from __future__ import annotations

import pytest

from corroborate.extract.dates import dateline_date, find_dates, parse_header_date
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


def span(ref: DateRef) -> tuple[str | None, str | None]:
    return ref.start, ref.end


# Weekdays: past by default, ahead under a future cue ("will", "next", "is scheduled to", ...).


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The minister will visit the border on Thursday.", "2024-02-01"),
        ("The vote is scheduled to take place Friday in the capital.", "2024-02-02"),
        ("Both sides plan to resume the talks on Wednesday.", "2024-01-31"),
        ("The summit, to be held Saturday, was moved to Oslo.", "2024-02-03"),
        ("The committee meets again next Tuesday.", "2024-01-30"),
        ("The committee meets this Wednesday.", "2024-01-31"),
        ("The minister visited the border on Thursday.", "2024-01-25"),
        ("Police said Friday that two men were arrested.", "2024-01-26"),
    ],
)
def test_weekday_points_back_or_ahead_by_tense(sentence: str, day: str) -> None:
    assert one(sentence).start == day


def test_each_weekday_takes_the_tense_of_its_own_clause() -> None:
    found = refs("She said on Friday that the council will meet on Wednesday.")
    assert [(r.text, r.start, r.confidence) for r in found] == [
        ("Friday", "2024-01-26", "relative"),
        ("Wednesday", "2024-01-31", "tense"),
    ]


def test_a_deadline_under_a_past_perfect_is_past() -> None:
    # "by" points ahead ("will finish by Friday"), but not under "had": the deadline has passed.
    assert one("Only two members had filed reports by Wednesday.", "1990-08-16").start == "1990-08-15"
    assert one("By Monday the rebels had taken the city.").start == "2024-01-29"
    assert one("Talks must end by Friday, officials said.").start == "2024-02-02"
    # a verb chain pointing ahead still holds the deadline there
    assert one("The company had said it would finish the work by Friday.").start == "2024-02-02"


def test_an_irregular_past_verb_points_back() -> None:
    # "bought" is the past of "buy", nearer the month than the "agreed to" of the main clause
    text = "Since KKR bought RJR in February for $25 billion of debt, it has agreed to sell assets."
    assert span(one(text, "1989-10-30")) == (
        "1989-02-01",
        "1989-02-28",
    )
    # "been" goes with "has" and "will have" too, and "set to expire" points ahead
    assert one("The offer had been set to expire Nov. 6.", "1989-11-02").start == "1989-11-06"


def test_last_monday_in_a_monday_article_is_the_week_before() -> None:
    last = one("The strike began last Monday.")
    assert (last.text, last.start, last.kind) == ("last Monday", "2024-01-22", "weekday")
    assert one("The strike began Monday.").start == FT_DATE


# A month and day without a year: the year nearest the article date.


def test_month_day_in_a_january_article_is_last_year() -> None:
    october = one("The plant closed on Oct. 23 after a fire.", "2024-01-10")
    assert (october.text, october.start, october.confidence) == ("Oct. 23", "2023-10-23", "year-from-article")


def test_month_day_under_a_future_cue_is_the_next_one() -> None:
    assert one("The new law will take effect on Oct. 23.", "2024-01-10").start == "2024-10-23"


def test_month_day_right_after_a_past_verb_is_the_last_one() -> None:
    assert one("Revenue for the fiscal year ended March 31 grew.", "2023-11-15").start == "2023-03-31"
    assert one("The board set Nov. 10 as the deadline for offers.", "2023-11-02").start == "2023-11-10"


def test_weekday_written_with_a_month_day_picks_the_year() -> None:
    assert one("The festival opens Sunday, April 25, downtown.", "2020-10-01").start == "2021-04-25"


def test_since_an_abbreviated_month_and_day_is_read_whole() -> None:
    since = one("Inspectors have worked at the site since Jan. 13.", "2024-03-06")
    assert (since.text, since.start) == ("Jan. 13", "2024-01-13")


def test_month_with_an_ordinal_word() -> None:
    assert one("The ceremony is on March eighth.").start == "2024-03-08"


# Bare months are whole months.


def test_bare_month_is_the_whole_month_nearest_before_the_article() -> None:
    october = one("The factory reopened in October.")
    assert (span(october), october.kind, october.confidence) == (
        ("2023-10-01", "2023-10-31"),
        "range",
        "year-from-article",
    )
    assert span(one("Prices fell in early October.")) == ("2023-10-01", "2023-10-31")
    assert span(one("The deal closed last August.")) == ("2023-08-01", "2023-08-31")
    assert span(one("The deal will close in August.")) == ("2024-08-01", "2024-08-31")
    assert span(one("The election is in May.")) == ("2024-05-01", "2024-05-31")
    assert span(one("The report is due in March.")) == ("2024-03-01", "2024-03-31")  # a quarter ahead at most


def test_month_names_that_are_not_dates() -> None:
    assert refs("April Jones said the plan would work.") == []
    assert refs("March on, the crowd shouted.") == []


def test_month_with_a_relative_year() -> None:
    assert span(one("Prices peaked in June last year.")) == ("2023-06-01", "2023-06-30")


# Relative periods and counts back from the article date.


@pytest.mark.parametrize(
    ("sentence", "first", "last"),
    [
        ("Sales fell last month.", "2023-12-01", "2023-12-31"),
        ("Sales will rise next month.", "2024-02-01", "2024-02-29"),
        ("Earlier this month, sales fell.", "2024-01-01", "2024-01-31"),
        ("Sales fell last year.", "2023-01-01", "2023-12-31"),
        ("Sales will rise next year.", "2025-01-01", "2025-12-31"),
        ("Sales rose this year.", "2024-01-01", "2024-12-31"),
        ("Sales fell last week.", "2024-01-22", "2024-01-28"),
        ("Sales fell five months ago.", "2023-08-01", "2023-08-31"),
    ],
)
def test_relative_periods_are_ranges(sentence: str, first: str, last: str) -> None:
    ref = one(sentence)
    assert (ref.start, ref.end, ref.kind, ref.confidence) == (first, last, "range", "relative")


def test_a_period_after_the_is_a_duration_not_a_date() -> None:
    assert refs("Sales fell over the last year.") == []


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("The ship sank two weeks ago.", "2024-01-15"),
        ("The ship sank three days ago.", "2024-01-26"),
        ("The ship sank a week ago.", "2024-01-22"),
        ("The ship sails tomorrow.", "2024-01-30"),
        ("Today, the ship sails.", FT_DATE),
        ("Yesterday the ship sank.", "2024-01-28"),
        ("“Today we sail,” the captain said.", FT_DATE),
    ],
)
def test_days_counted_from_the_article_date(sentence: str, day: str) -> None:
    ref = one(sentence)
    assert (ref.start, ref.end, ref.confidence) == (day, day, "relative")


def test_capitalised_today_inside_a_sentence_is_a_name() -> None:
    assert refs("Kirby told NBC's Today Show it was not over.") == []
    assert refs("Today Show hosts met the crew.") == []


def test_the_following_day_counts_from_the_date_before_it() -> None:
    found = refs("Police arrived on Jan. 3. The following day, the road reopened.")
    assert [(r.text, r.start) for r in found] == [("Jan. 3", "2024-01-03"), ("The following day", "2024-01-04")]
    found = refs("Trading resumed on Monday after a halt the previous Friday.")
    assert [r.start for r in found] == [FT_DATE, "2024-01-26"]


def test_a_year_earlier_counts_from_the_sentence_date() -> None:
    found = refs("Profit rose in the quarter ended Sept. 30 from a year earlier.")
    assert [(r.text, r.start) for r in found] == [("Sept. 30", "2023-09-30"), ("a year earlier", "2022-09-30")]


# Datelines.


def test_dateline_month_day_is_found_in_any_case() -> None:
    assert one("WARSAW, February 26 (Xinhua) -- Polish officials said.", "2024-03-01").start == "2024-02-26"
    dateline = one("WARSAW, FEB. 26 (Xinhua) -- Polish officials said.", "2024-03-01")
    assert (dateline.text, dateline.start) == ("FEB. 26", "2024-02-26")


@pytest.mark.parametrize(
    ("text", "around", "iso"),
    [
        ("WARSAW, February 26, 2024 (Xinhua) -- Polish officials said.", None, "2024-02-26"),
        ("KABUL, Afghanistan, Feb. 26, 2024 (AP) - Officials said.", None, "2024-02-26"),
        ("WARSAW, February 26 (Xinhua) -- Polish officials said.", None, None),
        ("WARSAW, February 26 (Xinhua) -- Polish officials said.", "2024-03-10", "2024-02-26"),
        ("NEW YORK (AP) — Stocks fell on Monday.", None, None),
        ("Posted on Thu Jun 13, 2013 08:45 AM PDT\nThe council met.", None, "2013-06-13"),
        ("The minister said on February 26, 2024 that talks would go on.", None, None),
    ],
)
def test_dateline_date(text: str, around: str | None, iso: str | None) -> None:
    assert dateline_date(text, around) == iso


def test_a_reporting_verb_outside_the_quote_does_not_set_the_tense_inside() -> None:
    text = "“The bridge will reopen in May,” said the mayor."
    (found,) = find_dates(text, "2024-01-29", [(0, len(text))])
    assert found.ref.start == "2024-05-01"


def test_a_deictic_word_beside_a_written_day_is_that_day() -> None:
    # ECB+: "this morning 16th August" on a page dated 18 August was read as the 18th and contradicted the 16th.
    first, second = refs("The cable was cut this morning 16th August from 06:31GMT.", "2011-08-18")
    assert (first.text, first.start, second.start) == ("this morning", "2011-08-16", "2011-08-16")
    today, march = refs("The plant reopened today, March 3, officials said.", "2011-03-05")
    assert today.start == march.start == "2011-03-03"
    (alone,) = refs("The plant reopened today.", "2011-03-05")  # nothing beside it: the article's date
    assert alone.start == "2011-03-05"
    today, later = refs("The plant reopened today and closes on March 9.", "2011-03-05")
    assert (today.start, later.start) == ("2011-03-05", "2011-03-09")  # another clause's day is not its day

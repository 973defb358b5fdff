"""Date expressions in article text -> DateRef, resolved against the article date.

Part of the extraction stage; ``parse_header_date`` and ``dateline_date``
read the date of a whole document from its header or dateline, for ingest.
A table of patterns finds candidate expressions; dateparser parses the
calendar dates; the conventions of news copy resolve the rest against the
publication date:

- a weekday names the most recent such day on or before the article date,
  unless a cue points ahead: "next Tuesday", "this Tuesday", or a future
  verb near it in the sentence ("will", "is scheduled to", "plans to", "to
  be held", ...), which give the first such day on or after it. "last
  Monday" is the one before the article date, never the article's own day;
- a month and day with no year take the year that puts them nearest the
  article date ("Oct. 23" in a January report is last October), the next
  occurrence under a future cue;
- a bare month ("in October", "last August") is that whole month: the latest
  one up to the article's month, or the next one when it is at most a quarter
  ahead or a future cue says so;
- "last month", "this week", "next year" are whole calendar periods; "two
  weeks ago" and "tomorrow" are days ("five months ago" is that month); "a
  day earlier" counts from the sentence's other date, "the following day"
  and "the previous Friday" from the date before it in the text;
- "Today" and "Yesterday" count at the start of a sentence only: inside one,
  capitalised, they are names ("NBC's Today Show").

Tense is read from the words around an expression within its sentence, with
no parser: the nearest tense cue decides (``tense``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import dateparser

from corroborate.extract.views import IRREGULAR
from corroborate.lexicon import (
    IRREGULAR_PAST,
    MONTH_NAMES,
    MONTH_PATTERN,
    ORDINALS,
    TENS,
    UNITS,
    WEEKDAY_PATTERN,
    YEAR_PATTERN,
    alternation,
    month_number,
    weekday_number,
    word_value,
    wordlist,
)
from corroborate.records import DateRef

MONTH = MONTH_PATTERN
WEEKDAY = WEEKDAY_PATTERN
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
ORDINAL = rf"(?:{alternation(ORDINALS)})"
YEAR = YEAR_PATTERN
DIGIT_WORDS = alternation(list(UNITS)[1:10])
COUNT = rf"(?:\d{{1,3}}|an?|a couple of|(?:{alternation(TENS)})(?:-(?:{DIGIT_WORDS}))?|{alternation(UNITS)})"
UNIT = r"(?:day|week|fortnight|month|year)s?"
# A bare month name is a date on its own, except "May" and "March", which need a word before them
# that makes them one ("in May", "last March"); a capitalised word after it makes it a name ("April Glaspie").
MONTH_MODIFIER = (
    r"(?i:last|next|this|this past|this coming|early|late|earlier|later|mid|the (?:end|beginning|start|middle) of)"
)
PLAIN_MONTHS = alternation((m for m in MONTH_NAMES if m not in ("may", "march")), capitalise=True)
MONTH_CUES = wordlist(
    "in of since until till by through during from before after last next this early late earlier later mid"
)
AFTER_CUE = "|".join(f"(?<=\\b{cue} )|(?<=\\b{cue.capitalize()} )" for cue in MONTH_CUES) + "|(?<=mid-)"
BARE_MONTH = rf"(?:{PLAIN_MONTHS}|(?:{AFTER_CUE})(?:May|March))"
WEEKDAY_MODIFIER = r"(?i:last|next|this|this past|this coming|coming|early|late|earlier|later)"
SENTENCE_START = r"(?:^|(?<=[.!?\n\"“”:;]))[\s\"“”'‘]*"

# Patterns as data, tried in order; an earlier pattern's expression wins any overlap. A group named
# "x" marks the expression inside a wider match (a dateline's date, a sentence-initial "Today").
# A dateline opens a line: "WARSAW, February 26 (Xinhua) --", "KABUL, Afghanistan, FEB. 26 (AP) -".
DATELINE = (
    rf"(?:^|(?<=\n))[^\S\n]*(?:[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){{0,3}},[^\S\n]*){{1,2}}"
    rf"(?P<x>(?i:(?:{WEEKDAY},? )?{MONTH}\.? {DAY}(?:,? {YEAR})?))(?=[^\S\n]*(?:\(|-|—|–|_|:|\n|$))"
)
PATTERNS: tuple[tuple[str, str], ...] = (
    ("dateline", DATELINE),
    ("full", rf"\b(?:{WEEKDAY},? )?{MONTH}\.? {DAY},? {YEAR}\b|\b{DAY} (?:of )?{MONTH},? {YEAR}\b"),
    ("month-year", rf"\b{MONTH}\.?,? {YEAR}\b"),
    ("month-of-year", rf"\b{BARE_MONTH} (?:of )?(?:this|last|next) year\b"),
    ("since-month", rf"\bsince (?:early |late |mid-)?{MONTH}\b(?!\.?,? (?:{DAY}|{ORDINAL}|{YEAR})\b)"),
    (
        "month-day",
        rf"\b(?:{WEEKDAY},? )?{MONTH}\.? (?:{DAY}|{ORDINAL})\b(?!,? {YEAR})(?![\d-]|:\d)|\b{DAY} (?:of )?{MONTH}\b",
    ),
    ("ago", rf"\b(?i:{COUNT})(?: or so)? {UNIT}(?: or so)? ago\b"),
    (
        "deictic",
        r"\b(?:the day (?:before yesterday|after tomorrow)|yesterday|today|tonight|tomorrow|last night"
        r"|this (?:morning|evening|afternoon))\b",
    ),
    (
        "deictic",
        rf"{SENTENCE_START}(?P<x>(?:The day (?:before yesterday|after tomorrow)|Yesterday|Today|Tonight|Tomorrow"
        r"|Last night|This (?:morning|evening|afternoon))\b)(?! (?i:show|program))",
    ),
    (
        "anchored",
        rf"\b(?i:the) (?:(?:previous|following|prior) (?:{WEEKDAY}|day|night|week|month|year)"
        rf"|next (?:{WEEKDAY}|day|night))\b",
    ),
    (
        "day-offset",
        rf"\b(?i:{COUNT}) {UNIT} (?:earlier|later)\b|\b(?i:a|one|the) day (?:before|after)\b"
        r"|\b(?:the )?(?:day|night) before\b",
    ),
    (
        "period",
        r"\b(?:(?i:earlier|later|early|late) )?(?<!the )(?<!The )(?i:last|next|this) (?:week|month|year)\b"
        r"|\b(?i:the) (?:end|beginning|start|middle) of (?:the|this|last|next) (?:week|month|year)\b",
    ),
    ("weekday", rf"\b(?:{WEEKDAY_MODIFIER} )?{WEEKDAY}(?:['’]s)?\b"),
    ("day-of-month", r"\b(?:the (?:night|morning|evening|afternoon|day) of |on )the \d{1,2}(?:st|nd|rd|th)\b"),
    ("same-day", r"\b(?:on )?the same day\b"),
    ("month", rf"\b(?:{MONTH_MODIFIER}[- ])?{BARE_MONTH}\b(?! [A-Z][a-z])"),
    ("year", rf"\b(?:in|since|during) (?:at least |early |late )?{YEAR}\b"),
)
COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in PATTERNS)
BASE = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}

# Tense cues, as data. A future cue takes the verb chain after it ("will be held", "is scheduled to
# resume"), so the past participle inside it is not read as a past tense.
FUTURE_CUES = (
    r"will|shall|['’]ll|wo(?:n['’]| n['’])t|would(?! have)",
    r"(?:is|are|was|were|be) (?:to|about to)",
    r"(?:scheduled|expected|expects?|set|slated|due|poised|planning|plans?|planned|going|likely|preparing|intends?"
    r"|aims?|hopes?|wants?|agreed|promised|vowed|threatened) to",
    r"(?:scheduled|planned|set|slated|due) (?:for|on)|to be (?:held|\w+ed)|(?:is|are) expected|upcoming|scheduled"
    r"|planned",
)
FUTURE = re.compile(
    rf"\b(?:{'|'.join(FUTURE_CUES)})\b(?:\s+(?:not|also|still|then|be|have|been|\w+ly))*(?:\s+\w+)?", re.I
)
NOT_PAST = alternation(wordlist("indeed proceed exceed succeed speed breed greed hundred kindred sacred limited"))
# Past forms: the irregular table's ("bought", "sold", "taught") and the verbs clause reading knows ("hit", "put").
PAST_WORD = rf"(?:was|were|had|did|ago|{alternation(IRREGULAR | IRREGULAR_PAST)}|(?!(?:{NOT_PAST})\b)[a-z]{{3,}}ed)"
PAST = re.compile(rf"\b{PAST_WORD}\b")  # lower case: "United", "Alfred" are names
TENSE_WINDOW = 80  # characters either side of the expression, within its sentence: future cues
PAST_REACH = 30  # past cues count only this close: "-ed" adjectives further off say little
# Words right before the expression say it outright: "by May", "until Friday" (a deadline), "the vote is on
# Friday" (a schedule); "since Jan. 13"; a past verb that the date is the time of ("ended Sept. 30",
# "closed on Friday"), but not "set", whose object a date often is ("set Nov. 10 as the deadline").
LEADING_CUES = (
    ("deadline", re.compile(r"\b[Bb]y\s+$")),  # ahead, but past under a past perfect (``_deadline``)
    ("future", re.compile(r"\b(?:[Uu]ntil|[Tt]ill|(?:is|are)(?: (?:on|in|for))?)\s+$")),
    ("past", re.compile(rf"\b(?:[Ss]ince|(?!set\b){PAST_WORD}(?: on)?)\s+$")),
)
# A past perfect before a deadline makes it a past one: "had filed reports by Wednesday", "By Monday the
# rebels had taken the city".
PAST_PERFECT = re.compile(rf"\bhad(?:n['’]t| not| already| just| \w+ly)? (?:been )?{PAST_WORD}\b")
LOOK_AHEAD = 3  # a bare month at most this many months after the article's is the coming one


@dataclass(frozen=True)
class Found:
    """A DateRef with its character span in the text."""

    start: int
    end: int
    ref: DateRef
    kind: str  # the pattern that found it


@dataclass(frozen=True)
class Tense:
    """Which way the words around an expression point from the article date."""

    future: bool
    close: bool  # the cue is right before the expression: "by May", "ended Sept. 30"


@dataclass(frozen=True)
class Context:
    """What a resolver may know besides the expression: the article date and the tense around it."""

    published: str | None
    tense: Tense | None = None  # None: no cue

    @property
    def future(self) -> bool:
        return self.tense is not None and self.tense.future

    @property
    def past(self) -> bool:
        return self.tense is not None and not self.tense.future


@lru_cache(maxsize=4096)
def parse(text: str, base: str | None = None, **extra: object) -> dt.date | None:
    # Settings arrive hashable (for the cache); dateparser wants lists.
    settings: dict[str, object] = {**BASE, **{k: list(v) if isinstance(v, tuple) else v for k, v in extra.items()}}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
    try:
        value = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return value.date() if value else None


def parse_header_date(text: str) -> str | None:
    """A full date from a header or dateline ("Jan 29th2024", "Posted on Thu Jun 13, 2013 ...")."""
    text = re.sub(r"(\d)(st|nd|rd|th)(\d{4})", r"\1\2 \3", text)
    text = re.sub(r"^\s*(?:posted|published|updated|last updated)(?: on)?:?\s*", "", text, flags=re.I)
    text = re.sub(r"GMT[+-][\d:]+", "", text)
    value = parse(text.strip()[:60], None, REQUIRE_PARTS=("day", "month", "year"))
    return value.isoformat() if value else None


HEADER_LINE = re.compile(r"^\s*(?:posted|published|updated|last updated)\b", re.I)
# A saved page's date stamp at the very start: "August 2, 2013 Ellen ...", "14:25 Sun Sep 15 2013",
# "4 October 2013, 18:07 (GMT+05:00)", "Posted: Apr 02, 2009 11:06 PM CEST".
LEADING_DATE = re.compile(
    rf"^\W*(?:(?i:posted|published|updated)(?:\s+on)?:?\s*)?(?:\d{{1,2}}:\d{{2}}\s*(?i:[ap]\.?m\.?)?\s*)?"
    rf"(?:(?:{WEEKDAY}|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)?"
    rf"(?P<date>{MONTH}\.?\s+{DAY},?\s+{YEAR}|{DAY}\s+{MONTH}\.?,?\s+{YEAR})\b"
)


STAMP_TAIL = re.compile(
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?i:[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?:[A-Z]{2,4})?(?:[+-]\d{1,2}(?::\d{1,2})?)?\)?)?)?"
)


def leading_stamp(text: str) -> tuple[int, str] | None:
    """The end offset and ISO date of a date stamp that opens ``text`` ("August 2, 2013 ..."), or None."""
    match = LEADING_DATE.match(text)
    if not match:
        return None
    day = iso(parse(plain(match["date"])))
    if not day:
        return None
    tail = STAMP_TAIL.match(text, match.end())
    return (tail.end() if tail else match.end()), day


def dateline_date(text: str, around: str | None = None) -> str | None:
    """The ISO date a dateline at the start of ``text`` gives, or None.

    Reads "WARSAW, February 26, 1998 (Xinhua) --", "KABUL, Afghanistan, Feb. 26 (AP) -" and header
    lines such as "Posted on Thu Jun 13, 2013 08:45 AM PDT". A dateline without a year ("WARSAW,
    February 26 (Xinhua)") gives a date only when ``around`` (an ISO date the document is known to be
    near, such as the day it was collected) supplies the year: the one nearest ``around``. A dateline
    without a date ("NEW YORK (AP) --") gives None.
    """
    head = text.lstrip()[:300]
    first_line = head.split("\n", 1)[0]
    if HEADER_LINE.match(first_line):
        return parse_header_date(first_line)
    match = re.match(DATELINE, head)
    if not match:
        return None
    expr = match.group("x")
    if re.search(rf"{YEAR}\b", expr):
        return iso(parse(plain(expr)))
    return nearest_day(expr, around) if around else None


def candidates(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping candidate expressions, earlier patterns winning."""
    taken: list[tuple[int, int, str]] = []
    for kind, pattern in COMPILED:
        for match in pattern.finditer(text):
            start, end = match.span("x") if "x" in pattern.groupindex else match.span()
            if not any(s < end and start < e for s, e, _ in taken):
                taken.append((start, end, kind))
    return sorted(taken)


def core(expression: str) -> str:
    return re.sub(r"^(?:on|since|in|during|at least|early|late|mid-)\s+|['’]s$", "", expression).strip()


def plain(expression: str) -> str:
    """ "March eighth" -> "March 8", "Oct. 23rd" -> "Oct. 23": what dateparser reads best."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", core(expression))
    return re.sub(ORDINAL, lambda m: str(ORDINALS[m.group().lower()]), text, flags=re.I)


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier when negative), clipped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_range(year: int, month: int) -> tuple[str, str]:
    return dt.date(year, month, 1).isoformat(), dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def period_range(unit: str, day: dt.date) -> tuple[str, str]:
    """The calendar week (Monday to Sunday), month or year that holds ``day``."""
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if unit == "month":
        return month_range(day.year, day.month)
    return f"{day.year}-01-01", f"{day.year}-12-31"


def nearest_day(expr: str, anchor: str, tense: Tense | None = None) -> str | None:
    """A month and day in the year that puts them nearest ``anchor``.

    Under a future cue it is the next one on or after ``anchor``; right after a past verb ("ended
    Sept. 30") the last one on or before it. A weekday written with it picks the year it fits.
    """
    day = parse(re.sub(rf"^{WEEKDAY},?\s*", "", plain(expr), flags=re.I) + " 2000")  # a leap year: February 29
    if not day:
        return None
    base = dt.date.fromisoformat(anchor)
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(day.replace(year=year))
        except ValueError:  # February 29 outside a leap year
            continue
    named = weekday_number(expr.split()[0].rstrip(","))
    if named is not None and any(o.weekday() == named for o in options):
        options = [o for o in options if o.weekday() == named]  # "Saturday, April 25" fixes the year
    if tense and tense.future and any(o >= base for o in options):
        return min(o for o in options if o >= base).isoformat()
    if tense and tense.close and not tense.future and any(o <= base for o in options):
        return max(o for o in options if o <= base).isoformat()
    return min(options, key=lambda o: abs((o - base).days)).isoformat()


def resolve_full(expr: str, ctx: Context) -> DateRef:
    day = parse(plain(expr))
    return DateRef(expr, iso(day), iso(day), "exact" if day else "unresolved")


def resolve_month_year(expr: str, ctx: Context) -> DateRef:
    first = parse(core(expr), None, PREFER_DAY_OF_MONTH="first")
    last = parse(core(expr), None, PREFER_DAY_OF_MONTH="last")
    return DateRef(expr, iso(first), iso(last), "exact" if first else "unresolved", "range")


def resolve_year(expr: str, ctx: Context) -> DateRef:
    year = re.search(YEAR, expr)
    assert year  # the pattern requires one
    return DateRef(expr, f"{year.group()}-01-01", f"{year.group()}-12-31", "exact", "range")


def resolve_since_month(expr: str, ctx: Context) -> DateRef:
    if not ctx.published:
        return DateRef(expr, None, None, "year-open", "range")
    month = re.sub(r"^since (?:early |late |mid-)?", "", expr)
    first = parse(month, shift(ctx.published, 1), PREFER_DAY_OF_MONTH="first")
    return DateRef(expr, iso(first), ctx.published, "relative" if first else "unresolved", "range")


def resolve_month_day(expr: str, ctx: Context) -> DateRef:
    if not ctx.published:
        return DateRef(expr, None, None, "year-open")
    day = nearest_day(expr, ctx.published, ctx.tense)
    return DateRef(expr, day, day, "year-from-article" if day else "unresolved")


def resolve_dateline(expr: str, ctx: Context) -> DateRef:
    return resolve_full(expr, ctx) if re.search(rf"{YEAR}\b", expr) else resolve_month_day(expr, ctx)


def resolve_weekday(expr: str, ctx: Context) -> DateRef:
    if not ctx.published:
        return DateRef(expr, None, None, "unresolved", "weekday")
    words = expr.lower().split()
    named = weekday_number(words[-1])
    assert named is not None  # the pattern ends in a weekday
    base = dt.date.fromisoformat(ctx.published)
    back = (base.weekday() - named) % 7  # days back to the latest such day on or before the article date
    ahead = (named - base.weekday()) % 7  # days ahead to the first one on or after it
    modifier = " ".join(words[:-1])
    confidence = "relative"
    if modifier in ("last", "this past"):
        day = base - dt.timedelta(days=back or 7)
    elif modifier in ("next", "coming", "this coming"):
        day = base + dt.timedelta(days=ahead or 7)
    elif modifier in ("this", "later"):
        day = base - dt.timedelta(days=back) if ctx.past else base + dt.timedelta(days=ahead)
    elif modifier != "earlier" and ctx.future:
        day, confidence = base + dt.timedelta(days=ahead), "tense"
    else:
        day = base - dt.timedelta(days=back)
    return DateRef(expr, day.isoformat(), day.isoformat(), confidence, "weekday")


def resolve_month(expr: str, ctx: Context) -> DateRef:
    """A month name without a year: the whole month, in the year the words and the tense point to."""
    words = expr.lower().replace("-", " ").split()
    month = next(n for w in words if (n := month_number(w)))
    if not ctx.published:
        return DateRef(expr, None, None, "year-open", "range")
    base = dt.date.fromisoformat(ctx.published)
    ahead = (month - base.month) % 12  # months ahead to the first one from the article's on
    confidence = "relative"
    if "year" in words:  # "June last year", "January this year"
        year = base.year + {"last": -1, "this": 0, "next": 1}[words[-2]]
    elif words[0] in ("last", "past") or words[:2] == ["this", "past"]:
        year = base.year - (1 if month >= base.month else 0)
    elif words[0] in ("next", "coming") or words[:2] == ["this", "coming"]:
        year = base.year + (1 if month <= base.month else 0)
    elif words[0] == "this":
        year = base.year
    elif ctx.future or (ctx.tense is None and 0 < ahead <= LOOK_AHEAD):
        year = base.year + (1 if month < base.month else 0)
        confidence = "tense" if ctx.future else "year-from-article"
    else:
        year = base.year - (1 if month > base.month else 0)
        confidence = "year-from-article"
    return DateRef(expr, *month_range(year, month), confidence, "range")


def resolve_ago(expr: str, ctx: Context) -> DateRef:
    """ "two weeks ago" is a day; "five months ago" is that whole month."""
    if not ctx.published:
        return DateRef(expr)
    count, unit = count_and_unit(expr)
    base = dt.date.fromisoformat(ctx.published)
    if unit == "month":
        return DateRef(expr, *period_range("month", add_months(base, -count)), "relative", "range")
    day = move(base, -count, unit)
    return DateRef(expr, day.isoformat(), day.isoformat(), "relative")


def count_and_unit(expr: str) -> tuple[int, str]:
    low = expr.lower()
    unit = re.search(r"(day|week|fortnight|month|year)", low)
    assert unit  # the pattern requires one
    number = re.search(r"\d+", low)
    if number:
        count = int(number.group())
    elif "couple" in low:
        count = 2
    else:
        count = int(word_value(low.split(" or ")[0].split(unit.group())[0].strip())) or 1  # "a", "an"
    if unit.group() == "fortnight":
        return 2 * count, "week"
    return count, unit.group()


def move(day: dt.date, count: int, unit: str) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(days=7 * count)
    return add_months(day, count * (12 if unit == "year" else 1))


def resolve_period(expr: str, ctx: Context) -> DateRef:
    """ "last month", "earlier this year", "the end of next week": the whole calendar period."""
    if not ctx.published:
        return DateRef(expr, kind="range")
    words = expr.lower().split()
    unit, which = words[-1], words[-2]
    step = {"last": -1, "next": 1}.get(which, 0)
    base = dt.date.fromisoformat(ctx.published)
    return DateRef(expr, *period_range(unit, move(base, step, unit)), "relative", "range")


def resolve_day_of_month(expr: str, ctx: Context) -> DateRef:
    if not ctx.published:
        return DateRef(expr, None, None, "unresolved", "day-of-month")
    number = int(re.search(r"\d+", expr).group())  # type: ignore[union-attr]
    try:
        day = dt.date.fromisoformat(ctx.published).replace(day=number)
    except ValueError:
        return DateRef(expr, None, None, "unresolved", "day-of-month")
    return DateRef(expr, day.isoformat(), day.isoformat(), "relative", "day-of-month")


def resolve_deictic(expr: str, ctx: Context) -> DateRef:
    if not ctx.published:
        return DateRef(expr)
    low = expr.lower()
    day = shift(ctx.published, next((days for words, days in DEICTIC_DAYS.items() if words in low), 0))
    return DateRef(expr, day, day, "relative")


DEICTIC_DAYS = {"before yesterday": -2, "after tomorrow": 2, "yesterday": -1, "last night": -1, "tomorrow": 1}
RESOLVERS: dict[str, Callable[[str, Context], DateRef]] = {
    "dateline": resolve_dateline,
    "full": resolve_full,
    "month-year": resolve_month_year,
    "month-of-year": resolve_month,
    "year": resolve_year,
    "since-month": resolve_since_month,
    "month-day": resolve_month_day,
    "ago": resolve_ago,
    "period": resolve_period,
    "weekday": resolve_weekday,
    "month": resolve_month,
    "day-of-month": resolve_day_of_month,
    "deictic": resolve_deictic,
}


def tense(text: str, start: int, end: int, bounds: tuple[int, int]) -> Tense | None:
    """The tense cue nearest the expression within its sentence (``bounds``); None when there is none.

    Future cues reach ``TENSE_WINDOW`` characters either way, past ones only ``PAST_REACH``; a cue word
    right before the expression (``LEADING_CUES``) beats both.
    """
    lo, hi = max(bounds[0], start - TENSE_WINDOW), min(bounds[1], end + TENSE_WINDOW)
    window = text[lo:hi]
    cues: list[tuple[int, str]] = []
    masked = list(window)
    for match in FUTURE.finditer(window):
        cues.append((gap(match.start() + lo, match.end() + lo, start, end), "future"))
        masked[match.start() : match.end()] = " " * (match.end() - match.start())
    rest = "".join(masked)
    for match in PAST.finditer(rest):
        distance = gap(match.start() + lo, match.end() + lo, start, end)
        between = text[min(end, match.start() + lo) : max(start, match.end() + lo)]
        if any(q in between for q in '“”"'):
            continue  # "“... will reopen in May,” said X": the reporting verb has its own tense
        if 0 < distance <= PAST_REACH:  # 0: inside the expression itself
            cues.append((distance, "past"))
    before = rest[: start - lo]
    for direction, pattern in LEADING_CUES:
        if pattern.search(before):
            cues.append((0, _deadline(window, cues) if direction == "deadline" else direction))
    if not cues:
        return None
    distance, direction = min(cues)  # on a tie "future" wins: the verb chains it takes are specific
    return Tense(direction == "future", distance == 0)


def _deadline(window: str, cues: list[tuple[int, str]]) -> str:
    """Which way "by" points: ahead, unless a past perfect governs it and no verb chain points ahead ("had
    filed reports by Wednesday"; not "had said it would finish by Friday")."""
    ahead = any(direction == "future" for _, direction in cues)
    return "past" if not ahead and PAST_PERFECT.search(window) else "future"


def gap(s1: int, e1: int, s2: int, e2: int) -> int:
    return max(s2 - e1, s1 - e2, 0)


def sentence_of(position: int, sentences: Sequence[tuple[int, int]], text: str) -> tuple[int, int]:
    return next(((s, e) for s, e in sentences if s <= position < e), (0, len(text)))


TENSE_KINDS = {"weekday", "month", "month-day"}  # not a dateline: the story's verbs follow it


def find_dates(text: str, published: str | None, sentences: Sequence[tuple[int, int]]) -> list[Found]:
    """Every date expression in ``text``, resolved; sentences bound the tense cues and anchor "a day earlier"."""
    found: list[Found] = []
    for start, end, kind in candidates(text):
        expr = text[start:end]
        resolver = RESOLVERS.get(kind)
        if resolver is None:
            found.append(Found(start, end, DateRef(expr), kind))
            continue
        when = tense(text, start, end, sentence_of(start, sentences, text)) if kind in TENSE_KINDS else None
        found.append(Found(start, end, resolver(expr, Context(published, when)), kind))
    return appositions(resolve_references(found, published, sentences), text)


WRITTEN_DAYS = frozenset({"full", "month-day", "dateline"})  # kinds that write out a day of a month


def appositions(found: list[Found], text: str) -> list[Found]:
    """A deictic word written beside the day it names ("this morning 16th August", "today, March 3") is that
    day, not one counted from the article's date: a page updated or saved days later keeps its "today"."""
    out = list(found)
    for k, item in enumerate(out):
        if item.kind != "deictic":
            continue
        for other in out[max(k - 1, 0) : k] + out[k + 1 : k + 2]:
            written = other.kind in WRITTEN_DAYS and other.ref.start and other.ref.start == other.ref.end
            between = text[min(item.end, other.end) : max(item.start, other.start)]
            if written and re.fullmatch(r"[\s,]*", between):
                out[k] = replace(item, ref=replace(other.ref, text=item.ref.text))
                break
    return out


def resolve_references(found: list[Found], published: str | None, sentences: Sequence[tuple[int, int]]) -> list[Found]:
    """ "the same day" and "the following day" take the previous date; "a day earlier" counts from the sentence's."""
    out: list[Found] = []
    for item in found:
        if item.kind == "same-day":
            previous = next((f.ref for f in reversed(out) if f.ref.start), None)
            start = previous.start if previous else None
            item = replace(item, ref=DateRef(item.ref.text, start, start, "relative" if start else "unresolved"))
        elif item.kind == "anchored":
            anchor = next((f.ref.start for f in reversed(out) if f.ref.start), published)
            item = replace(item, ref=anchored_ref(item.ref.text, anchor))
        elif item.kind == "day-offset":
            item = replace(item, ref=offset_ref(item, out + found, published, sentences))
        out.append(item)
    return out


def anchored_ref(expr: str, anchor: str | None) -> DateRef:
    """ "the previous Friday", "the following month": counted from the date before it in the text."""
    if not anchor:
        return DateRef(expr)
    words = expr.lower().split()
    base = dt.date.fromisoformat(anchor)
    step = -1 if words[1] in ("previous", "prior") else 1
    target = words[-1]
    named = weekday_number(target)
    if named is not None:
        days = ((base.weekday() - named) if step < 0 else (named - base.weekday())) % 7 or 7
        day = base + dt.timedelta(days=step * days)
        return DateRef(expr, day.isoformat(), day.isoformat(), "relative", "weekday")
    if target in ("day", "night"):
        day = base + dt.timedelta(days=step)
        return DateRef(expr, day.isoformat(), day.isoformat(), "relative")
    return DateRef(expr, *period_range(target, move(base, step, target)), "relative", "range")


def offset_ref(
    item: Found, others: list[Found], published: str | None, sentences: Sequence[tuple[int, int]]
) -> DateRef:
    bounds = next(((s, e) for s, e in sentences if s <= item.start < e), (item.start, item.end))
    anchor = next(
        (
            f.ref.start
            for f in others
            if f is not item
            and f.kind not in ("day-offset", "anchored")
            and f.ref.start
            and f.ref.start == f.ref.end
            and bounds[0] <= f.start < bounds[1]
        ),
        published,
    )
    if not anchor:
        return DateRef(item.ref.text)
    text = item.ref.text.lower()
    count, unit = count_and_unit(text) if re.search(r"\d|week|month|year|fortnight", text) else (1, "day")
    sign = 1 if "later" in text else -1
    day = move(dt.date.fromisoformat(anchor), sign * count, unit).isoformat()
    return DateRef(item.ref.text, day, day, "relative")

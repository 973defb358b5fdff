"""Date expressions in article text -> DateRef, resolved against the article date.

Part of the extraction stage (and used by ingest for header dates). A small
table of patterns finds candidate expressions; dateparser does the parsing
itself. News conventions: a weekday names the most recent such day on or
before the article date; a month and day with no year takes the article's
year; "a day earlier" counts back from the sentence's other date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import dateparser

from corroborate.lexicon import MONTH_PATTERN, WEEKDAY_PATTERN
from corroborate.records import DateRef

MONTH = MONTH_PATTERN
WEEKDAY = WEEKDAY_PATTERN
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
# Month names are only dates when capitalised and next to a day or year: "may respond"
# and "March on" never match, and neither does a bare "Sun".
PATTERNS: tuple[tuple[str, str], ...] = (
    ("full", rf"\b{MONTH}\.? {DAY},? {YEAR}\b|\b{DAY} (?:of )?{MONTH},? {YEAR}\b"),
    ("month-year", rf"\b{MONTH} {YEAR}\b"),
    ("since-month", rf"\bsince (?:early |late |mid-)?{MONTH}\b(?! {DAY})"),
    ("month-day", rf"\b{MONTH}\.? {DAY}\b(?!,? {YEAR})(?![\d:])|\b{DAY} (?:of )?{MONTH}\b"),
    ("weekday", rf"\b{WEEKDAY}(?:['’]s)?\b"),
    ("day-of-month", r"\b(?:the (?:night|morning|evening|afternoon|day) of |on )the \d{1,2}(?:st|nd|rd|th)\b"),
    ("same-day", r"\b(?:on )?the same day\b"),
    ("day-offset", r"\b(?:a|one|the) day (?:earlier|before|after|later)\b|\b(?:the )?(?:day|night) before\b"),
    ("deictic", r"\b(?:yesterday|today|tonight|last night|this (?:morning|evening|afternoon))\b"),
    ("year", rf"\b(?:in|since|during) (?:at least |early |late )?{YEAR}\b"),
)
COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in PATTERNS)
BASE = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@dataclass(frozen=True)
class Found:
    """A DateRef with its character span in the text."""

    start: int
    end: int
    ref: DateRef
    kind: str  # the pattern that found it


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


def candidates(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping candidate expressions, earlier patterns winning."""
    taken: list[tuple[int, int, str]] = []
    for kind, pattern in COMPILED:
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in taken):
                taken.append((match.start(), match.end(), kind))
    return sorted(taken)


def core(expression: str) -> str:
    return re.sub(r"^(?:on|since|in|during|at least|early|late|mid-)\s+|['’]s$", "", expression).strip()


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def resolve_full(expr: str, published: str | None) -> DateRef:
    day = parse(re.sub(r"(\d)(st|nd|rd|th)", r"\1", core(expr)))
    return DateRef(expr, iso(day), iso(day), "exact" if day else "unresolved")


def resolve_month_year(expr: str, published: str | None) -> DateRef:
    first = parse(core(expr), None, PREFER_DAY_OF_MONTH="first")
    last = parse(core(expr), None, PREFER_DAY_OF_MONTH="last")
    return DateRef(expr, iso(first), iso(last), "exact" if first else "unresolved", "range")


def resolve_year(expr: str, published: str | None) -> DateRef:
    year = re.search(YEAR, expr)
    assert year  # the pattern requires one
    return DateRef(expr, f"{year.group()}-01-01", f"{year.group()}-12-31", "exact", "range")


def resolve_since_month(expr: str, published: str | None) -> DateRef:
    if not published:
        return DateRef(expr, None, None, "year-open", "range")
    month = re.sub(r"^since (?:early |late |mid-)?", "", expr)
    first = parse(month, shift(published, 1), PREFER_DAY_OF_MONTH="first")
    return DateRef(expr, iso(first), published, "relative" if first else "unresolved", "range")


def resolve_month_day(expr: str, published: str | None) -> DateRef:
    plain = re.sub(r"(\d)(st|nd|rd|th)", r"\1", core(expr))
    if not published:
        return DateRef(expr, None, None, "year-open")
    day = parse(f"{plain} {published[:4]}")
    return DateRef(expr, iso(day), iso(day), "year-from-article" if day else "unresolved")


def resolve_weekday(expr: str, published: str | None) -> DateRef:
    if not published:
        return DateRef(expr, None, None, "unresolved", "weekday")
    # Parsing from the day after makes "Monday" in a Monday article mean that same Monday.
    day = parse(core(expr), shift(published, 1))
    return DateRef(expr, iso(day), iso(day), "relative" if day else "unresolved", "weekday")


def resolve_day_of_month(expr: str, published: str | None) -> DateRef:
    if not published:
        return DateRef(expr, None, None, "unresolved", "day-of-month")
    number = int(re.search(r"\d+", expr).group())  # type: ignore[union-attr]
    try:
        day = dt.date.fromisoformat(published).replace(day=number)
    except ValueError:
        return DateRef(expr, None, None, "unresolved", "day-of-month")
    return DateRef(expr, day.isoformat(), day.isoformat(), "relative", "day-of-month")


def resolve_deictic(expr: str, published: str | None) -> DateRef:
    if not published:
        return DateRef(expr)
    day = parse(expr.replace("tonight", "today").replace("last night", "yesterday"), published)
    return DateRef(expr, iso(day), iso(day), "relative" if day else "unresolved")


RESOLVERS: dict[str, Callable[[str, str | None], DateRef]] = {
    "full": resolve_full,
    "month-year": resolve_month_year,
    "year": resolve_year,
    "since-month": resolve_since_month,
    "month-day": resolve_month_day,
    "weekday": resolve_weekday,
    "day-of-month": resolve_day_of_month,
    "deictic": resolve_deictic,
}


def find_dates(text: str, published: str | None, sentences: Sequence[tuple[int, int]]) -> list[Found]:
    """Every date expression in ``text``, resolved; sentences give "a day earlier" its anchor."""
    found: list[Found] = []
    for start, end, kind in candidates(text):
        expr = text[start:end]
        resolver = RESOLVERS.get(kind)
        ref = resolver(expr, published) if resolver else DateRef(expr)
        found.append(Found(start, end, ref, kind))
    return resolve_references(found, published, sentences)


def resolve_references(found: list[Found], published: str | None, sentences: Sequence[tuple[int, int]]) -> list[Found]:
    """ "the same day" takes the previous date; "a day earlier" counts from the sentence's other date."""
    out: list[Found] = []
    for item in found:
        if item.kind == "same-day":
            previous = next((f.ref for f in reversed(out) if f.ref.start), None)
            start = previous.start if previous else None
            item = replace(item, ref=DateRef(item.ref.text, start, start, "relative" if start else "unresolved"))
        elif item.kind == "day-offset":
            item = replace(item, ref=offset_ref(item, out + found, published, sentences))
        out.append(item)
    return out


def offset_ref(
    item: Found, others: list[Found], published: str | None, sentences: Sequence[tuple[int, int]]
) -> DateRef:
    bounds = next(((s, e) for s, e in sentences if s <= item.start < e), (item.start, item.end))
    anchor = next(
        (
            f.ref.start
            for f in others
            if f is not item and f.kind != "day-offset" and f.ref.start and bounds[0] <= f.start < bounds[1]
        ),
        published,
    )
    if not anchor:
        return DateRef(item.ref.text)
    day = shift(anchor, 1 if "later" in item.ref.text else -1)
    return DateRef(item.ref.text, day, day, "relative")

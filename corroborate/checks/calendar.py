"""Reading the dates in claims as calendar days, for the date checks.

Extraction resolves what it can against an article's own date. An undated article's
"on Monday" or "May 29th" stays open until the pipeline infers a reference date by
the corpus consensus, so the checks finish the job here: a DateRef becomes a ``Day``
that knows which parts were written, which were worked out, and from which date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from corroborate.checks.common import Context
from corroborate.lexicon import MONTHS, WEEKDAYS, YEAR_PATTERN, alternation
from corroborate.records import Claim, DateRef

_MONTH = alternation(MONTHS)
_ORD = r"(?:st|nd|rd|th)?"
# Patterns as data, tried in order: month-first, day-first, then a bare day of the month.
PATTERNS = (
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<year>\d{{4}}))?"),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>{_MONTH})\b\.?(?:,?\s+(?P<year>\d{{4}}))?"),
    re.compile(rf"\bthe\s+(?P<day>\d{{1,2}}){_ORD}\b"),
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
# Night-time words: an event on "the night of the 27th" may be dated the 28th elsewhere.
_NIGHT = re.compile(r"\b(night|overnight|evening|midnight)\b")
_LEADING = re.compile(r"^(?:on|in|at|since|from)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Day:
    """A claim's date as far as it can be known; ``how`` says where the missing parts came from.

    how: "written" (the text gave a full date), "own" (worked out from the article's own
    date), "inferred" (worked out from a reference date inferred by the corpus consensus),
    "open" (parts remain unknown).
    """

    claim: Claim
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # a weekday named in the text, 0 = Monday
    calendar: bool  # month and day written in the text (not worked out from a weekday)
    night: bool
    how: str

    @property
    def date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None

    @property
    def doc(self) -> str:
        return self.claim.document_id


@dataclass(frozen=True)
class Written:
    """The parts of a date the text itself states."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    night: bool = False


def parse(text: str) -> Written:
    low = text.lower()
    weekday = _WEEKDAY.search(low)
    parts: dict[str, int | None] = {}
    for pattern in PATTERNS:
        match = pattern.search(low)
        if match:
            found = match.groupdict()
            parts = {
                "year": int(found["year"]) if found.get("year") else None,
                "month": MONTHS[found["month"]] if found.get("month") else None,
                "day": int(found["day"]),
            }
            break
    return Written(**parts, weekday=WEEKDAYS[weekday.group(1)] if weekday else None, night=bool(_NIGHT.search(low)))


def is_range(ref: DateRef) -> bool:
    return ref.kind == "range" or bool(ref.start and ref.end and ref.start != ref.end)


def read_day(claim: Claim, ref: DateRef, ctx: Context) -> Day | None:
    """The day a point-in-time DateRef names; None for ranges and for text with no day in it."""
    if is_range(ref):
        return None
    written = parse(ref.text)
    anchor, inferred = ctx.date_of(claim.document_id)
    worked_out = "inferred" if inferred else "own"
    calendar = written.month is not None and written.day is not None
    year = the_year_beside(claim, ref) if calendar and written.year is None else None
    if year is not None:  # the claim's own year before any year worked out from a report's date
        return _day(claim, ref, written, (year, written.month or 0, written.day or 0), calendar, "beside")
    if ref.start and ref.confidence not in ("unresolved", "year-open"):
        day = dt.date.fromisoformat(ref.start)
        how = "written" if ref.confidence == "exact" else worked_out
        return _day(claim, ref, written, (day.year, day.month, day.day), calendar, how)
    full = _complete(written, dt.date.fromisoformat(anchor) if anchor else None)
    if full is None:
        return _open(claim, ref, written, calendar)
    how = "written" if written.year else worked_out
    return _day(claim, ref, written, full, calendar, how)


_YEAR = re.compile(rf"(?<![\w.,$£€-]){YEAR_PATTERN}(?![\w%])")


def the_year_beside(claim: Claim, ref: DateRef) -> int | None:
    """The one year a claim writes beside a date that has none: "Its first fiscal 2008 quarter ends January
    31" ends it on 31 January 2008, whatever year the report's own date would give. Not the year of another
    day the claim gives ("born April 22, 1923, died December 11"); None for no year or two."""
    text = claim.text
    for other in claim.dates:
        if other is ref or parse(other.text).day is not None:
            text = text.replace(other.text, " ")
    years = {int(y) for y in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def _complete(w: Written, anchor: dt.date | None) -> tuple[int, int, int] | None:
    """Fill the missing parts from the anchor date, the way a reader of that day would."""
    if w.year and w.month and w.day:
        return w.year, w.month, w.day
    if anchor is None:
        return None
    if w.month and w.day:
        return anchor.year, w.month, w.day
    if w.day:
        # "the 27th" in a report of the 29th is this month's; in a report of the 3rd, last month's.
        base = anchor if w.day <= anchor.day else anchor.replace(day=1) - dt.timedelta(days=1)
        return base.year, base.month, w.day
    if w.weekday is not None:
        # "on Monday" in news copy is the latest Monday on or before the report.
        back = (anchor.weekday() - w.weekday) % 7
        day = anchor - dt.timedelta(days=back)
        return day.year, day.month, day.day
    return None


def _open(claim: Claim, ref: DateRef, w: Written, calendar: bool) -> Day | None:
    if w.day is None and w.weekday is None:
        return None
    return Day(claim, clean(ref.text), w.year, w.month, w.day, w.weekday, calendar, w.night, "open")


def _day(claim: Claim, ref: DateRef, w: Written, ymd: tuple[int, int, int], calendar: bool, how: str) -> Day:
    year, month, day = ymd
    return Day(claim, clean(ref.text), year, month, day, w.weekday, calendar, w.night, how)


def clean(text: str) -> str:
    """ "On May 29th," -> "May 29th", "Sunday's" -> "Sunday": the date as a journalist would quote it."""
    return _POSSESSIVE.sub("", _LEADING.sub("", text.strip().strip(",.;")).strip())


def days_of(claim: Claim, ctx: Context) -> list[Day]:
    return [d for ref in claim.dates if (d := read_day(claim, ref, ctx)) is not None]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

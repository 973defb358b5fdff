"""Date checks: a source whose date for the event stands apart, and weekdays that do not fit dates.

``date-mismatch`` finds the date most sources give for the claim and explains each
source that differs: the same day of another month (a month error), the same day and
month of another year, one day apart after a night-time event, or just another date.
``date-weekday`` holds a written date against the weekday another source names.
``date-month`` holds a bare month ("in December") against another source's month for the claim.
Ranges ("since October") are checked only for covering the consensus date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from corroborate.checks.calendar import Day, clean, days_of, is_range, ordinal, parse
from corroborate.checks.common import (
    SAME_WORDING,
    Context,
    check,
    join_names,
    long_date,
    possessive,
    say,
    two_sided,
    wording_overlap,
)
from corroborate.lexicon import MONTH_PATTERN, YEAR_PATTERN, month_number, weekday_name
from corroborate.records import Claim, Conflict, Severity


def event_days(claims: Sequence[Claim], ctx: Context) -> list[Day]:
    """Each claim's first point-in-time date: the date it gives the event (later ones are context). A page's
    stamp glued to the claim and a date that names another thing are not the event's (``dates_the_claim``)."""
    out = []
    for claim in claims:
        day = next(
            (d for d in days_of(claim, ctx) if (d.day is not None or d.weekday is not None) and dates_the_claim(d)),
            None,
        )
        if day is not None:
            out.append(day)
    return out


# A full date at the head of a claim, or after a label's colon, and a capitalised word straight after it, with no
# comma nor preposition: a page's stamp the sentence was glued to ("June 26, 2005 Before he was fatally shot",
# "Sheriff's Department: Friday, June 24, 2005 Deputy Jerry Ortiz was shot").
_STAMP_BEFORE = re.compile(r"(?:^|:)\s*$")
_STAMP_AFTER = re.compile(r"\s+[A-Z]")
# A date inside an object, naming a thing: "convicted of the June 20, 2005 attempted murder of a man".
_NAMING_BEFORE = re.compile(r"\b(?:of|for) (?:the|a|an|his|her|their|its) $", re.I)  # "died in the June 26
# shooting" does date the death
_NAMING_AFTER = re.compile(r"\s+[a-z]")


def dates_the_claim(day: Day) -> bool:
    """Whether the date, where the claim's text gives it, dates what the claim states."""
    text = day.claim.text
    at = text.find(day.text) if day.text else -1
    if at < 0:
        return True
    before, after = text[:at], text[at + len(day.text) :]
    if re.search(YEAR_PATTERN, day.text) and _STAMP_BEFORE.search(before) and _STAMP_AFTER.match(after):
        return False
    return not (_NAMING_BEFORE.search(before) and _NAMING_AFTER.match(after))


def agrees(a: Day, b: Day) -> bool:
    """Same day as far as both are known: an open "the 29th" agrees with 29 January 2024."""
    pairs = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    return all(x == y for x, y in pairs if x is not None and y is not None)


def group_days(days: Sequence[Day]) -> list[list[Day]]:
    """Days that agree, grouped; fully known days lead so they key the groups."""
    groups: list[list[Day]] = []
    for day in sorted(days, key=lambda d: d.date is None):
        home = next((g for g in groups if agrees(g[0], day)), None)
        if home is None:
            groups.append([day])
        else:
            home.append(day)
    return groups


def _docs(group: Sequence[Day]) -> set[str]:
    return {d.doc for d in group}


def consensus(groups: list[list[Day]], ctx: Context) -> tuple[list[Day], bool]:
    """The group most independent sources give, and whether it truly leads.

    A tie is broken only by a group whose every date falls after its own article's
    date: a report cannot describe a day that had not come yet.
    """
    ranked = sorted(groups, key=lambda g: (-ctx.weight(_docs(g)), after_publication(g, ctx), g[0].date or dt.date.max))
    if len(ranked) == 1:
        return ranked[0], True
    lead, runner = ctx.weight(_docs(ranked[0])), ctx.weight(_docs(ranked[1]))
    clear = lead > runner or (
        lead == runner and after_publication(ranked[1], ctx) and not after_publication(ranked[0], ctx)
    )
    return ranked[0], clear


def after_publication(group: Sequence[Day], ctx: Context) -> bool:
    """Every date of the group is later than the (printed or inferred) date of its own article."""

    def late(day: Day) -> bool:
        published, _ = ctx.date_of(day.doc)
        return day.date is not None and published is not None and day.date > dt.date.fromisoformat(published)

    return bool(group) and all(late(d) for d in group)


@check("date-mismatch")
def date_mismatch(claims: Sequence[Claim], ctx: Context) -> list[Conflict]:
    """A source whose date for the claim differs from the date most sources give."""
    groups = group_days([d for d in event_days(claims, ctx) if d.day is not None])
    if len(groups) < 2:
        return _range_findings(claims, groups, ctx)
    main, clear = consensus(groups, ctx)
    findings = []
    for group in groups:
        if group is main:
            continue
        other, held = _apart(group, main, ctx)
        if other and held and two_sided(other, held) and not _only_by_a_year_beside(other, held):
            findings.append(_mismatch(other, held, clear, ctx))
    return findings + _range_findings(claims, [main], ctx)


def _apart(other: Sequence[Day], main: Sequence[Day], ctx: Context) -> tuple[list[Day], list[Day]]:
    """Both sides without the claims that give both dates ("The goal is passage by Friday; Greece faces a
    May 19 due date"): such a claim says how the two go together and disagrees with neither side."""
    return (
        [d for d in other if not also_gives(d.claim, main[0], ctx)],
        [m for m in main if not also_gives(m.claim, other[0], ctx)],
    )


def _only_by_a_year_beside(other: Sequence[Day], main: Sequence[Day]) -> bool:
    """Two days that differ only in a year one of them took from beside it in its claim (``the_year_beside``):
    that year spares a false year error, it is not evidence of one ("Obama, who won the 2008 election, was
    sworn in on January 20")."""
    o, m = other[0], main[0]
    return (o.month, o.day) == (m.month, m.day) and any(d.how == "beside" for d in (*other, *main))


def also_gives(claim: Claim, day: Day, ctx: Context) -> bool:
    """The claim gives ``day`` too, after its first date: "The goal is passage by Friday; Greece faces a May 19
    due date" agrees with "Greece faces a May 19 due date" (its Friday dates something else)."""
    return any(d.day is not None and agrees(d, day) for d in days_of(claim, ctx)[1:])


def classify(out: Day, ref: Day) -> tuple[str, Severity, str]:
    """(reason, severity, plain words) for a date that differs from the reference one."""
    if out.day == ref.day and out.month and ref.month and out.month != ref.month:
        return "month", "contradiction", "same day of the month, different month, likely a month error"
    if (out.month, out.day) == (ref.month, ref.day) and out.year and ref.year:
        return "year", "contradiction", "same day and month, different year, likely a year error"
    night, later = (out, ref) if out.night else (ref, out)
    if night.night and _next_day(night, later):
        return "night", "discrepancy", f"one day apart, and {night.text} may run into the {ordinal(later.day or 0)}"
    return "other", "contradiction", "a different date from the other sources"


def firm(a: Sequence[Day], b: Sequence[Day]) -> bool:
    """Two dates a reviewer can hold against each other: a written calendar date on one side at least,
    and neither side resting only on a date inferred by the corpus consensus.

    Two weekdays each worked out from an article's date ("Friday" against "Thursday") may only say the
    articles were written on different days; a date worked out from a borrowed date proves nothing.
    """

    def anchored(group: Sequence[Day]) -> bool:  # a written month and day stands whatever its year
        return any(d.calendar or d.how != "inferred" for d in group)

    return (any(d.calendar for d in a) or any(d.calendar for d in b)) and anchored(a) and anchored(b)


def _next_day(night: Day, later: Day) -> bool:
    if night.date and later.date:
        return later.date - night.date == dt.timedelta(days=1)
    return night.day is not None and later.day == night.day + 1


def _names_lead(names: Sequence[Day], dates: Sequence[Day], ctx: Context) -> bool:
    """The sources naming the weekday outweigh the written date, or that date lies after its own article."""
    return ctx.weight(_docs(names)) > ctx.weight(_docs(dates)) or after_publication(dates, ctx)


def _mismatch(other: list[Day], main: list[Day], clear: bool, ctx: Context) -> Conflict:
    reason, severity, words = classify(other[0], main[0])
    if severity == "contradiction" and not firm(other, main):
        severity = "discrepancy"
    detail = f"{describe(other, ctx)}; {describe(main, ctx)}: {words}."
    anomaly = severity == "contradiction"
    return Conflict(
        check="date-mismatch",
        kind="date",
        severity=severity,
        claims=tuple(dict.fromkeys(d.claim.id for d in other + main)),
        detail=detail,
        outliers=tuple(d.claim.id for d in other) if clear else (),
        data={
            "anomaly": anomaly,
            "reason": reason,
            "consensus": _iso(main[0]),
            "outlier": _iso(other[0]),
            "consensus_sources": _names(main, ctx),
            "outlier_sources": _names(other, ctx),
        },
    )


def _iso(day: Day) -> str | None:
    return day.date.isoformat() if day.date else None


def _names(group: Sequence[Day], ctx: Context) -> list[str]:
    return sorted({ctx.source(d.doc) for d in group})


def describe(group: Sequence[Day], ctx: Context) -> str:
    """ "000 and 001 say Monday, which is 29 January 2024 by Financial Times' date"."""
    texts = " / ".join(dict.fromkeys(d.text for d in group))
    base = f"{say(_names(group, ctx))} {texts}"
    worked = [d for d in group if d.how in ("own", "inferred")]
    day = group[0].date
    if not worked or day is None or all(d.calendar for d in group):
        return base
    return f"{base}, which is {long_date(day.isoformat())} {anchors(worked, ctx)}"


def anchors(worked: Sequence[Day], ctx: Context) -> str:
    """Whose date a worked-out day rests on, saying which were inferred by the corpus consensus."""
    own = sorted({ctx.source(d.doc) for d in worked if d.how == "own"})
    inferred = sorted({ctx.source(d.doc) for d in worked if d.how == "inferred"})
    parts = [f"by {join_names([possessive(n) for n in own])} date"] if own else []
    if inferred:
        parts.append(f"by the date inferred for {join_names(inferred)} by the corpus consensus")
    return " and ".join(parts)


def _range_findings(claims: Sequence[Claim], groups: list[list[Day]], ctx: Context) -> list[Conflict]:
    """A range ("since October") is fine when it covers the consensus date; flag one that does not."""
    target = groups[0][0].date if groups else None
    if target is None:
        return []
    findings = []
    for claim in claims:
        if claim.document_id in _docs(groups[0]):
            continue
        for ref in claim.dates:
            if is_range(ref) and ref.start and not ref.start <= target.isoformat() <= (ref.end or "9999"):
                findings.append(_range_conflict(claim, ref.text.strip(), target, groups[0], ctx))
    return findings


def _range_conflict(claim: Claim, text: str, target: dt.date, group: list[Day], ctx: Context) -> Conflict:
    detail = (
        f"{ctx.source(claim.document_id)} says {text}, which does not cover "
        f"{long_date(target.isoformat())}, the date given by {join_names(_names(group, ctx))}."
    )
    ids = (claim.id, *dict.fromkeys(d.claim.id for d in group))
    return Conflict(
        "date-mismatch",
        "date",
        "discrepancy",
        ids,
        detail,
        (claim.id,),
        {"anomaly": False, "reason": "range"},
    )


@check("date-weekday")
def date_weekday(claims: Sequence[Claim], ctx: Context) -> list[Conflict]:
    """A written date whose weekday is not the weekday another source names for the event."""
    days = event_days(claims, ctx)
    named = [d for d in days if d.weekday is not None]
    dated = [d for d in days if d.calendar and d.date and d.weekday is None]
    findings = []
    for dates in group_days(dated):
        for weekday, names in _by_weekday(named).items():
            if _weekday_clash(dates, names, weekday):
                findings.append(_weekday_conflict(dates, names, weekday, ctx))
    return findings


def _by_weekday(named: Sequence[Day]) -> dict[int, list[Day]]:
    out: dict[int, list[Day]] = {}
    for d in named:
        out.setdefault(d.weekday or 0, []).append(d)
    return out


# A weekday names a day within a week of the date it is held against; further apart, the two
# sources speak of different occasions (or the date-mismatch check already names the month error).
SAME_WEEK = dt.timedelta(days=6)


def _weekday_clash(dates: list[Day], names: list[Day], weekday: int) -> bool:
    if not two_sided(names, dates):
        return False
    day = dates[0].date
    if day is None or dates[0].how == "inferred":
        return False
    near = [n.date for n in names if n.how in ("own", "written") and n.date is not None]
    if not near or all(abs(n - day) > SAME_WEEK for n in near):
        return False
    actual = day.weekday()
    # A night-time event on the 27th may be dated by the next day's weekday elsewhere.
    night_ok = dates[0].night and (actual + 1) % 7 == weekday
    return actual != weekday and not night_ok


def _weekday_conflict(dates: list[Day], names: list[Day], weekday: int, ctx: Context) -> Conflict:
    day = dates[0].date
    assert day is not None
    when = f"{day:%A} {long_date(day.isoformat())}"
    detail = (
        f"{say(_names(dates, ctx))} {dates[0].text}, which is {when}, "
        f"not a {weekday_name(weekday)} as "
        f"{join_names(_names(names, ctx))} {'says' if len(_names(names, ctx)) == 1 else 'say'}."
    )
    return Conflict(
        check="date-weekday",
        kind="date",
        severity="contradiction",
        claims=tuple(dict.fromkeys(d.claim.id for d in dates + names)),
        detail=detail,
        outliers=tuple(d.claim.id for d in dates) if _names_lead(names, dates, ctx) else (),
        data=_weekday_data(dates, names, weekday, ctx),
    )


def _weekday_data(dates: list[Day], names: list[Day], weekday: int, ctx: Context) -> dict[str, Any]:
    day = dates[0].date
    return {
        "anomaly": True,
        "date": day.isoformat() if day else None,
        "date_weekday": f"{day:%A}",
        "named_weekday": weekday_name(weekday),
        "date_sources": _names(dates, ctx),
        "weekday_sources": _names(names, ctx),
    }


# -- months without a day ("launched Mantra in December" / "in September") ------------------------

# A bare month ("in December", "December 2012"); "since October" and "by March" bound a range instead.
_BARE_MONTH = re.compile(
    rf"^(?:(?:in|during)\s+)?(?:(?:early|late|mid)[- ])?({MONTH_PATTERN})\.?(?:\s+({YEAR_PATTERN}))?$"
)


@dataclass(frozen=True)
class Month:
    claim: Claim
    text: str
    month: int
    year: int | None

    @property
    def doc(self) -> str:
        return self.claim.document_id


def months_of(claim: Claim) -> list[Month]:
    out = []
    for ref in claim.dates:
        found = _BARE_MONTH.match(ref.text.strip().strip(",.;"))
        if found and not parse(ref.text).day:
            month = month_number(found.group(1).lower())
            if month:
                out.append(Month(claim, clean(ref.text), month, int(found.group(2)) if found.group(2) else None))
    return out


@check("date-month")
def date_month(claims: Sequence[Claim], ctx: Context) -> list[Conflict]:
    """The same claim put in different months ("Mantra in December" / "in September"), no day given."""
    months = [m for c in claims for m in months_of(c)]
    by_month: dict[int, list[Month]] = {}
    for m in months:
        by_month.setdefault(m.month, []).append(m)
    findings = []
    for a, b in combinations(sorted(by_month.values(), key=lambda g: g[0].month), 2):
        years = {m.year for m in a + b} - {None}
        if two_sided(a, b) and len(years) <= 1:
            findings.append(_month_conflict(a, b, ctx))
    return findings


def _month_conflict(a: list[Month], b: list[Month], ctx: Context) -> Conflict:
    close = any(wording_overlap(x.claim.text, y.claim.text) >= SAME_WORDING for x in a for y in b)
    names_a = sorted({ctx.source(m.claim.document_id) for m in a})
    names_b = sorted({ctx.source(m.claim.document_id) for m in b})
    words = (
        "the claims differ only in the month" if close else "different months, perhaps for different steps of the story"
    )
    return Conflict(
        check="date-month",
        kind="date",
        severity="contradiction" if close else "discrepancy",
        claims=tuple(dict.fromkeys(m.claim.id for m in a + b)),
        detail=f"{say(names_a)} {a[0].text}; {say(names_b)} {b[0].text}: {words}.",
        data={"anomaly": False, "reason": "month-only", "months": [a[0].text, b[0].text]},
    )

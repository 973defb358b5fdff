"""Number checks: figures for the same thing that cannot both be true, or that merely differ.

Within a cluster, every figure is sorted by what it counts (see ``counts``), then
figures are grouped by the number the source wrote. Two groups are compared as
intervals: exact "three" vs "four" cannot both be true; "at least 34" vs "about 40"
can, and only differ; a higher count in a later report is an update. ``number_summary``
gives, per counted thing, a low / best / high range with the sources behind each.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from corroborate.checks.common import (
    SAME_WORDING,
    Context,
    check,
    comparable,
    join_names,
    say,
    two_sided,
    wording_overlap,
)
from corroborate.checks.counts import Counted, counted, is_hard, looks_like_score, looks_like_year, stated, widened
from corroborate.lexicon import UNITS
from corroborate.records import Article, Claim, Conflict, Quantity, Severity

# Worst first: how two figures from two sources relate.
HARD, SOFT, DIFFER, SAME = "cannot-both-be-true", "far-apart", "differ", "same"
_RANK = {SAME: 0, DIFFER: 1, SOFT: 2, HARD: 3}


@dataclass(frozen=True)
class Reading:
    """One figure as one source gave it, with the interval its hedge allows."""

    claim: Claim
    quantity: Quantity  # widened: the interval honours the hedge
    key: Counted
    stated: float | None

    @property
    def doc(self) -> str:
        return self.claim.document_id

    @property
    def value(self) -> float:
        return self.stated if self.stated is not None else self.quantity.value


def readings(claims: Sequence[Claim]) -> list[Reading]:
    out = []
    for claim in claims:
        for q in claim.numbers:
            if not looks_like_year(q) and not looks_like_score(q, claim):
                out.append(Reading(claim, widened(q), counted(q, claim), stated(q)))
    return out


def by_thing(items: Sequence[Reading]) -> list[list[Reading]]:
    """Readings grouped by what they count; a specific noun upgrades a group keyed by "others"."""
    groups: list[tuple[Counted, list[Reading]]] = []
    for r in items:
        for i, (key, members) in enumerate(groups):
            if key.same_thing(r.key):
                members.append(r)
                if not key.noun and r.key.noun:
                    groups[i] = (r.key, members)
                break
        else:
            groups.append((r.key, [r]))
    return [members for _, members in groups]


def by_value(thing: Sequence[Reading]) -> list[list[Reading]]:
    """Readings of one thing grouped by the number written ("40" and "about 40" together)."""
    groups: dict[object, list[Reading]] = {}
    for r in thing:
        groups.setdefault(r.stated if r.stated is not None else r.quantity.text.lower(), []).append(r)
    return sorted(groups.values(), key=lambda g: g[0].value)


_NAME_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_NOT_A_NAME = frozenset({"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those"})
_TITLES = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr."})


def named(subject: str) -> frozenset[str]:
    """The words of a subject that is a name ("Peyton Hillis", "The Saints"), else none: a pronoun, a number
    or a common noun ("Eleven other FLDS men", "The strike") names nobody in particular."""
    words = _NAME_WORD.findall(subject)
    if len(words) < 2 or len(words) > 5 or any(c.isdigit() for c in subject) or words[0].lower() in _NOT_A_NAME:
        return frozenset()  # one word ("Police", "Gunmen", "RIM") may name a party by another of its names
    if not all(w[0].isupper() for w in words) or words[0].lower() in UNITS:
        return frozenset()
    return frozenset(w.lower().removesuffix("'s").removesuffix("’s") for w in words) - _TITLES


def other_parties(a: Claim, b: Claim) -> bool:
    """Both claims are about someone named, and not the same one: "Peyton Hillis ran for 101 yards" and
    "Jamaal Charles ran for 226 yards" give the figures of two players, which no source disputes."""
    na, nb = named(a.subject or ""), named(b.subject or "")
    return bool(na) and bool(nb) and not na & nb


def apart(low: list[Reading], high: list[Reading]) -> tuple[list[Reading], list[Reading]]:
    """The two sides without the claims that give both figures: "AMD will pay $334 million, including $281
    million in cash" says how the two go together, and disagrees with neither side."""
    both = {r.claim.id for r in low} & {r.claim.id for r in high}
    return [r for r in low if r.claim.id not in both], [r for r in high if r.claim.id not in both]


def relation(a: Reading, b: Reading) -> str:
    if a.quantity.overlaps(b.quantity):
        both_stated = a.stated is not None and b.stated is not None
        return DIFFER if both_stated and a.stated != b.stated else SAME
    return HARD if is_hard(a.quantity) and is_hard(b.quantity) else SOFT


def worst(low: Sequence[Reading], high: Sequence[Reading]) -> str:
    pairs = [(a, b) for a in low for b in high if a.doc != b.doc and not other_parties(a.claim, b.claim)]
    return max((relation(a, b) for a, b in pairs), key=_RANK.__getitem__, default=SAME)


def is_update(low: Sequence[Reading], high: Sequence[Reading], ctx: Context) -> bool:
    """The higher figure comes from reports published after every report of the lower one."""
    low_dates = [ctx.date_of(r.doc)[0] for r in low]
    high_dates = [ctx.date_of(r.doc)[0] for r in high]
    if None in low_dates or None in high_dates:
        return False
    return min(d for d in high_dates if d) > max(d for d in low_dates if d)


@check("number-interval")
def number_interval(claims: Sequence[Claim], ctx: Context) -> list[Conflict]:
    """Figures for the same counted thing that cannot both be true, differ, or were updated."""
    findings = []
    for thing in by_thing(readings(claims)):
        for low, high in combinations(by_value(thing), 2):
            low, high = apart(low, high)
            if not two_sided(low, high):  # "seven life sentences and four without parole": two things
                continue
            kind = worst(low, high)
            if kind != SAME:
                findings.append(_finding(low, high, kind, ctx))
    return findings


def _finding(low: list[Reading], high: list[Reading], kind: str, ctx: Context) -> Conflict:
    update = is_update(low, high, ctx)
    # Two counts that cannot both be true contradict each other when a role names what happened ("three
    # killed" / "four killed"), or else in claims worded alike: "19 seasons with the 76ers" and "four
    # seasons as director" are two facts that a cluster happened to join.
    alike = bool(low[0].key.role) or any(
        wording_overlap(a.claim.text, b.claim.text) >= SAME_WORDING for a in low for b in high
    )
    severity: Severity = "contradiction" if kind == HARD and not update and alike else "discrepancy"
    minority = _minority(low, high, ctx, update)
    return Conflict(
        check="number-interval",
        kind="number",
        severity=severity,
        claims=tuple(dict.fromkeys(r.claim.id for r in low + high)),
        detail=_detail(low, high, kind, update, ctx),
        outliers=tuple(dict.fromkeys(r.claim.id for r in minority)),
        data=_data(low + high, kind, update, ctx),
    )


def _minority(low: list[Reading], high: list[Reading], ctx: Context, update: bool) -> list[Reading]:
    """The side fewer independent sources give; on a tie, the superseded figure of an update, else none."""
    n_low = ctx.weight(r.doc for r in low)
    n_high = ctx.weight(r.doc for r in high)
    if n_low != n_high:
        return low if n_low < n_high else high
    return low if update else []


# How each relation between two figures ends the sentence that reports it.
VERDICTS = {
    HARD: "the two counts cannot both be true.",
    SOFT: "the figures are far apart, though the approximate one may be loose.",
    DIFFER: "both can be true, but the figures differ.",
}


def _detail(low: list[Reading], high: list[Reading], kind: str, update: bool, ctx: Context) -> str:
    if update:
        later = _names(high, ctx)
        return (
            f"{say(_names(low, ctx))} {_phrase(low)} ({ctx.date_words(low[0].doc)}); "
            f"{join_names(later)}, in a later report ({ctx.date_words(high[0].doc)}), "
            f"{'says' if len(later) == 1 else 'say'} {_phrase(high)}: the count rose as reports came in, "
            "an update rather than a contradiction."
        )
    # The minority speaks first, as a reporter would put the odd one out.
    first, second = (low, high) if ctx.weight(r.doc for r in low) <= ctx.weight(r.doc for r in high) else (high, low)
    return f"{say(_names(first, ctx))} {_phrase(first)}; {say(_names(second, ctx))} {_phrase(second)}: {VERDICTS[kind]}"


def _names(group: Sequence[Reading], ctx: Context) -> list[str]:
    return sorted({ctx.source(r.doc) for r in group})


def _phrase(group: Sequence[Reading]) -> str:
    """ "40 / about 40 injured": the words each source used, and the role once."""
    texts = list(dict.fromkeys(r.quantity.text for r in group))
    role = group[0].key.role
    suffix = f" {role}" if role and not any(role in t.lower() for t in texts) else ""
    return " / ".join(texts) + suffix


def _data(group: Sequence[Reading], kind: str, update: bool, ctx: Context) -> dict[str, Any]:
    return {
        "counts": _label(group),
        "role": group[0].key.role,
        "relation": kind,
        "update": update,
        "values": [_value(r, ctx) for r in group],
    }


def _value(r: Reading, ctx: Context) -> dict[str, Any]:
    return {
        "source": ctx.source(r.doc),
        "claim": r.claim.id,
        "text": r.quantity.text,
        "stated": r.stated,
        "low": _finite(r.quantity.low),
        "high": _finite(r.quantity.high),
        "date": ctx.date_of(r.doc)[0],
    }


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _label(group: Sequence[Reading]) -> str:
    """What the figures count, in a source's words: a real noun over "others", else the role."""
    named = [r.quantity.counts for r in group if r.key.noun and r.quantity.counts]
    return named[0] if named else group[0].key.role or group[0].quantity.counts


def number_summary(claims: Sequence[Claim], documents: Mapping[str, Article]) -> list[dict[str, Any]]:
    """Per counted thing, a low / best / high range with the sources behind each value (as UCDP GED)."""
    ctx = Context(documents)
    return [_summary(thing, ctx) for thing in by_thing(readings(comparable(claims, documents)))]


def _summary(thing: list[Reading], ctx: Context) -> dict[str, Any]:
    groups = by_value(thing)
    values = [_entry(group, ctx) for group in groups]
    # Vague words ("dozens") give no figure of their own; they count only when nothing else does.
    ranked = [(v, g) for v, g in zip(values, groups, strict=True) if v["value"] is not None] or list(
        zip(values, groups, strict=True)
    )
    best = max(ranked, key=lambda vg: _weight(vg[0], vg[1], ctx))[0]
    return {
        "counts": _label(thing),
        "role": thing[0].key.role,
        "low": ranked[0][0],
        "best": best,
        "high": ranked[-1][0],
        "values": values,
    }


def _weight(entry: dict[str, Any], group: list[Reading], ctx: Context) -> tuple[int, str, float]:
    """Most independent sources wins; then the latest report, then the higher count, as tallies grow."""
    return ctx.weight(r.doc for r in group), entry["date"] or "", group[0].value


def _entry(group: list[Reading], ctx: Context) -> dict[str, Any]:
    dates = [d for r in group if (d := ctx.date_of(r.doc)[0])]
    return {
        "value": group[0].stated,
        "text": " / ".join(dict.fromkeys(r.quantity.text for r in group)),
        "low": _finite(min(r.quantity.low for r in group)),
        "high": _finite(max(r.quantity.high for r in group)),
        "sources": _names(group, ctx),
        "claims": list(dict.fromkeys(r.claim.id for r in group)),
        "date": max(dates, default=None),
    }

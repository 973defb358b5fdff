"""Date resolution on TimeBank: how many hand-normalised dates does ``find_dates`` find and get right?

Usage: python bench/timebank_dates.py CORPUS_DIR [--errors]

CORPUS_DIR holds ``articles.jsonl`` (id, text, published, source, title) and
``timexes.jsonl`` (doc, tid, type, value, text, start, end, ...; start/end are
character offsets into the article text). Every article text goes through
``find_dates`` with its publication date and a plain regex sentence split.

The headline figures are over DATE expressions whose gold value is a day
(YYYY-MM-DD) or a month (YYYY-MM): coverage is the share of them overlapped by
a found expression; accuracy is the share of the covered ones resolved to the
gold value (a day: start == end == gold; a month: start..end is the whole
month). Both are broken down by the kind of expression, read off the gold
text with a few regexes. For reference, the same figures over every DATE
value follow (years, quarters and weeks compared as whole ranges; values such
as PAST_REF count for coverage only). ``--errors`` lists every miss and wrong
resolution of the day and month expressions.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from corroborate.extract.dates import Found, find_dates
from corroborate.lexicon import MONTHS, WEEKDAYS, alternation

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“(]?[A-Z0-9])|\n\s*\n")
WEEKDAY = rf"(?:{alternation(WEEKDAYS)})"
MONTH = rf"(?:{alternation(MONTHS)})\.?"
YEAR_WORDS = r"(?:\d{4}|nineteen [a-z -]+|two thousand[a-z -]*)"
# Kinds of expression, first match wins (the gold text, lower-cased).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("full date", rf"\b{MONTH} \d{{1,2}}\w*,? \d{{4}}\b|\b\d{{1,2}} {MONTH},? \d{{4}}\b|\d{{4}}-\d\d-\d\d"),
        ("month-year", rf"\b{MONTH},? {YEAR_WORDS}$"),
        ("month-day", rf"\b{MONTH} (?:\d{{1,2}}|[a-z]+(?:th|first|second|third))\b|\b\d{{1,2}}\w* (?:of )?{MONTH}"),
        ("weekday", rf"\b{WEEKDAY}\b"),
        ("deictic", r"\b(?:today|yesterday|tomorrow|tonight)\b"),
        ("bare month", rf"\b{MONTH}\b"),
        ("relative", r"\b(?:ago|earlier|later|before|after|last|this|next|previous|coming|month|week)\b"),
        ("other", r""),
    )
)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def kind_of(text: str) -> str:
    low = text.lower()
    return next(kind for kind, pattern in KINDS if pattern.search(low))


def gold_range(value: str) -> tuple[str, str] | None:
    """The first and last day a TIMEX3 value names, or None for values with no calendar range."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value, value
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(m[1]), int(m[2])
        last = 3 * quarter
        return f"{year}-{last - 2:02d}-01", f"{year}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    return None


def best(found: list[Found], start: int, end: int) -> Found | None:
    """The found expression that overlaps the gold span most."""
    overlaps = [(min(end, f.end) - max(start, f.start), f) for f in found if f.start < end and start < f.end]
    return max(overlaps, key=lambda pair: pair[0])[1] if overlaps else None


def evaluate(folder: Path, show_errors: bool) -> None:
    articles = {a["id"]: a for a in read_jsonl(folder / "articles.jsonl")}
    timexes = [t for t in read_jsonl(folder / "timexes.jsonl") if t["type"] == "DATE"]
    found = {doc: find_dates(a["text"], a.get("published"), sentences(a["text"])) for doc, a in articles.items()}
    # kind -> [gold, covered, comparable, correct]
    day_month: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    every: list[int] = [0, 0, 0, 0]
    errors: list[str] = []
    for t in timexes:
        gold = gold_range(t["value"])
        hit = best(found[t["doc"]], t["start"], t["end"])
        right = bool(hit and gold and (hit.ref.start, hit.ref.end) == gold)
        tally = [1, int(hit is not None), int(hit is not None and gold is not None), int(right)]
        every = [a + b for a, b in zip(every, tally, strict=True)]
        if not re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", t["value"]):
            continue
        kind = kind_of(t["text"])
        for row in (day_month[kind], day_month["ALL"]):
            row[:] = [a + b for a, b in zip(row, tally, strict=True)]
        if not right:
            text = articles[t["doc"]]["text"]
            context = text[max(0, t["start"] - 60) : t["end"] + 40].replace("\n", " ")
            got = f"{hit.ref.text!r} -> {hit.ref.start}..{hit.ref.end} ({hit.kind})" if hit else "MISSED"
            errors.append(f"[{kind}] {t['text']!r} gold {t['value']} dct {t['dct']}: {got}\n    ...{context}...")

    print("DATE expressions with a day or month value")
    print(f"{'kind':<12} {'gold':>5} {'coverage':>9} {'accuracy':>9}")
    order = [k for k, _ in KINDS if k in day_month] + ["ALL"]
    for kind in order:
        gold, covered, _, correct = day_month[kind]
        print(f"{kind:<12} {gold:>5} {covered / gold:>9.3f} {correct / covered if covered else 0:>9.3f}")
    gold, covered, comparable, correct = every
    print(
        f"\nAll DATE expressions: {gold}; coverage {covered / gold:.3f}; accuracy {correct / comparable:.3f} "
        f"over the {comparable} covered ones with a calendar value"
    )
    if show_errors:
        print(f"\n{len(errors)} errors")
        for line in errors:
            print(line)
        print(Counter(line.split("]")[0][1:] for line in errors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with articles.jsonl and timexes.jsonl")
    parser.add_argument("--errors", action="store_true", help="list the misses and wrong resolutions")
    args = parser.parse_args()
    evaluate(args.corpus, args.errors)


if __name__ == "__main__":
    main()

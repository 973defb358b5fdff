"""What a claim's own words say about its fields, read without a parser, for the matcher's field checks.

``corroborate.match`` vetoes "same" for two texts only when both state a field about
the same thing and the two values cannot both be true. This module reads those values
from a claim (its extracted fields where extraction filled them, its text where not):

* ``figures``: each number with what it counts. A number is compared only with one
  that counts the same thing; an age ("4-year-old boy", "aged 4") is an age of the
  person, not a count of boys, and compares with ages only.
* ``dates``: calendar dates as far as the words fix them (year, month, day, weekday).
  A year and a day or month within it are compatible, a month and a day inside it too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from corroborate.checks.counts import noun_of, role_of, widened
from corroborate.extract.dates import candidates
from corroborate.extract.numbers import counted, find_numbers
from corroborate.lexicon import MONTHS, UNITS, WEEKDAYS, word_value, wordlist
from corroborate.records import Claim, DateRef, Quantity

# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number with what it counts: a canonical noun ("troops"), the role of what is counted ("killed")."""

    quantity: Quantity  # the interval its hedge allows
    noun: str = ""
    role: str = ""

    @property
    def bare(self) -> bool:
        """Nothing says what it counts: "at 654 pence" has a noun, "rose to 20.85" does not."""
        return not self.noun and not self.role

    def same_thing(self, other: Figure) -> bool:
        """Both count the same thing: the same role and the same noun, or the same role where one has no noun."""
        if self.bare or other.bare or self.role != other.role:
            return False
        return self.noun == other.noun if self.noun and other.noun else bool(self.role)


_NUMBER_WORD = "|".join(sorted((w for w in UNITS if UNITS[w] > 0), key=len, reverse=True))
# "4-year-old", "4 year old", "four-month-old", "aged 4", "age 4": the age of a person or thing.
AGE = re.compile(
    rf"\b(?P<n>\d{{1,3}}|{_NUMBER_WORD})[- ](?P<unit>year|month|week|day)s?[- ]old\b"
    rf"|\bage(?:d|s)? (?P<n2>\d{{1,3}}|{_NUMBER_WORD})\b(?![.,]\d)(?! (?:to|-|and|or) \d)",
    re.I,
)
CURRENCIES = {"$": "$", "us$": "$", "£": "£", "€": "€"}
NOT_NOUNS = frozenset(wordlist("each apiece per a an"))  # "$13.15 each" counts dollars, not eaches
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def figures(claim: Claim) -> tuple[Figure, ...]:
    """The claim's numbers with what they count: extraction's quantities, or those read from its text.

    What a number counts is read again from the words right after it, up to the next punctuation
    ("12,390 baht (US$298), excluding taxes": baht, then dollars, not taxes). A number written with
    decimals stands for what rounds to it ("$6.3 billion" holds "$6.32 billion").
    """
    text = claim.text
    ages = [(m.start(), m.end(), _age(m)) for m in AGE.finditer(text)]
    if claim.numbers:
        spans = _spans(text, claim.numbers)
    else:  # "1,2 million" is 1.2 million; "$US13.15" is $13.15 (same length: the spans still fit the text)
        readable = re.sub(r"\$US(?=\d)", "US$", re.sub(r"(?<=\d),(?=\d{1,2}\b(?![,.]\d))", ".", text))
        spans = [(f.start, f.end, f.quantity) for f in find_numbers(readable)]
    out = [age for _, _, age in ages]
    for start, end, q in spans:
        if start >= 0 and any(s < end and start < e for s, e, _ in ages):
            continue  # the number of an age
        if start < 0 and re.match(r"[- ]?(?:year|month|week|day)s?[- ]old\b", q.counts, re.I):
            continue
        counts = q.counts
        if start >= 0 and counts != "%":
            counts = counted(_clip(text, end), end)
        quantity, counts = _scaled(q, counts)
        noun = "percent" if counts == "%" else noun_of(counts)
        noun = "" if noun in NOT_NOUNS else noun
        if not noun:
            noun = "$" if q.text.startswith("$") else _currency(text[:start]) if start > 0 else ""
        out.append(Figure(_rounded(widened(quantity)), noun, role_of(q, claim)))
    return tuple(out)


def _clip(text: str, end: int) -> str:
    """The text up to the first punctuation after ``end``: what a number counts does not run past it."""
    stop = re.compile(r"[,;:()\[\]\"“”]|\s[-–—]\s").search(text, end)
    return text[: stop.start()] if stop else text


def _scaled(q: Quantity, counts: str) -> tuple[Quantity, str]:
    """ "38-million euros" -> 38,000,000 euros: a scale word that the number reader left to the noun."""
    words = counts.split()
    scale = SCALE_WORDS.get(words[0].lower()) if words else None
    if scale is None:
        return q, counts
    return replace(q, low=q.low * scale, high=q.high * scale), " ".join(words[1:])


def _rounded(q: Quantity) -> Quantity:
    """An exact written number as the interval of what rounds to it: "6.3" is [6.25, 6.35)."""
    written = re.search(r"(\d[\d,]*)(?:\.(\d+))?", q.text)
    if not written or q.low != q.high or q.hedge:
        return q
    value = float(written[1].replace(",", "") + (f".{written[2]}" if written[2] else ""))
    if not value:
        return q
    half = 0.5 * 10 ** -len(written[2] or "") * q.low / value
    return replace(q, low=q.low - half, high=q.high + half, low_inclusive=True, high_inclusive=False)


def _age(match: re.Match[str]) -> Figure:
    number = match["n"] or match["n2"]
    value = float(number) if number.isdigit() else word_value(number)
    unit = (match["unit"] or "year").lower()
    return Figure(Quantity(match.group(), value, value, "age"), f"age in {unit}s")


def _spans(text: str, quantities: Sequence[Quantity]) -> list[tuple[int, int, Quantity]]:
    """Where each extracted quantity sits in the text (start -1 when its words are not found there)."""
    out: list[tuple[int, int, Quantity]] = []
    taken = 0
    lower = text.lower()
    for q in quantities:
        start = _find_word(lower, q.text.lower(), taken) if q.text else -1
        if start < 0 and q.text:
            start = _find_word(lower, q.text.lower(), 0)
        if start >= 0:
            out.append((start, start + len(q.text), q))
            taken = start + len(q.text)
        else:
            out.append((-1, -1, q))
    return out


def _find_word(text: str, word: str, start: int) -> int:
    """Where ``word`` stands in ``text`` as whole words (not inside "122" or "1.5"), from ``start``; -1 if not."""
    at = text.find(word, start)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not (before.isalnum() or before in "._") and not (after.isalnum() or after == "_"):
            return at
        at = text.find(word, at + 1)
    return -1


def _currency(before: str) -> str:
    tail = before.rstrip().lower()
    return next((name for sign, name in CURRENCIES.items() if tail.endswith(sign)), "")


def figure_verdict(figure: Figure, own: Sequence[Figure], others: Sequence[Figure]) -> str:
    """ "differ" when the other side counts the same thing and no count of it can be true with this one.

    An extra number is more detail: where one side gives a thing more values than the other and the
    other's are all matched ("rose to $1.45 billion from $1.38 billion" against "$1.45 billion"), the
    unmatched one differs from nothing. Nor is it a conflict when the other side states this very
    value about something else ("two American and one Yemeni passport" against "one Yemeni and two
    US passports", "seven of the nine candidates" against "seven candidates").
    """
    peers = [o for o in others if figure.same_thing(o)]
    if not peers:
        if figure.bare and any(o.bare and figure.quantity.overlaps(o.quantity) for o in others):
            return "same"  # the same bare number on both sides: nothing to veto, and a sign of agreement
        return "n/a"
    if any(figure.quantity.overlaps(o.quantity) for o in peers):
        return "same"
    mine = [f for f in own if f is figure or figure.same_thing(f)]
    unmatched = [p for p in peers if not any(p.quantity.overlaps(m.quantity) for m in mine)]
    if not unmatched:
        return "n/a"  # every value the other side gives this thing is matched here: this one is extra
    if any(figure.quantity.overlaps(o.quantity) for o in others) \
            or any(p.quantity.overlaps(f.quantity) for p in unmatched for f in own):
        return "n/a"
    return "differ"


# -- dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """A date as far as the words fix it: a span of years, a month, a day of the month, the weekday the text
    names (0 = Monday)."""

    years: tuple[int, int] | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    @property
    def date(self) -> dt.date | None:
        if self.years and self.years[0] == self.years[1] and self.month and self.day:
            try:
                return dt.date(self.years[0], self.month, self.day)
            except ValueError:
                return None
        return None

    def _weekday(self) -> int | None:
        if self.weekday is not None:
            return self.weekday
        day = self.date
        return day.weekday() if day else None

    def comparable(self, other: When) -> bool:
        """Both state some part of the date: the year, the month, the day, or both name a weekday.

        A weekday alone against a date is not compared: "Monday" unresolved against a resolved May 30.
        """
        return bool(
            (self.years and other.years) or (self.month and other.month) or (self.day and other.day)
            or (self.weekday is not None and other.weekday is not None)
        )

    def compatible(self, other: When) -> bool:
        """No part both state differs: 2016 holds January 2016, a month holds a day inside it."""
        if self.years and other.years and (self.years[1] < other.years[0] or other.years[1] < self.years[0]):
            return False
        if self.month and other.month and self.month != other.month:
            return False
        if self.day and other.day and self.day != other.day:
            return False
        mine, theirs = self._weekday(), other._weekday()
        return mine is None or theirs is None or mine == theirs


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
WRITTEN = re.compile(
    rf"(?P<month>\b(?:{_MONTH})\b)\.?(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>(?:{_MONTH})\b)"
    rf"|\bthe\s+(?P<day3>\d{{1,2}})(?:st|nd|rd|th)\b"
    rf"|(?P<weekday>\b(?:{_WEEKDAY})\b)"
    rf"|(?P<year>\b{_YEAR}\b)",
    re.I,
)
# Years the text gives outside date expressions: "come 2016", "from 1976 to 1980", "the 1990s".
YEAR_SPAN = re.compile(
    rf"(?<![$\d.,])\b(?:between\s+(?P<from>{_YEAR})\s+and\s+(?P<to>{_YEAR})"
    rf"|(?P<first>{_YEAR})\s*(?:-|–|to|through|until)\s*(?P<last>{_YEAR})"
    rf"|(?P<decade>(?:1[89]|20)\d)0s|(?P<year>{_YEAR}))\b(?![.,]?\d|%| percent)",
    re.I,
)
SCOPE_WORDS = re.compile(r"^\s*(?:since|from)\b", re.I)
# Dates that are not when the claim happened: a scope's start ("since 2001"), a bound ("through Sept. 9"),
# the day a statement was made ("officials said Tuesday"), a name ("the 1996 car"). Read from the words
# before the date.
NOT_THE_CLAIMS = re.compile(
    r"(?:\b(?:since|from|through|thru|until|till|by|before|after)\s+(?:at least\s+|early\s+"
    r"|late\s+|mid-?\s*|the\s+)?"
    r"|\b(?:said|says|told\s+\w+|announced|reported|stated|added|confirmed|disclosed|interview|statement"
    r"|conference|briefing)\s+(?:on\s+|late\s+|early\s+)?"
    r"|\b(?:the|a|an|its|his|her|their|our)\s+)$",
    re.I,
)
POINT_KINDS = frozenset(wordlist("dateline full month-year month-of-year month-day weekday day-of-month month year"))


def dates(claim: Claim) -> tuple[When, ...]:
    """The claim's dates: extraction's (resolved where it could), else date expressions read from its text.

    Not its dates: a scope's start ("since October": the scope check), a bound ("through Sept. 9"),
    the day something was said ("officials said Tuesday"), a year that names a thing ("the 1996 car").
    """
    text = claim.text
    out: list[When] = []
    covered: list[tuple[int, int]] = []
    for ref in claim.dates or [DateRef(text[s:e]) for s, e, kind in candidates(text) if kind in POINT_KINDS]:
        start = text.find(ref.text)
        end = start + len(ref.text)
        if start >= 0:
            covered.append((start, end))
        context = text[:start] if start >= 0 else claim.sentence[: max(claim.sentence.find(ref.text), 0)]
        if SCOPE_WORDS.match(ref.text) or NOT_THE_CLAIMS.search(_plain(context)):
            continue
        when = _when(ref)
        if when is None:
            continue
        if start >= 0 and when.years is None and (later := re.match(rf"\s*(?:of\s+|,\s*)?({_YEAR})\b", text[end:])):
            year = int(later[1])  # "in January of 2016": the month of that year
            when = When((year, year), when.month, when.day, when.weekday)
            covered.append((end, end + later.end()))
        out.append(when)
    for match in YEAR_SPAN.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in covered):
            continue
        if match["year"] and NOT_THE_CLAIMS.search(_plain(text[: match.start()])):
            continue
        if match["decade"]:
            first = int(match["decade"]) * 10
            out.append(When((first, first + 9)))
        elif match["first"] or match["from"]:
            years = sorted((int(match["first"] or match["from"]), int(match["last"] or match["to"])))
            out.append(When((years[0], years[1])))
        else:
            out.append(When((int(match["year"]), int(match["year"]))))
    return tuple(dict.fromkeys(out))


def _plain(before: str) -> str:
    """The words before a date, with an "on" that opens it dropped: "said on" -> "said"."""
    return re.sub(r"\s*\bon\s*$", " ", before)


def _when(ref: DateRef) -> When | None:
    if ref.start and ref.confidence not in ("unresolved", "year-open"):
        first = dt.date.fromisoformat(ref.start)
        last = dt.date.fromisoformat(ref.end) if ref.end else first
        named = written(ref.text)
        if first == last:
            return When((first.year, first.year), first.month, first.day, named.weekday if named else None)
        same_month = (first.year, first.month) == (last.year, last.month)
        return When((first.year, last.year), first.month if same_month else None)
    return written(ref.text)


def written(text: str) -> When | None:
    """The parts of a date that an expression writes out: "Sunday, Jan. 28" -> month 1, day 28, Sunday."""
    years = month = day = weekday = None
    for m in WRITTEN.finditer(text):
        if m["month"] or m["month2"]:
            name = (m["month"] or m["month2"]).lower()
            if name == "may" and not m["day"] and m["month"] == "may":
                continue  # the modal verb
            month = month or MONTHS[name]
            day = day or int(m["day"] or m["day2"] or 0) or None
        elif m["day3"]:
            day = day or int(m["day3"])
        elif m["weekday"]:
            weekday = WEEKDAYS[m["weekday"].lower()] if weekday is None else weekday
        elif m["year"] and years is None:
            years = (int(m["year"]), int(m["year"]))
    if day is not None and not 1 <= day <= 31:
        day = None
    if years is None and month is None and day is None and weekday is None:
        return None
    return When(years, month, day, weekday)


def date_check(a: Sequence[When], b: Sequence[When]) -> str:
    """ "differ" when the two sides state the same part of a date and no pair of their dates can both hold."""
    pairs = [(x, y) for x in a for y in b if x.comparable(y)]
    if not pairs:
        return "n/a"
    return "same" if any(x.compatible(y) for x, y in pairs) else "differ"

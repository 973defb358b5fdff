"""What a claim's own words say about its fields, read without a parser, for the matcher's field checks.

``corroborate.match`` vetoes "same" for two texts only when both state a field about
the same thing and the two values cannot both be true. This module reads those values
from a claim (its extracted fields where extraction filled them, its text where not):

* ``figures``: each number with what it counts. A number is compared only with one
  that counts the same thing; an age ("4-year-old boy", "aged 4") is an age of the
  person, not a count of boys, and compares with ages only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from corroborate.checks.counts import noun_of, role_of, widened
from corroborate.extract.numbers import counted, find_numbers
from corroborate.lexicon import UNITS, word_value, wordlist
from corroborate.records import Claim, Quantity

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

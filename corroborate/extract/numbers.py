"""Counts in article text -> Quantity intervals: part of the extraction stage.

"three US soldiers" is [3, 3]; hedges widen the interval ("at least 34" is
[34, inf), "more than 160" is (160, inf), "up to 10" is [0, 10]); "about",
"around", "roughly", "approximately" and "some" mean within 10% either side;
"nearly", "almost" and "close to" mean up to 10% below. Vague words get the
ranges in ``VAGUE``. Years, dates, times, ordinals and names such as "Tower 22"
or "Article 5" are not counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from corroborate.extract.views import is_verbish
from corroborate.lexicon import (
    AND_A_FRACTION,
    AND_A_FRACTION_PATTERN,
    MONTH_STEMS,
    SCALES,
    TENS,
    UNITS,
    VULGAR_FRACTIONS,
    YEAR_PATTERN,
    word_value,
    wordlist,
)
from corroborate.records import Quantity

VAGUE = {  # word -> interval
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "several": (3, 9),
    "a few": (2, 5),
    "a handful": (2, 5),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "millions": (2_000_000, 9_999_999),
}
# hedge -> (low factor, high factor, low inclusive, high inclusive); inf means open-ended.
HEDGES = {
    "at least": (1, math.inf, True, True),
    "no fewer than": (1, math.inf, True, True),
    "more than": (1, math.inf, False, True),
    "over": (1, math.inf, False, True),
    "upwards of": (1, math.inf, False, True),
    "in excess of": (1, math.inf, False, True),
    "up to": (0, 1, True, True),
    "at most": (0, 1, True, True),
    "no more than": (0, 1, True, True),
    "fewer than": (0, 1, True, False),
    "less than": (0, 1, True, False),
    "under": (0, 1, True, False),
    "about": (0.9, 1.1, True, True),
    "around": (0.9, 1.1, True, True),
    "roughly": (0.9, 1.1, True, True),
    "approximately": (0.9, 1.1, True, True),
    "some": (0.9, 1.1, True, True),
    "nearly": (0.9, 1, True, True),
    "almost": (0.9, 1, True, True),
    "close to": (0.9, 1, True, True),
}
WORD_NUMBER = (
    rf"(?:(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(list(UNITS)[1:10])}))?|{'|'.join(UNITS)})"
    rf"(?:[ -](?:{AND_A_FRACTION_PATTERN}))?"  # "five and a half"
    rf"(?: (?:{'|'.join(SCALES)}))?"
)
# A decimal whose point a tokenizer spaced out ("a 6. 1-magnitude quake", "£1. 7 million"): one number, read
# as such only before a scale, a magnitude or a percentage, or after "magnitude", where a sentence cannot end
# after its first part.
_SCALE = "|".join(SCALES)
# Units of measure after which a sentence does not start: "a depth of 1. 2 miles", "after 4. 5 hours".
_MEASURE = (
    "hours?|minutes?|seconds?|miles?|kilomet(?:er|re)s?|km|met(?:er|re)s?|feet|foot|inches|degrees?|tonnes?|tons?"
    "|kilograms?|kg|points?|acres?|hectares?"
)
SPLIT_DECIMAL = (
    rf"\$?\d+\. \d+(?=[ -]?(?:{_SCALE}|magnitude|percent|per cent|%))(?:[ -](?:{_SCALE}))?"
    # before a unit of measure, one digit after the point: "48. 20 minutes later" is two sentences
    rf"|\d+\. \d(?=[ -]?(?:{_MEASURE})\b)"
    r"|(?:(?<=magnitude )|(?<=magnitude-))\d+\. \d+"  # "a magnitude-6. 1 quake"
)
# Thousands a tokenizer spaced out ("31, 000 people", "120, 000"): joined only when the group after the comma
# starts with 0, which no number of its own does ("on March 3, 200 people" stays two numbers).
SPACED_THOUSANDS = r"\d{1,3}(?:, 0\d\d)+(?![\d.])"
# A whole number and a fraction of halves, thirds, quarters or eighths: "4 1/2 hours", "4½ hours" and
# "4 and a half hours" are 4.5.
DIGIT_FRACTION = rf"\d+(?: [1-7]/[2348](?![\d/])|[{''.join(VULGAR_FRACTIONS)}])"  # "4 1/2", "4½"
MIXED_FRACTION = rf"{DIGIT_FRACTION}|\d+ (?:{AND_A_FRACTION_PATTERN})\b"
DIGITS = (
    rf"{MIXED_FRACTION}|{SPLIT_DECIMAL}|\$?{SPACED_THOUSANDS}|\$?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|\$?\d+(?:\.\d+)?(?:[ -](?:{_SCALE}))?"  # "$53.7-million" as "$53.7 million"
)
HEDGE = "|".join(sorted(HEDGES, key=len, reverse=True))
NUMBER = re.compile(
    rf"\b(?:(?P<hedge>{HEDGE}) )?(?:(?P<vague>{'|'.join(sorted(VAGUE, key=len, reverse=True))})(?![\w-])"
    rf"|(?P<digits>{DIGITS})|(?P<words>{WORD_NUMBER})(?![\w-]))"
    r"(?P<pct>%| per ?cent\b)?(?![\w.]\d)",
    re.I,
)
STOP = set(
    wordlist(
        "in on at to and or but for from with by as near since that which who whom was were is are be been "
        "have has had will would could can may might should said says told than while when where after before "
        "of against the a an this these those its their his her our"
    )
)
IDENTIFIER_BEFORE = re.compile(r"(?:[A-Z][\w-]*|No\.|#)\s$")
ALLOWED_BEFORE = {
    "The",
    "These",
    "Those",
    "All",
    "Some",
    "Only",
    "Just",
    "Another",
    "Its",
    "Their",
    "Our",
    "His",
    "Her",
    "US",
    "U.S.",
    "At",
    "More",
    "About",
    "Around",
    "Nearly",
    "Almost",
    "Up",
    "Over",
    "And",
}
MONTHS = re.compile(rf"{MONTH_STEMS}[a-z]*\.?$")


@dataclass(frozen=True)
class FoundNumber:
    start: int
    end: int
    quantity: Quantity


def digit_value(text: str) -> float:
    if mixed := re.fullmatch(r"(\d+) (\d)/(\d)", text):
        whole, top, bottom = (int(g) for g in mixed.groups())
        return whole + top / bottom
    if part := re.fullmatch(rf"(\d+)([{''.join(VULGAR_FRACTIONS)}])", text):
        return int(part[1]) + VULGAR_FRACTIONS[part[2]]
    part = re.fullmatch(r"(\d+)[ -](.+)", text)
    fraction = AND_A_FRACTION.get(re.sub(r"[ -]+", " ", part[2].lower())) if part else None
    if part and fraction is not None:
        return int(part[1]) + fraction
    parts = text.replace("$", "").replace(", ", "").replace(",", "").replace(". ", ".").replace("-", " ").split()
    return float(parts[0]) * (SCALES[parts[1].lower()] if len(parts) > 1 else 1)


def counted(text: str, end: int) -> str:
    """The counted noun phrase after the number: up to four content words."""
    taken: list[str] = []
    for match in _next_words(text[end : end + 80]):
        abbreviation = re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", match.group(1))  # "U.S." is one word
        word = match.group(1) if abbreviation else match.group(1).rstrip(".")
        if (word.lower() in STOP and not (word.lower() == "of" and not taken)) or len(taken) == 4:
            break
        if taken and word.islower() and (is_verbish(word) or word.endswith("ed")) and not word.endswith("s"):
            break  # "several Arab countries continue": the verb ends the noun phrase
        if word.lower() != "of":
            taken.append(word)
        if match.group(1).endswith(".") and not abbreviation:
            break
        if end + match.end() < len(text) and text[end + match.end()] in ',;:)"”':
            break
    return " ".join(taken)


_WORD_AFTER = re.compile(r"\s*([A-Za-z][\w'’.-]*)")
_FIGURE_AFTER = re.compile(r"\s*\d[\d.,]*%?")  # "$175 million of 10.5 percent notes" still counts notes


def _next_words(text: str) -> Iterator[re.Match[str]]:
    """The words that follow from the start of ``text``, over figures, up to the first other thing that is not a
    word: "two million euros (£1.7 million)" counts euros, not "euros million"."""
    at = 0
    while True:
        match = _WORD_AFTER.match(text, at)
        if match:
            yield match
            at = match.end()
        elif skipped := _FIGURE_AFTER.match(text, at):
            at = skipped.end()
        else:
            return


def is_not_a_count(text: str, match: re.Match[str]) -> bool:
    """Years, times, ordinals, dates, names like "Tower 22" or "AK-47", ages ("Smith, 29, was"), and a time
    counted back or on ("eight days ago")."""
    s, e = match.start(), match.end()
    raw = match.group("digits") or ""
    after = text[e : e + 40]
    if raw and not match.group("hedge"):
        before = text[max(0, s - 40) : s]
        word_before = before.split()[-1] if before.split() else ""
        if IDENTIFIER_BEFORE.search(before) and word_before not in ALLOWED_BEFORE:
            return True
        if MONTHS.search(before.rstrip()) or MODEL_BEFORE.search(before) or is_age(before, raw, after):
            return True
    glued = raw and not raw.startswith("$") and text[s - 1 : s] != "$" and GLUED_NAME.match(after)
    if TIME_AWAY.match(after) or AGE_AFTER.match(after) or glued:
        return True
    if not match.group("hedge") and WINDOW_BEFORE.search(text[max(0, s - 20) : s]) and TIME_UNIT_AFTER.match(after):
        return True  # "his first two seasons", "in the past 24 hours": which stretch of time, not a count
    if re.fullmatch(YEAR_PATTERN, raw):
        return True  # a year, even after "since at least"
    if re.match(r"(?:st|nd|rd|th)\b|:\d|\s*(?:[ap]\.?m\b)|,? \d{4}", after, re.I):
        return True
    return bool(re.match(rf"\s+(?:of )?{MONTH_STEMS}[a-z]*\b", after)) or (
        (match.group("words") or "").lower() == "one" and is_pronoun_one(text, s, e)
    )


# Letters glued to the digits, but a unit's or an ordinal's: a name ("the 76ers", "49ers", "3M").
GLUED_NAME = re.compile(
    r"(?!(?:st|nd|rd|th|km|kg|mm|cm|ft|mph|bn|mn|mln|bln|m|b|k|s|lbs?|mg|ml|g|mw|gw|kw|pts|hrs?|mins?|yds?)\b)"
    r"[A-Za-z]",
    re.I,
)
# "a 36-year-old climber", "four-month-old": an age.
AGE_AFTER = re.compile(r"[- ](?:year|month|week|day)s?[- ]old\b", re.I)
# A name's letters and a hyphen right before the digits: "AK-47", "F-16", "MH-17" name a model or a flight.
MODEL_BEFORE = re.compile(r"\b[A-Z][A-Za-z]{0,4}-$")
# "his first two seasons", "the past 24 hours", "the next 10 days": a window of time that a claim is set in.
# Two reports may set one fact in different windows; a count of games or rounds ("won the first two games")
# is still a count.
WINDOW_BEFORE = re.compile(r"\b(?:first|last|past|next|previous|final)\s+$", re.I)
TIME_UNIT_AFTER = re.compile(r"\s+(?:hours?|days?|weeks?|months?|years?|seasons?|decades?)\b", re.I)
# "eight days ago", "two weeks later": a point in time (the dates read it), not a count.
TIME_AWAY = re.compile(r"\s+(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\s+(?:ago|earlier|later)\b", re.I)
# After a person's name and a comma, a number a comma or a verb follows is the person's age: "Orozco, 29, was
# found guilty", "Alexis Grigoropoulos, 15 was killed". A single capitalised word counts only with the second
# comma ("In Baghdad, 15 were killed" is a count).
_NAME_COMMA = re.compile(r"\b([A-Z][\w'’.-]*) ([A-Z][\w'’-]+), $")
_ONE_NAME_COMMA = re.compile(r"\b[A-Z][\w'’-]+, $")
_AGE_AFTER = re.compile(r"\s*,|\s+(?:was|is|has|had|who|pleaded)\b")  # singular: "Gaza City, 20 were killed" counts
_NOT_FIRST_NAMES = frozenset(
    wordlist("In On At By For From With The And But After Before During Since Until When While As Of To A An")
)


def is_age(before: str, raw: str, after: str) -> bool:
    if not raw.isdigit() or not 0 < int(raw) < 110:
        return False
    full = _NAME_COMMA.search(before)
    if full and full.group(1) not in _NOT_FIRST_NAMES and _AGE_AFTER.match(after):
        return True
    return bool(_ONE_NAME_COMMA.search(before)) and after.lstrip(" ").startswith(",")


def is_pronoun_one(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 8) : start].lower().split()
    after = text[end : end + 10].lower()
    return bool(before and before[-1] in {"no", "any", "every", "the", "this", "that"}) or after.startswith(
        (" another", "'s", "’s", " of")
    )


def quantity(text: str, match: re.Match[str]) -> Quantity:
    hedge = (match.group("hedge") or "").lower()
    if match.group("vague"):
        low, high = (float(x) for x in VAGUE[match.group("vague").lower()])
        hedge = hedge or match.group("vague").lower()
        if hedge in HEDGES:
            low, high = apply_hedge(hedge, low)[:2]
        return Quantity(match.group(), low, high, counted(text, match.end()), hedge)
    value = digit_value(match.group("digits")) if match.group("digits") else word_value(match.group("words"))
    counts = "%" if match.group("pct") else counted(text, match.end())
    if (match.group("digits") or "").startswith("$"):
        counts = f"$ {counts}".strip()
    low, high, low_inc, high_inc = apply_hedge(hedge, value) if hedge else (value, value, True, True)
    return Quantity(match.group(), low, high, counts, hedge, low_inc, high_inc)


def apply_hedge(hedge: str, value: float) -> tuple[float, float, bool, bool]:
    low_f, high_f, low_inc, high_inc = HEDGES[hedge]
    return value * low_f, value * high_f if not math.isinf(high_f) else math.inf, low_inc, high_inc


def find_numbers(text: str) -> list[FoundNumber]:
    """Every count in ``text`` with its span."""
    found = []
    for match in NUMBER.finditer(text):
        if (
            match.group("words")
            and match.group("words")[0].isupper()
            and match.start("words") > 0
            and text[match.start("words") - 2 : match.start("words")].strip() not in {"", ".", "“", '"'}
        ):
            continue  # "Three Gorges", "Ocean's Eleven": capitalised mid-sentence is a name
        if not is_not_a_count(text, match):
            found.append(FoundNumber(match.start(), match.end(), quantity(text, match)))
    return found

"""What a claim's own words say about its fields, read without a parser, for the matcher's field checks.

``corroborate.match`` vetoes "same" for two texts only when both state a field about
the same thing and the two values cannot both be true. This module reads those values
from a claim (its extracted fields where extraction filled them, its text where not):

* ``figures``: each number with what it counts. A number is compared only with one
  that counts the same thing; an age ("4-year-old boy", "aged 4") is an age of the
  person, not a count of boys, and compares with ages only.
* ``dates``: calendar dates as far as the words fix them (year, month, day, weekday).
  A year and a day or month within it are compatible, a month and a day inside it too.
* ``polarity``: the predicates a text negates ("has not struck a deal" negates
  "struck deal"). A negation inside a question, in a fixed phrase ("not only",
  "no doubt", "I don't know") or a hedge ("no more than 10") is not the claim's
  polarity; polarity is compared only where both texts state the same predicate.
* ``frame``: who does what to whom ("the heron chases the otter"), from the claim's
  subject and predicate strings, passive voice included: the ``parties`` check calls
  swapped parties of the same verb a difference, the ``predicate`` check calls
  opposite verbs of the same subject ("checked in" / "checked out") opposite.

Word tables are data (``ANTONYMS``, ``SYMMETRIC``, ``FIXED_PHRASES``, ...), kept as
plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from corroborate.checks.counts import noun_of, role_of, widened
from corroborate.extract.dates import candidates
from corroborate.extract.numbers import counted, find_numbers
from corroborate.extract.views import is_verbish
from corroborate.lexicon import (
    IRREGULAR,
    MONTHS,
    UNITS,
    VULGAR_FRACTIONS,
    WEEKDAYS,
    YEAR_PATTERN,
    apostrophes_restored,
    word_value,
    wordlist,
)
from corroborate.records import Claim, DateRef, Quantity

# -- words -----------------------------------------------------------------------------------

AUXILIARIES = frozenset(
    wordlist(
        "be is are was were am been being have has had having do does did will would shall should can could may "
        "might must wo ca sha ai 's 've 'd 'll 're 'm"
    )
)
PRONOUNS = frozenset(
    wordlist(
        "i you he she it we they me him her us them my your his its our their this that these those who whom which "
        "what one ones anyone anybody anything someone somebody something everyone everybody everything each other "
        "others"
    )
)
DETERMINERS = frozenset(
    wordlist("a an the any some all every each his her its their our my your this that these those another")
)
PREPOSITIONS = frozenset(
    wordlist(
        "in on at of to for from with by about against into onto over under after before during since until till "
        "through between among toward towards across behind beyond near without within upon per via like than as"
    )
)
CONJUNCTIONS = frozenset(
    wordlist(
        "and but or while whereas although though because unless if when whenever where wherever so whether "
        "which who whom whose"
    )
)
STOPWORDS = (
    AUXILIARIES
    | PRONOUNS
    | DETERMINERS
    | PREPOSITIONS
    | CONJUNCTIONS
    | frozenset(
        wordlist(
            "not no never n't also then there here too very just only even still already yet ever again however said "
            "says say told least more most nearly almost around roughly approximately some many few several"
        )
    )
)
PARTICLES = frozenset(wordlist("in out up down on off back away over into"))
_TOKEN = re.compile(r"[a-z](?:\.[a-z])+\.?|no\.(?=\s*\d)|[a-z]+(?:'[a-z]+|-[a-z]+)*|\d+(?:[.,:]\d+)*%?|[^\sa-z\d]")
_CONTRACTION = re.compile(r"^(.+?)(n't)$")
_BARE_CONTRACTIONS = {
    w: w[:-2]
    for w in wordlist("dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt couldnt wouldnt shouldnt wont cant")
}
_BARE_CONTRACTIONS |= {"wont": "wo", "cant": "ca"}


def tokens(text: str) -> list[str]:
    """Lower-case words and punctuation; "wasn't" is "was" + "not", "cannot" is "can" + "not"."""
    out: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'")):
        contraction = _CONTRACTION.match(token)
        if contraction:
            out += [contraction[1], "not"]
        elif token in _BARE_CONTRACTIONS:
            out += [_BARE_CONTRACTIONS[token], "not"]
        elif token == "cannot":
            out += ["can", "not"]
        else:
            out.append(re.sub(r"'(?:s|re|ve|ll|d|m)$", "", token))
    return out


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A light stem that maps the forms of one word together: "following", "follows", "followed" -> "follow".

    Not a dictionary form ("closed" -> "clos"): both sides of a comparison go through it, and so do the tables.
    """
    w = IRREGULAR.get(word, word)
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and (
        w.endswith(("sses", "xes", "zes", "ches", "shes")) or (w.endswith("ed") and not w.endswith("eed"))
    ):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "admitted" -> "admitt" -> "admit"
    if len(w) > 3 and w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]  # "close", "closes", "closed" -> "clos"
    return w


def content(token: str) -> bool:
    return (
        token[:1].isalpha()
        and token not in STOPWORDS
        and len(token) > 1
        and token not in MONTHS
        and token not in WEEKDAYS
        and token not in UNITS
    )


# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number with what it counts: a canonical noun ("troops"), the role of what is counted ("killed"),
    and the currency of an amount of money ("$", "£")."""

    quantity: Quantity  # the interval its hedge allows
    noun: str = ""
    role: str = ""
    currency: str = ""

    @property
    def bare(self) -> bool:
        """Nothing says what it counts: "at 654 pence" has a noun, "rose to 20.85" does not."""
        return not self.noun and not self.role

    def same_thing(self, other: Figure) -> bool:
        """Both count the same thing: the same role and the same noun, or the same role where one has no noun.
        Amounts in two currencies ("$165,000" / "£90,000") count different things."""
        if self.bare or other.bare or self.role != other.role:
            return False
        if self.currency and other.currency and self.currency != other.currency:
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
SCALE_WORDS = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
# "1,2 million": a comma before one or two digits is a decimal comma (a thousands comma has three after it).
DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}\b(?![,.]\d))")
# Two numbers that state one range: "between $4 and $11", "$10 billion-$15 billion", "ranged from 16 to 27".
RANGE_OPENERS = re.compile(r"\b(?:between|(?:rang|vari)(?:e|es|ed|ing)\s+from|anywhere\s+from)\s*$", re.I)
RANGE_LINKS = {"-", "–", "to", "and"}


def figures(claim: Claim) -> tuple[Figure, ...]:
    """The claim's numbers with what they count: extraction's quantities, or those read from its text.

    What a number counts is read again from the words right after it, up to the next punctuation or
    the next number ("12,390 baht (US$298), excluding taxes": baht, then dollars, not taxes). A number
    written with decimals stands for what rounds to it ("$6.3 billion" holds "$6.32 billion"). Two
    numbers that state a range ("between $4 and $11", "10-15 percent") are one figure, the interval
    between them; a part of a version or an address ("the 2.6.0 kernel") is no figure.
    """
    text = claim.text
    ages = [(m.start(), m.end(), _age(m)) for m in AGE.finditer(text)]
    read: list[tuple[int, int, Figure]] = []
    for start, end, q in _fractions(text, _number_spans(claim)):
        if start >= 0 and (any(s < end and start < e for s, e, _ in ages) or _dotted(text, start, end)):
            continue  # the number of an age; a part of "2.6.0" or "10.0.0.1"
        if start < 0 and (re.match(r"[- ]?(?:year|month|week|day)s?[- ]old\b", q.counts, re.I) or _in_dotted(text, q)):
            continue
        read.append((start, end, _figure(claim, start, end, q)))
    return tuple([age for _, _, age in ages] + _ranges(text, read))


def _number_spans(claim: Claim) -> list[tuple[int, int, Quantity]]:
    """Each number with its span in the claim's text (start -1 when not found there).

    A decimal comma ("1,2 million") or "$US13.15" is read from the text, whatever extraction made of it.
    """
    text = claim.text
    if claim.numbers and not DECIMAL_COMMA.search(text):
        return _spans(text, claim.numbers)
    readable = re.sub(r"\$US(?=\d)", "US$", DECIMAL_COMMA.sub(".", text))  # same length: the spans still fit
    return [(f.start, f.end, f.quantity) for f in find_numbers(readable)]


def _fractions(text: str, spans: Sequence[tuple[int, int, Quantity]]) -> list[tuple[int, int, Quantity]]:
    """The spans with each fraction read as one number: "1/2" is 0.5, "2 1/2" and "1-11/32" are mixed."""
    out: list[tuple[int, int, Quantity]] = []
    i = 0
    while i < len(spans):
        start, end, q = spans[i]
        if i + 1 < len(spans) and start >= 0 and _a_fraction(text, spans[i], spans[i + 1]):
            _, last_end, denominator = spans[i + 1]
            value = q.low / denominator.low if denominator.low else q.low
            if out and out[-1][0] >= 0 and text[out[-1][1] : start] in (" ", "-") and out[-1][2].low.is_integer():
                whole_start, _, whole = out.pop()
                start, value = whole_start, whole.low + value
            fraction = replace(denominator, text=text[start:last_end], low=value, high=value, hedge="fraction")
            out.append((start, last_end, fraction))  # a hedge, so that it is not widened as if rounded
            i += 2
            continue
        out.append(spans[i])
        i += 1
    return out


def _a_fraction(text: str, top: tuple[int, int, Quantity], bottom: tuple[int, int, Quantity]) -> bool:
    """Two whole numbers joined by a slash ("11/32"); not a quote such as "$1.1518/23"."""
    (start, end, _), (next_start, _, _) = top, bottom
    return next_start == end + 1 and bool(re.match(r"\d+/\d+(?![.,]\d)", text[start:])) and "/" not in text[:start][-1:]


def _dotted(text: str, start: int, end: int) -> bool:
    """The number is one part of a dotted sequence ("2.6.0", "10.0.0.1"): a version or an address."""
    left = re.search(r"[\d.]*$", text[:start])
    right = re.match(r"[\d.]*", text[end:])
    run = (left[0] if left else "") + text[start:end] + (right[0] if right else "")
    return run.strip(".").count(".") >= 2


def _in_dotted(text: str, q: Quantity) -> bool:
    """An extracted number that stands in the text only inside a dotted sequence ("6.0" of "2.6.0")."""
    return any(_dotted(text, m.start(), m.end()) for m in re.finditer(re.escape(q.text), text)) if q.text else False


def _figure(claim: Claim, start: int, end: int, q: Quantity) -> Figure:
    text = claim.text
    counts = q.counts
    if start >= 0 and counts != "%":
        counts = counted(_clip(text, end), end)
    quantity, counts = _scaled(q, counts)
    noun = "percent" if counts == "%" else noun_of(counts)
    noun = "" if noun in NOT_NOUNS else noun
    currency = "$" if q.text.startswith("$") else _currency(text[:start]) if start > 0 else ""
    return Figure(_rounded(widened(quantity)), noun or currency, role_of(q, claim), currency)


def _ranges(text: str, read: Sequence[tuple[int, int, Figure]]) -> list[Figure]:
    """The figures with each range of two ("between 10 and 15 homes") joined into one, low to high.

    A hyphen joins two numbers into a range only when the first is the lower: "a 62-43 vote" is a score.
    """
    out: list[Figure] = []
    i = 0
    while i < len(read):
        start, end, first = read[i]
        if i + 1 < len(read) and start >= 0 and _a_range(text, read[i], read[i + 1]):
            _, last_end, last = read[i + 1]
            span = Quantity(
                text[start:last_end],
                first.quantity.low,
                last.quantity.high,
                last.quantity.counts,
                "range",
                first.quantity.low_inclusive,
                last.quantity.high_inclusive,
            )
            out.append(replace(last, quantity=span))
            i += 2
            continue
        out.append(first)
        i += 1
    return out


def _a_range(text: str, first: tuple[int, int, Figure], second: tuple[int, int, Figure]) -> bool:
    (start, end, a), (next_start, _, b) = first, second
    if next_start < 0 or a.quantity.high > b.quantity.low or (a.currency or b.currency) and a.currency != b.currency:
        return False
    if a.noun and a.noun != b.noun and a.noun != a.currency:
        return False  # "4.6 percent to $247 billion": two things
    link = re.sub(r"[$£€]", "", text[end:next_start]).strip().lower()
    words = link.split()
    if not words or words[-1] not in RANGE_LINKS and link not in RANGE_LINKS:
        return False
    if link in ("-", "–"):
        return True
    unit = words[:-1]  # "16 cents a share to 27 cents": the unit may stand after the first number too
    if len(unit) > 3:
        return False
    opener = RANGE_OPENERS.search(re.sub(r"(?:[A-Z]{1,2})?[$£€]$", "", text[:start]))
    return opener is not None and (words[-1] == "and") == opener[0].lower().startswith("between")


def _clip(text: str, end: int) -> str:
    """The text up to the first punctuation after ``end``, or a number joined on by a hyphen: what a number
    counts does not run past it ("$10 billion-$15 billion": the first counts no billions of its own)."""
    stop = re.compile(r"[,;:()\[\]\"“”]|\s[-–—]\s|[-–/]\s*[$£€]?\d").search(text, end)
    return text[: stop.start()] if stop else text


def _scaled(q: Quantity, counts: str) -> tuple[Quantity, str]:
    """ "38-million euros" -> 38,000,000 euros, "several hundred homes" -> 300 to 900 homes: a scale word
    that the number reader left to the noun (once: "10 billion" is already scaled)."""
    words = counts.split()
    scale = SCALE_WORDS.get(words[0].lower()) if words else None
    if scale is None or q.text.split()[-1:] and q.text.split()[-1].lower() in SCALE_WORDS:
        return q, counts
    return replace(q, low=q.low * scale, high=q.high * scale), " ".join(words[1:])


FRACTION_WRITTEN = re.compile(rf"/|[{''.join(VULGAR_FRACTIONS)}]|\band (?:a|one|three)\b", re.I)


def _rounded(q: Quantity) -> Quantity:
    """An exact written number as the interval of what rounds to it: "6.3" is [6.25, 6.35)."""
    written = re.search(r"(\d[\d,]*)(?:\.(\d+))?", q.text)
    if not written or q.low != q.high or q.hedge or FRACTION_WRITTEN.search(q.text):
        return q  # "5 1/2", "5½" and "5 and a half" are written to the fraction: no rounding of the 5
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
    if any(figure.quantity.overlaps(o.quantity) for o in others) or any(
        p.quantity.overlaps(f.quantity) for p in unmatched for f in own
    ):
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
            (self.years and other.years)
            or (self.month and other.month)
            or (self.day and other.day)
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
_YEAR = YEAR_PATTERN
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


# -- polarity --------------------------------------------------------------------------------

NEGATIONS = frozenset(wordlist("not never no nobody nothing none neither nor nowhere"))
# Negations that stand before a noun phrase ("no soldier was hurt"): what they negate runs on to the verb.
NEGATIVE_DETERMINERS = frozenset(wordlist("no none neither nor"))
# Words that negate what follows them, with the word that must come next: "denied being involved",
# "refused to comment", "failed to meet", "their failure to get". Within a few words: "declined, through
# a spokesman, to comment".
NEGATING_WORDS: dict[str, tuple[str, ...]] = {
    lemma("deny"): ("that", "being", "having", "any", "ever", "ing"),
    lemma("refuse"): ("to",),
    lemma("refusal"): ("to",),
    lemma("fail"): ("to",),
    lemma("failure"): ("to",),
    lemma("decline"): ("to", "comment"),
    # "doubted her brother was carrying a gun", "disputed that ...": the clause is denied; not "doubts about"
    lemma("doubt"): ("that", "whether", "if", "it", "he", "she", "they", "the", "his", "her", "their", "its"),
    lemma("dispute"): ("that",),
    # "it is false that ...", "it is a myth that ...": the clause is denied
    lemma("false"): ("that",),
    lemma("untrue"): ("that",),
    lemma("myth"): ("that",),
}
NEGATING_REACH = 8
# Verbs of losing or lacking: what follows them in their clause is no longer had, which a denial of it
# restates ("had lost their sense of time" and "no longer had any sense of time" agree).
PRIVATIVE = frozenset(lemma(w) for w in wordlist("lose lack cease stop without"))
HAVE_OR_BE = frozenset(wordlist("has have had is are was were"))
# Refusing a request to do something negates the doing: "denied a motion to postpone the trial".
REFUSING = frozenset(lemma(w) for w in wordlist("deny reject refuse decline dismiss"))
# What a claim can be called when it is denied or dismissed: "rejected reports that troops had crossed".
CLAIM_NOUNS = frozenset(
    lemma(w) for w in wordlist("claim report allegation accusation suggestion rumour rumor charge assertion story")
)
REQUESTS = frozenset(lemma(w) for w in wordlist("motion request bid appeal petition application plea proposal offer"))
# Negation words in set phrases that do not deny the claim's predicate.
FIXED_PHRASES = tuple(
    tuple(p.split())
    for p in """
not only|not just|not least|not until|not to mention|not merely|no doubt|no matter|no wonder|no sooner|no less
|no more than|no fewer than|not more than|not less than|not fewer than|nothing but|nothing less than|none other
|none the less|never mind|if not|whether or not|or not|or no|little or no|few or no|of no confidence
|i do not know|we do not know|i did not know why|that was not all|that is not all|that not all
|not the first time|not for the first time
""".replace("\n", "").split("|")
)
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in FIXED_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
# Words between a negation and the predicate it negates: "has not yet been told", "no longer works".
SKIPPED = (
    AUXILIARIES
    | PRONOUNS
    | DETERMINERS
    | frozenset(
        wordlist(
            "to that longer yet even also ever necessarily always really actually officially immediately just been "
            "being be have"
        )
    )
)
BOUNDARIES = frozenset(wordlist(". ! ? ; : , — – -")) | CONJUNCTIONS - {"which", "who", "whom", "whose"}
CONDITIONS = frozenset(wordlist("if unless whether"))  # a clause they open states no fact
# "last season", "next week", "past year": a time, not the verb "last" or "pass" that a negation could deny.
TIME_ADJECTIVES = frozenset(wordlist("last next past previous coming"))
TIME_NOUNS = (
    frozenset(
        wordlist(
            "season seasons year years week weeks month months night nights time weekend day days decade "
            "century term summer winter spring autumn fall quarter morning evening afternoon game match race"
        )
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
SENTENCE_OPENERS = frozenset(wordlist(". ! ? : ; \" “ ” ' ‘ ( [ — –"))


@dataclass(frozen=True)
class Polarity:
    """Which predicates a text negates, and the words it states outside any negation."""

    negated: tuple[tuple[str, ...], ...] = ()  # each negated predicate's content words (lemmas), head first
    asserted: frozenset[str] = frozenset()  # content words (lemmas) outside negations, questions, conditions
    denied: frozenset[str] = frozenset()  # content words inside a negation's reach
    # content words after a verb of losing or lacking ("lost their sense of time", "lacked evidence"): still
    # asserted, but no conflict with a text that denies them ("no longer had any sense of time")
    lacking: frozenset[str] = frozenset()

    @property
    def negative(self) -> bool:
        return bool(self.negated)


def polarity(text: str) -> Polarity:
    """The negated predicates of a text, the words it asserts, the words under a negation.

    A negation reaches to the end of its clause; its predicate is the first content words after it
    ("has not struck a deal with" -> "strike deal"; "no soldier was hurt" -> "soldier hurt"). Not a
    negation: one in a question, in a clause opened by "if"/"unless", in a fixed phrase ("not only",
    "no doubt", "I don't know"), in a name ("the Do Not Call list"), before a preposition ("is not in
    the final bill" negates no predicate of its own).
    """
    negated: list[tuple[str, ...]] = []
    asserted: set[str] = set()
    denied: set[str] = set()
    lacking: set[str] = set()
    for sentence, capitals in _sentences(_cased_tokens(apostrophes_restored(text))):
        if sentence[-1] == "?" or (len(sentence) > 1 and sentence[-2] == "?"):
            continue
        _read_sentence(sentence, capitals, negated, asserted, denied, lacking)
    return Polarity(tuple(dict.fromkeys(negated)), frozenset(asserted), frozenset(denied), frozenset(lacking))


def _read_sentence(
    sentence: list[str],
    capitals: list[bool],
    negated: list[tuple[str, ...]],
    asserted: set[str],
    denied: set[str],
    lacking: set[str],
) -> None:
    """One sentence's negated predicates, asserted, denied and lacking words, added to the four collections."""
    in_scope = condition = timed = privative = False
    skip_until = contrast = -1
    for i, tok in enumerate(sentence):
        if i > skip_until and (phrase := _fixed_phrase(sentence, i)):
            skip_until = i + phrase - 1
        if i == contrast:  # "not for who she is but for what she did": "for who she is" is denied
            in_scope = True
            if contrasted := _predicate(sentence, i + 1):
                negated.append(contrasted)
                denied.update(contrasted)
            continue
        if tok in CONDITIONS:
            in_scope, condition = False, True
            continue
        if tok in BOUNDARIES:
            in_scope = condition = timed = privative = False
            continue
        name = capitals[i] and i > 0 and sentence[i - 1] not in SENTENCE_OPENERS
        # "may not be restored till 31 December": restored then, not never (read over the whole clause)
        if tok in NEGATIONS and not (condition or name or i <= skip_until) and _not_until(sentence[i + 1 :]):
            timed = _cut_at_until(sentence[i + 1 :])  # "had no leads until." states nothing of the leads
            continue
        start = -1 if condition or i <= skip_until or name else _cue(sentence, i)
        if start >= 0 and in_scope and tok not in NEGATIONS:
            # "did not deny reports that ...", "no one denied that ...": a denial under a negation denies nothing
            start = -1
        if start < 0 and not condition and i > skip_until and not name and tok in NEGATIONS:
            contrast = _contrastive(sentence, i)  # the negation moves to the contrasted phrase
        if start >= 0:
            in_scope = True
            determiner = tok in NEGATIVE_DETERMINERS and sentence[i + 1 : i + 2] != ["longer"]  # "no longer"
            # "denied (reports) that the manager had been sacked": the clause's subject and its verb, not the
            # subject alone (which a claim merely naming the manager would seem to assert)
            clause = start > 0 and sentence[start - 1] == "that"
            predicate = _predicate(sentence, start, through_verb=determiner or clause)
            if predicate:
                negated.append(predicate)
                denied.update(predicate)
            continue
        if content(tok) and not condition and not timed and not _time_phrase(sentence, i):
            (denied if in_scope else asserted).add(lemma(tok))
            if privative and not in_scope:
                lacking.add(lemma(tok))
            privative = privative or lemma(tok) in PRIVATIVE
            if i < contrast:  # "not due to X but to Y": "due" is stated, and also under the negation
                denied.add(lemma(tok))


def _cased_tokens(text: str) -> tuple[list[str], list[bool]]:
    """The text's tokens (``tokens``) and, for each, whether it was written with a capital letter."""
    words: list[str] = []
    capitals: list[bool] = []
    for match in re.finditer(r"\S+", text):
        parts = _chunk_tokens(match.group())
        words += parts
        capitals += [match.group()[:1].isupper()] + [False] * (len(parts) - 1)
    return words, capitals


@lru_cache(maxsize=65536)
def _chunk_tokens(chunk: str) -> list[str]:
    return tokens(chunk)


def _sentences(cased: tuple[list[str], list[bool]]) -> list[tuple[list[str], list[bool]]]:
    words, capitals = cased
    out: list[tuple[list[str], list[bool]]] = [([], [])]
    for i, (w, c) in enumerate(zip(words, capitals, strict=True)):
        if w in ('"', "'", "“", "”") and not out[-1][0] and len(out) > 1:
            out[-2][0].append(w)  # a closing quote after the terminator
            out[-2][1].append(c)
            continue
        out[-1][0].append(w)
        out[-1][1].append(c)
        if w in (".", "!", "?") and i + 1 < len(words):
            out.append(([], []))
    return [s for s in out if s[0]]


def _fixed_phrase(sentence: list[str], i: int) -> int:
    """The length of a fixed phrase that starts at ``i``, or 0."""
    for phrase in _PHRASES_BY_FIRST.get(sentence[i], ()):
        if tuple(sentence[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _cue(sentence: list[str], i: int) -> int:
    """Where the predicate of a negation at ``i`` starts, or -1 when ``i`` holds no negation."""
    tok = sentence[i]
    after = sentence[i + 1 : i + 1 + NEGATING_REACH]
    if tok in NEGATIONS:
        if tok == "no" and (after and after[0][:1].isdigit() or _a_no_vote(sentence, i)):
            return -1  # "No 121" is a rank
        return -1 if _contrastive(sentence, i) >= 0 else i + 1
    if tok[:1].isalpha() and (request := _refused_request(sentence, i)) >= 0:
        return request
    if tok == "yet" and after[:1] == ["to"] and i > 0 and sentence[i - 1] in HAVE_OR_BE:
        return i + 2  # "has yet to confirm the deaths": has not confirmed them ("and yet, to ..." is no denial)
    follow = NEGATING_WORDS.get(lemma(tok)) if tok[:1].isalpha() else None
    if follow is None:
        return -1
    for j, word in enumerate(after):
        if word in follow:
            nxt = sentence[i + j + 2] if i + j + 2 < len(sentence) else ""
            if word == "to" and not (nxt[:1].isalpha() and nxt not in DETERMINERS):
                return -1  # "declined 5 percent to 20.5" is a fall, not a refusal
            return i + 1 + j + (word in ("to", "that"))  # "refused to comment": the predicate is "comment"
        if j == 0 and "ing" in follow and word.endswith("ing"):
            return i + 1
        if j == 0 and word != ",":
            return -1  # the word must follow at once, or after a parenthesis ("declined, through a spokesman, to")
    return -1


def _not_until(after: list[str]) -> bool:
    """ "not ... until X" in one clause: a time when the predicate happens ("will not reopen until Monday"
    reopens on Monday), not its denial; but a verb that lasts ("did not last until the end of the month")
    is still denied its reach."""
    verb = next((w for w in after if w not in SKIPPED and w not in BOUNDARIES), "")
    if lemma(verb) in LASTING:
        return False
    for word in after:
        if word in BOUNDARIES:
            return False
        if word in ("until", "till", "'til"):
            return True
    return False


def _cut_at_until(after: list[str]) -> bool:
    """The clause ends at its "until", with no time after it: a sentence cut short, whose words say nothing
    either way ("not X until Y" with its Y states X at Y, and X is asserted)."""
    at = next(i for i, w in enumerate(after) if w in ("until", "till", "'til"))
    rest = []
    for word in after[at + 1 :]:
        if word in BOUNDARIES:
            break
        rest.append(word)
    return not any(w[:1].isalnum() for w in rest)


LASTING = frozenset(lemma(w) for w in wordlist("last stay remain continue survive hold live wait keep run endure"))


def _a_no_vote(sentence: list[str], i: int) -> bool:
    """ "three no votes", "a no vote": a "no" after an article or a number names a vote; it negates nothing."""
    before = sentence[i - 1] if i > 0 else ""
    return before in ("a", "an", "the") or before[:1].isdigit() or before in UNITS


def _contrastive(sentence: list[str], i: int) -> int:
    """ "is not prosecuted for who she is but for what she did": a "not" answered by "but" and the same
    preposition denies the phrase that the preposition opens, not the predicate. Where that phrase
    starts (the preposition), or -1."""
    if sentence[i] != "not":
        return -1
    for k in range(i + 1, len(sentence) - 1):
        if sentence[k] in (".", ";", ":", "?", "!"):
            return -1
        if sentence[k] == "but" and sentence[k + 1] in PREPOSITIONS | {"because"}:
            return sentence.index(sentence[k + 1], i + 1) if sentence[k + 1] in sentence[i + 1 : k] else -1
    return -1


def _refused_request(sentence: list[str], i: int) -> int:
    """Where the predicate of "denied a motion to postpone" starts ("postpone"), or -1."""
    if lemma(sentence[i]) not in REFUSING:
        return -1
    for j in range(i + 1, min(i + 6, len(sentence) - 1)):
        if lemma(sentence[j]) in REQUESTS and sentence[j + 1] == "to":
            return j + 2
        if lemma(sentence[j]) in CLAIM_NOUNS and sentence[j + 1] == "that":
            return j + 2  # "denied Ms Short's claims that Britain has reneged": the reneging is denied
        if sentence[j] in BOUNDARIES:
            break
    return -1


def _predicate(sentence: list[str], start: int, through_verb: bool = False) -> tuple[str, ...]:
    """The content words a negation negates: the next verb or noun with its object or "of" phrase; after
    "no"/"neither" the noun phrase and its verb ("neither the coach nor the club is to blame" -> "coach
    blame"). Empty when a preposition comes first ("is not in the final bill" negates no predicate of its own).
    """
    if through_verb:
        return _noun_phrase_and_verb(sentence[start:])
    words: list[str] = []
    for i, tok in enumerate(sentence[start:], start):
        if tok in BOUNDARIES or tok in NEGATIONS or (words and (tok in AUXILIARIES or tok in PREPOSITIONS - {"of"})):
            break
        if not words and tok in SKIPPED | {"of"}:
            continue
        if not words and tok in PREPOSITIONS:
            return ()
        if content(tok) and not _time_phrase(sentence, i):
            words.append(lemma(tok))
        if len(words) == 3:
            break
    return tuple(words)


def _noun_phrase_and_verb(after: Sequence[str]) -> tuple[str, ...]:
    """ "no soldier was hurt" -> "soldier hurt": up to two words of the noun phrase, then the verb after
    its auxiliary; coordinated noun phrases ("the coach nor the club") and their modifiers are passed over."""
    noun: list[str] = []
    verb_next = False
    for tok in after:
        if tok in BOUNDARIES:
            break
        if tok in AUXILIARIES and noun:
            verb_next = True
            continue
        if verb_next:
            if content(tok):
                return (*noun, lemma(tok))
            continue
        if content(tok) and len(noun) < 2:
            noun.append(lemma(tok))
    return tuple(noun)


def _time_phrase(sentence: list[str], i: int) -> bool:
    """The word at ``i`` opens a time phrase ("last season", "next Monday"): it names when, not what happened."""
    return sentence[i] in TIME_ADJECTIVES and i + 1 < len(sentence) and sentence[i + 1] in TIME_NOUNS


def negation_check(a: Polarity, b: Polarity) -> str:
    """ "differ" when one side negates a predicate the other states; "same" when both negate it or neither negates."""
    verdicts = [_negated_verdict(p, b) for p in a.negated] + [_negated_verdict(p, a) for p in b.negated]
    if "differ" in verdicts:
        return "differ"
    return "same" if "same" in verdicts or not verdicts else "n/a"


def _negated_verdict(predicate: tuple[str, ...], other: Polarity) -> str:
    if predicate[0] in other.denied or predicate[0] in other.lacking:
        return "same"
    if all(w in other.asserted for w in predicate):
        return "differ"
    return "n/a"


# -- frames: who does what to whom -------------------------------------------------------------

# Verbs whose two parties can change places without changing the claim ("A met B" = "B met A").
SYMMETRIC = frozenset(
    lemma(w)
    for w in wordlist(
        "meet marry divorce wed date resemble equal match tie face play fight battle clash debate negotiate talk "
        "speak chat collide merge partner compete agree disagree embrace hug kiss trade swap share border neighbour "
        "neighbor join unite ally correspond communicate accompany"
    )
)
# Verbs whose parties stand either way round for one event: a bill passes a chamber, a chamber passes a bill.
REVERSIBLE = frozenset(lemma(w) for w in wordlist("pass clear"))
# Opposite predicates, as pairs; "check_in" is a verb with its particle. Both sides of a pair go through
# ``lemma``, so any form matches.
_ANTONYM_TABLE = """
arrive:leave arrive:depart come:leave enter:leave enter:exit check_in:check_out log_in:log_out
sign_in:sign_out move_in:move_out turn_on:turn_off switch_on:switch_off win:lose victory:defeat open:close
open:shut rise:fall rise:drop rise:decline rise:sink climb:fall climb:drop climb:decline gain:fall gain:drop
gain:decline gain:lose jump:fall jump:drop jump:slide rise:slide gain:slide advance:decline advance:fall
increase:decrease increase:reduce increase:cut increase:decline increase:fall raise:lower raise:cut
higher:lower profit:loss surplus:deficit accept:reject accept:decline approve:reject approve:veto
pass:fail succeed:fail acquit:convict allow:ban allow:forbid permit:ban permit:forbid legalize:ban
confirm:deny admit:deny support:oppose favor:oppose include:exclude hire:fire appoint:dismiss appoint:resign
appoint:fire elect:defeat start:stop start:end begin:end launch:end launch:cancel expand:shrink expand:contract
strengthen:weaken impose:lift tighten:ease tighten:loosen import:export remember:forget love:hate like:dislike
agree:disagree agree:refuse attack:defend push:pull release:arrest release:detain free:arrest free:detain
survive:die live:die alive:dead guilty:innocent born:die
"""


def _key(phrase: str) -> str:
    return " ".join(lemma(w) for w in phrase.split("_"))


ANTONYMS: dict[str, frozenset[str]] = {}
for _pair in wordlist(_ANTONYM_TABLE):
    _x, _y = (_key(p) for p in _pair.split(":"))
    ANTONYMS[_x] = ANTONYMS.get(_x, frozenset()) | {_y}
    ANTONYMS[_y] = ANTONYMS.get(_y, frozenset()) | {_x}
PHRASAL = frozenset(k for k in ANTONYMS if " " in k)


@dataclass(frozen=True)
class Frame:
    """The main predicate of a claim and its parties: "The otter is chased by the heron" ->
    verb "chas", agent {"heron"}, patient {"otter"}, subject {"otter"} (the grammatical one)."""

    verb: str  # lemma, with its particle where the antonym table knows the pair ("check in")
    agent: frozenset[str]
    patient: frozenset[str]
    subject: frozenset[str]
    negated: bool  # the verb itself is negated
    # with no object, the first prepositional phrase after the verb: its preposition and its noun phrase
    # ("is not looking for a war with Iran" -> {"for", "war"})
    oblique: frozenset[str] = frozenset()


def subject_and_predicate(claim: Claim) -> tuple[str, str]:
    """The claim's subject and predicate as extraction split them, or as ``split_clause`` splits its text."""
    if claim.subject and claim.predicate and claim.predicate != claim.text:
        return claim.subject, claim.predicate
    return split_clause(claim.text)


def frame(claim: Claim) -> Frame | None:
    """The claim's main verb and its parties, from ``Claim.subject``/``predicate`` or a split of the text."""
    subject, predicate = subject_and_predicate(claim)
    if not subject or not predicate:
        return None
    words = tokens(predicate)
    i, negated, be = 0, False, False
    while i < len(words) and (
        words[i] in AUXILIARIES or words[i] in NEGATIONS or words[i] in SKIPPED or words[i].endswith("ly")
    ):
        be = be or lemma(words[i]) == "be" or words[i] in ("is", "are", "was", "were", "been", "being")
        negated = negated or words[i] in NEGATIONS
        i += 1
    if i >= len(words) or not content(words[i]):
        return None
    verb_word = words[i]
    participle = verb_word.endswith("ed") or verb_word in IRREGULAR and verb_word not in ("is", "are", "was", "were")
    if be and not (participle or verb_word.endswith("ing")):
        return None  # a copula: "is the capital of" states no action between two parties
    passive = be and participle and not verb_word.endswith("ing")
    verb = lemma(verb_word)
    rest = words[i + 1 :]
    if rest and rest[0] in PARTICLES and f"{verb} {lemma(_particle(rest[0]))}" in PHRASAL:
        verb = f"{verb} {lemma(_particle(rest[0]))}"
        rest = rest[1:]
    subject_words = _phrase_words(tokens(subject))
    if passive:
        by = rest.index("by") if "by" in rest else -1
        agent = _noun_phrase(rest[by + 1 :]) if by >= 0 else frozenset()
        return Frame(verb, agent, subject_words, subject_words, negated)
    patient = _noun_phrase(rest)
    prepositional = not patient and rest and rest[0] in PREPOSITIONS
    oblique = frozenset({rest[0]}) | _noun_phrase(rest[1:]) if prepositional else frozenset()
    return Frame(verb, subject_words, patient, subject_words, negated, oblique)


# Adverbs between a verb "be" and what it says someone is ("is also the team's coach", "was still a member").
ADVERBS_SKIPPED = frozenset(wordlist("also still now already currently just once longer yet even always really"))


def copula_complement(claim: Claim) -> str:
    """What a copular claim says its subject is: the noun phrase after the verb "be" ("Tony DiLeo is the
    team's assistant general manager" -> "the team's assistant general manager"). "" for a claim with a main
    verb of its own, a passive ("was fired"), a progressive ("is running"), or a complement that is no noun
    phrase with a determiner ("was en route to Beaumont when he escaped", "is insane", "is to return")."""
    words = tokens(subject_and_predicate(claim)[1])
    i, be = 0, False
    while i < len(words) and (words[i] in AUXILIARIES or words[i] in NEGATIONS or words[i] in ADVERBS_SKIPPED):
        be = be or words[i] in ("is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am", "'m")
        i += 1
    if not be or i + 1 >= len(words) or words[i] not in DETERMINERS or words[i] == "that":
        return ""  # "The good news is that Reid is getting help" describes nothing
    return " ".join(words[i:])


def _particle(word: str) -> str:
    return {"into": "in", "onto": "on"}.get(word, word)


def split_clause(text: str) -> tuple[str, str]:
    """A subject and a predicate for a text with no parse: the words before the first verb, and the rest."""
    words = text.split()
    for i, word in enumerate(words[1:], start=1):
        bare = word.strip(",.;:\"'“”‘’()")
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        if (
            bare[:1].islower()
            and words[i - 1].lower() not in DETERMINERS
            and (
                is_verbish(bare)
                or (len(bare) > 3 and bare.endswith("ed"))
                or (len(bare) > 3 and bare.endswith("s") and after in DETERMINERS | PRONOUNS)  # "... chases the otter"
            )
        ):
            return " ".join(words[:i]), " ".join(words[i:])
    return "", ""


def _phrase_words(words: Sequence[str]) -> frozenset[str]:
    return frozenset(lemma(w) for w in words if content(w))


def _noun_phrase(words: Sequence[str]) -> frozenset[str]:
    """The content words of the noun phrase that opens ``words`` (the object after a verb)."""
    out: list[str] = []
    for tok in words:
        if tok in BOUNDARIES or tok in PREPOSITIONS or tok in AUXILIARIES or tok in NEGATIONS or tok == "that":
            break
        if tok in DETERMINERS or tok[:1].isdigit():
            continue
        if tok in PRONOUNS:
            if out or tok not in ("it", "him", "her", "them", "us", "me", "you"):
                break
            out.append(tok)  # an object pronoun is a party: "he hit him"
            break
        if content(tok):
            out.append(lemma(tok))
        if len(out) == 4:
            break
    return frozenset(out)


def parties_check(a: Frame | None, b: Frame | None) -> str:
    """ "differ" when both have the same verb and its parties have swapped places ("A follows B" / "B follows A")."""
    if a is None or b is None or a.verb != b.verb or not (a.agent and a.patient and b.agent and b.patient):
        return "n/a"
    straight = bool(a.agent & b.agent) and bool(a.patient & b.patient)
    crossed = bool(a.agent & b.patient) and bool(a.patient & b.agent)
    if straight:
        return "same"
    if crossed and not (a.agent & b.agent) and not (a.patient & b.patient):
        return "n/a" if a.verb.split()[0] in SYMMETRIC | REVERSIBLE or a.agent & a.patient else "differ"
    return "n/a"


def predicate_check(a: Frame | None, b: Frame | None) -> str:
    """ "opposite" when the same subject does opposite things ("checked in" / "checked out"), neither of them
    negated; "same" for the same verb; "n/a" otherwise."""
    if a is None or b is None:
        return "n/a"
    if a.verb == b.verb:
        return "same"
    if b.verb in ANTONYMS.get(a.verb, ()) and same_party(a.subject, b.subject) and not (a.negated or b.negated):
        return "opposite"  # both denied can both be true: "did not admit" / "did not deny", a draw neither won nor lost
    return "n/a"


def same_party(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two subjects name the same party: most words of the shorter one are in the longer one
    ("Smithfield shares" ~ "shares of Smithfield"; not "shares of Xoma" ~ "shares of Genentech")."""
    return bool(a and b) and len(a & b) > min(len(a), len(b)) / 2

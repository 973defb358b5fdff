"""What a number counts, and the range of values its wording really allows.

The extraction stage gives each Quantity an interval, a hedge and a counted noun
phrase. Before the number check compares two figures it needs to know they count
the same thing (soldiers = troops = service members, and killed is not injured) and
it needs an interval that honours the hedge even when extraction stored a bare
point ("about 40" kept as [40, 40]). Both are worked out here, from tables.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from corroborate.records import Claim, Quantity

# "About 40" is read as 40 give or take this share; a reporter's "about" rarely
# means more than a tenth either way.
ABOUT_TOLERANCE = 0.10

# hedge -> how a bare point v widens: (low, high, low_inclusive, high_inclusive)
_WIDEN = {
    "about": lambda v: (v * (1 - ABOUT_TOLERANCE), v * (1 + ABOUT_TOLERANCE), True, True),
    "nearly": lambda v: (v * (1 - ABOUT_TOLERANCE), v, True, True),
    "at least": lambda v: (v, math.inf, True, True),
    "more than": lambda v: (v, math.inf, False, True),
    "up to": lambda v: (0.0, v, True, True),
    "fewer than": lambda v: (0.0, v, True, False),
}
_HEDGE_ALIASES = {
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "no fewer than": "at least",
    "a minimum of": "at least",
    "over": "more than",
    "above": "more than",
    "upwards of": "more than",
    "at most": "up to",
    "no more than": "up to",
    "less than": "fewer than",
    "under": "fewer than",
    "below": "fewer than",
}
# Hedges whose bound is a fact, not a manner of speaking: figures outside it cannot be true.
HARD_HEDGES = frozenset({"", "at least", "more than", "up to", "fewer than"})
# Hedges that state a bound from below / above: the stated number is that bound.
_LOWER_BOUND = frozenset({"at least", "more than"})
_UPPER_BOUND = frozenset({"up to", "fewer than", "nearly"})

# The word next to a number that says what happened to what it counts.
# Nouns after which a role word names no casualty: "a death sentence", "the death penalty", "death row".
NOT_A_CASUALTY = frozenset(
    ["sentence", "sentences", "penalty", "row", "threat", "threats", "warrant", "certificate", "squad", "wish", "metal"]
)
ROLE_WORDS = {
    "killed": "killed",
    "kill": "killed",
    "killing": "killed",
    "dead": "killed",
    "deaths": "killed",
    "death": "killed",
    "died": "killed",
    "fatalities": "killed",
    "lives": "killed",
    "injured": "injured",
    "injuring": "injured",
    "wounded": "injured",
    "wounding": "injured",
    "injuries": "injured",
    "hurt": "injured",
    "missing": "missing",
    "captured": "captured",
    "arrested": "arrested",
    "detained": "arrested",
    "displaced": "displaced",
}
# Counted nouns that name the same people; the value is the canonical name.
NOUN_SYNONYMS = {
    "service member": "troops",
    "servicemember": "troops",
    "serviceman": "troops",
    "soldier": "troops",
    "troop": "troops",
    "personnel": "troops",
    "reservist": "troops",
    "marine": "troops",
    "army reservist": "troops",
    "military personnel": "troops",
    "person": "people",
    "people": "people",
}
# Nouns that lean on the rest of the sentence ("and wounded dozens of others").
GENERIC_NOUNS = frozenset({"", "other", "others", "more", "one", "ones"})
_STOP_AFTER = frozenset({"and", "or", "but", "while", ",", ";", ".", ":", "(", ")"})
_TOKEN = re.compile(r"[a-z]+|\d+|[,;.:()]")
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def hedge_of(q: Quantity) -> str:
    hedge = q.hedge.strip().lower()
    return _HEDGE_ALIASES.get(hedge, hedge)


def widened(q: Quantity) -> Quantity:
    """The quantity with the interval its hedge allows, when extraction left a bare point."""
    widen = _WIDEN.get(hedge_of(q))
    if widen is None or q.low != q.high:
        return q
    low, high, low_inc, high_inc = widen(q.low)
    return replace(q, low=low, high=high, low_inclusive=low_inc, high_inclusive=high_inc)


def stated(q: Quantity) -> float | None:
    """The number the source actually wrote; None for "dozens", "several" or a range."""
    hedge = hedge_of(q)
    if hedge in _LOWER_BOUND and math.isfinite(q.low):
        return q.low
    if hedge in _UPPER_BOUND and math.isfinite(q.high):
        return q.high
    if hedge == "about" and math.isfinite(q.high):
        return (q.low + q.high) / 2
    if hedge in ("", "about") and q.low == q.high:
        return q.low
    return None


def is_hard(q: Quantity) -> bool:
    """Whether the figure's bounds are facts (exact, "at least") rather than approximations."""
    return hedge_of(q) in HARD_HEDGES and stated(q) is not None


def looks_like_year(q: Quantity) -> bool:
    """ "since at least 1973" is a year, not a count; extraction may still hand it over."""
    return not q.counts and bool(_YEAR.search(q.text)) and 1800 <= q.low <= 2100


def looks_like_score(q: Quantity, claim: Claim) -> bool:
    """ "a record of 9-14", "an 88-72 loss", "at 18:41": one half of a score, a record or a clock time."""
    if not q.text or not q.text[0].isdigit():
        return False
    pattern = rf"(?:\d[-–:]){re.escape(q.text)}(?!\w)|(?<![\w.]){re.escape(q.text)}[-–:]\d"
    return any(re.search(pattern, text) for text in (claim.text, claim.sentence))


@dataclass(frozen=True)
class Counted:
    """What a number counts: a role (killed, injured) and a canonical noun (troops)."""

    role: str
    noun: str

    def same_thing(self, other: Counted) -> bool:
        if self.role != other.role:
            return False
        if self.noun and other.noun:
            return self.noun == other.noun
        # "40 others injured" vs "34 service members injured": the role carries the match. Bare numbers
        # with neither a noun nor a role ("a record of 9-14", "88-72", "at 18:41") are never compared.
        return bool(self.role)


# Spans of time: "the second death in the park in two days" counts days, not deaths.
TIME_NOUNS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})


def counted(q: Quantity, claim: Claim) -> Counted:
    noun = noun_of(q.counts)
    return Counted(role="" if noun in TIME_NOUNS else role_of(q, claim), noun=noun)


def noun_of(counts: str) -> str:
    """The canonical head noun: "American service members" -> "troops", "attacks" -> "attack"."""
    # Extraction sometimes takes the role for the noun ("about 40 injured"): the role is not a noun.
    words = [w for w in re.sub(r"[^a-z ]", " ", counts.lower()).split() if w not in ROLE_WORDS]
    for size in (2, 1):
        tail = " ".join(_singular(w) for w in words[-size:])
        if len(words) >= size and tail in NOUN_SYNONYMS:
            return NOUN_SYNONYMS[tail]
    head = _singular(words[-1]) if words else ""
    return "" if head in GENERIC_NOUNS else head


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def role_of(q: Quantity, claim: Claim) -> str:
    """The role word next to the number: after it first ("40 injured"), else before ("killed three")."""
    for text in (claim.text, claim.sentence):
        match = re.search(rf"(?<!\w){re.escape(q.text.lower())}(?!\w)", text.lower()) if q.text else None
        if match:
            return _role_after(text.lower()[match.end() :]) or _role_before(text.lower()[: match.start()])
    return ""


# Auxiliaries between a counted noun and its role do not use up the reach: "three American service members
# have been killed" names its dead five words on.
_AUXILIARIES = frozenset({"was", "were", "is", "are", "have", "has", "had", "been", "be", "being", "reportedly"})
_ROLE_REACH = 4
_ACCUSED = frozenset({"charged", "accused", "suspected", "convicted"})


def _role_after(text: str) -> str:
    tokens = _TOKEN.findall(text)
    counted = 0
    for i, token in enumerate(tokens):
        if counted == _ROLE_REACH or token in _STOP_AFTER or token.isdigit() or token in _ACCUSED:
            return ""  # "three men have been charged with killing a guard": the three did not die
        if is_role(tokens, i):
            return ROLE_WORDS[token]
        counted += token not in _AUXILIARIES
    return ""


def _role_before(text: str) -> str:
    tokens = _TOKEN.findall(text)
    for i in range(len(tokens) - 1, max(len(tokens) - 7, -1), -1):
        if tokens[i] in (";", ".") or tokens[i].isdigit():
            return ""
        if is_role(tokens, i):
            return ROLE_WORDS[tokens[i]]
    return ""


def is_role(tokens: Sequence[str], i: int) -> bool:
    """``tokens[i]`` says what happened to people: not "death" in "death sentence" or "death penalty"."""
    return tokens[i] in ROLE_WORDS and not (i + 1 < len(tokens) and tokens[i + 1] in NOT_A_CASUALTY)

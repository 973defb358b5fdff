"""Shared ground for the checks: the registry, the context a check sees, and plain-words helpers.

Every check is a pure function ``(claims, ctx) -> list[Conflict]`` registered with
``@check("name")``. The context carries the documents and the reference dates the
pipeline inferred for undated articles, so checks never reach outside their inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from corroborate import lineage
from corroborate.lexicon import CALENDAR_WORDS, SCALES, TENS, UNITS, dice, wordlist
from corroborate.records import OTHER_EVENT, Article, Claim, Conflict


@dataclass(frozen=True)
class Context:
    """What a check may know besides the claims: documents and inferred reference dates."""

    documents: Mapping[str, Article]
    reference_dates: Mapping[str, str] = field(default_factory=dict)

    def source(self, doc_id: str) -> str:
        """The name a journalist would use: the outlet, or the leading id of a file stem."""
        doc = self.documents.get(doc_id)
        return short_source(doc.source if doc else doc_id)

    def date_of(self, doc_id: str) -> tuple[str | None, bool]:
        """The document's own date, else its inferred reference date; the flag says it was inferred."""
        doc = self.documents.get(doc_id)
        if doc and doc.published:
            return doc.published, False
        inferred = self.reference_dates.get(doc_id)
        return inferred, inferred is not None

    def root(self, doc_id: str) -> str:
        """The original a republication or rewrite copies, through any chain: copies count as one source."""
        return lineage.root(self.documents, doc_id)

    def weight(self, doc_ids: Iterable[str]) -> int:
        """How many independent sources stand behind these documents."""
        return len({self.root(d) for d in doc_ids})

    def date_words(self, doc_id: str) -> str:
        """ "30 January 2024", saying so when the date was inferred rather than printed."""
        date, inferred = self.date_of(doc_id)
        if date is None:
            return "undated"
        return f"{long_date(date)}, inferred by the corpus consensus" if inferred else long_date(date)


CheckFn = Callable[[Sequence[Claim], Context], list[Conflict]]
REGISTRY: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check under a stable name (the name is stored with every finding)."""

    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[name] = fn
        return fn

    return register


# A file stem such as "003_12a384ead935d268" is a corpus position plus a content hash;
# the position alone is what people say out loud.
_STEM = re.compile(r"^(\d+)_[0-9a-f]{6,}$")


def short_source(source: str) -> str:
    match = _STEM.match(source)
    return match.group(1) if match else source


def comparable(claims: Sequence[Claim], documents: Mapping[str, Article]) -> list[Claim]:
    """Claims that may be compared: a document about another event never enters a comparison with the main one.

    A cluster whose documents are all about another event (the cluster stage links claims within one
    event only) is compared within itself: two reports of that event can disagree too.
    """
    kept = [c for c in claims if OTHER_EVENT not in _flags(c.document_id, documents)]
    return kept or list(claims)


def _flags(doc_id: str, documents: Mapping[str, Article]) -> tuple[str, ...]:
    doc = documents.get(doc_id)
    return doc.flags if doc else ()


def cross_pairs(left: Sequence[Claim], right: Sequence[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Pairs from two different documents: one article is never checked against itself."""
    for a in left:
        for b in right:
            if a.document_id != b.document_id and a.id != b.id:
                yield a, b


def join_names(names: Sequence[str]) -> str:
    """ "000", "000 and 001", "000, 001 and 002" (order kept, duplicates dropped)."""
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def say(names: Sequence[str]) -> str:
    """Subject and verb agreeing: "000 says", "000 and 001 say"."""
    unique = list(dict.fromkeys(names))
    return f"{join_names(unique)} {'says' if len(unique) == 1 else 'say'}"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def sources_of(claims: Sequence[Claim], ctx: Context) -> list[str]:
    """Source names behind claims, sorted so the wording is stable run to run."""
    return sorted({ctx.source(c.document_id) for c in claims})


def long_date(iso: str) -> str:
    """ "2024-01-29" -> "29 January 2024", the way a news report writes it."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def plain_number(value: float) -> str:
    """40.0 -> "40"; keeps a fraction only when there is one."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class FromDocument(Protocol):
    """A figure or date as one document gives it."""

    @property
    def doc(self) -> str: ...


def two_sided(a: Iterable[FromDocument], b: Iterable[FromDocument]) -> bool:
    """Each side has a document that gives only its value: a report that gives both values (of a count,
    a date, a month) is at odds with nobody, so it is no evidence of a disagreement."""
    docs_a, docs_b = {x.doc for x in a}, {x.doc for x in b}
    return bool(docs_a - docs_b) and bool(docs_b - docs_a)


# -- how close two claims' wording is -----------------------------------------------------------

_WORD = re.compile(r"[a-z]+")
_FIGURE_WORDS = CALENDAR_WORDS | frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES)
_STOP = frozenset(
    wordlist(
        "a an the of to in on at by for with and or but is are was were be been has have had it its this that "
        "as from into than then there their they he she his her we our you your"
    )
)
# At or above this Dice overlap two claims are one statement worded alike, differing in a figure.
SAME_WORDING = 0.6


def wording_overlap(a: str, b: str) -> float:
    """Dice overlap of two texts' words, leaving out numbers, number words, dates and stop words."""
    wa, wb = (set(_WORD.findall(t.lower())) - _FIGURE_WORDS - _STOP for t in (a, b))
    return dice(wa, wb)

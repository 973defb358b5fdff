"""Frozen records that travel between the stages of the pipeline.

ingest -> Article; extract -> Claim (with Attribution, Quantity, DateRef fields);
cluster -> Cluster; checks -> Conflict; review -> Annotation; fact-check archives and
the texts looked up in them -> KnownClaim. Records are plain data: no I/O, no model,
no database handle. Each has ``to_dict``/``from_dict`` so the store and the export
can keep them as JSON without knowing their shape.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, overload

Polarity = Literal["positive", "negative"]
# "repeated": two or more documents, but all copies of one original (see lineage), so one source.
Status = Literal["corroborated", "repeated", "single-source", "contradicted"]
Severity = Literal["contradiction", "discrepancy"]

STATUSES: tuple[Status, ...] = ("corroborated", "contradicted", "single-source", "repeated")

# A document's flags, set by the cluster stage: lineage (see lineage) marks copies, scope another event.
DocumentFlag = Literal["republished", "rewrite", "other-event"]
REPUBLISHED: DocumentFlag = "republished"
REWRITE: DocumentFlag = "rewrite"
OTHER_EVENT: DocumentFlag = "other-event"
LINEAGE_FLAGS: tuple[DocumentFlag, ...] = (REPUBLISHED, REWRITE)


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id from content: the same inputs always give the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class JunkLine:
    """A span of the article text that was dropped before extraction, and why."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """One source document as read from disk, with its metadata.

    ``text`` is the full text that claim spans point into; ``junk`` lists the
    spans of it that are not claims (share boxes, teasers, metadata lines).
    """

    id: str
    path: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    junk: tuple[JunkLine, ...] = ()
    # Set by the cluster stage: ``DocumentFlag`` values, and the id of the corpus
    # document this one republishes or rewrites.
    flags: tuple[DocumentFlag, ...] = ()
    origin: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @staticmethod
    def make_id(text: str) -> str:
        return content_id("article", text)


@dataclass(frozen=True)
class Attribution:
    """Who a claim is attributed to: "John Kirby" + "told" + "White House national security spokesman"."""

    speaker: str
    verb: str = ""
    direct: bool = False  # a direct quote rather than reported speech
    title: str = ""  # the speaker's role as the article gives it


@dataclass(frozen=True)
class Quantity:
    """A number as an interval, with its hedge and what it counts.

    "at least 34 service members" -> low=34, high=inf, hedge="at least";
    "more than 160" -> low=160, low_inclusive=False; "dozens" -> [24, 99].
    """

    text: str
    low: float
    high: float
    counts: str = ""  # what is counted: "service members"
    hedge: str = ""  # "at least", "more than", "about", "dozens", ...
    low_inclusive: bool = True
    high_inclusive: bool = True

    @property
    def exact(self) -> bool:
        return self.low == self.high and not self.hedge

    @property
    def value(self) -> float:
        """A best single value: the stated number for hedged counts."""
        if math.isinf(self.high) or self.low == self.high:
            return self.low
        return (self.low + self.high) / 2

    def overlaps(self, other: Quantity) -> bool:
        low = max(self.low, other.low)
        high = min(self.high, other.high)
        if low < high:
            return True
        if low > high:
            return False
        return self._contains(low) and other._contains(low)

    def _contains(self, x: float) -> bool:
        above = x > self.low or (x == self.low and self.low_inclusive)
        below = x < self.high or (x == self.high and self.high_inclusive)
        return above and below


@dataclass(frozen=True)
class DateRef:
    """A date or time expression and what it resolves to.

    ``text`` is the expression as written. ``start``/``end`` are ISO dates:
    equal for a single day, a range for "since October", "in October" (the
    whole month), "last week", "this year". ``confidence`` says how sure the
    resolution is: "exact" (a full date in the text), "relative" (worked out
    from the article date by a fixed rule: "yesterday", "last Monday", "two
    weeks ago"), "year-from-article" (a month, or month and day, with no year:
    the year is the one nearest the article date), "tense" (a bare weekday or
    month put after the article date because the verbs around it are in the
    future tense: "will meet on Tuesday"), "year-open" (no year given and none
    known), "unresolved".
    """

    text: str
    start: str | None = None
    end: str | None = None
    confidence: str = "unresolved"
    kind: str = "date"  # "date", "range", "weekday", "day-of-month"


@dataclass(frozen=True)
class Claim:
    """One atomic factual claim, pinned to its exact span in the article text."""

    id: str
    document_id: str
    text: str  # the claim as a standalone sentence
    sentence: str  # the sentence it came from, verbatim
    start: int  # character offsets of the claim's evidence in Article.text
    end: int
    attribution: Attribution | None = None
    polarity: Polarity = "positive"
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    subject: str = ""
    predicate: str = ""

    @staticmethod
    def make_id(document_id: str, text: str, start: int, end: int) -> str:
        return content_id("claim", document_id, text, start, end)


class ClaimTable(Sequence[Claim]):
    """Claims as a table: every claim's id and document at hand, its record made when first read.

    What a store of many claims hands a run: most stored claims are looked at only by id and document
    (``claim_ids``, ``claim_documents``), and making every record took a fifth of the reading of a run
    that adds one article to 100k claims.
    """

    def __init__(self, ids: list[str], document_ids: list[str], make: Callable[[int], Claim]) -> None:
        self.ids, self.document_ids, self._make = ids, document_ids, make
        self._made: list[Claim | None] = [None] * len(ids)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> Claim: ...
    @overload
    def __getitem__(self, i: slice) -> list[Claim]: ...
    def __getitem__(self, i: int | slice) -> Claim | list[Claim]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made[i]
        if made is None:
            made = self._made[i] = self._make(i % len(self.ids))
        return made

    def __iter__(self) -> Iterator[Claim]:
        return (self[i] for i in range(len(self.ids)))

    def take(self, rows: Sequence[int]) -> ClaimTable:
        """The claims of these rows, as a table of their own (their records still made when first read)."""
        return ClaimTable([self.ids[i] for i in rows], [self.document_ids[i] for i in rows], lambda k: self[rows[k]])


def claim_ids(claims: Sequence[Claim]) -> list[str]:
    return claims.ids if isinstance(claims, ClaimTable) else [c.id for c in claims]


def claim_documents(claims: Sequence[Claim]) -> list[str]:
    """Each claim's document id, in order."""
    return claims.document_ids if isinstance(claims, ClaimTable) else [c.document_id for c in claims]


def claims_at(claims: Sequence[Claim], rows: Sequence[int]) -> Sequence[Claim]:
    return claims.take(rows) if isinstance(claims, ClaimTable) else [claims[i] for i in rows]


@dataclass(frozen=True)
class Conflict:
    """A finding of one check on one cluster, explained in plain words."""

    check: str  # stable name of the check in the registry
    kind: str  # "number", "date", "polarity", ...
    severity: Severity
    claims: tuple[str, ...]
    detail: str
    outliers: tuple[str, ...] = ()  # claim ids whose value stands apart
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Cluster:
    """Claims from one or more documents that state the same fact."""

    id: str
    claims: tuple[str, ...]
    support: int
    independent_support: int
    status: Status
    label: str
    conflicts: tuple[Conflict, ...] = ()
    # Per counted thing, a low / best / high range with the sources behind each (``checks.number_summary``).
    numbers: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)


@dataclass(frozen=True)
class Suggestion:
    """A pair of claims whose similarity lies between the suggest and match thresholds."""

    claim_a: str
    claim_b: str
    similarity: float


@dataclass(frozen=True)
class Annotation:
    """A reviewer's decision on a cluster, claim, conflict or suggestion."""

    target_kind: str  # "cluster", "claim", "conflict", "suggestion"
    target_id: str
    decision: str  # "accept", "reject", "move", "note"
    reviewer: str
    note: str = ""
    cluster_id: str = ""
    created: str = ""
    # Claim ids the decision links or separates: the cluster's members when a
    # cluster is accepted, the old cluster's members when a claim is rejected
    # or moved. Re-runs read them as must-link / cannot-link constraints.
    related: tuple[str, ...] = ()
    moved_to: tuple[str, ...] = ()  # for "move": members of the destination cluster


@dataclass(frozen=True)
class KnownMark:
    """A stored claim that repeats a claim already checked: the pool record, its score and fields."""

    claim_id: str
    pool_id: str
    score: float
    text: str  # the checked claim as the pool gives it
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class KnownClaim:
    """A claim already checked (from a fact-check archive), or a text to look up among them.

    ``fields`` holds whatever else the record carried (url, verdict, who checked it, when),
    printed back beside each match.
    """

    id: str
    text: str
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


LineageVerdict = tuple[float, str, DocumentFlag, str]  # share, copy id, flag, origin id (``lineage._judge``)


@dataclass(frozen=True)
class TextReadings:
    """What the cluster stage reads off each document's text alone, kept between runs (the store's
    ``document_readings``) so that a run reads only the texts it has not read yet.

    ``credited``: document id -> the outlets (lower case) its text credits (``lineage.refresh_credited``),
    looked for among the corpus's outlet names ``outlets``; ``names``: document id -> its proper names
    with their counts (``scope.text_names``); ``datelines``: document id -> the date near the top of its
    text (``scope.dateline``, None where there is none), read only for documents with no published date.
    A document missing from any of them has not been read for it. ``credited_pairs``: what
    ``lineage.credited_pairs`` found for these credits (None while not known); ``verdicts``: how lineage
    judged each pair of documents it compared (None where neither copies the other); ``events``: document
    id -> its event group's label (``scope.mark_events``); ``under`` the model and settings these three
    were found under.
    """

    outlets: frozenset[str] = frozenset()
    credited: Mapping[str, frozenset[str]] = field(default_factory=dict)
    names: Mapping[str, Counter[str]] = field(default_factory=dict)
    datelines: Mapping[str, date | None] = field(default_factory=dict)
    credited_pairs: frozenset[tuple[str, str]] | None = None
    under: str = ""
    verdicts: Mapping[tuple[str, str], LineageVerdict | None] = field(default_factory=dict)
    events: Mapping[str, str] = field(default_factory=dict)


def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-ready dict of a record (infinite bounds become None)."""
    return _jsonable(dataclasses.asdict(record))


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def quantity_from_dict(d: dict[str, Any]) -> Quantity:
    d = dict(d)
    d["low"] = -math.inf if d.get("low") is None else d["low"]
    d["high"] = math.inf if d.get("high") is None else d["high"]
    return Quantity(**d)


def claim_from_dict(d: dict[str, Any]) -> Claim:
    d = dict(d)
    if d.get("attribution"):
        d["attribution"] = Attribution(**d["attribution"])
    d["numbers"] = tuple(quantity_from_dict(q) for q in d.get("numbers") or ())
    d["dates"] = tuple(DateRef(**x) for x in d.get("dates") or ())
    return Claim(**d)

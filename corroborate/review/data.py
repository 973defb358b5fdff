"""What the review app shows, read from the store off the UI thread.

``ReviewData`` wraps one thread-enabled ``Store`` behind a lock, so the app's
``@work(thread=True)`` workers can share it; every method returns plain frozen
view records, never widgets. Lists are read a page at a time.

Every call is patient with a database another program is writing (see
``busy``): it retries for a few seconds, then raises ``ReviewDataError``.
Decisions are queued in memory first, so one that cannot be written yet is kept
until ``flush`` writes it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from corroborate import export
from corroborate.checks.common import short_source
from corroborate.records import Annotation, Article, Claim, Conflict, DateRef, KnownMark, Suggestion
from corroborate.review import reshape
from corroborate.review.busy import PATIENCE, patiently
from corroborate.store import Store, now
from corroborate.store.review import ClaimPlace, ClusterRecord, ClusterSummary, StoredAnnotation

T = TypeVar("T")
TRY_WAIT_MS = 200  # how long one try waits on a lock inside SQLite before ``patiently`` pauses and retries

Order = Literal["support", "conflicts"]
ORDERS: tuple[Order, ...] = ("support", "conflicts")
PAGE = 100


@dataclass(frozen=True)
class ListQuery:
    """Which clusters a list shows: a status, an order and an optional text filter."""

    status: str = "corroborated"
    order: Order = "support"
    text: str = ""
    undecided: bool = False  # only clusters nobody decided anything about


@dataclass(frozen=True)
class ClusterRow:
    id: str
    status: str
    support: int
    independent_support: int
    label: str
    conflicts: int
    sources: tuple[str, ...]
    decision: str = ""
    flags: tuple[tuple[str, str], ...] = ()  # (flag, source of the original) of its documents


@dataclass(frozen=True)
class Member:
    claim: Claim
    source: str
    span: str  # the document text between claim.start and claim.end
    decision: str = ""
    known: tuple[KnownMark, ...] = ()  # claims of a fact-check archive this one repeats
    flags: tuple[tuple[str, str], ...] = ()  # its document's flags, with the source of the original
    resolved: tuple[tuple[str, str], ...] = ()  # (date text, ISO date) the checks worked out for it


@dataclass(frozen=True)
class ConflictItem:
    id: str
    conflict: Conflict
    decision: str = ""


@dataclass(frozen=True)
class SuggestionItem:
    id: str
    suggestion: Suggestion
    inside: str  # text of the claim in this cluster
    outside: str  # text of the other claim
    outside_label: str  # label of the other claim's cluster
    decision: str = ""


@dataclass(frozen=True)
class ClusterView:
    """Everything the detail panel shows about one cluster."""

    row: ClusterRow
    members: tuple[Member, ...]
    conflicts: tuple[ConflictItem, ...]
    numbers: tuple[dict[str, Any], ...]
    suggestions: tuple[SuggestionItem, ...]
    notes: tuple[str, ...] = ()

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(m.claim.id for m in self.members)


@dataclass(frozen=True)
class Page:
    query: ListQuery
    offset: int
    rows: tuple[ClusterRow, ...]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceClaim:
    claim: Claim
    cluster_id: str
    status: str


@dataclass(frozen=True)
class Undone:
    """A decision taken back: one still queued (never written), or one written and now marked undone."""

    annotation: Annotation
    queued: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    source: str
    claim: Claim
    cluster_id: str
    outlier: bool
    ref: DateRef


class ReviewData:
    """Thread-safe, patient reads and writes for the review app."""

    def __init__(self, db_path: str, patience: float = PATIENCE) -> None:
        self.path = Path(db_path)
        self.patience = patience
        self._lock = threading.Lock()
        self._filters: dict[str, tuple[str, ...]] = {}
        self._pending: list[Annotation] = []  # decisions not written yet, oldest first
        self.store = patiently(self.path, lambda: Store(db_path, threads=True, write=False), patience)
        # One try waits briefly inside SQLite; ``patiently`` does the longer waiting between tries.
        self.store.wait_briefly(TRY_WAIT_MS)

    def close(self) -> None:
        with self._lock:
            self.store.close()

    def _call(self, call: Callable[[], T]) -> T:
        """``call()`` under the lock, retried while another program holds the database."""
        with self._lock:
            return patiently(self.path, call, self.patience, on_fail=self._rollback)

    def _rollback(self) -> None:
        self.store.abandon()

    def _cluster_filter(self, text: str) -> tuple[str, ...] | None:
        """Cluster ids whose claims match a full-text query (cached per query)."""
        if not text.strip():
            return None
        if text not in self._filters:
            claim_ids = self.store.search_claims(text)
            found = self.store.review_claim_clusters(claim_ids) if claim_ids else {}
            self._filters[text] = tuple(sorted({p.cluster_id for p in found.values() if p.cluster_id}))
        return self._filters[text]

    def counts(self, text: str = "") -> dict[str, int]:
        return self._call(lambda: self.store.review_status_counts(self._cluster_filter(text)))

    def page(self, query: ListQuery, offset: int = 0, limit: int = PAGE) -> Page:
        return self._call(lambda: self._page(query, offset, limit))

    def _page(self, query: ListQuery, offset: int, limit: int) -> Page:
        ids = self._cluster_filter(query.text)
        rows = self.store.review_page(query.status, query.order, offset, limit, ids, query.undecided)
        page_ids = [r.id for r in rows]
        sources = self.store.review_sources(page_ids)
        decisions = self.store.review_decisions(page_ids)
        flags = self.store.review_flags(page_ids)
        counts = self.store.review_status_counts(ids, query.undecided) if offset == 0 else {}
        return Page(query, offset, tuple(_row(r, sources, decisions, flags) for r in rows), counts)

    def next_undecided(self, query: ListQuery, after: int, step: int) -> int | None:
        """Row index of the nearest undecided cluster of the list after row ``after`` (before, for step -1)."""
        return self._call(
            lambda: self.store.review_next_undecided(
                query.status, query.order, after, step, self._cluster_filter(query.text)
            )
        )

    def progress(self) -> tuple[int, int]:
        return self._call(self.store.review_progress)

    def cluster(self, cluster_id: str) -> ClusterView | None:
        return self._call(lambda: self._cluster(cluster_id))

    def _cluster(self, cluster_id: str) -> ClusterView | None:
        row = self.store.review_cluster(cluster_id)
        if row is None:
            return None
        members = self.store.review_members(cluster_id)
        claim_ids = [c.id for c, _, _ in members]
        conflicts = self.store.review_conflicts(cluster_id)
        suggestions = self.store.review_suggestions(claim_ids) if claim_ids else []
        others = [s.claim_a if s.claim_b in claim_ids else s.claim_b for _, s in suggestions]
        claims_info = self.store.review_claim_clusters(claim_ids + others) if others else {}
        # A suggestion whose two claims now share the cluster (after a merge or a move) is settled.
        suggestions = [
            (i, s)
            for (i, s), other in zip(suggestions, others, strict=True)
            if _cluster_of(claims_info.get(other)) != cluster_id
        ]
        annotations = self.store.review_annotations(cluster_id)
        known = self.store.known_marks(claim_ids)
        flags = self._document_flags([c.document_id for c, _, _ in members])
        view = _cluster_view(row, members, conflicts, suggestions, claims_info, annotations, known)
        return _with_flags(view, flags, self.store.review_flags([cluster_id]).get(cluster_id, []))

    def _document_flags(self, document_ids: Sequence[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        docs = self.store.review_documents(sorted(set(document_ids)))
        origins = self.store.review_documents(sorted({d.origin for d in docs.values() if d.origin}))
        return {d.id: tuple((f, _name(origins.get(d.origin or ""))) for f in d.flags) for d in docs.values()}

    # -- edits applied to the clustering at once ------------------------------------------

    def split(self, cluster_id: str, leave: Sequence[str], reviewer: str) -> str:
        return self._call(lambda: reshape.split(self.store, cluster_id, leave, reviewer))

    def merge(self, into: str, away: str, reviewer: str) -> None:
        self._call(lambda: reshape.merge(self.store, into, away, reviewer))

    def move(self, claim_id: str, origin: str, to: str, reviewer: str) -> None:
        self._call(lambda: reshape.move(self.store, claim_id, origin, to, reviewer))

    def members_of(self, cluster_id: str) -> tuple[str, ...]:
        return self._call(lambda: tuple(self.store.review_cluster_members(cluster_id)))

    def search_clusters(self, text: str, limit: int = 50) -> list[ClusterRow]:
        """Clusters whose claims match ``text``, best supported first (for the move modal)."""
        return self._call(lambda: self._search_clusters(text, limit))

    def _search_clusters(self, text: str, limit: int) -> list[ClusterRow]:
        ids = self._cluster_filter(text)
        if not ids:
            return []
        rows = []
        for status in sorted(self.store.review_status_counts(ids)):
            rows += self.store.review_page(status, "support", 0, limit, ids)
        sources = self.store.review_sources([r.id for r in rows])
        return [_row(r, sources, {}) for r in rows][:limit]

    # -- decisions: queued first, written in order --------------------------------------

    @property
    def pending(self) -> int:
        """How many decisions are kept in memory, waiting for the database."""
        return len(self._pending)

    def annotate(self, annotation: Annotation) -> None:
        """Queue a decision (stamped now) and write the queue; on failure it stays queued."""
        with self._lock:
            self._pending.append(replace(annotation, created=annotation.created or now()))
        self.flush()

    def flush(self) -> int:
        """Write the queued decisions in order; return how many were written.

        Raises ``ReviewDataError`` when the database stays locked; the rest stay queued.
        """
        written = 0
        while self._pending:
            self._call(self._write_first)
            written += 1
        return written

    def _write_first(self) -> None:
        if self._pending:
            self.store.annotate(self._pending[0])
            self._pending.pop(0)

    def undo_last(self, reviewer: str) -> Undone | None:
        """Drop this reviewer's latest queued decision, or mark the latest written one undone; return it."""
        with self._lock:
            for i in range(len(self._pending) - 1, -1, -1):
                if self._pending[i].reviewer == reviewer:
                    return Undone(self._pending.pop(i), queued=True)
        return self._call(lambda: self._undo_written(reviewer))

    def _undo_written(self, reviewer: str) -> Undone | None:
        last = self.store.review_last_annotation(reviewer)
        if last is None:
            return None
        if last.decision in reshape.RESHAPING:
            reshape.undo(self.store, last)
        else:
            self.store.undo(last.id)
        return Undone(last)

    # -- other views ----------------------------------------------------------------------

    def document(self, document_id: str) -> tuple[Article | None, list[SourceClaim]]:
        article, claims = self._call(
            lambda: (self.store.review_document(document_id), self.store.review_document_claims(document_id))
        )
        return article, [SourceClaim(c, cluster, status) for c, cluster, status in claims]

    def timeline(self) -> list[TimelineEntry]:
        dated, flagged = self._call(lambda: (self.store.review_dated_claims(), self.store.review_date_outliers()))
        return timeline_entries(dated, flagged)

    def export(self, directory: Path | None = None) -> list[Path]:
        """Write the whole report (every list) as Markdown and JSON beside the database; return the paths."""
        report = self._call(lambda: export.build_report(self.store))
        directory = (directory or self.path.parent).resolve()
        stem = self.path.stem
        paths = []
        for fmt in ("md", "json"):
            path = directory / f"{stem}-report.{fmt}"
            path.write_text(export.render(report, fmt), encoding="utf-8")
            paths.append(path)
        return paths


def _cluster_of(place: ClaimPlace | None) -> str:
    return place.cluster_id if place else ""


def _row(
    r: ClusterSummary,
    sources: dict[str, list[str]],
    decisions: dict[str, str],
    flags: dict[str, list[tuple[str, str]]] | None = None,
) -> ClusterRow:
    return ClusterRow(
        id=r.id,
        status=r.status,
        support=r.support,
        independent_support=r.independent_support,
        label=r.label,
        conflicts=r.conflict_count,
        sources=tuple(sources.get(r.id, ())),
        decision=decisions.get(r.id, ""),
        flags=tuple((flags or {}).get(r.id, ())),
    )


def _name(article: Article | None) -> str:
    return (article.source or article.path) if article else ""


def _with_flags(
    view: ClusterView, flags: dict[str, tuple[tuple[str, str], ...]], cluster_flags: list[tuple[str, str]]
) -> ClusterView:
    """The view with each member's document flags, and the dates the checks resolved for it."""
    resolved = resolved_dates(view)
    members = tuple(
        replace(m, flags=flags.get(m.claim.document_id, ()), resolved=resolved.get(m.claim.id, ()))
        for m in view.members
    )
    return replace(view, members=members, row=replace(view.row, flags=tuple(cluster_flags)))


def resolved_dates(view: ClusterView) -> dict[str, tuple[tuple[str, str], ...]]:
    """claim id -> (date text, ISO date) for its unresolved dates that a date check worked out.

    A mismatch gives the date of the outlier side and of the consensus side, a weekday
    finding the date the written-date side names; a claim's side is known from the
    outliers or from its source's name, and a date text counts only when the finding quotes it.
    """
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for member in view.members:
        pairs = tuple(
            (d.text, iso) for d in member.claim.dates if not d.start if (iso := _checked_date(member, d.text, view))
        )
        if pairs:
            found[member.claim.id] = pairs
    return found


def _checked_date(member: Member, text: str, view: ClusterView) -> str | None:
    name = short_source(member.source)
    for item in view.conflicts:
        f = item.conflict
        if f.kind != "date" or member.claim.id not in f.claims or text not in f.detail:
            continue
        if f.check == "date-mismatch":
            outlier = member.claim.id in f.outliers or name in f.data.get("outlier_sources", ())
            consensus = not outlier and name in f.data.get("consensus_sources", ())
            key = "outlier" if outlier else "consensus" if consensus else ""
        else:
            key = "date" if member.claim.id in f.outliers or name in f.data.get("date_sources", ()) else ""
        if key and f.data.get(key):
            return str(f.data[key])
    return None


def _decisions_by_target(annotations: Sequence[StoredAnnotation]) -> dict[tuple[str, str], str]:
    return {(a.target_kind, a.target_id): a.decision for a in annotations if a.decision != "note"}


def _cluster_view(
    row: ClusterRecord,
    members: Sequence[tuple[Claim, str, str]],
    conflicts: Sequence[tuple[str, Conflict]],
    suggestions: Sequence[tuple[str, Suggestion]],
    claims_info: dict[str, ClaimPlace],
    annotations: Sequence[StoredAnnotation],
    known: dict[str, list[KnownMark]] | None = None,
) -> ClusterView:
    decided = _decisions_by_target(annotations)
    sources = {row.id: sorted({s for _, s, _ in members})}
    inside = {c.id for c, _, _ in members}
    return ClusterView(
        row=_row(row, sources, {row.id: decided.get(("cluster", row.id), "")}),
        members=tuple(
            Member(c, s, span, decided.get(("claim", c.id), ""), tuple((known or {}).get(c.id, ())))
            for c, s, span in members
        ),
        conflicts=tuple(ConflictItem(i, f, decided.get(("conflict", i), "")) for i, f in conflicts),
        numbers=row.numbers,
        suggestions=tuple(
            _suggestion_item(i, s, inside, claims_info, decided.get(("suggestion", i), "")) for i, s in suggestions
        ),
        notes=tuple(a.note for a in annotations if a.decision == "note" and a.note),
    )


def _suggestion_item(
    sid: str, s: Suggestion, inside: set[str], info: dict[str, ClaimPlace], decision: str
) -> SuggestionItem:
    mine, other = (s.claim_a, s.claim_b) if s.claim_a in inside else (s.claim_b, s.claim_a)
    mine_place, other_place = info.get(mine), info.get(other)
    return SuggestionItem(
        id=sid,
        suggestion=s,
        inside=mine_place.text if mine_place else "",
        outside=other_place.text if other_place else "",
        outside_label=other_place.label if other_place else "",
        decision=decision,
    )


def timeline_entries(dated: Sequence[tuple[Claim, str, str]], flagged: set[str], days: int = 30) -> list[TimelineEntry]:
    """One entry per (claim, date expression), resolved dates in order, unresolved ones last.

    An entry is an outlier when a date check named its claim, or when it is a single
    day far from the median of all single days (ranges like "since 1973" are background).
    """
    singles = sorted(o for c, _, _ in dated for d in c.dates if _is_day(d) and (o := _ordinal(d.start or "")))
    median = singles[len(singles) // 2] if singles else None
    entries = [
        TimelineEntry(
            (d.start or "")[:10] or f"? ({d.confidence})",
            source,
            claim,
            cluster,
            claim.id in flagged or (_is_day(d) and _far(d.start or "", median, days)),
            d,
        )
        for claim, source, cluster in dated
        for d in claim.dates
    ]
    return sorted(entries, key=lambda e: (e.date.startswith("?"), e.date, e.source, e.claim.start))


def _is_day(d: DateRef) -> bool:
    return bool(d.start) and d.kind != "range" and (d.end or d.start) == d.start


def _ordinal(date: str) -> int | None:
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def _far(date: str, median: int | None, days: int) -> bool:
    ordinal = _ordinal(date)
    return median is not None and ordinal is not None and abs(ordinal - median) > days

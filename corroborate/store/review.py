"""The review app's read model: small, paged reads of clusters, members, decisions and documents.

The app must open a 100k-claim database at once, so nothing here loads every claim or every document.
Rows come back as frozen records (``ClusterSummary``, ``ClusterRecord``, ``ClaimPlace``,
``StoredAnnotation``) or as the package's own records, never as dicts keyed by column name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from corroborate.records import Annotation, Article, Claim, Conflict, JunkLine, Suggestion
from corroborate.store.base import StoreBase
from corroborate.store.rows import article_from_row, claim_from_row, conflict_from_row, in_chunks, in_clause


@dataclass(frozen=True)
class ClusterSummary:
    """One row of the cluster list."""

    id: str
    status: str
    support: int
    independent_support: int
    label: str
    conflict_count: int


@dataclass(frozen=True)
class ClusterRecord(ClusterSummary):
    """A stored cluster with the numbers its claims share and the run that made it."""

    numbers: tuple[dict[str, Any], ...] = ()
    run_id: int = 0


@dataclass(frozen=True)
class ClaimPlace:
    """Where a claim sits: its cluster (empty when it has none), that cluster's status and label."""

    claim_id: str
    text: str
    cluster_id: str
    status: str
    label: str


@dataclass(frozen=True)
class StoredAnnotation(Annotation):
    """A decision as stored: its row id, and whether it was undone."""

    id: int = 0
    undone: bool = False


SUMMARY_COLUMNS = "id, status, support, independent_support, label, conflict_count"


def summary_from_row(r: dict[str, Any]) -> ClusterSummary:
    return ClusterSummary(
        r["id"], r["status"], r["support"], r["independent_support"], r["label"] or "", r["conflict_count"] or 0
    )


def cluster_from_row(r: dict[str, Any]) -> ClusterRecord:
    numbers = tuple(json.loads(r["numbers"] or "[]"))
    return ClusterRecord(**vars(summary_from_row(r)), numbers=numbers, run_id=r["run_id"] or 0)


def annotation_from_row(r: dict[str, Any]) -> StoredAnnotation:
    return StoredAnnotation(
        target_kind=r["target_kind"],
        target_id=r["target_id"],
        decision=r["decision"],
        reviewer=r["reviewer"],
        note=r["note"] or "",
        cluster_id=r["cluster_id"] or "",
        created=r["created"] or "",
        related=tuple(json.loads(r["related"] or "[]")),
        moved_to=tuple(json.loads(r["moved_to"] or "[]")),
        id=r["id"],
        undone=bool(r["undone"]),
    )


def _first(rows: Any) -> dict[str, Any] | None:
    return next(iter(rows), None)


# A cluster nobody decided anything about (notes count: a reviewer looked at it).
_UNDECIDED = "id not in (select cluster_id from annotations where undone = 0 and cluster_id is not null)"


class ReviewReads(StoreBase):
    """The review app's side of the store: every ``review_*`` read."""

    def review_claims(self, claim_ids: Sequence[str]) -> list[Claim]:
        """The claims named, in document and text order."""
        out: list[Claim] = []
        for clause, params in in_chunks("id", claim_ids):
            out += [claim_from_row(r) for r in self.db.query(f"select * from claims where {clause}", params)]
        return sorted(out, key=lambda c: (c.document_id, c.start))

    def review_documents(self, document_ids: Sequence[str] | None = None) -> dict[str, Article]:
        """Documents by id (all of them for None), without their junk lines."""
        if document_ids is None:
            return {r["id"]: article_from_row(r, ()) for r in self.db.query("select * from documents")}
        out: dict[str, Article] = {}
        for clause, params in in_chunks("id", document_ids):
            out.update(
                {
                    r["id"]: article_from_row(r, ())
                    for r in self.db.query(f"select * from documents where {clause}", params)
                }
            )
        return out

    def review_annotation(self, annotation_id: int) -> StoredAnnotation | None:
        row = _first(self.db.query("select * from annotations where id = ?", [annotation_id]))
        return annotation_from_row(row) if row else None

    def review_flags(self, cluster_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """cluster id -> (flag, source of the original it copies) for each flagged document of its claims."""
        where, params = in_clause("cc.cluster_id", cluster_ids)
        sql = (
            "select distinct cc.cluster_id, d.flags, coalesce(o.source, o.path, '') from cluster_claims cc "
            "join claims c on c.id = cc.claim_id join documents d on d.id = c.document_id "
            f"left join documents o on o.id = d.origin where {where} and d.flags not in ('', '[]')"
        )
        out: dict[str, list[tuple[str, str]]] = {}
        for cluster_id, flags, origin in self.db.execute(sql, params).fetchall():
            for flag in json.loads(flags or "[]"):
                if (flag, origin) not in out.setdefault(cluster_id, []):
                    out[cluster_id].append((flag, origin))
        return out

    def review_next_undecided(
        self, status: str, order: str, after: int, step: int, cluster_ids: Sequence[str] | None = None
    ) -> int | None:
        """Row index (in the list's order) of the nearest undecided cluster after ``after``, going ``step``."""
        where, params = in_clause("id", cluster_ids)
        sql = (
            f"select rn from (select id, row_number() over (order by {self.REVIEW_ORDERS[order]}) - 1 as rn "
            f"from clusters where status = ?{' and ' + where if where else ''}) "
            f"where rn {'>' if step > 0 else '<'} ? and {_UNDECIDED} order by rn {'' if step > 0 else 'desc'} limit 1"
        )
        row = self.db.execute(sql, [status, *params, after]).fetchone()
        return int(row[0]) if row else None

    REVIEW_ORDERS = {
        "support": "support desc, independent_support desc, id",
        "conflicts": "conflict_count desc, support desc, id",
    }

    def review_status_counts(self, cluster_ids: Sequence[str] | None = None, undecided: bool = False) -> dict[str, int]:
        """Clusters per status, optionally only among ``cluster_ids``, or only those nobody decided."""
        where, params = in_clause("id", cluster_ids)
        where = " and ".join(w for w in (where, _UNDECIDED if undecided else "") if w)
        sql = f"select status, count(*) from clusters{' where ' + where if where else ''} group by status"
        return {status: n for status, n in self.db.execute(sql, params).fetchall()}

    def review_page(
        self,
        status: str,
        order: str,
        offset: int,
        limit: int,
        cluster_ids: Sequence[str] | None = None,
        undecided: bool = False,
    ) -> list[ClusterSummary]:
        """One page of cluster rows of a status, in a stable order (only undecided ones on demand)."""
        where, params = in_clause("id", cluster_ids)
        where = " and ".join(w for w in (where, _UNDECIDED if undecided else "") if w)
        sql = (
            f"select {SUMMARY_COLUMNS} from clusters "
            f"where status = ?{' and ' + where if where else ''} "
            f"order by {self.REVIEW_ORDERS[order]} limit ? offset ?"
        )
        return [summary_from_row(r) for r in self.db.query(sql, [status, *params, limit, offset])]

    def review_sources(self, cluster_ids: Sequence[str]) -> dict[str, list[str]]:
        """cluster id -> the distinct sources of its claims, sorted."""
        where, params = in_clause("cc.cluster_id", cluster_ids)
        sql = (
            "select distinct cc.cluster_id, d.source from cluster_claims cc join claims c on c.id = cc.claim_id "
            f"join documents d on d.id = c.document_id where {where} order by d.source"
        )
        out: dict[str, list[str]] = {}
        for cluster_id, source in self.db.execute(sql, params).fetchall():
            out.setdefault(cluster_id, []).append(source)
        return out

    def review_decisions(self, cluster_ids: Sequence[str] | None = None) -> dict[str, str]:
        """cluster id -> the latest standing decision about it or anything in it."""
        where, params = in_clause("cluster_id", cluster_ids)
        sql = f"select cluster_id, decision from annotations where undone = 0{' and ' + where if where else ''}"
        return {cluster_id: decision for cluster_id, decision in self.db.execute(sql + " order by id", params)}

    def review_progress(self) -> tuple[int, int]:
        """(clusters with a standing decision, all clusters)."""
        decided = self.db.execute(
            "select count(distinct cluster_id) from annotations where undone = 0 "
            "and cluster_id in (select id from clusters)"
        ).fetchone()[0]
        return int(decided), self.db.table("clusters").count

    def review_cluster(self, cluster_id: str) -> ClusterRecord | None:
        row = _first(self.db.query("select * from clusters where id = ?", [cluster_id]))
        return cluster_from_row(row) if row else None

    def review_members(self, cluster_id: str) -> list[tuple[Claim, str, str]]:
        """(claim, its source, the document text of its span) for each member, in source order."""
        sql = (
            'select c.*, d.source as _source, substr(d.text, c.start + 1, c."end" - c.start) as _span '
            "from cluster_claims cc join claims c on c.id = cc.claim_id join documents d on d.id = c.document_id "
            "where cc.cluster_id = ? order by d.source, d.path, c.start"
        )
        out = []
        for row in self.db.query(sql, [cluster_id]):
            source, span = row.pop("_source"), row.pop("_span")
            out.append((claim_from_row(row), source, span))
        return out

    def review_conflicts(self, cluster_id: str) -> list[tuple[str, Conflict]]:
        sql = "select * from conflicts where cluster_id = ? order by id"
        return [(r["id"], conflict_from_row(r)) for r in self.db.query(sql, [cluster_id])]

    def review_suggestions(self, claim_ids: Sequence[str]) -> list[tuple[str, Suggestion]]:
        """Suggested matches (with their ids) that touch any of ``claim_ids``."""
        where_a, params = in_clause("claim_a", claim_ids)
        where_b, _ = in_clause("claim_b", claim_ids)
        sql = f"select * from suggestions where {where_a} or {where_b} order by similarity desc"
        rows = self.db.query(sql, params + params)
        return [(r["id"], Suggestion(r["claim_a"], r["claim_b"], r["similarity"])) for r in rows]

    def review_claim_clusters(self, claim_ids: Sequence[str]) -> dict[str, ClaimPlace]:
        """claim id -> its text and where it sits, for each claim."""
        where, params = in_clause("c.id", claim_ids)
        sql = (
            "select c.id as claim_id, c.text, cc.cluster_id, k.status, k.label from claims c "
            "left join cluster_claims cc on cc.claim_id = c.id left join clusters k on k.id = cc.cluster_id "
            f"where {where}"
        )
        return {
            r["claim_id"]: ClaimPlace(
                r["claim_id"], r["text"], r["cluster_id"] or "", r["status"] or "", r["label"] or ""
            )
            for r in self.db.query(sql, params)
        }

    def review_cluster_members(self, cluster_id: str) -> list[str]:
        sql = "select claim_id from cluster_claims where cluster_id = ? order by claim_id"
        return [r[0] for r in self.db.execute(sql, [cluster_id]).fetchall()]

    def review_annotations(self, cluster_id: str) -> list[StoredAnnotation]:
        sql = "select * from annotations where undone = 0 and cluster_id = ? order by id"
        return [annotation_from_row(r) for r in self.db.query(sql, [cluster_id])]

    def review_last_annotation(self, reviewer: str) -> StoredAnnotation | None:
        sql = "select * from annotations where undone = 0 and reviewer = ? order by id desc limit 1"
        row = _first(self.db.query(sql, [reviewer]))
        return annotation_from_row(row) if row else None

    def review_document(self, document_id: str) -> Article | None:
        rows = list(self.db.query("select * from documents where id = ?", [document_id]))
        if not rows:
            return None
        sql = "select * from junk_lines where document_id = ? order by start"
        junk = tuple(JunkLine(r["start"], r["end"], r["text"], r["reason"]) for r in self.db.query(sql, [document_id]))
        return article_from_row(rows[0], junk)

    def review_document_claims(self, document_id: str) -> list[tuple[Claim, str, str]]:
        """(claim, cluster id, cluster status) for every claim of one document, in text order."""
        sql = (
            "select c.*, cc.cluster_id as _cluster, k.status as _status from claims c "
            "left join cluster_claims cc on cc.claim_id = c.id left join clusters k on k.id = cc.cluster_id "
            "where c.document_id = ? order by c.start"
        )
        out = []
        for row in self.db.query(sql, [document_id]):
            cluster, status = row.pop("_cluster"), row.pop("_status")
            out.append((claim_from_row(row), cluster or "", status or "single-source"))
        return out

    def review_dated_claims(self, limit: int = 5000) -> list[tuple[Claim, str, str]]:
        """(claim, source, cluster id) for claims with resolved dates, for the timeline."""
        sql = (
            "select c.*, d.source as _source, cc.cluster_id as _cluster from claims c "
            "join documents d on d.id = c.document_id left join cluster_claims cc on cc.claim_id = c.id "
            "where c.dates is not null and c.dates not in ('', '[]') limit ?"
        )
        out = []
        for row in self.db.query(sql, [limit]):
            source, cluster = row.pop("_source"), row.pop("_cluster")
            out.append((claim_from_row(row), source, cluster or ""))
        return out

    def review_date_outliers(self) -> set[str]:
        """Claim ids named as outliers by date conflicts."""
        rows = self.db.execute("select outliers from conflicts where kind = 'date'").fetchall()
        return {claim for (outliers,) in rows for claim in json.loads(outliers or "[]")}

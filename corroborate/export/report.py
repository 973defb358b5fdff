"""Store -> the report: the JSON contract every export format renders (see the README).

``build_report`` reads the store once and keeps the clusters a filter asks for; ``cluster_rows`` and
``claim_rows`` flatten it into the rows the table formats print, one per cluster or one per claim.
Nothing here escapes text: each writer does, for its own format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corroborate.records import Article
from corroborate.store import Store

# The order clusters are listed in, strongest first; a status not listed here goes last.
STATUS_ORDER = ("corroborated", "repeated", "contradicted", "single-source")
# How a document's source got its name (ingest); these name an outlet, the others a file or record.
OUTLET_NAMED = ("metadata", "url")


@dataclass(frozen=True)
class Filters:
    """Which clusters a report keeps: by status, by id, by support, or only those a reviewer decided on."""

    statuses: Sequence[str] = ()
    cluster_ids: Sequence[str] = ()
    min_support: int = 0
    reviewed: bool = False

    def keep(self, cluster: Any, review: dict[str, Any] | None) -> bool:
        return (
            (not self.statuses or cluster.status in self.statuses)
            and (not self.cluster_ids or cluster.id in self.cluster_ids)
            and cluster.support >= self.min_support
            and (review is not None or not self.reviewed)
        )


def build_report(
    store: Store,
    statuses: Sequence[str] = (),
    cluster_ids: Sequence[str] = (),
    filters: Filters | None = None,
    texts: bool = False,
) -> dict[str, Any]:
    """The report of the clusters ``filters`` keeps (``statuses``/``cluster_ids`` for the review app).

    ``texts`` adds each document's full text (the HTML report shows every claim in its article).
    """
    filters = filters or Filters(statuses, cluster_ids)
    with store.snapshot():
        documents = store.documents()
        claims = {c.id: c for c in store.claims()}
        known = store.known_marks(list(claims))
        reviews = latest_reviews(store.annotations())
        stored = store.clusters()
    clusters = []
    for cluster in stored:
        if not filters.keep(cluster, reviews.get(cluster.id)):
            continue
        members = sorted(
            (claims[i] for i in cluster.claims if i in claims), key=lambda c: (documents[c.document_id].path, c.start)
        )
        clusters.append(_cluster(cluster, members, documents, list(cluster.numbers), known, reviews.get(cluster.id)))
    clusters.sort(key=lambda c: (_rank(c["status"]), -c["support"], c["label"]))
    shown = {c["document"] for cluster in clusters for c in cluster["claims"]}
    summary = {
        "documents": len(documents),
        "claims": len(claims),
        "clusters": len(stored),
        "clusters_shown": len(clusters),
        "documents_shown": len(shown),
    }
    docs = [{**_document(d), "text": d.text} if texts else _document(d) for d in documents.values()]
    return {"summary": summary, "documents": docs, "clusters": clusters}


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _cluster(
    cluster: Any,
    members: list[Any],
    documents: Mapping[str, Article],
    numbers: list[dict[str, Any]],
    known: Mapping[str, list[Any]],
    review: dict[str, Any] | None,
) -> dict[str, Any]:
    claims = [
        {**_claim(c), "source": documents[c.document_id].source, "known": [_known(m) for m in known.get(c.id, [])]}
        for c in members
    ]
    return {
        "id": cluster.id,
        "status": cluster.status,
        "support": cluster.support,
        "independent_support": cluster.independent_support,
        "label": cluster.label,
        "sources": sorted({documents[c.document_id].source for c in members}),
        "claims": claims,
        "conflicts": [_conflict(f) for f in cluster.conflicts],
        "numbers": numbers,
        "number_range": [number_words(n) for n in numbers],
        "dates": date_range(members),
        "review": review,
    }


def _document(d: Article) -> dict[str, Any]:
    named_by = d.meta.get("source_from")
    return {
        "id": d.id,
        "path": d.path,
        "source": d.source,
        # None when the source is only a file name or a record id (or, for older databases, not known)
        "outlet": d.source if named_by in OUTLET_NAMED else None,
        "title": d.title,
        "url": d.url,
        "published": d.published,
        "author": d.author,
        "flags": list(d.flags),
        "origin": d.origin,
    }


def _claim(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "document": c.document_id,
        "text": c.text,
        "sentence": c.sentence,
        "start": c.start,
        "end": c.end,
        "speaker": c.attribution.speaker if c.attribution else None,
        "speaker_title": (c.attribution.title or None) if c.attribution else None,
        "polarity": c.polarity,
        "numbers": [
            {"text": q.text, "low": _finite(q.low), "high": _finite(q.high), "counts": q.counts, "hedge": q.hedge}
            for q in c.numbers
        ],
        "dates": [{"text": d.text, "start": d.start, "end": d.end, "confidence": d.confidence} for d in c.dates],
    }


def _known(m: Any) -> dict[str, Any]:
    """A checked claim this claim repeats: its pool id, the cosine, its text and its fields (url, verdict)."""
    return {
        **{k: v for k, v in m.fields.items() if k not in ("id", "score", "text")},
        "id": m.pool_id,
        "score": m.score,
        "text": m.text,
    }


def _conflict(f: Any) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "severity": f.severity,
        "check": f.check,
        "claims": list(f.claims),
        "outliers": list(f.outliers),
        "detail": f.detail,
    }


def _finite(x: float) -> float | None:
    return None if x in (float("inf"), float("-inf")) else x


def latest_reviews(annotations: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """cluster id -> its review: the latest standing decision, who made it and when, and the latest note.

    ``annotations`` are the standing (not undone) ones in the order they were made. A decision on an item
    of the cluster says what it was about ("reject claim"); a note alone leaves the decision "note".
    """
    out: dict[str, dict[str, Any]] = {}
    for a in annotations:
        review = out.setdefault(
            a["cluster_id"], {"decision": None, "reviewer": None, "decided": None, "note": None, "note_by": None}
        )
        if a["note"]:
            review.update(note=a["note"], note_by=a["reviewer"])
        if a["decision"] != "note" or review["decision"] in (None, "note"):
            kind = a["target_kind"]
            decision = a["decision"] if kind == "cluster" or a["decision"] == "note" else f"{a['decision']} {kind}"
            review.update(decision=decision, reviewer=a["reviewer"], decided=a["created"])
    return {k: v for k, v in out.items() if k}


def date_range(claims: Sequence[Any]) -> dict[str, str] | None:
    """The earliest and latest day the claims' resolved dates cover (None when none resolved)."""
    days = [day for c in claims for d in c.dates for day in (d.start, d.end) if day]
    return {"earliest": min(days), "latest": max(days)} if days else None


def number_words(summary: dict[str, Any]) -> str:
    """ "US soldiers killed: three"; "people injured: at least 34 to about 40" when the sources differ."""
    counts, role = summary.get("counts") or "", summary.get("role") or ""
    thing = " ".join(w for w in (counts, "" if role in counts.split() else role) if w) or "number"
    low, high = summary["low"]["text"], summary["high"]["text"]
    return f"{thing}: {low}" if low == high else f"{thing}: {low} to {high}"


# -- rows for the table formats ----------------------------------------------------------------------

CLUSTER_COLUMNS = (
    "cluster",
    "status",
    "support",
    "independent_support",
    "label",
    "sources",
    "numbers",
    "dates",
    "conflicts",
    "decision",
    "reviewer",
    "note",
)
CLAIM_COLUMNS = (
    "cluster",
    "status",
    "claim",
    "source",
    "document",
    "path",
    "start",
    "end",
    "text",
    "sentence",
    "decision",
    "reviewer",
    "note",
)


def cluster_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per cluster, in ``CLUSTER_COLUMNS`` order."""
    return [
        {
            "cluster": c["id"],
            "status": c["status"],
            "support": c["support"],
            "independent_support": c["independent_support"],
            "label": c["label"],
            "sources": "; ".join(c["sources"]),
            "numbers": "; ".join(c["number_range"]),
            "dates": dates_words(c["dates"]),
            "conflicts": conflict_words(c["conflicts"]),
            **review_cells(c["review"]),
        }
        for c in report["clusters"]
    ]


def claim_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per claim of the report's clusters, in ``CLAIM_COLUMNS`` order."""
    paths = {d["id"]: d["path"] for d in report["documents"]}
    return [
        {
            "cluster": c["id"],
            "status": c["status"],
            "claim": claim["id"],
            "source": claim["source"],
            "document": claim["document"],
            "path": paths.get(claim["document"], ""),
            "start": claim["start"],
            "end": claim["end"],
            "text": claim["text"],
            "sentence": claim["sentence"],
            **review_cells(c["review"]),
        }
        for c in report["clusters"]
        for claim in c["claims"]
    ]


def review_cells(review: dict[str, Any] | None) -> dict[str, str]:
    review = review or {}
    note, by = review.get("note") or "", review.get("note_by") or ""
    if note and by and by != review.get("reviewer"):
        note = f"{note} ({by})"
    return {"decision": review.get("decision") or "", "reviewer": review.get("reviewer") or "", "note": note}


def dates_words(dates: dict[str, str] | None) -> str:
    if not dates:
        return ""
    return dates["earliest"] if dates["earliest"] == dates["latest"] else f"{dates['earliest']} to {dates['latest']}"


def conflict_words(conflicts: Sequence[dict[str, Any]]) -> str:
    return " ".join(f"[{f['severity']}] {f['detail']}" for f in conflicts)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)

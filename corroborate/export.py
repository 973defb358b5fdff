"""Tables out: JSON (a stable contract), CSV and Markdown, shared by the CLI and the review app.

``build_report`` reads the store into the JSON contract documented in the
README; the writers render that one structure, so every format says the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from corroborate.records import STATUSES, Article
from corroborate.store import Store

FORMATS = ("json", "csv", "md")


def build_report(store: Store, statuses: Sequence[str] = (), cluster_ids: Sequence[str] = ()) -> dict[str, Any]:
    documents = store.documents()
    claims = {c.id: c for c in store.claims()}
    numbers = store.number_summaries()
    known = store.known_marks(list(claims))
    wanted = set(cluster_ids)
    clusters: list[dict[str, Any]] = []
    for cluster in store.clusters():
        if (statuses and cluster.status not in statuses) or (wanted and cluster.id not in wanted):
            continue
        members = [claims[i] for i in cluster.claims if i in claims]
        members.sort(key=lambda c: (documents[c.document_id].path, c.start))
        clusters.append({
            "id": cluster.id,
            "status": cluster.status,
            "support": cluster.support,
            "independent_support": cluster.independent_support,
            "label": cluster.label,
            "sources": sorted({documents[c.document_id].source for c in members}),
            "claims": [{**_claim(c), "known": [_known(m) for m in known.get(c.id, [])]} for c in members],
            "conflicts": [_conflict(f) for f in cluster.conflicts],
            "numbers": numbers.get(cluster.id, []),
        })
    clusters.sort(key=lambda c: (STATUSES.index(c["status"]), -c["support"], c["label"]))
    return {"documents": [_document(d) for d in documents.values()], "clusters": clusters}


def _document(d: Article) -> dict[str, Any]:
    return {
        "id": d.id, "path": d.path, "source": d.source, "title": d.title, "url": d.url,
        "published": d.published, "author": d.author, "flags": list(d.flags), "origin": d.origin,
    }


def _claim(c: Any) -> dict[str, Any]:
    return {
        "id": c.id, "document": c.document_id, "text": c.text, "sentence": c.sentence,
        "start": c.start, "end": c.end,
        "speaker": c.attribution.speaker if c.attribution else None,
        "speaker_title": (c.attribution.title or None) if c.attribution else None,
        "polarity": c.polarity,
        "numbers": [{"text": q.text, "low": _finite(q.low), "high": _finite(q.high), "counts": q.counts,
                     "hedge": q.hedge} for q in c.numbers],
        "dates": [{"text": d.text, "start": d.start, "end": d.end, "confidence": d.confidence} for d in c.dates],
    }


def _known(m: Any) -> dict[str, Any]:
    """A checked claim this claim repeats: its pool id, the cosine, its text and its fields (url, verdict)."""
    return {**{k: v for k, v in m.fields.items() if k not in ("id", "score", "text")},
            "id": m.pool_id, "score": m.score, "text": m.text}


def _conflict(f: Any) -> dict[str, Any]:
    return {"kind": f.kind, "severity": f.severity, "check": f.check, "claims": list(f.claims),
            "outliers": list(f.outliers), "detail": f.detail}


def _finite(x: float) -> float | None:
    return None if x in (float("inf"), float("-inf")) else x


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "md":
        return _markdown(report)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


CSV_COLUMNS = ("cluster", "status", "support", "independent_support", "label", "sources", "conflicts")


def _table_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "cluster": c["id"], "status": c["status"], "support": c["support"],
            "independent_support": c["independent_support"], "label": c["label"],
            "sources": "; ".join(c["sources"]),
            "conflicts": " ".join(f"[{f['severity']}] {f['detail']}" for f in c["conflicts"]),
        }
        for c in report["clusters"]
    ]


def _csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_table_rows(report))
    return out.getvalue()


def _markdown(report: dict[str, Any]) -> str:
    lines = ["# Corroboration table", ""]
    lines.append(f"{len(report['documents'])} documents, {len(report['clusters'])} claims.")
    rows = _table_rows(report)
    for status in STATUSES:
        section = [r for r in rows if r["status"] == status]
        if not section:
            continue
        lines += ["", f"## {status.capitalize()} ({len(section)})", ""]
        lines += ["| Claim | Support | Independent | Sources | Conflicts |", "|---|---:|---:|---|---|"]
        lines += [
            f"| {_md(r['label'])} | {r['support']} | {r['independent_support']} | {_md(r['sources'])} "
            f"| {_md(r['conflicts'])} |"
            for r in section
        ]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")

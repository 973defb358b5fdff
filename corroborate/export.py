"""Tables out: JSON (a stable contract), CSV and Markdown, shared by the CLI and the review app.

``build_report`` reads the store into the JSON contract documented in the
README; the writers render that one structure, so every format says the same.

Text in a report is article text, so the writers treat it as hostile: a CSV cell
that a spreadsheet would run as a formula gets a leading ``'`` (OWASP's advice on
CSV injection), and Markdown cells escape HTML and Markdown syntax so that a
claim cannot become a tag, a link, an image or a table column. JSON is left as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
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


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in _table_rows(report))
    return out.getvalue()


def csv_cell(value: Any) -> Any:
    """A text cell that would start a formula gets a leading ``'``; numbers we counted stay numbers.

    Text such as "-3 dead" is quoted too: it is article text, not a number we computed.
    A carriage return becomes a newline, which the writer quotes (it would not quote a bare ``\r``).
    """
    if not isinstance(value, str):
        return value
    cell = "'" + value if value.startswith(FORMULA_START) else value
    return cell.replace("\r\n", "\n").replace("\r", "\n")


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


# HTML first (so the entities we write are not escaped again), then the Markdown syntax a cell
# could start: links and images ([ ]), code (`), emphasis (* _ ~), headings (#), columns (|).
HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def _md(text: object) -> str:
    """Article text as one Markdown table cell, shown literally: no HTML, links, images, code or columns."""
    plain = LINE_BREAKS.sub(" ", str(text))
    plain = "".join(HTML_ESCAPES.get(ch, ch) for ch in plain)
    return MARKDOWN_SPECIAL.sub(r"\\\1", plain)

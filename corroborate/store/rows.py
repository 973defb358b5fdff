"""Rows to records and back, and the small SQL pieces every part of the store shares."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from corroborate.records import (
    Article,
    Attribution,
    Claim,
    Cluster,
    Conflict,
    DateRef,
    DocumentFlag,
    JunkLine,
    claim_from_dict,
    content_id,
    quantity_from_dict,
    to_dict,
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


IN_CHUNK = 500  # values per ``in (...)``: under SQLite's limit on bound parameters


def in_chunks(column: str, values: Sequence[str]) -> Iterator[tuple[str, list[Any]]]:
    """``column in (...)`` clauses with their parameters, ``IN_CHUNK`` values at a time."""
    for start in range(0, len(values), IN_CHUNK):
        yield in_clause(column, values[start : start + IN_CHUNK])


def in_clause(column: str, values: Sequence[str] | None) -> tuple[str, list[Any]]:
    """A ``column in (...)`` clause; no clause for None, a false one for an empty list."""
    if values is None:
        return "", []
    if not values:
        return "0", []
    return f"{column} in ({','.join('?' * len(values))})", list(values)


def article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "source": a.source,
        "title": a.title,
        "url": a.url,
        "published": a.published,
        "author": a.author,
        "text": a.text,
        "flags": json.dumps(list(a.flags)),
        "origin": a.origin,
        "meta": json.dumps(a.meta, default=str),
        "added": now(),
    }


DOCUMENT_COLUMNS = "id, path, text, source, title, url, published, author, flags, origin, meta"
_DOCUMENT_FIELDS = tuple(DOCUMENT_COLUMNS.split(", "))


def article_from_values(values: tuple[Any, ...], junk: tuple[JunkLine, ...]) -> Article:
    """``article_from_row`` of a plain row of ``DOCUMENT_COLUMNS``: no dict per row (13k of them at 100k claims)."""
    doc_id, path, text, source, title, url, published, author, flags, origin, meta = values
    return Article(
        id=doc_id,
        path=path,
        text=text,
        source=source,
        title=title,
        url=url,
        published=published,
        author=author,
        junk=junk,
        flags=_flags(flags),
        origin=origin,
        meta={} if meta in (None, "", "{}") else json.loads(meta),
    )


def article_from_row(row: dict[str, Any], junk: tuple[JunkLine, ...]) -> Article:
    return article_from_values(tuple(row[name] for name in _DOCUMENT_FIELDS), junk)


@functools.lru_cache(maxsize=256)
def _flags(value: str | None) -> tuple[DocumentFlag, ...]:
    """A document's stored flags: a handful of distinct values over all documents, each parsed once."""
    return tuple(json.loads(value or "[]"))


def junk_row(document_id: str, j: JunkLine) -> dict[str, Any]:
    return {
        "id": content_id("junk", document_id, j.start, j.end),
        "document_id": document_id,
        "start": j.start,
        "end": j.end,
        "text": j.text,
        "reason": j.reason,
    }


def claim_row(c: Claim) -> dict[str, Any]:
    d = to_dict(c)
    attribution = d.pop("attribution") or {}
    d["speaker"] = attribution.get("speaker")
    d["verb"] = attribution.get("verb")
    d["direct"] = int(bool(attribution.get("direct")))
    d["speaker_title"] = attribution.get("title") or None
    d["numbers"] = json.dumps(d["numbers"])
    d["dates"] = json.dumps(d["dates"])
    return d


def claim_from_row(row: dict[str, Any]) -> Claim:
    d = dict(row)
    speaker, verb, direct = d.pop("speaker"), d.pop("verb"), d.pop("direct")
    title = d.pop("speaker_title", None) or ""
    d["numbers"] = json.loads(d["numbers"] or "[]")
    d["dates"] = json.loads(d["dates"] or "[]")
    claim = claim_from_dict(d)
    if speaker:
        return with_attribution(claim, Attribution(speaker, verb or "", bool(direct), title))
    return claim


CLAIM_COLUMNS = "id, document_id, text, sentence, start, [end], polarity, numbers, dates, subject, predicate, "
CLAIM_COLUMNS += "speaker, verb, direct, speaker_title"  # the order ``claim_from_values`` reads them in


def claim_from_values(values: Sequence[Any]) -> Claim:
    """``claim_from_row`` of a plain row of ``CLAIM_COLUMNS``: the same claim, without a dict per row or a JSON
    parse of an empty list (a run reads every stored claim, and most have neither numbers nor dates).

    The fields are set in one step, as ``Claim.__init__`` would set them one at a time through the frozen
    dataclass's ``object.__setattr__``: a third of the time, on the 100k claims a run reads."""
    claim_id, document_id, text, sentence, start, end, polarity, numbers, dates, subject, predicate = values[:11]
    speaker, verb, direct, title = values[11:]
    claim = _new(Claim)
    claim.__dict__.update(
        id=claim_id,
        document_id=document_id,
        text=text,
        sentence=sentence,
        start=start,
        end=end,
        attribution=Attribution(speaker, verb or "", bool(direct), title or "") if speaker else None,
        polarity=polarity,
        numbers=tuple(quantity_from_dict(q) for q in json.loads(numbers) or ()) if numbers and numbers != "[]" else (),
        dates=tuple(DateRef(**d) for d in json.loads(dates) or ()) if dates and dates != "[]" else (),
        subject=subject,
        predicate=predicate,
    )
    return claim


_new = object.__new__


def with_attribution(claim: Claim, attribution: Attribution) -> Claim:
    return replace(claim, attribution=attribution)


def cluster_row(c: Cluster, run_id: int) -> dict[str, Any]:
    return {
        "id": c.id,
        "status": c.status,
        "support": c.support,
        "independent_support": c.independent_support,
        "label": c.label,
        "conflict_count": len(c.conflicts),
        "numbers": json.dumps(list(c.numbers)),
        "run_id": run_id,
    }


def conflict_row(cluster_id: str, f: Conflict) -> dict[str, Any]:
    return {
        "id": content_id("conflict", cluster_id, f.check, *f.claims),
        "cluster_id": cluster_id,
        "check": f.check,
        "kind": f.kind,
        "severity": f.severity,
        "claims": json.dumps(list(f.claims)),
        "detail": f.detail,
        "outliers": json.dumps(list(f.outliers)),
        "data": json.dumps(f.data, default=str),
    }


def conflict_from_row(r: dict[str, Any]) -> Conflict:
    return Conflict(
        check=r["check"],
        kind=r["kind"],
        severity=r["severity"],
        claims=tuple(json.loads(r["claims"])),
        detail=r["detail"],
        outliers=tuple(json.loads(r["outliers"] or "[]")),
        data=json.loads(r["data"] or "{}"),
    )

"""Independence of sources: which documents republish or rewrite another. Part of the cluster stage.

A document is a copy of another document of the corpus when

* a large share of its claims (``rewrite_share``, and at least
  ``rewrite_claims`` of them) has a near-identical twin there (cosine >=
  ``near_identical``), or
* its text credits the other document's outlet ("..., Financial Times
  reported", "according to Reuters") and at least ``credit_share`` of its
  claims are similar to the other's.

Nearly everything near-identical (``republish_share`` at ``republish_cosine``)
is "republished"; anything less is a "rewrite". The original is the credited
outlet, else the earlier published, else the document less covered by the
other. ``roots`` collapses documents to their original, so independent
support counts lineages rather than documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.records import Article, Claim

LINEAGE_FLAGS = ("republished", "rewrite")
CREDIT = r"(?:{name})(?:['’]s)? (?:first |had |has |also )?(?:reported|reports|said|says|wrote|writes)" \
         r"|(?:according to|reported by|reports? (?:in|by)|told) (?:the )?(?:{name})"


def mark_lineage(documents: Mapping[str, Article], claims: Sequence[Claim], vectors: np.ndarray,
                 candidates: Iterable[tuple[str, str]], config: MatchConfig = DEFAULT_MATCH) -> dict[str, Article]:
    """The documents with lineage flags and origin set (other flags cleared: this stage owns them)."""
    rows = _rows_by_document(claims)
    credited = credits(documents)
    pairs = {tuple(sorted(p)) for p in candidates if p[0] != p[1]}
    pairs |= {tuple(sorted((d, o))) for d, origins in credited.items() for o in origins}
    found: dict[str, tuple[float, str, str]] = {}  # copy -> (share, flag, origin)
    for a, b in sorted(pairs):
        if a in rows and b in rows and a in documents and b in documents:
            verdict = _judge(documents[a], documents[b], vectors[rows[a]], vectors[rows[b]], credited, config)
            if verdict and verdict[0] > found.get(verdict[1], (0.0,))[0]:
                found[verdict[1]] = (verdict[0], verdict[2], verdict[3])
    found = _break_cycles(found)
    out = {}
    for doc_id, doc in documents.items():
        share_flag_origin = found.get(doc_id)
        flags = (share_flag_origin[1],) if share_flag_origin else ()
        out[doc_id] = replace(doc, flags=flags, origin=share_flag_origin[2] if share_flag_origin else None)
    return out


def _rows_by_document(claims: Sequence[Claim]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows.setdefault(c.document_id, []).append(i)
    return rows


def _judge(a: Article, b: Article, va: np.ndarray, vb: np.ndarray, credited: Mapping[str, set[str]],
           config: MatchConfig) -> tuple[float, str, str, str] | None:
    """(share, copy id, flag, origin id) when one of the two documents copies the other."""
    sims = va @ vb.T
    near_ab, near_ba = share(sims, config.near_identical), share(sims.T, config.near_identical)
    for copy, orig, near, similar in ((a, b, near_ab, share(sims, config.match)),
                                      (b, a, near_ba, share(sims.T, config.match))):
        if orig.id in credited.get(copy.id, ()) and similar >= config.credit_share:
            return near, copy.id, _flag(sims if copy is a else sims.T, config), orig.id
    twins = max(near_ab * len(va), near_ba * len(vb))
    if max(near_ab, near_ba) < config.rewrite_share or twins < config.rewrite_claims:
        return None
    copy, orig = _direction(a, b, near_ab, near_ba)
    return max(near_ab, near_ba), copy.id, _flag(sims if copy is a else sims.T, config), orig.id


def share(sims: np.ndarray, threshold: float) -> float:
    """Share of the rows whose best column reaches the threshold."""
    if sims.size == 0:
        return 0.0
    return float((sims.max(axis=1) >= threshold).mean())


def _flag(sims: np.ndarray, config: MatchConfig) -> str:
    republished = share(sims, config.republish_cosine) >= config.republish_share
    return "republished" if republished else "rewrite"


def _direction(a: Article, b: Article, near_ab: float, near_ba: float) -> tuple[Article, Article]:
    """(copy, original): the later published copies the earlier; else the more covered copies."""
    if a.published and b.published and a.published != b.published:
        return (a, b) if a.published > b.published else (b, a)
    if near_ab != near_ba:
        return (a, b) if near_ab > near_ba else (b, a)
    return (a, b) if a.path > b.path else (b, a)


def _break_cycles(found: dict[str, tuple[float, str, str]]) -> dict[str, tuple[float, str, str]]:
    """Two documents cannot copy each other: the weaker of the two claims goes."""
    out = dict(found)
    for copy, (weight, _, origin) in found.items():
        back = out.get(origin)
        if back and back[2] == copy and copy in out and weight <= back[0]:
            del out[copy]
    return out


def outlet(doc: Article) -> str:
    """The outlet's name, or "" when the source is only a file name."""
    name = (doc.source or "").strip()
    if len(name) < 3 or name == Path(doc.path).stem or not re.search(r"[A-Za-z]{3}", name) or "_" in name:
        return ""
    return name


def credits(documents: Mapping[str, Article]) -> dict[str, set[str]]:
    """Document id -> ids of other documents whose outlet its text credits as a source."""
    by_name: dict[str, set[str]] = {}
    for doc in documents.values():
        if outlet(doc):
            by_name.setdefault(outlet(doc).lower(), set()).add(doc.id)
    if not by_name:
        return {}
    names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
    pattern = re.compile(CREDIT.format(name=names), re.I)
    name_re = re.compile(names, re.I)
    out: dict[str, set[str]] = {}
    for doc in documents.values():
        for hit in pattern.finditer(doc.text):
            named = name_re.search(hit.group(0))
            others = by_name.get(named.group(0).lower(), set()) - {doc.id} if named else set()
            if others and outlet(doc).lower() != named.group(0).lower():  # type: ignore[union-attr]
                out.setdefault(doc.id, set()).update(others)
    return out


def roots(documents: Mapping[str, Article]) -> dict[str, str]:
    """Document id -> the original at the end of its origin chain (itself when independent)."""
    out = {}
    for doc_id in documents:
        seen, current = {doc_id}, doc_id
        while (nxt := documents[current].origin) and nxt in documents and nxt not in seen:
            seen.add(nxt)
            current = nxt
        out[doc_id] = current
    return out

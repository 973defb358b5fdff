"""Independence of sources: which documents republish or rewrite another. Part of the cluster stage.

A document is a copy of another document of the corpus when

* a large share of its claims (``lineage.rewrite_share``, and at least
  ``lineage.rewrite_claims`` of them) has a near-identical twin there (cosine >=
  ``lineage.near_identical``), or
* its text credits the other document's outlet ("..., Financial Times
  reported", "according to Reuters") and at least ``lineage.credit_share`` of its
  claims are similar to the other's.

Nearly everything near-identical (``lineage.republish_share`` at ``lineage.republish_cosine``)
is "republished"; anything less is a "rewrite". The original is the credited
outlet, else the earlier published, else the document less covered by the
other. ``root`` follows a document's whole origin chain to its original (a copy
of a copy included); ``roots`` maps every document so, and both the independent
support of a cluster and the weight of a check's finding count originals, not documents.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import replace
from pathlib import Path

import numpy as np

from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.records import REPUBLISHED, REWRITE, Article, Claim, DocumentFlag, LineageVerdict, claim_documents

CREDIT_BLOCK = 256  # documents per side of one blockwise product in the credited-pairs filter
# A text credits an outlet as "NAME reported" or "according to NAME": the words after a name, and before one.
CREDIT_AFTER = re.compile(r"((?:['’]s)?) (?:first |had |has |also )?(?:reported|reports|said|says|wrote|writes)", re.I)
CREDIT_BEFORE = re.compile(r"(?:according to|reported by|reports? (?:in|by)|told) ((?:the )?)", re.I)


def mark_lineage(
    documents: Mapping[str, Article],
    claims: Sequence[Claim],
    vectors: np.ndarray,
    candidates: Iterable[tuple[str, str]],
    config: MatchConfig = DEFAULT_MATCH,
    credited: Mapping[str, Set[str]] | None = None,
    near_credited: Set[tuple[str, str]] | None = None,
    verdicts: dict[tuple[str, str], Verdict | None] | None = None,
    again: Set[str] = frozenset(),
    keep: Set[DocumentFlag] = frozenset(),
    rows: Mapping[str, list[int]] | None = None,
) -> dict[str, Article]:
    """The documents with lineage flags and origin set (other flags cleared, but for those in ``keep``: a
    later stage's, left on after the lineage flags for that stage to set again, so a document whose flags
    all stay as they were is passed on as it is rather than copied twice).

    ``credited`` is ``credited_outlets`` of the documents when the caller has it already (read again when not),
    ``near_credited`` what ``credited_pairs`` gives for them (found here when not given). ``verdicts`` holds
    what pairs were judged before, for the same vectors and settings: a pair of two documents not in
    ``again`` (new, or whose credits changed) is not judged again. It is left holding this call's pairs.
    ``rows`` is ``rows_by_document`` of the claims when the caller has it already.
    """
    rows = rows_by_document(claims) if rows is None else rows
    credited = credited_outlets(documents) if credited is None else credited
    pairs = {tuple(sorted(p)) for p in candidates if p[0] != p[1]}
    pairs |= credited_pairs(documents, credited, rows, vectors, config) if near_credited is None else near_credited
    known = {} if verdicts is None else verdicts
    judged: dict[tuple[str, str], Verdict | None] = {}
    found: dict[str, tuple[float, DocumentFlag, str]] = {}  # copy -> (share, flag, origin)
    for a, b in sorted(pairs):
        if a in rows and b in rows and a in documents and b in documents:
            if (a, b) in known and a not in again and b not in again:
                verdict = judged[a, b] = known[a, b]
            else:
                verdict = judged[a, b] = _judge(
                    documents[a], documents[b], vectors[rows[a]], vectors[rows[b]], credited, config
                )
            if verdict and verdict[0] > found.get(verdict[1], (0.0,))[0]:
                found[verdict[1]] = (verdict[0], verdict[2], verdict[3])
    if verdicts is not None:
        verdicts.clear()
        verdicts.update(judged)
    found = _break_cycles(found)
    out = {}
    for doc_id, doc in documents.items():
        share_flag_origin = found.get(doc_id)
        flags: tuple[DocumentFlag, ...] = (share_flag_origin[1],) if share_flag_origin else ()
        flags += tuple([f for f in doc.flags if f in keep])
        origin = share_flag_origin[2] if share_flag_origin else None
        same = doc.flags == flags and doc.origin == origin  # most documents: ``replace`` costs more than the rest
        out[doc_id] = doc if same else replace(doc, flags=flags, origin=origin)
    return out


def credited_pairs(
    documents: Mapping[str, Article],
    credited: Mapping[str, Set[str]],
    rows: Mapping[str, list[int]],
    vectors: np.ndarray,
    config: MatchConfig = DEFAULT_MATCH,
    found: Set[tuple[str, str]] | None = None,
    again: Set[str] = frozenset(),
) -> set[tuple[str, str]]:
    """(a, b) with a < b: a document and one of a credited outlet's documents, when any two claims come near.

    A pair none of whose claims reach ``min(match, near_identical)`` cosine can be neither a credited
    copy nor a rewrite, so leaving it out changes no verdict (unless a threshold is zero: then every
    credited pair is kept). The cosines come in blocks of documents, never all pairs at once.

    ``found`` is what an earlier call gave for the same vectors and settings, and ``again`` the documents
    since added or whose credits changed: only their pairs are looked for, as crediting document and as a
    document of a credited outlet. A pair of two other documents depends on nothing that changed.
    """
    by_outlet: dict[str, list[str]] = {}
    for doc_id in sorted(documents):
        if (name := outlet(documents[doc_id])) and doc_id in rows:
            by_outlet.setdefault(name.lower(), []).append(doc_id)
    crediting: dict[str, list[str]] = {}
    for doc_id in sorted(credited):
        for name in credited[doc_id]:
            if doc_id in rows:
                crediting.setdefault(name, []).append(doc_id)
    exact = config.lineage.credit_share > 0 and (config.lineage.rewrite_share > 0 or config.lineage.rewrite_claims > 0)
    floor = min(config.match, config.lineage.near_identical) if exact else -np.inf
    if found is None:
        return _near_credited(crediting, by_outlet, rows, vectors, floor)
    kept = {p for p in found if p[0] in rows and p[1] in rows and p[0] not in again and p[1] not in again}
    return (
        kept
        | _near_credited(_only(crediting, again), by_outlet, rows, vectors, floor)
        | _near_credited(crediting, _only(by_outlet, again), rows, vectors, floor)
    )


def _only(sides: Mapping[str, list[str]], doc_ids: Set[str]) -> dict[str, list[str]]:
    return {name: kept for name, docs in sides.items() if (kept := [d for d in docs if d in doc_ids])}


def _near_credited(
    crediting: Mapping[str, list[str]],
    by_outlet: Mapping[str, list[str]],
    rows: Mapping[str, list[int]],
    vectors: np.ndarray,
    floor: float,
) -> set[tuple[str, str]]:
    """``_near_pairs`` of each outlet's crediting documents and its own documents, in blocks."""
    out: set[tuple[str, str]] = set()
    for name, copies in crediting.items():
        for first in range(0, len(copies), CREDIT_BLOCK):
            for start in range(0, len(by_outlet.get(name, ())), CREDIT_BLOCK):
                out |= _near_pairs(
                    copies[first : first + CREDIT_BLOCK],
                    by_outlet[name][start : start + CREDIT_BLOCK],
                    rows,
                    vectors,
                    floor,
                )
    return out


def _near_pairs(
    left: Sequence[str], right: Sequence[str], rows: Mapping[str, list[int]], vectors: np.ndarray, floor: float
) -> set[tuple[str, str]]:
    """Pairs of a left and a right document whose best claim cosine reaches ``floor``."""
    best = _block_max(left, right, rows, vectors)
    found = zip(*np.nonzero(best >= floor), strict=True)
    return {(min(left[i], right[j]), max(left[i], right[j])) for i, j in found if left[i] != right[j]}


def _block_max(
    left: Sequence[str], right: Sequence[str], rows: Mapping[str, list[int]], vectors: np.ndarray
) -> np.ndarray:
    """Left documents x right documents: the best cosine between their claims."""
    rows_l, rows_r = [rows[d] for d in left], [rows[d] for d in right]
    sims = vectors[np.concatenate(rows_l)] @ vectors[np.concatenate(rows_r)].T
    starts_l = np.cumsum([0] + [len(r) for r in rows_l[:-1]])
    starts_r = np.cumsum([0] + [len(r) for r in rows_r[:-1]])
    return np.maximum.reduceat(np.maximum.reduceat(sims, starts_l, axis=0), starts_r, axis=1)


def rows_by_document(claims: Sequence[Claim]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for i, d in enumerate(claim_documents(claims)):
        rows.setdefault(d, []).append(i)
    return rows


Verdict = LineageVerdict  # (share, copy id, flag, origin id)


def _judge(
    a: Article, b: Article, va: np.ndarray, vb: np.ndarray, credited: Mapping[str, Set[str]], config: MatchConfig
) -> Verdict | None:
    """(share, copy id, flag, origin id) when one of the two documents copies the other."""
    sims = va @ vb.T
    best_ab, best_ba = sims.max(axis=1), sims.max(axis=0)  # each claim's best cosine in the other document
    near_ab, near_ba = share(best_ab, config.lineage.near_identical), share(best_ba, config.lineage.near_identical)
    for copy, orig, near, best in ((a, b, near_ab, best_ab), (b, a, near_ba, best_ba)):
        if _credits(copy, orig, credited) and share(best, config.match) >= config.lineage.credit_share:
            return near, copy.id, _flag(best, config), orig.id
    twins = max(near_ab * len(va), near_ba * len(vb))
    if max(near_ab, near_ba) < config.lineage.rewrite_share or twins < config.lineage.rewrite_claims:
        return None
    copy, orig = _direction(a, b, near_ab, near_ba)
    return max(near_ab, near_ba), copy.id, _flag(best_ab if copy is a else best_ba, config), orig.id


def _credits(copy: Article, orig: Article, credited: Mapping[str, Set[str]]) -> bool:
    names = credited.get(copy.id)
    return names is not None and outlet(orig).lower() in names


def share(best: np.ndarray, threshold: float) -> float:
    """Share of the claims whose best cosine in the other document reaches the threshold."""
    if best.size == 0:
        return 0.0
    return int(np.count_nonzero(best >= threshold)) / best.size  # the mean, without its overhead per call


def _flag(best: np.ndarray, config: MatchConfig) -> DocumentFlag:
    republished = share(best, config.lineage.republish_cosine) >= config.lineage.republish_share
    return REPUBLISHED if republished else REWRITE


def _direction(a: Article, b: Article, near_ab: float, near_ba: float) -> tuple[Article, Article]:
    """(copy, original): the later published copies the earlier; else the more covered copies."""
    if a.published and b.published and a.published != b.published:
        return (a, b) if a.published > b.published else (b, a)
    if near_ab != near_ba:
        return (a, b) if near_ab > near_ba else (b, a)
    return (a, b) if a.path > b.path else (b, a)


def _break_cycles(found: dict[str, tuple[float, DocumentFlag, str]]) -> dict[str, tuple[float, DocumentFlag, str]]:
    """Two documents cannot copy each other: the weaker of the two claims goes."""
    out = dict(found)
    for copy, (weight, _, origin) in found.items():
        back = out.get(origin)
        if back and back[2] == copy and copy in out and weight <= back[0]:
            del out[copy]
    return out


THREE_LETTERS = re.compile(r"[A-Za-z]{3}")


def outlet(doc: Article) -> str:
    """The outlet's name, or "" when the source is only a file name."""
    return _outlet(doc.source, doc.path)


@functools.lru_cache(maxsize=1 << 16)
def _outlet(source: str | None, path: str) -> str:
    """``outlet`` of a source and path: asked twice per document per run (outlet names, credited pairs)."""
    name = (source or "").strip()
    if len(name) < 3 or "_" in name or not THREE_LETTERS.search(name) or name == _stem(path):
        return ""
    return name


@functools.lru_cache(maxsize=1 << 16)
def _stem(path: str) -> str:
    """The file name less its suffix: asked several times per document per run, and a ``Path`` is slow to make."""
    return Path(path).stem


def credits(documents: Mapping[str, Article]) -> dict[str, set[str]]:
    """Document id -> ids of other documents whose outlet its text credits as a source."""
    by_name: dict[str, set[str]] = {}
    for doc in documents.values():
        if name := outlet(doc):
            by_name.setdefault(name.lower(), set()).add(doc.id)
    out: dict[str, set[str]] = {}
    for doc_id, names in credited_outlets(documents).items():
        others = set().union(*(by_name[n] for n in names)) - {doc_id}
        if others:
            out[doc_id] = others
    return out


def credited_outlets(documents: Mapping[str, Article]) -> dict[str, set[str]]:
    """Document id -> the outlets of the corpus (lower case) its text credits as a source, its own left out.

    Outlet names rather than documents: one wire outlet can have thousands of documents.
    """
    _, found = refresh_credited(documents, frozenset(), {})
    return {doc_id: set(names) for doc_id, names in found.items() if names}


def outlet_names(documents: Mapping[str, Article]) -> frozenset[str]:
    """The outlets (lower case) of the corpus: the names a text's credits are looked for."""
    return frozenset(name.lower() for doc in documents.values() if (name := outlet(doc)))


def refresh_credited(
    documents: Mapping[str, Article], outlets: frozenset[str], found: Mapping[str, frozenset[str]]
) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """(outlet names, document id -> the outlets its text credits) for every document, reading few texts.

    ``found`` is what an earlier call returned for the outlet names ``outlets`` (empty sets included: a
    text read that credits nothing). Only the documents not in it are read, and those whose text holds a
    name that came or went since: an alternative of the pattern that matches nowhere in a text changes
    nothing found there, so every other document keeps its credits exactly.
    """
    names = outlet_names(documents)
    changed = _name_pattern(names ^ outlets)
    stale = [d for d in documents if d not in found or (changed is not None and changed.search(documents[d].text))]
    out = {d: found[d] for d in documents if d in found}
    out.update(_scan_credits(documents, stale, names))
    return names, out


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """The names as alternatives, longest first (the longest name at a place wins), case-insensitive."""
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in ordered), re.I) if ordered else None


def _scan_credits(
    documents: Mapping[str, Article], doc_ids: Sequence[str], names: frozenset[str]
) -> dict[str, frozenset[str]]:
    """Document id -> the outlets among ``names`` its text credits, for each of ``doc_ids``.

    The credit's own words are found first, then the text just before or after them is looked up among
    the names, longest first: one pass per text, however many outlets the corpus has (an alternation of
    346 names, as ECB+ has, took 6 s over its 979 texts).
    """
    lengths = sorted({len(n) for n in names}, reverse=True)
    out: dict[str, frozenset[str]] = {}
    for doc_id in doc_ids:
        doc, credited = documents[doc_id], set()
        text = doc.text
        if lengths:
            for hit in CREDIT_AFTER.finditer(text):  # "Barron's reported": a name with its "'s", or else before it
                own = hit.end(1) > hit.start() and _name_at(text, hit.end(1), names, lengths, before=True)
                credited.add(own or _name_at(text, hit.start(), names, lengths, before=True))
            for hit in CREDIT_BEFORE.finditer(text):  # a name that begins with "the", or else "the Times"
                credited.add(_name_at(text, hit.start(1), names, lengths) or _name_at(text, hit.end(), names, lengths))
        credited.discard("")
        credited.discard(outlet(doc).lower())
        out[doc_id] = frozenset(credited)
    return out


def _name_at(text: str, at: int, names: frozenset[str], lengths: Sequence[int], before: bool = False) -> str:
    """The longest of ``names`` that starts at ``at`` in ``text`` (or ends there, ``before``), case-insensitive,
    lower-cased; or ""."""
    for n in lengths:
        if (name := (text[max(0, at - n) : at] if before else text[at : at + n]).lower()) in names:
            return name
    return ""


def root(documents: Mapping[str, Article], doc_id: str) -> str:
    """The original at the end of the document's origin chain: itself when independent or unknown.

    The one derivation of "which source stands behind this document": a copy of a copy leads to
    the first original, and a loop (which ``_break_cycles`` should never leave) stops where it closes.
    """
    seen, current = {doc_id}, doc_id
    while (doc := documents.get(current)) and (nxt := doc.origin) and nxt in documents and nxt not in seen:
        seen.add(nxt)
        current = nxt
    return current


def roots(documents: Mapping[str, Article]) -> dict[str, str]:
    """Document id -> ``root`` of it, for every document."""
    return {doc_id: root(documents, doc_id) for doc_id in documents}

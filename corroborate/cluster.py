"""Vectors -> Cluster: matching claims across documents.

Claims whose embeddings are at least ``match`` apart join one cluster; pairs
between ``suggest`` and ``match`` become suggestions for a reviewer. Support is
the number of distinct documents in a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.records import Article, Claim, Cluster, Suggestion, content_id


@dataclass(frozen=True)
class Clustering:
    clusters: list[Cluster]
    suggestions: list[Suggestion] = field(default_factory=list)
    documents: dict[str, Article] = field(default_factory=dict)


def cluster_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    documents: Mapping[str, Article],
    config: MatchConfig = DEFAULT_MATCH,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
) -> Clustering:
    index = {c.id: i for i, c in enumerate(claims)}
    sims = vectors @ vectors.T if len(claims) else np.zeros((0, 0))
    parent = list(range(len(claims)))
    apart = {frozenset((index[a], index[b])) for a, b in cannot_link if a in index and b in index}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in must_link:
        if a in index and b in index:
            parent[find(index[a])] = find(index[b])
    rows, cols = np.where(np.triu(sims, k=1) >= config.match)
    for i, j in sorted(zip(rows.tolist(), cols.tolist()), key=lambda p: -sims[p]):
        if frozenset((i, j)) not in apart:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(find(i), []).append(i)
    clusters = [_make_cluster(members, claims, sims) for members in groups.values()]
    suggestions = _suggestions(claims, sims, find, config)
    return Clustering(clusters=clusters, suggestions=suggestions, documents=dict(documents))


def _make_cluster(members: list[int], claims: Sequence[Claim], sims: np.ndarray) -> Cluster:
    ids = tuple(sorted(claims[i].id for i in members))
    central = max(members, key=lambda i: float(sims[i, members].mean()))
    support = len({claims[i].document_id for i in members})
    return Cluster(
        id=content_id("cluster", ids[0]),
        claims=ids,
        support=support,
        independent_support=support,
        status="single-source" if support < 2 else "corroborated",
        label=claims[central].text,
    )


def _suggestions(claims: Sequence[Claim], sims: np.ndarray, find, config: MatchConfig) -> list[Suggestion]:  # type: ignore[no-untyped-def]
    rows, cols = np.where(np.triu(sims, k=1) >= config.suggest)
    out = []
    for i, j in zip(rows.tolist(), cols.tolist()):
        if sims[i, j] < config.match and find(i) != find(j) and claims[i].document_id != claims[j].document_id:
            out.append(Suggestion(claims[i].id, claims[j].id, round(float(sims[i, j]), 4)))
    return out

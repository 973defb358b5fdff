"""Vectors -> Cluster: matching claims across documents.

The flow inside the stage:

1. candidates  top-k nearest claims of *other* documents per claim, from
               blockwise matrix products (never an N x N matrix), or an
               inverted-file index past ``ann_queries`` claims (``ann.py``);
               only new claims are queried when a previous clustering is given
2. scores      each candidate pair scored by ``corroborate.match.link_score`` (pair_score, with casualty counts)
3. lineage     documents that republish or rewrite another (``lineage.py``)
4. scope       documents grouped into events; other events stay apart (``scope.py``)
5. linkage     pairs at or above ``match`` merge clusters, best first, under
               average linkage (mean cross cosine >= ``average_cosine``, and the
               pair model's mean probability over all cross pairs >=
               ``average_probability``: claims about one person sit close in
               meaning even when they state different facts), never across a
               cannot-link pair, a different time scope or a different role
               ("killed" vs "injured"); must-link pairs are merged first
6. clusters    support = distinct documents; independent support = distinct
               lineages; label = the most central claim; stable ids

Pairs between ``suggest`` and ``match`` that end in different clusters become
suggestions for a reviewer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from corroborate import ann, lineage, scope
from corroborate.checks import status_for
from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.match import (
    Features,
    describes_another_fact,
    features,
    field_checks,
    link_score,
    same_action,
    same_casualty,
    scope_check,
)
from corroborate.pairs import claim_probability
from corroborate.records import (
    OTHER_EVENT,
    Article,
    Claim,
    Cluster,
    Suggestion,
    TextReadings,
    claim_documents,
    claim_ids,
    content_id,
)

_V = TypeVar("_V")
Clock = Callable[[str], AbstractContextManager[object]]  # stage name -> a context that times it


def untimed(stage: str) -> AbstractContextManager[object]:
    return nullcontext()


@dataclass(frozen=True)
class Clustering:
    clusters: list[Cluster]
    suggestions: list[Suggestion] = field(default_factory=list)
    documents: dict[str, Article] = field(default_factory=dict)
    readings: TextReadings = field(default_factory=TextReadings)  # what was read off the texts, for the next run
    # With ``settle``: stored cluster id -> its rows, for each group that holds exactly the kept claims of one
    # stored cluster. No record is made for them (``make_cluster`` makes one): most stay as stored.
    settled: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    """A scored candidate pair of claims (row indices, i < j)."""

    i: int
    j: int
    cosine: float
    score: float
    linked: bool = False  # at or above ``match``, and the pair model agrees (``MatchConfig.link_probability``)


def cluster_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    documents: Mapping[str, Article],
    config: MatchConfig = DEFAULT_MATCH,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
    previous: Mapping[str, str] | None = None,
    clock: Clock = untimed,
    readings: TextReadings | None = None,
    settle: bool = False,
) -> Clustering:
    """Cluster claims; with ``previous`` (claim id -> cluster id) only new claims are matched.

    ``clock`` times the parts ("cluster": candidates, scores and linkage; "scope": lineage and events).
    ``readings`` is what an earlier run read off the texts (``Clustering.readings``): only the other
    texts are read again. With ``settle``, stored clusters that neither gained nor lost a claim come back
    in ``Clustering.settled``, not in ``clusters``.
    """
    readings = readings or TextReadings()
    if not claims:
        return Clustering([], [], dict(documents), readings)
    vectors = np.asarray(vectors, dtype=np.float32)
    with clock("cluster"):
        index = {claim: i for i, claim in enumerate(claim_ids(claims))}
        must = _pairs(must_link, index)
        cannot = _pairs(cannot_link, index)
        kept, before, queries = _kept_previous(claims, previous or {}, must | cannot)
        feats = LazyFeatures(claims)
        pairs = candidate_pairs(claims, vectors, queries, config)
        edges = score_edges(pairs, feats, config)
    with clock("scope"):
        held = _previous_pairs(list(before.values()))
        matched = [(e.i, e.j) for e in edges if e.linked] + held
        near = [(i, j) for (i, j), cos in pairs.items() if cos >= config.lineage.near_identical]
        outlets, credited = lineage.refresh_credited(documents, readings.outlets, readings.credited)
        credits = {d: names for d, names in credited.items() if names}
        again = {d for d, names in credited.items() if readings.credited.get(d) != names}
        rows = lineage.rows_by_document(claims)
        near_credited = lineage.credited_pairs(
            documents, credits, rows, vectors, config, readings.credited_pairs, again
        )
        verdicts = dict(readings.verdicts)
        doc_pairs = _doc_pairs(claims, near + matched)
        docs = lineage.mark_lineage(
            documents, claims, vectors, doc_pairs, config, credits, near_credited, verdicts, again, {OTHER_EVENT}, rows
        )
        related = [(e.i, e.j) for e in edges if e.score >= config.events.pair] + held
        names = scope.original_names(docs, readings.names)
        lines = scope.read_datelines(docs, readings.datelines)
        stored_events = readings.events if kept else None
        docs_of = claim_documents(claims)
        touched = {docs_of[i] for i in queries.tolist()} | {
            d for d, doc in docs.items() if (doc.flags, doc.origin) != (documents[d].flags, documents[d].origin)
        }
        docs, event = scope.mark_events(docs, claims, related, config, names, lines, stored_events, touched)
        readings = TextReadings(
            outlets,
            credited,
            {**readings.names, **names},
            {**readings.datelines, **lines},
            frozenset(near_credited),
            readings.under,
            verdicts,
            event,
        )
    with clock("cluster"):
        stored = previous or {}
        reviewed = {stored[claims[i].id] for pair in must | cannot for i in pair if claims[i].id in stored}
        apart = _across_events(before, claims, event) - reviewed  # a reviewer's decision holds them as they are
        if apart:  # stored when their documents looked like one event: matched again, each in its own
            freed = np.array(sorted(i for cid in apart for i in before[cid]), dtype=np.int64)
            more = {
                pair: cos for pair, cos in candidate_pairs(claims, vectors, freed, config).items() if pair not in pairs
            }
            edges += score_edges(more, feats, config)
            before = {cid: rows for cid, rows in before.items() if cid not in apart}
        edges = [e for e in edges if event[docs_of[e.i]] == event[docs_of[e.j]]]
        linked = sorted((e for e in edges if e.linked), key=lambda e: -e.score)
        groups = _Groups(vectors, feats, cannot, config)
        groups.seed(before, must)
        groups.link(linked, config)
        alone = groups.outliers({i for pair in must for i in pair}, {i for rows in before.values() for i in rows})
        if alone:  # linked again without them: a claim that bridged two facts no longer holds them together
            relinked = _Groups(vectors, feats, cannot, config)
            relinked.pair_checks, relinked.pair_agreement = groups.pair_checks, groups.pair_agreement
            relinked.seed(before, must)
            relinked.link([e for e in linked if e.i not in alone and e.j not in alone], config)
            groups = relinked
        settled = groups.unchanged() if settle else {}
        skip = {groups.find(rows[0]) for rows in settled.values()}
        clusters = _make_clusters(groups.members(skip), claims, vectors, docs, kept, set(settled))
        suggestions = _suggestions(edges, groups, claims, cannot, config)
    return Clustering(clusters, suggestions, docs, readings, settled)


def _pairs(pairs: Iterable[tuple[str, str]], index: Mapping[str, int]) -> set[frozenset[int]]:
    return {frozenset((index[a], index[b])) for a, b in pairs if a in index and b in index and a != b}


def _kept_previous(
    claims: Sequence[Claim], previous: Mapping[str, str], constrained: set[frozenset[int]]
) -> tuple[dict[str, str], dict[str, list[int]], np.ndarray]:
    """Previous assignments to keep: every stored claim not named in a reviewer's constraint. In one pass,
    claim id -> stored cluster id, stored cluster id -> the rows of its kept claims (in order), and the
    rows of the other claims, which are matched."""
    ids = claim_ids(claims)
    touched = {ids[i] for pair in constrained for i in pair}
    kept: dict[str, str] = {}
    groups: dict[str, list[int]] = {}
    queries: list[int] = []
    for i, claim in enumerate(ids):
        cid = previous.get(claim)
        if cid is None or claim in touched:
            queries.append(i)
        else:
            kept[claim] = cid
            groups.setdefault(cid, []).append(i)
    return kept, groups, np.array(queries, dtype=np.int64)


def _across_events(before: Mapping[str, list[int]], claims: Sequence[Claim], event: Mapping[str, str]) -> set[str]:
    """The stored clusters whose documents this run's event scope puts in more than one event.

    Claims of different events are never matched; a cluster stored by an earlier run, when fewer documents
    had come in and two events still looked like one, would otherwise keep them together for good.
    """
    out = set()
    docs = claim_documents(claims)
    for cid, rows in before.items():
        if len(rows) > 1:  # most stored clusters are one claim
            first = event.get(docs[rows[0]])
            if any(event.get(docs[i]) != first for i in rows[1:]):
                out.add(cid)
    return out


def _previous_pairs(groups: Sequence[list[int]]) -> list[tuple[int, int]]:
    """Matches the previous clustering already made (``_kept_previous``): each member with its cluster's first."""
    return [(g[0], i) for g in groups for i in g[1:]]


def _doc_pairs(claims: Sequence[Claim], rows: Iterable[tuple[int, int]]) -> set[tuple[str, str]]:
    docs = claim_documents(claims)
    return {(docs[i], docs[j]) for i, j in rows}


def candidate_pairs(
    claims: Sequence[Claim], vectors: np.ndarray, queries: np.ndarray, config: MatchConfig = DEFAULT_MATCH
) -> dict[tuple[int, int], float]:
    """Top-k neighbours of each query row among claims of other documents, at or above ``candidate_cosine``.

    Exact blockwise search (memory stays at ``block x N`` floats) for fewer than ``ann_queries`` query
    rows, an inverted-file index for more (``corroborate.ann``); claims of one document are never candidates.
    """
    doc_codes = _codes(claim_documents(claims))
    k = min(config.neighbours, len(claims) - 1)
    if k <= 0 or not len(queries):
        return {}
    floor = config.candidate_cosine
    if 0 < config.ann_queries <= len(queries):
        index = ann.IvfIndex.build(vectors)
        rows, cols, sims = index.search(vectors, doc_codes, queries, k, floor, config.ann_probes)
    else:
        rows, cols, sims = ann.exact_neighbours(vectors, doc_codes, queries, k, floor, config.block)
    out: dict[tuple[int, int], float] = {}
    for row, col, sim in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True):
        out[(min(row, col), max(row, col))] = sim
    return out


def _codes(values: Sequence[str]) -> np.ndarray:
    lookup: dict[str, int] = {}
    return np.array([lookup.setdefault(v, len(lookup)) for v in values], dtype=np.int64)


class LazyFeatures(Sequence[Features]):
    """Each claim's features, read on first use: an incremental run reads only the claims it touches.

    ``features`` is pure, so reading them late changes nothing but the time: on a store of many claims
    most are never scored nor linked again, and reading them all was most of an incremental run's work.
    """

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = claims
        self.cache: dict[int, Features] = {}

    def __len__(self) -> int:
        return len(self.claims)

    def __getitem__(self, i: int) -> Features:  # type: ignore[override]
        found = self.cache.get(i)
        if found is None:
            found = self.cache[i] = features(self.claims[i])
        return found


def score_edges(
    pairs: Mapping[tuple[int, int], float], feats: Sequence[Features], config: MatchConfig = DEFAULT_MATCH
) -> list[Edge]:
    """Each candidate pair with its link score; a pair at or above ``match`` links when the pair model agrees."""
    edges = []
    for (i, j), cos in pairs.items():
        score = link_score(cos, feats[i], feats[j], config)
        linked = (
            score >= config.match
            and (
                config.link_probability <= 0
                or claim_probability(cos, feats[i], feats[j], score) >= config.link_probability
            )
            and not (config.descriptions_apart and describes_another_fact(feats[i], feats[j]))
        )
        edges.append(Edge(i, j, cos, score, linked))
    return edges


class _Groups:
    """Union-find over claim rows with member lists and vector sums for average linkage."""

    def __init__(
        self,
        vectors: np.ndarray,
        feats: Sequence[Features],
        cannot: set[frozenset[int]],
        config: MatchConfig = DEFAULT_MATCH,
    ) -> None:
        self.vectors, self.config = vectors, config
        self.parent = list(range(len(vectors)))
        # A row alone is its own group: its list and sum are made when first asked for (most rows of a
        # large store are never linked again), as they would have been made up front.
        self.items: dict[int, list[int]] = _Lazy(lambda i: [i])
        self.sums: dict[int, np.ndarray] = _Lazy(self._sum)
        self.feats = feats
        # A pair is judged again at each merge its groups are tried for: its field checks and its
        # agreement are kept, the first by forbidden / one_casualty / agreement, the second by agreement.
        self.pair_checks: dict[tuple[int, int], dict[str, str]] = {}
        self.pair_agreement: dict[tuple[int, int], float] = {}
        self.stored: dict[int, str] = {}  # root -> id of the previous cluster it holds
        self.changed: set[int] = set()  # roots of the groups a union reached after the previous clusters joined
        self.apart: dict[int, set[int]] = {}
        for pair in cannot:
            a, b = tuple(pair)
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)

    def _sum(self, root: int) -> np.ndarray:
        """A group's vector sum, made when first asked for: a row's own, or a seeded stored cluster's, its
        rows added in order (as unions in that order would have added them)."""
        if root in self.items:
            return self.vectors[self.items[root]].sum(axis=0, dtype=np.float64)
        return self.vectors[root].astype(np.float64)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def seed(self, previous: Mapping[str, list[int]], must: set[frozenset[int]]) -> None:
        """Previous clusters and must-link pairs join first (unless a cannot-link forbids it)."""
        # Each stored cluster's rows are rows no union has reached, and no two clusters share one: its first
        # row becomes the root of the others, as unions in order would make it, without walking them.
        for cid, members in previous.items():
            first = members[0]
            if len(members) > 1:  # most stored clusters are one row, its own root
                for i in members[1:]:
                    self.parent[i] = first
                self.items[first] = list(members)
            self.stored[first] = cid
        for pair in must:
            a, b = tuple(pair)
            if not self.forbidden(self.find(a), self.find(b)):
                self.union(a, b)

    def link(self, edges: Sequence[Edge], config: MatchConfig) -> None:
        for e in edges:
            a, b = self.find(e.i), self.find(e.j)
            if a == b or self.forbidden(a, b):
                continue
            close = self.average(a, b) >= config.average_cosine or self.one_casualty(a, b)
            if close and self.agree(a, b):
                self.union(a, b)

    def outliers(self, keep: set[int], stored: set[int]) -> set[int]:
        """Claims a merge let into a cluster whose other members the pair model does not think state their
        fact: the mean of their pair values with the rest under ``config.outlier_probability``.

        A cluster grows by merges, each judged on the mean over its cross pairs: "guided the team to the
        playoffs his first two seasons" joins "played for 11 seasons" at 0.37 before the other reports of
        the 11 seasons come in, and stays when they do (0.09 and 0.23 with them). Judged again against the
        whole cluster, it falls out. The worst goes first, then the rest are judged again. Claims of a
        reviewer's must-link pair and claims stored in their cluster stay where they are.
        """
        threshold = self.config.outlier_probability
        if threshold <= 0 or self.config.average_probability <= 0:  # no agreement asked of a merge either
            return set()
        out: set[int] = set()
        for root in self.changed:
            if self.find(root) != root or len(self.items[root]) < 3:
                continue
            members = list(self.items[root])
            while len(members) >= 3:
                means = {i: self.mean_with(i, members) for i in members if i not in keep and i not in stored}
                worst = min(means, key=means.__getitem__, default=None)
                if worst is None or means[worst] >= threshold:
                    break
                out.add(worst)
                members.remove(worst)
        return out

    def mean_with(self, i: int, members: Sequence[int]) -> float:
        """Row ``i``'s mean pair value with the other members, over at most ``config.cross_pairs`` of them."""
        others = [j for j in members if j != i]
        others = _even(others, self.config.cross_pairs or len(others))
        return sum(self.pair_value(i, j) for j in others) / len(others)

    def average(self, a: int, b: int) -> float:
        """Mean cosine over all cross pairs, exactly, from the groups' vector sums."""
        return float(self.sums[a] @ self.sums[b]) / (len(self.items[a]) * len(self.items[b]))

    def agree(self, a: int, b: int) -> bool:
        threshold = self.config.average_probability
        return threshold <= 0 or self.agreement(a, b) >= threshold

    def one_casualty(self, a: int, b: int) -> bool:
        """Every cross pair counts one casualty ("about 40 injured", "wounded dozens of others"): one fact
        however differently worded, so the figures meet in one cluster where the checks compare them."""
        return all(same_casualty(self.feats[i], self.feats[j], self.checks(i, j)) for i, j in self.cross(a, b))

    def agreement(self, a: int, b: int) -> float:
        """The pair model's mean probability over the cross pairs of two groups: do they state one fact?"""
        pairs = self.cross(a, b)
        return sum(self.pair_value(i, j) for i, j in pairs) / len(pairs)

    def cross(self, a: int, b: int) -> list[tuple[int, int]]:
        """The cross pairs of two groups, all of them up to ``config.cross_pairs``; past it, those of members
        taken at even steps through each group's list (the same ones every time). A story that hundreds of
        outlets carry makes clusters of hundreds of claims: judging every pair at every merge made the
        linkage quadratic in a cluster's size, while the mean of an even sample of pairs this many
        tells the same."""
        left, right = self.items[a], self.items[b]
        limit = self.config.cross_pairs
        if limit <= 0 or len(left) * len(right) <= limit:
            return [(i, j) for i in left for j in right]
        side = max(1, math.isqrt(limit))
        take_left = _even(left, min(len(left), max(side, limit // len(right))))
        take_right = _even(right, min(len(right), max(1, limit // len(take_left))))
        return [(i, j) for i in take_left for j in take_right]

    def checks(self, i: int, j: int) -> dict[str, str]:
        key = (i, j) if i < j else (j, i)
        if key not in self.pair_checks:
            self.pair_checks[key] = field_checks(self.feats[key[0]], self.feats[key[1]])
        return self.pair_checks[key]

    def pair_value(self, i: int, j: int) -> float:
        """1 for the same action (``match.same_action``) or one casualty counted twice, 0 for a description
        of someone against an event it does not restate (``match.describes_another_fact``), else the pair
        model's probability."""
        key = (i, j) if i < j else (j, i)
        if key not in self.pair_agreement:
            x, y = self.feats[key[0]], self.feats[key[1]]
            checks = self.checks(*key)
            if same_casualty(x, y, checks) or same_action(x, y, checks):
                self.pair_agreement[key] = 1.0
            elif self.config.descriptions_apart and describes_another_fact(x, y):
                self.pair_agreement[key] = 0.0
            else:
                cos = float(self.vectors[key[0]] @ self.vectors[key[1]])
                self.pair_agreement[key] = claim_probability(cos, x, y, link_score(cos, x, y, self.config))
        return self.pair_agreement[key]

    def forbidden(self, a: int, b: int) -> bool:
        """Two stored clusters with no new claim between them, a cannot-link pair, a different time scope or
        role ("killed" vs "injured"). A new claim that matches claims of two stored clusters may join them
        (under the same average linkage and agreement as any merge): a run's claims can tell that two facts
        stored apart are one, as a run over everything would have seen."""
        if self.as_stored(a) and self.as_stored(b):
            return True
        left, right = self.items[a], set(self.items[b])
        if any(self.apart.get(i, set()) & right for i in left):
            return True
        # over the distinct scopes and roles of each side, not over every cross pair of claims
        scopes_a = {self.feats[i].scope for i in left} - {frozenset()}
        scopes_b = {self.feats[j].scope for j in right} - {frozenset()}
        if any(scope_check(x, y) == "differ" for x in scopes_a for y in scopes_b):
            return True
        roles_a = {self.feats[i].roles for i in left} - {frozenset()}
        roles_b = {self.feats[j].roles for j in right} - {frozenset()}
        return any(not (x & y) for x in roles_a for y in roles_b)

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if len(self.items[a]) < len(self.items[b]):
            a, b = b, a
        self.parent[b] = a
        if b in self.stored:
            self.stored.setdefault(a, self.stored[b])  # the larger group's stored id, when both have one
            del self.stored[b]
        self.changed.add(a)
        total = self.sums[a] + self.sums[b]  # before the lists join: a sum not yet made is made of its list
        self.items[a] += self.items[b]
        self.sums[a] = total
        del self.items[b], self.sums[b]

    def members(self, skip: Collection[int] = ()) -> list[list[int]]:
        """Each group's rows in order, groups by their root (the order a group was first made in), but those
        whose root is in ``skip``."""
        return [
            sorted(self.items[i]) if i in self.items else [i]
            for i, p in enumerate(self.parent)
            if p == i and i not in skip
        ]

    def as_stored(self, root: int) -> bool:
        """Whether the group is a stored cluster as seeded: no union reached it since."""
        return root in self.stored and root not in self.changed

    def unchanged(self) -> dict[str, list[int]]:
        """Stored cluster id -> rows, for each group that holds exactly the kept claims of one stored cluster:
        made of them while seeding, and reached by no union since (a stored cluster joins another only by a
        union, which marks the root it joins; so no other group holds any of its claims)."""
        return {
            cid: sorted(self.items[root]) if root in self.items else [root]
            for root, cid in self.stored.items()
            if self.as_stored(root)
        }


def _even(items: Sequence[int], n: int) -> list[int]:
    """``n`` of ``items`` at even steps, the first and the last among them."""
    if n >= len(items):
        return list(items)
    if n == 1:
        return [items[0]]
    return [items[(k * (len(items) - 1)) // (n - 1)] for k in range(n)]


class _Lazy(dict[int, _V]):
    """A dict whose missing key gets ``make(key)``, kept."""

    def __init__(self, make: Callable[[int], _V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: int) -> _V:
        found = self[key] = self.make(key)
        return found


def _make_clusters(
    groups: Sequence[list[int]],
    claims: Sequence[Claim],
    vectors: np.ndarray,
    documents: Mapping[str, Article],
    kept: Mapping[str, str],
    taken: set[str],
) -> list[Cluster]:
    """The groups' records, those holding stored claims first; ``taken`` holds the ids already kept (by the
    stored clusters that stay as they are)."""
    roots = lineage.roots(documents)
    ordered = sorted(groups, key=lambda g: not any(claims[i].id in kept for i in g))
    clusters = []
    for members in ordered:
        cid = _cluster_id([claims[i].id for i in members], kept, taken)
        taken.add(cid)
        clusters.append(make_cluster(cid, members, claims, vectors, roots))
    return clusters


def make_cluster(
    cid: str, members: Sequence[int], claims: Sequence[Claim], vectors: np.ndarray, roots: Mapping[str, str]
) -> Cluster:
    """The record of one group of rows: support, independent support (``lineage.roots``), label."""
    docs = {claims[i].document_id for i in members}
    support, independent = len(docs), len({roots.get(d, d) for d in docs})
    return Cluster(
        id=cid,
        claims=tuple(sorted(claims[i].id for i in members)),
        support=support,
        independent_support=independent,
        status=status_for(support, (), independent),  # before the checks; the pipeline adds their findings
        label=claims[_central(members, vectors)].text,
    )


def _cluster_id(ids: Sequence[str], kept: Mapping[str, str], taken: set[str]) -> str:
    """Keep the stored id of the previous cluster most members came from; else derive it from the anchor."""
    came_from = [kept[i] for i in ids if i in kept]
    if came_from:
        best = came_from[0] if came_from.count(came_from[0]) == len(came_from) else _most_common(came_from)
        if best not in taken:
            return best
    anchor = min(ids)
    cid = content_id("cluster", anchor)
    return cid if cid not in taken else content_id("cluster", anchor, len(ids))


def _most_common(ids: Sequence[str]) -> str:
    """The id most often given, the smallest of those tied."""
    counts = Counter(ids)
    return min(counts, key=lambda cid: (-counts[cid], cid))


def _central(members: Sequence[int], vectors: np.ndarray) -> int:
    """The member closest to the others: the highest dot product with the group's vector sum."""
    if len(members) == 1:  # most groups of a large store; the product would say the same
        return members[0]
    block = vectors[list(members)]
    return members[int(np.argmax(block @ block.sum(axis=0)))]


def _suggestions(
    edges: Sequence[Edge], groups: _Groups, claims: Sequence[Claim], cannot: set[frozenset[int]], config: MatchConfig
) -> list[Suggestion]:
    out = []
    # Pairs at or above ``match`` that linkage kept apart are worth a reviewer's look too.
    for e in sorted(edges, key=lambda e: -e.score):
        apart = groups.find(e.i) != groups.find(e.j) and frozenset((e.i, e.j)) not in cannot
        if apart and e.score >= config.suggest:
            out.append(Suggestion(claims[e.i].id, claims[e.j].id, round(e.score, 4)))
    return out

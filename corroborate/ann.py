"""Nearest claims of other documents: the search under the cluster stage's candidates.

``cluster.candidate_pairs`` asks for each query row's top-k neighbours at or above a cosine floor,
never in the query's own document. Two searches answer it, with one output shape (parallel arrays
of query row, neighbour row and cosine, query by query in the order asked):

* ``exact_neighbours``: blockwise products against every row. Only the cosines at or above the floor
  are ranked, so a block costs one product and one comparison, not a sort of every row.
* ``IvfIndex``: an inverted file. A coarse k-means quantizer (scikit-learn's ``MiniBatchKMeans``,
  trained on a sample) puts each row in one of about ``sqrt(N)`` lists; a query is compared with the
  rows of its ``probes`` nearest lists only. Approximate: a neighbour in an unprobed list is missed.
  New rows are assigned to the trained lists (``add``), not rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Hits = tuple[np.ndarray, np.ndarray, np.ndarray]  # query rows, neighbour rows, cosines
EMPTY: Hits = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))
DENSE_HITS = 64  # past this many hits per query row, a block ranks whole rows instead (bounded memory)
QUERY_CHUNK = 16_384  # queries searched at once in an index: at most chunk x probes x k hits held


def exact_neighbours(
    vectors: np.ndarray, docs: np.ndarray, queries: np.ndarray, k: int, floor: float, block: int = 1024
) -> Hits:
    """Top-``k`` rows at cosine >= ``floor`` of another document (``docs``: a code per row) per query."""
    blocks = (queries[first : first + block] for first in range(0, len(queries), block))
    return _concat([_block_hits(vectors, docs, rows, None, k, floor) for rows in blocks])


def _block_hits(
    vectors: np.ndarray, docs: np.ndarray, rows: np.ndarray, cols: np.ndarray | None, k: int, floor: float
) -> Hits:
    """Each row's ``k`` best ``cols`` (None: every row) at cosine >= ``floor`` of another document.

    Only the cells over the floor are read, so a row with at most ``k`` of them costs one product and
    one comparison. A row with more is ranked whole (``np.argpartition``, as the search always did: the
    same pick among tied cosines), and so is every row of a block with more than ``DENSE_HITS`` cells
    over the floor per row, to bound the memory. Rows come back in the order given.
    """
    sims = vectors[rows] @ (vectors if cols is None else vectors[cols]).T  # every row: no copy of them all
    cols = np.arange(len(vectors)) if cols is None else cols
    over = sims >= floor
    if int(np.count_nonzero(over)) > DENSE_HITS * len(rows):
        at, found_cols, found = _ranked(sims, np.arange(len(rows)), docs[rows], docs[cols], k, floor)
        return rows[at], cols[found_cols], found
    r, c = np.nonzero(over)
    other = docs[rows[r]] != docs[cols[c]]
    r, c = r[other], c[other]
    crowded = np.bincount(r, minlength=len(rows)) > k
    few = ~crowded[r]
    parts = [(r[few], c[few], sims[r[few], c[few]])]
    if crowded.any():
        parts.append(_ranked(sims, np.flatnonzero(crowded), docs[rows], docs[cols], k, floor))
    at, found_cols, found = _concat(parts)
    order = np.argsort(at, kind="stable")
    return rows[at[order]], cols[found_cols[order]], found[order]


def _ranked(
    sims: np.ndarray, which: np.ndarray, row_docs: np.ndarray, col_docs: np.ndarray, k: int, floor: float
) -> Hits:
    """Rows ``which`` of ``sims`` ranked whole: positions of their ``k`` best cells over the floor."""
    part = sims[which]
    part[row_docs[which][:, None] == col_docs[None, :]] = -np.inf
    k = min(k, part.shape[1])
    whole = k >= part.shape[1]
    best = np.tile(np.arange(k), (len(which), 1)) if whole else np.argpartition(-part, k - 1, axis=1)[:, :k]
    found = np.take_along_axis(part, best, axis=1)
    keep = found >= floor
    return np.repeat(which, k).reshape(-1, k)[keep], best[keep], found[keep]


def _top_k_per_query(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, k: int) -> Hits:
    """The ``k`` best hits of each query row, rows kept in the order given, best first within a row."""
    if not len(rows):
        return EMPTY
    order = np.lexsort((cols, -sims, _first_seen_rank(rows)))
    rows, cols, sims = rows[order], cols[order], sims[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    keep = rank < k
    return rows[keep], cols[keep], sims[keep]


def _first_seen_rank(rows: np.ndarray) -> np.ndarray:
    """Each value's rank by first appearance: sorting by it keeps the queries in the order asked."""
    values, first = np.unique(rows, return_index=True)
    rank = np.empty(len(values), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(values))
    return rank[np.searchsorted(values, rows)]


def _concat(parts: list[Hits]) -> Hits:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return EMPTY
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))  # type: ignore[return-value]


@dataclass(frozen=True)
class IvfIndex:
    """Centroids of a coarse quantizer and the list each row belongs to."""

    centroids: np.ndarray  # lists x dim, float32
    lists: np.ndarray  # one list number per row, int64

    @classmethod
    def build(cls, vectors: np.ndarray, nlist: int | None = None, seed: int = 0) -> IvfIndex:
        """Train the quantizer on a sample of at most 64 rows per list, then assign every row."""
        from sklearn.cluster import MiniBatchKMeans  # a second of import: only past the exact search's size

        vectors = np.asarray(vectors, dtype=np.float32)
        nlist = max(1, min(nlist or round(np.sqrt(len(vectors))), len(vectors)))
        rng = np.random.default_rng(seed)
        sample = vectors[rng.choice(len(vectors), size=min(len(vectors), 64 * nlist), replace=False)]
        # Random initial centroids: k-means++ took ten times as long for the same recall on ECB+ vectors.
        kmeans = MiniBatchKMeans(nlist, init="random", batch_size=4096, n_init=1, max_iter=10, random_state=seed)
        centroids = kmeans.fit(sample).cluster_centers_.astype(np.float32)
        return cls(centroids, nearest_lists(vectors, centroids, 1)[:, 0])

    def add(self, vectors: np.ndarray) -> IvfIndex:
        """The index with rows appended (``vectors``: the new rows only), each put in its nearest list."""
        new = nearest_lists(np.asarray(vectors, dtype=np.float32), self.centroids, 1)[:, 0]
        return IvfIndex(self.centroids, np.concatenate([self.lists, new]))

    def search(
        self, vectors: np.ndarray, docs: np.ndarray, queries: np.ndarray, k: int, floor: float, probes: int = 16
    ) -> Hits:
        """As ``exact_neighbours``, comparing each query with the rows of its ``probes`` nearest lists only."""
        members = np.argsort(self.lists, kind="stable")
        bounds = np.searchsorted(self.lists[members], np.arange(len(self.centroids) + 1))
        chunks = [queries[first : first + QUERY_CHUNK] for first in range(0, len(queries), QUERY_CHUNK)]
        return _concat([self._search(vectors, docs, chunk, (members, bounds), k, floor, probes) for chunk in chunks])

    def _search(
        self,
        vectors: np.ndarray,
        docs: np.ndarray,
        queries: np.ndarray,
        listed: tuple[np.ndarray, np.ndarray],
        k: int,
        floor: float,
        probes: int,
    ) -> Hits:
        members, bounds = listed  # rows sorted by list, and where each list starts among them
        probed = nearest_lists(vectors[queries], self.centroids, min(probes, len(self.centroids)))
        asked = np.argsort(probed.ravel(), kind="stable")  # (query, probe) cells grouped by list
        starts = np.searchsorted(probed.ravel()[asked], np.arange(len(self.centroids) + 1))
        parts = []
        for number in np.flatnonzero(np.diff(starts)).tolist():
            rows = queries[asked[starts[number] : starts[number + 1]] // probed.shape[1]]
            cols = members[bounds[number] : bounds[number + 1]]
            parts.append(_block_hits(vectors, docs, rows, cols, k, floor))
        return _top_k_per_query(*_in_query_order(queries, *_concat(parts)), k)


def _in_query_order(queries: np.ndarray, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray) -> Hits:
    """Hits reordered so their query rows come in the order the queries were asked."""
    position = np.empty(int(queries.max()) + 1 if len(queries) else 0, np.int64)
    position[queries] = np.arange(len(queries))
    order = np.argsort(position[rows], kind="stable")
    return rows[order], cols[order], sims[order]


def nearest_lists(vectors: np.ndarray, centroids: np.ndarray, probes: int, block: int = 8192) -> np.ndarray:
    """The ``probes`` nearest centroids (Euclidean, as k-means trained them) of each row, nearest first."""
    half_norms = 0.5 * np.einsum("ij,ij->i", centroids, centroids)
    out = np.empty((len(vectors), probes), np.int64)
    for first in range(0, len(vectors), block):
        score = vectors[first : first + block] @ centroids.T - half_norms  # larger: nearer
        top = np.argpartition(-score, probes - 1, axis=1)[:, :probes] if probes < score.shape[1] else None
        top = np.argsort(-score, axis=1)[:, :probes] if top is None else top
        order = np.argsort(-np.take_along_axis(score, top, axis=1), axis=1)
        out[first : first + block] = np.take_along_axis(top, order, axis=1)
    return out


def recall(found: Hits, exact: Hits) -> float:
    """Share of the exact search's (query, neighbour) pairs that ``found`` has too (1.0 when none)."""
    truth = set(zip(exact[0].tolist(), exact[1].tolist(), strict=True))
    if not truth:
        return 1.0
    return len(truth & set(zip(found[0].tolist(), found[1].tolist(), strict=True))) / len(truth)

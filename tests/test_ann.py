"""Candidate search: the exact blockwise search against a brute-force ranking, and the inverted-file
index against the exact search (recall, incremental add, when the cluster stage uses which)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from corroborate import ann
from corroborate import cluster as cluster_module
from corroborate.cluster import candidate_pairs
from corroborate.config import DEFAULT_MATCH
from corroborate.records import Claim


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def random_vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    return unit(np.random.default_rng(seed).normal(size=(n, dim)))


def clustered_vectors(n: int, centres: int = 40, dim: int = 32, noise: float = 0.05, seed: int = 0) -> np.ndarray:
    """Paraphrase-like structure: each row a small perturbation of one of a few centres."""
    rng = np.random.default_rng(seed)
    base = unit(rng.normal(size=(centres, dim)))
    return unit(base[rng.integers(0, centres, size=n)] + noise * rng.normal(size=(n, dim)))


def brute_force(vectors: np.ndarray, docs: np.ndarray, queries: np.ndarray, k: int, floor: float) -> set:
    out = set()
    for q in queries.tolist():
        sims = vectors @ vectors[q]
        ranked = [c for c in np.argsort(-sims, kind="stable").tolist() if docs[c] != docs[q] and sims[c] >= floor]
        out |= {(q, c) for c in ranked[:k]}
    return out


def pairs(hits: ann.Hits) -> set:
    return set(zip(hits[0].tolist(), hits[1].tolist(), strict=True))


@pytest.mark.parametrize("floor", [-1.0, 0.2, 0.6])
def test_exact_search_equals_a_brute_force_ranking_of_every_row(floor: float) -> None:
    vectors, docs = random_vectors(300), np.arange(300) // 3
    queries = np.arange(300)
    found = ann.exact_neighbours(vectors, docs, queries, 5, floor, block=64)
    assert pairs(found) == brute_force(vectors, docs, queries, 5, floor)


def test_dense_blocks_rank_whole_rows_and_find_the_same_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors, docs, queries = clustered_vectors(400), np.arange(400) // 4, np.arange(400)
    sparse = ann.exact_neighbours(vectors, docs, queries, 7, 0.5, block=50)
    monkeypatch.setattr(ann, "DENSE_HITS", 0)  # every block takes the whole-row path
    dense = ann.exact_neighbours(vectors, docs, queries, 7, 0.5, block=50)
    assert pairs(dense) == pairs(sparse)
    assert np.array_equal(dense[0], sparse[0])


def test_tied_neighbours_past_k_are_picked_as_a_whole_row_ranking_picks_them() -> None:
    """Copies of one sentence tie: which of them make the top k must not move with the faster search."""
    rng = np.random.default_rng(3)
    copy = unit(rng.normal(size=(1, 8)))
    vectors = np.vstack([copy, np.repeat(copy, 25, axis=0), random_vectors(40, dim=8, seed=4)])
    docs, queries, k = np.arange(len(vectors)), np.arange(len(vectors)), 10
    sims = vectors @ vectors.T
    sims[docs[:, None] == docs[None, :]] = -np.inf
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    expected = [(q, c) for q in queries.tolist() for c in top[q].tolist() if sims[q, c] >= 0.5]
    found = ann.exact_neighbours(vectors, docs, queries, k, 0.5, block=16)
    assert set(zip(found[0].tolist(), found[1].tolist(), strict=True)) == set(expected)


def test_a_claim_of_the_query_document_is_never_a_neighbour() -> None:
    vectors = unit(np.ones((6, 4)) + 0.01 * np.arange(24).reshape(6, 4))  # all nearly identical
    docs = np.array([0, 0, 0, 1, 1, 2])
    for hits in (
        ann.exact_neighbours(vectors, docs, np.arange(6), 10, 0.0),
        ann.IvfIndex.build(vectors, nlist=2).search(vectors, docs, np.arange(6), 10, 0.0, probes=2),
    ):
        assert all(docs[q] != docs[c] for q, c in pairs(hits))
        assert len(pairs(hits)) == 6 * 6 - (9 + 4 + 1)


def test_hits_come_back_in_the_order_the_queries_were_asked() -> None:
    vectors, docs = clustered_vectors(200), np.arange(200)
    queries = np.array([150, 3, 99, 42])
    for hits in (
        ann.exact_neighbours(vectors, docs, queries, 4, 0.0),
        ann.IvfIndex.build(vectors, nlist=8).search(vectors, docs, queries, 4, 0.0, probes=3),
    ):
        assert list(dict.fromkeys(hits[0].tolist())) == queries.tolist()


def test_probing_every_list_finds_exactly_what_the_exact_search_finds() -> None:
    vectors, docs, queries = random_vectors(500), np.arange(500) // 2, np.arange(500)
    index = ann.IvfIndex.build(vectors, nlist=12)
    found = index.search(vectors, docs, queries, 6, 0.1, probes=12)
    assert pairs(found) == pairs(ann.exact_neighbours(vectors, docs, queries, 6, 0.1))


def test_index_recall_on_paraphrase_like_vectors_is_high() -> None:
    vectors, docs, queries = clustered_vectors(4000, centres=60), np.arange(4000) // 5, np.arange(4000)
    exact = ann.exact_neighbours(vectors, docs, queries, 10, 0.45)
    found = ann.IvfIndex.build(vectors).search(vectors, docs, queries, 10, 0.45, probes=16)
    assert ann.recall(found, exact) >= 0.95


def test_index_recall_on_random_vectors_falls_with_fewer_probes_and_is_never_above_one() -> None:
    """Isotropic vectors have no lists to speak of: what a few probes find is measured, not assumed."""
    vectors, docs, queries = random_vectors(2000, dim=32), np.arange(2000) // 5, np.arange(2000)
    exact = ann.exact_neighbours(vectors, docs, queries, 10, 0.3)
    index = ann.IvfIndex.build(vectors)
    few, many = (index.search(vectors, docs, queries, 10, 0.3, probes=p) for p in (2, 30))
    assert 0.0 < ann.recall(few, exact) < ann.recall(many, exact) <= 1.0
    rows, cols, sims = few
    assert np.allclose(sims, np.einsum("ij,ij->i", vectors[rows], vectors[cols]), atol=1e-5)
    assert (sims >= 0.3).all() and (docs[rows] != docs[cols]).all()


def test_rows_added_to_an_index_land_where_a_build_with_its_centroids_puts_them() -> None:
    vectors = clustered_vectors(1200)
    grown = ann.IvfIndex.build(vectors[:1000], nlist=20).add(vectors[1000:])
    assigned = ann.nearest_lists(vectors, grown.centroids, 1)[:, 0]
    assert np.array_equal(grown.lists, assigned)
    assert len(grown.lists) == 1200


def test_rows_added_to_an_index_are_found_as_neighbours() -> None:
    vectors, docs = clustered_vectors(1200), np.arange(1200)
    grown = ann.IvfIndex.build(vectors[:1000], nlist=20).add(vectors[1000:])
    queries = np.arange(1000, 1200)
    exact = ann.exact_neighbours(vectors, docs, queries, 10, 0.45)
    assert ann.recall(grown.search(vectors, docs, queries, 10, 0.45, probes=8), exact) >= 0.95


def claims_for(n: int, per_document: int = 4) -> list[Claim]:
    return [Claim(f"c{i}", f"d{i // per_document}", f"claim {i}", f"claim {i}", 0, 7) for i in range(n)]


def test_a_small_store_uses_the_exact_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_index(*args: object, **kwargs: object) -> None:
        raise AssertionError("an index was built below ann_queries")

    monkeypatch.setattr(ann.IvfIndex, "build", no_index)
    vectors = clustered_vectors(500)
    assert candidate_pairs(claims_for(500), vectors, np.arange(500), DEFAULT_MATCH)


def test_a_few_new_claims_in_a_large_store_are_matched_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    """An incremental run queries only its new claims: building an index over the store would cost more."""

    def no_index(*args: object, **kwargs: object) -> None:
        raise AssertionError("an index was built for a few queries")

    monkeypatch.setattr(ann.IvfIndex, "build", no_index)
    vectors, claims = clustered_vectors(3000), claims_for(3000)
    config = replace(DEFAULT_MATCH, ann_queries=1000)
    found = candidate_pairs(claims, vectors, np.arange(2990, 3000), config)
    assert found == candidate_pairs(claims, vectors, np.arange(2990, 3000), replace(config, ann_queries=0))
    assert found


def test_past_ann_queries_the_index_finds_nearly_all_exact_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    real = ann.IvfIndex.build

    def spy(vectors: np.ndarray, *args: object, **kwargs: object) -> ann.IvfIndex:
        built.append(len(vectors))
        return real(vectors)

    monkeypatch.setattr(cluster_module.ann.IvfIndex, "build", spy)
    vectors, claims, queries = clustered_vectors(3000), claims_for(3000), np.arange(3000)
    approximate = candidate_pairs(claims, vectors, queries, replace(DEFAULT_MATCH, ann_queries=3000))
    exact = candidate_pairs(claims, vectors, queries, replace(DEFAULT_MATCH, ann_queries=0))
    assert built == [3000]
    assert len(set(approximate) & set(exact)) >= 0.95 * len(exact)
    assert all(abs(approximate[p] - exact[p]) < 1e-5 for p in set(approximate) & set(exact))

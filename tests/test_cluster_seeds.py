"""The cluster stage on the five seed articles with the real model (slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corroborate import cluster as cluster_module
from corroborate.cluster import cluster_claims
from corroborate.store import Store

pytestmark = pytest.mark.slow


def _load(db: Path) -> tuple[Store, list, np.ndarray, dict]:  # type: ignore[type-arg]
    store = Store(db)
    claims = store.claims()
    model = store.db.execute("select model from embeddings limit 1").fetchone()[0]
    return store, claims, store.vectors([c.id for c in claims], model), store.documents()


def _doc(documents: dict, prefix: str) -> str:  # type: ignore[type-arg]
    return next(d.id for d in documents.values() if Path(d.path).name.startswith(prefix))


def test_160_attacks_match_across_wording_and_five_attacks_stay_out(seeds_db: Path) -> None:
    store, claims, _, documents = _load(seeds_db)
    by_id = {c.id: c for c in claims}
    (attacks,) = [c for c in store.clusters() if any("160 attacks" in by_id[i].text for i in c.claims)]
    members = [by_id[i] for i in attacks.claims]
    assert {_doc(documents, "000"), _doc(documents, "001")} <= {c.document_id for c in members}
    assert not any("five drone attacks" in c.text for c in members)


def test_rewrite_and_other_event_flags(seeds_db: Path) -> None:
    store, _, _, documents = _load(seeds_db)
    ft, rewrite, old = _doc(documents, "001"), _doc(documents, "000"), _doc(documents, "004")
    assert documents[rewrite].flags == ("rewrite",) and documents[rewrite].origin == ft
    assert documents[old].flags == ("other-event",)
    assert all(documents[_doc(documents, p)].flags == () for p in ("001", "002", "003"))


def test_copies_do_not_count_as_independent_support(seeds_db: Path) -> None:
    store, claims, _, documents = _load(seeds_db)
    doc_of = {c.id: c.document_id for c in claims}
    copies = {_doc(documents, "000"), _doc(documents, "001")}
    for c in store.clusters():
        docs = {doc_of[i] for i in c.claims}
        assert c.independent_support == len(docs) - (1 if copies <= docs else 0)


def test_other_event_claims_never_share_a_cluster(seeds_db: Path) -> None:
    store, claims, _, documents = _load(seeds_db)
    old = _doc(documents, "004")
    doc_of = {c.id: c.document_id for c in claims}
    for c in store.clusters():
        docs = {doc_of[i] for i in c.claims}
        assert old not in docs or docs == {old}


def test_constraints_are_honoured_on_real_vectors(seeds_db: Path) -> None:
    store, claims, vectors, documents = _load(seeds_db)
    by_id = {c.id: c for c in claims}
    (attacks,) = [c for c in store.clusters() if any("160 attacks" in by_id[i].text for i in c.claims)]
    a, b = attacks.claims[:2]
    far = next(c.id for c in claims if c.id not in attacks.claims and c.document_id == by_id[a].document_id)
    result = cluster_claims(claims, vectors, documents, must_link=[(a, far)], cannot_link=[(a, b)])
    home = {i: c.id for c in result.clusters for i in c.claims}
    assert home[a] != home[b] and home[a] == home[far]


def test_incremental_run_matches_only_the_new_document(seeds_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, claims, vectors, documents = _load(seeds_db)
    new_doc = _doc(documents, "002")
    previous = {
        k: v
        for k, v in store.previous_clusters().items()
        if next(c for c in claims if c.id == k).document_id != new_doc
    }
    queried: list[int] = []
    real = cluster_module.candidate_pairs

    def spy(claims_, vectors_, queries, config):  # type: ignore[no-untyped-def]
        queried.extend(queries.tolist())
        return real(claims_, vectors_, queries, config)

    monkeypatch.setattr(cluster_module, "candidate_pairs", spy)
    result = cluster_claims(claims, vectors, documents, previous=previous)
    assert sorted(queried) == [i for i, c in enumerate(claims) if c.document_id == new_doc]
    home = {i: c.id for c in result.clusters for i in c.claims}
    for claim_id, cluster_id in previous.items():
        assert home[claim_id] == cluster_id

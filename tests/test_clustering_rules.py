"""An upgrade that changes the clustering rules reaches stored clusters: the next run clusters from scratch, once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corroborate import pipeline
from corroborate.config import CLUSTERING_RULES
from corroborate.embed import HashEmbedder
from corroborate.extract import build_nlp
from corroborate.store import Store

TEXTS = {
    "a.txt": "The council approved the new budget on Tuesday. The mayor opened a library in the harbour district.",
    "b.txt": "The council approved the new budget on Tuesday. Heavy rain flooded three streets near the station.",
}


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def first_run(tmp_path: Path, nlp: object) -> tuple[Store, list[str]]:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "c.db")
    pipeline.run([str(tmp_path / n) for n in TEXTS], store, HashEmbedder(), nlp)  # type: ignore[arg-type]
    return store, [str(tmp_path / n) for n in TEXTS]


def merge_two_singletons(store: Store) -> frozenset[str]:
    """Store one cluster of two claims that state different facts, as an older version's looser rules might."""
    clusters = store.clusters()
    a, b = [c for c in clusters if c.support == 1][:2]
    merged = replace(a, claims=tuple(sorted(a.claims + b.claims)), support=2, independent_support=2)
    store.replace_clusters([merged, *(c for c in clusters if c not in (a, b))], store.suggestions(), run_id=0)
    return frozenset(merged.claims)


def memberships(store: Store) -> set[frozenset[str]]:
    return {frozenset(c.claims) for c in store.clusters()}


def test_a_database_clustered_under_older_rules_is_clustered_again_once(tmp_path: Path, nlp: object) -> None:
    store, paths = first_run(tmp_path, nlp)
    assert store.settings()["clustering_rules"] == CLUSTERING_RULES
    fresh = memberships(store)
    merged = merge_two_singletons(store)
    store.db.execute("delete from settings where key = 'clustering_rules'")  # as a database made before the rules
    store.db.conn.commit()
    result = pipeline.run(paths, store, HashEmbedder(), nlp)  # type: ignore[arg-type]
    assert result.reclustered and result.documents_added == 0
    assert merged not in memberships(store) and memberships(store) == fresh
    assert store.settings()["clustering_rules"] == CLUSTERING_RULES
    merge_two_singletons(store)
    again = pipeline.run(paths, store, HashEmbedder(), nlp)  # type: ignore[arg-type]
    assert not again.reclustered  # once: now the stored clusters are this version's, kept as they are
    assert any(len(m) == 2 and m not in fresh for m in memberships(store))


def test_recluster_sets_stored_clusters_aside_when_asked(tmp_path: Path, nlp: object) -> None:
    store, paths = first_run(tmp_path, nlp)
    fresh = memberships(store)
    merged = merge_two_singletons(store)
    kept = pipeline.run(paths, store, HashEmbedder(), nlp)  # type: ignore[arg-type]
    assert not kept.reclustered and merged in memberships(store)
    redone = pipeline.run(paths, store, HashEmbedder(), nlp, from_scratch=True)  # type: ignore[arg-type]
    assert redone.reclustered and memberships(store) == fresh

"""Incremental runs touch only what changed: lazy features, streamed vectors, indexes, stage timing."""

from __future__ import annotations

import gc
import math
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_cluster import CFG, angle, article, claim, docs

from corroborate import cluster as cluster_stage
from corroborate import pipeline
from corroborate.cluster import cluster_claims
from corroborate.embed import HashEmbedder, vector_key
from corroborate.errors import StoreError
from corroborate.extract import build_nlp
from corroborate.records import Article
from corroborate.store import FILTER_INDEXES, SCHEMA_VERSION, Store, writes


def test_an_incremental_run_reads_features_only_of_claims_it_touches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sixty stored clusters at right angles to each other, and one new claim next to one of them.
    claims = [claim(f"d{i}", f"Officials said event number {i} happened") for i in range(60)]
    claims.append(claim("new", "Officials said event number 3 happened today"))
    near = np.zeros(64, dtype=np.float32)
    near[3], near[63] = 0.99, math.sqrt(1 - 0.99**2)
    vectors = np.vstack([np.eye(60, 64, dtype=np.float32), near])
    documents = {c.document_id: article(c.document_id) for c in claims}
    previous = {c.id: f"cluster-{i}" for i, c in enumerate(claims[:60])}
    read: list[str] = []
    real = cluster_stage.features
    monkeypatch.setattr(cluster_stage, "features", lambda c: read.append(c.id) or real(c))
    lazy = cluster_claims(claims, vectors, documents, CFG, previous=previous)
    assert claims[-1].id in read and len(set(read)) <= 2
    monkeypatch.setattr(cluster_stage, "features", real)
    eager = cluster_claims(claims, vectors, documents, CFG, previous=previous)
    assert lazy == eager


def test_lazy_features_never_compute_one_claim_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(cluster_stage, "features", lambda c: calls.append(c.id) or c.id)
    claims = [claim("a", "one"), claim("b", "two")]
    lazy = cluster_stage.LazyFeatures(claims)
    assert lazy[1] == lazy[1] == claims[1].id
    assert calls == [claims[1].id] and len(lazy) == 2


def stored(tmp_path: Path) -> tuple[Store, list[str]]:
    store = Store(tmp_path / "v.db")
    claims = [claim("doc", f"claim number {i}") for i in range(3)]
    store.add_document(article("doc", "text"), claims, np.eye(3, 4, dtype=np.float32), "m")
    return store, [c.id for c in claims]


def test_streamed_vectors_follow_the_asked_order_with_repeated_ids(tmp_path: Path) -> None:
    store, ids = stored(tmp_path)
    got = store.vectors([ids[2], ids[0], ids[2]], "m")
    assert got.tolist() == [np.eye(3, 4)[2].tolist(), np.eye(3, 4)[0].tolist(), np.eye(3, 4)[2].tolist()]
    assert got.dtype == np.float32


def test_one_claim_without_a_vector_among_stored_ones_is_refused(tmp_path: Path) -> None:
    store, ids = stored(tmp_path)
    with pytest.raises(StoreError, match="^1 claims have no vector for model m"):
        store.vectors([*ids, "claim-never-stored"], "m")
    assert store.vectors([], "m").shape == (0, 0)


def indexes(path: Path) -> set[tuple[str, tuple[str, ...]]]:
    conn = sqlite3.connect(path)
    found = set()
    for (table,) in conn.execute("select name from sqlite_master where type = 'table'"):
        for _, name, *_ in conn.execute(f"pragma index_list('{table}')"):
            columns = tuple(r[2] for r in conn.execute(f"pragma index_info('{name}')"))
            found.add((table, columns))
    conn.close()
    return found


def test_every_filtered_column_has_an_index_also_on_a_database_made_before_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    for table, columns_list in FILTER_INDEXES.items():
        for columns in columns_list:
            conn.execute(f"drop index if exists idx_{table}_{'_'.join(columns)}")
    conn.execute("delete from _sqlite_migrations where name = 'm008_filter_indexes'")
    conn.execute("pragma user_version = 7")
    conn.commit()
    conn.close()
    assert ("embeddings", ("model", "claim_id")) not in indexes(path)
    Store(path).close()
    wanted = {(table, tuple(c)) for table, cols in FILTER_INDEXES.items() for c in cols}
    assert wanted <= indexes(path)


def test_stage_clock_times_each_stage_of_a_real_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Police said two people died in the fire on Monday.", encoding="utf-8")
    (folder / "b.txt").write_text("Officials said two people died in the fire on Monday.", encoding="utf-8")
    clock = pipeline.StageClock()
    store = Store(tmp_path / "t.db")
    pipeline.run([str(folder)], store, HashEmbedder(), build_nlp(), clock=clock)
    assert set(clock.seconds) == {"ingest", "extract", "embed", "store", "load", "cluster", "scope", "checks"}
    assert all(s >= 0 for s in clock.seconds.values()) and min(clock.peak_mib.values()) > 0


def test_a_group_drawn_evenly_from_two_stored_clusters_keeps_the_smaller_id() -> None:
    kept = {"c1": "k-b", "c2": "k-a", "c3": "k-b", "c4": "k-a"}
    assert cluster_stage._cluster_id(["c1", "c2", "c3", "c4"], kept, set()) == "k-a"
    assert cluster_stage._cluster_id(["c1", "c2", "c3"], kept, set()) == "k-b"  # most members first
    assert cluster_stage._cluster_id(["c1", "c3"], kept, {"k-b"}) == cluster_stage.content_id("cluster", "c1")


def test_a_lone_claim_is_its_own_label_whatever_its_vector() -> None:
    vectors = np.array([[np.nan, 0.0], [1.0, 0.0]], dtype=np.float32)  # the product would not say
    assert cluster_stage._central([0], vectors) == 0
    assert cluster_stage._central([0, 1], np.eye(2, dtype=np.float32)) == 0


def test_an_incremental_clustering_groups_the_stored_clusters_once(monkeypatch: pytest.MonkeyPatch) -> None:
    claims = [claim(f"d{i}", f"Officials said event number {i} happened") for i in range(6)]
    previous = {c.id: f"cluster-{i // 2}" for i, c in enumerate(claims)}
    documents = {c.document_id: article(c.document_id) for c in claims}
    calls: list[int] = []
    real = cluster_stage._kept_previous
    monkeypatch.setattr(cluster_stage, "_kept_previous", lambda *a: calls.append(1) or real(*a))
    result = cluster_claims(claims, np.eye(6, 8, dtype=np.float32), documents, CFG, previous=previous)
    assert len(calls) == 1
    assert sorted(c.id for c in result.clusters) == ["cluster-0", "cluster-1", "cluster-2"]


def test_vectors_read_in_blocks_land_in_the_asked_order_among_another_models_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "VECTOR_BLOCK", 3)  # blocks that split the rows, one with no wanted row
    store = Store(tmp_path / "b.db")
    claims = [claim("doc", f"claim number {i}") for i in range(7)]
    mine = np.arange(28, dtype=np.float32).reshape(7, 4)
    store.add_document(article("doc", "text"), claims, mine, "m")
    store.add_vectors(claims, -mine, "other")  # the table scan meets these rows too
    asked = [claims[i].id for i in (6, 0, 3, 3, 5)]
    assert store.vectors(asked, "m").tolist() == mine[[6, 0, 3, 3, 5]].tolist()
    assert store.vectors([claims[1].id], "other").tolist() == [(-mine[1]).tolist()]
    store.close()


def test_the_cycle_collector_is_paused_while_clustering_and_restored_as_it_was_even_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = pipeline._clustering

    def clustering(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_clustering", clustering)
    store = Store(tmp_path / "gc.db")
    claims = [claim("doc", f"claim number {i}") for i in range(3)]
    store.add_document(article("doc", "text"), claims, np.eye(3, 4, dtype=np.float32), "m")
    assert gc.isenabled()
    pipeline.recluster(store, "m")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        pipeline.recluster(store, "m")
        assert not gc.isenabled()  # left off: it was off
    finally:
        gc.enable()
    monkeypatch.setattr(pipeline, "_clustering", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pipeline.recluster(store, "m")
    assert gc.isenabled()
    store.close()


class CountingEmbedder(HashEmbedder):
    """The hash embedder, keeping every text it was asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed(self, texts: Any) -> np.ndarray:
        self.texts += list(texts)
        return super().embed(texts)


WIRE = "Officials said 12 people were injured in the blast. The port was closed on Monday."
REWRITE = "Officials said 12 people were injured in the blast. Divers searched the harbour overnight."


def test_a_claim_text_an_earlier_run_embedded_is_taken_from_the_store_not_embedded_again(tmp_path: Path) -> None:
    nlp, db = build_nlp(), tmp_path / "k.db"
    for name, text in (("wire.txt", WIRE), ("rewrite.txt", REWRITE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store, first = Store(db), CountingEmbedder()
    pipeline.run([str(tmp_path / "wire.txt")], store, first, nlp)
    second = CountingEmbedder()
    pipeline.run([str(tmp_path / "rewrite.txt")], store, second, nlp)
    texts = {c.document_id: {c.text for c in store.claims(c.document_id)} for c in store.claims()}
    wire, rewrite = (texts[Article.make_id(t)] for t in (WIRE, REWRITE))
    assert wire & rewrite and rewrite - wire  # one claim text repeated, one new
    assert sorted(second.texts) == sorted(rewrite - wire)  # only the new text went to the model
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from embeddings where key is null").fetchone() == (0,)
        by_key = "select count(distinct vector), count(*) from embeddings group by key order by 2 desc"
        assert conn.execute(by_key).fetchone() == (1, 2)  # both claims of that text hold the one vector
    store.close()


def test_the_upgrade_gives_every_stored_vector_its_content_key(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = Store(db)
    c = claim("a", "Officials said 12 people were injured in the blast.")
    store.add_document(article("a", WIRE), [c], HashEmbedder().embed([c.text]), "hash-256")
    store.close()
    with sqlite3.connect(db) as conn:  # the file as it was before vectors had keys
        conn.execute("drop index idx_embeddings_key")
        conn.execute("alter table embeddings drop column key")
        conn.execute("delete from _sqlite_migrations where name = 'm015_embedding_keys'")
        conn.execute(f"pragma user_version = {SCHEMA_VERSION - 1}")
        conn.execute("insert into embeddings (claim_id, model, dim, vector) values ('gone', 'hash-256', 1, x'00')")
    store = Store(db)
    assert store.db.execute("select key from embeddings where claim_id = 'gone'").fetchone() == (None,)
    key = vector_key("hash-256", c.text)
    found = store.vectors_by_key([key, vector_key("other-model", c.text)])
    assert list(found) == [key]
    np.testing.assert_array_equal(found[key], HashEmbedder().embed([c.text])[0])
    store.close()


def test_a_stored_cluster_that_took_in_a_new_claim_is_not_left_as_stored() -> None:
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three"), claim("d", "four")]
    vectors = np.vstack([angle(0), angle(5), angle(90), angle(180)])
    previous = {claims[0].id: "s1", claims[2].id: "s2", claims[3].id: "s3"}
    result = cluster_stage.cluster_claims(
        claims, vectors, docs("a", "b", "c", "d"), CFG, previous=previous, settle=True
    )
    assert sorted(result.settled) == ["s2", "s3"]  # s1 took in b's claim
    assert [(c.id, len(c.claims)) for c in result.clusters] == [("s1", 2)]

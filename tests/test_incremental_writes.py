"""A run writes only the clustering rows that changed, and leaves the tables a full rewrite would."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_incremental_checks import FIRE, FIRST, LATER, STORM, feed

from corroborate import cluster, pipeline
from corroborate.records import Cluster, Conflict, Suggestion
from corroborate.store import Store

TABLES = {
    "clusters": "id, status, support, independent_support, label, conflict_count, numbers",
    "cluster_claims": "claim_id, cluster_id",
    "conflicts": "*",
    "suggestions": "id, claim_a, claim_b, similarity",
}


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)


JOINING = [{**FIRST[0], "id": "a2", "text": FIRST[0]["text"] + " Smoke."}]  # a new document that joins a cluster


def cluster_claims(db: Path) -> dict[str, tuple[str, ...]]:
    """Stored cluster id -> its claim ids."""
    store = Store(db)
    try:
        return {c.id: c.claims for c in store.clusters()}
    finally:
        store.close()


def contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {table: rows(db, f"select {columns} from {table}") for table, columns in TABLES.items()}


def test_adding_one_document_leaves_untouched_cluster_rows_unwritten(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    feed(tmp_path, "first.jsonl", FIRST, db)
    before = {r[0]: r for r in rows(db, "select id, rowid, run_id from clusters")}
    members = rows(db, "select claim_id, rowid from cluster_claims")
    feed(tmp_path, "later.jsonl", LATER, db)
    after = {r[0]: r for r in rows(db, "select id, rowid, run_id from clusters")}
    kept = set(before) & set(after)
    assert kept and all(after[c] == before[c] for c in kept)  # same rowid: never deleted and inserted again
    assert {after[c][2] for c in set(after) - kept} == {2}  # the new document's clusters carry the second run
    assert set(members) <= set(rows(db, "select claim_id, rowid from cluster_claims"))


def test_the_diffed_swap_leaves_the_tables_a_full_rewrite_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = LATER + JOINING
    db, full = tmp_path / "d.db", tmp_path / "full.db"
    for path in (db, full):
        feed(tmp_path, "first.jsonl", FIRST, path)
    feed(tmp_path, "later.jsonl", later, db)  # the clusters it did not change stay as stored, unread
    swapped: list[tuple[Any, ...]] = []
    real = Store.replace_clusters
    monkeypatch.setattr(Store, "replace_clusters", lambda self, *args: swapped.append(args) or real(self, *args))
    monkeypatch.setattr(pipeline._Before, "unchanged", lambda *a: False)  # every cluster checked and passed in
    feed(tmp_path, "later.jsonl", later, full)
    assert not swapped[-1][3]  # nothing kept
    rewritten = tmp_path / "rewritten.db"
    shutil.copy(full, rewritten)
    with sqlite3.connect(rewritten) as conn:
        for table in ("cluster_claims", "conflicts", "suggestions", "clusters"):
            conn.execute(f"delete from {table}")
    store = Store(rewritten)
    real(store, *swapped[-1])  # onto empty tables: every row written, as the whole swap did
    store.close()
    assert contents(db) == contents(rewritten) == contents(full)
    assert contents(db)["clusters"] and contents(db)["conflicts"]


def test_a_changed_cluster_row_is_updated_and_an_unchanged_one_keeps_its_run(hash_db: Path) -> None:
    store = Store(hash_db)
    claims = store.claims()[:3]
    a, b, c = (x.id for x in claims)
    one = Conflict("number", "number", "contradiction", (a, b), "A says 3; B says 4.")
    store.replace_clusters(
        [Cluster("k1", (a, b), 2, 2, "contradicted", "x", (one,)), Cluster("k2", (c,), 1, 1, "single-source", "y")],
        [Suggestion(a, c, 0.7)],
        run_id=1,
    )
    relabelled = Conflict("number", "number", "contradiction", (a, b), "A says 3; B says 5.")
    store.replace_clusters(
        [
            Cluster("k1", (a, b), 2, 2, "contradicted", "x2", (relabelled,)),
            Cluster("k2", (c,), 1, 1, "single-source", "y"),
        ],
        [Suggestion(a, c, 0.75)],
        run_id=2,
    )
    assert {r.id: r.run_id for r in map(store.review_cluster, ("k1", "k2"))} == {"k1": 2, "k2": 1}
    assert store.conflicts()["k1"] == [relabelled]
    assert store.suggestions() == [Suggestion(a, c, 0.75)]
    assert [x.label for x in store.clusters()] == ["x2", "y"]


def test_a_run_neither_reads_nor_compares_the_stored_clusters_it_leaves_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "f.db"
    feed(tmp_path, "first.jsonl", FIRST, db)
    stored = cluster_claims(db)
    compared: list[str] = []
    real = Store._rows_of
    monkeypatch.setattr(
        Store, "_rows_of", lambda self, t, n, col, scope: real(self, t, n, col, compared.extend(scope or ()) or scope)
    )
    for unread in ("clusters", "conflicts"):
        monkeypatch.setattr(Store, unread, lambda *a: pytest.fail("a run read every stored cluster or finding"))
    feed(tmp_path, "later.jsonl", JOINING, db)
    monkeypatch.undo()
    now = cluster_claims(db)
    unchanged = {c for c in now if stored.get(c) == now[c]}
    assert compared and unchanged and not unchanged & set(compared)  # only the cluster the new claims joined
    assert set(compared) == set(now) - unchanged | set(stored) - set(now)


def test_lineage_writes_back_only_documents_whose_flags_or_origin_changed(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    text = f"{FIRE} {STORM} The mayor said the bridge will reopen on Friday."
    feed(tmp_path, "first.jsonl", [*FIRST, {"id": "o", "title": "O", "text": text, "source": "India"}], db)
    with sqlite3.connect(db) as conn:
        conn.execute("create table written (id text)")
        conn.execute("create trigger log after update on documents begin insert into written values (new.id); end")
    before = dict((r[0], r[1:]) for r in rows(db, "select id, flags, origin from documents"))
    feed(tmp_path, "copy.jsonl", [{"id": "c2", "title": "C", "text": text + " More soon.", "source": "Juliett"}], db)
    after = dict((r[0], r[1:]) for r in rows(db, "select id, flags, origin from documents"))
    changed = {d for d in after if d in before and after[d] != before[d]}
    new = set(after) - set(before)
    written = [r[0] for r in rows(db, "select id from written")]
    assert written == sorted(changed | {d for d in new if after[d][0] != "[]"})
    assert written and len(written) < len(after) - 1  # a lineage flag was written; the untouched documents were not


def test_a_run_makes_no_record_for_a_stored_cluster_that_neither_gained_nor_lost_a_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.db"
    feed(tmp_path, "first.jsonl", FIRST, db)
    stored = cluster_claims(db)
    made: list[str] = []
    real = cluster.make_cluster
    for module in (cluster, pipeline):
        monkeypatch.setattr(module, "make_cluster", lambda cid, *a: made.append(cid) or real(cid, *a))
    feed(tmp_path, "later.jsonl", JOINING, db)
    now = cluster_claims(db)
    unchanged = {c for c in now if stored.get(c) == now[c]}
    assert unchanged and made and sorted(made) == sorted(set(now) - unchanged)

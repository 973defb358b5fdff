"""The database as Datasette shows it: foreign keys that hold, and a metadata file that matches the schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from test_store import claim

from corroborate import pipeline
from corroborate.embed import HashEmbedder
from corroborate.records import Annotation, Article, Cluster, Conflict, Suggestion
from corroborate.store import FOREIGN_KEYS, Store
from corroborate.store import schema as store_module
from corroborate.store.rows import article_row, claim_row

METADATA = Path(__file__).resolve().parent.parent / "datasette-metadata.json"
TEXT = "Kirby said the US has not struck Iran. At least 34 were injured on Monday. Talks resume today."


def described() -> dict[str, dict[str, str]]:
    """table -> {column: description} of the metadata file's database 'corroborate'."""
    meta = json.loads(METADATA.read_text(encoding="utf-8"))
    tables = meta["databases"]["corroborate"]["tables"]
    return {name: table["columns"] for name, table in tables.items()}


def schema(store: Store) -> dict[str, list[str]]:
    """table -> columns, without the FTS index's internal tables."""
    return {t.name: [c.name for c in t.columns] for t in store.db.tables if not t.name.startswith("claims_fts_")}


def test_the_metadata_describes_every_table_and_column_of_a_real_store_and_nothing_else(hash_db: Path) -> None:
    store = Store(hash_db)
    tables = schema(store)
    meta = described()
    assert sorted(meta) == sorted(tables)
    for name, columns in tables.items():
        assert sorted(meta[name]) == sorted(columns), name
        assert all(text.strip() for text in meta[name].values()), name
    labels = json.loads(METADATA.read_text())["databases"]["corroborate"]["tables"]
    for name, table in labels.items():
        assert table.get("label_column", tables[name][0]) in tables[name]


def test_foreign_key_check_is_clean_on_the_seeds_and_after_a_second_clustering(hash_db: Path) -> None:
    store = Store(hash_db)
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert store.db.execute("pragma foreign_key_check").fetchall() == []
    assert store.counts()["clusters"] > 0 and store.db["cluster_claims"].count == store.counts()["claims"]
    # A second clustering replaces rows that the first one's children point at: deletes must go children first.
    pipeline.recluster(store, HashEmbedder().model_id, run_id=2)
    assert store.db.execute("pragma foreign_key_check").fetchall() == []
    found = {(t.name, fk.column, fk.other_table) for t in store.db.tables for fk in t.foreign_keys}
    assert {(t, c, p) for t, keys in FOREIGN_KEYS.items() for c, p, _ in keys} <= found


def test_a_row_pointing_at_no_claim_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.replace_clusters([Cluster("k", ("no-such-claim",), 1, 1, "single-source", "x")], [], run_id=1)
    assert store.counts()["clusters"] == 0  # the whole swap was rolled back


def test_decisions_outlive_the_clusters_they_were_made_on(hash_db: Path) -> None:
    store = Store(hash_db)
    (cluster,) = store.clusters()[:1]
    store.annotate(Annotation("cluster", cluster.id, "accept", "r", cluster_id=cluster.id, related=cluster.claims))
    store.replace_clusters([], [], run_id=9)  # the next run made other clusters
    assert store.counts()["clusters"] == 0
    (kept,) = store.annotations()
    assert kept["cluster_id"] == cluster.id
    assert store.db.execute("pragma foreign_key_check").fetchall() == []


def old_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, list[str]]:
    """A database made before the foreign keys (schema 5), with a clustering, decisions and one stray row."""
    done = [name for name in store_module.NAMES if name < "m006"]
    runner = sqlite_utils.Migrations(store_module.MIGRATIONS.name)
    for name in done:
        runner()(getattr(store_module, name))
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", runner)
        patch.setattr(store_module, "NAMES", done)
        patch.setattr(store_module, "SCHEMA_VERSION", len(done))
        store = Store(path)
        a = Article(id=Article.make_id(TEXT), path="a.txt", text=TEXT, source="Outlet")
        claims = [claim(a, 0, 38), claim(a, 39, 74), claim(a, 75, 95)]
        store.db["documents"].insert(article_row(a))  # rows as that schema holds them (no vectors needed)
        store.db["claims"].insert_all(claim_row(c) for c in claims)
        ids = [c.id for c in claims]
        conflict = Conflict("c", "number", "discrepancy", tuple(ids[:2]), "A says 3; B says 4.")
        store.replace_clusters(
            [
                Cluster("k1", tuple(ids[:2]), 2, 2, "contradicted", "l", (conflict,)),
                Cluster("k2", (ids[2],), 1, 1, "single-source", "m"),
            ],
            [Suggestion(ids[1], ids[2], 0.5)],
            run_id=1,
        )
        store.annotate(Annotation("cluster", "gone", "accept", "r", cluster_id="gone", related=tuple(ids[:2])))
        store.db.execute("insert into cluster_claims (claim_id, cluster_id) values ('stray', 'k1')")
        store.db.conn.commit()
        store.close()
    return Store(path), ids


def test_the_foreign_key_migration_keeps_every_row_but_strays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids = old_store(tmp_path / "old.db", monkeypatch)
    names = [r["name"] for r in store.db["_sqlite_migrations"].rows]
    assert names[names.index("m006_settings") :][:2] == ["m006_settings", "m007_foreign_keys"]  # later ones follow
    assert {r["claim_id"]: r["cluster_id"] for r in store.db["cluster_claims"].rows} == {
        ids[0]: "k1",
        ids[1]: "k1",
        ids[2]: "k2",
    }  # the stray row pointing at no claim is gone
    assert [c.id for c in store.clusters()] == ["k1", "k2"]
    assert store.clusters()[0].conflicts[0].detail == "A says 3; B says 4."
    assert store.suggestions() == [Suggestion(ids[1], ids[2], 0.5)]
    assert store.annotations()[0]["cluster_id"] == "gone"  # decisions are not checked against clusters
    assert store.db.execute("pragma foreign_key_check").fetchall() == []
    assert {"idx_cluster_claims_cluster_id", "idx_suggestions_claim_a"} <= {
        i.name for t in ("cluster_claims", "suggestions") for i in store.db[t].indexes
    }
    assert store.db["cluster_claims"].foreign_keys and store.db["suggestions"].foreign_keys

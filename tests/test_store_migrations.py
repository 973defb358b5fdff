"""Migrations on sqlite-utils' runner, and files the old runner (table ``_migrations``) made."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from legacy import OLD_NAMES, legacy_db

from corroborate.errors import StoreError
from corroborate.store import SCHEMA_VERSION, Store
from corroborate.store.schema import NAMES


def sql(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(query).fetchall()


def test_a_database_of_the_old_runner_at_m007_migrates_forward_and_keeps_its_rows(tmp_path: Path) -> None:
    path = legacy_db(tmp_path / "old.db", upto="m007_foreign_keys")
    old = sqlite_utils.Database(path)
    old.table("documents").insert(
        {"id": "d1", "path": "a.txt", "source": "Outlet", "text": "A said so.", "flags": "[]"}
    )
    old.table("annotations").insert(
        {"target_kind": "cluster", "target_id": "k", "cluster_id": "k", "decision": "accept", "reviewer": "r"}
        | {"note": "", "created": "2024-01-02", "undone": 0, "related": '["a", "b"]', "moved_to": "[]"}
    )
    old.close()
    store = Store(path)
    recorded = [(r["migration_set"], r["name"]) for r in store.db["_sqlite_migrations"].rows]
    assert recorded == [("corroborate", name) for name in NAMES]
    assert "_migrations" not in store.db.table_names()
    assert list(store.documents()) == ["d1"] and store.annotations()[0]["related"] == '["a", "b"]'
    assert "idx_embeddings_model_claim_id" in {i.name for i in store.db["embeddings"].indexes}  # m008 ran
    store.close()
    assert sql(path, "pragma user_version") == [(SCHEMA_VERSION,)]


def test_the_old_record_keeps_its_times_when_it_is_copied_over(tmp_path: Path) -> None:
    Store(legacy_db(tmp_path / "old.db")).close()
    times = dict(sql(tmp_path / "old.db", "select name, applied_at from _sqlite_migrations"))
    assert [times[name] for name in OLD_NAMES[:2]] == ["2024-01-01T00:00:00+00:00", "2024-01-01T00:00:01+00:00"]
    assert times["m009_sqlite_utils_record"] > "2024-01-02"


def test_an_old_database_opened_only_to_read_is_migrated_once_and_then_read_without_writing(tmp_path: Path) -> None:
    path = legacy_db(tmp_path / "old.db")
    Store(path, write=False).close()
    assert sql(path, "select count(*) from _sqlite_migrations") == [(len(NAMES),)]
    before = path.read_bytes()
    Store(path, write=False).close()  # up to date: nothing to write (so a read-only file opens too)
    assert path.read_bytes() == before


def test_a_newer_migration_in_the_old_record_is_refused(tmp_path: Path) -> None:
    path = legacy_db(tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        conn.execute("insert into _migrations (name, applied) values ('m999_from_the_future', '')")
    with pytest.raises(StoreError, match="made by a newer corroborate"):
        Store(path)


def test_a_marked_file_with_neither_record_is_damaged(tmp_path: Path) -> None:
    path = legacy_db(tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        conn.execute("drop table _migrations")
    with pytest.raises(StoreError, match="damaged database: table _sqlite_migrations is missing"):
        Store(path)


def test_another_programs_sqlite_utils_migrations_do_not_make_a_file_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite_utils.Migrations("someone-else")
    other()(lambda db: db.table("notes").create({"id": int}, pk="id"))
    other.apply(sqlite_utils.Database(path))
    with pytest.raises(StoreError, match="not a corroborate database"):
        Store(path)
    assert sql(path, "select migration_set from _sqlite_migrations") == [("someone-else",)]


def test_an_old_corroborate_would_see_the_migrated_file_as_newer(tmp_path: Path) -> None:
    # The old runner refused a file whose user_version passed the number of migrations it knew.
    Store(legacy_db(tmp_path / "old.db")).close()
    [(version,)] = sql(tmp_path / "old.db", "pragma user_version")
    assert version == SCHEMA_VERSION > len(OLD_NAMES)

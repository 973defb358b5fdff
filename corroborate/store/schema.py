"""Schema of the corroborate database: its named migrations, the tables they make, and its identity.

Migrations run on sqlite-utils' runner (``sqlite_utils.Migrations``), which records each applied one in
``_sqlite_migrations`` under the set name ``corroborate``. Versions before it kept their own record in
``_migrations``: ``migrate`` copies that record over first, and ``m009`` drops the old table.
The file is marked as ours (``PRAGMA application_id``) with its schema version (``PRAGMA user_version``),
so a foreign or newer file is refused before any work (``check_identity``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from corroborate.errors import StoreError

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS = sqlite_utils.Migrations("corroborate")
NAMES: list[str] = []  # the migrations in the order they run
RECORD = MIGRATIONS.migrations_table  # where sqlite-utils records applied migrations
LEGACY_RECORD = "_migrations"  # where corroborate recorded them before it used sqlite-utils' runner


def migration(fn: Migration) -> Migration:
    NAMES.append(fn.__name__)
    return MIGRATIONS()(fn)


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("documents").create(
        {
            "id": str,
            "path": str,
            "source": str,
            "title": str,
            "url": str,
            "published": str,
            "author": str,
            "text": str,
            "flags": str,
            "origin": str,
            "meta": str,
            "added": str,
        },
        pk="id",
    )
    db.table("junk_lines").create(
        {"id": str, "document_id": str, "start": int, "end": int, "text": str, "reason": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("claims").create(
        {
            "id": str,
            "document_id": str,
            "text": str,
            "sentence": str,
            "start": int,
            "end": int,
            "speaker": str,
            "verb": str,
            "direct": int,
            "polarity": str,
            "numbers": str,
            "dates": str,
            "subject": str,
            "predicate": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("claims").create_index(["document_id"])
    db.table("claims").enable_fts(["text", "sentence"], create_triggers=True)
    db.table("embeddings").create(
        {"claim_id": str, "model": str, "dim": int, "vector": bytes}, pk=("claim_id", "model")
    )
    db.table("clusters").create(
        {
            "id": str,
            "status": str,
            "support": int,
            "independent_support": int,
            "label": str,
            "conflict_count": int,
            "numbers": str,
            "run_id": int,
        },
        pk="id",
    )
    db.table("clusters").create_index(["status", "support"])
    db.table("cluster_claims").create({"claim_id": str, "cluster_id": str}, pk="claim_id")
    db.table("cluster_claims").create_index(["cluster_id"])
    db.table("conflicts").create(
        {
            "id": str,
            "cluster_id": str,
            "check": str,
            "kind": str,
            "severity": str,
            "claims": str,
            "detail": str,
            "outliers": str,
            "data": str,
        },
        pk="id",
    )
    db.table("conflicts").create_index(["cluster_id"])
    db.table("suggestions").create({"id": str, "claim_a": str, "claim_b": str, "similarity": float}, pk="id")
    db.table("annotations").create(
        {
            "id": int,
            "target_kind": str,
            "target_id": str,
            "cluster_id": str,
            "decision": str,
            "reviewer": str,
            "note": str,
            "created": str,
            "undone": int,
            "related": str,
            "moved_to": str,
        },
        pk="id",
    )
    db.table("runs").create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "paths": str,
            "model": str,
            "documents_added": int,
            "claims_added": int,
            "errors": str,
            "status": str,
        },
        pk="id",
    )


@migration
def m002_review_indexes(db: sqlite_utils.Database) -> None:
    # The review app reads decisions per cluster and suggestions per claim on every move.
    db.table("annotations").create_index(["cluster_id"])
    db.table("suggestions").create_index(["claim_a"])
    db.table("suggestions").create_index(["claim_b"])


@migration
def m003_speaker_title(db: sqlite_utils.Database) -> None:
    # Attribution from the parse keeps the speaker's role apart from the name.
    db.table("claims").add_column("speaker_title", str)


@migration
def m004_known_marks(db: sqlite_utils.Database) -> None:
    # Stored claims that repeat a claim of a fact-check archive (corroborate run --known POOL).
    db.table("known_marks").create(
        {"claim_id": str, "pool_id": str, "score": float, "text": str, "fields": str, "pool": str},
        pk=("claim_id", "pool_id"),
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("known_marks").create_index(["claim_id"])


@migration
def m005_run_owner(db: sqlite_utils.Database) -> None:
    # Which process runs a run: a row left 'running' by a killed process is marked 'interrupted' later.
    db.table("runs").add_column("pid", int)
    db.table("runs").add_column("host", str)


@migration
def m006_settings(db: sqlite_utils.Database) -> None:
    # Overrides of MatchConfig fields for this database (corroborate calibrate --apply); later runs read them.
    db.table("settings").create({"key": str, "value": str, "updated": str, "note": str}, pk="key")


# Child -> parent links that Datasette shows as links and SQLite enforces (PRAGMA foreign_keys = ON).
# annotations has none on purpose: its cluster_id names a cluster of the clustering the reviewer saw, and
# every run swaps the clusters wholesale, so the decision must outlive the cluster; its target_id names a
# claim, cluster, conflict or suggestion depending on target_kind, which no single foreign key can say.
FOREIGN_KEYS = {
    "cluster_claims": [("claim_id", "claims", "id"), ("cluster_id", "clusters", "id")],
    "conflicts": [("cluster_id", "clusters", "id")],
    "suggestions": [("claim_a", "claims", "id"), ("claim_b", "claims", "id")],
}


@migration
def m007_foreign_keys(db: sqlite_utils.Database) -> None:
    # SQLite adds a foreign key only by rebuilding the table. These tables are rebuilt by every run, so a
    # row that points nowhere (left by an older version) is dropped rather than kept dangling.
    for table, keys in FOREIGN_KEYS.items():
        for column, parent, parent_column in keys:
            db.execute(f"delete from {table} where {column} not in (select {parent_column} from {parent})")
        db.table(table).transform(add_foreign_keys=keys)


# Columns the pipeline, the review app and the export filter, join or sort on that no index covered yet.
FILTER_INDEXES = {
    "junk_lines": [["document_id", "start"]],
    "claims": [["document_id", "start"]],
    "embeddings": [["model", "claim_id"]],
    "annotations": [["undone", "cluster_id"], ["reviewer", "undone"]],
    "conflicts": [["kind"]],
    "documents": [["path"], ["source"], ["origin"]],
    "known_marks": [["pool"]],
    "runs": [["status"]],
}


@migration
def m008_filter_indexes(db: sqlite_utils.Database) -> None:
    # A run on a large store reads vectors by model and claims by document; the app filters decisions
    # by undone and reviewer, date outliers by conflict kind. Without these each was a full table scan.
    for table, indexes in FILTER_INDEXES.items():
        for columns in indexes:
            db.table(table).create_index(columns, if_not_exists=True)


@migration
def m009_sqlite_utils_record(db: sqlite_utils.Database) -> None:
    # The record of applied migrations now lives in sqlite-utils' table (``adopt_legacy_record`` copied
    # it there); an older corroborate sees schema 9 and refuses the file rather than calling it damaged.
    db.table(LEGACY_RECORD).drop(ignore=True)


@migration
def m010_document_readings(db: sqlite_utils.Database) -> None:
    # What the cluster stage reads off each stored text (the outlets it credits, its proper names), so a run
    # reads only new texts; and the outlet names the credits were looked for, to know which to read again.
    db.table("document_readings").create(
        {"document_id": str, "credited": str, "names": str},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db.table("reading_outlets").create({"name": str}, pk="name")


@migration
def m011_document_datelines(db: sqlite_utils.Database) -> None:
    # The date near the top of each undated text ("" where it has none, NULL while not read), so a run
    # reads the datelines of new texts only.
    db.table("document_readings").add_column("dateline", str)


@migration
def m012_credited_pairs(db: sqlite_utils.Database) -> None:
    # The pairs of a crediting document and a document of the outlet it credits whose claims come near
    # (``lineage.credited_pairs``), and the model and settings they were found under: a run finds again
    # only the pairs of new documents and of those whose credits changed.
    db.table("credited_pairs").create({"a": str, "b": str}, pk=("a", "b"))
    db.table("credited_pairs_found").create({"under": str}, pk="under")


@migration
def m013_lineage_verdicts(db: sqlite_utils.Database) -> None:
    # How lineage judged each pair of documents it compared last (copy, flag and origin NULL where neither
    # copies the other), under the key in credited_pairs_found: a run judges only pairs with a new document
    # or one whose credits changed.
    db.table("lineage_verdicts").create(
        {"a": str, "b": str, "share": float, "copy": str, "flag": str, "origin": str}, pk=("a", "b")
    )


@migration
def m014_document_events(db: sqlite_utils.Database) -> None:
    # Each document's event group (its label: one member's id), under the key in credited_pairs_found: a
    # run groups again only the documents its new claims touch and the groups they relate to.
    db.table("document_readings").add_column("event", str)


@migration
def m015_embedding_keys(db: sqlite_utils.Database) -> None:
    # Each vector's content key (``embed.vector_key``: its model and claim text), indexed: a run takes the
    # stored vector of a claim text any earlier run embedded (a wire copy, a rewrite) instead of embedding it.
    from corroborate.embed import vector_key

    db.table("embeddings").add_column("key", str)
    db.conn.create_function("vector_key", 2, vector_key, deterministic=True)
    db.execute(
        "update embeddings set key = vector_key(model, (select text from claims where id = claim_id)) "
        "where claim_id in (select id from claims where text is not null)"  # a vector of no claim gets no key
    )
    db.table("embeddings").create_index(["key"])


APPLICATION_ID = 0x436F7272  # "Corr" in the SQLite header: this file is a corroborate database
SCHEMA_VERSION = len(NAMES)  # kept in PRAGMA user_version
TABLES = (
    RECORD,
    "documents",
    "junk_lines",
    "claims",
    "claims_fts",
    "embeddings",
    "clusters",
    "cluster_claims",
    "conflicts",
    "suggestions",
    "annotations",
    "runs",
    "known_marks",
)


def applied(db: sqlite_utils.Database) -> set[str]:
    """Names of the migrations this file records as applied, in either record."""
    names = {m.name for m in MIGRATIONS.applied(db)}
    if db.table(LEGACY_RECORD).exists():
        names |= {row["name"] for row in db.table(LEGACY_RECORD).rows}
    return names


def check_identity(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a file some other program made, or a newer corroborate; an empty file is fine."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = set(db.table_names())
    ours = app_id == APPLICATION_ID or (app_id == 0 and LEGACY_RECORD in tables)  # or made before the mark
    if not ours and (app_id or tables):
        held = ", ".join(sorted(tables)[:5]) or f"application id {app_id:#x}"
        raise StoreError(f"{path}: not a corroborate database (it holds {held}); give --db a new file")
    unknown = applied(db) - set(NAMES)
    if version > SCHEMA_VERSION or unknown:
        raise StoreError(
            f"{path}: made by a newer corroborate (schema {max(version, SCHEMA_VERSION + 1)}, this "
            f"program knows {SCHEMA_VERSION}); upgrade corroborate, or give --db another file"
        )
    if ours and not {RECORD, LEGACY_RECORD} & tables:
        raise StoreError(f"{path}: damaged database: table {RECORD} is missing; restore a backup")


def up_to_date(db: sqlite_utils.Database) -> bool:
    return applied(db) >= set(NAMES)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply what is missing and mark the file; the caller holds the write transaction."""
    adopt_legacy_record(db)
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def adopt_legacy_record(db: sqlite_utils.Database) -> None:
    """Copy what the old ``_migrations`` table records into sqlite-utils' record, keeping the times."""
    if not db.table(LEGACY_RECORD).exists():
        return
    MIGRATIONS.ensure_migrations_table(db)
    done = {m.name for m in MIGRATIONS.applied(db)}
    db.table(RECORD).insert_all(
        {"migration_set": MIGRATIONS.name, "name": row["name"], "applied_at": row["applied"]}
        for row in db.query(f"select name, applied from {LEGACY_RECORD} order by rowid")
        if row["name"] not in done
    )

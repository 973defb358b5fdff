"""Schema of the corroborate database: its named migrations, the tables they make, and its identity.

The file is marked as ours (``PRAGMA application_id``) with its schema version (``PRAGMA user_version``),
so a foreign or newer file is refused before any work. Each migration is a function of the
``sqlite_utils.Database``; they run in order, each once.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


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


APPLICATION_ID = 0x436F7272  # "Corr" in the SQLite header: this file is a corroborate database
SCHEMA_VERSION = len(MIGRATIONS)  # kept in PRAGMA user_version
TABLES = (
    "_migrations",
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

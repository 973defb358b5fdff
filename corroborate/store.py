"""The only module that speaks SQL: a plain SQLite file through sqlite-utils.

Schema changes are named migrations recorded in ``_migrations``; the file is
marked as ours (``PRAGMA application_id``) with its schema version
(``PRAGMA user_version``), so a foreign or newer file is refused before any
work. Articles and claims are keyed by content hashes, so storing the same
input twice adds nothing. The file is in WAL mode and every write is one short
``BEGIN IMMEDIATE`` transaction (``Store.writing``): it lands whole or not at
all, and a second run on the same file waits its turn instead of failing.
Vectors are float32 blobs with the model id beside them.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils

from corroborate.errors import StoreError
from corroborate.records import (
    Annotation,
    Article,
    Attribution,
    Claim,
    Cluster,
    Conflict,
    JunkLine,
    KnownMark,
    Suggestion,
    claim_from_dict,
    content_id,
    to_dict,
)

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
BUSY_TIMEOUT = 60.0  # seconds a write waits for another process's transaction before giving up
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


class Store:
    """A corroborate database; opening it checks it is ours and writable, and brings its schema up to date.

    ``write=False`` (for commands that only read) skips the write check, so a read-only file can be exported.
    """

    def __init__(
        self, path: str | Path, *, threads: bool = False, write: bool = True, timeout: float = BUSY_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        if str(path) != ":memory:":
            _make_folder(self.path)
        try:
            conn = sqlite3.connect(str(path), check_same_thread=not threads, timeout=timeout)
        except sqlite3.Error as error:
            raise StoreError(describe(path, error, timeout)) from None
        self.db = sqlite_utils.Database(conn)
        try:
            self._open(write)
        except (sqlite3.Error, StoreError) as error:
            conn.close()
            if isinstance(error, StoreError):
                raise
            raise StoreError(describe(path, error, timeout)) from None

    def _open(self, write: bool) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        self._check_identity()
        if write:
            self.db.enable_wal()  # readers never block the writer, and the writer never blocks readers
        self._migrate(stamp=write)
        missing = [t for t in TABLES if t not in self.db.table_names()]
        if missing:
            raise StoreError(
                f"{self.path}: damaged database: table {', '.join(missing)} is missing; "
                "restore a backup, or give --db a new file"
            )

    def close(self) -> None:
        self.db.close()

    def wait_briefly(self, milliseconds: int) -> None:
        """How long one statement waits for a lock inside SQLite (the caller retries between tries)."""
        self.db.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def abandon(self) -> None:
        """Roll back a transaction a failed call left open, so the next try starts clean."""
        if self.db.conn.in_transaction:
            self.db.conn.rollback()

    def _check_identity(self) -> None:
        """Refuse a file some other program made, or a newer corroborate; an empty file is fine."""
        app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = set(self.db.table_names())
        ours = app_id == APPLICATION_ID or (app_id == 0 and "_migrations" in tables)  # or made before the mark
        if not ours and (app_id or tables):
            held = ", ".join(sorted(tables)[:5]) or f"application id {app_id:#x}"
            raise StoreError(f"{self.path}: not a corroborate database (it holds {held}); give --db a new file")
        unknown = self._done_migrations() - {name for name, _ in MIGRATIONS}
        if version > SCHEMA_VERSION or unknown:
            raise StoreError(
                f"{self.path}: made by a newer corroborate (schema {max(version, SCHEMA_VERSION + 1)}, this "
                f"program knows {SCHEMA_VERSION}); upgrade corroborate, or give --db another file"
            )
        if ours and "_migrations" not in tables:
            raise StoreError(f"{self.path}: damaged database: table _migrations is missing; restore a backup")

    def _done_migrations(self) -> set[str]:
        if not self.db.table("_migrations").exists():
            return set()
        return {row["name"] for row in self.db.table("_migrations").rows}

    def _migrate(self, stamp: bool) -> None:
        """Apply what is missing; with ``stamp``, always commit the mark too, which proves the file writable."""
        if not stamp and self._done_migrations() >= {name for name, _ in MIGRATIONS}:
            return
        with self.writing():
            done = self._done_migrations()  # again inside the lock: another run may have just migrated
            for name, fn in MIGRATIONS:
                if name not in done:
                    fn(self.db)
                    self.db.table("_migrations").insert({"name": name, "applied": now()}, pk="name")
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction, all or nothing, that takes the write lock at once (``BEGIN IMMEDIATE``).

        Taking it at once is what lets a second process wait (up to the busy timeout): a transaction that
        read first and writes later fails at once with "database is locked" if another process wrote
        between. Nested calls become savepoints of the outer transaction.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one state of the file, whatever another process commits meanwhile."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def fingerprint(self) -> tuple[Any, ...]:
        """Changes whenever claims or reviewers' decisions change: tells a clustering it is stale."""
        claims = self.db.execute("select count(*), max(rowid) from claims").fetchone()
        notes = self.db.execute("select count(*), max(id), sum(undone) from annotations").fetchone()
        return (*claims, *notes)

    # -- documents and claims -------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        return bool(self.db.execute("select 1 from documents where id = ?", [document_id]).fetchone())

    def add_document(self, article: Article, claims: Sequence[Claim], vectors: np.ndarray, model: str) -> None:
        """Store one article with its claims and their vectors, all or nothing."""
        with self.writing():
            self.db.table("documents").insert(_article_row(article), pk="id", replace=True)
            self.db.table("junk_lines").insert_all(
                (_junk_row(article.id, j) for j in article.junk), pk="id", replace=True
            )
            self.db.table("claims").insert_all((_claim_row(c) for c in claims), pk="id", replace=True)
            self.db.table("embeddings").insert_all(
                (
                    {
                        "claim_id": c.id,
                        "model": model,
                        "dim": int(v.shape[0]),
                        "vector": np.asarray(v, dtype=np.float32).tobytes(),
                    }
                    for c, v in zip(claims, vectors, strict=True)
                ),
                pk=("claim_id", "model"),
                replace=True,
            )

    def update_documents(self, articles: Iterable[Article]) -> None:
        """Write back fields set after ingest: lineage flags and origin."""
        with self.writing():
            for a in articles:
                self.db.table("documents").update(a.id, {"flags": json.dumps(list(a.flags)), "origin": a.origin})

    def documents(self) -> dict[str, Article]:
        junk: dict[str, list[JunkLine]] = {}
        for row in self.db.query("select * from junk_lines order by document_id, start"):
            junk.setdefault(row["document_id"], []).append(
                JunkLine(row["start"], row["end"], row["text"], row["reason"])
            )
        return {
            row["id"]: _article_from_row(row, tuple(junk.get(row["id"], ())))
            for row in self.db.query("select * from documents order by path")
        }

    def claims(self, document_id: str | None = None) -> list[Claim]:
        sql, params = "select * from claims", []
        if document_id:
            sql += " where document_id = ?"
            params.append(document_id)
        return [_claim_from_row(r) for r in self.db.query(sql + " order by document_id, start", params)]

    def replace_known_marks(self, pool: str, marks: Sequence[KnownMark]) -> None:
        """The marks one pool gives, replacing what the same pool gave before, in one transaction."""
        with self.writing():
            self.db.execute("delete from known_marks where pool = ?", [pool])
            self.db.table("known_marks").insert_all(
                (
                    {
                        "claim_id": m.claim_id,
                        "pool_id": m.pool_id,
                        "score": m.score,
                        "text": m.text,
                        "fields": json.dumps(m.fields, default=str),
                        "pool": pool,
                    }
                    for m in marks
                ),
                pk=("claim_id", "pool_id"),
                replace=True,
            )

    def known_marks(self, claim_ids: Sequence[str]) -> dict[str, list[KnownMark]]:
        """{claim id: its marks, best score first} for the claims that have any."""
        out: dict[str, list[KnownMark]] = {}
        for clause, params in _in_chunks("claim_id", claim_ids):
            for r in self.db.query(f"select * from known_marks where {clause} order by score desc", params):
                out.setdefault(r["claim_id"], []).append(
                    KnownMark(r["claim_id"], r["pool_id"], r["score"], r["text"], json.loads(r["fields"] or "{}"))
                )
        return out

    def vectors(self, claim_ids: Sequence[str], model: str) -> np.ndarray:
        """One float32 row per claim id, in order, read row by row into one array (never a copy of all)."""
        position = {c: i for i, c in enumerate(dict.fromkeys(claim_ids))}
        out: np.ndarray | None = None
        found = np.zeros(len(position), dtype=bool)
        sql = "select claim_id, vector from embeddings where model = ?"
        for claim_id, blob in self.db.execute(sql, [model]):
            row = position.get(claim_id)
            if row is None:
                continue
            vector = np.frombuffer(blob, dtype=np.float32)
            if out is None:
                out = np.empty((len(position), vector.shape[0]), dtype=np.float32)
            out[row] = vector
            found[row] = True
        missing = int(len(position) - found.sum())
        if missing:
            raise StoreError(
                f"{missing} claims have no vector for model {model}; run again with the model they "
                "were stored with, or a fresh --db"
            )
        if out is None:
            return np.zeros((0, 0), np.float32)
        return out if len(position) == len(claim_ids) else out[[position[c] for c in claim_ids]]

    def claims_without_vectors(self, model: str) -> list[Claim]:
        """Stored claims with no vector under ``model``: stored by another model, or under an older id."""
        sql = "select * from claims where id not in (select claim_id from embeddings where model = ?)"
        return [_claim_from_row(r) for r in self.db.query(sql + " order by document_id, start", [model])]

    def add_vectors(self, claims: Sequence[Claim], vectors: np.ndarray, model: str) -> None:
        """Vectors of claims already stored, under ``model``, in one transaction (the claims are not rewritten)."""
        with self.writing():
            self.db.table("embeddings").insert_all(
                (
                    {
                        "claim_id": c.id,
                        "model": model,
                        "dim": int(v.shape[0]),
                        "vector": np.asarray(v, dtype=np.float32).tobytes(),
                    }
                    for c, v in zip(claims, vectors, strict=True)
                ),
                pk=("claim_id", "model"),
                replace=True,
            )

    def search_claims(self, query: str, limit: int = 1000) -> list[str]:
        """Claim ids whose text matches a full-text query (plain words are quoted)."""
        quoted = " ".join('"' + w.replace('"', "") + '"' for w in query.split() if w.strip('"'))
        if not quoted:
            return []
        sql = "select rowid from claims_fts where claims_fts match ? limit ?"
        rowids = [r[0] for r in self.db.execute(sql, [quoted, limit]).fetchall()]
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        return [r[0] for r in self.db.execute(f"select id from claims where rowid in ({marks})", rowids)]

    # -- clusters, conflicts and suggestions ----------------------------------

    def replace_clusters(
        self,
        clusters: Sequence[Cluster],
        suggestions: Sequence[Suggestion],
        run_id: int,
    ) -> None:
        """Swap in a new clustering in one transaction; readers never see half of it."""
        with self.writing():
            for table in ("cluster_claims", "conflicts", "suggestions", "clusters"):  # children first: foreign keys
                self.db.execute(f"delete from {table}")
            self.db.table("clusters").insert_all((_cluster_row(c, run_id) for c in clusters), pk="id")
            self.db.table("cluster_claims").insert_all(
                ({"claim_id": claim, "cluster_id": c.id} for c in clusters for claim in c.claims), pk="claim_id"
            )
            self.db.table("conflicts").insert_all(
                (_conflict_row(c.id, f) for c in clusters for f in c.conflicts), pk="id", replace=True
            )
            self.db.table("suggestions").insert_all(
                ({"id": content_id("suggestion", s.claim_a, s.claim_b), **to_dict(s)} for s in suggestions),
                pk="id",
                replace=True,
            )

    def clusters(self, status: str | None = None) -> list[Cluster]:
        sql, params = "select * from clusters", []
        if status:
            sql += " where status = ?"
            params.append(status)
        members: dict[str, list[str]] = {}
        for row in self.db.query("select cluster_id, claim_id from cluster_claims order by claim_id"):
            members.setdefault(row["cluster_id"], []).append(row["claim_id"])
        conflicts = self.conflicts()
        return [
            Cluster(
                id=r["id"],
                claims=tuple(members.get(r["id"], ())),
                support=r["support"],
                independent_support=r["independent_support"],
                status=r["status"],
                label=r["label"],
                conflicts=tuple(conflicts.get(r["id"], ())),
                numbers=tuple(json.loads(r["numbers"] or "[]")),
            )
            for r in self.db.query(sql + " order by support desc, id", params)
        ]

    def conflicts(self) -> dict[str, list[Conflict]]:
        out: dict[str, list[Conflict]] = {}
        for r in self.db.query("select * from conflicts order by cluster_id, id"):
            out.setdefault(r["cluster_id"], []).append(_conflict_from_row(r))
        return out

    def suggestions(self) -> list[Suggestion]:
        return [
            Suggestion(r["claim_a"], r["claim_b"], r["similarity"])
            for r in self.db.query("select * from suggestions order by similarity desc")
        ]

    def previous_clusters(self) -> dict[str, str]:
        """claim id -> cluster id of the stored clustering, for incremental matching."""
        return {r["claim_id"]: r["cluster_id"] for r in self.db.query("select * from cluster_claims")}

    # -- annotations ------------------------------------------------------------

    def annotate(self, annotation: Annotation) -> int:
        row = to_dict(annotation)
        row["created"] = row["created"] or now()
        row["undone"] = 0
        row["related"] = json.dumps(row["related"])
        row["moved_to"] = json.dumps(row["moved_to"])
        with self.writing():
            return int(self.db.table("annotations").insert(row).last_pk or 0)

    def undo(self, annotation_id: int) -> None:
        with self.writing():
            self.db.table("annotations").update(annotation_id, {"undone": 1})

    def annotations(self, include_undone: bool = False) -> list[dict[str, Any]]:
        where = "" if include_undone else " where undone = 0"
        return list(self.db.query(f"select * from annotations{where} order by id"))

    def constraints(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Must-link and cannot-link claim pairs from the reviewers' standing decisions."""
        must: list[tuple[str, str]] = []
        cannot: list[tuple[str, str]] = []
        for a in self.annotations():
            related = json.loads(a["related"] or "[]")
            moved_to = json.loads(a["moved_to"] or "[]")
            target, kind, decision = a["target_id"], a["target_kind"], a["decision"]
            if kind == "cluster" and decision in ("accept", "merge"):
                must += _chain(related)
            elif kind == "cluster" and decision == "split":
                # related stay, moved_to left: each side held together, the two sides kept apart.
                must += _chain(related) + _chain(moved_to)
                cannot += [(a, b) for a in moved_to for b in related]
            elif kind == "claim" and decision == "accept":
                must += [(target, other) for other in related if other != target]
            elif kind == "suggestion":
                pair = tuple(related[:2])
                (must if decision == "accept" else cannot).append(pair)  # type: ignore[arg-type]
            elif kind == "claim" and decision in ("reject", "move"):
                cannot += [(target, other) for other in related if other != target]
                must += [(target, other) for other in moved_to[:1]]
        return must, cannot

    # -- decisions from another copy, and settings ------------------------------

    def import_annotations(self, rows: Sequence[dict[str, Any]], undo_ids: Sequence[int]) -> None:
        """Add decisions made in another copy (kept as they were: reviewer, time, undone) and mark some undone."""
        with self.writing():
            self.db.table("annotations").insert_all(
                {**r, "related": json.dumps(list(r["related"])), "moved_to": json.dumps(list(r["moved_to"]))}
                for r in rows
            )
            for annotation_id in undo_ids:
                self.db.table("annotations").update(annotation_id, {"undone": 1})

    def existing_claims(self, claim_ids: Sequence[str]) -> set[str]:
        """Those of ``claim_ids`` that are stored claims."""
        found: set[str] = set()
        for clause, params in _in_chunks("id", list(dict.fromkeys(claim_ids))):
            found.update(r[0] for r in self.db.execute(f"select id from claims where {clause}", params))
        return found

    def embedding_model(self) -> str | None:
        """The model id of the latest run that has vectors here, else the one with the most vectors."""
        sql = "select model from runs where model in (select model from embeddings) order by id desc limit 1"
        row = (
            self.db.execute(sql).fetchone()
            or self.db.execute("select model from embeddings group by model order by count(*) desc limit 1").fetchone()
        )
        return row[0] if row else None

    def settings(self) -> dict[str, Any]:
        """This database's overrides of MatchConfig fields, by field name."""
        return {r["key"]: json.loads(r["value"]) for r in self.db.query("select key, value from settings")}

    def put_settings(self, values: dict[str, Any], note: str = "") -> None:
        with self.writing():
            self.db.table("settings").insert_all(
                ({"key": k, "value": json.dumps(v), "updated": now(), "note": note} for k, v in values.items()),
                pk="key",
                replace=True,
            )

    # -- review edits: split, merge, move, applied at once ---------------------------
    # The review app changes the stored clustering as the reviewer decides; the
    # annotation written in the same transaction is what the next run reads back
    # as constraints (see ``constraints``), so both always agree.

    def edit_clusters(
        self,
        changed: Sequence[Cluster],
        removed: Sequence[str],
        annotation: Annotation | None = None,
        undo_id: int | None = None,
    ) -> int:
        """Write changed clusters (rows, members, conflicts), drop emptied ones, and record the decision.

        All in one transaction, with the annotation that explains it (or the undo of one); returns its id.
        """
        with self.writing():
            for cluster in changed:
                self._write_cluster(cluster)
            for cluster_id in removed:
                self.db.execute("delete from conflicts where cluster_id = ?", [cluster_id])
                self.db.execute("delete from clusters where id = ?", [cluster_id])
            if undo_id is not None:
                self.undo(undo_id)
                return undo_id
            return self.annotate(annotation) if annotation else 0

    def _write_cluster(self, cluster: Cluster) -> None:
        old = self.review_cluster(cluster.id)
        row = _cluster_row(cluster, old["run_id"] if old else 0)
        self.db.table("clusters").insert(row, pk="id", replace=True)
        self.db.table("cluster_claims").insert_all(
            ({"claim_id": claim, "cluster_id": cluster.id} for claim in cluster.claims), pk="claim_id", replace=True
        )
        self.db.execute("delete from conflicts where cluster_id = ?", [cluster.id])
        self.db.table("conflicts").insert_all(
            (_conflict_row(cluster.id, f) for f in cluster.conflicts), pk="id", replace=True
        )

    def review_claims(self, claim_ids: Sequence[str]) -> list[Claim]:
        """The claims named, in document and text order."""
        out: list[Claim] = []
        for clause, params in _in_chunks("id", claim_ids):
            out += [_claim_from_row(r) for r in self.db.query(f"select * from claims where {clause}", params)]
        return sorted(out, key=lambda c: (c.document_id, c.start))

    def review_documents(self, document_ids: Sequence[str] | None = None) -> dict[str, Article]:
        """Documents by id (all of them for None), without their junk lines."""
        if document_ids is None:
            return {r["id"]: _article_from_row(r, ()) for r in self.db.query("select * from documents")}
        out: dict[str, Article] = {}
        for clause, params in _in_chunks("id", document_ids):
            out.update(
                {
                    r["id"]: _article_from_row(r, ())
                    for r in self.db.query(f"select * from documents where {clause}", params)
                }
            )
        return out

    def review_annotation(self, annotation_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from annotations where id = ?", [annotation_id]))
        return rows[0] if rows else None

    def review_flags(self, cluster_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """cluster id -> (flag, source of the original it copies) for each flagged document of its claims."""
        where, params = _review_in("cc.cluster_id", cluster_ids)
        sql = (
            "select distinct cc.cluster_id, d.flags, coalesce(o.source, o.path, '') from cluster_claims cc "
            "join claims c on c.id = cc.claim_id join documents d on d.id = c.document_id "
            f"left join documents o on o.id = d.origin where {where} and d.flags not in ('', '[]')"
        )
        out: dict[str, list[tuple[str, str]]] = {}
        for cluster_id, flags, origin in self.db.execute(sql, params).fetchall():
            for flag in json.loads(flags or "[]"):
                if (flag, origin) not in out.setdefault(cluster_id, []):
                    out[cluster_id].append((flag, origin))
        return out

    def review_next_undecided(
        self, status: str, order: str, after: int, step: int, cluster_ids: Sequence[str] | None = None
    ) -> int | None:
        """Row index (in the list's order) of the nearest undecided cluster after ``after``, going ``step``."""
        where, params = _review_in("id", cluster_ids)
        sql = (
            f"select rn from (select id, row_number() over (order by {self.REVIEW_ORDERS[order]}) - 1 as rn "
            f"from clusters where status = ?{' and ' + where if where else ''}) "
            f"where rn {'>' if step > 0 else '<'} ? and {_UNDECIDED} order by rn {'' if step > 0 else 'desc'} limit 1"
        )
        row = self.db.execute(sql, [status, *params, after]).fetchone()
        return int(row[0]) if row else None

    # -- runs --------------------------------------------------------------------

    def start_run(self, paths: Sequence[str], model: str) -> int:
        with self.writing():
            self._close_stale_runs()
            row = {
                "started": now(),
                "paths": json.dumps(list(paths)),
                "model": model,
                "status": "running",
                "pid": os.getpid(),
                "host": socket.gethostname(),
            }
            return int(self.db.table("runs").insert(row).last_pk or 0)

    def _close_stale_runs(self) -> None:
        """Runs left 'running' by a process of this machine that is gone (killed) become 'interrupted'."""
        host = socket.gethostname()
        for r in list(self.db.query("select id, pid, host from runs where status = 'running'")):
            if r["host"] in (host, None) and not _alive(r["pid"]):
                gone = ["the process ended before the run did (killed, or the machine stopped)"]
                self.db.table("runs").update(r["id"], {"status": "interrupted", "errors": json.dumps(gone)})

    @contextmanager
    def closing_run(self, run_id: int) -> Iterator[None]:
        """A run that raises ends 'interrupted' (Ctrl-C, SIGTERM) or 'failed', never stuck at 'running'."""
        try:
            yield
        except BaseException as failure:
            status = "interrupted" if isinstance(failure, KeyboardInterrupt | SystemExit) else "failed"
            reason = describe(self.path, failure, self.timeout) if isinstance(failure, sqlite3.Error) else failure
            try:
                with self.writing():
                    self.db.table("runs").update(
                        run_id, {"finished": now(), "status": status, "errors": json.dumps([str(reason) or status])}
                    )
            except sqlite3.Error:
                pass  # the file cannot take even this (disk full): the next run marks the row 'interrupted'
            raise

    def finish_run(self, run_id: int, documents: int, claims: int, errors: Sequence[str]) -> None:
        with self.writing():
            self.db.table("runs").update(
                run_id,
                {
                    "finished": now(),
                    "documents_added": documents,
                    "claims_added": claims,
                    "errors": json.dumps(list(errors)),
                    "status": "failed" if errors else "ok",
                },
            )

    def counts(self) -> dict[str, int]:
        tables = ("documents", "claims", "clusters", "conflicts", "junk_lines", "suggestions", "annotations")
        return {t: self.db.table(t).count for t in tables}

    # -- review queries -----------------------------------------------------------
    # Small, paged reads for the review app: it must open a 100k-claim database at
    # once, so nothing here loads every claim or every document.

    REVIEW_ORDERS = {
        "support": "support desc, independent_support desc, id",
        "conflicts": "conflict_count desc, support desc, id",
    }

    def review_status_counts(self, cluster_ids: Sequence[str] | None = None, undecided: bool = False) -> dict[str, int]:
        """Clusters per status, optionally only among ``cluster_ids``, or only those nobody decided."""
        where, params = _review_in("id", cluster_ids)
        where = " and ".join(w for w in (where, _UNDECIDED if undecided else "") if w)
        sql = f"select status, count(*) from clusters{' where ' + where if where else ''} group by status"
        return {status: n for status, n in self.db.execute(sql, params).fetchall()}

    def review_page(
        self,
        status: str,
        order: str,
        offset: int,
        limit: int,
        cluster_ids: Sequence[str] | None = None,
        undecided: bool = False,
    ) -> list[dict[str, Any]]:
        """One page of cluster rows of a status, in a stable order (only undecided ones on demand)."""
        where, params = _review_in("id", cluster_ids)
        where = " and ".join(w for w in (where, _UNDECIDED if undecided else "") if w)
        sql = (
            "select id, status, support, independent_support, label, conflict_count from clusters "
            f"where status = ?{' and ' + where if where else ''} "
            f"order by {self.REVIEW_ORDERS[order]} limit ? offset ?"
        )
        return list(self.db.query(sql, [status, *params, limit, offset]))

    def review_sources(self, cluster_ids: Sequence[str]) -> dict[str, list[str]]:
        """cluster id -> the distinct sources of its claims, sorted."""
        where, params = _review_in("cc.cluster_id", cluster_ids)
        sql = (
            "select distinct cc.cluster_id, d.source from cluster_claims cc join claims c on c.id = cc.claim_id "
            f"join documents d on d.id = c.document_id where {where} order by d.source"
        )
        out: dict[str, list[str]] = {}
        for cluster_id, source in self.db.execute(sql, params).fetchall():
            out.setdefault(cluster_id, []).append(source)
        return out

    def review_decisions(self, cluster_ids: Sequence[str] | None = None) -> dict[str, str]:
        """cluster id -> the latest standing decision about it or anything in it."""
        where, params = _review_in("cluster_id", cluster_ids)
        sql = f"select cluster_id, decision from annotations where undone = 0{' and ' + where if where else ''}"
        return {cluster_id: decision for cluster_id, decision in self.db.execute(sql + " order by id", params)}

    def review_progress(self) -> tuple[int, int]:
        """(clusters with a standing decision, all clusters)."""
        decided = self.db.execute(
            "select count(distinct cluster_id) from annotations where undone = 0 "
            "and cluster_id in (select id from clusters)"
        ).fetchone()[0]
        return int(decided), self.db.table("clusters").count

    def review_cluster(self, cluster_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from clusters where id = ?", [cluster_id]))
        return rows[0] if rows else None

    def review_members(self, cluster_id: str) -> list[tuple[Claim, str, str]]:
        """(claim, its source, the document text of its span) for each member, in source order."""
        sql = (
            'select c.*, d.source as _source, substr(d.text, c.start + 1, c."end" - c.start) as _span '
            "from cluster_claims cc join claims c on c.id = cc.claim_id join documents d on d.id = c.document_id "
            "where cc.cluster_id = ? order by d.source, d.path, c.start"
        )
        out = []
        for row in self.db.query(sql, [cluster_id]):
            source, span = row.pop("_source"), row.pop("_span")
            out.append((_claim_from_row(row), source, span))
        return out

    def review_conflicts(self, cluster_id: str) -> list[tuple[str, Conflict]]:
        sql = "select * from conflicts where cluster_id = ? order by id"
        return [(r["id"], _conflict_from_row(r)) for r in self.db.query(sql, [cluster_id])]

    def review_suggestions(self, claim_ids: Sequence[str]) -> list[tuple[str, Suggestion]]:
        """Suggested matches (with their ids) that touch any of ``claim_ids``."""
        where_a, params = _review_in("claim_a", claim_ids)
        where_b, _ = _review_in("claim_b", claim_ids)
        sql = f"select * from suggestions where {where_a} or {where_b} order by similarity desc"
        rows = self.db.query(sql, params + params)
        return [(r["id"], Suggestion(r["claim_a"], r["claim_b"], r["similarity"])) for r in rows]

    def review_claim_clusters(self, claim_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """claim id -> {cluster_id, status, label, text} for each claim."""
        where, params = _review_in("c.id", claim_ids)
        sql = (
            "select c.id as claim_id, c.text, cc.cluster_id, k.status, k.label from claims c "
            "left join cluster_claims cc on cc.claim_id = c.id left join clusters k on k.id = cc.cluster_id "
            f"where {where}"
        )
        return {r["claim_id"]: r for r in self.db.query(sql, params)}

    def review_cluster_members(self, cluster_id: str) -> list[str]:
        sql = "select claim_id from cluster_claims where cluster_id = ? order by claim_id"
        return [r[0] for r in self.db.execute(sql, [cluster_id]).fetchall()]

    def review_annotations(self, cluster_id: str) -> list[dict[str, Any]]:
        sql = "select * from annotations where undone = 0 and cluster_id = ? order by id"
        return list(self.db.query(sql, [cluster_id]))

    def review_last_annotation(self, reviewer: str) -> dict[str, Any] | None:
        sql = "select * from annotations where undone = 0 and reviewer = ? order by id desc limit 1"
        rows = list(self.db.query(sql, [reviewer]))
        return rows[0] if rows else None

    def review_document(self, document_id: str) -> Article | None:
        rows = list(self.db.query("select * from documents where id = ?", [document_id]))
        if not rows:
            return None
        sql = "select * from junk_lines where document_id = ? order by start"
        junk = tuple(JunkLine(r["start"], r["end"], r["text"], r["reason"]) for r in self.db.query(sql, [document_id]))
        return _article_from_row(rows[0], junk)

    def review_document_claims(self, document_id: str) -> list[tuple[Claim, str, str]]:
        """(claim, cluster id, cluster status) for every claim of one document, in text order."""
        sql = (
            "select c.*, cc.cluster_id as _cluster, k.status as _status from claims c "
            "left join cluster_claims cc on cc.claim_id = c.id left join clusters k on k.id = cc.cluster_id "
            "where c.document_id = ? order by c.start"
        )
        out = []
        for row in self.db.query(sql, [document_id]):
            cluster, status = row.pop("_cluster"), row.pop("_status")
            out.append((_claim_from_row(row), cluster or "", status or "single-source"))
        return out

    def review_dated_claims(self, limit: int = 5000) -> list[tuple[Claim, str, str]]:
        """(claim, source, cluster id) for claims with resolved dates, for the timeline."""
        sql = (
            "select c.*, d.source as _source, cc.cluster_id as _cluster from claims c "
            "join documents d on d.id = c.document_id left join cluster_claims cc on cc.claim_id = c.id "
            "where c.dates is not null and c.dates not in ('', '[]') limit ?"
        )
        out = []
        for row in self.db.query(sql, [limit]):
            source, cluster = row.pop("_source"), row.pop("_cluster")
            out.append((_claim_from_row(row), source, cluster or ""))
        return out

    def review_date_outliers(self) -> set[str]:
        """Claim ids named as outliers by date conflicts."""
        rows = self.db.execute("select outliers from conflicts where kind = 'date'").fetchall()
        return {claim for (outliers,) in rows for claim in json.loads(outliers or "[]")}


class VectorCache:
    """Vectors by content key, in a SQLite file of their own: a pool of known claims is embedded once.

    The key is ``embed.vector_key`` (a hash of the model id and the text), so a changed text or model
    misses and an unchanged one hits whatever file the pool moves to. Kept apart from the corroborate
    database because it belongs to the pool file, which is usually an archive shared between users.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT))
            self.db.table("vectors").create(
                {"key": str, "model": str, "dim": int, "vector": bytes}, pk="key", if_not_exists=True
            )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: not a usable vector cache ({error})") from None

    def close(self) -> None:
        self.db.close()

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``keys`` (missing keys are simply absent)."""
        found = {}
        try:
            for clause, params in _in_chunks("key", keys):
                rows = self.db.execute(f"select key, vector from vectors where {clause}", params).fetchall()
                found.update({k: np.frombuffer(v, dtype=np.float32) for k, v in rows})
        except sqlite3.Error as error:
            raise StoreError(describe(self.path, error)) from None
        return found

    def put(self, vectors: dict[str, np.ndarray], model: str) -> None:
        try:
            with self.db.atomic():
                self.db.table("vectors").insert_all(
                    (
                        {
                            "key": k,
                            "model": model,
                            "dim": int(v.shape[0]),
                            "vector": np.asarray(v, np.float32).tobytes(),
                        }
                        for k, v in vectors.items()
                    ),
                    pk="key",
                    replace=True,
                )
        except sqlite3.Error as error:
            raise StoreError(describe(self.path, error)) from None


def describe(path: str | Path, error: sqlite3.Error, timeout: float = BUSY_TIMEOUT) -> str:
    """One line for a SQLite failure: the file, and what went wrong in words a user can act on."""
    name, text = getattr(error, "sqlite_errorname", "") or "", str(error)
    if name.startswith("SQLITE_FULL"):
        reason = (
            "disk full: the write that failed was rolled back and everything stored before it is kept; "
            "free some space and run again"
        )
    elif name.startswith("SQLITE_READONLY"):
        reason = "read-only: the file or its folder cannot be written; fix the permissions or give --db another file"
    elif name.startswith("SQLITE_CANTOPEN"):
        reason = (
            "cannot open or create the file, or the -wal and -shm files SQLite keeps beside it; "
            "check that its folder exists and is writable"
        )
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        reason = (
            f"database is locked: another process kept it busy for more than {timeout:g} s; "
            "wait for it to finish, or set CORROBORATE_DB_TIMEOUT higher"
        )
    elif text.startswith(("no such table", "no such column")):
        reason = f"damaged database ({text}); restore a backup, or give --db a new file"
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        reason = f"not a usable SQLite database ({text})"
    else:
        reason = f"database error ({text})"
    return f"{path}: {reason}"


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{path}: cannot create its folder {path.parent} ({error.strerror or error})") from None


def _alive(pid: int | None) -> bool:
    """Whether a process of this machine still runs (this process's own old rows count as gone)."""
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


# A cluster nobody decided anything about (notes count: a reviewer looked at it).
_UNDECIDED = "id not in (select cluster_id from annotations where undone = 0 and cluster_id is not null)"


def _chain(ids: Sequence[str]) -> list[tuple[str, str]]:
    """Consecutive pairs: enough must-links to hold a group together."""
    return list(zip(ids, ids[1:], strict=False))


IN_CHUNK = 500  # values per ``in (...)``: under SQLite's limit on bound parameters


def _in_chunks(column: str, values: Sequence[str]) -> Iterator[tuple[str, list[Any]]]:
    """``column in (...)`` clauses with their parameters, ``IN_CHUNK`` values at a time."""
    for start in range(0, len(values), IN_CHUNK):
        yield _review_in(column, values[start : start + IN_CHUNK])


def _review_in(column: str, values: Sequence[str] | None) -> tuple[str, list[Any]]:
    """A ``column in (...)`` clause; no clause for None, a false one for an empty list."""
    if values is None:
        return "", []
    if not values:
        return "0", []
    return f"{column} in ({','.join('?' * len(values))})", list(values)


def _article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.path,
        "source": a.source,
        "title": a.title,
        "url": a.url,
        "published": a.published,
        "author": a.author,
        "text": a.text,
        "flags": json.dumps(list(a.flags)),
        "origin": a.origin,
        "meta": json.dumps(a.meta, default=str),
        "added": now(),
    }


def _article_from_row(row: dict[str, Any], junk: tuple[JunkLine, ...]) -> Article:
    return Article(
        id=row["id"],
        path=row["path"],
        text=row["text"],
        source=row["source"],
        title=row["title"],
        url=row["url"],
        published=row["published"],
        author=row["author"],
        junk=junk,
        flags=tuple(json.loads(row["flags"] or "[]")),
        origin=row["origin"],
        meta=json.loads(row["meta"] or "{}"),
    )


def _junk_row(document_id: str, j: JunkLine) -> dict[str, Any]:
    return {
        "id": content_id("junk", document_id, j.start, j.end),
        "document_id": document_id,
        "start": j.start,
        "end": j.end,
        "text": j.text,
        "reason": j.reason,
    }


def _claim_row(c: Claim) -> dict[str, Any]:
    d = to_dict(c)
    attribution = d.pop("attribution") or {}
    d["speaker"] = attribution.get("speaker")
    d["verb"] = attribution.get("verb")
    d["direct"] = int(bool(attribution.get("direct")))
    d["speaker_title"] = attribution.get("title") or None
    d["numbers"] = json.dumps(d["numbers"])
    d["dates"] = json.dumps(d["dates"])
    return d


def _claim_from_row(row: dict[str, Any]) -> Claim:
    d = dict(row)
    speaker, verb, direct = d.pop("speaker"), d.pop("verb"), d.pop("direct")
    title = d.pop("speaker_title", None) or ""
    d["numbers"] = json.loads(d["numbers"] or "[]")
    d["dates"] = json.loads(d["dates"] or "[]")
    claim = claim_from_dict(d)
    if speaker:
        return _with_attribution(claim, Attribution(speaker, verb or "", bool(direct), title))
    return claim


def _with_attribution(claim: Claim, attribution: Attribution) -> Claim:
    return replace(claim, attribution=attribution)


def _cluster_row(c: Cluster, run_id: int) -> dict[str, Any]:
    return {
        "id": c.id,
        "status": c.status,
        "support": c.support,
        "independent_support": c.independent_support,
        "label": c.label,
        "conflict_count": len(c.conflicts),
        "numbers": json.dumps(list(c.numbers)),
        "run_id": run_id,
    }


def _conflict_row(cluster_id: str, f: Conflict) -> dict[str, Any]:
    return {
        "id": content_id("conflict", cluster_id, f.check, *f.claims),
        "cluster_id": cluster_id,
        "check": f.check,
        "kind": f.kind,
        "severity": f.severity,
        "claims": json.dumps(list(f.claims)),
        "detail": f.detail,
        "outliers": json.dumps(list(f.outliers)),
        "data": json.dumps(f.data, default=str),
    }


def _conflict_from_row(r: dict[str, Any]) -> Conflict:
    return Conflict(
        check=r["check"],
        kind=r["kind"],
        severity=r["severity"],
        claims=tuple(json.loads(r["claims"])),
        detail=r["detail"],
        outliers=tuple(json.loads(r["outliers"] or "[]")),
        data=json.loads(r["data"] or "{}"),
    )

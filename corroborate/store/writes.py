"""What the pipeline writes and reads back: documents, claims, vectors, clusters, runs, marks, decisions.

Articles and claims are keyed by content hashes, so storing the same input twice adds nothing; every
write is one ``writing`` transaction. Vectors are float32 blobs with the model id beside them.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from contextlib import contextmanager, suppress
from typing import Any

import numpy as np
import sqlite_utils

from corroborate.embed import vector_key
from corroborate.errors import StoreError
from corroborate.records import (
    Annotation,
    Article,
    Claim,
    ClaimTable,
    Cluster,
    Conflict,
    JunkLine,
    KnownMark,
    Suggestion,
    content_id,
    to_dict,
)
from corroborate.store.base import StoreBase, describe
from corroborate.store.review import StoredAnnotation, annotation_from_row
from corroborate.store.rows import (
    CLAIM_COLUMNS,
    DOCUMENT_COLUMNS,
    article_from_values,
    article_row,
    claim_from_row,
    claim_from_values,
    claim_row,
    cluster_row,
    conflict_from_row,
    conflict_row,
    in_chunks,
    junk_row,
    now,
)
from corroborate.store.vectorfile import VectorFile

CLUSTER_COLUMNS = ("id", "status", "support", "independent_support", "label", "conflict_count", "numbers", "run_id")


VECTOR_BLOCK = 4096  # embedding rows read and placed at once (6 MB of 384-dim vectors)
# Claims from which a run reads their vectors from the file beside the database (``vectorfile``): below it,
# SQLite's rows are read about as fast (20k vectors in 0.07 s), and a small store stays one file.
VECTOR_FILE_FROM = 20_000
KEYED_READS = 2_000  # vectors the file lacks that are read by key; more, and the table is scanned


class PipelineStore(StoreBase):
    """The pipeline's side of the store: everything a run writes, and reads back to cluster."""

    # -- documents and claims -------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        return bool(self.db.execute("select 1 from documents where id = ?", [document_id]).fetchone())

    def add_document(self, article: Article, claims: Sequence[Claim], vectors: np.ndarray, model: str) -> None:
        """Store one article with its claims and their vectors, all or nothing."""
        with self.writing():
            self.db.table("documents").insert(article_row(article), pk="id", replace=True)
            self.db.table("junk_lines").insert_all(
                (junk_row(article.id, j) for j in article.junk), pk="id", replace=True
            )
            self.db.table("claims").insert_all((claim_row(c) for c in claims), pk="id", replace=True)
            self.add_vectors(claims, vectors, model)  # a savepoint of this transaction

    def update_documents(self, articles: Iterable[Article]) -> None:
        """Write back fields set after ingest, lineage flags and origin, of the documents where they changed."""
        with self.writing():
            stored = {r[0]: (r[1], r[2]) for r in self.db.execute("select id, flags, origin from documents")}
            rows = [(json.dumps(list(a.flags)), a.origin, a.id) for a in articles]
            changed = [r for r in rows if r[2] in stored and stored[r[2]] != r[:2]]
            self.db.conn.executemany("update documents set flags = ?, origin = ? where id = ?", changed)

    def documents(self) -> dict[str, Article]:
        junk: dict[str, list[JunkLine]] = {}
        sql = "select document_id, start, [end], text, reason from junk_lines order by document_id, start"
        for document_id, start, end, text, reason in self.db.execute(sql):
            junk.setdefault(document_id, []).append(JunkLine(start, end, text, reason))
        rows = self.db.execute(f"select {DOCUMENT_COLUMNS} from documents order by path")
        return {r[0]: article_from_values(r, tuple(junk.get(r[0], ()))) for r in rows}

    def claims(self, document_id: str | None = None) -> list[Claim]:
        sql, params = f"select {CLAIM_COLUMNS} from claims", []
        if document_id:
            sql += " where document_id = ?"
            params.append(document_id)
        return [claim_from_values(r) for r in self.db.execute(sql + " order by document_id, start", params)]

    def claim_table(self) -> ClaimTable:
        """Every stored claim, in ``claims()``'s order, each record made when first read (``ClaimTable``).

        Only ids and documents are read at once (from the index on document and start: a third of the time
        of whole rows at 100k claims); a record's row is read by key when first asked for, or every row in
        one scan past ``KEYED_READS`` of them. Read within ``snapshot()``, as a run does, so that the rows
        read late are of the same state as the ids.
        """
        rows = self.db.execute("select id, document_id from claims order by document_id, start").fetchall()
        ids = [r[0] for r in rows]
        return ClaimTable(ids, [r[1] for r in rows], _ClaimRows(self.db, ids))

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
        for clause, params in in_chunks("claim_id", claim_ids):
            for r in self.db.query(f"select * from known_marks where {clause} order by score desc", params):
                out.setdefault(r["claim_id"], []).append(
                    KnownMark(r["claim_id"], r["pool_id"], r["score"], r["text"], json.loads(r["fields"] or "{}"))
                )
        return out

    def vectors(self, claim_ids: Sequence[str], model: str) -> np.ndarray:
        """One float32 row per claim id, in order, read a block of rows at a time into one array (never a copy
        of all): each block's blobs are joined and placed at once, not one row at a time.

        The rows come in the table's own order (``+model``: not through the model index, whose order sends
        each row's read to another page); each lands at its claim's position whatever order it comes in.
        """
        position = {c: i for i, c in enumerate(dict.fromkeys(claim_ids))}
        out: np.ndarray | None = None
        found = np.zeros(len(position), dtype=bool)
        cursor = self.db.execute("select claim_id, vector from embeddings where +model = ?", [model])
        while block := cursor.fetchmany(VECTOR_BLOCK):
            wanted = [(row, blob) for claim_id, blob in block if (row := position.get(claim_id)) is not None]
            if not wanted:
                continue
            rows, blobs = zip(*wanted, strict=True)
            vectors = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)
            if out is None:
                out = np.empty((len(position), vectors.shape[1]), dtype=np.float32)
            out[list(rows)] = vectors
            found[list(rows)] = True
        missing = int(len(position) - found.sum())
        if missing:
            raise StoreError(_no_vectors(missing, model))
        if out is None:
            return np.zeros((0, 0), np.float32)
        return out if len(position) == len(claim_ids) else out[[position[c] for c in claim_ids]]

    def claim_vectors(self, claim_ids: Sequence[str], model: str) -> tuple[np.ndarray, Callable[[], None]]:
        """``vectors`` of all the claims a run clusters, and what to call holding the write lock to keep the
        vector file beside the database complete (``vectorfile``): from ``VECTOR_FILE_FROM`` claims, the
        vectors come from that file, and only the rows it lacks from the database."""
        file_from = VECTOR_FILE_FROM
        file = VectorFile.beside(self.path) if len(claim_ids) >= file_from else None
        taken = file.take(claim_ids, model) if file else None
        if file is None or taken is None or (~taken.found).sum() > max(KEYED_READS, len(claim_ids) // 10):
            vectors = self.vectors(claim_ids, model)  # a scan of the table is quicker than many keyed reads
            return vectors, (lambda: _kept(file.rewrite, claim_ids, vectors, model)) if file else _nothing
        lacking = [claim_ids[i] for i in np.flatnonzero(~taken.found).tolist()]
        vectors = taken.vectors
        if lacking:
            vectors[~taken.found] = self._vectors_of(lacking, model)
        if taken.rows - int(taken.found.sum()) > max(file_from, taken.rows // 2):  # mostly claims since removed
            return vectors, lambda: _kept(file.rewrite, claim_ids, vectors, model)
        if not lacking:
            return vectors, _nothing
        return vectors, lambda: _kept(file.append, lacking, vectors[~taken.found], model)

    def _vectors_of(self, claim_ids: Sequence[str], model: str) -> np.ndarray:
        """Vectors of a few claims, in order, by the table's key."""
        found: dict[str, bytes] = {}
        for clause, params in in_chunks("claim_id", claim_ids):
            sql = f"select claim_id, vector from embeddings where model = ? and {clause}"
            found.update(self.db.execute(sql, [model, *params]).fetchall())
        if len(found) < len(set(claim_ids)):
            raise StoreError(_no_vectors(len(set(claim_ids)) - len(found), model))
        return np.frombuffer(b"".join(found[c] for c in claim_ids), dtype=np.float32).reshape(len(claim_ids), -1)

    def claims_without_vectors(self, model: str) -> list[Claim]:
        """Stored claims with no vector under ``model``: stored by another model, or under an older id."""
        sql = "from claims where not exists (select 1 from embeddings where claim_id = claims.id and model = ?)"
        if not self.db.execute(f"select exists(select 1 {sql})", [model]).fetchone()[0]:
            return []  # the usual answer, without reading a row of claims
        return [claim_from_row(r) for r in self.db.query(f"select * {sql} order by document_id, start", [model])]

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
                        "key": vector_key(model, c.text),
                    }
                    for c, v in zip(claims, vectors, strict=True)
                ),
                pk=("claim_id", "model"),
                replace=True,
            )

    def vectors_by_key(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors by content key (``embed.vector_key``: model and claim text); missing keys are absent."""
        found: dict[str, np.ndarray] = {}
        for clause, params in in_chunks("key", keys):
            rows = self.db.execute(f"select key, vector from embeddings where {clause}", params).fetchall()
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

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
        kept: Set[str] = frozenset(),
    ) -> None:
        """Swap in a new clustering in one transaction; readers never see half of it.

        Only the rows that differ from the stored clustering are written: a run that adds one article to
        a large store rewrites the clusters it changed, not all of them. A cluster row keeps the id of the
        run that last changed it (``run_id``). ``kept`` names stored clusters that stay exactly as they
        are (row, members, conflicts): they are neither passed in ``clusters`` nor read, and only the
        stored rows of the other clusters are compared.
        """
        with self.writing():
            gone = self._stored_ids("clusters").difference(kept, (c.id for c in clusters))
            scope = sorted(gone.union(c.id for c in clusters)) if kept else None
            self._write_cluster_rows(clusters, run_id, scope)
            self._write_diff("cluster_claims", "claim_id", _member_rows(clusters), scope)
            self._write_diff("conflicts", "id", {r["id"]: r for c in clusters for r in _conflict_rows(c)}, scope)
            self._write_diff("suggestions", "id", {r["id"]: r for r in map(_suggestion_row, suggestions)})
            self._delete_ids("clusters", "id", sorted(gone))  # last: their members and conflicts left first

    def _write_cluster_rows(self, clusters: Sequence[Cluster], run_id: int, scope: Sequence[str] | None) -> None:
        """Insert new cluster rows and update changed ones; an unchanged row is left as it is."""
        columns = [c for c in CLUSTER_COLUMNS if c != "run_id"]
        names = ", ".join(f"[{c}]" for c in columns)
        stored = {r[0]: r for r in self._rows_of("clusters", names, "id", scope)}
        rows = [cluster_row(c, run_id) for c in clusters]
        fresh = [r for r in rows if r["id"] not in stored]
        changed = [r for r in rows if r["id"] in stored and tuple(r[c] for c in columns) != stored[r["id"]]]
        self.db.table("clusters").insert_all(fresh, pk="id")
        sets = ", ".join(f"[{c}] = ?" for c in [*columns[1:], "run_id"])
        self.db.conn.executemany(
            f"update clusters set {sets} where id = ?",
            [[*(r[c] for c in columns[1:]), run_id, r["id"]] for r in changed],
        )

    def _write_diff(
        self, table: str, key: str, rows: dict[str, dict[str, Any]], scope: Sequence[str] | None = None
    ) -> None:
        """Make ``table`` hold exactly ``rows`` (by ``key``), writing only the rows that differ; with ``scope``
        (cluster ids) only the stored rows of those clusters are compared, and the others left alone."""
        columns = [key, *(c for c in next(iter(rows.values()), {}) if c != key)]
        names = ", ".join(f"[{c}]" for c in columns)
        stored = {r[0]: r for r in self._rows_of(table, names, "cluster_id", scope)}
        self._delete_ids(table, key, sorted(set(stored) - set(rows)))
        changed = [r for k, r in rows.items() if tuple(r[c] for c in columns) != stored.get(k)]
        self.db.table(table).insert_all(changed, pk=key, replace=True)

    def _rows_of(self, table: str, names: str, column: str, scope: Sequence[str] | None) -> Iterator[Any]:
        """The stored rows of ``table`` (those whose ``column`` is in ``scope``, when given)."""
        if scope is None:
            yield from self.db.execute(f"select {names} from {table}")
            return
        for clause, params in in_chunks(column, scope):
            yield from self.db.execute(f"select {names} from {table} where {clause}", params)

    def _stored_ids(self, table: str) -> set[str]:
        return {r[0] for r in self.db.execute(f"select id from {table}")}

    def _delete_ids(self, table: str, key: str, ids: Sequence[str]) -> None:
        for clause, params in in_chunks(key, ids):
            self.db.execute(f"delete from {table} where {clause}", params)

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
            out.setdefault(r["cluster_id"], []).append(conflict_from_row(r))
        return out

    def suggestions(self) -> list[Suggestion]:
        return [
            Suggestion(r["claim_a"], r["claim_b"], r["similarity"])
            for r in self.db.query("select * from suggestions order by similarity desc")
        ]

    def previous_clusters(self) -> dict[str, str]:
        """claim id -> cluster id of the stored clustering, for incremental matching."""
        return dict(self.db.execute("select claim_id, cluster_id from cluster_claims").fetchall())  # no dict per row

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

    def standing_annotations(self) -> list[StoredAnnotation]:
        """The decisions not undone, oldest first: what ``constraints.constraints`` turns into pairs."""
        return [annotation_from_row(r) for r in self.db.query("select * from annotations where undone = 0 order by id")]

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
        for clause, params in in_chunks("id", list(dict.fromkeys(claim_ids))):
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
    # as constraints (see ``corroborate.constraints``), so both always agree.

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
        old = self.db.execute("select run_id from clusters where id = ?", [cluster.id]).fetchone()
        row = cluster_row(cluster, old[0] if old else 0)
        self.db.table("clusters").insert(row, pk="id", replace=True)
        self.db.table("cluster_claims").insert_all(
            ({"claim_id": claim, "cluster_id": cluster.id} for claim in cluster.claims), pk="claim_id", replace=True
        )
        self.db.execute("delete from conflicts where cluster_id = ?", [cluster.id])
        self.db.table("conflicts").insert_all(
            (conflict_row(cluster.id, f) for f in cluster.conflicts), pk="id", replace=True
        )

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


def _member_rows(clusters: Sequence[Cluster]) -> dict[str, dict[str, Any]]:
    return {claim: {"claim_id": claim, "cluster_id": c.id} for c in clusters for claim in c.claims}


def _conflict_rows(cluster: Cluster) -> list[dict[str, Any]]:
    return [conflict_row(cluster.id, f) for f in cluster.conflicts]


def _suggestion_row(s: Suggestion) -> dict[str, Any]:
    return {"id": content_id("suggestion", s.claim_a, s.claim_b), **to_dict(s)}


def _no_vectors(missing: int, model: str) -> str:
    return (
        f"{missing} claims have no vector for model {model}; run again with the model they were stored with, "
        "or a fresh --db"
    )


def _kept(
    write: Callable[[Sequence[str], np.ndarray, str], None], ids: Sequence[str], vectors: np.ndarray, model: str
) -> None:
    """A write to the vector file, a cache: a failure to write it leaves the run as it is (the next run
    reads the database and tries again)."""
    with suppress(OSError):
        write(ids, vectors, model)


def _nothing() -> None:
    pass


class _ClaimRows:
    """A claim table's records: row ``i`` read by key, or all rows in one scan once many are asked for."""

    def __init__(self, db: sqlite_utils.Database, ids: list[str]) -> None:
        self.db, self.ids = db, ids
        self.keyed = 0
        self.scanned: dict[str, tuple[Any, ...]] | None = None

    def __call__(self, i: int) -> Claim:
        claim_id = self.ids[i]
        if self.scanned is None and self.keyed < KEYED_READS:
            self.keyed += 1
            row = self.db.execute(f"select {CLAIM_COLUMNS} from claims where id = ?", [claim_id]).fetchone()
        else:
            if self.scanned is None:
                self.scanned = {r[0]: r for r in self.db.execute(f"select {CLAIM_COLUMNS} from claims")}
            row = self.scanned.get(claim_id)
        if row is None:
            raise KeyError(f"claim {claim_id} is no longer stored")
        return claim_from_values(row)

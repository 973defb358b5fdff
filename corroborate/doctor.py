"""``corroborate doctor``: is this set-up fit to run, and is this database sound?

Each check returns a ``Finding``: ok or a problem, what was seen, and what to do about a
problem. The models are checked as ``run`` would check them before loading (nothing is
loaded); the database is opened read-only (SQLite ``mode=ro``), so the doctor never
changes it, not even by migrating its schema.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from corroborate.errors import CorroborateError

MIN_FREE_BYTES = 1 << 30


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        status = "ok     " if self.ok else "problem"
        return f"{status}  {self.check}: {self.detail}" + (f"; fix: {self.fix}" if self.fix else "")


def embedding_model(model_dir: str | None) -> tuple[Finding, str | None]:
    """The model's finding, and its id when it is fit to load."""
    from corroborate.embed import checked_model

    try:
        files = checked_model(model_dir)
    except CorroborateError as error:
        # the default model's messages already name the reinstall command
        fix = "pass --model a sentence-transformers folder with model.safetensors" if model_dir else ""
        return Finding("embedding model", False, str(error), fix), None
    pinned = "files match their pinned SHA-256" if model_dir is None else "your own model, not pinned"
    return Finding("embedding model", True, f"{files.model_id} at {files.path} ({pinned})"), files.model_id


def spacy_pipeline(name: str | None) -> Finding:
    from corroborate.extract.model import DEFAULT_MODEL, checked_path

    try:
        path = checked_path(name or DEFAULT_MODEL)
    except CorroborateError as error:
        return Finding("spaCy pipeline", False, str(error))  # the message names the install command
    pinned = "files match their pinned SHA-256" if name in (None, DEFAULT_MODEL) else "not pinned"
    return Finding("spaCy pipeline", True, f"{name or DEFAULT_MODEL} at {path} ({pinned})")


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot write: not the data, not a journal, not a migration."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        yield conn


def database(path: Path, model_id: str | None = None) -> list[Finding]:
    """Existence, schema, integrity, journal mode and write access of the database file; its vectors."""
    if not path.exists():
        return [
            Finding(
                "database",
                False,
                f"{path}: no database here",
                "run `corroborate run PATH...` to create it, or pass --db FILE",
            )
        ]
    try:
        with read_only(path) as conn:
            found = [_schema(conn, path), _integrity(conn, path), _journal(conn)]
            if model_id and found[0].ok:
                found.append(_vectors(conn, model_id))
    except sqlite3.DatabaseError as error:
        return [
            Finding(
                "database",
                False,
                f"{path}: not a readable SQLite database ({error})",
                "restore it from a backup, or pass the --db of a corroborate database",
            )
        ]
    return found + [_writable(path)]


def _schema(conn: sqlite3.Connection, path: Path) -> Finding:
    import sqlite_utils

    from corroborate.store import schema

    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not {schema.RECORD, schema.LEGACY_RECORD} & tables:
        return Finding(
            "schema",
            False,
            f"{path}: not a corroborate database (no {schema.RECORD} table)",
            "pass the --db of a corroborate database",
        )
    applied = schema.applied(sqlite_utils.Database(conn))
    known = schema.NAMES
    unknown = sorted(applied - set(known))
    version = conn.execute("pragma user_version").fetchone()[0]
    if unknown:
        return Finding(
            "schema",
            False,
            f"{path}: written by a newer corroborate ({unknown[-1]})",
            "upgrade corroborate before writing to it",
        )
    pending = [name for name in known if name not in applied]
    detail = f"{len(applied)} of {len(known)} migrations applied, user_version {version}"
    return Finding("schema", True, detail + (f"; the next run applies {', '.join(pending)}" if pending else ""))


def _integrity(conn: sqlite3.Connection, path: Path) -> Finding:
    rows = [r[0] for r in conn.execute("pragma integrity_check")]
    if rows == ["ok"]:
        return Finding("integrity", True, "pragma integrity_check: ok")
    return Finding(
        "integrity",
        False,
        f"{path}: {rows[0]}" + (f" (and {len(rows) - 1} more)" if len(rows) > 1 else ""),
        f"restore it from a backup, or save what can be read: sqlite3 {path} .recover | sqlite3 new.db",
    )


def _journal(conn: sqlite3.Connection) -> Finding:
    mode = conn.execute("pragma journal_mode").fetchone()[0]
    note = "readers and a writer do not block each other" if mode == "wal" else "a writer blocks readers"
    return Finding("journal mode", True, f"{mode} ({note})")


def _vectors(conn: sqlite3.Connection, model_id: str) -> Finding:
    """Whether the stored claims have vectors of this model: if not, the next run embeds them (not a fault)."""
    claims = conn.execute("select count(*) from claims").fetchone()[0]
    by_model = dict(conn.execute("select model, count(*) from embeddings group by model").fetchall())
    missing = claims - by_model.get(model_id, 0)
    if not missing:
        return Finding("vectors", True, f"all {claims} claims have vectors of {model_id}")
    others = ", ".join(f"{n} of {m}" for m, n in sorted(by_model.items()) if m != model_id) or "none"
    return Finding(
        "vectors",
        True,
        f"{missing} of {claims} claims have no vector of {model_id} (stored: {others}); the next run embeds them again",
    )


def _writable(path: Path) -> Finding:
    # SQLite writes its journal (or WAL) beside the file, so the folder must be writable too.
    for target, what in ((path, "file"), (path.parent, "folder")):
        if not os.access(target, os.W_OK):
            return Finding(
                "write access",
                False,
                f"{target}: the {what} is read-only for this user",
                f"chmod u+w {target}, or copy the database somewhere writable",
            )
    return Finding("write access", True, "file and folder writable")


def disk_space(path: Path, minimum: int = MIN_FREE_BYTES) -> Finding:
    folder = next((p for p in [path, *path.resolve().parents] if p.is_dir()), Path("."))
    free = shutil.disk_usage(folder).free
    detail = f"{free / 2**30:.1f} GB free on {folder}"
    if free < minimum:
        return Finding(
            "disk space",
            False,
            detail + f" (under {minimum / 2**30:.1f} GB)",
            "free some space: a run can write as much again as the database holds",
        )
    return Finding("disk space", True, detail)


def examine(db: Path, model_dir: str | None, spacy_model: str | None) -> list[Finding]:
    """Every check, in the order they are printed."""
    model, model_id = embedding_model(model_dir)
    return [model, spacy_pipeline(spacy_model), *database(db, model_id), disk_space(db)]

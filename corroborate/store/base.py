"""Opening a corroborate database: identity and schema checks, transactions, and SQLite errors in words.

``StoreBase`` holds the connection; the pipeline's writes (``writes``) and the review app's read model
(``review``) are mixins over it, joined as ``Store`` in the package.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from corroborate.errors import StoreError
from corroborate.store import schema

BUSY_TIMEOUT = 60.0  # seconds a write waits for another process's transaction before giving up


class StoreBase:
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
        until_free(lambda: schema.check_identity(self.db, self.path), self.timeout)  # reads only: safe to retry
        if write:  # readers never block the writer, and the writer never blocks readers
            until_free(self.db.enable_wal, self.timeout)
        self._migrate(stamp=write)
        missing = [t for t in schema.TABLES if t not in self.db.table_names()]
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
        self.timeout = milliseconds / 1000  # and how long a lock answered "busy" at once is tried again

    def abandon(self) -> None:
        """Roll back a transaction a failed call left open, so the next try starts clean."""
        if self.db.conn.in_transaction:
            self.db.conn.rollback()

    def _migrate(self, stamp: bool) -> None:
        """Apply what is missing; with ``stamp``, always commit the mark too, which proves the file writable."""
        if not stamp and schema.up_to_date(self.db):
            return
        with self.writing():  # the runner reads the record again inside the lock: another run may have migrated
            schema.migrate(self.db)

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
        until_free(lambda: conn.execute("BEGIN IMMEDIATE"), self.timeout)
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


def until_free(step: Callable[[], object], timeout: float) -> None:
    """Run ``step``, which takes a lock, trying again while SQLite answers "busy" for up to ``timeout`` seconds.

    SQLite's busy handler already waits inside most statements, but some "busy" answers come at once,
    without it: a WAL file being recovered by another process that just opened it, a journal-mode switch
    on a file another process is creating. A step that only takes a lock is safe to try again.
    """
    deadline = time.monotonic() + timeout
    pause = 0.01
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (not name and "locked" in str(error))


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
        code = "" if name in ("SQLITE_BUSY", "SQLITE_LOCKED") else f" ({name})"
        reason = (
            f"database is locked{code}: another process kept it busy for more than {timeout:g} s; "
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

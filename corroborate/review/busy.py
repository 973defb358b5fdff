"""Patience with a database another program is writing: retries, then one clear error.

The review app shares its SQLite file with ``corroborate run`` and with other
reviewers. When one of them holds the write lock, a read or a write raises
``sqlite3.OperationalError: database is locked``; ``patiently`` retries with a
growing pause for a few seconds, then raises ``ReviewDataError`` naming the file
and the reason, which the screens show as a message instead of dying.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from corroborate.errors import CorroborateError, StoreError

T = TypeVar("T")

PATIENCE = 3.0  # seconds of retrying before the reviewer is told
FIRST_PAUSE = 0.05
LONGEST_PAUSE = 0.8
BUSY_WORDS = ("locked", "busy")


class ReviewDataError(CorroborateError):
    """A read or write of the review app failed; the message names the file and the reason."""

    def __init__(self, path: Path, reason: str, busy: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.busy = busy


def is_busy(error: Exception) -> bool:
    """Whether an error means another connection holds a lock (worth waiting for)."""
    return isinstance(error, sqlite3.OperationalError | StoreError) and any(w in str(error) for w in BUSY_WORDS)


def patiently(
    path: Path, call: Callable[[], T], patience: float = PATIENCE, on_fail: Callable[[], object] | None = None
) -> T:
    """``call()``, retried while the database is busy for up to ``patience`` seconds.

    ``on_fail`` runs after every failed try (the caller rolls back what the try began).
    Any database error becomes a ``ReviewDataError``; other exceptions pass through.
    """
    deadline = time.monotonic() + patience
    pause = FIRST_PAUSE
    while True:
        try:
            return call()
        except (sqlite3.DatabaseError, StoreError) as error:
            if on_fail is not None:
                on_fail()
            busy = is_busy(error)
            if not busy or time.monotonic() + pause > deadline:
                raise _data_error(path, error, busy, patience) from error
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


def _data_error(path: Path, error: Exception, busy: bool, patience: float) -> ReviewDataError:
    if busy:
        return ReviewDataError(path, f"database is locked by another program (waited {patience:g} s)", busy=True)
    return ReviewDataError(path, str(error).removeprefix(f"{path}: "))

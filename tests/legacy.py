"""Databases as corroborate made them before it ran its migrations on sqlite-utils' runner.

The old runner applied the same migration functions in order and recorded each in ``_migrations``
(name, applied); files made before the identity mark have application id and user_version 0.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from corroborate.store import schema

OLD_NAMES = [name for name in schema.NAMES if name < "m009"]  # the migrations the old runner knew


def legacy_db(path: Path, upto: str = OLD_NAMES[-1], marked: bool = True) -> Path:
    """A file migrated by the old runner through ``upto`` (included), marked as it marked files, or not."""
    names = OLD_NAMES[: OLD_NAMES.index(upto) + 1]
    db = sqlite_utils.Database(sqlite3.connect(path))
    with db.conn:
        for i, name in enumerate(names):
            getattr(schema, name)(db)
            db.table("_migrations").insert({"name": name, "applied": f"2024-01-01T00:00:{i:02d}+00:00"}, pk="name")
        db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID if marked else 0}")
        db.execute(f"PRAGMA user_version = {len(names) if marked else 0}")
    db.close()
    return path

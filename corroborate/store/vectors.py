"""Vectors by content key in a SQLite file of their own (the embedding cache of a pool of known claims)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import sqlite_utils

from corroborate.errors import StoreError
from corroborate.store.base import BUSY_TIMEOUT, describe
from corroborate.store.rows import in_chunks


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
            for clause, params in in_chunks("key", keys):
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

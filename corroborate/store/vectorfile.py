"""Stored claims' vectors in one flat file beside the database, for the run that adds a few claims to many.

Such a run searches every stored vector for its new claims' neighbours. Out of SQLite's rows, 100k
vectors take about a third of a second to read, most of the run's reading; out of one float32 file,
read a block at a time into the claims' order, about a tenth.

The file is a cache of (model id, claim id) -> vector, and that is a function: a claim's id names its
document, text and span (``Claim.make_id``), and the model id names the model's files. So the file can
lack rows but never hold a wrong one, and the database stays the record. Rows it lacks are read from the
database and appended by the run that holds the write lock; a file that cannot be read is written again;
so is one whose rows are mostly of claims no longer stored.

In the folder ``<database>-vectors``:

- ``ids``: a JSON header line (format, model id, dimension, generation, row count), then one claim id a
  line in the matrix's row order. It is replaced whole (written, then renamed), so a reader sees one
  list or the next, and a list cut short does not match its count and is not read.
- ``<generation>.f32``: the rows, float32, appended in place and flushed to disk before the list that
  names them. A reader uses only the rows its list names, so an append cut short is never read (the next
  writer cuts it off first). A rewrite starts a new generation under a new name: a reader that still
  holds the old list reads the old rows, or finds them gone and reads the database.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = 1
SUFFIX = "-vectors"
BLOCK_ROWS = 4096  # rows read at once (6 MB of 384-dim vectors)


@dataclass(frozen=True)
class Taken:
    """Vectors of the asked claims in their order; rows the file lacks are left zero (``found`` false)."""

    vectors: np.ndarray
    found: np.ndarray  # bool per asked claim
    rows: int  # rows the file holds, counting those of claims no longer asked for


class VectorFile:
    """The vector file of one database (see the module's docstring). Writes need the store's write lock."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.ids_path = self.folder / "ids"

    @classmethod
    def beside(cls, database: str | Path) -> VectorFile | None:
        """The vector file of a database file; none for an in-memory one."""
        if str(database) == ":memory:":
            return None
        path = Path(database)
        return cls(path.with_name(path.name + SUFFIX))

    def take(self, claim_ids: Sequence[str], model: str) -> Taken | None:
        """The file's vectors of ``claim_ids``, in order; None when there is no usable file for ``model``.

        The file is read a block at a time, each row put where its claim is asked: only the result is held.
        """
        listed = self._listed()
        if listed is None or listed[0]["model"] != model:
            return None
        header, ids = listed
        dim = int(header["dim"])
        position = {claim: row for row, claim in enumerate(ids)}
        where = np.fromiter((position.get(c, -1) for c in claim_ids), dtype=np.int64, count=len(claim_ids))
        found = where >= 0
        to = np.full(len(ids), -1, dtype=np.int64)  # file row -> the asked position it goes to
        to[where[found]] = np.flatnonzero(found)
        out = np.zeros((len(claim_ids), dim), dtype=np.float32)
        block = np.empty((BLOCK_ROWS, dim), dtype=np.float32)
        try:
            with open(self._matrix(header), "rb") as rows:
                for first in range(0, len(ids), BLOCK_ROWS):
                    n = min(BLOCK_ROWS, len(ids) - first)
                    if rows.readinto(block[:n].data.cast("B")) != n * dim * 4:
                        return None  # fewer rows than the list names
                    dest = to[first : first + n]
                    wanted = dest >= 0
                    out[dest[wanted]] = block[:n][wanted]
        except OSError:  # gone with a rewrite since the list was read
            return None
        if int(found.sum()) > int((to >= 0).sum()):  # an id asked twice: each of its places gets the row
            out[found] = out[to[where[found]]]
        return Taken(out, found, len(ids))

    def append(self, claim_ids: Sequence[str], vectors: np.ndarray, model: str) -> None:
        """Add rows for claims the file lacks (those it holds already are skipped). Holding the write lock."""
        listed = self._listed()
        if listed is None or listed[0]["model"] != model or int(listed[0]["dim"]) != vectors.shape[1]:
            return  # another run made the file for another model meanwhile: it stays that model's
        header, ids = listed
        have = set(ids)
        new = [i for i, claim in enumerate(claim_ids) if claim not in have]
        if not new:
            return
        rows = np.ascontiguousarray(vectors[new], dtype=np.float32)
        with open(self._matrix(header), "r+b") as out:
            out.truncate(len(ids) * rows.shape[1] * 4)  # an append cut short before its list was written
            out.seek(0, os.SEEK_END)
            out.write(rows.tobytes())
            out.flush()
            os.fsync(out.fileno())
        self._list(header, [*ids, *(claim_ids[i] for i in new)])

    def rewrite(self, claim_ids: Sequence[str], vectors: np.ndarray, model: str) -> None:
        """The file made anew with exactly these rows, under a new generation. Holding the write lock."""
        self.folder.mkdir(parents=True, exist_ok=True)
        header = {"format": FORMAT, "model": model, "dim": int(vectors.shape[1]), "generation": secrets.token_hex(4)}
        with open(self._matrix(header), "wb") as out:
            out.write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
            out.flush()
            os.fsync(out.fileno())
        self._list(header, list(claim_ids))
        for old in self.folder.glob("*.f32"):
            if old.name != self._matrix(header).name:
                with suppress(OSError):  # still open in a reader, where the system will not let it go
                    old.unlink()

    def _matrix(self, header: dict[str, Any]) -> Path:
        return self.folder / f"{header['generation']}.f32"

    def _listed(self) -> tuple[dict[str, Any], list[str]] | None:
        """The header and the ids, or None when the list is missing, another format, or cut short."""
        try:
            first, _, rest = self.ids_path.read_text(encoding="utf-8").partition("\n")
            header = json.loads(first)
        except (OSError, ValueError):
            return None
        ids = rest.split("\n") if rest else []
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("rows") != len(ids):
            return None
        if not isinstance(header.get("dim"), int) or header["dim"] <= 0 or not isinstance(header.get("model"), str):
            return None
        if not re.fullmatch(r"[0-9a-f]{8}", str(header.get("generation", ""))):
            return None
        return header, ids

    def _list(self, header: dict[str, Any], ids: list[str]) -> None:
        spare = self.ids_path.with_name(f"ids.{os.getpid()}.tmp")
        spare.write_text(json.dumps({**header, "rows": len(ids)}) + "\n" + "\n".join(ids), encoding="utf-8")
        os.replace(spare, self.ids_path)

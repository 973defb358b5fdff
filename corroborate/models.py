"""Model files on disk: SHA-256 digests pinned in the project, checked before anything is loaded.

Both trained models ship inside PyPI packages (the spaCy pipeline of ``extract/model.py`` and the
embedding model of ``embed.py``). Each has a JSON file of its files' digests in this package; a model
whose files differ from it is refused by name before a byte of it is parsed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from corroborate.errors import ModelError

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of one file, read in chunks (the embedding weights are 90 MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_digests(folder: Path) -> dict[str, str]:
    """{path relative to ``folder``: SHA-256} for every file under it (byte-code caches left out)."""
    return {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def pinned(hashes_file: Path) -> dict[str, str]:
    """The ``files`` table of a pinned-digest JSON file."""
    files: dict[str, str] = json.loads(hashes_file.read_text())["files"]
    return files


def verify(folder: Path, expected: dict[str, str], what: str, hint: str, *, exact: bool = False) -> None:
    """Raise ModelError unless every expected file is present with its digest (and, if ``exact``, no other)."""
    for relative, digest in sorted(expected.items()):
        file = folder / relative
        if not file.is_file():
            raise ModelError(f"{what} at {folder} is incomplete: {relative} is missing; reinstall it ({hint})")
        if sha256_file(file) != digest:
            raise ModelError(
                f"{what} at {folder} was changed: {relative} does not match its pinned SHA-256; reinstall it ({hint})"
            )
    if exact:
        extra = sorted(set(_relative_files(folder)) - set(expected))
        if extra:
            raise ModelError(
                f"{what} at {folder} was changed: {extra[0]} is not one of its pinned files; reinstall it ({hint})"
            )


def _relative_files(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]

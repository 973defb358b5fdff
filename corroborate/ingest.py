"""Paths -> Article: the first stage of the flow.

Reads files and folders into Article records. Errors for one file never stop
the others: ``read_paths`` yields an ``InputError`` in its place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from corroborate.errors import InputError
from corroborate.records import Article

SUFFIXES = (".txt",)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given, and the readable files inside folders, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield str(child)
        else:
            yield raw


def read_paths(paths: Iterable[str]) -> Iterator[Article | InputError]:
    for path in expand_paths(paths):
        try:
            yield read_file(path)
        except InputError as error:
            yield error


def read_file(path: str) -> Article:
    text = decode(path, read_bytes(path))
    return make_article(path, text, source=Path(path).stem)


def read_bytes(path: str) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from None
    if not data.strip():
        raise InputError(path, "is empty")
    return data


def decode(path: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(path, "is not a text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old newsroom exports are often cp1252; keep going rather than lose the article.
        return data.decode("cp1252", errors="replace")


def make_article(path: str, text: str, source: str, **meta: str | None) -> Article:
    return Article(id=Article.make_id(text), path=path, text=text, source=source, **meta)

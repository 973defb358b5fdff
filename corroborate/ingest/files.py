"""Command-line paths -> the files ingest reads, and reading one file within a size limit.

Folders are walked without following symbolic links: a link found inside a
folder could lead anywhere on the machine. With ``follow_symlinks`` a link is
followed only when its target lies inside one of the folders given. A path
named on the command line is read even when it is a link: the user chose it.
Hidden files and folders (``.git``, ``.DS_Store``) are passed over in silence;
other files of a format ingest does not read are skipped with a notice.

Every file found ends as exactly one of: a ``Source`` to read, an error, or a
skip notice (both ``InputError``: the file and the reason).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from corroborate.errors import InputError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
MAX_BYTES = 20_000_000  # per file, checked before reading: a news article is a few kilobytes
# Per document, after decoding: extraction time grows faster than the text (500,000 characters took a
# minute and a gigabyte), and no news article comes near it; a longer text is refused, not cut.
MAX_CHARS = 500_000
NOT_FOLLOWED = "is a symbolic link inside a folder, not followed (see --follow-symlinks)"


@dataclass(frozen=True)
class Limits:
    """What a batch may read: bytes per file, characters per document, links followed in folders."""

    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    follow_symlinks: bool = False


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Source:
    """A file to read; ``follow`` says whether it may be opened through a symbolic link."""

    path: str
    follow: bool = True


@dataclass
class Walk:
    sources: list[Source] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)


def walk(paths: list[str] | tuple[str, ...], follow_symlinks: bool = False) -> Walk:
    """Files as given, and the files inside folders (recursively, sorted by path)."""
    found = Walk()
    roots = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    for raw in paths:
        if Path(raw).is_dir():
            inside = Walk()
            _walk_folder(Path(raw), roots if follow_symlinks else None, inside, {Path(raw).resolve()})
            found.sources += sorted(inside.sources, key=lambda s: s.path)
            found.errors += inside.errors
            found.skipped += inside.skipped
        else:
            found.sources.append(Source(raw))
    return found


def _walk_folder(folder: Path, roots: list[Path] | None, found: Walk, seen: set[Path]) -> None:
    """One folder's entries; ``roots`` is None when links are not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        found.errors.append(InputError(str(folder), f"cannot be read ({error.strerror})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            _link(Path(entry.path), roots, found, seen)
        elif entry.is_dir(follow_symlinks=False):
            _walk_folder(Path(entry.path), roots, found, seen)
        elif entry.is_file(follow_symlinks=False):
            _file(entry.path, found, follow=False)
        else:
            found.errors.append(InputError(entry.path, "is not a regular file"))


def _link(link: Path, roots: list[Path] | None, found: Walk, seen: set[Path]) -> None:
    if roots is None:
        found.errors.append(InputError(str(link), NOT_FOLLOWED))
        return
    target = link.resolve()
    if not any(target.is_relative_to(root) for root in roots):
        found.errors.append(InputError(str(link), "is a symbolic link that leads outside the input folders"))
    elif target.is_dir():
        if target not in seen:  # a link back up the tree would loop for ever
            _walk_folder(link, roots, found, seen | {target})
    elif target.is_file():
        _file(str(link), found, follow=True)
    else:
        found.errors.append(InputError(str(link), "is a broken symbolic link"))


def _file(path: str, found: Walk, follow: bool) -> None:
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        found.sources.append(Source(path, follow))
    else:
        found.skipped.append(InputError(path, f"skipped: unsupported format ({suffix or 'no suffix'})"))


def read_file(path: str, max_bytes: int | None = None, follow: bool = True) -> bytes:
    """The file's bytes; ``InputError`` for anything but a regular file within ``max_bytes``.

    The size is checked on the open file before reading, and the read stops one byte past the
    limit, so a file that grows meanwhile is still refused. Opening does not block on a FIFO.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise InputError(path, _open_failure(error)) from None
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(fd)
        if stat.S_ISDIR(mode.st_mode):
            raise InputError(path, "is a directory")
        if not stat.S_ISREG(mode.st_mode):
            raise InputError(path, "is not a regular file")
        if max_bytes is None:
            return file.read()
        if mode.st_size > max_bytes:
            raise InputError(path, too_large(mode.st_size, max_bytes))
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(path, too_large(len(data), max_bytes))
    return data


def too_large(size: int, max_bytes: int) -> str:
    return f"is larger than the limit ({size:,} bytes > {max_bytes:,}; see --max-bytes)"


def _open_failure(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.ELOOP:
        return NOT_FOLLOWED
    if error.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot be read ({error.strerror})"

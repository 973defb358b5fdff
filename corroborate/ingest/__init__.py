"""Paths -> Article: the first stage of the flow.

Reads files and folders (plain text, Markdown, HTML, JSONL) into Article
records, takes metadata from the text itself, from HTML/JSONL fields and from
an optional ``--meta`` CSV/TOML file, and marks junk lines (share boxes,
teasers, other stories' headlines) so extraction never sees them. Errors for
one file never stop the others: ``read_batch`` returns them beside the articles.
Junk lines and header metadata are found in ``ingest.junk``; HTML pages are
read in ``ingest.webpage``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from corroborate.errors import InputError
from corroborate.ingest.junk import batch_line_counts, find_junk
from corroborate.ingest.webpage import html_document
from corroborate.records import Article

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
META_FIELDS = ("source", "published", "url", "title", "author")


@dataclass
class Draft:
    """An article before junk marking: text plus whatever metadata is known so far."""

    path: str
    text: str
    kind: str  # "text", "markdown", "html", "jsonl"
    meta: dict[str, str] = field(default_factory=dict)


def read_batch(paths: Sequence[str], meta_file: str | None = None) -> tuple[list[Article], list[InputError]]:
    """Read every file (folders expanded); one bad file is an error, the rest still load."""
    overrides = read_meta_file(meta_file) if meta_file else {}
    drafts: list[Draft] = []
    errors: list[InputError] = []
    for path in expand_paths(paths):
        try:
            drafts.extend(read_drafts(path, errors))
        except InputError as error:
            errors.append(error)
    # Lines repeated across the batch (teasers, nav) are junk even when each file has them once.
    counts = batch_line_counts(d.text for d in drafts)
    return [finish(d, counts, overrides) for d in drafts], errors


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given, and the readable files inside folders (recursively, sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield str(child)
        else:
            yield raw


def read_drafts(path: str, errors: list[InputError]) -> list[Draft]:
    text = decode(path, read_bytes(path))
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        return jsonl_drafts(path, text, errors)
    if suffix in (".html", ".htm"):
        return [html_draft(path, text)]
    kind = "markdown" if suffix in (".md", ".markdown") else "text"
    return [Draft(path, text, kind)]


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


def html_draft(path: str, html: str) -> Draft:
    doc = html_document(html)
    if not doc.text.strip():
        raise InputError(path, "has no readable article text (HTML)")
    return Draft(path, doc.text, "html", {k: v for k, v in doc.meta.items() if v})


def jsonl_drafts(path: str, text: str, errors: list[InputError]) -> list[Draft]:
    """One draft per good line; a bad line is an error of its own, not of the whole file."""
    drafts = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            drafts.append(jsonl_record(path, number, line))
        except InputError as error:
            errors.append(error)
    return drafts


def jsonl_record(path: str, number: int, line: str) -> Draft:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        raise InputError(path, f"line {number}: not valid JSON") from None
    if not isinstance(record, dict):
        raise InputError(path, f"line {number}: not a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(path, f"line {number}: no 'text' field")
    meta = {k: str(record[k]) for k in META_FIELDS if record.get(k)}
    return Draft(f"{path}#{record.get('id') or number}", body, "jsonl", meta)


def finish(draft: Draft, counts: dict[str, int], overrides: dict[str, dict[str, str]]) -> Article:
    """Mark junk, merge metadata (file fields over text header, --meta over both)."""
    junk, header = find_junk(draft.text, draft.kind, counts)
    meta: dict[str, Any] = {**header, **draft.meta, **match_meta(draft.path, overrides)}
    return Article(
        id=Article.make_id(draft.text),
        path=draft.path,
        text=draft.text,
        source=meta.get("source") or Path(draft.path.split("#")[0]).stem,
        title=meta.get("title"),
        url=meta.get("url"),
        published=meta.get("published"),
        author=meta.get("author"),
        junk=tuple(junk),
    )


def read_meta_file(meta_file: str) -> dict[str, dict[str, str]]:
    """--meta FILE: a CSV with a ``path`` column, or a TOML table per path."""
    text = decode(meta_file, read_bytes(meta_file))
    if meta_file.lower().endswith(".toml"):
        return toml_meta(meta_file, text)
    return csv_meta(meta_file, text)


def toml_meta(meta_file: str, text: str) -> dict[str, dict[str, str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(meta_file, f"not valid TOML ({error})") from None
    return {k: clean_meta(v) for k, v in data.items() if isinstance(v, dict)}


def csv_meta(meta_file: str, text: str) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "path" not in rows[0]:
        raise InputError(meta_file, "no 'path' column (CSV metadata)")
    return {row["path"]: clean_meta(row) for row in rows if row.get("path")}


def clean_meta(values: dict[str, Any]) -> dict[str, str]:
    return {k: str(values[k]).strip() for k in META_FIELDS if values.get(k)}


def match_meta(path: str, overrides: dict[str, dict[str, str]]) -> dict[str, str]:
    """Metadata for a path: by exact path, by path relative to cwd, or by base name."""
    if not overrides:
        return {}
    keys = [path, path.split("#")[0]]
    file = Path(keys[1])
    with contextlib.suppress(ValueError):
        keys.append(str(file.resolve().relative_to(Path.cwd())))
    keys.append(file.name)
    for key in keys:
        found = overrides.get(key) or overrides.get(str(Path(key)))
        if found:
            return found
    # A meta file written next to the folder ("seeds/x.txt") still matches "/elsewhere/seeds/x.txt".
    by_name = [v for k, v in overrides.items() if Path(k).name == file.name]
    return by_name[0] if len(by_name) == 1 else {}


def with_meta(article: Article, **meta: str) -> Article:
    """A copy of the article with metadata fields replaced (junk and text unchanged)."""
    return replace(article, **meta)  # type: ignore[arg-type]  # only str fields are named

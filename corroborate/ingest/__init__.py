"""Paths -> Article: the first stage of the flow.

Reads files and folders (plain text, Markdown, HTML, JSONL) into Article
records, takes metadata from the text itself, from HTML/JSONL fields and from
an optional ``--meta`` CSV/TOML file, and marks junk lines (share boxes,
teasers, other stories' headlines) so extraction never sees them. Errors for
one file never stop the others: ``read_batch`` returns them beside the articles.

``readers`` reads one file of each format into drafts (``webpage`` turns HTML
into text), ``junk`` finds junk lines and header metadata, ``meta`` reads the
``--meta`` file; this module runs them over a batch. ``known`` reads files of
checked claims (and texts to look up in them) for ``corroborate match --pool``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from corroborate.errors import InputError
from corroborate.ingest.junk import batch_line_counts, find_junk
from corroborate.ingest.meta import clean_meta, csv_meta, match_meta, read_meta_file, toml_meta
from corroborate.ingest.readers import (
    META_FIELDS,
    SUFFIXES,
    Draft,
    decode,
    html_draft,
    jsonl_drafts,
    jsonl_record,
    read_bytes,
    read_drafts,
)
from corroborate.records import Article

__all__ = [
    "META_FIELDS", "SUFFIXES", "Draft", "clean_meta", "csv_meta", "decode", "expand_paths", "finish",
    "html_draft", "jsonl_drafts", "jsonl_record", "match_meta", "read_batch", "read_bytes", "read_drafts",
    "read_meta_file", "toml_meta", "with_meta",
]


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


def with_meta(article: Article, **meta: str) -> Article:
    """A copy of the article with metadata fields replaced (junk and text unchanged)."""
    return replace(article, **meta)  # type: ignore[arg-type]  # only str fields are named

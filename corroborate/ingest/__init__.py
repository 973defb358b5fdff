"""Paths -> Article: the first stage of the flow.

Reads files and folders (plain text, Markdown, HTML, JSONL) into Article
records, takes metadata from the text itself, from HTML/JSONL fields and from
an optional ``--meta`` CSV/TOML file, and marks junk lines (share boxes,
teasers, other stories' headlines) so extraction never sees them. Errors for
one file never stop the others: ``read_batch`` returns them beside the articles.

``files`` walks folders (no symbolic link out of them) and reads a file within
the size limit, ``text`` decodes and cleans it, ``readers`` reads one file of
each format into drafts (``webpage`` turns HTML into text), ``junk`` finds
junk lines and header metadata, ``meta`` reads the ``--meta`` file; this
module runs them over a batch. ``known`` reads files of
checked claims (and texts to look up in them) for ``corroborate match --pool``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from corroborate.errors import InputError
from corroborate.ingest.files import DEFAULT_LIMITS, MAX_BYTES, MAX_CHARS, Limits, Source, walk
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
from corroborate.ingest.text import storable_path
from corroborate.records import Article

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_BYTES",
    "MAX_CHARS",
    "META_FIELDS",
    "SUFFIXES",
    "Draft",
    "Limits",
    "clean_meta",
    "csv_meta",
    "decode",
    "finish",
    "html_draft",
    "jsonl_drafts",
    "jsonl_record",
    "match_meta",
    "read_batch",
    "read_bytes",
    "read_drafts",
    "read_meta_file",
    "source_name",
    "toml_meta",
    "url_site",
    "with_meta",
]


def read_batch(
    paths: Sequence[str],
    meta_file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    skipped: list[InputError] | None = None,
) -> tuple[list[Article], list[InputError]]:
    """Read every file (folders walked); one bad file is an error, the rest still load.

    Files of other formats found in folders are appended to ``skipped`` when it is given.
    """
    overrides = read_meta_file(meta_file) if meta_file else {}
    found = walk(list(paths), limits.follow_symlinks)
    drafts: list[Draft] = []
    errors: list[InputError] = list(found.errors)
    for source in found.sources:
        drafts.extend(_read_one(source, limits, errors))
    if skipped is not None:
        skipped.extend(found.skipped)
    # Lines repeated across the batch (teasers, nav) are junk even when each file has them once.
    counts = batch_line_counts(d.text for d in drafts)
    return [finish(d, counts, overrides) for d in drafts], errors


def _read_one(source: Source, limits: Limits, errors: list[InputError]) -> list[Draft]:
    try:
        return read_drafts(source.path, errors, limits, source.follow)
    except InputError as error:
        errors.append(error)
    except Exception as error:  # a parser's bug on one hostile file must not stop the batch
        errors.append(InputError(source.path, f"cannot be read ({type(error).__name__})"))
    return []


def finish(draft: Draft, counts: dict[str, int], overrides: dict[str, dict[str, str]]) -> Article:
    """Mark junk, merge metadata (file fields over text header, --meta over both)."""
    junk, header = find_junk(draft.text, draft.kind, counts)
    meta: dict[str, Any] = {**header, **draft.meta, **match_meta(draft.path, overrides)}
    path = storable_path(draft.path)
    source, named_by = source_name(meta, path, draft.record)
    return Article(
        id=Article.make_id(draft.text),
        path=path,
        text=draft.text,
        source=source,
        title=meta.get("title"),
        url=meta.get("url"),
        published=meta.get("published"),
        author=meta.get("author"),
        junk=tuple(junk),
        meta={"source_from": named_by},
    )


# How a source got its name; only these name an outlet (the export's ``outlet``).
OUTLET_NAMED = ("metadata", "url")
# A corpus file stem such as "003_12a384ead935d268" (position + content hash): the position is its name.
CORPUS_STEM = re.compile(r"^(\d+)_[0-9a-f]{6,}$")


def source_name(meta: Mapping[str, str], path: str, record: str = "") -> tuple[str, str]:
    """The name a reader knows the source by, and where it came from.

    The outlet as the metadata gives it (--meta, the JSONL record's ``source``, the page's og:site_name,
    the text's header), else the site of its URL ("ft.com"), else the JSONL record's id, else the file's
    name (a corpus stem "003_12a3..." shortened to "003").
    """
    if meta.get("source"):
        return meta["source"], "metadata"
    site = url_site(meta.get("url") or "")
    if site:
        return site, "url"
    if record:
        return record, "record id"
    stem = Path(path).stem
    corpus = CORPUS_STEM.match(stem)
    return (corpus.group(1) if corpus else stem), "file name"


def url_site(url: str) -> str:
    """ "https://www.ft.com/content/1e24" -> "ft.com"; "" for anything that is not a web address."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or "." not in host:
        return ""
    return host.removeprefix("www.")


def with_meta(article: Article, **meta: str) -> Article:
    """A copy of the article with metadata fields replaced (junk and text unchanged)."""
    return replace(article, **meta)  # type: ignore[arg-type]  # only str fields are named

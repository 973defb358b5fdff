"""One file -> Drafts: the formats ingest reads (plain text, Markdown, HTML, JSONL).

A draft is an article before junk marking: its cleaned text (see ``text``),
its format and the metadata the file itself carries (HTML meta tags, JSONL
fields). A bad file raises ``InputError``; a bad JSONL line (not JSON, too
long, nested too deeply) is an error of its own and the file's other lines
still load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from corroborate import jsonl
from corroborate.errors import InputError, RecordError
from corroborate.ingest.files import DEFAULT_LIMITS, MAX_CHARS, SUFFIXES, Limits, read_file
from corroborate.ingest.text import clean, clean_field, decode
from corroborate.ingest.webpage import html_document

__all__ = ["META_FIELDS", "SUFFIXES", "Draft", "decode", "read_bytes", "read_drafts"]

META_FIELDS = ("source", "published", "url", "title", "author")
MAX_LINE = 4 * MAX_CHARS  # characters per JSONL line, checked before parsing: escapes make a line long


@dataclass
class Draft:
    """An article before junk marking: text plus whatever metadata is known so far."""

    path: str
    text: str
    kind: str  # "text", "markdown", "html", "jsonl"
    meta: dict[str, str] = field(default_factory=dict)
    record: str = ""  # a JSONL record's id (or line number): the source's name when nothing else names it


def read_drafts(
    path: str, errors: list[InputError], limits: Limits = DEFAULT_LIMITS, follow: bool = True
) -> list[Draft]:
    text = clean(decode(path, read_bytes(path, limits.max_bytes, follow)))
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        return jsonl_drafts(path, text, errors, limits.max_chars)
    if suffix in (".html", ".htm"):
        draft = html_draft(path, text)
    elif not text.strip():
        raise InputError(path, "has no visible text")
    else:
        draft = Draft(path, text, "markdown" if suffix in (".md", ".markdown") else "text")
    check_length(path, draft.text, limits.max_chars)
    return [draft]


def check_length(path: str, text: str, max_chars: int, where: str = "") -> None:
    """``InputError`` when the text is longer than one document may be (``where``: "line 3: ")."""
    if len(text) > max_chars:
        raise InputError(path, f"{where}text longer than {max_chars:,} characters (one document; split it)")


def read_bytes(path: str, max_bytes: int | None = None, follow: bool = True) -> bytes:
    data = read_file(path, max_bytes, follow)
    if not data.strip():
        raise InputError(path, "is empty")
    return data


def html_draft(path: str, html: str) -> Draft:
    doc = html_document(html)
    text = clean(doc.text)  # entities such as &#8203; become invisible characters only now
    if not text.strip():
        raise InputError(path, "has no readable article text (HTML)")
    return Draft(path, text, "html", clean_meta_fields(doc.meta))


def jsonl_drafts(path: str, text: str, errors: list[InputError], max_chars: int = MAX_CHARS) -> list[Draft]:
    """One draft per good line; a bad line is an error of its own, not of the whole file."""
    drafts = []
    for number, line in jsonl.lines(text):
        try:
            drafts.append(jsonl_record(path, number, line, max_chars))
        except InputError as error:
            errors.append(error)
    return drafts


def jsonl_record(path: str, number: int, line: str, max_chars: int = MAX_CHARS) -> Draft:
    try:
        record = jsonl.loads(line, MAX_LINE)
    except RecordError as error:
        raise InputError(path, f"line {number}: {error}") from None
    if not isinstance(record, dict):
        raise InputError(path, f"line {number}: not a JSON object")
    body = record.get("text")
    body = clean(body) if isinstance(body, str) else ""
    if not body.strip():
        raise InputError(path, f"line {number}: no 'text' field")
    check_length(path, body, max_chars, f"line {number}: ")
    meta = clean_meta_fields({k: record[k] for k in META_FIELDS if record.get(k)})
    given = clean_field(scalar(record.get("id")) or "")
    name = given or str(number)
    return Draft(f"{path}#{name}", body, "jsonl", meta, record=given or f"{Path(path).stem}#{number}")


def clean_meta_fields(meta: Mapping[str, object]) -> dict[str, str]:
    """Metadata on one line, without invisible characters; empty and non-scalar values dropped."""
    cleaned = {k: clean_field(scalar(v) or "") for k, v in meta.items()}
    return {k: v for k, v in cleaned.items() if v}


def scalar(value: object) -> str | None:
    """A string or number as text; None for lists and objects (no metadata, and no deep repr)."""
    return str(value) if isinstance(value, str | int | float) else None

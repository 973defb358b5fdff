"""One file -> Drafts: the formats ingest reads (plain text, Markdown, HTML, JSONL).

A draft is an article before junk marking: its text, its format and the
metadata the file itself carries (HTML meta tags, JSONL fields). A bad file
raises ``InputError``; a bad JSONL line is an error of its own and the file's
other lines still load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from corroborate.errors import InputError
from corroborate.ingest.webpage import html_document

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
META_FIELDS = ("source", "published", "url", "title", "author")


@dataclass
class Draft:
    """An article before junk marking: text plus whatever metadata is known so far."""

    path: str
    text: str
    kind: str  # "text", "markdown", "html", "jsonl"
    meta: dict[str, str] = field(default_factory=dict)


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

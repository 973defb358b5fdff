"""A file of known claims (or of texts to look up) -> KnownClaim records.

One reader for both sides of ``corroborate match --pool ... --queries ...``.
Two shapes load, line by line (JSONL) or as one JSON document (an array, or an
object with ``@graph`` as schema.org exports have it):

* plain records ``{"id", "text", ...}``: every other field is kept;
* schema.org ClaimReview records, as fact-checkers publish them: the claim is
  ``claimReviewed`` and the fields worth printing back are read through
  ``CLAIMREVIEW_FIELDS``; the id is the review's ``url``, its ``@id`` or its
  position in the file.

A bad record is an ``InputError`` naming the file, the line (or item) and the
reason; the file's other records still load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from corroborate import jsonl
from corroborate.errors import InputError, RecordError
from corroborate.ingest.readers import decode, read_bytes
from corroborate.records import KnownClaim

# Field printed back -> its path inside a ClaimReview record (a list on the way takes its first item).
CLAIMREVIEW_FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url",),
    "verdict": ("reviewRating", "alternateName"),
    "by": ("author", "name"),
    "date": ("datePublished",),
}
CLAIMREVIEW_IDS = ("url", "@id")


def read_known(path: str) -> tuple[list[KnownClaim], list[InputError]]:
    """Every good record of the file, and one error per bad one (an unreadable file raises)."""
    text = decode(path, read_bytes(path))
    document = _whole_document(text)
    places = _document_places(document) if document is not None else _line_places(text)
    claims: list[KnownClaim] = []
    errors: list[InputError] = []
    for where, position, record in places:
        try:
            if isinstance(record, RecordError):  # a line that is not JSON at all
                raise record
            claims.append(known_claim(record, position))
        except RecordError as error:
            errors.append(InputError(path, f"{where}: {error}"))
    return claims, errors


def _whole_document(text: str) -> list[Any] | dict[str, Any] | None:
    """The file as one JSON array or ``@graph`` object; None for JSONL (or a one-line file)."""
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")):
        return None
    try:
        document = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        return None  # JSONL (or too deep): each line is read, and reported, on its own
    if isinstance(document, list) or (isinstance(document, dict) and "@graph" in document):
        return document
    return None


Place = tuple[str, str, Any]  # where (for messages), position (the fallback id), the record or its RecordError


def _document_places(document: list[Any] | dict[str, Any]) -> Iterator[Place]:
    for i, record in enumerate(_items(document), start=1):
        yield f"item {i}", str(i), record


def _line_places(text: str) -> Iterator[Place]:
    for number, line in jsonl.lines(text):
        try:
            value = jsonl.loads(line)
        except RecordError as error:
            yield f"line {number}", str(number), error
            continue
        items = _items(value)
        if len(items) == 1:
            yield f"line {number}", str(number), items[0]
        for i, record in enumerate(items if len(items) > 1 else [], start=1):
            yield f"line {number}, item {i}", f"{number}.{i}", record


def _items(value: Any) -> list[Any]:
    """The records a JSON value holds: an array's items, a ``@graph``'s, or the value itself."""
    if isinstance(value, dict) and isinstance(value.get("@graph"), list):
        return list(value["@graph"])
    return list(value) if isinstance(value, list) else [value]


def known_claim(record: Any, position: str) -> KnownClaim:
    """A plain or ClaimReview record as a KnownClaim; ``position`` is the id when the record has none."""
    if not isinstance(record, dict):
        raise RecordError("not a JSON object")
    if "claimReviewed" in record or record.get("@type") == "ClaimReview":
        return _claim_review(record, position)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("no 'text' field")
    fields = {k: v for k, v in record.items() if k not in ("id", "text")}
    return KnownClaim(_id(record.get("id"), position), text, fields)


def _claim_review(record: dict[str, Any], position: str) -> KnownClaim:
    text = record.get("claimReviewed")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("a ClaimReview without 'claimReviewed'")
    fields = {name: value for name, keys in CLAIMREVIEW_FIELDS.items() if (value := _dig(record, keys))}
    found = next((record[k] for k in CLAIMREVIEW_IDS if record.get(k)), None)
    return KnownClaim(_id(found, position), text, fields)


def _dig(value: Any, keys: tuple[str, ...]) -> str | None:
    """The text at a path of keys; a list on the way (several authors, ratings) gives its first item."""
    for key in keys:
        value = value[0] if isinstance(value, list) and value else value
        value = value.get(key) if isinstance(value, dict) else None
    value = value[0] if isinstance(value, list) and value else value
    return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None


def _id(value: Any, position: str) -> str:
    if value is None or value == "":
        return position
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RecordError("'id' is not a string or a number")
    return str(value)

"""Bytes -> clean text: decoding and the characters ingest removes before extraction.

``decode`` reads UTF-8, UTF-16/32 with a byte-order mark, and legacy encodings
(charset-normalizer guesses them); it refuses only what is really binary. ``clean`` removes what a reader cannot see
but a claim would carry: NULs and other control characters, zero-width
characters, soft hyphens and bidi controls. The cleaned text is the text that
is stored, so every claim span points into exactly what the database holds.
"""

from __future__ import annotations

import codecs
import re

from corroborate.errors import InputError

BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab and line breaks: a few strays are dropped, many mean binary.
CONTROL = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
BINARY_SHARE = 0.01
# Invisible characters: zero-width (U+200B-U+200D, U+2060-U+2064, U+FEFF), soft hyphen, bidi
# controls (U+200E/F, U+202A-U+202E, U+2066-U+2069, U+061C) and lone surrogates from JSON escapes.
INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff"
DROP = re.compile(f"[{CONTROL}{INVISIBLE}]+")
PAGE_BREAK = re.compile("[\x0b\x0c\x85]")  # vertical tab, form feed, NEL: a line break, not glue between words
CONTROLS = re.compile(f"[{CONTROL}]")


def decode(path: str, data: bytes) -> str:
    """The text of a file's bytes; ``InputError`` when they are binary."""
    text = bom_text(data)
    if text is None:
        text = utf8_text(data)
    if text is None:
        text = legacy_text(data)
    if text is None or looks_binary(text):
        raise InputError(path, "is not a text file (binary content)")
    return text


def bom_text(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def utf8_text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def legacy_text(data: bytes) -> str | None:
    """A guessed single-byte or East Asian encoding; None when nothing fits (binary)."""
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    best = from_bytes(data).best()
    return None if best is None else str(best)


def looks_binary(text: str) -> bool:
    """More than one character in a hundred is a control character (NULs of a UTF-16 file read as UTF-8)."""
    limit = max(1, int(len(text) * BINARY_SHARE))
    return any(found > limit for found, _ in enumerate(CONTROLS.finditer(text), 1))


def clean(text: str) -> str:
    """The text without invisible and control characters; page breaks become line breaks."""
    return DROP.sub("", PAGE_BREAK.sub("\n", text))


def clean_field(value: str) -> str:
    """A metadata value or record id on one line: cleaned, whitespace runs as one space."""
    return " ".join(clean(value).split())


def storable_path(path: str) -> str:
    """A file name as UTF-8 can hold it: bytes the file system could not decode are written as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

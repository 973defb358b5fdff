"""``--meta FILE``: metadata per path from a CSV or TOML file, over what the files say."""

from __future__ import annotations

import contextlib
import csv
import tomllib
from pathlib import Path
from typing import Any

from corroborate.errors import InputError
from corroborate.ingest.readers import META_FIELDS, decode, read_bytes
from corroborate.ingest.text import clean_field


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
    cleaned = {k: clean_field(str(values[k])) for k in META_FIELDS if values.get(k)}
    return {k: v for k, v in cleaned.items() if v}


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

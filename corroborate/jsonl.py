"""One JSON-lines reader for every input that comes one record per line.

Articles (``ingest``), pair files (``match --pairs``), fact-check pools (``match --pool``, ``run --known``)
and exported decisions (``annotations import``) all read lines through ``records``: a line that is too
long, not JSON or nested too deeply for the parser is a ``RecordError`` of that line alone, and the
reader that meets it says which file and line, then goes on with the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from corroborate.errors import RecordError

# Characters per line, checked before parsing (escapes make a line long): 2,000,000 by default.
MAX_LINE = 2_000_000


def loads(line: str, max_chars: int = MAX_LINE) -> Any:
    """The JSON value of one line; RecordError says why a line has none."""
    if len(line) > max_chars:
        raise RecordError(f"longer than {max_chars:,} characters")
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(f"not valid JSON ({error.msg})") from None
    except RecursionError:  # json's C scanner stops at the interpreter's recursion limit
        raise RecordError("JSON nested too deeply") from None


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line) of the non-blank lines; split on "\\n" only, since JSON strings may hold
    U+2028 and the other characters ``str.splitlines`` breaks at. A byte-order mark and "\\r" are dropped."""
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip():
            yield number, line

"""A database built from literal JSONL records with the deterministic HashEmbedder (fast, no model)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from corroborate import pipeline
from corroborate.embed import HashEmbedder
from corroborate.extract import build_nlp
from corroborate.store import Store


def feed_db(folder: Path, records: Iterable[Mapping[str, Any]], feed: str = "feed.jsonl", db: str = "feed.db") -> Path:
    """Write ``records`` as ``folder/feed`` (one JSON object a line), run the pipeline on it into ``folder/db``."""
    path = folder / feed
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(folder / db)
    pipeline.run([str(path)], store, HashEmbedder(), build_nlp())
    store.close()
    return folder / db

"""A database whose vectors sit under another model id (an older version's, another --model) is re-embedded."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from corroborate import embed, pipeline
from corroborate.cli import cli
from corroborate.extract import build_nlp
from corroborate.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OLD_DEFAULT_ID = "sentence-transformers/all-MiniLM-L6-v2"  # what versions before the content id stored


class RenamedEmbedder:
    """The hash embedder's vectors under another id, with the texts it was asked for written down."""

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.inner = embed.HashEmbedder()
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.embed(texts)


def relabel(db: Path, model: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("update embeddings set model = ?", [model]).rowcount


def models_in(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select model, count(*) from embeddings group by model").fetchall())


def cluster_sets(store: Store) -> set[frozenset[str]]:
    return {frozenset(c.claims) for c in store.clusters()}


def test_vectors_under_the_old_default_id_are_reembedded_once_not_refused(hash_db: Path) -> None:
    claims = relabel(hash_db, OLD_DEFAULT_ID)
    store = Store(hash_db)
    before = cluster_sets(store)
    embedder = RenamedEmbedder("all-MiniLM-L6-v2@0123456789ab")
    result = pipeline.run([str(SEEDS)], store, embedder, build_nlp())
    assert result.documents_added == 0 and result.reembedded == claims == len(embedder.texts)
    assert models_in(hash_db) == {OLD_DEFAULT_ID: claims, embedder.model_id: claims}
    assert cluster_sets(store) == before  # the same vectors under the new id cluster the same way
    again = pipeline.run([str(SEEDS)], store, embedder, build_nlp())
    assert again.reembedded == 0 and len(embedder.texts) == claims
    store.close()


def test_a_run_that_adds_a_document_reembeds_only_the_old_ones(hash_db: Path, tmp_path: Path) -> None:
    relabel(hash_db, "minilm")  # the folder-name id of older versions
    (tmp_path / "new.txt").write_text("The harbour bridge will close for six months of repairs, the council said.")
    store = Store(hash_db)
    stored = len(store.claims())
    embedder = RenamedEmbedder("minilm@0123456789ab")
    result = pipeline.run([str(SEEDS), str(tmp_path / "new.txt")], store, embedder, build_nlp())
    assert result.documents_added == 1 and result.reembedded == stored
    assert len(embedder.texts) == stored + result.claims_added  # no claim embedded twice
    assert models_in(hash_db)[embedder.model_id] == stored + result.claims_added
    store.close()


def test_cli_run_on_an_old_database_says_how_many_were_reembedded(
    hash_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = relabel(hash_db, OLD_DEFAULT_ID)
    embedder = RenamedEmbedder("all-MiniLM-L6-v2@0123456789ab")
    monkeypatch.setattr(embed, "make_embedder", lambda model=None, backend="torch": embedder)
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(hash_db)])
    assert result.exit_code == 0, result.output
    row = re.search(r"re-embedded \(new model id\)\s*│\s*(\d+)", result.output)
    assert row and int(row.group(1)) == claims


@pytest.mark.slow
def test_a_database_of_the_previous_version_runs_with_the_real_model(seeds_db: Path) -> None:
    claims = relabel(seeds_db, OLD_DEFAULT_ID)
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(seeds_db)])
    assert result.exit_code == 0, result.output
    current = embed.checked_model().model_id
    assert models_in(seeds_db) == {OLD_DEFAULT_ID: claims, current: claims}

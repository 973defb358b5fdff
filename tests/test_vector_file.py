"""The vector file beside a large database: a cache of (model, claim) -> vector, which may lack rows, never wrong."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_cluster import article, claim

from corroborate import pipeline
from corroborate.embed import HashEmbedder
from corroborate.errors import StoreError
from corroborate.extract import build_nlp
from corroborate.store import Store, writes
from corroborate.store.vectorfile import VectorFile

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def rows(n: int, dim: int = 4, start: int = 0) -> np.ndarray:
    return np.arange(start, start + n * dim, dtype=np.float32).reshape(n, dim)


def test_rows_come_back_in_the_asked_order_and_unknown_ids_are_marked_missing(tmp_path: Path) -> None:
    file = VectorFile(tmp_path / "v")
    file.rewrite(["a", "b", "c"], rows(3), "m")
    taken = file.take(["c", "x", "a"], "m")
    assert taken is not None and taken.rows == 3
    assert taken.found.tolist() == [True, False, True]
    assert taken.vectors.tolist() == [rows(3)[2].tolist(), [0.0] * 4, rows(3)[0].tolist()]
    assert file.take(["a"], "another-model") is None


def test_an_append_adds_only_the_rows_the_file_lacks(tmp_path: Path) -> None:
    file = VectorFile(tmp_path / "v")
    file.rewrite(["a", "b"], rows(2), "m")
    file.append(["b", "c"], rows(2, start=100), "m")  # b is held already: its row stays
    taken = file.take(["a", "b", "c"], "m")
    assert taken is not None and taken.found.all() and taken.rows == 3
    assert taken.vectors.tolist() == [*rows(2).tolist(), rows(2, start=100)[1].tolist()]
    file.append(["d"], rows(1, dim=8), "m")  # another dimension is another model's file: left alone
    assert file.take(["d"], "m").found.tolist() == [False]  # type: ignore[union-attr]


def test_an_append_cut_short_is_never_read_and_the_next_one_cuts_it_off(tmp_path: Path) -> None:
    file = VectorFile(tmp_path / "v")
    file.rewrite(["a"], rows(1), "m")
    (matrix,) = (tmp_path / "v").glob("*.f32")
    with open(matrix, "ab") as out:
        out.write(b"\x07" * 10)  # the rows of an append whose list was never written, half of them
    assert file.take(["a"], "m").vectors.tolist() == rows(1).tolist()  # type: ignore[union-attr]
    file.append(["b"], rows(1, start=50), "m")
    taken = file.take(["a", "b"], "m")
    assert taken is not None and taken.vectors.tolist() == [rows(1)[0].tolist(), rows(1, start=50)[0].tolist()]


def test_a_list_cut_short_or_rows_missing_make_the_file_unusable_not_wrong(tmp_path: Path) -> None:
    file = VectorFile(tmp_path / "v")
    file.rewrite(["a", "b"], rows(2), "m")
    listed = file.ids_path.read_text(encoding="utf-8")
    file.ids_path.write_text(listed.rsplit("\n", 1)[0], encoding="utf-8")  # the last id lost
    assert file.take(["a"], "m") is None
    file.ids_path.write_text(listed, encoding="utf-8")
    (matrix,) = (tmp_path / "v").glob("*.f32")
    matrix.write_bytes(matrix.read_bytes()[:20])  # fewer rows than the list names
    assert file.take(["a"], "m") is None
    file.ids_path.write_text("not json\na\nb", encoding="utf-8")
    assert file.take(["a"], "m") is None


def test_a_rewrite_starts_a_new_generation_and_removes_the_old_rows(tmp_path: Path) -> None:
    file = VectorFile(tmp_path / "v")
    file.rewrite(["a"], rows(1), "m")
    first = json.loads(file.ids_path.read_text(encoding="utf-8").split("\n")[0])["generation"]
    file.rewrite(["b"], rows(1, start=9), "m")
    matrices = [p.name for p in (tmp_path / "v").glob("*.f32")]
    assert len(matrices) == 1 and matrices[0] != f"{first}.f32"
    assert file.take(["a", "b"], "m").found.tolist() == [False, True]  # type: ignore[union-attr]


def test_an_in_memory_database_has_no_vector_file() -> None:
    assert VectorFile.beside(":memory:") is None
    assert VectorFile.beside("data/x.db").folder == Path("data/x.db-vectors")  # type: ignore[union-attr]


def store_with(tmp_path: Path, n: int) -> tuple[Store, list[str], np.ndarray]:
    store = Store(tmp_path / "s.db")
    claims = [claim("doc", f"claim number {i}") for i in range(n)]
    vectors = rows(n)
    store.add_document(article("doc", "text"), claims, vectors, "m")
    return store, [c.id for c in claims], vectors


def test_a_store_past_the_size_reads_the_file_and_keeps_it_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "VECTOR_FILE_FROM", 2)
    store, ids, vectors = store_with(tmp_path, 4)
    got, keep = store.claim_vectors(ids, "m")  # no file yet: the table is read, and the file written
    assert got.tolist() == vectors.tolist()
    with store.writing():
        keep()
    store.add_document(article("doc2", "more"), [claim("doc2", "claim five")], rows(1, start=500), "m")
    five = claim("doc2", "claim five").id
    generation = list((tmp_path / "s.db-vectors").glob("*.f32"))
    got, keep = store.claim_vectors([five, *ids], "m")  # four rows from the file, the new one by key
    assert got.tolist() == [rows(1, start=500)[0].tolist(), *vectors.tolist()]
    with store.writing():
        keep()
    assert list((tmp_path / "s.db-vectors").glob("*.f32")) == generation  # appended, not written anew
    assert VectorFile.beside(store.path).take([five], "m").found.all()  # type: ignore[union-attr]
    store.db.execute("delete from embeddings")  # now the file alone can give them
    got, _ = store.claim_vectors([*ids, five], "m")
    assert got.tolist() == [*vectors.tolist(), rows(1, start=500)[0].tolist()]


def test_a_claim_neither_the_file_nor_the_table_holds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "VECTOR_FILE_FROM", 2)
    store, ids, _ = store_with(tmp_path, 40)
    _, keep = store.claim_vectors(ids, "m")
    with store.writing():
        keep()
    with pytest.raises(StoreError, match="^1 claims have no vector for model m"):
        store.claim_vectors([*ids, "claim-never-stored"], "m")


def test_a_small_store_writes_no_file(tmp_path: Path) -> None:
    store, ids, vectors = store_with(tmp_path, 3)
    got, keep = store.claim_vectors(ids, "m")
    with store.writing():
        keep()
    assert got.tolist() == vectors.tolist() and not VectorFile.beside(store.path).folder.exists()  # type: ignore[union-attr]


def clusters_after_runs(path: Path, nlp: object) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    store = Store(path)
    for seed in sorted(SEEDS.glob("*.txt")):  # one article a run, as a feed adds them
        pipeline.run([str(seed)], store, HashEmbedder(), nlp)  # type: ignore[arg-type]
    previous = store.previous_clusters()
    conflicts = sorted(tuple(r) for r in store.db.execute("select * from conflicts").fetchall())
    store.close()
    return previous, conflicts


def test_runs_through_the_file_store_what_runs_through_the_table_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = build_nlp()
    plain = clusters_after_runs(tmp_path / "plain.db", nlp)
    monkeypatch.setattr(writes, "VECTOR_FILE_FROM", 1)
    through_file = clusters_after_runs(tmp_path / "file.db", nlp)
    assert through_file == plain and len(set(plain[0].values())) > 50
    folder = tmp_path / "file.db-vectors"
    listed = (folder / "ids").read_text(encoding="utf-8").split("\n")
    assert len(listed) - 1 == len(plain[0])  # every stored claim has its row, once


def test_a_vector_file_that_cannot_be_written_leaves_the_run_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "VECTOR_FILE_FROM", 1)
    (tmp_path / "s.db-vectors").write_text("a file where the folder would go", encoding="utf-8")
    store = Store(tmp_path / "s.db")
    result = pipeline.run([str(SEEDS / "001_a347442bfb501b2d.txt")], store, HashEmbedder(), build_nlp())
    assert result.claims_added > 0 and store.counts()["clusters"] > 0 and not result.errors


def test_a_file_mostly_of_claims_no_longer_stored_is_written_again_with_the_stored_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "VECTOR_FILE_FROM", 2)
    store, ids, vectors = store_with(tmp_path, 4)
    gone = [f"removed-{i}" for i in range(10)]
    file = VectorFile.beside(store.path)
    assert file is not None
    file.rewrite([*gone, *ids], np.vstack([rows(10, start=900), vectors]), "m")
    got, keep = store.claim_vectors(ids, "m")
    assert got.tolist() == vectors.tolist()
    with store.writing():
        keep()
    taken = file.take([*ids, *gone], "m")
    assert taken is not None and taken.rows == 4 and taken.found.tolist() == [True] * 4 + [False] * 10


def test_an_id_asked_twice_gets_its_row_in_both_places_and_a_header_without_a_generation_is_refused(
    tmp_path: Path,
) -> None:
    file = VectorFile(tmp_path / "v")
    file.rewrite(["a", "b"], rows(2), "m")
    taken = file.take(["b", "a", "b"], "m")
    assert taken is not None and taken.vectors.tolist() == [
        rows(2)[1].tolist(),
        rows(2)[0].tolist(),
        rows(2)[1].tolist(),
    ]
    header, _, rest = file.ids_path.read_text(encoding="utf-8").partition("\n")
    broken = {k: v for k, v in json.loads(header).items() if k != "generation"}
    file.ids_path.write_text(json.dumps(broken) + "\n" + rest, encoding="utf-8")
    assert file.take(["a"], "m") is None  # unusable, not an error out of the run

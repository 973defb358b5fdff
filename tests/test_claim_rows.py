"""A run reads every stored claim through ``claim_from_values``: it must give what ``claim_from_row`` gives."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import FrozenInstanceError, fields, replace
from pathlib import Path

import numpy as np
import pytest

from corroborate.records import (
    Article,
    Attribution,
    Claim,
    ClaimTable,
    DateRef,
    Quantity,
    claim_documents,
    claim_ids,
    claims_at,
)
from corroborate.store import Store
from corroborate.store.rows import claim_from_row

TEXT = "The mayor said at least 34 people were hurt on 3 May 2024. It rained. Officials wrote more."


def _claims(doc: str) -> list[Claim]:
    hurt = Claim.make_id(doc, "hurt", 0, 10)
    return [
        Claim(
            hurt,
            doc,
            "At least 34 people were hurt.",
            TEXT,
            0,
            10,
            Attribution("The mayor", "said", True, "mayor of Leeds"),
            "positive",
            (Quantity("at least 34 people", 34, math.inf, "people", "at least"), Quantity("dozens", 24, 99)),
            (DateRef("3 May 2024", "2024-05-03", "2024-05-03", "exact", "date"),),
            "people",
            "hurt",
        ),
        Claim(Claim.make_id(doc, "rained", 11, 20), doc, "It rained.", TEXT, 11, 20, polarity="negative"),
        Claim(Claim.make_id(doc, "wrote", 21, 40), doc, "Officials wrote more.", TEXT, 21, 40, Attribution("Aides")),
    ]


def test_claims_read_as_plain_rows_equal_those_read_as_dicts_with_nulls_and_infinities(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = Store(db)
    claims = _claims("d1")
    store.add_document(Article("d1", "a.txt", TEXT, source="Alpha"), claims, np.eye(3, 4, dtype=np.float32), "m")
    store.close()
    with sqlite3.connect(db) as conn:  # what an older or hand-edited row may hold
        conn.execute("update claims set numbers = 'null', dates = NULL, subject = NULL where text = 'It rained.'")
        conn.execute("update claims set speaker_title = NULL, verb = NULL where text = 'Officials wrote more.'")
    store = Store(db)
    as_dicts = [claim_from_row(r) for r in store.db.query("select * from claims order by document_id, start")]
    read = store.claims()
    store.close()
    assert read == as_dicts and len(read) == 3
    assert read[0].numbers[0].high == math.inf and read[0].attribution == claims[0].attribution
    assert read[1].numbers == () and read[1].dates == () and read[1].subject is None
    assert read[2].attribution == Attribution("Aides", "", False, "")


def test_claims_read_back_are_the_claims_written_whole_frozen_and_hashable(tmp_path: Path) -> None:
    # ``claim_from_values`` sets the fields without ``Claim.__init__``: every field, and nothing else.
    store = Store(tmp_path / "c.db")
    claims = _claims("d1")
    store.add_document(Article("d1", "a.txt", TEXT, source="Alpha"), claims, np.eye(3, 4, dtype=np.float32), "m")
    read = store.claims()
    assert read == claims
    assert all(set(vars(c)) == {f.name for f in fields(Claim)} for c in read)
    assert {hash(c) for c in read} == {hash(c) for c in claims}
    with pytest.raises(FrozenInstanceError):
        read[0].text = "changed"  # type: ignore[misc]
    assert replace(read[1], text="It snowed.").text == "It snowed." and read[1].text == "It rained."


def test_the_claim_table_of_a_run_reads_as_the_claims_and_makes_each_record_once_when_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.add_document(Article("d1", "a.txt", TEXT, source="Alpha"), _claims("d1"), np.eye(3, 4), "m")
    store.add_document(Article("d2", "b.txt", TEXT, source="Beta"), _claims("d2"), np.eye(3, 4), "m")
    claims = store.claims()
    table = store.claim_table()
    assert table.ids == claim_ids(claims) and table.document_ids == claim_documents(claims) == ["d1"] * 3 + ["d2"] * 3
    assert table._made == [None] * 6  # ids and documents need no record
    assert table[4] is table[4] and table[4] == claims[4] and table[-1] == claims[5]
    assert sum(made is not None for made in table._made) == 2
    assert list(table) == claims and table[1:3] == claims[1:3] and len(table) == 6
    some = claims_at(table, [5, 0])
    assert (
        isinstance(some, ClaimTable)
        and list(some) == [claims[5], claims[0]]
        and some.ids == [claims[5].id, claims[0].id]
    )
    assert claims_at(claims, [5, 0]) == [claims[5], claims[0]] and claim_ids(some) == some.ids
    with pytest.raises(IndexError):
        table[6]


def test_a_claim_table_reads_its_rows_by_key_then_in_one_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corroborate.store import writes

    store = Store(tmp_path / "c.db")
    store.add_document(Article("d1", "a.txt", TEXT, source="Alpha"), _claims("d1"), np.eye(3, 4), "m")
    store.add_document(Article("d2", "b.txt", TEXT, source="Beta"), _claims("d2"), np.eye(3, 4), "m")
    claims = store.claims()
    monkeypatch.setattr(writes, "KEYED_READS", 2)
    with store.snapshot():
        table = store.claim_table()
        rows = table._make
        assert isinstance(rows, writes._ClaimRows)
        assert [table[0], table[3]] == [claims[0], claims[3]] and rows.keyed == 2 and rows.scanned is None
        assert list(table) == claims and rows.scanned is not None and len(rows.scanned) == 6
    with store.snapshot():
        late = store.claim_table()
    with store.writing():
        store.db.execute("delete from claims where id = ?", [claims[1].id])
    with pytest.raises(KeyError, match="no longer stored"):
        late[1]  # a record read outside the snapshot its ids came from says so, not a wrong claim


def test_clustering_a_claim_table_gives_what_clustering_the_list_gives(tmp_path: Path) -> None:
    from test_cluster import CFG, article

    from corroborate.cluster import cluster_claims

    store = Store(tmp_path / "c.db")
    vectors = np.random.default_rng(3).normal(size=(9, 8)).astype(np.float32)
    vectors[3:6] = vectors[0:3] + 0.01  # d2 repeats d1
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for k, doc in enumerate(("d1", "d2", "d3")):
        store.add_document(Article(doc, f"{doc}.txt", TEXT, source=doc), _claims(doc), vectors[3 * k : 3 * k + 3], "m")
    claims, table = store.claims(), store.claim_table()
    vectors = store.vectors(table.ids, "m")
    documents = {d: article(d) for d in ("d1", "d2", "d3")}
    previous = {c.id: f"kept-{i}" for i, c in enumerate(claims[:3])}
    as_list = cluster_claims(claims, vectors, documents, CFG, previous=previous)
    assert cluster_claims(table, vectors, documents, CFG, previous=previous) == as_list
    assert any(len(c.claims) > 1 for c in as_list.clusters)


def test_documents_read_as_plain_rows_are_the_documents_written_with_their_junk_flags_and_meta(tmp_path: Path) -> None:
    from corroborate.records import JunkLine
    from corroborate.store.rows import article_from_row

    store = Store(tmp_path / "c.db")
    junk = (JunkLine(0, 4, "Share", "share box"), JunkLine(10, 20, "Read more", "teaser"))
    first = Article("d1", "a.txt", TEXT, source="Alpha", published="2024-01-29", junk=junk, meta={"desk": "world"})
    second = Article("d2", "b.txt", TEXT, source="Beta", flags=("rewrite",), origin="d1", url="https://x.example/b")
    for article in (first, second):
        store.add_document(article, [], np.zeros((0, 4), dtype=np.float32), "m")
    read = store.documents()
    assert read == {"d1": first, "d2": second}
    as_dicts = {r["id"]: article_from_row(r, read[r["id"]].junk) for r in store.db.query("select * from documents")}
    assert as_dicts == read

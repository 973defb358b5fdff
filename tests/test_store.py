"""The store: migrations, content-hash idempotence, transactions, vectors, FTS, constraints."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from corroborate.constraints import constraints
from corroborate.errors import StoreError
from corroborate.records import (
    OTHER_EVENT,
    REWRITE,
    Annotation,
    Article,
    Attribution,
    Claim,
    Cluster,
    Conflict,
    DateRef,
    JunkLine,
    Quantity,
    Suggestion,
)
from corroborate.store import Store
from corroborate.store.schema import NAMES

TEXT = "Kirby said the US has not struck Iran. At least 34 were injured on Monday."


def article(text: str = TEXT) -> Article:
    return Article(
        id=Article.make_id(text),
        path="a.txt",
        text=text,
        source="Outlet",
        published="2024-01-29",
        junk=(JunkLine(0, 5, "Kirby", "test"),),
    )


def claim(a: Article, start: int, end: int, **fields: object) -> Claim:
    text = a.text[start:end]
    return Claim(
        id=Claim.make_id(a.id, text, start, end),
        document_id=a.id,
        text=text,
        sentence=text,
        start=start,
        end=end,
        **fields,
    )  # type: ignore[arg-type]


def stored(tmp_path: Path) -> tuple[Store, Article, list[Claim]]:
    store = Store(tmp_path / "t.db")
    a = article()
    claims = [
        claim(a, 0, 38, attribution=Attribution("Kirby", "said"), polarity="negative"),
        claim(
            a,
            39,
            74,
            numbers=(Quantity("at least 34", 34, float("inf"), "injured", "at least"),),
            dates=(DateRef("on Monday", "2024-01-29", "2024-01-29", "relative", "weekday"),),
        ),
    ]
    store.add_document(a, claims, np.eye(2, 4, dtype=np.float32), "m")
    return store, a, claims


def test_migrations_are_recorded_and_run_once(tmp_path: Path) -> None:
    Store(tmp_path / "t.db").close()
    store = Store(tmp_path / "t.db")
    names = [r["name"] for r in store.db["_sqlite_migrations"].rows]
    assert names == NAMES


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store, a, claims = stored(tmp_path)
    assert store.claims() == claims
    back = store.documents()[a.id]
    assert (back.text, back.source, back.published, back.junk) == (a.text, a.source, a.published, a.junk)
    assert np.array_equal(store.vectors([c.id for c in claims], "m"), np.eye(2, 4, dtype=np.float32))


def test_storing_the_same_document_twice_adds_nothing(tmp_path: Path) -> None:
    store, a, claims = stored(tmp_path)
    store.add_document(a, claims, np.eye(2, 4, dtype=np.float32), "m")
    assert store.counts()["documents"] == 1
    assert store.counts()["claims"] == 2


def test_a_failed_write_leaves_nothing_half_stored(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    a = article()
    good = claim(a, 0, 38)
    with pytest.raises(sqlite3.IntegrityError):
        # a claim pointing at a document that does not exist breaks the foreign key mid-write
        store.add_document(a, [good, Claim("x", "missing-doc", "t", "t", 0, 1)], np.eye(2, 4, dtype=np.float32), "m")
    assert store.counts()["documents"] == 0
    assert store.counts()["claims"] == 0


def test_missing_vectors_for_a_model_is_a_clear_error(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    with pytest.raises(StoreError, match="no vector for model other"):
        store.vectors([c.id for c in claims], "other")


def test_full_text_search_finds_claims_by_words(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    assert store.search_claims("struck Iran") == [claims[0].id]
    assert store.search_claims('injured "') == [claims[1].id]
    assert store.search_claims("nothing-like-this") == []


def test_replace_clusters_swaps_the_whole_clustering(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    conflict = Conflict("c", "number", "contradiction", (claims[0].id, claims[1].id), "A says 3; B says 4.")
    first = Cluster("k1", (claims[0].id, claims[1].id), 2, 2, "contradicted", "label", (conflict,))
    store.replace_clusters([first], [Suggestion(claims[0].id, claims[1].id, 0.7)], run_id=1)
    assert store.clusters() == [first]
    second = [Cluster(f"k{i}", (c.id,), 1, 1, "single-source", c.text) for i, c in enumerate(claims)]
    store.replace_clusters(second, [], run_id=2)
    assert {c.id for c in store.clusters()} == {"k0", "k1"}
    assert store.conflicts() == {}
    assert store.suggestions() == []


def test_reviewer_decisions_become_constraints_until_undone(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    a, b = claims[0].id, claims[1].id
    store.annotate(Annotation("cluster", "k1", "accept", "r", related=(a, b)))
    rejected = store.annotate(Annotation("claim", b, "reject", "r", cluster_id="k1", related=(a, b)))
    assert constraints(store.standing_annotations()) == ([(a, b)], [(b, a)])
    store.undo(rejected)
    assert constraints(store.standing_annotations()) == ([(a, b)], [])


def test_a_file_that_is_not_sqlite_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        Store(bad)


def test_the_speaker_title_round_trips_and_reaches_the_export(tmp_path: Path) -> None:
    from corroborate.export import _claim as exported

    store = Store(tmp_path / "t.db")
    a = article()
    c = claim(a, 0, 10, attribution=Attribution("Anna Berg", "said", False, "transport director"))
    store.add_document(a, [c], np.zeros((1, 4), dtype=np.float32), "test-model")
    (back,) = store.claims(a.id)
    assert back.attribution == c.attribution
    assert exported(back)["speaker_title"] == "transport director"
    store.close()


def test_previous_clusters_of_unsorted_members_keep_the_tables_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    rows = [("claim-z", "cluster-1"), ("claim-a", "cluster-2"), ("claim-m", "cluster-1")]
    store.db.conn.execute("pragma foreign_keys = off")  # members alone: the read is under test
    store.db.conn.executemany("insert into cluster_claims (claim_id, cluster_id) values (?, ?)", rows)
    store.db.conn.commit()
    store.close()
    assert list(Store(tmp_path / "s.db", write=False).previous_clusters().items()) == rows


def test_documents_with_empty_meta_each_get_their_own_dict_and_flags_read_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    first, second = article(), article("Another text. It says other things.")
    flagged = replace(second, flags=(REWRITE, OTHER_EVENT), origin=first.id, meta={"lang": "en", "n": [1]})
    store.add_document(first, [], np.zeros((0, 4), dtype=np.float32), "m")
    store.add_document(flagged, [], np.zeros((0, 4), dtype=np.float32), "m")
    third = replace(article("A third text."), flags=(REWRITE, OTHER_EVENT))
    store.add_document(third, [], np.zeros((0, 4), dtype=np.float32), "m")
    back = store.documents()
    assert back[first.id].meta == {} and back[third.id].meta == {}
    back[first.id].meta["edited"] = True  # one document's meta is its own: the other's stays empty
    assert back[third.id].meta == {} and store.documents()[first.id].meta == {}
    assert back[flagged.id].meta == {"lang": "en", "n": [1]} and back[flagged.id].origin == first.id
    assert back[flagged.id].flags == back[third.id].flags == (REWRITE, OTHER_EVENT) and back[first.id].flags == ()

"""The review read model: typed records from rows, whatever the columns hold (nulls included)."""

from __future__ import annotations

from pathlib import Path

from test_store import stored

from corroborate.records import Annotation, Cluster
from corroborate.store.review import ClaimPlace, ClusterRecord, ClusterSummary, StoredAnnotation


def test_a_cluster_row_with_null_label_and_conflict_count_reads_as_an_empty_label_and_zero(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    store.replace_clusters([Cluster("k", (claims[0].id,), 1, 1, "single-source", "label")], [], run_id=3)
    store.db.execute("update clusters set label = null, conflict_count = null, numbers = null")
    assert store.review_page("single-source", "support", 0, 10) == [ClusterSummary("k", "single-source", 1, 1, "", 0)]
    assert store.review_cluster("k") == ClusterRecord("k", "single-source", 1, 1, "", 0, numbers=(), run_id=3)
    assert store.review_cluster("gone") is None


def test_a_claim_outside_every_cluster_has_an_empty_place(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    store.replace_clusters([Cluster("k", (claims[0].id,), 1, 1, "single-source", "L")], [], run_id=1)
    places = store.review_claim_clusters([c.id for c in claims] + ["no-such-claim"])
    assert places == {
        claims[0].id: ClaimPlace(claims[0].id, claims[0].text, "k", "single-source", "L"),
        claims[1].id: ClaimPlace(claims[1].id, claims[1].text, "", "", ""),
    }


def test_an_annotation_with_null_note_and_lists_reads_as_empty_text_and_tuples(tmp_path: Path) -> None:
    store, _, claims = stored(tmp_path)
    first = store.annotate(Annotation("claim", claims[0].id, "move", "ann", cluster_id="k", related=("a", "b")))
    store.db.execute("update annotations set note = null, moved_to = null, related = null")
    read = store.review_last_annotation("ann")
    assert isinstance(read, StoredAnnotation) and isinstance(read, Annotation)
    assert (read.id, read.note, read.related, read.moved_to, read.undone) == (first, "", (), (), False)
    assert store.review_annotations("k") == [read] and store.review_annotation(first) == read
    store.undo(first)
    assert store.review_last_annotation("ann") is None and store.review_annotation(first).undone

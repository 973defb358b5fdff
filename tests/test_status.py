"""The cluster status: copies of one original repeat a claim, they do not corroborate it."""

from __future__ import annotations

from pathlib import Path

from corroborate.checks import status_for
from corroborate.records import Conflict
from corroborate.store import Store


def contradiction() -> Conflict:
    return Conflict(check="polarity", kind="polarity", severity="contradiction", claims=("a", "b"), detail="x")


def test_two_documents_that_copy_one_original_are_repeated_not_corroborated() -> None:
    assert status_for(2, [], independent_support=1) == "repeated"
    assert status_for(5, [], independent_support=1) == "repeated"


def test_two_independent_sources_corroborate() -> None:
    assert status_for(3, [], independent_support=2) == "corroborated"


def test_copies_that_contradict_stay_contradicted() -> None:
    assert status_for(2, [contradiction()], independent_support=1) == "contradicted"


def test_one_document_is_single_source_whatever_else() -> None:
    assert status_for(1, [contradiction()], independent_support=1) == "single-source"


def test_without_lineage_support_counts_as_independent() -> None:
    assert status_for(2, [], 2) == "corroborated"


def test_seeds_clusters_of_the_rewrite_and_its_original_alone_are_repeated(hash_db: Path) -> None:
    store = Store(hash_db, write=False)
    documents = store.documents()
    rewrite = next(d for d in documents.values() if "rewrite" in d.flags)
    doc_of = {c.id: c.document_id for c in store.claims()}
    pairs = [c for c in store.clusters() if {doc_of[i] for i in c.claims} == {rewrite.id, rewrite.origin}]
    assert pairs, "the seeds have claims only the rewrite and its original share"
    assert {c.status for c in pairs} <= {"repeated", "contradicted"} and "repeated" in {c.status for c in pairs}
    assert all(c.status != "corroborated" or c.independent_support >= 2 for c in store.clusters())

"""Standing decisions as must-link / cannot-link pairs: literal Annotation records, no database."""

from __future__ import annotations

from corroborate.constraints import constraints
from corroborate.records import Annotation
from corroborate.review import decisions


def note(
    kind: str, target: str, decision: str, related: tuple[str, ...] = (), moved_to: tuple[str, ...] = ()
) -> Annotation:
    return Annotation(kind, target, decision, "r", cluster_id="k", related=related, moved_to=moved_to)


def test_an_accepted_or_merged_cluster_is_held_together_by_a_chain_not_every_pair() -> None:
    assert constraints([note("cluster", "k", "accept", ("a", "b", "c"))]) == ([("a", "b"), ("b", "c")], [])
    assert constraints([note("cluster", "k", "merge", ("a", "b"))]) == ([("a", "b")], [])


def test_a_split_holds_each_side_together_and_keeps_the_two_sides_apart() -> None:
    must, cannot = constraints([note("cluster", "k", "split", related=("a", "b"), moved_to=("c", "d"))])
    assert must == [("a", "b"), ("c", "d")]
    assert cannot == [("c", "a"), ("c", "b"), ("d", "a"), ("d", "b")]


def test_a_rejected_claim_is_kept_apart_from_the_others_but_not_from_itself() -> None:
    assert constraints([note("claim", "b", "reject", ("a", "b", "c"))]) == ([], [("b", "a"), ("b", "c")])


def test_a_moved_claim_leaves_its_old_cluster_and_joins_the_first_of_the_new_one() -> None:
    assert constraints([note("claim", "b", "move", ("a", "b"), moved_to=("x", "y"))]) == ([("b", "x")], [("b", "a")])


def test_a_suggestion_links_or_separates_exactly_its_two_claims() -> None:
    accepted, refused = note("suggestion", "s1", "accept", ("a", "b")), note("suggestion", "s2", "reject", ("c", "d"))
    assert constraints([accepted, refused]) == ([("a", "b")], [("c", "d")])


def test_a_suggestion_decision_naming_fewer_than_two_claims_gives_no_pair() -> None:
    assert constraints([note("suggestion", "s", "accept", ("a",)), note("suggestion", "s", "reject")]) == ([], [])


def test_notes_conflict_verdicts_and_cluster_rejects_change_no_grouping() -> None:
    found = [note("cluster", "k", "note", ("a", "b")), note("conflict", "f", "accept", ("a", "b"))]
    assert constraints([*found, note("cluster", "k", "reject", ("a", "b"))]) == ([], [])


def test_the_review_app_reads_the_same_function_beside_decide() -> None:
    assert decisions.constraints is constraints

"""Reviewers' decisions as clustering constraints: must-link and cannot-link claim pairs. Pure, no I/O.

The other half of ``review.decisions.decide`` (which re-exports ``constraints``): ``decide`` and the
review app's edits write ``Annotation`` records, and every run reads the standing ones back through
this function, so the next clustering keeps what the reviewers decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from corroborate.records import Annotation

Pair = tuple[str, str]


def constraints(annotations: Iterable[Annotation]) -> tuple[list[Pair], list[Pair]]:
    """Must-link and cannot-link claim pairs from standing decisions (the caller leaves out undone ones)."""
    must: list[Pair] = []
    cannot: list[Pair] = []
    for a in annotations:
        linked, apart = _pairs(a)
        must += linked
        cannot += apart
    return must, cannot


def _pairs(a: Annotation) -> tuple[list[Pair], list[Pair]]:
    """What one decision links and keeps apart."""
    related, moved_to, target = list(a.related), list(a.moved_to), a.target_id
    if a.target_kind == "cluster" and a.decision in ("accept", "merge"):
        return _chain(related), []
    if a.target_kind == "cluster" and a.decision == "split":
        # related stay, moved_to left: each side held together, the two sides kept apart.
        return _chain(related) + _chain(moved_to), [(x, y) for x in moved_to for y in related]
    if a.target_kind == "claim" and a.decision == "accept":
        return [(target, other) for other in related if other != target], []
    if a.target_kind == "suggestion" and len(related) >= 2:
        pair = (related[0], related[1])
        return ([pair], []) if a.decision == "accept" else ([], [pair])
    if a.target_kind == "claim" and a.decision in ("reject", "move"):
        return [(target, other) for other in moved_to[:1]], [(target, other) for other in related if other != target]
    return [], []


def _chain(ids: Sequence[str]) -> list[Pair]:
    """Consecutive pairs: enough must-links to hold a group together."""
    return list(zip(ids, ids[1:], strict=False))

"""Reviewer decisions as ``Annotation`` records: pure functions, no I/O.

The selected item in the detail panel is a ``Target``; ``decide`` turns a
target plus a decision into the annotation that re-runs read as must-link /
cannot-link constraints (see ``Store.constraints``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corroborate.records import Annotation
from corroborate.review.data import ClusterView

Kind = Literal["cluster", "claim", "conflict", "suggestion"]


@dataclass(frozen=True)
class Target:
    """What a decision is about: the cluster itself or one item shown in its detail."""

    kind: Kind
    id: str

    @classmethod
    def parse(cls, option_id: str) -> Target:
        kind, _, ident = option_id.partition(":")
        return cls(kind, ident)  # type: ignore[arg-type]

    @property
    def option_id(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class MoveTarget:
    """The destination a reviewer picked in the move modal."""

    cluster_id: str
    label: str
    members: tuple[str, ...]


class DecisionError(ValueError):
    """The decision does not apply to the selected item."""


def decide(
    view: ClusterView, target: Target, decision: str, reviewer: str, note: str = "",
    move: MoveTarget | None = None,
) -> Annotation:
    """The annotation for ``decision`` ("accept", "reject", "move", "note") on ``target``."""
    if decision == "note":
        return _annotation(view, target, "note", reviewer, note)
    if target.kind == "cluster" or (target.kind == "claim" and decision == "accept"):
        return _cluster_decision(view, decision, reviewer, note)
    if target.kind == "claim":
        return _claim_decision(view, target, decision, reviewer, note, move)
    if target.kind == "suggestion":
        item = next(s for s in view.suggestions if s.id == target.id)
        related = (item.suggestion.claim_a, item.suggestion.claim_b)
        return _annotation(view, target, decision, reviewer, note, related=related)
    if decision == "move":
        raise DecisionError("only a claim can be moved; select one of the cluster's claims")
    return _annotation(view, target, decision, reviewer, note)


def _cluster_decision(view: ClusterView, decision: str, reviewer: str, note: str) -> Annotation:
    if decision != "accept":
        raise DecisionError("select a claim, conflict or suggestion in the detail to reject or move it")
    return _annotation(view, Target("cluster", view.row.id), "accept", reviewer, note, related=view.claim_ids)


def _claim_decision(
    view: ClusterView, target: Target, decision: str, reviewer: str, note: str, move: MoveTarget | None
) -> Annotation:
    if decision == "move":
        if move is None:
            raise DecisionError("a move needs a destination cluster")
        if move.cluster_id == view.row.id:
            raise DecisionError("the claim is already in that cluster")
        return _annotation(view, target, "move", reviewer, note, related=view.claim_ids, moved_to=move.members)
    return _annotation(view, target, decision, reviewer, note, related=view.claim_ids)


def _annotation(
    view: ClusterView, target: Target, decision: str, reviewer: str, note: str,
    related: tuple[str, ...] = (), moved_to: tuple[str, ...] = (),
) -> Annotation:
    return Annotation(
        target_kind=target.kind, target_id=target.id, decision=decision, reviewer=reviewer, note=note,
        cluster_id=view.row.id, related=related, moved_to=moved_to,
    )

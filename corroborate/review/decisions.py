"""Reviewer decisions as ``Annotation`` records: pure functions, no I/O.

What a decision acts on is a ``Target``: the cluster highlighted in the list, or the
item highlighted in the detail. ``decide`` turns a target plus a decision into the
annotation that re-runs read as must-link / cannot-link constraints: ``constraints``, re-exported
here from ``corroborate.constraints``, where the pipeline imports it without importing the review app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from corroborate.constraints import constraints
from corroborate.errors import CorroborateError
from corroborate.records import Annotation
from corroborate.review.data import ClusterView

__all__ = ["DecisionError", "MoveTarget", "Target", "constraints", "decide"]

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


class DecisionError(CorroborateError, ValueError):
    """The decision does not apply to the selected item."""


def decide(view: ClusterView, target: Target, decision: str, reviewer: str, note: str = "") -> Annotation:
    """The annotation for ``decision`` ("accept", "reject", "note") on ``target``, and only on it.

    A cluster's accept links its claims (must-link); its reject is a verdict on the
    cluster and changes no grouping (split it to separate claims). A claim's accept
    holds it in the cluster, its reject keeps it apart from the others. Moves, splits
    and merges change the clustering at once and are written by ``ReviewData``.
    """
    if decision not in ("accept", "reject", "note"):
        raise DecisionError(f"{decision} is not a decision on one item")
    if decision == "note" or target.kind == "conflict":
        return _annotation(view, target, decision, reviewer, note)
    if target.kind == "suggestion":
        item = next(s for s in view.suggestions if s.id == target.id)
        related = (item.suggestion.claim_a, item.suggestion.claim_b)
        return _annotation(view, target, decision, reviewer, note, related=related)
    return _annotation(view, target, decision, reviewer, note, related=view.claim_ids)


def _annotation(
    view: ClusterView,
    target: Target,
    decision: str,
    reviewer: str,
    note: str,
    related: tuple[str, ...] = (),
) -> Annotation:
    return Annotation(
        target_kind=target.kind,
        target_id=target.id,
        decision=decision,
        reviewer=reviewer,
        note=note,
        cluster_id=view.row.id,
        related=related,
    )

"""Split, merge and move applied to the store at once, and undone the same way.

Each edit reads the clusters it touches, rebuilds them (``edits.regroup``) and
writes them in one transaction together with the annotation that records the
decision, so the next ``corroborate run`` reads the same grouping back as
constraints (``corroborate.constraints``):

- split   cluster annotation "split": ``related`` stay, ``moved_to`` leave
- merge   cluster annotation "merge" on the cluster merged away, ``cluster_id`` the
          one kept; ``related`` all claims, ``moved_to`` those that came over
- move    claim annotation "move": ``related`` the old cluster, ``moved_to`` the new one

Undo moves the same claims back (``undo``), again with the annotation marked undone
in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corroborate import checks
from corroborate.checks.common import OTHER_EVENT
from corroborate.errors import CorroborateError
from corroborate.records import Annotation, Claim
from corroborate.review.edits import new_cluster_id, regroup
from corroborate.store import Store
from corroborate.store.review import ClusterRecord, StoredAnnotation

RESHAPING = ("split", "merge", "move")


class EditError(CorroborateError):
    """The edit does not apply (an empty split, a merge of a cluster with itself...)."""


def split(store: Store, cluster_id: str, leave: Sequence[str], reviewer: str) -> str:
    """Take ``leave`` out of ``cluster_id`` into a new cluster; return the new cluster's id."""
    members = store.review_cluster_members(cluster_id)
    leave = [c for c in members if c in set(leave)]
    stay = [c for c in members if c not in set(leave)]
    if not leave or not stay:
        raise EditError("a split needs some claims picked and some left: pick with space, enter splits")
    new_id = new_cluster_id(leave, lambda cid: store.review_cluster(cid) is not None)
    note = Annotation(
        "cluster", cluster_id, "split", reviewer, cluster_id=cluster_id, related=tuple(stay), moved_to=tuple(leave)
    )
    _relocate(store, leave, new_id, note)
    return new_id


def merge(store: Store, into: str, away: str, reviewer: str) -> None:
    """Move every claim of ``away`` into ``into``; ``away`` is gone afterwards."""
    if into == away:
        raise EditError("a cluster cannot be merged into itself: mark one (b), highlight another, then M")
    kept, coming = store.review_cluster_members(into), store.review_cluster_members(away)
    if not kept or not coming:
        raise EditError("one of the two clusters is gone (another reviewer or a run changed it); reload")
    note = Annotation(
        "cluster", away, "merge", reviewer, cluster_id=into, related=tuple(kept + coming), moved_to=tuple(coming)
    )
    _relocate(store, coming, into, note)


def move(store: Store, claim_id: str, origin: str, to: str, reviewer: str) -> None:
    """Move one claim from ``origin`` into ``to``."""
    if origin == to:
        raise EditError("the claim is already in that cluster")
    old, new = store.review_cluster_members(origin), store.review_cluster_members(to)
    if claim_id not in old or not new:
        raise EditError("the claim or its destination changed meanwhile; reload")
    note = Annotation("claim", claim_id, "move", reviewer, cluster_id=origin, related=tuple(old), moved_to=tuple(new))
    _relocate(store, [claim_id], to, note)


def undo(store: Store, done: StoredAnnotation) -> None:
    """Move the claims of a split, merge or move back, and mark its annotation undone."""
    if done.decision == "split":
        claims, home = list(done.moved_to), done.cluster_id
    elif done.decision == "merge":
        claims, home = list(done.moved_to), done.target_id
    else:
        claims, home = [done.target_id], done.cluster_id
    _relocate(store, claims, home, None, undo_id=done.id)


def _relocate(
    store: Store, claim_ids: Sequence[str], to: str, note: Annotation | None, undo_id: int | None = None
) -> None:
    with store.writing():  # read and write under one lock: nobody edits these clusters between
        where = store.review_claim_clusters(list(claim_ids))
        claim_ids = [c for c in claim_ids if c in where and where[c].cluster_id]
        sources = {where[c].cluster_id for c in claim_ids} - {to}
        groups = {cid: [m for m in store.review_cluster_members(cid) if m not in claim_ids] for cid in sources}
        groups[to] = sorted({*store.review_cluster_members(to), *claim_ids})
        claims = {c.id: c for c in store.review_claims(sorted({m for g in groups.values() for m in g}))}
        documents = store.review_documents(sorted({c.document_id for c in claims.values()}))
        labels = {cid: _label(store.review_cluster(cid)) for cid in groups}
        labels[to] = labels[to] or next((labels[s] for s in sources if labels[s]), "")
        members = {cid: [claims[m] for m in ids if m in claims] for cid, ids in groups.items()}
        edit = regroup(members, labels, documents, _reference(store, documents, list(claims.values())))
        store.edit_clusters(edit.changed, edit.removed, note, undo_id)


def _reference(store: Store, documents: dict[str, Any], claims: list[Claim]) -> dict[str, str]:
    """Reference dates for undated articles, as the pipeline infers them (all documents are read only then)."""
    if all(d.published or OTHER_EVENT in d.flags for d in documents.values()):
        return {}
    everything = store.review_documents(None)
    inferred = checks.infer_reference_dates(everything, claims)
    return {d: date for d, (date, _) in inferred.items() if d in documents}


def _label(cluster: ClusterRecord | None) -> str:
    return cluster.label if cluster else ""

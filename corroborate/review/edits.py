"""Split, merge and move as new clusters: pure functions over claims and documents, no I/O.

A reviewer's edit changes the stored clustering at once (``ReviewData`` writes
it); each changed cluster is rebuilt here the way the pipeline builds one:
support is the number of documents, independent support the number of lineages
(``lineage.roots``), and the checks run again with ``checks.run_checks`` and
``checks.status_for`` (what ``pipeline._checked`` does), so the status follows
the new members. The label stays when its claim is still a member; otherwise it
is the first member's text (the next run picks the most central claim again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from corroborate import checks, lineage
from corroborate.records import Article, Claim, Cluster, content_id


@dataclass(frozen=True)
class Edit:
    """Clusters to write (checked, with their number summaries) and clusters left empty."""

    changed: tuple[Cluster, ...]
    removed: tuple[str, ...] = ()


def rebuild(
    cluster_id: str,
    members: Sequence[Claim],
    documents: Mapping[str, Article],
    label: str = "",
    reference: Mapping[str, str] | None = None,
) -> Cluster:
    """The cluster ``cluster_id`` holding exactly ``members``, checked again."""
    roots = lineage.roots(documents)
    docs = {c.document_id for c in members}
    texts = [c.text for c in members]
    independent = len({roots.get(d, d) for d in docs})
    cluster = Cluster(
        id=cluster_id,
        claims=tuple(sorted(c.id for c in members)),
        support=len(docs),
        independent_support=independent,
        status=checks.status_for(len(docs), (), independent),
        label=label if label in texts else (texts[0] if texts else label),
    )
    return checks.checked(cluster, members, documents, reference)


def new_cluster_id(claim_ids: Sequence[str], taken: Callable[[str], bool]) -> str:
    """An id for a cluster split off: from its anchor claim, as the clustering derives one, never a taken one."""
    anchor = min(claim_ids)
    cid = content_id("cluster", anchor)
    n = len(claim_ids)
    while taken(cid):
        cid = content_id("cluster", anchor, n)
        n += 1
    return cid


def regroup(
    groups: Mapping[str, Sequence[Claim]],
    labels: Mapping[str, str],
    documents: Mapping[str, Article],
    reference: Mapping[str, str] | None = None,
) -> Edit:
    """Clusters holding the given members; an empty group is a cluster to remove."""
    changed, removed = [], []
    for cluster_id, members in groups.items():
        if not members:
            removed.append(cluster_id)
            continue
        changed.append(rebuild(cluster_id, members, documents, labels.get(cluster_id, ""), reference))
    return Edit(tuple(changed), tuple(removed))

"""Cluster -> Conflict: a registry of small checks over the claims of one cluster.

Each check is a pure function ``(claims, ctx) -> list[Conflict]`` registered under a
stable name with ``@check("name")``: "number-interval", "date-mismatch", "date-weekday"
and "polarity". ``run_checks`` runs them all on one cluster, ``checked`` gives a cluster its findings,
status and number summary, ``status_for`` turns
support, independent support and findings into the cluster status, ``infer_reference_dates`` dates undated
articles by the corpus consensus and ``number_summary`` gives low / best / high figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from corroborate.checks.common import REGISTRY, CheckFn, Context, check, comparable
from corroborate.records import Article, Claim, Cluster, Conflict, Status


def run_checks(
    claims: Sequence[Claim],
    documents: Mapping[str, Article],
    reference_dates: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Every registered check on one cluster; documents about another event are left out."""
    kept = comparable(claims, documents)
    # One document is never checked against itself: with fewer than two there is nothing to compare.
    if len({c.document_id for c in kept}) < 2:
        return []
    ctx = Context(documents, dict(reference_dates or {}))
    findings: list[Conflict] = []
    for fn in REGISTRY.values():
        findings.extend(fn(kept, ctx))
    return findings


def is_anomaly(conflict: Conflict) -> bool:
    return bool(conflict.data.get("anomaly"))


def status_for(support: int, conflicts: Sequence[Conflict], independent_support: int) -> Status:
    """Single-source below two documents; contradicted by a contradiction or a date anomaly; corroborated
    only by two independent sources: documents that all copy one original (rewrites, republications)
    are ``repeated``. The independent support is required: a caller that forgot it would call copies
    corroborated.
    """
    if support < 2:
        return "single-source"
    if any(c.severity == "contradiction" or is_anomaly(c) for c in conflicts):
        return "contradicted"
    return "corroborated" if independent_support >= 2 else "repeated"


def checked(
    cluster: Cluster, members: Sequence[Claim], documents: Mapping[str, Article], reference: Mapping[str, str] | None
) -> Cluster:
    """The cluster with its findings, its status and its number summary: the one place all three are derived."""
    conflicts = tuple(run_checks(members, documents, reference))
    summary = tuple(number_summary(members, documents)) if cluster.support > 1 else ()
    status = status_for(cluster.support, conflicts, cluster.independent_support)
    return replace(cluster, conflicts=conflicts, status=status, numbers=summary)


# Importing the check modules registers their checks; the order here is the run order.
from corroborate.checks import dates, numbers, polarity  # noqa: E402
from corroborate.checks.numbers import number_summary  # noqa: E402
from corroborate.checks.reference import infer_reference_dates  # noqa: E402

__all__ = [
    "REGISTRY",
    "CheckFn",
    "Context",
    "check",
    "dates",
    "infer_reference_dates",
    "is_anomaly",
    "number_summary",
    "numbers",
    "polarity",
    "run_checks",
    "status_for",
]

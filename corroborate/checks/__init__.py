"""Cluster -> Conflict: a registry of small checks over the claims of one cluster.

Each check is a pure function ``(claims, documents) -> list[Conflict]`` registered
under a stable name with ``@check("name")``. ``run_checks`` runs them all;
``status_for`` turns support and findings into the cluster status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from corroborate.records import Article, Claim, Conflict, Status

CheckFn = Callable[[Sequence[Claim], Mapping[str, Article]], list[Conflict]]
REGISTRY: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[name] = fn
        return fn

    return register


def run_checks(claims: Sequence[Claim], documents: Mapping[str, Article]) -> list[Conflict]:
    """Every registered check on the claims of one cluster (claims from one document are never compared)."""
    if len({c.document_id for c in claims}) < 2:
        return []
    findings: list[Conflict] = []
    for fn in REGISTRY.values():
        findings.extend(fn(claims, documents))
    return findings


def status_for(support: int, conflicts: Sequence[Conflict]) -> Status:
    if support < 2:
        return "single-source"
    if any(c.severity == "contradiction" for c in conflicts):
        return "contradicted"
    return "corroborated"


from corroborate.checks import numbers  # noqa: E402,F401  (registers its checks)

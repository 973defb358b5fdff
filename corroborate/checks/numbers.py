"""Number checks: counts of the same thing that cannot both be true."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from corroborate.checks import check
from corroborate.records import Article, Claim, Conflict


@check("number-disagreement")
def number_disagreement(claims: Sequence[Claim], documents: Mapping[str, Article]) -> list[Conflict]:
    """Two sources give exact, different counts at the same position of the claim."""
    findings = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.document_id == b.document_id:
                continue
            for qa, qb in zip(a.numbers, b.numbers):
                if not qa.overlaps(qb):
                    src_a = documents[a.document_id].source if a.document_id in documents else a.document_id
                    src_b = documents[b.document_id].source if b.document_id in documents else b.document_id
                    findings.append(
                        Conflict(
                            check="number-disagreement",
                            kind="number",
                            severity="contradiction",
                            claims=(a.id, b.id),
                            detail=f"{src_a} says {qa.text}; {src_b} says {qb.text}.",
                        )
                    )
    return findings

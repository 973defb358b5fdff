"""Lineage on literal documents: credited outlets, near-identical copies, independent support."""

from __future__ import annotations

import numpy as np
from test_cluster import CFG, angle, article, claim

from corroborate.cluster import cluster_claims
from corroborate.lineage import credits, mark_lineage, roots


def test_credit_to_an_outlet_of_the_corpus_case_insensitively() -> None:
    documents = {
        "ft": article("ft", "Washington said it was not looking for a war.", source="Financial Times"),
        "copy": article("copy", "Washington said so on Monday, financial times reported."),
        "other": article("other", "The Financial Times building is in London."),
    }
    assert credits(documents) == {"copy": {"ft"}}


def test_a_file_name_is_not_an_outlet() -> None:
    documents = {"a": article("a", "Story about a war, 001_a347 reported."), "b": article("b", "x", source="b")}
    assert credits(documents) == {}


def _pair(n: int, cos_deg: float) -> tuple[list, np.ndarray]:  # type: ignore[type-arg]
    claims = [claim("orig", f"claim {i}") for i in range(n)] + [claim("copy", f"claim {i}") for i in range(n)]
    vectors = np.vstack([np.roll(angle(0, 2 * n + 2), 2 * i) for i in range(n)]
                        + [np.roll(angle(cos_deg, 2 * n + 2), 2 * i) for i in range(n)])
    return claims, vectors


def test_near_identical_claims_make_a_republished_copy_of_the_earlier_document() -> None:
    claims, vectors = _pair(4, 1.0)
    documents = {"orig": article("orig", published="2024-01-28"), "copy": article("copy", published="2024-01-29")}
    out = mark_lineage(documents, claims, vectors, [("orig", "copy")], CFG)
    assert out["copy"].flags == ("republished",) and out["copy"].origin == "orig"
    assert out["orig"].flags == () and out["orig"].origin is None


def test_similar_but_not_identical_claims_make_a_rewrite() -> None:
    claims, vectors = _pair(4, 20.0)  # cosine 0.94: near-identical, not republished
    documents = {"orig": article("orig", published="2024-01-28"), "copy": article("copy", published="2024-01-29")}
    out = mark_lineage(documents, claims, vectors, [("copy", "orig")], CFG)
    assert out["copy"].flags == ("rewrite",) and out["copy"].origin == "orig"


def test_credit_decides_the_direction() -> None:
    claims, vectors = _pair(4, 20.0)
    documents = {"orig": article("orig", "A story.", source="Financial Times"),
                 "copy": article("copy", "A story, Financial Times reported.", published="2024-01-01")}
    out = mark_lineage(documents, claims, vectors, [], CFG)
    assert out["copy"].origin == "orig" and out["copy"].flags == ("rewrite",)


def test_unrelated_documents_stay_independent() -> None:
    claims, vectors = _pair(4, 60.0)
    out = mark_lineage({"orig": article("orig"), "copy": article("copy")}, claims, vectors, [("orig", "copy")], CFG)
    assert out["copy"].flags == () and out["copy"].origin is None


def test_roots_follow_the_origin_chain_and_survive_cycles() -> None:
    from dataclasses import replace

    a, b, c = article("a"), article("b"), article("c")
    documents = {"a": a, "b": replace(b, origin="a"), "c": replace(c, origin="b")}
    assert roots(documents) == {"a": "a", "b": "a", "c": "a"}
    looped = {"a": replace(a, origin="b"), "b": replace(b, origin="a")}
    assert set(roots(looped).values()) <= {"a", "b"}


def test_independent_support_counts_lineages() -> None:
    claims, vectors = _pair(4, 1.0)
    claims.append(claim("third", "claim 0"))
    vectors = np.vstack([vectors, np.roll(angle(3, 10), 0)])
    documents = {"orig": article("orig", published="2024-01-28"), "copy": article("copy", published="2024-01-29"),
                 "third": article("third")}
    result = cluster_claims(claims, vectors, documents, CFG)
    (biggest,) = [c for c in result.clusters if c.support == 3]
    assert biggest.independent_support == 2
    assert result.documents["copy"].flags == ("republished",) and result.documents["copy"].origin == "orig"

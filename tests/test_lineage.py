"""Lineage on literal documents: credited outlets, near-identical copies, independent support."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from test_cluster import CFG, angle, article, claim

from corroborate import lineage
from corroborate.checks.common import Context
from corroborate.cluster import cluster_claims
from corroborate.lineage import credited_outlets, credited_pairs, credits, mark_lineage, outlet, roots
from corroborate.records import OTHER_EVENT, REPUBLISHED, REWRITE, Article, Claim
from corroborate.scope import mark_events


def test_credit_to_an_outlet_of_the_corpus_case_insensitively() -> None:
    documents = {
        "ft": article("ft", "Washington said it was not looking for a war.", source="Financial Times"),
        "copy": article("copy", "Washington said so on Monday, financial times reported."),
        "other": article("other", "The Financial Times building is in London."),
    }
    assert credits(documents) == {"copy": {"ft"}}


OUTLETS = ["Times", "New York Times", "The Guardian", "Guardian", "CNN", "Fox News", "Axios", "ap news", "Le Monde"]
OUTLETS += ["Barron's", "Harper’s"]
WORDS = ["said", "says", "reported", "wrote", "'s", "’s", "first", "had", "according to", "reported by", "reports in"]
WORDS += ["told", "the", "The", "on Monday", "x", "officials", ",", "NEW", "york", "TIMES", "cnn", "Reports by"]


def _credits_by_one_pattern(text: str, names: frozenset[str], own: str) -> frozenset[str]:
    """The credit scan as regular expressions with every name as an alternative (what it was, and the spec
    the faster scan keeps): longest name first, case-insensitive, each form of credit looked for on its own
    (one pattern of both forms missed "reported by The Guardian" after "AP News reported")."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    forms = [
        rf"(?:{alternatives})(?:['’]s)? (?:first |had |has |also )?(?:reported|reports|said|says|wrote|writes)",
        rf"(?:according to|reported by|reports? (?:in|by)|told) (?:the )?(?:{alternatives})",
    ]
    hits = [hit.group(0) for form in forms for hit in re.finditer(form, text, re.I)]
    found = {re.search(alternatives, hit, re.I).group(0).lower() for hit in hits}  # type: ignore[union-attr]
    return frozenset(found - {own})


def test_credits_found_by_their_words_equal_those_of_a_pattern_of_every_name() -> None:
    rng = random.Random(7)
    for _ in range(400):
        outlets = rng.sample(OUTLETS, rng.randint(1, len(OUTLETS)))
        text = " ".join(rng.choice(WORDS + outlets) for _ in range(rng.randint(1, 30)))
        documents = {f"d{i}": article(f"d{i}", "", source=o) for i, o in enumerate(outlets)}
        documents["doc"] = article("doc", text, source=outlets[0])
        names = lineage.outlet_names(documents)
        assert names
        expected = _credits_by_one_pattern(text, names, outlets[0].lower())
        assert lineage._scan_credits(documents, ["doc"], names)["doc"] == expected, text


def test_a_name_that_begins_with_the_is_credited_whole() -> None:
    documents = {
        "d1": article("d1", "", source="The Guardian"),
        "d2": article("d2", "", source="Times"),
        "a": article("a", "It rained, according to the Guardian. It snowed, according to the Times.", source="a"),
    }
    assert lineage._scan_credits(documents, ["a"], lineage.outlet_names(documents)) == {"a": {"the guardian", "times"}}


def test_a_name_that_ends_in_apostrophe_s_is_credited_whole() -> None:
    # One pattern of every name credited "Barron's reported" to "barron's": the "'s" is the name's own here.
    documents = {
        "d1": article("d1", "", source="Barron's"),
        "d2": article("d2", "", source="Harper’s"),
        "d3": article("d3", "", source="CNN"),
        "a": article("a", "Shares fell, Barron's reported. Harper’s wrote so. CNN's said it too.", source="a"),
    }
    found = lineage._scan_credits(documents, ["a"], lineage.outlet_names(documents))
    assert found == {"a": {"barron's", "harper’s", "cnn"}}


def test_a_file_name_is_not_an_outlet() -> None:
    documents = {"a": article("a", "Story about a war, 001_a347 reported."), "b": article("b", "x", source="b")}
    assert credits(documents) == {}


def _pair(n: int, cos_deg: float) -> tuple[list, np.ndarray]:  # type: ignore[type-arg]
    claims = [claim("orig", f"claim {i}") for i in range(n)] + [claim("copy", f"claim {i}") for i in range(n)]
    vectors = np.vstack(
        [np.roll(angle(0, 2 * n + 2), 2 * i) for i in range(n)]
        + [np.roll(angle(cos_deg, 2 * n + 2), 2 * i) for i in range(n)]
    )
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
    documents = {
        "orig": article("orig", "A story.", source="Financial Times"),
        "copy": article("copy", "A story, Financial Times reported.", published="2024-01-01"),
    }
    out = mark_lineage(documents, claims, vectors, [], CFG)
    assert out["copy"].origin == "orig" and out["copy"].flags == ("rewrite",)


def test_unrelated_documents_stay_independent() -> None:
    claims, vectors = _pair(4, 60.0)
    out = mark_lineage({"orig": article("orig"), "copy": article("copy")}, claims, vectors, [("orig", "copy")], CFG)
    assert out["copy"].flags == () and out["copy"].origin is None


def test_roots_follow_the_origin_chain_and_survive_cycles() -> None:
    a, b, c = article("a"), article("b"), article("c")
    documents = {"a": a, "b": replace(b, origin="a"), "c": replace(c, origin="b")}
    assert roots(documents) == {"a": "a", "b": "a", "c": "a"}
    looped = {"a": replace(a, origin="b"), "b": replace(b, origin="a")}
    assert set(roots(looped).values()) <= {"a", "b"}


def _copy_of_a_copy() -> dict[str, Article]:
    """ "orig", "copy" rewrites it, "copy2" republishes "copy"; "other" is independent."""
    orig, copy, copy2, other = article("orig"), article("copy"), article("copy2"), article("other")
    return {
        "orig": orig,
        "copy": replace(copy, flags=(REWRITE,), origin="orig"),
        "copy2": replace(copy2, flags=(REPUBLISHED,), origin="copy"),
        "other": other,
    }


def test_a_copy_of_a_copy_counts_as_one_source_for_the_checks() -> None:
    ctx = Context(_copy_of_a_copy())
    assert ctx.root("copy2") == "orig"
    assert ctx.weight(["orig", "copy", "copy2"]) == 1
    assert ctx.weight(["copy2", "other"]) == 2


def test_the_checks_and_the_cluster_stage_derive_the_same_original_for_every_document() -> None:
    documents = _copy_of_a_copy()
    looped = {**documents, "orig": replace(documents["orig"], flags=(REWRITE,), origin="copy2")}
    for docs in (documents, looped):
        assert {d: Context(docs).root(d) for d in docs} == roots(docs)


def test_independent_support_counts_lineages() -> None:
    claims, vectors = _pair(4, 1.0)
    claims.append(claim("third", "claim 0"))
    vectors = np.vstack([vectors, np.roll(angle(3, 10), 0)])
    documents = {
        "orig": article("orig", published="2024-01-28"),
        "copy": article("copy", published="2024-01-29"),
        "third": article("third"),
    }
    result = cluster_claims(claims, vectors, documents, CFG)
    (biggest,) = [c for c in result.clusters if c.support == 3]
    assert biggest.independent_support == 2
    assert result.documents["copy"].flags == ("republished",) and result.documents["copy"].origin == "orig"


def _wire(copies: int) -> tuple[dict[str, Article], list[Claim], np.ndarray]:
    """Two documents of a wire outlet, and ``copies`` documents crediting it: each rewrites the first story."""
    claims, vectors = _pair(4, 20.0)  # "orig" and "copy" as in the tests above, cosine 0.94
    documents = {
        "orig": article("orig", "A story.", source="Northwind Wire"),
        "other": article("other", "Another story.", source="Northwind Wire"),
    }
    claims += [claim("other", f"other {i}") for i in range(4)]
    vectors = np.vstack([vectors] + [np.roll(angle(90, 10), 2 * i) for i in range(4)])  # far from both
    rows = [r for r, c in enumerate(claims) if c.document_id == "copy"]
    for k in range(copies):
        doc = f"copy{k}"
        documents[doc] = article(doc, "The story, according to Northwind Wire.", published="2024-01-01")
        claims += [claim(doc, f"claim {i}") for i in range(4)]
        vectors = np.vstack([vectors, vectors[rows]])
    keep = [r for r, c in enumerate(claims) if c.document_id != "copy"]
    return documents, [claims[r] for r in keep], vectors[keep]


def test_a_wire_credited_by_many_documents_is_paired_only_where_claims_meet() -> None:
    documents, claims, vectors = _wire(copies=3)
    rows: dict[str, list[int]] = {}
    for r, c in enumerate(claims):
        rows.setdefault(c.document_id, []).append(r)
    pairs = credited_pairs(documents, credited_outlets(documents), rows, vectors, CFG)
    assert pairs == {("copy0", "orig"), ("copy1", "orig"), ("copy2", "orig")}  # never with "other"
    out = mark_lineage(documents, claims, vectors, [], CFG)
    assert all(out[f"copy{k}"].origin == "orig" for k in range(3)) and out["other"].origin is None


def test_credited_pairs_are_all_kept_when_a_credit_needs_no_similar_claim() -> None:
    documents, claims, vectors = _wire(copies=2)
    rows: dict[str, list[int]] = {}
    for r, c in enumerate(claims):
        rows.setdefault(c.document_id, []).append(r)
    loose = replace(CFG, lineage=replace(CFG.lineage, credit_share=0.0))
    pairs = credited_pairs(documents, credited_outlets(documents), rows, vectors, loose)
    assert ("copy0", "other") in pairs and ("copy1", "other") in pairs


def test_a_file_name_with_folders_and_a_suffix_is_still_not_an_outlet_when_asked_again() -> None:
    doc = Article(id="a", path="feeds/in/Reuters.html", text="", source="Reuters")
    assert outlet(doc) == "" and outlet(doc) == ""  # the second answer comes from the cached stem
    assert outlet(Article(id="b", path="feeds/in/Reuters.html.txt", text="", source="Reuters")) == "Reuters"


def test_credited_pairs_found_again_only_for_new_or_recredited_documents_equal_a_full_search() -> None:
    documents, claims, vectors = _wire(copies=3)
    rows = lineage.rows_by_document(claims)
    credited = credited_outlets(documents)
    full = credited_pairs(documents, credited, rows, vectors, CFG)
    earlier = {d: a for d, a in documents.items() if d not in {"copy2", "orig"}}  # the wire's first story came later
    found = credited_pairs(earlier, {d: n for d, n in credited.items() if d in earlier}, rows, vectors, CFG)
    assert found == set()
    searched: list[tuple[list[str], list[str]]] = []
    real = lineage._near_pairs
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            lineage, "_near_pairs", lambda left, right, *a: searched.append((left, right)) or real(left, right, *a)
        )
        again = credited_pairs(documents, credited, rows, vectors, CFG, found, {"copy2", "orig"})
    assert again == full == {("copy0", "orig"), ("copy1", "orig"), ("copy2", "orig")}
    assert all("copy2" in left or "orig" in right for left, right in searched)  # never copy0 x other again
    stale = {("copy0", "other")}  # a pair of a document whose credits changed is dropped, then looked for
    assert credited_pairs(documents, credited, rows, vectors, CFG, stale | full, {"copy0"}) == full


def test_a_document_whose_lineage_did_not_change_is_passed_on_as_it_is_and_a_stale_flag_is_cleared() -> None:
    documents, claims, vectors = _wire(copies=1)
    documents["other"] = replace(documents["other"], flags=("rewrite",), origin="orig")  # no longer true
    out = mark_lineage(documents, claims, vectors, [], CFG)
    assert out["orig"] is documents["orig"]  # nothing to change: no copy made
    assert out["other"].flags == () and out["other"].origin is None
    assert out["copy0"].origin == "orig" and out["copy0"] is not documents["copy0"]


def test_pairs_judged_before_are_not_judged_again_unless_a_document_is_new_or_recredited() -> None:
    documents, claims, vectors = _wire(copies=2)
    credited = credited_outlets(documents)
    pairs = [("copy0", "other"), ("copy1", "orig")]
    verdicts: dict[tuple[str, str], Any] = {}
    first = mark_lineage(documents, claims, vectors, pairs, CFG, credited, set(), verdicts)
    assert set(verdicts) == {("copy0", "other"), ("copy1", "orig")} and verdicts["copy0", "other"] is None
    planted = {**verdicts, ("copy0", "other"): (1.0, "other", "republished", "copy0")}  # a verdict to recognise
    judged: list[tuple[str, str]] = []
    real = lineage._judge
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lineage, "_judge", lambda a, b, *rest: judged.append((a.id, b.id)) or real(a, b, *rest))
        kept = mark_lineage(documents, claims, vectors, pairs, CFG, credited, set(), dict(planted))
        again = mark_lineage(documents, claims, vectors, pairs, CFG, credited, set(), dict(planted), {"other"})
    assert judged == [("copy0", "other")]  # only in the call where "other" is new
    assert kept["other"].origin == "copy0"  # the planted verdict was taken as it was
    assert again == first and again["other"].origin is None


def test_a_later_stages_flag_kept_through_lineage_changes_nothing_that_stage_makes_of_it() -> None:
    claims, vectors = _pair(4, 1.0)
    documents = {
        "orig": replace(article("orig", published="2024-01-28"), flags=(OTHER_EVENT,)),
        "copy": replace(article("copy", published="2024-01-29"), flags=(REWRITE, OTHER_EVENT), origin="gone"),
    }
    kept = mark_lineage(documents, claims, vectors, [("orig", "copy")], CFG, keep={OTHER_EVENT})
    cleared = mark_lineage(documents, claims, vectors, [("orig", "copy")], CFG)
    assert kept["orig"] is documents["orig"]  # nothing of it changes: passed on, not copied
    assert kept["copy"].flags == (REPUBLISHED, OTHER_EVENT) and kept["copy"].origin == "orig"
    assert cleared["orig"].flags == () and cleared["copy"].flags == (REPUBLISHED,)
    assert mark_events(kept, claims, []) == mark_events(cleared, claims, [])


def test_rows_the_caller_already_has_are_read_instead_of_grouped_again() -> None:
    claims, vectors = _pair(4, 1.0)
    documents = {"orig": article("orig", published="2024-01-28"), "copy": article("copy", published="2024-01-29")}
    rows = lineage.rows_by_document(claims)
    given = mark_lineage(documents, claims, vectors, [("orig", "copy")], CFG, rows=rows)
    assert given == mark_lineage(documents, claims, vectors, [("orig", "copy")], CFG)
    assert given["copy"].flags == (REPUBLISHED,)
    without_copy = mark_lineage(documents, claims, vectors, [("orig", "copy")], CFG, rows={"orig": rows["orig"]})
    assert without_copy["copy"].flags == ()  # a document with no rows given has no claims to compare

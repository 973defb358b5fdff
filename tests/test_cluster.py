"""Cluster stage on literal claims and hand-made vectors: linkage, constraints, incremental runs.

The helpers at the top (``claim``, ``article``, ``at_cosine``, ``CFG``) are imported by the
other cluster-stage test modules.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from corroborate.cluster import candidate_pairs, cluster_claims
from corroborate.config import DEFAULT_MATCH, EventConfig, MatchConfig
from corroborate.match import describes_another_fact, features
from corroborate.records import Article, Attribution, Claim, DateRef, Quantity

# Thresholds fixed here so the unit tests do not move when the fitted defaults do.
CFG = MatchConfig(
    match=0.75,
    suggest=0.6,
    lexical_weight=0.0,
    average_cosine=0.6,
    average_probability=0.0,
    events=EventConfig(pair=0.6, link=0.05),
)


def claim(
    doc: str,
    text: str,
    *,
    speaker: str = "",
    numbers: tuple[Quantity, ...] = (),
    dates: tuple[DateRef, ...] = (),
    polarity: str = "positive",
    subject: str = "",
) -> Claim:
    return Claim(
        id=Claim.make_id(doc, text, 0, len(text)),
        document_id=doc,
        text=text,
        sentence=text,
        start=0,
        end=len(text),
        attribution=Attribution(speaker) if speaker else None,
        polarity=polarity,  # type: ignore[arg-type]
        numbers=numbers,
        dates=dates,
        subject=subject,
    )


def article(doc: str, text: str = "", source: str = "", published: str | None = None) -> Article:
    return Article(id=doc, path=f"{doc}.txt", text=text, source=source or doc, published=published)


def angle(degrees: float, dim: int = 4) -> np.ndarray:
    """A unit vector at this angle from the first axis, in the first two dimensions."""
    v = np.zeros(dim, dtype=np.float32)
    v[0], v[1] = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return v


def at_cosine(cos: float, dim: int = 4) -> np.ndarray:
    return angle(math.degrees(math.acos(cos)), dim)


def docs(*ids: str) -> dict[str, Article]:
    return {d: article(d) for d in ids}


def groups(result, claims) -> list[set[str]]:  # type: ignore[no-untyped-def]
    """Cluster memberships as sets of claim texts tagged with their document."""
    by_id = {c.id: f"{c.document_id}:{c.text}" for c in claims}
    return sorted(({by_id[i] for i in c.claims} for c in result.clusters), key=lambda s: sorted(s))


def test_same_claim_with_different_numbers_is_one_cluster() -> None:
    claims = [
        claim("a", "Three US soldiers were killed.", numbers=(Quantity("three", 3, 3, "soldiers"),)),
        claim("b", "Four US soldiers were killed.", numbers=(Quantity("four", 4, 4, "soldiers"),)),
    ]
    result = cluster_claims(claims, np.vstack([angle(0), angle(5)]), docs("a", "b"), CFG)
    assert len(result.clusters) == 1
    cluster = result.clusters[0]
    assert cluster.support == 2 and cluster.independent_support == 2 and cluster.status == "corroborated"


def test_different_time_scope_never_joins() -> None:
    april = DateRef("since April", "2021-04-01", "2021-06-27", "relative", "range")
    october = DateRef("since October", "2023-10-01", "2024-01-29", "relative", "range")
    claims = [
        claim("a", "Militias carried out five drone attacks since April.", dates=(april,)),
        claim("b", "Militants carried out 160 attacks since October.", dates=(october,)),
    ]
    result = cluster_claims(claims, np.vstack([angle(0), angle(3)]), docs("a", "b"), CFG)
    assert len(result.clusters) == 2
    assert result.suggestions == []


def test_claims_of_one_document_are_never_matched() -> None:
    claims = [claim("a", "Troops were killed."), claim("a", "Troops were killed in Jordan.")]
    result = cluster_claims(claims, np.vstack([angle(0), angle(0)]), docs("a"), CFG)
    assert [c.support for c in result.clusters] == [1, 1]


def test_average_linkage_stops_a_chain() -> None:
    # a~b and b~c at 0.8, but a~c only 0.28: single linkage would chain all three.
    step = math.degrees(math.acos(0.8))
    claims = [claim("a", "x one"), claim("b", "x two"), claim("c", "x three")]
    result = cluster_claims(claims, np.vstack([angle(0), angle(step), angle(2 * step)]), docs("a", "b", "c"), CFG)
    assert sorted(len(c.claims) for c in result.clusters) == [1, 2]
    assert len(result.suggestions) == 1 and result.suggestions[0].similarity == 0.8


def test_suggestions_lie_between_the_thresholds() -> None:
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three")]
    vectors = np.vstack([angle(0), at_cosine(0.7), np.eye(4, dtype=np.float32)[2]])
    result = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG)
    assert len(result.clusters) == 3
    assert [(s.claim_a, s.claim_b, s.similarity) for s in result.suggestions] == [(claims[0].id, claims[1].id, 0.7)]


def test_cannot_link_and_must_link_are_honoured() -> None:
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three")]
    vectors = np.vstack([angle(0), angle(1), angle(90)])
    result = cluster_claims(
        claims,
        vectors,
        docs("a", "b", "c"),
        CFG,
        must_link=[(claims[0].id, claims[2].id)],
        cannot_link=[(claims[0].id, claims[1].id)],
    )
    assert groups(result, claims) == [{"a:one", "c:three"}, {"b:two"}]


def test_cannot_link_wins_over_a_conflicting_must_link() -> None:
    claims = [claim("a", "one"), claim("b", "two")]
    pair = (claims[0].id, claims[1].id)
    result = cluster_claims(
        claims, np.vstack([angle(0), angle(0)]), docs("a", "b"), CFG, must_link=[pair], cannot_link=[pair]
    )
    assert len(result.clusters) == 2


def test_label_is_the_most_central_claim_and_id_comes_from_the_anchor() -> None:
    claims = [claim("a", "left"), claim("b", "middle"), claim("c", "right")]
    result = cluster_claims(claims, np.vstack([angle(-10), angle(0), angle(10)]), docs("a", "b", "c"), CFG)
    (cluster,) = result.clusters
    assert cluster.label == "middle"
    from corroborate.records import content_id

    assert cluster.id == content_id("cluster", min(c.id for c in claims))


def test_candidates_by_blocks_equal_the_brute_force_top_k() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    claims = [claim(f"d{i % 7}", f"claim {i}") for i in range(40)]
    config = MatchConfig(neighbours=3, block=5, candidate_cosine=-1.0)
    found = candidate_pairs(claims, vectors, np.arange(40), config)
    sims = vectors @ vectors.T
    expected = set()
    for i in range(40):
        row = np.where([claims[j].document_id == claims[i].document_id for j in range(40)], -np.inf, sims[i])
        expected |= {(min(i, j), max(i, j)) for j in np.argsort(-row)[:3].tolist()}
    assert set(found) == expected
    assert all(claims[i].document_id != claims[j].document_id for i, j in found)


def test_incremental_run_keeps_stored_clusters_and_matches_only_new_claims() -> None:
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three")]
    # a and b were clustered together before although they are far apart now: kept as stored.
    vectors = np.vstack([angle(0), angle(80), angle(2)])
    previous = {claims[0].id: "stored-1", claims[1].id: "stored-1"}
    result = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG, previous=previous)
    (cluster,) = result.clusters
    assert cluster.id == "stored-1" and cluster.support == 3


def test_incremental_run_never_compares_two_stored_claims() -> None:
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three")]
    vectors = np.vstack([angle(0), angle(1), angle(90)])
    previous = {claims[0].id: "stored-1", claims[1].id: "stored-2"}
    result = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG, previous=previous)
    assert sorted(c.id for c in result.clusters if c.id.startswith("stored")) == ["stored-1", "stored-2"]
    assert len(result.clusters) == 3


def test_empty_input() -> None:
    result = cluster_claims([], np.zeros((0, 4), np.float32), {}, CFG)
    assert result.clusters == [] and result.suggestions == []


def test_a_new_claim_that_matches_two_stored_clusters_joins_them_as_one_run_would() -> None:
    """Stored apart by an earlier run; the new claim between them shows they state one fact."""
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three")]
    vectors = np.vstack([angle(0), angle(20), angle(10)])
    once = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG)
    assert [len(c.claims) for c in once.clusters] == [3]
    previous = {claims[0].id: "stored-1", claims[1].id: "stored-2"}
    result = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG, previous=previous)
    assert [len(c.claims) for c in result.clusters] == [3]
    assert result.clusters[0].id in ("stored-1", "stored-2") and result.clusters[0].support == 3


def test_a_new_claim_joins_two_stored_clusters_only_if_all_three_pass_average_linkage() -> None:
    claims = [claim("a", "one"), claim("b", "two"), claim("c", "three")]
    vectors = np.vstack([angle(0), angle(70), angle(35)])  # c is near each (0.82); a and b are far apart (0.34)
    once = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG)
    previous = {claims[0].id: "stored-1", claims[1].id: "stored-2"}
    result = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG, previous=previous)
    home = {i: c.id for c in result.clusters for i in c.claims}
    assert home[claims[0].id] == "stored-1" and home[claims[1].id] == "stored-2"  # never one cluster
    assert sorted(len(c.claims) for c in result.clusters) == sorted(len(c.claims) for c in once.clusters) == [1, 2]


def test_killed_and_injured_claims_never_share_a_cluster() -> None:
    claims = [
        claim("d1", "The drone strike killed three soldiers."),
        claim("d2", "The drone attack injured 40 others."),
        claim("d3", "The attack killed three troops."),
    ]
    vectors = np.vstack([angle(0), angle(3), angle(2)])
    clustering = cluster_claims(claims, vectors, docs("d1", "d2", "d3"), CFG)
    groups = sorted(sorted(c.claims) for c in clustering.clusters)
    assert sorted([claims[0].id, claims[2].id]) in groups and [claims[1].id] in groups


def test_counts_of_one_casualty_meet_in_one_cluster_whatever_the_wording() -> None:
    from corroborate.match import features, link_score, pair_score

    at_least = Quantity("at least 34", 34, math.inf, "service members", "at least")
    about = Quantity("about 40", 36, 44, "injured", "about")
    a = claim("a", "The attack injured at least 34 service members.", numbers=(at_least,), subject="The attack")
    b = claim("b", "The incident resulted in about 40 injured.", numbers=(about,), subject="The incident")
    fa, fb = features(a), features(b)
    assert link_score(0.5, fa, fb, CFG) > pair_score(0.5, fa, fb, CFG) + 0.15
    killed = claim("c", "The attack killed 40 people.", numbers=(Quantity("40", 40, 40, "people"),))
    assert link_score(0.5, fa, features(killed), CFG) == pair_score(0.5, fa, features(killed), CFG)
    exact = claim("d", "The attack injured 12 service members.", numbers=(Quantity("12", 12, 12, "service members"),))
    assert link_score(0.5, fa, features(exact), CFG) <= pair_score(0.5, fa, features(exact), CFG)


def test_opposite_predicates_never_share_a_cluster() -> None:
    # Checking into a clinic and checking out of it are two facts, however close their vectors.
    claims = [
        claim("d1", "Lohan checked into the Betty Ford Clinic."),
        claim("d2", "Lohan checked out of the Betty Ford Clinic."),
        claim("d3", "Lohan checked into the Betty Ford Clinic on Thursday."),
    ]
    vectors = np.vstack([angle(0), angle(1), angle(2)])
    clustering = cluster_claims(claims, vectors, docs("d1", "d2", "d3"), CFG)
    groups = sorted(sorted(c.claims) for c in clustering.clusters)
    assert sorted([claims[0].id, claims[2].id]) in groups and [claims[1].id] in groups


def test_claims_about_one_person_that_state_another_fact_stay_apart() -> None:
    # Cosines as the real model gives them: 0.98 between the two "played 11 seasons", 0.82 and 0.91 to
    # "returned as an assistant coach". Average cosine alone lets all three in; the pair model does not.
    claims = [
        claim("a", "Cheeks played for 11 seasons with the team."),
        claim("b", "Cheeks played for the Sixers for 11 seasons."),
        claim("c", "Cheeks returned to the Sixers in 1994 as an assistant coach."),
    ]
    vectors = np.vstack([angle(0), angle(10), angle(35)])
    loose = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG)
    assert [len(g) for g in groups(loose, claims)] == [3]
    strict = cluster_claims(claims, vectors, docs("a", "b", "c"), replace(CFG, average_probability=0.3))
    assert groups(strict, claims) == [
        {"a:Cheeks played for 11 seasons with the team.", "b:Cheeks played for the Sixers for 11 seasons."},
        {"c:Cheeks returned to the Sixers in 1994 as an assistant coach."},
    ]
    assert {s.similarity for s in strict.suggestions} == {0.9063, 0.8192}  # the reviewer still sees them


def said(doc: str, subject: str, predicate: str) -> Claim:
    text = f"{subject} {predicate}"
    return replace(claim(doc, text, subject=subject), predicate=predicate)


def test_what_someone_is_and_what_happened_to_them_are_two_facts() -> None:
    # ECB+: the title of the man named coach joined the naming (cosine 0.90); a description that restates
    # what the event made of him is still the same fact, and a description with no determiner is no title.
    title = features(said("a", "Tony DiLeo", "is the team's assistant general manager."))
    named = features(said("b", "Assistant general manager Tony DiLeo", "was named interim coach."))
    coach = features(said("c", "DiLeo", "is the interim coach."))
    promoted = features(said("d", "DiLeo", "was promoted to assistant general manager in 2003."))
    route = features(said("e", "He", "was en route to Beaumont when he escaped."))
    escaped = features(said("f", "Comeaux", "escaped on the way to Beaumont."))
    assert describes_another_fact(title, named) and describes_another_fact(named, title)
    assert not describes_another_fact(coach, named)  # "interim coach" is what the naming made him
    assert not describes_another_fact(title, promoted)  # the title is what the promotion gave
    assert not describes_another_fact(title, coach)  # two descriptions: the pair model judges them
    assert not route.described and not describes_another_fact(route, escaped)
    news = features(said("g", "The good news", "is that Tara Reid is getting help."))
    assert not news.described  # "that" opens a clause here, not a noun phrase


def test_a_description_that_says_who_did_it_or_to_whom_is_the_same_fact_as_the_event() -> None:
    # The event's subject stands for the title only when both sides name one party; otherwise its words count.
    victim = features(said("a", "The victim", "was a 34-year-old man."))
    killed = features(said("b", "A 34-year-old man", "was killed in the attack."))
    speaker = features(said("c", "Johnson", "is the new speaker of the House."))
    elected = features(said("d", "The House", "elected Johnson speaker."))
    bank = features(said("e", "JPMorgan", "is the nation's largest bank."))
    fined = features(said("f", "The nation's largest bank", "agreed to pay a fine."))
    assert not describes_another_fact(victim, killed)  # the description says who the event's subject is
    assert not describes_another_fact(speaker, elected)  # the event acts on the described party
    assert describes_another_fact(bank, fined)  # a named party the event does not mention: another subject


def test_a_description_does_not_join_a_cluster_of_events_though_its_words_and_vector_are_close() -> None:
    claims = [
        said("a", "Assistant general manager Tony DiLeo", "was named interim coach."),
        said("b", "Assistant general manager Tony DiLeo", "was appointed interim coach."),
        said("c", "Tony DiLeo", "is the team's assistant general manager."),
    ]
    vectors = np.vstack([angle(0), angle(10), angle(20)])
    result = cluster_claims(claims, vectors, docs("a", "b", "c"), CFG)
    assert sorted(len(g) for g in groups(result, claims)) == [1, 2]
    assert any(claims[2].id in (s.claim_a, s.claim_b) for s in result.suggestions)  # the reviewer still sees the pair
    together = cluster_claims(claims, vectors, docs("a", "b", "c"), replace(CFG, descriptions_apart=False))
    assert [len(g) for g in groups(together, claims)] == [3]


def test_the_same_main_verb_holds_a_fact_together_however_long_the_wording() -> None:
    # "not looking for a war with Iran" told short and with a trailing clause: the pair model, fitted
    # on sentences, reads the extra clause as another statement; the shared predicate keeps them one fact.
    claims = [
        claim("a", "We are not looking for a war with Iran."),
        claim("b", "Washington was not looking for a war with Iran on Monday, a day after it blamed militants."),
    ]
    vectors = np.vstack([angle(0), angle(math.degrees(math.acos(0.85)))])
    result = cluster_claims(claims, vectors, docs("a", "b"), replace(CFG, average_probability=0.3))
    assert [len(g) for g in groups(result, claims)] == [2]


def test_four_counts_of_one_casualty_share_one_cluster_though_their_mean_cosine_is_low() -> None:
    # Two sources each, cross cosines about 0.5 as the seeds' injured counts have: the casualty rule links
    # each pair, and average linkage would stop the two pairs from meeting but for the one casualty.
    numbers = {
        "a": Quantity("about 40", 36, 44, "injured", "about"),
        "b": Quantity("40", 40, 40, "others"),
        "c": Quantity("dozens", 24, 99, "others", "dozens"),
        "d": Quantity("at least 34", 34, math.inf, "service members", "at least"),
    }
    texts = {
        "a": "The incident resulted in about 40 injured.",
        "b": "The drone attack injured 40 others.",
        "c": "The drone strike wounded dozens of others.",
        "d": "The attack also injured at least 34 service members.",
    }
    claims = [claim(d, texts[d], numbers=(numbers[d],)) for d in "abcd"]
    vectors = np.vstack([angle(0), angle(60), angle(70), angle(-55)])  # a~d 0.57, b~c 0.98, a~b 0.5
    result = cluster_claims(claims, vectors, docs("a", "b", "c", "d"), replace(CFG, match=0.6, average_probability=0.3))
    assert [len(g) for g in groups(result, claims)] == [4]
    killed = claim("e", "The attack killed 40 people.", numbers=(Quantity("40", 40, 40, "people"),))
    apart = cluster_claims([*claims, killed], np.vstack([vectors, angle(65)]), docs(*"abcde"), replace(CFG, match=0.6))
    assert sorted(len(g) for g in groups(apart, [*claims, killed])) == [1, 4]


def test_a_link_the_pair_model_doubts_becomes_a_suggestion_when_asked() -> None:
    claims = [
        claim("a", "Cheeks played for 11 seasons with the team."),
        claim("b", "Cheeks returned to the Sixers in 1994 as an assistant coach."),
    ]
    vectors = np.vstack([angle(0), angle(30)])  # cosine 0.87: a link by the score alone
    assert [len(g) for g in groups(cluster_claims(claims, vectors, docs("a", "b"), CFG), claims)] == [2]
    strict = cluster_claims(claims, vectors, docs("a", "b"), replace(CFG, link_probability=0.5))
    assert [len(g) for g in groups(strict, claims)] == [1, 1]
    assert [s.similarity for s in strict.suggestions] == [0.866]


def test_rows_never_linked_get_no_group_list_nor_sum_and_still_come_out_alone_in_root_order() -> None:
    from corroborate.cluster import _Groups

    vectors = np.stack([angle(a) for a in (0, 1, 90, 91, 180)])
    groups = _Groups(vectors, [], set(), CFG)
    groups.union(2, 3)
    assert set(groups.items) == {2} and set(groups.sums) == {2}  # rows 0, 1, 4: nothing made
    assert np.allclose(groups.sums[2], vectors[2].astype(np.float64) + vectors[3])
    assert groups.members() == [[0], [1], [2, 3], [4]]
    groups.union(4, 0)
    assert groups.members() == [[1], [2, 3], [0, 4]]  # row 4 is the root: the groups come in root order


def test_stored_clusters_seeded_at_once_are_the_groups_unions_in_order_would_make() -> None:
    from corroborate.cluster import _Groups

    vectors = np.stack([angle(a) for a in (0, 1, 2, 90, 91, 180)])
    stored = {"c1": [0, 1, 2], "c2": [3, 4], "c3": [5]}
    seeded, walked = _Groups(vectors, [], set(), CFG), _Groups(vectors, [], set(), CFG)
    seeded.seed(stored, set())
    for members in stored.values():
        for i in members[1:]:
            walked.union(members[0], i)
    assert [seeded.find(i) for i in range(6)] == [walked.find(i) for i in range(6)] == [0, 0, 0, 3, 3, 5]
    assert seeded.members() == walked.members() == [[0, 1, 2], [3, 4], [5]]
    assert np.array_equal(seeded.sums[0], walked.sums[0]) and np.array_equal(seeded.sums[3], walked.sums[3])
    assert seeded.unchanged() == stored and not seeded.changed
    seeded.union(5, 1)
    assert seeded.unchanged() == {"c2": [3, 4]} and seeded.changed == {0}
    assert np.allclose(seeded.sums[0], vectors[[0, 1, 2, 5]].astype(np.float64).sum(axis=0))


def test_a_merge_of_large_clusters_is_judged_on_an_even_sample_of_cross_pairs() -> None:
    from dataclasses import replace

    from corroborate.cluster import _Groups

    vectors = np.stack([angle(a) for a in range(40)])
    groups = _Groups(vectors, [], set(), replace(CFG, cross_pairs=16))
    groups.seed({"big": list(range(30)), "small": [30, 31], "other": list(range(32, 40))}, set())
    assert len(groups.cross(30, 32)) == 16  # 2 x 8: all of them
    sample = groups.cross(0, 32)  # 30 x 8 = 240 pairs: at most 16, from members at even steps
    assert len(sample) <= 16 and sample == groups.cross(0, 32)
    left = sorted({i for i, _ in sample})
    right = sorted({j for _, j in sample})
    assert left[0] == 0 and left[-1] == 29 and right[0] == 32 and right[-1] == 39
    assert len(_Groups(vectors, [], set(), replace(CFG, cross_pairs=0)).cross(0, 1)) == 1
    whole = _Groups(vectors, [], set(), replace(CFG, cross_pairs=0))
    whole.seed({"big": list(range(30)), "other": list(range(32, 40))}, set())
    assert len(whole.cross(0, 32)) == 240  # 0: every pair, as before


def _bridged() -> tuple[list[Claim], np.ndarray]:
    """Three reports of one career fact and a claim about the same man's first seasons, closest to one of them."""
    claims = [
        claim("a", "Berg played for 12 seasons with the club."),
        claim("b", "Berg spent 12 seasons in Leeds."),
        claim("c", "Berg played for the Tigers for 12 seasons."),
        claim("d", "Berg guided the club to the final in his first three seasons."),
    ]
    gram = np.array([[1, 0.8, 0.85, 0.9], [0.8, 1, 0.8, 0.6], [0.85, 0.8, 1, 0.6], [0.9, 0.6, 0.6, 1]])
    return claims, np.linalg.cholesky(gram).astype(np.float32)


def test_a_claim_the_rest_of_its_cluster_disagrees_with_leaves_it_and_becomes_a_suggestion() -> None:
    from dataclasses import replace

    claims, vectors = _bridged()
    ids = [c.id for c in claims]
    kept = cluster_claims(claims, vectors, docs("a", "b", "c", "d"), replace(DEFAULT_MATCH, outlier_probability=0))
    assert [len(c.claims) for c in kept.clusters] == [4]  # "d" joined "a" first, at 0.37, then stayed
    result = cluster_claims(claims, vectors, docs("a", "b", "c", "d"), DEFAULT_MATCH)
    assert sorted(sorted(c.claims) for c in result.clusters) == sorted([sorted(ids[:3]), [ids[3]]])
    assert (ids[0], ids[3]) in {(s.claim_a, s.claim_b) for s in result.suggestions}


def test_a_reviewers_must_link_and_a_stored_member_are_never_sent_out() -> None:
    claims, vectors = _bridged()
    ids = [c.id for c in claims]
    linked = cluster_claims(claims, vectors, docs("a", "b", "c", "d"), DEFAULT_MATCH, must_link=[(ids[0], ids[3])])
    assert [len(c.claims) for c in linked.clusters] == [4]
    stored = dict.fromkeys(ids[:2] + ids[3:], "c1")  # "c" comes new to a stored cluster that holds "d"
    again = cluster_claims(claims, vectors, docs("a", "b", "c", "d"), DEFAULT_MATCH, previous=stored)
    assert [len(c.claims) for c in again.clusters] == [4]

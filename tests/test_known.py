"""Known claims in the library: exact top-k ranking, the pool vector cache, verdicts on the top matches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from corroborate.config import DEFAULT_KNOWN_MODEL
from corroborate.embed import CachedEmbedder, HashEmbedder, vector_key
from corroborate.extract import build_nlp
from corroborate.known import (
    KNOWN_FEATURES,
    Rarity,
    Side,
    content_words,
    embed_known,
    known_features,
    match_known,
    match_row,
    sure,
    top_k,
)
from corroborate.normalize import normalize
from corroborate.records import KnownClaim
from corroborate.store import VectorCache

POOL = [
    KnownClaim("p1", "The city will ban all petrol cars from the centre in 2025.", {"verdict": "false"}),
    KnownClaim("p2", "Drinking hot water cures the flu.", {"verdict": "false"}),
    KnownClaim("p3", "The river bridge will close for six months of repairs.", {"verdict": "true"}),
    KnownClaim("p4", "Tap water in the north district is unsafe to drink.", {"verdict": "misleading"}),
]


class CountingEmbedder:
    """The hash embedder, with every text it is asked to embed written down."""

    def __init__(self, model_id: str = "hash-256") -> None:
        self.inner = HashEmbedder()
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return build_nlp()


def test_top_k_is_exact_in_blocks_and_best_first() -> None:
    rng = np.random.default_rng(7)
    pool = rng.normal(size=(500, 16)).astype(np.float32)
    queries = rng.normal(size=(37, 16)).astype(np.float32)
    ranked = list(top_k(queries, pool, 5, block=8))
    assert len(ranked) == 37
    for query, (rows, scores) in zip(queries, ranked, strict=True):
        expected = np.argsort(-(pool @ query), kind="stable")[:5]
        assert rows.tolist() == expected.tolist()
        assert np.allclose(scores, pool[expected] @ query) and np.all(np.diff(scores) <= 0)


def test_top_k_with_a_small_or_empty_pool() -> None:
    queries = np.eye(3, dtype=np.float32)
    assert [r.tolist() for r, _ in top_k(queries, np.eye(3, dtype=np.float32)[:2], 5)] == [[0, 1], [1, 0], [0, 1]]
    assert [r.tolist() for r, _ in top_k(queries, np.zeros((0, 0), np.float32), 5)] == [[], [], []]


def test_pool_vectors_are_those_of_the_normalised_texts() -> None:
    claims = [KnownClaim("t", "Schools shut on Friday #schools https://t.co/abc — A Desk (@adesk) May 1, 2020")]
    vectors = embed_known(claims, HashEmbedder())
    assert np.allclose(vectors, HashEmbedder().embed(["Schools shut on Friday schools — A Desk"]))


def test_the_paraphrased_claim_ranks_first_and_is_the_same(nlp: object) -> None:
    queries = [
        KnownClaim("q1", "BREAKING: the river bridge will close for six months of repairs! https://t.co/xyz"),
        KnownClaim("q2", "Drinking hot water cures the flu, says my aunt @auntie"),
    ]
    vectors = embed_known(POOL, HashEmbedder())
    results = list(match_known(queries, POOL, vectors, HashEmbedder(), nlp, k=2))  # type: ignore[arg-type]
    assert [q.id for q, _ in results] == ["q1", "q2"]
    (_, first), (_, second) = results
    assert [m.claim.id for m in first][0] == "p3" and first[0].same and not first[1].same
    assert second[0].claim.id == "p2" and second[0].score > second[1].score
    assert len(first) == 2 and first[0].score == round(first[0].score, 4)


def test_a_second_run_embeds_nothing_of_the_pool(tmp_path: Path, nlp: object) -> None:
    queries = [KnownClaim("q", "The river bridge will close for six months of repairs.")]
    counting = CountingEmbedder()

    def run() -> list[list[str]]:
        counting.calls.clear()
        cache = VectorCache(tmp_path / "pool.vectors.db")
        pooled = CachedEmbedder(counting, cache)
        found = list(match_known(queries, POOL, embed_known(POOL, pooled), HashEmbedder(), nlp, 2, pooled))  # type: ignore[arg-type]
        cache.close()
        assert found[0][1][0].claim.id == "p3"
        return list(counting.calls)

    first = run()
    assert {t for call in first for t in call} >= {normalize(c.text) for c in POOL}
    assert run() == []


def test_the_cache_key_holds_the_model_and_the_text(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "v.db")
    CachedEmbedder(CountingEmbedder("model-a"), cache).embed(["one claim", "one claim", "another"])
    other = CountingEmbedder("model-b")
    CachedEmbedder(other, cache).embed(["one claim"])
    assert other.calls == [["one claim"]]  # another model misses
    key = vector_key("model-a", "one claim")
    stored = cache.get([key, vector_key("model-a", "unseen")])
    assert list(stored) == [key] and stored[key].dtype == np.float32
    cache.close()


def test_a_match_row_keeps_pool_fields_without_letting_them_clobber_its_own() -> None:
    from corroborate.known import KnownMatch

    fields = {"url": "https://checks.example.org/9", "score": "pool's own", "id": "x", "cosine": 2}
    row = match_row(KnownClaim("q", "Q"), [KnownMatch(KnownClaim("p9", "A text.", fields), 0.8123, False, 0.71)])
    assert row == {
        "query": "q",
        "matches": [
            {
                "id": "p9",
                "score": 0.8123,
                "same": False,
                "cosine": 0.71,
                "text": "A text.",
                "url": "https://checks.example.org/9",
            }
        ],
    }


def test_a_second_field_ranks_a_claim_by_its_better_text() -> None:
    pool = [
        KnownClaim("a", "Officials close the river bridge.", {"title": "Hot water does not cure the flu"}),
        KnownClaim("b", "Drinking cold water cures headaches.", {}),
    ]
    embedder = HashEmbedder()
    query = embed_known([KnownClaim("q", "Hot water does not cure the flu")], embedder)
    plain = embed_known(pool, embedder)
    titles = embed_known(pool, embedder, field="title")
    ((rows, scores),) = top_k(query, plain, 2, also=titles)
    assert rows[0] == 0 and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(titles[1], plain[1])  # a record without the field keeps its own text


def test_a_shared_rare_word_weighs_more_than_a_shared_common_one() -> None:
    rarity = Rarity([frozenset({"vaccine", "microchip"}), *[frozenset({"vaccine", "covid"})] * 20])
    assert rarity.weight("microchip") > rarity.weight("vaccine") > rarity.weight("never-seen") - 10
    query = content_words("The vaccine has a microchip inside")
    rare = rarity.shared(query, content_words("A microchip is hidden in the shot"))
    common = rarity.shared(query, content_words("The vaccine causes covid"))
    assert rare[2] == rarity.weight("microchip") and rare[2] > common[2]
    assert rarity.shared(query, frozenset()) == (0.0, 0.0, 0.0)


def test_only_the_best_candidate_can_be_the_same_and_scores_are_probabilities(nlp: object) -> None:
    pool = [*POOL, KnownClaim("p5", "The river bridge will close for six months of repairs, the city said.")]
    queries = [KnownClaim("q", "The river bridge will close for six months of repairs.")]
    ((_, found),) = list(match_known(queries, pool, embed_known(pool, HashEmbedder()), HashEmbedder(), nlp, k=5))  # type: ignore[arg-type]
    assert found[0].claim.id == "p3" and found[0].same and found[0].cosine == pytest.approx(1.0, abs=1e-4)
    assert [m.same for m in found[1:]] == [False] * 4  # the near copy p5 ranks second and is not a second "same"
    assert found[1].claim.id == "p5"
    assert all(0.0 <= m.score <= 1.0 for m in found) and [m.score for m in found] == sorted(
        (m.score for m in found), reverse=True
    )


def test_a_text_that_repeats_no_checked_claim_is_not_called_checked(nlp: object) -> None:
    queries = [KnownClaim("q", "The mayor opened a new public library in the harbour district on Saturday.")]
    ((_, found),) = list(match_known(queries, POOL, embed_known(POOL, HashEmbedder()), HashEmbedder(), nlp, k=4))  # type: ignore[arg-type]
    assert len(found) == 4 and not any(m.same for m in found)
    assert found[0].score < 0.5


def test_a_best_candidate_with_another_figure_is_vetoed(nlp: object) -> None:
    pool = [KnownClaim("k", "The storm killed 40 people in the north district.")]
    queries = [KnownClaim("q", "The storm killed 4 people in the north district.")]
    ((_, found),) = list(match_known(queries, pool, embed_known(pool, HashEmbedder()), HashEmbedder(), nlp, k=1))  # type: ignore[arg-type]
    assert found[0].score >= 0.5 and not found[0].same


def test_the_known_model_reads_every_feature() -> None:
    assert len(DEFAULT_KNOWN_MODEL.weights) == len(KNOWN_FEATURES)
    side = Side.of("Schools shut on Friday #schools https://t.co/abc")
    row = known_features(side, side, side, 1.0, 1.0, Rarity([side.words]))
    assert len(row) == len(KNOWN_FEATURES) and row[:2] == [1.0, 1.0] and "https" not in side.text


def test_a_claim_the_archive_holds_twice_is_the_same_in_both_copies(nlp: object) -> None:
    pool = [
        *POOL[:2],
        KnownClaim("curly", "The river bridge will close for “six months” of repairs."),
        KnownClaim("straight", 'The river bridge will close for "six months" of repairs.'),
    ]
    queries = [KnownClaim("q", "The river bridge will close for six months of repairs, they say")]
    ((_, found),) = list(match_known(queries, pool, embed_known(pool, HashEmbedder()), HashEmbedder(), nlp, k=4))  # type: ignore[arg-type]
    assert [(m.claim.id, m.same) for m in found] == [("curly", True), ("straight", True), ("p1", False), ("p2", False)]


@pytest.mark.parametrize(
    ("logits", "expected"),
    [
        ([0.2, 0.1], True),  # probability 0.5 and up: sure, however close the next
        ([-2.0, *[-6.0] * 9], True),  # under 0.5, but far ahead of every other candidate
        ([-2.0, -3.5, *[-6.0] * 8], False),  # a crowd of near candidates: a tweet that repeats no checked claim
        ([-2.0, -2.05, *[-6.0] * 8], True),  # a copy tied with the best does not count against its lead
        ([-2.0, -6.0, -7.0], False),  # too few candidates for a lead to mean anything (a pool of three)
        ([-3.0, *[-9.0] * 9], False),  # far ahead, but under the floor
    ],
)
def test_the_best_candidate_is_sure_at_half_or_by_its_lead_over_the_next(logits: list[float], expected: bool) -> None:
    assert DEFAULT_KNOWN_MODEL.lead_floor == -2.5 and DEFAULT_KNOWN_MODEL.lead == 3.0
    assert sure(logits) is expected


def test_the_lead_is_read_over_every_candidate_even_with_top_one(nlp: object) -> None:
    """``--top 1`` prints one match, but whether it is sure depends on the candidates it beat."""
    pool = [*POOL, KnownClaim("p5", "The river bridge will close for six months of repairs, the city said.")]
    queries = [KnownClaim("q", "The river bridge will close for six months of repairs.")]
    vectors = embed_known(pool, HashEmbedder())
    ((_, one),) = list(match_known(queries, pool, vectors, HashEmbedder(), nlp, k=1))  # type: ignore[arg-type]
    ((_, five),) = list(match_known(queries, pool, vectors, HashEmbedder(), nlp, k=5))  # type: ignore[arg-type]
    assert [(m.claim.id, m.same, m.score) for m in one] == [(m.claim.id, m.same, m.score) for m in five[:1]]

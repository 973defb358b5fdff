"""Defaults in one place: matching thresholds and other tunables.

``match`` and ``suggest`` are thresholds on the matcher's score (see
``corroborate.match.pair_score``), fitted on the train half of MRPC with
``bench/calibrate_mrpc.py``; the README says how. The lineage and event-scope
settings (``LineageConfig``, ``EventConfig``, held by ``MatchConfig.lineage`` and ``.events``)
were set by hand on the seeds and checked on ECB+ with ``bench/ecb_events.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Protocol

from corroborate.errors import StoreError

# The version of the clustering rules. A database last clustered under another version (or under none:
# before the version was kept) has all its claims clustered again from scratch on its next run, once,
# so an upgrade's rules reach stored clusters too; reviewers' decisions still hold. Raise it with a change
# that should split or join stored clusters. 2: clusters must agree by the pair model. 3: the same main verb
# counts as agreement only when it is done to the same party (``match.same_action``). 4: a stretch of time
# ("spent 19 seasons") is no party. 5: opposite verbs both denied ("did not admit" / "did not deny") are no
# opposite predicates. 6: the same verb without an object needs its first prepositional phrase to agree;
# a claim the rest of its cluster disagrees with leaves it (``outlier_probability``). 7: what someone is and
# what happened to them are two facts unless the description restates the event (``descriptions_apart``).
CLUSTERING_RULES = 7


@dataclass(frozen=True)
class MatchConfig:
    # Score thresholds and lexical_weight, fitted on three quarters of MRPC train by grid search
    # (bench/calibrate_mrpc.py): the weight and threshold for which "every claim of each sentence is
    # matched in the other" best reproduces the labels (held-out accuracy 0.706, F1 0.801; plain
    # cosine: 0.712, 0.813; the sentence verdict is ``PairModel`` below). The fit's suggest rule (the
    # lowest score where pairs in [suggest, match) are still half paraphrases) found no such window,
    # so ``suggest`` is set by hand 0.075 below ``match``.
    match: float = 0.525  # at or above: the claim joins the cluster ...
    # ... when the pair model (``PairModel``, the verdict of ``match --pairs``) gives the two claims at
    # least this probability of stating the same thing (0: the score alone decides; the mean over a
    # merge, ``average_probability`` below, is what the default uses).
    link_probability: float = 0.0
    suggest: float = 0.45  # between suggest and match: a suggestion for a reviewer
    lexical_weight: float = 0.2  # share of the score from word overlap (numbers and dates masked)
    # Field penalties subtracted from the score; a different time scope is a different claim.
    speaker_penalty: float = 0.10
    counts_penalty: float = 0.15
    role_penalty: float = 0.15  # killed vs injured: set by hand like counts_penalty
    # The same casualty with counts that can both be true ("at least 34" / "about 40" injured): one fact
    # whatever the wording, so its figures meet in one cluster and their spread is shown. Set by hand.
    casualty_bonus: float = 0.2
    subject_penalty: float = 0.05
    opposite_penalty: float = 1.0  # opposite predicates never link in a cluster (a different fact)
    # A claim of what someone is and one of what happened, the description not restating the event ("X is
    # the team's general manager" / "general manager X was named coach"), do not link: two facts of one story
    # (their score still counts for the event scope, and still makes a suggestion).
    descriptions_apart: bool = True
    scope_penalty: float = 1.0
    # Candidate search: top-k nearest claims of other documents, computed in row blocks.
    neighbours: int = 10
    block: int = 1024
    candidate_cosine: float = 0.45  # pairs below this cosine are never scored
    # From this many claims matched at once on (0: never), an inverted-file index (``corroborate.ann``) finds
    # them, each compared with the claims of its ``ann_probes`` nearest lists only (recall@10 0.965 on 20k
    # ECB+ claims). It is built per clustering, so a run adding a few claims to a large store stays exact.
    # Exact search stops paying at about 10k claims on 384-dim vectors, 30k on 64-dim ones: 25k keeps
    # every ECB+ run (20k claims at most) exact.
    ann_queries: int = 25_000
    ann_probes: int = 16
    # Average linkage: two clusters merge only if their mean cross cosine stays this high.
    average_cosine: float = 0.60
    # ... and the pair model's mean probability over all their cross pairs stays this high (0: off):
    # claims about one person or one event sit close in meaning even when they state different facts.
    # A pair with the same main verb, or two counts of one casualty, counts as 1: the model, fitted on
    # whole sentences, reads a trailing clause as another statement. Set on ECB+ topics 1 to 5 read
    # by hand (top 10 corroborated clusters that are one fact: topic 1 4 -> 9 of 10) and the seeds.
    average_probability: float = 0.3
    # ... taken over at most this many cross pairs (members at even steps through each cluster; 0: all):
    # clusters of hundreds of claims would make each merge's mean quadratic in their size.
    cross_pairs: int = 256
    # After linkage, a claim whose mean agreement with the rest of its cluster is under this leaves it
    # (0: off), and the clusters are linked again without it (``_Groups.outliers``).
    outlier_probability: float = 0.3
    # Lineage and event scope, set apart by concern (their own dataclasses below).
    lineage: LineageConfig = field(default_factory=lambda: LineageConfig())
    events: EventConfig = field(default_factory=lambda: EventConfig())


@dataclass(frozen=True)
class LineageConfig:
    """Which documents copy which (``corroborate.lineage``): a copy is not a second witness."""

    near_identical: float = 0.90  # a claim with a twin at this cosine or above is copied
    rewrite_share: float = 0.5  # share of a document's claims with a near-identical twin
    rewrite_claims: int = 3  # ... and at least this many of them
    republish_share: float = 0.85  # ... above this (at cosine >= republish_cosine): republished
    republish_cosine: float = 0.97
    credit_share: float = 0.2  # an outlet credited in the text, and this share of claims matched


@dataclass(frozen=True)
class EventConfig:
    """Which documents report one event (``corroborate.scope``): by related claims, dates and names."""

    pair: float = 0.55  # a claim pair scoring this high counts as related for event scope
    days: int = 45  # dates further apart than this are different events
    link: float = 0.04  # mean related-claim share for two document groups to be one event
    names: float = 0.7  # groups whose names overlap across less than this share of inside are apart
    names_min: int = 3  # named documents each group needs before its names are judged


DEFAULT_MATCH = MatchConfig()


class Settings(Protocol):
    """Where a database keeps its overrides (``Store``): MatchConfig field name -> value."""

    path: Path

    def settings(self) -> Mapping[str, Any]: ...


def config_for(store: Settings, base: MatchConfig = DEFAULT_MATCH) -> MatchConfig:
    """``base`` with the database's overrides (``corroborate calibrate --apply``); unknown names are passed over."""
    known = {f.name: f.type for f in fields(MatchConfig) if f.type in ("int", "float", int, float)}
    overrides: dict[str, Any] = {}
    for name, value in store.settings().items():
        if name not in known:
            continue  # written by a newer corroborate, or a field since removed
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise StoreError(f"{store.path}: setting {name} = {value!r} is not a number; fix or delete it")
        overrides[name] = int(value) if known[name] in (int, "int") else float(value)
    return replace(base, **overrides)


@dataclass(frozen=True)
class PairModel:
    """The verdict on two texts (``corroborate match --pairs``): a logistic model over ``pairs.PAIR_FEATURES``.

    Fitted on three quarters of MRPC train by ``bench/calibrate_mrpc.py`` (L2 10 on standardised
    features; the threshold is the one with the best ``same`` accuracy on the fit pairs). Held out:
    ``same`` (the verdict less pairs whose aligned claims conflict in a field check) 0.777 accuracy
    and 0.839 F1, the paraphrase verdict 0.781 and 0.845, against 0.712 and 0.813 for a plain
    cosine threshold on the same model. Before the surface features (shared n-grams of words and
    characters, lengths) ``same`` was 0.754 and 0.825. The weights apply to the raw features, in
    ``PAIR_FEATURES`` order; ``threshold`` is on the probability.
    """

    weights: tuple[float, ...] = (
        2.1909,  # cosine
        -1.4547,  # overlap
        0.6256,  # numbers_shared
        0.3956,  # length_ratio
        2.3787,  # coverage
        5.8202,  # words_low
        -0.3824,  # words_high
        -1.1214,  # bigrams_f1
        -0.2144,  # trigrams_f1
        -1.6726,  # fourgrams_high
        4.3796,  # chars_low
        0.3754,  # chars_high
        0.3186,  # content_low
        0.286,  # content_high
        -0.3189,  # log_length_short
        -0.2836,  # log_length_long
    )
    bias: float = -5.5699
    threshold: float = 0.49

    def probability(self, row: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


DEFAULT_PAIR_MODEL = PairModel()


@dataclass(frozen=True)
class KnownModel:
    """Which known claim a text repeats (``match --pool``): a linear ranker over ``known.KNOWN_FEATURES``.

    The pool's nearest claims by cosine are scored again with what a tweet and a fact-check share besides
    meaning: their two cosines (the claim and a second field such as the headline), how much of each
    side's wording the other holds, weighted by how rare each word is in the pool, and the surface
    features of the pair model. The best-scoring candidate (and any copy tied with it) is ``same`` when
    ``known.sure`` (its probability reaches 0.5, or it leads the next candidate by ``lead`` log-odds from
    ``lead_floor`` up) and no field check vetoes it. Fitted by ``bench/fit_known.py`` on the
    800 CLEF CheckThat! 2020 train tweets against their ten nearest checked claims, with and without
    the claims' titles (pairwise logistic loss, L2 30 on standardised features). The bias, then the
    lead, are what weighs alike the errors on (tweet, its claim), (tweet, nearest other claim) and a
    tweet whose claim is not in the pool. Dev (197 tweets, copies of a claim counted as the claim):
    ``same`` 0.827 accuracy on the first two kinds of pairs, 0.850 with titles (a bare cosine threshold
    0.728; 0.807 and 0.815 without the lead); a tweet whose claim is not in the pool called checked
    21.8% of the time, 18.3% with titles (19.8% and 16.8% without the lead; the cosine threshold
    14.7%); precision at 1 0.827 (cosine 0.772).
    Weights apply to the raw features, in order.
    """

    weights: tuple[float, ...] = (
        8.1074,  # cosine
        -0.5130,  # cosine_also
        1.2532,  # rare_known
        6.1210,  # rare_query
        0.0484,  # rarest_shared
        1.2982,  # rare_known_also
        7.8276,  # rare_query_also
        0.0222,  # rarest_shared_also
        3.0149,  # overlap
        0.6861,  # numbers_shared
        -0.4377,  # length_ratio
        -7.4485,  # words_low
        0.7231,  # words_high
        9.6055,  # bigrams_f1
        -7.8034,  # trigrams_f1
        -3.6441,  # fourgrams_high
        18.6144,  # chars_low
        7.0086,  # chars_high
        -1.4693,  # content_low
        -5.8858,  # content_high
        0.5965,  # log_length_short
        -0.8573,  # log_length_long
    )
    bias: float = -9.1057
    # Below probability 0.5, the best candidate is still the same claim when its log-odds reach lead_floor
    # and lead the next candidate not tied with it by lead (``known.sure``); fitted after the bias.
    lead: float = 3.0
    lead_floor: float = -2.5

    def score(self, row: Sequence[float]) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))

    def probability(self, row: Sequence[float]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(row)))


DEFAULT_KNOWN_MODEL = KnownModel()

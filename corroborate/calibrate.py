"""Thresholds learned from reviewers' decisions: how precise matching is here, and where to put the cut.

Every standing decision judges some claim pairs the same claim or not (``annotations.pair_labels``).
Each judged pair gets the score the cluster stage gives it (``match.link_score`` on the stored claims
and vectors), the score compared with ``MatchConfig.match`` (at or above: matched automatically) and
``MatchConfig.suggest`` (between: suggested to a reviewer). From the scored pairs this module reports the
precision of both bands at the current thresholds and proposes new ones; ``corroborate calibrate
--apply`` stores them in the database's settings, which later runs read (``config.config_for``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corroborate.annotations import pair_labels
from corroborate.config import MatchConfig
from corroborate.match import features, link_score
from corroborate.store import Store

MIN_PAIRS = 10  # fewer judged pairs than this, or only one kind of judgement: no proposal
SUGGEST_PRECISION = 0.5  # the suggest band reaches down while at least half its pairs are the same claim


@dataclass(frozen=True)
class Scored:
    """A claim pair a reviewer judged: its score, the judgement, and the decision that made it."""

    score: float
    same: bool
    decision: int


@dataclass(frozen=True)
class Band:
    """Judged pairs whose score lies in [low, high): how many, and how many were the same claim."""

    low: float
    high: float | None
    pairs: int
    same: int

    @property
    def precision(self) -> float | None:
        return self.same / self.pairs if self.pairs else None


@dataclass(frozen=True)
class Proposal:
    match: float
    suggest: float
    accuracy: float  # share of judged pairs the new match threshold puts on the side the reviewer chose
    matches: Band
    suggestions: Band


@dataclass(frozen=True)
class Calibration:
    pairs: int
    decisions: int
    matches: Band  # at the current thresholds
    suggestions: Band
    proposal: Proposal | None
    reason: str = ""  # why there is no proposal


def scored_pairs(store: Store, config: MatchConfig) -> list[Scored]:
    """The judged claim pairs of the store with their scores; pairs of one document are never matched, so left out.

    An accepted cluster vouches only for its automatic matches (pairs at or above ``config.match``): its
    other pairs were joined through a third claim, and their low scores say nothing against the threshold.
    """
    rows = store.annotations()
    kinds = {r["id"]: r["target_kind"] for r in rows}
    labels = pair_labels(rows)
    claims = {c.id: c for c in store.claims()}
    ids = sorted({c for pair in labels for c in pair if c in claims})
    model = store.embedding_model()
    if not ids or model is None:
        return []
    vectors = dict(zip(ids, store.vectors(ids, model), strict=True))
    feats = {i: features(claims[i]) for i in ids}
    out = []
    for pair, (same, decision) in labels.items():
        a, b = sorted(pair)
        if a not in feats or b not in feats or claims[a].document_id == claims[b].document_id:
            continue
        score = link_score(float(np.dot(vectors[a], vectors[b])), feats[a], feats[b], config)
        if same and kinds[decision] == "cluster" and score < config.match:
            continue
        out.append(Scored(score, same, decision))
    return sorted(out, key=lambda s: s.score)


def band(scored: Sequence[Scored], low: float, high: float | None) -> Band:
    inside = [s for s in scored if s.score >= low and (high is None or s.score < high)]
    return Band(low, high, len(inside), sum(s.same for s in inside))


def calibrate(scored: Sequence[Scored], config: MatchConfig) -> Calibration:
    """Precision at the current thresholds, and new thresholds when the judged pairs allow."""
    decisions = len({s.decision for s in scored})
    matches, suggestions = band(scored, config.match, None), band(scored, config.suggest, config.match)
    same = sum(s.same for s in scored)
    if len(scored) < MIN_PAIRS or same in (0, len(scored)):
        reason = (
            f"{len(scored)} judged pairs, {same} of them the same claim: a proposal needs at least "
            f"{MIN_PAIRS}, with both judgements"
        )
        return Calibration(len(scored), decisions, matches, suggestions, None, reason)
    match, accuracy = propose_match(scored, config.match)
    suggest = propose_suggest(scored, match, config.suggest, config.match - config.suggest)
    proposal = Proposal(match, suggest, accuracy, band(scored, match, None), band(scored, suggest, match))
    return Calibration(len(scored), decisions, matches, suggestions, proposal)


def propose_match(scored: Sequence[Scored], current: float) -> tuple[float, float]:
    """The threshold that puts the most judged pairs on the reviewer's side, and that share.

    Candidates are the midpoints between neighbouring scores (and the ends); of equally good ones the
    nearest to ``current`` wins, so the threshold moves only as far as the decisions demand.
    """
    scores = sorted({s.score for s in scored})
    candidates = {current, round(scores[0], 4), round(scores[-1] + 1e-4, 4)}
    candidates |= {round((x + y) / 2, 4) for x, y in zip(scores, scores[1:], strict=False)}
    rated = [(accuracy(scored, t), -abs(t - current), t) for t in candidates]
    best_accuracy, _, best = max(rated)
    return best, best_accuracy


def accuracy(scored: Sequence[Scored], threshold: float) -> float:
    return sum(s.same == (s.score >= threshold) for s in scored) / len(scored)


def propose_suggest(scored: Sequence[Scored], match: float, current: float, gap: float) -> float:
    """The lowest bound for which the band [bound, match) still holds at least half same-claim pairs.

    Walks the judged pairs below ``match`` from the top down; with no such band, the current bound
    stays (kept ``gap`` below a match threshold that came down past it).
    """
    below = sorted((s for s in scored if s.score < match), key=lambda s: -s.score)
    same, lowest = 0, None
    for k, s in enumerate(below):
        same += s.same
        if same / (k + 1) >= SUGGEST_PRECISION:
            lowest = k
    if lowest is None:
        return min(current, round(match - gap, 4))
    bound = below[lowest].score
    if lowest + 1 < len(below):
        bound = (bound + below[lowest + 1].score) / 2
    return round(bound, 4)


def apply(store: Store, proposal: Proposal, decisions: int) -> None:
    """Store the proposal as this database's thresholds; later runs read them."""
    note = f"corroborate calibrate: accuracy {proposal.accuracy:.3f} over pairs from {decisions} decisions"
    store.put_settings({"match": proposal.match, "suggest": proposal.suggest}, note)

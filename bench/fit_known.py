"""Fit the known-claim model (``config.KnownModel``) on CLEF CheckThat! 2020 task 2 train tweets.

Usage: python bench/fit_known.py ../shared/corpora/clef2020 [--model DIR] [--cache FILE]

Each train tweet is ranked against the whole pool by cosine (the better of the claim and its
title, as ``match --pool --also title`` does), and its ten nearest claims plus its true claim are
read as ``known.KNOWN_FEATURES``. Every tweet is read twice: with the titles, and without them (the
second field's features are the claim's again), so one model serves pools with and without a
second field. The model is a pairwise logistic ranker: it learns from the difference between the
true claim's features and each wrong candidate's (L2 on standardised features). Its bias is the
threshold with the best accuracy on the train tweets' hard pairs, (tweet, its claim) and (tweet,
the nearest other claim by cosine), and on the same tweets with their claim taken out of the pool
(a tweet that repeats no checked claim), a tweet's two pairs counting as much as its one unmatched
verdict; ``same`` means "the best of the candidates and above the threshold". Then ``lead`` and
``lead_floor`` are fitted the same way: below the threshold, the best candidate is still the same
claim when it leads the next one by that much (``known.sure``). The bare cosine
threshold fitted on the hard pairs and the model's trade-off between the two are printed too.
Copies of a tweet's claim in the pool (the same text, quotes aside) are left out of its candidates.
The printed weights go into ``config.KnownModel``; ``bench/clef_pool.py`` measures the shipped
model on dev.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from clef_pool import CACHE, copy_key, load

from corroborate.config import DEFAULT_KNOWN_MODEL
from corroborate.embed import CachedEmbedder, SentenceTransformerEmbedder
from corroborate.known import KNOWN_FEATURES, RERANK, KnownPool, Side, embed_known, sure, top_k
from corroborate.records import KnownClaim
from corroborate.store import VectorCache

COSINES = np.round(np.arange(0.30, 0.95, 0.005), 3)
LEADS = np.arange(1.0, 5.01, 0.25)  # KnownModel.lead, log-odds over the next candidate
FLOORS = np.arange(-4.0, 0.01, 0.25)  # KnownModel.lead_floor
L2 = 30.0  # on the summed pairwise loss of about 28k differences (3 to 100 rank dev alike)


def candidate_rows(
    queries: Sequence[dict[str, str]],
    vectors: np.ndarray,
    index: KnownPool,
    gold: np.ndarray,
    copies: Sequence[set[int]],
) -> tuple[list[np.ndarray], list[int]]:
    """Per query: its candidates' features (nearest RERANK, and the true claim) and the true row's place.

    Copies of the true claim in the pool (the same text, quotes aside) are left out: they are neither
    another claim nor the labelled one.
    """
    out, truth = [], []
    for q, (rows, _) in enumerate(top_k(vectors, index.vectors, RERANK, also=index.also)):
        rows = [int(r) for r in rows if int(r) == gold[q] or int(r) not in copies[q]]
        if gold[q] not in rows:
            rows.append(int(gold[q]))
        side = Side.of(queries[q]["text"])
        out.append(np.array([index.features(side, vectors[q], r) for r in rows]))
        truth.append(rows.index(int(gold[q])))
    return out, truth


def fit_ranker(groups: Sequence[np.ndarray], truth: Sequence[int], l2: float = L2) -> tuple[np.ndarray, np.ndarray]:
    """Weights (on standardised features) of a pairwise logistic ranker, and the standardisation's mean and scale."""
    stacked = np.vstack(groups)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    diffs = np.vstack(
        [(g[t] - np.delete(g, t, axis=0)) / scale for g, t in zip(groups, truth, strict=True) if len(g) > 1]
    )
    z = np.vstack([diffs, -diffs])
    y = np.r_[np.ones(len(diffs)), np.zeros(len(diffs))]
    w = np.zeros(z.shape[1])
    for _ in range(3000):
        p = 1 / (1 + np.exp(-z @ w))
        w -= 0.5 * (z.T @ (p - y) + l2 * w) / len(y)
    return w, np.c_[mean, scale].T


def accuracies(
    scores: Sequence[np.ndarray],
    truth: Sequence[int],
    cosine: Sequence[np.ndarray],
    t: float,
    lead: float = math.inf,
    floor: float = 0.0,
) -> tuple[float, float]:
    """Accuracy of ``same`` (the best candidate, ``known.sure`` of its log-odds ``score - t``) on two kinds of pairs.

    Hard pairs: (tweet, its claim) and (tweet, the nearest other claim by cosine). Unmatched: the
    tweet against the best of its candidates once its true claim is taken out of the pool, as for a
    tweet that repeats no checked claim; there ``same`` is always wrong. ``lead`` and ``floor`` are
    ``KnownModel.lead`` and ``lead_floor``.
    """
    model = replace(DEFAULT_KNOWN_MODEL, lead=lead, lead_floor=floor)

    def same(s: np.ndarray, row: int) -> bool:
        return int(np.argmax(s)) == row and sure(sorted(s - t, reverse=True), model)

    hard = unmatched = 0
    for s, g, c in zip(scores, truth, cosine, strict=True):
        order = np.argsort(-c, kind="stable")
        wrong = int(order[0]) if order[0] != g else int(order[1])
        hard += int(same(s, g)) + int(not same(s, wrong))
        rest = np.delete(s, g)
        unmatched += int(not same(rest, int(np.argmax(rest))))
    return hard / (2 * len(truth)), unmatched / len(truth)


def cosine_accuracies(cosine: Sequence[np.ndarray], truth: Sequence[int], t: float) -> tuple[float, float]:
    """As ``accuracies``, for a bare cosine threshold: every candidate from ``t`` up is the same."""
    hard = unmatched = 0
    for c, g in zip(cosine, truth, strict=True):
        order = np.argsort(-c, kind="stable")
        wrong = int(order[0]) if order[0] != g else int(order[1])
        hard += int(c[g] >= t) + int(c[wrong] < t)
        unmatched += int(np.delete(c, g).max() < t)
    return hard / (2 * len(truth)), unmatched / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="CLEF CheckThat! 2020 task 2 folder")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    parser.add_argument("--cache", default=str(CACHE), help="vector cache file")
    parser.add_argument("--l2", type=float, default=L2, help=f"L2 penalty (default {L2:g})")
    args = parser.parse_args()
    started = time.perf_counter()
    claims, split, row_of = load(Path(args.folder))
    Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
    cache = VectorCache(args.cache)
    embedder = CachedEmbedder(SentenceTransformerEmbedder(args.model), cache)
    pool = [KnownClaim(c["id"], c["claim"], {"title": c.get("title") or ""}) for c in claims]
    vectors = embed_known(pool, embedder)
    titled = KnownPool(pool, vectors, embed_known(pool, embedder, field="title"), "title")
    plain = KnownPool(pool, vectors)
    train = split["train"]
    train_vectors = embed_known([KnownClaim(q["id"], q["text"]) for q in train], embedder)
    gold = np.array([row_of[q["verified_claim"]] for q in train])
    key = [copy_key(c["claim"]) for c in claims]
    by_key: dict[str, set[int]] = {}
    for row, k in enumerate(key):
        by_key.setdefault(k, set()).add(row)
    copies = [by_key[key[g]] for g in gold]
    groups, truth = [], []
    for index in (titled, plain):
        g, t = candidate_rows(train, train_vectors, index, gold, copies)
        groups += g
        truth += t
    cache.close()
    w, (mean, scale) = fit_ranker(groups, truth, args.l2)
    raw = w / scale
    scores = [g @ raw for g in groups]
    cosine = [g[:, 0] for g in groups]
    grid = np.quantile(np.concatenate(scores), np.linspace(0.01, 0.99, 197))
    bare = [cosine_accuracies(cosine, truth, t) for t in COSINES]
    fitted = int(np.argmax([hard for hard, _ in bare]))
    accuracy = [accuracies(scores, truth, cosine, t) for t in grid]
    best = int(np.argmax([2 * hard + unmatched for hard, unmatched in accuracy]))  # each tweet's errors alike
    threshold = float(grid[best])
    leads = [(lead, floor) for lead in LEADS for floor in FLOORS]
    led = [accuracies(scores, truth, cosine, threshold, lead, floor) for lead, floor in leads]
    chosen = int(np.argmax([2 * hard + unmatched for hard, unmatched in led]))
    print(f"train: {len(train)} tweets x 2 (with and without titles), {sum(len(g) for g in groups)} candidates")
    print(
        f"bare cosine >= {COSINES[fitted]:.3f} (best on hard pairs): hard pairs {bare[fitted][0]:.3f}, "
        f"unmatched tweets {bare[fitted][1]:.3f}"
    )
    print(f"the model at its threshold: hard pairs {accuracy[best][0]:.3f}, unmatched tweets {accuracy[best][1]:.3f}")
    for i in range(0, len(grid), 20):
        print(f"  threshold {grid[i]:7.3f}: hard pairs {accuracy[i][0]:.3f}, unmatched tweets {accuracy[i][1]:.3f}")
    print(
        f"with the lead (log-odds {leads[chosen][1]:+.2f} and up, {leads[chosen][0]:.2f} ahead of the next): "
        f"hard pairs {led[chosen][0]:.3f}, unmatched tweets {led[chosen][1]:.3f}"
    )
    print("\nKnownModel(")
    print("    weights=(")
    for name, value in zip(KNOWN_FEATURES, raw, strict=True):
        print(f"        {value:.4f},  # {name}")
    print("    ),")
    print(f"    bias={-threshold:.4f},")
    print(f"    lead={leads[chosen][0]:.2f},")
    print(f"    lead_floor={leads[chosen][1]:.2f},")
    print(")")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

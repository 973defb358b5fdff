"""Fit the match and suggest thresholds on MRPC train; compare with a plain cosine threshold.

Usage: python bench/calibrate_mrpc.py ../shared/corpora/mrpc/msr_paraphrase_train.txt [--model DIR]

Every fourth pair is held out: thresholds are fitted on the other three quarters
and accuracy/F1 are printed on both parts. Claim vectors are cached as .npy
under bench/.cache (ignored by git), keyed by a hash of the texts and model.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from corroborate.config import DEFAULT_MATCH
from corroborate.embed import SentenceTransformerEmbedder
from corroborate.extract import build_nlp
from corroborate.match import Features, TextPair, agree, compare_claims, parse_pair_line, text_features

CACHE = Path(__file__).parent / ".cache"
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
GRID = np.round(np.arange(0.40, 1.0, 0.005), 3)


def read_pairs(path: str) -> list[TextPair]:
    with open(path, encoding="utf-8-sig") as lines:
        parsed = [parse_pair_line(n, line, jsonl=False) for n, line in enumerate(lines, 1)]
    return [p for p in parsed if p is not None and p.label is not None]


def cached_embed(texts: Sequence[str], embedder: SentenceTransformerEmbedder) -> np.ndarray:
    key = hashlib.sha256("\x1f".join([embedder.model_id, *texts]).encode()).hexdigest()[:16]
    path = CACHE / f"mrpc-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embedder.embed(list(texts))
    CACHE.mkdir(exist_ok=True)
    np.save(path, vectors)
    return vectors


def scores(pairs: list[TextPair], feats: list[list[Features]], vectors: np.ndarray,
           weight: float, number_rule: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: the weakest best-match score, and whether the pair's fields agree."""
    config = replace(DEFAULT_MATCH, lexical_weight=weight)
    sims, agreed, row = [], [], 0
    for i in range(len(pairs)):
        fa, fb = feats[2 * i], feats[2 * i + 1]
        va, vb = vectors[row : row + len(fa)], vectors[row + len(fa) : row + len(fa) + len(fb)]
        row += len(fa) + len(fb)
        result = compare_claims(fa, fb, va, vb, config)
        sims.append(result.similarity)
        agreed.append(agree(result.checks) if number_rule else True)
    return np.array(sims), np.array(agreed)


def metrics(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    tp = float((predicted & gold).sum())
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max(gold.sum(), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return float((predicted == gold).mean()), f1


def fit(sims: np.ndarray, agreed: np.ndarray, gold: np.ndarray, fit_rows: np.ndarray) -> float:
    accuracy = [float((((sims >= t) & agreed) == gold)[fit_rows].mean()) for t in GRID]
    return float(GRID[int(np.argmax(accuracy))])


def fit_suggest(sims: np.ndarray, gold: np.ndarray, match: float, fit_rows: np.ndarray) -> float:
    """The lowest score at which at least half of the pairs in [suggest, match) are paraphrases."""
    best = match
    for t in GRID[::-1]:
        window = fit_rows & (sims >= t) & (sims < match)
        if t < match and window.sum() >= 20:
            if gold[window].mean() < 0.5:
                break
            best = float(t)
    return best


def report(name: str, predicted: np.ndarray, gold: np.ndarray, fit_rows: np.ndarray) -> None:
    fa, ff = metrics(predicted[fit_rows], gold[fit_rows])
    ha, hf = metrics(predicted[~fit_rows], gold[~fit_rows])
    aa, af = metrics(predicted, gold)
    print(f"{name:<44} fit acc {fa:.3f} F1 {ff:.3f} | held-out acc {ha:.3f} F1 {hf:.3f} | all acc {aa:.3f} F1 {af:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", help="MRPC train TSV (label id1 id2 s1 s2)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    gold = np.array([p.label == 1 for p in pairs])
    fit_rows = np.arange(len(pairs)) % 4 != 0
    embedder = SentenceTransformerEmbedder(args.model)
    nlp = build_nlp()
    whole = cached_embed([t for p in pairs for t in (p.a, p.b)], embedder)
    cosine = (whole[0::2] * whole[1::2]).sum(axis=1)
    t = fit(cosine, np.ones(len(pairs), bool), gold, fit_rows)
    print(f"{len(pairs)} pairs, {gold.mean():.3f} positive; fitted on {fit_rows.sum()}, held out {(~fit_rows).sum()}")
    report(f"plain cosine >= {t:.3f}", cosine >= t, gold, fit_rows)
    feats = [text_features(text, nlp) for p in pairs for text in (p.a, p.b)]
    print(f"{sum(map(len, feats))} claims from {len(feats)} texts")
    vectors = cached_embed([f.claim.text if f.claim else "" for fs in feats for f in fs], embedder)
    best = (0.0, 0.0, 0.0, True)
    for number_rule in (False, True):
        for weight in WEIGHTS:
            sims, agreed = scores(pairs, feats, vectors, weight, number_rule)
            t = fit(sims, agreed, gold, fit_rows)
            accuracy = float((((sims >= t) & agreed) == gold)[fit_rows].mean())
            report(f"matcher w={weight:.1f} rules={'on ' if number_rule else 'off'} >= {t:.3f}",
                   (sims >= t) & agreed, gold, fit_rows)
            if accuracy > best[0]:
                best = (accuracy, weight, t, number_rule)
    _, weight, match, number_rule = best
    sims, _ = scores(pairs, feats, vectors, weight, number_rule)
    suggest = fit_suggest(sims, gold, match, fit_rows)
    print(f"fitted: lexical_weight={weight} match={match} suggest={suggest} number/date/negation rule={number_rule}")


if __name__ == "__main__":
    main()

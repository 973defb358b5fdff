"""Fit one pair model on MRPC and CLEF CheckThat! 2020 pairs, and compare it with bare cosine.

Usage: python bench/fit_pair_model.py ../shared/corpora/mrpc/msr_paraphrase_train.txt \\
           ../shared/corpora/clef2020 [--model DIR] [--negatives N] [--features a,b,...]

Labelled pairs from two sources:

* MRPC train: every fourth pair held out, the other three quarters fitted on
  (as ``bench/calibrate_mrpc.py`` splits them; the texts as they are);
* CLEF train tweets, each paired with its verified claim (1) and with its ``N``
  most similar other pool claims by cosine of the normalised texts (0). Dev
  tweets make the held-out pairs as ``bench/clef_pool.py`` builds them: each with
  its claim (1) and its nearest other claim (0). Both sides are normalised, as
  ``match --pairs`` and ``match --pool`` do.

One logistic model (``PairModel``, over ``--features``: fields of
``pairs.Evidence`` and the asymmetric ones below; by default
``match.PAIR_FEATURES``) is fitted on both fit sets, each source weighted to
count equally; its threshold is the one with the best weighted accuracy on the
fit pairs. Printed: held-out MRPC accuracy and F1 of the paraphrase verdict and
of ``same`` (less the field veto), CLEF dev pair accuracy of ``same``, for the
new model and for the shipped ``PairModel``, next to bare cosine thresholds
fitted on the same training pairs (per source, and one for both).

Asymmetric features, for a tweet that states more than the claim it repeats:
``coverage_max`` (as ``coverage``, for the better-covered side only),
``coverage_short`` (share of the shorter text's claims matched in the longer),
``containment`` (share of the shorter text's masked content words found in the
longer) and ``conflict`` (1 when a veto field check fires).

Measured (all-MiniLM-L6-v2, 2 wrong claims per train tweet, all eight features):
the joint model's ``same`` gets MRPC held-out 0.730 accuracy / 0.822 F1 and CLEF
dev pairs 0.652, against 0.750 / 0.823 and 0.551 for the shipped model and 0.712
/ 0.813 (MRPC) and 0.665 (CLEF) for cosine thresholds. Each source fitted alone
does best on its own held-out pairs and worst on the other's: the two uses pull
one linear model apart, so ``PairModel`` stays the MRPC fit.

MRPC vectors are cached as in ``calibrate_mrpc.py`` (bench/.cache/mrpc-*.npy),
CLEF vectors in bench/.cache/clef.vectors.db as in ``clef_pool.py``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from calibrate_mrpc import CachedEmbedder as BatchCachedEmbedder
from calibrate_mrpc import read_pairs
from clef_pool import CACHE as CLEF_CACHE
from clef_pool import load

from corroborate.config import DEFAULT_MATCH, DEFAULT_PAIR_MODEL, PairModel
from corroborate.embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder
from corroborate.extract import build_nlp
from corroborate.known import embed_known, top_k
from corroborate.match import pair_score, vetoes
from corroborate.normalize import normalize
from corroborate.pairs import PAIR_FEATURES, Evidence, Text, embed_texts, evidence, verdict
from corroborate.records import KnownClaim
from corroborate.store import VectorCache

if TYPE_CHECKING:
    from spacy.language import Language

GRID = np.round(np.arange(0.05, 0.95, 0.005), 3)


@dataclass
class Source:
    """One source's pairs: evidence, labels, and which rows are fitted on (the rest are held out)."""

    name: str
    evidence: list[Evidence]
    extra: list[dict[str, float]]  # the asymmetric features of each pair
    gold: np.ndarray
    fit: np.ndarray

    @property
    def cosine(self) -> np.ndarray:
        return np.array([e.cosine for e in self.evidence])


def asymmetric(a: Text, b: Text, ev: Evidence) -> dict[str, float]:
    """Features for pairs where one text states more than the other (see the module docstring)."""
    config = DEFAULT_MATCH
    shorter_whole, longer_whole = sorted((a.whole, b.whole), key=lambda f: len(f.words))
    fewer = len(shorter_whole.words)
    found = {
        "conflict": 1.0 if vetoes(ev.checks) else 0.0,
        "containment": len(shorter_whole.words & longer_whole.words) / fewer if fewer else 1.0,
    }
    if not a.claims or not b.claims:
        return {**found, "coverage_max": 0.0, "coverage_short": 0.0}
    cos = a.claim_vectors @ b.claim_vectors.T
    scores = np.array(
        [[pair_score(float(cos[i, j]), x, y, config) for j, y in enumerate(b.claims)] for i, x in enumerate(a.claims)]
    )
    side_a = [
        max(float(scores[i].max()), pair_score(float(v @ b.vector), x, b.whole, config))
        for i, (x, v) in enumerate(zip(a.claims, a.claim_vectors, strict=True))
    ]
    side_b = [
        max(float(scores[:, j].max()), pair_score(float(v @ a.vector), y, a.whole, config))
        for j, (y, v) in enumerate(zip(b.claims, b.claim_vectors, strict=True))
    ]
    shorter = side_a if len(a.whole.words) <= len(b.whole.words) else side_b
    return {
        **found,
        "coverage_max": max(min(side_a), min(side_b)),
        "coverage_short": sum(s >= config.match for s in shorter) / len(shorter),
    }


def judged(texts: Sequence[Text]) -> tuple[list[Evidence], list[dict[str, float]]]:
    found = [evidence(texts[2 * i], texts[2 * i + 1], DEFAULT_MATCH) for i in range(len(texts) // 2)]
    return found, [asymmetric(texts[2 * i], texts[2 * i + 1], ev) for i, ev in enumerate(found)]


def mrpc_source(path: str, embedder: Embedder, nlp: Language) -> Source:
    pairs = read_pairs(path)
    found, extra = judged(embed_texts([t for p in pairs for t in (p.a, p.b)], embedder, nlp))
    return Source("MRPC", found, extra, np.array([p.label == 1 for p in pairs]), np.arange(len(pairs)) % 4 != 0)


def clef_source(folder: Path, embedder: Embedder, nlp: Language, negatives: int) -> Source:
    """Train tweets with their claim and ``negatives`` nearest others (fit); dev tweets with one (held out)."""
    claims, split, row_of = load(folder)
    pool = embed_known([KnownClaim(c["id"], c["claim"]) for c in claims], embedder)
    pairs: list[tuple[str, int]] = []
    labels: list[bool] = []
    fit: list[bool] = []
    for name, wrong in (("train", negatives), ("dev", 1)):
        queries = split[name]
        vectors = embed_known([KnownClaim(q["id"], q["text"]) for q in queries], embedder)
        for q, (rows, _) in zip(queries, top_k(vectors, pool, wrong + 1), strict=True):
            gold = row_of[q["verified_claim"]]
            others = [int(r) for r in rows if r != gold][:wrong]
            pairs += [(q["text"], gold)] + [(q["text"], r) for r in others]
            labels += [True] + [False] * len(others)
            fit += [name == "train"] * (1 + len(others))
    found, extra = judged(
        embed_texts([normalize(t) for tweet, row in pairs for t in (tweet, claims[row]["claim"])], embedder, nlp)
    )
    return Source("CLEF", found, extra, np.array(labels), np.array(fit))


def metrics(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    tp = float((predicted & gold).sum())
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max(gold.sum(), 1)
    return float((predicted == gold).mean()), 2 * precision * recall / max(precision + recall, 1e-9)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, steps: int = 5000, rate: float = 0.5
) -> tuple[np.ndarray, float]:
    """Weighted logistic regression by gradient descent on standardised columns; weights for the raw columns."""
    weight = weight / weight.sum()
    mean = weight @ x
    scale = np.sqrt(weight @ (x - mean) ** 2) + 1e-9
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= rate * (z.T @ (weight * (p - y)) + 1e-3 * np.r_[w[:-1], 0] / len(y))
    raw = w[:-1] / scale
    return raw, float(w[-1] - (raw * mean).sum())


def fit_threshold(scores: np.ndarray, gold: np.ndarray, weight: np.ndarray, grid: np.ndarray = GRID) -> float:
    """The grid threshold with the best weighted accuracy."""
    return float(grid[int(np.argmax([weight @ ((scores >= t) == gold) for t in grid]))])


def source_weights(sources: Sequence[Source]) -> list[np.ndarray]:
    """Per fit row: 1 / (fit rows of its source), so each source counts equally."""
    return [np.full(int(s.fit.sum()), 1 / s.fit.sum()) for s in sources]


def fit_model(sources: Sequence[Source], names: Sequence[str]) -> PairModel:
    x = np.vstack([rows(s, names)[s.fit] for s in sources])
    y = np.concatenate([s.gold[s.fit] for s in sources])
    weight = np.concatenate(source_weights(sources))
    coefficients, bias = fit_logistic(x, y.astype(float), weight)
    model = PairModel(tuple(round(float(c), 4) for c in coefficients), round(bias, 4))
    probability = np.array([model.probability(row) for row in x])
    return PairModel(model.weights, model.bias, fit_threshold(probability, y, weight))


def rows(source: Source, names: Sequence[str]) -> np.ndarray:
    return np.array([pair_row(e, x, names) for e, x in zip(source.evidence, source.extra, strict=True)])


def pair_row(ev: Evidence, extra: dict[str, float], names: Sequence[str]) -> list[float]:
    return [extra[n] if n in extra else float(getattr(ev, n)) for n in names]


def report(label: str, sources: Sequence[Source], predict: dict[str, np.ndarray]) -> None:
    parts = []
    for s in sources:
        accuracy, f1 = metrics(predict[s.name][~s.fit], s.gold[~s.fit])
        fit_accuracy, _ = metrics(predict[s.name][s.fit], s.gold[s.fit])
        parts.append(f"{s.name} held-out acc {accuracy:.3f} F1 {f1:.3f} (fit acc {fit_accuracy:.3f})")
    print(f"  {label:<40} " + " | ".join(parts))


def judge(label: str, sources: Sequence[Source], model: PairModel, names: Sequence[str]) -> None:
    results = {
        s.name: [verdict_with(e, x, model, names) for e, x in zip(s.evidence, s.extra, strict=True)] for s in sources
    }
    report(f"{label}: paraphrase", sources, {k: np.array([p for p, _ in v]) for k, v in results.items()})
    report(f"{label}: same", sources, {k: np.array([s for _, s in v]) for k, v in results.items()})


def verdict_with(ev: Evidence, extra: dict[str, float], model: PairModel, names: Sequence[str]) -> tuple[bool, bool]:
    """The paraphrase and same verdicts of a model over the features ``names``."""
    if tuple(names) == PAIR_FEATURES:
        result = verdict(ev, DEFAULT_MATCH, model)
        return result.paraphrase, result.same
    paraphrase = model.probability(pair_row(ev, extra, names)) >= model.threshold
    return paraphrase, paraphrase and not vetoes(ev.checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mrpc", help="MRPC train TSV (label id1 id2 s1 s2)")
    parser.add_argument("clef", help="CLEF CheckThat! 2020 task 2 folder")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    parser.add_argument("--negatives", type=int, default=2, help="wrong claims per CLEF train tweet (1-3)")
    parser.add_argument("--features", default=",".join(PAIR_FEATURES), help="comma-separated Evidence fields")
    args = parser.parse_args()
    started = time.perf_counter()
    names = tuple(args.features.split(","))
    model = SentenceTransformerEmbedder(args.model)
    nlp = build_nlp()
    CLEF_CACHE.parent.mkdir(parents=True, exist_ok=True)
    cache = VectorCache(str(CLEF_CACHE))
    sources = [
        mrpc_source(args.mrpc, BatchCachedEmbedder(model), nlp),
        clef_source(Path(args.clef), CachedEmbedder(model, cache), nlp, args.negatives),
    ]
    cache.close()
    for s in sources:
        print(
            f"{s.name}: {s.fit.sum()} fit pairs ({s.gold[s.fit].mean():.3f} positive), "
            f"{(~s.fit).sum()} held out ({s.gold[~s.fit].mean():.3f} positive)"
        )

    print("\nbare cosine thresholds on the same training pairs:")
    grid = np.round(np.arange(0.20, 1.0, 0.005), 3)
    for s in sources:
        t = fit_threshold(s.cosine[s.fit], s.gold[s.fit], np.ones(int(s.fit.sum())), grid)
        report(f"cosine >= {t:.3f} (fitted on {s.name})", [s], {s.name: s.cosine >= t})
    both = fit_threshold(
        np.concatenate([s.cosine[s.fit] for s in sources]),
        np.concatenate([s.gold[s.fit] for s in sources]),
        np.concatenate(source_weights(sources)),
        grid,
    )
    report(f"cosine >= {both:.3f} (fitted on both)", sources, {s.name: s.cosine >= both for s in sources})

    print("\npair models:")
    judge("shipped PairModel", sources, DEFAULT_PAIR_MODEL, PAIR_FEATURES)
    if names != PAIR_FEATURES:
        judge("fitted on both, PAIR_FEATURES", sources, fit_model(sources, PAIR_FEATURES), PAIR_FEATURES)
    for s in sources:
        judge(f"fitted on {s.name} alone", sources, fit_model([s], names), names)
    fitted = fit_model(sources, names)
    judge("fitted on both", sources, fitted, names)
    print("\nPairModel weights:", ", ".join(f"{n}={w}" for n, w in zip(names, fitted.weights, strict=True)))
    print(f"PairModel(weights={fitted.weights}, bias={fitted.bias}, threshold={fitted.threshold})")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

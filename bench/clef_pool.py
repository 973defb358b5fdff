"""Known claims on CLEF CheckThat! 2020 task 2: find the checked claim a tweet repeats.

Usage: python bench/clef_pool.py ../shared/corpora/clef2020 [--model DIR] [--cache FILE]

The folder holds ``verified_claims.jsonl`` ({"id", "claim", "title"}: the pool,
about 10k claims checked by Snopes) and ``queries.jsonl`` ({"id", "split",
"text", "verified_claim"}: tweets, each repeating one pool claim). Printed:

1. ranking the whole pool for each dev tweet (``corroborate.known.top_k``),
   precision at 1 and MAP@5 (one relevant claim per tweet: 1/rank within the top 5):
   (a) bare cosine of the raw texts, (b) normalised texts (what ``match --pool``
   does), (b') normalised with handles and the whole signature line stripped,
   (c) the claim with its title: the two texts joined, or the better of the two
   cosines;
2. ``same`` on pairs (dev tweet, its claim) = 1 and (dev tweet, the most similar
   other claim under (b)) = 0: accuracy of the pair verdict against those labels,
   and of a bare cosine threshold fitted on the same pairs built from train.

Vectors are cached (``store.VectorCache``, by default bench/.cache/clef.vectors.db,
ignored by git): the first run embeds about 30k texts, later runs nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corroborate.embed import CachedEmbedder, Embedder, SentenceTransformerEmbedder
from corroborate.extract import build_nlp
from corroborate.known import embed_known, match_known, top_k
from corroborate.normalize import PATTERNS, normalize
from corroborate.records import KnownClaim
from corroborate.store import VectorCache

CACHE = Path(__file__).parent / ".cache" / "clef.vectors.db"
TOP = 5
GRID = np.round(np.arange(0.20, 1.0, 0.005), 3)


def read_jsonl(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ranks(queries: np.ndarray, pool: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """The 1-based rank of each query's gold pool row within the top 5; 0 when it is not there."""
    found = [np.flatnonzero(rows == g) for (rows, _), g in zip(top_k(queries, pool, TOP), gold, strict=True)]
    return np.array([int(f[0]) + 1 if len(f) else 0 for f in found])


def ranks_by_scores(scores: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """As ``ranks``, for a score matrix already computed (the better of two cosines)."""
    best = np.argsort(-scores, axis=1, kind="stable")[:, :TOP]
    found = [np.flatnonzero(row == g) for row, g in zip(best, gold, strict=True)]
    return np.array([int(f[0]) + 1 if len(f) else 0 for f in found])


def report_ranking(name: str, rank: np.ndarray) -> None:
    p1 = float((rank == 1).mean())
    map5 = float(np.where(rank > 0, 1 / np.maximum(rank, 1), 0).mean())
    print(f"  {name:<50} P@1 {p1:.3f}  MAP@5 {map5:.3f}  in top 5 {float((rank > 0).mean()):.3f}")


def report_pairs(name: str, predicted: np.ndarray, labels: np.ndarray) -> None:
    accuracy = float((predicted == labels).mean())
    print(
        f"  {name:<50} accuracy {accuracy:.3f}  on true pairs {float(predicted[labels].mean()):.3f}  "
        f"on wrong pairs {float((~predicted[~labels]).mean()):.3f}"
    )


def hard_pairs(
    queries: Sequence[dict[str, str]], vectors: np.ndarray, pool: np.ndarray, gold: np.ndarray
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """(query, pool row) pairs: each query with its claim (label 1) and its nearest other claim (label 0)."""
    pairs, labels = [], []
    for q, ((rows, _), g) in enumerate(zip(top_k(vectors, pool, 2), gold, strict=True)):
        wrong = int(rows[0]) if rows[0] != g else int(rows[1])
        pairs += [(q, int(g)), (q, wrong)]
        labels += [True, False]
    return pairs, np.array(labels)


def fit_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    return float(GRID[int(np.argmax([((scores >= t) == labels).mean() for t in GRID]))])


def load(folder: Path) -> tuple[list[dict[str, str]], dict[str, list[dict[str, str]]], dict[str, int]]:
    claims = read_jsonl(folder / "verified_claims.jsonl")
    queries = read_jsonl(folder / "queries.jsonl")
    split = {name: [q for q in queries if q["split"] == name] for name in ("train", "dev")}
    return claims, split, {c["id"]: i for i, c in enumerate(claims)}


def strict(text: str) -> str:
    """Normalised as the brief first had it: handles and the whole signature line stripped too."""
    table = [
        (name, pattern, "" if name == "signature" else " " if name == "handle" else replacement)
        for name, pattern, replacement in PATTERNS
    ]
    return normalize(text, table)


def ranking(
    claims: list[dict[str, str]], dev: list[dict[str, str]], gold: np.ndarray, embedder: Embedder
) -> tuple[np.ndarray, np.ndarray]:
    """Print the ranking figures; return the normalised pool and dev vectors for the pair figures."""
    pool = embed_known([KnownClaim(c["id"], c["claim"]) for c in claims], embedder)
    joined = embed_known([KnownClaim(c["id"], f"{c['claim']} {c.get('title') or ''}") for c in claims], embedder)
    titles = embed_known([KnownClaim(c["id"], c.get("title") or c["claim"]) for c in claims], embedder)
    dev_vectors = embed_known([KnownClaim(q["id"], q["text"]) for q in dev], embedder)
    raw = embedder.embed([c["claim"] for c in claims]), embedder.embed([q["text"] for q in dev])
    stripped = embedder.embed([strict(c["claim"]) for c in claims]), embedder.embed([strict(q["text"]) for q in dev])
    print("\nranking the whole pool for each dev tweet:")
    report_ranking("(a) raw texts, bare cosine", ranks(raw[1], raw[0], gold))
    report_ranking("(b) normalised (match --pool)", ranks(dev_vectors, pool, gold))
    report_ranking("(b') normalised, handles and signature stripped", ranks(stripped[1], stripped[0], gold))
    report_ranking("(c) normalised, claim + title joined", ranks(dev_vectors, joined, gold))
    both = np.maximum(dev_vectors @ pool.T, dev_vectors @ titles.T)
    report_ranking("(c') normalised, better of claim and title", ranks_by_scores(both, gold))
    return pool, dev_vectors


def verdicts(
    claims: list[dict[str, str]],
    split: dict[str, list[dict[str, str]]],
    row_of: dict[str, int],
    pool: np.ndarray,
    dev_vectors: np.ndarray,
    embedder: Embedder,
) -> None:
    """Print how well ``match --pool`` ranks and judges dev tweets, against a cosine threshold fitted on train."""
    train = split["train"]
    train_vectors = embed_known([KnownClaim(q["id"], q["text"]) for q in train], embedder)
    train_gold = np.array([row_of[q["verified_claim"]] for q in train])
    train_pairs, train_labels = hard_pairs(train, train_vectors, pool, train_gold)
    threshold = fit_threshold(np.array([train_vectors[q] @ pool[c] for q, c in train_pairs]), train_labels)

    dev = split["dev"]
    gold = np.array([row_of[q["verified_claim"]] for q in dev])
    pairs, labels = hard_pairs(dev, dev_vectors, pool, gold)
    cosine = np.array([dev_vectors[q] @ pool[c] for q, c in pairs])
    records = [KnownClaim(c["id"], c["claim"], {"title": c.get("title") or ""}) for c in claims]
    queries = [KnownClaim(q["id"], q["text"]) for q in dev]
    titles = embed_known(records, embedder, field="title")
    nlp = build_nlp()
    print(
        f"\n'match --pool' on dev: {labels.sum()} pairs (tweet, its claim), {(~labels).sum()} (tweet, nearest other):"
    )
    report_pairs(f"bare cosine >= {threshold:.3f} (fitted on train pairs)", cosine >= threshold, labels)
    key = [copy_key(c["claim"]) for c in claims]
    copies = [{r for r in range(len(claims)) if key[r] == key[g]} for g in gold]
    print(f"  (pool: {len(claims) - len(set(key))} claims are copies of another, quotes or case aside)")
    kept = np.setdiff1d(np.arange(len(records)), sorted(set().union(*copies)))  # no dev tweet's claim, nor a copy
    for name, also, field in (("claim only", None, None), ("--also title", titles, "title")):
        found = list(match_known(queries, records, pool, embedder, nlp, TOP, also=also, field=field))
        same = {(q, row_of[m.claim.id]) for q, (_, matches) in enumerate(found) for m in matches if m.same}
        report_pairs(f"same, {name}", np.array([pair in same for pair in pairs]), labels)
        # a copy of the tweet's claim counts as its claim: the nearest other claim is the nearest non-copy
        said = [{row_of[m.claim.id] for m in ms if m.same} for _, ms in found]
        nearest = [
            next(int(r) for r in rows if int(r) not in c)
            for (rows, _), c in zip(top_k(dev_vectors, pool, 50), copies, strict=True)
        ]
        judged = [bool(said[q] & copies[q]) for q in range(len(dev))] + [nearest[q] in said[q] for q in range(len(dev))]
        report_pairs(
            f"same, {name}, copies counted as the claim",
            np.array(judged),
            np.r_[np.ones(len(dev), bool), np.zeros(len(dev), bool)],
        )
        rank = np.array(
            [
                next((i + 1 for i, m in enumerate(ms) if row_of[m.claim.id] == g), 0)
                for (_, ms), g in zip(found, gold, strict=True)
            ]
        )
        report_ranking(f"ranking, {name}", rank)
        rank = np.array(
            [
                next((i + 1 for i, m in enumerate(ms) if row_of[m.claim.id] in c), 0)
                for (_, ms), c in zip(found, copies, strict=True)
            ]
        )
        report_ranking(f"ranking, {name}, copies counted", rank)
        # a tweet that repeats no checked claim: every dev tweet's claim, and its copies, out of the pool
        unmatched = match_known(
            queries,
            [records[i] for i in kept],
            pool[kept],
            embedder,
            nlp,
            TOP,
            also=None if also is None else also[kept],
            field=field,
        )
        rate = np.mean([any(m.same for m in ms) for _, ms in unmatched])
        print(f"  {'':<50} tweets whose claim is not in the pool, said same: {rate:.3f}")
    bare = np.array([max(dev_vectors[q] @ pool[r] for r in copies[q]) for q in range(len(dev))])
    wrong = np.array([dev_vectors[q] @ pool[nearest[q]] for q in range(len(dev))])
    rest = np.max(dev_vectors @ pool[kept].T, axis=1)
    print(
        f"  bare cosine >= {threshold:.3f}, copies counted: accuracy "
        f"{((bare >= threshold).mean() + (wrong < threshold).mean()) / 2:.3f}; "
        f"tweets whose claim is not in the pool, said same: {(rest >= threshold).mean():.3f}"
    )


def copy_key(text: str) -> str:
    """A claim's text with quotes, case and spacing aside: archives hold claims twice, once per quote style."""
    return " ".join(re.sub(r"[\"'‘’“”]", "", text).lower().split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="CLEF CheckThat! 2020 task 2 folder")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    parser.add_argument("--cache", default=str(CACHE), help="vector cache file")
    args = parser.parse_args()
    started = time.perf_counter()
    claims, split, row_of = load(Path(args.folder))
    print(f"pool {len(claims)} claims; train {len(split['train'])} tweets, dev {len(split['dev'])}")
    Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
    cache = VectorCache(args.cache)
    embedder = CachedEmbedder(SentenceTransformerEmbedder(args.model), cache)
    gold = np.array([row_of[q["verified_claim"]] for q in split["dev"]])
    pool, dev_vectors = ranking(claims, split["dev"], gold, embedder)
    verdicts(claims, split, row_of, pool, dev_vectors, embedder)
    cache.close()
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

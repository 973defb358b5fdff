"""The embedding backends side by side: speed, MRPC accuracy of a bare cosine threshold, and agreement.

Usage: python benchmarks/backends.py ../shared/corpora/mrpc/msr_paraphrase_train.txt [-n 3000] [--model DIR]

All in one process, on the same texts, so the figures compare on a busy machine too:

1. load: seconds to load each backend, first with an empty export cache (the one-off export and, for
   ``onnx-int8``, quantization), then again from the cache (a temporary folder, removed at the end);
   torch's first load includes importing torch, its second is the process's loaded model;
2. speed: sentences/s embedding the first N distinct MRPC sentences, batch 64, the backends timed in
   turn over three rounds, the best round kept (a busy neighbour slows one round, not all);
3. accuracy: every MRPC train pair's cosine under each backend; a bare threshold fitted on three
   quarters (every fourth pair held out), accuracy and F1 on the held-out quarter, with
   ``bench/calibrate_mrpc.py``'s functions;
4. agreement: mean and largest |cos_torch - cos_backend| over the pairs.

Needs the onnx extra (``pip install 'corroborate[onnx]'``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from corroborate.embed_onnx import BACKENDS

HERE = Path(__file__).resolve().parent
ROUNDS = 3


def load(backend: str, model: str | None, cache: Path) -> Any:
    from corroborate.embed import SentenceTransformerEmbedder
    from corroborate.embed_onnx import OnnxEmbedder

    return SentenceTransformerEmbedder(model) if backend == "torch" else OnnxEmbedder(model, backend, cache=cache)


def timed(work: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def load_all(model: str | None, cache: Path) -> dict[str, Any]:
    embedders = {}
    for backend in BACKENDS:
        _, first = timed(lambda b=backend: load(b, model, cache))
        embedders[backend], again = timed(lambda b=backend: load(b, model, cache))
        model_id = embedders[backend].model_id
        print(f"  {backend:<10} first load {first:6.1f} s   again {again:5.1f} s   id {model_id}")
    return embedders


def speed(embedders: dict[str, Any], sentences: list[str]) -> dict[str, float]:
    for embedder in embedders.values():
        embedder.embed(sentences[:64])  # warm-up: first-call allocations are not the backend's speed
    best = {backend: float("inf") for backend in embedders}
    for _ in range(ROUNDS):
        for backend, embedder in embedders.items():
            best[backend] = min(best[backend], timed(lambda e=embedder: e.embed(sentences))[1])
    rates = {backend: len(sentences) / seconds for backend, seconds in best.items()}
    for backend, rate in rates.items():
        print(f"  {backend:<10} {rate:7.1f} sentences/s   {rate / rates['torch']:5.2f}x torch")
    return rates


def pair_cosines(embedder: Any, pairs: list[Any]) -> np.ndarray:
    a = embedder.embed([p.a for p in pairs])
    b = embedder.embed([p.b for p in pairs])
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


def accuracy(embedders: dict[str, Any], pairs: list[Any]) -> None:
    from calibrate_mrpc import fit_threshold, metrics

    gold = np.array([p.label == 1 for p in pairs])
    fit_rows = np.arange(len(pairs)) % 4 != 0
    cosines = {backend: pair_cosines(embedder, pairs) for backend, embedder in embedders.items()}
    print(f"  {len(pairs)} pairs, fitted on {fit_rows.sum()}, held out {(~fit_rows).sum()}")
    for backend, cos in cosines.items():
        threshold, _ = fit_threshold(cos, gold, fit_rows)
        held_acc, held_f1 = metrics((cos >= threshold)[~fit_rows], gold[~fit_rows])
        gap = np.abs(cos - cosines["torch"])
        print(
            f"  {backend:<10} cosine >= {threshold:.3f}: held-out acc {held_acc:.3f} F1 {held_f1:.3f}   "
            f"|cos - cos_torch| mean {gap.mean():.2e} max {gap.max():.2e}"
        )


def main() -> None:
    import sys

    sys.path.insert(0, str(HERE.parent / "bench"))
    from calibrate_mrpc import read_pairs

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", help="MRPC train TSV (label id1 id2 s1 s2)")
    parser.add_argument("-n", type=int, default=3000, help="sentences for the speed part (default 3000)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    sentences = list(dict.fromkeys(t for p in pairs for t in (p.a, p.b)))[: args.n]
    print(f"Embedding backends on {platform.machine()}, {os.cpu_count()} cores, one process")
    cache = Path(tempfile.mkdtemp(prefix="corroborate-exports-"))
    try:
        print("1. load")
        embedders = load_all(args.model, cache)
        print(f"2. speed: {len(sentences)} MRPC sentences, best of {ROUNDS} rounds")
        speed(embedders, sentences)
        print("3-4. MRPC train: bare cosine threshold, and agreement with torch")
        accuracy(embedders, pairs)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

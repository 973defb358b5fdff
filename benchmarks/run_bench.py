"""One benchmark run of corroborate's speed and scale, all on the machine it runs on.

Usage: python benchmarks/run_bench.py ARTICLES.jsonl [-n 300] [--sizes 10000 30000] [--large] [--skip-run]

Prints, in order:

1. ``corroborate run`` end to end on the first N articles of an ECB+-like JSONL file (id, title, text per
   line) against the bare sentence-transformers encoder on exactly the same claim texts: the ratio
   encoder time / run time (1.0 = the run costs no more than its embeddings), and the seconds and peak
   resident memory (``ru_maxrss``, the process's high-water mark after the stage) of each stage.
2. One more article added to the store of those N articles: the incremental run's seconds per stage.
3. Clustering alone at 10k and 30k claims (``--large`` adds 100k and 300k) on synthetic vectors with
   event structure (``bench/synthetic_news.py``), each size in a child process of its own, against
   ``sentence_transformers.util.community_detection`` on the same vectors; the growth exponent b of
   time ~ claims^b between the smallest and the largest size.

Reuses ``bench/speed.py`` (writing the articles, the bare encoder timing) and ``bench/synthetic_news.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))

STAGES = ("ingest", "extract", "embed", "load", "cluster", "scope", "checks", "store")


def peak_mib() -> float:
    """This process's peak resident memory: VmHWM on Linux (``ru_maxrss`` survives exec, so a child
    would report its parent's peak), else ``ru_maxrss``."""
    try:
        return int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_stages(title: str, clock: Any, whole: float) -> None:
    print(f"  {title}: {whole:.1f} s")
    for stage in STAGES:
        if stage in clock.seconds:
            share = clock.seconds[stage] / max(whole, 1e-9)
            print(f"    {stage:<8} {clock.seconds[stage]:8.2f} s {share:5.0%}   peak {clock.peak_mib[stage]:7.0f} MiB")


def nth_id(articles: str, n: int) -> str:
    with open(articles, encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            if count == n:
                return str(json.loads(line)["id"])
    raise ValueError(f"{articles}: fewer than {n + 1} lines")


def end_to_end(articles: str, n: int, model: str | None) -> None:
    """Part 1 and 2: the whole run against the bare encoder, then one article added."""
    from speed import write_articles

    from corroborate import pipeline
    from corroborate.embed import SentenceTransformerEmbedder
    from corroborate.extract import build_nlp
    from corroborate.store import Store

    embedder, nlp = SentenceTransformerEmbedder(model), build_nlp()
    embedder.embed(["warm up the model"])
    nlp("Officials said the pipeline was warmed up before the run.")
    with tempfile.TemporaryDirectory() as tmp:
        folder, extra = Path(tmp) / "articles", Path(tmp) / "extra"
        folder.mkdir()
        extra.mkdir()
        if write_articles(articles, n + 1, folder) > n:  # the last one is kept back, to be added afterwards
            last = folder / f"{nth_id(articles, n)}.txt"
            last.rename(extra / last.name)
        store = Store(Path(tmp) / "bench.db")
        clock = pipeline.StageClock()
        started = time.perf_counter()
        result = pipeline.run([str(folder)], store, embedder, nlp, clock=clock)
        whole = time.perf_counter() - started
        texts = [c.text for c in store.claims()]
        started = time.perf_counter()
        embedder.embed(texts)
        bare = time.perf_counter() - started
        counts = store.counts()
        print(
            f"1. corroborate run on {result.documents_added} articles: {result.claims_added} claims, "
            f"{counts['clusters']} clusters"
        )
        print(
            f"  bare encoder on the same {len(texts)} claim texts: {bare:.1f} s; run: {whole:.1f} s; "
            f"encoder / run = {bare / max(whole, 1e-9):.2f}"
        )
        print_stages("run", clock, whole)
        if any(extra.iterdir()):
            clock = pipeline.StageClock()
            started = time.perf_counter()
            added = pipeline.run([str(extra)], store, embedder, nlp, clock=clock)
            print(f"2. one article ({added.claims_added} claims) added to a store of {len(texts)} claims")
            print_stages("incremental run", clock, time.perf_counter() - started)
        store.close()


def cluster_child(n: int, seed: int) -> dict[str, Any]:
    """Part 3, one size in this process: synthetic claims, our clustering, then community detection."""
    from synthetic_news import corpus

    from corroborate.cluster import cluster_claims

    documents = max(2, n // 6)  # synthetic articles hold about eight claims each; cut to n below
    data = corpus(documents, seed)
    claims, vectors = data.claims[:n], data.vectors[:n]
    kept = {c.document_id for c in claims}
    docs = {d: a for d, a in data.documents.items() if d in kept}
    base = peak_mib()
    started = time.perf_counter()
    clustering = cluster_claims(claims, vectors, docs)
    ours = time.perf_counter() - started
    ours_peak = peak_mib()
    from sentence_transformers import util

    started = time.perf_counter()
    communities = util.community_detection(vectors, threshold=0.75, min_community_size=1, batch_size=1024)
    baseline = time.perf_counter() - started
    return {
        "claims": len(claims),
        "ours_s": ours,
        "clusters": len(clustering.clusters),
        "corpus_mib": base,
        "ours_peak_mib": ours_peak,
        "baseline_s": baseline,
        "communities": len(communities),
        "peak_mib": peak_mib(),
    }


def run_child(n: int, seed: int, timeout: float | None) -> dict[str, Any] | str:
    command = [sys.executable, str(Path(__file__).resolve()), "--cluster-child", str(n), "--seed", str(seed)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"over {timeout:.0f} s"
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return f"failed: {lines[-1] if lines else done.returncode}"
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def clustering_scale(sizes: list[int], seed: int, timeout: float | None) -> None:
    print("3. clustering alone on synthetic claims (64-dim vectors), each size in its own process")
    print(
        f"  {'claims':>8} {'ours s':>8} {'clusters':>8} {'peak MiB':>8} {'community_detection s':>22} {'cd / ours':>9}"
    )
    done: list[dict[str, Any]] = []
    for n in sizes:
        r = run_child(n, seed, timeout)
        if isinstance(r, str):
            print(f"  {n:>8} {r}", flush=True)
            continue
        done.append(r)
        print(
            f"  {r['claims']:>8} {r['ours_s']:>8.1f} {r['clusters']:>8} {r['ours_peak_mib']:>8.0f} "
            f"{r['baseline_s']:>22.1f} {r['baseline_s'] / max(r['ours_s'], 1e-9):>9.2f}",
            flush=True,
        )
    if len(done) >= 2:
        first, last = done[0], done[-1]
        scale = math.log(last["claims"] / first["claims"])
        ours = math.log(last["ours_s"] / first["ours_s"]) / scale
        theirs = math.log(last["baseline_s"] / first["baseline_s"]) / scale
        print(
            f"  growth exponent (time ~ claims^b), {first['claims']} to {last['claims']}: "
            f"ours b = {ours:.2f}, community_detection b = {theirs:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", help="ECB+-like articles.jsonl (id, title, text per line)")
    parser.add_argument("-n", type=int, default=300, help="articles for the end-to-end run (default 300)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000], help="claims to cluster")
    parser.add_argument("--large", action="store_true", help="also cluster 100k and 300k claims (slow)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, help="give up on a clustering size after this many seconds")
    parser.add_argument("--skip-run", action="store_true", help="only the clustering part")
    parser.add_argument("--cluster-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cluster_child:
        print(json.dumps(cluster_child(args.cluster_child, args.seed)))
        return
    if not args.skip_run:
        if not args.articles:
            parser.error("ARTICLES is needed for the end-to-end run (or pass --skip-run)")
        end_to_end(args.articles, args.n, args.model)
    sizes = args.sizes + ([100_000, 300_000] if args.large else [])
    clustering_scale(sizes, args.seed, args.timeout)


if __name__ == "__main__":
    main()

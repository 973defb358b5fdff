"""One benchmark run of corroborate's speed and scale, all on the machine it runs on.

Usage: python benchmarks/run_bench.py ARTICLES.jsonl [-n 300] [--sizes 10000 30000] [--large] [--skip-run]
       python benchmarks/run_bench.py --skip-run --sizes --store-claims 100000

Prints, in order:

1. ``corroborate run`` end to end on the first N articles of an ECB+-like JSONL file (id, title, text per
   line) against the bare sentence-transformers encoder on exactly the same claim texts: the ratio
   encoder time / run time (1.0 = the run costs no more than its embeddings), and the seconds and peak
   resident memory (``ru_maxrss``, the process's high-water mark after the stage) of each stage.
2. One more article added to the store of those N articles: the incremental run's seconds per stage.
3. Clustering alone at 10k and 30k claims (``--large`` adds 100k and 300k) on synthetic vectors with
   event structure (``bench/synthetic_news.py``), on two corpora (``--noise``: the claims of one fact as close
   as paraphrases are, and far apart), each size in a child process of its own, against
   ``sentence_transformers.util.community_detection`` on the same vectors; the growth exponent b of
   time ~ claims^b between the smallest and the largest size.

4. With ``--store-claims N``: a store of about N claims built without the models (``bench/big_store.py``,
   cached under ``bench/.cache/``, then a copy migrated and reclustered once by this version: what its
   runs leave), then, each in a child process on a fresh copy of it, run twice and the better kept:
   (a) one seeds article added with the real models already loaded, seconds per stage;
   (b) the review app's first screen, headless, from start until the cluster list shows rows; and the
   peak resident memory (VmHWM) of each.

Reuses ``bench/speed.py`` (writing the articles, the bare encoder timing) and ``bench/synthetic_news.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import os
import resource
import shutil
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


def end_to_end(articles: str, n: int, model: str | None, backend: str = "torch", workers: int = 0) -> None:
    """Part 1 and 2: the whole run against the bare encoder, then one article added.

    ``backend`` and ``workers`` are the run's (``--backend``, ``--workers``: extraction in that many worker
    processes, whose start is timed with the run); the bare encoder is always sentence-transformers on torch."""
    from speed import write_articles

    from corroborate import pipeline
    from corroborate.embed import SentenceTransformerEmbedder, make_embedder
    from corroborate.extract import build_nlp
    from corroborate.store import Store

    bare_encoder = SentenceTransformerEmbedder(model)
    embedder, nlp = make_embedder(model, backend), build_nlp()
    bare_encoder.embed(["warm up the model"])
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
        result = pipeline.run([str(folder)], store, embedder, nlp, clock=clock, workers=workers)
        whole = time.perf_counter() - started
        texts = [c.text for c in store.claims()]
        started = time.perf_counter()
        bare_encoder.embed(texts)
        bare = time.perf_counter() - started
        counts = store.counts()
        print(
            f"1. corroborate run (--backend {backend}, --workers {workers}) on {result.documents_added} articles: "
            f"{result.claims_added} claims, {counts['clusters']} clusters"
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


def cluster_child(n: int, seed: int, noise: float, baseline: bool = True) -> dict[str, Any]:
    """Part 3, one size in this process: synthetic claims, our clustering, then community detection.

    Also the candidate pairs the clustering scored (each claim's neighbours over the floor), counted after
    the clock stops: its work is linear in claims plus pairs, and the far-apart corpus's pairs per claim
    grow with its size.
    """
    import numpy as np
    from synthetic_news import corpus

    from corroborate.cluster import candidate_pairs, cluster_claims
    from corroborate.config import DEFAULT_MATCH

    documents = max(2, n // 6)  # synthetic articles hold about eight claims each; cut to n below
    data = corpus(documents, seed, noise)
    claims, vectors = data.claims[:n], data.vectors[:n]
    kept = {c.document_id for c in claims}
    docs = {d: a for d, a in data.documents.items() if d in kept}
    # The libraries each side loads are imported before its clock starts: sentence-transformers below, and here
    # the index's k-means (scikit-learn, about a second), which clustering loads only past the exact search's size.
    if n >= DEFAULT_MATCH.ann_queries:
        from sklearn.cluster import MiniBatchKMeans  # noqa: F401

    base = peak_mib()
    started = time.perf_counter()
    clustering = cluster_claims(claims, vectors, docs)
    ours = time.perf_counter() - started
    ours_peak = peak_mib()
    pairs = len(candidate_pairs(claims, vectors, np.arange(len(claims)), DEFAULT_MATCH))
    out = {
        "claims": len(claims),
        "ours_s": ours,
        "clusters": len(clustering.clusters),
        "pairs": pairs,
        "corpus_mib": base,
        "ours_peak_mib": ours_peak,
    }
    if baseline:
        from sentence_transformers import util

        started = time.perf_counter()
        communities = util.community_detection(vectors, threshold=0.75, min_community_size=1, batch_size=1024)
        out |= {"baseline_s": time.perf_counter() - started, "communities": len(communities)}
    return out | {"peak_mib": peak_mib()}


def run_child(n: int, seed: int, noise: float, timeout: float | None, baseline: bool) -> dict[str, Any] | str:
    command = [sys.executable, str(Path(__file__).resolve()), "--cluster-child", str(n), "--seed", str(seed)]
    command += ["--noise", str(noise)] + ([] if baseline else ["--baseline-max", "0"])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"over {timeout:.0f} s"
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return f"failed: {lines[-1] if lines else done.returncode}"
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def clustering_scale(sizes: list[int], seed: int, noise: float, timeout: float | None, baseline_max: int) -> None:
    kind = "claims of one fact close, as paraphrases are" if noise <= 0.1 else "claims of one fact far apart"
    print(
        f"3. clustering alone on synthetic claims (64-dim vectors, noise {noise}: {kind}), each size in its own process"
    )
    print(
        f"  {'claims':>8} {'ours s':>8} {'clusters':>8} {'pairs/claim':>11} {'us/(claim+pair)':>15} "
        f"{'peak MiB':>8} {'community_detection s':>22} {'cd / ours':>9}"
    )
    done: list[dict[str, Any]] = []
    for n in sizes:
        r = run_child(n, seed, noise, timeout, n <= baseline_max)
        if isinstance(r, str):
            print(f"  {n:>8} {r}", flush=True)
            continue
        done.append(r)
        units = r["claims"] + r["pairs"]
        theirs = (
            f"{r['baseline_s']:>22.1f} {r['baseline_s'] / max(r['ours_s'], 1e-9):>9.2f}"
            if "baseline_s" in r
            else f"{'(not run)':>22} {'':>9}"
        )
        print(
            f"  {r['claims']:>8} {r['ours_s']:>8.1f} {r['clusters']:>8} {r['pairs'] / r['claims']:>11.2f} "
            f"{1e6 * r['ours_s'] / units:>15.0f} {r['ours_peak_mib']:>8.0f} {theirs}",
            flush=True,
        )
    if len(done) >= 2:
        first, last = done[0], done[-1]
        scale = math.log(last["claims"] / first["claims"])
        ours = math.log(last["ours_s"] / first["ours_s"]) / scale
        work = math.log((last["claims"] + last["pairs"]) / (first["claims"] + first["pairs"]))
        line = (
            f"  growth exponent (time ~ claims^b), {first['claims']} to {last['claims']}: ours b = {ours:.2f} "
            f"(claims + candidate pairs grew {math.exp(work):.1f}x, time {last['ours_s'] / first['ours_s']:.1f}x)"
        )
        both = [r for r in done if "baseline_s" in r]
        if len(both) >= 2:
            a, z = both[0], both[-1]
            theirs = math.log(z["baseline_s"] / a["baseline_s"]) / math.log(z["claims"] / a["claims"])
            line += f"; community_detection b = {theirs:.2f} ({a['claims']} to {z['claims']})"
        print(line)


# -- part 4: a store of many claims -------------------------------------------------------

CACHE = HERE.parent / "bench" / ".cache"
SEED_ARTICLE = HERE.parent / "seeds" / "000_ecc249354a8f7f4d.txt"


def model_shape(model: str | None) -> tuple[str, int]:
    """The real model's id and vector dimension, read from its files without loading it."""
    from corroborate.embed import checked_model

    files = checked_model(model)
    pooling = files.path / "1_Pooling" / "config.json"
    dim = json.loads(pooling.read_text())["word_embedding_dimension"] if pooling.is_file() else 384
    return files.model_id, int(dim)


def big_store(n: int, model: str | None, seed: int) -> Path:
    """The cached store of about ``n`` claims under the real model's id; built (minutes) when missing."""
    from big_store import build

    model_id, dim = model_shape(model)
    path = CACHE / f"store-{n}-{seed}-{hashlib.sha256(model_id.encode()).hexdigest()[:12]}.db"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".part")
        partial.unlink(missing_ok=True)
        counts = build(partial, n, model_id, dim, seed)
        partial.rename(path)
        print(f"  built {path.name}: {counts} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def current_store(db: Path, model: str | None) -> Path:
    """The cached store as runs of this version leave it: migrated and reclustered (so it holds what the
    cluster stage read off its texts), cached beside it per schema and rules; the state an article is added
    to. Reclustered twice: the first pass, from scratch when the stored clusters were made under other
    rules, keeps the lineage verdicts of every pair it judged (253k here), which the next run prunes to
    the pairs it looks at (24k), once (a second slower run after an upgrade, not the steady state)."""
    from corroborate import pipeline
    from corroborate.config import CLUSTERING_RULES
    from corroborate.store import Store
    from corroborate.store.schema import NAMES

    schema = hashlib.sha256(" ".join(NAMES).encode()).hexdigest()[:8]
    path = db.with_name(f"{db.stem}-schema-{schema}-rules-{CLUSTERING_RULES}.db")
    if not path.exists():
        partial = path.with_suffix(".part")
        shutil.copyfile(db, partial)
        store = Store(partial)
        pipeline.recluster(store, model_shape(model)[0], from_scratch=pipeline.stale_rules(store))
        pipeline.recluster(store, model_shape(model)[0])
        store.close()
        partial.rename(path)
        shutil.rmtree(vector_file(partial), ignore_errors=True)
    if not vector_file(path).exists():  # a store cached before runs kept one: a run of this version writes it
        store = Store(path)
        _, keep = store.claim_vectors([c.id for c in store.claims()], model_shape(model)[0])
        with store.writing():
            keep()
        store.close()
    return path


def vector_file(db: Path) -> Path:
    from corroborate.store.vectorfile import VectorFile

    file = VectorFile.beside(db)
    assert file is not None
    return file.folder


def fresh_copy(db: Path, folder: str) -> Path:
    """The store and its vector file copied, and the copies flushed to disk: the timed run's first write
    would otherwise flush every page the copy dirtied (a copy's cost, not the run's)."""
    copy = Path(folder) / db.name
    shutil.copyfile(db, copy)
    if vector_file(db).exists():
        shutil.copytree(vector_file(db), vector_file(copy))
    os.sync()
    return copy


def add_child(db: Path, model: str | None) -> dict[str, Any]:
    """Part 4a in this process: one seeds article added to a copy of the store, models loaded first."""
    from corroborate import pipeline
    from corroborate.embed import SentenceTransformerEmbedder
    from corroborate.extract import build_nlp
    from corroborate.store import Store

    embedder, nlp = SentenceTransformerEmbedder(model), build_nlp()
    embedder.embed(["warm up the model"])
    nlp("Officials said the pipeline was warmed up before the run.")
    loaded = peak_mib()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(fresh_copy(db, tmp))
        clock = pipeline.StageClock()
        started = time.perf_counter()
        result = pipeline.run([str(SEED_ARTICLE)], store, embedder, nlp, clock=clock)
        whole = time.perf_counter() - started
        store.close()
    return {
        "claims": result.claims_added,
        "whole_s": whole,
        "seconds": clock.seconds,
        "models_mib": loaded,
        "peak_mib": peak_mib(),
    }


def review_child(db: Path) -> dict[str, Any]:
    """Part 4b in this process: the review app headless, from start until the cluster list has rows."""
    from corroborate.review.app import make_app
    from corroborate.review.screens.main import MainScreen
    from corroborate.review.widgets.cluster_list import ClusterList

    async def first_screen(path: Path) -> tuple[float, int]:
        started = time.perf_counter()
        app = make_app(str(path))
        async with app.run_test(size=(160, 50)) as pilot:
            while True:
                screen = app.screen
                if isinstance(screen, MainScreen) and screen.query_one(ClusterList).row_count:
                    return time.perf_counter() - started, screen.query_one(ClusterList).row_count
                if time.perf_counter() - started > 120:
                    raise TimeoutError("no rows after 120 s")
                await pilot.pause(0.005)

    with tempfile.TemporaryDirectory() as tmp:
        seconds, rows = asyncio.run(first_screen(fresh_copy(db, tmp)))
    return {"whole_s": seconds, "rows": rows, "peak_mib": peak_mib()}


def store_child(kind: str, db: str, model: str | None) -> dict[str, Any]:
    return add_child(Path(db), model) if kind == "add" else review_child(Path(db))


def better_of_two(kind: str, db: Path, model: str | None) -> dict[str, Any] | str:
    """The faster of two runs in fresh child processes (the machine is shared: one run can be unlucky)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--store-child", kind, str(db)]
    command += ["--model", model] if model else []
    runs = []
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            return f"failed: {lines[-1] if lines else done.returncode}"
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["whole_s"])


def store_scale(n: int, model: str | None, seed: int) -> None:
    print(f"4. a store of about {n} claims (synthetic, built once and cached), each step twice, the better kept")
    db = current_store(big_store(n, model, seed), model)
    from corroborate.store import Store

    store = Store(db, write=False)
    counts = store.counts()
    store.close()
    print(f"  store: {counts['documents']} documents, {counts['claims']} claims, {counts['clusters']} clusters")
    added = better_of_two("add", db, model)
    if isinstance(added, str):
        print(f"  (a) one article added: {added}")
    else:
        print(
            f"  (a) one article ({added['claims']} claims) added, models loaded: {added['whole_s']:.2f} s, "
            f"peak {added['peak_mib']:.0f} MiB (models alone {added['models_mib']:.0f} MiB)"
        )
        for stage in STAGES:
            if stage in added["seconds"]:
                print(f"    {stage:<8} {added['seconds'][stage]:8.2f} s")
    review = better_of_two("review", db, model)
    if isinstance(review, str):
        print(f"  (b) review app first screen: {review}")
    else:
        print(
            f"  (b) review app first screen (headless, {review['rows']} rows): {review['whole_s']:.2f} s, "
            f"peak {review['peak_mib']:.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", help="ECB+-like articles.jsonl (id, title, text per line)")
    parser.add_argument("-n", type=int, default=300, help="articles for the end-to-end run (default 300)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    parser.add_argument(
        "--backend", default="torch", help="the run's encoder backend (torch, onnx, onnx-int8); the bare one is torch"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000, 30_000], help="claims to cluster (none: skip part 3)"
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="the run extracts in this many worker processes (run --workers)"
    )
    parser.add_argument("--large", action="store_true", help="also cluster 100k and 300k claims (slow)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--noise",
        type=float,
        nargs="+",
        default=[0.05, 0.3],
        help="part 3's corpora, by the noise on each claim's fact vector (bench/synthetic_news.py): 0.05 puts the "
        "claims of one fact as close as paraphrases are; at 0.3 they are far apart and every candidate over the "
        "floor is a chance neighbour, whose number per claim grows with the corpus",
    )
    parser.add_argument("--timeout", type=float, help="give up on a clustering size after this many seconds")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=100_000,
        help="run community_detection up to this many claims (default 100000; it grows as claims^1.9)",
    )
    parser.add_argument("--skip-run", action="store_true", help="only the clustering part")
    parser.add_argument("--store-claims", type=int, help="part 4: a store of this many claims (e.g. 100000)")
    parser.add_argument("--cluster-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--store-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cluster_child:
        print(json.dumps(cluster_child(args.cluster_child, args.seed, args.noise[0], args.baseline_max > 0)))
        return
    if args.store_child:
        print(json.dumps(store_child(*args.store_child, args.model)))
        return
    if not args.skip_run:
        if not args.articles:
            parser.error("ARTICLES is needed for the end-to-end run (or pass --skip-run)")
        end_to_end(args.articles, args.n, args.model, args.backend, args.workers)
    sizes = args.sizes + ([100_000, 300_000] if args.large else [])
    for noise in args.noise if sizes else []:
        clustering_scale(sizes, args.seed, noise, args.timeout, args.baseline_max)
    if args.store_claims:
        store_scale(args.store_claims, args.model, args.seed)


if __name__ == "__main__":
    main()

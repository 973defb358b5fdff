"""Peak memory and time of lineage and event scope as the corpus grows.

Usage: python bench/memory_scale.py [--sizes 1000 5000 20000] [--seed 0] [--timeout SECONDS]

Each size runs in a child process of its own, so every peak is that size's
alone: the child builds a synthetic corpus (``bench/synthetic_news.py``: many
events of a few kinds, invented names, datelines, wire credits, near-copies;
claim vectors made with the event structure instead of by the embedding
model), then runs ``lineage.mark_lineage`` and ``scope.mark_events`` as the
cluster stage calls them. Printed per size: documents, claims, matched pairs,
the resident memory after building the corpus, the process's peak resident
memory (``ru_maxrss``, which includes the corpus), the seconds each stage
took, and how many documents got a lineage or other-event flag.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from corroborate import lineage, scope
from corroborate.config import DEFAULT_MATCH

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_news import corpus  # noqa: E402


def measure(n: int, seed: int) -> dict[str, float | int]:
    """One size in this process: build the corpus, run both stages, read the peak."""
    data = corpus(n, seed)
    base = _rss_mib()
    started = time.perf_counter()
    candidates = {(data.claims[i].document_id, data.claims[j].document_id) for i, j in data.matched}
    docs = lineage.mark_lineage(data.documents, data.claims, data.vectors, candidates, DEFAULT_MATCH)
    middle = time.perf_counter()
    docs, _ = scope.mark_events(docs, data.claims, data.matched, DEFAULT_MATCH)
    ended = time.perf_counter()
    return {
        "documents": n,
        "claims": len(data.claims),
        "matched": len(data.matched),
        "corpus_mib": round(base),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "lineage_s": round(middle - started, 2),
        "scope_s": round(ended - middle, 2),
        "copies": sum(bool(d.origin) for d in docs.values()),
        "other_event": sum(scope.OTHER_EVENT in d.flags for d in docs.values()),
    }


def _rss_mib() -> float:
    """Resident memory now (Linux), else the peak so far."""
    try:
        fields = Path("/proc/self/status").read_text().split("VmRSS:")[1].split()
        return int(fields[0]) / 1024
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(n: int, seed: int, timeout: float | None) -> dict[str, float | int] | str:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(n), "--seed", str(seed)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"over {timeout:.0f} s"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, help="give up on a size after this many seconds")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.seed)))
        return
    print(
        f"{'documents':>9} {'claims':>7} {'matched':>8} {'corpus MiB':>10} {'peak MiB':>8} "
        f"{'lineage s':>9} {'scope s':>7} {'copies':>6} {'other':>6}"
    )
    for n in args.sizes:
        r = run_child(n, args.seed, args.timeout)
        if isinstance(r, str):
            print(f"{n:>9} {r}", flush=True)
            continue
        print(
            f"{r['documents']:>9} {r['claims']:>7} {r['matched']:>8} {r['corpus_mib']:>10} {r['peak_mib']:>8} "
            f"{r['lineage_s']:>9} {r['scope_s']:>7} {r['copies']:>6} {r['other_event']:>6}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Event scope on ECB+: do multi-source clusters mix events, and how many events get one?

Usage: python bench/ecb_events.py ARTICLES.jsonl [--topics N] [--model DIR] [--cache DIR] [--groups]

Runs the real pipeline (ingest, extract, embed, cluster, checks, store) once per
topic, into a fresh database: each topic holds two different events of the
same kind, which is the hard case for event scope. Prints the share of
multi-source clusters (support >= 2) whose documents belong to more than one
gold event, how many of the events have a multi-source cluster, how well the
"other-event" flag follows the gold events, and, as a check against splitting
too eagerly, how many documents get "other-event" when each gold event's
documents are clustered on their own (a recluster of the stored claims; every
such flag is wrong).

By default every run is a true end-to-end measurement. ``--cache DIR`` (for
example ``bench/.cache``, which git ignores) keeps each topic's database after
its first full run, keyed by the topic's articles and the model; later runs copy
it and only recluster the stored claims and vectors (``cluster_claims`` with no
previous clustering, as a fresh database gets), which takes seconds instead of
minutes. The cache knows nothing of the extraction or embedding code: delete the
folder after changing either. ``--groups`` prints, per topic, how many of each
gold event's documents are in the main event and how many are flagged, to see
where mixed clusters come from.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from corroborate import pipeline
from corroborate.cluster import cluster_claims
from corroborate.embed import SentenceTransformerEmbedder
from corroborate.extract import build_nlp
from corroborate.records import Article, Claim, Cluster
from corroborate.scope import OTHER_EVENT
from corroborate.store import Store


def read_topics(path: str) -> dict[str, list[dict[str, Any]]]:
    topics: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            topics[str(row["topic"])].append(row)
    return dict(topics)


def write_articles(rows: list[dict[str, Any]], folder: Path) -> None:
    """One text file per article; the file name carries the gold event."""
    for row in rows:
        text = f"{row.get('title') or ''}\n\n{row['text']}".strip()
        (folder / f"{row['event']}__{row['id']}.txt").write_text(text, encoding="utf-8")


def run_topic(rows: list[dict[str, Any]], embedder: Any, nlp: Any, cache: Path | None = None) -> dict[str, Any]:
    """One topic end to end, or (with a cached database for it) a fresh clustering of its stored claims."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "topic.db"
        cached = cache / f"{_topic_key(rows, embedder.model_id)}.db" if cache else None
        if cached and cached.exists():
            shutil.copyfile(cached, db)
        store = Store(db)
        claims = store.claims()
        if cached and cached.exists():
            vectors = store.vectors([c.id for c in claims], embedder.model_id)
            clustering = cluster_claims(claims, vectors, store.documents())
            documents, clusters = clustering.documents, clustering.clusters
        else:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            write_articles(rows, folder)
            pipeline.run([str(folder)], store, embedder, nlp)
            documents, clusters, claims = store.documents(), store.clusters(), store.claims()
            vectors = store.vectors([c.id for c in claims], embedder.model_id)
        result = _measure(documents, {c.id: c.document_id for c in claims}, clusters)
        result["alone"] = flagged_alone(documents, claims, vectors)
        store.close()
        if cached and not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(db, cached)
        return result


def flagged_alone(documents: dict[str, Article], claims: list[Claim], vectors: np.ndarray) -> tuple[int, int]:
    """Each gold event's documents clustered on their own: how many get "other-event" (every one is wrong).

    The counterweight to the mixing measure: a scope that splits too eagerly flags documents of a
    corpus that is about one event only.
    """
    event_of = {d: _event(doc) for d, doc in documents.items()}
    flagged = 0
    for event in sorted(set(event_of.values())):
        rows = [i for i, c in enumerate(claims) if event_of[c.document_id] == event]
        alone = {d: doc for d, doc in documents.items() if event_of[d] == event}
        clustering = cluster_claims([claims[i] for i in rows], vectors[rows], alone)
        flagged += sum(OTHER_EVENT in doc.flags for doc in clustering.documents.values())
    return flagged, len(documents)


def _event(doc: Article) -> str:
    return Path(doc.path).name.split("__")[0]


def _topic_key(rows: list[dict[str, Any]], model_id: str) -> str:
    text = json.dumps([model_id] + sorted(rows, key=lambda r: str(r["id"])), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _measure(documents: dict[str, Article], doc_of: dict[str, str], clusters: list[Cluster]) -> dict[str, Any]:
    event_of = {d.id: _event(d) for d in documents.values()}
    multi = [c for c in clusters if c.support >= 2]
    return {
        "multi": len(multi),
        "mixed": sum(len({event_of[doc_of[i]] for i in c.claims}) > 1 for c in multi),
        "covered": {event_of[doc_of[i]] for c in multi for i in c.claims},
        "events": set(event_of.values()),
        "flags": [(event_of[d.id], OTHER_EVENT in d.flags) for d in documents.values()],
    }


def group_table(flags: list[tuple[str, bool]]) -> str:
    """Gold event -> its documents in the main event and flagged, e.g. "1_ecb main 5 other 0 | ..."."""
    counts = Counter(flags)
    return " | ".join(f"{e} main {counts[(e, False)]} other {counts[(e, True)]}" for e in sorted({e for e, _ in flags}))


def flag_agreement(flags: list[tuple[str, bool]]) -> tuple[int, int]:
    """Documents whose other-event flag agrees with the gold events, taking either gold event as the main one.

    (The two events of a topic are often about the same size, so "largest" is a coin toss.)
    """
    events = Counter(e for e, _ in flags)
    return max(sum((e != main) == flagged for e, flagged in flags) for main in events), len(flags)


def _in_batches(claims: list[Claim], vectors: np.ndarray, documents: dict[str, Article], batches: int) -> list[Cluster]:
    """The clusters of all claims, made at once (``batches`` 1) or as that many runs that each add their share
    of the documents to what the runs before stored (documents dealt out by a hash of their id, so every
    topic grows at once, as a feed does)."""
    if batches <= 1:
        return cluster_claims(claims, vectors, documents).clusters
    order = sorted(documents, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    batch_of = {d: k * batches // len(order) for k, d in enumerate(order)}
    previous: dict[str, str] = {}
    readings = None
    clusters: list[Cluster] = []
    done: dict[str, Article] = {}  # the documents as the runs before left them (lineage and event flags)
    for k in range(batches):
        rows = [i for i, c in enumerate(claims) if batch_of[c.document_id] <= k]
        docs = {d: done.get(d, a) for d, a in documents.items() if batch_of[d] <= k}
        clustering = cluster_claims(
            [claims[i] for i in rows], vectors[rows], docs, previous=previous, readings=readings
        )
        clusters, readings, done = clustering.clusters, clustering.readings, clustering.documents
        previous = {claim: c.id for c in clusters for claim in c.claims}
    return clusters


def one_database(
    topics: list[list[dict[str, Any]]], embedder: Any, nlp: Any, cache: Path | None = None, batches: int = 1
) -> None:
    """Every article in one run and one database: clusters mixing events, and events left without a pure one.

    With ``cache`` holding every topic's database (from an earlier per-topic run), their claims and
    vectors are put together and clustered at once, as a fresh database of all articles gets them, or
    with ``batches`` over 1 as that many incremental runs (``_in_batches``).
    """
    started = time.perf_counter()
    cached = [cache / f"{_topic_key(rows, embedder.model_id)}.db" for rows in topics] if cache else []
    if cached and all(path.exists() for path in cached):
        documents, claims, vectors = {}, [], []
        for path in cached:
            store = Store(path, write=False)
            documents.update(store.documents())
            found = store.claims()
            claims += found
            vectors.append(store.vectors([c.id for c in found], embedder.model_id))
            store.close()
        clusters = _in_batches(claims, np.vstack(vectors), documents, batches)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            write_articles([row for rows in topics for row in rows], folder)
            store = Store(Path(tmp) / "all.db")
            pipeline.run([str(folder)], store, embedder, nlp)
            documents, clusters, claims = store.documents(), store.clusters(), store.claims()
            store.close()
    doc_of = {c.id: c.document_id for c in claims}
    r = _measure(documents, doc_of, clusters)
    event_of = {d.id: _event(d) for d in documents.values()}
    pure = {
        event_of[doc_of[c.claims[0]]]
        for c in clusters
        if c.support >= 2 and len({event_of[doc_of[i]] for i in c.claims}) == 1
    }
    print(f"{len(documents)} documents in one database, {time.perf_counter() - started:.0f} s")
    print(f"multi-source clusters mixing events: {r['mixed']}/{r['multi']} = {r['mixed'] / max(r['multi'], 1):.1%}")
    print(f"events with a pure multi-source cluster: {len(pure)}/{len(r['events'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", help="ECB+ articles.jsonl")
    parser.add_argument("--topics", type=int, default=0, help="only the first N topics (0: all)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    parser.add_argument("--cache", type=Path, help="keep each topic's extracted and embedded database here")
    parser.add_argument("--groups", action="store_true", help="print each topic's flags against the gold events")
    parser.add_argument(
        "--one-db", action="store_true", help="all chosen topics in one database, as a researcher loads a corpus"
    )
    parser.add_argument(
        "--batches", type=int, default=1, help="with --one-db and --cache: add the documents in N incremental runs"
    )
    args = parser.parse_args()
    topics = read_topics(args.articles)
    chosen = sorted(topics, key=lambda t: int(t) if t.isdigit() else t)[: args.topics or None]
    embedder, nlp = SentenceTransformerEmbedder(args.model), build_nlp()
    if args.one_db:
        one_database([topics[t] for t in chosen], embedder, nlp, args.cache, args.batches)
        return
    started = time.perf_counter()
    multi = mixed = agree = docs = alone = 0
    covered: set[str] = set()
    events: set[str] = set()
    for topic in chosen:
        r = run_topic(topics[topic], embedder, nlp, args.cache)
        multi, mixed = multi + r["multi"], mixed + r["mixed"]
        covered |= r["covered"]
        events |= r["events"]
        a, n = flag_agreement(r["flags"])
        agree, docs, alone = agree + a, docs + n, alone + r["alone"][0]
        print(
            f"topic {topic:>3}: {r['multi']:4d} multi-source clusters, {r['mixed']:3d} mixed; "
            f"other-event flags right for {a}/{n} documents; {r['alone'][0]} flagged alone",
            flush=True,
        )
        if args.groups:
            print(f"           {group_table(r['flags'])}", flush=True)
    seconds = time.perf_counter() - started
    how = "reclustered from the cache where cached" if args.cache else "one pipeline run per topic"
    print(f"\n{len(chosen)} topics, {docs} documents, {seconds:.0f} s ({how})")
    print(f"multi-source clusters mixing events: {mixed}/{multi} = {mixed / max(multi, 1):.1%}")
    print(f"events with a multi-source cluster: {len(covered)}/{len(events)}")
    print(f"other-event flag agrees with the gold events: {agree}/{docs} documents = {agree / max(docs, 1):.1%}")
    print(f"other-event flags with each event alone (all wrong): {alone}/{docs} documents = {alone / max(docs, 1):.1%}")


if __name__ == "__main__":
    main()

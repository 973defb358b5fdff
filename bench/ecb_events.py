"""Event scope on ECB+: do multi-source clusters mix events, and how many events get one?

Usage: python bench/ecb_events.py ../shared/corpora/ecbplus/articles.jsonl [--topics N] [--model DIR]

Runs the real pipeline (ingest, extract, embed, cluster, checks, store) once per
topic, into a fresh database: each topic holds two different events of the
same kind, which is the hard case for event scope. Prints the share of
multi-source clusters (support >= 2) whose documents belong to more than one
gold event, how many of the events have a multi-source cluster, and how well
the "other-event" flag follows the gold events.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from corroborate import pipeline
from corroborate.embed import SentenceTransformerEmbedder
from corroborate.extract import build_nlp
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


def run_topic(rows: list[dict[str, Any]], embedder: Any, nlp: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        write_articles(rows, folder)
        store = Store(Path(tmp) / "topic.db")
        pipeline.run([str(folder)], store, embedder, nlp)
        documents = store.documents()
        event_of = {d.id: Path(d.path).name.split("__")[0] for d in documents.values()}
        doc_of = {c.id: c.document_id for c in store.claims()}
        clusters = [c for c in store.clusters() if c.support >= 2]
        result = {
            "multi": len(clusters),
            "mixed": sum(len({event_of[doc_of[i]] for i in c.claims}) > 1 for c in clusters),
            "covered": {event_of[doc_of[i]] for c in clusters for i in c.claims},
            "events": set(event_of.values()),
            "flags": [(event_of[d.id], "other-event" in d.flags) for d in documents.values()],
        }
        store.close()
        return result


def flag_agreement(flags: list[tuple[str, bool]]) -> tuple[int, int]:
    """Documents whose other-event flag agrees with the gold events, taking either gold event as the main one.

    (The two events of a topic are often about the same size, so "largest" is a coin toss.)
    """
    events = Counter(e for e, _ in flags)
    return max(sum((e != main) == flagged for e, flagged in flags) for main in events), len(flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", help="ECB+ articles.jsonl")
    parser.add_argument("--topics", type=int, default=0, help="only the first N topics (0: all)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    args = parser.parse_args()
    topics = read_topics(args.articles)
    chosen = sorted(topics, key=lambda t: int(t) if t.isdigit() else t)[: args.topics or None]
    embedder, nlp = SentenceTransformerEmbedder(args.model), build_nlp()
    started = time.perf_counter()
    multi = mixed = agree = docs = 0
    covered: set[str] = set()
    events: set[str] = set()
    for topic in chosen:
        r = run_topic(topics[topic], embedder, nlp)
        multi, mixed = multi + r["multi"], mixed + r["mixed"]
        covered |= r["covered"]
        events |= r["events"]
        a, n = flag_agreement(r["flags"])
        agree, docs = agree + a, docs + n
        print(f"topic {topic:>3}: {r['multi']:4d} multi-source clusters, {r['mixed']:3d} mixed; "
              f"other-event flags right for {a}/{n} documents", flush=True)
    seconds = time.perf_counter() - started
    print(f"\n{len(chosen)} topics, {docs} documents, {seconds:.0f} s (one pipeline run per topic)")
    print(f"multi-source clusters mixing events: {mixed}/{multi} = {mixed / max(multi, 1):.1%}")
    print(f"events with a multi-source cluster: {len(covered)}/{len(events)}")
    print(f"other-event flag agrees with the gold events: {agree}/{docs} documents = {agree / max(docs, 1):.1%}")


if __name__ == "__main__":
    main()

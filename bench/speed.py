"""Time the whole pipeline on N ECB+ articles against the bare embedding model.

Usage: python bench/speed.py ../shared/corpora/ecbplus/articles.jsonl [-n 100] [--model DIR]

The pipeline run covers ingest, extraction, embedding, clustering, checks and
the store; the baseline encodes the same claim texts with the same model in the
same process. The ratio says what everything besides embedding costs.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corroborate import pipeline
from corroborate.embed import SentenceTransformerEmbedder
from corroborate.extract import build_nlp
from corroborate.store import Store


def write_articles(path: str, n: int, folder: Path) -> int:
    with open(path, encoding="utf-8") as lines:
        for count, line in enumerate(lines):
            if count == n:
                return count
            row = json.loads(line)
            text = f"{row.get('title') or ''}\n\n{row['text']}".strip()
            (folder / f"{row['id']}.txt").write_text(text, encoding="utf-8")
    return count + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", help="ECB+ articles.jsonl")
    parser.add_argument("-n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    args = parser.parse_args()
    embedder, nlp = SentenceTransformerEmbedder(args.model), build_nlp()
    embedder.embed(["warm up the model"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        n = write_articles(args.articles, args.n, folder)
        store = Store(Path(tmp) / "speed.db")
        started = time.perf_counter()
        result = pipeline.run([str(folder)], store, embedder, nlp)
        whole = time.perf_counter() - started
        texts = [c.text for c in store.claims()]
        started = time.perf_counter()
        embedder.embed(texts)
        bare = time.perf_counter() - started
        clusters = store.counts()["clusters"]
        store.close()
    print(f"{n} articles, {result.claims_added} claims, {clusters} clusters")
    print(f"whole pipeline: {whole:.1f} s; bare embedding of the same claim texts: {bare:.1f} s")
    print(f"ratio: {whole / max(bare, 1e-9):.2f}x")


if __name__ == "__main__":
    main()

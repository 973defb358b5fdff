"""Time the whole pipeline on N ECB+ articles against the bare embedding model.

Usage: python bench/speed.py ../shared/corpora/ecbplus/articles.jsonl [-n 100] [--model DIR]

The pipeline run covers ingest, extraction, embedding, clustering, checks and
the store; the baseline encodes the same claim texts with the same model in the
same process. The ratio says what everything besides embedding costs.

Extraction is then timed alone: ``extract_claims`` over the same articles (as
ingest read them) with the same spaCy pipeline, after a warm-up, reported in
articles per second and as a share of the whole run. The run's own progress
ticks give a second view: when its last article was extracted, which bounds
ingest plus extraction inside the run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from spacy.language import Language

from corroborate import ingest, pipeline
from corroborate.embed import SentenceTransformerEmbedder
from corroborate.extract import build_nlp, extract_claims
from corroborate.records import Article
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


def unique_articles(folder: Path) -> list[Article]:
    """The articles as the run reads them, each content once (the run stores duplicates once)."""
    articles, _ = ingest.read_batch([str(folder)])
    return list({a.id: a for a in articles}.values())


def time_extraction(articles: list[Article], nlp: Language) -> tuple[float, int]:
    """Seconds to extract every article's claims, after one warm-up article; and the claim count."""
    if articles:
        extract_claims(articles[0], nlp)
    started = time.perf_counter()
    claims = sum(len(extract_claims(a, nlp)) for a in articles)
    return time.perf_counter() - started, claims


class Ticks:
    """The run's progress callback: the time of the last tick of each stage, from the run's start."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.last: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.last[stage] = time.perf_counter() - self.started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", help="ECB+ articles.jsonl")
    parser.add_argument("-n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--model", help="local sentence-transformers model directory")
    args = parser.parse_args()
    embedder, nlp = SentenceTransformerEmbedder(args.model), build_nlp()
    embedder.embed(["warm up the model"])
    nlp("Officials said the pipeline was warmed up before the run.")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        n = write_articles(args.articles, args.n, folder)
        store = Store(Path(tmp) / "speed.db")
        ticks = Ticks()
        result = pipeline.run([str(folder)], store, embedder, nlp, progress=ticks)
        whole = time.perf_counter() - ticks.started
        texts = [c.text for c in store.claims()]
        started = time.perf_counter()
        embedder.embed(texts)
        bare = time.perf_counter() - started
        clusters = store.counts()["clusters"]
        store.close()
        articles = unique_articles(folder)
        alone, claims = time_extraction(articles, nlp)
    print(f"{n} articles, {result.claims_added} claims, {clusters} clusters")
    print(f"whole pipeline: {whole:.1f} s; bare embedding of the same claim texts: {bare:.1f} s")
    print(f"ratio: {whole / max(bare, 1e-9):.2f}x")
    rate = len(articles) / max(alone, 1e-9)
    print(
        f"extraction alone: {alone:.1f} s for {len(articles)} articles ({claims} claims), {rate:.2f} articles/s; "
        f"{alone / max(whole, 1e-9):.0%} of the whole run"
    )
    if "extract" in ticks.last:
        ended = ticks.last["extract"]
        print(f"in the run, ingest + extraction ended at {ended:.1f} s ({ended / max(whole, 1e-9):.0%} of the run)")


if __name__ == "__main__":
    main()

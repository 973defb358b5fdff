"""A synthetic large database for the review app, and a check that it opens on one.

``python tests/test_review_scale.py [CLAIMS] [PATH]`` builds a database of CLAIMS
synthetic claims (100,000 by default) through the Store and prints how long the
app takes to show its first screen. The test below does the same on a small one;
timings are reported, never asserted.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from test_review_app import SIZE, main, settle

from corroborate.records import Article, Claim, Cluster, Conflict, Suggestion
from corroborate.review.app import make_app
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.store import Store

WORDS = (
    "army",
    "base",
    "drone",
    "strike",
    "militia",
    "troops",
    "Iran",
    "Iraq",
    "Syria",
    "Jordan",
    "officials",
    "said",
    "killed",
    "wounded",
    "attack",
)
PER_DOCUMENT = 50


def build_synthetic(path: Path, claims: int) -> Path:
    """A database of ``claims`` claims in documents of 50, clustered three by three."""
    store = Store(path)
    rng = np.random.default_rng(0)
    all_claims: list[Claim] = []
    for d in range(max(1, claims // PER_DOCUMENT)):
        article, doc_claims = _document(d, rng)
        store.add_document(article, doc_claims, np.zeros((len(doc_claims), 4), np.float32), "synthetic")
        all_claims += doc_claims
    store.replace_clusters(*_clusters(all_claims), run_id=1)
    store.close()
    return path


def _document(d: int, rng: np.random.Generator) -> tuple[Article, list[Claim]]:
    sentences = [" ".join(rng.choice(WORDS, 8)) + f" {d}-{i}." for i in range(PER_DOCUMENT)]
    text = "\n".join(sentences)
    article = Article(id=f"doc{d:06d}", path=f"synthetic/{d}.txt", text=text, source=f"source {d % 97}")
    claims, start = [], 0
    for sentence in sentences:
        end = start + len(sentence)
        claim_id = Claim.make_id(article.id, sentence, start, end)
        claims.append(Claim(claim_id, article.id, sentence, sentence, start, end))
        start = end + 1
    return article, claims


def _clusters(claims: list[Claim]) -> tuple[list[Cluster], list[Suggestion]]:
    clusters = []
    for i in range(0, len(claims), 3):
        members = claims[i : i + 3] if i % 2 else claims[i : i + 1]
        if not members:
            continue
        conflict = Conflict("dates", "date", "contradiction", (members[0].id,), "dates differ")
        conflicts = (conflict,) if i % 7 == 0 else ()
        status = "single-source" if len(members) == 1 else "contradicted" if conflicts else "corroborated"
        clusters.append(
            Cluster(
                f"c{i:07d}",
                tuple(c.id for c in members),
                len(members),
                len(members),
                status,
                members[0].text,
                conflicts,
            )
        )
    return clusters, []


async def time_first_screen(path: Path) -> float:
    """Seconds from starting the app to its first list page and detail on screen."""
    started = time.perf_counter()
    async with make_app(str(path), reviewer="timer").run_test(size=SIZE) as pilot:
        await settle(pilot)
        elapsed = time.perf_counter() - started
        assert main(pilot.app).query_one(ClusterList).row_count > 0
    return elapsed


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_synthetic_database_opens_paged(tmp_path: Path) -> None:
    path = build_synthetic(tmp_path / "synthetic.db", 1500)
    async with make_app(str(path), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        clusters = main(pilot.app).query_one(ClusterList)
        assert clusters.row_count == 100 < clusters.total
        clusters.move_cursor(row=clusters.row_count - 1)
        await settle(pilot)
        assert clusters.row_count == 200


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("synthetic-review.db")
    if not target.exists():
        t0 = time.perf_counter()
        build_synthetic(target, count)
        print(f"built {count} claims in {time.perf_counter() - t0:.1f} s")
    print(f"first screen in {asyncio.run(time_first_screen(target)):.2f} s")

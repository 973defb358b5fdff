"""``corroborate match --pool ... --queries ...`` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from rich.console import Console

from corroborate import cli as cli_module
from corroborate import embed
from corroborate.cli import cli
from corroborate.normalize import normalize

POOL = [
    {
        "id": "c1",
        "text": "The city will ban all petrol cars from the centre in 2025.",
        "verdict": "false",
        "url": "https://checks.example.org/c1",
    },
    {"id": "c2", "text": "Drinking hot water cures the flu.", "verdict": "false"},
    {"id": "c3", "text": "The river bridge will close for six months of repairs.", "verdict": "true"},
    {"id": "c4", "text": "Tap water in the north district is unsafe to drink.", "verdict": "misleading"},
]
QUERIES = [
    {
        "id": "t1",
        "text": "Heads up: the river bridge will close for six months of repairs #traffic https://t.co/q1 "
        "— A Commuter (@commuter) March 3, 2024",
    },
    {"id": "t2", "text": "@cityhall: the tap water in north district is not safe for drinking"},
]


class CountingEmbedder:
    """The hash embedder, with every text it is asked to embed written down."""

    model_id = "hash-256"

    def __init__(self) -> None:
        self.inner = embed.HashEmbedder()
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.embed(texts)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingEmbedder:
    embedder = CountingEmbedder()
    monkeypatch.setattr(embed, "make_embedder", lambda model=None, backend="torch": embedder)
    return embedder


def jsonl(path: Path, rows: Sequence[object], extra: str = "") -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + extra, encoding="utf-8")
    return str(path)


def rows_of(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_each_query_gets_its_top_matches_with_pool_fields(tmp_path: Path, counting: CountingEmbedder) -> None:
    pool, queries = jsonl(tmp_path / "pool.jsonl", POOL), jsonl(tmp_path / "q.jsonl", QUERIES)
    result = CliRunner().invoke(cli, ["match", "--pool", pool, "--queries", queries, "--top", "2"])
    assert result.exit_code == 0, result.output
    rows = rows_of(result.output)
    assert [r["query"] for r in rows] == ["t1", "t2"]
    assert [[m["id"] for m in r["matches"]] for r in rows] == [["c3", rows[0]["matches"][1]["id"]], ["c4", "c2"]]
    best = rows[0]["matches"][0]
    expected = {"id": "c3", "score": best["score"], "same": True, "cosine": best["cosine"], "text": POOL[2]["text"]}
    assert best == {**expected, "verdict": "true"} and 0.5 <= best["score"] <= 1 and 0 < best["cosine"] <= 1
    assert best["score"] > rows[0]["matches"][1]["score"] and rows[0]["matches"][1]["same"] is False
    assert Path(pool + ".vectors.db").exists()


def test_a_second_run_embeds_nothing_of_the_pool(tmp_path: Path, counting: CountingEmbedder) -> None:
    pool, queries = jsonl(tmp_path / "pool.jsonl", POOL), jsonl(tmp_path / "q.jsonl", QUERIES)
    cache = str(tmp_path / "elsewhere.db")
    args = ["match", "--pool", pool, "--queries", queries, "--cache", cache]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    pool_texts = {normalize(str(r["text"])) for r in POOL}
    assert pool_texts <= set(counting.texts)
    embedded_first, counting.texts = len(counting.texts), []
    second = CliRunner().invoke(cli, args)
    assert second.output == first.output
    assert not pool_texts & set(counting.texts) and 0 < len(counting.texts) < embedded_first  # queries only
    assert Path(cache).exists() and not Path(pool + ".vectors.db").exists()


def test_claim_review_records_load_as_a_pool(tmp_path: Path, counting: CountingEmbedder) -> None:
    review = {
        "@type": "ClaimReview",
        "url": "https://checks.example.org/bridge",
        "claimReviewed": POOL[2]["text"],
        "author": {"name": "Example Checks"},
        "reviewRating": {"alternateName": "True"},
        "datePublished": "2024-03-01",
    }
    pool = tmp_path / "reviews.json"
    pool.write_text(json.dumps({"@graph": [review, {**review, "url": "x", "claimReviewed": POOL[1]["text"]}]}))
    queries = jsonl(tmp_path / "q.jsonl", QUERIES[:1])
    result = CliRunner().invoke(cli, ["match", "--pool", str(pool), "--queries", queries, "--top", "1"])
    assert result.exit_code == 0, result.output
    (match,) = rows_of(result.output)[0]["matches"]
    assert match == {
        "id": "https://checks.example.org/bridge",
        "score": match["score"],
        "same": True,
        "cosine": match["cosine"],
        "text": POOL[2]["text"],
        "url": "https://checks.example.org/bridge",
        "verdict": "True",
        "by": "Example Checks",
        "date": "2024-03-01",
    }


def test_bad_lines_are_named_and_the_rest_still_run(tmp_path: Path, counting: CountingEmbedder) -> None:
    pool = jsonl(tmp_path / "pool.jsonl", POOL, extra="{broken\n")
    queries = jsonl(tmp_path / "q.jsonl", [{"id": "t0", "text": ""}, *QUERIES])
    result = CliRunner().invoke(cli, ["match", "--pool", pool, "--queries", queries])
    assert result.exit_code == 1
    assert f"error: {pool}: line 5: not valid JSON" in result.output
    assert f"error: {queries}: line 1: no 'text' field" in result.output
    assert [r["query"] for r in rows_of(result.output)] == ["t1", "t2"]
    assert all(len(r["matches"]) == 4 for r in rows_of(result.output))  # --top 5, four good pool lines


def test_table_has_a_row_per_query_and_match(
    tmp_path: Path, counting: CountingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "out", Console(highlight=False, width=250))
    pool, queries = jsonl(tmp_path / "pool.jsonl", POOL), jsonl(tmp_path / "q.jsonl", QUERIES)
    result = CliRunner().invoke(cli, ["match", "--pool", pool, "--queries", queries, "--top", "2", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "known claim" in result.output and "c3: The river bridge" in result.output
    assert "verdict=true" in result.output and "t2: @cityhall: the tap water" in result.output
    header = next(line for line in result.output.splitlines() if "known claim" in line)
    assert "cosine" in header and "cosine=" not in result.output  # its own column, not one of the pool's fields


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--pairs, or --pool with --queries, is needed"),
        (["--pool", "POOL"], "--queries is needed"),
        (["--queries", "POOL"], "--pool is needed"),
        (["--pairs", "POOL", "--pool", "POOL", "--queries", "POOL"], "not both"),
        (["--pairs", "POOL", "--top", "3"], "--top, --cache and --also go with --pool"),
    ],
)
def test_options_that_do_not_go_together_are_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    pool = jsonl(tmp_path / "pool.jsonl", POOL)
    result = CliRunner().invoke(cli, ["match", *[pool if a == "POOL" else a for a in args]])
    assert result.exit_code == 2 and message in result.output and "Usage:" in result.output


@pytest.mark.slow
def test_real_model_ranks_the_checked_claim_a_tweet_repeats_first(tmp_path: Path) -> None:
    pool = jsonl(tmp_path / "pool.jsonl", POOL)
    queries = jsonl(
        tmp_path / "q.jsonl",
        [
            {
                "id": "tweet",
                "text": "Heads up: they're shutting the bridge over the river for half a year to fix it "
                "https://t.co/abc — Local Driver (@localdriver) April 2, 2024",
            },
            {"id": "flu", "text": "My grandma swears a cup of hot water gets rid of influenza #health"},
        ],
    )
    result = CliRunner().invoke(cli, ["match", "--pool", pool, "--queries", queries, "--top", "4"])
    assert result.exit_code == 0, result.output
    rows = rows_of(result.output)
    assert [r["matches"][0]["id"] for r in rows] == ["c3", "c2"]
    assert rows[0]["matches"][0]["score"] > rows[0]["matches"][1]["score"] + 0.1

"""Stored claims marked as checked before (corroborate run --known): store, pipeline, export, review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate import pipeline
from corroborate.cli import cli
from corroborate.embed import HashEmbedder
from corroborate.export import build_report
from corroborate.known import embed_known
from corroborate.records import KnownClaim, KnownMark
from corroborate.review.widgets.render import checked_before
from corroborate.store import Store


def marked(report: dict) -> dict[str, list[dict]]:
    return {c["text"]: c["known"] for cl in report["clusters"] for c in cl["claims"] if c["known"]}


def test_a_claim_that_repeats_a_checked_claim_is_marked_and_exported(hash_db: Path) -> None:
    store = Store(hash_db)
    claims = store.claims()
    target = next(c for c in claims if c.text == "The drone strike killed three US soldiers.")
    pool = [
        KnownClaim("fc-1", target.text, {"verdict": "true", "url": "https://example.org/1"}),
        KnownClaim("fc-2", "The moon landing was filmed in a studio.", {"verdict": "false"}),
    ]
    embedder = HashEmbedder()
    known = pipeline.KnownPool("checked.jsonl", pool, embed_known(pool, embedder), threshold=0.99)
    assert pipeline.mark_stored(store, embedder.model_id, known) >= 1
    found = marked(build_report(store))
    assert found[target.text][0]["id"] == "fc-1"
    assert found[target.text][0]["verdict"] == "true"
    assert not any(m["id"] == "fc-2" for marks in found.values() for m in marks)
    # a second pass with the same pool replaces its marks rather than adding to them
    before = sum(len(v) for v in found.values())
    pipeline.mark_stored(store, embedder.model_id, known)
    assert sum(len(v) for v in marked(build_report(store)).values()) == before
    store.close()


def test_a_close_claim_about_another_role_is_not_marked(hash_db: Path) -> None:
    store = Store(hash_db)
    wounded = next(c for c in store.claims() if c.text == "The drone strike wounded dozens of others.")
    pool = [KnownClaim("fc-3", "The drone strike killed dozens of others.")]
    embedder = HashEmbedder()
    known = pipeline.KnownPool("checked.jsonl", pool, embed_known(pool, embedder), threshold=0.0)
    pipeline.mark_stored(store, embedder.model_id, known)
    assert wounded.text not in marked(build_report(store))
    store.close()


def test_the_mark_reads_in_the_review_detail() -> None:
    mark = KnownMark("c1", "fc-1", 0.91, "A drone strike killed three soldiers.", {"verdict": "true", "url": "u"})
    text = checked_before(mark).plain
    assert "checked before (0.91): A drone strike killed three soldiers." in text
    assert "verdict=true" in text and "url=u" in text


@pytest.mark.slow
def test_run_known_reports_a_bad_pool_line_and_still_runs(tmp_path: Path) -> None:
    pool = tmp_path / "checked.jsonl"
    pool.write_text(json.dumps({"id": "fc-1", "text": "The port closed."}) + "\nnot json\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The port of Gdansk closed on Monday after a storm damaged two cranes.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(article), "--db", str(tmp_path / "t.db"), "--known", str(pool)])
    assert "checked.jsonl: line 2" in result.output
    assert Store(tmp_path / "t.db").counts()["documents"] == 1

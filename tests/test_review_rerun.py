"""Decisions made in the review app survive a re-run of the clustering."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review_app import main, select_item, settle

from corroborate import pipeline
from corroborate.embed import SentenceTransformerEmbedder
from corroborate.review.app import make_app
from corroborate.store import Store

SIZE = (160, 50)


def cluster_of(store: Store, claim_id: str) -> set[str]:
    cluster_id = store.previous_clusters()[claim_id]
    return set(store.review_cluster_members(cluster_id))


@pytest.mark.anyio
async def test_rejected_claim_leaves_and_accepted_cluster_stays(
    seeds_db: Path, real_embedder: SentenceTransformerEmbedder
) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = main(pilot.app).query_one("#detail").view  # the best-supported cluster: accept it
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down")  # the next corroborated cluster: take one claim out
        await settle(pilot)
        second = main(pilot.app).query_one("#detail").view
        rejected = select_item(pilot.app, "claim", 0)
        await pilot.press("x")
        await settle(pilot)
    assert first.row.id != second.row.id and len(second.members) >= 2

    store = Store(seeds_db)
    pipeline.recluster(store, real_embedder.model_id)
    assert cluster_of(store, first.members[0].claim.id) >= set(first.claim_ids)
    assert not cluster_of(store, rejected) & (set(second.claim_ids) - {rejected})
    store.close()


@pytest.mark.anyio
async def test_split_and_merge_made_in_the_app_are_kept_by_the_next_run(
    seeds_db: Path, real_embedder: SentenceTransformerEmbedder
) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot.app)
        split_view = screen.query_one("#detail").view  # the best-supported cluster: split one claim off
        leaving = select_item(pilot.app, "claim", 0)
        await pilot.press("p", "enter")
        await settle(pilot)
        await pilot.press("escape", "down")
        await settle(pilot)
        into = screen.query_one("#detail").view
        await pilot.press("b", "down")
        await settle(pilot)
        away = screen.query_one("#detail").view
        await pilot.press("M")
        await settle(pilot)
    assert len({split_view.row.id, into.row.id, away.row.id}) == 3

    store = Store(seeds_db)
    pipeline.recluster(store, real_embedder.model_id)
    assert not cluster_of(store, leaving) & (set(split_view.claim_ids) - {leaving})
    stayed = [c for c in split_view.claim_ids if c != leaving]
    assert cluster_of(store, stayed[0]) >= set(stayed)
    assert cluster_of(store, into.claim_ids[0]) >= {*into.claim_ids, *away.claim_ids}
    store.close()

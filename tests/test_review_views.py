"""Pilot tests of the source view and the timeline, and of jumping back to a cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_review_app import SIZE, main, open_cluster_with, select_item, settle

from corroborate.review.app import make_app
from corroborate.review.screens.source import SourceScreen
from corroborate.review.screens.timeline import TimelineScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail
from corroborate.store import Store


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_source_view_shows_article_and_jumps_back(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        claim_id = select_item(pilot.app, "claim", 1)
        await pilot.press("v")
        await settle(pilot)
        source = pilot.app.screen
        assert isinstance(source, SourceScreen) and source.article is not None
        assert source.claims[source.current].claim.id == claim_id
        assert len(source.query(".line")) == source.article.text.count("\n") + 1
        await pilot.press("down", "up", "j")
        await settle(pilot)
        assert main(pilot.app).query_one(ClusterDetail).view.row.id == view.row.id


@pytest.mark.anyio
async def test_source_view_dims_junk_with_reason(seeds_db: Path) -> None:
    store = Store(seeds_db)
    document = next(d for d in store.documents().values() if d.junk)
    claim = store.claims(document.id)[0]
    store.close()
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(SourceScreen(pilot.app.data, document.id, claim.id))
        await settle(pilot)
        rendered = "\n".join(str(line.render()) for line in pilot.app.screen.query(".line"))
        assert f"⟨dropped: {document.junk[0].reason}⟩" in rendered


@pytest.mark.anyio
async def test_timeline_orders_dates_and_jumps_to_cluster(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        timeline = pilot.app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.entries
        resolved = [e.date for e in timeline.entries if not e.date.startswith("?")]
        assert resolved == sorted(resolved)
        target = next(i for i, e in enumerate(timeline.entries) if e.cluster_id)
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("j")
        await settle(pilot)
        wanted = timeline.entries[target].cluster_id
        screen = main(pilot.app)
        assert screen.query_one(ClusterDetail).view.row.id == wanted
        current = screen.query_one(ClusterList).current
        assert current is not None and current.id == wanted


@pytest.mark.anyio
async def test_may_29th_outlier_stands_out_in_detail_and_timeline(seeds_db: Path) -> None:
    from test_review_snapshots import may_anomaly

    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_cluster_with(pilot, "contradicted", may_anomaly)
        view = main(pilot.app).query_one(ClusterDetail).view
        outliers = {c for item in view.conflicts for c in item.conflict.outliers}
        flagged = [m for m in view.members if m.claim.id in outliers]
        assert flagged and any("May 29" in m.claim.sentence for m in flagged)
        await pilot.press("t")
        await settle(pilot)
        entries = pilot.app.screen.entries
        assert any(e.outlier and e.claim.id in outliers for e in entries)

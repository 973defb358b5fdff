"""Snapshots of the review app's key screens on the seeds database.

Regenerate with ``pytest tests/test_review_snapshots.py --snapshot-update`` when
the seeds' extraction or matching changes what the screens show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_review_app import SIZE, main, open_cluster_with, select_item, settle
from textual.pilot import Pilot

from corroborate.review.app import make_app


def may_anomaly(view: Any) -> bool:
    """(a conflict whose explanation mentions "May": source 003's "On May 29th")"""
    return any("May" in c.conflict.detail for c in view.conflicts)


def test_main_screen(snap_compare: Any, seeds_db: Path) -> None:
    assert snap_compare(make_app(str(seeds_db), reviewer="tester"), run_before=settle, terminal_size=SIZE)


def test_contradicted_may_anomaly(snap_compare: Any, seeds_db: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await open_cluster_with(pilot, "contradicted", may_anomaly)
        detail = main(pilot.app).query_one("#detail")
        detail.focus()
        await settle(pilot)

    assert snap_compare(make_app(str(seeds_db), reviewer="tester"), run_before=run_before, terminal_size=SIZE)


def test_source_view(snap_compare: Any, seeds_db: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        select_item(pilot.app, "claim", 0)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(make_app(str(seeds_db), reviewer="tester"), run_before=run_before, terminal_size=SIZE)


def test_help_screen(snap_compare: Any, seeds_db: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(str(seeds_db), reviewer="tester"), run_before=run_before, terminal_size=SIZE)

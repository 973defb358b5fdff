"""Pilot tests: another program holds the database; the app stays alive, says so, and keeps decisions."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partialmethod
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_review_app import SIZE, annotations, main, select_item, settle
from textual.app import App
from textual.pilot import Pilot

from corroborate.cli import cli
from corroborate.records import Annotation
from corroborate.review.app import ReviewApp, make_app
from corroborate.review.busy import ReviewDataError
from corroborate.review.data import ReviewData
from corroborate.review.screens.main import MainScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail
from corroborate.store import Store

PATIENCE = 0.3  # seconds the app retries before it tells the reviewer (3 s in real use)


@contextmanager
def held(db: Path, how: str) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database: "immediate" blocks writers, "exclusive" readers too.

    In WAL mode readers that are already open cannot be shut out; there "exclusive" blocks
    writers and readers that open later (``readers_blocked`` tells which).
    """
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    if how == "exclusive":
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
    try:
        other.execute(f"BEGIN {how.upper()}")
    except sqlite3.OperationalError:  # WAL with another connection open
        other.execute("PRAGMA locking_mode = NORMAL")
        other.execute(f"BEGIN {how.upper()}")
    other.execute("update annotations set undone = undone")
    try:
        yield other
    finally:
        other.close()  # rolls back; the only way out of locking_mode EXCLUSIVE


def readers_blocked(db: Path) -> bool:
    """Whether a read of the database fails now."""
    probe = sqlite3.connect(db, timeout=0)
    try:
        probe.execute("select count(*) from clusters").fetchone()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def messages(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


async def wait_for(pilot: Pilot, done, seconds: float = 8.0) -> None:  # noqa: ANN001
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if done():
            await settle(pilot)
            return
    raise AssertionError(f"not done after {seconds} s: {done.__doc__ or done}")


def assert_alive(pilot: Pilot) -> None:
    assert pilot.app.is_running and pilot.app.return_code is None


def test_write_waits_out_a_lock_shorter_than_its_patience(hash_db: Path) -> None:
    data = ReviewData(str(hash_db), patience=3.0)
    with held(hash_db, "immediate") as other:
        threading.Timer(0.5, other.close).start()
        started = time.monotonic()
        data.annotate(Annotation("cluster", "c1", "accept", "tester"))
        assert time.monotonic() - started >= 0.4
    assert data.pending == 0
    assert [a["target_id"] for a in annotations(hash_db)] == ["c1"]
    data.close()


def test_write_under_a_longer_lock_raises_one_clear_error_and_keeps_the_decision(hash_db: Path) -> None:
    data = ReviewData(str(hash_db), patience=0.3)
    with held(hash_db, "immediate"), pytest.raises(ReviewDataError) as caught:
        data.annotate(Annotation("cluster", "c1", "accept", "tester"))
    assert str(caught.value) == f"{hash_db}: database is locked by another program (waited 0.3 s)"
    assert data.pending == 1 and annotations(hash_db) == []
    assert data.flush() == 1
    assert [a["target_id"] for a in annotations(hash_db)] == ["c1"]
    data.close()


@pytest.mark.anyio
async def test_decision_under_a_write_lock_is_kept_and_lands_after_release(hash_db: Path) -> None:
    app = make_app(str(hash_db), reviewer="tester", patience=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cluster_id = main(app).query_one(ClusterDetail).view.row.id
        with held(hash_db, "immediate"):
            await pilot.press("down", "up")
            await pilot.press("a")
            await settle(pilot)
            assert_alive(pilot)
            assert any("database is locked" in m for m in messages(app))
            assert any("1 decision(s) kept in memory" in m for m in messages(app))
            assert app.data is not None and app.data.pending == 1
            assert "1 unsaved" in main(app).sub_title
        assert annotations(hash_db) == []

        def landed() -> bool:
            """the kept decision is written"""
            return app.data is not None and app.data.pending == 0

        await wait_for(pilot, landed)
        assert [(a["decision"], a["target_id"]) for a in annotations(hash_db)] == [("accept", cluster_id)]
        assert any("1 kept decision(s) saved" in m for m in messages(app))
        assert main(app).query_one(ClusterDetail).view.row.decision == "accept"
        assert_alive(pilot)


@pytest.mark.anyio
async def test_cursor_moves_under_an_exclusive_lock_show_a_message_not_a_crash(hash_db: Path) -> None:
    app = make_app(str(hash_db), reviewer="tester", patience=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        first = screen.query_one(ClusterDetail).view.row.id
        with held(hash_db, "exclusive"):
            blocked = readers_blocked(hash_db)  # always, except in WAL mode
            await pilot.press("down", "down", "3", "2", "t")
            await settle(pilot)
            assert_alive(pilot)
            assert any("database is locked" in m for m in messages(app)) == blocked
            await pilot.press("escape")  # back from the timeline, which could not load
            await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        clusters = screen.query_one(ClusterList)
        assert clusters.row_count > 1
        assert screen.query_one(ClusterDetail).view.row.id == clusters.current.id != first
        assert_alive(pilot)


@pytest.mark.anyio
async def test_undo_drops_a_kept_decision_before_it_is_written(hash_db: Path) -> None:
    app = make_app(str(hash_db), reviewer="tester", patience=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with held(hash_db, "immediate"):
            await pilot.press("a")
            await settle(pilot)
            assert app.data is not None and app.data.pending == 1
            await pilot.press("u")
            await settle(pilot)
            assert app.data.pending == 0
            assert any("undid kept accept of cluster" in m for m in messages(app))
        await pilot.pause(2.5)  # a flush would have run by now
        await settle(pilot)
        assert annotations(hash_db, include_undone=True) == []


@pytest.mark.anyio
async def test_quit_with_kept_decisions_warns_then_exits_with_code_1(hash_db: Path) -> None:
    app = make_app(str(hash_db), reviewer="tester", patience=PATIENCE)
    with held(hash_db, "immediate"):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
            assert_alive(pilot)
            assert any("press q again to quit without them" in m for m in messages(app))
            await pilot.press("q")
            await pilot.pause(0.2)
    assert app.return_code == 1


@pytest.mark.anyio
async def test_app_on_a_database_locked_at_start_exits_with_code_1(hash_db: Path) -> None:
    app = make_app(str(hash_db), reviewer="tester", patience=PATIENCE)
    with held(hash_db, "exclusive"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(1.0)
    assert app.return_code == 1


def test_review_command_exits_nonzero_when_the_app_dies_of_an_error(
    hash_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: MainScreen) -> None:
        raise RuntimeError("a bug in the app")

    monkeypatch.setattr(ReviewApp, "run", partialmethod(App.run, headless=True))
    monkeypatch.setattr(MainScreen, "compose", broken)
    result = CliRunner().invoke(cli, ["review", "--db", str(hash_db)])
    assert result.exit_code == 1, result.output


@pytest.mark.anyio
async def test_split_under_a_write_lock_says_so_and_changes_nothing(hash_db: Path) -> None:
    app = make_app(str(hash_db), reviewer="tester", patience=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(app).query_one(ClusterDetail).view
        assert len(view.members) >= 2
        select_item(app, "claim", 0)
        with held(hash_db, "immediate"):
            await pilot.press("p", "enter")
            await settle(pilot)
            assert_alive(pilot)
            assert any("database is locked" in m for m in messages(app))
        store = Store(hash_db)
        assert store.review_cluster_members(view.row.id) == sorted(view.claim_ids)
        store.close()
        assert annotations(hash_db) == []

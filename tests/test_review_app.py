"""Pilot tests of the review app on the seeds database: keys in, app state and annotations out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Tabs

from corroborate.review.app import ReviewApp, make_app
from corroborate.review.screens.main import MainScreen
from corroborate.review.screens.modals import HelpScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail
from corroborate.store import Store

SIZE = (160, 50)


async def settle(pilot: Pilot) -> None:
    """Wait until the workers (and the workers they start) are done and the screen is drawn."""
    for _ in range(500):
        await pilot.pause(0.01)
        if not any(w.is_running or w.state.name == "PENDING" for w in pilot.app.workers):
            await pilot.pause()
            return
    raise AssertionError(f"workers still running: {list(pilot.app.workers)}")


def annotations(db: Path, include_undone: bool = False) -> list[dict]:
    store = Store(db)
    try:
        return store.annotations(include_undone=include_undone)
    finally:
        store.close()


def main(app: ReviewApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def select_item(app: ReviewApp, kind: str, index: int = 0) -> str:
    """Highlight the index-th item of a kind in the detail; return its id."""
    detail = main(app).query_one(ClusterDetail)
    ids = [o.id for o in detail.options if o.id and o.id.startswith(kind + ":")]
    detail.focus()
    detail.highlighted = detail.get_option_index(ids[index])
    return ids[index].split(":", 1)[1]


async def open_cluster_with(pilot: Pilot, status: str, predicate) -> None:  # noqa: ANN001
    """Move the list cursor to the first cluster of a status whose view satisfies ``predicate``."""
    screen = main(pilot.app)
    await pilot.press({"corroborated": "1", "contradicted": "2", "single-source": "3"}[status])
    await settle(pilot)
    clusters = screen.query_one(ClusterList)
    for row in range(clusters.row_count):
        clusters.move_cursor(row=row)
        await settle(pilot)
        view = screen.query_one(ClusterDetail).view
        if view and predicate(view):
            return
    raise AssertionError(f"no {status} cluster matches {predicate.__doc__ or 'the predicate'}")


@pytest.mark.anyio
async def test_opens_on_corroborated_with_counts(seeds_db: Path) -> None:
    counts = Store(seeds_db).review_status_counts()
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot.app)
        tabs = screen.query_one(Tabs)
        assert tabs.active == "corroborated"
        labels = [str(tab.label) for tab in tabs.query("Tab")]
        assert labels[0] == f"Corroborated ({counts.get('corroborated', 0)})"
        assert labels[2] == f"Single-source ({counts.get('single-source', 0)})"
        assert screen.query_one(ClusterList).row_count == min(counts["corroborated"], 100)
        assert screen.query_one(ClusterDetail).view is not None
        assert screen.sub_title == f"0/{sum(counts.values())} clusters decided · reviewer tester"


@pytest.mark.anyio
async def test_keys_switch_lists_and_sort(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot.app)
        await pilot.press("3")
        await settle(pilot)
        rows = screen.query_one(ClusterList).rows_by_key.values()
        assert rows and {r.status for r in rows} == {"single-source"}
        await pilot.press("2")
        await settle(pilot)
        assert screen.query_state.status == "contradicted"
        assert {r.status for r in screen.query_one(ClusterList).rows_by_key.values()} <= {"contradicted"}
        await pilot.press("s")
        await settle(pilot)
        assert screen.query_state.order == "conflicts"


@pytest.mark.anyio
async def test_filter_uses_full_text_index(seeds_db: Path) -> None:
    store = Store(seeds_db)
    found = store.review_claim_clusters(store.search_claims("Khatibzadeh"))
    expected = {p.cluster_id for p in found.values() if p.status == "single-source"}
    store.close()
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "slash", *"Khatibzadeh", "enter")
        await settle(pilot)
        screen = main(pilot.app)
        rows = list(screen.query_one(ClusterList).rows_by_key.values())
        assert expected and {r.id for r in rows} == expected
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_state.text == ""


@pytest.mark.anyio
async def test_accept_cluster_records_members_and_progress(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        assert view is not None
        await pilot.press("a")
        await settle(pilot)
        [row] = annotations(seeds_db)
        assert (row["target_kind"], row["target_id"], row["decision"]) == ("cluster", view.row.id, "accept")
        assert json.loads(row["related"]) == list(view.claim_ids)
        assert row["reviewer"] == "tester"
        assert main(pilot.app).sub_title.startswith("1/")


@pytest.mark.anyio
async def test_reject_claim_then_undo(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        assert view is not None
        claim_id = select_item(pilot.app, "claim", 1)
        await pilot.press("x")
        await settle(pilot)
        [row] = annotations(seeds_db)
        assert (row["target_kind"], row["target_id"], row["decision"]) == ("claim", claim_id, "reject")
        assert row["cluster_id"] == view.row.id
        assert set(json.loads(row["related"])) == set(view.claim_ids)
        await pilot.press("u")
        await settle(pilot)
        assert annotations(seeds_db) == []
        assert annotations(seeds_db, include_undone=True)[0]["undone"] == 1


@pytest.mark.anyio
async def test_x_with_the_list_focused_rejects_the_highlighted_cluster_not_a_claim(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        await pilot.press("x")
        await settle(pilot)
        [row] = annotations(seeds_db)
        assert (row["target_kind"], row["target_id"], row["decision"]) == ("cluster", view.row.id, "reject")
        assert main(pilot.app).query_one(ClusterList).rows_by_key[view.row.id].id == view.row.id
        assert str(main(pilot.app).query_one(ClusterList).get_cell(view.row.id, "decision")) == "✗"


@pytest.mark.anyio
async def test_note_modal_writes_a_note(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press(*"check wires", "enter")
        await settle(pilot)
        [row] = annotations(seeds_db)
        assert (row["decision"], row["note"], row["target_kind"]) == ("note", "check wires", "cluster")
        assert "check wires" in str(main(pilot.app).query_one(ClusterDetail).view.notes)


@pytest.mark.anyio
async def test_move_claim_by_search_takes_effect_at_once_and_undo_puts_it_back(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        assert view is not None
        claim_id = select_item(pilot.app, "claim", 0)
        await pilot.press("m", *"Khatibzadeh", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        [row] = annotations(seeds_db)
        assert (row["target_kind"], row["target_id"], row["decision"]) == ("claim", claim_id, "move")
        assert set(json.loads(row["related"])) == set(view.claim_ids)
        moved_to = json.loads(row["moved_to"])
        assert moved_to and not set(moved_to) & set(view.claim_ids)
        store = Store(seeds_db)
        assert store.previous_clusters()[claim_id] == store.previous_clusters()[moved_to[0]]
        assert claim_id not in store.review_cluster_members(view.row.id)
        store.close()
        shown = main(pilot.app).query_one(ClusterDetail).view
        assert shown.row.id == view.row.id and claim_id not in shown.claim_ids
        await pilot.press("u")
        await settle(pilot)
        store = Store(seeds_db)
        assert store.review_cluster_members(view.row.id) == sorted(view.claim_ids)
        store.close()


@pytest.mark.anyio
async def test_suggestion_decision_records_the_pair(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_cluster_with(pilot, "corroborated", lambda v: v.suggestions)
        view = main(pilot.app).query_one(ClusterDetail).view
        suggestion_id = select_item(pilot.app, "suggestion", 0)
        item = next(s for s in view.suggestions if s.id == suggestion_id)
        await pilot.press("x")
        await settle(pilot)
        [row] = annotations(seeds_db)
        assert (row["target_kind"], row["decision"]) == ("suggestion", "reject")
        assert json.loads(row["related"]) == [item.suggestion.claim_a, item.suggestion.claim_b]


@pytest.mark.anyio
async def test_export_writes_the_whole_report_and_says_where(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        said = [n.message for n in pilot.app._notifications]
    written = seeds_db.parent.resolve() / "seeds-report.json"
    report = json.loads(written.read_text())
    store = Store(seeds_db)
    assert {c["status"] for c in report["clusters"]} == set(store.review_status_counts())
    store.close()
    assert (seeds_db.parent / "seeds-report.md").read_text().startswith("# Corroboration table")
    assert any(str(written) in message for message in said)


@pytest.mark.anyio
async def test_help_lists_bindings(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        keys = [key for key, _ in pilot.app.screen.lines]
        assert len(keys) == len(set(keys))  # one line per key
        assert {"a", "x", "m", "n", "u", "p", "b", "M", "]", "[", "f", "c", "e", "tab", "q", "?"} <= set(keys)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)

"""Pilot tests of the review flow: focus, targets, split / merge / move at once, undecided, side by side.

Every test presses keys on a copy of the seeds database and checks the app and the stored clustering.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_review_app import SIZE, annotations, main, open_cluster_with, select_item, settle
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from corroborate.constraints import constraints
from corroborate.review.app import make_app
from corroborate.review.data import ClusterView
from corroborate.review.screens.compare import CompareScreen, by_document, column, differing
from corroborate.review.screens.modals import NoteModal, SplitModal
from corroborate.review.screens.source import SourceScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail
from corroborate.review.widgets.render import DIFFERS, OTHER_STATUS, status_text
from corroborate.store import Store
from corroborate.store.review import ClusterRecord


def footer_words(pilot: Pilot) -> dict[str, str]:
    """Key -> the description the footer shows for it now."""
    return {k: b.binding.description for k, b in pilot.app.screen.active_bindings.items() if b.binding.show}


def target_line(pilot: Pilot) -> str:
    return str(main(pilot.app).query_one("#target", Static).render())


def members(db: Path, cluster_id: str) -> list[str]:
    store = Store(db)
    try:
        return store.review_cluster_members(cluster_id)
    finally:
        store.close()


def cluster_row(db: Path, cluster_id: str) -> ClusterRecord | None:
    store = Store(db)
    try:
        return store.review_cluster(cluster_id)
    finally:
        store.close()


# -- focus and targets ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_focused_pane_is_marked_and_its_highlight_differs_from_the_other_pane(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot.app)
        clusters, detail = screen.query_one(ClusterList), screen.query_one(ClusterDetail)
        assert str(clusters.border_title).startswith("▶") and not str(detail.border_title).startswith("▶")
        assert target_line(pilot).startswith("▶ list")
        focused_cursor = clusters.get_component_styles("datatable--cursor").background
        await pilot.press("tab")
        await settle(pilot)
        assert screen.focused is detail
        assert str(detail.border_title).startswith("▶") and not str(clusters.border_title).startswith("▶")
        assert target_line(pilot).startswith("▶ detail")
        assert clusters.get_component_styles("datatable--cursor").background != focused_cursor
        assert detail.styles.border_top[0] == "heavy" and clusters.styles.border_top[0] == "round"


@pytest.mark.anyio
async def test_footer_names_the_target_accept_cluster_in_the_list_reject_claim_in_the_detail(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        words = footer_words(pilot)
        assert (words["a"], words["x"]) == ("accept cluster", "reject cluster") and "m" not in words
        select_item(pilot.app, "claim", 0)
        await settle(pilot)
        words = footer_words(pilot)
        assert (words["a"], words["x"], words["m"]) == ("accept claim", "reject claim", "move claim")
        assert "keys act on claim “" in target_line(pilot)


@pytest.mark.anyio
async def test_a_on_a_claim_accepts_that_claim_not_the_whole_cluster(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = select_item(pilot.app, "claim", 1)
        await pilot.press("a")
        await settle(pilot)
    [row] = annotations(seeds_db)
    assert (row["target_kind"], row["target_id"], row["decision"]) == ("claim", claim_id, "accept")


@pytest.mark.anyio
async def test_1_brings_focus_back_to_the_list_after_a_jump_from_the_source_view(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        select_item(pilot.app, "claim", 0)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SourceScreen)
        await pilot.press("down", "j")
        await settle(pilot)
        screen = main(pilot.app)
        clusters = screen.query_one(ClusterList)
        shown = screen.query_one(ClusterDetail).view
        # The keys act on what is shown: the list has focus on the jumped-to row, or the detail when it is not listed.
        if shown.row.id in clusters.rows_by_key:
            assert screen.focused is clusters and clusters.current.id == shown.row.id
        else:
            assert screen.focused is screen.query_one(ClusterDetail)
        await pilot.press("tab", "1")
        await settle(pilot)
        assert screen.focused is clusters and screen.query_state.status == "corroborated"


@pytest.mark.anyio
async def test_escape_in_the_detail_goes_back_to_the_list(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        assert main(pilot.app).focused is main(pilot.app).query_one(ClusterDetail)
        await pilot.press("escape")
        assert main(pilot.app).focused is main(pilot.app).query_one(ClusterList)


# -- split, merge, move: at once, undoable, constraints -----------------------------------------


@pytest.mark.anyio
async def test_split_takes_picked_claims_into_a_new_cluster_at_once_and_undo_restores(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        before = cluster_row(seeds_db, view.row.id)
        leaving = select_item(pilot.app, "claim", 0)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SplitModal)
        await pilot.press("enter")  # the highlighted claim is picked already
        await settle(pilot)
        stay = members(seeds_db, view.row.id)
        assert leaving not in stay and set(stay) == set(view.claim_ids) - {leaving}
        store = Store(seeds_db)
        new_id = store.previous_clusters()[leaving]
        new = store.review_cluster(new_id)
        must, cannot = constraints(store.standing_annotations())
        store.close()
        assert new_id != view.row.id and new.support == 1 and new.status == "single-source"
        assert {(leaving, other) for other in stay} <= set(cannot)
        assert set(zip(stay, stay[1:], strict=False)) <= set(must)
        shown = main(pilot.app).query_one(ClusterDetail).view
        assert shown.row.id == view.row.id and leaving not in shown.claim_ids
        await pilot.press("u")
        await settle(pilot)
    assert members(seeds_db, view.row.id) == sorted(view.claim_ids)
    assert cluster_row(seeds_db, new_id) is None
    assert cluster_row(seeds_db, view.row.id).support == before.support
    assert annotations(seeds_db) == []


@pytest.mark.anyio
async def test_merge_marked_cluster_takes_the_highlighted_one_at_once_and_undo_splits_it_back(
    seeds_db: Path,
) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot.app)
        into = screen.query_one(ClusterDetail).view
        await pilot.press("b", "down")
        await settle(pilot)
        away = screen.query_one(ClusterDetail).view
        assert away.row.id != into.row.id and "marked to merge into" in target_line(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert members(seeds_db, into.row.id) == sorted({*into.claim_ids, *away.claim_ids})
        assert cluster_row(seeds_db, away.row.id) is None
        assert away.row.id not in screen.query_one(ClusterList).rows_by_key
        [row] = annotations(seeds_db)
        assert (row["decision"], row["cluster_id"], row["target_id"]) == ("merge", into.row.id, away.row.id)
        store = Store(seeds_db)
        must, _ = constraints(store.standing_annotations())
        store.close()
        linked = {frozenset(p) for p in must}
        everything = sorted(json.loads(row["related"]))
        assert set(everything) == {*into.claim_ids, *away.claim_ids} and len(linked) >= len(everything) - 1
        await pilot.press("u")
        await settle(pilot)
    assert members(seeds_db, into.row.id) == sorted(into.claim_ids)
    assert members(seeds_db, away.row.id) == sorted(away.claim_ids)


@pytest.mark.anyio
async def test_merge_without_a_mark_changes_nothing(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        await pilot.press("M")
        await settle(pilot)
    assert annotations(seeds_db) == [] and members(seeds_db, view.row.id) == sorted(view.claim_ids)


# -- undecided --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_next_undecided_skips_decided_clusters_and_previous_goes_back(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        clusters = main(pilot.app).query_one(ClusterList)
        await pilot.press("down", "a")  # row 1 decided
        await settle(pilot)
        await pilot.press("up")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert clusters.cursor_row == 2
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert clusters.cursor_row == 0
        assert main(pilot.app).query_one(ClusterDetail).view.row.id == clusters.current.id


@pytest.mark.anyio
async def test_undecided_filter_leaves_out_decided_clusters(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        clusters = main(pilot.app).query_one(ClusterList)
        total = clusters.row_count
        decided = clusters.current.id
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert clusters.row_count == total - 1 and decided not in clusters.rows_by_key
        assert "undecided only" in str(clusters.border_title)
        await pilot.press("f")
        await settle(pilot)
        assert clusters.row_count == total


# -- what the detail and the list show ------------------------------------------------------------


def may_anomaly(view: ClusterView) -> bool:
    """(the contradicted cluster where source 003 says "May 29th")"""
    return any("May" in c.conflict.detail for c in view.conflicts)


@pytest.mark.anyio
async def test_side_by_side_has_one_column_per_source_and_highlights_the_differing_date(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_cluster_with(pilot, "contradicted", may_anomaly)
        view = main(pilot.app).query_one(ClusterDetail).view
        await pilot.press("c")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        shown = [str(s.render()) for s in screen.query(".compare-text").results(Static)]
        assert len(shown) == len({m.claim.document_id for m in view.members}) >= 2
        assert sum("May 29th" in text for text in shown) == 1
        regions = [c.region for c in screen.query(".compare-column")]
        assert len({r.y for r in regions}) == 1 and all(r.right <= SIZE[0] for r in regions)  # side by side
        source, group = next(
            (s, g) for s, g in by_document(view.members) if any("May 29th" in m.claim.sentence for m in g)
        )
        may = column(source, group, view)
        at = str(may).index("May 29th")
        assert any(span.start <= at < span.end and str(span.style) == DIFFERS for span in may.spans)
        odd = differing(view.members)
        assert any("May 29th" in texts for texts in odd.values())
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, CompareScreen)


@pytest.mark.anyio
async def test_may_29th_shows_the_date_the_checks_worked_out_not_a_question_mark(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_cluster_with(pilot, "contradicted", may_anomaly)
        detail = main(pilot.app).query_one(ClusterDetail)
        shown = "\n".join(str(o.prompt) for o in detail.options)
    assert "May 29th → 2024-05-29 (inferred)" in shown and "→ ?" not in shown


@pytest.mark.anyio
async def test_other_event_document_004_is_flagged_in_the_list_and_the_detail(seeds_db: Path) -> None:
    store = Store(seeds_db)
    other = next(d for d in store.documents().values() if "other-event" in d.flags)
    store.close()
    assert Path(other.path).name.startswith("004")
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_cluster_with(pilot, "single-source", lambda v: v.members[0].claim.document_id == other.id)
        screen = main(pilot.app)
        view = screen.query_one(ClusterDetail).view
        row_label = str(screen.query_one(ClusterList).get_cell(view.row.id, "label"))
        detail = "\n".join(str(o.prompt) for o in screen.query_one(ClusterDetail).options)
    assert row_label.startswith("⚑ other event")
    assert "⚑ other event" in detail


@pytest.mark.anyio
async def test_rewrite_names_its_original_in_the_detail(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = "\n".join(str(o.prompt) for o in main(pilot.app).query_one(ClusterDetail).options)
    assert "⚑ rewrite of Financial Times" in detail


@pytest.mark.anyio
async def test_at_100_columns_the_footer_fits_and_the_claim_column_keeps_most_of_the_width(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for keys in ((), ("tab", "down", "down")):
            await pilot.press(*keys)
            await settle(pilot)
            footer = main(pilot.app).query_one(Footer)
            items = list(footer.query("FooterKey"))
            assert items and all(item.region.right <= 100 and item.region.width > 0 for item in items)
            shown = " ".join(str(item.render()) for item in items)
            assert "undo" in shown and "quit" in shown
        clusters = main(pilot.app).query_one(ClusterList)
        assert clusters.widths[0] >= 0.6 * clusters.size.width


@pytest.mark.anyio
async def test_note_dialog_is_titled_with_the_cluster_label_not_a_hash(seeds_db: Path) -> None:
    async with make_app(str(seeds_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main(pilot.app).query_one(ClusterDetail).view
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteModal)
        title = str(pilot.app.screen.query_one("#note-title", Static).render())
    assert view.row.label[:40] in title and view.row.id not in title


def test_unknown_status_is_shown_as_stored_in_a_fallback_colour() -> None:
    text = status_text("repeated")
    assert str(text) == "repeated" and str(text.style) == OTHER_STATUS


def test_a_cluster_left_with_an_original_and_its_copy_after_an_edit_is_repeated() -> None:
    # After a split leaves only FT and its rewrite, the cluster has one independent source.
    from corroborate.records import Article, Claim
    from corroborate.review.edits import rebuild

    original = Article(id="ft", path="ft.txt", text="", source="Financial Times")
    copy = Article(id="c", path="c.txt", text="", source="000", flags=("rewrite",), origin="ft")
    members = [
        Claim(id=f"k-{d}", document_id=d, text="Kataib Hizbollah is a militia.", sentence="", start=0, end=1)
        for d in ("ft", "c")
    ]
    cluster = rebuild("k", members, {"ft": original, "c": copy})
    assert (cluster.support, cluster.independent_support, cluster.status) == (2, 1, "repeated")

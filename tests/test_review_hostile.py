"""Pilot tests: article text that looks like Rich markup is shown literally and never breaks the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from feeds import feed_db
from test_review_app import SIZE, annotations, main, select_item, settle
from textual.pilot import Pilot

from corroborate.review.app import ReviewApp, make_app
from corroborate.review.screens.source import SourceScreen
from corroborate.review.screens.timeline import TimelineScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail
from corroborate.store import Store

MARKUP = ["[/]", "[reverse blink]", "[bold red]x[/]", "[link=file:///etc/passwd]"]
FEED = [
    {
        "id": "1",
        "source": "[bold red]Evil[/] wire",
        "title": "[/] breaking [link=file:///etc/passwd]news",
        "text": "The minister said on Monday that 40 people [/] were injured in the blast at the "
        "[reverse blink]harbour[/reverse blink] in Tripoli.\n\nPolice said [bold red]x[/] that 12 suspects "
        "were arrested near [link=file:///etc/passwd]the port[/link] on 3 March 2024.",
    },
    {
        "id": "2",
        "source": "[link=file:///etc/passwd]gazette",
        "text": "The minister said on Monday that 40 people [/] were injured in the blast at the harbour in Tripoli.",
    },
]


@pytest.fixture(scope="module")
def _hostile_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return feed_db(tmp_path_factory.mktemp("hostile"), FEED, db="hostile.db")


@pytest.fixture
def hostile_db(_hostile_master: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "hostile.db"
    copy.write_bytes(_hostile_master.read_bytes())
    return copy


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def markup_styles(app: ReviewApp) -> list[str]:
    """Styles on screen that only markup in the article text could have produced."""
    segments = [seg for strip in app.screen._compositor.render_strips() for seg in strip]
    return [str(s.style) for s in segments if s.style and (s.style.blink or s.style.link)]


def assert_alive(pilot: Pilot) -> None:
    assert pilot.app.is_running and pilot.app.return_code is None


def test_fixture_claims_hold_the_markup(hostile_db: Path) -> None:
    texts = " ".join(c.text for c in Store(hostile_db).claims())
    assert all(m in texts for m in MARKUP)


@pytest.mark.anyio
async def test_markup_in_claims_and_sources_is_shown_literally_in_list_and_detail(hostile_db: Path) -> None:
    async with make_app(str(hostile_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(pilot.app)
        clusters = screen.query_one(ClusterList)
        assert clusters.row_count >= 1
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("down", "up", "down")
        await settle(pilot)
        assert_alive(pilot)
        shown = screen_text(pilot.app)
        assert "Police said [bold red]x[/] that 12 suspects" in shown  # the detail, word for word
        assert "[link=file:///etc/passwd]the port[/link]" in shown
        assert "[bold red]Evil[/] wire" in shown
        await pilot.press("1")
        await settle(pilot)
        shown = screen_text(pilot.app)
        assert "40 people [/] were injured" in shown  # the list cell and the detail
        assert "[reverse blink]harbour[/reverse blink]" in shown
        assert "[link=file:///etc/passwd]gazette" in shown
        assert markup_styles(pilot.app) == []


@pytest.mark.anyio
async def test_markup_in_source_view_title_and_text_is_shown_literally(hostile_db: Path) -> None:
    async with make_app(str(hostile_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        select_item(pilot.app, "claim", 0)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SourceScreen)
        shown = screen_text(pilot.app)
        assert "[/] breaking [link=file:///etc/passwd]news" in shown  # the title, from the JSONL record
        assert "Police said [bold red]x[/] that 12 suspects" in shown
        await pilot.press("down", "up")
        await settle(pilot)
        assert_alive(pilot)
        assert markup_styles(pilot.app) == []


@pytest.mark.anyio
async def test_markup_in_timeline_is_shown_literally(hostile_db: Path) -> None:
    async with make_app(str(hostile_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TimelineScreen)
        shown = screen_text(pilot.app)
        assert "[bold red]Evil[/] wire" in shown and "[bold red]x[/]" in shown
        assert_alive(pilot)


@pytest.mark.anyio
async def test_markup_in_a_note_and_a_filter_is_shown_literally(hostile_db: Path) -> None:
    async with make_app(str(hostile_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"[/] [bold red]x[/] [reverse blink]", "enter")
        await settle(pilot)
        assert [a["note"] for a in annotations(hostile_db)] == ["[/] [bold red]x[/] [reverse blink]"]
        assert "✎ [/] [bold red]x[/] [reverse blink]" in screen_text(pilot.app)
        await pilot.press("slash", *"[/] harbour", "enter")
        await settle(pilot)
        assert "filter “[/] harbour”" in screen_text(pilot.app)
        assert main(pilot.app).query_one(ClusterDetail).view is not None
        assert_alive(pilot)
        assert markup_styles(pilot.app) == []


@pytest.mark.anyio
async def test_markup_in_the_move_modal_is_shown_literally(hostile_db: Path) -> None:
    async with make_app(str(hostile_db), reviewer="tester").run_test(size=SIZE) as pilot:
        await settle(pilot)
        select_item(pilot.app, "claim", 0)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"Police", "enter")
        await settle(pilot)
        shown = screen_text(pilot.app)
        assert "40 people [/] were injured" in shown  # the claim being moved
        assert "Police said [bold red]x[/] that 12 suspects" in shown  # a search result
        assert_alive(pilot)

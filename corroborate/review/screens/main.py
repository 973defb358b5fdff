"""The main screen: the lists by status (tabs), the highlighted cluster's detail beside them.

Lists load a page at a time in thread workers; the detail loads the one
highlighted cluster. Focus is always visible: the focused pane has a heavy
border, a ▶ in its title and a bright highlight, the other a dim one, and the
line above the footer says what the keys act on. Review keys (accept, reject,
note, move, split, merge, undo, export) come from ``DecisionActions``; the keys
themselves are data in ``keys``.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static, Tab, Tabs
from textual.worker import get_current_worker

from corroborate.records import STATUSES
from corroborate.review.data import ORDERS, PAGE, ClusterView, ListQuery, Page, ReviewData
from corroborate.review.screens.actions import DecisionActions, about
from corroborate.review.screens.compare import CompareScreen
from corroborate.review.screens.keys import MAIN_BINDINGS, tab_title
from corroborate.review.screens.source import SourceScreen
from corroborate.review.screens.timeline import TimelineScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail

NARROW = 120  # below this many columns the list takes more of the width


class MainScreen(DecisionActions):
    """Lists of clusters by status with the detail of the highlighted one."""

    BINDINGS = MAIN_BINDINGS

    def __init__(self, data: ReviewData, reviewer: str) -> None:
        super().__init__()
        self.data = data
        self.reviewer = reviewer
        self.query_state = ListQuery()
        self._pinned: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(tab_title(s), id=s) for s in STATUSES), id="status-tabs")
        yield Input(placeholder="filter claims by words (enter applies, esc clears)", id="filter")
        with Horizontal(id="panes"):
            yield ClusterList(id="clusters")
            yield ClusterDetail(id="detail")
        yield Static(id="target")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ClusterList).focus()
        self.refresh_progress()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#panes").set_class(event.size.width < NARROW, "narrow")

    # -- focus: always visible, always one of the two panes ---------------------------

    def on_descendant_focus(self) -> None:
        self.show_target()

    def action_toggle_focus(self) -> None:
        clusters, detail = self.query_one(ClusterList), self.query_one(ClusterDetail)
        (detail if self.focused is clusters else clusters).focus()

    def action_escape(self) -> None:
        if self.focused is self.query_one(ClusterDetail):
            self.query_one(ClusterList).focus()
        else:
            self.action_clear_filter()

    @on(OptionList.OptionHighlighted, "#detail")
    def detail_highlighted(self) -> None:
        self.show_target()

    def show_target(self) -> None:
        """Pane titles with the focus marker, the line naming the target, and the footer's labels."""
        clusters, detail = self.query_one(ClusterList), self.query_one(ClusterDetail)
        clusters.border_title = self._list_title(clusters.has_focus)
        detail.border_title = Text(("▶ " if detail.has_focus else "  ") + "Detail · ↑/↓ picks an item")
        selection = self.target()
        line = Text("▶ list" if clusters.has_focus else "▶ detail" if detail.has_focus else "", style="bold")
        line.append(f" · keys act on {about(*selection)}" if selection else " · loading…")
        if self.merge_mark is not None:
            line.append(f" · marked to merge into: “{self.merge_mark.label[:40]}” (M merges)", style="magenta")
        self.query_one("#target", Static).update(line)
        self.refresh_bindings()

    # -- the list -------------------------------------------------------------------

    @on(Tabs.TabActivated, "#status-tabs")
    def status_changed(self, event: Tabs.TabActivated) -> None:
        if event.tab.id:
            self.load_list(replace(self.query_state, status=event.tab.id))

    def action_show_status(self, status: str) -> None:
        self.query_one(Tabs).active = status
        self.query_one(ClusterList).focus()

    def action_toggle_undecided(self) -> None:
        undecided = not self.query_state.undecided
        self.notify("only clusters nobody decided yet (f shows all)" if undecided else "every cluster", markup=False)
        self.load_list(replace(self.query_state, undecided=undecided))

    def action_cycle_sort(self) -> None:
        order = ORDERS[(ORDERS.index(self.query_state.order) + 1) % len(ORDERS)]
        self.load_list(replace(self.query_state, order=order))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("shown")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("shown")
        self.query_one(ClusterList).focus()
        if self.query_state.text:
            self.load_list(replace(self.query_state, text=""))

    @on(Input.Submitted, "#filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.action_clear_filter()
            return
        self.query_one(ClusterList).focus()
        self.load_list(replace(self.query_state, text=event.value.strip()))

    def load_list(self, query: ListQuery) -> None:
        self.query_state = query
        self.fetch_page(query, 0)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def fetch_page(self, query: ListQuery, offset: int) -> None:
        page = self.data.page(query, offset)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_page, page)

    def show_page(self, page: Page) -> None:
        clusters = self.query_one(ClusterList)
        if page.query != self.query_state:
            return
        self._label_tabs(page.counts)
        clusters.show(page, page.counts.get(page.query.status, 0))
        self._select_after_load(clusters)
        self.show_target()

    def _select_after_load(self, clusters: ClusterList) -> None:
        """The pinned cluster (after a jump or an edit) gets the cursor and the focus where it is loaded."""
        pinned, self._pinned = self._pinned, None
        if pinned and pinned in clusters.rows_by_key:
            clusters.move_cursor(row=clusters.get_row_index(pinned))
            clusters.focus()
        if pinned and pinned not in clusters.rows_by_key:
            self.load_detail(pinned)
            self.query_one(ClusterDetail).focus()  # it is not in the loaded rows: the keys act on the detail
        elif clusters.current:
            self.load_detail(clusters.current.id)
        else:
            self.query_one(ClusterDetail).show(None)

    def _label_tabs(self, counts: dict[str, int]) -> None:
        tabs = self.query_one(Tabs)
        for status in STATUSES:
            tabs.query_one(f"#{status}", Tab).label = f"{tab_title(status)} ({counts.get(status, 0)})"

    def _list_title(self, focused: bool) -> Text:
        """The list's border title; the filter is the reviewer's text, so it is never read as markup."""
        query = self.query_state
        title = Text(("▶ " if focused else "  ") + f"{tab_title(query.status)} · by {query.order} (s)")
        if query.undecided:
            title.append(" · undecided only (f)")
        return title.append(f" · filter “{query.text}” (esc clears)") if query.text else title

    @on(ClusterList.NeedMore)
    def more(self, event: ClusterList.NeedMore) -> None:
        self.fetch_more(event.list_query, event.offset)

    @work(thread=True, group="list-more", exit_on_error=False)
    def fetch_more(self, query: ListQuery, offset: int) -> None:
        page = self.data.page(query, offset)
        self.app.call_from_thread(self._extend, page)

    def _extend(self, page: Page) -> None:
        self.query_one(ClusterList).extend(page)

    @on(DataTable.RowHighlighted, "#clusters")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self.load_detail(event.row_key.value)
        self.show_target()

    def action_next_undecided(self, step: int) -> None:
        clusters = self.query_one(ClusterList)
        after = clusters.cursor_row if clusters.row_count else -1
        self.next_undecided_worker(self.query_state, after, step, clusters.row_count, clusters.total)

    @work(thread=True, exclusive=True, group="list-more", exit_on_error=False)
    def next_undecided_worker(self, query: ListQuery, after: int, step: int, loaded: int, total: int) -> None:
        if query.undecided:
            index: int | None = after + step if 0 <= after + step < total else None
        else:
            index = self.data.next_undecided(query, after, step)
        page = None
        if index is not None and index >= loaded:
            page = self.data.page(query, loaded, index - loaded + PAGE)
        self.app.call_from_thread(self._go_to_row, query, index, page, step)

    def _go_to_row(self, query: ListQuery, index: int | None, page: Page | None, step: int) -> None:
        if query != self.query_state:
            return
        clusters = self.query_one(ClusterList)
        if index is None:
            where = "below" if step > 0 else "above"
            self.notify(f"No undecided cluster {where} in {tab_title(query.status)}.", severity="warning")
            return
        if page is not None:
            clusters.extend(page)
        clusters.move_cursor(row=index)
        clusters.focus()

    @on(DataTable.RowSelected, "#clusters")
    def row_selected(self) -> None:
        self.query_one(ClusterDetail).focus()

    # -- the detail -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, cluster_id: str) -> None:
        view = self.data.cluster(cluster_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_detail, view)

    def show_detail(self, view: ClusterView | None) -> None:
        detail = self.query_one(ClusterDetail)
        detail.show(view)
        if view is not None:
            self.query_one(ClusterList).update_decision(view.row.id, _standing(view))
        self.show_target()

    def jump_to(self, cluster_id: str | None) -> None:
        """Show a cluster from another screen: its status tab, its row when loaded, its detail."""
        if not cluster_id:
            return
        self._pinned = cluster_id
        self.jump_worker(cluster_id)

    @work(thread=True, group="jump", exit_on_error=False)
    def jump_worker(self, cluster_id: str) -> None:
        view = self.data.cluster(cluster_id)
        if view is not None:
            self.app.call_from_thread(self._jump_status, view.row.status)

    def _jump_status(self, status: str) -> None:
        tabs = self.query_one(Tabs)
        if tabs.active == status:
            self.load_list(self.query_state)
        else:
            tabs.active = status

    # -- other views ----------------------------------------------------------------

    def action_source(self) -> None:
        detail = self.query_one(ClusterDetail)
        view, target = detail.view, detail.target
        if view is None or not view.members:
            self.notify("No claim selected.", severity="warning", markup=False)
            return
        claim = next((m.claim for m in view.members if target and m.claim.id == target.id), view.members[0].claim)
        self.app.push_screen(SourceScreen(self.data, claim.document_id, claim.id), self.jump_to)

    @on(OptionList.OptionSelected, "#detail")
    def detail_selected(self, event: OptionList.OptionSelected) -> None:
        if (event.option_id or "").startswith("claim:"):
            self.action_source()

    def action_compare(self) -> None:
        view = self.query_one(ClusterDetail).view
        if view is None or not view.members:
            self.notify("No cluster shown yet.", severity="warning", markup=False)
            return
        self.app.push_screen(CompareScreen(view))

    def action_timeline(self) -> None:
        self.app.push_screen(TimelineScreen(self.data), self.jump_to)

    @work(thread=True, group="progress", exit_on_error=False)
    def refresh_progress(self) -> None:
        decided, total = self.data.progress()
        self.app.call_from_thread(self._show_progress, decided, total)

    def _show_progress(self, decided: int, total: int) -> None:
        unsaved = f" · {self.data.pending} unsaved (database locked)" if self.data.pending else ""
        self.sub_title = f"{decided}/{total} clusters decided · reviewer {self.reviewer}{unsaved}"


def _standing(view: ClusterView) -> str:
    decisions = [
        view.row.decision,
        *(m.decision for m in view.members),
        *(c.decision for c in view.conflicts),
        *(s.decision for s in view.suggestions),
    ]
    return next((d for d in decisions if d), "note" if view.notes else "")

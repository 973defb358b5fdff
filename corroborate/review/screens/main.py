"""The main screen: three lists by status (tabs), the selected cluster's detail beside them.

Lists load a page at a time in thread workers; the detail loads the one
selected cluster. Review keys (accept, reject, move, note, undo, export) come
from ``DecisionActions``.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Tab, Tabs
from textual.worker import get_current_worker

from corroborate.records import STATUSES
from corroborate.review.data import ORDERS, ClusterView, ListQuery, Page, ReviewData
from corroborate.review.screens.actions import DecisionActions
from corroborate.review.screens.source import SourceScreen
from corroborate.review.screens.timeline import TimelineScreen
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail

TAB_TITLES = {"corroborated": "Corroborated", "contradicted": "Contradicted", "single-source": "Single-source"}

MAIN_BINDINGS: list[BindingType] = [
    Binding("1", "show_status('corroborated')", "Corroborated", id="list.corroborated"),
    Binding("2", "show_status('contradicted')", "Contradicted", id="list.contradicted"),
    Binding("3", "show_status('single-source')", "Single-source", id="list.single-source"),
    Binding("s", "cycle_sort", "Sort", id="list.sort"),
    Binding("slash", "filter", "Filter", key_display="/", id="list.filter"),
    Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear-filter"),
    Binding("a", "decide('accept')", "Accept", id="review.accept"),
    Binding("x", "decide('reject')", "Reject", id="review.reject"),
    Binding("m", "move", "Move", id="review.move"),
    Binding("n", "note", "Note", id="review.note"),
    Binding("u,backspace", "undo", "Undo", key_display="u", id="review.undo"),
    Binding("v", "source", "Source", id="view.source"),
    Binding("t", "timeline", "Timeline", id="view.timeline"),
    Binding("e", "export", "Export", id="review.export"),
]


class MainScreen(DecisionActions):
    """Lists of clusters by status with the detail of the selected one."""

    BINDINGS = MAIN_BINDINGS

    def __init__(self, data: ReviewData, reviewer: str) -> None:
        super().__init__()
        self.data = data
        self.reviewer = reviewer
        self.query_state = ListQuery()
        self._pinned: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*(Tab(TAB_TITLES[s], id=s) for s in STATUSES), id="status-tabs")
        yield Input(placeholder="filter claims by words (enter applies, esc clears)", id="filter")
        with Horizontal(id="panes"):
            yield ClusterList(id="clusters")
            yield ClusterDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ClusterList).focus()
        self.refresh_progress()

    # -- the list -------------------------------------------------------------------

    @on(Tabs.TabActivated, "#status-tabs")
    def status_changed(self, event: Tabs.TabActivated) -> None:
        if event.tab.id:
            self.load_list(replace(self.query_state, status=event.tab.id))

    def action_show_status(self, status: str) -> None:
        self.query_one(Tabs).active = status

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
        clusters.border_title = self._list_title(page)
        self._select_after_load(clusters)

    def _select_after_load(self, clusters: ClusterList) -> None:
        pinned, self._pinned = self._pinned, None
        if pinned and pinned in clusters.rows_by_key:
            clusters.move_cursor(row=clusters.get_row_index(pinned))
        if pinned and pinned not in clusters.rows_by_key:
            self.load_detail(pinned)
        elif clusters.current:
            self.load_detail(clusters.current.id)
        else:
            self.query_one(ClusterDetail).show(None)

    def _label_tabs(self, counts: dict[str, int]) -> None:
        tabs = self.query_one(Tabs)
        for status in STATUSES:
            tabs.query_one(f"#{status}", Tab).label = f"{TAB_TITLES[status]} ({counts.get(status, 0)})"

    def _list_title(self, page: Page) -> Text:
        """The list's border title; the filter is the reviewer's text, so it is never read as markup."""
        title = Text(f"{TAB_TITLES[page.query.status]} · sorted by {page.query.order} (s)")
        return title.append(f" · filter “{page.query.text}” (esc clears)") if page.query.text else title

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
        detail.border_title = "Cluster detail · tab to pick a claim, conflict or suggestion"
        if view is not None:
            self.query_one(ClusterList).update_decision(view.row.id, _standing(view))

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
    decisions = [view.row.decision, *(m.decision for m in view.members), *(c.decision for c in view.conflicts),
                 *(s.decision for s in view.suggestions)]
    return next((d for d in decisions if d), "note" if view.notes else "")

"""The timeline: every resolved date across sources, in order; outliers stand out.

A date stands out when a date check named its claim as an outlier, or when it
lies far from the median of all dates. Enter or ``j`` jumps to the claim's cluster.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from corroborate.review.data import ReviewData, TimelineEntry
from corroborate.review.screens.failures import ReportsFailures
from corroborate.review.widgets.render import OUTLIER

TEXT_WIDTH = 90


class TimelineScreen(ReportsFailures, Screen[str | None]):
    """Dismisses with the cluster id to jump to, or None to go back."""

    BINDINGS = [
        Binding("j", "jump", "Jump to cluster", id="timeline.jump"),
        Binding("escape,t", "back", "Back", id="timeline.back"),
    ]

    def __init__(self, data: ReviewData) -> None:
        super().__init__()
        self.data = data
        self.entries: list[TimelineEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Timeline"
        table = self.query_one(DataTable)
        table.add_columns("date", "source", "said as", "claim")
        table.focus()
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        entries = self.data.timeline()
        self.app.call_from_thread(self.show, entries)

    def show(self, entries: list[TimelineEntry]) -> None:
        self.entries = entries
        outliers = sum(e.outlier for e in entries)
        self.sub_title = f"{len(entries)} dates · {outliers} outliers highlighted"
        table: DataTable[Text] = self.query_one(DataTable)
        for i, entry in enumerate(entries):
            table.add_row(*_cells(entry), key=str(i))

    @on(DataTable.RowSelected, "#timeline")
    def selected(self) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        table = self.query_one(DataTable)
        if self.entries:
            self.dismiss(self.entries[table.cursor_row].cluster_id or None)

    def action_back(self) -> None:
        self.dismiss(None)


def _cells(entry: TimelineEntry) -> tuple[Text, ...]:
    style = OUTLIER if entry.outlier else ""
    said = entry.ref.text
    claim = entry.claim.text if len(entry.claim.text) <= TEXT_WIDTH else entry.claim.text[: TEXT_WIDTH - 1] + "…"
    mark = "  ◀ outlier" if entry.outlier else ""
    date_style = style or ("dim" if entry.date.startswith("?") else "")
    return (Text(entry.date + mark, style=date_style), Text(entry.source), Text(said, style=style), Text(claim))

"""Modals that return typed values: a note (str), a move destination (MoveTarget), and help."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from corroborate.review.data import ClusterRow, ReviewData
from corroborate.review.decisions import MoveTarget
from corroborate.review.screens.failures import ReportsFailures
from corroborate.review.widgets.render import status_text


class NoteModal(ModalScreen[str | None]):
    """Ask for a note; dismisses with the text, or None when cancelled or empty."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, about: str) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Note on {self.about}"), classes="dialog-title")
            yield Input(placeholder="what should the next reviewer know? (enter saves, esc cancels)", id="note")

    @on(Input.Submitted, "#note")
    def save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MoveModal(ReportsFailures, ModalScreen[MoveTarget | None]):
    """Pick the cluster a claim belongs in, found by full-text search."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="move.cancel")]

    def __init__(self, data: ReviewData, claim_text: str, exclude: str) -> None:
        super().__init__()
        self.data = data
        self.claim_text = claim_text
        self.exclude = exclude
        self.found: dict[str, ClusterRow] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Move claim to another cluster", classes="dialog-title")
            yield Label(Text(self.claim_text[:200], style="italic"))
            yield Input(placeholder="search claims (enter), then pick a cluster", id="move-search")
            yield OptionList(id="move-results")

    def on_mount(self) -> None:
        self.query_one("#move-results", OptionList).add_option(Option("type words, press enter", disabled=True))

    @on(Input.Submitted, "#move-search")
    def search(self, event: Input.Submitted) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="move-search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        rows = [r for r in self.data.search_clusters(text) if r.id != self.exclude]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_results, rows)

    def show_results(self, rows: list[ClusterRow]) -> None:
        results = self.query_one("#move-results", OptionList)
        results.clear_options()
        self.found = {r.id: r for r in rows}
        if not rows:
            results.add_option(Option("no cluster matches", disabled=True))
            return
        results.add_options(Option(_result(r), id=r.id) for r in rows)
        results.highlighted = 0
        results.focus()

    @on(OptionList.OptionSelected, "#move-results")
    def pick(self, event: OptionList.OptionSelected) -> None:
        row = self.found.get(event.option_id or "")
        if row is not None:
            self.pick_row(row)

    @work(thread=True, group="move-pick", exit_on_error=False)
    def pick_row(self, row: ClusterRow) -> None:
        members = self.data.members_of(row.id)
        self.app.call_from_thread(self.dismiss, MoveTarget(row.id, row.label, members))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _result(row: ClusterRow) -> Text:
    sources = (", ".join(row.sources), "dim")
    return Text.assemble(status_text(row.status), f"  {row.support}  {row.label[:90]}  ", sources)


class HelpScreen(ModalScreen[None]):
    """Every binding of the screen below, from its binding data."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Keys", classes="dialog-title")
            table: DataTable[Text] = DataTable(id="help-table", show_cursor=False)
            table.add_columns("key", "does")
            for b in self.bindings:
                table.add_row(Text(b.key_display or b.key), Text(b.description))
            yield table
            yield Label("tab moves between the list and the detail; esc or ? closes this help.", classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)

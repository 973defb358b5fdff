"""Modals that return typed values: a note (str), a move destination (MoveTarget), claims to split off, help."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from corroborate.review.data import ClusterRow, ClusterView, ReviewData
from corroborate.review.decisions import MoveTarget
from corroborate.review.screens.failures import ReportsFailures
from corroborate.review.widgets.render import status_text


class NoteModal(ModalScreen[str | None]):
    """Ask for a note; dismisses with the text, or None when cancelled or empty."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, about: str) -> None:
        super().__init__()
        self.about = about  # "cluster “label”": what the note is on, in words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Note on {self.about}"), classes="dialog-title", id="note-title")
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
            yield Label("Move to another cluster (it leaves its cluster at once; u undoes)", classes="dialog-title")
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


class SplitModal(ModalScreen[list[str] | None]):
    """Pick claims of a cluster to split off into a new cluster; dismisses with their ids."""

    BINDINGS = [
        Binding("enter", "split", "Split", priority=True, id="split.do"),
        Binding("escape", "cancel", "Cancel", id="split.cancel"),
    ]

    def __init__(self, view: ClusterView, picked: str | None = None) -> None:
        super().__init__()
        self.view = view
        self.picked = picked

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"Split “{self.view.row.label[:80]}”"), classes="dialog-title")
            yield Label(
                "space picks the claims that leave; enter splits them into a new cluster; esc cancels", classes="dim"
            )
            yield SelectionList[str](
                *(
                    Selection(
                        Text.assemble((m.source, "bold cyan"), f"  {m.claim.text}"),
                        m.claim.id,
                        m.claim.id == self.picked,
                    )
                    for m in self.view.members
                ),
                id="split-claims",
            )

    def action_split(self) -> None:
        picked = list(self.query_one(SelectionList).selected)
        if not picked or len(picked) == len(self.view.members):
            self.notify("Pick some of the claims (space), not none and not all.", severity="warning")
            return
        self.dismiss(picked)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """One line per key of the screen below, from its binding data."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Keys", classes="dialog-title")
            table: DataTable[Text] = DataTable(id="help-table", show_cursor=False)
            table.add_columns("key", "does")
            for key, does in self.lines:
                table.add_row(Text(key), Text(does))
            yield table
            yield Label(
                "A decision acts on what is highlighted in the focused pane (marked ▶); "
                "the footer names it. esc or ? closes this help.",
                classes="dim",
            )

    def action_close(self) -> None:
        self.dismiss(None)

"""The review app: lists the stored clusters by status (a first version)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from corroborate.store import Store


class ReviewApp(App[None]):
    TITLE = "corroborate review"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, db_path: str, reviewer: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.reviewer = reviewer

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="clusters", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("status", "support", "independent", "claim")
        store = Store(self.db_path)
        for c in store.clusters():
            table.add_row(c.status, c.support, c.independent_support, c.label, key=c.id)
        store.close()


def make_app(db_path: str, reviewer: str = "reviewer") -> ReviewApp:
    return ReviewApp(db_path, reviewer)

"""The review app: ``make_app`` is the one factory, shared by the CLI and the tests.

The app holds the database handle (``ReviewData``) and the global keys; the
main screen lists clusters by status, the source view and the timeline are
pushed over it, and modals return typed values.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding, BindingType

from corroborate.review.data import ReviewData
from corroborate.review.screens.main import MainScreen
from corroborate.review.screens.modals import HelpScreen

APP_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    Binding("q", "quit", "Quit", id="app.quit"),
]


class ReviewApp(App[None]):
    """Review the clusters of one corroborate database."""

    CSS_PATH = "review.tcss"
    BINDINGS = APP_BINDINGS
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, db_path: str, reviewer: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.reviewer = reviewer
        self.title = f"corroborate review · {Path(db_path).name}"
        self.data: ReviewData | None = None

    def on_mount(self) -> None:
        self.data = ReviewData(self.db_path)
        self.push_screen(MainScreen(self.data, self.reviewer))

    def on_unmount(self) -> None:
        if self.data is not None:
            self.data.close()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        bindings = [b for b in [*self.screen.BINDINGS, *self.BINDINGS] if isinstance(b, Binding)]
        self.push_screen(HelpScreen(bindings))


def make_app(db_path: str, reviewer: str = "reviewer") -> ReviewApp:
    """The review app on a database, recording decisions under ``reviewer``."""
    return ReviewApp(db_path, reviewer)

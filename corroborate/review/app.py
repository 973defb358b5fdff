"""The review app: ``make_app`` is the one factory, shared by the CLI and the tests.

The app holds the database handle (``ReviewData``) and the global keys; the
main screen lists clusters by status, the source view and the timeline are
pushed over it, and modals return typed values. A database that cannot be
opened ends the app with a message and return code 1 (the CLI exits with it);
quitting with decisions still kept in memory asks for a second ``q``.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType

from corroborate.review.busy import PATIENCE, ReviewDataError
from corroborate.review.data import ReviewData
from corroborate.review.screens.keys import help_lines
from corroborate.review.screens.main import MainScreen
from corroborate.review.screens.modals import HelpScreen

APP_BINDINGS: list[BindingType] = [
    Binding("question_mark", "help", "keys", key_display="?", id="app.help", tooltip="this list of keys"),
    Binding("q", "quit", "quit", id="app.quit", tooltip="quit (decisions are saved as they are made)"),
]


class ReviewApp(App[None]):
    """Review the clusters of one corroborate database."""

    CSS_PATH = "review.tcss"
    BINDINGS = APP_BINDINGS
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, db_path: str, reviewer: str, patience: float = PATIENCE) -> None:
        super().__init__()
        self.db_path = db_path
        self.reviewer = reviewer
        self.patience = patience
        self.title = f"corroborate review · {Path(db_path).name}"
        self.data: ReviewData | None = None
        self._quit_asked = False

    def on_mount(self) -> None:
        try:
            self.data = ReviewData(self.db_path, self.patience)
        except ReviewDataError as error:
            self.exit(return_code=1, message=Text(f"error: {error}"))
            return
        self.push_screen(MainScreen(self.data, self.reviewer))

    async def action_quit(self) -> None:
        """Quit; with decisions not yet written, warn first and quit (code 1) on a second ``q``."""
        pending = self.data.pending if self.data else 0
        if not pending:
            self.exit()
        elif self._quit_asked:
            self.exit(
                return_code=1,
                message=Text(f"error: {self.db_path}: {pending} decision(s) not saved (the database stayed locked)"),
            )
        else:
            self._quit_asked = True
            self.notify(
                f"{pending} decision(s) not saved yet: the database is locked. "
                "Wait for the save message, or press q again to quit without them.",
                severity="warning",
                markup=False,
            )

    def on_unmount(self) -> None:
        if self.data is not None:
            self.data.close()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        bindings = [b for b in [*self.screen.BINDINGS, *self.BINDINGS] if isinstance(b, Binding)]
        self.push_screen(HelpScreen(help_lines(bindings)))


def make_app(db_path: str, reviewer: str = "reviewer", patience: float = PATIENCE) -> ReviewApp:
    """The review app on a database, recording decisions under ``reviewer``.

    ``patience`` is how many seconds a read or write retries while another
    program holds the database, before the reviewer is told.
    """
    return ReviewApp(db_path, reviewer, patience)

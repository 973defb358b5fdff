"""A failed read or write is a message on screen, never the end of the app.

Every database worker runs with ``exit_on_error=False``; the screens mix in
``ReportsFailures``, which turns a worker that ended in error into a
notification (shown as plain text: the error may quote article text or paths).
The same message repeated within a few seconds is shown once.
"""

from __future__ import annotations

import time
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from corroborate.errors import CorroborateError

REPEAT_AFTER = 5.0  # seconds before the same message is shown again

_last: WeakKeyDictionary[App[Any], tuple[str, float]] = WeakKeyDictionary()


def failure_message(error: BaseException) -> str:
    """One line for the reviewer: our own errors as they are, anything else with its type."""
    if isinstance(error, CorroborateError | OSError):
        return str(error)
    return f"unexpected {type(error).__name__}: {error}"


def show_failure(app: App[Any], error: BaseException) -> None:
    """Notify ``error`` as plain text unless the same message was shown a moment ago."""
    message = failure_message(error)
    last = _last.get(app)
    if last and last[0] == message and time.monotonic() - last[1] < REPEAT_AFTER:
        return
    _last[app] = (message, time.monotonic())
    app.notify(message, title="not done", severity="error", markup=False)


class ReportsFailures:
    """Mixin for screens whose workers read or write the database."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None and isinstance(self, Screen):
            show_failure(self.app, event.worker.error)

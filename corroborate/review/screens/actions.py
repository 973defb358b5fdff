"""Review keys of the main screen: every decision is written at once, in a worker.

A decision acts on the item highlighted in the detail panel (the cluster
itself by default); ``decide`` builds the annotation, the store commits it.
When another program holds the database, the decision stays queued in memory
(``ReviewData.pending``) and a timer writes it as soon as the database is free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from corroborate.records import Annotation
from corroborate.review.busy import ReviewDataError
from corroborate.review.decisions import DecisionError, MoveTarget, Target, decide
from corroborate.review.screens.failures import ReportsFailures, show_failure
from corroborate.review.screens.modals import MoveModal, NoteModal
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail

if TYPE_CHECKING:
    from corroborate.review.data import ClusterView, ListQuery, ReviewData

PAST = {"accept": "accepted", "reject": "rejected", "move": "moved", "note": "noted"}
FLUSH_EVERY = 2.0  # seconds between tries to write decisions kept while the database was locked


class DecisionActions(ReportsFailures, Screen[None]):
    """The main screen's base: it provides ``data``, ``reviewer``, the list query and the loaders."""

    data: ReviewData
    reviewer: str
    query_state: ListQuery
    _flush_waiting = False

    def load_detail(self, cluster_id: str) -> object:
        raise NotImplementedError

    def refresh_progress(self) -> object:
        raise NotImplementedError

    def _selection(self) -> tuple[ClusterView, Target] | None:
        detail = self.query_one(ClusterDetail)
        if detail.view is None or detail.target is None:
            self.notify("No cluster selected.", severity="warning")
            return None
        return detail.view, detail.target

    def action_decide(self, decision: str) -> None:
        selection = self._selection()
        if selection:
            self._record(*selection, decision)

    def action_move(self) -> None:
        selection = self._selection()
        if selection is None:
            return
        view, target = selection
        if target.kind != "claim":
            self.notify("Pick a claim in the detail (tab, then ↑/↓) to move it.", severity="warning")
            return
        text = next(m.claim.text for m in view.members if m.claim.id == target.id)

        def moved(move: MoveTarget | None) -> None:
            if move is not None:
                self._record(view, target, "move", move=move)

        self.app.push_screen(MoveModal(self.data, text, view.row.id), moved)

    def action_note(self) -> None:
        selection = self._selection()
        if selection is None:
            return
        view, target = selection

        def noted(note: str | None) -> None:
            if note:
                self._record(view, target, "note", note=note)

        self.app.push_screen(NoteModal(f"{target.kind} {target.id}"), noted)

    def _record(
        self, view: ClusterView, target: Target, decision: str, note: str = "", move: MoveTarget | None = None
    ) -> None:
        try:
            annotation = decide(view, target, decision, self.reviewer, note, move)
        except DecisionError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.write_annotation(annotation)

    @work(thread=True, group="write", exit_on_error=False)
    def write_annotation(self, annotation: Annotation) -> None:
        message = f"{PAST[annotation.decision]} {annotation.target_kind}"
        try:
            self.data.annotate(annotation)
        except ReviewDataError as error:
            self.app.call_from_thread(self._kept, error)
            return
        self.app.call_from_thread(self._after_write, annotation.cluster_id, message)

    def _after_write(self, cluster_id: str, message: str) -> None:
        self.notify(f"{message} · saved · u undoes", markup=False)
        self.load_detail(cluster_id)
        self.refresh_progress()

    def _kept(self, error: ReviewDataError) -> None:
        """The decision could not be written yet: say so, keep it, try again shortly."""
        waiting = self.data.pending
        show_failure(self.app, error)
        self.notify(f"{waiting} decision(s) kept in memory; saved when the database is free · u undoes",
                    severity="warning", markup=False)
        self._flush_later()
        self.refresh_progress()

    def _flush_later(self) -> None:
        if not self._flush_waiting and self.data.pending:
            self._flush_waiting = True
            self.set_timer(FLUSH_EVERY, self.flush_worker)

    @work(thread=True, group="flush", exit_on_error=False)
    def flush_worker(self) -> None:
        try:
            written = self.data.flush()
        except ReviewDataError:
            written = -1  # still locked: the reviewer was told; keep trying quietly
        self.app.call_from_thread(self._after_flush, written)

    def _after_flush(self, written: int) -> None:
        self._flush_waiting = False
        if written < 0:
            self._flush_later()
            return
        if written:
            self.notify(f"{written} kept decision(s) saved", markup=False)
        detail = self.query_one(ClusterDetail)
        if detail.view is not None:
            self.load_detail(detail.view.row.id)
        self.refresh_progress()

    def action_undo(self) -> None:
        self.undo_worker()

    @work(thread=True, group="write", exit_on_error=False)
    def undo_worker(self) -> None:
        undone = self.data.undo_last(self.reviewer)
        self.app.call_from_thread(self._after_undo, undone)

    def _after_undo(self, undone: dict[str, object] | None) -> None:
        if undone is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        kept = " kept" if undone.get("queued") else ""
        self._after_write(str(undone["cluster_id"]), f"undid{kept} {undone['decision']} of {undone['target_kind']};")
        self.query_one(ClusterList).update_decision(str(undone["cluster_id"]), "")

    def action_export(self) -> None:
        self.export_worker()

    @work(thread=True, group="export", exit_on_error=False)
    def export_worker(self) -> None:
        paths = self.data.export(self.query_state)
        names = " and ".join(str(p) for p in paths)
        self.app.call_from_thread(self.notify, f"exported to {names}", markup=False)

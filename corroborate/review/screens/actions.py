"""Review keys of the main screen: every decision acts on what is highlighted, and is written at once.

The target is the cluster highlighted in the list when the list has focus, or the
item highlighted in the detail when the detail has it (``target``); the footer
names it through ``check_action`` (see ``keys``). Accept, reject and note become
annotations (``decide``); when another program holds the database they stay
queued in memory (``ReviewData.pending``) and a timer writes them when it is free.
Split, merge and move change the clustering at once (``ReviewData.split`` ...),
and ``u`` undoes any of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from corroborate.records import Annotation
from corroborate.review.busy import ReviewDataError
from corroborate.review.decisions import DecisionError, MoveTarget, Target, decide
from corroborate.review.reshape import RESHAPING
from corroborate.review.screens.failures import ReportsFailures, show_failure
from corroborate.review.screens.modals import MoveModal, NoteModal, SplitModal
from corroborate.review.widgets.cluster_list import ClusterList
from corroborate.review.widgets.detail import ClusterDetail

if TYPE_CHECKING:
    from corroborate.review.data import ClusterRow, ClusterView, ListQuery, ReviewData, Undone

PAST = {
    "accept": "accepted",
    "reject": "rejected",
    "move": "moved",
    "note": "noted",
    "split": "split",
    "merge": "merged",
}
FLUSH_EVERY = 2.0  # seconds between tries to write decisions kept while the database was locked
LABEL_CHARS = 60


def about(view: ClusterView, target: Target) -> str:
    """ "cluster “Kirby said …”", "claim “…”": what a decision or note is about, in words."""
    if target.kind == "claim":
        text = next((m.claim.text for m in view.members if m.claim.id == target.id), "")
        return f"claim “{_short(text)}”"
    if target.kind == "conflict":
        detail = next((c.conflict.detail for c in view.conflicts if c.id == target.id), "")
        return f"conflict “{_short(detail)}”"
    if target.kind == "suggestion":
        other = next((s.outside for s in view.suggestions if s.id == target.id), "")
        return f"suggested match “{_short(other)}”"
    return f"cluster “{_short(view.row.label)}”"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


class DecisionActions(ReportsFailures, Screen[None]):
    """The main screen's base: it provides ``data``, ``reviewer``, the list query and the loaders."""

    data: ReviewData
    reviewer: str
    query_state: ListQuery
    merge_mark: ClusterRow | None = None
    _flush_waiting = False

    def load_detail(self, cluster_id: str) -> object:
        raise NotImplementedError

    def refresh_progress(self) -> object:
        raise NotImplementedError

    def jump_to(self, cluster_id: str | None) -> None:
        raise NotImplementedError

    def show_target(self) -> None:
        raise NotImplementedError

    # -- what a key acts on -------------------------------------------------------------

    def target(self) -> tuple[ClusterView, Target] | None:
        """The highlighted item of the focused pane; None while the list's cluster is still loading."""
        detail = self.query_one(ClusterDetail)
        view = detail.view
        if view is None:
            return None
        if self.focused is detail and detail.target is not None:
            return view, detail.target
        current = self.query_one(ClusterList).current
        if self.focused is self.query_one(ClusterList) and (current is None or current.id != view.row.id):
            return None
        return view, Target("cluster", view.row.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep the one binding of a key that fits the target, so the footer names what it does."""
        if action not in ("decide", "move", "move_hint"):
            return True
        selection = self.target()
        kind = selection[1].kind if selection else "cluster"
        if action == "decide":
            return parameters[1] == kind
        return (kind == "claim") == (action == "move")

    def _selection(self) -> tuple[ClusterView, Target] | None:
        selection = self.target()
        if selection is None:
            self.notify("No cluster shown yet (it is loading, or the list is empty).", severity="warning")
        return selection

    # -- accept, reject, note -------------------------------------------------------------

    def action_decide(self, decision: str, kind: str) -> None:
        selection = self._selection()
        if selection:
            self._record(*selection, decision)

    def action_note(self) -> None:
        selection = self._selection()
        if selection is None:
            return
        view, target = selection

        def noted(note: str | None) -> None:
            if note:
                self._record(view, target, "note", note=note)

        self.app.push_screen(NoteModal(about(view, target)), noted)

    def _record(self, view: ClusterView, target: Target, decision: str, note: str = "") -> None:
        try:
            annotation = decide(view, target, decision, self.reviewer, note)
        except DecisionError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.write_annotation(annotation, about(view, target))

    @work(thread=True, group="write", exit_on_error=False)
    def write_annotation(self, annotation: Annotation, what: str) -> None:
        message = f"{PAST[annotation.decision]} {what}"
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
        self.notify(
            f"{waiting} decision(s) kept in memory; saved when the database is free · u undoes",
            severity="warning",
            markup=False,
        )
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

    # -- move, split, merge: the clustering changes at once ---------------------------------

    def action_move_hint(self) -> None:
        self.notify("m moves one claim: press tab, pick the claim in the detail, then m.", severity="warning")

    def action_move(self) -> None:
        selection = self._selection()
        if selection is None or selection[1].kind != "claim":
            return
        view, target = selection

        def moved(move: MoveTarget | None) -> None:
            if move is not None:
                self.move_worker(target.id, view.row.id, move)

        self.app.push_screen(MoveModal(self.data, about(view, target), view.row.id), moved)

    @work(thread=True, group="write", exit_on_error=False)
    def move_worker(self, claim_id: str, origin: str, move: MoveTarget) -> None:
        self.data.move(claim_id, origin, move.cluster_id, self.reviewer)
        self.app.call_from_thread(self._after_edit, origin, f"moved the claim to “{_short(move.label)}”")

    def action_split(self) -> None:
        selection = self._selection()
        if selection is None:
            return
        view, target = selection
        if len(view.members) < 2:
            self.notify("A cluster of one claim cannot be split.", severity="warning")
            return
        picked = target.id if target.kind == "claim" else None

        def split(leave: list[str] | None) -> None:
            if leave:
                self.split_worker(view.row.id, leave)

        self.app.push_screen(SplitModal(view, picked), split)

    @work(thread=True, group="write", exit_on_error=False)
    def split_worker(self, cluster_id: str, leave: list[str]) -> None:
        new_id = self.data.split(cluster_id, leave, self.reviewer)
        view = self.data.cluster(new_id)
        where = f" ({view.row.status} list)" if view else ""
        message = f"split {len(leave)} claim(s) into a new cluster{where}"
        self.app.call_from_thread(self._after_edit, cluster_id, message)

    def action_mark(self) -> None:
        selection = self._selection()
        if selection is None:
            return
        row = selection[0].row
        self.merge_mark = None if self.merge_mark and self.merge_mark.id == row.id else row
        said = f"marked “{_short(row.label)}”: highlight another cluster and press M to merge it in"
        self.notify(said if self.merge_mark else "mark cleared", markup=False)
        self.show_target()

    def action_merge(self) -> None:
        selection = self._selection()
        if selection is None:
            return
        if self.merge_mark is None:
            self.notify(
                "Mark the cluster to merge into first (b), then highlight the other and press M.", severity="warning"
            )
            return
        away, into = selection[0].row, self.merge_mark
        if away.id == into.id:
            self.notify("That is the marked cluster; highlight the one to merge into it.", severity="warning")
            return
        self.merge_worker(into, away)

    @work(thread=True, group="write", exit_on_error=False)
    def merge_worker(self, into: ClusterRow, away: ClusterRow) -> None:
        self.data.merge(into.id, away.id, self.reviewer)
        self.app.call_from_thread(self._after_merge, into, f"merged “{_short(away.label)}” into “{_short(into.label)}”")

    def _after_merge(self, into: ClusterRow, message: str) -> None:
        self.merge_mark = None
        self._after_edit(into.id, message)

    def _after_edit(self, cluster_id: str, message: str) -> None:
        self.notify(f"{message} · saved · u undoes", markup=False)
        self.jump_to(cluster_id)
        self.refresh_progress()

    # -- undo ---------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self.undo_worker()

    @work(thread=True, group="write", exit_on_error=False)
    def undo_worker(self) -> None:
        undone = self.data.undo_last(self.reviewer)
        self.app.call_from_thread(self._after_undo, undone)

    def _after_undo(self, undone: Undone | None) -> None:
        if undone is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        kept = " kept" if undone.queued else ""
        a = undone.annotation
        if a.decision in RESHAPING:
            home = a.target_id if a.decision == "merge" else a.cluster_id
            self._after_edit(home, f"undid {a.decision} of {a.target_kind};")
            return
        self._after_write(a.cluster_id, f"undid{kept} {a.decision} of {a.target_kind};")
        self.query_one(ClusterList).update_decision(a.cluster_id, "")

    # -- export ---------------------------------------------------------------------------------

    def action_export(self) -> None:
        self.export_worker()

    @work(thread=True, group="export", exit_on_error=False)
    def export_worker(self) -> None:
        paths = self.data.export()
        message = "wrote the whole report (every list) to " + " and ".join(str(p) for p in paths)
        self.app.call_from_thread(self.notify, message, title="exported", markup=False, timeout=12)

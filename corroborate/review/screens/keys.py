"""The main screen's keys as data: one binding per key and target, and one help line per key.

A decision acts on what is highlighted in the focused pane: the cluster when the
list has focus, the highlighted claim, conflict or match when the detail has it.
``a`` and ``x`` have one binding per kind of target; the screen's ``check_action``
keeps only the one that applies, so the footer names it ("accept cluster",
"reject claim"). Keys not shown in the footer are listed by ``?``.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from corroborate.records import STATUSES

KINDS = {"cluster": "cluster", "claim": "claim", "conflict": "conflict", "suggestion": "match"}
TAB_TITLES = {
    "corroborated": "Corroborated",
    "contradicted": "Contradicted",
    "single-source": "Single-source",
    "repeated": "Repeated",
}


def tab_title(status: str) -> str:
    return TAB_TITLES.get(status, status.replace("-", " ").capitalize())


def _decisions() -> list[BindingType]:
    out: list[BindingType] = []
    for key, decision in (("a", "accept"), ("x", "reject")):
        for kind, word in KINDS.items():
            out.append(
                Binding(
                    key,
                    f"decide('{decision}', '{kind}')",
                    f"{decision} {word}",
                    id=f"review.{decision}",
                    tooltip=f"{decision} what is highlighted: a cluster (list) or an item (detail)",
                )
            )
    return out


STATUS_KEYS: list[BindingType] = [
    Binding(
        str(i),
        f"show_status('{status}')",
        tab_title(status),
        show=False,
        id=f"list.{status}",
        tooltip=f"the {tab_title(status)} list, and focus on it",
    )
    for i, status in enumerate(STATUSES[:9], 1)
]

MAIN_BINDINGS: list[BindingType] = [
    *_decisions(),
    Binding("m", "move", "move claim", id="review.move", tooltip="move the highlighted claim to another cluster"),
    Binding("n", "note", "note", id="review.note", tooltip="write a note on what is highlighted"),
    Binding(
        "u,backspace",
        "undo",
        "undo",
        key_display="u",
        id="review.undo",
        tooltip="undo your last decision, split, merge or move",
    ),
    Binding(
        "right_square_bracket",
        "next_undecided(1)",
        "next open",
        key_display="]",
        id="list.next-undecided",
        tooltip="go to the next cluster nobody decided yet",
    ),
    Binding("tab", "toggle_focus", "switch pane", id="focus.toggle", tooltip="focus the other pane (list ⇄ detail)"),
    *STATUS_KEYS,
    Binding(
        "left_square_bracket",
        "next_undecided(-1)",
        "previous open",
        key_display="[",
        show=False,
        id="list.previous-undecided",
        tooltip="go to the previous cluster nobody decided yet",
    ),
    Binding(
        "f",
        "toggle_undecided",
        "undecided only",
        show=False,
        id="list.undecided",
        tooltip="show only the clusters nobody decided yet (again: show all)",
    ),
    Binding("s", "cycle_sort", "sort", show=False, id="list.sort", tooltip="sort by support, or by conflicts"),
    Binding(
        "slash",
        "filter",
        "filter",
        key_display="/",
        show=False,
        id="list.filter",
        tooltip="filter the list by words of its claims",
    ),
    Binding(
        "escape",
        "escape",
        "back",
        show=False,
        id="list.escape",
        tooltip="back to the list from the detail; in the list, clear the filter",
    ),
    Binding(
        "p",
        "split",
        "split",
        show=False,
        id="review.split",
        tooltip="split: pick claims of the cluster into a new cluster",
    ),
    Binding(
        "b",
        "mark",
        "mark",
        show=False,
        id="review.mark",
        tooltip="mark the cluster as the one to merge into (again: unmark)",
    ),
    Binding(
        "M",
        "merge",
        "merge",
        key_display="M",
        show=False,
        id="review.merge",
        tooltip="merge the highlighted cluster into the marked one",
    ),
    Binding(
        "c",
        "compare",
        "compare",
        show=False,
        id="view.compare",
        tooltip="the cluster's sentences side by side, one column per source",
    ),
    Binding("v", "source", "source", show=False, id="view.source", tooltip="the highlighted claim's whole article"),
    Binding("t", "timeline", "timeline", show=False, id="view.timeline", tooltip="every date, in order"),
    Binding(
        "e",
        "export",
        "export",
        show=False,
        id="review.export",
        tooltip="write the whole report (Markdown and JSON) beside the database",
    ),
]


def help_lines(bindings: list[Binding]) -> list[tuple[str, str]]:
    """One (key, what it does) line per key, in binding order."""
    seen: dict[str, str] = {}
    for b in bindings:
        key = b.key_display or b.key.split(",")[0]
        seen.setdefault(key, b.tooltip or b.description)
    return list(seen.items())

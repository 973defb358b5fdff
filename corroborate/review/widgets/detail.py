"""The detail of one cluster: its claims, conflicts, number summary and suggestions.

Each item is an option; the highlighted option is what the review keys act on
(the first one, the cluster itself, when nothing else is picked).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corroborate.review.data import ClusterView
from corroborate.review.decisions import Target
from corroborate.review.widgets import render


class ClusterDetail(OptionList):
    """Options for one ``ClusterView``; ``target`` is the highlighted item."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.view: ClusterView | None = None

    def show(self, view: ClusterView | None) -> None:
        """Show a cluster, keeping the highlighted item when it is the same cluster again."""
        keep = self.target if self.view and view and self.view.row.id == view.row.id else None
        self.view = view
        self.clear_options()
        if view is None:
            self.add_option(Option(Text("No cluster selected.", style="dim"), disabled=True))
            return
        self.add_options(_options(view))
        self.highlighted = self._index_of(keep) if keep else 0

    @property
    def target(self) -> Target | None:
        if self.view is None or self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return Target.parse(option_id) if option_id else None

    def _index_of(self, target: Target) -> int:
        try:
            return self.get_option_index(target.option_id)
        except Exception:  # the item is gone after a refresh
            return 0


def _options(view: ClusterView) -> list[Option | None]:
    outliers = {c for item in view.conflicts for c in item.conflict.outliers}
    sources = {m.claim.id: m.source for m in view.members}
    options: list[Option | None] = [Option(render.header(view), id=f"cluster:{view.row.id}")]
    # Conflicts first: they are why a reviewer opened a contradicted cluster.
    if view.conflicts:
        options += [_section(f"Conflicts ({len(view.conflicts)})")]
        options += [Option(render.conflict(c, sources), id=f"conflict:{c.id}") for c in view.conflicts]
    options += [_section(f"Claims ({len(view.members)})")]
    # The outliers' claims lead the list, so the odd value is on screen with the conflict.
    members = sorted(view.members, key=lambda m: m.claim.id not in outliers)
    options += [Option(render.member(m, outliers), id=f"claim:{m.claim.id}") for m in members]
    if view.numbers:
        options += [_section("Numbers (low / best / high)"), Option(render.numbers(view.numbers), disabled=True)]
    if view.suggestions:
        options += [_section(f"Suggested matches ({len(view.suggestions)})")]
        options += [Option(render.suggestion(s), id=f"suggestion:{s.id}") for s in view.suggestions]
    return options


def _section(title: str) -> Option:
    return Option(Text(title, style="bold underline"), disabled=True)

"""The lazy cluster list: a DataTable fed one page at a time.

It never queries the store itself (attributes down): the screen hands it pages,
and it asks for the next one with a ``NeedMore`` message (messages up) when the
cursor comes near the end of what is loaded. Every cell is a ``Text`` or an int:
a DataTable reads a plain str cell as markup, and claims and sources are article text.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from corroborate.review.data import ClusterRow, ListQuery, Page
from corroborate.review.widgets.render import DECISION_MARK, status_text

LABEL_WIDTH = 44
SOURCES_WIDTH = 28
PREFETCH = 20


class ClusterList(DataTable[Text | int]):
    """Clusters of one status, loaded page by page."""

    class NeedMore(Message):
        def __init__(self, query: ListQuery, offset: int) -> None:
            super().__init__()
            self.list_query = query
            self.offset = offset

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.list_query: ListQuery | None = None
        self.total = 0
        self.rows_by_key: dict[str, ClusterRow] = {}
        self._asked = -1

    def on_mount(self) -> None:
        self.add_column("status", key="status")
        self.add_column("sup", key="support")
        self.add_column("ind", key="independent")
        self.add_column(" ", key="decision")
        self.add_column("claim", key="label", width=LABEL_WIDTH)
        self.add_column("sources", key="sources")

    def show(self, page: Page, total: int) -> None:
        """Replace the rows with the first page of a new query."""
        self.list_query = None  # no NeedMore while the rows are swapped
        self.clear()
        self.rows_by_key.clear()
        self._add(page.rows)
        self.list_query, self.total, self._asked = page.query, total, -1
        if page.rows:
            self.move_cursor(row=0)

    def extend(self, page: Page) -> None:
        """Append a later page if it belongs to the current query and follows on."""
        if page.query == self.list_query and page.offset == self.row_count:
            self._add(page.rows)

    def update_decision(self, cluster_id: str, decision: str) -> None:
        if cluster_id in self.rows_by_key:
            self.update_cell(cluster_id, "decision", Text(DECISION_MARK.get(decision, " ")))

    @property
    def current(self) -> ClusterRow | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.rows_by_key.get(key or "")

    def _add(self, rows: tuple[ClusterRow, ...]) -> None:
        for row in rows:
            self.rows_by_key[row.id] = row
            self.add_row(*_cells(row), key=row.id)

    def watch_cursor_coordinate(self, old: object, new: object) -> None:
        super().watch_cursor_coordinate(old, new)  # type: ignore[arg-type]
        near_end = 0 < self.row_count <= self.cursor_row + PREFETCH
        if self.list_query and near_end and self.row_count < self.total and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.NeedMore(self.list_query, self.row_count))


def _cells(row: ClusterRow) -> tuple[Text | int, ...]:
    return (
        status_text(row.status), row.support, row.independent_support, Text(DECISION_MARK.get(row.decision, " ")),
        Text(_clip(row.label, LABEL_WIDTH)), Text(_clip(", ".join(row.sources), SOURCES_WIDTH)),
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

"""The lazy cluster list: a DataTable fed one page at a time.

It never queries the store itself (attributes down): the screen hands it pages,
and it asks for the next one with a ``NeedMore`` message (messages up) when the
cursor comes near the end of what is loaded. Every cell is a ``Text`` or an int:
a DataTable reads a plain str cell as markup, and claims and sources are article text.

The claim column takes what the other columns leave of the list's width; below
``SOURCES_FROM`` columns of room the sources column is left out (the detail names them).
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from corroborate.review.data import ClusterRow, ListQuery, Page
from corroborate.review.widgets.render import DECISION_MARK, flag_marks

SOURCES_WIDTH = 28
SOURCES_FROM = 64  # columns of room needed before the sources column is shown
FIXED = 13  # the mark, support and independent columns with their cell padding
MIN_LABEL = 20
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
        self.widths = (0, 0)  # (claim, sources); 0 sources: no sources column

    def on_mount(self) -> None:
        self._columns(self._widths())

    def on_resize(self) -> None:
        widths = self._widths()
        if widths != self.widths:
            row = self.cursor_row
            rows = list(self.rows_by_key.values())
            self.clear(columns=True)
            self._columns(widths)
            self._add(tuple(rows))
            if rows:
                self.move_cursor(row=min(row, len(rows) - 1), animate=False)

    def _widths(self) -> tuple[int, int]:
        room = max(MIN_LABEL, self.size.width - FIXED - 2)  # 2: the vertical scrollbar
        sources = min(SOURCES_WIDTH, room // 4) if room >= SOURCES_FROM else 0
        return (room - sources - 2 if sources else room), sources

    def _columns(self, widths: tuple[int, int]) -> None:
        self.widths = widths
        self.add_column(" ", key="decision", width=1)
        self.add_column("sup", key="support", width=3)
        self.add_column("ind", key="independent", width=3)
        self.add_column("claim", key="label", width=widths[0])
        if widths[1]:
            self.add_column("sources", key="sources", width=widths[1])

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
            self.add_row(*_cells(row, self.widths), key=row.id)

    def watch_cursor_coordinate(self, old: object, new: object) -> None:
        super().watch_cursor_coordinate(old, new)  # type: ignore[arg-type]
        near_end = 0 < self.row_count <= self.cursor_row + PREFETCH
        if self.list_query and near_end and self.row_count < self.total and self._asked != self.row_count:
            self._asked = self.row_count
            self.post_message(self.NeedMore(self.list_query, self.row_count))


def _cells(row: ClusterRow, widths: tuple[int, int]) -> tuple[Text | int, ...]:
    label = flag_marks(row.flags).append(_clip(row.label, widths[0] - len(flag_marks(row.flags))))
    cells: tuple[Text | int, ...] = (
        Text(DECISION_MARK.get(row.decision, " ")),
        row.support,
        row.independent_support,
        label,
    )
    return cells + ((Text(_clip(", ".join(row.sources), widths[1])),) if widths[1] else ())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

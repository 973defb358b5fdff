"""The source view: one article's whole text, each claim coloured by its cluster's status.

Junk lines that were dropped before extraction are shown dimmed with their
reason. ↑/↓ step through the claims; enter or ``j`` jumps to the claim's
cluster (the screen dismisses with that cluster id).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from corroborate.records import Article
from corroborate.review.data import ReviewData, SourceClaim
from corroborate.review.screens.failures import ReportsFailures
from corroborate.review.widgets.render import STATUS_STYLE, status_style

LEGEND = Text.assemble(
    ("corroborated", STATUS_STYLE["corroborated"]),
    " · ",
    ("contradicted", STATUS_STYLE["contradicted"]),
    " · ",
    ("single-source", STATUS_STYLE["single-source"]),
    " · ",
    ("dropped junk (reason)", "dim strike"),
    " · ",
    ("selected claim", "reverse"),
)


class SourceScreen(ReportsFailures, Screen[str | None]):
    """Dismisses with the cluster id to jump to, or None to go back."""

    BINDINGS = [
        Binding("up", "step(-1)", "Previous claim", key_display="↑", priority=True, id="source.previous"),
        Binding("down", "step(1)", "Next claim", key_display="↓", priority=True, id="source.next"),
        Binding("enter,j", "jump", "Jump to cluster", key_display="j", id="source.jump"),
        Binding("escape,v", "back", "Back", id="source.back"),
    ]

    def __init__(self, data: ReviewData, document_id: str, claim_id: str | None = None) -> None:
        super().__init__()
        self.data = data
        self.document_id = document_id
        self.claim_id = claim_id
        self.article: Article | None = None
        self.claims: list[SourceClaim] = []
        self.current = 0
        self._lines: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(LEGEND, id="legend")
        yield VerticalScroll(id="article")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        article, claims = self.data.document(self.document_id)
        self.app.call_from_thread(self.show, article, claims)

    def show(self, article: Article | None, claims: list[SourceClaim]) -> None:
        self.article, self.claims = article, claims
        if article is None:
            self.query_one("#article").mount(Static("This document is no longer in the database."))
            return
        self.title = article.title or article.source
        self.sub_title = f"{article.source} · {len(claims)} claims · {len(article.junk)} junk lines dropped"
        ids = [c.claim.id for c in claims]
        self.current = ids.index(self.claim_id) if self.claim_id in ids else 0
        self._lines = _line_spans(article.text)
        pane = self.query_one("#article", VerticalScroll)
        pane.mount_all(Static(self._render_line(i), classes="line") for i in range(len(self._lines)))
        self.call_after_refresh(self._scroll_to_current)

    def _render_line(self, index: int) -> Text:
        assert self.article is not None
        start, end = self._lines[index]
        current = self.claims[self.current].claim.id if self.claims else None
        return render_line(self.article, self.claims, start, end, current)

    def action_step(self, delta: int) -> None:
        if not self.claims:
            return
        old = self.current
        self.current = max(0, min(len(self.claims) - 1, self.current + delta))
        lines = list(self.query(".line").results(Static))
        for claim_index in {old, self.current}:
            line = self._line_of(self.claims[claim_index].claim.start)
            lines[line].update(self._render_line(line))
        self._scroll_to_current()

    def _line_of(self, offset: int) -> int:
        return next((i for i, (s, e) in enumerate(self._lines) if s <= offset <= e), 0)

    def _scroll_to_current(self) -> None:
        if self.claims:
            lines = list(self.query(".line"))
            self.query_one("#article", VerticalScroll).scroll_to_widget(
                lines[self._line_of(self.claims[self.current].claim.start)], animate=False
            )

    def action_jump(self) -> None:
        self.dismiss(self.claims[self.current].cluster_id if self.claims else None)

    def action_back(self) -> None:
        self.dismiss(None)


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of the text, blank lines included."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def render_line(article: Article, claims: list[SourceClaim], start: int, end: int, current: str | None) -> Text:
    """One line of the article with claim spans coloured and junk dimmed with its reason."""
    text = Text(article.text[start:end] or " ")
    for c in claims:
        lo, hi = max(c.claim.start, start), min(c.claim.end, end)
        if lo < hi:
            style = status_style(c.status) + (" reverse" if c.claim.id == current else " underline")
            text.stylize(style, lo - start, hi - start)
    for junk in article.junk:
        lo, hi = max(junk.start, start), min(junk.end, end)
        if lo < hi:
            text.stylize("dim strike", lo - start, hi - start)
        if start < junk.end <= end:
            text.append(f"  ⟨dropped: {junk.reason}⟩", style="dim italic")
    return text

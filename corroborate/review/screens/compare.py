"""Side by side: one column per source of a cluster, each with the sentences that hold its claims.

Numbers and dates that disagree with another source's are highlighted in the
sentence and in the fields under it (``differing``): a number whose interval does
not overlap another source's number of the same thing, a day that is not the day
another source gives. A claim a check named as the outlier is marked too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from corroborate.records import DateRef, Quantity
from corroborate.review.data import ClusterView, Member
from corroborate.review.widgets.render import DIFFERS, FLAG_STYLE, OUTLIER, date_words, flag_words, quantity

MIN_COLUMN = 36


class CompareScreen(Screen[None]):
    """The cluster's sources in columns; esc or c goes back."""

    BINDINGS = [Binding("escape,c", "back", "back", id="compare.back")]

    def __init__(self, view: ClusterView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header()
        with HorizontalScroll(id="compare"):
            for source, members in by_document(self.view.members):
                with VerticalScroll(classes="compare-column"):
                    yield Static(column(source, members, self.view), classes="compare-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = f"Side by side · {self.view.row.label[:80]}"
        self.sub_title = f"{self.view.row.status} · {len(by_document(self.view.members))} sources"

    def on_resize(self, event: events.Resize) -> None:
        """Columns share the width; below ``MIN_COLUMN`` each, the row scrolls sideways instead."""
        columns = list(self.query(".compare-column"))
        width = max(MIN_COLUMN, event.size.width // max(1, len(columns)))
        for col in columns:
            col.styles.width = width

    def action_back(self) -> None:
        self.dismiss(None)


def by_document(members: Sequence[Member]) -> list[tuple[str, list[Member]]]:
    """Members grouped per document, in the order the detail lists them."""
    groups: dict[str, list[Member]] = {}
    for m in members:
        groups.setdefault(m.claim.document_id, []).append(m)
    return [(ms[0].source, ms) for ms in groups.values()]


def column(source: str, members: Sequence[Member], view: ClusterView) -> Text:
    differs = differing(view.members)
    outliers = {c for item in view.conflicts for c in item.conflict.outliers}
    text = Text(source or "(no source)", style="bold cyan")
    for flag, origin in members[0].flags:
        text.append(f"\n⚑ {flag_words(flag, origin)}", style=FLAG_STYLE)
    for m in members:
        odd = differs.get(m.claim.id, set())
        text.append("\n\n")
        if m.claim.id in outliers:
            text.append("OUTLIER\n", style=OUTLIER)
        text.append_text(sentence(m, odd))
        text.append_text(values(m, odd))
    return text


def sentence(m: Member, odd: set[str]) -> Text:
    """The sentence, the claim's span underlined, the values that differ highlighted."""
    text = Text(m.claim.sentence)
    at = m.claim.sentence.find(m.span) if m.span else -1
    if at >= 0:
        text.stylize("underline", at, at + len(m.span))
    for words in odd:
        where = m.claim.sentence.find(words)
        if where >= 0:
            text.stylize(DIFFERS, where, where + len(words))
    return text


def values(m: Member, odd: set[str]) -> Text:
    text = Text()
    resolved = dict(m.resolved)
    for q in m.claim.numbers:
        text.append("\nnumber: ", style="dim")
        text.append(quantity(q), style=DIFFERS if q.text in odd else "bold")
    for d in m.claim.dates:
        text.append("\ndate: ", style="dim")
        text.append(date_words(d, resolved), style=DIFFERS if d.text in odd else "bold")
    return text


def differing(members: Sequence[Member]) -> dict[str, set[str]]:
    """claim id -> the texts of its numbers and dates that disagree with another document's."""
    out: dict[str, set[str]] = {}
    for m in members:
        others = [o for o in members if o.claim.document_id != m.claim.document_id]
        odd = {q.text for q in m.claim.numbers if any(_apart(q, r) for o in others for r in o.claim.numbers)}
        days = {d.text: day for d in m.claim.dates if (day := _day(d, dict(m.resolved)))}
        theirs = {day for o in others for d in o.claim.dates if (day := _day(d, dict(o.resolved)))}
        odd |= {text for text, day in days.items() if theirs - {day}}
        if odd:
            out[m.claim.id] = odd
    return out


def _apart(q: Quantity, r: Quantity) -> bool:
    """Two numbers of the same thing (or of an unnamed thing) that cannot both be true."""
    same_thing = not q.counts or not r.counts or q.counts == r.counts
    return same_thing and not q.overlaps(r)


def _day(d: DateRef, resolved: dict[str, str]) -> str | None:
    """The single day a date names (resolved by extraction or by the checks), or None for a range."""
    if d.start and (not d.end or d.end == d.start):
        return d.start[:10]
    return resolved.get(d.text) if not d.start else None

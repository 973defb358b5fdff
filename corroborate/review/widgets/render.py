"""Rich text for the review app's rows and panels: pure functions of view records."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from rich.text import Text

from corroborate.records import Claim, KnownMark, Quantity
from corroborate.review.data import ClusterView, ConflictItem, Member, SuggestionItem

STATUS_STYLE = {"corroborated": "green", "contradicted": "red", "single-source": "yellow"}
DECISION_MARK = {"accept": "✓", "reject": "✗", "move": "→", "note": "✎", "": " "}
OUTLIER = "bold white on dark_red"


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


def highlight(sentence: str, span: str, style: str = "bold reverse") -> Text:
    """The sentence with the claim's evidence span highlighted (all of it when the span is not inside)."""
    text = Text(sentence)
    at = sentence.find(span) if span else -1
    if at >= 0:
        text.stylize(style, at, at + len(span))
    else:
        text.stylize(style)
    return text


def header(view: ClusterView) -> Text:
    row = view.row
    text = Text.assemble(
        status_text(row.status), f"  support {row.support} · independent {row.independent_support}",
        f"  {DECISION_MARK[row.decision]}" if row.decision else "",
    )
    text.append(f"\n{row.label}", style="bold")
    for note in view.notes:
        text.append(f"\n✎ {note}", style="italic")
    return text


def member(m: Member, outliers: set[str]) -> Text:
    outlier = m.claim.id in outliers
    text = Text(f"{DECISION_MARK[m.decision]} ", style="bold")
    text.append(m.source, style="bold cyan")
    if outlier:
        text.append("  OUTLIER", style=OUTLIER)
    text.append("\n")
    text.append_text(highlight(m.claim.sentence, m.span))
    text.append("\n")
    text.append_text(fields(m.claim, outlier))
    for mark in m.known:
        text.append_text(checked_before(mark))
    return text.append("\n")


def checked_before(mark: KnownMark) -> Text:
    """ "checked before (0.83): <the checked claim> · verdict=False · url=..." """
    text = Text("\n✔ checked before ", style="bold magenta")
    text.append(f"({mark.score:.2f}): ", style="magenta")
    text.append(mark.text)
    for key in ("verdict", "url", "by", "date"):
        if mark.fields.get(key):
            text.append(f" · {key}={mark.fields[key]}", style="dim")
    return text


def fields(claim: Claim, outlier: bool = False) -> Text:
    value_style = OUTLIER if outlier else "bold"
    text = Text(style="dim")
    speaker = claim.attribution.speaker if claim.attribution else "—"
    parts: list[tuple[str, str, str]] = [
        ("speaker", speaker, ""), ("polarity", claim.polarity, "red" if claim.polarity == "negative" else ""),
        ("numbers", ", ".join(quantity(q) for q in claim.numbers) or "—", value_style if claim.numbers else ""),
        ("dates", ", ".join(f"{d.text} → {d.start or '?'}" for d in claim.dates) or "—",
         value_style if claim.dates else ""),
    ]
    for i, (name, value, style) in enumerate(parts):
        text.append(("  " if i else "") + f"{name}: ")
        text.append(value, style=style or "not dim")
    return text


def quantity(q: Quantity) -> str:
    high = "∞" if math.isinf(q.high) else f"{q.high:g}"
    bounds = f"{q.low:g}" if q.low == q.high else f"{q.low:g}–{high}"
    return f"{q.text} [{bounds}{' ' + q.counts if q.counts else ''}]"


def conflict(item: ConflictItem, sources: dict[str, str]) -> Text:
    f = item.conflict
    style = "bold red" if f.severity == "contradiction" else "bold yellow"
    text = Text(f"{DECISION_MARK[item.decision]} ", style="bold")
    text.append(f"⚠ {f.severity} ({f.kind})", style=style)
    text.append(f"\n{f.detail}")
    if f.outliers:
        names = ", ".join(sources.get(c, c) for c in f.outliers)
        text.append("\noutlier: ")
        text.append(names, style=OUTLIER)
    return text.append("\n")


def numbers(summaries: Iterable[dict[str, Any]]) -> Text:
    text = Text()
    for s in summaries:
        low, best, high = (s.get(k) or {} for k in ("low", "best", "high"))
        text.append(f"{s.get('counts') or 'number'}: ", style="bold")
        text.append(f"low {low.get('text', '?')} · best {best.get('text', '?')} · high {high.get('text', '?')}\n")
    text.rstrip()
    return text


def suggestion(item: SuggestionItem) -> Text:
    text = Text(f"{DECISION_MARK[item.decision]} ", style="bold")
    text.append(f"suggested match ({item.suggestion.similarity:.2f}) — waiting for a decision", style="magenta")
    text.append(f"\nhere:  {item.inside}\nthere: {item.outside}")
    if item.outside_label and item.outside_label != item.outside:
        text.append(f"\nin cluster: {item.outside_label[:100]}", style="dim")
    return text.append("\n")

"""Rich text for the review app's rows and panels: pure functions of view records."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from rich.text import Text

from corroborate.records import REPUBLISHED, REWRITE, Claim, DateRef, KnownMark, Quantity
from corroborate.review.data import ClusterView, ConflictItem, Member, SuggestionItem

STATUS_STYLE = {"corroborated": "green", "contradicted": "red", "single-source": "yellow"}
OTHER_STATUS = "cyan"  # a status this version does not know ("repeated"...) is still shown, in its own colour
DECISION_MARK = {"accept": "✓", "reject": "✗", "move": "→", "note": "✎", "split": "✂", "merge": "⊕", "": " "}
OUTLIER = "bold white on dark_red"
DIFFERS = "bold black on yellow"
FLAG_STYLE = "bold magenta"
ORIGIN_WORDS = {REWRITE: "rewrite of", REPUBLISHED: "republished from"}


def status_style(status: str) -> str:
    return STATUS_STYLE.get(status, OTHER_STATUS)


def status_text(status: str) -> Text:
    return Text(status, style=status_style(status))


def flag_words(flag: str, origin: str) -> str:
    """ "rewrite of Financial Times", "other event": a document's lineage or scope flag in words."""
    if flag in ORIGIN_WORDS and origin:
        return f"{ORIGIN_WORDS[flag]} {origin}"
    return flag.replace("-", " ")


def flag_marks(flags: tuple[tuple[str, str], ...]) -> Text:
    """ "⚑ other event · " before a list row's claim; nothing when its documents carry no flag."""
    if not flags:
        return Text()
    return Text(f"⚑ {', '.join(sorted({f.replace('-', ' ') for f, _ in flags}))} · ", style=FLAG_STYLE)


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
        status_text(row.status),
        f"  support {row.support} · independent {row.independent_support}",
        f"  {DECISION_MARK.get(row.decision, '?')} {row.decision}" if row.decision else "",
    )
    if row.flags:
        text.append("\n⚑ " + "; ".join(sorted({flag_words(f, o) for f, o in row.flags})), style=FLAG_STYLE)
    text.append(f"\n{row.label}", style="bold")
    for note in view.notes:
        text.append(f"\n✎ {note}", style="italic")
    return text


def member(m: Member, outliers: set[str]) -> Text:
    outlier = m.claim.id in outliers
    text = Text(f"{DECISION_MARK.get(m.decision, '?')} ", style="bold")
    text.append(m.source, style="bold cyan")
    for flag, origin in m.flags:
        text.append(f"  ⚑ {flag_words(flag, origin)}", style=FLAG_STYLE)
    if outlier:
        text.append("  OUTLIER", style=OUTLIER)
    text.append("\n")
    text.append_text(highlight(m.claim.sentence, m.span))
    text.append("\n")
    text.append_text(fields(m.claim, outlier, dict(m.resolved)))
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


def date_words(d: DateRef, resolved: dict[str, str] | None = None) -> str:
    """ "May 29th → 2024-05-29": the resolved date, or the one the checks worked out (marked inferred)."""
    if d.start:
        span = d.start if not d.end or d.end == d.start else f"{d.start}…{d.end}"
        return f"{d.text} → {span}"
    if resolved and resolved.get(d.text):
        return f"{d.text} → {resolved[d.text]} (inferred)"
    return f"{d.text} (no date worked out)" if d.confidence == "unresolved" else f"{d.text} ({d.confidence})"


def fields(claim: Claim, outlier: bool = False, resolved: dict[str, str] | None = None) -> Text:
    value_style = OUTLIER if outlier else "bold"
    text = Text(style="dim")
    speaker = claim.attribution.speaker if claim.attribution else "—"
    parts: list[tuple[str, str, str]] = [
        ("speaker", speaker, ""),
        ("polarity", claim.polarity, "red" if claim.polarity == "negative" else ""),
        ("numbers", ", ".join(quantity(q) for q in claim.numbers) or "—", value_style if claim.numbers else ""),
        ("dates", ", ".join(date_words(d, resolved) for d in claim.dates) or "—", value_style if claim.dates else ""),
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
    text = Text(f"{DECISION_MARK.get(item.decision, '?')} ", style="bold")
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
    text = Text(f"{DECISION_MARK.get(item.decision, '?')} ", style="bold")
    text.append(f"suggested match ({item.suggestion.similarity:.2f}) — waiting for a decision", style="magenta")
    text.append(f"\nhere:  {item.inside}\nthere: {item.outside}")
    if item.outside_label and item.outside_label != item.outside:
        text.append(f"\nin cluster: {item.outside_label[:100]}", style="dim")
    return text.append("\n")

"""The report as text tables and data: JSON, JSON lines, CSV and Markdown.

Text in a report is article text, so the writers treat it as hostile: a CSV cell that a spreadsheet
would run as a formula gets a leading ``'`` (OWASP's advice on CSV injection), and Markdown cells escape
HTML and Markdown syntax so that a claim cannot become a tag, a link, an image or a table column.
JSON is left as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from corroborate.export.report import (
    CLAIM_COLUMNS,
    CLUSTER_COLUMNS,
    STATUS_ORDER,
    claim_rows,
    cluster_rows,
    dumps,
)


def to_json(report: dict[str, Any], per_claim: bool = False) -> str:
    """The contract; with ``per_claim``, the documents and one flat object per claim."""
    data = (
        {"summary": report["summary"], "documents": report["documents"], "claims": claim_rows(report)}
        if per_claim
        else report
    )
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_jsonl(report: dict[str, Any], per_claim: bool = False) -> str:
    """One object a line: each cluster as in the contract, or each claim as a flat row."""
    rows = claim_rows(report) if per_claim else report["clusters"]
    return "".join(dumps(row) + "\n" for row in rows)


def to_csv(report: dict[str, Any], per_claim: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CLAIM_COLUMNS if per_claim else CLUSTER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = claim_rows(report) if per_claim else cluster_rows(report)
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell that would start a formula gets a leading ``'``; numbers we counted stay numbers.

    Text such as "-3 dead" is quoted too: it is article text, not a number we computed.
    A carriage return becomes a newline, which the writer quotes (it would not quote a bare ``\r``).
    """
    if not isinstance(value, str):
        return value
    cell = "'" + value if value.startswith(FORMULA_START) else value
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def summary_line(report: dict[str, Any]) -> str:
    """ "5 documents, 111 claims, 80 clusters." and, when a filter left some out, how many are shown."""
    s = report["summary"]
    line = f"{s['documents']} documents, {s['claims']} claims, {s['clusters']} clusters."
    if s["clusters_shown"] != s["clusters"]:
        line += f" Shown: {s['clusters_shown']} clusters from {s['documents_shown']} documents."
    return line


def to_markdown(report: dict[str, Any], per_claim: bool = False) -> str:
    lines = ["# Corroboration table", "", summary_line(report)]
    if per_claim:
        lines += ["", "| Claim | Status | Source | Span | Sentence | Cluster |", "|---|---|---|---|---|---|"]
        lines += [
            f"| {_md(r['text'])} | {_md(r['status'])} | {_md(r['source'])} | {r['start']}–{r['end']} "
            f"| {_md(r['sentence'])} | {_md(r['cluster'])} |"
            for r in claim_rows(report)
        ]
        return "\n".join(lines) + "\n"
    rows = cluster_rows(report)
    for status in [*STATUS_ORDER, *sorted({r["status"] for r in rows} - set(STATUS_ORDER))]:
        section = [r for r in rows if r["status"] == status]
        if not section:
            continue
        lines += ["", f"## {status.capitalize()} ({len(section)})", ""]
        lines += [
            "| Claim | Support | Independent | Sources | Numbers | Dates | Conflicts | Review |",
            "|---|---:|---:|---|---|---|---|---|",
        ]
        lines += [
            f"| {_md(r['label'])} | {r['support']} | {r['independent_support']} | {_md(r['sources'])} "
            f"| {_md(r['numbers'])} | {_md(r['dates'])} | {_md(r['conflicts'])} | {_md(review_words(r))} |"
            for r in section
        ]
    return "\n".join(lines) + "\n"


def review_words(row: dict[str, Any]) -> str:
    """ "accept (alice): checked with the agency" """
    head = f"{row['decision']} ({row['reviewer']})" if row["decision"] else ""
    return ": ".join(part for part in (head, row["note"]) if part)


# HTML first (so the entities we write are not escaped again), then the Markdown syntax a cell
# could start: links and images ([ ]), code (`), emphasis (* _ ~), headings (#), columns (|).
HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def _md(text: object) -> str:
    """Article text as one Markdown table cell, shown literally: no HTML, links, images, code or columns."""
    plain = LINE_BREAKS.sub(" ", str(text))
    plain = "".join(HTML_ESCAPES.get(ch, ch) for ch in plain)
    return MARKDOWN_SPECIAL.sub(r"\\\1", plain)

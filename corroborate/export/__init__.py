"""Reports out: JSON (a stable contract), JSON lines, CSV, Markdown and HTML, shared by the CLI and the app.

``report`` reads the store into the JSON contract documented in the README (with the reviewers'
decisions and notes); ``tables`` and ``html`` render that one structure, so every format says the same,
one row per cluster or, with ``per_claim``, one row per claim.
"""

from __future__ import annotations

from typing import Any

from corroborate.export.html import to_html
from corroborate.export.report import STATUS_ORDER, Filters, build_report
from corroborate.export.report import _claim as _claim  # the store's tests check a claim's fields reach here
from corroborate.export.tables import csv_cell, to_csv, to_json, to_jsonl, to_markdown

WRITERS = {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "md": to_markdown, "html": to_html}
FORMATS = tuple(WRITERS)

__all__ = ["FORMATS", "STATUS_ORDER", "Filters", "build_report", "csv_cell", "render"]


def render(report: dict[str, Any], fmt: str, per_claim: bool = False) -> str:
    """The report in ``fmt``; the HTML report needs one built with ``texts=True`` to show the articles."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer(report, per_claim)

"""The report as one self-contained HTML page: a sortable table, and every claim in its article.

Nothing is fetched: the styles and the small sorting script are inline, and a Content-Security-Policy
forbids any other source, so the file reads the same offline and reveals nothing when opened. All text
(article text, sources, notes) goes through ``html.escape``. Each claim links to its sentence, marked
in a section per document that holds the whole text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from corroborate.export.report import cluster_rows, conflict_words
from corroborate.export.tables import review_words, summary_line

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:80em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35em .5em;
vertical-align:top;text-align:left}th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.n{text-align:right}.corroborated{color:#176f2c}.repeated{color:#7a5b00}.contradicted{color:#b00020}
.single-source{color:#666}tr.conflict td.conflicts{background:#fff0f0}tr.contradiction td.conflicts{
background:#ffd9dc;font-weight:600}ul.claims{margin:0;padding-left:1.1em}.doc-text{white-space:pre-wrap}
mark{background:#fff3b0}mark:target{background:#ffd54f;outline:2px solid #e0a000}
section.doc{border-top:2px solid #ccc;margin-top:2em}.meta{color:#555;font-size:.9em}
"""
# Sorts a table by the clicked column: numbers as numbers, the rest as text.
SCRIPT = """
document.querySelectorAll("table.sortable th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], rows = Array.from(body.rows);
    var up = th.getAttribute("aria-sort") !== "ascending";
    th.parentNode.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var key = function (r) { var v = r.cells[col].dataset.sort || r.cells[col].textContent; return v.trim(); };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""
HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    "<title>Corroboration report</title>\n<style>{style}</style>\n</head>\n<body>\n"
)


def to_html(report: dict[str, Any], per_claim: bool = False) -> str:
    marks = _marks(report)
    parts = [
        HEAD.replace("{style}", STYLE),
        "<h1>Corroboration report</h1>\n",
        f"<p>{escape(summary_line(report))}</p>\n",
    ]
    parts.append(_claim_table(report, marks) if per_claim else _cluster_table(report, marks))
    parts.append(_documents(report, marks))
    parts.append(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(parts)


def _cluster_table(report: dict[str, Any], marks: dict[str, str]) -> str:
    head = ("Status", "Claim", "Support", "Independent", "Sources", "Numbers", "Dates", "Conflicts", "Review")
    rows = []
    for row, cluster in zip(cluster_rows(report), report["clusters"], strict=True):
        claims = "".join(
            f'<li><a href="#{escape(marks[c["id"]])}">{escape(c["source"])}</a>: {escape(c["text"])}</li>'
            for c in cluster["claims"]
        )
        rows.append(
            f'<tr id="k-{escape(row["cluster"])}" class="{_conflict_class(cluster["conflicts"])}">'
            f'<td class="{escape(row["status"])}">{escape(row["status"])}</td>'
            f'<td>{escape(row["label"])}<ul class="claims">{claims}</ul></td>'
            f'<td class="n">{row["support"]}</td><td class="n">{row["independent_support"]}</td>'
            f"<td>{escape(row['sources'])}</td><td>{escape(row['numbers'])}</td><td>{escape(row['dates'])}</td>"
            f'<td class="conflicts">{escape(conflict_words(cluster["conflicts"]))}</td>'
            f"<td>{escape(review_words(row))}</td></tr>\n"
        )
    return _table(head, rows)


def _claim_table(report: dict[str, Any], marks: dict[str, str]) -> str:
    head = ("Status", "Claim", "Source", "Span", "Sentence", "Cluster", "Review")
    rows = []
    for cluster, row in ((c, r) for c, r in zip(report["clusters"], cluster_rows(report), strict=True)):
        for c in cluster["claims"]:
            rows.append(
                f'<tr class="{_conflict_class(cluster["conflicts"])}">'
                f'<td class="{escape(cluster["status"])}">{escape(cluster["status"])}</td>'
                f'<td><a href="#{escape(marks[c["id"]])}">{escape(c["text"])}</a></td><td>{escape(c["source"])}</td>'
                f'<td data-sort="{c["start"]}">{c["start"]}–{c["end"]}</td><td>{escape(c["sentence"])}</td>'
                f"<td>{escape(cluster['id'])}</td><td>{escape(review_words(row))}</td></tr>\n"
            )
    return _table(head, rows)


def _table(head: Sequence[str], rows: Sequence[str]) -> str:
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return f'<table class="sortable">\n<thead><tr>{cells}</tr></thead>\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n'


def _conflict_class(conflicts: Sequence[dict[str, Any]]) -> str:
    severities = {f["severity"] for f in conflicts}
    return "conflict contradiction" if "contradiction" in severities else "conflict" if severities else ""


# -- the documents, with each claim's sentence marked -------------------------------------------------


def _ranges(report: dict[str, Any]) -> dict[str, list[tuple[int, int, list[str]]]]:
    """document id -> merged (start, end, claim ids) of the sentences its exported claims come from."""
    texts = {d["id"]: d.get("text", "") for d in report["documents"]}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for cluster in report["clusters"]:
        for c in cluster["claims"]:
            start, end = sentence_span(texts.get(c["document"], ""), c)
            spans.setdefault(c["document"], []).append((start, end, c["id"]))
    return {doc: _merged(sorted(found)) for doc, found in spans.items()}


def sentence_span(text: str, claim: dict[str, Any]) -> tuple[int, int]:
    """Where the claim's sentence lies in the text around its words; its words alone if it is not there."""
    sentence, start, end = claim["sentence"], claim["start"], claim["end"]
    if sentence:
        at = text.rfind(sentence, 0, start + len(sentence))
        if at >= 0 and at <= start and at + len(sentence) >= end:
            return at, at + len(sentence)
    return start, end


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    out: list[tuple[int, int, list[str]]] = []
    for start, end, claim in spans:
        if out and start < out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), [*last[2], claim])
        else:
            out.append((start, end, [claim]))
    return out


def _marks(report: dict[str, Any]) -> dict[str, str]:
    """claim id -> the id of the mark around its sentence."""
    out = {}
    for doc, ranges in _ranges(report).items():
        for n, (_, _, claims) in enumerate(ranges):
            out.update(dict.fromkeys(claims, f"s-{doc}-{n}"))
    return out


def _documents(report: dict[str, Any], marks: dict[str, str]) -> str:
    ranges = _ranges(report)
    parts = ["<h2>Documents</h2>\n"]
    for d in report["documents"]:
        if d["id"] not in ranges:
            continue
        meta = " · ".join(escape(str(v)) for v in (d["path"], d["published"], d["url"], d["author"]) if v)
        outlet = "" if d["outlet"] else ' <span class="meta">(no outlet named)</span>'
        parts.append(
            f'<section class="doc" id="d-{escape(d["id"])}">\n<h3>{escape(d["source"])}{outlet}'
            f'{" — " + escape(d["title"]) if d["title"] else ""}</h3>\n<p class="meta">{meta}</p>\n'
            f'<div class="doc-text">{_marked(d.get("text", ""), d["id"], ranges[d["id"]])}</div>\n</section>\n'
        )
    return "".join(parts)


def _marked(text: str, doc: str, ranges: list[tuple[int, int, list[str]]]) -> str:
    out, at = [], 0
    for n, (start, end, _) in enumerate(ranges):
        out.append(escape(text[at:start]))
        out.append(f'<mark id="s-{escape(doc)}-{n}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)

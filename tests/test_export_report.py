"""Reports on the seeds: golden files of every format, filters, reviews and the HTML page's links.

The database is built once per session from the relative paths ``seeds/`` and ``data/seeds.toml`` (so
no machine path lands in a golden file), with a reviewer's decision, a note and an undone decision.
Regenerate after a meant change with ``CORROBORATE_REGOLD=1 pytest tests/test_export_report.py``
and read the diff before committing it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate import pipeline
from corroborate.cli import cli
from corroborate.embed import HashEmbedder
from corroborate.extract import build_nlp
from corroborate.records import Annotation
from corroborate.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
REGOLD = os.environ.get("CORROBORATE_REGOLD") == "1"


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def first_cluster(store: Store, status: str) -> str:
    return next(c.id for c in sorted(store.clusters(status), key=lambda c: (-c.support, c.label)))


@pytest.fixture(scope="session")
def golden_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("golden") / "seeds.db"
    store = Store(db)
    with inside(ROOT):
        pipeline.run(["seeds"], store, HashEmbedder(), build_nlp(), meta_file="data/seeds.toml")
    corroborated, repeated = first_cluster(store, "corroborated"), first_cluster(store, "repeated")
    store.annotate(
        Annotation(
            "cluster",
            corroborated,
            "accept",
            "alice",
            "checked with the agency",
            cluster_id=corroborated,
            created="2024-02-01T10:00:00+00:00",
        )
    )
    undone = store.annotate(
        Annotation("cluster", repeated, "accept", "bob", cluster_id=repeated, created="2024-02-01T10:05:00+00:00")
    )
    store.undo(undone)
    store.annotate(
        Annotation(
            "cluster",
            repeated,
            "note",
            "bob",
            "only the FT, copied",
            cluster_id=repeated,
            created="2024-02-01T10:06:00+00:00",
        )
    )
    store.close()
    return db


CASES = [
    ("json", ()),
    ("jsonl", ()),
    ("csv", ()),
    ("md", ()),
    ("html", ()),
    ("csv", ("--claims",)),
    ("md", ("--claims",)),
    ("jsonl", ("--claims",)),
    ("html", ("--claims",)),
]


@pytest.mark.parametrize(("fmt", "extra"), CASES, ids=[f"{f}{'-claims' if e else ''}" for f, e in CASES])
def test_export_of_the_seeds_matches_its_golden_file(golden_db: Path, fmt: str, extra: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(golden_db), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"seeds{'-claims' if extra else ''}.{fmt}"
    if REGOLD:
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8"), f"regenerate with CORROBORATE_REGOLD=1: {golden}"


def export(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_markdown_header_counts_claims_not_clusters(golden_db: Path) -> None:
    store = Store(golden_db, write=False)
    claims, clusters = len(store.claims()), len(store.clusters())
    assert claims != clusters
    assert f"5 documents, {claims} claims, {clusters} clusters." in export(golden_db, "--format", "md")


def test_a_note_and_decision_written_in_the_app_reach_every_table(golden_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(golden_db, "--format", "csv"))))
    decided = {r["decision"]: r for r in rows if r["decision"]}
    assert decided["accept"]["reviewer"] == "alice" and decided["accept"]["note"] == "checked with the agency"
    # bob's accept was undone: only his note stands
    assert (decided["note"]["reviewer"], decided["note"]["note"]) == ("bob", "only the FT, copied")
    assert len(decided) == 2
    assert "accept (alice): checked with the agency" in export(golden_db, "--format", "md")


def test_reviewed_keeps_only_clusters_with_a_standing_decision_or_note(golden_db: Path) -> None:
    rows = [json.loads(line) for line in export(golden_db, "--format", "jsonl", "--reviewed").splitlines()]
    assert sorted(r["review"]["decision"] for r in rows) == ["accept", "note"]


def test_status_and_min_support_filter_the_clusters(golden_db: Path) -> None:
    rows = [
        json.loads(line)
        for line in export(golden_db, "--format", "jsonl", "--status", "repeated", "--min-support", "2").splitlines()
    ]
    assert rows and {r["status"] for r in rows} == {"repeated"}
    assert all(r["support"] >= 2 and r["independent_support"] == 1 for r in rows)
    assert "Shown: " in export(golden_db, "--format", "md", "--status", "repeated")


def test_claim_rows_carry_source_span_and_sentence(golden_db: Path) -> None:
    store = Store(golden_db, write=False)
    texts = {d.id: d.text for d in store.documents().values()}
    rows = [json.loads(line) for line in export(golden_db, "--format", "jsonl", "--claims").splitlines()]
    assert len(rows) == len(store.claims())
    for r in rows:
        assert r["source"] and r["path"].startswith("seeds/")
        assert r["sentence"] and texts[r["document"]][r["start"] : r["end"]]


def test_every_html_claim_link_lands_on_a_mark_around_its_words(golden_db: Path) -> None:
    page = export(golden_db, "--format", "html")
    marks = dict(re.findall(r'<mark id="([^"]+)">(.*?)</mark>', page, re.S))
    links = re.findall(r'<li><a href="#([^"]+)">', page)
    store = Store(golden_db, write=False)
    assert len(links) == len(store.claims())
    assert set(links) <= set(marks)
    first = next(c for c in store.claims() if c.document_id == links[0].split("-")[1])
    assert any(first.text.split()[0] in m for m in marks.values())


def test_html_report_fetches_nothing_and_runs_only_its_own_script(golden_db: Path) -> None:
    page = export(golden_db, "--format", "html")
    assert "default-src 'none'" in page
    assert not re.search(r"\b(src|href)=\"(?!#)", page)  # no resource or link leaves the page
    assert page.count("<script>") == 1 and "<link" not in page and "@import" not in page

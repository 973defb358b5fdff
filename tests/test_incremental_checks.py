"""Checks rerun only on clusters whose inputs changed; the findings are those of checking everything again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corroborate import checks, pipeline
from corroborate.embed import HashEmbedder
from corroborate.extract import build_nlp
from corroborate.records import Cluster
from corroborate.store import Store

FIRE = "The minister said on Monday that 12 people were killed in the fire at the market."
STORM = "Police said the storm destroyed 40 homes in the north of the county on Tuesday."
FIRST = [
    {"id": "a", "title": "A", "text": FIRE, "source": "Alpha"},
    {"id": "b", "title": "B", "text": FIRE.replace("12", "14"), "source": "Beta"},
    {"id": "c", "title": "C", "text": STORM, "source": "Gamma", "published": "2024-01-30"},
    {"id": "d", "title": "D", "text": STORM, "source": "Delta", "published": "2024-01-30"},
]
LATER = [{"id": "e", "title": "E", "text": "The council said the bridge will reopen next spring.", "source": "Echo"}]
DATED = [{**r, "published": "2024-01-29"} for r in LATER] + [
    {
        "id": "f",
        "title": "F",
        "text": "The council said the bridge will reopen next spring!",
        "source": "Foxtrot",
        "published": "2024-01-29",
    },
    {
        "id": "g",
        "title": "G",
        "text": "Officials said the ferry will resume next week.",
        "source": "Golf",
        "published": "2024-01-29",
    },
]


def feed(tmp_path: Path, name: str, records: list[dict[str, Any]], db: Path) -> None:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(db)
    pipeline.run([str(path)], store, HashEmbedder(), build_nlp())
    store.close()


def runs(tmp_path: Path, db: str, later: list[dict[str, Any]]) -> list[Cluster]:
    feed(tmp_path, f"{db}-1.jsonl", FIRST, tmp_path / db)
    feed(tmp_path, f"{db}-2.jsonl", later, tmp_path / db)
    store = Store(tmp_path / db)
    try:
        return store.clusters()
    finally:
        store.close()


def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    checked: list[tuple[str, ...]] = []
    real = checks.checked
    monkeypatch.setattr(checks, "checked", lambda c, *a: checked.append(c.claims) or real(c, *a))
    return checked


def test_an_unchanged_cluster_keeps_its_stored_findings_without_running_the_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = counted(monkeypatch)
    feed(tmp_path, "first.jsonl", FIRST, tmp_path / "reused.db")
    first, stored = len(checked), set(Store(tmp_path / "reused.db").previous_clusters())
    feed(tmp_path, "later.jsonl", LATER, tmp_path / "reused.db")
    store = Store(tmp_path / "reused.db")
    reused = store.clusters()
    new = set(store.previous_clusters()) - stored
    store.close()
    assert new
    assert checked[first:] == [c.claims for c in reused if new & set(c.claims)]  # only the new claim's cluster
    assert any(c.conflicts for c in reused)  # the fire cluster kept its finding: 12 against 14 killed
    monkeypatch.setattr(pipeline._Before, "unchanged", lambda *a: False)  # check every cluster, as before
    everything = runs(tmp_path, "all.db", LATER)
    assert reused == everything and [c.numbers for c in reused] == [c.numbers for c in everything]


def test_a_new_dated_document_that_changes_a_reference_date_reruns_the_clusters_of_undated_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = counted(monkeypatch)
    feed(tmp_path, "first.jsonl", FIRST, tmp_path / "reused.db")
    fire = next(c.claims for c in Store(tmp_path / "reused.db").clusters() if c.conflicts)
    feed(tmp_path, "dated.jsonl", DATED, tmp_path / "reused.db")
    assert checked.count(fire) == 2  # again: its undated documents now take 29 January, not the 30th
    reused = Store(tmp_path / "reused.db").clusters()
    monkeypatch.setattr(pipeline._Before, "unchanged", lambda *a: False)
    everything = runs(tmp_path, "all.db", DATED)
    assert reused == everything and [c.numbers for c in reused] == [c.numbers for c in everything]

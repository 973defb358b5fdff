"""What the cluster stage reads off the texts is kept between runs: a run reads only new texts, same results."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_cluster import article
from test_incremental_checks import feed

from corroborate import lineage, scope
from corroborate.lineage import credited_outlets, refresh_credited
from corroborate.records import Article, TextReadings
from corroborate.store import Store

SZ = "Süddeutsche Zeitung"


def spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """Record the first argument of each call to ``module.name`` (the documents it reads)."""
    calls: list[Any] = []
    real = getattr(module, name)

    def recording(*args: Any) -> Any:
        calls.append(args[1] if name == "_scan_credits" else args[0])
        return real(*args)

    monkeypatch.setattr(module, name, recording)
    return calls


def corpus() -> dict[str, Article]:
    return {
        "a": article("a", "The plant will close, according to SÜDDEUTSCHE ZEITUNG.", source="Alpha"),
        "b": article("b", "The plant will close in May, Alpha reported.", source="Beta"),
        "sz": article("sz", "Das Werk schließt.", source=SZ),
    }


def test_a_stored_text_is_not_read_again_when_no_outlet_came_or_went(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = corpus()
    outlets, found = refresh_credited(documents, frozenset(), {})
    documents["c"] = article("c", "Beta reports the plant will close.", source="Alpha")  # an outlet already known
    read = spy(monkeypatch, lineage, "_scan_credits")
    _, again = refresh_credited(documents, outlets, found)
    assert [list(ids) for ids in read] == [["c"]]
    assert again == {**found, "c": frozenset({"beta"})}


def test_an_outlet_that_arrives_later_is_found_in_texts_stored_before(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = corpus()
    without_sz = {d: a for d, a in documents.items() if d != "sz"}
    outlets, found = refresh_credited(without_sz, frozenset(), {})
    assert found["a"] == frozenset()  # no outlet of that name yet
    read = spy(monkeypatch, lineage, "_scan_credits")
    names, again = refresh_credited(documents, outlets, found)
    assert sorted(read[0]) == ["a", "sz"]  # "b" names no outlet that came: kept as it was
    assert again["a"] == {SZ.lower()}  # the upper-case non-ASCII credit matches case-insensitively
    assert (names, again) == refresh_credited(documents, frozenset(), {})


def test_an_outlet_that_leaves_is_dropped_from_the_credits_that_named_it() -> None:
    documents = corpus()
    outlets, found = refresh_credited(documents, frozenset(), {})
    assert found["a"] == {SZ.lower()}
    fewer = {d: a for d, a in documents.items() if d != "sz"}
    assert refresh_credited(fewer, outlets, found) == refresh_credited(fewer, frozenset(), {})
    assert refresh_credited(fewer, outlets, found)[1]["a"] == frozenset()


NAMES = ["Times", "New York Times", "Times of India", "Zürich Post", "ZÜRICH", "Post", "Wire", "Ωmega News"]
PHRASES = ["{} reported", "according to the {}", "{}'s first reported", "told {}", "the {} building", "{} says"]


def test_credits_read_a_document_at_a_time_equal_those_read_all_at_once() -> None:
    # Outlet names that contain one another ("Times", "New York Times") compete for the same words: the
    # credits a document had may change when a longer name arrives, and must equal a full reading each time.
    rng = random.Random(7)
    documents: dict[str, Article] = {}
    outlets: frozenset[str] = frozenset()
    found: dict[str, frozenset[str]] = {}
    for n in range(60):
        said = [rng.choice(PHRASES).format(rng.choice(NAMES).swapcase() if rng.random() < 0.3 else rng.choice(NAMES))]
        text = " ".join(said + ["The plant will close."] * rng.randint(0, 2) + said)
        documents[f"d{n}"] = article(f"d{n}", text, source=rng.choice(NAMES[: 2 + n // 10]))
        outlets, found = refresh_credited(documents, outlets, found)
        assert found == refresh_credited(documents, frozenset(), {})[1], n
    assert {d: set(v) for d, v in found.items() if v} == credited_outlets(documents)


def test_names_read_before_are_taken_and_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = {
        "a": article("a", "Police said Maria Lopez left Leeds on the morning train."),
        "b": article("b", "Officials said Maria Lopez was seen in Leeds before noon."),
    }
    read = spy(monkeypatch, scope, "text_names")
    names = scope.original_names(documents, {"a": Counter({"planted": 1})})
    assert names["a"] == {"planted": 1} and names["b"] == {"maria": 1, "lopez": 1, "leeds": 1}
    assert len(read) == 1


def readings_rows(db: Path) -> dict[str, tuple[Any, ...]]:
    """Outlet -> (credited, names, rowid) of its document's readings (one document per outlet here)."""
    sql = "select source, credited, names, r.rowid from document_readings r join documents d on d.id = document_id"
    with sqlite3.connect(db) as conn:
        return {r[0]: r[1:] for r in conn.execute(sql)}


RECORDS = [
    {"id": "a", "title": "A", "text": "The minister said 12 people were killed in the fire.", "source": "Alpha"},
    {
        "id": "b",
        "title": "B",
        "text": "The minister said 12 people died in the fire, Alpha reported.",
        "source": "Beta",
    },
]
LATER = [
    {"id": "c", "title": "C", "text": "Police said Maria Lopez left Leeds, according to Gamma Wire.", "source": "Delta"}
]
ARRIVES = [{"id": "g", "title": "G", "text": "Police said Maria Lopez left Leeds.", "source": "Gamma Wire"}]


def test_a_second_run_reads_only_the_new_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    feed(tmp_path, "first.jsonl", RECORDS, db)
    first = readings_rows(db)
    assert set(first) == {"Alpha", "Beta"} and first["Beta"][0] == '["alpha"]'
    scanned, named = spy(monkeypatch, lineage, "_scan_credits"), spy(monkeypatch, scope, "text_names")
    feed(tmp_path, "later.jsonl", LATER, db)
    assert [len(ids) for ids in scanned] == [1] and len(named) <= 1  # the new document only
    after = readings_rows(db)
    assert all(after[d] == first[d] for d in first)  # same rows, same rowids: not written again
    assert after["Delta"][0] == "[]"  # "Gamma Wire" is no outlet of this database yet


def test_runs_that_keep_readings_store_what_one_run_over_everything_stores(tmp_path: Path) -> None:
    feed(tmp_path, "all.jsonl", RECORDS + LATER + ARRIVES, tmp_path / "all.db")
    for step, records in enumerate((RECORDS, LATER, ARRIVES)):
        feed(tmp_path, f"step{step}.jsonl", records, tmp_path / "steps.db")
    with sqlite3.connect(tmp_path / "all.db") as once, sqlite3.connect(tmp_path / "steps.db") as steps:
        for sql in (
            "select id, flags, origin from documents order by id",
            "select document_id, credited from document_readings order by document_id",
            "select name from reading_outlets order by name",
            "select claim_id, cluster_id from cluster_claims order by claim_id",
        ):
            assert once.execute(sql).fetchall() == steps.execute(sql).fetchall(), sql
        names = "select document_id, names from document_readings where names is not null"
        read_once, read_in_steps = dict(once.execute(names).fetchall()), dict(steps.execute(names).fetchall())
    # A copy's names are never read; "Delta" was read while it was an original still, and kept.
    assert read_once.items() <= read_in_steps.items() and len(read_in_steps) == len(read_once) + 1
    assert readings_rows(tmp_path / "steps.db")["Delta"][0] == '["gamma wire"]'  # read again when the outlet came


def test_a_store_without_readings_reads_every_text_once_and_keeps_its_clustering(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    feed(tmp_path, "first.jsonl", RECORDS + LATER, db)
    with sqlite3.connect(db) as conn:  # as a database clustered before readings were kept
        kept = conn.execute("select * from cluster_claims order by claim_id").fetchall()
        conn.execute("delete from document_readings")
        conn.execute("delete from reading_outlets")
    feed(tmp_path, "again.jsonl", RECORDS, db)  # stores nothing new, reclusters
    assert set(readings_rows(db)) == {"Alpha", "Beta", "Delta"}
    with sqlite3.connect(db) as conn:
        assert conn.execute("select * from cluster_claims order by claim_id").fetchall() == kept


def test_readings_are_not_saved_over_the_outlets_another_run_saved(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.add_document(article("a", "text", source="Alpha"), [], [], "m")  # type: ignore[arg-type]
    first = TextReadings(frozenset({"alpha"}), {"a": frozenset()}, {"a": Counter({"x": 2, "b": 1})})
    store.save_text_readings(first, TextReadings())
    assert store.text_readings() == first
    assert list(store.text_readings().names["a"]) == ["x", "b"]  # in the order read: sums come out alike
    stale = TextReadings(frozenset({"beta"}), {"a": frozenset({"beta"})}, {})
    store.save_text_readings(stale, TextReadings())  # read before ``first`` was saved
    assert store.text_readings() == first
    store.close()


def test_datelines_read_before_are_taken_and_a_published_text_is_never_read_for_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = {
        "a": article("a", "LEEDS, May 2, 2013 - Police said Maria Lopez left."),
        "b": article("b", "LEEDS, 22 Jul 2013 - Officials said she was seen."),
        "c": article("c", "March 3, 2012 - no dateline is read here.", published="2013-05-02"),
        "d": article("d", "No date at the top of this one."),
    }
    read = spy(monkeypatch, scope, "dateline")
    lines = scope.read_datelines(documents, {"a": date(1999, 1, 1), "d": None})
    assert lines == {"a": date(1999, 1, 1), "b": date(2013, 7, 22), "d": None}  # "a" as read before, not again
    assert read == ["LEEDS, 22 Jul 2013 - Officials said she was seen."]
    dates = scope.document_dates(documents, [], lines)
    assert dates == {"a": date(1999, 1, 1), "b": date(2013, 7, 22), "c": date(2013, 5, 2), "d": None}


def test_datelines_are_stored_none_included_and_read_back_as_stored(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    for doc in ("a", "b", "c"):
        store.add_document(article(doc, "text", source=doc.upper() * 3), [], [], "m")  # type: ignore[arg-type]
    saved = TextReadings(frozenset(), {"a": frozenset()}, {}, {"a": date(2013, 5, 2), "b": None})
    store.save_text_readings(saved, TextReadings())
    assert store.text_readings() == saved  # "b" read and dateless, "c" never read
    with sqlite3.connect(tmp_path / "s.db") as conn:
        rows = conn.execute("select document_id, credited, dateline from document_readings order by 1").fetchall()
    assert rows == [("a", "[]", "2013-05-02"), ("b", None, "")]
    store.close()


UNDATED = [
    {"id": "u", "title": "U", "text": "The minister said on May 2, 2013 that 12 people were killed in the fire."},
    {"id": "v", "title": "V", "text": "The minister said 12 people died in the fire, Alpha reported."},
]


def test_a_second_run_reads_the_dateline_of_the_new_undated_text_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "d.db"
    feed(tmp_path, "first.jsonl", UNDATED[:1], db)
    read = spy(monkeypatch, scope, "dateline")
    feed(tmp_path, "later.jsonl", UNDATED[1:], db)
    assert read == [UNDATED[1]["text"]]
    with sqlite3.connect(db) as conn:
        lines = dict(
            conn.execute("select d.title, dateline from document_readings join documents d on d.id = document_id")
        )
    assert lines == {"U": "2013-05-02", "V": ""}


def test_credited_pairs_are_kept_under_the_key_they_were_found_under_and_only_under_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    for doc in ("a", "b", "c"):
        store.add_document(article(doc, "text", source=doc.upper() * 3), [], [], "m")  # type: ignore[arg-type]
    assert store.text_readings("k1").credited_pairs is None  # never found
    first = TextReadings(frozenset(), {}, {}, {}, frozenset({("a", "b"), ("a", "c")}), "k1")
    store.save_text_readings(first, store.text_readings("k1"))
    assert store.text_readings("k1").credited_pairs == {("a", "b"), ("a", "c")}
    assert store.text_readings("k2").credited_pairs is None  # another model or other settings: found again
    later = replace(first, credited_pairs=frozenset({("a", "c"), ("b", "c")}))
    store.save_text_readings(later, store.text_readings("k1"))
    assert store.text_readings("k1").credited_pairs == {("a", "c"), ("b", "c")}
    store.save_text_readings(replace(later, under="k2"), store.text_readings("k2"))
    assert store.text_readings("k1").credited_pairs is None and store.text_readings("k2").credited_pairs == {
        ("a", "c"),
        ("b", "c"),
    }
    store.close()


WIRE = [
    {"id": "w1", "title": "W", "text": "The minister said 12 people were killed in the fire.", "source": "Wire"},
    {"id": "w2", "title": "W2", "text": "The mayor said the bridge will reopen on Friday.", "source": "Wire"},
    {"id": "r1", "title": "R", "text": "The minister said 12 people were killed in the fire, Wire reported."},
]


def test_a_second_run_looks_for_credited_pairs_of_the_new_document_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.db"
    feed(tmp_path, "first.jsonl", WIRE, db)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select count(*) from credited_pairs").fetchone()
    searched: list[tuple[list[str], list[str]]] = []
    real = lineage._near_pairs
    monkeypatch.setattr(
        lineage, "_near_pairs", lambda left, right, *a: searched.append((left, right)) or real(left, right, *a)
    )
    later = {"id": "r2", "title": "R2", "text": "The mayor said the bridge will reopen on Friday, Wire said."}
    feed(tmp_path, "later.jsonl", [later], db)
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("select title, id from documents"))
        pairs = conn.execute("select a, b from credited_pairs").fetchall()
    assert stored == (1,) and searched and all(ids["R2"] in left for left, _ in searched)
    assert len(pairs) == 2 and all(ids["R2"] in p or ids["R"] in p for p in pairs)


def test_lineage_verdicts_are_stored_as_judged_and_dropped_with_a_new_key(tmp_path: Path) -> None:
    store = Store(tmp_path / "v.db")
    for doc in ("a", "b", "c"):
        store.add_document(article(doc, "text", source=doc.upper() * 3), [], [], "m")  # type: ignore[arg-type]
    verdicts = {("a", "b"): (0.75, "b", "rewrite", "a"), ("a", "c"): None}
    first = TextReadings(frozenset(), {}, {}, {}, frozenset(), "k1", verdicts)  # type: ignore[arg-type]
    store.save_text_readings(first, store.text_readings("k1"))
    assert store.text_readings("k1").verdicts == verdicts
    later = replace(first, verdicts={("a", "c"): None, ("b", "c"): (1.0, "c", "republished", "b")})
    store.save_text_readings(later, store.text_readings("k1"))
    assert store.text_readings("k1").verdicts == later.verdicts
    assert store.text_readings("k2").verdicts == {}  # another model or other settings: judged again
    store.save_text_readings(replace(later, under="k2", verdicts={}), store.text_readings("k2"))
    assert store.text_readings("k2").verdicts == {} and store.text_readings("k1").credited_pairs is None
    store.close()


def test_a_second_run_judges_only_pairs_with_the_new_document_and_keeps_the_lineage_one_run_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = {"id": "r2", "title": "R2", "text": WIRE[2]["text"] + " More soon.", "source": "Echo"}
    feed(tmp_path, "all.jsonl", [*WIRE, later], tmp_path / "all.db")
    feed(tmp_path, "first.jsonl", WIRE, tmp_path / "steps.db")
    judged: list[tuple[str, str]] = []
    real = lineage._judge
    monkeypatch.setattr(lineage, "_judge", lambda a, b, *rest: judged.append((a.title, b.title)) or real(a, b, *rest))
    feed(tmp_path, "later.jsonl", [later], tmp_path / "steps.db")
    assert judged and all("R2" in pair for pair in judged)
    sql = "select title, flags, origin from documents order by title"
    with sqlite3.connect(tmp_path / "all.db") as once, sqlite3.connect(tmp_path / "steps.db") as steps:
        assert once.execute(sql).fetchall() == steps.execute(sql).fetchall()
        assert steps.execute("select count(*) from lineage_verdicts").fetchone()[0] >= len(judged)


def test_pairs_kept_under_one_model_settings_or_rules_are_not_taken_under_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from corroborate import pipeline
    from corroborate.config import DEFAULT_MATCH

    key = pipeline._found_under("m", DEFAULT_MATCH)
    assert key == pipeline._found_under("m", DEFAULT_MATCH)
    assert key != pipeline._found_under("other", DEFAULT_MATCH)
    assert key != pipeline._found_under("m", replace(DEFAULT_MATCH, match=DEFAULT_MATCH.match + 0.01))
    monkeypatch.setattr(pipeline, "CLUSTERING_RULES", "next")
    assert key != pipeline._found_under("m", DEFAULT_MATCH)


EVENTS = {
    "b": "Crews fought a fire at the Banbury depot overnight. Police said {n} men were arrested for arson there.",
    "k": "Floods closed the Kettering bridge on Monday. The council said {n}0 homes were evacuated near it.",
    "c": "Workers at the Corby steel plant began a strike. The union said talks had failed after {n} rounds.",
}


def report(doc_id: str) -> dict[str, Any]:
    """One report of one of three unrelated events (the id's letter), told a little otherwise by each."""
    text = EVENTS[doc_id[0]].format(n=int(doc_id[1:]) + 1)
    return {"id": doc_id, "title": doc_id, "text": text, "source": f"Outlet {doc_id}"}


TOWNS = [report(f"{e}{n}") for e in "bkc" for n in (1, 2, 3)]


def test_a_second_run_groups_again_only_the_documents_its_claims_touch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = [report("b4")]
    feed(tmp_path, "all.jsonl", TOWNS + later, tmp_path / "all.db")
    feed(tmp_path, "first.jsonl", TOWNS, tmp_path / "steps.db")
    with sqlite3.connect(tmp_path / "steps.db") as conn:
        assert conn.execute("select count(*), count(event) from document_readings").fetchone() == (9, 9)
    grouped: list[list[str]] = []
    real = scope.event_groups
    monkeypatch.setattr(scope, "event_groups", lambda ids, *rest: grouped.append(list(ids)) or real(ids, *rest))
    feed(tmp_path, "later.jsonl", later, tmp_path / "steps.db")
    titles = "select d.id, d.title from documents d"
    with sqlite3.connect(tmp_path / "steps.db") as conn:
        title = dict(conn.execute(titles).fetchall())
    assert [sorted(title[d] for d in ids) for ids in grouped] == [["b1", "b2", "b3", "b4"]]
    sql = "select title, flags, event from documents join document_readings on id = document_id order by title"
    with sqlite3.connect(tmp_path / "all.db") as once, sqlite3.connect(tmp_path / "steps.db") as steps:
        rows = steps.execute(sql).fetchall()
        assert once.execute(sql).fetchall() == rows and len({event for *_, event in rows}) == 3


def test_a_store_without_event_groups_groups_every_document_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    feed(tmp_path, "first.jsonl", TOWNS, db)
    with sqlite3.connect(db) as conn:  # as a database clustered before event groups were kept
        conn.execute("update document_readings set event = null")
    grouped: list[int] = []
    real = scope.event_groups
    monkeypatch.setattr(scope, "event_groups", lambda ids, *rest: grouped.append(len(ids)) or real(ids, *rest))
    feed(tmp_path, "later.jsonl", [report("b4")], db)
    assert grouped == [10]
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*), count(event) from document_readings").fetchone() == (10, 10)

"""The database under hostile conditions: read-only files and folders, foreign or damaged files, a full
disk, interrupted runs, and two runs on one file at once. Every fault is one line naming the file, and
the file stays consistent.

The CLI tests here swap the embedding model for the HashEmbedder (the spaCy parser still runs); the
subprocess tests run ``tests/hash_cli.py``, the real command line with that same swap.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from legacy import legacy_db

from corroborate import cli as cli_module
from corroborate import embed, pipeline
from corroborate.cli import cli
from corroborate.errors import StoreError
from corroborate.records import Article, Claim
from corroborate.store import SCHEMA_VERSION, Store, describe
from corroborate.store.base import until_free

ROOT = Path(__file__).resolve().parent.parent
HASH_CLI = ROOT / "tests" / "hash_cli.py"


# -- helpers -------------------------------------------------------------------


def write_articles(folder: Path, count: int, topic: str = "fire") -> Path:
    """``count`` short distinct articles, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, count + 1):
        (folder / f"{topic}{i:03}.txt").write_text(
            f"The {topic} in district {i}\n\nOfficials said {i * 3} people were injured in the {topic} on Monday "
            f"in district {i}. The mayor said it started at a warehouse near river {i}. "
            f"Police said {i % 5 + 1} men were arrested.\n",
            encoding="utf-8",
        )
    return folder


def one_document(store: Store, n: int) -> Article:
    text = f"Article {n}: officials said {n} people were injured. " + "Padding words to fill pages. " * 40
    a = Article(id=Article.make_id(text), path=f"{n}.txt", text=text, source=f"Outlet {n}")
    c = Claim(
        id=Claim.make_id(a.id, text[:40], 0, 40), document_id=a.id, text=text[:40], sentence=text[:40], start=0, end=40
    )
    store.add_document(a, [c], np.ones((1, 8), dtype=np.float32), "m")
    return a


def sql(db: Path, query: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only for real: its mode for a user; for root, who ignores modes, the
    immutable flag."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("running as root without the immutable flag: nothing is read-only to root")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading either model fails the test: the database must be refused before."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a model was loaded before the database was checked")

    monkeypatch.setattr(embed, "make_embedder", refuse)
    monkeypatch.setattr("corroborate.extract.build_nlp", refuse)


@pytest.fixture
def hash_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "make_embedder", lambda model=None, backend="torch": embed.HashEmbedder())


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def one_error_line(result: Any) -> str:
    """The single ``error:`` line of a failed command; no traceback anywhere."""
    assert result.exit_code != 0
    assert "Traceback" not in result.output and not isinstance(result.exception, sqlite3.Error | AssertionError)
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def make_db(tmp_path: Path, name: str = "c.db") -> Path:
    db = tmp_path / name
    Store(db).close()
    return db


# -- files and folders that cannot be written ------------------------------------


def test_read_only_db_file_is_refused_before_any_model_loads(tmp_path: Path, no_models: None) -> None:
    db = make_db(tmp_path)
    inputs = write_articles(tmp_path / "in", 2)
    with read_only(db):
        line = one_error_line(invoke("run", str(inputs), "--db", str(db)))
    assert str(db) in line and "read-only" in line


def test_read_only_db_file_can_still_be_exported(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    with read_only(db):
        result = invoke("export", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert '"documents": []' in result.output


def test_read_only_directory_is_refused_before_any_model_loads(tmp_path: Path, no_models: None) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = make_db(folder)
    inputs = write_articles(tmp_path / "in", 2)
    with read_only(folder):
        line = one_error_line(invoke("run", str(inputs), "--db", str(db)))
    assert str(db) in line and "folder" in line


def test_db_folder_cannot_be_created_is_one_line(tmp_path: Path, no_models: None) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    db = tmp_path / "a-file" / "sub" / "c.db"
    line = one_error_line(invoke("run", str(write_articles(tmp_path / "in", 1)), "--db", str(db)))
    assert "cannot create its folder" in line and str(db.parent) in line


# -- files that are not ours, or not whole -----------------------------------------


def test_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path: Path, no_models: None) -> None:
    db = tmp_path / "other.db"
    sql(db, "create table people (name text)")
    line = one_error_line(invoke("run", str(write_articles(tmp_path / "in", 1)), "--db", str(db)))
    assert "not a corroborate database" in line and "people" in line
    assert sql(db, "select name from sqlite_master where type = 'table'") == [("people",)]
    with pytest.raises(StoreError, match="not a corroborate database"):
        Store(db, write=False)


def test_foreign_sqlite_file_with_another_application_id_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    sql(db, "pragma application_id = 1234")
    with pytest.raises(StoreError, match="not a corroborate database"):
        Store(db)


def test_empty_file_is_initialised(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    Store(db).close()
    assert sql(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    assert sql(db, "pragma journal_mode") == [("wal",)]


def test_database_made_before_the_schema_mark_is_still_opened(tmp_path: Path) -> None:
    db = legacy_db(tmp_path / "old.db", upto="m004_known_marks", marked=False)
    Store(db).close()
    assert sql(db, "pragma user_version") == [(SCHEMA_VERSION,)]
    assert ("pid",) in sql(db, "select name from pragma_table_info('runs')")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    sql(db, f"pragma user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match=f"newer corroborate .schema {SCHEMA_VERSION + 1}, this program knows"):
        Store(db)


def test_newer_schema_with_an_unknown_migration_is_refused(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) "
            "values ('corroborate', 'm999_from_the_future', '')"
        )
    conn.close()
    result = invoke("export", "--db", str(db))
    assert "made by a newer corroborate" in one_error_line(result)


def test_dropped_table_is_refused_by_run(tmp_path: Path, no_models: None) -> None:
    db = make_db(tmp_path)
    sql(db, "drop table clusters")
    line = one_error_line(invoke("run", str(write_articles(tmp_path / "in", 1)), "--db", str(db)))
    assert str(db) in line and "damaged database: table clusters is missing" in line


def test_dropped_table_is_refused_by_export(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    sql(db, "drop table documents")
    line = one_error_line(invoke("export", "--db", str(db)))
    assert str(db) in line and "table documents is missing" in line


def test_table_dropped_while_export_reads_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_db(tmp_path)
    opened = cli_module.open_store

    def open_then_drop(*args: Any, **kwargs: Any) -> Store:
        store = opened(*args, **kwargs)
        sql(db, "drop table clusters")  # another process breaks the file after the checks passed
        return store  # type: ignore[no-any-return]

    monkeypatch.setattr(cli_module, "open_store", open_then_drop)
    line = one_error_line(invoke("export", "--db", str(db)))
    assert str(db) in line and "damaged database (no such table: clusters)" in line


# -- a full disk -----------------------------------------------------------------------


def test_disk_full_rolls_back_the_document_and_keeps_the_earlier_ones(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    kept = [one_document(store, n) for n in range(3)]
    pages = store.db.execute("pragma page_count").fetchone()[0]
    store.db.execute(f"pragma max_page_count = {pages}")  # the file cannot grow: SQLITE_FULL on the next page
    with pytest.raises(sqlite3.OperationalError) as failure:
        for n in range(3, 50):
            one_document(store, n)
    assert "disk full" in describe(store.path, failure.value)
    assert not store.db.conn.in_transaction
    assert store.db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert {a.id for a in kept} <= set(store.documents())
    assert store.counts()["claims"] == store.counts()["documents"]  # no document without its claim
    store.close()


def test_disk_full_in_a_run_is_one_line_and_the_run_ends_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hash_models: None
) -> None:
    db = tmp_path / "c.db"
    invoke("run", str(write_articles(tmp_path / "first", 2)), "--db", str(db))
    before = sql(db, "select id from documents order by id")
    opened = cli_module.open_store

    def open_nearly_full(*args: Any, **kwargs: Any) -> Store:
        store = opened(*args, **kwargs)
        pages = store.db.execute("pragma page_count").fetchone()[0]
        store.db.execute(f"pragma max_page_count = {pages + 1}")
        return store  # type: ignore[no-any-return]

    monkeypatch.setattr(cli_module, "open_store", open_nearly_full)
    line = one_error_line(invoke("run", str(write_articles(tmp_path / "second", 30, "flood")), "--db", str(db)))
    assert str(db) in line and "disk full" in line
    assert sql(db, "pragma integrity_check") == [("ok",)]
    assert set(before) <= set(sql(db, "select id from documents"))
    assert sql(db, "select status from runs order by id") == [("ok",), ("failed",)]


# -- interrupted runs -----------------------------------------------------------------


class InterruptingEmbedder(embed.HashEmbedder):
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise KeyboardInterrupt


def test_ctrl_c_ends_the_run_interrupted_not_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.db"
    monkeypatch.setattr(embed, "make_embedder", lambda model=None, backend="torch": InterruptingEmbedder())
    result = invoke("run", str(write_articles(tmp_path / "in", 2)), "--db", str(db))
    assert result.exit_code == 130
    assert "interrupted" in one_error_line(result)
    assert sql(db, "select status from runs") == [("interrupted",)]


def test_running_row_of_a_killed_process_is_marked_interrupted_by_the_next_run(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    alive = os.getppid()
    for pid in (int(gone.stdout), alive):
        store.db["runs"].insert({"started": "t", "status": "running", "pid": pid, "host": socket.gethostname()})
    store.start_run(["x"], "m")
    statuses = [r["status"] for r in store.db.query("select status from runs order by id")]
    assert statuses == ["interrupted", "running", "running"]  # a live process's run is left alone
    store.close()


# -- a busy database -------------------------------------------------------------------


def test_writer_waits_for_another_process_transaction(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    other = sqlite3.connect(db, check_same_thread=False)
    other.execute("begin immediate")
    threading.Timer(0.5, other.commit).start()
    started = time.perf_counter()
    waiting = Store(db, timeout=10)  # opening writes too (the schema mark): it waits here
    one_document(waiting, 1)
    assert time.perf_counter() - started >= 0.4
    assert waiting.counts()["documents"] == 1
    waiting.close()


def test_writer_that_waits_too_long_says_locked(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    store = Store(db, timeout=0.2)
    other = sqlite3.connect(db)
    other.execute("begin immediate")
    with pytest.raises(sqlite3.OperationalError) as failure:
        one_document(store, 1)
    other.rollback()
    message = describe(db, failure.value, 0.2)
    assert message.startswith(f"{db}: database is locked") and "0.2 s" in message


def sqlite_failure(name: str) -> sqlite3.OperationalError:
    failure = sqlite3.OperationalError("database is locked" if "BUSY" in name else "database or disk is full")
    failure.sqlite_errorname = name  # type: ignore[attr-defined]
    return failure


def test_a_busy_answer_that_comes_at_once_is_tried_again_within_the_timeout() -> None:
    tries: list[float] = []

    def busy_twice() -> None:
        tries.append(time.monotonic())
        if len(tries) < 3:
            raise sqlite_failure("SQLITE_BUSY_RECOVERY")  # SQLite's busy handler does not wait on this one

    until_free(busy_twice, 5)
    assert len(tries) == 3

    def always_busy() -> None:
        raise sqlite_failure("SQLITE_BUSY")

    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError):
        until_free(always_busy, 0.3)
    assert 0.1 <= time.monotonic() - started <= 1.0

    full: list[int] = []

    def disk_full() -> None:
        full.append(1)
        raise sqlite_failure("SQLITE_FULL")

    with pytest.raises(sqlite3.OperationalError):
        until_free(disk_full, 5)
    assert full == [1]  # only "busy" is tried again


def test_a_busy_answer_names_its_kind_when_it_is_not_a_plain_wait(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert describe(db, sqlite_failure("SQLITE_BUSY_SNAPSHOT"), 60).startswith(
        f"{db}: database is locked (SQLITE_BUSY_SNAPSHOT): another process kept it busy for more than 60 s"
    )
    assert describe(db, sqlite_failure("SQLITE_BUSY"), 60).startswith(f"{db}: database is locked: another")


def test_claims_stored_by_another_run_during_clustering_are_clustered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "c.db")
    for n in range(3):
        one_document(store, n)
    other = Store(tmp_path / "c.db")
    clustering = pipeline._clustering
    calls = []

    def clustering_while_another_run_stores(*args: Any) -> Any:
        calls.append(1)
        computed = clustering(*args)
        if len(calls) == 1:
            one_document(other, 99)  # lands after the snapshot was read, before the swap
        return computed

    monkeypatch.setattr(pipeline, "_clustering", clustering_while_another_run_stores)
    pipeline.recluster(store, "m")
    assert len(calls) == 2
    clustered = {claim for c in store.clusters() for claim in c.claims}
    assert clustered == {c.id for c in store.claims()} and len(clustered) == 4
    other.close()
    store.close()


# -- real processes: two runs at once, kill -9 ------------------------------------------


def start_cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(HASH_CLI), *args], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def assert_whole(db: Path, documents: int) -> None:
    """Integrity ok, every input stored once, every claim clustered, no run left 'running'."""
    assert sql(db, "pragma integrity_check") == [("ok",)]
    assert sql(db, "select count(*), count(distinct path) from documents") == [(documents, documents)]
    assert sql(db, "select count(*) from claims where id not in (select claim_id from cluster_claims)") == [(0,)]
    assert ("running",) not in sql(db, "select status from runs")


@pytest.mark.slow
def test_concurrent_runs_on_one_database_both_complete(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first = start_cli("run", str(write_articles(tmp_path / "a", 40, "fire")), "--db", str(db))
    second = start_cli("run", str(write_articles(tmp_path / "b", 40, "flood")), "--db", str(db))
    for process in (first, second):
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert_whole(db, 80)
    assert sql(db, "select status from runs") == [("ok",), ("ok",)]


def wait_for_running_row(db: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if sql(db, "select 1 from runs where status = 'running'"):
                return
        except sqlite3.Error:
            pass  # not created yet
        time.sleep(0.02)
    raise AssertionError(f"the run never started: {process.communicate()[1]}")


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "sigterm"])
def test_killed_run_then_rerun_completes_without_duplicates(tmp_path: Path, how: signal.Signals) -> None:
    db = tmp_path / "c.db"
    inputs = str(write_articles(tmp_path / "in", 60))
    victim = start_cli("run", inputs, "--db", str(db))
    wait_for_running_row(db, victim)
    victim.send_signal(how)
    _, stderr = victim.communicate(timeout=60)
    assert victim.returncode == (-signal.SIGKILL if how == signal.SIGKILL else 130), stderr
    if how == signal.SIGTERM:
        assert "interrupted" in stderr and "Traceback" not in stderr
        assert sql(db, "select status from runs") == [("interrupted",)]
    rerun = start_cli("run", inputs, "--db", str(db))
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert_whole(db, 60)
    assert sql(db, "select status from runs order by id") == [("interrupted",), ("ok",)]

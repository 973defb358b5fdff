"""``corroborate doctor``: one line per check, exit 1 on any problem, and the database never changed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corroborate import doctor, embed
from corroborate.cli import cli

HASHES = json.loads(embed.HASHES.read_text())


def run_doctor(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["doctor", "--db", str(db), *args])


def lines(result: Result) -> dict[str, str]:
    """{check name: its whole line}; every line is one check."""
    out = {}
    for line in result.output.splitlines():
        status, rest = line.split(None, 1)
        assert status in ("ok", "problem"), line
        out[rest.split(":", 1)[0]] = line
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        file.seek(offset)
        file.write(bytes([byte[0] ^ 0x20]))


def test_a_healthy_database_passes_every_check_and_is_left_byte_for_byte(hash_db: Path) -> None:
    before = digest(hash_db)
    result = run_doctor(hash_db, "--model", str(embed.default_model_dir()))
    assert result.exit_code == 0, result.output
    found = lines(result)
    assert set(found) == {
        "embedding model",
        "spaCy pipeline",
        "schema",
        "integrity",
        "journal mode",
        "vectors",
        "write access",
        "disk space",
    }
    assert all(line.startswith("ok ") for line in found.values())
    assert "pragma integrity_check: ok" in found["integrity"] and "journal mode: wal" in found["journal mode"]
    assert digest(hash_db) == before
    # A WAL database read through SQLite keeps its (empty) -wal and -shm files beside it; nothing else.
    assert {p.name for p in hash_db.parent.iterdir()} <= {hash_db.name, f"{hash_db.name}-wal", f"{hash_db.name}-shm"}


def test_a_wal_database_is_read_without_being_changed(hash_db: Path) -> None:
    with sqlite3.connect(hash_db) as conn:
        assert conn.execute("pragma journal_mode = wal").fetchone()[0] == "wal"
    before = digest(hash_db)
    result = run_doctor(hash_db)
    assert "journal mode: wal" in lines(result)["journal mode"]
    assert digest(hash_db) == before


def test_the_default_model_checks_pass_on_the_installed_packages(hash_db: Path) -> None:
    found = lines(run_doctor(hash_db))
    assert found["embedding model"].startswith("ok ") and "match their pinned SHA-256" in found["embedding model"]
    assert found["spaCy pipeline"].startswith("ok ") and "match their pinned SHA-256" in found["spaCy pipeline"]


def test_a_missing_database_is_a_problem_that_says_how_to_make_one(tmp_path: Path) -> None:
    result = run_doctor(tmp_path / "nothing.db")
    assert result.exit_code == 1
    line = lines(result)["database"]
    assert line.startswith("problem ") and "no database here" in line and "fix: run `corroborate run" in line
    assert not (tmp_path / "nothing.db").exists()  # not created by looking


def test_a_file_of_garbage_bytes_is_named_not_a_database(tmp_path: Path) -> None:
    garbage = tmp_path / "c.db"
    garbage.write_bytes(bytes(range(256)) * 64)
    before = digest(garbage)
    result = run_doctor(garbage)
    assert result.exit_code == 1
    line = lines(result)["database"]
    assert line.startswith("problem ") and f"{garbage}: not a readable SQLite database" in line and "fix:" in line
    assert digest(garbage) == before


def test_a_damaged_index_page_fails_the_integrity_check(hash_db: Path) -> None:
    with sqlite3.connect(hash_db) as conn:
        root = conn.execute("select rootpage from sqlite_master where name = 'idx_claims_document_id'").fetchone()[0]
        size = conn.execute("pragma page_size").fetchone()[0]
    flip_byte(hash_db, root * size - 10)  # inside a key near the end of the index's root page
    result = run_doctor(hash_db)
    assert result.exit_code == 1
    line = lines(result)["integrity"]
    assert line.startswith("problem ") and "idx_claims_document_id" in line and ".recover" in line


def test_a_tampered_default_model_is_a_problem_named_by_file(
    hash_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = Path(shutil.copytree(embed.default_model_dir(), tmp_path / "model"))
    flip_byte(copy / "model.safetensors", 5000)
    monkeypatch.setattr(embed, "default_model_dir", lambda: copy)  # the installed package's folder, tampered
    result = run_doctor(hash_db)
    assert result.exit_code == 1
    line = lines(result)["embedding model"]
    assert line.startswith("problem ") and "model.safetensors does not match its pinned SHA-256" in line
    assert f"{HASHES['package']}=={HASHES['version']}" in line  # what to do
    assert "vectors" not in lines(result)  # no id to compare with


def test_a_tampered_copy_passed_as_model_gets_its_own_id_and_is_not_passed_off(hash_db: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(embed.default_model_dir(), tmp_path / "model"))
    flip_byte(copy / "model.safetensors", 5000)
    found = lines(run_doctor(hash_db, "--model", str(copy)))
    default_id = embed.checked_model().model_id
    assert "your own model, not pinned" in found["embedding model"] and default_id not in found["embedding model"]
    assert "model@" in found["embedding model"]


def test_a_model_folder_of_pickle_weights_is_a_problem(hash_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert"}')
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04cos\nsystem\n")
    result = run_doctor(hash_db, "--model", str(folder))
    assert result.exit_code == 1
    line = lines(result)["embedding model"]
    assert "pickle weights are not loaded" in line and "fix: pass --model" in line


def test_vectors_of_an_older_model_id_are_reported_for_the_next_run(hash_db: Path) -> None:
    with sqlite3.connect(hash_db) as conn:
        claims = conn.execute("update embeddings set model = 'sentence-transformers/all-MiniLM-L6-v2'").rowcount
    result = run_doctor(hash_db)
    line = lines(result)["vectors"]
    assert line.startswith("ok ") and f"{claims} of {claims} claims have no vector" in line
    assert "the next run embeds them again" in line and result.exit_code == 0


def test_a_database_from_a_newer_version_is_a_problem(hash_db: Path) -> None:
    with sqlite3.connect(hash_db) as conn:
        conn.execute(
            "insert into _sqlite_migrations (migration_set, name, applied_at) "
            "values ('corroborate', 'm999_future', '2030-01-01')"
        )
    line = lines(run_doctor(hash_db))["schema"]
    assert line.startswith("problem ") and "newer corroborate (m999_future)" in line and "upgrade" in line


def test_a_pending_migration_is_reported_and_not_applied(hash_db: Path) -> None:
    with sqlite3.connect(hash_db) as conn:
        conn.execute("delete from _sqlite_migrations where name = 'm004_known_marks'")
        conn.execute("drop table known_marks")
    line = lines(run_doctor(hash_db))["schema"]
    assert line.startswith("ok ") and "the next run applies m004_known_marks" in line
    with sqlite3.connect(hash_db) as conn:
        assert not conn.execute("select 1 from sqlite_master where name = 'known_marks'").fetchone()


def test_a_sqlite_file_of_another_program_is_not_a_corroborate_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table t (x)")
    line = lines(run_doctor(other))["schema"]
    assert line.startswith("problem ") and "not a corroborate database" in line


def test_a_read_only_folder_is_a_problem(hash_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as root every file is writable, so the permission bits are not what this test can set
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != hash_db.parent)
    line = lines(run_doctor(hash_db))["write access"]
    assert line.startswith("problem ") and f"{hash_db.parent}: the folder is read-only" in line and "chmod" in line


def test_low_disk_space_is_a_problem(tmp_path: Path) -> None:
    finding = doctor.disk_space(tmp_path / "c.db", minimum=1 << 60)
    assert not finding.ok and "free some space" in finding.line()
    assert doctor.disk_space(tmp_path / "sub" / "c.db", minimum=0).ok  # a folder not made yet: its parent's disk

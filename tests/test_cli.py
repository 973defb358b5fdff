"""The command line through click's runner, on the real pipeline and model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from corroborate.cli import cli

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
pytestmark = pytest.mark.slow


def invoke(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_every_command_has_help_with_an_example() -> None:
    assert cli.commands, "the group has commands"
    for name, command in cli.commands.items():
        result = invoke(name, "-h")
        assert result.exit_code == 0, name
        assert command.help and "Example" in command.help, f"{name} help has no example"
        assert "Usage: " in result.output


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert "corroborate, version 0.1.0" in result.output


def test_run_on_the_seeds_then_again_adds_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    first = invoke("run", str(SEEDS), "--db", db)
    assert first.exit_code == 0, first.output
    assert "documents" in first.output and "5 (5 new)" in first.output
    counts = {t: sqlite_utils.Database(db)[t].count for t in ("documents", "claims", "clusters")}
    second = invoke("run", str(SEEDS), "--db", db)
    assert "5 (0 new)" in second.output
    assert {t: sqlite_utils.Database(db)[t].count for t in counts} == counts
    assert sqlite_utils.Database(db)["runs"].count == 2


def test_bad_inputs_are_named_and_the_rest_still_runs(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    good = tmp_path / "good.txt"
    good.write_text((SEEDS / "001_a347442bfb501b2d.txt").read_text())
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(
        cli,
        [
            "run",
            str(tmp_path / "missing.txt"),
            str(tmp_path / "empty.txt"),
            str(tmp_path / "binary.txt"),
            str(good),
            "--db",
            db,
        ],
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert any("missing.txt" in line and "no such file" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("binary.txt" in line and "not a text file" in line for line in lines)
    assert sqlite_utils.Database(db)["documents"].count == 1


def test_nothing_stored_is_lost_when_a_later_batch_has_bad_files(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    invoke("run", str(SEEDS / "000_ecc249354a8f7f4d.txt"), "--db", db)
    claims = sqlite_utils.Database(db)["claims"].count
    CliRunner().invoke(cli, ["run", str(tmp_path / "missing.txt"), "--db", db])
    assert sqlite_utils.Database(db)["claims"].count == claims


def test_workers_and_ray_are_two_ways_to_extract_and_cannot_be_asked_for_together(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(tmp_path / "c.db"), "--workers", "2", "--ray"])
    assert result.exit_code == 2 and "--workers extracts on this machine, --ray on Ray: choose one" in result.output
    assert not (tmp_path / "c.db").exists()  # refused before anything is opened
    negative = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(tmp_path / "c.db"), "--workers", "-1"])
    assert negative.exit_code == 2 and "--workers" in negative.output


def test_db_comes_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = invoke("run", str(SEEDS / "001_a347442bfb501b2d.txt"), env={"CORROBORATE_DB": str(db)})
    assert result.exit_code == 0
    assert sqlite_utils.Database(db)["documents"].count == 1


def test_export_formats(seeds_db: Path, tmp_path: Path) -> None:
    data = json.loads(invoke("export", "--db", str(seeds_db)).output)
    assert len(data["documents"]) == 5
    out = tmp_path / "t.csv"
    invoke("export", "--db", str(seeds_db), "--format", "csv", "-o", str(out))
    header = out.read_text().splitlines()[0]
    assert header == (
        "cluster,status,support,independent_support,label,sources,numbers,dates,conflicts,decision,reviewer,note"
    )
    md = invoke("export", "--db", str(seeds_db), "--format", "md").output
    assert md.startswith("# Corroboration table")
    assert "| Claim | Support |" in md


def test_claims_command_prints_fields(seeds_db: Path) -> None:
    result = invoke("claims", "--db", str(seeds_db), "--document", "001")
    assert result.exit_code == 0, result.output
    assert "001_a347442bfb501b2d.txt" in result.output
    lines = invoke("claims", "--db", str(seeds_db), "--json").output.splitlines()
    first = json.loads(lines[0])
    assert {"id", "document_id", "text", "start", "end", "polarity", "numbers", "dates"} <= set(first)


def test_commands_on_a_missing_database_say_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "none.db: no database here" in result.stderr


def test_an_empty_batch_raises_no_future_warning(real_embedder: object) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        assert real_embedder.embed([]).shape == (0, 384)  # type: ignore[attr-defined]

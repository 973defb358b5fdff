"""``claims --document`` picks documents exactly, and ``run`` is never silent and times its parts.

Fast: the database is built with the HashEmbedder, and ``run`` goes through ``tests/hash_cli.py``.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from feeds import feed_db

from corroborate.cli import cli
from corroborate.store import Store

HERE = Path(__file__).resolve().parent
TEXT = "Rescuers found {n} hikers on Sunday near the lake, police said."
IDS = ["1_10ecb", "1_14ecb", "1_14ecbplus", "2_3ecb"]


@pytest.fixture(scope="module")
def ecb_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = [{"id": i, "text": TEXT.format(n=n + 2)} for n, i in enumerate(IDS)]
    return feed_db(tmp_path_factory.mktemp("ecb"), records, feed="ecb30.jsonl", db="ecb.db")


def claims(db: Path, key: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["claims", "--db", str(db), "--document", key, "--json"])
    docs = sorted({json.loads(line)["document_id"] for line in result.stdout.splitlines()})
    return result.exit_code, docs, result.stderr


def doc_id(db: Path, record: str) -> str:
    return next(d.id for d in Store(db, write=False).documents().values() if d.path.endswith(f"#{record}"))


def test_a_jsonl_record_id_names_its_document(ecb_db: Path) -> None:
    assert claims(ecb_db, "1_10ecb")[:2] == (0, [doc_id(ecb_db, "1_10ecb")])


def test_an_exact_record_id_does_not_also_match_a_longer_one(ecb_db: Path) -> None:
    assert claims(ecb_db, "1_14ecb")[:2] == (0, [doc_id(ecb_db, "1_14ecb")])
    assert claims(ecb_db, "#1_14ecb")[:2] == (0, [doc_id(ecb_db, "1_14ecb")])
    assert claims(ecb_db, "ecb30.jsonl#1_14ecb")[:2] == (0, [doc_id(ecb_db, "1_14ecb")])


def test_a_prefix_matches_only_when_it_is_unique(ecb_db: Path) -> None:
    assert claims(ecb_db, "2_3")[:2] == (0, [doc_id(ecb_db, "2_3ecb")])
    code, docs, message = claims(ecb_db, "1_1")
    assert code == 1 and not docs
    assert "'1_1' begins 3 documents" in message


def test_an_id_prefix_picks_one_document(ecb_db: Path) -> None:
    full = doc_id(ecb_db, "2_3ecb")
    assert claims(ecb_db, full[:8])[:2] == (0, [full])


def test_nothing_matching_says_so(ecb_db: Path) -> None:
    code, _, message = claims(ecb_db, "9_99ecb")
    assert code == 1 and "no document matches '9_99ecb'" in message


def test_markup_in_a_source_is_printed_as_text(tmp_path: Path) -> None:
    db = feed_db(tmp_path, [{"id": "x", "source": "[bold red]Wire[/]", "text": TEXT.format(n=3)}])
    result = CliRunner().invoke(cli, ["claims", "--db", str(db)])
    assert "[bold red]Wire[/]" in result.stdout


def hash_cli(*args: str) -> list[str]:
    return [sys.executable, str(HERE / "hash_cli.py"), *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(HERE.parent), "COLUMNS": "120"}


@pytest.mark.slow  # seconds: a subprocess loads the spaCy pipeline
def test_run_summary_times_model_loading_apart_from_the_pipeline(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(TEXT.format(n=2) + "\n")
    done = subprocess.run(
        hash_cli("run", str(story), "--db", str(tmp_path / "r.db")),
        capture_output=True,
        text=True,
        env=env(),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in done.stdout.splitlines()
        if line.count("│") == 3
    }
    assert rows["time: loading models"].endswith(" s") and rows["time: reading to storing"].endswith(" s")
    assert float(rows["time: loading models"][:-2]) > 0


@pytest.mark.slow  # seconds: a subprocess loads the spaCy pipeline
def test_run_shows_a_spinner_before_the_models_load(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(TEXT.format(n=2) + "\n")
    main, child = pty.openpty()
    proc = subprocess.Popen(
        hash_cli("run", str(story), "--db", str(tmp_path / "r.db")),
        stdin=child,
        stdout=child,
        stderr=child,
        env={**env(), "TERM": "xterm"},
        close_fds=True,
    )
    os.close(child)
    seen, started, first_seen = b"", time.monotonic(), None
    try:
        while proc.poll() is None or select.select([main], [], [], 0.1)[0]:
            if select.select([main], [], [], 0.1)[0]:
                try:
                    chunk = os.read(main, 4096)
                except OSError:
                    break
                if first_seen is None and chunk.strip():
                    first_seen = time.monotonic() - started
                seen += chunk
    finally:
        proc.wait(timeout=300)
        os.close(main)
    text = seen.decode("utf-8", "replace")
    assert "Opening the database" in text or "Loading models" in text
    assert text.find("Loading models") < text.find("documents")  # the spinner came before the summary
    # before the heavy imports: about 0.2 s here, against 2 s when the spinner started after importing spaCy
    assert first_seen is not None and first_seen < 1.0

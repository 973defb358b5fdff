"""Importing the light stages and the CLI never loads spaCy, torch or sentence-transformers.

Those take seconds to import; only extraction, embedding and the pipeline run
need them, and they load on first use. Each check runs in a fresh interpreter
because this test session has usually imported them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import corroborate

ROOT = Path(corroborate.__file__).resolve().parent.parent
HEAVY = ("spacy", "torch", "sentence_transformers")
LIGHT_MODULES = "corroborate.cli, corroborate.cluster, corroborate.checks, corroborate.store, corroborate.ingest"


def fresh_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter that imports this checkout of corroborate."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def heavy_loaded_after(code: str) -> list[str]:
    report = f"import json, sys; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    result = fresh_python(f"{code}\n{report}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_light_stages_import_without_models() -> None:
    assert heavy_loaded_after(f"import {LIGHT_MODULES}") == []


def test_cluster_stage_and_pipeline_import_without_models() -> None:
    # A run's clustering, matching and store work must not wait on spaCy and torch before any work starts.
    assert heavy_loaded_after("import corroborate.cluster, corroborate.match, corroborate.pipeline") == []


def test_cli_import_alone_loads_no_models() -> None:
    assert heavy_loaded_after("import corroborate.cli") == []


@pytest.mark.slow
def test_pipeline_still_extracts_through_its_lazy_name() -> None:
    code = (
        "from corroborate import pipeline\n"
        "from corroborate.extract import build_nlp\n"
        "from corroborate.records import Article\n"
        "text = 'Police said two people died on Monday.'\n"
        "article = Article(id=Article.make_id(text), path='a.txt', text=text, source='a')\n"
        "claims = pipeline.extract_claims(article, build_nlp())\n"
        "assert claims, claims\n"
    )
    assert "spacy" in heavy_loaded_after(code)


def test_number_tables_import_without_spacy() -> None:
    assert heavy_loaded_after("import corroborate.extract.numbers, corroborate.extract.dates") == []


def test_help_needs_no_models() -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from corroborate.cli import cli\n"
        "for args in [['--help'], *([name, '--help'] for name in cli.commands)]:\n"
        "    result = CliRunner().invoke(cli, args, catch_exceptions=False)\n"
        "    assert result.exit_code == 0 and 'Usage: ' in result.output, (args, result.output)\n"
    )
    assert heavy_loaded_after(code) == []


def test_extraction_names_still_load_on_use() -> None:
    code = (
        "import sys\n"
        "from corroborate.extract import build_nlp, extract_claims\n"
        "from corroborate.extract.pipeline import build_nlp as b, extract_claims as e\n"
        "assert (build_nlp, extract_claims) == (b, e)\n"
    )
    assert "spacy" in heavy_loaded_after(code)


def test_python_dash_m_corroborate_is_the_command_line() -> None:
    """``python -m corroborate`` runs the same commands as the ``corroborate`` script, not nothing."""
    done = subprocess.run(
        [sys.executable, "-m", "corroborate", "export", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "Usage: python -m corroborate export" in done.stdout, done.stderr

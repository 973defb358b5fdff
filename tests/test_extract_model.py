"""The trained spaCy pipeline: pinned digests checked before load, clear errors, a user's own pipeline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from spacy.language import Language

from corroborate.cli import cli
from corroborate.errors import ModelError
from corroborate.extract import build_nlp
from corroborate.extract.model import DEFAULT_MODEL, HASHES, checked_path, model_path, verify

SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_a347442bfb501b2d.txt"
OURS = ("corroborate_dates", "corroborate_quantities", "corroborate_clauses")


@pytest.fixture(scope="module")
def digests() -> dict[str, str]:
    return json.loads(HASHES.read_text())["files"]


@pytest.fixture(scope="module")
def installed() -> Path:
    return model_path(DEFAULT_MODEL)


def copy_model(installed: Path, to: Path) -> Path:
    return Path(shutil.copytree(installed, to / "model"))


def test_the_pinned_digests_cover_the_installed_model(installed: Path, digests: dict[str, str]) -> None:
    files = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    assert set(digests) <= files
    assert {"config.cfg", "tokenizer", "parser/model", "ner/model"} <= set(digests)
    verify(installed, digests)
    assert checked_path(DEFAULT_MODEL) == installed


@pytest.mark.parametrize("changed", ["tokenizer", "config.cfg", "parser/model"])
def test_a_changed_file_is_refused_by_name(
    installed: Path, digests: dict[str, str], tmp_path: Path, changed: str
) -> None:
    copy = copy_model(installed, tmp_path)
    verify(copy, digests)  # an exact copy passes
    with open(copy / changed, "ab") as file:
        file.write(b"\n")
    with pytest.raises(ModelError) as caught:
        verify(copy, digests)
    message = str(caught.value)
    assert f"{changed} does not match its pinned SHA-256" in message
    assert "was changed" in message and "requirements-models.txt" in message


def test_a_missing_file_says_the_model_is_incomplete(installed: Path, digests: dict[str, str], tmp_path: Path) -> None:
    copy = copy_model(installed, tmp_path)
    (copy / "ner" / "moves").unlink()
    with pytest.raises(ModelError, match=r"incomplete: ner/moves is missing") as caught:
        verify(copy, digests)
    assert "reinstall" in str(caught.value)


def test_a_model_not_installed_says_how_to_install() -> None:
    with pytest.raises(ModelError, match=r"'en_core_web_sm_missing' is not installed") as caught:
        model_path("en_core_web_sm_missing")
    assert "pip install en_core_web_sm_missing" in str(caught.value)


def test_the_default_model_not_installed_names_the_requirements_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # only the lookup of an installed package is replaced; the message is the code's own
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"requirements-models\.txt") as caught:
        model_path(DEFAULT_MODEL)
    assert "--require-hashes" in str(caught.value) and DEFAULT_MODEL in str(caught.value)


@pytest.fixture(scope="module")
def local_nlp(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Language:
    """A user's own pipeline in a folder: a copy of the model's files, loaded once for this module."""
    copy = copy_model(installed, tmp_path_factory.mktemp("local"))
    return build_nlp(str(copy))


def test_a_local_folder_is_loaded_with_our_components(local_nlp: Language) -> None:
    assert "parser" in local_nlp.pipe_names
    assert list(local_nlp.pipe_names[-3:]) == list(OURS)
    assert local_nlp is not build_nlp()


def test_a_local_folder_is_not_held_to_the_pinned_digests(installed: Path, tmp_path: Path) -> None:
    copy = copy_model(installed, tmp_path)
    (copy / "README.md").write_text("my own pipeline\n")
    assert checked_path(str(copy)) == copy


def test_a_pipeline_without_a_parser_is_refused(tmp_path: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ModelError, match="no dependency parser"):
        build_nlp(str(tmp_path / "blank"))


def test_a_folder_that_is_no_pipeline_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="cannot be loaded"):
        build_nlp(str(tmp_path / "empty"))


@pytest.mark.slow
def test_cli_names_a_spacy_model_not_installed_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["run", str(SEED), "--db", str(tmp_path / "c.db"), "--spacy-model", "en_core_web_sm_missing"]
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and "'en_core_web_sm_missing' is not installed" in lines[0]
    assert "pip install en_core_web_sm_missing" in lines[0]
    assert "Traceback" not in result.output

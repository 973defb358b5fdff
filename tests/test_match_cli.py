"""``corroborate match --pairs`` through click's CliRunner: TSV, JSONL, tables and bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborate import embed
from corroborate.cli import cli

TSV = (
    "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
    "1\t1\t2\tThree US soldiers were killed in Jordan.\tThree US soldiers were killed in Jordan.\n"
    "a line without tabs\n"
    "0\t3\t4\tThree US soldiers were killed in Jordan.\tFour US soldiers were killed in Jordan.\n"
)
JSONL = (
    '{"a": "Kirby said the US is not looking for a war with Iran.", '
    '"b": "Kirby said the US is not looking for a war with Iran."}\n'
    "{broken\n"
    '{"a": "The drone attack hit Tower 22.", "b": "Stocks fell sharply on Wall Street today."}\n'
)


@pytest.fixture
def hash_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "make_embedder", lambda model=None, backend="torch": embed.HashEmbedder())


def _lines(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_tsv_pairs_in_order_with_a_bad_line(tmp_path: Path, hash_model: None) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(TSV, encoding="utf-8")
    result = CliRunner().invoke(cli, ["match", "--pairs", str(path)])
    assert result.exit_code == 1
    assert f"{path}: line 3: expected 5 tab-separated columns" in result.output
    rows = _lines(result.output)
    assert [(r["line"], r["label"], r["same"]) for r in rows] == [(2, 1, True), (4, 0, False)]
    assert rows[0]["similarity"] > 0.95 and rows[0]["coverage"] == pytest.approx(1.0, abs=1e-3)
    assert rows[1]["checks"]["numbers"] == "differ" and rows[1]["checks"]["negation"] == "same"
    assert rows[1]["matched"] is True and rows[1]["paraphrase"] is True  # the same claim, with a conflict


def test_jsonl_pairs(tmp_path: Path, hash_model: None) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["match", "--pairs", str(path)])
    assert result.exit_code == 1
    assert f"{path}: line 2: not valid JSON" in result.output
    rows = _lines(result.output)
    assert [(r["line"], r["same"]) for r in rows] == [(1, True), (3, False)]
    assert rows[1]["similarity"] < 0.5 and "label" not in rows[1]


def test_clean_file_exits_zero_and_prints_a_table(tmp_path: Path, hash_model: None) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(JSONL.splitlines()[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["match", "--pairs", str(path), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "similarity" in result.output and "yes" in result.output


def test_table_calls_a_paraphrase_with_other_numbers_a_conflict(tmp_path: Path, hash_model: None) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(TSV.splitlines()[-1] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["match", "--pairs", str(path), "--format", "table"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "no: conflict" in result.output and "numbers" in result.output


def test_tweets_are_compared_normalised_and_shown_as_given(tmp_path: Path, hash_model: None) -> None:
    tweet = (
        "Kirby said the US is not looking for a war with #Iran @newsdesk https://t.co/x1y2z3 "
        "— A Reporter (@areporter) January 29, 2024"
    )
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        json.dumps({"a": tweet, "b": "Kirby said the US is not looking for a war with Iran."}) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["match", "--pairs", str(path), "--format", "table"], terminal_width=300)
    assert result.exit_code == 0, result.output
    assert "yes" in result.output and "@areporter" in result.output  # compared normalised, shown as given
    rows = _lines(CliRunner().invoke(cli, ["match", "--pairs", str(path)]).output)
    assert rows[0]["same"] is True


def test_match_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["match", "-h"])
    assert result.exit_code == 0 and "Example:" in result.output and "--pairs" in result.output


@pytest.mark.slow
def test_real_model_tells_a_paraphrase_from_a_number_change(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "1\t1\t2\tThe attack killed three US soldiers and wounded dozens.\t"
        "Three American troops died in the attack and dozens were wounded.\n"
        "0\t3\t4\tThe attack killed three US soldiers.\tThe attack killed five US soldiers.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["match", "--pairs", str(path)])
    assert result.exit_code == 0, result.output
    rows = _lines(result.output)
    assert [r["same"] for r in rows] == [True, False]
    assert rows[1]["checks"]["numbers"] == "differ"

"""Thresholds from decisions: precision at the current thresholds, proposals, and runs that use them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sqlite_utils
from click.testing import CliRunner
from test_annotations import build, suggestion

from corroborate.calibrate import Scored, calibrate, propose_match, propose_suggest, scored_pairs
from corroborate.cli import cli
from corroborate.config import DEFAULT_MATCH, config_for
from corroborate.errors import StoreError
from corroborate.match import features, link_score
from corroborate.records import Annotation
from corroborate.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RIGHT = 0.61  # the synthetic reviewer accepts a pair exactly when it scores at least this


def literal(*pairs: tuple[float, bool]) -> list[Scored]:
    return [Scored(score, same, i) for i, (score, same) in enumerate(pairs)]


def test_the_proposed_match_threshold_puts_most_pairs_right_and_moves_least() -> None:
    scored = literal((0.3, False), (0.4, False), (0.5, True), (0.55, False), (0.6, True), (0.7, True))
    # At 0.45 and at 0.575 five of six pairs fall on the reviewer's side (0.55 wrongly matched, or 0.5
    # wrongly left out); at the current 0.525 only four. 0.575 is nearer to 0.525 than 0.45 is.
    assert propose_match(scored, 0.525) == (0.575, pytest.approx(5 / 6))


def test_the_suggest_band_reaches_down_while_half_its_pairs_are_the_same_claim() -> None:
    scored = literal((0.3, False), (0.4, False), (0.5, True), (0.55, False), (0.6, True), (0.7, True))
    # Below 0.575, from the top: 0.55 (0 of 1 same), 0.5 (1 of 2: half), 0.4 (1 of 3), 0.3 (1 of 4).
    # The lowest band with half same ends at 0.5; the bound sits halfway to the next score, 0.4.
    assert propose_suggest(scored, 0.575, current=0.45, gap=0.075) == 0.45
    # Nothing below the match threshold was the same claim: the bound stays, or keeps its gap below match.
    wrong = literal((0.3, False), (0.5, False), (0.7, True))
    assert propose_suggest(wrong, 0.6, current=0.45, gap=0.075) == 0.45
    assert propose_suggest(wrong, 0.4, current=0.45, gap=0.075) == 0.325


def synthetic(path: Path, cosines: list[float]) -> tuple[Store, list[float]]:
    """Pairs of claims in separate documents with the given cosines, judged by a reviewer who accepts
    exactly the pairs scoring at least RIGHT; plus an accepted cluster whose pair scores far below any
    threshold (joined through a third claim, it says nothing about the threshold). Returns the scores."""
    vectors = []
    for cos in cosines:
        vectors += [np.eye(1, 8, 0)[0], cos * np.eye(1, 8, 0)[0] + np.sqrt(1 - cos * cos) * np.eye(1, 8, 1)[0]]
    vectors += [np.eye(1, 8, 2)[0], 0.1 * np.eye(1, 8, 2)[0] + np.sqrt(0.99) * np.eye(1, 8, 3)[0]]
    store, ids = build(path, vectors)
    scores = []
    for k in range(len(cosines)):
        score = _score_one(store, ids[2 * k], ids[2 * k + 1])
        suggestion(store, ids[2 * k], ids[2 * k + 1], "accept" if score >= RIGHT else "reject")
        scores.append(score)
    store.annotate(Annotation("cluster", "k", "accept", "r", related=(ids[-2], ids[-1])))
    return store, scores


def _score_one(store: Store, a: str, b: str) -> float:
    """The matcher's score of one stored pair, as the cluster stage computes it."""
    claims = {c.id: c for c in store.claims()}
    va, vb = store.vectors([a, b], "m")
    return link_score(float(va @ vb), features(claims[a]), features(claims[b]))


COSINES = [0.5 + 0.025 * i for i in range(20)]  # 0.5 .. 0.975


def test_calibration_finds_the_threshold_the_reviewer_used(tmp_path: Path) -> None:
    store, scores = synthetic(tmp_path / "c.db", COSINES)
    accepted = [s for s in scores if s >= RIGHT]
    rejected = [s for s in scores if s < RIGHT]
    assert len(accepted) >= 5 and len(rejected) >= 5  # the synthetic set straddles the threshold
    result = calibrate(scored_pairs(store, DEFAULT_MATCH), DEFAULT_MATCH)
    assert result.pairs == 20 and result.decisions == 20  # the cluster's low pair is left out
    assert result.proposal is not None
    assert max(rejected) < result.proposal.match <= min(accepted)
    assert result.proposal.accuracy == 1.0
    assert result.proposal.matches.precision == 1.0
    # At the current match threshold, the pairs in [0.525, RIGHT) were matched automatically but rejected.
    wrongly = [s for s in scores if DEFAULT_MATCH.match <= s < RIGHT]
    assert result.matches.pairs == len(accepted) + len(wrongly) and result.matches.same == len(accepted)
    assert result.suggestions.same == 0
    assert result.suggestions.pairs == len([s for s in scores if DEFAULT_MATCH.suggest <= s < DEFAULT_MATCH.match])


def test_calibrate_apply_stores_thresholds_that_later_configs_read(tmp_path: Path) -> None:
    store, scores = synthetic(tmp_path / "c.db", COSINES)
    store.close()
    result = CliRunner().invoke(cli, ["calibrate", "--apply", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert "automatic matches" in result.output and "proposed matches" in result.output
    assert "stored in" in result.stderr
    store = Store(tmp_path / "c.db")
    settings = store.settings()
    assert set(settings) == {"match", "suggest"}
    assert max(s for s in scores if s < RIGHT) < settings["match"] <= min(s for s in scores if s >= RIGHT)
    config = config_for(store)
    assert (config.match, config.suggest) == (settings["match"], settings["suggest"])
    assert config.lexical_weight == DEFAULT_MATCH.lexical_weight
    again = CliRunner().invoke(cli, ["calibrate", "--db", str(tmp_path / "c.db")])
    assert f">= {settings['match']:g}" in again.output  # the current thresholds are now the stored ones


def test_too_few_decisions_propose_nothing_and_apply_stores_nothing(tmp_path: Path) -> None:
    store, _ = synthetic(tmp_path / "c.db", COSINES[:4])
    store.close()
    result = CliRunner().invoke(cli, ["calibrate", "--apply", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert "nothing stored: 4 judged pairs" in result.stderr
    assert sqlite_utils.Database(tmp_path / "c.db")["settings"].count == 0


def test_a_database_without_decisions_reports_no_proposal(tmp_path: Path) -> None:
    build(tmp_path / "c.db", 4)[0].close()
    result = CliRunner().invoke(cli, ["calibrate", "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert "no proposal: 0 judged pairs" in result.output


def test_settings_of_unknown_fields_are_passed_over_and_a_bad_value_is_one_line(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.put_settings({"match": 0.7, "from_the_future": 1, "neighbours": 4})
    config = config_for(store)
    assert (config.match, config.neighbours, config.suggest) == (0.7, 4, DEFAULT_MATCH.suggest)
    store.put_settings({"suggest": "high"})
    with pytest.raises(StoreError, match=r"c.db: setting suggest = 'high' is not a number"):
        config_for(store)


@pytest.mark.slow
def test_run_uses_the_thresholds_stored_in_the_database(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Store(db).put_settings({"match": 5.0, "suggest": 5.0})  # no score reaches this: nothing may match
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    conn = sqlite_utils.Database(db)
    assert conn.execute("select max(support), count(*) from clusters").fetchone()[0] == 1
    assert conn["suggestions"].count == 0
    assert conn["claims"].count == conn["clusters"].count  # every claim alone

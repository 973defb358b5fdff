"""The quality gate's own rules: floors compared right, cases well formed, judges strict.

The gate itself (real models on the seeds and on gate/cases.toml) runs in CI as ``make gate``;
here its pieces run on literal records, and one slow test runs it for real with a raised floor.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from corroborate.records import Attribution, Claim, Cluster, Conflict, DateRef, Quantity

ROOT = Path(__file__).resolve().parent.parent
GATE = ROOT / "gate"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_gate", GATE / "eval_gate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gate = _load()


def claim(text: str, **fields: object) -> Claim:
    return Claim(id=text, document_id="d", text=text, sentence=text, start=0, end=len(text), **fields)  # type: ignore[arg-type]


def cluster(status: str, *claim_ids: str, conflicts: tuple[Conflict, ...] = ()) -> Cluster:
    return Cluster(
        id="c",
        claims=claim_ids,
        support=2,
        independent_support=2,
        status=status,  # type: ignore[arg-type]
        label="",
        conflicts=conflicts,
    )


def test_a_score_below_its_floor_fails_and_is_named() -> None:
    floors = {"extraction": {"dates": 0.95, "numbers": 1.0}}
    falls = gate.compare({"extraction": {"dates": 0.9, "numbers": 1.0}}, floors)
    assert falls == ["extraction.dates: 0.9 is below its floor 0.95"]


def test_a_floor_with_no_score_fails_rather_than_passing_silently() -> None:
    assert gate.compare({"seeds": {}}, {"seeds": {"corroborated": 7}}) == ["seeds.corroborated: no score (floor 7)"]


def test_every_floor_names_a_score_the_gate_computes() -> None:
    floors = tomllib.loads((GATE / "floors.toml").read_text())
    assert set(floors["seeds"]) == set(gate.score_seeds([], {}))
    assert set(floors["extraction"]) == set(gate.score_extraction({}, lambda text, published: []))


def test_cases_are_twenty_to_forty_per_category_with_the_fields_their_judge_reads() -> None:
    cases = tomllib.loads((GATE / "cases.toml").read_text())
    needs = {
        "attribution": {"speaker"},
        "dates": {"published", "start"},
        "numbers": {"value", "hedge"},
        "polarity": {"negated"},
    }
    assert set(cases) == set(needs)
    for category, fields in needs.items():
        assert 20 <= len(cases[category]) <= 40, category
        assert all({"text", *fields} <= set(case) for case in cases[category]), category


def test_a_second_speaker_or_none_at_all_is_a_wrong_attribution() -> None:
    case = {"speaker": "Maria Delgado"}
    assert gate.speaker_right(case, [claim("a", attribution=Attribution("maria  Delgado"))])
    assert not gate.speaker_right(
        case,
        [claim("a", attribution=Attribution("Maria Delgado")), claim("b", attribution=Attribution("harbour master"))],
    )
    assert not gate.speaker_right(case, [claim("a")])
    assert gate.speaker_right({"speaker": ""}, [claim("a")]) and not gate.speaker_right({"speaker": ""}, [])


def test_a_right_value_with_a_lost_hedge_is_a_wrong_number() -> None:
    case = {"value": 17, "hedge": "at least"}
    assert gate.number_right(case, [claim("a", numbers=(Quantity("at least 17", 17, float("inf"), hedge="at least"),))])
    assert not gate.number_right(case, [claim("a", numbers=(Quantity("17", 17, 17),))])
    about = {"value": 3000, "hedge": "about"}
    assert gate.number_right(about, [claim("a", numbers=(Quantity("about 3,000", 2700, 3300, hedge="about"),))])


def test_a_date_with_the_right_start_but_a_wrong_range_end_is_wrong() -> None:
    october = DateRef("in October", "2023-10-01", "2023-10-31")
    assert gate.date_right({"start": "2023-10-01", "end": "2023-10-31"}, [claim("a", dates=(october,))])
    assert not gate.date_right({"start": "2023-10-01", "end": "2023-10-01"}, [claim("a", dates=(october,))])
    assert gate.date_right({"start": "2023-10-01"}, [claim("a", dates=(october,))])


def test_no_claim_at_all_is_never_a_right_polarity() -> None:
    assert not gate.polarity_right({"negated": False}, [])
    assert gate.polarity_right({"negated": True}, [claim("a", polarity="negative")])


def test_a_cluster_joining_five_attacks_with_160_attacks_fails_its_seeds_fact() -> None:
    texts = {"x": "at least five drone attacks since April", "y": "more than 160 attacks since October"}
    scores = gate.score_seeds([cluster("corroborated", "x", "y")], texts)
    assert scores["five_attacks_apart_from_160_attacks"] == 0.0
    assert scores["350_personnel_apart_from_2500_troops"] == 1.0 and scores["corroborated"] == 1


def test_a_wider_conflict_clustered_with_a_war_with_iran_fails_its_seeds_fact() -> None:
    texts = {"x": "We're not looking for a wider conflict in the Middle East.", "y": "We don't seek a war with Iran."}
    assert gate.score_seeds([cluster("corroborated", "x", "y")], texts)["wider_conflict_apart_from_war_with_iran"] == 0
    apart = [cluster("single-source", "x"), cluster("single-source", "y")]
    assert gate.score_seeds(apart, texts)["wider_conflict_apart_from_war_with_iran"] == 1.0


def test_the_month_error_counts_only_as_a_date_finding_of_a_contradicted_cluster() -> None:
    finding = Conflict("date-mismatch", "date", "contradiction", ("x",), "003 says May 29th; FT says Monday")
    assert (
        gate.score_seeds([cluster("contradicted", "x", conflicts=(finding,))], {"x": ""})[
            "may_29th_month_error_contradicts"
        ]
        == 1.0
    )
    assert (
        gate.score_seeds([cluster("corroborated", "x", conflicts=(finding,))], {"x": ""})[
            "may_29th_month_error_contradicts"
        ]
        == 0.0
    )


@pytest.mark.slow
def test_the_gate_fails_when_a_floor_is_raised_above_the_score_and_passes_at_the_committed_floors(
    tmp_path: Path,
) -> None:
    raised = tmp_path / "floors.toml"
    raised.write_text((GATE / "floors.toml").read_text().replace("polarity = ", "polarity = 1.01  # "))
    command = [sys.executable, str(GATE / "eval_gate.py"), "--only", "extraction"]
    failed = subprocess.run([*command, "--floors", str(raised)], capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1 and "FAIL extraction.polarity:" in failed.stderr, failed.stderr
    passed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert passed.returncode == 0 and "gate passed" in passed.stdout, passed.stderr


def test_an_unreadable_floors_file_is_one_line_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "floors.toml"
    bad.write_text("[seeds\n")
    with pytest.raises(SystemExit) as stopped:
        gate.load_toml(bad)
    assert str(stopped.value).startswith(f"{bad}: ")

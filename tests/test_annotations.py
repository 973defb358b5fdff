"""Two reviewers: decisions exported as JSONL, imported once into another copy, and compared with kappa."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from corroborate.annotations import agreement, cohen_kappa, decision_key, export_lines, import_lines
from corroborate.cli import cli
from corroborate.constraints import constraints
from corroborate.records import Annotation, Article, Claim
from corroborate.store import Store


def word(i: int, salt: str) -> str:
    """A made-up word per claim, without digits, so no two claims share a word or a number."""
    return salt + "".join(chr(97 + int(d)) for d in f"{i:03d}")


def build(path: Path, vectors: Sequence[np.ndarray] | int, model: str = "m") -> tuple[Store, list[str]]:
    """A store with one claim per document (claim i has vector i); returns it with the claim ids in order."""
    rows = [np.eye(1, 8, i % 8, dtype=np.float32)[0] for i in range(vectors)] if isinstance(vectors, int) else vectors
    store = Store(path)
    ids = []
    for i, vector in enumerate(rows):
        text = f"{word(i, 'q').title()} {word(i, 'z')} {word(i, 'v')}."
        a = Article(id=Article.make_id(text), path=f"{i}.txt", text=text, source=f"Outlet {word(i, 's')}")
        c = Claim(Claim.make_id(a.id, text, 0, len(text)), a.id, text, text, 0, len(text))
        store.add_document(a, [c], np.asarray([vector], dtype=np.float32), model)
        ids.append(c.id)
    return store, ids


def suggestion(store: Store, a: str, b: str, decision: str, reviewer: str = "r", created: str = "") -> int:
    return store.annotate(Annotation("suggestion", f"s-{a}-{b}", decision, reviewer, related=(a, b), created=created))


def export_to(store: Store, path: Path) -> Path:
    path.write_text("".join(line + "\n" for line in export_lines(store)), encoding="utf-8")
    return path


def copies(tmp_path: Path, n: int = 10) -> tuple[Store, Store, list[str]]:
    """Alice's database and a copy of it for Bob, before either decides anything."""
    alice, ids = build(tmp_path / "alice.db", n)
    alice.close()
    shutil.copy(tmp_path / "alice.db", tmp_path / "bob.db")
    return Store(tmp_path / "alice.db"), Store(tmp_path / "bob.db"), ids


def decisions_of_alice(store: Store, c: list[str]) -> None:
    store.annotate(Annotation("cluster", "k1", "accept", "alice", related=(c[0], c[1], c[2])))
    store.annotate(Annotation("claim", c[3], "reject", "alice", cluster_id="k2", related=(c[3], c[4])))
    store.annotate(Annotation("claim", c[5], "move", "alice", cluster_id="k3", related=(c[5], c[6]), moved_to=(c[7],)))
    suggestion(store, c[8], c[9], "accept", "alice")
    store.annotate(Annotation("conflict", "f1", "note", "alice", note="ask the desk", cluster_id="k1"))
    store.undo(suggestion(store, c[0], c[9], "reject", "alice"))


def keys(store: Store) -> set[str]:
    return {decision_key(json.loads(line)) for line in export_lines(store)}


def test_importing_a_file_twice_adds_each_decision_once(tmp_path: Path) -> None:
    alice, bob, c = copies(tmp_path)
    decisions_of_alice(alice, c)
    suggestion(bob, c[1], c[2], "reject", "bob")
    exported = export_to(alice, tmp_path / "alice.jsonl")
    first = import_lines(bob, exported.open(encoding="utf-8"), "alice.jsonl")
    assert (first.added, first.skipped, first.errors) == (6, 0, [])
    again = import_lines(bob, exported.open(encoding="utf-8"), "alice.jsonl")
    assert (again.added, again.skipped) == (0, 6)
    assert len(bob.annotations(include_undone=True)) == 7
    back = import_lines(alice, export_to(bob, tmp_path / "bob.jsonl").open(encoding="utf-8"), "bob.jsonl")
    assert (back.added, back.skipped) == (1, 6)  # Alice's own decisions came back and were recognised
    assert keys(alice) == keys(bob)


def test_imported_decisions_keep_reviewer_time_and_undo_and_become_constraints(tmp_path: Path) -> None:
    alice, bob, c = copies(tmp_path)
    decisions_of_alice(alice, c)
    import_lines(bob, export_to(alice, tmp_path / "a.jsonl").open(encoding="utf-8"), "a.jsonl")
    strip = ("id",)
    mine = [{k: v for k, v in r.items() if k not in strip} for r in alice.annotations(include_undone=True)]
    theirs = [{k: v for k, v in r.items() if k not in strip} for r in bob.annotations(include_undone=True)]
    assert theirs == mine
    assert constraints(bob.standing_annotations()) == constraints(alice.standing_annotations())


def test_an_undo_made_after_the_import_reaches_the_other_copy(tmp_path: Path) -> None:
    alice, bob, c = copies(tmp_path)
    accepted = suggestion(alice, c[0], c[1], "accept", "alice")
    import_lines(bob, export_to(alice, tmp_path / "a.jsonl").open(encoding="utf-8"), "a.jsonl")
    assert constraints(bob.standing_annotations())[0] == [(c[0], c[1])]
    alice.undo(accepted)
    result = import_lines(bob, export_to(alice, tmp_path / "a.jsonl").open(encoding="utf-8"), "a.jsonl")
    assert (result.added, result.undone, result.skipped) == (0, 1, 0)
    assert constraints(bob.standing_annotations()) == ([], [])
    assert len(bob.annotations(include_undone=True)) == 1


def test_lines_naming_unknown_claims_or_broken_are_refused_one_error_each_and_the_rest_kept(tmp_path: Path) -> None:
    alice, bob, c = copies(tmp_path)
    suggestion(alice, c[0], c[1], "accept", "alice")
    good = next(export_lines(alice))
    stranger = json.loads(good) | {"related": [c[0], "0123456789abcdef"]}
    no_time = json.loads(good) | {"created": ""}
    lines = [
        good,
        json.dumps(stranger),
        "{not json",
        "",
        json.dumps(no_time),
        '["a list"]',
        json.dumps(json.loads(good) | {"target_kind": "document"}),
        json.dumps(json.loads(good) | {"related": 3}),
    ]
    result = import_lines(bob, lines, "in.jsonl")
    assert result.added == 1
    assert [e.split(":", 2)[1] for e in result.errors] == ["2", "3", "5", "6", "7", "8"]
    assert "in.jsonl:2: refers to claims not in this database (0123456789abcdef)" in result.errors[0]
    assert all("\n" not in e for e in result.errors)
    assert len(bob.annotations()) == 1


def test_cohen_kappa_by_hand() -> None:
    # 10 items: both yes 5, A yes / B no 1, A no / B yes 1, both no 3.
    # observed = 8/10 = 0.8; A says yes 6/10, B says yes 6/10;
    # chance = 0.6 * 0.6 + 0.4 * 0.4 = 0.52; kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 0.58333...
    a = [True] * 5 + [True] + [False] + [False] * 3
    b = [True] * 5 + [False] + [True] + [False] * 3
    assert cohen_kappa(a, b) == pytest.approx(0.28 / 0.48)
    assert cohen_kappa([True, True], [True, True]) is None  # chance agreement 1: kappa is undefined
    assert cohen_kappa([True, False], [False, True]) == pytest.approx(-1.0)  # (0 - 0.5) / 0.5
    assert cohen_kappa([], []) is None


def two_reviewers(tmp_path: Path) -> tuple[Store, Store, list[str]]:
    """Alice and Bob judge overlapping claim pairs; hand-counted in the test below."""
    alice, bob, c = copies(tmp_path)
    suggestion(alice, c[0], c[1], "accept", "alice")
    suggestion(alice, c[2], c[3], "accept", "alice", created="2024-01-01T00:00:00+00:00")
    suggestion(alice, c[2], c[3], "reject", "alice", created="2024-01-02T00:00:00+00:00")  # the later one stands
    alice.annotate(Annotation("claim", c[4], "reject", "alice", related=(c[4], c[5], c[6])))
    suggestion(alice, c[7], c[8], "reject", "alice")
    suggestion(bob, c[0], c[1], "accept", "bob")
    suggestion(bob, c[2], c[3], "accept", "bob")
    bob.annotate(Annotation("cluster", "k", "accept", "bob", related=(c[4], c[5], c[6])))
    suggestion(bob, c[7], c[8], "reject", "bob")
    bob.undo(suggestion(bob, c[0], c[1], "reject", "bob"))  # undone: does not count
    suggestion(bob, c[8], c[9], "accept", "bob")  # only Bob judged this pair
    return alice, bob, c


def test_agreement_and_kappa_on_the_pairs_both_judged_by_hand(tmp_path: Path) -> None:
    # Pairs both judged (A, B): c0c1 (same, same), c2c3 (different, same), c4c5 (different, same),
    # c4c6 (different, same), c7c8 (different, different). c5c6 and c8c9 only Bob judged.
    # observed = 2/5 = 0.4; A says same 1/5, B 4/5; chance = 0.2 * 0.8 + 0.8 * 0.2 = 0.32;
    # kappa = (0.4 - 0.32) / (1 - 0.32) = 0.08 / 0.68 = 0.1176...
    alice, bob, _ = two_reviewers(tmp_path)
    result = agreement(alice.annotations(), bob.annotations())
    assert (result.items, result.agreed, result.same_a, result.same_b) == (5, 2, 1, 4)
    assert result.raw == pytest.approx(0.4)
    assert result.kappa == pytest.approx(0.08 / 0.68)


def test_agreement_command_prints_pairs_raw_agreement_and_kappa(tmp_path: Path) -> None:
    alice, bob, _ = two_reviewers(tmp_path)
    alice.close()
    bob.close()
    result = CliRunner().invoke(cli, ["agreement", str(tmp_path / "alice.db"), str(tmp_path / "bob.db")])
    assert result.exit_code == 0, result.output
    assert "claim pairs both judged" in result.output and " 5" in result.output
    assert "0.400" in result.output and "0.118" in result.output


def test_agreement_of_a_copy_with_itself_is_total_but_kappa_undefined_with_one_judgement(tmp_path: Path) -> None:
    alice, bob, c = copies(tmp_path)
    for store in (alice, bob):
        suggestion(store, c[0], c[1], "accept")
    result = agreement(alice.annotations(), bob.annotations())
    assert (result.items, result.raw, result.kappa) == (1, 1.0, None)


def test_annotations_commands_round_trip_and_report_refused_lines(tmp_path: Path) -> None:
    alice, bob, c = copies(tmp_path)
    decisions_of_alice(alice, c)
    alice.close()
    bob.close()
    runner = CliRunner()
    out = tmp_path / "alice.jsonl"
    exported = runner.invoke(cli, ["annotations", "export", str(out), "--db", str(tmp_path / "alice.db")])
    assert exported.exit_code == 0, exported.output
    assert len(out.read_text().splitlines()) == 6
    with out.open("a") as f:
        f.write('{"target_kind": "claim"\n')
    imported = runner.invoke(cli, ["annotations", "import", str(out), "--db", str(tmp_path / "bob.db")])
    assert imported.exit_code == 1
    errors = [line for line in imported.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {out}:7: not valid JSON (Expecting ',' delimiter)"]
    assert "added 6" in imported.stderr
    again = runner.invoke(cli, ["annotations", "import", str(out), "--db", str(tmp_path / "bob.db")])
    assert "added 0" in again.stderr and "already here 6" in again.stderr


def test_import_into_a_missing_database_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text("")
    result = CliRunner().invoke(
        cli, ["annotations", "import", str(tmp_path / "x.jsonl"), "--db", str(tmp_path / "none.db")]
    )
    assert result.exit_code == 1
    assert "no database here" in result.stderr
    assert not (tmp_path / "none.db").exists()


def _row(i: int, decision: str, related: list[str], moved_to: list[str] = ()) -> dict:  # type: ignore[assignment]
    return {
        "id": i,
        "undone": 0,
        "created": f"2026-01-0{i}",
        "target_kind": "cluster",
        "target_id": "k",
        "decision": decision,
        "related": json.dumps(related),
        "moved_to": json.dumps(list(moved_to)),
    }


def test_a_rejected_cluster_split_and_merge_judge_their_pairs() -> None:
    from corroborate.annotations import pair_labels

    labels = pair_labels(
        [
            _row(1, "reject", ["a", "b"]),
            _row(2, "split", ["c", "d"], ["e"]),
            _row(3, "merge", ["f", "g"]),
        ]
    )
    assert {tuple(sorted(p)): same for p, (same, _) in labels.items()} == {
        ("a", "b"): False,
        ("c", "e"): False,
        ("d", "e"): False,
        ("f", "g"): True,
    }

"""Two reviewers on copies of one database: their decisions out as JSONL, back in once, and compared.

Claim ids are content hashes, the same in every copy of a database, so a decision travels with the claim
ids it names (``related``, ``moved_to``, a claim ``target_id``) and applies in any copy that holds those
claims. ``import_lines`` adds each decision once: a decision is known by what it says, who said it and
when, so importing a file twice, or a file exported from a copy that already imported ours, adds
nothing. ``agreement`` compares two copies on the claim pairs both reviewers judged (same claim or not),
with Cohen's kappa. Sits beside the review app: it reads and writes the annotations table through
``Store``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from corroborate import jsonl
from corroborate.errors import RecordError
from corroborate.records import content_id
from corroborate.store import Store

KINDS = ("cluster", "claim", "conflict", "suggestion")
DECISIONS = ("accept", "reject", "move", "note", "split", "merge")
TEXT_FIELDS = ("target_kind", "target_id", "cluster_id", "decision", "reviewer", "note", "created")
LIST_FIELDS = ("related", "moved_to")
Pair = frozenset[str]


# -- export and import -----------------------------------------------------------


def export_lines(store: Store) -> Iterator[str]:
    """One JSON object per decision, undone ones included (an undo travels too), oldest first."""
    for row in store.annotations(include_undone=True):
        yield json.dumps(_portable(row), ensure_ascii=False)


def _portable(row: dict[str, Any]) -> dict[str, Any]:
    out = {name: row[name] or "" for name in TEXT_FIELDS}
    out["undone"] = bool(row["undone"])
    out.update({name: json.loads(row[name] or "[]") for name in LIST_FIELDS})
    return out


def decision_key(d: dict[str, Any]) -> str:
    """What makes two rows the same decision in any copy: everything but the local id and the undo."""
    return content_id(*(d[name] or "" for name in TEXT_FIELDS), *(json.dumps(list(d[n])) for n in LIST_FIELDS))


@dataclass
class ImportResult:
    added: int = 0
    undone: int = 0  # decisions present here that the other copy undid
    skipped: int = 0  # already here
    errors: list[str] = field(default_factory=list)  # one line per refused line


class LineError(RecordError):
    """A line of an annotations file that cannot be applied."""


def import_lines(store: Store, lines: Iterable[str], name: str) -> ImportResult:
    """Apply the decisions of an exported file; a bad line is refused with one error, the rest still apply."""
    result = ImportResult()
    parsed = _parse_all(store, lines, name, result)
    known = {decision_key(_portable(r)): r for r in store.annotations(include_undone=True)}
    rows: list[dict[str, Any]] = []
    undo: list[int] = []
    for d in parsed:
        here = known.get(decision_key(d))
        if here is None:
            known[decision_key(d)] = row = {**d, "undone": int(d["undone"])}
            rows.append(row)
            result.added += 1
        elif d["undone"] and not here["undone"]:
            here["undone"] = 1  # a row added from this file just above is written undone
            undo += [here["id"]] if "id" in here else []
            result.undone += 1
        else:
            result.skipped += 1
    store.import_annotations(rows, undo)
    return result


def _parse_all(store: Store, lines: Iterable[str], name: str, result: ImportResult) -> list[dict[str, Any]]:
    parsed: list[tuple[int, dict[str, Any]]] = []
    refused: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            parsed.append((number, parse_line(line)))
        except LineError as failure:
            refused.append((number, str(failure)))
    present = store.existing_claims([c for _, d in parsed for c in claims_named(d)])
    kept = []
    for number, d in parsed:
        unknown = [c for c in claims_named(d) if c not in present]
        if unknown:
            named = ", ".join(unknown[:3]) + (", ..." if len(unknown) > 3 else "")
            refused.append(
                (
                    number,
                    f"refers to claims not in this database ({named}); import only into a copy of the same database",
                )
            )
        else:
            kept.append(d)
    result.errors += [f"{name}:{number}: {reason}" for number, reason in sorted(refused)]
    return kept


def parse_line(line: str) -> dict[str, Any]:
    """One exported decision, checked field by field."""
    try:
        d = jsonl.loads(line)
    except RecordError as failure:
        raise LineError(str(failure)) from None
    if not isinstance(d, dict):
        raise LineError("not a JSON object")
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = d.get(name, "")
        if not isinstance(value, str):
            raise LineError(f"{name} is not a string")
        out[name] = value
    for name in LIST_FIELDS:
        value = d.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LineError(f"{name} is not a list of claim ids")
        out[name] = tuple(value)
    out["undone"] = bool(d.get("undone", False))
    _check_values(out)
    return out


def _check_values(d: dict[str, Any]) -> None:
    if d["target_kind"] not in KINDS:
        raise LineError(f"target_kind {d['target_kind']!r} is not one of {', '.join(KINDS)}")
    if d["decision"] not in DECISIONS:
        raise LineError(f"decision {d['decision']!r} is not one of {', '.join(DECISIONS)}")
    for name in ("target_id", "reviewer", "created"):
        if not d[name]:
            raise LineError(f"{name} is missing")  # without a time, the same decision could not be recognised


def claims_named(d: dict[str, Any]) -> list[str]:
    """The claim ids a decision depends on."""
    target = [d["target_id"]] if d["target_kind"] == "claim" else []
    return [*target, *d["related"], *d["moved_to"]]


# -- agreement ---------------------------------------------------------------------


def pair_labels(rows: Sequence[dict[str, Any]]) -> dict[Pair, tuple[bool, int]]:
    """Claim pair -> (judged the same claim, id of the decision), from the latest standing decision on it.

    An accepted (or merged) cluster says all its pairs are the same claim, a rejected one that they are not;
    a split says the claims that left are not the claims that stayed; a rejected claim is not the same as the
    others of its cluster; a moved claim is the same as the members of its new cluster; a suggestion
    accepted or rejected says so of its pair. Notes and conflict decisions judge no pair.
    """
    labels: dict[Pair, tuple[bool, int]] = {}
    for row in sorted((r for r in rows if not r["undone"]), key=lambda r: (r["created"] or "", r["id"])):
        for pair, same in _judged(row):
            if len(pair) == 2:
                labels[pair] = (same, row["id"])
    return labels


def _judged(row: dict[str, Any]) -> Iterator[tuple[Pair, bool]]:
    related = json.loads(row["related"] or "[]")
    moved_to = json.loads(row["moved_to"] or "[]")
    kind, decision, target = row["target_kind"], row["decision"], row["target_id"]
    if kind == "cluster" and decision in ("accept", "reject", "merge"):
        # A rejected cluster is not one claim; a merge joins the members of two (``related`` holds both).
        yield from ((frozenset(p), decision != "reject") for p in combinations(related, 2))
    elif kind == "cluster" and decision == "split":
        # ``related`` stay, ``moved_to`` left: the two sides are different claims.
        yield from ((frozenset((a, b)), False) for a in moved_to for b in related)
    elif kind == "suggestion" and decision in ("accept", "reject"):
        yield frozenset(related[:2]), decision == "accept"
    elif kind == "claim" and decision in ("reject", "move"):
        yield from ((frozenset((target, other)), False) for other in related if other != target)
        yield from ((frozenset((target, other)), True) for other in moved_to if other != target)


@dataclass(frozen=True)
class Agreement:
    items: int  # claim pairs both copies judged
    agreed: int
    kappa: float | None  # None when chance agreement is 1 (both said the same thing of every pair)
    same_a: int  # pairs judged the same claim in copy A
    same_b: int

    @property
    def raw(self) -> float | None:
        return self.agreed / self.items if self.items else None


def agreement(rows_a: Sequence[dict[str, Any]], rows_b: Sequence[dict[str, Any]]) -> Agreement:
    """Raw agreement and Cohen's kappa over the claim pairs both copies' standing decisions judge."""
    a, b = pair_labels(rows_a), pair_labels(rows_b)
    both = sorted(set(a) & set(b), key=sorted)
    labels_a, labels_b = [a[p][0] for p in both], [b[p][0] for p in both]
    return Agreement(
        items=len(both),
        agreed=sum(x == y for x, y in zip(labels_a, labels_b, strict=True)),
        kappa=cohen_kappa(labels_a, labels_b),
        same_a=sum(labels_a),
        same_b=sum(labels_b),
    )


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float | None:
    """(observed - chance agreement) / (1 - chance); chance from each rater's own label shares."""
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    chance = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if chance == 1:
        return None
    return (observed - chance) / (1 - chance)

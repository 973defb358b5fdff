"""The quality gate: scores the real models can reach on data kept in the repository, held to floors.

Two parts, both with the real spaCy pipeline (and, for the seeds, the real embedding model):

* ``seeds``: the five seed articles run through the whole pipeline; counts of corroborated and
  contradicted clusters, and yes/no facts (1 or 0) the demo rests on: the May 29th month error is
  a contradiction, the injured counts share one cluster, two pairs of unrelated figures never do;
* ``extraction``: the literal sentences of ``gate/cases.toml``, one share of right answers per
  category (attribution, dates, numbers, polarity).

Each score is compared with its floor in ``gate/floors.toml``; any score below its floor fails the
gate (exit 1) and the table says which. Raising a floor is a one-line change there.

    python gate/eval_gate.py [--floors FILE] [--cases FILE] [--only seeds|extraction] [--misses]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
Scores = dict[str, dict[str, float]]


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML file, or one line naming the file and what is wrong with it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SystemExit(f"{path}: {error}") from None


def compare(scores: Scores, floors: Mapping[str, Mapping[str, float]]) -> list[str]:
    """One line per floor a score falls below, or that has no score at all."""
    falls = []
    for part, metrics in floors.items():
        for name, floor in metrics.items():
            got = scores.get(part, {}).get(name)
            if got is None:
                falls.append(f"{part}.{name}: no score (floor {floor})")
            elif got < floor:
                falls.append(f"{part}.{name}: {got:g} is below its floor {floor:g}")
    return falls


def table(scores: Scores, floors: Mapping[str, Mapping[str, float]]) -> str:
    lines = [f"{'score':<44} {'value':>8} {'floor':>8}"]
    for part, metrics in scores.items():
        for name, value in metrics.items():
            floor = floors.get(part, {}).get(name)
            lines.append(f"{part + '.' + name:<44} {value:>8.3g} {'-' if floor is None else f'{floor:g}':>8}")
    return "\n".join(lines)


# --- extraction on literal sentences ------------------------------------------------------------


def score_extraction(
    cases: Mapping[str, Sequence[Mapping[str, Any]]],
    extract: Callable[[str, str], list[Any]],
    missed: list[str] | None = None,
) -> dict[str, float]:
    """Category -> share of its cases the extraction gets right; ``missed`` collects the wrong ones."""
    judges: dict[str, Callable[[Mapping[str, Any], list[Any]], bool]] = {
        "attribution": speaker_right,
        "dates": date_right,
        "numbers": number_right,
        "polarity": polarity_right,
    }
    out = {}
    for category, judge in judges.items():
        items = cases.get(category, ())
        right = 0
        for case in items:
            ok = judge(case, extract(case["text"], case.get("published", "2024-01-15")))
            right += ok
            if not ok and missed is not None:
                missed.append(f"{category}: {case['text']}")
        out[category] = round(right / len(items), 3) if items else 0.0
    return out


def _norm(text: str) -> str:
    """Case, spacing and a leading article do not make a speaker or a hedge wrong."""
    return re.sub(r"^(the|a|an) ", "", " ".join(text.lower().split()))


def speaker_right(case: Mapping[str, Any], claims: list[Any]) -> bool:
    """The sentence's claims are attributed to the expected speaker and no one else ("" = to no one)."""
    speakers = {_norm(c.attribution.speaker) for c in claims if c.attribution}
    want = _norm(case["speaker"])
    return bool(claims) and speakers == ({want} if want else set())


def date_right(case: Mapping[str, Any], claims: list[Any]) -> bool:
    """A date of the sentence resolves to the expected start (and end, when the case gives one)."""
    return any(d.start == case["start"] and d.end == case.get("end", d.end) for c in claims for d in c.dates)


def number_right(case: Mapping[str, Any], claims: list[Any]) -> bool:
    """A number of the sentence has the expected hedge, and the stated value as an end or the centre of its range.

    "at least 17" is [17, inf), "nearly 50" ends at 50, "about 3,000" is centred on 3,000.
    """
    return any(
        _norm(q.hedge) == _norm(case["hedge"]) and any(math.isclose(case["value"], x) for x in (q.low, q.high, q.value))
        for c in claims
        for q in c.numbers
    )


def polarity_right(case: Mapping[str, Any], claims: list[Any]) -> bool:
    return bool(claims) and any(c.polarity == "negative" for c in claims) == case["negated"]


def extractor() -> Callable[[str, str], list[Any]]:
    from corroborate.extract import build_nlp, extract_claims
    from corroborate.records import Article

    nlp = build_nlp()

    def claims(text: str, published: str) -> list[Any]:
        article = Article(id=Article.make_id(text), path="gate.txt", text=text, source="gate", published=published)
        return extract_claims(article, nlp)

    return claims


# --- the seeds through the whole pipeline -------------------------------------------------------


def seeds_store(folder: Path) -> Any:
    """The seeds run into a new store in ``folder`` with the real models."""
    from corroborate import pipeline
    from corroborate.embed import SentenceTransformerEmbedder
    from corroborate.extract import build_nlp
    from corroborate.store import Store

    store = Store(folder / "seeds.db")
    pipeline.run(
        [str(ROOT / "seeds")],
        store,
        SentenceTransformerEmbedder(),
        build_nlp(),
        meta_file=str(ROOT / "data" / "seeds.toml"),
    )
    return store


def score_seeds(clusters: Sequence[Any], text_of: Mapping[str, str]) -> dict[str, float]:
    """Counts by status and the yes/no facts (1.0 or 0.0) of the seeds."""
    texts = [[text_of[i] for i in c.claims] for c in clusters]
    return {
        "corroborated": sum(c.status == "corroborated" for c in clusters),
        "contradicted": sum(c.status == "contradicted" for c in clusters),
        "may_29th_month_error_contradicts": float(
            any(
                c.status == "contradicted" and any(f.kind == "date" and "May 29" in f.detail for f in c.conflicts)
                for c in clusters
            )
        ),
        "injured_counts_share_a_cluster": float(
            any(_has(t, "at least 34") and _has(t, "40") and _has(t, "injur") for t in texts)
        ),
        "injured_four_counts_in_one_cluster": float(
            any(all(_has(t, n) for n in ("at least 34", "injured 40", "about 40", "dozens")) for t in texts)
        ),
        "five_attacks_apart_from_160_attacks": float(
            not any(_has(t, "five drone attacks") and _has(t, "160 attacks") for t in texts)
        ),
        "350_personnel_apart_from_2500_troops": float(
            not any(_has(t, "350") and _has(t, "2,500 troops") for t in texts)
        ),
        "wider_conflict_apart_from_war_with_iran": float(
            not any(_has(t, "wider conflict") and _has(t, "war with Iran") for t in texts)
        ),
        "militias_claim_apart_from_us_strikes": float(
            not any(_has(t, "claimed responsibility") and _has(t, "hit targets") for t in texts)
        ),
    }


def _has(texts: Iterable[str], needle: str) -> bool:
    return any(needle in t for t in texts)


def seeds_scores() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = seeds_store(Path(folder))
        try:
            text_of = {c.id: c.text for c in store.claims()}
            return score_seeds(store.clusters(), text_of)
        finally:
            store.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floors", type=Path, default=HERE / "floors.toml")
    parser.add_argument("--cases", type=Path, default=HERE / "cases.toml")
    parser.add_argument("--only", choices=("seeds", "extraction"))
    parser.add_argument("--misses", action="store_true", help="list the literal cases the extraction gets wrong")
    args = parser.parse_args(argv)
    floors, cases = load_toml(args.floors), load_toml(args.cases)
    started = time.perf_counter()
    scores: Scores = {}
    missed: list[str] = []
    if args.only != "seeds":
        scores["extraction"] = score_extraction(cases, extractor(), missed)
    if args.only != "extraction":
        scores["seeds"] = seeds_scores()
    floors = {part: metrics for part, metrics in floors.items() if part in scores}
    print(table(scores, floors))
    if args.misses:
        print("\n".join(f"missed {line}" for line in missed))
    falls = compare(scores, floors)
    for line in falls:
        print(f"FAIL {line}", file=sys.stderr)
    print(f"gate {'failed' if falls else 'passed'} in {time.perf_counter() - started:.0f} s")
    return 1 if falls else 0


if __name__ == "__main__":
    sys.exit(main())

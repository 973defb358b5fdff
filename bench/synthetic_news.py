"""Synthetic news corpora for scaling benches: no real text, only its shape.

``corpus(n)`` makes ``n`` articles about many events of a few kinds (fires,
quakes, strikes...), each event with its own invented people and places and a
date, written by outlets of very different sizes. It returns what the lineage
and event-scope stages read: the articles (text with names, datelines, credits
to outlets such as "according to Northwind Wire"), their claims (with exact
dates on some), one unit vector per claim, and the claim pairs the matcher
would have linked. Vectors carry the event structure directly instead of
coming from the embedding model: a claim is a noisy copy of one fact of its
event, or of a generic fact of its kind ("the fire destroyed the building"),
which events of one kind share. A few articles are near-copies of an earlier
one on the same event, and a few credit a wire outlet of the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from corroborate.records import Article, Claim, DateRef

KINDS = ("fire", "quake", "strike", "shooting", "flood", "election")
SYLLABLES = ("ka", "lo", "mer", "vin", "sa", "tor", "el", "ba", "rin", "do", "lu", "pe", "gra", "no", "ve", "ost")
TEMPLATES = (
    "Officials said {p0} was at the scene in {place} when it began.",
    "The {kind} in {place} was reported by {p1} shortly after noon.",
    "Residents told reporters that {p2} had warned the council of {org} weeks before.",
    "A spokesman for {org} said {p0} would speak to the press later.",
    "Neighbours described how {p1} helped people out of {place} during the {kind}.",
    "Later that day {p2} and {bg} visited the families in {place}.",
    "Police in {place} said the {kind} was under investigation.",
    "According to {bg}, the damage in {place} will take months to repair.",
)
DIM = 64
FACTS_PER_EVENT = 16
GENERIC_PER_KIND = 10
NEIGHBOURS = 10


@dataclass(frozen=True)
class Corpus:
    documents: dict[str, Article]
    claims: list[Claim]
    vectors: np.ndarray  # one unit row per claim, float32
    matched: list[tuple[int, int]]  # claim rows the matcher links (i < j), as the cluster stage passes them
    facts: list[tuple[int, int]] = field(default_factory=list)  # claim row -> its fact (event or -kind - 1, fact)


@dataclass(frozen=True)
class _Event:
    kind: int
    day: date
    people: tuple[str, ...]
    places: tuple[str, ...]
    org: str
    facts: np.ndarray  # FACTS_PER_EVENT x DIM


def corpus(n: int, seed: int = 0, noise: float = 0.3) -> Corpus:
    """``n`` synthetic articles about about ``n / 120`` events, with claims, vectors and matched pairs.

    ``noise`` scales the Gaussian noise added to a claim's fact vector: at 0.3 two claims of one fact
    are far apart in 64 dimensions (the matched pairs carry the structure); at 0.05 they are close,
    as real paraphrases are, so the clustering itself finds them.
    """
    rng = np.random.default_rng(seed)
    generic = _unit(rng.normal(size=(len(KINDS), GENERIC_PER_KIND, DIM)))
    events = [_event(rng) for _ in range(max(2, n // 120))]
    weights = rng.lognormal(0.0, 1.0, size=len(events))
    outlets = [
        _word(rng, 2).title() + " " + rng.choice(["Post", "Times", "Herald", "Wire", "News"])
        for _ in range(max(3, n // 250))
    ]
    outlet_weights = 1.0 / np.arange(1, len(outlets) + 1)
    documents: dict[str, Article] = {}
    claims: list[Claim] = []
    rows: list[np.ndarray] = []
    facts: dict[tuple[int, int], list[int]] = {}  # (event or -kind - 1, fact) -> claim rows
    fact_of: list[tuple[int, int]] = []  # claim row -> its fact
    by_event: dict[int, list[str]] = {}
    rows_of: dict[str, list[int]] = {}
    for k in range(n):
        e = int(rng.choice(len(events), p=weights / weights.sum()))
        source = outlets[int(rng.choice(len(outlets), p=outlet_weights / outlet_weights.sum()))]
        doc_id = f"doc{k:06d}"
        earlier = by_event.get(e, [])
        if earlier and rng.random() < 0.06:
            original = rows_of[earlier[-1]]
            doc, doc_claims, doc_rows = _copy(rng, doc_id, documents[earlier[-1]], claims, rows, original, source)
            keys = [fact_of[i] for i in original]
        else:
            wire = outlets[int(rng.integers(0, 3))] if rng.random() < 0.04 and source not in outlets[:3] else None
            doc = _article(rng, doc_id, events[e], source, wire)
            doc_claims, doc_rows, keys = _claims(rng, doc_id, events[e], e, generic, noise)
        rows_of[doc_id] = list(range(len(claims), len(claims) + len(doc_claims)))
        for row, key in zip(rows_of[doc_id], keys, strict=True):
            facts.setdefault(key, []).append(row)
        fact_of += keys
        documents[doc_id] = doc
        claims += doc_claims
        rows += doc_rows
        by_event.setdefault(e, []).append(doc_id)
    vectors = np.vstack(rows).astype(np.float32)
    return Corpus(documents, claims, vectors, _matched(rng, claims, facts), fact_of)


def _event(rng: np.random.Generator) -> _Event:
    return _Event(
        kind=int(rng.integers(0, len(KINDS))),
        day=date(2010, 1, 1) + timedelta(days=int(rng.integers(0, 3650))),
        people=tuple(f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(3)),
        places=tuple(_word(rng, 3).title() for _ in range(2)),
        org=_word(rng, 2).title() + " Council",
        facts=_unit(rng.normal(size=(FACTS_PER_EVENT, DIM))),
    )


def _article(rng: np.random.Generator, doc_id: str, event: _Event, source: str, wire: str | None) -> Article:
    day = event.day + timedelta(days=int(rng.integers(0, 6)))
    lines = [f"{day:%B} {day.day}, {day.year} - " if rng.random() < 0.4 else ""]
    for t in rng.permutation(len(TEMPLATES))[: int(rng.integers(4, len(TEMPLATES) + 1))]:
        people = rng.permutation(event.people)
        lines.append(
            TEMPLATES[t].format(
                p0=people[0],
                p1=people[1],
                p2=people[2],
                place=event.places[int(rng.integers(0, 2))],
                org=event.org,
                kind=KINDS[event.kind],
                bg=f"{_word(rng, 2).title()} {_word(rng, 2).title()}",
            )
        )
    if wire:
        lines.append(f"The council has not yet commented, according to {wire}.")
    published = day.isoformat() if rng.random() < 0.5 else None
    return Article(id=doc_id, path=f"{doc_id}.txt", text=" ".join(lines), source=source, published=published)


def _claims(
    rng: np.random.Generator, doc_id: str, event: _Event, e: int, generic: np.ndarray, noise: float
) -> tuple[list[Claim], list[np.ndarray], list[tuple[int, int]]]:
    claims, rows, keys = [], [], []
    for r in range(int(rng.integers(5, 11))):
        if rng.random() < 0.3:
            key, base = (-event.kind - 1, int(rng.integers(0, GENERIC_PER_KIND))), generic[event.kind]
        else:
            key, base = (e, int(rng.integers(0, FACTS_PER_EVENT))), event.facts
        text = f"{doc_id} claim {r}"
        dated = (
            (DateRef("on the day", event.day.isoformat(), event.day.isoformat(), "exact"),)
            if rng.random() < 0.1
            else ()
        )
        claims.append(Claim(Claim.make_id(doc_id, text, 0, len(text)), doc_id, text, text, 0, len(text), dates=dated))
        rows.append(_unit(base[key[1]] + noise * rng.normal(size=DIM)))
        keys.append(key)
    return claims, rows, keys


def _copy(
    rng: np.random.Generator,
    doc_id: str,
    original: Article,
    claims: list[Claim],
    rows: list[np.ndarray],
    own: list[int],
    source: str,
) -> tuple[Article, list[Claim], list[np.ndarray]]:
    """A near-copy of ``original`` (claim rows ``own``) on another outlet a day later, vectors barely moved."""
    day = date.fromisoformat(original.published) + timedelta(days=1) if original.published else None
    doc = Article(
        id=doc_id,
        path=f"{doc_id}.txt",
        text=original.text + " Updated.",
        source=source,
        published=day.isoformat() if day else None,
    )
    out_claims = [
        Claim(
            Claim.make_id(doc_id, claims[i].text, 0, len(claims[i].text)),
            doc_id,
            claims[i].text,
            claims[i].sentence,
            0,
            len(claims[i].text),
            dates=claims[i].dates,
        )
        for i in own
    ]
    out_rows = [_unit(rows[i] + 0.02 * rng.normal(size=DIM)) for i in own]
    return doc, out_claims, out_rows


def _matched(
    rng: np.random.Generator, claims: list[Claim], facts: dict[tuple[int, int], list[int]]
) -> list[tuple[int, int]]:
    """Up to ``NEIGHBOURS`` claims of the same fact in other documents per claim, as top-k search finds them."""
    pairs: set[tuple[int, int]] = set()
    for members in facts.values():
        group = np.asarray(members)
        for i in members:
            for j in rng.choice(group, size=min(NEIGHBOURS, len(group)), replace=False).tolist():
                if claims[i].document_id != claims[j].document_id:
                    pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _word(rng: np.random.Generator, syllables: int) -> str:
    return "".join(SYLLABLES[int(i)] for i in rng.integers(0, len(SYLLABLES), size=syllables))


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)

"""Known claims: has this been checked before?

A pool of checked claims (a fact-check archive) and texts to look up in it
(tweets, claims from articles). Each query's nearest pool claims are found by
exact cosine over the whole pool (one matrix product), then the nearest few are
ranked again by ``config.KnownModel``, which also reads the wording the two
texts share, weighted by how rare each word is in the pool (``Rarity``). The best
of them is the claim the query repeats when the model is sure enough and the
field checks of ``corroborate.match`` (numbers, dates, polarity) do not veto it;
only that one needs claim extraction.

Both sides are compared normalised (``corroborate.normalize``); records keep
their original text for display. The pool's vectors come through whatever
embedder the caller passes, usually a ``CachedEmbedder`` so a pool is embedded
once; the queries' embedder need not cache.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from corroborate.config import DEFAULT_KNOWN_MODEL, KnownModel
from corroborate.embed import Embedder
from corroborate.match import STOP, Features, agree, lexical_overlap, whole_features
from corroborate.normalize import normalize
from corroborate.pairs import SURFACE_FEATURES, embed_texts, evidence, length_ratio, shared_numbers, surface
from corroborate.records import KnownClaim, KnownMark

if TYPE_CHECKING:
    from spacy.language import Language

Progress = Callable[[str, int, int], None]
EMBED_BATCH = 256  # pool texts per model call: a progress step every few seconds on a CPU
QUERY_BLOCK = 64  # queries ranked and judged together: bounds the score matrix and the pending output
# A stored claim counts as checked before from this cosine up. Cleaner than tweets, news claims sit
# well above the 0.575 fitted on CLEF's (tweet, checked claim) train pairs; 0.7 keeps marks few and
# sure until reviewers' decisions calibrate it.
KNOWN_COSINE = 0.7
TIE = 0.1  # log-odds within which a candidate is as good as the best (duplicate claims in a pool)
RERANK = 10  # nearest pool claims by cosine that the known-claim model ranks again (at least --top)
KNOWN_FEATURES = (
    "cosine",  # the query and the pool claim
    "cosine_also",  # the query and the pool record's second field (--also), else the claim again
    "rare_known",  # share of the pool claim's rare wording (idf-weighted content words) found in the query
    "rare_query",  # share of the query's rare wording found in the pool claim
    "rarest_shared",  # idf of the rarest word they share
    "rare_known_also",  # the same three for the second field
    "rare_query_also",
    "rarest_shared_also",
    "overlap",  # masked content words (Dice), as the pair model reads them
    "numbers_shared",
    "length_ratio",
    *SURFACE_FEATURES,
)
CONTENT = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class KnownMatch:
    """A pool claim found for a query: the model's score, the verdict and the cosine."""

    claim: KnownClaim
    score: float  # the known-claim model's probability that the query repeats this claim
    same: bool
    cosine: float = 0.0  # the better cosine of the normalised texts (claim, or --also field)


def embed_known(
    claims: Sequence[KnownClaim],
    embedder: Embedder,
    progress: Progress | None = None,
    field: str | None = None,
) -> np.ndarray:
    """Unit vectors of the normalised texts, one row per claim, embedded in batches.

    With ``field``, each claim's text in that field instead (a fact-check's headline, say), or its
    own text where the record has none.
    """
    rows = []
    for start in range(0, len(claims), EMBED_BATCH):
        batch = claims[start : start + EMBED_BATCH]
        rows.append(embedder.embed([normalize(_text_of(c, field)) for c in batch]))
        if progress:
            progress("pool", min(start + EMBED_BATCH, len(claims)), len(claims))
    return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


def _text_of(claim: KnownClaim, field: str | None) -> str:
    value = claim.fields.get(field) if field else None
    return value if isinstance(value, str) and value.strip() else claim.text


Ranked = tuple[np.ndarray, np.ndarray]  # pool row indices, best first, and their cosines


def top_k(
    queries: np.ndarray,
    pool: np.ndarray,
    k: int,
    block: int = QUERY_BLOCK,
    also: np.ndarray | None = None,
) -> Iterator[Ranked]:
    """For each query row: the indices of its ``k`` nearest pool rows, best first, and their cosines.

    Exact: every pool row is scored, ``block`` queries at a time, so memory stays at
    ``block`` x pool size whatever the number of queries. ``also``: a second vector per pool row
    (another field of the record); a row scores the better of its two cosines.
    """
    k = min(k, len(pool))
    if not k:
        yield from ((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)) for _ in queries)
        return
    for start in range(0, len(queries), block):
        scores = queries[start : start + block] @ pool.T
        if also is not None:
            scores = np.maximum(scores, queries[start : start + block] @ also.T)
        for row in scores:
            yield _best(row, k)


def _best(row: np.ndarray, k: int) -> Ranked:
    chosen = np.argpartition(-row, k - 1)[:k]
    chosen = chosen[np.lexsort((chosen, -row[chosen]))]  # best first; ties by pool order
    return chosen, row[chosen]


def content_words(text: str) -> frozenset[str]:
    """The words that carry a claim: lower case, stop words and single letters out."""
    return frozenset(w for w in CONTENT.findall(normalize(text).lower()) if len(w) > 1 and w not in STOP)


class Rarity:
    """How rare each word is among the pool's texts: a shared rare word (a name, "Soleimani") says more."""

    def __init__(self, texts: Iterable[frozenset[str]]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for words in texts:
            counts.update(words)
            total += 1
        self.counts, self.total = counts, total

    def weight(self, word: str) -> float:
        return math.log((self.total + 1) / (self.counts.get(word, 0) + 1)) + 1

    def shared(self, query: frozenset[str], known: frozenset[str]) -> tuple[float, float, float]:
        """The share of the known text's and of the query's weight that both hold, and the rarest shared word's."""
        common = [self.weight(w) for w in query & known]
        held = sum(common)
        return (
            held / max(sum(map(self.weight, known)), 1e-9),
            held / max(sum(map(self.weight, query)), 1e-9),
            max(common, default=0.0),
        )


@dataclass(frozen=True)
class Side:
    """A text as the known-claim model reads it: normalised, its content words and its whole-text features."""

    text: str
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Side:
        normal = normalize(text)
        return cls(normal, content_words(normal))

    @cached_property
    def whole(self) -> Features:
        """Read on first use, once: a pool claim is compared with many queries, a query with ten claims."""
        return whole_features(self.text)


def known_features(
    query: Side, known: Side, also: Side, cosine: float, cosine_also: float, rarity: Rarity
) -> list[float]:
    """``KNOWN_FEATURES`` of a query and a pool record (``also``: its second field, or the claim again)."""
    a, b = query.whole, known.whole
    return [
        cosine,
        cosine_also,
        *rarity.shared(query.words, known.words),
        *rarity.shared(query.words, also.words),
        lexical_overlap(a, b),
        shared_numbers(a, b),
        length_ratio(a, b),
        *surface(query.text, known.text),
    ]


class KnownPool:
    """A pool ready to search: its records, vectors (claim and second field) and word rarity."""

    def __init__(
        self,
        claims: Sequence[KnownClaim],
        vectors: np.ndarray,
        also: np.ndarray | None = None,
        field: str | None = None,
    ) -> None:
        self.claims, self.vectors, self.also = claims, vectors, also
        self.sides = [Side.of(c.text) for c in claims]
        self.also_sides = [Side.of(_text_of(c, field)) for c in claims] if field else self.sides
        self.rarity = Rarity([*(s.words for s in self.sides), *(s.words for s in self.also_sides if field)])

    def features(self, query: Side, vector: np.ndarray, row: int) -> list[float]:
        """``KNOWN_FEATURES`` of a query (its normalised text and vector) and one pool row."""
        cosine = float(vector @ self.vectors[row])
        cosine_also = float(vector @ self.also[row]) if self.also is not None else cosine
        return known_features(query, self.sides[row], self.also_sides[row], cosine, cosine_also, self.rarity)

    def ranked(
        self, query: Side, vector: np.ndarray, rows: np.ndarray, model: KnownModel
    ) -> list[tuple[int, float, float]]:
        """(pool row, probability, better cosine) of the candidate rows, by the model, best first."""
        out = []
        for row in (int(r) for r in rows):
            row_features = self.features(query, vector, row)
            out.append((row, model.probability(row_features), max(row_features[0], row_features[1])))
        return sorted(out, key=lambda r: (-r[1], r[0]))


def match_known(
    queries: Sequence[KnownClaim],
    pool: Sequence[KnownClaim],
    pool_vectors: np.ndarray,
    embedder: Embedder,
    nlp: Language,
    k: int = 5,
    pool_embedder: Embedder | None = None,
    progress: Progress | None = None,
    also: np.ndarray | None = None,
    field: str | None = None,
    model: KnownModel = DEFAULT_KNOWN_MODEL,
) -> Iterator[tuple[KnownClaim, list[KnownMatch]]]:
    """Each query (in order) with its top ``k`` pool claims by the known-claim model, best first.

    ``pool_vectors`` are ``embed_known(pool, ...)`` (``also``: of the second ``field``). The nearest
    ``max(k, RERANK)`` by cosine are ranked by ``model``; the best (and any tied with it, ``_verdicts``)
    is ``same`` when it is ``sure`` (its probability reaches 0.5, or it leads the rest far enough) and the
    field checks of the two texts' aligned claims do not veto it.
    ``pool_embedder`` (by default ``embedder``) embeds that claim's own claims for the checks.
    """
    index = KnownPool(pool, pool_vectors, also, field)
    for start in range(0, len(queries), QUERY_BLOCK):
        chunk = queries[start : start + QUERY_BLOCK]
        sides = [Side.of(q.text) for q in chunk]
        vectors = embedder.embed([s.text for s in sides])
        for query, side, vector, (rows, _) in zip(
            chunk, sides, vectors, top_k(vectors, pool_vectors, max(k, RERANK), also=also), strict=True
        ):
            ranked = index.ranked(side, vector, rows, model)  # all of them: the lead is over the next one
            verdicts = _verdicts(ranked, side, index, embedder, pool_embedder, nlp, model)
            yield (
                query,
                [
                    KnownMatch(pool[row], round(p, 4), same, round(c, 4))
                    for (row, p, c), same in zip(ranked[:k], verdicts[:k], strict=True)
                ],
            )
        if progress:
            progress("queries", start + len(chunk), len(queries))


def _verdicts(
    ranked: Sequence[tuple[int, float, float]],
    query: Side,
    index: KnownPool,
    embedder: Embedder,
    pool_embedder: Embedder | None,
    nlp: Language,
    model: KnownModel = DEFAULT_KNOWN_MODEL,
) -> list[bool]:
    """``same`` per ranked candidate: the best, and any candidate tied with it, when sure and not vetoed.

    A tie is within ``TIE`` on the model's log-odds: fact-check archives hold the same claim twice
    (one copy with straight quotes, one with curly ones), and the query repeats both.
    """
    logits = [_logit(p) for _, p, _ in ranked]
    if not logits or not sure(logits, model):
        return [False] * len(ranked)
    return [
        logits[0] - x <= TIE and _agrees(query, index.sides[row], embedder, pool_embedder, nlp)
        for (row, _, _), x in zip(ranked, logits, strict=True)
    ]


def sure(logits: Sequence[float], model: KnownModel = DEFAULT_KNOWN_MODEL) -> bool:
    """Whether the best of the candidates (their log-odds, best first) is sure enough to be the claim repeated.

    Sure at probability 0.5 and up; or, from ``model.lead_floor``, when it leads the next candidate that
    is not tied with it by ``model.lead``: a tweet that repeats a checked claim usually has one candidate
    far ahead of the rest, a tweet that repeats none a crowd of near ones. The lead is read only over a
    full ``RERANK`` of candidates: in a pool of a handful of claims, any text leads the rest.
    """
    top = logits[0]
    if top >= 0:
        return True
    if len(logits) < RERANK:
        return False
    others = [x for x in logits[1:] if top - x > TIE]
    return top >= model.lead_floor and top - max(others, default=-math.inf) >= model.lead


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


def _agrees(query: Side, known: Side, embedder: Embedder, pool_embedder: Embedder | None, nlp: Language) -> bool:
    """No field check of the two texts' aligned claims (numbers, dates, polarity, ...) vetoes the match."""
    (a,) = embed_texts([query.text], embedder, nlp)
    (b,) = embed_texts([known.text], pool_embedder or embedder, nlp)
    return agree(evidence(a, b).checks)


def mark_known(
    claim_ids: Sequence[str],
    claim_vectors: np.ndarray,
    pool: Sequence[KnownClaim],
    pool_vectors: np.ndarray,
    threshold: float,
) -> list[KnownMark]:
    """Each claim's nearest checked claim, where their cosine reaches ``threshold``."""
    if not len(claim_ids) or not len(pool):
        return []
    marks = []
    for claim_id, (rows, scores) in zip(claim_ids, top_k(claim_vectors, pool_vectors, 1), strict=True):
        if scores[0] >= threshold:
            known = pool[int(rows[0])]
            marks.append(KnownMark(claim_id, known.id, round(float(scores[0]), 4), known.text, dict(known.fields)))
    return marks


MATCH_KEYS = ("id", "score", "same", "cosine", "text")  # a match's own keys; a pool field never overwrites one


def match_row(query: KnownClaim, matches: Sequence[KnownMatch]) -> dict[str, Any]:
    """The JSON object ``match --pool`` prints per query: its id and its matches with their pool fields."""
    return {
        "query": query.id,
        "matches": [
            {
                "id": m.claim.id,
                "score": m.score,
                "same": m.same,
                "cosine": m.cosine,
                "text": m.claim.text,
                **{k: v for k, v in m.claim.fields.items() if k not in MATCH_KEYS},
            }
            for m in matches
        ],
    }

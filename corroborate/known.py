"""Known claims: has this been checked before?

A pool of checked claims (a fact-check archive) and texts to look up in it
(tweets, claims from articles). Each query's nearest pool claims are found by
exact cosine over the whole pool, then the pair verdict of ``corroborate.match``
runs on those few only: ranking is one matrix product, the verdict needs claim
extraction and is kept to the top K.

Both sides are compared normalised (``corroborate.normalize``); records keep
their original text for display. The pool's vectors come through whatever
embedder the caller passes, usually a ``CachedEmbedder`` so a pool is embedded
once; the queries' embedder need not cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from corroborate.embed import Embedder
from corroborate.normalize import normalize
from corroborate.pairs import Text, compare_texts, embed_texts
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


@dataclass(frozen=True)
class KnownMatch:
    """A pool claim found for a query: the cosine of the normalised texts, and the pair verdict."""

    claim: KnownClaim
    score: float
    same: bool


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
) -> Iterator[tuple[KnownClaim, list[KnownMatch]]]:
    """Each query (in order) with its top ``k`` pool claims, best first, each with the pair verdict.

    ``pool_vectors`` are ``embed_known(pool, ...)``; ``pool_embedder`` (by default ``embedder``)
    embeds the matched pool claims' own claims for the verdict, so a caching one saves that too.
    """
    judged: dict[int, Text] = {}  # pool claims already read for a verdict, by row
    for start in range(0, len(queries), QUERY_BLOCK):
        chunk = queries[start : start + QUERY_BLOCK]
        texts = embed_texts([normalize(q.text) for q in chunk], embedder, nlp)
        ranked = list(top_k(np.vstack([t.vector for t in texts]), pool_vectors, k, also=also))
        _read_pool(
            sorted({int(i) for rows, _ in ranked for i in rows} - judged.keys()),
            pool,
            judged,
            pool_embedder or embedder,
            nlp,
        )
        for query, text, (rows, scores) in zip(chunk, texts, ranked, strict=True):
            yield (
                query,
                [
                    KnownMatch(pool[i], round(float(s), 4), compare_texts(text, judged[int(i)]).same)
                    for i, s in zip(rows, scores, strict=True)
                ],
            )
        if progress:
            progress("queries", start + len(chunk), len(queries))


def _read_pool(
    rows: list[int], pool: Sequence[KnownClaim], judged: dict[int, Text], embedder: Embedder, nlp: Language
) -> None:
    """Claims and vectors of the pool rows a verdict needs and has not read yet."""
    for row, text in zip(rows, embed_texts([normalize(pool[i].text) for i in rows], embedder, nlp), strict=True):
        judged[row] = text


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


def match_row(query: KnownClaim, matches: Sequence[KnownMatch]) -> dict[str, Any]:
    """The JSON object ``match --pool`` prints per query: its id and its matches with their pool fields."""
    return {
        "query": query.id,
        "matches": [
            {
                "id": m.claim.id,
                "score": m.score,
                "same": m.same,
                "text": m.claim.text,
                **{k: v for k, v in m.claim.fields.items() if k not in ("id", "score", "same", "text")},
            }
            for m in matches
        ],
    }

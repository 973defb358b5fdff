"""A corroborate store of many claims built without the models, for the 100k-claim benchmark (part 4).

``build(path, n_claims, model_id, dim)`` writes synthetic articles, claims and vectors from
``synthetic_news.corpus`` through the ``Store`` API, vectors padded with zeros to the real model's
dimension (cosines unchanged) and stored under the real model's id, so a later ``pipeline.run`` with
the real embedder treats them as its own. It then clusters them once through the pipeline's own
``recluster``, so the file looks like one a real run left: clusters, conflicts, suggestions, lineage.

Claims of one fact get one invented sentence (no digits, so no number check splits them) and vectors
close together (``noise`` 0.05), as paraphrases of one fact have: the clustering finds them itself.
A share ``UNIQUE`` of the claims instead state a fact of their own (their own sentence, a random
vector), as most claims of a real store do: they stay single-source.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from synthetic_news import SYLLABLES, corpus

from corroborate import pipeline
from corroborate.records import Claim
from corroborate.store import Store

CLAIMS_PER_DOCUMENT = 7.5  # synthetic articles hold 5 to 10 claims
UNIQUE = 0.6


def build(path: Path, n_claims: int, model_id: str, dim: int, seed: int = 0, batch: int = 500) -> dict[str, int]:
    """Write about ``n_claims`` claims (whole documents) to a new store at ``path``; its counts."""
    data = corpus(max(2, int(n_claims / CLAIMS_PER_DOCUMENT)), seed, noise=0.05)
    vectors = np.zeros((len(data.claims), dim), dtype=np.float32)
    vectors[:, : data.vectors.shape[1]] = data.vectors
    rng = np.random.default_rng(seed)
    unique = rng.random(len(data.claims)) < UNIQUE
    noise = rng.normal(size=(int(unique.sum()), dim)).astype(np.float32)
    vectors[unique] = noise / np.linalg.norm(noise, axis=1, keepdims=True)
    rows: dict[str, list[int]] = {}
    claims = []
    for row, (claim, fact) in enumerate(zip(data.claims, data.facts, strict=True)):
        fact = (1000 + row, 0) if unique[row] else fact
        own = rows.setdefault(claim.document_id, [])
        claims.append(_worded(claim, fact, len(own)))
        own.append(row)
    store = Store(path)
    try:
        documents = list(data.documents.values())
        for first in range(0, len(documents), batch):
            with store.writing():  # one transaction per batch; each add_document is a savepoint in it
                for doc in documents[first : first + batch]:
                    own = rows.get(doc.id, [])
                    store.add_document(doc, [claims[i] for i in own], vectors[own], model_id)
        pipeline.recluster(store, model_id)
        return store.counts()
    finally:
        store.close()


def _worded(claim: Claim, fact: tuple[int, int], position: int) -> Claim:
    """The claim with its fact's sentence as text, at its own offset (so two in one document differ)."""
    text = _sentence(fact)
    start = position * 200
    return replace(
        claim,
        id=Claim.make_id(claim.document_id, text, start, start + len(text)),
        text=text,
        sentence=text,
        start=start,
        end=start + len(text),
    )


def _sentence(fact: tuple[int, int]) -> str:
    rng = np.random.default_rng((fact[0] + 7) * 64 + fact[1])
    w = ["".join(SYLLABLES[int(i)] for i in rng.integers(0, len(SYLLABLES), size=3)) for _ in range(5)]
    return f"Officials said {w[0].title()} {w[1]} the {w[2]} near {w[3].title()} before the {w[4]}."

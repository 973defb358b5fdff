"""Claim -> vector on ONNX Runtime: an optional backend of the embedding stage (``--backend onnx|onnx-int8``).

The graph is made here, once per model and backend, from the files ``embed.checked_model`` verified: torch
traces the model's transformer to ONNX, and ``onnx-int8`` is that graph with dynamic per-channel int8
weights (``onnxruntime.quantization``). Nothing is downloaded. sentence-transformers' own ONNX backend is
not used: it goes through optimum, whose releases pin transformers below the 5.x this project runs on.
Pooling and truncation follow the model's sentence-transformers config, so ``onnx`` gives torch's vectors
to float precision and shares its model id; ``onnx-int8`` gives other vectors, so its id differs.

Exports live in a cache folder outside the installed package (``CORROBORATE_MODEL_CACHE``, else the
user's cache folder), keyed by model id and backend, each with a manifest of its SHA-256 that is checked
on every load; one that fails the check is made again from the verified files.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from corroborate.embed import ModelFiles, checked_model, offline
from corroborate.errors import ModelError

BACKENDS = ("torch", "onnx", "onnx-int8")
CACHE_ENV = "CORROBORATE_MODEL_CACHE"
INSTALL_HINT = "the onnx backends need onnxruntime and onnx: pip install 'corroborate[onnx]'"
ID_TAGS = {"onnx": "", "onnx-int8": "+int8"}  # fp32 ONNX reproduces torch's vectors: the same id, no re-embedding
MANIFEST = "export.json"
GRAPH = "model.onnx"
OPSET = 17
SUPPORTED_MODULES = ("Transformer", "Pooling", "Normalize")


def available() -> bool:
    """Whether onnxruntime and onnx are installed (nothing is imported)."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", "onnx"))


def require() -> None:
    if not available():
        raise ModelError(INSTALL_HINT)


def cache_root() -> Path:
    """Where exports are kept: ``$CORROBORATE_MODEL_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "corroborate" / "models"


def backend_model_id(files: ModelFiles, backend: str) -> str:
    return files.model_id + ID_TAGS[backend]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_graph(files: ModelFiles, backend: str, root: Path | None = None) -> Path:
    """The checked ONNX graph of ``files`` for ``backend``, exported first if missing or failing its check."""
    folder = (root or cache_root()) / files.model_id / backend
    if _intact(folder, files, backend):
        return folder / GRAPH
    source = cached_graph(files, "onnx", root) if backend == "onnx-int8" else None
    return _publish(folder, files, backend, source)


def _intact(folder: Path, files: ModelFiles, backend: str) -> bool:
    """Whether ``folder`` holds an export of this model and backend whose graph matches its manifest."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        return (
            manifest.get("model_id") == files.model_id
            and manifest.get("backend") == backend
            and manifest.get("sha256") == sha256(folder / GRAPH)
        )
    except (OSError, ValueError, AttributeError):
        return False


def _publish(folder: Path, files: ModelFiles, backend: str, source: Path | None) -> Path:
    """Make the export in a new folder beside ``folder``, then move it in whole: a crash leaves no half export."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{backend}-", dir=folder.parent))
    except OSError as error:
        raise _unwritable(folder, backend, error) from None
    try:
        _make(work, files, backend, source)
        shutil.rmtree(folder, ignore_errors=True)
        try:
            os.replace(work, folder)
        except OSError:
            if not _intact(folder, files, backend):  # else another process published the same export first
                raise
    except OSError as error:
        raise _unwritable(folder, backend, error) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder / GRAPH


def _make(work: Path, files: ModelFiles, backend: str, source: Path | None) -> None:
    """The graph and its manifest, in ``work``; the exporter's own failures as one ModelError."""
    try:
        if source is None:
            export_graph(files.path, work / GRAPH)
        else:
            quantize_graph(source, work / GRAPH)
    except (OSError, ModelError):
        raise
    except Exception as error:  # torch and onnxruntime raise many kinds; the user needs one message
        raise ModelError(f"{files.path}: cannot make the {backend} export ({error}); use --backend torch") from None
    manifest = {"model_id": files.model_id, "backend": backend, "sha256": sha256(work / GRAPH)}
    (work / MANIFEST).write_text(json.dumps(manifest, indent=1))


def _unwritable(folder: Path, backend: str, error: OSError) -> ModelError:
    return ModelError(f"{folder}: cannot write the {backend} export ({error.strerror or error}); set {CACHE_ENV}")


def export_graph(model_dir: Path, target: Path) -> None:
    """Trace the model's transformer (token ids -> token vectors) to ONNX with dynamic batch and length."""
    offline()
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # the CLI shows its own progress
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True, use_safetensors=True).eval()
    sample = tokenizer(["an example", "a longer example sentence"], padding=True, return_tensors="pt")
    names = list(sample.keys())
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "token_vectors"]}
    with torch.no_grad(), quiet():
        torch.onnx.export(
            _by_keyword(model, names),
            tuple(sample[name] for name in names),
            str(target),
            input_names=names,
            output_names=["token_vectors"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,  # the tracing exporter: the dynamo one needs onnxscript
        )


def _by_keyword(model: Any, names: list[str]) -> Any:
    """The transformer called by keyword (its positional order differs between transformers releases)."""
    import torch

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    return TokenVectors()


def quantize_graph(source: Path, target: Path) -> None:
    """Int8 weights per output channel on the MatMuls (per-tensor int8 lost 3-7 points of cosine)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with quiet():
        quantize_dynamic(
            str(source), str(target), per_channel=True, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"]
        )


@contextmanager
def quiet() -> Iterator[None]:
    """The tracer's warnings about branches (none depends on the input here) and the quantizer's advice
    are not the user's business: the export is checked by the tests against torch's vectors."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


MEAN = "pooling_mode_mean_tokens"  # sentence-transformers' default when a model names no pooling
POOLING_KEYS = {MEAN: "mean", "pooling_mode_cls_token": "cls"}


def read_config(model_dir: Path) -> tuple[str, int]:
    """The pooling mode ("mean" or "cls") and the token limit the model's sentence-transformers config names."""
    modules = _json(model_dir / "modules.json", [{"type": "Transformer", "path": ""}])
    kinds = {str(m.get("type", "")).rsplit(".", 1)[-1]: str(m.get("path", "")) for m in modules}
    unsupported = [kind for kind in kinds if kind not in SUPPORTED_MODULES]
    if unsupported:
        raise ModelError(f"{model_dir}: the onnx backend cannot run a {unsupported[0]} module; use --backend torch")
    options = _json(model_dir / kinds["Pooling"] / "config.json", {}) if "Pooling" in kinds else {}
    chosen = [key for key, on in options.items() if key.startswith("pooling_mode") and on] or [MEAN]
    if len(chosen) != 1 or chosen[0] not in POOLING_KEYS:
        raise ModelError(f"{model_dir}: the onnx backend pools by mean or CLS token only; use --backend torch")
    limit = int(_json(model_dir / "sentence_bert_config.json", {}).get("max_seq_length") or 512)
    return POOLING_KEYS[chosen[0]], limit


def _json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return default
    except (OSError, ValueError) as error:
        raise ModelError(f"{path}: cannot read ({error})") from None


def pool(token_vectors: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Sentence vectors of unit length: the mean of the real tokens' vectors, or the first token's."""
    if mode == "cls":
        vectors = token_vectors[:, 0]
    else:
        weights = mask[..., None].astype(np.float32)
        vectors = (token_vectors * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class OnnxEmbedder:
    """The checked model's transformer on ONNX Runtime, pooled as its sentence-transformers config says."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        backend: str = "onnx",
        batch_size: int = 64,
        cache: Path | None = None,
    ) -> None:
        if backend not in ID_TAGS:
            raise ModelError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
        require()
        files = checked_model(model_dir)
        self.model_id = backend_model_id(files, backend)
        self.backend = backend
        self.batch_size = batch_size
        self.mode, self.limit = read_config(files.path)
        self.graph = cached_graph(files, backend, cache)
        self._tokenizer, self._session = _load(files.path, self.graph)

    @property
    def dimension(self) -> int:
        return int(self._session.get_outputs()[0].shape[-1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # like lengths share a batch: less padding
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._batch([texts[i] for i in rows])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        tokens = self._tokenizer(texts, padding=True, truncation=True, max_length=self.limit, return_tensors="np")
        feed = {i.name: tokens[i.name].astype(np.int64) for i in self._session.get_inputs()}
        (token_vectors,) = self._session.run(None, feed)
        return pool(token_vectors, tokens["attention_mask"], self.mode)


def _load(model_dir: Path, graph: Path) -> tuple[Any, Any]:
    offline()
    import onnxruntime
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        options = onnxruntime.SessionOptions()
        # Its threads wait for work by spinning, which takes the cores from the spaCy parser that a run
        # overlaps with embedding: they sleep instead.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    except Exception as error:  # both libraries raise many kinds; the user needs one message
        raise ModelError(f"{graph}: cannot load the onnx model ({error})") from None
    return tokenizer, session

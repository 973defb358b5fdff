"""``--backend onnx|onnx-int8``: the export cache, the option, the missing extra, and the vectors against torch.

The fast tests replace the exporter with a stand-in that writes bytes, so the cache's rules (made once,
checked on reuse, never half-written) are tested without onnxruntime. The slow ones export the real
model once for the module and are skipped where the onnx extra is not installed (``make test`` installs
it, so CI runs them).
"""

from __future__ import annotations

import importlib.util
import json
import socket
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from corroborate import cli, embed, embed_onnx
from corroborate.embed import ModelFiles
from corroborate.errors import ModelError

SENTENCES = [
    "The minister resigned on Tuesday after weeks of protests.",
    "Hi",
    "Three people were killed when a 6.1 earthquake struck the island, officials said on Monday.",
    "Le président a démissionné — 3 000 manifestants, selon la police.",
    "word " * 400,  # past the model's 256-token limit: both backends must cut it at the same place
]


@pytest.fixture
def files(tmp_path: Path) -> ModelFiles:
    return ModelFiles(tmp_path / "model", "mini@0123456789ab")


@pytest.fixture
def exports(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each export and quantization the cache asks for, written as a few bytes instead of a graph."""
    made: list[str] = []

    def export(model_dir: Path, target: Path) -> None:
        made.append("export")
        target.write_bytes(b"graph %d" % len(made))

    def quantize(source: Path, target: Path) -> None:
        made.append(f"quantize {source.parent.name}")
        target.write_bytes(source.read_bytes() + b" int8")

    monkeypatch.setattr(embed_onnx, "export_graph", export)
    monkeypatch.setattr(embed_onnx, "quantize_graph", quantize)
    return made


def test_export_is_made_once_and_reused(files: ModelFiles, exports: list[str], tmp_path: Path) -> None:
    first = embed_onnx.cached_graph(files, "onnx", tmp_path / "cache")
    again = embed_onnx.cached_graph(files, "onnx", tmp_path / "cache")
    assert first == again == tmp_path / "cache" / files.model_id / "onnx" / "model.onnx"
    assert exports == ["export"]


def test_int8_quantizes_the_cached_float_export_without_exporting_twice(
    files: ModelFiles, exports: list[str], tmp_path: Path
) -> None:
    embed_onnx.cached_graph(files, "onnx", tmp_path)
    graph = embed_onnx.cached_graph(files, "onnx-int8", tmp_path)
    assert exports == ["export", "quantize onnx"]
    assert graph.read_bytes() == b"graph 1 int8"


def test_tampered_export_is_made_again_from_the_model(files: ModelFiles, exports: list[str], tmp_path: Path) -> None:
    graph = embed_onnx.cached_graph(files, "onnx", tmp_path)
    graph.write_bytes(b"someone else's graph")
    assert embed_onnx.cached_graph(files, "onnx", tmp_path).read_bytes() == b"graph 2"
    assert exports == ["export", "export"]


def test_export_copied_from_another_model_is_not_reused(files: ModelFiles, exports: list[str], tmp_path: Path) -> None:
    other = ModelFiles(files.path, "other@ba9876543210")
    source = embed_onnx.cached_graph(other, "onnx", tmp_path).parent
    (tmp_path / files.model_id).mkdir()
    source.rename(tmp_path / files.model_id / "onnx")  # graph and manifest intact, but of another model
    embed_onnx.cached_graph(files, "onnx", tmp_path)
    manifest = json.loads((tmp_path / files.model_id / "onnx" / "export.json").read_text())
    assert exports == ["export", "export"] and manifest["model_id"] == files.model_id


def test_export_without_manifest_is_made_again(files: ModelFiles, exports: list[str], tmp_path: Path) -> None:
    graph = embed_onnx.cached_graph(files, "onnx", tmp_path)
    (graph.parent / "export.json").unlink()
    embed_onnx.cached_graph(files, "onnx", tmp_path)
    assert exports == ["export", "export"]


def test_failed_export_leaves_no_half_written_folder(
    files: ModelFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(model_dir: Path, target: Path) -> None:
        target.write_bytes(b"half a gra")
        raise RuntimeError("exporter crashed")

    monkeypatch.setattr(embed_onnx, "export_graph", crash)
    with pytest.raises(ModelError, match=r"cannot make the onnx export \(exporter crashed\); use --backend torch"):
        embed_onnx.cached_graph(files, "onnx", tmp_path)
    assert list((tmp_path / files.model_id).iterdir()) == []


def test_cache_under_a_file_is_one_line_naming_the_variable(
    files: ModelFiles, exports: list[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(ModelError, match=r"cannot write the onnx export .*; set CORROBORATE_MODEL_CACHE$"):
        embed_onnx.cached_graph(files, "onnx", blocker)


def test_cache_folder_follows_the_variable_then_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CORROBORATE_MODEL_CACHE", str(tmp_path / "mine"))
    assert embed_onnx.cache_root() == tmp_path / "mine"
    monkeypatch.delenv("CORROBORATE_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert embed_onnx.cache_root() == tmp_path / "xdg" / "corroborate" / "models"


def test_int8_has_its_own_model_id_and_float_onnx_shares_torchs(files: ModelFiles) -> None:
    assert embed_onnx.backend_model_id(files, "onnx") == files.model_id
    assert embed_onnx.backend_model_id(files, "onnx-int8") == files.model_id + "+int8"


def write_model(folder: Path, modules: list[dict[str, str]], pooling: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "modules.json").write_text(json.dumps(modules))
    if pooling is not None:
        (folder / "1_Pooling").mkdir()
        (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    return folder


TRANSFORMER = {"type": "sentence_transformers.models.Transformer", "path": ""}
POOLING = {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"}


def test_model_with_a_dense_layer_is_refused_for_onnx(tmp_path: Path) -> None:
    dense = {"type": "sentence_transformers.models.Dense", "path": "2_Dense"}
    folder = write_model(tmp_path / "m", [TRANSFORMER, POOLING, dense], {"pooling_mode_mean_tokens": True})
    with pytest.raises(ModelError, match="cannot run a Dense module; use --backend torch"):
        embed_onnx.read_config(folder)


def test_max_pooling_is_refused_for_onnx(tmp_path: Path) -> None:
    folder = write_model(tmp_path / "m", [TRANSFORMER, POOLING], {"pooling_mode_max_tokens": True})
    with pytest.raises(ModelError, match="pools by mean or CLS token only"):
        embed_onnx.read_config(folder)


def test_two_pooling_modes_at_once_are_refused_for_onnx(tmp_path: Path) -> None:
    modes = {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": True}
    folder = write_model(tmp_path / "m", [TRANSFORMER, POOLING], modes)
    with pytest.raises(ModelError, match="pools by mean or CLS token only"):
        embed_onnx.read_config(folder)


def test_pooling_and_limit_come_from_the_models_config(tmp_path: Path) -> None:
    folder = write_model(tmp_path / "m", [TRANSFORMER, POOLING], {"pooling_mode_cls_token": True})
    (folder / "sentence_bert_config.json").write_text('{"max_seq_length": 128}')
    assert embed_onnx.read_config(folder) == ("cls", 128)
    assert embed_onnx.read_config(write_model(tmp_path / "bare", [TRANSFORMER])) == ("mean", 512)


def test_mean_pooling_ignores_padding_tokens() -> None:
    tokens = np.array([[[3.0, 4.0], [3.0, 4.0], [100.0, -100.0]]], dtype=np.float32)
    vectors = embed_onnx.pool(tokens, np.array([[1, 1, 0]]), "mean")
    np.testing.assert_allclose(vectors, [[0.6, 0.8]], rtol=1e-6)
    np.testing.assert_allclose(embed_onnx.pool(tokens, np.array([[1, 1, 1]]), "cls"), [[0.6, 0.8]], rtol=1e-6)


def without_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name, *a))


def test_missing_onnxruntime_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    without_onnxruntime(monkeypatch)
    result = CliRunner().invoke(cli.cli, ["run", str(tmp_path), "--db", str(tmp_path / "c.db"), "--backend", "onnx"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "error: the onnx backends need onnxruntime and onnx: pip install 'corroborate[onnx]'"


def test_missing_onnxruntime_does_not_stop_the_torch_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    without_onnxruntime(monkeypatch)
    chosen: list[tuple[Any, ...]] = []
    monkeypatch.setattr(embed, "make_embedder", lambda *args, **kw: chosen.append((args, kw)) or embed.HashEmbedder())
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("1\ta\tb\tOne text.\tAnother text.\n")
    result = CliRunner().invoke(cli.cli, ["match", "--pairs", str(pairs)])
    assert result.exit_code == 0, result.output
    assert chosen == [((None, "torch"), {})]


def test_unknown_backend_is_refused_by_the_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.cli, ["run", str(tmp_path), "--db", str(tmp_path / "c.db"), "--backend", "tf"])
    assert result.exit_code == 2 and "'tf' is not one of 'torch', 'onnx', 'onnx-int8'" in result.output


def test_backend_variable_chooses_the_backend_of_match(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    chosen: list[Any] = []

    def stop(model: str | None = None, backend: str = "torch") -> Any:
        chosen.append(backend)
        raise ModelError("stopped here")

    monkeypatch.setattr(embed, "make_embedder", stop)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("1\ta\tb\tOne text.\tAnother text.\n")
    env = {"CORROBORATE_BACKEND": "onnx-int8"}
    result = CliRunner().invoke(cli.cli, ["match", "--pairs", str(pairs)], env=env)
    assert result.exit_code == 1 and chosen == ["onnx-int8"]


def test_cli_lists_the_backends_the_embedder_knows() -> None:
    assert cli.BACKENDS == embed_onnx.BACKENDS
    assert tuple(embed_onnx.ID_TAGS) == embed_onnx.BACKENDS[1:]


def test_unknown_backend_is_refused_by_the_library() -> None:
    with pytest.raises(ModelError, match="unknown backend 'tf': choose one of torch, onnx, onnx-int8"):
        embed_onnx.OnnxEmbedder(backend="tf")


# The real model, exported once for the module.

needs_onnx = pytest.mark.skipif(not embed_onnx.available(), reason="the onnx extra is not installed")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("exports")


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return embed.SentenceTransformerEmbedder().embed(SENTENCES)


@pytest.mark.slow
@needs_onnx
def test_onnx_vectors_are_torchs_on_literal_sentences(cache: Path, torch_vectors: np.ndarray) -> None:
    embedder = embed_onnx.OnnxEmbedder(backend="onnx", cache=cache)
    vectors = embedder.embed(SENTENCES)
    assert vectors.dtype == np.float32 and vectors.shape == torch_vectors.shape
    assert (vectors * torch_vectors).sum(axis=1).min() > 0.99999
    assert embedder.model_id == embed.SentenceTransformerEmbedder().model_id  # same vectors, same id
    alone = np.vstack([embedder.embed([text]) for text in SENTENCES])  # batches of one: no padding at all
    np.testing.assert_allclose(alone, vectors, atol=1e-5)


@pytest.mark.slow
@needs_onnx
def test_int8_vectors_stay_close_to_torchs_under_their_own_id(cache: Path, torch_vectors: np.ndarray) -> None:
    embedder = embed_onnx.OnnxEmbedder(backend="onnx-int8", cache=cache)
    agreement = (embedder.embed(SENTENCES) * torch_vectors).sum(axis=1)
    assert agreement.min() > 0.95 and agreement.mean() > 0.97
    assert embedder.model_id.endswith("+int8")


@pytest.mark.slow
@needs_onnx
def test_onnx_loads_offline_from_the_export_without_exporting_again(
    cache: Path, torch_vectors: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    embed_onnx.OnnxEmbedder(backend="onnx", cache=cache)  # the module's export, made if this test runs alone

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("nothing may be exported or fetched when the export is cached")

    monkeypatch.setattr(embed_onnx, "export_graph", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    vectors = embed_onnx.OnnxEmbedder(backend="onnx", cache=cache).embed(SENTENCES[:2])
    assert (vectors * torch_vectors[:2]).sum(axis=1).min() > 0.99999


@pytest.mark.slow
@needs_onnx
def test_run_with_int8_stores_vectors_under_the_int8_id(tmp_path: Path, cache: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Police said two people died in the fire on Monday.\n")
    db = tmp_path / "c.db"
    env = {"CORROBORATE_MODEL_CACHE": str(cache)}
    result = CliRunner().invoke(cli.cli, ["run", str(article), "--db", str(db), "--backend", "onnx-int8"], env=env)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        models = {row[0] for row in conn.execute("select distinct model from embeddings")}
    assert len(models) == 1 and models.pop().endswith("+int8")

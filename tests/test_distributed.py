"""``corroborate run --ray``: extraction and embedding on a local Ray instance give what a local run gives.

Skipped where Ray is not installed (it is an extra: ``pip install 'corroborate[ray]'``); ``make test``
installs it, so CI runs them. The Ray instance is started once for the module, with two CPUs.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corroborate import cli, distributed, pipeline
from corroborate.embed import HashEmbedder
from corroborate.errors import CorroborateError
from corroborate.export.report import build_report
from corroborate.extract import build_nlp
from corroborate.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEEDS_META = SEEDS.parent / "data" / "seeds.toml"

POISON = "This sentence breaks the parser on purpose."


class PoisonedNlp:
    """A spaCy pipeline that fails on one document, as a hostile file makes a worker's parser fail."""

    def __init__(self) -> None:
        self.nlp = build_nlp()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)

    def pipe(self, docs: Any, **kwargs: Any) -> Any:
        for doc in docs:
            if POISON in doc.text:
                raise RuntimeError("parser failed")
            yield from self.nlp.pipe([doc], **kwargs)


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    # The workers cannot import this test module: Ray's pickler sends its classes by value.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield ray
    distributed.disconnect()


def _extractor(nlp: Any = build_nlp, model_id: str = HashEmbedder.model_id) -> distributed.RayExtractor:
    return distributed.RayExtractor(distributed.Loaders(nlp, HashEmbedder), model_id, actors=2, batch=2)


def _seeds_run(path: Path, extractor: distributed.RayExtractor | None) -> pipeline.RunResult:
    store = Store(path)
    try:
        nlp = None if extractor else build_nlp()
        return pipeline.run([str(SEEDS)], store, HashEmbedder(), nlp, meta_file=str(SEEDS_META), extractor=extractor)
    finally:
        store.close()


def _threads_left(before: set[threading.Thread]) -> set[str]:
    """The threads started since ``before`` that still run. A run must leave none of Ray Data's threads
    calling Ray: one that does so at ``ray.shutdown`` ends the process with status 1 and no message. The
    block prefetcher (``Prefetcher``) only parks, and stays."""
    return {t.name for t in set(threading.enumerate()) - before if t.is_alive()}


def _table(path: Path) -> str:
    store = Store(path, write=False)
    try:
        return json.dumps(build_report(store), sort_keys=True, default=str)
    finally:
        store.close()


@pytest.mark.slow
def test_seeds_on_ray_store_exactly_what_a_local_run_stores(ray_instance: Any, tmp_path: Path) -> None:
    before = set(threading.enumerate())
    on_ray = _seeds_run(tmp_path / "ray.db", _extractor())
    assert _threads_left(before) <= {"Prefetcher"}
    local = _seeds_run(tmp_path / "local.db", None)
    assert (on_ray.documents_added, on_ray.claims_added) == (local.documents_added, local.claims_added) == (5, 112)
    assert not on_ray.errors
    assert _table(tmp_path / "ray.db") == _table(tmp_path / "local.db")


@pytest.mark.slow
def test_a_document_that_breaks_a_workers_parser_is_one_error_and_the_rest_are_stored(
    ray_instance: Any, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("The council approved the budget on Monday, officials said.\n")
    (tmp_path / "in" / "bad.txt").write_text(f"{POISON} The mayor resigned.\n")
    store = Store(tmp_path / "c.db")
    result = pipeline.run([str(tmp_path / "in")], store, HashEmbedder(), None, extractor=_extractor(PoisonedNlp))
    assert [(Path(e.path).name, e.reason) for e in result.errors] == [("bad.txt", "extraction failed (RuntimeError)")]
    assert result.documents_added == 1
    assert [Path(d.path).name for d in store.documents().values()] == ["good.txt"]


@pytest.mark.slow
def test_workers_with_another_model_are_refused_before_anything_is_stored(ray_instance: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    before = set(threading.enumerate())
    with pytest.raises(CorroborateError, match="give every node the same model files"):
        pipeline.run([str(SEEDS)], store, HashEmbedder(), None, extractor=_extractor(model_id="another-model"))
    assert store.counts()["documents"] == 0
    assert _threads_left(before) <= {"Prefetcher"}


def test_ray_flag_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(distributed, "available", lambda: False)
    result = CliRunner().invoke(cli.cli, ["run", str(SEEDS), "--db", str(tmp_path / "c.db"), "--ray"])
    assert result.exit_code == 2
    assert "pip install 'corroborate[ray]'" in result.output
    assert not (tmp_path / "c.db").exists()


def test_a_ray_address_nothing_answers_at_fails_at_once_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(CorroborateError, match=rf"cannot reach the Ray cluster at ray://127.0.0.1:{port} \("):
        distributed.reachable(f"ray://127.0.0.1:{port}", timeout=2)


@pytest.mark.parametrize("address", ["nowhere", "ray://host:port", ":10001"])
def test_a_ray_address_without_host_and_port_is_refused(address: str) -> None:
    with pytest.raises(CorroborateError, match="expected HOST:PORT or ray://HOST:PORT"):
        distributed.reachable(address)

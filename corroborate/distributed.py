"""Extraction and embedding on Ray, for corpora past one machine (``pip install 'corroborate[ray]'``).

``corroborate run --ray`` hands the new articles to Ray Data: ``map_batches`` runs them, a batch at a
time, through actors that each load the spaCy pipeline and the embedding model once, on every node of
the Ray cluster the run connects to (a local one by default). The driver stores each document as it
comes back, in its own transaction, in input order; matching, checks and the store then run on the
driver over the one database, exactly as a local run. Ray schedules, retries and moves the data: this
module only says what each batch does.

The actors rebuild the models from ``Loaders``, which the driver pickles: both must find the same
files, so the actors check the model id against the driver's before anything is stored.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from corroborate.errors import CorroborateError
from corroborate.pipeline import Extracted, claim_texts, extracted, with_vectors
from corroborate.records import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from corroborate.embed import Embedder

INSTALL_HINT = "--ray needs Ray: pip install 'corroborate[ray]'"


@dataclass(frozen=True)
class Loaders:
    """How an actor makes its own models: called once per actor, never on the driver."""

    nlp: Callable[[], Language]
    embedder: Callable[[], Embedder]


def default_loaders(spacy_model: str | None = None, model: str | None = None, backend: str = "torch") -> Loaders:
    """The CLI's models, by the names the user gave (``--spacy-model``, ``--model``, ``--backend``)."""
    from corroborate.embed import make_embedder
    from corroborate.extract.pipeline import build_nlp

    embedder = partial(make_embedder, model) if backend == "torch" else partial(make_embedder, model, backend)
    return Loaders(partial(build_nlp, spacy_model), embedder)


class ExtractEmbed:
    """One Ray actor: extracts and embeds a batch of pickled articles with models loaded once."""

    def __init__(self, loaders: Loaders) -> None:
        self.nlp = loaders.nlp()
        self.embedder = loaders.embedder()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        articles: list[Article] = [pickle.loads(b) for b in batch["article"]]
        outcomes = [(a, extracted(a, self.nlp)) for a in articles]
        texts = claim_texts(outcomes)
        vectors = self.embedder.embed(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        out: dict[str, list[Any]] = {"order": list(batch["order"]), "outcome": [], "model_id": []}
        for _, claims, rows in with_vectors(outcomes, vectors):
            out["outcome"].append(pickle.dumps((claims, np.ascontiguousarray(rows, dtype=np.float32))))
            out["model_id"].append(self.embedder.model_id)
        return out


@dataclass(frozen=True)
class RayExtractor:
    """``pipeline.Extractor`` on Ray Data: ``corroborate run --ray``.

    ``address`` is a running Ray cluster's (``ray://host:10001`` or ``auto``); None starts a local
    instance, or uses ``RAY_ADDRESS`` when it is set. ``actors`` is how many model-holding actors run at
    once (default: one per two CPUs of the cluster); ``batch`` is articles per batch.
    """

    loaders: Loaders
    model_id: str
    address: str | None = None
    actors: int | None = None
    batch: int = 16

    def __call__(self, articles: Sequence[Article]) -> Iterator[Extracted]:
        if not articles:
            return
        connect(self.address)
        import ray.data

        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False  # the CLI shows its own
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        rows = [{"order": i, "article": pickle.dumps(a)} for i, a in enumerate(articles)]
        actors = self.actors or max(1, int(ray.cluster_resources().get("CPU", 2)) // 2)
        dataset = ray.data.from_items(rows).map_batches(
            ExtractEmbed,
            fn_constructor_kwargs={"loaders": self.loaders},
            batch_size=self.batch,
            compute=ray.data.ActorPoolStrategy(size=min(actors, -(-len(articles) // self.batch))),
        )
        before = set(threading.enumerate())
        outputs = iter(dataset.iter_rows())
        try:
            for row in outputs:
                if row["model_id"] != self.model_id:
                    raise CorroborateError(
                        f"the Ray workers embed with model {row['model_id']}, this run with {self.model_id}: "
                        "give every node the same model files"
                    )
                claims, vectors = pickle.loads(row["outcome"])
                yield articles[row["order"]], claims, vectors
        finally:
            # Stop the dataset now, not when the garbage collector finds it: Ray Data's threads that feed
            # the iterator would otherwise go on calling Ray, and one that does so after ``ray.shutdown``
            # (at exit, or the caller's) ends the whole process with status 1 and no message.
            outputs.close()  # type: ignore[attr-defined]
            settle(set(threading.enumerate()) - before)


RAY_DATA_THREADS = ("iter_threaded", "StreamingExecutor-", "ray-data-metadata-prefetch")


def settle(threads: set[threading.Thread], timeout: float = 10.0) -> None:
    """Wait, at most ``timeout`` seconds, for the Ray Data threads among ``threads`` to end.

    Ray Data's block prefetcher thread is not among them: it parks on a condition and calls Ray only when
    given blocks, which a closed iterator no longer does.
    """
    deadline = time.monotonic() + timeout
    for thread in threads:
        if thread.name.startswith(RAY_DATA_THREADS):
            thread.join(max(0.0, deadline - time.monotonic()))


def connect(address: str | None) -> Any:
    """Ray, connected: to ``address``, to ``RAY_ADDRESS``, or to a local instance started here."""
    try:
        import ray
    except ImportError:
        raise CorroborateError(INSTALL_HINT) from None
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        if address and address != "auto":
            reachable(address)
        # Ray's own C++ notices (an actor's restart policy, ...) are not the reviewer's business; errors still raise.
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    return ray


def disconnect() -> None:
    """Leave Ray (stopping the local instance ``connect`` started), after collecting the garbage here.

    Ray's objects left to the garbage collector would otherwise be freed by whatever thread collects next,
    possibly after the shutdown, when touching Ray ends the process with status 1.
    """
    import ray

    if ray.is_initialized():
        gc.collect()
        ray.shutdown()


def reachable(address: str, timeout: float = 5.0) -> None:
    """Fail at once on an address nothing answers at: Ray itself waits minutes before it gives up."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise CorroborateError(f"Ray address {address!r}: expected HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as failure:
        raise CorroborateError(f"cannot reach the Ray cluster at {address} ({failure.strerror or failure})") from None


def available() -> bool:
    """Whether Ray is installed (the test suite skips the Ray tests where it is not)."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True

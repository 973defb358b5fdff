"""The whole flow on the seeds with the real model, checked through what is stored."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from corroborate import pipeline
from corroborate.embed import HashEmbedder, SentenceTransformerEmbedder
from corroborate.export import build_report, render
from corroborate.extract import build_nlp
from corroborate.records import Article
from corroborate.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
pytestmark = pytest.mark.slow


def test_seeds_store_five_documents_with_claims_in_every_one(seeds_db: Path) -> None:
    store = Store(seeds_db)
    documents = store.documents()
    assert len(documents) == 5
    for document in documents.values():
        assert len(store.claims(document.id)) >= 5, document.path


def test_every_claim_span_points_into_its_document(seeds_db: Path) -> None:
    store = Store(seeds_db)
    documents = store.documents()
    for claim in store.claims():
        text = documents[claim.document_id].text
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end].strip(), claim


def test_clusters_partition_the_claims_and_support_counts_documents(seeds_db: Path) -> None:
    store = Store(seeds_db)
    claims = {c.id: c for c in store.claims()}
    clusters = store.clusters()
    members = [claim for cluster in clusters for claim in cluster.claims]
    assert sorted(members) == sorted(claims)
    for cluster in clusters:
        documents = {claims[c].document_id for c in cluster.claims}
        assert cluster.support == len(documents)
        assert 1 <= cluster.independent_support <= cluster.support
        assert (cluster.status == "single-source") == (cluster.support == 1)
    assert any(c.support >= 3 for c in clusters), "the Kirby quote is in several seeds"


def test_json_export_follows_the_contract(seeds_db: Path) -> None:
    report = json.loads(render(build_report(Store(seeds_db)), "json"))
    documents = {d["id"]: d for d in report["documents"]}
    for d in report["documents"]:
        assert {"id", "path", "source", "title", "url", "published", "flags"} <= set(d)
        assert d["published"] is None or len(d["published"]) == 10
    for cluster in report["clusters"]:
        assert {"id", "status", "support", "independent_support", "label", "claims", "conflicts"} <= set(cluster)
        assert cluster["status"] in ("corroborated", "repeated", "single-source", "contradicted")
        for claim in cluster["claims"]:
            assert {"id", "document", "text", "sentence", "start", "end"} <= set(claim)
            assert claim["document"] in documents
        for conflict in cluster["conflicts"]:
            assert {"kind", "claims", "detail"} <= set(conflict)
            assert set(conflict["claims"]) <= {c["id"] for c in cluster["claims"]}


def test_adding_one_file_adds_only_that_one(tmp_path: Path, real_embedder: SentenceTransformerEmbedder) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:3]:
        shutil.copy(SEEDS / name, folder / name)
    store = Store(tmp_path / "c.db")
    nlp = build_nlp()
    first = pipeline.run([str(folder)], store, real_embedder, nlp)
    assert first.documents_added == 3
    shutil.copy(SEEDS / "004_c52d7f38339ded0c.txt", folder)
    second = pipeline.run([str(folder)], store, real_embedder, nlp)
    assert (second.documents_read, second.documents_added) == (4, 1)
    assert second.claims_added == len(
        store.claims(next(d.id for d in store.documents().values() if d.path.endswith("004_c52d7f38339ded0c.txt")))
    )


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting every text the model is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += texts
        return super().embed(texts)


def test_a_claim_text_that_copies_repeat_is_embedded_once_per_run(tmp_path: Path) -> None:
    sentence = "The council approved the new budget on Monday, officials said."
    for name in ("wire.txt", "copy.txt", "rewrite.txt"):
        (tmp_path / name).write_text(f"{sentence}\nThe {name[:-4]} desk filed this report.\n")
    embedder = CountingEmbedder()
    store = Store(tmp_path / "c.db")
    result = pipeline.run([str(tmp_path)], store, embedder, build_nlp())
    texts = [c.text for c in store.claims()]
    assert result.claims_added == len(texts) > len(set(texts))  # the repeated sentence is stored once per document
    assert sorted(embedder.texts) == sorted(set(texts))  # but embedded once
    ids = [c.id for c in store.claims()]
    stored = store.vectors(ids, embedder.model_id)
    assert np.allclose(stored, HashEmbedder().embed(texts))


def test_a_store_error_closes_the_extractor_before_it_goes_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An extractor's workers (``--ray``) must stop when the run does, not when the garbage collector
    # finds the generator: the error's traceback would otherwise keep it running.
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"The council approved the {name[0]} budget on Monday, officials said.\n")
    nlp, embedder, closed = build_nlp(), HashEmbedder(), []

    def extractor(articles: Sequence[Article]) -> Iterator[pipeline.Extracted]:
        try:
            for article in articles:
                outcome = [(article, pipeline.extracted(article, nlp))]
                yield from pipeline.with_vectors(outcome, embedder.embed(pipeline.claim_texts(outcome)))
        finally:
            closed.append(True)

    store = Store(tmp_path / "c.db")
    add = store.add_document
    calls = []

    def add_then_fail(*args: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        add(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "add_document", add_then_fail)
    with pytest.raises(sqlite3.OperationalError) as raised:
        pipeline.run([str(tmp_path)], store, embedder, None, extractor=extractor)
    # ``raised`` holds the traceback, and with it the run's frames: only an explicit close has run the finally
    assert closed == [True] and raised.tb is not None
    assert [Path(d.path).name for d in store.documents().values()] == ["a.txt"]


def test_worker_processes_extract_the_same_claims_as_the_run_itself(tmp_path: Path) -> None:
    # ``--workers``: each worker process loads the spaCy pipeline and extracts whole articles; the claims,
    # their order and their vectors are those of an extraction in the run's own process.
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))[:3]
    for path in seeds:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "empty.txt").write_text("Share this story.\n")  # no claim: stored with a warning either way
    here, there = Store(tmp_path / "here.db"), Store(tmp_path / "there.db")
    a = pipeline.run([str(tmp_path)], here, HashEmbedder(), build_nlp())
    b = pipeline.run([str(tmp_path)], there, HashEmbedder(), build_nlp(), workers=2)
    assert (a.documents_added, a.claims_added) == (b.documents_added, b.claims_added) == (4, a.claims_added)
    assert a.claims_added > 40 and [str(w) for w in a.warnings] == [str(w) for w in b.warnings]
    assert [(c.id, c.text, c.attribution) for c in here.claims()] == [
        (c.id, c.text, c.attribution) for c in there.claims()
    ]
    ids = [c.id for c in here.claims()]
    assert np.array_equal(here.vectors(ids, HashEmbedder.model_id), there.vectors(ids, HashEmbedder.model_id))
    assert sorted(c.claims for c in here.clusters()) == sorted(c.claims for c in there.clusters())


def test_a_worker_process_that_stops_is_one_error_and_what_was_stored_stays(tmp_path: Path) -> None:
    # A worker that cannot load its pipeline (or is killed for memory) breaks the pool: the run says so in
    # one message, keeps the documents it stored, and a run without workers finishes the batch.
    shutil.copy(sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))[0], tmp_path / "a.txt")
    store = Store(tmp_path / "c.db")
    with pytest.raises(pipeline.WorkerError, match="a worker process stopped before its articles were extracted"):
        pipeline.run([str(tmp_path)], store, HashEmbedder(), None, workers=1, spacy_model="no_such_pipeline")
    assert store.documents() == {}
    done = pipeline.run([str(tmp_path)], store, HashEmbedder(), build_nlp())
    assert done.documents_added == 1 and done.claims_added > 0

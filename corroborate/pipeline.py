"""Wires the stages together. The flow, in order:

1. ingest    paths -> Article (formats, metadata, junk lines), one error per bad file
2. extract   Article -> Claim (atomic claims with speaker, polarity, numbers, dates, spans);
             a document with no claim is stored with a warning
3. embed     Claim -> vector (only for documents not stored yet)
4. store     each new document with its claims and vectors, in its own transaction
   (stored claims with no vector under this model's id get one: a database from an older id or
   another --model is re-embedded once rather than refused)
5. cluster   every stored claim -> Cluster (stored vectors, reviewers' constraints)
6. checks    Cluster -> Conflict, and the cluster status
7. store     the new clustering, swapped in as one transaction

Re-running on the same files stores nothing twice: ids are content hashes.
"""

from __future__ import annotations

import gc
import hashlib
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

import numpy as np

from corroborate import checks, ingest, lineage
from corroborate.cluster import Clock, Clustering, cluster_claims, make_cluster, untimed
from corroborate.config import CLUSTERING_RULES, DEFAULT_MATCH, MatchConfig
from corroborate.constraints import constraints
from corroborate.embed import CachedEmbedder, Embedder, vector_key
from corroborate.errors import CorroborateError, InputError
from corroborate.known import KNOWN_COSINE, mark_known
from corroborate.match import features, field_checks, vetoes, whole_features
from corroborate.records import (
    Article,
    Claim,
    Cluster,
    KnownClaim,
    Suggestion,
    TextReadings,
    claim_documents,
    claim_ids,
    claims_at,
)
from corroborate.store import Store

if TYPE_CHECKING:  # spaCy (and the torch it pulls in) loads only when extraction runs
    from spacy.language import Language

Progress = Callable[[str, int, int], None]  # (stage, done, total)
RULES_KEY = "clustering_rules"  # the setting that holds the CLUSTERING_RULES the stored clusters were made under


class StageClock:
    """Seconds per stage of a run, summed over its pieces, and the process's peak memory after each.

    Pass one as ``clock`` to ``run`` or ``recluster`` (the benchmarks do); the default times nothing.
    Peak memory is ``ru_maxrss``, the process's high-water mark so far, so it only ever grows.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_mib: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
            self.peak_mib[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class RunResult:
    run_id: int
    documents_read: int = 0
    documents_added: int = 0
    claims_added: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)  # skipped formats, documents with no claim
    seconds: float = 0.0
    known_marked: int = 0  # stored claims that repeat a checked claim of the --known pool
    reembedded: int = 0  # stored claims given a vector under this model's id
    reclustered: bool = False  # stored clusters were set aside and every claim clustered from scratch


def run(
    paths: Sequence[str],
    store: Store,
    embedder: Embedder,
    nlp: Language | None,
    *,
    meta_file: str | None = None,
    config: MatchConfig = DEFAULT_MATCH,
    progress: Progress | None = None,
    known: KnownPool | None = None,
    limits: ingest.Limits = ingest.DEFAULT_LIMITS,
    clock: Clock = untimed,
    from_scratch: bool = False,
    extractor: Extractor | None = None,
    workers: int = 0,
    spacy_model: str | None = None,
) -> RunResult:
    """Read, extract, embed and store new articles, then cluster and check.

    Stored clusters keep their claims and ids and only new claims are matched, unless ``from_scratch``
    or the database was last clustered under other rules (``config.CLUSTERING_RULES``). An ``extractor``
    extracts and embeds elsewhere (``corroborate.distributed``); without one, ``nlp`` extracts here, or
    with ``workers`` that many worker processes on this machine, each with its own ``spacy_model``.
    """
    started = time.perf_counter()
    skipped: list[InputError] = []
    with clock("ingest"):
        articles, errors = ingest.read_batch(paths, meta_file, limits, skipped)
    result = RunResult(run_id=store.start_run(paths, embedder.model_id), documents_read=len(articles))
    result.errors.extend(errors)
    result.warnings.extend(skipped)
    with store.closing_run(result.run_id):
        with clock("ingest"):
            new = _new_articles(articles, store)
        if extractor is not None:
            outcomes = extractor(new)
        else:
            if workers > 0:
                chunks = _extracted_in_workers(new, spacy_model, workers, clock)
            elif nlp is not None:
                chunks = _batches(new, (extracted(a, nlp) for a in new), clock)
            else:
                raise ValueError("run needs a spaCy pipeline or an extractor")
            outcomes = _embedded(chunks, embedder, clock, stored=store.vectors_by_key)
        _store_extracted(outcomes, store, embedder.model_id, result, progress, len(new), clock)
        with clock("embed"):
            result.reembedded = embed_stored(store, embedder, progress)
        result.reclustered = from_scratch or stale_rules(store)
        recluster(store, embedder.model_id, config, result.run_id, clock, from_scratch=result.reclustered)
        if known is not None:
            result.known_marked = mark_stored(store, embedder.model_id, known)
        errors_seen = [str(e) for e in result.errors]
        store.finish_run(result.run_id, result.documents_added, result.claims_added, errors_seen)
    result.seconds = time.perf_counter() - started
    return result


Outcome = tuple[Article, "list[Claim] | str"]  # an article's claims, or why extraction failed (``extracted``)
Extracted = tuple[Article, "list[Claim] | str", np.ndarray]  # the same, with the claims' vectors


class Extractor(Protocol):
    """Extraction and embedding done elsewhere: per article, in the order given, what ``extracted`` gives and
    the claims' vectors, under the model id the run's embedder has."""

    def __call__(self, articles: Sequence[Article]) -> Iterator[Extracted]: ...


def _store_extracted(
    outcomes: Iterator[Extracted],
    store: Store,
    model_id: str,
    result: RunResult,
    progress: Progress | None,
    total: int,
    clock: Clock = untimed,
) -> None:
    """Store each extracted document in its own transaction, as it arrives.

    ``outcomes`` is closed before any error goes up, so an extractor's own workers (``--ray``) stop here
    rather than when the garbage collector finds it.
    """
    try:
        for done, (article, claims, vectors) in enumerate(outcomes, 1):
            if isinstance(claims, str):
                result.errors.append(InputError(article.path, claims))
            else:
                if not claims:
                    result.warnings.append(InputError(article.path, NO_CLAIMS))
                with clock("store"):
                    store.add_document(article, claims, vectors, model_id)
                result.documents_added += 1
                result.claims_added += len(claims)
            if progress:
                progress("extract", done, total)
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True)
class KnownPool:
    """A fact-check archive to mark stored claims against: its name, claims and their vectors."""

    name: str
    claims: Sequence[KnownClaim]
    vectors: np.ndarray
    threshold: float = KNOWN_COSINE


def mark_stored(store: Store, model_id: str, known: KnownPool) -> int:
    """Mark every stored claim that repeats a claim of the pool; the pool's old marks are replaced."""
    claims = {c.id: c for c in store.claims()}
    ids = list(claims)
    marks = mark_known(ids, store.vectors(ids, model_id), known.claims, known.vectors, known.threshold)
    marks = [m for m in marks if _compatible(claims[m.claim_id], m.text)]
    store.replace_known_marks(known.name, marks)
    return len(marks)


def _compatible(claim: Claim, checked: str) -> bool:
    """Close in meaning is not enough: "wounded dozens" does not repeat a check of "killed three"."""
    checks = field_checks(features(claim), whole_features(checked))
    return not vetoes(checks) and checks.get("role") != "differ"


def extract_claims(article: Article, nlp: Language) -> list[Claim]:
    """The extraction stage, imported on first use: importing the pipeline stays free of spaCy."""
    from corroborate.extract import extract_claims as extract

    return extract(article, nlp)


def _new_articles(articles: Sequence[Article], store: Store) -> list[Article]:
    seen: set[str] = set()
    new = []
    for article in articles:
        if article.id not in seen and not store.has_document(article.id):
            new.append(article)
        seen.add(article.id)
    return new


NO_CLAIMS = "0 claims extracted (stored all the same)"


def extracted(article: Article, nlp: Language) -> list[Claim] | str:
    """The article's claims, or why extraction failed: one hostile document must not stop the batch."""
    try:
        return extract_claims(article, nlp)
    except CorroborateError as error:
        return f"extraction failed ({error})"
    except Exception as error:
        return f"extraction failed ({type(error).__name__})"


BATCH = 32  # documents extracted, then embedded, at a time


def _batches(
    articles: Sequence[Article], results: Iterator[list[Claim] | str], clock: Clock = untimed
) -> Iterator[list[Outcome]]:
    """The articles with their extraction ``results`` (one each, in order), ``BATCH`` at a time. Only the
    extraction is timed as such, not what the caller does with a batch before it asks for the next."""
    for first in range(0, len(articles), BATCH):
        with clock("extract"):
            chunk = [(a, next(results)) for a in articles[first : first + BATCH]]
        yield chunk


def _extracted_in_workers(
    articles: Sequence[Article], spacy_model: str | None, workers: int, clock: Clock = untimed
) -> Iterator[list[Outcome]]:
    """The articles' outcomes, ``BATCH`` at a time and in order, extracted by ``workers`` processes of the
    standard library's pool, each loading the spaCy pipeline once: for machines with cores the encoder
    leaves free. The processes are started fresh ("spawn"), not forked from a process that holds the models."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    if not articles:
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=_load_worker, initargs=(spacy_model,)
    )
    try:
        yield from _batches(articles, pool.map(_extract_in_worker, articles, chunksize=2), clock)
    except BrokenProcessPool:
        raise WorkerError(
            "a worker process stopped before its articles were extracted (a spaCy pipeline it could not "
            f"load, or out of memory: {workers} workers take about 350 MB each); the documents stored "
            "before stay stored: run again with fewer --workers or none"
        ) from None
    finally:  # a run that ends early (an error, Ctrl-C) does not wait for the articles no worker has started
        pool.shutdown(wait=True, cancel_futures=True)


class WorkerError(CorroborateError):
    """A worker process of ``run --workers`` stopped before its articles were extracted."""


_WORKER_NLP: list[Language] = []  # the spaCy pipeline of a worker process, loaded by ``_load_worker``


def _load_worker(spacy_model: str | None) -> None:
    import signal

    from corroborate.extract import build_nlp

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle: it stops the pool
    _WORKER_NLP.append(build_nlp(spacy_model))


def _extract_in_worker(article: Article) -> list[Claim] | str:
    return extracted(article, _WORKER_NLP[0])


def _embedded(
    chunks: Iterator[list[Outcome]],
    embedder: Embedder,
    clock: Clock = untimed,
    stored: Callable[[Sequence[str]], dict[str, np.ndarray]] | None = None,
) -> Iterator[Extracted]:
    """Each chunk's documents with their claims' vectors, the embedding of one chunk overlapping the
    extraction of the next (the model runs in a worker thread; torch releases the interpreter while it
    computes). Each document comes out in order, to be stored from the caller's thread.

    A claim text this run embedded already, or one ``stored`` has a vector for (by ``embed.vector_key``: an
    earlier run's wire copy or rewrite), is not embedded again."""
    known = RunVectors()
    embedder = CachedEmbedder(embedder, known)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as worker:
            pending: tuple[list[Outcome], Future[np.ndarray]] | None = None
            for chunk in chunks:
                if stored is not None:  # looked up here, in the thread that owns the store's connection
                    keys = [vector_key(embedder.model_id, text) for text in claim_texts(chunk)]
                    known.put(stored([k for k in dict.fromkeys(keys) if k not in known.vectors]), embedder.model_id)
                if pending:
                    yield from with_vectors(pending[0], pending[1].result())
                pending = chunk, worker.submit(_embed_chunk, chunk, embedder, clock)
            if pending:
                yield from with_vectors(pending[0], pending[1].result())
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()  # a pool of worker processes stops here, not when the garbage collector finds it


def _embed_chunk(chunk: Sequence[Outcome], embedder: Embedder, clock: Clock) -> np.ndarray:
    with clock("embed"):
        return embedder.embed(claim_texts(chunk))


def claim_texts(outcomes: Sequence[Outcome]) -> list[str]:
    """The texts of the claims extracted, in order (an article whose extraction failed has none)."""
    return [c.text for _, claims in outcomes if not isinstance(claims, str) for c in claims]


def with_vectors(outcomes: Sequence[Outcome], vectors: np.ndarray) -> Iterator[Extracted]:
    """Each outcome with its own rows of ``vectors``, the vectors of ``claim_texts(outcomes)``."""
    offset = 0
    for article, claims in outcomes:
        count = 0 if isinstance(claims, str) else len(claims)
        yield article, claims, vectors[offset : offset + count]
        offset += count


class RunVectors:
    """``embed.VectorLookup`` in memory for one run: a claim text that wire copies and rewrites repeat is
    embedded once (5 to 8% of the claims of an ECB+ topic). Holds at most ``limit`` vectors."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self.vectors: dict[str, np.ndarray] = {}

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {k: self.vectors[k] for k in keys if k in self.vectors}

    def put(self, vectors: Mapping[str, np.ndarray], model: str) -> None:
        room = self.limit - len(self.vectors)
        self.vectors.update(list(vectors.items())[: max(room, 0)])


def embed_stored(store: Store, embedder: Embedder, progress: Progress | None = None, batch: int = 256) -> int:
    """Give every stored claim a vector under ``embedder.model_id``; how many needed one.

    Vectors are stored per model id, and the id names the model's files: after an upgrade that changed
    the id, or with another --model, the stored claims are embedded again instead of mixing two models.
    """
    stale = store.claims_without_vectors(embedder.model_id)
    for first in range(0, len(stale), batch):
        chunk = stale[first : first + batch]
        store.add_vectors(chunk, embedder.embed([c.text for c in chunk]), embedder.model_id)
        if progress:
            progress("re-embed", first + len(chunk), len(stale))
    return len(stale)


def stale_rules(store: Store) -> bool:
    """The stored clusters were made under other clustering rules than this version's."""
    return store.settings().get(RULES_KEY) != CLUSTERING_RULES and store.counts()["clusters"] > 0


def recluster(
    store: Store,
    model_id: str,
    config: MatchConfig = DEFAULT_MATCH,
    run_id: int = 0,
    clock: Clock = untimed,
    from_scratch: bool = False,
) -> list[Cluster]:
    """Cluster every stored claim, check the clusters that changed, and store the result; returns those.

    The clustering is computed from one snapshot, outside any lock; if another run stored claims or a
    reviewer decided meanwhile, it is computed again holding the write lock, so no run's batch is left
    out of the clustering that stays.
    """
    with store.snapshot(), cycles_uncollected():
        seen = store.fingerprint()
        done = _clustering(store, model_id, config, clock, from_scratch)
    with store.writing(), cycles_uncollected():
        if store.fingerprint() != seen:
            done = _clustering(store, model_id, config, clock, from_scratch)
        clusters, kept, suggestions, documents, readings, keep_vectors = done
        with clock("store"):
            store.update_documents(documents.values())
            store.replace_clusters(clusters, suggestions, run_id, kept)
            store.save_text_readings(*readings)
            keep_vectors()
            if store.settings().get(RULES_KEY) != CLUSTERING_RULES:
                store.put_settings({RULES_KEY: CLUSTERING_RULES}, "the clustering rules of the stored clusters")
    return clusters


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """Python's cycle collector paused: loading a large store makes millions of objects, none of them in a
    cycle, and each full collection walks them all again (a fifth of an incremental run on 100k claims).
    Reference counting still frees everything; the collector resumes, as it was, on the way out."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# changed clusters, ids of those kept as stored, suggestions, documents, readings (after, before), keep the vector file
_Done = tuple[
    list[Cluster],
    set[str],
    list[Suggestion],
    Mapping[str, Article],
    tuple[TextReadings, TextReadings],
    Callable[[], None],
]


def _clustering(
    store: Store, model_id: str, config: MatchConfig, clock: Clock = untimed, from_scratch: bool = False
) -> _Done:
    """The checked clusters that changed, the ids of the stored clusters that stay as they are, suggestions and
    lineage-updated documents of every stored claim, what was read off the texts (after, before: the stored
    readings, of which only new texts were read again), and what keeps the vector file complete (to call
    holding the write lock)."""
    with clock("load"):
        documents = store.documents()
        claims = store.claim_table()
        vectors, keep_vectors = store.claim_vectors(claims.ids, model_id)
        must, cannot = constraints(store.standing_annotations())
        previous = {} if from_scratch else store.previous_clusters()
        stored = store.text_readings(under=_found_under(model_id, config))
    clustering = cluster_claims(
        claims,
        vectors,
        documents,
        config,
        must_link=must,
        cannot_link=cannot,
        previous=previous,
        clock=clock,
        readings=stored,
        settle=True,
    )
    with clock("checks"):
        before = _Before(documents, claims, previous, [*must, *cannot], clustering)
        return (
            *_checked_all(store, clustering, claims, vectors, cannot, before),
            (clustering.readings, stored),
            keep_vectors,
        )


def _found_under(model_id: str, config: MatchConfig) -> str:
    """What derived pairs kept between runs depend on besides the documents: the vectors' model, the settings
    and the clustering rules (a version that judges pairs otherwise bumps them)."""
    return hashlib.sha256(f"{model_id} {config!r} {CLUSTERING_RULES}".encode()).hexdigest()[:16]


class _Before:
    """What the stored clustering's checks read: a cluster whose inputs are all unchanged stays as stored.

    A cluster's findings depend on its claims and, for each member document, its lineage (flags, origin,
    original) and its reference date. Those of the stored clustering are rebuilt from the stored
    documents (their flags are still the last run's) and the claims it held; a cluster that holds the same
    claims under the same id and whose inputs all compare equal is the stored cluster exactly (support,
    independent support, label and status derive from the same inputs), so it is neither checked, nor
    read, nor written. Claims named in a reviewer's constraint always rerun: a reviewer's edit checks its
    clusters with other reference dates.
    """

    def __init__(
        self,
        documents: Mapping[str, Article],
        claims: Sequence[Claim],
        previous: Mapping[str, str],
        constrained: Sequence[tuple[str, str]],
        clustering: Clustering,
    ) -> None:
        self.touched = {claim for pair in constrained for claim in pair}
        self.same = set(self._same_claims(clustering, previous)) if previous else set()
        ids, docs = claim_ids(claims), claim_documents(claims)
        fresh = {d for claim, d in zip(ids, docs, strict=True) if claim not in previous}
        old_docs = {d: a for d, a in documents.items() if d not in fresh}
        old_claims = claims_at(claims, [i for i, claim in enumerate(ids) if claim in previous])
        self.inputs = _document_inputs(old_docs, _reference(old_docs, old_claims))

    def _same_claims(self, clustering: Clustering, previous: Mapping[str, str]) -> list[str]:
        """Ids of the clusters that hold exactly the claims the stored cluster of that id held, none constrained:
        the only ones that may stay as stored. A settled group holds exactly the stored cluster's kept claims
        (none constrained), so it is that cluster when none of its claims was set aside for a constraint."""
        sizes = Counter(previous.values())
        return [
            c.id
            for c in clustering.clusters
            if sizes[c.id] == len(c.claims)
            and all(previous.get(claim) == c.id for claim in c.claims)
            and not self.touched.intersection(c.claims)
        ] + [cid for cid, rows in clustering.settled.items() if sizes[cid] == len(rows)]

    def moved(self, inputs: Mapping[str, tuple[object, ...]]) -> set[str]:
        """The documents whose inputs are not as they were (new ones among them)."""
        return {d for d, now in inputs.items() if self.inputs.get(d, _NONE) != now}

    def unchanged(self, cid: str, moved: set[_T], members: Iterable[_T]) -> bool:
        """Whether the cluster is the stored one, its claims and their documents' inputs all as they were:
        none of its ``members`` (its documents, or its claims' rows) is among those ``moved``."""
        return cid in self.same and moved.isdisjoint(members)


_NONE = object()  # no stored inputs: never equal to a document's
_T = TypeVar("_T")


def _reference(documents: Mapping[str, Article], claims: Sequence[Claim]) -> dict[str, str]:
    return {d: date for d, (date, _) in checks.infer_reference_dates(documents, claims).items()}


def _document_inputs(documents: Mapping[str, Article], reference: Mapping[str, str]) -> dict[str, tuple[object, ...]]:
    """Per document, what a check reads of it besides its claims: lineage, original and reference date."""
    roots = lineage.roots(documents)
    return {d: (a.flags, a.origin, roots.get(d, d), reference.get(d)) for d, a in documents.items()}


def _checked_all(
    store: Store,
    clustering: Clustering,
    claims: Sequence[Claim],
    vectors: np.ndarray,
    cannot: Sequence[tuple[str, str]],
    before: _Before,
) -> tuple[list[Cluster], set[str], list[Suggestion], Mapping[str, Article]]:
    """The clusters that changed, checked, and the ids of those that stay as stored (``_Before.unchanged``).

    A settled group (``Clustering.settled``) gets its record only when it does not stay as stored."""
    documents = clustering.documents
    reference = _reference(documents, claims)
    moved = before.moved(_document_inputs(documents, reference))
    row_of = {claim: i for i, claim in enumerate(claim_ids(claims))}
    changed, kept = [], set()
    for cluster in clustering.clusters:
        members = [claims[row_of[i]] for i in cluster.claims]
        if before.unchanged(cluster.id, moved, (m.document_id for m in members)):
            kept.add(cluster.id)
        else:
            changed.append(checks.checked(cluster, members, documents, reference))
    # A settled group's documents are looked at only where some document moved: rows, not ids, per group.
    moved_rows = {i for i, d in enumerate(claim_documents(claims)) if d in moved} if moved else set()
    roots: dict[str, str] = {}
    for cid, rows in clustering.settled.items():
        if before.unchanged(cid, moved_rows, rows):
            kept.add(cid)
            continue
        roots = roots or lineage.roots(documents)
        cluster = make_cluster(cid, rows, claims, vectors, roots)
        changed.append(checks.checked(cluster, [claims[i] for i in rows], documents, reference))
    stored = store.suggestions()  # every claim's cluster is looked up only when some suggestion waits
    suggestions = _kept_suggestions(stored, _cluster_of(clustering, claims), cannot) if stored else []
    return changed, kept, _unique(suggestions + clustering.suggestions), documents


def _cluster_of(clustering: Clustering, claims: Sequence[Claim]) -> dict[str, str]:
    """Claim id -> its cluster's id, for every claim."""
    out = {claim: c.id for c in clustering.clusters for claim in c.claims}
    ids = claim_ids(claims)
    out.update((ids[i], cid) for cid, rows in clustering.settled.items() for i in rows)
    return out


def _kept_suggestions(
    stored: Sequence[Suggestion], cluster_of: Mapping[str, str], cannot: Sequence[tuple[str, str]]
) -> list[Suggestion]:
    """Stored suggestions still waiting: an incremental run only suggests pairs with new claims."""
    refused = {frozenset(pair) for pair in cannot}
    return [
        s
        for s in stored
        if s.claim_a in cluster_of
        and s.claim_b in cluster_of
        and cluster_of[s.claim_a] != cluster_of[s.claim_b]
        and frozenset((s.claim_a, s.claim_b)) not in refused
    ]


def _unique(suggestions: Sequence[Suggestion]) -> list[Suggestion]:
    seen: dict[frozenset[str], Suggestion] = {}
    for s in suggestions:
        seen.setdefault(frozenset((s.claim_a, s.claim_b)), s)
    return list(seen.values())

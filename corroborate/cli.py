"""Thin click shell over the library: parses options, prints, and turns errors into one-line messages."""

from __future__ import annotations

import getpass
import json
import os
import re
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corroborate.errors import CorroborateError

DEFAULT_DB = "data/corroborate.db"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar="CORROBORATE_DB",
    show_default=True,
    show_envvar=True,
    type=click.Path(dir_okay=False),
    help="SQLite database file.",
)
# embed_onnx.BACKENDS, spelled here so that --help does not import numpy (a test holds the two equal).
BACKENDS = ("torch", "onnx", "onnx-int8")
backend_option = click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="torch",
    envvar="CORROBORATE_BACKEND",
    show_default=True,
    show_envvar=True,
    help="Where the embedding model runs: torch, or ONNX Runtime in float32 (same vectors) or int8 weights "
    "(pip install 'corroborate[onnx]'; exported once from the checked model into CORROBORATE_MODEL_CACHE).",
)


@click.group(context_settings=CONTEXT)
@click.version_option(version("corroborate"), "--version", prog_name="corroborate")
def cli() -> None:
    """Break news articles into atomic claims, match them across sources, and review
    which claims are corroborated, single-source or contradicted.

    \b
    Example:
        corroborate run seeds/
        corroborate review
        corroborate export --format md -o table.md
    """


# Characters that would break a line or reorder it on screen (a file name may hold any of them).
# Undecodable bytes of a file name come as lone surrogates, which no terminal can print.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ud800-\udfff\ufeff]")


def one_line(text: str) -> str:
    """The text with line breaks, control and bidi characters escaped as Python writes them."""
    return UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\r\t":
        return repr(char)[1:-1]
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


def escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def error(message: object, label: str = "[red]error:[/]") -> None:
    """One line on stderr, never wrapped, so it can be grepped and pasted."""
    from rich.markup import escape

    err.print(f"{label} {escape(one_line(str(message)))}", soft_wrap=True)


def warning(message: object) -> None:
    error(message, "[yellow]warning:[/]")


@contextmanager
def errors_as_messages(db_path: str | None = None) -> Iterator[None]:
    try:
        yield
    except CorroborateError as failure:
        error(failure)
        sys.exit(1)
    except sqlite3.Error as failure:  # a database fault after opening: disk full, a table dropped meanwhile
        from corroborate.store import describe

        error(describe(db_path or "database", failure, _db_timeout()))
        sys.exit(1)


@contextmanager
def interrupts_as_messages() -> Iterator[None]:
    """Ctrl-C and SIGTERM end a run cleanly: its row says 'interrupted' and what was stored stays."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt:
        error("interrupted; the documents stored before stay stored, run again to finish")
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _db_timeout() -> float:
    """Seconds a write waits for another run on the same database (CORROBORATE_DB_TIMEOUT)."""
    from corroborate.store import BUSY_TIMEOUT

    try:
        return float(os.environ.get("CORROBORATE_DB_TIMEOUT", BUSY_TIMEOUT))
    except ValueError:
        return BUSY_TIMEOUT


def open_store(db_path: str, must_exist: bool = False, write: bool = True) -> Any:
    """The store, checked (ours, schema known, writable unless ``write=False``) before any model loads."""
    from corroborate.store import Store

    if must_exist and not Path(db_path).exists():
        error(f"{db_path}: no database here; run `corroborate run PATH...` first")
        sys.exit(1)
    return Store(db_path, write=write, timeout=_db_timeout())


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--meta", "meta_file", type=click.Path(dir_okay=False), help="CSV or TOML file of article metadata.")
@click.option("--model", help="Directory of a local sentence-transformers model (default: all-MiniLM-L6-v2).")
@click.option("--spacy-model", help="Name or path of an installed trained spaCy pipeline to use its parser.")
@click.option(
    "--known",
    "known_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Claims already checked (JSONL or ClaimReview): mark stored claims that repeat one.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=20_000_000,
    show_default=True,
    help="Larger files are refused before they are read.",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symbolic links found in folders when they lead to a place inside the folders given.",
)
@click.option(
    "--recluster",
    is_flag=True,
    help="Cluster every stored claim again from scratch (reviewers' decisions still hold). "
    "Done by itself once after an upgrade that changed the clustering rules.",
)
@click.option(
    "--ray",
    "use_ray",
    is_flag=True,
    help="Extract and embed on Ray (pip install 'corroborate[ray]'): a local instance, or the cluster "
    "of --ray-address or RAY_ADDRESS. Matching and the store stay on this machine.",
)
@click.option("--ray-address", help="Address of a running Ray cluster (ray://HOST:10001, or auto); implies --ray.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Extract in this many worker processes on this machine, each loading the spaCy pipeline "
    "(about 350 MB each): for machines with cores the encoder leaves free. 0: in this process.",
)
@backend_option
def run(
    paths: tuple[str, ...],
    db_path: str,
    meta_file: str | None,
    model: str | None,
    spacy_model: str | None,
    known_file: str | None,
    max_bytes: int,
    follow_symlinks: bool,
    recluster: bool,
    use_ray: bool,
    ray_address: str | None,
    workers: int,
    backend: str,
) -> None:
    """Read articles, extract claims, match them across sources, check conflicts, store.

    PATHS are files or folders of .txt, .md, .html and .jsonl articles. Files
    already stored are skipped; a bad file is reported and the rest still run
    (exit status 1). Links inside folders are not followed unless
    --follow-symlinks; hidden files are passed over; other formats are skipped
    with a warning. With --known, every stored claim that repeats a claim of
    that fact-check archive is marked with the checked claim and its fields.

    \b
    Example:
        corroborate run seeds/ --meta data/seeds.toml
        corroborate run articles.jsonl --db data/ecb.db
        corroborate run seeds/ --known checked.jsonl
        corroborate run feeds/ --ray-address ray://head:10001
        corroborate run feeds/ --workers 6
    """
    use_ray = use_ray or ray_address is not None
    if use_ray and workers:
        raise click.UsageError("--workers extracts on this machine, --ray on Ray: choose one")
    if use_ray:
        from corroborate.distributed import INSTALL_HINT, available

        if not available():
            raise click.UsageError(INSTALL_HINT)
    started = time.perf_counter()
    with errors_as_messages(db_path), interrupts_as_messages():
        # The spinner starts before the heavy imports (torch, spaCy): the first seconds are not silent.
        with err.status("Opening the database…") as status:
            store = open_store(db_path)
            status.update("Loading models…")
            from corroborate import pipeline
            from corroborate.embed import make_embedder
            from corroborate.extract import build_nlp
            from corroborate.ingest import Limits

            limits = Limits(max_bytes=max_bytes, follow_symlinks=follow_symlinks)
            if use_ray:  # before the models: a cluster that does not answer is said at once
                from corroborate.distributed import connect

                status.update("Connecting to Ray…")
                connect(ray_address)
                status.update("Loading models…")
            embedder = make_embedder(model, backend)
            nlp = None if use_ray else build_nlp(spacy_model)
            extractor = _ray_extractor(spacy_model, model, embedder.model_id, ray_address, backend) if use_ray else None
        loading = time.perf_counter() - started
        try:
            with _progress() as progress:
                known = _known_pool(known_file, embedder, progress) if known_file else None
                result = pipeline.run(
                    paths,
                    store,
                    embedder,
                    nlp,
                    meta_file=meta_file,
                    progress=progress,
                    known=known,
                    limits=limits,
                    config=_match_config(store),
                    from_scratch=recluster,
                    extractor=extractor,
                    workers=workers,
                    spacy_model=spacy_model,
                )
        finally:
            if use_ray:
                from corroborate.distributed import disconnect

                disconnect()
        for notice in result.warnings:
            warning(notice)
        for failure in result.errors:
            error(failure)
        _print_summary(store, result, loading)
    sys.exit(1 if result.errors else 0)


def _ray_extractor(
    spacy_model: str | None, model: str | None, model_id: str, address: str | None, backend: str = "torch"
) -> Any:
    """Extraction and embedding on Ray's actors, which load the models this run names."""
    from corroborate.distributed import RayExtractor, default_loaders

    return RayExtractor(default_loaders(spacy_model, model, backend), model_id, address)


def _known_pool(path: str, embedder: Any, progress: Callable[[str, int, int], None]) -> Any:
    """The --known archive with its vectors, from the cache beside it where they were embedded before."""
    from corroborate.ingest.known import read_known
    from corroborate.known import embed_known
    from corroborate.pipeline import KnownPool

    claims, failures = read_known(path)
    for failure in failures:
        error(failure)
    with _pool_embedder(embedder, f"{path}.vectors.db") as pooled:
        vectors = embed_known(claims, pooled, progress)
    return KnownPool(Path(path).name, claims, vectors)


@contextmanager
def _pool_embedder(embedder: Any, cache_path: str) -> Iterator[Any]:
    """The embedder with a pool's vector cache: a pool is embedded once, whichever command reads it."""
    from corroborate.embed import CachedEmbedder
    from corroborate.store import VectorCache

    cache = VectorCache(cache_path)
    try:
        yield CachedEmbedder(embedder, cache)
    finally:
        cache.close()


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    bar = Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update


def _print_summary(store: Any, result: Any, loading: float) -> None:
    counts = store.counts()
    by_status = {s: 0 for s in ("corroborated", "repeated", "contradicted", "single-source")}
    by_status.update(store.review_status_counts())
    table = Table(title=f"corroborate: {store.path}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("documents", f"{counts['documents']} ({result.documents_added} new)")
    table.add_row("claims", f"{counts['claims']} ({result.claims_added} new)")
    table.add_row("junk lines dropped", str(counts["junk_lines"]))
    table.add_row("clusters", str(counts["clusters"]))
    for status, n in by_status.items():
        table.add_row(f"  {status}", str(n))
    table.add_row("suggested matches", str(counts["suggestions"]))
    if result.known_marked:
        table.add_row("checked before", str(result.known_marked))
    if result.reembedded:
        table.add_row("re-embedded (new model id)", str(result.reembedded))
    if result.reclustered:
        table.add_row("clustered again from scratch", "yes")
    table.add_row("errors", str(len(result.errors)))
    table.add_row("time: loading models", f"{loading:.1f} s")
    table.add_row("time: reading to storing", f"{result.seconds:.1f} s")
    out.print(table)


@cli.command(context_settings=CONTEXT)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "md", "html"]),
    default="json",
    show_default=True,
    help="html: one self-contained page, sortable, each claim linked to its article.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="Only these (repeatable).",
    type=click.Choice(["corroborated", "repeated", "contradicted", "single-source"]),
)
@click.option(
    "--min-support",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only clusters with at least this many documents.",
)
@click.option("--reviewed", is_flag=True, help="Only clusters a reviewer decided on or wrote a note about.")
@click.option("--claims", "per_claim", is_flag=True, help="One row per claim (source, span, sentence).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
def export(
    db_path: str,
    fmt: str,
    statuses: tuple[str, ...],
    min_support: int,
    reviewed: bool,
    per_claim: bool,
    output: str | None,
) -> None:
    """Export the corroboration table with the reviewers' decisions and notes.

    One row per cluster (status, support, independent support, label, sources,
    numbers, dates, conflicts, decision, reviewer, note), or with --claims one
    per claim. JSON is the documented contract; JSONL has one object a line.
    Text is article text: CSV cells that would start a formula get a leading
    ', and Markdown and HTML escape everything.

    \b
    Example:
        corroborate export --format csv -o table.csv
        corroborate export --format html --status contradicted -o report.html
        corroborate export --format md --min-support 2 --reviewed
        corroborate export --format jsonl --claims
    """
    from corroborate.export import Filters, build_report, render

    filters = Filters(statuses, min_support=min_support, reviewed=reviewed)
    with errors_as_messages(db_path):
        store = open_store(db_path, must_exist=True, write=False)
        text = render(build_report(store, filters=filters, texts=fmt == "html"), fmt, per_claim)
    if not output:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as failure:
        error(f"{output}: cannot be written ({failure.strerror or failure})")
        sys.exit(1)
    err.print(f"wrote {escape_markup(output)}")


@cli.command(context_settings=CONTEXT)
@db_option
@click.option("--reviewer", default=getpass.getuser, show_default="login name", help="Name stored with decisions.")
def review(db_path: str, reviewer: str) -> None:
    """Open the review app on a database.

    \b
    Example:
        corroborate review --reviewer alice
    """
    from corroborate.review.app import make_app

    with errors_as_messages(db_path):
        open_store(db_path, must_exist=True).close()
        app = make_app(db_path, reviewer=reviewer)
        app.run()
    if app.return_code:  # the app died of an error (Textual printed it) or quit with decisions unsaved
        raise SystemExit(app.return_code)


@cli.command(context_settings=CONTEXT)
@db_option
@click.option(
    "--document",
    "document",
    help="Only this document: its id, path, file name, JSONL record id or source; or a unique prefix.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim.")
def claims(db_path: str, document: str | None, as_json: bool) -> None:
    """Print the stored claims with their fields: speaker, polarity, numbers, dates.

    \b
    Example:
        corroborate claims --document 001
        corroborate claims --json | head
    """
    from corroborate.records import to_dict

    with errors_as_messages(db_path):
        store = open_store(db_path, must_exist=True, write=False)
        documents = list(store.documents().values())
        chosen = _chosen(documents, document) if document else documents
        for d in chosen:
            if not as_json:
                head = one_line(f"{d.source}  {d.path}  {d.published or 'date unknown'}")
                out.print(f"[bold]{escape_markup(head)}[/]", soft_wrap=True)
            for c in store.claims(d.id):
                if as_json:
                    click.echo(json.dumps(to_dict(c), ensure_ascii=False))
                else:
                    out.print(_claim_line(c), soft_wrap=True)


def _chosen(documents: list[Any], key: str) -> list[Any]:
    """Documents named exactly (id, path, file name, JSONL record id, source); else by a unique prefix."""
    exact = [d for d in documents if key in _names(d)]
    if exact:
        return exact
    prefixed = [d for d in documents if any(name.startswith(key) for name in _prefixable(d))]
    if len(prefixed) == 1:
        return prefixed
    if not prefixed:
        error(f"no document matches {key!r} (give an id, a path, a file name, a record id or a source)")
    else:
        names = ", ".join(Path(d.path).name for d in prefixed[:5]) + (", …" if len(prefixed) > 5 else "")
        error(f"{key!r} begins {len(prefixed)} documents ({names}); give one of them whole")
    sys.exit(1)


def _names(d: Any) -> set[str]:
    name = Path(d.path).name
    record = name.partition("#")[2]
    return {d.id, d.path, name, d.source} | ({record, f"#{record}"} if record else set())


def _prefixable(d: Any) -> list[str]:
    name = Path(d.path).name
    return [d.id, name, name.partition("#")[2] or name]


def _claim_line(c: Any) -> str:
    from rich.markup import escape

    fields = []
    if c.attribution:
        title = f" ({c.attribution.title})" if c.attribution.title else ""
        fields.append(f"speaker={c.attribution.speaker}{title}" + (" quote" if c.attribution.direct else ""))
    if c.polarity == "negative":
        fields.append("negative")
    fields += [f"number={q.text!r}[{q.low:g},{q.high:g}]" for q in c.numbers]
    fields += [f"date={d.text!r}->{d.start or '?'}" for d in c.dates]
    extra = f"  [dim]{escape(' '.join(fields))}[/]" if fields else ""
    return f"  [{c.start}:{c.end}] {escape(c.text)}{extra}"


@cli.command(context_settings=CONTEXT)
@db_option
@click.option("--all", "show_all", is_flag=True, help="Also list discrepancies, not only contradictions.")
def conflicts(db_path: str, show_all: bool) -> None:
    """List the conflicts found between sources, in plain words.

    \b
    Example:
        corroborate conflicts
        corroborate conflicts --all
    """
    from rich.markup import escape

    with errors_as_messages(db_path):
        store = open_store(db_path, must_exist=True, write=False)
        found = 0
        for cluster in store.clusters():
            for f in cluster.conflicts:
                if f.severity != "contradiction" and not show_all:
                    continue
                found += 1
                out.print(f"[bold]{f.severity}[/] ({f.kind}) {escape(cluster.label)}", soft_wrap=True)
                out.print(f"  {escape(f.detail)}", soft_wrap=True)
        if not found:
            out.print("no conflicts" + ("" if show_all else " (try --all for discrepancies)"))


@cli.command(context_settings=CONTEXT)
@click.option(
    "--pairs",
    "pairs_file",
    type=click.Path(exists=True, dir_okay=False),
    help='MRPC-style TSV ([label] id1 id2 s1 s2) or JSONL ({"a": ..., "b": ...}).',
)
@click.option(
    "--pool",
    "pool_file",
    type=click.Path(exists=True, dir_okay=False),
    help='Known claims: JSONL {"id", "text", ...}, or ClaimReview records (JSONL, array, @graph).',
)
@click.option(
    "--queries",
    "queries_file",
    type=click.Path(exists=True, dir_okay=False),
    help='Texts to look up in the pool: JSONL {"id", "text"}.',
)
@click.option("--top", type=click.IntRange(min=1), help="Pool matches per query.  [default: 5]")
@click.option(
    "--cache",
    "cache_file",
    type=click.Path(dir_okay=False),
    help="Pool vector cache (SQLite).  [default: POOL.vectors.db]",
)
@click.option(
    "--also",
    "also_field",
    metavar="FIELD",
    help="A second pool field to match against (a fact-check's headline, say); the better score counts.",
)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--model", help="Directory of a local sentence-transformers model (default: all-MiniLM-L6-v2).")
@backend_option
def match(
    pairs_file: str | None,
    pool_file: str | None,
    queries_file: str | None,
    top: int | None,
    cache_file: str | None,
    also_field: str | None,
    fmt: str,
    model: str | None,
    backend: str,
) -> None:
    """Say whether two texts state the same claims, or which known claims a text repeats.

    With --pairs, each text is split into claims. Two texts are the same when
    they say the same thing (similarity: a model over whole-text cosine, word
    and number overlap, and how well each claim is matched in the other text,
    fitted on MRPC) and their matched claims agree on numbers, dates and
    polarity. A paraphrase that disagrees on those is a conflict, not the same
    claim.

    With --pool and --queries, each query gets the pool's --top most likely
    known claims, best first: the known-claim model's probability that the query
    repeats it (score, from cosine and the rare words both share), the verdict
    (same: the best match when the model is sure and numbers, dates and
    polarity agree), the cosine, and the pool record's other fields. Pool
    vectors are cached beside the pool file, so a second run embeds only what
    changed.

    Texts are compared without links, with handles and hashtags as plain words
    and a tweet's closing signature line as the name alone. A bad line is
    reported with its number and the rest still run.

    \b
    Example:
        corroborate match --pairs ../shared/corpora/mrpc/msr_paraphrase_train.txt | head
        corroborate match --pairs pairs.jsonl --format table
        corroborate match --pool checked.jsonl --queries tweets.jsonl --top 3 --format table
        corroborate match --pool checked.jsonl --queries tweets.jsonl --also title
    """
    if _match_mode(pairs_file, pool_file, queries_file, top, cache_file or also_field) == "pairs":
        sys.exit(_match_pairs(str(pairs_file), fmt, model, backend))
    sys.exit(_match_pool(str(pool_file), str(queries_file), top or 5, cache_file, also_field, fmt, model, backend))


def _match_mode(
    pairs_file: str | None, pool_file: str | None, queries_file: str | None, top: int | None, cache_file: str | None
) -> str:
    """ "pairs" or "pool"; a usage error for any other mix of options."""
    if pairs_file and (pool_file or queries_file):
        raise click.UsageError("give either --pairs, or --pool with --queries, not both")
    if pairs_file and (top or cache_file):
        raise click.UsageError("--top, --cache and --also go with --pool and --queries, not --pairs")
    if pairs_file:
        return "pairs"
    if not pool_file or not queries_file:
        missing = "--queries" if pool_file else "--pool" if queries_file else "--pairs, or --pool with --queries,"
        raise click.UsageError(f"{missing} is needed")
    return "pool"


def _match_pairs(pairs_file: str, fmt: str, model: str | None, backend: str = "torch") -> int:
    from corroborate.embed import make_embedder
    from corroborate.extract import build_nlp
    from corroborate.pairs import PairLineError, compare_pairs, parse_pair_line

    jsonl = pairs_file.lower().endswith((".jsonl", ".json"))
    failed, chunk, rows = False, [], []
    with errors_as_messages():
        embedder, nlp = make_embedder(model, backend), build_nlp()
        with open(pairs_file, encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, 1):
                jsonl = jsonl or (number == 1 and line.lstrip().startswith("{"))
                try:
                    pair = parse_pair_line(number, line, jsonl)
                except PairLineError as failure:
                    error(f"{pairs_file}: {failure}")
                    failed = True
                    continue
                chunk += [pair] if pair else []
                if len(chunk) == 256:
                    rows += _emit_pairs(chunk, compare_pairs(chunk, embedder, nlp), fmt)
                    chunk = []
        rows += _emit_pairs(chunk, compare_pairs(chunk, embedder, nlp), fmt) if chunk else []
    if fmt == "table":
        _print_pair_table(rows)
    return 1 if failed else 0


def _match_pool(
    pool_file: str,
    queries_file: str,
    top: int,
    cache_file: str | None,
    also_field: str | None,
    fmt: str,
    model: str | None,
    backend: str = "torch",
) -> int:
    from corroborate.embed import make_embedder
    from corroborate.extract import build_nlp
    from corroborate.ingest.known import read_known
    from corroborate.known import embed_known, match_known, match_row

    rows = []
    with errors_as_messages():
        (pool, pool_errors), (queries, query_errors) = read_known(pool_file), read_known(queries_file)
        for failure in [*pool_errors, *query_errors]:
            error(failure)
        with err.status("Loading models…"):
            embedder, nlp = make_embedder(model, backend), build_nlp()
        with _pool_embedder(embedder, cache_file or f"{pool_file}.vectors.db") as pooled, _progress() as progress:
            vectors = embed_known(pool, pooled, progress)
            also = embed_known(pool, pooled, progress, field=also_field) if also_field else None
            found = match_known(
                queries, pool, vectors, embedder, nlp, top, pooled, progress, also=also, field=also_field
            )
            for query, matches in found:
                row = match_row(query, matches)
                if fmt == "jsonl":
                    click.echo(json.dumps(row, ensure_ascii=False))
                else:
                    rows.append((query, row))
    if fmt == "table":
        _print_known_table(rows)
    return 1 if pool_errors or query_errors else 0


def _emit_pairs(pairs: list[Any], results: list[Any], fmt: str) -> list[dict[str, Any]]:
    """Stream JSON lines as they are ready; collect rows for a table."""
    rows = []
    for pair, result in zip(pairs, results, strict=True):
        row = {
            "line": pair.line,
            "same": result.same,
            "similarity": result.similarity,
            "paraphrase": result.paraphrase,
            "matched": result.matched,
            "coverage": result.coverage,
            "checks": result.checks,
        }
        if pair.label is not None:
            row["label"] = pair.label
        if fmt == "jsonl":
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            rows.append({**row, "a": pair.a, "b": pair.b})
    return rows


def _print_pair_table(rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape

    from corroborate.match import vetoes

    table = Table(show_lines=True)
    for name in ("line", "same", "similarity", "vetoes", "a", "b"):
        table.add_column(name, overflow="fold")
    for r in rows:
        differ = ", ".join(f"{k}: {r['checks'][k]}" for k in vetoes(r["checks"])) or "-"
        verdict = "yes" if r["same"] else "no: conflict" if r["paraphrase"] else "no"
        table.add_row(str(r["line"]), verdict, f"{r['similarity']:.3f}", differ, escape(r["a"]), escape(r["b"]))
    out.print(table)


def _print_known_table(rows: list[tuple[Any, dict[str, Any]]]) -> None:
    """One row per (query, match); the query's text on its first row only."""
    from rich.markup import escape

    from corroborate.known import MATCH_KEYS

    table = Table(show_lines=False)
    for name in ("query", "#", "score", "same", "cosine", "known claim", "fields"):
        table.add_column(name, overflow="fold")
    for query, row in rows:
        matches = row["matches"] or [None]
        for rank, m in enumerate(matches, 1):
            head = escape(f"{query.id}: {query.text}") if rank == 1 else ""
            if m is None:
                table.add_row(head, "-", "", "", "", "no known claims", "", end_section=True)
                continue
            fields = "  ".join(f"{k}={v}" for k, v in m.items() if k not in MATCH_KEYS)
            table.add_row(
                head,
                str(rank),
                f"{m['score']:.3f}",
                "yes" if m["same"] else "no",
                f"{m['cosine']:.3f}",
                escape(f"{m['id']}: {m['text']}"),
                escape(fields),
                end_section=rank == len(matches),
            )
    out.print(table)


@cli.command(context_settings=CONTEXT)
@db_option
@click.option("--model", help="Directory of a local sentence-transformers model to check instead of the default.")
@click.option("--spacy-model", help="Name or path of the spaCy pipeline to check instead of the default.")
def doctor(db_path: str, model: str | None, spacy_model: str | None) -> None:
    """Check the models, the database and the disk; one line per check, exit 1 on any problem.

    The models are checked against their pinned SHA-256 digests without being
    loaded; the database is opened read-only (integrity, schema, journal mode,
    write access), so the doctor never changes it.

    \b
    Example:
        corroborate doctor
        corroborate doctor --db data/ecb.db --model models/my-minilm
    """
    from corroborate.doctor import examine

    findings = examine(Path(db_path), model, spacy_model)
    for finding in findings:
        click.echo(finding.line())
    sys.exit(0 if all(f.ok for f in findings) else 1)


@cli.group("annotations", context_settings=CONTEXT)
def annotations_group() -> None:
    """Move reviewers' decisions between copies of one database, as JSON lines.

    Two reviewers each review a copy of the same database; each exports their
    decisions and imports the other's. Importing is idempotent: a decision
    already present is skipped, so importing twice adds nothing.

    \b
    Example:
        corroborate annotations export alice.jsonl --db alice.db
        corroborate annotations import alice.jsonl --db bob.db
    """


@annotations_group.command("export", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@db_option
def annotations_export(file: str, db_path: str) -> None:
    """Write every decision (undone ones too) as one JSON object per line; - for standard output.

    \b
    Example:
        corroborate annotations export alice.jsonl --db alice.db
    """
    from corroborate.annotations import export_lines

    with errors_as_messages(db_path):
        lines = list(export_lines(open_store(db_path, must_exist=True, write=False)))
    with click.open_file(file, "w", encoding="utf-8") as stream:
        stream.writelines(line + "\n" for line in lines)
    err.print(f"wrote {len(lines)} decisions" + ("" if file == "-" else f" to {file}"))


@annotations_group.command("import", context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@db_option
def annotations_import(file: str, db_path: str) -> None:
    """Add the decisions of an exported file that this database lacks.

    A line that names claims this database does not hold, or that is not a
    decision, is refused with one error naming its line; the others are added
    (exit status 1).

    \b
    Example:
        corroborate annotations import alice.jsonl --db bob.db
    """
    from corroborate.annotations import import_lines

    with errors_as_messages(db_path), click.open_file(file, encoding="utf-8-sig") as stream:
        result = import_lines(open_store(db_path, must_exist=True), stream, file)
    for failure in result.errors:
        error(failure)
    err.print(
        f"added {result.added}, marked undone {result.undone}, already here {result.skipped}, "
        f"refused {len(result.errors)}"
    )
    sys.exit(1 if result.errors else 0)


@cli.command(context_settings=CONTEXT)
@click.argument("db_a", type=click.Path(exists=True, dir_okay=False))
@click.argument("db_b", type=click.Path(exists=True, dir_okay=False))
def agreement(db_a: str, db_b: str) -> None:
    """Compare two reviewers' copies: raw agreement and Cohen's kappa on the claim pairs both judged.

    Each copy's latest standing decisions say of claim pairs whether they are
    the same claim (an accepted cluster: all its pairs; a rejected or moved
    claim: it and its old cluster's claims; a suggestion: its pair).

    \b
    Example:
        corroborate agreement alice.db bob.db
    """
    from corroborate.annotations import agreement as compare

    with errors_as_messages():
        result = compare(*(open_store(p, must_exist=True, write=False).annotations() for p in (db_a, db_b)))
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("claim pairs both judged", str(result.items))
    table.add_row("raw agreement", _share(result.raw))
    table.add_row("Cohen's kappa", "undefined (one judgement only)" if result.kappa is None else f"{result.kappa:.3f}")
    table.add_row("judged the same claim", f"{result.same_a} in A, {result.same_b} in B")
    out.print(table)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


@cli.command(context_settings=CONTEXT)
@db_option
@click.option("--apply", "apply_", is_flag=True, help="Store the proposed thresholds; later runs use them.")
def calibrate(db_path: str, apply_: bool) -> None:
    """Precision of automatic matches and suggestions from reviewers' decisions, and better thresholds.

    Each claim pair a decision judges is scored as the matcher scores it; the
    report gives, at the current thresholds, how many matched and suggested
    pairs the reviewers found to be the same claim, and proposes thresholds
    with the number of pairs and decisions behind them.

    \b
    Example:
        corroborate calibrate
        corroborate calibrate --apply
    """
    from corroborate import calibrate as learn

    with errors_as_messages(db_path):
        store = open_store(db_path, must_exist=True, write=apply_)
        config = _match_config(store)
        result = learn.calibrate(learn.scored_pairs(store, config), config)
        _print_calibration(result, config)
        proposal = result.proposal
        if apply_ and proposal is None:
            error(f"{db_path}: nothing stored: {result.reason}")
            sys.exit(1)
        if apply_ and proposal:
            learn.apply(store, proposal, result.decisions)
            err.print(f"stored in {db_path}: later runs match at {proposal.match:g}, suggest from {proposal.suggest:g}")


def _match_config(store: Any) -> Any:
    """The matching settings of a database: the defaults with its calibrated overrides."""
    from corroborate.config import config_for

    return config_for(store)


def _print_calibration(result: Any, config: Any) -> None:
    table = Table(title=f"{result.pairs} judged claim pairs from {result.decisions} decisions", title_justify="left")
    for name in ("", "threshold", "pairs", "same claim", "precision"):
        table.add_column(name, justify="left" if not name else "right")
    rows = [
        ("automatic matches", f">= {config.match:g}", result.matches),
        ("suggestions", f"{config.suggest:g} to {config.match:g}", result.suggestions),
    ]
    if p := result.proposal:
        rows += [
            ("proposed matches", f">= {p.match:g}", p.matches),
            ("proposed suggestions", f"{p.suggest:g} to {p.match:g}", p.suggestions),
        ]
    for name, threshold, band in rows:
        table.add_row(name, threshold, str(band.pairs), str(band.same), _share(band.precision))
    out.print(table)
    if result.proposal:
        out.print(
            f"proposed match threshold puts {result.proposal.accuracy:.1%} of the judged pairs on the reviewers' side"
        )
    else:
        out.print(f"no proposal: {result.reason}")


def main() -> None:
    cli(prog_name="corroborate")

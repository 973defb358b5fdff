"""Hostile inputs at the ingest boundary: links, huge or deep files, odd encodings and names.

Each test is named after the case an adversarial tester found. Files are real files in
tmp_path; the run goes through ``read_batch``, the pipeline (fake embedder) or the CLI.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from spacy.language import Language

from corroborate import pipeline
from corroborate.cli import cli
from corroborate.embed import HashEmbedder
from corroborate.errors import InputError
from corroborate.extract import build_nlp, extract_claims
from corroborate.ingest import MAX_BYTES, Limits, read_batch
from corroborate.ingest import readers as readers_module
from corroborate.ingest.text import DROP
from corroborate.records import Article, Claim
from corroborate.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOOD = "The council approved the new budget on Monday, the mayor said.\n"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def folder(tmp_path: Path, name: str = "in") -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def reasons(errors: list[InputError]) -> dict[str, str]:
    return {Path(e.path).name: e.reason for e in errors}


def stored_spans(db: Path) -> list[tuple[str, str]]:
    """(claim text, the document text SQLite's substr gives for its span), as the review app reads it."""
    with sqlite3.connect(db) as con:
        sql = (
            'select c.text, substr(d.text, c.start + 1, c."end" - c.start) '
            "from claims c join documents d on d.id = c.document_id"
        )
        return list(con.execute(sql))


# --- symbolic links ---------------------------------------------------------------------------


def test_symlink_to_outside_file_is_not_read(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    inbox = folder(tmp_path)
    (inbox / "good.txt").write_text(GOOD)
    (inbox / "passwd.txt").symlink_to(secret)
    articles, errors = read_batch([str(inbox)])
    assert [Path(a.path).name for a in articles] == ["good.txt"]
    assert "not followed" in reasons(errors)["passwd.txt"]


def test_symlink_to_outside_file_is_refused_even_with_follow_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("The secret budget was approved on Monday, the mayor said.\n")
    inbox = folder(tmp_path)
    (inbox / "link.txt").symlink_to(outside)
    articles, errors = read_batch([str(inbox)], limits=Limits(follow_symlinks=True))
    assert articles == []
    assert reasons(errors)["link.txt"] == "is a symbolic link that leads outside the input folders"


def test_symlink_to_outside_folder_is_not_walked(tmp_path: Path) -> None:
    outside = folder(tmp_path, "outside")
    (outside / "secret.txt").write_text(GOOD)
    inbox = folder(tmp_path)
    (inbox / "more").symlink_to(outside, target_is_directory=True)
    for limits in (Limits(), Limits(follow_symlinks=True)):
        articles, errors = read_batch([str(inbox)], limits=limits)
        assert articles == [] and list(reasons(errors)) == ["more"]


def test_follow_symlinks_reads_links_that_stay_inside_the_folders(tmp_path: Path) -> None:
    inbox = folder(tmp_path)
    (inbox / "real").mkdir()
    (inbox / "real" / "story.txt").write_text(GOOD)
    (inbox / "alias.txt").symlink_to(inbox / "real" / "story.txt")
    articles, errors = read_batch([str(inbox)], limits=Limits(follow_symlinks=True))
    assert errors == []
    assert sorted(Path(a.path).name for a in articles) == ["alias.txt", "story.txt"]


def test_symlink_loop_with_follow_symlinks_ends(tmp_path: Path) -> None:
    inbox = folder(tmp_path)
    (inbox / "a").mkdir()
    (inbox / "a" / "story.txt").write_text(GOOD)
    (inbox / "a" / "up").symlink_to(inbox, target_is_directory=True)
    (inbox / "a" / "self").symlink_to(inbox / "a", target_is_directory=True)
    articles, errors = read_batch([str(inbox)], limits=Limits(follow_symlinks=True))
    assert errors == []
    assert {a.text for a in articles} == {GOOD}


def test_symlink_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    target = tmp_path / "story.txt"
    target.write_text(GOOD)
    link = tmp_path / "named.txt"
    link.symlink_to(target)
    articles, errors = read_batch([str(link)])
    assert errors == [] and [a.text for a in articles] == [GOOD]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_fifo_in_a_folder_or_named_is_refused_without_blocking(tmp_path: Path) -> None:
    inbox = folder(tmp_path)
    os.mkfifo(inbox / "pipe.txt")
    started = time.perf_counter()
    _, errors = read_batch([str(inbox), str(inbox / "pipe.txt")])
    assert time.perf_counter() - started < 5
    assert [e.reason for e in errors] == ["is not a regular file"] * 2


# --- one record never stops the batch ---------------------------------------------------------


def test_deep_jsonl_line_is_an_error_and_the_other_lines_load(tmp_path: Path) -> None:
    lines = [
        "[" * 100_000 + "]" * 100_000,
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "ok", "text": GOOD}),
    ]
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join(lines) + "\n")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    articles, errors = read_batch([str(path), str(good)])
    assert [e.reason for e in errors] == ["line 1: JSON nested too deeply", "line 2: JSON nested too deeply"]
    assert [a.path for a in articles] == [f"{path}#ok", str(good)]


def test_deep_html_is_read_or_refused_but_never_crashes(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "<p>" + GOOD + "</p>" + "</div>" * 100_000)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    articles, errors = read_batch([str(page), str(good)])
    assert str(good) in [a.path for a in articles]
    assert len(articles) + len(errors) == 2


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:  # sparse: 60 MB on paper, nothing on disk
        file.truncate(60_000_000)
    small = tmp_path / "small.txt"
    small.write_text(GOOD * 3)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    started = time.perf_counter()
    articles, errors = read_batch([str(huge), str(small), str(good)], limits=Limits(max_bytes=100))
    assert time.perf_counter() - started < 2
    assert [a.path for a in articles] == [str(good)]
    # the size comes from stat: a read would have stopped at 101 bytes
    assert reasons(errors)["huge.txt"] == "is larger than the limit (60,000,000 bytes > 100; see --max-bytes)"
    assert reasons(errors)["small.txt"] == f"is larger than the limit ({len(GOOD) * 3} bytes > 100; see --max-bytes)"


def test_default_size_limit_is_twenty_megabytes_in_the_library_and_the_cli() -> None:
    option = next(p for p in cli.commands["run"].params if p.name == "max_bytes")
    assert MAX_BYTES == option.default == 20_000_000


def test_jsonl_line_over_the_line_limit_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_LINE", 200)
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": GOOD * 10}) + "\n" + json.dumps({"id": "b", "text": GOOD}) + "\n")
    articles, errors = read_batch([str(path)])
    assert [e.reason for e in errors] == ["line 1: longer than 200 characters"]
    assert [a.path for a in articles] == [f"{path}#b"]


def test_document_longer_than_max_chars_is_refused_with_a_clear_line(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text(GOOD * 20)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": GOOD * 20}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    articles, errors = read_batch([str(long), str(rows)], limits=Limits(max_chars=200))
    assert [a.path for a in articles] == [f"{rows}#2"]
    assert [e.reason for e in errors] == [
        "text longer than 200 characters (one document; split it)",
        "line 1: text longer than 200 characters (one document; split it)",
    ]


def test_extraction_crash_on_one_document_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "boom.txt").write_text("The bridge collapsed on Sunday, the police said.\n")
    (tmp_path / "good.txt").write_text(GOOD)

    def fragile(article: Article, nlp: Language) -> list[Claim]:
        if "bridge" in article.text:
            raise RecursionError("maximum recursion depth exceeded")
        return extract_claims(article, nlp)

    monkeypatch.setattr(pipeline, "extract_claims", fragile)
    store = Store(tmp_path / "c.db")
    result = pipeline.run([str(tmp_path)], store, HashEmbedder(), build_nlp())
    failures = [(Path(e.path).name, e.reason) for e in result.errors]
    assert failures == [("boom.txt", "extraction failed (RecursionError)")]
    assert [Path(d.path).name for d in store.documents().values()] == ["good.txt"]


# --- encodings and invisible characters -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    data = GOOD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    articles, errors = read_batch([str(path)])
    assert errors == [] and [a.text for a in articles] == [GOOD]


def test_utf16_without_bom_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(GOOD.encode("utf-16-le"))
    _, errors = read_batch([str(path)])
    assert [e.reason for e in errors] == ["is not a text file (binary content)"]


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Der Bürgermeister sagte, die Brücke über den Fluß werde am Montag eröffnet.\n".encode("cp1252"))
    (article,), errors = read_batch([str(path)])
    assert errors == [] and "Brücke" in article.text and "Fluß" in article.text


def test_nul_after_4kib_is_dropped_and_every_span_fits_the_stored_text(tmp_path: Path) -> None:
    head = "".join(f"Line {i} of the council minutes was read aloud.\n" for i in range(100))
    assert len(head) > 4096
    path = tmp_path / "nul.txt"
    path.write_bytes(head.encode() + b"\x00The mayor said the bridge cost seven million dollars.\n")
    store = Store(tmp_path / "c.db")
    result = pipeline.run([str(path)], store, HashEmbedder(), build_nlp())
    store.close()
    assert result.errors == []
    spans = stored_spans(tmp_path / "c.db")
    assert any("seven million dollars" in claim for claim, _ in spans)
    assert all(span and span.lower().rstrip(".") in claim.lower() for claim, span in spans)


def test_zero_width_soft_hyphen_and_bidi_characters_are_removed_from_claims_and_speakers(tmp_path: Path) -> None:
    plain = "The mayor, John Smith, said the seven bridges will reopen on Monday after repairs.\n"
    hostile = (
        "The mayor\u200b, John\u00ad Smith\u200d, said the \u2066seven\u2069 bridges will re\u00adopen "
        "on \u202eMonday\u202c after repairs.\n"
    )
    (tmp_path / "plain.txt").write_text(plain)
    (tmp_path / "hostile.txt").write_text(hostile)
    (clean,), _ = read_batch([str(tmp_path / "plain.txt")])
    (article,), _ = read_batch([str(tmp_path / "hostile.txt")])
    assert article.text == plain
    nlp = build_nlp()
    claims = extract_claims(article, nlp)
    assert claims and [(c.text, c.attribution, c.start, c.end) for c in claims] == [
        (c.text, c.attribution, c.start, c.end) for c in extract_claims(clean, nlp)
    ]
    assert all(c.attribution and not DROP.search(c.attribution.speaker) for c in claims)


def test_invisible_characters_in_jsonl_escapes_and_fields_are_removed(tmp_path: Path) -> None:
    row = {
        "id": "a\nb\u202e",
        "text": "The mayor\u200b said the port reopened on Friday.",
        "source": "Daily\u2066 Post\u2069\n",
        "title": ["not", "a", "string"],
    }
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row) + "\n" + '{"text": "Lone \\ud800 surrogate in the port story on Friday."}\n')
    (first, second), errors = read_batch([str(path)])
    assert errors == []
    assert (first.path, first.text, first.source, first.title) == (
        f"{path}#a b",
        "The mayor said the port reopened on Friday.",
        "Daily Post",
        None,
    )
    assert second.text == "Lone  surrogate in the port story on Friday."


def test_arbitrary_unicode_never_crashes_and_spans_always_fit(tmp_path: Path) -> None:
    """A property test with a seeded generator (hypothesis is not installed): 100 texts of mixed scripts,
    controls, invisible characters and JSON-escaped surrogates go through ingest and extraction."""
    rng = random.Random(20240601)
    alphabet = (
        "abcdefghij ABCDEFG ., ;:'\"-\n\t\r0123456789 äöüßéñ ΑΒΓαβγ абвгд 中文字 العربية עברית 😀👍"
        + INVISIBLE
        + "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufffd"
    )
    words = ["The", "mayor", "said", "police", "arrested", "two", "men", "on", "Monday", "7", "million", "."]
    nlp = build_nlp()
    for i in range(100):
        parts = [rng.choice(words) if rng.random() < 0.6 else rng.choice(alphabet) for _ in range(rng.randint(1, 80))]
        text = " ".join(parts) if i % 2 else "".join(parts)
        name = tmp_path / f"t{i}.jsonl"
        name.write_text(json.dumps({"text": text + "\ud800"}, ensure_ascii=True) + "\n")
        (tmp_path / f"t{i}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        for path in (name, tmp_path / f"t{i}.txt"):
            articles, _ = read_batch([str(path)])
            for article in articles:
                assert not DROP.search(article.text)
                for claim in extract_claims(article, nlp):
                    assert 0 <= claim.start < claim.end <= len(article.text)
                    assert not DROP.search(claim.text)


# --- every file gets one outcome, on one line ---------------------------------------------------


def test_pdf_and_docx_in_a_folder_are_skipped_with_a_notice_and_hidden_files_in_silence(tmp_path: Path) -> None:
    inbox = folder(tmp_path)
    (inbox / "good.txt").write_text(GOOD)
    (inbox / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (inbox / "notes.docx").write_bytes(b"PK\x03\x04")
    (inbox / ".hidden.txt").write_text(GOOD)
    (inbox / ".git").mkdir()
    (inbox / ".git" / "HEAD.txt").write_text(GOOD)
    skipped: list[InputError] = []
    articles, errors = read_batch([str(inbox)], skipped=skipped)
    assert [Path(a.path).name for a in articles] == ["good.txt"] and errors == []
    assert reasons(skipped) == {
        "notes.docx": "skipped: unsupported format (.docx)",
        "report.pdf": "skipped: unsupported format (.pdf)",
    }


def test_undecodable_file_name_is_stored_and_printed(tmp_path: Path) -> None:
    inbox = folder(tmp_path)
    raw = os.fsencode(inbox) + b"/bad\xff name.txt"
    with open(raw, "wb") as file:
        file.write(GOOD.encode())
    (article,), errors = read_batch([str(inbox)])
    assert errors == [] and article.path.endswith("bad\\xff name.txt")


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``corroborate run`` in-process with the real spaCy pipeline and the fake embedder."""
    monkeypatch.setattr("corroborate.embed.make_embedder", lambda model=None, backend="torch": HashEmbedder())

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["run", *args])

    return invoke


def test_file_name_with_a_newline_gets_one_escaped_error_line(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    inbox = folder(tmp_path)
    (inbox / "bad\nerror: forged \u202egnp.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inbox / "good.txt").write_text(GOOD)
    result = run_cli(str(inbox), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("error:")] == [
        f"error: {inbox}/bad\\nerror: forged \\u202egnp.txt: is not a text file (binary content)"
    ]


def test_zero_claim_document_is_stored_with_a_warning_and_exit_0(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    (tmp_path / "hello.txt").write_text("Hello\n")
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    result = run_cli(str(tmp_path), "--db", str(tmp_path / "c.db"))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"warning: {tmp_path}/hello.txt: 0 claims extracted (stored all the same)" in lines
    assert f"warning: {tmp_path}/scan.pdf: skipped: unsupported format (.pdf)" in lines
    with sqlite3.connect(tmp_path / "c.db") as con:
        assert con.execute("select count(*) from documents").fetchone() == (2,)


def test_good_file_beside_bad_ones_is_stored_and_the_run_exits_1(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    inbox = folder(tmp_path)
    (inbox / "good.txt").write_text(GOOD)
    (inbox / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (inbox / "big.txt").write_text(GOOD * 10)
    (inbox / "outside.txt").symlink_to(tmp_path / "elsewhere.txt")
    (tmp_path / "elsewhere.txt").write_text("The secret plan was approved on Monday, the mayor said.\n")
    result = run_cli(str(inbox), "--db", str(tmp_path / "c.db"), "--max-bytes", "200")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3 and all(name in "".join(errors) for name in ("deep.jsonl", "big.txt", "outside.txt"))
    with sqlite3.connect(tmp_path / "c.db") as con:
        assert con.execute("select path from documents").fetchall() == [(str(inbox / "good.txt"),)]


def test_usage_errors_exit_2(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    assert run_cli(str(tmp_path), "--max-bytes", "0").exit_code == 2
    assert CliRunner().invoke(cli, ["run"]).exit_code == 2


@pytest.mark.slow
def test_hostile_folder_end_to_end_in_a_real_process(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tester's folder, through the installed command line with the real models."""
    secret = tmp_path_factory.mktemp("elsewhere") / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    inbox = folder(tmp_path)
    (inbox / "passwd.txt").symlink_to(secret)
    (inbox / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    wide = "The harbour reopened on Friday after the storm, the port said.\n"
    (inbox / "wide.txt").write_bytes(wide.encode("utf-16"))
    (inbox / "good.txt").write_text(GOOD)
    db = tmp_path / "c.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", "from corroborate.cli import main; main()", "run", str(inbox), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    with sqlite3.connect(db) as con:
        paths = sorted(Path(p).name for (p,) in con.execute("select path from documents"))
        texts = " ".join(t for (t,) in con.execute("select text from documents"))
    assert paths == ["good.txt", "wide.txt"] and "root:" not in texts


def test_meta_file_values_lose_invisible_characters(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(GOOD)
    meta = tmp_path / "meta.csv"
    meta.write_text("path,source,title\nstory.txt,Town\u200b Crier\u202e,\u2066Budget\u2069  passed\n")
    (article,), _ = read_batch([str(story)], str(meta))
    assert (article.source, article.title) == ("Town Crier", "Budget passed")


def test_deeply_nested_lines_of_a_pool_a_pairs_file_and_exported_decisions_are_line_errors(tmp_path: Path) -> None:
    # One reader (corroborate.jsonl) serves every JSON-lines input, so none of them dies of a deep line.
    from corroborate.annotations import LineError, parse_line
    from corroborate.ingest.known import read_known
    from corroborate.pairs import PairLineError, parse_pair_line

    deep = "[" * 100_000 + "]" * 100_000
    pool = tmp_path / "pool.jsonl"
    pool.write_text(deep + '\n{"id": "k1", "text": "The strike killed three soldiers."}\n', encoding="utf-8")
    claims, errors = read_known(str(pool))
    assert [c.id for c in claims] == ["k1"]
    assert [str(e) for e in errors] == [f"{pool}: line 1: JSON nested too deeply"]
    with pytest.raises(PairLineError, match="line 4: JSON nested too deeply"):
        parse_pair_line(4, deep, jsonl=True)
    with pytest.raises(LineError, match="JSON nested too deeply"):
        parse_line(deep)

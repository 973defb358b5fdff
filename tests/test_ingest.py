"""Ingest: formats, metadata, bad inputs, and junk lines of the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate.ingest import read_batch
from corroborate.records import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed(articles: list[Article], prefix: str) -> Article:
    return next(a for a in articles if Path(a.path.split("#")[0]).name.startswith(prefix))


def junk_reasons(article: Article) -> dict[str, str]:
    return {j.text: j.reason for j in article.junk}


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    articles, errors = read_batch([str(SEEDS)])
    assert errors == []
    return articles


def test_folder_is_expanded_sorted(seeds: list[Article]) -> None:
    assert [Path(a.path).name[:3] for a in seeds] == ["000", "001", "002", "003", "004"]


def test_ft_header_gives_outlet_date_url_and_byline(seeds: list[Article]) -> None:
    ft = seed(seeds, "001")
    assert ft.source == "Financial Times"
    assert ft.published == "2024-01-29"
    assert ft.url == "https://www.ft.com/content/1e24b6c9-d32e-4721-9552-5ccaaab7c397"
    assert ft.author and ft.author.startswith("Felicia Schwartz and Aime Williams")
    assert ft.title == "US ‘not looking for a war with Iran’ after the deadly attack, White House says"


def test_unknown_outlet_of_a_corpus_file_is_its_position_not_its_hash(seeds: list[Article]) -> None:
    assert seed(seeds, "000").source == "000"
    assert seed(seeds, "000").meta["source_from"] == "file name"
    assert seed(seeds, "000").published is None


def test_ft_junk_lines(seeds: list[Article]) -> None:
    ft = seed(seeds, "001")
    reasons = [j.reason for j in ft.junk]
    assert reasons.count("share/copyright notice") == 2
    assert reasons.count("bare URL") == 3
    assert junk_reasons(ft)["Read more on original:"] == "navigation"
    assert junk_reasons(ft)["Financial Times -Jan 29th2024"] == "metadata: outlet and date"
    assert "metadata: byline" in reasons


def test_other_story_headlines_between_paragraphs(seeds: list[Article]) -> None:
    reasons = junk_reasons(seed(seeds, "000"))
    assert reasons["Israel charges back into Gaza City as US plans response to killing of its troops"] == (
        "headline of another story"
    )
    assert reasons["Militants attack UN peacekeepers in Sudan, one Pakistani soldier martyred: ISPR"] == (
        "headline of another story"
    )
    assert reasons["White House"] == "navigation"
    assert reasons["You May Also Like"] == "navigation"


def test_teasers_ending_in_ellipsis(seeds: list[Article]) -> None:
    teasers = [j for j in seed(seeds, "002").junk if j.reason == "teaser ending in ellipsis"]
    assert len(teasers) == 6
    assert all(j.text.endswith("…") for j in teasers)


def test_junk_spans_point_into_text(seeds: list[Article]) -> None:
    for article in seeds:
        for junk in article.junk:
            assert article.text[junk.start : junk.end] == junk.text


def test_seeds_toml_metadata_applies() -> None:
    articles, _ = read_batch([str(SEEDS)], str(ROOT / "data" / "seeds.toml"))
    ft = seed(articles, "001")
    assert (ft.source, ft.published) == ("Financial Times", "2024-01-29")
    assert seed(articles, "000").source == "000"


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_bad_files_are_errors_and_the_rest_load(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "The council approved the budget on Monday.\n")
    empty = write(tmp_path, "empty.txt", "  \n")
    binary = write(tmp_path, "blob.txt", b"\x00\x01\x02abc")
    articles, errors = read_batch([good, empty, binary, str(tmp_path / "missing.txt")])
    assert [a.path for a in articles] == [good]
    assert {e.reason for e in errors} == {"is empty", "is not a text file (binary content)", "no such file"}


def test_non_utf8_bytes_decode_with_fallback(tmp_path: Path) -> None:
    path = write(tmp_path, "cp.txt", "The caf\xe9 reopened after three weeks.\n".encode("cp1252"))
    articles, errors = read_batch([path])
    assert errors == []
    assert "café" in articles[0].text


def test_jsonl_records_and_line_errors(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "Rescuers found two hikers on Sunday.", "source": "Daily"}),
        json.dumps({"text": "The bridge reopened after repairs.", "published": "2024-03-01"}),
        "{not json",
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    articles, errors = read_batch([path])
    assert [e.reason for e in errors] == ["line 3: not valid JSON (Expecting property name enclosed in double quotes)"]
    assert [a.path for a in articles] == [f"{path}#a1", f"{path}#2"]
    assert articles[0].source == "Daily" and articles[1].published == "2024-03-01"


def test_jsonl_without_text_field(tmp_path: Path) -> None:
    path = write(tmp_path, "x.jsonl", '{"text": "One line with text here."}\n\n\n{"title": "no body"}\n')
    _, errors = read_batch([path])
    assert errors[0].reason == "line 4: no 'text' field"


def test_markdown_front_matter_and_title(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Flood update\nsource: River Post\ndate: 2024-02-10\n---\n# Flood waters recede\n\n"
        "Officials said **two bridges** reopened on Saturday.\n\n## Background\n\nThe river rose last week.\n"
    )
    articles, _ = read_batch([write(tmp_path, "flood.md", text)])
    article = articles[0]
    assert (article.source, article.published, article.title) == ("River Post", "2024-02-10", "Flood update")
    reasons = junk_reasons(article)
    assert reasons["# Flood waters recede"] == "title"
    assert reasons["## Background"] == "heading"
    assert article.text == text


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    html = (ROOT / "tests" / "fixtures" / "article.html").read_text(encoding="utf-8")
    articles, errors = read_batch([write(tmp_path, "page.html", html)])
    assert errors == []
    article = articles[0]
    assert "three new bridges" in article.text
    assert "var tracking" not in article.text
    assert "Great article" not in article.text
    assert "Home | World" not in article.text
    assert article.source == "The Daily Ledger"
    assert article.published == "2024-01-29"
    assert article.url == "https://example.org/bridges"


def test_meta_csv_by_basename(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", "The council approved the budget on Monday.\n")
    meta = write(tmp_path, "meta.csv", "path,source,published\nstory.txt,Town Crier,2024-05-02\n")
    articles, _ = read_batch([path], meta)
    assert (articles[0].source, articles[0].published) == ("Town Crier", "2024-05-02")


def test_meta_toml_by_exact_path(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", "Town Crier - March 3, 2024\nThe council approved the budget.\n")
    meta = write(tmp_path, "meta.toml", f'["{path}"]\nsource = "Override"\n')
    articles, _ = read_batch([path], meta)
    assert articles[0].source == "Override"
    assert articles[0].published == "2024-03-03"


def test_dateline_prefix_is_junk_and_sets_date(tmp_path: Path) -> None:
    text = "Posted on Thu Jun 13, 2013 08:45 AM PDT Lindsay Lohan has checked out of rehab.\n"
    articles, _ = read_batch([write(tmp_path, "d.txt", text)])
    article = articles[0]
    assert article.published == "2013-06-13"
    assert article.junk[0].reason == "metadata: dateline"
    assert article.text[article.junk[0].end :].strip().startswith("Lindsay Lohan")


def test_lines_repeated_across_the_batch(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "The dam held overnight.\n\nSubscribe to our morning briefing today\n")
    b = write(tmp_path, "b.txt", "Rescuers reached the village.\n\nSubscribe to our morning briefing today\n")
    articles, _ = read_batch([a, b])
    assert all(junk_reasons(x).get("Subscribe to our morning briefing today") for x in articles)


def test_a_dateline_dates_an_undated_article(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(
        "Storm closes port\n\nGDANSK, March 3, 2021 (Wire) -- The port closed on Tuesday after a storm damaged "
        "two cranes, the harbour master said.\n",
        encoding="utf-8",
    )
    (article,), errors = read_batch([str(path)])
    assert not errors
    assert article.published == "2021-03-03"


def test_a_dateline_without_a_date_dates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("GDANSK (Wire) -- The port closed on Tuesday after a storm damaged two cranes.\n", encoding="utf-8")
    (article,), _ = read_batch([str(path)])
    assert article.published is None


def test_a_date_stamp_opening_the_text_dates_it_and_is_no_claim(tmp_path: Path) -> None:
    path = tmp_path / "saved.jsonl"
    rows = [
        {"id": "a", "text": "Tue Mar 2, 2021 1:28PM GMT A storm closed the port of Gdansk on Monday."},
        {"id": "b", "text": "March 2, 2021 was the stormiest day of the year in Gdansk."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (stamped, plain), errors = read_batch([str(path)])
    assert not errors
    assert stamped.published == "2021-03-02"
    assert [(j.text, j.reason) for j in stamped.junk] == [("Tue Mar 2, 2021 1:28PM GMT", "metadata: dateline")]
    assert plain.published is None and not plain.junk


def test_a_date_stamp_opening_the_story_under_its_headline_dates_it_and_is_no_claim(tmp_path: Path) -> None:
    # A plain-text page: the headline on its own line, then the story's first line opening with the stamp.
    (tmp_path / "page.txt").write_text(
        "Esther Williams: Swimmer And Actress Dies Aged 91.\n\n"
        "07 June 2013 Golden girl of screen and pool, Esther Williams, has died "
        "peacefully in her sleep aged 91.\nShe died on Thursday, her publicist said.\n",
        encoding="utf-8",
    )
    (tmp_path / "later.txt").write_text(
        "Pool reopens\n\nThe pool reopened on Monday.\nIt was closed for a month.\nThe council met.\n"
        "June 7, 2013 Swimmers came back, the council said.\n",  # past the opening lines: a sentence, kept
        encoding="utf-8",
    )
    (later, page), errors = read_batch([str(tmp_path)])
    assert not errors
    assert page.published == "2013-06-07"
    assert [(j.text, j.reason) for j in page.junk if j.reason == "metadata: dateline"] == [
        ("07 June 2013", "metadata: dateline")
    ]
    assert later.published is None and all(j.reason != "metadata: dateline" for j in later.junk)


def test_a_date_opening_a_line_after_the_story_s_first_sentence_is_no_stamp(tmp_path: Path) -> None:
    # A chronology: the lines under the story's first sentence open with the dates of events, not the page's.
    (tmp_path / "a.txt").write_text(
        "Key dates in the Haiti relief effort\n\n"
        "The United Nations said on Tuesday that aid had reached Port-au-Prince.\n"
        "Jan. 12, 2010 A 7.0-magnitude earthquake hits Haiti.\nJan. 13, 2010 The United States sends troops.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Chronology of the Haiti earthquake\n\n"
        "PORT-AU-PRINCE, Jan. 20, 2010 (Xinhua) -- Following is a chronology of major events after the quake:\n"
        "Jan. 12, 2010 A 7.0-magnitude earthquake hits Haiti.\nJan. 13, 2010 The United States sends troops.\n",
        encoding="utf-8",
    )
    (sentence, dateline), errors = read_batch([str(tmp_path)])
    assert not errors
    assert sentence.published is None and dateline.published == "2010-01-20"  # the dateline's, not an event's
    assert all(j.reason != "metadata: dateline" for j in sentence.junk + dateline.junk)


GLUED = [
    (
        "Storm floods harbour district in Gdansk A powerful storm flooded the harbour district of Gdansk on "
        "Monday, forcing the evacuation of 300 residents and closing the port for two days, the city said in a "
        "statement.",
        "Storm floods harbour district in Gdansk",
    ),
    (
        "Portside opens new ferry terminal after delays Portside on Tuesday opened its new ferry terminal "
        "after two years of delays and cost overruns, the company said in a statement to its shareholders and "
        "passengers.",
        "Portside opens new ferry terminal after delays",
    ),
]


@pytest.mark.parametrize(("text", "headline"), GLUED)
def test_a_headline_run_into_the_first_sentence_is_dropped(tmp_path: Path, text: str, headline: str) -> None:
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}), encoding="utf-8")
    (article,), _ = read_batch([str(path)])
    assert [(j.text, j.reason) for j in article.junk] == [(headline, "headline")]
    assert article.title == headline


@pytest.mark.parametrize(
    "text",
    [
        "Despite the storm, the ferry from Gdansk left on time A spokesman said the crew had prepared for "
        "bad weather and that passengers were safe, according to the operator of the line.",
        "The council met on Monday. The Mayor said the harbour would reopen after repairs to the piers and "
        "the cranes, which were damaged by the storm that hit the city last week.",
        "Crews worked through the night to repair The Harbour Line tracks near the station, which carry "
        "thousands of commuters into the city every morning, the operator said.",
    ],
)
def test_a_first_sentence_is_not_taken_for_a_headline(tmp_path: Path, text: str) -> None:
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}), encoding="utf-8")
    (article,), _ = read_batch([str(path)])
    assert all(j.reason != "headline" for j in article.junk)


def test_a_posted_on_prefix_is_dropped_once() -> None:
    from corroborate.ingest.junk import find_junk

    text = (
        "Posted on Thu Jun 13, 2013 08:45 AM PDT The harbour master closed the port of Gdansk after a storm "
        "damaged two cranes and a pier, the city said in a statement on Thursday afternoon."
    )
    junk, meta = find_junk(text, "text")
    assert [(j.text, j.reason) for j in junk] == [("Posted on Thu Jun 13, 2013 08:45 AM PDT", "metadata: dateline")]
    assert meta["published"] == "2013-06-13"


def test_url_without_an_outlet_names_the_site(tmp_path: Path) -> None:
    path = write(tmp_path, "story_2024.txt", "The council approved the budget on Monday.\n")
    meta = write(tmp_path, "meta.csv", "path,url\nstory_2024.txt,https://www.ft.com/content/1e24\n")
    [article], _ = read_batch([path], meta)
    assert (article.source, article.meta["source_from"]) == ("ft.com", "url")


def test_every_jsonl_record_is_named_by_its_own_source_url_or_id_not_the_file(tmp_path: Path) -> None:
    body = "Rescuers found two hikers on Sunday near the lake."
    lines = [
        {"id": "1_10ecb", "text": body, "url": None},
        {"id": "1_11ecb", "text": body + " One was hurt.", "url": "http://news.bbc.co.uk/2/hi/123.stm"},
        {"id": "1_12ecb", "text": body + " Both were fine.", "source": "Daily", "url": "https://x.example/a"},
        {"text": body + " Police said so."},
    ]
    path = write(tmp_path, "ecb30.jsonl", "\n".join(json.dumps(r) for r in lines) + "\n")
    articles, errors = read_batch([path])
    assert errors == []
    assert [a.source for a in articles] == ["1_10ecb", "news.bbc.co.uk", "Daily", "ecb30#4"]
    assert [a.meta["source_from"] for a in articles] == ["record id", "url", "metadata", "record id"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "http://localhost/x", "not a url", "http://[::1"]
)
def test_a_url_that_is_not_a_web_address_never_names_the_source(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, "feed.jsonl", json.dumps({"id": "r7", "text": "The bridge reopened.", "url": url}) + "\n")
    [article], _ = read_batch([path])
    assert article.source == "r7"


def test_html_site_name_names_the_source(tmp_path: Path) -> None:
    html = (ROOT / "tests" / "fixtures" / "article.html").read_text(encoding="utf-8")
    [article], _ = read_batch([write(tmp_path, "page_1.html", html)])
    assert (article.source, article.meta["source_from"]) == ("The Daily Ledger", "metadata")

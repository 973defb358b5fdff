"""Reading known claims: plain JSONL, ClaimReview lines, JSON arrays and @graph documents, bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate.errors import InputError
from corroborate.ingest.known import read_known
from corroborate.records import KnownClaim

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/2023/bridge-toll",
    "claimReviewed": "The new bridge toll will cost drivers 20 euros a day.",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "datePublished": "2023-05-02",
    "itemReviewed": {"@type": "Claim", "author": {"name": "A Blogger"}},
}


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_plain_lines_keep_their_other_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "pool.jsonl",
        '{"id": "c1", "text": "Schools close on Friday.", "verdict": "true"}\n\n'
        '{"id": 7, "text": "Rents doubled in a year.", "source": {"name": "X"}}\n',
    )
    claims, errors = read_known(path)
    assert errors == []
    assert claims == [KnownClaim("c1", "Schools close on Friday."), KnownClaim("7", "Rents doubled in a year.")]
    assert claims[0].fields == {"verdict": "true"} and claims[1].fields == {"source": {"name": "X"}}


def test_a_claim_review_line_maps_to_text_and_printed_fields(tmp_path: Path) -> None:
    claims, errors = read_known(write(tmp_path, "reviews.jsonl", json.dumps(REVIEW) + "\n"))
    assert errors == []
    (claim,) = claims
    assert claim.id == REVIEW["url"] and claim.text == REVIEW["claimReviewed"]
    assert claim.fields == {"url": REVIEW["url"], "verdict": "False", "by": "Example Checks", "date": "2023-05-02"}


def test_claim_review_ids_fall_back_to_at_id_then_position(tmp_path: Path) -> None:
    bare = {
        "@type": "ClaimReview",
        "claimReviewed": "Tap water is unsafe citywide.",
        "author": [{"name": "First Desk"}, {"name": "Second Desk"}],
        "reviewRating": [{"alternateName": "Misleading"}],
    }
    with_at_id = {**bare, "@id": "#review-2"}
    claims, errors = read_known(write(tmp_path, "reviews.json", json.dumps([bare, with_at_id])))
    assert errors == []
    assert [c.id for c in claims] == ["1", "#review-2"]
    assert claims[0].fields == {"verdict": "Misleading", "by": "First Desk"}


def test_a_graph_document_loads_every_item(tmp_path: Path) -> None:
    other = {**REVIEW, "url": "https://checks.example.org/2023/other", "claimReviewed": "Bus fares are free in May."}
    text = json.dumps({"@context": "https://schema.org", "@graph": [REVIEW, other]}, indent=2)
    claims, errors = read_known(write(tmp_path, "feed.json", text))
    assert errors == [] and [c.text for c in claims] == [REVIEW["claimReviewed"], other["claimReviewed"]]


def test_bad_lines_name_the_file_line_and_reason_and_the_rest_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "pool.jsonl",
        "\n".join(
            [
                '{"id": "ok", "text": "Parks open at dawn."}',
                "{not json",
                '["a list", "of strings"]',
                '{"id": "empty", "text": "  "}',
                '{"@type": "ClaimReview", "url": "https://x.example/1"}',
                '{"id": ["x"], "text": "An id that is a list."}',
                '{"text": "No id: the line number stands in."}',
            ]
        )
        + "\n",
    )
    claims, errors = read_known(path)
    assert [c.id for c in claims] == ["ok", "7"]
    assert [str(e) for e in errors] == [
        f"{path}: line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        f"{path}: line 3, item 1: not a JSON object",
        f"{path}: line 3, item 2: not a JSON object",
        f"{path}: line 4: no 'text' field",
        f"{path}: line 5: a ClaimReview without 'claimReviewed'",
        f"{path}: line 6: 'id' is not a string or a number",
    ]


def test_an_empty_file_is_an_error_of_its_own(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        read_known(write(tmp_path, "empty.jsonl", "\n"))

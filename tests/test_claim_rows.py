"""A run reads every stored claim through ``claim_from_values``: it must give what ``claim_from_row`` gives."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import FrozenInstanceError, fields, replace
from pathlib import Path

import numpy as np
import pytest

from corroborate.records import Article, Attribution, Claim, DateRef, Quantity
from corroborate.store import Store
from corroborate.store.rows import claim_from_row

TEXT = "The mayor said at least 34 people were hurt on 3 May 2024. It rained. Officials wrote more."


def _claims(doc: str) -> list[Claim]:
    hurt = Claim.make_id(doc, "hurt", 0, 10)
    return [
        Claim(
            hurt,
            doc,
            "At least 34 people were hurt.",
            TEXT,
            0,
            10,
            Attribution("The mayor", "said", True, "mayor of Leeds"),
            "positive",
            (Quantity("at least 34 people", 34, math.inf, "people", "at least"), Quantity("dozens", 24, 99)),
            (DateRef("3 May 2024", "2024-05-03", "2024-05-03", "exact", "date"),),
            "people",
            "hurt",
        ),
        Claim(Claim.make_id(doc, "rained", 11, 20), doc, "It rained.", TEXT, 11, 20, polarity="negative"),
        Claim(Claim.make_id(doc, "wrote", 21, 40), doc, "Officials wrote more.", TEXT, 21, 40, Attribution("Aides")),
    ]


def test_claims_read_as_plain_rows_equal_those_read_as_dicts_with_nulls_and_infinities(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = Store(db)
    claims = _claims("d1")
    store.add_document(Article("d1", "a.txt", TEXT, source="Alpha"), claims, np.eye(3, 4, dtype=np.float32), "m")
    store.close()
    with sqlite3.connect(db) as conn:  # what an older or hand-edited row may hold
        conn.execute("update claims set numbers = 'null', dates = NULL, subject = NULL where text = 'It rained.'")
        conn.execute("update claims set speaker_title = NULL, verb = NULL where text = 'Officials wrote more.'")
    store = Store(db)
    as_dicts = [claim_from_row(r) for r in store.db.query("select * from claims order by document_id, start")]
    read = store.claims()
    store.close()
    assert read == as_dicts and len(read) == 3
    assert read[0].numbers[0].high == math.inf and read[0].attribution == claims[0].attribution
    assert read[1].numbers == () and read[1].dates == () and read[1].subject is None
    assert read[2].attribution == Attribution("Aides", "", False, "")


def test_claims_read_back_are_the_claims_written_whole_frozen_and_hashable(tmp_path: Path) -> None:
    # ``claim_from_values`` sets the fields without ``Claim.__init__``: every field, and nothing else.
    store = Store(tmp_path / "c.db")
    claims = _claims("d1")
    store.add_document(Article("d1", "a.txt", TEXT, source="Alpha"), claims, np.eye(3, 4, dtype=np.float32), "m")
    read = store.claims()
    assert read == claims
    assert all(set(vars(c)) == {f.name for f in fields(Claim)} for c in read)
    assert {hash(c) for c in read} == {hash(c) for c in claims}
    with pytest.raises(FrozenInstanceError):
        read[0].text = "changed"  # type: ignore[misc]
    assert replace(read[1], text="It snowed.").text == "It snowed." and read[1].text == "It rained."

"""Event scope on literal documents: datelines, date gaps, related-claim affinity, other-event flags."""

from __future__ import annotations

from datetime import date

import numpy as np
from test_cluster import CFG, angle, article, claim

from corroborate.cluster import cluster_claims
from corroborate.records import DateRef
from corroborate.scope import OTHER_EVENT, dateline, document_dates, event_groups


def test_dates_from_published_dateline_or_claims() -> None:
    documents = {
        "pub": article("pub", "Posted on Thu Jun 13, 2013 08:45 AM PDT", published="2024-01-29"),
        "line": article("line", "Posted on Thu Jun 13, 2013 08:45 AM PDT. Lindsay Lohan checked in."),
        "iso": article("iso", "LOS ANGELES 2012-03-04 -- A quake struck."),
        "claims": article("claims", "No dateline here."),
        "none": article("none", "Nothing at all."),
    }
    dated = claim("claims", "It happened.", dates=(DateRef("May 2, 2011", "2011-05-02", None, "exact"),))
    assert document_dates(documents, [dated]) == {
        "pub": date(2024, 1, 29), "line": date(2013, 6, 13), "iso": date(2012, 3, 4),
        "claims": date(2011, 5, 2), "none": None,
    }


def test_datelines_in_any_case_and_numeric_forms() -> None:
    assert dateline("SEPTEMBER 9, 2021 | 4:15 PM The council voted.") == date(2021, 9, 9)
    assert dateline("11:02 AM, TUE 14 SEP 2021 The council voted.") == date(2021, 9, 14)
    assert dateline("Posted: 09/14/2021 7:40 am The council voted.") == date(2021, 9, 14)
    assert dateline("7:40 AM PDT 9/14 / 21 The council voted.") == date(2021, 9, 14)  # spaced, two-digit year
    assert dateline("Published: 2021. 09. 14 07:40 The council voted.") == date(2021, 9, 14)
    assert dateline("Article posted on 14. 09. 2021 The council voted.") == date(2021, 9, 14)  # day first
    assert dateline("Posted 25/12/2020 The council voted.") == date(2020, 12, 25)  # 25 cannot be a month


def test_the_first_date_near_the_top_is_the_dateline() -> None:
    assert dateline("March 3, 2020 The plant, opened on 04/01/1998, closed.") == date(2020, 3, 3)
    assert dateline("x" * 500 + " March 3, 2020") is None  # too far down to be a dateline
    assert dateline("Posted 13/13/2020 nothing") is None  # no such day


def test_groups_by_average_affinity() -> None:
    affinity = {("a", "b"): 0.5, ("b", "c"): 0.3, ("c", "d"): 0.01}
    groups = event_groups(["a", "b", "c", "d"], {}, affinity, CFG)
    assert groups["a"] == groups["b"] == groups["c"] and groups["d"] != groups["a"]


def test_a_date_gap_keeps_events_apart() -> None:
    dates = {"a": date(2024, 1, 29), "b": date(2024, 1, 30), "c": date(2021, 6, 27)}
    groups = event_groups(["a", "b", "c"], dates, {("a", "b"): 0.5, ("a", "c"): 0.5, ("b", "c"): 0.5}, CFG)
    assert groups["a"] == groups["b"] != groups["c"]


def test_other_event_claims_stay_in_their_own_clusters() -> None:
    texts = ["Kirby spoke.", "Militias attacked.", "Three died."]
    claims = [claim(d, t) for d in ("a", "b", "old") for t in texts]
    # b says the same in other words (cosine 0.87); old matches a (0.77), but is three years older.
    vectors = np.vstack([np.roll(angle(deg, 8), 2 * i) for deg in (0, 30, -40) for i in range(3)])
    documents = {"a": article("a", published="2024-01-29"), "b": article("b", published="2024-01-29"),
                 "old": article("old", published="2021-06-27")}
    result = cluster_claims(claims, vectors, documents, CFG)
    assert result.documents["old"].flags == (OTHER_EVENT,)
    assert result.documents["a"].flags == () and result.documents["b"].flags == ()
    old_ids = {c.id for c in claims if c.document_id == "old"}
    for cluster in result.clusters:
        assert not (old_ids & set(cluster.claims)) or set(cluster.claims) <= old_ids
    assert sorted(c.support for c in result.clusters) == [1, 1, 1, 2, 2, 2]
    assert all(s.claim_a not in old_ids and s.claim_b not in old_ids for s in result.suggestions)


def test_a_range_is_not_a_document_date() -> None:
    ranged = claim("a", "The worst since 1973.", dates=(DateRef("since 1973", "1973-01-01", None, "exact", "range"),))
    assert document_dates({"a": article("a", "No dateline.")}, [ranged]) == {"a": None}

"""Event scope on literal documents: datelines, date gaps, related-claim affinity, names, other-event flags."""

from __future__ import annotations

import math
import tracemalloc
from collections import Counter
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from test_cluster import CFG, angle, article, claim

from corroborate import cluster as cluster_module
from corroborate import scope
from corroborate.cluster import cluster_claims
from corroborate.records import Article, Claim, DateRef, JunkLine
from corroborate.scope import (
    OTHER_EVENT,
    NameVector,
    dateline,
    document_dates,
    document_names,
    dot,
    event_groups,
    mark_events,
    name_weights,
    reassign,
    regrouped,
    text_names,
)


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
        "pub": date(2024, 1, 29),
        "line": date(2013, 6, 13),
        "iso": date(2012, 3, 4),
        "claims": date(2011, 5, 2),
        "none": None,
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


def _two_reports_and_an_older_one() -> tuple[list[Claim], np.ndarray, dict[str, Article]]:
    """Three claims each of a, b and old. b says the same as a in other words (cosine 0.87); old matches a
    (0.77), but is three years older."""
    texts = ["Kirby spoke.", "Militias attacked.", "Three died."]
    claims = [claim(d, t) for d in ("a", "b", "old") for t in texts]
    vectors = np.vstack([np.roll(angle(deg, 8), 2 * i) for deg in (0, 30, -40) for i in range(3)])
    documents = {
        "a": article("a", published="2024-01-29"),
        "b": article("b", published="2024-01-29"),
        "old": article("old", published="2021-06-27"),
    }
    return claims, vectors, documents


def test_other_event_claims_stay_in_their_own_clusters() -> None:
    claims, vectors, documents = _two_reports_and_an_older_one()
    result = cluster_claims(claims, vectors, documents, CFG)
    assert result.documents["old"].flags == (OTHER_EVENT,)
    assert result.documents["a"].flags == () and result.documents["b"].flags == ()
    old_ids = {c.id for c in claims if c.document_id == "old"}
    for cluster in result.clusters:
        assert not (old_ids & set(cluster.claims)) or set(cluster.claims) <= old_ids
    assert sorted(c.support for c in result.clusters) == [1, 1, 1, 2, 2, 2]
    assert all(s.claim_a not in old_ids and s.claim_b not in old_ids for s in result.suggestions)


def test_a_stored_cluster_the_scope_now_puts_in_two_events_is_matched_again() -> None:
    """An earlier run, before the date of "old" was known, stored each of its claims with one of a's."""
    claims, vectors, documents = _two_reports_and_an_older_one()
    previous = {c.id: f"k{k % 3}" for k, c in enumerate(claims) if c.document_id != "b"}
    result = cluster_claims(claims, vectors, documents, CFG, previous=previous)
    old_ids = {c.id for c in claims if c.document_id == "old"}
    assert all(not (old_ids & set(c.claims)) or set(c.claims) <= old_ids for c in result.clusters)
    assert sorted(c.support for c in result.clusters) == [1, 1, 1, 2, 2, 2]  # a and b together, as in one run
    assert len({c.id for c in result.clusters}) == 6 and {f"k{k}" for k in range(3)} <= {c.id for c in result.clusters}


def test_a_range_is_not_a_document_date() -> None:
    ranged = claim("a", "The worst since 1973.", dates=(DateRef("since 1973", "1973-01-01", None, "exact", "range"),))
    assert document_dates({"a": article("a", "No dateline.")}, [ranged]) == {"a": None}


def test_names_are_capitalised_words_inside_sentences() -> None:
    text = (
        "Crews from Banbury fought the fire at the Mill Lane depot on Sunday. "
        "Residents said Ann Smith's bakery in Banbury was spared.\n"
        "Depot Fire Latest Pictures From The Scene\n"
        '"Ann Smith was lucky," the chief said.'
    )
    names = text_names(text)
    assert names == {"banbury": 2, "mill": 1, "lane": 1, "ann": 1, "smith": 2}
    # not names: sentence openers (Crews, Residents), weekdays (Sunday), a quote's opener (the second Ann),
    # and every word of a headline-like line


def test_junk_lines_bring_no_names() -> None:
    text = "Police in Banbury closed the road. Share on Facebook and Twitter now please."
    start = text.index("Share")
    junk = (JunkLine(start, len(text), text[start:], "share"),)
    doc = Article(id="a", path="a.txt", text=text, source="a", junk=junk)
    assert document_names({"a": doc}) == {"a": {"banbury": 1}}


def test_name_similarity_counts_shared_names_and_keeps_the_common_one() -> None:
    names = {
        "a": {"reid": 3, "malibu": 1},
        "b": {"reid": 2, "malibu": 1, "kim": 4},
        "c": {"reid": 1},
        "d": {"lohan": 2},
    }
    a, b, c, d = name_weights(names, ["a", "b", "c", "d"])[0]  # type: ignore[arg-type]
    assert math.isclose(dot(a, a), 1.0)
    assert dot(a, c) > 0  # only the name every document but one carries: it still counts
    assert dot(a, b) > dot(a, c)  # a second shared name; "kim" (one document) counts for nothing
    assert d == {}  # no shared name at all


def test_name_weights_in_one_pass_are_bit_for_bit_the_formula_with_rare_common_and_missing_names() -> None:
    names = {
        "a": Counter({"reid": 3, "malibu": 1, "kim": 1}),
        "b": Counter({"kim": 4, "reid": 2, "malibu": 1}),
        "c": Counter({"reid": 1, "solo": 7}),  # "solo": one document only, no weight anywhere
        "e": Counter({"only": 2}),  # nothing shared: empty vectors
    }
    ids = ["a", "b", "c", "d", "e"]  # "d" has no names at all
    vocab = {"kim": 0, "malibu": 1, "reid": 2}
    df = {"kim": 2, "malibu": 2, "reid": 3}

    def unit(weights: dict[int, float]) -> dict[int, float]:
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {k: w / norm for k, w in weights.items()} if norm > 0 else {}

    counts = {d: [(n, c) for n, c in names.get(d, Counter()).items() if n in vocab] for d in ids}
    idf = {n: math.log(6 / (df[n] + 1)) + 1 for n in vocab}
    vectors = [unit({vocab[n]: (1 + math.log(c)) * idf[n] for n, c in counts[d]}) for d in ids]
    profiles = [unit({vocab[n]: 1 + math.log(c) for n, c in counts[d]}) for d in ids]
    assert name_weights(names, ids) == (vectors, profiles)
    assert vectors[3] == vectors[4] == profiles[3] == profiles[4] == {}
    assert list(vectors[1]) == [0, 2, 1]  # each document's names in its own order, as the reassignment sums them


def _two_events(doc_ids: list[str], across: float = 0.1) -> tuple[dict[tuple[str, str], float], list[NameVector]]:
    """Affinity: 0.5 inside each event of three, 0.1 across (generic claims). Names: 0.8 inside, ``across`` across.

    Each name vector has a part every document shares, a part its event shares and a part of its own.
    """
    event = {d: d[0] for d in doc_ids}
    affinity = {(a, b): 0.5 if event[a] == event[b] else 0.1 for a in doc_ids for b in doc_ids if a < b}
    names = [
        {0: math.sqrt(across), ord(event[d]): math.sqrt(0.8 - across), 1000 + k: math.sqrt(0.2)}
        for k, d in enumerate(doc_ids)
    ]
    return affinity, names


def test_names_keep_two_events_of_the_same_kind_apart() -> None:
    ids = ["a1", "a2", "a3", "b1", "b2", "b3"]
    affinity, names = _two_events(ids)
    assert len(set(event_groups(ids, {}, affinity, CFG).values())) == 1  # claims alone: one event
    groups = event_groups(ids, {}, affinity, CFG, names)
    assert groups["a1"] == groups["a2"] == groups["a3"] != groups["b1"] == groups["b2"] == groups["b3"]
    _, alike = _two_events(ids, across=0.8)  # one event: names overlap as much across as inside
    assert len(set(event_groups(ids, {}, affinity, CFG, alike).values())) == 1


def test_names_do_not_judge_small_groups() -> None:
    ids = ["a1", "a2", "b1", "b2"]
    affinity, names = _two_events(ids)
    assert len(set(event_groups(ids, {}, affinity, CFG, names).values())) == 1  # two named documents a side


def test_a_document_that_linked_early_moves_to_the_group_it_fits() -> None:
    ids = ["a1", "a2", "a3", "b1", "b2", "b3", "b4"]
    affinity, names = _two_events(ids)
    wrong = {"a1": 0, "a2": 0, "a3": 0, "b1": 0, "b2": 1, "b3": 1, "b4": 1}  # b1 linked with a on generic claims
    assert reassign(ids, wrong, affinity, names, {}, CFG)["b1"] == 1
    far = {"b1": date(2020, 1, 1), "b2": date(2024, 1, 1)}
    assert reassign(ids, wrong, affinity, names, far, CFG)["b1"] == 0  # not across a date gap
    assert reassign(ids, {**wrong, "b1": 2}, affinity, names, {}, CFG)["b1"] == 2  # alone: stays alone


def _fires(copies: bool) -> tuple[dict[str, Article], list[Claim], list[tuple[int, int]]]:
    """Six reports of two depot fires: three in Banbury, three in Kettering, one generic claim shared by all."""
    towns = {"a": ("Banbury", "Ann Smith"), "b": ("Kettering", "Tom Reed")}
    documents, claims = {}, []
    for d in ("a1", "a2", "a3", "b1", "b2", "b3"):
        town, owner = towns[d[0]]
        text = (
            f"Crews in {town} fought a fire at the Tesco depot overnight. "
            f"Police said {owner} of {town} had raised the alarm. The owner, {owner}, was not hurt."
        )
        origin = "b1" if copies and d in ("b2", "b3") else None
        documents[d] = Article(id=d, path=f"{d}.txt", text=text, source=d, origin=origin)
        claims += [
            claim(d, "A depot burned."),
            claim(d, f"{town} police said the owner raised the alarm."),
            claim(d, f"The {town} owner was not hurt."),
            claim(d, f"{d} was written."),
        ]
    row = {(c.document_id, k % 4): k for k, c in enumerate(claims)}
    matched = [(row[(x, 0)], row[(y, 0)]) for x in documents for y in documents if x < y]
    matched += [
        (row[(x, k)], row[(y, k)]) for x in documents for y in documents if x < y and x[0] == y[0] for k in (1, 2)
    ]
    return documents, claims, matched


def test_reports_of_another_fire_are_flagged() -> None:
    documents, claims, matched = _fires(copies=False)
    flagged = {d for d, doc in mark_events(documents, claims, matched, CFG)[0].items() if OTHER_EVENT in doc.flags}
    assert flagged in ({"a1", "a2", "a3"}, {"b1", "b2", "b3"})


def test_copies_bring_no_names_of_their_own() -> None:
    documents, claims, matched = _fires(copies=True)  # b2 and b3 copy b1: Kettering has one named document
    out, groups = mark_events(documents, claims, matched, CFG)
    assert len(set(groups.values())) == 1 and not any(OTHER_EVENT in doc.flags for doc in out.values())


def test_a_document_cannot_join_a_group_whose_earliest_date_is_too_far() -> None:
    dates = {"a": date(2024, 1, 1), "b": date(2024, 2, 10), "c": date(2024, 3, 20)}  # c is 39 days from b, 79 from a
    groups = event_groups(["a", "b", "c"], dates, {("a", "b"): 0.5, ("b", "c"): 0.5, ("a", "c"): 0.5}, CFG)
    assert groups["a"] == groups["b"] != groups["c"]


def test_without_an_affinity_floor_a_document_can_move_on_names_alone() -> None:
    ids = ["a1", "a2", "a3", "b1", "b2", "b3", "b4"]
    affinity, names = _two_events(ids)
    affinity = {pair: value for pair, value in affinity.items() if "b1" not in pair or pair == ("a1", "b1")}
    wrong = {"a1": 0, "a2": 0, "a3": 0, "b1": 0, "b2": 1, "b3": 1, "b4": 1}
    assert reassign(ids, wrong, affinity, names, {}, CFG)["b1"] == 0  # no affinity to b: it stays
    assert reassign(ids, wrong, affinity, names, {}, replace(CFG, events=replace(CFG.events, link=0.0)))["b1"] == 1


def test_a_thousand_documents_on_one_protagonist_need_no_square_matrix() -> None:
    """1,200 documents in four events, each event's names in all its documents: a dense name similarity.

    The documents x documents matrices scope used to build peaked at 45 MB here; the sparse scope needs 1.3 MB.
    """
    documents, claims, matched = {}, [], []
    for k in range(1200):
        event, doc = k % 4, f"d{k:04d}"
        text = f"Police said Ann Event{event} met Tom Town{event} and Kim Person{k} in Place{event} today."
        documents[doc] = article(doc, text, published=f"2024-0{event + 1}-0{k % 9 + 1}")
        claims += [claim(doc, f"{doc} one."), claim(doc, f"{doc} two.")]
        if k >= 4:
            matched += [(2 * (k - 4), 2 * k), (2 * (k - 4) + 1, 2 * k + 1)]  # same event, previous document
    tracemalloc.start()
    out, groups = mark_events(documents, claims, matched, CFG)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8_000_000
    events: dict[int, set[int]] = {}
    for d, g in groups.items():
        events.setdefault(g, set()).add(int(d[1:]) % 4)
    assert all(len(e) == 1 for e in events.values())  # no group mixes two events


def _story(prefix: str, event_name: str) -> dict[str, Counter[str]]:
    """Three documents of one event: four names the whole story carries, the event's own place, one name each."""
    story = {"bettyford": 1, "tara": 1, "reid": 1, "hollywood": 1}
    return {f"{prefix}{k}": Counter({**story, event_name: 1, f"{prefix}{k}only": 1}) for k in range(3)}


def test_a_name_the_whole_story_carries_does_not_hold_its_two_events_together_in_a_large_database() -> None:
    # Two rehab stays of one story (events a and b: the same clinic and person, another place and
    # year), loaded together with 60 documents of other stories that never name the clinic. Over the
    # whole database "bettyford" and "reid" are rare, so a database-wide idf makes them the strongest
    # names the two events share; counted among the documents the two groups relate to, they are
    # what every document of the story says, and only the events' own names tell them apart.
    names = {**_story("a", "malibu"), **_story("b", "palmsprings")}
    other = {f"x{k}": Counter({f"story{k // 2}": 2, "washington": 1}) for k in range(60)}
    names.update(other)
    ids = sorted(names)
    story = [d for d in ids if d[0] in "ab"]
    affinity = {(a, b): 0.5 if a[0] == b[0] else 0.2 for a in story for b in story if a < b}
    affinity.update({(f"x{2 * k}", f"x{2 * k + 1}"): 0.5 for k in range(30)})
    groups = event_groups(ids, {}, affinity, CFG, *name_weights(names, ids))
    assert groups["a0"] == groups["a1"] == groups["a2"] != groups["b0"] == groups["b1"] == groups["b2"]
    alone = {d: names[d] for d in story}  # the story loaded on its own: the same two events
    groups = event_groups(story, {}, affinity, CFG, *name_weights(alone, story))
    assert groups["a0"] == groups["a1"] == groups["a2"] != groups["b0"] == groups["b1"] == groups["b2"]


def _three_fires(new: bool) -> tuple[dict[str, Article], list[Claim], list[tuple[int, int]]]:
    """Three reports each of three depot fires in three towns, matched only within a town; ``new`` adds a4."""
    towns = {"a": ("Banbury", "Ann Smith"), "b": ("Kettering", "Tom Reed"), "c": ("Corby", "Kim Lee")}
    ids = ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"] + (["a4"] if new else [])
    documents, claims = {}, []
    for d in ids:
        town, owner = towns[d[0]]
        text = (
            f"Crews in {town} fought a fire at the depot overnight. "
            f"Police said {owner} of {town} had raised the alarm. The owner, {owner}, was not hurt."
        )
        documents[d] = Article(id=d, path=f"{d}.txt", text=text, source=d)
        claims += [claim(d, f"A {town} depot burned."), claim(d, f"{owner} raised the alarm."), claim(d, f"{d}.")]
    row = {(c.document_id, k % 3): k for k, c in enumerate(claims)}
    matched = [(row[(x, k)], row[(y, k)]) for x in ids for y in ids if x < y and x[0] == y[0] for k in (0, 1)]
    return documents, claims, matched


def test_an_incremental_grouping_regroups_only_what_the_new_document_touches(monkeypatch: pytest.MonkeyPatch) -> None:
    _, stored = mark_events(*_three_fires(new=False), CFG)
    documents, claims, matched = _three_fires(new=True)
    full_docs, full = mark_events(documents, claims, matched, CFG)
    grouped: list[list[str]] = []
    real = scope.event_groups
    monkeypatch.setattr(scope, "event_groups", lambda ids, *rest: grouped.append(list(ids)) or real(ids, *rest))
    docs, groups = mark_events(documents, claims, matched, CFG, stored=stored, touched={"a4"})
    assert grouped == [["a1", "a2", "a3", "a4"]]  # the new document and the group it joins, nothing else
    assert groups == full and docs == full_docs  # the same groups, labels and flags as grouping all again
    assert all(groups[d] == stored[d] for d in stored if d[0] != "a")  # untouched groups keep their labels
    assert len(set(groups.values())) == 3 and groups["a4"] == groups["a1"] == "a1"


def test_regrouping_falls_back_to_all_documents_without_stored_groups_or_past_half_of_them() -> None:
    documents, claims, matched = _three_fires(new=True)
    _, stored = mark_events(*_three_fires(new=False), CFG)
    assert regrouped(documents, claims, matched, {}, {"a4"}) is None
    assert regrouped(documents, claims, matched, stored, {"a4"}) == {"a1", "a2", "a3", "a4"}
    assert regrouped(documents, claims, matched, stored, {"a4", "b1"}) is None  # 7 of 10 documents
    missing = {d: g for d, g in stored.items() if d not in ("c2", "a4")}  # documents the stored groups lack
    assert regrouped(documents, claims, matched, missing, ()) is None  # a4 and c2 with their groups: 7 of 10
    assert regrouped(documents, claims, matched, {**missing, "c2": stored["c2"]}, ()) == {"a1", "a2", "a3", "a4"}


def test_a_stored_cluster_a_reviewer_decided_on_stays_together_across_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reviewer must-linked a claim of today's report with one of a three-year-older report: their cluster
    is the reviewer's, not matched again however the scope splits its documents."""
    documents = {
        "a": article("a", published="2024-01-29"),
        "b": article("b", published="2024-01-29"),
        "o1": article("o1", published="2021-06-27"),
        "o2": article("o2", published="2021-06-27"),
    }
    claims = [
        claim("a", "Three died."),
        claim("b", "Three people died."),
        claim("o1", "Three died."),
        claim("o2", "So."),
    ]
    vectors = np.vstack([angle(0, 8), angle(5, 8), angle(80, 8), angle(85, 8)])
    must = [(claims[0].id, claims[2].id)]
    previous = {c.id: "k" for c in claims}  # stored as one cluster, the reviewer's pair in it
    queried: list[int] = []
    real = cluster_module.candidate_pairs
    monkeypatch.setattr(
        cluster_module, "candidate_pairs", lambda c, v, q, cfg: queried.append(len(q)) or real(c, v, q, cfg)
    )
    result = cluster_claims(claims, vectors, documents, CFG, must_link=must, previous=previous)
    assert result.readings.events["b"] != result.readings.events["o2"]  # the scope does split them
    assert queried == [2]  # the reviewer's two claims, as every run; the cluster's others are not matched again
    home = {i: c.id for c in result.clusters for i in c.claims}
    assert home[claims[0].id] == home[claims[2].id]  # the reviewer's pair
    assert home[claims[1].id] == home[claims[3].id] == "k"  # the rest of the stored cluster, left as stored


def test_a_stored_document_whose_lineage_a_new_one_changes_is_grouped_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "copy" was stored alone; "orig", published the day before with the same claims, makes it a copy."""
    claims = [claim("orig", f"claim {i}") for i in range(4)] + [claim("copy", f"claim {i}") for i in range(4)]
    vectors = np.vstack(
        [np.roll(angle(0, 10), 2 * i) for i in range(4)] + [np.roll(angle(1, 10), 2 * i) for i in range(4)]
    )
    documents = {"orig": article("orig", published="2024-01-28"), "copy": article("copy", published="2024-01-29")}
    previous = {c.id: f"s{k}" for k, c in enumerate(claims) if c.document_id == "copy"}
    touched: list[set[str]] = []
    real = scope.mark_events
    monkeypatch.setattr(scope, "mark_events", lambda *a: touched.append(set(a[-1])) or real(*a))
    readings = cluster_claims(claims[4:], vectors[4:], {"copy": documents["copy"]}).readings
    result = cluster_claims(claims, vectors, documents, CFG, previous=previous, readings=readings)
    assert result.documents["copy"].origin == "orig"
    assert touched[-1] == {"orig", "copy"}  # the new document, and the stored one its lineage changed

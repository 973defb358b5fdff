"""Event scope: which documents report the same event. Part of the cluster stage.

Documents are grouped by average linkage over a document affinity: the share
of the two documents' claims that match a claim of the other (a copy counts
like any other document). Two groups never merge when any two of their
documents are dated more than ``event_days`` apart, or when their mean
affinity is below ``event_link``. A document's date is its published date, else
a dateline near the top of its text (month names in any case, ISO and numeric
forms), else the most common exact point date among its claims (never a range:
"since at least 1973" dates nothing).

The largest group is the main event; documents of every other group with at
least one claim are flagged "other-event". Claims of different groups are
never matched, so another event's claims neither corroborate nor contradict.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.records import Article, Claim

OTHER_EVENT = "other-event"
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
YEAR = r"(?P<year>(?:19|20)\d\d)"
DATELINES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"\b(?P<mon>{MONTH})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? {YEAR}\b",  # May 2, 2013; MAY 3RD 2013
    rf"\b(?P<day>\d{{1,2}}) (?P<mon>{MONTH})\.?,? {YEAR}\b",  # 22 Jul 2013
    rf"\b{YEAR} ?[-.] ?(?P<month>\d{{1,2}}) ?[-.] ?(?P<day>\d{{1,2}})\b",  # 2012-03-04, 2012. 08. 08
    r"\b(?P<month>\d{1,2}) ?/ ?(?P<day>\d{1,2}) ?/ ?(?P<year>(?:19|20)?\d\d)\b",  # 05/02/2013, 8/2 / 13
    rf"\b(?P<day>\d{{1,2}})\. ?(?P<month>\d{{1,2}})\. ?{YEAR}\b",  # 08. 07. 2012
))
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
DATELINE_CHARS = 400


def mark_events(documents: Mapping[str, Article], claims: Sequence[Claim], matched: Sequence[tuple[int, int]],
                config: MatchConfig = DEFAULT_MATCH) -> tuple[dict[str, Article], dict[str, int]]:
    """The documents with "other-event" flagged, and each document's event group."""
    counts = Counter(c.document_id for c in claims)
    affinity = affinities(claims, matched, counts)
    dates = document_dates(documents, claims)
    groups = event_groups(sorted(documents), dates, affinity, config)
    main = _main_group(groups, counts)
    out = {}
    for doc_id, doc in documents.items():
        other = groups[doc_id] != main and counts[doc_id] > 0
        flags = tuple(f for f in doc.flags if f != OTHER_EVENT) + ((OTHER_EVENT,) if other else ())
        out[doc_id] = replace(doc, flags=flags)
    return out, groups


def affinities(claims: Sequence[Claim], matched: Sequence[tuple[int, int]],
               counts: Mapping[str, int]) -> dict[tuple[str, str], float]:
    """(doc a, doc b) with a < b -> share of both documents' claims matched in the other."""
    seen: dict[tuple[str, str], set[int]] = {}
    for i, j in matched:
        a, b = claims[i].document_id, claims[j].document_id
        if a != b:
            seen.setdefault((min(a, b), max(a, b)), set()).update((i, j))
    return {pair: len(rows) / (counts[pair[0]] + counts[pair[1]]) for pair, rows in seen.items()}


def document_dates(documents: Mapping[str, Article], claims: Sequence[Claim]) -> dict[str, date | None]:
    """Published date, else a dateline near the top of the text, else the claims' commonest exact date."""
    exact: dict[str, Counter[str]] = {}
    for c in claims:
        for d in c.dates:
            if d.start and d.confidence == "exact" and d.kind != "range":  # "since 1973" is no event date
                exact.setdefault(c.document_id, Counter())[d.start] += 1
    return {doc_id: _published(doc) or dateline(doc.text) or _commonest(exact.get(doc_id))
            for doc_id, doc in documents.items()}


def _published(doc: Article) -> date | None:
    try:
        return date.fromisoformat(doc.published[:10]) if doc.published else None
    except ValueError:
        return None


def dateline(text: str) -> date | None:
    """The first date written out near the top of the text, where saved web pages keep their dateline.

    Numbers with slashes are read month first, as US outlets write them, unless the first cannot be
    a month; numbers with dots are read day first, as European outlets write them.
    """
    top = text[:DATELINE_CHARS]
    found = [m for m in (p.search(top) for p in DATELINES) if m]
    if not found:
        return None
    parts = min(found, key=lambda m: m.start()).groupdict()
    year = int(parts["year"])
    year += 0 if year >= 100 else (2000 if year < 70 else 1900)
    month = MONTH_NUMBER[parts["mon"][:3].lower()] if parts.get("mon") else int(parts["month"])
    day = int(parts["day"])
    if month > 12 >= day:
        month, day = day, month
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _commonest(counter: Counter[str] | None) -> date | None:
    if not counter:
        return None
    try:
        return date.fromisoformat(counter.most_common(1)[0][0][:10])
    except ValueError:
        return None


def event_groups(doc_ids: Sequence[str], dates: Mapping[str, date | None],
                 affinity: Mapping[tuple[str, str], float], config: MatchConfig = DEFAULT_MATCH) -> dict[str, int]:
    """Average-linkage groups of documents; a date gap over ``event_days`` forbids a merge."""
    group = {d: i for i, d in enumerate(doc_ids)}
    members: dict[int, list[str]] = {i: [d] for i, d in enumerate(doc_ids)}
    sums: dict[tuple[int, int], float] = {}
    for (a, b), value in affinity.items():
        if a in group and b in group:
            key = (min(group[a], group[b]), max(group[a], group[b]))
            sums[key] = sums.get(key, 0.0) + value
    heap = [(-_mean(sums[k], members, k), k) for k in sums]
    heapq.heapify(heap)
    while heap:
        neg, (x, y) = heapq.heappop(heap)
        if x not in members or y not in members or -neg != _mean(sums.get((x, y), 0.0), members, (x, y)):
            continue
        if -neg < config.event_link:
            break
        if _far_apart(members[x], members[y], dates, config.event_days):
            continue
        _merge(x, y, members, sums, heap)
    return {d: g for g, docs in members.items() for d in docs}


def _mean(total: float, members: Mapping[int, list[str]], key: tuple[int, int]) -> float:
    return total / (len(members[key[0]]) * len(members[key[1]]))


def _far_apart(a: Sequence[str], b: Sequence[str], dates: Mapping[str, date | None], days: int) -> bool:
    known_a = [dates[d] for d in a if dates.get(d)]
    known_b = [dates[d] for d in b if dates.get(d)]
    return any(abs((x - y).days) > days for x in known_a for y in known_b)  # type: ignore[operator]


def _merge(x: int, y: int, members: dict[int, list[str]], sums: dict[tuple[int, int], float],
           heap: list[tuple[float, tuple[int, int]]]) -> None:
    """Fold group y into x and push x's new mean affinities."""
    members[x] += members.pop(y)
    for key in [k for k in sums if y in k]:
        other = key[0] if key[1] == y else key[1]
        value = sums.pop(key)
        if other != x:
            new = (min(x, other), max(x, other))
            sums[new] = sums.get(new, 0.0) + value
    sums.pop((min(x, y), max(x, y)), None)
    for key in [k for k in sums if x in k]:
        heapq.heappush(heap, (-_mean(sums[key], members, key), key))


def _main_group(groups: Mapping[str, int], counts: Mapping[str, int]) -> int | None:
    """The group with the most documents (then the most claims)."""
    if not groups:
        return None
    docs = Counter(groups.values())
    claims: Counter[int] = Counter()
    for doc_id, g in groups.items():
        claims[g] += counts.get(doc_id, 0)
    return max(docs, key=lambda g: (docs[g], claims[g], -g))

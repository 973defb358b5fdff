"""Event scope: which documents report the same event. Part of the cluster stage.

A corpus about one event often holds a few documents about another event of the
same kind (an older strike, another celebrity in rehab). Generic claims ("the
quake killed people") look alike across such events; what tells them apart is
mostly who, where and when. The rules, in order:

1. Affinity. Two documents are related by the share of their claims that match
   a claim of the other (a copy counts like any other document).
2. Dates. A document's date is its published date, else a dateline near the top
   of its text (month names in any case, ISO and numeric forms), else the most
   common exact point date among its claims (never a range: "since at least
   1973" dates nothing).
3. Names. A document's names are its capitalised words that do not open a
   sentence (no trained NER: in news prose such a word is nearly always part
   of a person, place or organisation), headlines and junk lines left out. A
   copy (lineage) brings no names of its own. Two documents' name similarity
   is the cosine of their tf-idf name vectors over the corpus (for reassignment,
   below); the grouping's name test weighs names by their rarity among the
   documents the two groups relate to, not over the whole database.
4. Grouping. Documents are grouped by average linkage over affinity. Two
   groups never merge when their mean affinity is below ``events.link``, when
   any two of their documents are dated more than ``events.days`` apart, or,
   once both hold ``events.names_min`` named documents, when their names overlap
   across the two groups less than ``events.names`` times as much as inside
   them (the test is relative, so it needs no scale: one event's documents
   share about as many names across any split as inside it).
5. Reassignment. Linkage is greedy: a document can join the wrong group early,
   on a few generic claims, before the right group exists. Each document then
   moves to the group of at least ``events.names_min`` documents it fits best
   (mean affinity plus mean name similarity), where its mean affinity is at
   least ``events.link`` and no date is too far.

The largest group is the main event; documents of every other group with at
least one claim are flagged "other-event". Claims of different groups are
never matched, so another event's claims neither corroborate nor contradict.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from corroborate.config import DEFAULT_MATCH, MatchConfig
from corroborate.lexicon import CALENDAR_WORDS, MONTH_PATTERN, MONTHS
from corroborate.records import OTHER_EVENT, Article, Claim, claim_documents, claims_at

MONTH = MONTH_PATTERN
YEAR = r"(?P<year>(?:19|20)\d\d)"
DATELINES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b(?P<mon>{MONTH})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? {YEAR}\b",  # May 2, 2013; MAY 3RD 2013
        rf"\b(?P<day>\d{{1,2}}) (?P<mon>{MONTH})\.?,? {YEAR}\b",  # 22 Jul 2013
        rf"\b{YEAR} ?[-.] ?(?P<month>\d{{1,2}}) ?[-.] ?(?P<day>\d{{1,2}})\b",  # 2012-03-04, 2012. 08. 08
        r"\b(?P<month>\d{1,2}) ?/ ?(?P<day>\d{1,2}) ?/ ?(?P<year>(?:19|20)?\d\d)\b",  # 05/02/2013, 8/2 / 13
        rf"\b(?P<day>\d{{1,2}})\. ?(?P<month>\d{{1,2}})\. ?{YEAR}\b",  # 08. 07. 2012
    )
)
MONTH_NUMBER = MONTHS  # every spelling, the three-letter ones included
DATELINE_CHARS = 400
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+|[\"“”:;]\s*|\s[-–—]+\s")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
STOP_WORDS = """
a an the this that these those it its he she they we i you his her their our my your him them us me
i'm i've i'd i'll and or but nor so yet if then in on at of for to from by with as after before about
over under into since until while when where what who why how not no yes all some any each every both
there here today yesterday tomorrow mr mrs ms dr st am pm et est edt pst pdt gmt bst utc updated posted
published
"""
NAME_STOP = frozenset(STOP_WORDS.split()) | CALENDAR_WORDS
HEADLINE_SHARE = 0.6  # a line with more capitalised words than this is a headline, not prose
REASSIGN_PASSES = 3
G = TypeVar("G", int, str)  # a group: its number in the linkage, or its label


def mark_events(
    documents: Mapping[str, Article],
    claims: Sequence[Claim],
    matched: Sequence[tuple[int, int]],
    config: MatchConfig = DEFAULT_MATCH,
    names_read: Mapping[str, Counter[str]] | None = None,
    datelines_read: Mapping[str, date | None] | None = None,
    stored: Mapping[str, str] | None = None,
    touched: Collection[str] = (),
) -> tuple[dict[str, Article], dict[str, str]]:
    """The documents with "other-event" flagged, and each document's event group (its label: a member's id).

    ``names_read`` holds ``document_names`` and ``datelines_read`` ``read_datelines`` the caller has already
    read (any others are read here). With ``stored`` (the groups an earlier run gave, by label), only the
    ``touched`` documents (and those ``stored`` lacks) are grouped again, with every document of the groups
    they relate to; the other groups stay as stored (``regrouped``).
    """
    docs = claim_documents(claims)
    counts = Counter(docs)
    region = regrouped(documents, claims, matched, stored or {}, touched)
    if region is None:
        inside, rows, own = dict(documents), matched, claims
    else:
        inside = {d: documents[d] for d in region}
        rows = [(i, j) for i, j in matched if docs[i] in region and docs[j] in region]
        own = claims_at(claims, [i for i, d in enumerate(docs) if d in region])
    doc_ids = sorted(inside)
    found = original_names(documents, names_read or {})
    names, profiles = name_weights(found, doc_ids, corpus=sorted(documents))
    dates = document_dates(inside, own, datelines_read)
    numbered = event_groups(doc_ids, dates, affinities(claims, rows, counts), config, names, profiles)
    fresh = _labelled(numbered)
    if region is None:  # the main group among all of them, by their numbers on a tie (as ever)
        groups, main = fresh, _main_group(numbered, counts)
        main_label = next((fresh[d] for d, g in numbered.items() if g == main), None)
    else:  # among the groups grouped again and those left as stored, by label on a tie
        groups = {d: fresh[d] if d in region else stored[d] for d in documents}  # type: ignore[index]
        main_label = _main_group(groups, counts)
    out = {}
    for doc_id, doc in documents.items():
        other = groups[doc_id] != main_label and counts[doc_id] > 0
        flags = tuple(f for f in doc.flags if f != OTHER_EVENT) + ((OTHER_EVENT,) if other else ())
        out[doc_id] = doc if flags == doc.flags else replace(doc, flags=flags)
    return out, groups


REGROUP_SHARE = 0.5  # past this share of the documents to group again, all are grouped again


def regrouped(
    documents: Mapping[str, Article],
    claims: Sequence[Claim],
    matched: Sequence[tuple[int, int]],
    stored: Mapping[str, str],
    touched: Collection[str],
) -> set[str] | None:
    """The documents to group again, or None for all of them.

    The touched documents, those without a stored group, the documents they share a matched pair with,
    and every document of the stored groups of all these: a new document can join a group, or join two
    into one, only through its matched pairs. None without stored groups, or when that is most documents.

    The groups left as stored were made by earlier runs from the pairs those runs saw (a run pairs only its
    new claims), so a store grown run by run can group otherwise than one run over everything would.
    """
    if not stored:
        return None
    start = {d for d in touched if d in documents} | {d for d in documents if d not in stored}
    partners = set(start)
    docs = claim_documents(claims)
    for i, j in matched:
        a, b = docs[i], docs[j]
        if a != b and (a in start or b in start):
            partners.update((a, b))
    hit = {stored[d] for d in partners if d in stored}
    region = partners | {d for d in documents if stored.get(d) in hit}
    return None if len(region) > REGROUP_SHARE * len(documents) else region


def _labelled(groups: Mapping[str, int]) -> dict[str, str]:
    """Each document's group named by its first member's id: unique, and the same whenever the group is."""
    first: dict[int, str] = {}
    for d, g in groups.items():
        if g not in first or d < first[g]:
            first[g] = d
    return {d: first[g] for d, g in groups.items()}


def affinities(
    claims: Sequence[Claim], matched: Sequence[tuple[int, int]], counts: Mapping[str, int]
) -> dict[tuple[str, str], float]:
    """(doc a, doc b) with a < b -> share of both documents' claims matched in the other."""
    seen: dict[tuple[str, str], set[int]] = {}
    docs = claim_documents(claims)
    for i, j in matched:
        a, b = docs[i], docs[j]
        if a != b:
            seen.setdefault((min(a, b), max(a, b)), set()).update((i, j))
    return {pair: len(rows) / (counts[pair[0]] + counts[pair[1]]) for pair, rows in seen.items()}


def document_dates(
    documents: Mapping[str, Article], claims: Sequence[Claim], datelines_read: Mapping[str, date | None] | None = None
) -> dict[str, date | None]:
    """Published date, else a dateline near the top of the text, else the claims' commonest exact date."""
    exact: dict[str, Counter[str]] = {}
    for c in claims:
        for d in c.dates:
            if d.start and d.confidence == "exact" and d.kind != "range":  # "since 1973" is no event date
                exact.setdefault(c.document_id, Counter())[d.start] += 1
    lines = read_datelines(documents, datelines_read or {})
    return {
        doc_id: _published(doc) or lines[doc_id] or _commonest(exact.get(doc_id)) for doc_id, doc in documents.items()
    }


def read_datelines(documents: Mapping[str, Article], read: Mapping[str, date | None]) -> dict[str, date | None]:
    """``dateline`` of each document with no published date, taken from ``read`` where it has it: a dateline
    depends on the text alone, and a stored text never changes (its id is its content's hash)."""
    return {d: read[d] if d in read else dateline(doc.text) for d, doc in documents.items() if _published(doc) is None}


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


def original_names(documents: Mapping[str, Article], read: Mapping[str, Counter[str]]) -> dict[str, Counter[str]]:
    """``document_names`` of the documents that copy none of the others (a copy brings no names of its own),
    taken from ``read`` where it has them: a document's names depend on its text and junk lines alone."""
    originals = [d for d, doc in documents.items() if not (doc.origin and doc.origin in documents)]
    unread = document_names({d: documents[d] for d in originals if d not in read})
    return {d: read[d] if d in read else unread[d] for d in originals}


def document_names(documents: Mapping[str, Article]) -> dict[str, Counter[str]]:
    """Each document's proper names (lower case) with their counts, from its text less its junk lines."""
    return {doc_id: text_names(_without_junk(doc)) for doc_id, doc in documents.items()}


def _without_junk(doc: Article) -> str:
    chars = list(doc.text)
    for j in doc.junk:
        chars[j.start : j.end] = " " * (j.end - j.start)
    return "".join(chars)


def text_names(text: str) -> Counter[str]:
    """Capitalised words that do not open a sentence or a quote, outside headline-like lines.

    "Police said Maria Lopez left Leeds." gives maria, lopez and leeds, not police (it opens the
    sentence); a headline ("Mayor Quits After Budget Row") capitalises nearly every word and is skipped.
    """
    out: Counter[str] = Counter()
    for sentence in SENTENCE_END.split(text):
        words = WORD.findall(sentence)
        capitalised = sum(w[0].isupper() for w in words)
        if len(words) < 4 or capitalised > HEADLINE_SHARE * len(words):
            continue
        for w in words[1:]:
            if w[0].isupper() and not w.isupper():
                name = re.sub(r"['’]s?$", "", w).lower()
                if len(name) > 1 and name not in NAME_STOP:
                    out[name] += 1
    return out


NameVector = dict[int, float]  # name index -> tf-idf weight, unit length; empty without shared names


def name_weights(
    names: Mapping[str, Counter[str]], doc_ids: Sequence[str], corpus: Sequence[str] | None = None
) -> tuple[list[NameVector], list[NameVector]]:
    """(vectors, profiles) of the documents' names, sparse and of unit length, in ``doc_ids`` order.

    A vector weighs each name by tf-idf: two documents' name similarity is the dot product of their
    vectors (their cosine). Only names of at least two documents count (others can overlap nothing). The
    idf is smoothed (+1), so a name every document carries still counts: in a corpus about one event that
    name is the event's protagonist, and leaving it out would leave only incidental names to compare.
    Sparse because one event's protagonist makes the documents x documents similarity matrix dense.

    A profile weighs each name by count alone (1 + log count); the rarity weight comes later, from the
    two groups being compared (``_Linkage.names_apart``). Both in one pass: one vocabulary, one count
    weight per name of a document and one idf per name of the corpus: ``corpus`` when given (the documents
    grouped again in an incremental run weigh names as over all documents), else ``doc_ids``.
    """
    over = doc_ids if corpus is None else corpus
    df: Counter[str] = Counter(n for d in over for n in names.get(d, ()))
    vocab = {n: k for k, n in enumerate(sorted(n for n, c in df.items() if c >= 2))}
    idf = {vocab[n]: math.log((len(over) + 1) / (df[n] + 1)) + 1 for n in vocab}
    vectors, profiles = [], []
    for d in doc_ids:
        profile = {vocab[n]: 1 + math.log(count) for n, count in names.get(d, Counter()).items() if n in vocab}
        vectors.append(_unit({k: w * idf[k] for k, w in profile.items()}))
        profiles.append(_unit(profile))
    return vectors, profiles


def _unit(weights: NameVector) -> NameVector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w / norm for k, w in weights.items()} if norm > 0 else {}


def dot(a: NameVector, b: NameVector) -> float:
    """Dot product of two sparse vectors (the cosine of two name vectors)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def _add(total: NameVector, v: NameVector, sign: float = 1.0) -> None:
    for k, w in v.items():
        total[k] = total.get(k, 0.0) + sign * w


Span = tuple[date, date] | None  # a group's earliest and latest known date


def _span(docs: Sequence[str], dates: Mapping[str, date | None]) -> Span:
    known = [day for d in docs if (day := dates.get(d))]
    return (min(known), max(known)) if known else None


def _join(a: Span, b: Span) -> Span:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _far(a: Span, b: Span, days: int) -> bool:
    """Whether any date of one group is more than ``days`` from any date of the other."""
    if a is None or b is None:
        return False
    return max((a[1] - b[0]).days, (b[1] - a[0]).days) > days


def event_groups(
    doc_ids: Sequence[str],
    dates: Mapping[str, date | None],
    affinity: Mapping[tuple[str, str], float],
    config: MatchConfig = DEFAULT_MATCH,
    names: Sequence[NameVector] | None = None,
    profiles: Sequence[NameVector] | None = None,
) -> dict[str, int]:
    """Average-linkage groups of documents, then each document in the group it fits best.

    ``names`` are the vectors of ``name_weights`` over ``doc_ids`` (for the reassignment), ``profiles``
    its profiles (for the linkage's name test; ``names`` stand in for it when not given);
    without either only affinity and dates count.
    """
    vectors = list(names) if names is not None else [{} for _ in doc_ids]
    link = _Linkage(doc_ids, affinity, list(profiles) if profiles is not None else vectors, dates, config.events.link)
    while link.heap:
        neg, (x, y) = heapq.heappop(link.heap)
        if not link.current(x, y, -neg):
            continue
        if -neg < config.events.link:
            break
        if _far(link.span[x], link.span[y], config.events.days):
            continue
        if link.names_apart(x, y, config):
            continue
        link.merge(x, y)
    groups = {d: g for g, docs in link.members.items() for d in docs}
    return reassign(doc_ids, groups, affinity, vectors, dates, config)


class _Linkage:
    """Live groups of documents with their summed affinities (a sparse graph) and their names.

    Per group, the names are kept as sums over its documents' name profiles (the profiles, their
    squares, and in how many documents each name occurs), so two groups are compared without a
    documents x documents matrix; memory grows with the affinity pairs and the names.

    Only pairs whose mean affinity reaches ``floor`` enter the heap: the linkage stops at the first pair
    under it, and the mean of a merged group with another is a weighted mean of its parts' means, so a
    pair under the floor can only be lifted over it by a merge, which pushes the pair again.
    """

    def __init__(
        self,
        doc_ids: Sequence[str],
        affinity: Mapping[tuple[str, str], float],
        profiles: Sequence[NameVector],
        dates: Mapping[str, date | None],
        floor: float = 0.0,
    ) -> None:
        self.floor = floor
        group = {d: i for i, d in enumerate(doc_ids)}
        self.members: dict[int, list[str]] = {i: [d] for i, d in enumerate(doc_ids)}
        self.links: dict[int, dict[int, float]] = {i: {} for i in range(len(doc_ids))}
        for (a, b), value in affinity.items():
            if a in group and b in group and a != b:
                x, y = group[a], group[b]
                self.links[x][y] = self.links[y][x] = self.links[x].get(y, 0.0) + value
        self.sums = [dict(v) for v in profiles]  # summed name profiles of each live group
        self.squares = [{k: w * w for k, w in v.items()} for v in profiles]
        self.df: list[dict[int, float]] = [dict.fromkeys(v, 1.0) for v in profiles]  # documents naming each
        self.named = [int(bool(v)) for v in profiles]
        self.span = [_span([d], dates) for d in doc_ids]
        self.heap = [
            (-mean, (x, y))
            for x, ys in self.links.items()
            for y in ys
            if x < y and (mean := self.mean((x, y))) >= floor
        ]
        heapq.heapify(self.heap)

    def mean(self, key: tuple[int, int]) -> float:
        x, y = key
        return self.links[x].get(y, 0.0) / (len(self.members[x]) * len(self.members[y]))

    def current(self, x: int, y: int, value: float) -> bool:
        """Whether a popped heap entry still describes two live groups (stale entries are skipped)."""
        return x in self.members and y in self.members and value == self.mean((x, y))

    def names_apart(self, x: int, y: int, config: MatchConfig) -> bool:
        """Whether names overlap across the two groups far less than inside them: different events.

        The overlap is a mean of profile dot products over pairs of documents, each shared name
        weighted by its squared idf. The idf is counted among the two groups and the groups they
        have affinity to, not over the whole database: a name all of a story's documents carry
        (the clinic of two rehab stays) says nothing about which of its events a document reports,
        however rare it is in a database of many stories. Documents without names are left out,
        like undated documents for the date gap. Groups with fewer than ``events.names_min`` named
        documents are not judged: a document or two says too little about what a group is about.
        """
        nx, ny = self.named[x], self.named[y]
        if min(nx, ny) < config.events.names_min:
            return False
        around = {x, y} | {
            g for h in (x, y) for g in self.links[h] if self.mean((min(g, h), max(g, h))) >= config.events.link
        }
        weight = self._idf_squared(around)
        sx, sy = self.sums[x], self.sums[y]
        small, big = (sx, sy) if len(sx) < len(sy) else (sy, sx)
        cross = sum(weight(k) * w * big[k] for k, w in small.items() if k in big) / (nx * ny)
        inside = (self._inside(x, weight) + self._inside(y, weight)) / 2
        return bool(cross < config.events.names * inside)

    def _idf_squared(self, around: set[int]) -> Callable[[int], float]:
        total = sum(self.named[g] for g in around)
        df: Counter[int] = Counter()
        for g in around:
            df.update(self.df[g])
        return lambda k: (math.log((total + 1) / (df[k] + 1)) + 1) ** 2

    def _inside(self, g: int, weight: Callable[[int], float]) -> float:
        """Mean weighted name overlap over the group's pairs of named documents."""
        n = self.named[g]
        squares = self.squares[g]
        return sum(weight(k) * (w * w - squares[k]) for k, w in self.sums[g].items()) / (n * (n - 1))

    def merge(self, x: int, y: int) -> None:
        """Fold group y into x and push x's new mean affinities."""
        for table in (self.sums, self.squares, self.df):
            _add(table[x], table[y])
            table[y] = {}
        self.named[x] += self.named[y]
        self.span[x] = _join(self.span[x], self.span[y])
        self.members[x] += self.members.pop(y)
        links = self.links
        for other, value in links.pop(y).items():
            del links[other][y]
            if other != x:
                links[x][other] = links[other][x] = links[x].get(other, 0.0) + value
        for other in links[x]:
            key = (min(x, other), max(x, other))
            if (mean := self.mean(key)) >= self.floor:
                heapq.heappush(self.heap, (-mean, key))


def reassign(
    doc_ids: Sequence[str],
    groups: Mapping[str, int],
    affinity: Mapping[tuple[str, str], float],
    names: Sequence[NameVector],
    dates: Mapping[str, date | None],
    config: MatchConfig = DEFAULT_MATCH,
) -> dict[str, int]:
    """Move each grouped document to the established group it fits best, a few passes.

    A document's fit to a group is its mean affinity plus its mean name similarity to the group's
    other members. Targets hold at least ``events.names_min`` documents, the document's mean
    affinity to them is at least ``events.link`` and no date is too far. A document alone stays
    alone: linkage found nothing it relates to strongly enough.
    """
    fit = _Fit(doc_ids, groups, affinity, names, dates)
    out = dict(groups)
    for _ in range(REASSIGN_PASSES):
        moved = False
        for i, d in enumerate(doc_ids):
            better = fit.better(i, config.events.names_min, config.events.link)
            target = next((k for k in better if not _far(_span([d], dates), fit.span(k), config.events.days)), None)
            if target is not None:
                fit.move(i, target)
                out[d] = fit.labels[target]
                moved = True
        if not moved:
            break
    return out


class _Fit:
    """Per group: size, named members, summed name vector and dates; per document: its affinities.

    A document's summed affinity to a group comes from its own affinity pairs, its summed name
    similarity from a dot product with the group's summed name vector. Name similarity is averaged
    over the members with names only, as in linkage.
    """

    def __init__(
        self,
        doc_ids: Sequence[str],
        groups: Mapping[str, int],
        affinity: Mapping[tuple[str, str], float],
        names: Sequence[NameVector],
        dates: Mapping[str, date | None],
    ) -> None:
        index = {d: i for i, d in enumerate(doc_ids)}
        self.related: list[dict[int, float]] = [{} for _ in doc_ids]
        for (a, b), value in affinity.items():
            if a in index and b in index:
                self.related[index[a]][index[b]] = self.related[index[b]][index[a]] = value
        self.labels = sorted(set(groups.values()))
        column = {g: k for k, g in enumerate(self.labels)}
        self.group = [column[groups[d]] for d in doc_ids]
        self.names = names
        self.named = [int(bool(v)) for v in names]
        self.size = [0] * len(self.labels)
        self.named_size = [0] * len(self.labels)
        self.sums: list[NameVector] = [{} for _ in self.labels]
        self.dates: list[Counter[date]] = [Counter() for _ in self.labels]
        self.doc_dates = [dates.get(d) for d in doc_ids]
        for i in range(len(doc_ids)):
            self._enter(i, self.group[i], 1)

    def better(self, i: int, min_size: int, min_affinity: float) -> list[int]:
        """Groups (columns) document ``i`` fits better than its own, best first."""
        own = self.group[i]
        if self.size[own] < 2:
            return []
        related: dict[int, float] = {}
        for j, value in self.related[i].items():
            related[self.group[j]] = related.get(self.group[j], 0.0) + value
        # With a positive floor on mean affinity only groups the document has affinity to can qualify.
        columns = related if min_affinity > 0 else range(len(self.labels))
        means = [(k, related.get(k, 0.0) / max(self.size[k], 1)) for k in columns]
        qualify = [(k, mean) for k, mean in means if k != own and self.size[k] >= min_size and mean >= min_affinity]
        if not qualify:  # most documents: no name similarity needs computing
            return []
        own_names = dot(self.names[i], self.sums[own]) - dot(self.names[i], self.names[i])
        own_fit = related.get(own, 0.0) / max(self.size[own] - 1, 1) + own_names / max(
            self.named_size[own] - self.named[i], 1
        )
        ok = []
        for k, mean in qualify:
            fit = mean + dot(self.names[i], self.sums[k]) / max(self.named_size[k], 1)
            if fit > own_fit:
                ok.append((-fit, k))
        return [k for _, k in sorted(ok)]

    def span(self, k: int) -> Span:
        return (min(self.dates[k]), max(self.dates[k])) if self.dates[k] else None

    def move(self, i: int, new: int) -> None:
        self._enter(i, self.group[i], -1)
        self._enter(i, new, 1)
        self.group[i] = new

    def _enter(self, i: int, k: int, sign: int) -> None:
        self.size[k] += sign
        self.named_size[k] += sign * self.named[i]
        _add(self.sums[k], self.names[i], float(sign))
        day = self.doc_dates[i]
        if day:
            self.dates[k][day] += sign
            if not self.dates[k][day]:
                del self.dates[k][day]


def _main_group(groups: Mapping[str, G], counts: Mapping[str, int]) -> G | None:
    """The group with the most documents (then the most claims, then the first by number or label)."""
    if not groups:
        return None
    docs = Counter(groups.values())
    claims: Counter[G] = Counter()
    for doc_id, g in groups.items():
        claims[g] += counts.get(doc_id, 0)
    return min(docs, key=lambda g: (-docs[g], -claims[g], g))

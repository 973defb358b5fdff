"""Reference dates for undated articles, inferred by the corpus consensus.

An article without a date cannot resolve "on Monday" by itself. Before the checks
run, the pipeline asks here for a stand-in: the publication date most other articles
about the event carry, or failing that the event date they most often give. Every
finding that rests on such a date says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from corroborate.checks.calendar import is_range
from corroborate.checks.common import join_names, long_date, short_source
from corroborate.records import OTHER_EVENT, Article, Claim

_CONSENSUS = "taken by the corpus consensus"


def infer_reference_dates(documents: Mapping[str, Article], claims: Sequence[Claim]) -> dict[str, tuple[str, str]]:
    """{doc_id: (YYYY-MM-DD, reason)} for each undated article about the event."""
    out = {}
    for doc in documents.values():
        # An article about another event must not borrow this event's date.
        if doc.published or OTHER_EVENT in doc.flags:
            continue
        guess = _from_published(doc.id, documents) or _from_claims(doc.id, documents, claims)
        if guess:
            out[doc.id] = guess
    return out


def _peers(doc_id: str, documents: Mapping[str, Article]) -> list[Article]:
    return [d for d in documents.values() if d.id != doc_id and OTHER_EVENT not in d.flags]


def _most_common(votes: Counter[str]) -> str | None:
    # Ties go to the later date: an article is published on or after what it reports.
    return max(votes, key=lambda d: (votes[d], d)) if votes else None


def _from_published(doc_id: str, documents: Mapping[str, Article]) -> tuple[str, str] | None:
    dated = [d for d in _peers(doc_id, documents) if d.published]
    best = _most_common(Counter(d.published for d in dated if d.published))
    if best is None:
        return None
    names = join_names(sorted({short_source(d.source) for d in dated if d.published == best}))
    return best, f"no date of its own; {long_date(best)} is the publication date of {names}, {_CONSENSUS}"


def _from_claims(doc_id: str, documents: Mapping[str, Article], claims: Sequence[Claim]) -> tuple[str, str] | None:
    """Fallback when no other article is dated: the event date the others' claims most often give."""
    peers = {d.id for d in _peers(doc_id, documents)}
    votes: Counter[str] = Counter()
    for claim in claims:
        if claim.document_id in peers:
            votes.update(r.start for r in claim.dates if r.start and r.confidence == "exact" and not is_range(r))
    best = _most_common(votes)
    if best is None:
        return None
    return (
        best,
        f"no date of its own; {long_date(best)} is the date the other articles most often give, {_CONSENSUS}",
    )

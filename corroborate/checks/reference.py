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
    """{doc_id: (YYYY-MM-DD, reason)} for each undated article about the event.

    The votes are counted once for the whole corpus, then each article's own are taken out: an article
    never votes for itself. (Counting the other articles' votes afresh for each was quadratic.)
    """
    undated = [d for d in documents.values() if not d.published and OTHER_EVENT not in d.flags]
    if not undated:  # an article about another event must not borrow this event's date
        return {}
    published = _from_published(documents)  # an undated article gives no publication date to take out
    if published:
        return {d.id: published for d in undated}
    total, own = _claim_votes(documents, claims)
    out = {}
    for doc in undated:
        guess = _from_claims(total, own.get(doc.id))
        if guess:
            out[doc.id] = guess
    return out


def _about_event(documents: Mapping[str, Article]) -> list[Article]:
    return [d for d in documents.values() if OTHER_EVENT not in d.flags]


def _most_common(votes: Counter[str]) -> str | None:
    # Ties go to the later date: an article is published on or after what it reports.
    return max(votes, key=lambda d: (votes[d], d)) if votes else None


def _from_published(documents: Mapping[str, Article]) -> tuple[str, str] | None:
    dated = [d for d in _about_event(documents) if d.published]
    best = _most_common(Counter(d.published for d in dated if d.published))
    if best is None:
        return None
    names = join_names(sorted({short_source(d.source) for d in dated if d.published == best}))
    return best, f"no date of its own; {long_date(best)} is the publication date of {names}, {_CONSENSUS}"


def _claim_votes(
    documents: Mapping[str, Article], claims: Sequence[Claim]
) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """The exact point dates the claims of articles about the event give: in all, and per article."""
    about = {d.id for d in _about_event(documents)}
    total: Counter[str] = Counter()
    own: dict[str, Counter[str]] = {}
    for claim in claims:
        if claim.document_id in about:
            dates = [r.start for r in claim.dates if r.start and r.confidence == "exact" and not is_range(r)]
            total.update(dates)
            own.setdefault(claim.document_id, Counter()).update(dates)
    return total, own


def _from_claims(total: Counter[str], own: Counter[str] | None) -> tuple[str, str] | None:
    """Fallback when no other article is dated: the event date the others' claims most often give."""
    votes = Counter({d: n - own.get(d, 0) for d, n in total.items() if n > own.get(d, 0)}) if own else total
    best = _most_common(votes)
    if best is None:
        return None
    return (
        best,
        f"no date of its own; {long_date(best)} is the date the other articles most often give, {_CONSENSUS}",
    )

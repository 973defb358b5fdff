"""Polarity check: one source affirms what another denies, for the same matched claim.

Only opposite polarity counts; two sources quoting the same statement made to two
broadcasters is corroboration, not conflict. When both sides are attributed to
different speakers ("Iran denies", "the US says"), the disagreement is between the
parties, not between the sources, so it is reported as a discrepancy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corroborate import fields  # a module import: fields itself imports checks.counts
from corroborate.checks.common import Context, check, cross_pairs, join_names, say
from corroborate.lexicon import apostrophes_restored, dice
from corroborate.records import Claim, Conflict

# Words that do not tell two speakers apart ("US spokesman John Kirby" ~ "Kirby").
_NOT_NAMES = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "us",
        "u",
        "s",
        "said",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "official",
        "officials",
        "minister",
        "secretary",
        "president",
        "mr",
        "ms",
        "mrs",
        "dr",
    }
)


# A claim marked positive whose own words still say "not" most likely reports a denial
# ("Kirby stated that the US does not seek war"): its label is no evidence of the opposite.
_NEGATION = re.compile(r"\b(?:not|never|neither|nor)\b|n['’]t\b", re.IGNORECASE)
# Long claims are cut to this many characters in the plain-words detail.
QUOTE_LIMIT = 140


def doubtful(claim: Claim) -> bool:
    return claim.polarity == "positive" and bool(_NEGATION.search(apostrophes_restored(claim.text)))


# "The Saints would not have placed Bush on injured reserve if they were still fighting": a denial of what
# would have happened otherwise, no denial of what did.
_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might|should)(?:n['’]t| not| never) have\b.*\bif\b", re.IGNORECASE)


def hypothetical(claim: Claim) -> bool:
    return bool(_COUNTERFACTUAL.search(claim.text))


def denies(positive: Claim, negative: Claim) -> bool:
    """The negative claim negates a predicate the positive one states (``fields.negation_check``).

    A "not" in another clause, a question or a fixed phrase ("not only") is not the claim's polarity,
    and a cluster may hold a denial of something else: "Lindsay is now in" against "Lindsay hasn't
    messed around in getting to the new facility" states no opposite. The two must also say mostly the
    same words (``SAME_WORDS``).
    """
    return opposite(fields.polarity(positive.text), fields.polarity(negative.text))


def opposite(said: fields.Polarity, denied: fields.Polarity) -> bool:
    """``denies`` on claims already read by ``fields.polarity``."""
    return fields.negation_check(said, denied) == "differ" and _dice(said, denied) >= SAME_WORDS


# Two claims that state opposite things say mostly the same words ("has struck Iran" / "has not struck
# Iran"); "DiLeo has never been an NBA coach" against a sentence about his coaching experience does not.
SAME_WORDS = 0.5


def _dice(a: fields.Polarity, b: fields.Polarity) -> float:
    """Dice overlap of the two claims' content words (lemmas, negated or not)."""
    return dice(a.asserted | a.denied, b.asserted | b.denied)


# Subjects that stand for someone named elsewhere: they may be anyone, so they never tell two parties apart.
_STAND_INS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who"})


def same_subject(a: Claim, b: Claim) -> bool:
    """The two claims may be about one party: "That turned the ball over to Luck" and "Luck did not turn the
    ball over" are two things about two parties, not one affirmed and denied. Unknown when either
    claim's subject cannot be read, or is a personal pronoun."""
    x, y = _subject(a), _subject(b)
    if not x or not y or x & _STAND_INS or y & _STAND_INS:
        return True
    return bool(x & y)


def _subject(claim: Claim) -> frozenset[str]:
    """The claim's grammatical subject; "that" for a demonstrative one ("That turned the ball over"), which
    names an event, never a party of the other claim."""
    read = fields.frame(claim)
    if read is not None and read.subject:
        return read.subject
    first = claim.text.split(" ", 1)[0].lower()
    return frozenset({"that"}) if first in ("that", "this") else frozenset()


def speaker_words(claim: Claim) -> frozenset[str]:
    if claim.attribution is None:
        return frozenset()
    words = re.sub(r"['’]s\b", "", claim.attribution.speaker.lower())
    return frozenset(re.findall(r"[a-z]+", words)) - _NOT_NAMES


def same_voice(a: Claim, b: Claim) -> bool:
    """Unattributed claims are the sources' own word, so they stand for the sources themselves."""
    wa, wb = speaker_words(a), speaker_words(b)
    return not wa or not wb or bool(wa & wb)


@check("polarity")
def polarity(claims: Sequence[Claim], ctx: Context) -> list[Conflict]:
    """The same claim affirmed by one source and denied by another."""
    positive = [c for c in claims if c.polarity == "positive" and not doubtful(c)]
    negative = [c for c in claims if c.polarity == "negative" and not hypothetical(c)]
    read = {c.id: fields.polarity(c.text) for c in positive + negative}  # once per claim, not per pair
    pairs = [
        (p, n) for p, n in cross_pairs(positive, negative) if opposite(read[p.id], read[n.id]) and same_subject(p, n)
    ]
    same = _between_two([(p, n) for p, n in pairs if same_voice(p, n)], positive, negative, read)
    findings = [_between_sources(same, ctx)] if same else []
    parties: dict[tuple[str, str], list[tuple[Claim, Claim]]] = {}
    for p, n in pairs:
        if not same_voice(p, n):
            parties.setdefault((_speaker(p), _speaker(n)), []).append((p, n))
    return findings + [_between_parties(group, ctx) for group in parties.values()]


def _between_two(
    pairs: list[tuple[Claim, Claim]],
    positive: Sequence[Claim],
    negative: Sequence[Claim],
    read: dict[str, fields.Polarity],
) -> list[tuple[Claim, Claim]]:
    """The pairs but those whose two documents each state both sides of that same fact: reports that say the
    same two things ("It wasn't typical, crazy noise" and "Typical crazy noise sometimes happens", four times
    over) are at odds with nobody."""

    def affirmed_in(doc: str, n: Claim) -> bool:  # the document states what ``n`` denies
        return any(p.document_id == doc and opposite(read[p.id], read[n.id]) for p in positive)

    def denied_in(doc: str, p: Claim) -> bool:  # the document denies what ``p`` states
        return any(n.document_id == doc and opposite(read[p.id], read[n.id]) for n in negative)

    return [(p, n) for p, n in pairs if not (affirmed_in(n.document_id, n) and denied_in(p.document_id, p))]


def _speaker(claim: Claim) -> str:
    return claim.attribution.speaker if claim.attribution else ""


def _sides(pairs: Sequence[tuple[Claim, Claim]]) -> tuple[list[Claim], list[Claim]]:
    positive = list({p.id: p for p, _ in pairs}.values())
    negative = list({n.id: n for _, n in pairs}.values())
    return positive, negative


def _names(claims: Sequence[Claim], ctx: Context) -> list[str]:
    return sorted({ctx.source(c.document_id) for c in claims})


def _between_sources(pairs: Sequence[tuple[Claim, Claim]], ctx: Context) -> Conflict:
    positive, negative = _sides(pairs)
    pos_names, neg_names = _names(positive, ctx), _names(negative, ctx)
    detail = (
        f"{say(pos_names)} “{_quote(positive[0])}”, while {say(neg_names)} "
        f"“{_quote(negative[0])}”: the sources state opposite things."
    )
    minority = _minority(positive, negative, ctx)
    return Conflict(
        check="polarity",
        kind="polarity",
        severity="contradiction",
        claims=tuple(c.id for c in positive + negative),
        detail=detail,
        outliers=tuple(c.id for c in minority),
        data={"affirm": pos_names, "deny": neg_names, "between": "sources"},
    )


def _minority(positive: list[Claim], negative: list[Claim], ctx: Context) -> list[Claim]:
    """The side fewer independent sources take is the outlier; an even split has none."""
    n_pos = ctx.weight(c.document_id for c in positive)
    n_neg = ctx.weight(c.document_id for c in negative)
    return positive if n_pos < n_neg else negative if n_neg < n_pos else []


def _between_parties(pairs: Sequence[tuple[Claim, Claim]], ctx: Context) -> Conflict:
    positive, negative = _sides(pairs)
    pos_speaker, neg_speaker = _speaker(positive[0]), _speaker(negative[0])
    detail = (
        f"{pos_speaker} (in {join_names(_names(positive, ctx))}) says “{_quote(positive[0])}”, while "
        f"{neg_speaker} (in {join_names(_names(negative, ctx))}) says “{_quote(negative[0])}”: "
        "the parties disagree, the sources do not contradict each other."
    )
    return Conflict(
        check="polarity",
        kind="polarity",
        severity="discrepancy",
        claims=tuple(c.id for c in positive + negative),
        detail=detail,
        data={"affirm": pos_speaker, "deny": neg_speaker, "between": "parties"},
    )


def _quote(claim: Claim) -> str:
    text = claim.text.strip().rstrip(".")
    if len(text) <= QUOTE_LIMIT:
        return text
    return text[:QUOTE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "…"

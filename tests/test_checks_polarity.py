"""The polarity check: affirmed by one source, denied by another."""

from __future__ import annotations

from corroborate.checks import run_checks, status_for
from corroborate.checks.common import Context
from corroborate.checks.polarity import polarity, same_voice
from corroborate.records import Article, Attribution, Claim, Polarity

DOCS = {f"d{n}": Article(id=f"d{n}", path="", text="", source=f"{n}_12a384ead935d268") for n in ("000", "001", "002")}


def claim(doc: str, text: str, polarity: Polarity = "positive", speaker: str = "", verb: str = "") -> Claim:
    who = Attribution(speaker, verb) if speaker else None
    return Claim(
        id=f"c-{doc}",
        document_id=doc,
        text=text,
        sentence=text,
        start=0,
        end=len(text),
        attribution=who,
        polarity=polarity,
    )


def test_has_struck_vs_has_not_struck_is_a_contradiction() -> None:
    claims = [
        claim("d000", "The US has not struck Iran directly.", "negative"),
        claim("d001", "The US has not struck Iran directly.", "negative"),
        claim("d002", "The US has struck Iran directly.", "positive"),
    ]
    [finding] = polarity(claims, Context(DOCS))
    assert (finding.check, finding.kind, finding.severity) == ("polarity", "polarity", "contradiction")
    assert finding.detail == (
        "002 says “The US has struck Iran directly”, while 000 and 001 say "
        "“The US has not struck Iran directly”: the sources state opposite things."
    )
    assert finding.outliers == ("c-d002",)
    assert status_for(3, [finding], 3) == "contradicted"


def test_two_broadcasters_on_the_same_day_are_not_a_contradiction() -> None:
    claims = [
        claim("d000", "We are not looking for a war with Iran.", "negative", "John Kirby", "told NBC's Today Show"),
        claim("d002", "We don't seek a war with Iran.", "negative", "Kirby", "told the CNN"),
    ]
    assert polarity(claims, Context(DOCS)) == []
    assert run_checks(claims, DOCS) == []


def test_opposite_polarity_from_different_speakers_is_a_disagreement_between_parties() -> None:
    claims = [
        claim("d000", "Iran was involved in the attack.", "positive", "John Kirby", "said"),
        claim("d001", "Iran was not involved in the attack.", "negative", "Iran's foreign ministry", "denied"),
    ]
    [finding] = polarity(claims, Context(DOCS))
    assert finding.severity == "discrepancy"
    assert finding.detail == (
        "John Kirby (in 000) says “Iran was involved in the attack”, while Iran's foreign ministry (in 001) "
        "says “Iran was not involved in the attack”: the parties disagree, the sources do not contradict each other."
    )
    assert finding.data["between"] == "parties"
    assert status_for(2, [finding], 2) == "corroborated"


def test_same_speaker_by_shared_name() -> None:
    assert same_voice(claim("d0", "x", speaker="US spokesman John Kirby"), claim("d1", "y", speaker="Kirby"))
    assert not same_voice(claim("d0", "x", speaker="John Kirby"), claim("d1", "y", speaker="Sabrina Singh"))
    # An unattributed claim is the source's own word.
    assert same_voice(claim("d0", "x"), claim("d1", "y", speaker="Kirby"))


def test_same_document_opposite_claims_are_not_compared() -> None:
    claims = [
        claim("d000", "The US has struck Iran.", "positive"),
        Claim(
            id="c-other",
            document_id="d000",
            text="The US has not struck Iran.",
            sentence="",
            start=0,
            end=1,
            polarity="negative",
        ),
    ]
    assert polarity(claims, Context(DOCS)) == []


def test_positive_label_on_a_reported_denial_is_not_evidence() -> None:
    claims = [
        claim(
            "d000",
            "John Kirby stated in a briefing that the United States does not seek war with Iran.",
            "positive",
            "Reuters",
        ),
        claim("d001", "We don't seek a war with Iran.", "negative"),
    ]
    assert polarity(claims, Context(DOCS)) == []


def test_long_claims_are_cut_in_the_detail() -> None:
    long_text = "The US has struck Iran directly " + "and at length " * 20
    claims = [claim("d000", long_text, "positive"), claim("d001", "The US has not struck Iran directly.", "negative")]
    [finding] = polarity(claims, Context(DOCS))
    quoted = finding.detail.split("“")[1].split("”")[0]
    assert quoted.endswith("…") and len(quoted) <= 141


def test_a_denial_of_something_else_in_the_cluster_is_no_contradiction() -> None:
    # Read on ECB+: the denial shares the verb or a name, not the claim.
    from corroborate.checks.polarity import denies

    def c(doc: str, text: str, polarity: str) -> Claim:
        return Claim(
            id=f"c-{doc}", document_id=doc, text=text, sentence=text, start=0, end=len(text), polarity=polarity
        )  # type: ignore[arg-type]

    assert not denies(
        c(
            "d1",
            "Tony DiLeo has a wealth of basketball knowledge and coaching experience, both in "
            "the NBA and on the international level.",
            "positive",
        ),
        c("d2", "DiLeo has never been an NBA coach.", "negative"),
    )
    assert not denies(
        c("d1", "Last season Ed Stefanski led the club to the postseason.", "positive"),
        c("d2", "Ed Stefanski didn't even last until the end of the calendar year.", "negative"),
    )
    assert denies(
        c("d1", "To date it has struck Iran directly.", "positive"),
        c("d2", "To date it has not struck Iran directly.", "negative"),
    )

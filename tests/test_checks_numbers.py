"""The number check and the low / best / high summary, on literal claims."""

from __future__ import annotations

import math

from corroborate.checks import number_summary, run_checks
from corroborate.checks.common import Context
from corroborate.checks.counts import noun_of, role_of, widened
from corroborate.checks.numbers import number_interval
from corroborate.records import Article, Claim, Quantity

INF = math.inf


def article(n: str, published: str | None = None, source: str | None = None) -> Article:
    stem = f"{n}_12a384ead935d268"
    return Article(id=f"d{n}", path=f"{stem}.txt", text="", source=source or stem, published=published)


def claim(doc: str, text: str, *numbers: Quantity, cid: str | None = None) -> Claim:
    return Claim(
        id=cid or f"c-{doc}", document_id=doc, text=text, sentence=text, start=0, end=len(text), numbers=numbers
    )


def qty(text: str, low: float, high: float | None = None, counts: str = "", hedge: str = "") -> Quantity:
    return Quantity(text=text, low=low, high=low if high is None else high, counts=counts, hedge=hedge)


def docs(*articles: Article) -> dict[str, Article]:
    return {a.id: a for a in articles}


DOCS = docs(article("000"), article("001"), article("002"), article("003"))


def test_three_vs_four_killed_is_a_contradiction() -> None:
    claims = [
        claim("d000", "The strike killed three US soldiers.", qty("three", 3, counts="US soldiers")),
        claim("d001", "The strike killed four American troops.", qty("four", 4, counts="American troops")),
    ]
    [finding] = number_interval(claims, Context(DOCS))
    assert finding.severity == "contradiction"
    assert finding.check == "number-interval"
    assert finding.detail == "000 says three killed; 001 says four killed: the two counts cannot both be true."
    assert finding.data["role"] == "killed"


def test_at_least_34_vs_40_and_about_40_is_only_a_discrepancy() -> None:
    claims = [
        claim(
            "d000",
            "The attack injured at least 34 service members.",
            qty("at least 34", 34, INF, counts="service members", hedge="at least"),
        ),
        claim(
            "d002",
            "The attack killed three servicemen and injured 40 others.",
            qty("three", 3, counts="servicemen"),
            qty("40", 40, counts="others"),
        ),
        claim(
            "d003",
            "Three soldiers died and about 40 injured.",
            qty("Three", 3, counts="soldiers"),
            qty("about 40", 40, counts="", hedge="about"),
        ),
    ]
    findings = number_interval(claims, Context(DOCS))
    assert [f.severity for f in findings] == ["discrepancy"]
    [finding] = findings
    assert finding.detail == (
        "000 says at least 34 injured; 002 and 003 say 40 / about 40 injured: both can be true, but the figures differ."
    )
    assert finding.outliers == ("c-d000",)
    assert {v["source"] for v in finding.data["values"]} == {"000", "002", "003"}


def test_about_has_a_ten_percent_tolerance() -> None:
    about = widened(qty("about 40", 40, hedge="about"))
    assert (about.low, about.high) == (36.0, 44.0)
    claims = [
        claim("d000", "About 40 were injured.", qty("about 40", 40, hedge="about", counts="people")),
        claim("d001", "43 people were injured.", qty("43", 43, counts="people")),
        claim("d002", "30 people were injured.", qty("30", 30, counts="people")),
    ]
    findings = number_interval(claims, Context(DOCS))
    severities = {(f.data["values"][0]["text"], f.data["values"][-1]["text"]): f.severity for f in findings}
    # 43 lies within about 40 (a discrepancy), 30 does not (far apart, yet "about" is loose),
    # 30 vs 43 are two exact counts that cannot both be true.
    assert severities == {
        ("30", "about 40"): "discrepancy",
        ("30", "43"): "contradiction",
        ("about 40", "43"): "discrepancy",
    }


def test_dozens_vs_40_is_consistent() -> None:
    claims = [
        claim("d000", "It wounded dozens of others.", qty("dozens", 24, 99, counts="others", hedge="dozens")),
        claim("d002", "It injured 40 others.", qty("40", 40, counts="others")),
    ]
    assert number_interval(claims, Context(DOCS)) == []


def test_higher_count_in_a_later_report_is_an_update() -> None:
    dated = docs(article("000", "2024-01-28"), article("001", "2024-01-30", source="Financial Times"))
    claims = [
        claim("d000", "The attack killed two soldiers.", qty("two", 2, counts="soldiers")),
        claim("d001", "The attack killed three soldiers.", qty("three", 3, counts="soldiers")),
    ]
    [finding] = number_interval(claims, Context(dated))
    assert finding.severity == "discrepancy"
    assert finding.data["update"] is True
    assert "later report" in finding.detail
    assert finding.detail == (
        "000 says two killed (28 January 2024); Financial Times, in a later report (30 January 2024), says three "
        "killed: the count rose as reports came in, an update rather than a contradiction."
    )
    assert finding.outliers == ("c-d000",)


def test_later_report_with_a_lower_exact_count_stays_a_contradiction() -> None:
    dated = docs(article("000", "2024-01-28"), article("001", "2024-01-30"))
    claims = [
        claim("d000", "The attack killed three soldiers.", qty("three", 3, counts="soldiers")),
        claim("d001", "The attack killed two soldiers.", qty("two", 2, counts="soldiers")),
    ]
    [finding] = number_interval(claims, Context(dated))
    assert finding.severity == "contradiction"
    assert finding.data["update"] is False


def test_update_uses_inferred_reference_dates() -> None:
    claims = [
        claim("d000", "At least 30 troops were injured.", qty("at least 30", 30, INF, "troops", "at least")),
        claim("d001", "25 troops were injured.", qty("25", 25, counts="troops")),
    ]
    ctx = Context(DOCS, {"d000": "2024-01-30", "d001": "2024-01-28"})
    [finding] = number_interval(claims, ctx)
    assert (finding.severity, finding.data["update"]) == ("discrepancy", True)
    assert "in a later report (30 January 2024, inferred by the corpus consensus)" in finding.detail


def test_killed_and_injured_are_different_things() -> None:
    claims = [
        claim("d000", "The strike killed three US soldiers.", qty("three", 3, counts="US soldiers")),
        claim("d001", "The strike injured 34 troops.", qty("34", 34, counts="troops")),
        claim("d002", "The base houses 350 US military personnel.", qty("350", 350, counts="personnel")),
    ]
    assert number_interval(claims, Context(DOCS)) == []


def test_counted_noun_synonyms_and_roles() -> None:
    assert {
        noun_of(x)
        for x in (
            "US soldiers",
            "American service members",
            "servicemen",
            "troops",
            "US Army reservists",
            "military personnel",
        )
    } == {"troops"}
    assert noun_of("attacks") == "attack"
    assert noun_of("others") == ""
    sentence = "A drone strike killed three US soldiers and wounded dozens of others."
    c = claim("d000", sentence)
    assert role_of(qty("three", 3), c) == "killed"
    assert role_of(qty("dozens", 24, 99), c) == "injured"
    assert role_of(qty("about 40", 40), claim("d0", "the deaths of three soldiers and about 40 injured")) == "injured"


def test_bare_numbers_without_noun_or_role_are_never_compared() -> None:
    # A team's record, a score and a clock time count nothing a reader could check against each other.
    claims = [
        claim("d000", "The Sixers have a record of 9-14.", qty("9", 9), qty("14", 14)),
        claim("d001", "The Sixers lost 88-72 and are 8-11 at home.", qty("88", 88), qty("72", 72)),
        claim("d002", "She died at 18:41 (02:41 GMT).", qty("41", 41), qty("0241", 241)),
    ]
    assert number_interval(claims, Context(DOCS)) == []


def test_numbers_with_the_same_noun_are_compared() -> None:
    claims = [
        claim("d000", "Three soldiers were killed.", qty("three", 3, counts="soldiers")),
        claim("d001", "Four soldiers were killed.", qty("four", 4, counts="soldiers")),
    ]
    [finding] = number_interval(claims, Context(DOCS))
    assert {v["text"] for v in finding.data["values"]} == {"three", "four"}


def test_years_are_not_counts() -> None:
    claims = [
        claim("d000", "As dangerous as since at least 1973.", qty("at least 1973", 1973, INF, hedge="at least")),
        claim("d001", "As dangerous as since 1967.", qty("1967", 1967)),
    ]
    assert number_interval(claims, Context(DOCS)) == []


def test_same_document_claims_are_not_compared() -> None:
    claims = [
        claim("d000", "It killed three soldiers.", qty("three", 3, counts="soldiers"), cid="a"),
        claim("d000", "It killed four soldiers.", qty("four", 4, counts="soldiers"), cid="b"),
    ]
    assert number_interval(claims, Context(DOCS)) == []
    assert run_checks(claims, DOCS) == []


def test_number_summary_low_best_high_with_sources() -> None:
    claims = [
        claim(
            "d000",
            "The attack injured at least 34 service members.",
            qty("at least 34", 34, INF, counts="service members", hedge="at least"),
        ),
        claim("d001", "The attack injured 40 troops.", qty("40", 40, counts="troops")),
        claim("d002", "The attack injured 40 others.", qty("40", 40, counts="others")),
        claim("d003", "The attack injured about 40.", qty("about 40", 36, 44, hedge="about")),
    ]
    [row] = number_summary(claims, DOCS)
    assert row["role"] == "injured"
    assert row["counts"] == "service members"
    assert (row["low"]["value"], row["low"]["sources"]) == (34, ["000"])
    assert (row["best"]["value"], row["best"]["sources"]) == (40, ["001", "002", "003"])
    assert row["best"]["text"] == "40 / about 40"
    assert row["high"]["value"] == 40
    assert [v["value"] for v in row["values"]] == [34, 40]


def test_number_summary_keeps_other_event_out() -> None:
    other = Article(id="d009", path="x.txt", text="", source="009_aa11bb22cc33dd44", flags=("other-event",))
    claims = [
        claim("d000", "It killed three soldiers.", qty("three", 3, counts="soldiers")),
        claim("d009", "It killed four soldiers.", qty("four", 4, counts="soldiers")),
    ]
    [row] = number_summary(claims, {**DOCS, "d009": other})
    assert (row["low"]["value"], row["high"]["value"], row["best"]["sources"]) == (3, 3, ["000"])


def test_summary_counts_a_republication_once() -> None:
    copy = Article(id="d005", path="", text="", source="005_aa11bb22cc33dd44", flags=("republished",), origin="d000")
    documents = {**DOCS, "d005": copy}
    claims = [
        claim("d000", "It killed three soldiers.", qty("three", 3, counts="soldiers")),
        claim("d005", "It killed three soldiers.", qty("three", 3, counts="soldiers")),
        claim("d001", "It killed four soldiers.", qty("four", 4, counts="soldiers")),
    ]
    [row] = number_summary(claims, documents)
    # One independent source each (005 copies 000): the tie goes to the higher count, as tallies grow.
    assert (row["best"]["value"], row["best"]["sources"]) == (4, ["001"])
    assert row["low"]["sources"] == ["000", "005"]
    [finding] = number_interval(claims, Context(documents))
    assert finding.outliers == ()


def test_halves_of_scores_records_and_clock_times_are_not_counts() -> None:
    claims = [
        claim(
            "d000",
            "Cheeks guided the team to a 38-44 mark.",
            qty("38", 38, counts="mark"),
            qty("44", 44, counts="mark"),
        ),
        claim(
            "d001", "He finished with a 162-139 mark.", qty("162", 162, counts="mark"), qty("139", 139, counts="mark")
        ),
        claim(
            "d002",
            "She died at 18:41 (02:41 GMT).",
            qty("41", 41, counts="minutes"),
            qty("0241", 241, counts="minutes"),
        ),
    ]
    assert number_interval(claims, Context(DOCS)) == []


def test_a_report_giving_both_figures_disagrees_with_nobody() -> None:
    # One report gives seven life sentences and four without parole; another gives only the four.
    both = "Nichols got seven life sentences and four sentences of life without parole."
    claims = [
        claim("d000", both, qty("seven", 7, counts="sentences"), qty("four", 4, counts="sentences")),
        claim("d001", "Nichols got four sentences of life without parole.", qty("four", 4, counts="sentences")),
    ]
    assert number_interval(claims, Context(DOCS)) == []


def test_counts_that_cannot_both_be_true_in_claims_worded_apart_are_a_discrepancy() -> None:
    # A cluster joined two facts: 19 seasons with the team, four of them as a director.
    claims = [
        claim("d000", "DiLeo has spent 19 seasons with the 76ers.", qty("19", 19, counts="seasons")),
        claim(
            "d001",
            "Prior to that, DiLeo spent four seasons as the Sixers Director of Player Personnel.",
            qty("four", 4, counts="seasons"),
        ),
    ]
    [finding] = number_interval(claims, Context(DOCS))
    assert finding.severity == "discrepancy"

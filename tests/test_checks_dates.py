"""The date checks and reference-date inference, on the cases the demo corpus holds."""

from __future__ import annotations

from corroborate.checks import infer_reference_dates, run_checks, status_for
from corroborate.checks.common import Context
from corroborate.checks.dates import date_mismatch, date_weekday
from corroborate.records import Article, Claim, DateRef

FT = "Financial Times"


def article(n: str, published: str | None = None, source: str | None = None, flags: tuple[str, ...] = ()) -> Article:
    stem = f"{n}_12a384ead935d268"
    return Article(id=f"d{n}", path=f"{stem}.txt", text="", source=source or stem, published=published, flags=flags)


def claim(doc: str, text: str, *dates: DateRef, cid: str | None = None) -> Claim:
    return Claim(id=cid or f"c-{doc}", document_id=doc, text=text, sentence=text, start=0, end=len(text), dates=dates)


def monday(resolved: bool = False) -> DateRef:
    if resolved:
        return DateRef("on Monday", "2024-01-29", "2024-01-29", "relative", "weekday")
    return DateRef("on Monday", kind="weekday")


def corpus() -> dict[str, Article]:
    """The seeds: only the FT article carries a date (29 January 2024)."""
    articles = [article("000"), article("001", "2024-01-29", FT), article("002"), article("003")]
    return {a.id: a for a in articles}


def kirby_claims() -> list[Claim]:
    return [
        claim("d000", "Washington said it was not looking for a war with Iran on Monday.", monday()),
        claim("d001", "Washington said it was not looking for a war with Iran on Monday.", monday(True)),
        claim("d002", "Kirby said on Monday the US is not after a war with Tehran.", monday()),
        claim(
            "d003",
            "On May 29th, Kirby said the US does not seek war with Iran.",
            DateRef("On May 29th", confidence="year-open"),
        ),
    ]


def reference(documents: dict[str, Article], claims: list[Claim]) -> dict[str, str]:
    return {doc: date for doc, (date, _) in infer_reference_dates(documents, claims).items()}


def test_reference_dates_come_from_the_corpus_consensus() -> None:
    inferred = infer_reference_dates(corpus(), kirby_claims())
    assert set(inferred) == {"d000", "d002", "d003"}
    date, reason = inferred["d003"]
    assert date == "2024-01-29"
    assert "corpus consensus" in reason and FT in reason and "29 January 2024" in reason


def test_reference_dates_skip_other_event_and_fall_back_to_claim_dates() -> None:
    documents = {a.id: a for a in [article("000"), article("001"), article("004", flags=("other-event",))]}
    claims = [
        claim(
            "d001",
            "The attack came on 28 January 2024.",
            DateRef("28 January 2024", "2024-01-28", "2024-01-28", "exact"),
        )
    ]
    inferred = infer_reference_dates(documents, claims)
    assert set(inferred) == {"d000"}
    assert inferred["d000"][0] == "2024-01-28"
    assert "corpus consensus" in inferred["d000"][1]


def test_may_29th_vs_monday_is_a_month_error() -> None:
    documents, claims = corpus(), kirby_claims()
    findings = date_mismatch(claims, Context(documents, reference(documents, claims)))
    [finding] = findings
    assert finding.severity == "contradiction"
    assert finding.data["anomaly"] is True
    assert finding.data["reason"] == "month"
    assert (finding.data["consensus"], finding.data["outlier"]) == ("2024-01-29", "2024-05-29")
    assert finding.outliers == ("c-d003",)
    assert finding.detail == (
        "003 says May 29th; 000, 002 and Financial Times say Monday, which is 29 January 2024 by "
        "Financial Times' date and by the date inferred for 000 and 002 by the corpus consensus: "
        "same day of the month, different month, likely a month error."
    )


def test_weekday_does_not_repeat_the_month_error() -> None:
    # One finding per fact: "May 29th" against "Monday" is the month error date-mismatch names.
    documents, claims = corpus(), kirby_claims()
    assert date_weekday(claims, Context(documents, reference(documents, claims))) == []


def test_weekday_does_not_fit_a_written_date_of_the_same_week() -> None:
    documents = corpus()
    claims = [
        claim("d001", "Kirby spoke on Monday.", monday(True)),
        claim(
            "d002", "Kirby spoke on 31 January 2024.", DateRef("31 January 2024", "2024-01-31", "2024-01-31", "exact")
        ),
    ]
    [finding] = date_weekday(claims, Context(documents))
    assert finding.severity == "contradiction"
    assert (finding.data["date_weekday"], finding.data["named_weekday"]) == ("Wednesday", "Monday")
    assert finding.detail == (
        "002 says 31 January 2024, which is Wednesday 31 January 2024, not a Monday as Financial Times says."
    )


def test_weekday_against_a_date_of_another_year_is_another_occasion() -> None:
    # "On Saturday, Cheeks was fired" (2008) against "May 23, 2005" (his earlier firing): no clash.
    documents = corpus()
    claims = [
        claim("d001", "Kirby spoke on Monday.", monday(True)),
        claim("d002", "Kirby spoke on May 23, 2005.", DateRef("May 23, 2005", "2005-05-23", "2005-05-23", "exact")),
    ]
    assert date_weekday(claims, Context(documents)) == []


def test_two_worked_out_weekdays_are_a_discrepancy_not_a_contradiction() -> None:
    # "Friday" and "Thursday", each from its own article's date: the articles may just differ in day.
    documents = corpus()
    claims = [
        claim("d001", "She checked in on Monday.", monday(True)),
        claim("d002", "She checked in on Tuesday.", DateRef("Tuesday", "2024-01-23", "2024-01-23", "relative")),
    ]
    findings = date_mismatch(claims, Context(documents))
    assert findings and {f.severity for f in findings} == {"discrepancy"}


def test_seed_cluster_is_contradicted_through_run_checks() -> None:
    documents, claims = corpus(), kirby_claims()
    findings = run_checks(claims, documents, reference(documents, claims))
    assert {f.check for f in findings} == {"date-mismatch"}
    assert status_for(4, findings, 4) == "contradicted"


def test_monday_without_any_reference_date_is_not_guessed() -> None:
    documents = {a.id: a for a in [article("000"), article("003")]}
    claims = [kirby_claims()[0], kirby_claims()[3]]
    assert date_mismatch(claims, Context(documents)) == []


def test_a_weekday_that_fits_the_date_is_fine() -> None:
    documents = corpus()
    claims = [
        claim("d001", "Kirby spoke on Monday.", monday(True)),
        claim(
            "d002", "Kirby spoke on 29 January 2024.", DateRef("29 January 2024", "2024-01-29", "2024-01-29", "exact")
        ),
    ]
    assert run_checks(claims, documents) == []


def test_night_of_the_27th_vs_sunday_28th_is_a_discrepancy() -> None:
    documents = corpus()
    claims = [
        claim(
            "d003",
            "On the night of the 27th a drone attacked Tower 22.",
            DateRef("the night of the 27th", kind="day-of-month"),
        ),
        claim(
            "d001",
            "Sunday's drone attack hit Tower 22.",
            DateRef("Sunday's", "2024-01-28", "2024-01-28", "relative", "weekday"),
        ),
        claim("d000", "Sunday's drone attack hit Tower 22.", DateRef("Sunday's", kind="weekday")),
    ]
    findings = run_checks(claims, documents, {"d000": "2024-01-29", "d003": "2024-01-29"})
    [finding] = findings
    assert finding.severity == "discrepancy"
    assert finding.data == {**finding.data, "anomaly": False, "reason": "night"}
    assert "night of the 27th may run into the 28th" in finding.detail
    assert "000 and Financial Times say Sunday, which is 28 January 2024" in finding.detail
    assert status_for(3, findings, 3) == "corroborated"


def test_a_plain_different_date_is_an_anomaly() -> None:
    documents = {a.id: a for a in [article("000", "2024-02-01"), article("001", "2024-02-01"), article("002")]}
    claims = [
        claim("d000", "The attack came on 28 January.", DateRef("28 January", "2024-01-28", "2024-01-28", "exact")),
        claim("d001", "The attack came on January 28.", DateRef("January 28", "2024-01-28", "2024-01-28", "exact")),
        claim(
            "d002", "The attack came on 3 January 2024.", DateRef("3 January 2024", "2024-01-03", "2024-01-03", "exact")
        ),
    ]
    [finding] = date_mismatch(claims, Context(documents))
    assert (finding.severity, finding.data["reason"], finding.outliers) == ("contradiction", "other", ("c-d002",))
    assert finding.detail.startswith("002 says 3 January 2024; 000 and 001 say 28 January / January 28:")


def test_a_range_that_covers_the_date_is_consistent() -> None:
    documents = corpus()
    since = DateRef("since October", "2023-10-01", None, "relative", "range")
    claims = [
        claim("d000", "More than 160 attacks since October.", since),
        claim("d001", "On Monday the US counted more than 160 attacks.", monday(True)),
        claim("d002", "Attacks since March 2024.", DateRef("since March 2024", "2024-03-01", None, "exact", "range")),
    ]
    [finding] = date_mismatch(claims, Context(documents))
    assert finding.severity == "discrepancy"
    assert finding.detail == (
        "002 says since March 2024, which does not cover 29 January 2024, the date given by Financial Times."
    )
    assert finding.outliers == ("c-d002",)


def test_other_event_dates_are_not_compared() -> None:
    documents = {**corpus(), "d004": article("004", "2021-06-27", flags=("other-event",))}
    claims = [
        claim(
            "d001",
            "The US said on Sunday it had carried out air strikes.",
            DateRef("on Sunday", "2024-01-28", "2024-01-28", "relative", "weekday"),
        ),
        claim(
            "d004",
            "The US said on Sunday it had carried out air strikes.",
            DateRef("on Sunday", "2021-06-27", "2021-06-27", "relative", "weekday"),
        ),
    ]
    assert run_checks(claims, documents) == []


def test_same_document_dates_are_not_compared() -> None:
    documents = corpus()
    claims = [
        claim("d001", "Kirby spoke on Monday.", monday(True), cid="a"),
        claim(
            "d001", "Kirby spoke on 3 May 2024.", DateRef("3 May 2024", "2024-05-03", "2024-05-03", "exact"), cid="b"
        ),
    ]
    assert run_checks(claims, documents) == []
    # With a second source, 001's own two dates are still never set against each other.
    claims.append(claim("d002", "Kirby spoke on Monday.", monday(), cid="c"))
    assert run_checks(claims, documents, {"d002": "2024-01-29"}) == []


def test_a_rewrite_does_not_outvote_the_other_sources() -> None:
    rewrite = Article(id="d005", path="", text="", source="005_aa11bb22cc33dd44", flags=("rewrite",), origin="d000")
    documents = {**corpus(), "d005": rewrite}
    may = DateRef("3 May 2024", "2024-05-03", "2024-05-03", "exact")
    claims = [
        claim("d000", "Kirby spoke on 3 May 2024.", may),
        claim("d005", "Kirby spoke on 3 May 2024.", may),
        claim("d001", "Kirby spoke on Monday.", monday(True)),
    ]
    [finding] = date_mismatch(claims, Context(documents))
    # 000 and its rewrite 005 are one source against one: no side is the outlier.
    assert finding.outliers == ()
    assert finding.data["reason"] == "other"


def test_a_tie_goes_against_a_date_after_its_own_article() -> None:
    # The seeds' case once 000 counts as FT's rewrite: FT alone says Monday, 003 alone says May 29th.
    rewrite = Article(id="d000", path="", text="", source="000_ecc249354a8f7f4d", flags=("rewrite",), origin="d001")
    documents = {**corpus(), "d000": rewrite}
    claims = [c for c in kirby_claims() if c.document_id != "d002"]
    ctx = Context(documents, reference(documents, claims))
    [finding] = date_mismatch(claims, ctx)
    assert finding.outliers == ("c-d003",)
    assert "likely a month error" in finding.detail


def test_a_tie_between_two_past_dates_names_no_outlier() -> None:
    documents = corpus()
    claims = [
        claim("d001", "Kirby spoke on Monday.", monday(True)),
        claim("d003", "Kirby spoke on 3 January 2024.", DateRef("3 January 2024", "2024-01-03", "2024-01-03", "exact")),
    ]
    [finding] = date_mismatch(claims, Context(documents, reference(documents, claims)))
    assert finding.outliers == ()


def month(text: str) -> DateRef:
    return DateRef(text, confidence="year-open", kind="range")


def test_the_same_claim_in_two_months_is_a_contradiction() -> None:
    from corroborate.checks.dates import date_month

    documents = corpus()
    claims = [
        claim("d001", "Reid launched a new fashion line called Mantra in December.", month("in December")),
        claim("d002", "Reid has launched a new fashion line called Mantra in September.", month("in September")),
    ]
    [finding] = date_month(claims, Context(documents))
    assert finding.severity == "contradiction"
    assert finding.detail == "002 says September; Financial Times says December: the claims differ only in the month."


def test_two_months_in_differently_worded_claims_are_a_discrepancy() -> None:
    from corroborate.checks.dates import date_month

    documents = corpus()
    claims = [
        claim("d001", "Reid launched Mantra in December.", month("in December")),
        claim(
            "d002",
            "The clothing line first went on sale in stores across the country in September.",
            month("in September"),
        ),
    ]
    [finding] = date_month(claims, Context(documents))
    assert finding.severity == "discrepancy"


def test_months_given_by_one_report_or_bounding_a_range_are_no_finding() -> None:
    from corroborate.checks.dates import date_month

    documents = corpus()
    both = claim("d001", "Talks began in September and ended in December.", month("in September"), month("in December"))
    since = claim("d002", "Attacks have gone on since October.", month("since October"))
    assert date_month([both, claim("d002", "Talks ended in December.", month("in December"))], Context(documents)) == []
    assert date_month([claim("d001", "It began in December.", month("in December")), since], Context(documents)) == []

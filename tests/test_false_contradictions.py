"""False contradictions read on ECB+ news, each as a literal case: the rule that removes it, and what it keeps.

A false "contradicted" costs a reviewer more than a missed one; each case below was a cluster the checks
called contradicted although no two sources disagree.
"""

from __future__ import annotations

import pytest

from corroborate import fields
from corroborate.checks.common import Context
from corroborate.checks.counts import counted
from corroborate.checks.dates import date_mismatch, dates_the_claim
from corroborate.checks.numbers import named, number_interval
from corroborate.checks.polarity import polarity
from corroborate.extract.numbers import find_numbers
from corroborate.lexicon import apostrophes_restored
from corroborate.records import Article, Claim, DateRef, Quantity

DOCS = {f"d{n}": Article(f"d{n}", f"{n}.txt", "", source=f"Outlet {n}", published="2009-02-04") for n in range(4)}


def claim(doc: str, text: str, *, cid: str = "", polarity: str = "positive", **fields_: object) -> Claim:
    return Claim(
        id=cid or f"c-{doc}",
        document_id=doc,
        text=text,
        sentence=text,
        start=0,
        end=len(text),
        polarity=polarity,  # type: ignore[arg-type]
        **fields_,  # type: ignore[arg-type]
    )


def values(text: str) -> list[tuple[float, str]]:
    return [(f.quantity.low, f.quantity.counts) for f in find_numbers(text)]


# -- numbers ---------------------------------------------------------------------------------------


def test_a_thousands_group_a_tokenizer_spaced_out_is_one_number_but_a_day_before_a_count_stays_apart() -> None:
    assert values("The quake left more than 31, 000 people dead.") == [(31_000, "people dead")]
    assert values("Qeshm island, home to 120, 000 people.") == [(120_000, "people")]
    assert values("On March 3, 200 people were hurt.") == [(200, "people")]  # no group starts with 0 here
    assert values("It rose 1, 250 times.") == [(1, ""), (250, "times")]


def test_a_decimal_point_spaced_out_before_a_unit_of_measure_is_one_number() -> None:
    assert values("The quake had a depth of 1. 2 miles.") == [(1.2, "miles")]
    assert values("He testified after 4. 5 hours of questions.") == [(4.5, "hours")]
    assert values("They won 4. 5 people were hurt.") == [(4, ""), (5, "people")]  # no unit: two numbers
    assert values("He testified after 4 1/2 hours of questions.") == [(4.5, "hours")]
    assert all(v.is_integer() for v, _ in values("The 9/11 attacks killed 2,977 people."))  # no fraction there


@pytest.mark.parametrize(
    "text",
    [
        "The navy recovered AK-47 rifles.",  # a model's name, not 47 of anything
        "An F-16 crashed near the base.",
        "The teenager was shot and killed by police eight days ago.",  # a point in time
        "Two weeks later the talks resumed.",
        "Cheeks guided the team to the playoffs his first two seasons.",  # a window of time, not a count
        "Gunfire was heard in the past 24 hours.",
        "Alexis Grigoropoulos, 15 was killed by a police bullet.",  # an age after a name
        "Orozco, 29, was found guilty.",
        "Another climber, 36-year-old Duncan Rait, died.",
        "DiLeo has spent years with the 76ers.",  # a team's name
        "The 49ers won again.",
    ],
)
def test_names_times_and_ages_are_not_counts(text: str) -> None:
    assert values(text) == []


def test_a_count_of_games_or_a_stretch_of_time_after_a_window_word_is_still_a_count() -> None:
    assert values("The Sixers won their first two games.") == [(2, "games")]
    assert values("Cheeks played for 11 seasons.") == [(11, "seasons")]
    assert values("At least 20 people died in the past 24 hours.") == [(20, "people")]


def test_a_count_after_a_place_and_a_comma_is_still_a_count() -> None:
    assert values("The race was 10km long.") == [(10, "km long")] and values("It cost $2bn.") == [(2, "bn")]
    assert values("In Baghdad, 15 were killed.") == [(15, "")]
    assert values("The navy recovered seven AK-47 assault rifles.") == [(7, "AK-47 assault rifles")]


def test_the_counted_words_stop_at_the_first_thing_that_is_not_a_word_or_a_figure() -> None:
    # "two million euros (£1.7 million)" counted "euros million": the words after the bracket joined in.
    assert values("Watches worth two million euros (£1.7 million) were taken.")[0] == (2_000_000, "euros")
    assert values("It refinanced $175 million of 10.5 percent notes.")[0] == (175_000_000, "percent notes")


def test_a_span_of_time_names_no_casualty() -> None:
    text = "It was the second death in the park in two days."
    two = Quantity("two", 2, 2, "days")
    assert counted(two, claim("d0", text)).role == ""
    three = Quantity("three", 3, 3, "climbers")
    assert counted(three, claim("d0", "The storm killed three climbers.")).role == "killed"


def test_a_claim_that_gives_both_figures_is_at_odds_with_neither_side() -> None:
    both = claim(
        "d0",
        "AMD will pay $334 million for SeaMicro, including $281 million in cash.",
        numbers=(Quantity("334 million", 334e6, 334e6, "people"), Quantity("281 million", 281e6, 281e6, "people")),
    )
    total = claim("d1", "AMD is paying $334 million for SeaMicro.", numbers=(Quantity("334", 334e6, 334e6, "people"),))
    assert number_interval([both, total], Context(DOCS)) == []
    cash = claim("d2", "AMD is paying $281 million for SeaMicro.", numbers=(Quantity("281", 281e6, 281e6, "people"),))
    [finding] = number_interval([both, total, cash], Context(DOCS))  # two reports that each give one still differ
    assert set(finding.claims) == {"c-d1", "c-d2"}


# -- polarity ----------------------------------------------------------------------------------------


def test_a_lost_apostrophe_still_negates() -> None:
    assert apostrophes_restored("The case hadn t been submitted. Smith didn t call.") == (
        "The case hadn't been submitted. Smith didn't call."
    )
    assert apostrophes_restored("He is an n t-shirt seller.") == "He is an n t-shirt seller."
    lost = claim("d0", "The case hadn t been submitted as of Tuesday.")  # extracted before the repair: positive
    kept = claim("d1", "The case hadn't been submitted as of Tuesday.", polarity="negative")
    assert polarity([lost, kept], Context(DOCS)) == []
    assert fields.negation_check(fields.polarity(lost.text), fields.polarity(kept.text)) == "same"


def test_a_counterfactual_is_no_denial_of_what_happened() -> None:
    claims = [
        claim("d0", "The Saints placed Bush on injured reserve."),
        claim(
            "d1",
            "The Saints would not have placed Bush on injured reserve if they were still fighting.",
            polarity="negative",
        ),
    ]
    assert polarity(claims, Context(DOCS)) == []
    claims[1] = claim("d1", "The Saints have not placed Bush on injured reserve.", polarity="negative")
    assert [f.severity for f in polarity(claims, Context(DOCS))] == ["contradiction"]


def test_two_parties_are_not_one_affirmed_and_denied() -> None:
    claims = [
        claim("d0", "That turned the ball over to Berg."),
        claim("d1", "For the second week in a row Anna Berg did not turn the ball over.", polarity="negative"),
    ]
    assert polarity(claims, Context(DOCS)) == []
    # the same party, or one a pronoun stands in for, still is
    claims[1] = claim("d1", "Anna Berg did not turn the ball over.", polarity="negative")
    claims[0] = claim("d0", "Anna Berg turned the ball over.")
    assert [f.severity for f in polarity(claims, Context(DOCS))] == ["contradiction"]
    claims[0] = claim("d0", "She turned the ball over.")
    assert [f.severity for f in polarity(claims, Context(DOCS))] == ["contradiction"]


def test_reports_that_each_state_both_sides_are_at_odds_with_nobody() -> None:
    claims = []
    for n in range(2):
        claims.append(claim(f"d{n}", "It wasn't typical, crazy noise.", cid=f"neg-{n}", polarity="negative"))
        claims.append(claim(f"d{n}", "Typical crazy noise sometimes happens.", cid=f"pos-{n}"))
    assert polarity(claims, Context(DOCS)) == []
    claims.append(claim("d2", "It was typical, crazy noise.", cid="pos-2"))  # a third report says only this
    [finding] = polarity(claims, Context(DOCS))
    assert "pos-2" in finding.claims


# -- dates -------------------------------------------------------------------------------------------


def test_a_claim_that_also_gives_the_other_sources_date_does_not_disagree_with_them() -> None:
    friday = DateRef("by Friday", "2010-05-07", "2010-05-07", "relative", "weekday")
    may19 = DateRef("a May 19", "2010-05-19", "2010-05-19", "exact", "date")
    claims = [
        claim("d0", "Greece faces a May 19 due date on debt.", dates=(may19,)),
        claim("d1", "The goal is passage by Friday; Greece faces a May 19 due date on debt.", dates=(friday, may19)),
    ]
    assert date_mismatch(claims, Context(DOCS)) == []
    claims.append(claim("d2", "The goal is passage by Friday.", dates=(friday,)))
    [finding] = date_mismatch(claims, Context(DOCS))  # a report of each date alone still stands apart
    assert set(finding.claims) == {"c-d0", "c-d2"}  # the one that gives both is on neither side


def test_a_date_given_only_as_context_does_not_hide_a_report_that_gives_it_as_the_event() -> None:
    nov25 = DateRef("November 25", "2008-11-25", "2008-11-25", "exact", "date")
    nov26 = DateRef("November 26", "2008-11-26", "2008-11-26", "exact", "date")
    claims = [
        claim(
            "d0",
            "Gunmen attacked the hotel on November 26, a day after a warning on November 25.",
            dates=(nov26, nov25),
        ),
        claim("d1", "Gunmen attacked the hotel on November 26.", dates=(nov26,)),
        claim("d2", "Gunmen attacked the hotel on November 25.", dates=(nov25,)),
    ]
    [finding] = date_mismatch(claims, Context(DOCS))
    assert set(finding.claims) == {"c-d1", "c-d2"}


def day(text: str, date_text: str) -> object:
    from corroborate.checks.calendar import days_of

    ref = DateRef(date_text, "2005-06-26", "2005-06-26", "exact", "date")
    [found] = days_of(claim("d0", text, dates=(ref,)), Context(DOCS))
    return found


def test_a_page_stamp_glued_to_a_claim_and_a_date_that_names_a_thing_do_not_date_the_claim() -> None:
    assert not dates_the_claim(day("June 26, 2005 Before he was fatally shot, Ortiz was looking.", "June 26, 2005"))
    stamp = "Sheriff's Department: June 26, 2005 Deputy Jerry Ortiz was shot and killed."
    assert not dates_the_claim(day(stamp, "June 26, 2005"))
    assert not dates_the_claim(day("Orozco was convicted of the June 26, 2005 attempted murder.", "June 26, 2005"))
    assert dates_the_claim(day("On June 26, 2005 Deputy Jerry Ortiz was shot.", "June 26, 2005"))
    assert dates_the_claim(day("The June 26, 2005 attack killed a deputy.", "June 26, 2005"))
    assert dates_the_claim(day("June 26, 2005, the day Ortiz was shot.", "June 26, 2005"))


def test_figures_of_two_named_parties_are_not_compared_but_those_of_one_are() -> None:
    def yards(doc: str, text: str, subject: str, n: float) -> Claim:
        return claim(doc, text, subject=subject, numbers=(Quantity(str(int(n)), n, n, "yards", "", True, True),))

    hillis = yards("d0", "Peyton Hillis ran for 101 yards.", "Peyton Hillis", 101)
    charles = yards("d1", "Jamaal Charles ran for 226 yards.", "Jamaal Charles", 226)
    assert number_interval([hillis, charles], Context(DOCS)) == []
    again = yards("d2", "Hillis ran for 110 yards.", "Hillis", 110)  # the same player: a disagreement
    assert [f.data["relation"] for f in number_interval([hillis, again], Context(DOCS))] == ["cannot-both-be-true"]
    someone = yards("d3", "He ran for 226 yards.", "He", 226)  # a pronoun names nobody: compared
    assert number_interval([hillis, someone], Context(DOCS)) != []
    assert not named("Eleven other FLDS men") and not named("The strike") and named("The Saints") == {"saints"}


def test_a_date_without_a_year_takes_the_one_year_its_claim_writes() -> None:
    from corroborate.checks.calendar import days_of

    ends = DateRef("January 31", "2009-01-31", "2009-01-31", "year-from-article", "date")
    [found] = days_of(claim("d0", "Its first fiscal 2008 quarter ends January 31.", dates=(ends,)), Context(DOCS))
    assert (found.year, found.month, found.day, found.how) == (2008, 1, 31, "beside")
    born = DateRef("April 22, 1923", "1923-04-22", "1923-04-22", "exact", "date")
    died = DateRef("December 11", "2008-12-11", "2008-12-11", "year-from-article", "date")
    page = claim("d0", "Page, born April 22, 1923, died December 11.", dates=(born, died))
    assert [d.year for d in days_of(page, Context(DOCS))] == [1923, 2008]  # the birth's year is the birth's
    decade = claim("d0", "The 1940s actress died on January 31.", dates=(ends,))
    assert [d.year for d in days_of(decade, Context(DOCS))] == [2009]  # a decade is no year
    two = claim("d0", "Between the 2007 and 2008 seasons, on January 31, he left.", dates=(ends,))
    assert [d.year for d in days_of(two, Context(DOCS))] == [2009]  # two years: none taken


def test_a_scale_joined_by_a_hyphen_is_the_same_amount() -> None:
    assert values("The company must pay NTP the $53.7-million.") == values("RIM must pay NTP the $53.7 million.")
    assert values("It must pay $53.7-million.")[0][0] == 53_700_000


def test_a_negation_behind_an_opening_phrase_stays_a_negation(extract: object) -> None:
    [claim_] = extract(  # type: ignore[operator]
        "Last year, none of nearly two dozen nominated Cuban musicians received U.S. visas on time.", None
    )
    assert claim_.text.startswith("Last year, none of") and fields.polarity(claim_.text).negated
    other = "Last year none of about two dozen nominated Cuban musicians received U.S. visas in time."
    assert fields.negation_check(fields.polarity(claim_.text), fields.polarity(other)) == "same"


def test_not_until_is_read_over_the_whole_clause_and_states_nothing_either_way() -> None:
    long = "None of the Prairie Plant Systems marijuana can be distributed until the document is made available."
    short = "None of Prairie Plant's marijuana can be distributed until the manual is made available."
    assert not fields.polarity(long).negated and not fields.polarity(short).negated  # past the reach of a negation
    cut = "Authorities had no leads in the death until."  # a clause cut before its time: no statement of leads
    plain = "When the body was found, authorities had no leads."
    assert fields.negation_check(fields.polarity(plain), fields.polarity(cut)) == "n/a"
    lasted = fields.polarity("The truce did not last until the end of the month.")
    assert lasted.negated  # a verb that lasts is still denied its reach


def test_auxiliaries_between_a_count_and_its_role_do_not_use_up_the_reach() -> None:
    def role(text: str, word: str) -> str:
        return counted(Quantity(word, 3, 3, ""), claim("d0", text)).role

    assert role("Three American service members have been killed in the attack.", "Three") == "killed"
    assert role("Three people were reportedly injured.", "Three") == "injured"
    assert role("Three American service members and their dogs later killed time.", "Three") == ""  # "and" ends it


def test_the_year_beside_a_date_spares_a_year_error_but_makes_none() -> None:
    jan20 = DateRef("January 20", "2009-01-20", "2009-01-20", "year-from-article", "date")
    claims = [
        claim("d0", "Obama, who won the 2008 election, was sworn in on January 20.", dates=(jan20,)),
        claim("d1", "Obama was sworn in on January 20.", dates=(jan20,)),
    ]
    assert date_mismatch(claims, Context(DOCS)) == []


def test_a_date_in_the_phrase_naming_an_attack_still_dates_the_claim() -> None:
    assert dates_the_claim(day("Ortiz died in the June 26, 2005 shooting.", "June 26, 2005"))


def test_counts_the_review_found_dropped_are_counts_again() -> None:
    assert values("Officials in Gaza City, 20 were killed.") == [(20, "")]  # a count after a place, not an age
    assert values("Maria Lopez, 12 of the victims, were children.")[0][0] == 12
    assert [v for v, _ in values("They were held for 10 days before their release.")] == [10]  # a duration
    assert [v for v, _ in values("The final score was 98 to 91. 12 points came from free throws.")] == [98, 91, 12]
    assert [v for v, _ in values("The firm posted a $10M loss and 5mg doses.")] == [10, 5]


def test_one_word_subjects_may_name_one_party_two_ways() -> None:
    def killed(doc: str, subject: str, n: float) -> Claim:
        text = f"{subject} killed {int(n)} people in the market."
        return claim(doc, text, subject=subject, numbers=(Quantity(str(int(n)), n, n, "people"),))

    found = number_interval([killed("d0", "Gunmen", 12), killed("d1", "Militants", 40)], Context(DOCS))
    assert [f.severity for f in found] == ["contradiction"]


def test_a_role_is_not_read_past_what_the_counted_are_charged_with() -> None:
    three = Quantity("Three", 3, 3, "men")
    assert counted(three, claim("d0", "Three men have been charged with killing a guard.")).role == ""


def test_only_reports_that_state_both_sides_of_the_same_fact_are_set_aside() -> None:
    claims = [
        claim("d0", "The suspect was armed.", cid="a0"),
        claim("d0", "The guard was not asleep.", cid="b0", polarity="negative"),
        claim("d1", "The suspect was not armed.", cid="a1", polarity="negative"),
        claim("d1", "The guard was asleep.", cid="b1"),
    ]
    [finding] = polarity(claims, Context(DOCS))
    assert set(finding.claims) == {"a0", "a1", "b0", "b1"}


def test_a_doubt_agrees_with_the_denial_it_doubts() -> None:
    # ECB+: "she doubted her brother was carrying a gun" against "was not even carrying a gun" was contradicted
    doubted = fields.polarity("Mahnefah Gray doubted her brother was carrying a gun.")
    assert (
        fields.negation_check(doubted, fields.polarity("Mahnefah Gray was not even carrying a gun at all.")) == "same"
    )
    assert fields.negation_check(doubted, fields.polarity("Her brother was carrying a gun.")) == "differ"
    assert not fields.polarity("Analysts have doubts about the plan.").negated  # a noun, no clause doubted
    untrue = fields.polarity("It is untrue that the bank lost customer data.")
    assert fields.negation_check(untrue, fields.polarity("The bank lost customer data.")) == "differ"


def test_a_fragment_of_coordinated_clauses_is_no_short_claim(extract: object) -> None:
    # ECB+: "Five people died." of an earlier quake in Aceh against "Twelve people were killed" was contradicted:
    # the place and the quake went with the second clause
    claims = extract("Five people died and seven were injured in Aceh in the quake and following aftershocks.", None)  # type: ignore[operator]
    assert [c.text for c in claims] == ["Seven were injured in Aceh in the quake and following aftershocks."]

"""Field checks on noisy text: a check vetoes ``same`` only when both texts state the field about the
same thing and the two values cannot both be true. Literal sentence pairs through the public API."""

from __future__ import annotations

import pytest
from test_cluster import claim

from corroborate.embed import HashEmbedder
from corroborate.match import agree, features, field_checks, same_action, vetoes, whole_features
from corroborate.pairs import Text, compare_texts
from corroborate.records import DateRef, Quantity


def check(a: str, b: str, key: str) -> str:
    """One field check on two texts read by the text fallbacks, either way round."""
    forward = field_checks(whole_features(a), whole_features(b))[key]
    backward = field_checks(whole_features(b), whole_features(a))[key]
    assert forward == backward, (a, b, forward, backward)
    return forward


def compare(a: str, b: str):  # type: ignore[no-untyped-def]
    """Two one-claim texts through ``compare_texts`` with the test embedder."""
    vectors = HashEmbedder().embed([a, b])
    texts = [Text(whole_features(t), [whole_features(t)], v, v[None, :]) for t, v in zip((a, b), vectors, strict=True)]
    return compare_texts(texts[0], texts[1])


# -- numbers: a number compares only with a number that counts the same thing ------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("7-year Old Girl Wins County Spelling Bee", "A 7-year-old girl won the county spelling bee"),
        ("A 7 year old girl won the spelling bee.", "The girl, aged 7, won the spelling bee."),
    ],
)
def test_an_age_is_not_a_count_and_agrees_with_the_same_age(a: str, b: str) -> None:
    assert check(a, b, "numbers") == "same"


def test_ages_compare_with_ages_only() -> None:
    assert check("A 7-year-old girl won the bee.", "A 9-year-old girl won the bee.", "numbers") == "differ"
    assert check("A 4-year-old boy was rescued.", "4 boys were rescued.", "numbers") == "n/a"
    assert check("A 4-month-old baby was rescued.", "A 4-year-old baby was rescued.", "numbers") == "n/a"


def test_an_extracted_age_quantity_is_read_as_an_age() -> None:
    headline = claim(
        "a",
        "5-year Old Girl Accused of Hacking School Network",
        numbers=(Quantity("5", 5, 5, "year Old Girl Accused"),),
    )
    sentence = claim("b", "A 5-year-old girl was accused of hacking the school's network.")
    assert field_checks(features(headline), features(sentence))["numbers"] == "same"


def test_exact_counts_of_the_same_thing_that_differ_still_veto() -> None:
    assert check("34 people were killed in the blast.", "40 people were killed in the blast.", "numbers") == "differ"
    assert (
        check("At least 34 people were killed in the blast.", "40 people were killed in the blast.", "numbers")
        == "same"
    )
    assert check("Nearly 40 people were killed.", "52 people were killed.", "numbers") == "differ"


def test_a_number_written_rounder_holds_the_precise_one() -> None:
    assert check("Sales reached $4.2 billion.", "Sales reached $4.23 billion.", "numbers") == "same"
    assert check("She served for 15 years.", "She served for more than 15 years.", "numbers") == "same"
    assert check("Sales reached $4.2 billion.", "Sales reached $4.4 billion.", "numbers") == "differ"


def test_an_extra_value_on_one_side_is_detail_but_two_unmatched_values_conflict() -> None:
    assert (
        check("Revenue rose to $2.5 billion from $2.1 billion.", "Revenue rose to $2.5 billion.", "numbers") == "same"
    )
    assert check("The stock fell $1.20 to $30.10.", "The stock fell $1.40 to $30.10.", "numbers") == "differ"


def test_what_a_number_counts_stops_at_punctuation() -> None:
    assert (
        check(
            "The laptop sells for 25,000 rupees (US$300), before taxes.",
            "The laptop sells for $300 before taxes.",
            "numbers",
        )
        == "same"
    )


def test_coordinated_counts_that_name_the_same_values_do_not_conflict() -> None:
    assert (
        check(
            "He carried three British and one Irish passport.",
            "He carried one Irish and three UK passports.",
            "numbers",
        )
        != "differ"
    )
    assert check("Six of the ten finalists spoke.", "Six finalists spoke.", "numbers") != "differ"


def test_numbers_whose_counted_thing_is_unknown_do_not_veto() -> None:
    assert check("The index closed at 1,204.", "The index closed at 1,198.", "numbers") == "n/a"


# -- dates: a year holds its months and days, a month its days ---------------------------------------


def test_a_month_of_a_year_agrees_with_that_year() -> None:
    assert (
        check(
            "The chain will bring back its value menu in January of 2016.",
            "The chain is bringing back the value menu come 2016.",
            "dates",
        )
        == "same"
    )
    assert check("The vote was held in March.", "The vote was held on March 3.", "dates") == "same"
    assert check("The plant opened in 2015.", "The plant opened in January 2016.", "dates") == "differ"


def test_different_days_still_differ() -> None:
    assert check("The strike began on Monday.", "The strike began on Tuesday.", "dates") == "differ"
    assert check("The strike began on March 3.", "The strike began on March 30.", "dates") == "differ"


def test_a_weekday_and_a_date_compare_once_both_are_resolved() -> None:
    monday = claim(
        "a", "The talks ended on Monday.", dates=(DateRef("Monday", "2023-05-29", "2023-05-29", "relative", "weekday"),)
    )
    may_30 = claim(
        "b", "The talks ended on May 30.", dates=(DateRef("May 30", "2023-05-30", "2023-05-30", "year-from-article"),)
    )
    may_29 = claim(
        "c", "The talks ended on May 29.", dates=(DateRef("May 29", "2023-05-29", "2023-05-29", "year-from-article"),)
    )
    open_monday = claim("d", "The talks ended on Monday.", dates=(DateRef("Monday", kind="weekday"),))
    open_may_29 = claim("e", "The talks ended on May 29.", dates=(DateRef("May 29", confidence="year-open"),))
    unresolved = claim("f", "The talks ended the day before.", dates=(DateRef("the day before"),))
    assert field_checks(features(monday), features(may_30))["dates"] == "differ"
    assert field_checks(features(monday), features(may_29))["dates"] == "same"
    assert field_checks(features(open_monday), features(open_may_29))["dates"] == "n/a"
    assert field_checks(features(open_monday), features(may_30))["dates"] == "n/a"  # unresolved against resolved
    assert field_checks(features(unresolved), features(may_29))["dates"] == "n/a"


def test_the_day_a_statement_was_made_and_a_deadline_are_not_the_claims_date() -> None:
    assert (
        check(
            "The firm widened its policy, officials said Tuesday.",
            "The firm widened its policy, officials said on Wednesday.",
            "dates",
        )
        == "n/a"
    )
    assert check("Early voting runs through Sept. 9.", "Early voting runs on Sept. 7.", "dates") == "n/a"


# -- negation: the claim's own predicate, not a question, a fixed phrase or another clause -----------


def test_a_fixed_phrase_is_not_a_negation() -> None:
    assert check("I don't know. Ask the coach", "'I don't know, ask the coach.'", "negation") == "same"
    assert check("I don't know. Ask the coach", "Ask the coach.", "negation") == "same"
    assert (
        check(
            "Not only did the team win the cup, it set a record.", "The team won the cup and set a record.", "negation"
        )
        == "same"
    )
    assert check("There is no doubt the bridge is unsafe.", "The bridge is unsafe.", "negation") == "same"
    assert (
        check("The mayor backs the national Do Not Call list.", "The mayor backs the national call list.", "negation")
        == "same"
    )


def test_a_question_or_a_condition_states_no_polarity() -> None:
    assert check("Why didn't the council approve the budget?", "The council approved the budget.", "negation") == "same"
    assert (
        check(
            "If the tax is not repealed, the union will strike.",
            "The union will strike unless the tax is repealed.",
            "negation",
        )
        == "same"
    )


def test_a_negation_of_another_predicate_is_not_compared() -> None:
    assert (
        check(
            "The mayor, who did not attend, said the bridge is safe.", "The mayor said the bridge is safe.", "negation"
        )
        == "n/a"
    )
    assert (
        check("Crews said no passenger was thrown out of the bus.", "Crews said some passengers were hurt.", "negation")
        == "n/a"
    )


def test_the_same_predicate_negated_on_one_side_still_differs() -> None:
    assert (
        check(
            "The company has struck a deal with the union.",
            "The company has not struck a deal with the union.",
            "negation",
        )
        == "differ"
    )
    assert check("No passenger was hurt.", "A passenger was hurt.", "negation") == "differ"
    assert check("The plant no longer makes cars.", "The plant makes cars.", "negation") == "differ"
    assert check("The army has yet to confirm the deaths.", "The army confirmed the deaths.", "negation") == "differ"
    # a denied claim that X denies X, as a denial that X does
    assert (
        check(
            "The mayor and her deputy have denied that the city had broken its promise to the port.",
            "The mayor and her deputy have denied Ms Berg's claims that the city has broken its promise to the port.",
            "negation",
        )
        == "same"
    )
    denial = "The ministry denied reports that troops had crossed the border."
    assert check(denial, "Troops had crossed the border.", "negation") == "differ"
    assert check(denial, "Troops had not crossed the border.", "negation") == "same"
    assert check("The army has yet to confirm the deaths.", "The army has not confirmed the deaths.", "negation") == (
        "same"
    )
    assert check(
        "And yet, to our surprise, the army confirmed the deaths.", "The army confirmed the deaths.", "negation"
    ) == ("same")
    assert (
        check("Iran was involved in the attack.", "Iran denied that it was involved in the attack.", "negation")
        == "differ"
    )


def test_both_sides_negating_the_same_predicate_agree() -> None:
    assert check("The minister would not comment.", "The minister declined to comment.", "negation") == "same"
    assert (
        check("The judge declined, through a clerk, to comment.", "The judge would not comment.", "negation") == "same"
    )
    assert check("Neither the coach nor the club is to blame.", "The club is not to blame.", "negation") == "same"


# -- parties: who does what to whom ----------------------------------------------------------------


def test_swapped_parties_are_a_difference() -> None:
    assert check("The heron is chasing the otter", "The otter is chasing the heron", "parties") == "differ"
    assert check("Acme sued Zenith over the patent.", "Zenith sued Acme over the patent.", "parties") == "differ"
    swapped = compare("The heron is chasing the otter", "The otter is chasing the heron")
    assert swapped.paraphrase and not swapped.same and vetoes(swapped.checks) == ["parties"]


def test_the_same_parties_in_the_passive_voice_agree() -> None:
    assert check("The otter is chased by the heron.", "The heron chases the otter.", "parties") == "same"
    assert check("The otter is chased by the heron.", "The otter chases the heron.", "parties") == "differ"


def test_a_symmetric_verb_may_swap_its_parties() -> None:
    assert check("The president met the prime minister.", "The prime minister met the president.", "parties") == "n/a"


def test_parties_from_extracted_subject_and_predicate() -> None:
    a = features(claim("a", "The heron is chasing the otter.", subject="The heron"))
    b = features(claim("b", "The otter is chasing the heron.", subject="The otter"))
    assert field_checks(a, b)["parties"] == "differ" and not agree(field_checks(a, b))


# -- predicate: opposite verbs for the same subject ----------------------------------------------------


def test_opposite_predicates_are_a_difference() -> None:
    assert (
        check(
            "The senator checked into the hotel on Friday.",
            "The senator checked out of the hotel on Friday.",
            "predicate",
        )
        == "opposite"
    )
    assert check("Shares of the bank rose 3 percent.", "Shares of the bank fell 3 percent.", "predicate") == "opposite"
    assert check("The minister resigned on Monday.", "The minister was appointed on Monday.", "predicate") == "opposite"
    result = compare("The senator checked into the hotel on Friday.", "The senator checked out of the hotel on Friday.")
    assert not result.same and vetoes(result.checks) == ["predicate"]


def test_opposite_predicates_of_different_subjects_or_with_a_negation_are_not() -> None:
    assert check("The Hawks won the final.", "The Owls lost the final.", "predicate") == "n/a"
    assert check("Shares of Acme rose 3 percent.", "Shares of Zenith fell 3 percent.", "predicate") == "n/a"
    assert check("The team did not win the final.", "The team lost the final.", "predicate") == "n/a"
    # both denied can both be true: neither admitted nor denied; a draw is neither won nor lost
    assert check("The bank did not deny wrongdoing.", "The bank did not admit wrongdoing.", "predicate") == "n/a"
    assert check("The team did not win the final.", "The team did not lose the final.", "predicate") == "n/a"
    assert check("The team won the final.", "The team won the final again.", "predicate") == "same"


def test_a_paraphrase_without_conflicts_is_still_the_same() -> None:
    result = compare("The heron is chasing the otter", "The heron is chasing the otter.")
    assert result.same and not vetoes(result.checks)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Maurice Cheeks was fired as coach on Saturday.", "The 76ers fired coach Maurice Cheeks.", True),
        ("The attack killed three soldiers.", "Militants killed three soldiers in Jordan.", True),
        ("The storm destroyed 250 homes.", "The fire destroyed more than 250 homes.", True),
        ("We are not looking for a war with Iran.", "Washington is not looking for a war with Tehran.", True),
        ("The council approved the budget.", "The council approved the new stadium.", False),
        ("Stefanski became assistant GM in 2003.", "Stefanski became the latest coach to succumb.", False),
        ("Cheeks was fired on Saturday.", "Cheeks was hired in 2005.", False),  # not the same verb at all
        # a stretch of time is no party: two spells, not one act
        ("Berg has spent 19 seasons with the club.", "Berg spent four seasons as the club's scout.", False),
        ("Berg has spent 19 seasons with the club.", "The fixture spent his first 11 seasons as a player.", False),
        # with no object on either side, the first prepositional phrase stands for it
        ("Cheeks played for 11 seasons with the team.", "Cheeks played on the last championship team.", False),
        ("The senator voted for the bill.", "Smith voted for the farm bill on Tuesday.", True),
        ("The senator voted for the bill.", "The senator voted against the bill.", False),
    ],
)
def test_the_same_verb_is_the_same_action_only_when_done_to_the_same_party(a: str, b: str, same: bool) -> None:
    x, y = features(claim("a", a)), features(claim("b", b))
    assert same_action(x, y, field_checks(x, y)) is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the denied clause's verb is denied, not its subject, which another claim may merely name
        ("The club denied reports that the manager had been sacked.", "The manager was appointed in May."),
        ("The firm denied that the plant would close.", "The plant employs 300 people."),
        # a denial under a negation denies nothing
        ("The company did not deny reports that it would close the plant.", "The company would close the plant."),
        ("No one denied reports that the vote was rigged.", "The vote was rigged."),
    ],
)
def test_a_denied_clause_is_no_conflict_with_what_it_does_not_deny(a: str, b: str) -> None:
    assert check(a, b, "negation") != "differ"

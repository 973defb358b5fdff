"""Atomic clauses cut from the parse, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corroborate.records import Claim

Extract = Callable[..., list[Claim]]


def texts(claims: list[Claim]) -> list[str]:
    return [c.text for c in claims]


def test_coordinated_verbs_share_the_subject_and_keep_their_own_numbers(extract: Extract) -> None:
    claims = extract("The storm killed four people and injured 30 others in the coastal town.")
    assert texts(claims) == ["The storm killed four people.", "The storm injured 30 others in the coastal town."]
    assert [[q.text for q in c.numbers] for c in claims] == [["four"], ["30"]]


def test_a_relative_clause_states_its_own_claim_about_its_noun(extract: Extract) -> None:
    claims = extract("The ferry, which carries 400 passengers a day, was suspended on Monday.")
    assert texts(claims) == ["The ferry was suspended on Monday.", "The ferry carries 400 passengers a day."]
    assert [d.start for d in claims[0].dates] == ["2024-01-29"]


def test_a_restrictive_clause_names_its_noun(extract: Extract) -> None:
    claims = extract("The rescue of the crew of the ferry that sank near the harbour took six hours.")
    assert "The ferry sank near the harbour." in texts(claims)
    who = extract("We will hold those who damaged the bridge accountable.")
    assert texts(who) == ["We will hold those who damaged the bridge accountable."]


def test_a_casualty_clause_takes_the_event_not_the_place(extract: Extract) -> None:
    claims = extract("Officials condemned the explosion at a depot near the port that killed two workers.")
    assert "The explosion killed two workers." in texts(claims)


def test_a_participle_clause_gets_the_subject_and_a_finite_verb(extract: Extract) -> None:
    claims = extract("The barge hit the pier on Sunday, causing damage worth millions.")
    assert texts(claims) == ["The barge hit the pier on Sunday.", "The barge caused damage worth millions."]


def test_coordinated_counts_become_one_claim_each(extract: Extract) -> None:
    claims = extract("The crash resulted in the deaths of three workers and about 20 injured.")
    assert texts(claims) == [
        "The crash resulted in the deaths of three workers.",
        "The crash resulted in about 20 injured.",
    ]
    assert claims[1].numbers[0].text == "about 20"


def test_an_appositive_of_a_name_is_a_claim_of_its_own(extract: Extract) -> None:
    claims = extract("Hafenbau GmbH, a construction firm based in Kiel, won the contract.")
    assert texts(claims) == ["Hafenbau GmbH won the contract.", "Hafenbau GmbH is a construction firm based in Kiel."]


def test_an_apposition_hung_across_the_verb_describes_no_one(extract: Extract) -> None:
    # the parser hangs "a pharmacy" on "Marlow": a list of objects, not a description of the subject
    claims = extract(
        "Marlow, 41, was convicted last week of robbing a bank, a pharmacy, a grocery store and a gas station."
    )
    assert not any(c.text.startswith("Marlow is") for c in claims)
    assert any("a pharmacy, a grocery store and a gas station" in c.text for c in claims)


def test_a_clause_opened_by_a_preposition_and_which_states_a_second_fact(extract: Extract) -> None:
    claims = extract("The mayor opened the bridge in 1998, for which he received a national award.")
    assert texts(claims) == ["The mayor opened the bridge in 1998.", "He received a national award."]
    assert texts(extract("The firm held a sale in March, during which prices fell by half.")) == [
        "The firm held a sale in March.",
        "Prices fell by half.",
    ]
    # inside a noun phrase it names the noun: no claim of its own
    assert texts(extract("The council, for which she worked, approved the plan.")) == [
        "The council, for which she worked, approved the plan."
    ]


def test_a_dated_participle_after_what_a_named_subject_is_states_when_it_happened(extract: Extract) -> None:
    assert texts(extract("Harlan Voss is a former banker jailed in 2009 for fraud in Denver.")) == [
        "Harlan Voss is a former banker.",
        "Harlan Voss was jailed in 2009 for fraud in Denver.",
    ]
    assert texts(extract("Harlan Voss, a former banker jailed in 2009 for fraud, spoke on Monday.")) == [
        "Harlan Voss spoke on Monday.",
        "Harlan Voss is a former banker.",
        "Harlan Voss was jailed in 2009 for fraud.",
    ]
    # without a date of its own it describes him; a participle on a subject names who is meant
    assert len(extract("Harlan Voss is a former banker known for his thrift.")) == 1
    assert texts(extract("The man arrested on Monday was released.")) == ["The man arrested on Monday was released."]


def test_a_description_in_apposition_is_not_set_in_the_opening_time(extract: Extract) -> None:
    claims = extract("On the same day, the mayor met Ilse Brandt, the head of the port authority, in Kiel.")
    assert "Ilse Brandt is the head of the port authority." in texts(claims)
    assert any(c.text.startswith("On the same day, the mayor met") for c in claims)


def test_the_opening_time_phrase_travels_with_the_reported_claim(extract: Extract) -> None:
    text = "On March 3rd, the agency reported that the harbour master said the port had reopened."
    (claim,) = extract(text)
    assert claim.text == "On March 3rd, the port had reopened."
    assert claim.attribution is not None and claim.attribution.speaker == "harbour master"
    assert [d.text for d in claim.dates] == ["March 3rd"]
    assert text[claim.start : claim.end] == "the port had reopened"


def test_conditions_and_causes_stay_inside_the_claim(extract: Extract) -> None:
    claims = extract("If the repairs fail, the bridge will stay closed until the autumn.")
    assert texts(claims) == ["If the repairs fail, the bridge will stay closed until the autumn."]


def test_negation_is_kept_on_the_clause_it_belongs_to(extract: Extract) -> None:
    claims = extract("The minister has not approved the budget, but the council approved the plan.")
    assert [(c.text, c.polarity) for c in claims] == [
        ("The minister has not approved the budget.", "negative"),
        ("The council approved the plan.", "positive"),
    ]
    assert extract("No one was hurt in the collapse.")[0].polarity == "negative"
    assert extract("The team ranked No. 4 in the league table.")[0].polarity == "positive"


def test_every_span_points_at_its_own_words(extract: Extract) -> None:
    text = "The storm, which hit at night, killed four people and injured 30 others, officials said."
    for claim in extract(text):
        assert 0 <= claim.start < claim.end <= len(text)
        first = claim.text.split()[-1].rstrip(".")
        assert first in text[claim.start : claim.end]


def test_a_relative_clause_that_disagrees_with_its_noun_takes_the_noun_that_agrees(extract: Extract) -> None:
    claims = extract("The changes to the harbour law, which were announced on Monday, take effect in June.")
    assert "The changes to the harbour law were announced on Monday." in texts(claims)


def test_a_range_or_a_choice_of_counts_is_not_split(extract: Extract) -> None:
    assert len(extract("Between four and six candidates will be elected in the vote.")) == 1
    assert len(extract("The crew saw two or three boats near the pier.")) == 1


def test_every_participle_of_a_participle_clause_becomes_finite(extract: Extract) -> None:
    claims = extract("The blast hit the depot on Sunday, killing two workers and wounding two others.")
    assert "The blast killed two workers and wounded two others." in texts(claims)


def test_emphasis_is_not_negation_and_do_support_is(extract: Extract) -> None:
    assert extract("The boxer beat nothing but club fighters in his early career.")[0].polarity == "positive"
    assert extract("We don't normally get many accidents at the pier.")[0].polarity == "negative"


def test_any_text_extracts_without_error_and_spans_stay_inside(extract: Extract) -> None:
    import random

    rng = random.Random(7)
    pieces = [
        "The",
        "council",
        "said",
        "“",
        "”",
        '"',
        "'",
        "which",
        "and",
        ",",
        ".",
        "?",
        ":",
        "—",
        "not",
        "40",
        "at least",
        "Monday",
        "\x00",
        "\x1b[31m",
        "\u202e",
        "\ufeff",
        "é",
        "日本",
        "🙂",
        "\n",
        "  ",
        "who",
        "according to",
        "he",
        "killed",
        "No.",
        "(",
        ")",
        "''",
        "Mr.",
        "resulting in",
    ]
    for _ in range(150):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        for claim in extract(text):
            assert 0 <= claim.start < claim.end <= len(text)
            assert claim.text.strip()


@pytest.mark.slow  # seconds: spaCy parses a very long text
def test_a_hundred_thousand_characters_without_a_stop(extract: Extract) -> None:
    text = "and the council met " * 5_000
    claims = extract(text)
    assert all(0 <= c.start < c.end <= len(text) for c in claims)


def test_a_claim_never_ends_in_stray_punctuation() -> None:
    from corroborate.extract.render import claim_text

    assert claim_text("", "the options include strikes in the Persian Gulf,.") == (
        "The options include strikes in the Persian Gulf."
    )
    assert claim_text("", "the pier was damaged, but") == "The pier was damaged."


def test_a_clause_joined_by_nor_states_a_denial(extract: Extract) -> None:
    # Cut without its "nor", "..., nor was Dean asked" used to become "Was Dean asked", and "nor wrote"
    # the affirmative "He wrote a letter": the claim said the opposite of the text.
    claims = extract("None of the rivals picked him as a partner, nor was Dean asked that question.")
    assert texts(claims) == ["None of the rivals picked him as a partner.", "Dean was not asked that question."]
    assert [c.polarity for c in claims] == ["negative", "negative"]
    assert texts(extract("The company did not raise prices, nor did it cut jobs.")) == [
        "The company did not raise prices.",
        "It did not cut jobs.",
    ]
    assert texts(extract("He did not call, nor wrote a letter.")) == ["He did not call.", "He did not write a letter."]
    assert texts(extract("She did not call. Nor did she write.")) == ["She did not call.", "She did not write."]


def test_neither_nor_denies_each_verb(extract: Extract) -> None:
    claims = extract("The ministry neither confirmed nor denied the report.")
    assert texts(claims) == ["The ministry did not confirm.", "The ministry did not deny the report."]
    assert [c.polarity for c in claims] == ["negative", "negative"]
    # "neither" of the subject is the subject's own: one claim, denied for both
    assert texts(extract("Neither the coach nor the club is to blame.")) == [
        "Neither the coach nor the club is to blame."
    ]


def test_a_negation_over_or_denies_the_second_verb_too(extract: Extract) -> None:
    # Cut apart, "or shelled its roads" was "The army shelled its roads.": the opposite of the text.
    assert texts(extract("The army never attacked the town or shelled its roads.")) == [
        "The army never attacked the town.",
        "The army did not shell its roads.",
    ]
    # over "and" the second verb may be what happened instead: it keeps its own polarity
    assert texts(extract("The army did not attack the town and shelled its roads instead.")) == [
        "The army did not attack the town.",
        "The army shelled its roads instead.",
    ]


def test_a_denied_clause_is_the_speakers_denial(extract: Extract) -> None:
    # "The company had laid off 200 workers." credited to the company was the opposite of what it said.
    (claim,) = extract("The company denied that it had laid off 200 workers.")
    assert claim.text == "The company had not laid off 200 workers."
    assert claim.polarity == "negative"
    assert claim.attribution is not None and claim.attribution.verb == "denied"


def test_a_reported_question_states_nothing_of_its_own(extract: Extract) -> None:
    # "How many troops were deployed." was a claim of its own, credited to the man who would not say;
    # a refused speech frames nothing, so the refusal is the claim
    assert texts(extract("He declined to say how many troops were deployed.")) == [
        "He declined to say how many troops were deployed."
    ]
    assert texts(extract("Officials asked whether anyone was hurt.")) == []
    # a statement that starts with a question word is no question
    (said,) = extract('"What makes the flood hard to fight is that it is slow," he said.')
    assert said.text == "What makes the flood hard to fight is that it is slow."
    assert said.attribution is not None and said.attribution.direct
    # a question word of a clause inside the reported one is not a question
    (claim,) = extract("Kirby said that when the drone struck, three soldiers were killed.")
    assert claim.text == "When the drone struck, three soldiers were killed."
    assert claim.attribution is not None and claim.attribution.speaker == "Kirby"


def test_said_only_that_reports_the_clause(extract: Extract) -> None:
    assert texts(extract("Officials said only that the road was closed.")) == ["The road was closed."]
    # "only" of the clause's own subject stays
    assert texts(extract("The company said that only that plant was affected.")) == ["Only that plant was affected."]


def test_two_verbs_that_share_the_second_ones_object_stay_one_claim(extract: Extract) -> None:
    # cut apart, "he shot." said nothing of whom
    assert texts(extract("Police say he shot and killed a federal agent at a house in the north.")) == [
        "He shot and killed a federal agent at a house in the north."
    ]
    # a first verb with its own object, or one written without any, starts another act
    assert texts(extract("The storm killed four people and injured 30 others in the coastal town.")) == [
        "The storm killed four people.",
        "The storm injured 30 others in the coastal town.",
    ]
    assert "The mayor left the country on Monday." in texts(
        extract("The mayor resigned and left the country on Monday.")
    )


def test_a_coordinated_clause_with_its_own_subject_borrows_none(extract: Extract) -> None:
    # the parser hung "the agent" on the auxiliary: the clause took "he" as well ("he the agent was ...")
    claims = extract(
        "In the quiet Oliwa neighborhood, he shot and killed federal agent Mark Berg "
        "at a house the agent was renovating."
    )
    assert "The agent was renovating." in texts(claims)  # was "He the agent was renovating."
    assert "In the quiet Oliwa neighborhood, he shot and killed federal agent Mark Berg at a house." in texts(claims)


def test_denials_that_read_as_what_the_text_says(extract: Extract) -> None:
    # "is" denied is "is not", not "did not be"
    (ill,) = extract("The spokesman denied that the minister was ill.")
    assert ill.text == "The minister was not ill." and ill.polarity == "negative"
    # a denial by nobody is none: the sentence stays whole
    assert texts(extract("No one denied that the vote was close.")) == ["No one denied that the vote was close."]
    # "nor did the governor" borrows its verb from the clause before: no claim "The governor did not do"
    assert texts(extract("The mayor did not attend the meeting, nor did the governor.")) == [
        "The mayor did not attend the meeting."
    ]
    assert texts(extract("The report was late. Nor is it clear whether the mine will reopen.")) == [
        "The report was late.",
        "It is not clear whether the mine will reopen.",
    ]
    # a speech verb under "nor" reports nothing: the board did not explain
    assert texts(extract("Nor did the board explain why the chief executive left.")) == [
        "The board did not explain why the chief executive left."
    ]


def test_a_question_keeps_the_claims_beside_and_inside_it(extract: Extract) -> None:
    claims = extract("Reporters asked whether the president, who was treated for pneumonia in May, would attend.")
    assert texts(claims) == ["The president was treated for pneumonia in May."]
    joined = extract("The council asked how the money was spent, and the auditor said $3 million was missing.")
    assert texts(joined) == ["$3 million was missing."]
    assert joined[0].attribution is not None and joined[0].attribution.speaker == "auditor"

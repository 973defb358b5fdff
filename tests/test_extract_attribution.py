"""Who said it: speech frames read off the parse, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corroborate.records import Claim

Extract = Callable[..., list[Claim]]
BRIDGE = "The bridge would reopen in May."


def only(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if c.text == text]
    assert len(found) == 1, [c.text for c in claims]
    return found[0]


def speaker(claims: list[Claim], text: str) -> str | None:
    claim = only(claims, text)
    return claim.attribution.speaker if claim.attribution else None


@pytest.mark.parametrize(
    ("sentence", "claim", "who"),
    [
        ("The mayor said the bridge would reopen in May.", BRIDGE, "mayor"),
        ("“The bridge will reopen in May,” the mayor said.", "The bridge will reopen in May.", "mayor"),
        ("“The bridge will reopen in May,” said Anna Berg.", "The bridge will reopen in May.", "Anna Berg"),
        ("The bridge, the mayor said, will reopen in May.", "The bridge will reopen in May.", "mayor"),
        ("According to the ministry, the bridge will reopen in May.", "The bridge will reopen in May.", "ministry"),
        ("Anna Berg, who runs the transport office, said the bridge would reopen in May.", BRIDGE, "Anna Berg"),
        ("Anna Berg told the council: “The repairs are on schedule.”", "The repairs are on schedule.", "Anna Berg"),
        (
            "The engineers found that the piers had been damaged for years.",
            "The piers had been damaged for years.",
            "engineers",
        ),
    ],
)
def test_speaker_in_either_order_and_form(extract: Extract, sentence: str, claim: str, who: str) -> None:
    assert speaker(extract(sentence), claim) == who


def test_the_speech_frame_is_not_part_of_the_claim(extract: Extract) -> None:
    claim = only(extract("Anna Berg, who runs the transport office, said the bridge would reopen in May."), BRIDGE)
    text = "Anna Berg, who runs the transport office, said the bridge would reopen in May."
    assert text[claim.start : claim.end] == "the bridge would reopen in May"


def test_the_title_is_a_field_of_its_own(extract: Extract) -> None:
    before = only(extract("City transport director Anna Berg said the bridge would reopen in May."), BRIDGE)
    after = only(
        extract("“The bridge will reopen in May,” said Anna Berg, the city's transport director."),
        "The bridge will reopen in May.",
    )
    assert before.attribution and (before.attribution.speaker, before.attribution.title) == (
        "Anna Berg",
        "City transport director",
    )
    assert after.attribution and (after.attribution.speaker, after.attribution.title) == (
        "Anna Berg",
        "city's transport director",
    )


def test_told_keeps_its_audience_and_a_quote_is_direct(extract: Extract) -> None:
    claim = only(extract("Anna Berg told the council: “The repairs are on schedule.”"), "The repairs are on schedule.")
    assert claim.attribution and claim.attribution.verb == "told the council" and claim.attribution.direct


def test_he_said_resolves_to_the_person_named_before(extract: Extract) -> None:
    claims = extract("Anna Berg spoke to reporters on Friday.\nShe said the bridge would reopen in May.")
    assert speaker(claims, BRIDGE) == "Anna Berg"


def test_he_said_skips_a_person_of_the_other_gender(extract: Extract) -> None:
    text = "Mr. Kowalski met the engineers. Anna Berg joined her team later.\nHe said the bridge would reopen in May."
    assert speaker(extract(text), BRIDGE) == "Kowalski"


def test_a_surname_is_credited_with_the_full_name(extract: Extract) -> None:
    claims = extract("Anna Berg runs the transport office. Berg said the bridge would reopen in May.")
    assert speaker(claims, BRIDGE) == "Anna Berg"


def test_a_quote_over_several_sentences_keeps_its_speaker(extract: Extract) -> None:
    claims = extract(
        "Anna Berg met the engineers on Friday.\n"
        "“The repairs are on schedule. The bridge will reopen in May,” she said."
    )
    assert speaker(claims, "The repairs are on schedule.") == "Anna Berg"
    forward = extract(
        "“The repairs are on schedule,” Anna Berg said. “The bridge will reopen in May. Nobody will pay a toll.”"
    )
    assert speaker(forward, "Nobody will pay a toll.") == "Anna Berg"


def test_a_quote_with_no_speaker_named_gets_none(extract: Extract) -> None:
    claims = extract("“The repairs are on schedule. The bridge will reopen in May.”\nThe council did not comment.")
    assert all(c.attribution is None for c in claims)


def test_the_journalist_has_no_speaker(extract: Extract) -> None:
    claims = extract("The bridge closed in March after a barge struck one of its piers.")
    assert [c.attribution for c in claims] == [None]


def test_a_negated_belief_is_not_a_report_of_its_content(extract: Extract) -> None:
    claims = extract("The council does not believe the repairs are on schedule.")
    assert [c.text for c in claims] == ["The council does not believe the repairs are on schedule."]
    assert claims[0].polarity == "negative"


def test_it_has_been_suggested_names_nobody(extract: Extract) -> None:
    claims = extract("It has been suggested that the barge captain was asleep at the time.")
    assert all(c.attribution is None for c in claims)


def test_a_transcript_label_and_a_signature_credit_the_line(extract: Extract) -> None:
    label = extract("BERG: The repairs are on schedule and the bridge will open in May.")
    assert {c.attribution.speaker for c in label if c.attribution} == {"BERG"}
    signed = extract("The new toll is a scandal for every commuter in this city ― Maria Nowak")
    assert [c.attribution.speaker for c in signed if c.attribution] == ["Maria Nowak"]


def test_each_transcript_turn_credits_its_own_speaker(extract: Extract) -> None:
    # Turns in one paragraph: the second turn's claims were credited to the first speaker.
    claims = extract(
        "HOST: The council says the bridge repairs are running late this spring. "
        "BERG: Well, look, the repairs are on schedule and the crews work every night."
    )
    assert speaker(claims, "The crews work every night.") == "BERG"
    assert speaker(claims, "The bridge repairs are running late this spring.") == "council"
    # a heading or a dateline before a colon is no speaker
    for text in (
        "UPDATE: The bridge reopened on Monday after the repairs.",
        "The bridge reopened on Monday. NOTE: The council voted to fund the repairs.",
        "WASHINGTON: The council voted to fund the repairs on Monday.",
    ):
        assert all(c.attribution is None for c in extract(text)), text


def test_a_paragraph_ending_in_said_colon_hands_the_next_paragraph_to_its_speaker(extract: Extract) -> None:
    claims = extract(
        "Anna Berg spoke to reporters at the bridge on Monday. She said:\n\n"
        '"The repairs are on schedule. The crews work every night."\n\n'
        "The rally ended at noon."
    )
    assert [c.text for c in claims] == [
        "Anna Berg spoke to reporters at the bridge on Monday.",
        "The repairs are on schedule.",
        "The crews work every night.",
        "The rally ended at noon.",
    ]  # "She said:" is no claim of its own
    assert [(c.attribution.speaker, c.attribution.direct) if c.attribution else None for c in claims] == [
        None,
        ("Anna Berg", True),
        ("Anna Berg", True),
        None,
    ]
    reported = extract("The Baltic Times reports:\n\nThe council voted to fund the repairs in March.")
    assert speaker(reported, "The council voted to fund the repairs in March.") == "Baltic Times"
    # a colon after no speech hands nothing on
    listed = extract("The agenda for the day:\n\nThe council voted to fund the repairs in March.")
    assert all(c.attribution is None for c in listed)


def test_a_direct_quote_the_parser_did_not_hang_on_its_verb_is_still_the_speakers(extract: Extract) -> None:
    # the quote parsed as a prepositional phrase of "said": the claim was the whole line, "Anna Berg said" in it
    claims = extract(
        "Anna Berg is a voter in Gdansk. “A lot of their attempts to reach out come across as pandering,” she said."
    )
    assert speaker(claims, "A lot of their attempts to reach out come across as pandering.") == "Anna Berg"
    # a verb that opens a quote after a comma introduces it, and the quote runs on to the next paragraph
    opened = extract(
        "Terry Strada spoke next. She continued, “For us, the families, all we ask for is a day in court.\n\n"
        "Denying us justice is wrong.”"
    )
    assert speaker(opened, "For us, the families, all we ask for is a day in court.") == "Terry Strada"
    assert speaker(opened, "Denying us justice is wrong.") == "Terry Strada"


def test_a_comment_quoted_over_paragraphs_and_signed_at_its_end_is_the_signers(extract: Extract) -> None:
    claims = extract(
        "Readers wrote to us about the debate.\n\n"
        "“He is someone that no sane person would want as president.\n\n"
        "He does not answer to anyone.\n\n"
        "You are not a leader, you are a dictator.” ― Christina Olidem\n\n"
        "The debate ended at ten."
    )
    assert [c.attribution.speaker if c.attribution else None for c in claims] == [
        None,
        "Christina Olidem",  # a name the tagger reads as an organisation's still signs
        "Christina Olidem",
        "Christina Olidem",
        None,
    ]
    # a paragraph that closed its own quote is not part of the signed one
    apart = extract("“The bridge is safe,” the mayor said.\n\nThe toll is a scandal for every commuter.” ― Maria Nowak")
    assert speaker(apart, "The bridge is safe.") == "mayor"


@pytest.mark.parametrize(
    ("sentence", "claim", "who"),
    [
        # the quote's own words parsed as a second subject of "said" ("My reaction" was the speaker)
        (
            "“My reaction, that was outrageous,” the mayor's former campaign strategist said in an interview.",
            "My reaction, that was outrageous.",
            "mayor's former campaign strategist",
        ),
        # a person named in apposition is the speaker ("one" was)
        (
            "In a statement, one of the family's attorneys, Justin Bamberg, said the videos show the car.",
            "The videos show the car.",
            "Justin Bamberg",
        ),
        # a dateline parsed as the subject ("WASHINGTON" was the speaker)
        (
            "WASHINGTON -- President Obama, opening the museum on Saturday, said it would tell a story of hope.",
            "It would tell a story of hope.",
            "Obama",
        ),
        # the name of an opening phrase parsed as the subject ("Dred Scott" was)
        (
            "To understand the real Dred Scott, Chief Justice Roberts said, one should visit this museum.",
            "One should visit this museum.",
            "Roberts",
        ),
        # a person who is the head keeps the name; the apposition is the title
        (
            "Justin Bamberg, the family's attorney, said the videos show the car.",
            "The videos show the car.",
            "Justin Bamberg",
        ),
    ],
)
def test_the_speaker_is_the_person_not_a_word_parsed_beside_them(
    extract: Extract, sentence: str, claim: str, who: str
) -> None:
    assert speaker(extract(sentence), claim) == who


def test_she_is_not_the_man_whose_sentence_says_her(extract: Extract) -> None:
    # "her agent Mark Roesler said" taught that Mark Roesler was a "she": the next claim read
    # "Mark Roesler never regained consciousness"
    claims = extract(
        'Anna Berg, the singer, died on Thursday. "She moved a generation," her agent Mark Roesler said. '
        "She never regained consciousness after the heart attack."
    )
    assert not any(c.text.startswith("Mark Roesler never") for c in claims), [c.text for c in claims]
    # a given name says who "he" can be when the article does not
    named = extract("Elaine Kamarck and Tom Fowler met on Monday. He said the party needed a plan for the fall.")
    assert speaker(named, "The party needed a plan for the fall.") == "Tom Fowler"


def test_a_quote_that_names_its_speaker_at_its_close_is_not_the_sentence_befores(extract: Extract) -> None:
    claims = extract(
        "Democrats called the toll a transparent political ploy.\n\n"
        '"The council wants a photo op. It wants a campaign commercial. That is not a legitimate purpose," '
        "said Anna Berg, the panel's ranking member."
    )
    # the quote's first sentences went on in the voice of the sentence before it ("Democrats")
    assert speaker(claims, "The council wants a photo op.") == "Anna Berg"
    assert speaker(claims, "It wants a campaign commercial.") == "Anna Berg"
    # a demonstrative subject is no "that" to cut ("Is not a legitimate purpose.")
    assert speaker(claims, "That is not a legitimate purpose.") == "Anna Berg"
    # a quote that names no speaker of its own still goes on in the voice before it
    on = extract('Anna Berg spoke on Monday, the mayor said. "The bridge is safe. The repairs are done."')
    assert speaker(on, "The bridge is safe.") == speaker(on, "The repairs are done.") == "mayor"


def test_he_in_what_a_woman_said_is_not_her(extract: Extract) -> None:
    claims = extract("The senator's wife, Susan Carter, said he would not run for the seat again.")
    assert [c.text for c in claims] == ["He would not run for the seat again."]  # was "Susan Carter would not run"
    assert speaker(claims, "He would not run for the seat again.") == "Susan Carter"


def test_a_warning_label_is_no_speaker(extract: Extract) -> None:
    claims = extract("WARNING: Heavy rain will flood the valley roads on Monday night.")
    assert [c.attribution for c in claims] == [None]


def test_a_list_that_said_colon_opens_is_the_speakers_to_its_end(extract: Extract) -> None:
    claims = extract(
        "The Baltic Times reports:\n\n- Two wells ran dry in the north.\n- The river fell by a metre in June.\n\n"
        "The council met on Monday."
    )
    # only the first item was the speaker's
    assert [c.attribution.speaker if c.attribution else None for c in claims] == ["Baltic Times", "Baltic Times", None]
    # a paragraph that is no item ends the hand-over, and a later item is nobody's
    later = extract(
        'Anna Berg spoke at the bridge on Monday. She said:\n\n"The repairs are on schedule."\n\n'
        "- The council met on Monday to vote."
    )
    assert speaker(later, "The council met on Monday to vote.") is None


def test_a_reported_pronoun_becomes_the_speaker(extract: Extract) -> None:
    claims = extract("The ministry said it would not close the port.")
    assert [c.text for c in claims] == ["The ministry would not close the port."]


def test_a_speech_act_with_an_object_is_credited_to_its_subject(extract: Extract) -> None:
    claims = extract("Anna Berg called for a full inquiry into the collapse.")
    assert speaker(claims, "Anna Berg called for a full inquiry into the collapse.") == "Anna Berg"


def test_bylines_and_photo_credits_are_not_claims(extract: Extract) -> None:
    assert extract("From Gdansk, and Maria Nowak from Warsaw.") == []
    assert extract("Photo: Maria Nowak/Wire Agency") == []


def test_a_speech_verb_inside_a_quote_belongs_to_the_quoted_speaker(extract: Extract) -> None:
    claims = extract("“The engineers told us the piers were sound,” Anna Berg said.")
    assert speaker(claims, "The engineers told us the piers were sound.") == "Anna Berg"


def test_a_pronoun_speaker_inside_a_report_is_the_reporter(extract: Extract) -> None:
    claims = extract("Anna Berg said she expects the bridge to reopen in May.")
    assert all(c.attribution and c.attribution.speaker == "Anna Berg" for c in claims)


def test_a_subject_that_is_no_speaker_credits_nothing(extract: Extract) -> None:
    claims = extract("The guard added 16 points in the second half. The suspect posted bail on Friday.")
    assert [c.attribution for c in claims] == [None, None]


def test_it_in_a_person_s_report_is_not_the_person(extract: Extract) -> None:
    claims = extract("Anna Berg said it had not paid the contractor yet.")
    assert [c.text for c in claims] == ["It had not paid the contractor yet."]
    assert [c.text for c in extract("Anna Berg said she had not paid the contractor yet.")] == [
        "Anna Berg had not paid the contractor yet."
    ]


def test_an_untagged_proper_name_that_speaks_can_be_he(extract: Extract) -> None:
    text = "Kowalczyk explained why he backs the plan.\n“The bridge is safe,” he said."
    assert speaker(extract(text), "The bridge is safe.") == "Kowalczyk"


def test_coordinated_speakers_are_all_named_and_they_is_both(extract: Extract) -> None:
    claims = extract(
        "Senator Charles Grassley spoke on Monday. But Mr. Grassley and Mr. Leahy say other changes are needed. "
        "The program has expanded well beyond its original intent, they say."
    )
    # it was "Charles Grassley", with "Mr. Leahy" as his title
    assert speaker(claims, "Other changes are needed.") == "Charles Grassley and Leahy"
    assert speaker(claims, "The program has expanded well beyond its original intent.") == "Charles Grassley and Leahy"
    both = extract("Both Mr. King and Mr. Schultz say the station has never told them what to report.")
    assert [c.attribution.speaker for c in both if c.attribution] == ["King and Schultz"]
    named = extract("Senators Chuck Grassley and Patrick Leahy said the program was plagued by fraud last year.")
    assert speaker(named, "The program was plagued by fraud last year.") == "Chuck Grassley and Patrick Leahy"
    # one name that holds an "and" stays one name
    firm = extract("Smith and Jones said the plan failed badly last year.")
    assert speaker(firm, "The plan failed badly last year.") == "Smith and Jones"

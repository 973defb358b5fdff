"""Extraction: clause splitting, attribution, polarity, robustness, and the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from corroborate.errors import ModelError
from corroborate.extract import build_nlp, extract_claims
from corroborate.ingest import read_batch
from corroborate.records import Article, Claim

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def claims_of(nlp: Language, text: str, published: str | None = None) -> list[Claim]:
    article = Article(id=Article.make_id(text), path="t.txt", text=text, source="t", published=published)
    return extract_claims(article, nlp)


def texts(claims: list[Claim]) -> list[str]:
    return [c.text for c in claims]


def find(claims: list[Claim], text: str) -> Claim:
    return next(c for c in claims if c.text == text)


def test_relative_clause_with_coordinated_verbs(nlp: Language) -> None:
    claims = claims_of(
        nlp, "Officials blamed militants for a drone strike that killed three soldiers and wounded dozens."
    )
    assert "The drone strike killed three soldiers." in texts(claims)
    assert "The drone strike wounded dozens." in texts(claims)
    assert "Officials blamed militants for a drone strike." in texts(claims)


def test_appositive_which_clause(nlp: Language) -> None:
    claims = claims_of(nlp, "The drone hit Tower 22, which houses 350 US military personnel, before dawn.")
    assert "Tower 22 houses 350 US military personnel." in texts(claims)
    assert "The drone hit Tower 22 before dawn." in texts(claims)


def test_coordinated_full_clauses(nlp: Language) -> None:
    claims = claims_of(nlp, "The army withdrew from the town, but the rebels stayed in the hills.")
    assert texts(claims) == ["The army withdrew from the town.", "The rebels stayed in the hills."]


def test_reported_speech_with_pronoun(nlp: Language) -> None:
    claim = claims_of(nlp, "Washington said it was not looking for a war with Iran.")[0]
    assert claim.text == "Washington was not looking for a war with Iran."
    assert claim.attribution is not None
    assert (claim.attribution.speaker, claim.attribution.verb, claim.attribution.direct) == (
        "Washington",
        "said",
        False,
    )
    assert claim.polarity == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cleft under a denial or a negation: the clause after the noun is what is denied
        (
            "Michel denied that it was U.S. pressure which had provoked the government's move.",
            ["It was not U.S. pressure which had provoked the government's move."],
        ),
        (
            "Police said it was not the suspect who fired the first shot.",
            ["It was not the suspect who fired the first shot."],
        ),
        # a cleft that sets its focus against another: "The wife called the police." was the opposite
        (
            "It was the husband, not the wife, who called the police.",
            ["It was the husband, not the wife, who called the police."],
        ),
        (
            "It was Smith, not Jones, who scored the winning goal.",
            ["It was Smith, not Jones, who scored the winning goal."],
        ),
        (
            "It was the minister, rather than the prime minister, who approved the contract.",
            ["It was the minister, rather than the prime minister, who approved the contract."],
        ),
        # a cleft that asserts: its clause is the claim
        ("It was Smith who scored the winning goal.", ["Smith scored the winning goal."]),
    ],
)
def test_a_denied_cleft_keeps_its_clause(nlp: Language, text: str, expected: list[str]) -> None:
    claims = claims_of(nlp, text)
    assert texts(claims) == expected
    assert all(c.polarity == ("negative" if " not " in c.text else "positive") for c in claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "it" here stands for nothing named: neither the speaker nor anyone else takes its place
        ("The ministry said it was unclear whether the missiles were fired from Iran.", "It was unclear whether"),
        ("Officials said it would take weeks to restore power.", "It would take weeks to restore power."),
        ("The minister said it was not Iran that fired the missiles.", "It was not Iran that fired the missiles."),
        # what "it" is, not what the speaker is; the dead are not who speaks
        ("The ministry said it was a terrorist attack.", "It was a terrorist attack."),
        ("Doctors said they died of gunshot wounds.", "They died of gunshot wounds."),
        ("The army said it was a rocket fired from Gaza.", "It was a rocket fired from Gaza."),
        ("Police said they were found dead in their apartment on Sunday.", "They were found dead"),
        ("Officials said they were killed when their car hit a landmine.", "They were killed"),
        # a speech nobody makes, and one neither confirmed nor denied, frame nothing
        ("It is wrong to say that the economy is in recession, the finance minister said.", "It is wrong to say"),
        (
            "The spokesman neither confirmed nor denied that the minister had resigned.",
            "The spokesman did not deny that the minister had resigned.",
        ),
        # "they" that others suffered is left as it is; what the speakers suffered is theirs
        ("The hospital said they were in stable condition.", "They were in stable condition."),
        ("Police said they were shot at.", "Police were shot at."),
        ("Residents said they were forced to flee their homes.", "Residents were forced to flee their homes."),
        ("Apple said it was the largest buyer of cobalt.", "Apple was the largest buyer of cobalt."),
        # the speaker is what the pronoun stands for: a company named with a plural word, a group that says
        # it killed
        ("The company said it was not responsible for the spill.", "The company was not responsible for the spill."),
        ("Police said they had arrested two men.", "Police had arrested two men."),
        ("Smithfield Foods Inc. said Monday that it won the bidding.", "Smithfield Foods Inc. won the bidding."),
        ("The group said it killed 30 soldiers.", "The group killed 30 soldiers."),
    ],
)
def test_it_stands_for_the_speaker_only_where_it_can(nlp: Language, text: str, expected: str) -> None:
    assert any(c.text.startswith(expected) for c in claims_of(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Officials refused to confirm that the plane had been shot down.",
        "The Pentagon declined to confirm that US troops were involved in the raid.",
        "Protesters demanded that the minister resign immediately.",
        "Opposition leaders hope that the talks will fail.",
        # a speaker who is hardly anyone says nothing
        "Few analysts expect the central bank to cut rates this year.",
        "Hardly anyone believes the ceasefire will hold.",
        "Reports that the man who was arrested on Sunday had been released were denied by police.",
    ],
)
def test_a_refused_or_wished_clause_is_stated_by_nobody(nlp: Language, text: str) -> None:
    # split off, "The plane had been shot down." would read as what the officials said
    assert texts(claims_of(nlp, text)) == [text]


def test_a_relative_clause_inside_a_report_is_the_reports(nlp: Language) -> None:
    # "The man was arrested on Sunday." was a fact of the article's own, from a rumour police dismissed
    text = "Police dismissed rumours that the man who was arrested on Sunday had been released."
    assert texts(claims_of(nlp, text)) == [text]
    # a relative clause between commas is the writer's own
    told = "Reports that the CEO, who founded the firm in 1998, would step down sent shares down 5%."
    assert "The CEO founded the firm in 1998." in texts(claims_of(nlp, told))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor resigned.", ["The mayor resigned."]),
        ("Officials said the mayor resigned.", ["The mayor resigned."]),
        ("Three people died.", ["Three people died."]),
        ("Oil prices rose and gold prices fell.", ["Oil prices rose.", "Gold prices fell."]),
        # three words without a subject that names anything state nothing to check
        ("Share this article.", []),
        ("Officials said he died.", []),
        ("It's pretty exceptional.", []),
        # the speaker "they" stands for names the subject
        ("Officials said they would investigate.", ["Officials would investigate."]),
        # "it" never stands for a person; "she" is not the representative
        ("The minister said it would pass easily.", ["It would pass easily."]),
        ("Her representative said she never recovered consciousness.", ["She never recovered consciousness."]),
    ],
)
def test_three_words_with_a_subject_are_a_claim(nlp: Language, text: str, expected: list[str]) -> None:
    assert texts(claims_of(nlp, text)) == expected


@pytest.mark.parametrize("speaker", ["A few analysts", "The few survivors"])
def test_a_few_speakers_still_speak(nlp: Language, speaker: str) -> None:
    (claim,) = claims_of(nlp, f"{speaker} said the bank would cut rates.")
    assert claim.text == "The bank would cut rates."
    assert claim.attribution is not None and claim.attribution.speaker.endswith(speaker.split(" ", 1)[1])


@pytest.mark.parametrize(
    ("text", "expected", "polarity"),
    [
        # a doubt or a dispute of a clause is its denial, credited to who doubts it
        (
            "Experts doubt that the vaccine will be ready before the winter.",
            "The vaccine will not be ready before the winter.",
            "negative",
        ),
        # a denial of a negative states the positive
        ("The senator denied that he had not paid taxes for a decade.", "He had paid taxes for a decade.", "positive"),
        ("The company denied that it never paid the fine.", "The company paid the fine.", "positive"),
        # a denial of "no one" is left as the text has it
        ("The club denied that no tickets had been sold.", "Some tickets had been sold.", "positive"),
        ("The minister denied that nobody had been warned.", "Somebody had been warned.", "positive"),
    ],
)
def test_doubts_and_denials_of_negatives(nlp: Language, text: str, expected: str, polarity: str) -> None:
    claim = claims_of(nlp, text)[0]
    assert (claim.text, claim.polarity) == (expected, polarity)
    assert claim.attribution is not None


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("Neither Russia nor China voted for the resolution.", "negative"),
        ("The company no longer makes the engine.", "negative"),
        ("Not a single soldier was hurt.", "negative"),
        # negations that deny nothing the claim states
        ("It was not until 2019 that the company admitted the problem.", "positive"),
        ("It is not the first time the group has attacked the base.", "positive"),
    ],
)
def test_the_polarity_of_negative_forms(nlp: Language, text: str, polarity: str) -> None:
    assert [c.polarity for c in claims_of(nlp, text)] == [polarity]


def test_speaker_after_quote_and_titles(nlp: Language) -> None:
    claims = claims_of(
        nlp, "“We are not looking for a war,” US National Security Council spokesman John Kirby told NBC’s Today Show."
    )
    assert claims[0].text == "We are not looking for a war."
    assert claims[0].attribution is not None
    assert claims[0].attribution.speaker == "John Kirby"
    assert claims[0].attribution.verb == "told NBC’s Today Show"
    assert claims[0].attribution.direct is True


def test_attribution_kept_across_quote_and_he_resolved(nlp: Language) -> None:
    text = (
        "Senator Jane Doe said the vote was close. "
        "But she added: “We will keep talking to the unions. We want these strikes to stop.”"
    )
    claims = claims_of(nlp, text)
    keep = find(claims, "We will keep talking to the unions.")
    stop = find(claims, "We want these strikes to stop.")
    assert keep.attribution is not None and stop.attribution == keep.attribution
    assert keep.attribution.speaker == "Jane Doe" and keep.attribution.direct is True


def test_nested_report_credits_the_inner_speaker_despite_a_long_title(nlp: Language) -> None:
    claims = claims_of(
        nlp,
        "On May 29th, Reuters reported that John Kirby, the Strategic Communications Coordinator of the "
        "White House National Security Council (NSC), stated in a briefing that the United States does "
        "not seek war with Iran.",
    )
    claim = find(claims, "On May 29th, the United States does not seek war with Iran.")
    assert claim.attribution is not None and claim.attribution.speaker == "John Kirby"
    assert claim.polarity == "negative"
    assert [d.text for d in claim.dates] == ["May 29th"]


def test_according_to_and_inverted_said(nlp: Language) -> None:
    claims = claims_of(nlp, "According to the Associated Press, the base has no air defence system.")
    assert claims[0].attribution is not None and claims[0].attribution.speaker == "Associated Press"
    assert claims[0].text == "The base has no air defence system."
    inverted = claims_of(nlp, "Washington also is not looking for a war, said spokesperson Sabrina Singh.")[0]
    assert inverted.attribution is not None and inverted.attribution.speaker == "Sabrina Singh"


@pytest.mark.parametrize(
    ("sentence", "polarity"),
    [
        ("To date it has not struck Iran directly.", "negative"),
        ("We don’t seek a war with Iran at this point.", "negative"),
        ("The base does not have a large-scale air defence system.", "negative"),
        ("No attempt was made to shoot down the drone.", "negative"),
        ("The claims are denied by Iranian authorities.", "positive"),
        ("The army struck three depots near the border.", "positive"),
    ],
)
def test_polarity(nlp: Language, sentence: str, polarity: str) -> None:
    assert claims_of(nlp, sentence)[0].polarity == polarity


def test_questions_and_fragments_are_skipped(nlp: Language) -> None:
    assert claims_of(nlp, "Will the ceasefire hold this time?\n\nMore soon.") == []


def test_spans_point_at_the_clause(nlp: Language) -> None:
    text = "Officials blamed militants for a drone strike that killed three soldiers and wounded dozens."
    for claim in claims_of(nlp, text):
        assert 0 <= claim.start < claim.end <= len(text)
        assert claim.sentence == text
        assert claim.id == Claim.make_id(claim.document_id, claim.text, claim.start, claim.end)
    wounded = find(claims_of(nlp, text), "The drone strike wounded dozens.")
    assert text[wounded.start : wounded.end] == "wounded dozens"


@pytest.mark.slow  # seconds: spaCy parses a very long text
def test_long_sentence_and_invisible_characters(nlp: Language) -> None:
    text = ("word " * 20_000) + "\u200b\ufeff\u200e\u202e The council met on Monday and approved the plan."
    claims = claims_of(nlp, text)  # finishes: the splitter's work is linear in the sentence
    assert all(0 <= c.start < c.end <= len(text) for c in claims)
    assert "The council met on Monday." in texts(claims)


def test_zero_width_inside_words_never_crash(nlp: Language) -> None:
    text = "The\u200b army\u200e withdrew\ufeff from the town, and it\u202e left three tanks behind."
    assert all(0 <= c.start < c.end <= len(text) for c in claims_of(nlp, text))


def test_missing_trained_pipeline_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="not installed"):
        build_nlp("en_core_web_sm_missing")


def test_nlp_is_cached() -> None:
    assert build_nlp() is build_nlp()


@pytest.fixture(scope="module")
def seed_claims(nlp: Language) -> dict[str, list[Claim]]:
    articles, _ = read_batch([str(ROOT / "seeds")], str(ROOT / "data" / "seeds.toml"))
    return {Path(a.path).name[:3]: extract_claims(a, nlp) for a in articles}


def test_no_junk_reaches_any_seed_claim(seed_claims: dict[str, list[Claim]]) -> None:
    for claims in seed_claims.values():
        assert claims
        for claim in claims:
            for bad in ("You May Also Like", "Please use the sharing tools", "Most Commented", "http", "Gaza City"):
                assert bad not in claim.text
            assert not claim.sentence.endswith("…")


def test_seed_000_numbers(seed_claims: dict[str, list[Claim]]) -> None:
    numbers = [q for c in seed_claims["000"] for q in c.numbers]
    attacks = next(q for q in numbers if q.counts == "attacks")
    assert (attacks.low, attacks.low_inclusive, attacks.hedge) == (160, False, "more than")
    members = next(q for q in numbers if q.counts == "service members")
    assert (members.low, members.high, members.hedge) == (34, float("inf"), "at least")


def test_seed_000_relative_and_appositive(seed_claims: dict[str, list[Claim]]) -> None:
    found = texts(seed_claims["000"])
    assert "The drone strike killed three US soldiers." in found
    assert "The drone strike wounded dozens of others." in found
    injured = find(seed_claims["000"], "Sunday’s attack also injured at least 34 service members.")
    assert injured.attribution is not None and injured.attribution.speaker == "US defence officials"


def test_seed_001_monday_resolves_with_metadata(seed_claims: dict[str, list[Claim]]) -> None:
    claim = seed_claims["001"][0]
    assert claim.text.startswith("Washington was not looking for a war with Iran")
    assert [(d.text, d.start) for d in claim.dates] == [("Monday", "2024-01-29")]
    assert claim.attribution is not None and claim.attribution.speaker == "Washington"


def test_seed_003_may_is_a_date_once(seed_claims: dict[str, list[Claim]]) -> None:
    dates = [d for c in seed_claims["003"] for d in c.dates]
    assert [d.text for d in dates if "May" in d.text or "may" in d.text] == ["May 29th"]
    may = next(c for c in seed_claims["003"] if "may respond" in c.text)
    assert may.dates == ()


def test_titles_and_numbered_abbreviations_do_not_end_a_sentence(nlp: Language) -> None:
    text = "Lt. Col. Ray said Mrs. Kroc ranked No. 121 on the list. He said no. The list was published in Jan. 2024."
    doc = nlp(text)
    assert [s.text for s in doc.sents] == [
        "Lt. Col. Ray said Mrs. Kroc ranked No. 121 on the list.",
        "He said no.",
        "The list was published in Jan. 2024.",
    ]
    kroc = find(claims_of(nlp, text), "Mrs. Kroc ranked No. 121 on the list.")
    assert kroc.polarity == "positive" and kroc.attribution and kroc.attribution.speaker == "Ray"
    assert kroc.attribution.title == "Lt. Col."


def test_a_casualty_verb_takes_the_event_not_the_place_as_subject(nlp: Language) -> None:
    claims = claims_of(
        nlp,
        "Kirby spoke after the recent drone attack on a US military outpost in Jordan "
        "that killed three American servicemen and injured 40 others.",
    )
    attack = "The recent drone attack on a US military outpost in Jordan"
    assert f"{attack} killed three American servicemen." in texts(claims)
    assert f"{attack} injured 40 others." in texts(claims)
    houses = claims_of(nlp, "Officials condemned the attack on a base that houses 350 troops.")
    assert "The base houses 350 troops." in texts(houses)  # not a casualty verb: the nearest noun phrase

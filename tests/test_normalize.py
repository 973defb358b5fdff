"""Text normalisation on invented tweets: what is stripped, what stays."""

from __future__ import annotations

import pytest

from corroborate.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the signature line's handle and date go, the name stays
        (
            "The bridge closes on Monday for repairs. — Town Hall News (@townhallnews) March 3, 2021",
            "The bridge closes on Monday for repairs. — Town Hall News",
        ),
        (
            "Fares rise by 5% next year – Metro Watch (@metro_watch) Sept. 12, 2022",
            "Fares rise by 5% next year — Metro Watch",
        ),
        # links of every kind, also glued to the word before them
        ("Read the report https://example.org/report?id=7 now", "Read the report now"),
        ("See www.example.com/page for details.", "See for details."),
        ("The agency's site (www.example.gov/refunds) tracks refunds.", "The agency's site ( ) tracks refunds."),
        ("Details at https://example.org/a/b.", "Details at ."),  # the sentence's full stop is not the link's
        ("Floods in the valley pic.twitter.com/AbC123xYz", "Floods in the valley"),
        ("Vote today #Vote2024https://t.co/abc123", "Vote today Vote2024"),
        ("The dam burst #Floodpic.twitter.com/Xyz987", "The dam burst Flood"),
        # handles and hashtags lose their sign and keep their word, even typed together
        ("Thanks @ann_lee@bobsmith for the #climate data!", "Thanks ann_lee bobsmith for the climate data!"),
        ("Ask @ann, she knows.", "Ask ann, she knows."),
        ("Nice one @bob!", "Nice one bob!"),
        # whitespace collapses
        ("Two  lines\n\nof   text\t here", "Two lines of text here"),
    ],
)
def test_tweet_furniture_is_stripped(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_an_earlier_quote_dash_stays_and_only_the_last_signature_is_read() -> None:
    text = (
        "“We shall not give up.” — A. General, 1944 #History pic.twitter.com/Q1w2E3 "
        "— Museum Desk (@museumdesk) June 6, 2019"
    )
    assert normalize(text) == "“We shall not give up.” — A. General, 1944 History — Museum Desk"


@pytest.mark.parametrize(
    "text",
    [
        "Write to press@example.org for a copy.",  # an e-mail address is not a handle
        "The team ranked #1 in the league.",  # a number sign is not a hashtag
        "Prices rose 3.5% in May, the office said.",
        "He said — and repeated — that taxes would fall.",  # dashes without a signature
    ],
)
def test_plain_text_is_left_alone(text: str) -> None:
    assert normalize(text) == text


def test_a_text_of_links_only_is_empty() -> None:
    assert normalize("https://t.co/xyz pic.twitter.com/abc") == ""


def test_a_variant_table_can_be_measured() -> None:
    from corroborate.normalize import PATTERNS

    strict = [
        (name, pattern, "" if name == "signature" else " " if name == "handle" else replacement)
        for name, pattern, replacement in PATTERNS
    ]
    assert normalize("Ask @ann. — A Desk (@adesk) May 1, 2020", strict) == "Ask ."

"""Text normalisation before matching: what a tweet says, without the tweet's furniture.

Used by ``corroborate match`` on both sides of a pair and on known claims and
their queries. A tweet copied from the web carries links, handles, the ``#`` of
its hashtags and a signature line ("— Name (@handle) May 4, 2020"); none of
that is the claim, and all of it pulls embeddings apart. The normalised text is
what gets embedded and compared; the original text is what gets shown.

The patterns run in order, as a table: the signature goes first because it
holds a handle, and links go before hashtags because copied tweets often glue
a link to the word before it ("#Vote2020https://t.co/...").
"""

from __future__ import annotations

import re

MONTH_DAY_YEAR = r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"

# (name, pattern, replacement), applied in this order.
PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # "— Name (@handle) Month D, YYYY" closing the text; the name never holds a dash of its own,
    # so an earlier "— quoted person" inside the tweet stays.
    ("signature", re.compile(rf"\s*[—–]\s*[^—–\n]*\(@\w+\)\s+{MONTH_DAY_YEAR}\s*$"), ""),
    ("link", re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE), " "),
    ("picture", re.compile(r"pic\.twitter\.com/\S+", re.IGNORECASE), " "),
    # "@a@b" is two handles typed together; an e-mail address has a word before its "@".
    ("handle", re.compile(r"(?<![\w.])@\w+(?:@\w+)*"), " "),
    # The "#" goes, the word stays; "#1" is a number, not a hashtag.
    ("hashtag", re.compile(r"(?<![\w&])#(?=\w*[^\W\d])"), ""),
    ("space", re.compile(r"\s+"), " "),
    ("before punctuation", re.compile(r" ([,.!?;:])"), r"\1"),  # "thanks @ann!" -> "thanks !" -> "thanks!"
)


def normalize(text: str) -> str:
    """The text to embed and compare: signature, links, pictures and handles out, hashtags as words."""
    for _name, pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text.strip()

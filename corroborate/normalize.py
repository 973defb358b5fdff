"""Text normalisation before matching: what a tweet says, without the tweet's furniture.

Used by ``corroborate match`` on both sides of a pair and on known claims and
their queries. A tweet copied from the web carries links, the ``@`` of handles,
the ``#`` of hashtags and a signature line ("— Name (@handle) May 4, 2020").
Links and the signature's handle and date are not the claim and pull embeddings
apart; the words of handles and hashtags and the signature's name often are part
of it (who said it, what about), so they stay. The normalised text is what gets
embedded and compared; the original text is what gets shown.

The patterns run in order, as a table: the signature goes first because it
holds a handle, and links go before hashtags because copied tweets often glue
a link to the word before it ("#Vote2020https://t.co/..."). On CLEF
CheckThat! 2020 tweets, stripping handles and the whole signature instead
lowered precision at 1 (``bench/clef_pool.py``; README, Measurements).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

MONTH_DAY_YEAR = r"[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"

# A link ends before the punctuation that closes its sentence or bracket: "(www.example.org)."
LINK_END = r"(?=[)\]}>,.;:!?\"'”’]*(?:\s|$))"
Replacement = str | Callable[[re.Match[str]], str]

# (name, pattern, replacement), applied in this order.
PATTERNS: tuple[tuple[str, re.Pattern[str], Replacement], ...] = (
    # "— Name (@handle) Month D, YYYY" closing the text: the handle and date go, the name stays, since
    # who said it is often part of the claim ("Trump tweeted that ..."). The name never holds a dash of
    # its own, so an earlier "— quoted person" inside the tweet stays.
    ("signature", re.compile(rf"\s*[—–]\s*([^—–\n]*?)\s*\(@\w+\)\s+{MONTH_DAY_YEAR}\s*$"), r" — \1"),
    ("link", re.compile(rf"(?:https?://|www\.)\S+?{LINK_END}", re.IGNORECASE), " "),
    ("picture", re.compile(rf"pic\.twitter\.com/\S+?{LINK_END}", re.IGNORECASE), " "),
    # A handle names someone, so its word stays like a hashtag's; "@a@b" is two handles typed
    # together; an e-mail address has a word before its "@".
    ("handle", re.compile(r"(?<![\w.])@\w+(?:@\w+)*"), lambda m: m[0].replace("@", " ")),
    # The "#" goes, the word stays; "#1" is a number, not a hashtag.
    ("hashtag", re.compile(r"(?<![\w&])#(?=\w*[^\W\d])"), ""),
    ("space", re.compile(r"\s+"), " "),
)


def normalize(text: str, patterns: Sequence[tuple[str, re.Pattern[str], Replacement]] = PATTERNS) -> str:
    """The text to embed and compare: links and pictures out, handles and hashtags as words, signature as a name.

    ``patterns`` is for measuring variants of the table (``bench/clef_pool.py``).
    """
    for _name, pattern, replacement in patterns:
        text = pattern.sub(replacement, text)
    return text.strip()

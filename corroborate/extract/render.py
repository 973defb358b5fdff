"""Clause words -> a standalone claim sentence, its polarity and its subject.

The last step of extraction before a Claim is built: quotes and markup are
dropped, a borrowed subject is put in front, the first letter is capitalised
and a full stop added, so every claim reads as a sentence of its own.
"""

from __future__ import annotations

import re

from corroborate.extract.views import INVISIBLE, NEGATION, is_verbish

MARKUP = (
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # Markdown links keep their text
    (re.compile(r"[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}"), ""),
    (re.compile(r"[“”\"]|(?<![A-Za-z])[‘’']|[‘’'](?![A-Za-z])"), ""),  # quote marks, not apostrophes
    (re.compile(r"^(?:…|\.\.\.|\.\s\.\s\.)\s*|\s*(?:…|\.\s\.\s\.)\s*$"), ""),
    (re.compile(r"\s+"), " "),
)
NEGATIVE_SUBJECT = re.compile(r"^(?:no|none|nobody|nothing|neither|no one)\b", re.I)


def claim_text(subject: str, body: str) -> str:
    text = f"{subject} {body}" if subject else body
    text = text.translate(INVISIBLE)
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    text = text.strip(" ,;:—–-")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!")) else text.rstrip(".,;:") + "."


def is_negative(text: str) -> bool:
    """Negation of the main verb ("has not struck", "don't seek") or of the subject ("no attempt")."""
    if NEGATIVE_SUBJECT.match(text):
        return True
    words = text.split()
    verb = next((i for i, w in enumerate(words) if is_verbish(w) and w[:1].islower()), None)
    first, last = (0, len(words)) if verb is None else (max(0, verb - 1), verb + 3)
    return any(NEGATION.search(words[i]) and not _numbered(words, i) for i in range(first, min(last, len(words))))


def _numbered(words: list[str], i: int) -> bool:
    """ "No. 121" is a rank, not a negation."""
    return words[i] in ("No.", "no.") and i + 1 < len(words) and words[i + 1][:1].isdigit()


def subject_predicate(text: str, subject: str) -> tuple[str, str]:
    if subject:
        return subject, text[len(subject) :].strip()
    words = text.split()
    verb = next((i for i, w in enumerate(words) if i and is_verbish(w) and w[:1].islower()), None)
    if verb is None:
        return "", text
    return " ".join(words[:verb]), " ".join(words[verb:])

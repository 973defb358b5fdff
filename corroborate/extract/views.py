"""Text views that remember where each character came from.

Extraction cuts clauses out of sentences ("Tower 22, which houses ..., is")
and must still point every claim at its exact span of ``Article.text``. A
``View`` is a piece of text with the original offset of each character, so
cutting and slicing never lose the way back. Also the small word lexicons the
clause rules share (verbs, auxiliaries, negations), kept as data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


def wordlist(text: str) -> list[str]:
    """Word tables are kept as plain text: easier to read and extend than quoted lists."""
    return text.split()


AUX = set(
    "is are was were be been being am has have had do does did will would can could may might must shall "
    "should won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't "
    "couldn't shouldn't".replace("'", "’").split()
) | set(wordlist("won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't"))
IRREGULAR = set(
    wordlist(
        "said told came took struck hit began won met went made gave got found left sent brought held led saw "
        "withdrew sank fled "
        "knew thought fought fell rose ran shot flew built stood spent lost paid put set kept sought bore "
        "meant drew became wrote spoke broke chose"
    )
)
VERBS = set(
    wordlist(
        "kill wound injure say tell want seek take come go make give get find leave send bring hold lead see stay "
        "know think fight fall rise run shoot fly build stand spend lose pay put set keep attack strike hit "
        "launch carry target claim deny blame accuse support supply house mark mean suggest conclude warn "
        "stress insist add state confirm report announce plan order present deter respond retaliate vow "
        "discuss meet return continue stop prevent hold believe look work need agree begin end win destroy "
        "damage fire die serve conduct deploy reject label depict distance remain appear describe urge call "
        "include cause face involve retain trigger stoke risk move emphasize emphasise point express consider "
        "bear"
    )
)
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff\xa0"), " ")
NEGATION = re.compile(r"\b(?:not|never|no|nobody|nothing|none|neither|nor|cannot|no longer)\b|n['’]t\b", re.I)
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "any"}
PREPOSITIONS = {"with", "near", "of", "in", "on", "at", "from", "for", "by", "against", "to", "into", "over"}
PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "those", "these", "that"}


def is_verbish(word: str, loose: bool = False) -> bool:
    """A word that is likely a finite verb; ``loose`` also trusts -ed/-s endings (after "which")."""
    w = word.lower().strip(",.;:“”\"'")
    if w in AUX or w in IRREGULAR or w in VERBS:
        return True
    for suffix in ("s", "es", "ed", "d", "ing"):
        if w.endswith(suffix) and w[: -len(suffix)] in VERBS:
            return True
    if w.endswith("ied") and w[:-3] + "y" in VERBS:
        return True
    return loose and w.isalpha() and (w.endswith("ed") or w.endswith("s")) and len(w) > 3


@dataclass(frozen=True)
class View:
    """Text plus the offset in the article of each of its characters."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, text: str, start: int, end: int) -> View:
        return cls(text[start:end], tuple(range(start, end)))

    def sub(self, start: int, end: int | None = None) -> View:
        end = len(self.text) if end is None else end
        return View(self.text[start:end], self.offsets[start:end]).strip()

    def cut(self, start: int, end: int) -> View:
        return View(self.text[:start] + self.text[end:], self.offsets[:start] + self.offsets[end:])

    def strip(self, chars: str = " \t\n,;:.—–-") -> View:
        text = self.text
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        if right <= left:
            return View("", ())
        return View(text[left:right], self.offsets[left:right])

    @property
    def span(self) -> tuple[int, int]:
        return (self.offsets[0], self.offsets[-1] + 1) if self.offsets else (0, 0)

    def words(self) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\s]+", self.text)]


COMPLEMENT_HEADS = {
    "believe",
    "think",
    "know",
    "say",
    "hope",
    "suggest",
    "mean",
    "show",
    "ensure",
    "insist",
    "warn",
    "conclude",
    "claim",
    "state",
    "report",
    "note",
    "add",
    "argue",
    "fear",
    "expect",
}


def takes_that_clause(word: str) -> bool:
    """ "said that", "believed that", "is that": a verb before "that" makes it a complementizer."""
    w = word.lower().strip(",")
    stem = re.sub(r"(?:es|s|d|ed)$", "", w)
    return w in AUX or w in IRREGULAR or w.endswith("ed") or w in COMPLEMENT_HEADS or stem in COMPLEMENT_HEADS


def antecedent(view: View, pos: int, through_prepositions: bool = False) -> str:
    """The noun phrase that ends just before ``pos``: "a drone strike" in "a drone strike that ..."."""
    words = view.text[:pos].split()
    phrase: list[str] = []
    best, hops = "", 0
    while words:
        word = words.pop()
        bare = word.lower().strip(',;:“”"')
        if word.endswith((",", ";", ":")) and phrase:
            break
        if bare in PREPOSITIONS and through_prepositions and phrase and hops < 2:
            best, phrase, hops = " ".join(phrase), [], hops + 1
            continue
        if (
            bare in PREPOSITIONS
            or (is_verbish(bare) and word[:1].islower() and phrase)
            or bare in {"and", "or", "but", "as", "than"}
            or len(phrase) == 7
        ):
            break
        phrase.insert(0, word.strip(',;:“”"'))
        if bare in DETERMINERS:
            break
    found = " ".join(phrase) or best
    return "" if found.lower() in PRONOUNS else found


def as_subject(phrase: str) -> str:
    """ "a drone strike" -> "The drone strike": the antecedent now names a known thing."""
    phrase = re.sub(r"^(?:a|an)\s+", "the ", phrase, flags=re.I)
    return phrase[:1].upper() + phrase[1:]


def join_tokens(tokens: Sequence[Token], words: Sequence[str] | None = None) -> str:
    """Tokens (in text order) as the text shows them; where a token was cut out between two, one space.

    ``words`` replaces each token's text (a finite verb for a participle, a name for a pronoun).
    """
    ordered = sorted(range(len(tokens)), key=lambda k: tokens[k].i)
    texts = [words[k] if words is not None else tokens[k].text for k in ordered]
    gaps = token_gaps([tokens[k] for k in ordered])
    return "".join(text + gap for text, gap in zip(texts, gaps, strict=True))


def token_gaps(tokens: Sequence[Token]) -> list[str]:
    """What follows each token in a claim: its own whitespace, one space where words were cut out, or
    nothing after the last."""
    return [
        token.whitespace_ or (" " if tokens[k + 1].i != token.i + 1 else "") if k + 1 < len(tokens) else ""
        for k, token in enumerate(tokens)
    ]

"""Article -> Claim: the spaCy pipeline of the extraction stage and its driver.

``build_nlp`` returns ``spacy.blank("en")`` (or a trained pipeline the user
names) with a sentencizer and three rule-based components whose outputs sit
on Doc extensions: ``doc._.dates``, ``doc._.quantities``, ``doc._.clauses``.
``extract_claims`` feeds the article's non-junk text through it in bounded
chunks and turns clauses into ``Claim`` records with spans into the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from corroborate.errors import ModelError
from corroborate.extract.attribution import Speakers
from corroborate.extract.clauses import Clause, split_sentence
from corroborate.extract.dates import Found, find_dates
from corroborate.extract.numbers import FoundNumber, find_numbers
from corroborate.extract.render import claim_text, is_negative, subject_predicate
from corroborate.extract.views import View, wordlist
from corroborate.records import Article, Attribution, Claim, DateRef, Quantity

CHUNK = 10_000  # characters per spaCy call: bounds tokenizer work on text with no line breaks
MAX_SENTENCE = 1_500  # longer "sentences" are lists or broken text, not claims
MIN_WORDS = 4

for name, default in (("published", None), ("dates", []), ("quantities", []), ("clauses", []), ("speakers", None)):
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=default)


class DateFinder:
    """Date expressions resolved against ``doc._.published``."""

    def __call__(self, doc: Doc) -> Doc:
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        doc._.dates = find_dates(doc.text, doc._.published, sentences)
        return doc


class QuantityFinder:
    """Counts as intervals."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quantities = find_numbers(doc.text)
        return doc


class ClauseSplitter:
    """Atomic clauses per sentence, with attribution carried across multi-sentence quotes."""

    def __call__(self, doc: Doc) -> Doc:
        speakers = doc._.speakers or Speakers()
        clauses: list[tuple[tuple[int, int], Clause]] = []
        carried: Attribution | None = None
        previous: Attribution | None = None
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text) > MAX_SENTENCE or len(text.split()) < MIN_WORDS or text.rstrip('”"’ ').endswith("?"):
                continue
            view = View.of(doc.text, sent.start_char, sent.end_char).strip(" \t\n")
            found = split_sentence(view, speakers)
            owner = carried or (previous if whole_quote(text) else None)
            found = [c if c.attribution or not owner else Clause(c.view, c.subject, owner) for c in found]
            previous = next((c.attribution for c in found if c.attribution), None)
            carried = next_carry(text, found, carried)
            clauses += [((sent.start_char, sent.end_char), c) for c in found]
        doc._.clauses = clauses
        return doc


def whole_quote(text: str) -> bool:
    """A sentence that is one quote: it belongs to the speaker of the sentence before."""
    return text[:1] in '“"' and text.rstrip(" .")[-1:] in '”"' and text.count("“") <= 1


def next_carry(text: str, found: list[Clause], carried: Attribution | None) -> Attribution | None:
    """The speaker of a quote still open at the end of this sentence, or of a quote-only next sentence."""
    attribution = next((c.attribution for c in found if c.attribution), carried)
    if attribution is None:
        return None
    if text.count("“") > text.count("”"):
        return Attribution(attribution.speaker, attribution.verb, True)
    return None


@Language.factory("corroborate_dates", default_config={})
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()


@Language.factory("corroborate_quantities", default_config={})
def make_quantities(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()


@Language.factory("corroborate_clauses", default_config={})
def make_clauses(nlp: Language, name: str) -> ClauseSplitter:
    return ClauseSplitter()


# Abbreviations the sentencizer takes for a sentence end: "Lt. Col. Ray", "ranked No. 121".
TITLES = frozenset(wordlist("Lt Col Capt Cpl Sgt Maj Adm Brig Gen Cmdr Rep Sen Gov Pres Dr Prof Rev Mr Mrs Ms St Mt"))
BEFORE_NUMBER = frozenset(wordlist("No Nos Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec Fig"))


@Language.component("corroborate_abbreviations")
def join_abbreviations(doc: Doc) -> Doc:
    """Undo sentence breaks after a title before a name, or "No."/a month before a number."""
    for token in doc[2:]:
        word, stop = doc[token.i - 2], doc[token.i - 1]
        if stop.text != "." or stop.idx != word.idx + len(word.text) or not token.is_sent_start:
            continue
        if (word.text in TITLES and token.text[:1].isupper()) or (word.text in BEFORE_NUMBER and token.like_num):
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def build_nlp(model: str | None = None) -> Language:
    """The extraction pipeline; cached per model name because loading is the slow part."""
    if model:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise ModelError(
                f"spaCy pipeline {model!r} is not installed; install it or run without a model "
                "to use the built-in rules"
            ) from None
    else:
        nlp = spacy.blank("en")
    if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "sentencizer" in nlp.pipe_names:
        nlp.add_pipe("corroborate_abbreviations", after="sentencizer")
    for name in ("corroborate_dates", "corroborate_quantities", "corroborate_clauses"):
        nlp.add_pipe(name)
    return nlp


def extract_claims(article: Article, nlp: Language) -> list[Claim]:
    """Every atomic claim of the article's non-junk text, in text order."""
    claims: list[Claim] = []
    speakers = Speakers()
    for start, end in chunks(article):
        doc = nlp.make_doc(article.text[start:end])
        doc._.published = article.published
        doc._.speakers = speakers
        for _, component in nlp.pipeline:
            doc = component(doc)
        claims += doc_claims(article, doc, start)
    return claims


def chunks(article: Article) -> list[tuple[int, int]]:
    """Spans of text outside junk, line by line, each cut to at most CHUNK characters."""
    junk = sorted((j.start, j.end) for j in article.junk)
    spans = []
    for match in re.finditer(r"[^\n]+", article.text):
        for s, e in uncovered(match.start(), match.end(), junk):
            if article.text[s:e].strip():
                spans += [(i, min(e, i + CHUNK)) for i in range(s, e, CHUNK)]
    return spans


def uncovered(start: int, end: int, junk: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) that no junk span covers (a dateline may cover only a prefix)."""
    pieces, pos = [], start
    for js, je in junk:
        if je <= pos or js >= end:
            continue
        if js > pos:
            pieces.append((pos, js))
        pos = max(pos, je)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def doc_claims(article: Article, doc: Doc, offset: int) -> list[Claim]:
    claims = []
    by_sentence: dict[tuple[int, int], list[Clause]] = {}
    for bounds, clause in doc._.clauses:
        by_sentence.setdefault(bounds, []).append(clause)
    for (s, e), clauses in by_sentence.items():
        sentence = doc.text[s:e].strip()
        loose = [f.ref for f in doc._.dates if s <= f.start < e and not any(f.start in c.view.offsets for c in clauses)]
        for clause in clauses:
            claim = make_claim(article, clause, sentence, offset, doc._.quantities, doc._.dates, loose)
            if claim:
                claims.append(claim)
    return claims


def make_claim(
    article: Article,
    clause: Clause,
    sentence: str,
    offset: int,
    numbers: list[FoundNumber],
    dates: list[Found],
    loose: list[DateRef],
) -> Claim | None:
    text = claim_text(clause.subject, clause.view.text)
    if len(text.split()) < MIN_WORDS or not clause.view.offsets:
        return None
    s, e = clause.view.span
    words = set(clause.view.offsets)  # cut-out relative clauses keep their own numbers and dates
    inside: tuple[Quantity, ...] = tuple(n.quantity for n in numbers if n.start in words)
    when = tuple(f.ref for f in dates if f.start in words) or tuple(loose)
    subject, predicate = subject_predicate(text, clause.subject)
    start, end = s + offset, e + offset
    return Claim(
        id=Claim.make_id(article.id, text, start, end),
        document_id=article.id,
        text=text,
        sentence=sentence,
        start=start,
        end=end,
        attribution=clause.attribution,
        polarity="negative" if is_negative(text) else "positive",
        numbers=inside,
        dates=when,
        subject=subject,
        predicate=predicate,
    )

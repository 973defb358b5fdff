"""Article -> Claim: the spaCy pipeline of the extraction stage and its driver.

``build_nlp`` loads the trained pipeline (the hash-checked default, or one the
user names) and adds our three components after its parser, whose outputs sit
on Doc extensions: ``doc._.dates``, ``doc._.quantities``, ``doc._.clauses``.
``extract_claims`` feeds the article's non-junk text through ``nlp.pipe`` in
bounded chunks and turns clauses into ``Claim`` records with spans into the text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from corroborate.errors import ModelError
from corroborate.extract.attribution import Speakers
from corroborate.extract.clauses import split_sentence
from corroborate.extract.dates import Found, find_dates
from corroborate.extract.model import DEFAULT_MODEL, checked_path
from corroborate.extract.numbers import FoundNumber, find_numbers
from corroborate.extract.render import Clause, clause_of
from corroborate.extract.views import PRONOUNS, wordlist
from corroborate.lexicon import apostrophes_restored
from corroborate.records import Article, Attribution, Claim, DateRef, Quantity

CHUNK = 10_000  # characters per spaCy call: bounds tokenizer work on text with no line breaks
MAX_SENTENCE = 1_500  # longer "sentences" are lists or broken text, not claims
# Claims of fewer words state nothing to check; three do when the clause has a subject of its own that
# names something ("The mayor resigned.", "Assessments were ongoing."), not none ("Share this article."),
# a pronoun ("It was Smith."), nor when the claim is part of its clause: its subject borrowed ("...,
# creating crisis") or a clause cut from it ("Five people died" of "Five people died and seven were
# injured in Aceh in the quake": the place and the quake went with the second).
MIN_WORDS = 3

BATCH = 64  # chunks per nlp.pipe batch
TERMINAL_QUOTES = '”"’'
Placed = tuple[tuple[int, int], Clause]  # a clause and the bounds of its sentence in the chunk
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
    """Atomic clauses per sentence from the parse, with speakers carried across multi-sentence quotes."""

    def __call__(self, doc: Doc) -> Doc:
        speakers = doc._.speakers if doc._.speakers is not None else Speakers()
        quotes = speakers.quotes
        introduced, speakers.introduced = speakers.introduced, None
        item = LIST_ITEM.match(doc.text) is not None
        if speakers.listing and not item:
            introduced = None  # the list "It said:" opened has ended
        speakers.listing = False
        clauses: list[Placed] = []
        last: Span | None = None
        for sent in doc.sents:
            last = sent
            text = sent.text.strip()
            if not claimable(text):
                quotes.skip(text)
                speakers.see(sent)
                continue
            found = [clause_of(unit, speakers) for unit in split_sentence(sent, quotes.inside)]
            quotes.credit(text, [c for c in found if c is not None], clauses, (sent.start_char, sent.end_char))
            speakers.see(sent)
        if introduced is not None:  # the paragraph "He said:" opened
            direct = doc.text.lstrip()[:1] in OPENING_QUOTES
            who = replace(introduced, direct=direct)
            clauses = [(b, c if c.attribution else replace(c, attribution=who)) for b, c in clauses]
            if item:  # "It said:" over a list: every item of it is the speaker's
                speakers.introduced, speakers.listing = introduced, True
        if last is not None:
            opener = speakers.introduces(last)
            if opener is not None:  # "The New York Times reports:" is no claim of its own
                speakers.introduced, speakers.listing = opener, False
                cue = last.root.idx
                clauses = [(b, c) for b, c in clauses if not (b[0] == last.start_char and cue in c.view.offsets)]
        doc._.clauses = credit_labels(doc, clauses, speakers)
        return doc


def claimable(text: str) -> bool:
    """Long runs are lists or broken text; short ones and questions state nothing to check."""
    question = text.rstrip(TERMINAL_QUOTES + " ").endswith("?")
    return len(text) <= MAX_SENTENCE and len(text.split()) >= MIN_WORDS and not question


LABEL = re.compile(r"\s*[\"“‘']?\s*(?P<who>[A-Z][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){0,3})\s?:\s+\S")
SIGNATURE = re.compile(r"[―—]\s*(?P<who>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})\s*$")
LIST_ITEM = re.compile(r"\s*(?:[-•*–—]|\d{1,2}[.)])\s+\S")  # "- Two wells ran dry", "2. The river fell"
MAX_QUOTED_PARAGRAPHS = 12  # how far back a signed quote may have opened
OPENING_QUOTES = "\"“‘'«"
# Upper-case words before a colon that head a line but name no speaker.
NOT_SPEAKERS = frozenset(
    wordlist(
        "note update updated breaking watch read related correction clarification photos photo video listen "
        "more also see editor editor's advertisement sponsored exclusive opinion analysis live warning alert"
    )
)


def credit_labels(doc: Doc, clauses: list[Placed], speakers: Speakers) -> list[Placed]:
    """A transcript's "WALLACE: ..." credits the claims of its turn, up to the next label (turns may share a
    paragraph: "... temperament. PENCE: Well, look, ..."); a reader's "... ― Jane Doe" the chunk's claims."""
    turns: list[tuple[int, Attribution]] = []
    text = doc.text  # spaCy joins its tokens again at each read of doc.text: read once, not once per sentence
    for sent in doc.sents:
        found = LABEL.match(text, sent.start_char)  # "WALLACE:" may be a sentence of its own
        if found and _name_like(doc, found):
            turns.append((sent.start_char, Attribution(speakers.full(found["who"].strip()), ":", True)))
    if not turns:
        signed = SIGNATURE.search(text)
        if not signed or not _signature_like(doc, signed):
            return clauses
        turns = [(0, Attribution(speakers.full(signed["who"].strip()), "―", True))]
    out = []
    for bounds, clause in clauses:
        who = next((w for start, w in reversed(turns) if start <= bounds[0]), None)
        out.append((bounds, clause if clause.attribution or who is None else replace(clause, attribution=who)))
    return out


def _signature_like(doc: Doc, found: re.Match[str]) -> bool:
    """A name under a dash at a line's end ("― Christina Olidem"): a person's, even where the tagger reads an
    unknown name as an organisation's, or an outlet's; not a place nor a caption word ("― Photo")."""
    start, end = found.span("who")
    words = found["who"].lower().split()
    if set(words) & NOT_SPEAKERS:
        return False
    covering = [e for e in doc.ents if e.start_char <= start and e.end_char >= end - 1]
    if covering:
        return any(e.label_ in ("PERSON", "ORG", "NORP") for e in covering)
    return len(words) >= 2


def _name_like(doc: Doc, found: re.Match[str]) -> bool:
    """A person's name or an upper-case transcript label, not "Update:", "Editor's note:" or a dateline."""
    start, end = found.span("who")
    who = found["who"]
    covering = [e for e in doc.ents if e.start_char <= start and e.end_char >= end - 1]
    if who.isupper() and len(who) > 2:
        words = who.lower().split()
        return not set(words) & NOT_SPEAKERS and not any(e.label_ in ("GPE", "LOC") for e in covering)
    return any(e.label_ == "PERSON" for e in covering)


@Language.factory("corroborate_dates", default_config={})
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()


@Language.factory("corroborate_quantities", default_config={})
def make_quantities(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder()


@Language.factory("corroborate_clauses", default_config={})
def make_clauses(nlp: Language, name: str) -> ClauseSplitter:
    return ClauseSplitter()


@lru_cache(maxsize=4)
def build_nlp(model: str | None = None) -> Language:
    """The extraction pipeline: a trained spaCy pipeline plus our components; cached per model."""
    name = model or DEFAULT_MODEL
    path = checked_path(name)
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError) as error:
        raise ModelError(f"spaCy pipeline {name!r} cannot be loaded ({error})") from None
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no dependency parser; claims are cut from the parse")
    for component in ("corroborate_dates", "corroborate_quantities", "corroborate_clauses"):
        nlp.add_pipe(component)
    return nlp


def extract_claims(article: Article, nlp: Language) -> list[Claim]:
    """Every atomic claim of the article's non-junk text, in text order."""
    speakers = Speakers()
    spans = chunks(article)
    docs = []
    for start, end in spans:
        doc = nlp.make_doc(apostrophes_restored(article.text[start:end]))
        doc._.published = article.published
        doc._.speakers = speakers
        docs.append(doc)
    claims: list[Claim] = []
    for (start, _), doc in zip(spans, nlp.pipe(docs, batch_size=BATCH), strict=True):
        claims += doc_claims(article, doc, start)
    return signed_quotes(article.text, spans, claims)


def signed_quotes(text: str, spans: list[tuple[int, int]], claims: list[Claim]) -> list[Claim]:
    """A reader's comment quoted over several paragraphs and signed at its end (“... ― Jane Doe): the
    paragraphs from the one that opens the quote are hers too. The signature credits only its own
    paragraph (``credit_labels``); a paragraph that closes a quote it did not open points back."""
    credit: dict[int, Attribution] = {}  # chunk -> the signature its paragraphs take
    for k, (start, end) in enumerate(spans):
        chunk = text[start:end]
        signed = SIGNATURE.search(chunk)
        if not signed or not _closes_an_open_quote(chunk[: signed.start()]):
            continue
        who = next((c.attribution for c in claims if start <= c.start < end and c.attribution), None)
        if who is None or who.verb != "―":
            continue
        inside: list[int] = []
        for j in range(k - 1, max(-1, k - 1 - MAX_QUOTED_PARAGRAPHS), -1):
            earlier = text[spans[j][0] : spans[j][1]]
            if any(q in earlier for q in "”»") or SIGNATURE.search(earlier):
                break  # a quote closed there: not this comment's
            inside.append(j)
            if earlier.lstrip()[:1] in "“«":  # where the comment opens
                credit.update((i, who) for i in inside)
                break
    if not credit:
        return claims
    out = []
    for claim in claims:
        found = next((j for j in credit if spans[j][0] <= claim.start < spans[j][1]), None)
        out.append(claim if found is None or claim.attribution else replace(claim, attribution=credit[found]))
    return out


def _closes_an_open_quote(chunk: str) -> bool:
    return chunk.count("”") > chunk.count("“") or chunk.count("»") > chunk.count("«")


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
    text = doc.text
    for (s, e), clauses in by_sentence.items():
        sentence = text[s:e].strip()
        offsets = {o for c in clauses for o in c.view.offsets}
        loose = [f.ref for f in doc._.dates if s <= f.start < e and f.start not in offsets]
        for clause in clauses:
            claim = make_claim(article, clause, sentence, offset, doc._.quantities, doc._.dates, loose)
            if claim:
                claims.append(claim)
    return claims


def _first_word(text: str) -> str:
    """The first word, lower case, without a contraction: "It's pretty exceptional." -> "it"."""
    return re.split(r"['’]", text.split()[0])[0].lower()


def make_claim(
    article: Article,
    clause: Clause,
    sentence: str,
    offset: int,
    numbers: list[FoundNumber],
    dates: list[Found],
    loose: list[DateRef],
) -> Claim | None:
    text = clause.text
    count = len(text.split())
    if count < MIN_WORDS + clause.partial or not clause.view.offsets:
        return None
    if count == MIN_WORDS and (not clause.subject or _first_word(text) in PRONOUNS):
        return None  # "Share this article.", "It was Smith.": no subject that names anything
    s, e = clause.view.span
    words = set(clause.view.offsets)  # cut-out relative clauses keep their own numbers and dates
    inside: tuple[Quantity, ...] = tuple(n.quantity for n in numbers if n.start in words)
    when = tuple(f.ref for f in dates if f.start in words)
    when = when or tuple(f.ref for f in dates if f.start in set(clause.carried)) or tuple(loose)
    start, end = s + offset, e + offset
    return Claim(
        id=Claim.make_id(article.id, text, start, end),
        document_id=article.id,
        text=text,
        sentence=sentence,
        start=start,
        end=end,
        attribution=clause.attribution,
        polarity="negative" if clause.negative else "positive",
        numbers=inside,
        dates=when,
        subject=clause.subject,
        predicate=text[len(clause.subject) :].strip() if clause.subject and text.startswith(clause.subject) else text,
    )

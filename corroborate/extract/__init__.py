"""Article -> Claim: the extraction stage.

``build_nlp`` makes the spaCy pipeline (``spacy.blank("en")`` plus our own
components, or a trained pipeline the user names); ``extract_claims`` turns one
article into claims whose ``start``/``end`` point into ``Article.text``.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from corroborate.errors import ModelError
from corroborate.records import Article, Claim


def build_nlp(model: str | None = None) -> Language:
    if model:
        try:
            nlp = spacy.load(model)
        except OSError as error:
            raise ModelError(f"spaCy pipeline {model!r} is not installed: {error}") from None
    else:
        nlp = spacy.blank("en")
    if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


def extract_claims(article: Article, nlp: Language) -> list[Claim]:
    claims = []
    for start, end in _claim_spans(article):
        doc = nlp(article.text[start:end])
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text.split()) < 4:
                continue
            s = start + sent.start_char
            e = s + len(sent.text.rstrip())
            claims.append(
                Claim(
                    id=Claim.make_id(article.id, text, s, e),
                    document_id=article.id,
                    text=text,
                    sentence=text,
                    start=s,
                    end=e,
                )
            )
    return claims


def _claim_spans(article: Article) -> list[tuple[int, int]]:
    """Paragraph spans of the text that are not junk."""
    spans, pos = [], 0
    text = article.text
    junk = sorted((j.start, j.end) for j in article.junk)
    for line in text.splitlines(keepends=True):
        s, e = pos, pos + len(line.rstrip())
        pos += len(line)
        if e > s and not any(js <= s and e <= je for js, je in junk):
            spans.append((s, e))
    return spans

"""Article -> Claim: the extraction stage.

``build_nlp`` makes the spaCy pipeline (``spacy.blank("en")`` plus our own
rule components, or a trained pipeline the user names); ``extract_claims``
turns one article into atomic claims whose ``start``/``end`` point into
``Article.text``. Extraction reads the article's junk spans but does not
find them: junk lines and HTML reading belong to ingest (``ingest.junk``,
``ingest.webpage``).
"""

from corroborate.extract.pipeline import build_nlp, extract_claims

__all__ = ["build_nlp", "extract_claims"]

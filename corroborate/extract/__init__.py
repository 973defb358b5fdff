"""Article -> Claim: the extraction stage.

``build_nlp`` makes the spaCy pipeline (``spacy.blank("en")`` plus our own
rule components, or a trained pipeline the user names); ``extract_claims``
turns one article into atomic claims whose ``start``/``end`` point into
``Article.text``. Junk marking (used by ingest) lives in ``extract.junk``.
"""

from corroborate.extract.pipeline import build_nlp, extract_claims

__all__ = ["build_nlp", "extract_claims"]

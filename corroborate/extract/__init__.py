"""Article -> Claim: the extraction stage.

``build_nlp`` makes the spaCy pipeline (the trained, hash-checked default or
one the user names, plus our own components after its parser); ``extract_claims``
turns one article into atomic claims whose ``start``/``end`` point into
``Article.text``. Extraction reads the article's junk spans but does not
find them: junk lines and HTML reading belong to ingest (``ingest.junk``,
``ingest.webpage``).

Both names load on first use, so importing a spaCy-free submodule (``numbers``,
``dates``, ``views``) does not import spaCy and torch with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corroborate.extract.pipeline import build_nlp, extract_claims

__all__ = ["build_nlp", "extract_claims"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from corroborate.extract import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

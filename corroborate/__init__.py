"""corroborate: atomic claims across news sources, matched, checked and reviewed.

The flow is ingest -> extract -> embed -> cluster -> checks -> store; see
``corroborate.pipeline``. Importing the package stays light: the models load
only when a stage needs them.
"""

from corroborate.records import Article, Claim, Cluster, Conflict

__all__ = ["Article", "Claim", "Cluster", "Conflict"]

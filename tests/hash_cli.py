"""The real command line with the deterministic HashEmbedder in place of the embedding model.

For tests that run ``corroborate`` in real subprocesses (concurrent runs, kill -9) without loading
the sentence-transformers model: ``python tests/hash_cli.py run PATH --db FILE``.
"""

from __future__ import annotations

import corroborate.embed as embed
from corroborate.cli import main

embed.make_embedder = lambda model=None, backend="torch": embed.HashEmbedder()  # type: ignore[assignment]

if __name__ == "__main__":
    main()

"""The only package that speaks SQL: a plain SQLite file through sqlite-utils, split by role.

- ``schema``   named migrations, the tables they make, the file's identity and version marks
- ``base``     opening and checking the file, ``writing``/``snapshot`` transactions, errors in words
- ``writes``   what the pipeline writes and reads back (documents, claims, vectors, clusters, runs...)
- ``review``   the review app's read model: small paged reads
- ``readings`` what the cluster stage read off the stored texts, so a run reads only new ones
- ``vectors``  ``VectorCache``, the embedding cache of a pool of known claims (a file of its own)
- ``rows``     rows to records and back

The file is in WAL mode and every write is one short ``BEGIN IMMEDIATE`` transaction
(``Store.writing``): it lands whole or not at all, and a second run on the same file waits its turn
instead of failing.
"""

from corroborate.store.base import BUSY_TIMEOUT, describe
from corroborate.store.readings import ReadingsStore
from corroborate.store.review import ReviewReads
from corroborate.store.rows import now
from corroborate.store.schema import APPLICATION_ID, FILTER_INDEXES, FOREIGN_KEYS, MIGRATIONS, SCHEMA_VERSION, TABLES
from corroborate.store.vectors import VectorCache
from corroborate.store.writes import PipelineStore


class Store(PipelineStore, ReadingsStore, ReviewReads):
    """A corroborate database: opening it checks it is ours and writable and brings its schema up to date.

    ``write=False`` (for commands that only read) skips the write check, so a read-only file can be exported.
    """


__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT",
    "FILTER_INDEXES",
    "FOREIGN_KEYS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "TABLES",
    "Store",
    "VectorCache",
    "describe",
    "now",
]

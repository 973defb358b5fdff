"""One exception hierarchy: the library raises these, the CLI turns them into messages."""

from __future__ import annotations


class CorroborateError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(CorroborateError):
    """An input file cannot be read as an article; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ModelError(CorroborateError):
    """An embedding or spaCy model cannot be loaded from local files."""


class StoreError(CorroborateError):
    """The database cannot be opened or is not a corroborate database."""


class RecordError(CorroborateError, ValueError):
    """One record of an input file cannot be read: a line of pairs, of decisions, a known claim.

    The reader that meets it adds the file and the place, and the file's other records still count.
    A ``ValueError`` too, so callers that caught the older ``ValueError`` children keep working.
    """

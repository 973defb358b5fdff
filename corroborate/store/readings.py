"""What the cluster stage read off the stored texts, kept so the next run reads only new ones.

``document_readings`` holds, per document, the outlets its text credits and its proper names (JSON, NULL
while not read); ``reading_outlets`` the outlet names those credits were looked for. Both are written in
the run's clustering transaction, only where they changed.
"""

from __future__ import annotations

import json
from collections import Counter

from corroborate.records import TextReadings
from corroborate.store.base import StoreBase


class ReadingsStore(StoreBase):
    """The cluster stage's readings of the texts (``TextReadings``), read whole and written as a diff."""

    def text_readings(self) -> TextReadings:
        credited: dict[str, frozenset[str]] = {}
        names: dict[str, Counter[str]] = {}
        for doc_id, found, counts in self.db.execute("select document_id, credited, names from document_readings"):
            if found is not None:
                credited[doc_id] = frozenset(json.loads(found))
            if counts is not None:
                names[doc_id] = Counter(json.loads(counts))
        return TextReadings(self._reading_outlets(), credited, names)

    def _reading_outlets(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.db.execute("select name from reading_outlets"))

    def save_text_readings(self, after: TextReadings, before: TextReadings) -> None:
        """Write the documents' readings that differ from ``before`` (what ``text_readings`` gave).

        Skipped when another run saved other outlet names meanwhile: the stored credits go with the stored
        names, so the next run compares against those and reads again what they make stale.
        """
        with self.writing():
            if self._reading_outlets() != before.outlets:
                return
            changed = [
                d
                for d in {*after.credited, *after.names}
                if after.credited.get(d) != before.credited.get(d) or after.names.get(d) != before.names.get(d)
            ]
            self.db.conn.executemany(
                "insert or replace into document_readings (document_id, credited, names) values (?, ?, ?)",
                [(d, _json_set(after.credited.get(d)), _json_counts(after.names.get(d))) for d in sorted(changed)],
            )
            if after.outlets != before.outlets:
                self.db.execute("delete from reading_outlets")
                self.db.conn.executemany(
                    "insert into reading_outlets (name) values (?)", [(n,) for n in sorted(after.outlets)]
                )


def _json_set(found: frozenset[str] | None) -> str | None:
    return None if found is None else json.dumps(sorted(found))


def _json_counts(counts: Counter[str] | None) -> str | None:
    return None if counts is None else json.dumps(dict(counts))  # in the order the names came: sums add up alike

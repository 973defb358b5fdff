"""What the cluster stage read off the stored texts, kept so the next run reads only new ones.

``document_readings`` holds, per document, the outlets its text credits and its proper names (JSON, NULL
while not read) and, for a document with no published date, the date near the top of its text (ISO, ""
where there is none, NULL while not read); ``reading_outlets`` the outlet names those credits were looked
for. Both are written in the run's clustering transaction, only where they changed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from datetime import date

from corroborate.records import LineageVerdict, TextReadings
from corroborate.store.base import StoreBase


class ReadingsStore(StoreBase):
    """The cluster stage's readings of the texts (``TextReadings``), read whole and written as a diff."""

    def text_readings(self, under: str = "") -> TextReadings:
        """The stored readings; the credited pairs only when they were found ``under`` these model and settings."""
        credited: dict[str, frozenset[str]] = {}
        names: dict[str, Counter[str]] = {}
        datelines: dict[str, date | None] = {}
        events: dict[str, str] = {}
        sql = "select document_id, credited, names, dateline, event from document_readings"
        for doc_id, found, counts, line, event in self.db.execute(sql):
            if event is not None:
                events[doc_id] = event
            if found is not None:
                credited[doc_id] = frozenset(json.loads(found)) if found != "[]" else frozenset()
            if counts is not None:
                names[doc_id] = Counter(json.loads(counts))
            if line is not None:
                datelines[doc_id] = date.fromisoformat(line) if line else None
        if not self._found_under(under):
            return TextReadings(self._reading_outlets(), credited, names, datelines, None, under)
        pairs = frozenset((a, b) for a, b in self.db.execute("select a, b from credited_pairs"))
        verdicts = {
            (a, b): (share, copy, flag, origin) if copy is not None else None
            for a, b, share, copy, flag, origin in self.db.execute("select * from lineage_verdicts")
        }
        return TextReadings(self._reading_outlets(), credited, names, datelines, pairs, under, verdicts, events)

    def _found_under(self, under: str) -> bool:
        """Whether the kept pairs and verdicts were found under this key (model and settings)."""
        found = {r[0] for r in self.db.execute("select under from credited_pairs_found")}
        return bool(under) and found == {under}

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
            read = {*after.credited, *after.names, *after.datelines, *after.events}
            changed = [d for d in read if _differ(after, before, d)]
            self.db.conn.executemany(
                "insert or replace into document_readings (document_id, credited, names, dateline, event) "
                "values (?, ?, ?, ?, ?)",
                [(d, *_row(after, d)) for d in sorted(changed)],
            )
            if after.outlets != before.outlets:
                self.db.execute("delete from reading_outlets")
                self.db.conn.executemany(
                    "insert into reading_outlets (name) values (?)", [(n,) for n in sorted(after.outlets)]
                )
            self._save_credited_pairs(after, before)

    def _save_verdicts(
        self,
        after: Mapping[tuple[str, str], LineageVerdict | None],
        before: Mapping[tuple[str, str], LineageVerdict | None],
    ) -> None:
        """Make ``lineage_verdicts`` hold ``after``, writing only what differs from ``before`` (what it holds)."""
        self.db.conn.executemany("delete from lineage_verdicts where a = ? and b = ?", sorted(set(before) - set(after)))
        changed = sorted(p for p, v in after.items() if p not in before or before[p] != v)
        self.db.conn.executemany(
            "insert or replace into lineage_verdicts values (?, ?, ?, ?, ?, ?)",
            [(*p, *(after[p] or (None, None, None, None))) for p in changed],
        )

    def _save_credited_pairs(self, after: TextReadings, before: TextReadings) -> None:
        """The pairs found this run, as a diff of those stored when they were found under the same key."""
        if after.credited_pairs is None or not after.under:
            return
        stored = before.credited_pairs if before.under == after.under and before.credited_pairs is not None else None
        verdicts = before.verdicts
        if stored is None:
            self.db.execute("delete from credited_pairs")
            self.db.execute("delete from lineage_verdicts")
            self.db.execute("delete from credited_pairs_found")
            self.db.execute("insert into credited_pairs_found (under) values (?)", [after.under])
            stored, verdicts = frozenset(), {}
        self._save_verdicts(after.verdicts, verdicts)
        self.db.conn.executemany(
            "delete from credited_pairs where a = ? and b = ?", sorted(stored - after.credited_pairs)
        )
        self.db.conn.executemany(
            "insert into credited_pairs (a, b) values (?, ?)", sorted(after.credited_pairs - stored)
        )


def _differ(after: TextReadings, before: TextReadings, doc_id: str) -> bool:
    """Whether a document's readings changed (compared as read: making the rows of all would cost more).
    Names a run took as stored are the very objects read: compared by identity first (Counter's own
    equality is a Python loop over both)."""
    names, names_before = after.names.get(doc_id), before.names.get(doc_id)
    return (
        after.credited.get(doc_id) != before.credited.get(doc_id)
        or (names is not names_before and names != names_before)
        or (doc_id in after.datelines) != (doc_id in before.datelines)
        or after.datelines.get(doc_id) != before.datelines.get(doc_id)
        or after.events.get(doc_id) != before.events.get(doc_id)
    )


def _row(readings: TextReadings, doc_id: str) -> tuple[str | None, ...]:
    """A document's readings as the columns store them."""
    line = readings.datelines.get(doc_id)
    dateline = line.isoformat() if line else "" if doc_id in readings.datelines else None
    credited, names = _json_set(readings.credited.get(doc_id)), _json_counts(readings.names.get(doc_id))
    return credited, names, dateline, readings.events.get(doc_id)


def _json_set(found: frozenset[str] | None) -> str | None:
    return None if found is None else json.dumps(sorted(found))


def _json_counts(counts: Counter[str] | None) -> str | None:
    return None if counts is None else json.dumps(dict(counts))  # in the order the names came: sums add up alike

"""Findings read back from the inventory, kept as the rows it returned.

A re-scan reports every finding of every unchanged file (about 480,000 on the benchmark corpus).
Building a ``Finding`` for each row was most of that re-scan's time, and a report needs only
the row's fields. ``StoredFindings`` keeps one file's rows; it is a ``Sequence[Finding]`` for
callers that want objects (built when asked for), and the renderers read ``rows`` directly
through ``finding_fields``, the one place that turns a stored row into report fields.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from scanner.models import LOCATION_FIELDS, Finding, FindingFields, Location, location_json

StoredRow = tuple[str | None, str, float, int, int, str, str, str, str, Any]
"""(path, entity_type, score, start, end, location, recognizer, masked, fingerprint, file), the
location as the inventory stores it (JSON, sorted keys): ``inventory._FINDING_COLUMNS``, then
the file's id in the inventory (which groups rows by it), passed over by readers.
``path`` is ``None`` when it is the file's own (``StoredFindings.path``); only a finding inside
an attachment or archive member has a path of its own. Decoding the same long path again for
every row was a quarter of reading an unchanged tree's findings."""
_FIELDS = 9  # the finding's fields, without the file's id


@functools.lru_cache(maxsize=262_144)
def stored_location(stored: str) -> Location:
    """The ``Location`` of a stored location string, one object per distinct string.

    Locations repeat ("page 1" in half the corpus) and are frozen, so one object serves them
    all and ``Location.as_json`` is computed once for each. The cache holds the benchmark
    corpus's 95,000 distinct locations: a smaller one was evicted and re-parsed."""
    return Location(**json.loads(stored))


_PAIR = re.compile(r'"(\w+)": ("[^"]*"|-?\d+)')
_RANK = {name: i for i, name in enumerate(LOCATION_FIELDS)}


def _rank(pair: tuple[str, str]) -> int:
    return _RANK.get(pair[0], len(_RANK))


@functools.lru_cache(maxsize=262_144)
def stored_location_json(stored: str) -> str:
    """``Location.as_json`` of a stored location string, without building a ``Location``.

    The inventory writes sorted keys with non-ASCII escaped; a report writes the fields in
    ``Location``'s order, unescaped. With one key and nothing escaped the two are the same
    text (each key is followed by the only unescaped ``": "``), which is most locations."""
    if "\\" not in stored:
        if stored.count('": ') == 1:
            return stored
        # Several keys and nothing escaped (a JSON key path and its line): put the stored
        # pairs in ``Location``'s order as they are, where they read back exactly.
        pairs = _PAIR.findall(stored)
        if "{" + ", ".join(f'"{k}": {v}' for k, v in pairs) + "}" == stored:
            return "{" + ", ".join(f'"{k}": {v}' for k, v in sorted(pairs, key=_rank) if k in _RANK) + "}"
    fields = json.loads(stored)
    return location_json({k: fields[k] for k in LOCATION_FIELDS if k in fields})


class StoredFindings(Sequence[Finding]):
    """One unchanged file's findings, as inventory rows in the order they were found."""

    __slots__ = ("rows", "path")

    def __init__(self, rows: list[StoredRow], path: str = "") -> None:
        self.rows = rows
        self.path = path  # the file's: a row's path when the row has none

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return [stored_finding(row, self.path) for row in self.rows[index]]
        return stored_finding(self.rows[index], self.path)

    def __iter__(self) -> Iterator[Finding]:
        return (stored_finding(row, self.path) for row in self.rows)

    def __eq__(self, other: object) -> bool:
        # Compares like the tuple of findings it stands for.
        if isinstance(other, StoredFindings) and self.path == other.path:
            return [r[:_FIELDS] for r in self.rows] == [r[:_FIELDS] for r in other.rows]
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"StoredFindings({len(self.rows)} rows)"


def stored_finding(row: StoredRow, file_path: str = "") -> Finding:
    """The ``Finding`` a stored row of the file at ``file_path`` stands for (never with its
    raw text)."""
    path, entity, score, start, end, location, recognizer, masked, fingerprint, _file = row
    where = stored_location(location)
    return Finding.of(path or file_path, entity, score, start, end, where, recognizer, masked, fingerprint)


class FindingList(Sequence[Finding]):
    """The findings of many files in order, each file's kept as it came, so stored rows stay
    rows until a renderer reads them (``ReportData.from_results``)."""

    __slots__ = ("parts", "_len")

    def __init__(self, parts: Iterable[Sequence[Finding]]) -> None:
        self.parts = [p for p in parts if p]
        self._len = sum(map(len, self.parts))

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._len
        for part in self.parts:
            if 0 <= index < len(part):
                return part[index]
            index -= len(part)
        raise IndexError("finding index out of range")

    def __iter__(self) -> Iterator[Finding]:
        return itertools.chain.from_iterable(self.parts)


def finding_fields(findings: Iterable[Finding], reveal: bool = False) -> Iterator[FindingFields]:
    """The fields of each finding, without building a ``Finding`` for a stored row.

    ``text`` is the raw value only with ``reveal`` (the inventory never holds it)."""
    if isinstance(findings, FindingList):
        # chain, not ``yield from``: one generator frame a finding instead of two.
        return itertools.chain.from_iterable(finding_fields(part, reveal) for part in findings.parts)
    if isinstance(findings, StoredFindings):
        return _stored_fields(findings.rows, findings.path)
    return (f.fields(reveal) for f in findings)


def parts(findings: Sequence[Finding]) -> list[Sequence[Finding]]:
    """``findings`` as the runs it is made of: a ``FindingList``'s parts, else itself whole.
    A renderer that has a faster way for ``StoredFindings`` reads them run by run."""
    return findings.parts if isinstance(findings, FindingList) else [findings]


def _stored_fields(rows: list[StoredRow], file_path: str) -> Iterator[FindingFields]:
    for path, entity, score, start, end, location, recognizer, masked, fingerprint, _file in rows:
        yield (
            path or file_path,
            entity,
            score,
            start,
            end,
            stored_location(location),
            recognizer,
            masked,
            fingerprint,
            None,
        )


def entity_types(findings: Iterable[Finding]) -> Iterator[str]:
    """Each finding's entity type; a stored row's is read from the row."""
    if isinstance(findings, FindingList):
        return itertools.chain.from_iterable(map(entity_types, findings.parts))
    if isinstance(findings, StoredFindings):
        return (row[1] for row in findings.rows)
    return (f.entity_type for f in findings)

"""The values that flow between the stages: sources -> extract -> detect -> outputs.

All are frozen dataclasses so a stage can never mutate what another stage handed it.
A ``Finding`` carries no raw value: only a masked form and a keyed fingerprint.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any


class Status(StrEnum):
    """Outcome of reading one file; the inventory stores the value."""

    OK = "ok"
    ERROR = "error"
    ENCRYPTED = "encrypted"
    UNSUPPORTED = "unsupported"
    TOO_LARGE = "too_large"
    SKIPPED = "skipped"
    UNCHANGED = "unchanged"
    REMOVED = "removed"


@dataclass(frozen=True)
class FileRef:
    """A file to read. ``path`` is what users see; ``fs_path`` is how to open it.

    ``path`` is the root as given on the command line joined with the relative
    path. ``fs_path`` is a local filesystem path, or ``None`` for files that
    only exist behind a remote source (SMB), which then opens them itself.
    """

    path: str
    size: int
    mtime: float
    source: str = "local"
    fs_path: str | None = None
    owner: str | None = None
    mode: int | None = None


@dataclass(frozen=True)
class Location:
    """Where a value sits, in the terms a person uses to find it again."""

    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    part: str | None = None
    slide: int | None = None
    key: str | None = None

    def as_dict(self) -> dict[str, Any]:
        # Called for every finding of every report: dataclasses.asdict deep-copies and was
        # a third of the time of re-reporting an unchanged tree.
        return {k: v for k in LOCATION_FIELDS if (v := getattr(self, k)) is not None}

    def as_json(self) -> str:
        """``as_dict`` as compact JSON, computed once per location (they repeat and are frozen)."""
        fields = self.__dict__
        cached: str | None = fields.get("_json")
        if cached is None:
            # Written out here, as ``location_json(self.as_dict())`` writes it: that was a sixth
            # of the parent's time in a two-worker scan (a location a finding, as received).
            parts = []
            for k in LOCATION_FIELDS:
                v = fields[k]
                if v is None:
                    continue
                if type(v) is int:
                    parts.append(f'"{k}": {v}')
                elif type(v) is str:
                    parts.append(f'"{k}": {encode_basestring(v)}')
                else:  # not a field's type; the encoder says what it makes of it
                    parts = [location_json(self.as_dict())[1:-1]]
                    break
            cached = "{" + ", ".join(parts) + "}"
            object.__setattr__(self, "_json", cached)
        return cached

    def stored_json(self) -> str:
        """The inventory's form (``json.dumps`` with sorted keys), computed once per location:
        each finding stores it twice, in its row and in its event."""
        cached: str | None = self.__dict__.get("_stored")
        if cached is None:
            cached = _stored_json(self.as_dict())
            object.__setattr__(self, "_stored", cached)
        return cached

    def on_line(self, line: int) -> Location:
        """This location with ``line`` for its line, filled directly: one is made for every
        line a value is found on, and the frozen ``__init__`` with ``as_dict`` cost 2.3 us."""
        moved = object.__new__(Location)
        fields = self.__dict__
        moved.__dict__.update({k: fields[k] for k in LOCATION_FIELDS}, line=line)
        return moved

    def describe(self) -> str:
        """Short human form, e.g. ``page 2`` or ``Claims!C7``."""
        bits: list[str] = []
        if self.part:
            bits.append(self.part)
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.slide is not None:
            bits.append(f"slide {self.slide}")
        if self.sheet is not None:
            bits.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.cell:
            bits.append(self.cell)
        if self.key:
            bits.append(self.key)
        if self.line is not None:
            bits.append(f"line {self.line}")
        return ", ".join(bits)


LOCATION_FIELDS = tuple(f.name for f in fields(Location))
# One encoder for every location: json.dumps builds a new one per call when given options,
# and a re-scan of the benchmark corpus encodes 95,000 distinct locations.
location_json = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
# ``json.dumps(..., sort_keys=True)``, the inventory's form, with its encoder built once.
_stored_json = json.JSONEncoder(sort_keys=True).encode


@dataclass(frozen=True)
class Segment:
    """A piece of extracted text and where it came from.

    ``location.line``, when set, is the line number of the first character of
    ``text``; detection adds the newlines before a match, so an extractor may
    hand over many lines at once. ``context`` holds words that describe the
    value without being part of it: a column header, a JSON key, a form label.
    ``member`` is the path inside a container (archive member, attachment),
    joined to the file path with ``!`` in findings.
    """

    text: str
    location: Location = field(default_factory=Location)
    context: tuple[str, ...] = ()
    member: str | None = None


@dataclass(frozen=True)
class Finding:
    """One detected value. Offsets are relative to the unit in ``location``
    (the line, the cell, the page text), never to the raw file."""

    path: str
    entity_type: str
    score: float
    start: int
    end: int
    location: Location
    recognizer: str
    masked: str
    fingerprint: str
    text: str | None = None  # only filled when the user asked for --reveal

    @classmethod
    def of(
        cls,
        path: str,
        entity_type: str,
        score: float,
        start: int,
        end: int,
        location: Location,
        recognizer: str,
        masked: str,
        fingerprint: str,
        text: str | None = None,
    ) -> Finding:
        """A finding of these fields, filled directly.

        The frozen ``__init__`` sets each field through ``object.__setattr__`` (1.6 us against
        0.5 us), for every finding detected (480,000 on the benchmark corpus) and for every
        stored one a re-scan of an unchanged tree reports again, where it was a fifth of the time.
        A finding read back from the inventory is made without ``text``: none is stored.
        """
        f = object.__new__(cls)
        f.__dict__.update(
            path=path, entity_type=entity_type, score=score, start=start, end=end, location=location,
            recognizer=recognizer, masked=masked, fingerprint=fingerprint, text=text,
        )  # fmt: skip
        return f

    def fields(self, reveal: bool = False) -> FindingFields:
        """The fields in order, ``text`` last and only with ``reveal``."""
        text = self.text if reveal else None
        return (self.path, self.entity_type, self.score, self.start, self.end, self.location,
                self.recognizer, self.masked, self.fingerprint, text)  # fmt: skip

    def as_dict(self, reveal: bool = False) -> dict[str, Any]:
        return fields_as_dict(self.fields(reveal))


FindingFields = tuple[str, str, float, int, int, Location, str, str, str, "str | None"]
"""A finding's fields in ``Finding`` order, ``text`` last (``None`` unless revealed). Reports
read findings in this form, so a stored row becomes one without a ``Finding`` (``scanner/stored.py``)."""


def fields_as_dict(fields: FindingFields) -> dict[str, Any]:
    """The design's finding object (json, csv and jsonl reports)."""
    path, entity_type, score, start, end, location, recognizer, masked, fingerprint, text = fields
    out: dict[str, Any] = {
        "path": path,
        "entity_type": entity_type,
        "score": round(score, 2),
        "start": start,
        "end": end,
        "location": location.as_dict(),
        "recognizer": recognizer,
        "masked": masked,
        "fingerprint": fingerprint,
    }
    if text is not None:
        out["text"] = text
    return out


@dataclass(frozen=True)
class FileResult:
    """Everything a scan learned about one file."""

    file: FileRef
    status: Status
    # A tuple when the file was read; a ``StoredFindings`` (inventory rows) when it was unchanged.
    findings: Sequence[Finding] = ()
    error: str | None = None
    sha256: str | None = None
    extractor: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Every result a worker finds crosses to the parent pickled. Finding by finding (a
        # class and a field dict each) the 480,000 findings of the benchmark corpus took
        # 2.3 s to pickle and 3.7 s to unpickle; as rows of their fields, 0.9 and 2.1 s.
        state = (self.file, self.status, self.findings, self.error, self.sha256, self.extractor)
        if not isinstance(self.findings, tuple):  # inventory rows already (``StoredFindings``)
            return (FileResult, state)
        return (_result_from_rows, (*state[:2], [f.fields(reveal=True) for f in self.findings], *state[3:]))


def _result_from_rows(
    file: FileRef,
    status: Status,
    rows: list[FindingFields],
    error: str | None,
    sha256: str | None,
    extractor: str | None,
) -> FileResult:
    """``FileResult.__reduce__``'s inverse: each row becomes a ``Finding`` again."""
    of = Finding.of
    return FileResult(file, status, tuple(of(*row) for row in rows), error, sha256, extractor)

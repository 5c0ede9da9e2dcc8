"""What changed between two points of the inventory's history.

The inventory writes an event whenever a finding appears in or leaves a file
(``finding_events``) and whenever a file is added, changed or removed
(``file_events``). The state after scan N is the last event of each identity
up to N, so a delta between runs A and B is a set difference of two states;
the reason shown for a change is the one of its latest event in (A, B].

A finding's identity is (path, entity_type, fingerprint): moving a value
inside a file is not a change, and the same value twice in a file is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from scanner.errors import ConfigError
from scanner.inventory import FINDING_REASONS, Inventory, file_events, finding_events, scans
from scanner.models import Location

Identity = tuple[str, str, str]


@dataclass(frozen=True)
class Change:
    """One finding that appeared or went away; never a raw value."""

    file_path: str
    path: str
    entity_type: str
    fingerprint: str
    masked: str
    score: float
    location: Location
    reason: str

    @property
    def explanation(self) -> str:
        return FINDING_REASONS.get(self.reason, self.reason)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "entity_type": self.entity_type,
            "score": round(self.score, 2),
            "location": self.location.as_dict(),
            "masked": self.masked,
            "fingerprint": self.fingerprint,
            "reason": self.reason,
        }


@dataclass
class Delta:
    """Changes after scan ``since`` (exclusive; ``None``: an empty inventory) up to ``until``."""

    since: int | None
    until: int
    new: list[Change] = field(default_factory=list)
    resolved: list[Change] = field(default_factory=list)
    unverifiable: list[Change] = field(default_factory=list)
    new_files: list[str] = field(default_factory=list)
    cleaned_files: list[str] = field(default_factory=list)
    unchanged_findings: int = 0
    unchanged_files: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "since_scan": self.since,
            "until_scan": self.until,
            "new_findings": len(self.new),
            "resolved_findings": len(self.resolved),
            "unverifiable_findings": len(self.unverifiable),
            "new_files_with_personal_data": len(self.new_files),
            "files_no_longer_holding_personal_data": len(self.cleaned_files),
            "unchanged_findings": self.unchanged_findings,
            "unchanged_files_with_personal_data": self.unchanged_files,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "new": [c.as_dict() for c in self.new],
            "resolved": [c.as_dict() for c in self.resolved],
            "unverifiable": [c.as_dict() for c in self.unverifiable],
            "new_files": self.new_files,
            "cleaned_files": self.cleaned_files,
        }


def _change(r: Any) -> Change:
    return Change(
        file_path=r.file_path,
        path=r.path,
        entity_type=r.entity_type,
        fingerprint=r.fingerprint,
        masked=r.masked,
        score=r.score,
        location=Location(**json.loads(r.location)),
        reason=r.reason,
    )


def _events(inv: Inventory, table: sa.Table, until: int) -> Iterator[Any]:
    q = sa.select(table).where(table.c.scan_id <= until).order_by(table.c.id)
    with inv.engine.connect() as conn:
        yield from conn.execution_options(yield_per=5000).execute(q)


def check_scan(inv: Inventory, scan_id: int, setting: str) -> None:
    if inv.get_scan(scan_id) is None:
        raise ConfigError(f"{setting}: no scan {scan_id} in the inventory {inv.safe_url}")


def previous_scan(inv: Inventory, scan_id: int) -> int | None:
    with inv.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.max(scans.c.id)).where(scans.c.id < scan_id)).scalar()


def under_roots(path: str, roots: Sequence[str] | None) -> bool:
    """Is ``path`` (a file, or a member inside one) one of ``roots`` or below one?"""
    if roots is None:
        return True
    for root in roots:
        r = root.rstrip("/") or "/"
        if path == r or path.startswith(r if r.endswith("/") else r + "/") or path.startswith(r + "!"):
            return True
    return False


def compute_delta(inv: Inventory, since: int | None, until: int, roots: Sequence[str] | None = None) -> Delta:
    """Findings and files that changed after scan ``since`` up to and including scan ``until``,
    optionally only under ``roots`` (a job's delta ignores other jobs' folders)."""
    if since is not None and since >= until:
        raise ConfigError(f"--diff: the first run ({since}) must be older than the second ({until})")
    cut = since if since is not None else -1
    before: dict[Identity, bool] = {}
    after: dict[Identity, Any] = {}
    files_of: dict[Identity, str] = {}
    for r in _events(inv, finding_events, until):
        if not under_roots(r.file_path, roots):
            continue
        ident = (r.path, r.entity_type, r.fingerprint)
        files_of[ident] = r.file_path
        if r.scan_id <= cut:
            before[ident] = r.change == "new"
        after[ident] = r

    delta = Delta(since=since, until=until)
    held_before: dict[str, set[Identity]] = {}
    held_after: dict[str, set[Identity]] = {}
    for ident, last in after.items():
        was = before.get(ident, False)
        now = last.change == "new"
        if was:
            held_before.setdefault(files_of[ident], set()).add(ident)
        if now:
            held_after.setdefault(files_of[ident], set()).add(ident)
        if now and not was:
            delta.new.append(_change(last))
        elif was and not now:
            (delta.unverifiable if last.reason == "file_unreadable" else delta.resolved).append(_change(last))
        elif was and now:
            delta.unchanged_findings += 1

    existed_before: dict[str, bool] = {}
    added_in_range: set[str] = set()
    for r in _events(inv, file_events, until):
        if not under_roots(r.path, roots):
            continue
        if r.scan_id <= cut:
            existed_before[r.path] = r.change != "removed"
        elif r.change == "added":
            added_in_range.add(r.path)
    delta.new_files = sorted(
        p
        for p in added_in_range
        if p in held_after and p not in held_before and not existed_before.get(p, False)
    )
    delta.cleaned_files = sorted(p for p in held_before if p not in held_after)
    delta.unchanged_files = sum(1 for p, ids in held_after.items() if held_before.get(p) == ids)
    key = lambda c: (c.path, c.entity_type, c.masked)  # noqa: E731
    delta.new.sort(key=key)
    delta.resolved.sort(key=key)
    delta.unverifiable.sort(key=key)
    return delta


def run_delta(inv: Inventory, scan_id: int) -> Delta:
    """What one scan changed: the delta from the scan before it."""
    check_scan(inv, scan_id, "--run")
    return compute_delta(inv, previous_scan(inv, scan_id), scan_id)

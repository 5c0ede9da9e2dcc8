"""The shape every renderer reads, built from a scan or from the inventory."""

from __future__ import annotations

import collections
from collections.abc import Sequence
from dataclasses import dataclass, field

from scanner.models import FileResult, Finding
from scanner.stored import FindingList, entity_types


@dataclass(frozen=True)
class FileSummary:
    path: str
    status: str
    reason: str | None
    findings: int


@dataclass
class ReportData:
    # From a scan, a ``FindingList``: files answered from the inventory keep their stored rows,
    # which renderers read through ``scanner.stored.finding_fields``.
    findings: Sequence[Finding] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    scan_id: int | None = None

    @classmethod
    def from_results(cls, results: list[FileResult], removed: list[str] | None = None) -> ReportData:
        data = cls(removed=list(removed or []))
        data.findings = FindingList(r.findings for r in results)
        data.files = [FileSummary(r.file.path, r.status.value, r.error, len(r.findings)) for r in results]
        return data

    @property
    def by_status(self) -> collections.Counter[str]:
        return collections.Counter(f.status for f in self.files)

    @property
    def by_entity(self) -> collections.Counter[str]:
        return collections.Counter(entity_types(self.findings))

    @property
    def problems(self) -> list[FileSummary]:
        """Files that were not fully read, with the reason, for the user to act on."""
        return [f for f in self.files if f.status not in ("ok", "unchanged") or f.reason]

    def summary(self) -> dict[str, object]:
        return {
            "files": len(self.files),
            "files_with_findings": sum(1 for f in self.files if f.findings),
            "findings": len(self.findings),
            "by_status": dict(sorted(self.by_status.items())),
            "by_entity": dict(sorted(self.by_entity.items())),
            "removed": len(self.removed),
        }

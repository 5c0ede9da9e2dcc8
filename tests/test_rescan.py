"""Re-scans of an unchanged tree: answered from the inventory without starting a detection
engine, reported exactly as a scan that read every file, and a changed file is still read."""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.config import Config
from scanner.inventory import Inventory
from scanner.models import Finding, Location, Status
from scanner.pipeline import ScanStats, scan
from scanner.report import RENDERERS, ReportData, render
from scanner.stored import FindingList, StoredFindings, finding_fields

SSN = "412-67-3391"
SSN2 = "523-71-4410"
EMAIL = "maria.gonzalez@example.org"


def _share(small_share: Path) -> Path:
    """The shared small tree plus a table: a CSV's cells come back from the inventory too."""
    (small_share / "claims" / "table.csv").write_text(f"Claimant,SSN,Email\nMaria Gonzalez,{SSN},{EMAIL}\n")
    return small_share


def _touch_later(path: Path) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


@pytest.mark.slow
def test_unchanged_tree_starts_no_engine_and_a_changed_file_is_read(
    small_share: Path, tmp_path: Path
) -> None:
    root = _share(small_share)
    with Inventory(str(tmp_path / "inv.db")) as inv:
        first_stats = ScanStats()
        first = list(scan([root], Config(workers=1), inventory=inv, stats=first_stats))
        assert first_stats.engine_processes == 1

        stats = ScanStats()
        again = list(scan([root], Config(workers=2), inventory=inv, stats=stats))
        assert stats.by_status == {"unchanged": 4}
        assert stats.engine_processes == 0  # no worker started, spaCy never loaded
        assert [r.file.path for r in again] == [r.file.path for r in first]
        assert [list(r.findings) for r in again] == [list(r.findings) for r in first]
        assert stats.by_entity == first_stats.by_entity

        note = root / "claims" / "note.txt"
        note.write_text(f"Claim note\nSSN {SSN2} replaces the old one.\n")
        _touch_later(note)
        stats = ScanStats()
        third = {
            Path(r.file.path).name: r for r in scan([root], Config(workers=2), inventory=inv, stats=stats)
        }
        assert stats.engine_processes == 2
        assert stats.by_status == {"ok": 1, "unchanged": 3}
        assert third["note.txt"].status == Status.OK
        assert [f.masked for f in third["note.txt"].findings] == ["***-**-4410"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sarif", "json", "summary", "table"])
def test_rescan_reports_what_the_first_scan_reported(
    small_share: Path, tmp_path: Path, fmt: str, cli: Callable[..., tuple[int, str, str]]
) -> None:
    root = _share(small_share)
    db = str(tmp_path / "inv.db")
    code, first, _ = cli("scan", str(root), "--db", db, "-f", fmt, "-q")
    assert code == 1
    code, again, _ = cli("scan", str(root), "--db", db, "-f", fmt, "-q")
    assert code == 1
    assert SSN not in again and EMAIL not in again
    if fmt in ("jsonl", "csv", "sarif"):  # findings only: the same bytes
        assert again == first
    elif fmt == "json":  # the scan id and the files' status (ok, then unchanged) differ
        before, after = json.loads(first), json.loads(again)
        assert after["findings"] == before["findings"]
        assert after["summary"]["by_entity"] == before["summary"]["by_entity"]
        assert after["summary"]["by_status"] == {"unchanged": 4}
    elif fmt == "table":  # findings and totals; the last line counts the files by status
        assert again.replace("4 unchanged", "4 ok") == first
    else:  # summary: its files table has a status column, whose width changes; the totals do not
        assert (
            again.split("Findings by entity")[1].replace("4 unchanged", "4 ok")
            == first.split("Findings by entity")[1]
        )
        assert again.rstrip().endswith("4 unchanged")


FINDINGS = [
    Finding("claims/a.txt", "US_SSN", 0.8512, 3, 14, Location(line=2), "UsSsnRecognizer", "***-**-3391", "fp1"),
    Finding(
        'dir "quoted"\\Zoë.xlsx!sheet\t1', "PERSON", 1.0, 0, 8, Location(sheet="Über", cell="B7"),
        "ColumnHeaderClassifier", "Z** M\u00fcller", "fp2",
    ),
    Finding("x.json", "CLAIM_NUMBER", 0.3, 0, 16, Location(key="$.a{value 2}.id", line=4), "R", "C***", "fp3"),
    Finding("y.pdf", "EMAIL_ADDRESS", 0.9, 5, 30, Location(), "EmailRecognizer", "m***@example.org", "fp4"),
]  # fmt: skip


def _stored(findings: list[Finding], file_id: int | None = 7) -> StoredFindings:
    """The rows the inventory reads back for these findings (location JSON with sorted keys,
    the file's id on the end, None when not from an inventory)."""
    rows = [
        (f.path, f.entity_type, f.score, f.start, f.end, json.dumps(f.location.as_dict(), sort_keys=True),
         f.recognizer, f.masked, f.fingerprint, file_id)
        for f in findings
    ]  # fmt: skip
    return StoredFindings(rows)


def test_stored_rows_stand_for_the_findings_they_were_made_from() -> None:
    stored = _stored(FINDINGS)
    assert len(stored) == len(FINDINGS)
    assert list(stored) == FINDINGS and stored == tuple(FINDINGS)
    assert stored[1] == FINDINGS[1] and stored[-1] == FINDINGS[-1] and stored[1:3] == FINDINGS[1:3]
    assert list(finding_fields(stored)) == [f.fields() for f in FINDINGS]
    # The same findings read back for a file with another id, or built without one.
    assert stored == _stored(FINDINGS, file_id=8) == _stored(FINDINGS, file_id=None)
    assert stored != _stored(FINDINGS[:3], file_id=8)
    chain = FindingList([stored[:2], (), _stored(FINDINGS[2:])])
    assert (
        len(chain) == 4 and list(chain) == FINDINGS and chain[2] == FINDINGS[2] and chain[-1] == FINDINGS[3]
    )


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_renders_stored_rows_as_it_renders_findings(fmt: str) -> None:
    def rendered(findings: list[Finding] | FindingList) -> str:
        out = io.StringIO()
        render(fmt, ReportData(findings=findings, scan_id=7), out)
        return re.sub(r"generated [^<·]*", "", out.getvalue())  # html is stamped with the time

    mixed = FindingList([_stored(FINDINGS[:2]), tuple(FINDINGS[2:3]), _stored(FINDINGS[3:])])
    text = rendered(FINDINGS)
    assert rendered(mixed) == text
    if fmt == "jsonl":
        assert text == "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in FINDINGS)

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scanner.errors import InventoryError
from scanner.inventory import Inventory
from scanner.models import FileRef, FileResult, Finding, Location, Status


def _finding(path: str, fp: str = "hmac-sha256:aa") -> Finding:
    return Finding(path, "US_SSN", 0.9, 3, 14, Location(line=2), "UsSsnRecognizer", "***-**-6789", fp)


def _result(
    path: str, n: int = 1, size: int = 10, mtime: float = 1.0, status: Status = Status.OK
) -> FileResult:
    ref = FileRef(path=path, size=size, mtime=mtime, fs_path=path, owner="root", mode=0o644)
    return FileResult(
        ref, status, tuple(_finding(path, f"hmac-sha256:{i:02x}") for i in range(n)), sha256="0" * 64
    )


def test_created_0600(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "inv.db"
    Inventory(str(db)).close()
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_record_replace_and_remove(tmp_path: Path) -> None:
    with Inventory(str(tmp_path / "inv.db")) as inv:
        sid = inv.start_scan(["r"], "0.1", "h")
        inv.record(sid, "r", _result("r/a.txt", 2), "h")
        inv.record(sid, "r", _result("r/b.txt", 1), "h")
        assert len(list(inv.iter_findings())) == 3
        # a re-scan replaces the file's findings rather than adding to them
        inv.record(sid, "r", _result("r/a.txt", 1, size=11), "h")
        assert sorted(f.path for f in inv.iter_findings()) == ["r/a.txt", "r/b.txt"]
        gone = inv.mark_removed("r", {"r/a.txt"})
        assert gone == ["r/b.txt"]
        assert [f.path for f in inv.iter_findings()] == ["r/a.txt"]
        assert [r["path"] for r in inv.iter_files()] == ["r/a.txt"]
        removed = [r for r in inv.iter_files(include_removed=True) if r["status"] == "removed"]
        assert [r["path"] for r in removed] == ["r/b.txt"]
        inv.finish_scan(sid, {"ok": 2})
        assert inv.last_scan()["state"] == "complete"  # type: ignore[index]


def test_unchanged_needs_same_size_mtime_settings_and_final_status(tmp_path: Path) -> None:
    with Inventory(str(tmp_path / "inv.db")) as inv:
        sid = inv.start_scan(["r"], "0.1", "h")
        inv.record(sid, "r", _result("r/a.txt"), "h")
        inv.record(sid, "r", _result("r/e.txt", 0, status=Status.ERROR), "h")
        known = inv.known("r")
        same = FileRef("r/a.txt", 10, 1.0)
        assert inv.is_unchanged(known["r/a.txt"], same, "h")
        assert not inv.is_unchanged(known["r/a.txt"], FileRef("r/a.txt", 10, 2.0), "h")
        assert not inv.is_unchanged(known["r/a.txt"], FileRef("r/a.txt", 11, 1.0), "h")
        assert not inv.is_unchanged(known["r/a.txt"], same, "other-settings")
        # a file that failed is always tried again
        assert not inv.is_unchanged(known["r/e.txt"], FileRef("r/e.txt", 10, 1.0), "h")
        assert inv.findings_by_file("r")["r/a.txt"][0].location == Location(line=2)


def test_stored_findings_keep_their_own_paths_and_render_like_fresh_ones(tmp_path: Path) -> None:
    """A row holds no path when it is its file's own (the reading skips it); a finding inside
    an attachment keeps its path; both read back and render exactly as they were found."""
    import io

    from scanner.report import render
    from scanner.report.data import ReportData
    from scanner.stored import FindingList

    mail = "r/claims/notice.eml"
    found = (
        _finding(mail, "hmac-sha256:01"),
        _finding(mail + "!notice.txt", "hmac-sha256:02"),
        _finding(mail, "hmac-sha256:03"),
    )
    ref = FileRef(path=mail, size=10, mtime=1.0, fs_path=mail)
    with Inventory(str(tmp_path / "inv.db")) as inv:
        sid = inv.start_scan(["r"], "0.1", "h")
        inv.record(sid, "r", FileResult(ref, Status.OK, found), "h")
        inv.record(sid, "r", _result("r/other.txt", 2), "h")
        stored = inv.findings_by_file("r", [mail])
    assert list(stored) == [mail]
    assert [row[0] for row in stored[mail].rows] == [None, mail + "!notice.txt", None]
    assert list(stored[mail]) == list(found)
    out_stored, out_fresh = io.StringIO(), io.StringIO()
    render("jsonl", ReportData(findings=FindingList([stored[mail]])), out_stored, False)
    render("jsonl", ReportData(findings=list(found)), out_fresh, False)
    assert out_stored.getvalue() == out_fresh.getvalue()
    assert out_stored.getvalue().count(f'"path": "{mail}!notice.txt"') == 1


def test_unwritable_location_is_an_inventory_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InventoryError, match="cannot create inventory"):
        Inventory(str(blocker / "inv.db"))


def test_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "inv.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InventoryError, match="cannot open inventory"):
        Inventory(str(db))


def test_the_old_fingerprint_index_is_dropped_and_the_rows_kept(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "inv.db"
    with Inventory(str(db)) as inv:
        sid = inv.start_scan(["r"], "0.1", "h")
        inv.record(sid, "r", _result("r/a.txt", 3), "h")
    with sqlite3.connect(db) as conn:  # what an inventory written before 2026-11-30 holds
        conn.execute("CREATE INDEX ix_findings_fingerprint ON findings (fingerprint)")
    with Inventory(str(db)) as inv:
        assert len(list(inv.iter_findings())) == 3
    with sqlite3.connect(db) as conn:
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        schema = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
    assert "ix_findings_fingerprint" not in indexes and "ix_findings_file" in indexes
    assert schema == "2"  # the tables did not change: an older insurescan can still use it


def test_rows_keep_odd_text_and_read_back_as_written(tmp_path: Path) -> None:
    """Rows go to the driver as they are: quotes, a percent sign, non-ASCII and a
    placeholder-like ``?`` in paths, sheets and masks come back unchanged."""
    path = "r/Schäden 100% 'Q3'?.xlsx"
    where = Location(sheet='Blatt "Ä" %s ?', cell="B2")
    found = Finding(
        path, "US_SSN", 0.85, 0, 11, where, "UsSsnRecognizer", "***-**-6789 %s ?", "hmac-sha256:ab"
    )
    ref = FileRef(path=path, size=10, mtime=1.0, fs_path=path)
    with Inventory(str(tmp_path / "inv.db")) as inv:
        sid = inv.start_scan(["r"], "0.1", "h")
        inv.record(sid, "r", FileResult(ref, Status.OK, (found,)), "h")
        assert list(inv.iter_findings()) == [found]
        assert list(inv.findings_by_file("r")[path]) == [found]


@pytest.mark.parametrize("paramstyle", ["qmark", "named"])
def test_insert_many_writes_the_same_rows_whatever_the_drivers_parameter_style(paramstyle: str) -> None:
    """``?``/``%s`` drivers get one raw ``executemany``; others (here SQLite told to use
    ``:name``) go through SQLAlchemy's own insert."""
    import sqlalchemy as sa

    from scanner.inventory import _insert_many, findings, metadata

    engine = sa.create_engine("sqlite://", paramstyle=paramstyle)
    metadata.create_all(engine)
    rows = [(1, 1, "a.txt", "US_SSN", 0.9, i, i + 11, '{"line": 2}', "R", "***", f"fp{i}") for i in range(3)]
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO scans VALUES (1, 0, NULL, 'running', 'v', 'h', '[]', NULL)"))
        conn.execute(
            sa.text(
                "INSERT INTO files (id, path, root, status, findings_count) VALUES (1, 'a.txt', 'r', 'ok', 3)"
            )
        )
        _insert_many(conn, findings, rows)
        stored = conn.execute(sa.select(findings).order_by(findings.c.id)).all()
    assert [tuple(r)[1:] for r in stored] == rows

"""The audit trail: appended by scans and job runs, verified hash by hash, and every
tampering with one entry (edit, delete, reorder, re-hash, cut the tail) is named."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from scanner import audit
from scanner.inventory import Inventory, audit_log

from .helpers import SSN, invoke


def _trail(db: Path, n: int = 5) -> None:
    with Inventory(str(db)) as inv:
        for i in range(n):
            audit.append(
                inv, "scan", {"command": "scan", "roots": [f"/srv/share{i}"], "counts": {"files": i}}
            )


def _edit(conn: sa.Connection) -> None:
    conn.execute(sa.update(audit_log).where(audit_log.c.seq == 3).values(details='{"command":"nothing"}'))


def _delete(conn: sa.Connection) -> None:
    conn.execute(sa.delete(audit_log).where(audit_log.c.seq == 3))


def _reorder(conn: sa.Connection) -> None:
    # Swap entries 3 and 4 (via a free number, seq is the primary key).
    for old, new in ((3, 100), (4, 3), (100, 4)):
        conn.execute(sa.update(audit_log).where(audit_log.c.seq == old).values(seq=new))


def _rehash(conn: sa.Connection) -> None:
    # A careful forger edits entry 3 and recomputes its hash; entry 4 still points at the old one.
    row = conn.execute(sa.select(audit_log).where(audit_log.c.seq == 3)).one()
    details = '{"command":"nothing"}'
    digest = audit.entry_hash(row.prev_hash, row.at, row.event, row.actor, row.host, details)
    conn.execute(sa.update(audit_log).where(audit_log.c.seq == 3).values(details=details, hash=digest))


def _cut_tail(conn: sa.Connection) -> None:
    conn.execute(sa.delete(audit_log).where(audit_log.c.seq == 5))


# fmt: off
TAMPERING = [
    ("edit",     _edit,     "audit entry 3 was altered"),
    ("delete",   _delete,   "audit entry 3 is missing"),
    ("reorder",  _reorder,  "audit entry 3 is out of order"),
    ("rehash",   _rehash,   "audit entry 3 was altered (entry 4 no longer follows it)"),
    ("cut tail", _cut_tail, "audit entry 5 is missing (removed from the end)"),
]
# fmt: on


@pytest.mark.parametrize(("name", "tamper", "message"), TAMPERING, ids=[t[0] for t in TAMPERING])
def test_verify_names_the_tampered_entry(
    tmp_path: Path, name: str, tamper: Callable[[sa.Connection], None], message: str
) -> None:
    db = tmp_path / "inv.db"
    _trail(db)
    code, out, _ = invoke("audit", "verify", "--db", str(db))
    assert code == 0 and "intact: 5 entries" in out
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        tamper(conn)
    engine.dispose()
    code, out, err = invoke("audit", "verify", "--db", str(db))
    assert code == 1
    assert message in err, err
    assert err.count("\n") == 1


def test_appending_after_a_cut_keeps_the_gap_visible(tmp_path: Path) -> None:
    db = tmp_path / "inv.db"
    _trail(db)
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        _cut_tail(conn)
    engine.dispose()
    _trail(db, 1)  # the next run writes on: it must not paper over the missing entry
    with Inventory(str(db)) as inv:
        result = audit.verify(inv)
    assert not result.ok and result.seq == 5


def test_verify_without_inventory_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("audit", "verify", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no inventory" in err


def test_scan_and_reveal_are_audited_without_values(tmp_path: Path, share: Path) -> None:
    db = str(tmp_path / "inv.db")
    code, out, _ = invoke("scan", str(share), "--db", db, "--mode", "fast", "--no-ocr", "-q", "-f", "json")
    assert code == 1
    code, out, _ = invoke(
        "scan",
        str(share),
        "--db",
        db,
        "--mode",
        "fast",
        "--no-ocr",
        "-q",
        "-f",
        "jsonl",
        "--reveal",
        "--full",
    )
    assert code == 1 and SSN["a"] in out  # the user asked for the raw value in this output
    # --no-db keeps no inventory, but a --reveal still leaves a record
    other = str(tmp_path / "audit-only.db")
    code, _, _ = invoke("scan", str(share), "--no-db", "--db", other, "--mode", "fast", "-q", "--reveal")
    assert code == 1

    with Inventory(db) as inv:
        entries = audit.entries(inv)
        assert audit.verify(inv).ok
    assert [e.event for e in entries] == ["scan", "scan"]
    first, second = entries
    assert first.details["reveal"] is False and second.details["reveal"] is True
    assert second.details["options"]["format"] == "jsonl"
    assert second.details["roots"] == [str(share)]
    assert second.details["counts"]["files"] == 4 and second.details["counts"]["findings"] == 3
    assert second.details["outcome"] == "findings"
    assert first.actor and first.host and first.at.endswith("+00:00")
    with Inventory(other) as inv:
        (only,) = audit.entries(inv)
        assert only.details["reveal"] is True and only.details["options"]["no_db"] is True
        assert list(inv.iter_files()) == []

    dumped = json.dumps([e.details for e in entries])
    assert not any(v in dumped for v in SSN.values())


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    db = str(tmp_path / "inv.db")
    Inventory(db).close()

    def writer(n: int) -> None:
        with Inventory(db) as inv:
            for i in range(10):
                audit.append(inv, "scan", {"writer": n, "i": i})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Inventory(db) as inv:
        result = audit.verify(inv)
    assert result.ok and result.entries == 40

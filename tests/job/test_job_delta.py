"""Two runs with files added, changed and deleted in between give exactly the expected delta,
in the run's summary and through ``report --run`` / ``--diff``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import sqlalchemy as sa

from scanner import audit
from scanner.delta import compute_delta
from scanner.inventory import Inventory, finding_events, meta_table
from scanner.models import FileRef, FileResult, Finding, Location, Status

from .helpers import SSN, invoke, ssn_line, summary, tail, write_job


def _changes(items: list[dict[str, object]]) -> set[tuple[str, str, str, str]]:
    return {
        (str(c["path"]).rsplit("/", 1)[1], str(c["entity_type"]), str(c["masked"]), str(c["reason"]))
        for c in items
    }


def test_two_runs_give_exactly_the_expected_delta(tmp_path: Path, share: Path) -> None:
    reports = tmp_path / "reports"
    db = str(tmp_path / "inv.db")
    job = write_job(tmp_path / "nightly.toml", share, db, reports)

    code, _, err = invoke("job", "run", str(job))
    assert code == 1, err
    first = summary(reports, "nightly", 1)
    assert first["delta"]["summary"]["new_findings"] == 3
    assert sorted(p.rsplit("/", 1)[1] for p in first["delta"]["new_files"]) == ["a.txt", "b.txt", "c.txt"]

    # Between the runs: one file added, one changed (its SSN replaced), one deleted.
    (share / "claims" / "e.txt").write_text(ssn_line("e"))
    b = share / "claims" / "b.txt"
    b.write_text("Corrected record\n" + ssn_line("f"))
    os.utime(b, (1_700_000_000, 1_700_000_000))
    (share / "c.txt").unlink()

    code, _, err = invoke("job", "run", str(job))
    assert code == 1, err
    doc = summary(reports, "nightly", 2)
    delta = doc["delta"]
    assert _changes(delta["new"]) == {
        ("b.txt", "US_SSN", tail(SSN["f"]), "file_changed"),
        ("e.txt", "US_SSN", tail(SSN["e"]), "file_added"),
    }
    assert _changes(delta["resolved"]) == {
        ("b.txt", "US_SSN", tail(SSN["b"]), "value_gone"),
        ("c.txt", "US_SSN", tail(SSN["c"]), "file_removed"),
    }
    assert [p.rsplit("/", 1)[1] for p in delta["new_files"]] == ["e.txt"]
    assert [p.rsplit("/", 1)[1] for p in delta["cleaned_files"]] == ["c.txt"]
    assert delta["summary"]["unchanged_findings"] == 1  # a.txt
    assert delta["summary"]["unverifiable_findings"] == 0
    assert doc["counts"]["unchanged"] == 2 and doc["counts"]["removed"] == 1  # a.txt, clean.txt; c.txt

    # The same through the report command, without scanning.
    code, out, _ = invoke("report", "--db", db, "--run", "2", "--format", "json")
    assert code == 1
    assert json.loads(out)["new"] == delta["new"] and json.loads(out)["resolved"] == delta["resolved"]
    code, out, _ = invoke("report", "--db", db, "--run", "2", "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(line["change"] for line in lines) == ["new", "new", "resolved", "resolved"]

    # A third run with nothing changed: nothing new, exit 0.
    code, _, err = invoke("job", "run", str(job))
    assert code == 0, err
    third = summary(reports, "nightly", 3)["delta"]["summary"]
    assert (third["new_findings"], third["resolved_findings"], third["unchanged_findings"]) == (0, 0, 3)

    # --diff 1 3 spans both changes.
    code, out, _ = invoke("report", "--db", db, "--diff", "1", "3", "--format", "json")
    spanned = json.loads(out)
    assert _changes(spanned["new"]) == _changes(delta["new"])
    assert _changes(spanned["resolved"]) == _changes(delta["resolved"])
    code, out, _ = invoke("report", "--db", db, "--diff", "3", "1")
    assert code == 2
    code, out, err = invoke("report", "--db", db, "--run", "9")
    assert code == 2 and "no scan 9" in err
    code, out, _ = invoke("report", "--db", db, "--run", "2")
    assert "Resolved findings" in out and "file_removed" not in out and "the file was removed" in out

    # Every run left a start and a finish entry, chained, without a raw value.
    with Inventory(db) as inv:
        entries = audit.entries(inv)
        assert audit.verify(inv).ok
    assert [e.event for e in entries] == ["job_run.start", "job_run.finish"] * 3
    assert [e.details["outcome"] for e in entries[1::2]] == ["alerts", "alerts", "clean"]
    assert entries[3].details["delta"]["new_findings"] == 2
    text = json.dumps([e.details for e in entries])
    assert not any(v in text for v in SSN.values())
    for report in reports.iterdir():
        assert not any(v in report.read_text() for v in SSN.values()), report


def test_alert_rules_choose_what_exits_1(tmp_path: Path, share: Path) -> None:
    reports = tmp_path / "reports"
    extra = '[alerts]\nentities = ["CREDIT_CARD"]\n'
    job = write_job(tmp_path / "cards.toml", share, str(tmp_path / "inv.db"), reports, extra)
    code, _, err = invoke("job", "run", str(job))
    assert code == 0, err  # three new SSNs, but only cards alert
    assert "3 new findings (0 alert-worthy)" in err
    (share / "card.txt").write_text("Card number 4111 1111 1111 1111 exp 12/29\n")
    code, _, err = invoke("job", "run", str(job))
    assert code == 1, err
    assert [a["entity_type"] for a in summary(reports, "cards", 2)["alerts"]] == ["CREDIT_CARD"]


def test_upgrade_from_schema_1_backfills_events(tmp_path: Path) -> None:
    db = str(tmp_path / "inv.db")
    ref = FileRef("r/a.txt", 10, 1.0, fs_path="r/a.txt", owner="root", mode=0o600)
    found = Finding(
        "r/a.txt", "US_SSN", 0.9, 0, 11, Location(line=1), "UsSsnRecognizer", "***-**-6789", "fp1"
    )
    with Inventory(db) as inv:
        sid = inv.start_scan(["r"], "0.1", "h")
        inv.record(sid, "r", FileResult(ref, Status.OK, (found,)), "h")
        with inv.engine.begin() as conn:  # what an inventory written before schema 2 looks like
            conn.execute(sa.delete(finding_events))
            conn.execute(sa.update(meta_table).where(meta_table.c.key == "schema").values(value="1"))
    with Inventory(db) as inv:
        assert [c.masked for c in compute_delta(inv, None, sid).new] == ["***-**-6789"]
        sid2 = inv.start_scan(["r"], "0.1", "h")
        inv.mark_removed("r", set())
        delta = compute_delta(inv, sid, sid2)
        assert [(c.masked, c.reason) for c in delta.resolved] == [("***-**-6789", "file_removed")]

"""The same job against a real PostgreSQL server (Debian's ``postgresql``) gives the same
inventory, deltas and audit trail as on SQLite.

The fixture starts a throwaway cluster on a free local port and stops it afterwards.
PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres``
OS user and lives in a directory that user can reach (not pytest's 0700 tmp dirs).
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from scanner import audit
from scanner.inventory import Inventory

from .helpers import invoke, ssn_line, summary, write_job

PG_BIN = Path(os.environ.get("INSURESCAN_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql)")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="insurescan-pg-"))
    if os.geteuid() == 0:
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' OS user to own the cluster")
        os.chown(base, pg.pw_uid, pg.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start")
        admin = sa.create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE insurescan"))
        admin.dispose()
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/insurescan"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*as_user, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def _inventory(url: str) -> dict[str, Any]:
    """Everything a user can see in an inventory, without database-assigned ids or times."""
    with Inventory(url) as inv:
        files = [
            {k: r[k] for k in ("path", "root", "size", "mtime", "sha256", "owner", "mode", "status", "reason",
                               "findings_count", "scan_id")}
            for r in inv.iter_files(include_removed=True)
        ]  # fmt: skip
        findings = sorted(
            (
                f.path,
                f.entity_type,
                f.fingerprint,
                f.masked,
                f.start,
                f.end,
                f.location.describe(),
                f.recognizer,
            )
            for f in inv.iter_findings()
        )
        with inv.engine.connect() as conn:
            events = sorted(
                tuple(r)
                for r in conn.execute(
                    sa.text(
                        "SELECT scan_id, path, entity_type, fingerprint, change, reason FROM finding_events"
                    )
                )
            )
        trail = [(e.event, e.details.get("outcome")) for e in audit.entries(inv)]
        assert audit.verify(inv).ok
    return {"files": files, "findings": findings, "events": events, "audit": trail}


def test_postgres_gives_the_same_inventory_as_sqlite(postgres_url: str, tmp_path: Path, share: Path) -> None:
    reports = tmp_path / "reports"
    lite = write_job(tmp_path / "lite.toml", share, str(tmp_path / "inv.db"), reports)
    pg = write_job(tmp_path / "pg.toml", share, postgres_url, reports)

    for job in (lite, pg):
        code, _, err = invoke("job", "run", str(job))
        assert code == 1, err
    (share / "claims" / "b.txt").write_text(ssn_line("f"))
    os.utime(share / "claims" / "b.txt", (1_700_000_000, 1_700_000_000))
    (share / "c.txt").unlink()
    for job in (lite, pg):
        code, _, err = invoke("job", "run", str(job))
        assert code == 1, err

    on_sqlite, on_postgres = _inventory(str(tmp_path / "inv.db")), _inventory(postgres_url)
    assert on_postgres == on_sqlite
    assert len(on_postgres["findings"]) == 2 and len(on_postgres["files"]) == 4
    assert summary(reports, "pg", 2)["delta"] == summary(reports, "lite", 2)["delta"]

    code, out, _ = invoke("audit", "verify", "--db", postgres_url)
    assert code == 0 and "intact: 4 entries" in out
    code, out, _ = invoke("report", "--db", postgres_url, "--diff", "1", "2", "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["resolved_findings"] == 2


def test_the_old_fingerprint_index_is_dropped_on_postgres_too(postgres_url: str) -> None:
    with Inventory(postgres_url) as inv, inv.engine.begin() as conn:
        conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_findings_fingerprint ON findings (fingerprint)"))
    with Inventory(postgres_url) as inv:
        names = {ix["name"] for ix in sa.inspect(inv.engine).get_indexes("findings")}
    assert "ix_findings_fingerprint" not in names and "ix_findings_file" in names

"""One run of a job at a time; a crashed run does not keep the lock."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from scanner.job import load_job
from scanner.jobrun import JobBusyError, job_lock

from .helpers import invoke, write_job

HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.pwrite(fd, b"pid %d (test holder)" % os.getpid(), 0)
print("locked", flush=True)
time.sleep(60)
"""


def test_second_run_is_refused_while_one_holds_the_lock(tmp_path: Path, share: Path) -> None:
    db = tmp_path / "inv.db"
    job = write_job(tmp_path / "nightly.toml", share, str(db), tmp_path / "reports")
    lock = tmp_path / "nightly.toml.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # "the first run", still going
        os.pwrite(fd, b"pid 4242 on host since 02:00", 0)
        code, out, err = invoke("job", "run", str(job))
    finally:
        os.close(fd)
    assert code == 2
    assert "job 'nightly' is already running (pid 4242 on host since 02:00)" in err
    assert str(lock) in err and err.count("\n") == 1
    # refused at once: nothing opened, scanned or reported
    assert not db.exists() or _scans(db) == 0
    assert not (tmp_path / "reports").exists()


def _scans(db: Path) -> int:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM scans")).scalar()
    engine.dispose()
    return int(n or 0)


def test_lock_dies_with_a_crashed_run(tmp_path: Path, share: Path) -> None:
    job = load_job(write_job(tmp_path / "nightly.toml", share, str(tmp_path / "inv.db"), tmp_path / "r"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(job.lock_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(JobBusyError, match="already running"), job_lock(job):
            pass
        holder.send_signal(signal.SIGKILL)  # the run crashes without any cleanup
        holder.wait(timeout=10)
        with job_lock(job):  # the kernel released the lock with the process
            assert f"pid {os.getpid()}" in job.lock_path.read_text()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()

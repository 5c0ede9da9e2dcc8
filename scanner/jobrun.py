"""Running a job: lock, check, scan, delta, flags, reports, audit, exit code.

One run of a job at a time: an exclusive ``flock`` on ``<job file>.lock``.
The kernel drops it when the process ends, however it ends, so a crashed run
never blocks the next night's. The lock file is never deleted (deleting a
locked file lets a third process lock a new inode while the second still
holds the old one).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa

import scanner
from scanner import audit
from scanner.delta import Change, Delta, compute_delta, previous_scan, under_roots
from scanner.errors import ConfigError, InsurescanError, InventoryError
from scanner.governance import Assessment, FileFacts, assess, facts_from_inventory
from scanner.inventory import Inventory, job_runs
from scanner.job import REPORT_FORMATS, Job
from scanner.models import Status
from scanner.report.data import FileSummary, ReportData


class JobBusyError(InsurescanError):
    """Another run of the same job holds its lock (exit 2)."""


def _open_lock(job: Job) -> tuple[int, Path, bool]:
    """The lock file beside the job file; if that folder is not writable (a job file in
    /etc run by a service user), the job file itself, opened read-only, with no holder note."""
    try:
        return os.open(job.lock_path, os.O_RDWR | os.O_CREAT, 0o600), job.lock_path, True
    except OSError as exc:
        first = exc.strerror
    try:
        return os.open(job.path, os.O_RDONLY), job.path, False
    except OSError:
        raise ConfigError(f"cannot create the job's lock file {job.lock_path}: {first}") from None


@contextlib.contextmanager
def job_lock(job: Job) -> Iterator[None]:
    fd, path, writable = _open_lock(job)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise ConfigError(f"cannot lock {path}: {exc.strerror}") from None
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() if writable else ""
            raise JobBusyError(
                f"job {job.name!r} is already running ({holder or 'holder unknown'}); lock {path}"
            ) from None
        if writable:
            os.ftruncate(fd, 0)
            started = datetime.now().astimezone().isoformat(timespec="seconds")
            os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {started}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _check_reports_dir(job: Job) -> None:
    try:
        job.reports.mkdir(parents=True, exist_ok=True)
        # Probe with a real file: as root, permission bits alone say nothing.
        fd, probe = tempfile.mkstemp(prefix=".insurescan-probe-", dir=job.reports)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ConfigError(f"{job.path}: reports: cannot write to {job.reports}: {exc.strerror}") from None


def preflight(job: Job) -> Inventory:
    """Everything that can fail before a file is read: roots, report folder, database."""
    for i, root in enumerate(job.roots):
        if "://" in root:
            continue  # a share is checked when the walk opens it
        if not os.path.exists(root):
            raise ConfigError(f"{job.path}: roots[{i}]: {root}: no such file or directory")
        if not os.access(root, os.R_OK):
            raise ConfigError(f"{job.path}: roots[{i}]: {root}: not readable")
    _check_reports_dir(job)
    try:
        inv = Inventory(job.database)
        with inv.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except InventoryError as exc:
        raise ConfigError(f"{job.path}: database: {exc}") from None
    except sa.exc.SQLAlchemyError as exc:
        raise ConfigError(f"{job.path}: database: cannot connect: {type(exc).__name__}") from None
    return inv


# -- what a run learned --------------------------------------------------------------


@dataclass
class Snapshot:
    """The inventory seen through a job's roots."""

    data: ReportData
    facts: list[FileFacts]


def snapshot(inv: Inventory, roots: Sequence[str] | None) -> Snapshot:
    data = ReportData(findings=[f for f in inv.iter_findings() if under_roots(f.path, roots)])
    data.files = [
        FileSummary(r["path"], r["status"], r["reason"], r["findings_count"])
        for r in inv.iter_files()
        if under_roots(r["path"], roots)
    ]
    facts = [f for f in facts_from_inventory(inv) if under_roots(f.path, roots)]
    return Snapshot(data, facts)


@dataclass
class JobOutcome:
    job: Job
    scan_id: int
    since: int | None
    exit_code: int
    outcome: str
    counts: dict[str, int]
    delta: Delta
    assessment: Assessment
    alerts: list[Change]
    reports: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        d = self.delta
        html = next((p for p in self.reports if p.suffix == ".html"), None)
        parts = [
            f"job {self.job.name} run {self.scan_id}: {self.counts.get('files', 0)} files",
            f"{len(d.new)} new findings ({len(self.alerts)} alert-worthy)",
            f"{len(d.resolved)} resolved",
            f"{len(d.new_files)} new files with personal data",
            f"{d.unchanged_findings} unchanged",
        ]
        flags = self.assessment.flag_counts
        parts.append(", ".join(f"{n} {k}" for k, n in flags.items()) + " files")
        if html:
            parts.append(f"report {html}")
        return "; ".join(parts)


def _previous_job_scan(inv: Inventory, job: Job, scan_id: int) -> int | None:
    with inv.engine.connect() as conn:
        prev = conn.execute(
            sa.select(sa.func.max(job_runs.c.scan_id)).where(
                job_runs.c.job == job.name,
                job_runs.c.scan_id < scan_id,
                job_runs.c.outcome.in_(("clean", "alerts")),
            )
        ).scalar()
    return prev if prev is not None else previous_scan(inv, scan_id)


def _start_run(inv: Inventory, job: Job) -> int:
    with inv.engine.begin() as conn:
        res = conn.execute(
            sa.insert(job_runs).values(
                job=job.name,
                job_file=str(job.path),
                started_at=time.time(),
                outcome="running",
                policy=json.dumps(job.policy.as_dict(), sort_keys=True),
            )
        )
        return int(res.inserted_primary_key[0])


def _finish_run(
    inv: Inventory, run_id: int, scan_id: int | None, outcome: str, code: int, summary: Any
) -> None:
    with inv.engine.begin() as conn:
        conn.execute(
            sa.update(job_runs)
            .where(job_runs.c.id == run_id)
            .values(
                scan_id=scan_id,
                finished_at=time.time(),
                outcome=outcome,
                exit_code=code,
                summary=json.dumps(summary, sort_keys=True, default=str),
            )
        )


def run_job(job: Job, on_file: Callable[[str], None] | None = None) -> JobOutcome:
    """Run ``job`` once. Raises ``ConfigError``/``JobBusyError`` before scanning if it cannot run."""
    with job_lock(job):
        inv = preflight(job)
        try:
            from scanner.pipeline import ScanStats, scan

            started = time.time()
            base = {
                "job": job.name,
                "roots": [audit.safe_root(r) for r in job.roots],
                "database": inv.safe_url,
                "options": job.options(),
            }
            audit.append(inv, "job_run.start", base | {"pid": os.getpid()})
            run_id = _start_run(inv, job)
            stats = ScanStats()
            outcome: JobOutcome | None = None
            try:
                unchanged = []
                for result in scan(list(job.roots), job.config, inventory=inv, stats=stats):
                    if result.status == Status.UNCHANGED:
                        unchanged.append(result.file)
                    if on_file:
                        on_file(result.file.path)
                inv.refresh_metadata(unchanged)
                assert stats.scan_id is not None
                outcome = _conclude(inv, job, stats.scan_id, stats, started)
            finally:
                if outcome is None:
                    _record_failure(inv, job, run_id, stats, base, started)
            _finish_run(inv, run_id, outcome.scan_id, outcome.outcome, outcome.exit_code, _summary(outcome))
            audit.append(
                inv,
                "job_run.finish",
                base
                | {
                    "scan_id": outcome.scan_id,
                    "counts": outcome.counts,
                    "delta": outcome.delta.summary(),
                    "flags": outcome.assessment.flag_counts,
                    "alerts": len(outcome.alerts),
                    "outcome": outcome.outcome,
                    "exit_code": outcome.exit_code,
                    "reports": [str(p) for p in outcome.reports],
                    "seconds": outcome.seconds,
                },
            )
            return outcome
        finally:
            inv.close()


def _record_failure(
    inv: Inventory, job: Job, run_id: int, stats: Any, base: dict[str, Any], started: float
) -> None:
    # Best effort: the database may be what failed. The original error is what the user must see.
    with contextlib.suppress(InsurescanError, sa.exc.SQLAlchemyError):
        counts = {"files": stats.files, "findings": stats.findings, **dict(stats.by_status)}
        _finish_run(inv, run_id, stats.scan_id, "failed", 2, {"counts": counts})
        audit.append(
            inv,
            "job_run.finish",
            base
            | {"scan_id": stats.scan_id, "counts": counts, "outcome": "failed", "exit_code": 2,
               "seconds": round(time.time() - started, 3)},
        )  # fmt: skip


def _conclude(inv: Inventory, job: Job, scan_id: int, stats: Any, started: float) -> JobOutcome:
    since = _previous_job_scan(inv, job, scan_id)
    delta = compute_delta(inv, since, scan_id, job.roots)
    snap = snapshot(inv, job.roots)
    assessment = assess(snap.facts, job.policy, time.time())
    flags_of = {r.facts.path: set(r.flags) for r in assessment.files}
    alerts = [
        c for c in delta.new if job.alerts.matches(c.entity_type, c.score, flags_of.get(c.file_path, set()))
    ]
    counts = {
        "files": stats.files,
        "findings": stats.findings,
        "removed": len(stats.removed),
        **dict(sorted(stats.by_status.items())),
    }
    outcome = JobOutcome(
        job=job,
        scan_id=scan_id,
        since=since,
        exit_code=1 if alerts else 0,
        outcome="alerts" if alerts else "clean",
        counts=counts,
        delta=delta,
        assessment=assessment,
        alerts=alerts,
    )
    outcome.reports = write_reports(inv, outcome, snap)
    outcome.seconds = round(time.time() - started, 3)
    return outcome


def _summary(o: JobOutcome) -> dict[str, Any]:
    a = o.assessment
    return {
        "tool": {"name": "insurescan", "version": scanner.__version__},
        "job": o.job.name,
        "scan_id": o.scan_id,
        "since_scan": o.since,
        "roots": list(o.job.roots),
        "exit_code": o.exit_code,
        "outcome": o.outcome,
        "counts": o.counts,
        "delta": o.delta.summary(),
        "governance": a.summary(),
        "alerts": [c.as_dict() for c in o.alerts],
        "reports": [str(p) for p in o.reports],
    }


def _summary_doc(o: JobOutcome, inv: Inventory, snap: Snapshot) -> dict[str, Any]:
    doc = _summary(o)
    doc["delta"] = o.delta.as_dict()
    doc["riskiest_files"] = [
        {"path": r.facts.path, "risk": r.score, "flags": r.flags, "entities": dict(r.facts.entities),
         "samples": r.facts.samples}
        for r in o.assessment.files[:50]
    ]  # fmt: skip
    doc["problems"] = [{"path": p.path, "status": p.status, "reason": p.reason} for p in snap.data.problems]
    doc["audit_head"] = audit.head(inv)
    return doc


def _atomic_write(path: Path, write: Callable[[TextIO], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"reports: cannot write {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_reports(inv: Inventory, o: JobOutcome, snap: Snapshot) -> list[Path]:
    """``<name>-<scan>.<ext>`` per format, and a ``<name>-latest.<ext>`` copy for bookmarks."""
    from scanner.report import render
    from scanner.report.html import HtmlContext, RunInfo, render_html

    scan_row = inv.get_scan(o.scan_id) or {}
    snap.data.scan_id = o.scan_id
    snap.data.removed = []
    written = []
    for fmt in o.job.formats:
        ext = REPORT_FORMATS[fmt]
        if fmt == "html":
            ctx = HtmlContext(
                run=RunInfo(
                    title=f"insurescan — {o.job.name}, run {o.scan_id}",
                    job=o.job.name,
                    scan_id=o.scan_id,
                    since_scan=o.since,
                    started_at=scan_row.get("started_at"),
                    finished_at=scan_row.get("finished_at"),
                    roots=list(o.job.roots),
                    audit_head=audit.head(inv),
                    alerts=len(o.alerts),
                    exit_code=o.exit_code,
                ),
                delta=o.delta,
                assessment=o.assessment,
            )

            def write(fh: TextIO, ctx: HtmlContext = ctx) -> None:
                render_html(snap.data, fh, False, context=ctx)
        elif fmt == "summary":
            doc = _summary_doc(o, inv, snap)

            def write(fh: TextIO, doc: dict[str, Any] = doc) -> None:
                json.dump(doc, fh, indent=2, ensure_ascii=False, default=str)
                fh.write("\n")
        else:

            def write(fh: TextIO, fmt: str = fmt) -> None:
                render(fmt, snap.data, fh, False)

        target = o.job.reports / f"{o.job.name}-{o.scan_id}.{ext}"
        _atomic_write(target, write)
        _atomic_write(o.job.reports / f"{o.job.name}-latest.{ext}", write)
        written.append(target)
    return written

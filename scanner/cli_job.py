"""``insurescan job …`` and ``insurescan audit …``, and the delta views of ``report``.

Thin like ``scanner.cli``: parse, call ``scanner.job``/``jobrun``/``audit``, print.
Exit codes of ``job run``: 0 nothing new to alert on, 1 new alert-worthy
findings, 2 the job could not run (bad job file, lock held, database or report
folder unusable, or a crash). ``audit verify``: 0 intact, 1 broken, 2 cannot check.
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from scanner.errors import ConfigError, InsurescanError

if TYPE_CHECKING:
    from scanner.delta import Delta
    from scanner.inventory import Inventory

job_app = typer.Typer(help="Scheduled scans: scan, delta, flags, reports, audit.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


def _err(msg: str) -> None:
    typer.echo(f"insurescan: {msg}", err=True)


@job_app.command("run")
def job_run(
    job_file: Annotated[Path, typer.Argument(help="The job file (TOML).", show_default=False)],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Run a job once: incremental scan, delta, governance flags, reports, audit entries."""
    from scanner.job import load_job
    from scanner.jobrun import run_job

    job = load_job(job_file)
    try:
        outcome = run_job(job)
    except (InsurescanError, KeyboardInterrupt):
        raise
    except Exception:
        # A crash must not exit 1 (which means "alerts" to cron): keep the
        # traceback for the operator and report "could not run".
        traceback.print_exc()
        _err(f"job {job.name!r} failed with an internal error; see the traceback above")
        raise typer.Exit(2) from None
    if not quiet:
        typer.echo(outcome.line(), err=True)
    raise typer.Exit(outcome.exit_code)


@job_app.command("init")
def job_init(
    job_file: Annotated[Path, typer.Argument(help="Where to write the job file.", show_default=False)],
    root: Annotated[
        list[Path], typer.Option("--root", help="A folder to scan (repeatable).", show_default=False)
    ],
    db: Annotated[
        str, typer.Option("--db", help="Inventory: SQLite file or database URL.", show_default=False)
    ],
    reports: Annotated[Path, typer.Option("--reports", help="Folder for the reports.", show_default=False)],
    name: Annotated[str | None, typer.Option(help="Job name (default: the file name).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing job file.")] = False,
) -> None:
    """Write a commented job file with sensible defaults, ready to run."""
    from scanner.job import init_job

    job = init_job(job_file, root, db, reports, name, force)
    typer.echo(f"wrote {job_file} (job {job.name!r}); run it with: insurescan job run {job_file}", err=True)


def _open(db: str | None) -> Inventory:
    from scanner.inventory import DEFAULT_DB, Inventory

    if db is None or "://" not in db:
        target = Path(db or DEFAULT_DB)
        if not target.exists():
            raise ConfigError(f"no inventory at {target}; pass --db")
    return Inventory(db)


@audit_app.command("verify")
def audit_verify(
    db: Annotated[str | None, typer.Option(help="Inventory: SQLite file or database URL.")] = None,
) -> None:
    """Check the hash chain; name the first entry that was altered, removed or reordered."""
    from scanner import audit

    with _open(db) as inv:
        result = audit.verify(inv)
    if result.ok:
        typer.echo(f"audit trail intact: {result.entries} entries, head {result.head}")
        raise typer.Exit(0)
    _err(f"audit trail broken: {result.problem}")
    raise typer.Exit(1)


@audit_app.command("log")
def audit_log(
    db: Annotated[str | None, typer.Option(help="Inventory: SQLite file or database URL.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show the last N entries.")] = 50,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
) -> None:
    """Show the latest audit entries."""
    from scanner import audit

    if fmt not in ("table", "jsonl"):
        raise ConfigError("--format must be table or jsonl")
    with _open(db) as inv:
        entries = audit.entries(inv, limit)
    if fmt == "jsonl":
        for e in entries:
            row = {"seq": e.seq, "at": e.at, "event": e.event, "actor": e.actor, "host": e.host}
            typer.echo(json.dumps(row | {"details": e.details, "hash": e.hash}, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="audit trail")
    for col in ("seq", "at", "event", "actor@host", "outcome", "roots"):
        table.add_column(col, overflow="fold")
    for e in entries:
        roots = e.details.get("roots", [])
        table.add_row(
            str(e.seq),
            e.at,
            e.event,
            f"{e.actor}@{e.host}",
            str(e.details.get("outcome", "")),
            ", ".join(roots),
        )
    Console(width=160).print(table)


def report_view(
    db: str | None, fmt: str, output: Path | None, run: int | None, diff: tuple[int, int] | None
) -> int:
    """``report --run`` / ``--diff``, and ``report --format html``: views that need the delta."""
    from scanner.cli import _output
    from scanner.delta import check_scan, compute_delta, previous_scan
    from scanner.report.changes import (
        DELTA_FORMATS,
        render_delta_json,
        render_delta_jsonl,
        render_delta_table,
    )

    if fmt not in DELTA_FORMATS:
        raise ConfigError(f"--run and --diff support --format {', '.join(DELTA_FORMATS)}")
    if run is not None and diff is not None:
        raise ConfigError("use either --run or --diff, not both")
    with _open(db) as inv:
        if diff is not None:
            check_scan(inv, diff[0], "--diff")
            check_scan(inv, diff[1], "--diff")
            since, until = diff
        else:
            if run is None:
                last = inv.last_scan()
                if last is None:
                    raise ConfigError("the inventory holds no scan yet")
                run = int(last["id"])
            check_scan(inv, run, "--run")
            since, until = previous_scan(inv, run), run
        delta = compute_delta(inv, since, until)
        scan_row = inv.get_scan(until) or {}
        info = {k: scan_row.get(k) for k in ("id", "started_at", "finished_at", "state", "version")}
        info["roots"] = json.loads(scan_row.get("roots") or "[]")
        info["since_scan"] = since
        with _output(output, sensitive=False) as out:
            if fmt == "table":
                render_delta_table(delta, out)
            elif fmt == "json":
                render_delta_json(delta, out, info)
            elif fmt == "jsonl":
                render_delta_jsonl(delta, out)
            else:
                _render_html_view(inv, delta, info, out)
    return 1 if delta.new else 0


def _render_html_view(inv: Inventory, delta: Delta, info: dict[str, Any], out: TextIO) -> None:
    import time

    import sqlalchemy as sa

    from scanner import audit
    from scanner.governance import Policy, assess
    from scanner.inventory import job_runs
    from scanner.jobrun import snapshot
    from scanner.report.html import HtmlContext, RunInfo, render_html

    with inv.engine.connect() as conn:
        row = conn.execute(sa.select(job_runs).where(job_runs.c.scan_id == info["id"])).mappings().first()
    # A job run's own governance policy (retention rules, owners) applies to its report.
    policy = Policy.from_dict(json.loads(row["policy"])) if row and row["policy"] else Policy()
    roots = info["roots"] or None
    snap = snapshot(inv, roots)
    snap.data.scan_id = info["id"]
    title = f"insurescan — {row['job']}, run {info['id']}" if row else f"insurescan — scan {info['id']}"
    ctx = HtmlContext(
        run=RunInfo(
            title=title,
            job=row["job"] if row else None,
            scan_id=info["id"],
            since_scan=info["since_scan"],
            started_at=info["started_at"],
            finished_at=info["finished_at"],
            roots=info["roots"],
            audit_head=audit.head(inv),
        ),
        delta=delta,
        assessment=assess(snap.facts, policy, time.time()),
    )
    render_html(snap.data, out, False, context=ctx)

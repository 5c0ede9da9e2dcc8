"""The command line. Thin: parse options into a ``Config``, call the library, print.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

import scanner
from scanner.config import load_config
from scanner.errors import ConfigError, InsurescanError

app = typer.Typer(
    name="insurescan",
    help="Find, inventory and redact customer data (PII/PHI) in an insurer's files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Fmt(StrEnum):
    table = "table"
    summary = "summary"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sarif = "sarif"
    html = "html"


class Mode(StrEnum):
    full = "full"
    fast = "fast"


def _err(msg: str) -> None:
    typer.echo(f"insurescan: {msg}", err=True)


@contextlib.contextmanager
def _output(path: Path | None, sensitive: bool) -> Iterator[TextIO]:
    """stdout, or a file written whole or not at all (0600 when it holds raw values)."""
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        # /dev/null, a FIFO, a terminal: written in place. Renaming a temp file over it
        # would replace the device with a regular file (as root, for every program).
        try:
            fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
        with fh:
            yield fh
        return
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if sensitive else 0o644)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip().upper() for v in value.split(",") if v.strip())


def _check_entities(entities: tuple[str, ...]) -> None:
    from recognizers.catalogue import CATALOGUE

    custom = set()
    unknown = [e for e in entities if e not in CATALOGUE and e not in custom]
    if unknown:
        raise ConfigError(f"unknown entity {unknown[0]!r}; see 'insurescan entities'")


@app.command()
def scan(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories or smb://user@host/share/path.", show_default=False),
    ],
    db: Annotated[str | None, typer.Option(help="Inventory: SQLite file or database URL.")] = None,
    no_db: Annotated[
        bool, typer.Option("--no-db", help="Do not keep an inventory (always reads everything).")
    ] = False,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="Report format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    entities: Annotated[str | None, typer.Option(help="Only these entity types, comma-separated.")] = None,
    min_score: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Minimum confidence.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
    mode: Annotated[Mode | None, typer.Option(help="full (patterns + NER) or fast (no NER).")] = None,
    full: Annotated[bool, typer.Option("--full", help="Re-read every file, changed or not.")] = False,
    reveal: Annotated[bool, typer.Option(help="Include raw matched values in this report.")] = False,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML configuration file.")] = None,
    include: Annotated[list[str] | None, typer.Option(help="Glob of files to include (repeatable).")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Glob of files to exclude (repeatable).")] = None,
    follow_symlinks: Annotated[bool | None, typer.Option("--follow-symlinks", help="Follow links.")] = None,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Do not OCR images and scanned pages.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Scan files and directories for personal data and record them in the inventory."""
    from scanner.inventory import Inventory
    from scanner.pipeline import ScanStats
    from scanner.pipeline import scan as run_scan
    from scanner.progress import Progress
    from scanner.report import ReportData, render
    from scanner.report.formats import summary_line

    config = load_config(config_file).with_overrides(
        entities=_split(entities),
        min_score=min_score,
        workers=workers,
        mode=mode.value if mode else None,
        include=tuple(include) if include else None,
        exclude=tuple(exclude) if exclude else None,
        follow_symlinks=follow_symlinks,
        ocr=False if no_ocr else None,
    )
    _check_entities(config.entities)
    for p in paths:
        if not p.lower().startswith("smb://") and not os.path.lexists(p):
            raise ConfigError(f"{p}: no such file or directory")
    inventory = None if no_db else Inventory(db)
    stats = ScanStats()
    results = []
    completed = False
    try:
        with Progress(enabled=not quiet and sys.stderr.isatty()) as progress:
            for result in run_scan(paths, config, inventory=inventory, full=full, reveal=reveal, stats=stats):
                progress.advance(result.file.path)
                results.append(result)
        completed = True
    finally:
        # Every scan and every --reveal is audited, before any raw value is written.
        from scanner.audit import audit_scan

        opts = {"format": fmt.value, "output": output, "entities": entities, "min_score": min_score}
        opts |= {"mode": mode, "workers": workers, "full": full, "reveal": reveal, "config": config_file}
        opts |= {"include": include, "exclude": exclude, "no_db": no_db, "no_ocr": no_ocr}
        audit_scan(inventory, db, list(paths), stats, opts, completed)
        if inventory is not None:
            inventory.close()
    data = ReportData.from_results(results, stats.removed)
    data.scan_id = stats.scan_id
    with _output(output, sensitive=reveal) as out:
        render(fmt.value, data, out, reveal)
    if not quiet and not (fmt in (Fmt.table, Fmt.summary) and output is None):
        typer.echo(summary_line(data), err=True)
    raise typer.Exit(1 if data.findings else 0)


@app.command()
def report(
    db: Annotated[str | None, typer.Option(help="Inventory: SQLite file or database URL.")] = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="Report format.")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    run: Annotated[int | None, typer.Option("--run", help="What scan RUN changed (its delta).")] = None,
    diff: Annotated[
        tuple[int, int] | None, typer.Option("--diff", help="What changed from scan A to scan B.")
    ] = None,
) -> None:
    """Report what the inventory holds, without scanning again."""
    from scanner.inventory import DEFAULT_DB, Inventory
    from scanner.report import FileSummary, ReportData, render

    if run is not None or diff is not None or fmt == Fmt.html:
        from scanner.cli_job import report_view

        raise typer.Exit(report_view(db, fmt.value, output, run, diff))
    if db is None or "://" not in db:
        target = Path(db or DEFAULT_DB)
        if not target.exists():
            raise ConfigError(f"no inventory at {target}; run 'insurescan scan' first or pass --db")
    with Inventory(db) as inv:
        data = ReportData(findings=list(inv.iter_findings()))
        data.files = [
            FileSummary(r["path"], r["status"], r["reason"], r["findings_count"]) for r in inv.iter_files()
        ]
        last = inv.last_scan()
        data.scan_id = last["id"] if last else None
    with _output(output, sensitive=False) as out:
        render(fmt.value, data, out, False)
    raise typer.Exit(1 if data.findings else 0)


@app.command()
def entities(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List the entity catalogue: what each type is, how sensitive, which regimes."""
    import json

    from recognizers.catalogue import CATALOGUE

    if fmt == "json":
        rows = [
            {
                "entity": e.entity,
                "description": e.description,
                "example": e.example,
                "sensitivity": e.sensitivity,
                "regimes": list(e.regimes),
            }
            for e in CATALOGUE.values()
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if fmt != "table":
        raise ConfigError("--format must be table or json")
    from rich.console import Console
    from rich.table import Table

    table = Table(title="insurescan entities")
    for col in ("entity", "description", "example", "sensitivity", "regimes"):
        table.add_column(col, overflow="fold")
    for e in CATALOGUE.values():
        table.add_row(e.entity, e.description, e.example, e.sensitivity, ", ".join(e.regimes))
    Console(width=160).print(table)


@app.command()
def evaluate(
    labels: Annotated[Path, typer.Argument(help="labels.jsonl: one line per document.", show_default=False)],
    docs: Annotated[Path | None, typer.Option(help="Folder the label paths are relative to.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    mode: Annotated[Mode | None, typer.Option(help="full (patterns + NER) or fast (no NER).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML configuration file.")] = None,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List each miss (file, FN/FP, entity, masked value).")
    ] = False,
) -> None:
    """Precision, recall and F1 per entity on a labelled corpus."""
    import json

    from scanner.evaluate import evaluate as run_evaluate

    if fmt not in ("table", "json"):
        raise ConfigError("--format must be table or json")
    if docs is None:
        docs = labels.parent / "docs" if (labels.parent / "docs").is_dir() else labels.parent
    if not docs.is_dir():
        raise ConfigError(f"{docs}: no such folder")
    config = load_config(config_file).with_overrides(mode=mode.value if mode else None, workers=workers)
    ev = run_evaluate(labels, docs, config)
    if fmt == "json":
        typer.echo(json.dumps(ev.as_dict(), indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"insurescan evaluate: {ev.files} documents")
    for col in ("entity", "tp", "fp", "fn", "precision", "recall", "f1"):
        table.add_column(col, justify="left" if col == "entity" else "right")
    for name, sc in sorted(ev.per_entity.items()):
        table.add_row(
            name,
            str(sc.tp),
            str(sc.fp),
            str(sc.fn),
            f"{sc.precision:.3f}",
            f"{sc.recall:.3f}",
            f"{sc.f1:.3f}",
        )
    m = ev.micro
    table.add_row(
        "micro",
        str(m.tp),
        str(m.fp),
        str(m.fn),
        f"{m.precision:.3f}",
        f"{m.recall:.3f}",
        f"{m.f1:.3f}",
        style="bold",
    )
    console = Console(width=120)
    console.print(table)
    if ev.decoys:
        console.print(f"decoys flagged: {ev.decoys_flagged}/{ev.decoys} ({ev.decoy_rate:.1%})")
    if ev.unread:
        console.print("files not read: " + ", ".join(f"{n} {s}" for s, n in sorted(ev.unread.items())))
    if show_errors:
        for miss in ev.misses:
            console.print(f"{miss.kind} {miss.entity_type:<22} {miss.masked:<28} {miss.file}", markup=False)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"insurescan {scanner.__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr)
    from scanner.logsafety import quiet_content_loggers

    quiet_content_loggers()
    # Presidio warns about unmapped labels; that does not help users.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``InsurescanError`` becomes one line on stderr and exit 2.

    Without ``argv`` this is the ``insurescan`` program, which owns its process and sets
    the collector for scanning (``scanner/gctune.py``); a caller passing ``argv`` (a test,
    a program embedding insurescan) keeps its own settings."""
    if argv is None:
        from scanner import gctune

        gctune.tune()
    try:
        # Without standalone mode click returns (not raises) the code of a typer.Exit.
        rv = app(args=argv, standalone_mode=False)
    except InsurescanError as exc:
        _err(str(exc))
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        _err("aborted")
        return 130
    except KeyboardInterrupt:
        _err("interrupted; finished files are recorded, the next scan continues")
        return 130
    except typer.TyperException as exc:
        # Usage errors (bad option, bad value): typer's own message, exit 2.
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        return int(getattr(exc, "exit_code", 2))
    return rv if isinstance(rv, int) else 0


from scanner.cli_job import audit_app, job_app  # noqa: E402  (sub-apps register on the finished app)

app.add_typer(job_app, name="job")
app.add_typer(audit_app, name="audit")


from scanner.cli_redact import keys_app, redact, unredact  # noqa: E402

app.command()(redact)
app.command()(unredact)
app.add_typer(keys_app, name="keys")

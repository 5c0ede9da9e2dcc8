"""Renderers for a ``Delta`` (``report --run`` / ``--diff``): table, json, jsonl."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

import scanner
from scanner.delta import Change, Delta

DELTA_FORMATS = ("table", "json", "jsonl", "html")


def render_delta_json(delta: Delta, out: TextIO, run: dict[str, Any] | None = None) -> None:
    doc = {
        "tool": {"name": "insurescan", "version": scanner.__version__},
        "run": run or {},
        **delta.as_dict(),
    }
    json.dump(doc, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def render_delta_jsonl(delta: Delta, out: TextIO) -> None:
    """One object per changed finding: the finding object plus ``change``."""
    for change, items in (
        ("new", delta.new),
        ("resolved", delta.resolved),
        ("unverifiable", delta.unverifiable),
    ):
        for c in items:
            out.write(json.dumps({"change": change, **c.as_dict()}, ensure_ascii=False) + "\n")


def _changes_table(title: str, changes: list[Change]) -> Table:
    t = Table(title=title)
    for col in ("path", "entity", "masked", "where", "why"):
        t.add_column(col, overflow="fold")
    for c in changes:
        t.add_row(c.path, c.entity_type, c.masked, c.location.describe(), c.explanation)
    return t


def render_delta_table(delta: Delta, out: TextIO) -> None:
    console = Console(file=out, width=140, force_terminal=False, no_color=not out.isatty(), soft_wrap=False)
    if delta.new:
        console.print(_changes_table("New findings", delta.new))
    if delta.resolved:
        console.print(_changes_table("Resolved findings", delta.resolved))
    if delta.unverifiable:
        console.print(_changes_table("No longer verifiable (file unreadable)", delta.unverifiable))
    if delta.new_files:
        t = Table(title="New files with personal data")
        t.add_column("path", overflow="fold")
        for p in delta.new_files:
            t.add_row(p)
        console.print(t)
    since = f"scan {delta.since}" if delta.since is not None else "an empty inventory"
    s = delta.summary()
    console.print(
        f"from {since} to scan {delta.until}: {s['new_findings']} new, {s['resolved_findings']} resolved, "
        f"{s['unverifiable_findings']} unverifiable, {s['unchanged_findings']} unchanged findings; "
        f"{s['new_files_with_personal_data']} new files with personal data"
    )

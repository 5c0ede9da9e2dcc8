"""Helpers for the scheduled-job tests: small plain-text shares with synthetic SSNs,
job files, and running the CLI through ``main`` (so exit codes are what cron sees)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

# Synthetic, valid under the SSA issuing rules (area not 000/666/9xx, group and serial non-zero).
SSN = {
    "a": "412-67-3391",
    "b": "523-71-4410",
    "c": "287-55-1046",
    "e": "601-34-9921",
    "f": "345-78-2210",
    "g": "158-42-7736",
}


def tail(ssn: str) -> str:
    return "***-**-" + ssn[-4:]


# The suite's CLI runner (exit code, stdout, stderr), under the name these tests use.
invoke = run_cli


def toml_value(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


def write_job(path: Path, root: Path, database: str, reports: Path, extra: str = "", **keys: Any) -> Path:
    """A job file; ``fast`` mode (patterns only) keeps these scans quick, SSNs need no NER."""
    lines = [
        f"roots = [{json.dumps(str(root))}]",
        f"database = {json.dumps(database)}",
        f"reports = {json.dumps(str(reports))}",
        'formats = ["html", "summary"]',
        'mode = "fast"',
        "ocr = false",
    ]
    lines += [f"{k} = {toml_value(v)}" for k, v in keys.items()]
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def summary(reports: Path, name: str, scan_id: int) -> dict[str, Any]:
    return json.loads((reports / f"{name}-{scan_id}.summary.json").read_text())  # type: ignore[no-any-return]


def ssn_line(key: str) -> str:
    return f"Claimant SSN: {SSN[key]}\n"

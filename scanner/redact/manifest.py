"""The manifest: what was written where, from what, how, and whether it was verified.

One JSON file in the output folder. It holds hashes, counts and settings,
never a value: paths are the redacted names, reasons are our own words.
Encrypted copies name the key id, so a key holder knows which key opens them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scanner

if TYPE_CHECKING:
    from scanner.redact import RedactedFile
    from scanner.redact.policy import Policy

MANIFEST_NAME = "insurescan-manifest.json"


def manifest_dict(files: list[RedactedFile], policy: Policy, key_id: str | None) -> dict[str, Any]:
    summary: dict[str, int] = {}
    totals: dict[str, int] = {}
    for f in files:
        summary[f.status] = summary.get(f.status, 0) + 1
        for entity, n in f.counts.items():
            totals[entity] = totals.get(entity, 0) + n
    return {
        "tool": f"insurescan {scanner.__version__}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "policy": policy.describe(),
        "key_id": key_id,
        "summary": dict(sorted(summary.items())),
        "totals": dict(sorted(totals.items())),
        "files": [f.as_dict() for f in files],
    }


def audit_details(
    command: str, source: str, out_dir: Path, files: list[RedactedFile], options: dict[str, Any]
) -> dict[str, Any]:
    """What the audit trail keeps of a run: options, roots, counts, the manifest's hash; no values.

    File names are left out (the manifest has them, redacted); a hash of the
    manifest ties the entry to it.
    """
    summary: dict[str, int] = {}
    totals: dict[str, int] = {}
    for f in files:
        summary[f.status] = summary.get(f.status, 0) + 1
        for entity, n in f.counts.items():
            totals[entity] = totals.get(entity, 0) + n
    manifest = out_dir / MANIFEST_NAME
    digest = None
    if command == "redact" and manifest.exists():
        import hashlib

        digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    complete = all(f.status == "written" for f in files)
    return {
        "command": command,
        "roots": [source],
        "output_dir": str(out_dir),
        "options": dict(sorted(options.items())),
        "counts": dict(sorted(summary.items())),
        "entities": dict(sorted(totals.items())),
        "manifest_sha256": digest,
        "outcome": "complete" if complete else "incomplete",
        "pid": os.getpid(),
    }


def write_manifest(out_dir: Path, body: dict[str, Any]) -> Path:
    """Written whole or not at all."""
    path = out_dir / MANIFEST_NAME
    tmp = out_dir / f".{MANIFEST_NAME}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path

"""``insurescan redact``, ``insurescan unredact`` and ``insurescan keys rotate``.

Thin, like the rest of the CLI: options become a ``Config`` and arguments of
``scanner.redact``; results are printed one line per file. Exit codes: 0 all
written (and verified); 1 something could not be redacted and was left out
(listed, with the reason); 2 usage or configuration error (raised as
``ConfigError`` and mapped by ``cli.main``); 3 a file failed its check or its
writer, and was not written.
Library imports happen inside the commands: ``insurescan --help`` must not pay
for spaCy or pdfium.

Each run and each key rotation is an entry in the audit trail of the
inventory (``--db``, else the default one; ``--no-db`` skips it). ``unredact``
puts personal data back into files, so, like ``scan --reveal``, it is always
recorded, before anything is restored, and refused if it cannot be.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scanner.config import load_config
from scanner.errors import ConfigError

if TYPE_CHECKING:
    from scanner.redact import RedactedFile, RedactionResult

keys_app = typer.Typer(
    help="Manage the keyring used by --operator encrypt and unredact.", no_args_is_help=True
)


class OperatorName(StrEnum):
    replace = "replace"
    mask = "mask"
    hash = "hash"
    pseudonymize = "pseudonymize"
    encrypt = "encrypt"


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v.strip().upper() for v in value.split(",") if v.strip())


def _line(f: RedactedFile) -> str:
    counts = ", ".join(f"{e} {n}" for e, n in sorted(f.counts.items()))
    text = f"{f.status:<11} {f.source}"
    if counts:
        text += f"  ({counts})"
    if f.reason:
        text += f"  - {f.reason}"
    for m in f.members:
        text += f"\n{'':<11}   {m.member}: {m.status}, {m.reason}"
    return text


def _summary(result: RedactionResult) -> str:
    by: dict[str, int] = {}
    for f in result.files:
        by[f.status] = by.get(f.status, 0) + 1
    parts = ", ".join(f"{n} {s}" for s, n in sorted(by.items())) or "no files"
    where = f"; manifest {result.manifest}" if result.manifest else ""
    return f"{len(result.files)} files: {parts}{where}"


_DB = Annotated[
    str | None,
    typer.Option("--db", help="Inventory whose audit trail records this (default: the usual one)."),
]
_NO_DB = Annotated[bool, typer.Option("--no-db", help="Do not record this in an audit trail.")]


def _audit(db: str | None, event: str, details: dict[str, object], required: bool = False) -> None:
    """Append one audit entry; a failure is an error only when ``required``, else a warning."""
    from scanner.audit import append
    from scanner.errors import InsurescanError
    from scanner.inventory import Inventory

    try:
        with Inventory(db) as inv:
            append(inv, event, details)
    except InsurescanError as exc:
        if required:
            raise
        typer.echo(f"warning: not recorded in the audit trail: {exc}", err=True)


def redact(
    path: Annotated[Path, typer.Argument(help="File or folder to redact.", show_default=False)],
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Where the copies go (mirrors the tree).")
    ],
    operator: Annotated[
        OperatorName | None, typer.Option(help="What removed values become (default: config, else replace).")
    ] = None,
    key_file: Annotated[Path | None, typer.Option(help="Keyring for --operator encrypt.")] = None,
    profile: Annotated[
        str | None, typer.Option(help="A recipient profile from the config (a profiles.NAME table).")
    ] = None,
    keep: Annotated[str | None, typer.Option(help="Entity types to keep, comma-separated.")] = None,
    only: Annotated[str | None, typer.Option(help="Remove only these entity types, comma-separated.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing copies.")] = False,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML configuration file.")] = None,
    min_score: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Minimum confidence.")] = None,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="No OCR (images are then not copied).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line.")] = False,
    db: _DB = None,
    no_db: _NO_DB = False,
) -> None:
    """Write redacted, verified copies of files for a recipient; originals are never touched."""
    from scanner.redact import redact as run_redact

    config = load_config(config_file).with_overrides(min_score=min_score, ocr=False if no_ocr else None)
    if not path.exists():
        raise ConfigError(f"{path}: no such file or directory")
    result = run_redact(
        path,
        output_dir,
        config,
        operator=operator.value if operator else None,
        profile=profile,
        keep=_split(keep),
        only=_split(only),
        key_file=str(key_file) if key_file else None,
        force=force,
        on_file=None if quiet else lambda f: typer.echo(_line(f), err=True),
    )
    typer.echo(_summary(result), err=True)
    if not no_db:
        from scanner.redact.manifest import audit_details

        options = {"operator": result.policy.default_operator if result.policy else None}
        options |= {"profile": profile, "keep": keep, "only": only, "force": force, "no_ocr": no_ocr}
        options |= {"min_score": min_score, "config": str(config_file) if config_file else None}
        if result.key_id:
            options["key_id"] = result.key_id
        _audit(db, "redact", audit_details("redact", str(path), output_dir, result.files, options))
    raise typer.Exit(result.exit_code)


def unredact(
    path: Annotated[Path, typer.Argument(help="A redacted copy or folder of copies.", show_default=False)],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help="Where the restored copies go.")],
    key_file: Annotated[Path | None, typer.Option(help="The keyring the copies were encrypted with.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML configuration file.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line.")] = False,
    db: _DB = None,
) -> None:
    """Restore values that --operator encrypt sealed (for holders of the keyring); always audited."""
    from scanner.redact import unredact as run_unredact
    from scanner.redact.manifest import audit_details

    config = load_config(config_file)
    if not path.exists():
        raise ConfigError(f"{path}: no such file or directory")
    options: dict[str, object] = {"key_file": str(key_file) if key_file else None, "force": force}
    # Recorded before any value is restored; no entry, no restore.
    started = audit_details("unredact", str(path), output_dir, [], options) | {"outcome": "started"}
    _audit(db, "unredact", started, required=True)
    result = run_unredact(
        path,
        output_dir,
        config,
        key_file=str(key_file) if key_file else None,
        force=force,
        on_file=None if quiet else lambda f: typer.echo(_line(f), err=True),
    )
    typer.echo(_summary(result), err=True)
    _audit(db, "unredact", audit_details("unredact", str(path), output_dir, result.files, options))
    raise typer.Exit(result.exit_code)


@keys_app.command("rotate")
def keys_rotate(
    key_file: Annotated[
        Path | None, typer.Option(help="Keyring to rotate (default: the configured one).")
    ] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML configuration file.")] = None,
    db: _DB = None,
    no_db: _NO_DB = False,
) -> None:
    """Make a new key current; older keys stay so earlier copies still decrypt."""
    from scanner.redact.keys import rotate

    config = load_config(config_file)
    ring = rotate(str(key_file) if key_file else config.redact.key_file)
    typer.echo(f"current key {ring.current} ({len(ring.keys)} keys in {ring.path})")
    if not no_db:
        # Key ids only: an id says which key, never anything about the key.
        details = {"keyring": str(ring.path), "current": ring.current, "keys": sorted(ring.keys)}
        _audit(db, "keys-rotate", {"command": "keys rotate", **details, "pid": os.getpid()})


@keys_app.command("list")
def keys_list(
    key_file: Annotated[
        Path | None, typer.Option(help="Keyring to list (default: the configured one).")
    ] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML configuration file.")] = None,
) -> None:
    """Key ids and creation times (never the keys)."""
    from scanner.redact.keys import load_keyring

    config = load_config(config_file)
    ring = load_keyring(str(key_file) if key_file else config.redact.key_file, create=False)
    for kid in ring.keys:
        mark = "*" if kid == ring.current else " "
        typer.echo(f"{mark} {kid}  {ring.created.get(kid, '')}")
    sys.stdout.flush()

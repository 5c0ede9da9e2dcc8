"""The job file: what a scheduled scan covers, where it records, what it reports, what alerts.

Everything is checked before anything is scanned, so a typo fails the night's
run at once with one line naming the setting, rather than after an hour.
Relative paths in a job file are relative to the job file, so cron's working
directory does not matter. The runner is ``scanner.jobrun``.

```toml
name = "claims-nightly"
roots = ["/srv/shares/claims"]
database = "/var/lib/insurescan/inventory.db"     # or postgresql+psycopg://user@host/db
reports = "/var/lib/insurescan/reports"
formats = ["html", "summary"]                     # also json, jsonl, csv, sarif
# the scan settings of a config file: include, exclude, entities, min_score, mode,
# workers, ocr, follow_symlinks, key_file, [limits], [[recognizers]]

[governance]
allowed_owners = ["svc-claims"]
group_readable_ok = false
folder_depth = 2

[[retention]]
days = 2555
folder = "closed"          # relative to a root, or absolute; and/or entity = "US_SSN"

[alerts]
entities = []              # new findings of these types alert; empty: any
min_score = 0.0
flags = []                 # only in files with one of these flags; empty: any file
```
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from scanner.config import Config, config_from_dict
from scanner.errors import ConfigError
from scanner.governance import FLAGS, Policy, RetentionRule

REPORT_FORMATS = {
    "html": "html",
    "summary": "summary.json",
    "json": "json",
    "jsonl": "jsonl",
    "csv": "csv",
    "sarif": "sarif.json",
}
_JOB_KEYS = {"name", "roots", "database", "reports", "formats", "governance", "retention", "alerts"}
_CONFIG_KEYS = {f.name for f in fields(Config)}
_GOVERNANCE_KEYS = {"allowed_owners", "group_readable_ok", "folder_depth"}
_RETENTION_KEYS = {"days", "folder", "entity"}
_ALERT_KEYS = {"entities", "min_score", "flags"}
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class AlertRule:
    """Which new findings make a run exit 1."""

    entities: tuple[str, ...] = ()
    min_score: float = 0.0
    flags: tuple[str, ...] = ()

    def matches(self, entity: str, score: float, file_flags: set[str]) -> bool:
        return (
            (not self.entities or entity in self.entities)
            and score >= self.min_score
            and (not self.flags or bool(file_flags & set(self.flags)))
        )


@dataclass(frozen=True)
class Job:
    path: Path
    name: str
    roots: tuple[str, ...]
    database: str
    reports: Path
    formats: tuple[str, ...] = ("html", "summary")
    config: Config = field(default_factory=Config)
    policy: Policy = field(default_factory=Policy)
    alerts: AlertRule = field(default_factory=AlertRule)

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def options(self) -> dict[str, Any]:
        """The settings an audit entry records (no secrets: the database URL hides its password)."""
        c = self.config
        return {
            "job_file": str(self.path),
            "formats": list(self.formats),
            "include": list(c.include),
            "exclude": list(c.exclude),
            "entities": list(c.entities),
            "min_score": c.min_score,
            "mode": c.mode,
            "workers": c.workers,
            "alerts": {"entities": list(self.alerts.entities), "min_score": self.alerts.min_score},
        }


class _Where:
    """Builds one-line errors that name the job file and the setting."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, setting: str, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {setting}: {message}")


def _unknown(table: dict[str, Any], allowed: set[str], prefix: str, where: _Where) -> None:
    for key in sorted(set(table) - allowed):
        close = difflib.get_close_matches(key, sorted(allowed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise where(prefix + key, f"unknown setting{hint}")


def check_glob(pattern: Any, setting: str, where: _Where) -> None:
    """Reject globs that can never match what the walker compares them with (a path relative to a root)."""
    if not isinstance(pattern, str):
        raise where(setting, "expected a glob string")
    if not pattern.strip():
        raise where(setting, "empty glob")
    if pattern.startswith("/"):
        raise where(
            setting, f"bad glob {pattern!r}: globs match paths relative to a root, drop the leading '/'"
        )
    if "***" in pattern:
        raise where(setting, f"bad glob {pattern!r}: '***' is not a wildcard (use '**')")
    depth = 0
    for ch in pattern:
        depth += ch == "["
        depth -= ch == "]" and depth > 0
    if depth:
        raise where(setting, f"bad glob {pattern!r}: unclosed '['")
    for part in pattern.split("/"):
        if "**" in part and part != "**":
            raise where(setting, f"bad glob {pattern!r}: '**' must be a whole path component")


def _known_entities(config: Config) -> set[str] | None:
    try:
        from recognizers.catalogue import CATALOGUE
    except ImportError:
        return None
    return set(CATALOGUE) | {r.entity for r in config.recognizers}


def _check_entity(entity: str, known: set[str] | None, setting: str, where: _Where) -> None:
    if known is not None and entity not in known:
        raise where(setting, f"unknown entity {entity!r} (see 'insurescan entities')")


def _resolve(base: Path, value: Any, setting: str, where: _Where) -> str:
    if not isinstance(value, str) or not value:
        raise where(setting, "expected a path")
    p = Path(value).expanduser()
    return os.path.normpath(p if p.is_absolute() else base / p)


def load_job(path: str | Path) -> Job:
    """Parse and check a job file. Raises ``ConfigError`` naming the setting; touches nothing."""
    job_path = Path(path).absolute()
    where = _Where(Path(path))
    try:
        data = tomllib.loads(job_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read job file {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    _unknown(data, _JOB_KEYS | _CONFIG_KEYS | {"limits", "recognizers"}, "", where)
    base = job_path.parent
    for key in ("roots", "database", "reports"):
        if key not in data:
            raise where(key, "required")

    name = data.get("name", job_path.stem.removesuffix(".job"))
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise where("name", "letters, digits, '.', '_' and '-' only (it names the report files)")
    roots = data["roots"]
    if isinstance(roots, str):
        roots = [roots]
    if not isinstance(roots, list) or not roots:
        raise where("roots", "expected a non-empty list of folders")
    resolved_roots = tuple(
        r if isinstance(r, str) and "://" in r else _resolve(base, r, f"roots[{i}]", where)
        for i, r in enumerate(roots)
    )
    database = data["database"]
    if not isinstance(database, str) or not database:
        raise where("database", "expected a SQLite file or a database URL")
    if "://" not in database:
        database = _resolve(base, database, "database", where)
    reports = Path(_resolve(base, data["reports"], "reports", where))

    formats = data.get("formats", ["html", "summary"])
    if isinstance(formats, str):
        formats = [formats]
    if not isinstance(formats, list) or not formats:
        raise where("formats", f"expected a list of: {', '.join(REPORT_FORMATS)}")
    for i, fmt in enumerate(formats):
        if fmt not in REPORT_FORMATS:
            raise where(f"formats[{i}]", f"unknown format {fmt!r} (choose from {', '.join(REPORT_FORMATS)})")

    for key in ("include", "exclude"):
        value = data.get(key, [])
        for i, pattern in enumerate([value] if isinstance(value, str) else value):
            check_glob(pattern, f"{key}[{i}]", where)
    scan_keys = {k: v for k, v in data.items() if k not in _JOB_KEYS}
    config = config_from_dict(scan_keys, where=str(path))
    known = _known_entities(config)
    for i, entity in enumerate(config.entities):
        _check_entity(entity, known, f"entities[{i}]", where)

    policy = _policy(data, where, known)
    alerts = _alerts(data.get("alerts", {}), where, known)
    return Job(
        path=job_path,
        name=name,
        roots=resolved_roots,
        database=database,
        reports=reports,
        formats=tuple(dict.fromkeys(formats)),
        config=config,
        policy=policy,
        alerts=alerts,
    )


def _policy(data: dict[str, Any], where: _Where, known: set[str] | None) -> Policy:
    gov = data.get("governance", {})
    if not isinstance(gov, dict):
        raise where("governance", "expected a table")
    _unknown(gov, _GOVERNANCE_KEYS, "governance.", where)
    owners = gov.get("allowed_owners", [])
    if not isinstance(owners, list) or not all(isinstance(o, str) for o in owners):
        raise where("governance.allowed_owners", "expected a list of user names")
    group_ok = gov.get("group_readable_ok", False)
    if not isinstance(group_ok, bool):
        raise where("governance.group_readable_ok", "must be true or false")
    depth = gov.get("folder_depth", 2)
    if not isinstance(depth, int) or isinstance(depth, bool) or not 0 <= depth <= 20:
        raise where("governance.folder_depth", "expected a whole number from 0 to 20")
    rules = data.get("retention", [])
    if not isinstance(rules, list):
        raise where("retention", "expected [[retention]] tables")
    parsed = []
    for i, rule in enumerate(rules):
        at = f"retention[{i}]"
        if not isinstance(rule, dict):
            raise where(at, "expected a table")
        _unknown(rule, _RETENTION_KEYS, at + ".", where)
        days = rule.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise where(at + ".days", "expected a whole number of days >= 1")
        folder = rule.get("folder")
        if folder is not None and (not isinstance(folder, str) or "*" in folder):
            raise where(at + ".folder", "expected a folder path (no wildcards)")
        entity = rule.get("entity")
        if entity is not None:
            if not isinstance(entity, str):
                raise where(at + ".entity", "expected an entity name")
            entity = entity.strip().upper()
            _check_entity(entity, known, at + ".entity", where)
        parsed.append(RetentionRule(days=days, folder=folder, entity=entity))
    return Policy(tuple(owners), group_ok, tuple(parsed), depth)


def _alerts(table: Any, where: _Where, known: set[str] | None) -> AlertRule:
    if not isinstance(table, dict):
        raise where("alerts", "expected a table")
    _unknown(table, _ALERT_KEYS, "alerts.", where)
    entities = table.get("entities", [])
    if not isinstance(entities, list) or not all(isinstance(e, str) for e in entities):
        raise where("alerts.entities", "expected a list of entity names")
    entities = [e.strip().upper() for e in entities]
    for i, e in enumerate(entities):
        _check_entity(e, known, f"alerts.entities[{i}]", where)
    score = table.get("min_score", 0.0)
    if not isinstance(score, int | float) or isinstance(score, bool) or not 0 <= score <= 1:
        raise where("alerts.min_score", "expected a number between 0 and 1")
    flags = table.get("flags", [])
    if not isinstance(flags, list) or any(f not in FLAGS for f in flags):
        raise where("alerts.flags", f"expected a list of: {', '.join(FLAGS)}")
    return AlertRule(tuple(entities), float(score), tuple(flags))


TEMPLATE = """\
# insurescan job: a scheduled scan. Run it with
#   insurescan job run {job_file}
# Exit codes: 0 nothing new to alert on, 1 new alert-worthy findings, 2 the job could not run.
# Relative paths below are relative to this file.

name = {name}

# Folders (or single files) to scan. Unchanged files are not read again.
roots = {roots}

# The inventory: a SQLite file, or a URL such as postgresql+psycopg://insurescan@dbhost/insurescan
database = {database}

# Where each run writes its reports (<name>-<run>.<ext>, and <name>-latest.<ext>).
reports = {reports}
formats = ["html", "summary"]   # also: json, jsonl, csv, sarif

# What to read, relative to each root.
include = []                    # empty: every file
exclude = ["**/.git/**", "**/~$*", "**/.DS_Store"]
entities = []                   # empty: all entity types; see 'insurescan entities'
min_score = 0.5
mode = "full"                   # "fast" skips NER (names, addresses)
workers = 1

[limits]
max_file_size = "1 GiB"
per_file_timeout = 120

[governance]
allowed_owners = []             # owners allowed to hold personal data; empty: any owner
group_readable_ok = false       # true: a group-readable file is not "exposed"
folder_depth = 2                # summaries group files by this many folders below a root

# Retention: personal data older than this (by modification time) is flagged.
# Add one [[retention]] table per rule; the strictest rule that applies wins.
[[retention]]
days = 2555                     # seven years, anywhere
# [[retention]]
# days = 365
# folder = "tmp"                # relative to a root, or an absolute path
# [[retention]]
# days = 1095
# entity = "CREDIT_CARD"

[alerts]
entities = []                   # new findings of these types alert; empty: any type
min_score = 0.0
flags = []                      # e.g. ["exposed", "special_category"]; empty: any file
"""


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def job_template(job_file: Path, name: str, roots: list[str], database: str, reports: str) -> str:
    return TEMPLATE.format(
        job_file=job_file,
        name=_toml_str(name),
        roots="[" + ", ".join(_toml_str(r) for r in roots) + "]",
        database=_toml_str(database),
        reports=_toml_str(reports),
    )


def init_job(
    job_file: Path, roots: list[Path], database: str, reports: Path, name: str | None, force: bool
) -> Job:
    """Write a commented job file with absolute paths, then load it back to prove it runs."""
    if job_file.exists() and not force:
        raise ConfigError(f"{job_file} already exists (use --force to overwrite)")
    for root in roots:
        if not root.exists():
            raise ConfigError(f"--root {root}: no such file or directory")
    name = name or job_file.name.removesuffix(".toml").removesuffix(".job")
    if not _NAME_RE.match(name):
        name = re.sub(r"[^A-Za-z0-9._-]", "-", name).strip("-.") or "job"
    db = database if "://" in database else str(Path(database).expanduser().absolute())
    text = job_template(
        job_file.absolute(),
        name,
        [str(r.expanduser().absolute()) for r in roots],
        db,
        str(reports.expanduser().absolute()),
    )
    try:
        job_file.parent.mkdir(parents=True, exist_ok=True)
        job_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {job_file}: {exc.strerror}") from None
    return load_job(job_file)

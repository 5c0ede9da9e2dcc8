"""Scan configuration: defaults, and loading from a TOML file.

Unknown keys are an error rather than ignored: a typo in a limit must not
silently fall back to a default.

```toml
include = ["**/*"]
exclude = ["**/.git/**"]
entities = []            # empty: all
min_score = 0.5
follow_symlinks = false
ocr = true

[limits]
max_file_size = "1 GiB"
max_archive_depth = 3
max_expansion_ratio = 100
max_archive_total = "2 GiB"
max_archive_members = 10000
per_file_timeout = 120   # seconds
text_part_size = "8 MiB" # big plain-text files are read in parts this size (0: whole)
pdf_part_pages = 250     # big PDFs are read in runs of this many pages (0: whole)

[[recognizers]]          # user formats, no code needed
entity = "POLICY_NUMBER"
regex = "ACME-[0-9]{8}"
context = ["policy"]
score = 0.6
checksum = "luhn"        # optional, see recognizers.checksums.NAMED

[redact]                 # insurescan redact; see docs/redaction.md
operator = "replace"     # replace | mask | hash | pseudonymize | encrypt
mask_tail = 4            # mask keeps this many trailing characters
key_file = "~/keys/redact.keys"   # encryption keyring (default: beside the fingerprint key)
pdf_dpi = 200
[redact.operators]       # per entity, overrides `operator`
US_SSN = "mask"

[profiles.reinsurer]     # a recipient: keep = these stay, everything else goes
keep = ["CLAIM_NUMBER", "ICD10_CODE"]
operator = "pseudonymize"
[profiles.auditor]       # or remove = only these go
remove = ["US_SSN", "PERSON"]
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B)?\s*$", re.IGNORECASE)
_UNITS = {
    "": 1,
    "B": 1,
    "KB": 1000,
    "MB": 1000**2,
    "GB": 1000**3,
    "TB": 1000**4,
    "KIB": 1024,
    "MIB": 1024**2,
    "GIB": 1024**3,
    "TIB": 1024**4,
}


def parse_size(value: int | str, setting: str) -> int:
    """``"64 MiB"`` -> bytes; ints pass through."""
    if isinstance(value, bool):
        raise ConfigError(f"{setting}: expected a size, got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ConfigError(f"{setting}: must not be negative")
        return value
    m = _SIZE_RE.match(str(value))
    if not m:
        raise ConfigError(f"{setting}: cannot read size {value!r} (try '64 MiB')")
    unit = (m.group(2) or "").upper()
    return int(float(m.group(1)) * _UNITS[unit])


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile or huge files from hurting the scan."""

    max_file_size: int = 1024**3
    max_archive_depth: int = 3
    max_expansion_ratio: float = 100.0
    max_archive_total: int = 2 * 1024**3
    max_archive_members: int = 10_000
    per_file_timeout: float = 120.0
    # A plain-text file of at least twice this many bytes is read in parts of about this size
    # (cut after a line), by several workers at once; 0 reads every file whole.
    text_part_size: int = 8 * 1024**2
    # A PDF of at least twice this many pages is read in runs of this many pages, likewise
    # (with OCR on, a scanned PDF in runs of two pages: ``scanner.pipeline.part_plan``); 0
    # reads every PDF whole.
    pdf_part_pages: int = 250


@dataclass(frozen=True)
class CustomRecognizer:
    """A user-defined pattern from the config file."""

    entity: str
    regex: str
    name: str = ""
    context: tuple[str, ...] = ()
    score: float = 0.6
    checksum: str | None = None


# Kept here (not in scanner.redact) so loading a config never imports the crypto stack.
REDACT_OPERATORS = ("replace", "mask", "hash", "pseudonymize", "encrypt")


@dataclass(frozen=True)
class RedactSettings:
    """Defaults for ``insurescan redact``. Entity-to-operator maps are pairs so the
    config stays hashable."""

    operator: str = "replace"
    operators: tuple[tuple[str, str], ...] = ()
    mask_tail: int = 4
    mask_char: str = "*"
    key_file: str | None = None
    pdf_dpi: int = 200
    redact_file_names: bool = True


@dataclass(frozen=True)
class Profile:
    """A recipient: which entities stay (``keep``) or which go (``remove``), never both."""

    name: str
    keep: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    operator: str | None = None
    operators: tuple[tuple[str, str], ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Config:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    min_score: float = 0.5
    follow_symlinks: bool = False
    ocr: bool = True
    mode: str = "full"
    workers: int = 1
    limits: Limits = field(default_factory=Limits)
    recognizers: tuple[CustomRecognizer, ...] = ()
    key_file: str | None = None
    redact: RedactSettings = field(default_factory=RedactSettings)
    profiles: tuple[Profile, ...] = ()

    def profile(self, name: str) -> Profile:
        for p in self.profiles:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.profiles) or "none defined"
        raise ConfigError(f"unknown profile {name!r} (known: {known})")

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_TOP_KEYS = {f.name for f in fields(Config)} - {"limits", "recognizers", "redact", "profiles"}
_REDACT_KEYS = {f.name for f in fields(RedactSettings)}
_PROFILE_KEYS = {f.name for f in fields(Profile)} - {"name"}
_LIMIT_KEYS = {f.name for f in fields(Limits)}
_RECOGNIZER_KEYS = {f.name for f in fields(CustomRecognizer)}


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown setting {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _str_tuple(value: Any, setting: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{setting}: expected a list of strings")
    return tuple(value)


def config_from_dict(data: dict[str, Any], where: str = "config") -> Config:
    """Build a ``Config`` from parsed TOML, checking every key and type."""
    _check_keys(data, _TOP_KEYS | {"limits", "recognizers", "redact", "profiles"}, where)
    kwargs: dict[str, Any] = {}
    for key in ("include", "exclude", "entities"):
        if key in data:
            kwargs[key] = _str_tuple(data[key], f"{where}: {key}")
    if "entities" in kwargs:
        kwargs["entities"] = tuple(e.strip().upper() for e in kwargs["entities"])
    if "min_score" in data:
        score = data["min_score"]
        if not isinstance(score, int | float) or not 0 <= score <= 1:
            raise ConfigError(f"{where}: min_score must be a number between 0 and 1")
        kwargs["min_score"] = float(score)
    for key in ("follow_symlinks", "ocr"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{where}: {key} must be true or false")
            kwargs[key] = data[key]
    if "mode" in data:
        if data["mode"] not in ("full", "fast"):
            raise ConfigError(f"{where}: mode must be 'full' or 'fast'")
        kwargs["mode"] = data["mode"]
    if "workers" in data:
        if not isinstance(data["workers"], int) or data["workers"] < 1:
            raise ConfigError(f"{where}: workers must be a whole number >= 1")
        kwargs["workers"] = data["workers"]
    if "key_file" in data:
        kwargs["key_file"] = str(data["key_file"])
    if "limits" in data:
        kwargs["limits"] = _limits(data["limits"], f"{where}: limits")
    if "recognizers" in data:
        kwargs["recognizers"] = tuple(
            _custom(item, f"{where}: recognizers[{i}]") for i, item in enumerate(data["recognizers"])
        )
    if "redact" in data:
        kwargs["redact"] = _redact(data["redact"], f"{where}: redact")
    if "profiles" in data:
        if not isinstance(data["profiles"], dict):
            raise ConfigError(f"{where}: profiles must be a table of [profiles.NAME] tables")
        kwargs["profiles"] = tuple(
            _profile(name, table, f"{where}: profiles.{name}") for name, table in data["profiles"].items()
        )
    return Config(**kwargs)


def _operator_name(value: Any, where: str) -> str:
    if value not in REDACT_OPERATORS:
        raise ConfigError(f"{where}: unknown operator {value!r} (choose from {', '.join(REDACT_OPERATORS)})")
    return str(value)


def _operator_map(table: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: expected a table of ENTITY = "operator"')
    return tuple(
        (str(entity).strip().upper(), _operator_name(op, f"{where}.{entity}")) for entity, op in table.items()
    )


def _redact(table: Any, where: str) -> RedactSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    _check_keys(table, _REDACT_KEYS, where)
    kwargs: dict[str, Any] = {}
    if "operator" in table:
        kwargs["operator"] = _operator_name(table["operator"], f"{where}.operator")
    if "operators" in table:
        kwargs["operators"] = _operator_map(table["operators"], f"{where}.operators")
    if "mask_tail" in table:
        if (
            not isinstance(table["mask_tail"], int)
            or isinstance(table["mask_tail"], bool)
            or table["mask_tail"] < 0
        ):
            raise ConfigError(f"{where}.mask_tail: expected a whole number >= 0")
        kwargs["mask_tail"] = table["mask_tail"]
    if "mask_char" in table:
        if not isinstance(table["mask_char"], str) or len(table["mask_char"]) != 1:
            raise ConfigError(f"{where}.mask_char: expected a single character")
        kwargs["mask_char"] = table["mask_char"]
    if "key_file" in table:
        kwargs["key_file"] = str(table["key_file"])
    if "pdf_dpi" in table:
        dpi = table["pdf_dpi"]
        if not isinstance(dpi, int) or isinstance(dpi, bool) or not 72 <= dpi <= 600:
            raise ConfigError(f"{where}.pdf_dpi: expected a whole number between 72 and 600")
        kwargs["pdf_dpi"] = dpi
    if "redact_file_names" in table:
        if not isinstance(table["redact_file_names"], bool):
            raise ConfigError(f"{where}.redact_file_names must be true or false")
        kwargs["redact_file_names"] = table["redact_file_names"]
    return RedactSettings(**kwargs)


def _profile(name: str, table: Any, where: str) -> Profile:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    _check_keys(table, _PROFILE_KEYS, where)
    keep = tuple(e.strip().upper() for e in _str_tuple(table.get("keep", []), f"{where}.keep"))
    remove = tuple(e.strip().upper() for e in _str_tuple(table.get("remove", []), f"{where}.remove"))
    if keep and remove:
        raise ConfigError(f"{where}: set either keep or remove, not both")
    operator = table.get("operator")
    return Profile(
        name=name,
        keep=keep,
        remove=remove,
        operator=_operator_name(operator, f"{where}.operator") if operator is not None else None,
        operators=_operator_map(table["operators"], f"{where}.operators") if "operators" in table else (),
        description=str(table.get("description", "")),
    )


def _limits(table: Any, where: str) -> Limits:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    _check_keys(table, _LIMIT_KEYS, where)
    kwargs: dict[str, Any] = {}
    for key in ("max_file_size", "max_archive_total", "text_part_size"):
        if key in table:
            kwargs[key] = parse_size(table[key], f"{where}.{key}")
    for key in ("max_archive_depth", "max_archive_members", "pdf_part_pages"):
        if key in table:
            if not isinstance(table[key], int) or table[key] < 0:
                raise ConfigError(f"{where}.{key}: expected a whole number >= 0")
            kwargs[key] = table[key]
    for key in ("max_expansion_ratio", "per_file_timeout"):
        if key in table:
            if not isinstance(table[key], int | float) or table[key] <= 0:
                raise ConfigError(f"{where}.{key}: expected a positive number")
            kwargs[key] = float(table[key])
    return Limits(**kwargs)


def _custom(item: Any, where: str) -> CustomRecognizer:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a table")
    _check_keys(item, _RECOGNIZER_KEYS, where)
    for key in ("entity", "regex"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise ConfigError(f"{where}: '{key}' is required")
    score = item.get("score", 0.6)
    if not isinstance(score, int | float) or not 0 < score <= 1:
        raise ConfigError(f"{where}: score must be between 0 and 1")
    name = item.get("name") or f"Custom{item['entity'].title().replace('_', '')}Recognizer"
    return CustomRecognizer(
        entity=item["entity"].strip().upper(),
        regex=item["regex"],
        name=str(name),
        context=_str_tuple(item.get("context", []), f"{where}: context"),
        score=float(score),
        checksum=item.get("checksum"),
    )


def load_config(path: str | Path | None) -> Config:
    """Read a TOML config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read config file {p}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None
    return config_from_dict(data, where=str(p))

"""The keyring behind ``--operator encrypt`` and ``insurescan unredact``.

A keyring is one JSON file, mode 0600, holding every AES-256 key ever made
current, each under a short id. Each encrypted token names the id of the key
that sealed it, so ``keys rotate`` can make a new key current while copies
written under an old one still open. Keys are never deleted by insurescan:
losing an old key means losing the values it sealed.

The id is derived from the key (a hash of it under a fixed label), so it says
which key was used without saying anything about the key itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import ConfigError
from scanner.fingerprint import default_key_path

KEYRING_ENV = "INSURESCAN_REDACT_KEY_FILE"
KEY_BYTES = 32
_FORMAT = "insurescan-keyring"


def default_keyring_path() -> Path:
    """Beside the fingerprint key, unless ``$INSURESCAN_REDACT_KEY_FILE`` says otherwise."""
    if os.environ.get(KEYRING_ENV):
        return Path(os.environ[KEYRING_ENV])
    return default_key_path().parent / "redact.keys"


def key_id(key: bytes) -> str:
    return "k" + hashlib.sha256(b"insurescan key id\x00" + key).hexdigest()[:10]


@dataclass
class Keyring:
    path: Path
    current: str
    keys: dict[str, bytes] = field(default_factory=dict)
    created: dict[str, str] = field(default_factory=dict)

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current]

    def get(self, kid: str) -> bytes:
        try:
            return self.keys[kid]
        except KeyError:
            raise ConfigError(f"key {kid} is not in keyring {self.path}") from None


def _check_private(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(f"keyring {path} is readable by others (mode {mode:04o}); run: chmod 600 {path}")


def _write(path: Path, ring: Keyring) -> None:
    body = {
        "format": _FORMAT,
        "version": 1,
        "current": ring.current,
        "keys": [
            {"id": kid, "key": key.hex(), "created": ring.created.get(kid, "")}
            for kid, key in ring.keys.items()
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"cannot write keyring {path}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _new_entry(ring: Keyring) -> str:
    key = secrets.token_bytes(KEY_BYTES)
    kid = key_id(key)
    ring.keys[kid] = key
    ring.created[kid] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    ring.current = kid
    return kid


def load_keyring(path: str | Path | None = None, create: bool = True) -> Keyring:
    """Read the keyring at ``path`` (default location if ``None``), creating it if asked."""
    p = Path(path).expanduser() if path else default_keyring_path()
    if not p.exists():
        if not create:
            raise ConfigError(f"no keyring at {p}")
        ring = Keyring(path=p, current="")
        _new_entry(ring)
        _write(p, ring)
        return ring
    _check_private(p)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read keyring {p}: {type(exc).__name__}") from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise ConfigError(f"{p} is not an insurescan keyring")
    ring = Keyring(path=p, current=str(data.get("current", "")))
    for entry in data.get("keys", []):
        try:
            key = bytes.fromhex(entry["key"])
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"keyring {p}: a key entry is damaged") from None
        if len(key) != KEY_BYTES or key_id(key) != entry.get("id"):
            raise ConfigError(f"keyring {p}: key {entry.get('id')!r} does not match its id")
        ring.keys[entry["id"]] = key
        ring.created[entry["id"]] = str(entry.get("created", ""))
    if ring.current not in ring.keys:
        raise ConfigError(f"keyring {p}: the current key {ring.current!r} is missing")
    return ring


def rotate(path: str | Path | None = None) -> Keyring:
    """Make a fresh key current; older keys stay so earlier copies still decrypt.

    Without a keyring this just creates one (its first key is fresh anyway).
    """
    p = Path(path).expanduser() if path else default_keyring_path()
    if not p.exists():
        return load_keyring(p, create=True)
    ring = load_keyring(p, create=False)
    _new_entry(ring)
    _write(ring.path, ring)
    return ring

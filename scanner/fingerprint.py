"""Masked forms and keyed fingerprints: how a finding names a value without holding it.

The fingerprint is HMAC-SHA256 over a normalised value with a per-installation
key, so the same SSN in two files matches within one installation, while a
stolen inventory cannot be brute-forced (there are only 10^9 SSNs; an unkeyed
hash would fall in minutes).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from scanner.errors import ConfigError

KEY_ENV = "INSURESCAN_KEY_FILE"
_SEPARATORS = re.compile(r"[\s\-./()]+")
_WORDY = {"PERSON", "STREET_ADDRESS"}
# The characters ``str.isalnum`` accepts: ``re``'s (not ``regex``'s) word characters but "_".
_ALNUM = re.compile(r"[^\W_]")


def default_key_path() -> Path:
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "insurescan" / "fingerprint.key"


def load_or_create_key(path: str | Path | None = None) -> bytes:
    """Read the HMAC key, creating it (mode 0600) on first use."""
    p = Path(path) if path else default_key_path()
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        try:
            p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_key(p)  # another process won the race
        except OSError as exc:
            raise ConfigError(f"cannot create key file {p}: {exc.strerror}") from None
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key.hex().encode())
        return key
    except OSError as exc:
        raise ConfigError(f"cannot read key file {p}: {exc.strerror}") from None
    try:
        key = bytes.fromhex(data.decode().strip())
    except ValueError:
        raise ConfigError(f"key file {p} is not a hex key") from None
    if len(key) < 16:
        raise ConfigError(f"key file {p} holds a key shorter than 128 bits")
    return key


def normalise(entity_type: str, value: str) -> str:
    """Same value, same fingerprint: ``123-45-6789`` and ``123 45 6789`` agree."""
    if entity_type in _WORDY or entity_type == "EMAIL_ADDRESS":
        return " ".join(value.casefold().split())
    return _SEPARATORS.sub("", value).casefold()


def fingerprint(key: bytes, entity_type: str, value: str) -> str:
    digest = hmac.digest(key, f"{entity_type}\x00{normalise(entity_type, value)}".encode(), hashlib.sha256)
    return "hmac-sha256:" + digest.hex()[:32]


def mask(entity_type: str, value: str) -> str:
    """A form safe to show: keeps layout and a short tail, hides the rest.

    ``123-45-6789`` -> ``***-**-6789``; ``Maria Gonzalez`` -> ``M**** G*******``;
    ``jane.doe@example.com`` -> ``j*******@e******.com``. Short codes keep only
    their first character, since a tail of four would be most of the value.
    """
    if entity_type in _WORDY:
        return " ".join(w[0] + "*" * (len(w) - 1) for w in value.split())
    if entity_type == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.partition("@")
        host, dot, tld = domain.rpartition(".")
        host = host or tld
        masked_host = host[0] + "*" * (len(host) - 1) if host else ""
        return f"{local[:1]}{'*' * max(len(local) - 1, 0)}@{masked_host}{dot}{tld if dot else ''}"
    # Every letter and digit starred by one substitution, then the kept ones put back: a
    # character at a time in Python had cost more than the fingerprint.
    stars, count = _ALNUM.subn("*", value)
    if count >= 6:
        keep = 4 if count >= 9 else 2
        i = len(value)
        while keep:  # back to the first of the last ``keep`` letters and digits
            i -= 1
            keep -= value[i].isalnum()
        return stars[:i] + value[i:]
    first = _ALNUM.search(value)
    if first is None:
        return value
    i = first.start()
    return stars[:i] + value[i] + stars[i + 1 :]

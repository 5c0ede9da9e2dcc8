"""Operators: what a removed value becomes. One class each, validated before use.

Built on presidio-anonymizer's ``Operator`` base (``operate``, ``validate``,
``operator_name``, ``operator_type``), resolved by name through ``OPERATORS``
/ ``create_operator``. Upstream ``hash`` salts every value at random unless
given a salt, so equal values would hash differently and a recipient could not
join records; ours is a keyed HMAC instead. ``pseudonymize`` and ``encrypt``
are ours too.

| name          | ``<US_SSN>`` becomes                      | reversible            |
| ------------- | ----------------------------------------- | --------------------- |
| replace       | ``<US_SSN>``                              | no                    |
| mask          | ``***-**-6789`` (tail configurable)       | no                    |
| hash          | ``<US_SSN:3f1c2a9b4d5e6f70>`` (keyed)     | no; equal values join |
| pseudonymize  | ``481-07-2236`` (same shape, keyed)       | no; equal values join |
| encrypt       | ``{{enc:US_SSN:k…:…}}`` (AES-256-GCM)     | with the keyring      |

``hash`` and ``pseudonymize`` use sub-keys derived from the installation's
fingerprint key, never the key itself, so a token in a shared copy cannot be
matched against fingerprints in the inventory.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from presidio_anonymizer.entities import InvalidParamError
from presidio_anonymizer.operators import Operator, OperatorType

from scanner.config import REDACT_OPERATORS
from scanner.errors import ConfigError
from scanner.fingerprint import mask as short_mask
from scanner.fingerprint import normalise
from scanner.redact.keys import Keyring
from scanner.redact.pseudonym import surrogate

ENTITY = "entity_type"
_WORDY = {"PERSON", "STREET_ADDRESS", "EMAIL_ADDRESS"}
_ENTITY_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
TOKEN_RE = re.compile(r"\{\{enc:([A-Z][A-Z0-9_]*):(k[0-9a-f]{10}):([A-Za-z0-9_-]{20,})\}\}")


def derive_key(key: bytes, purpose: str) -> bytes:
    """A sub-key for one purpose, so one secret never serves two uses."""
    return hmac.new(key, f"insurescan/{purpose}".encode(), hashlib.sha256).digest()


def _entity(params: dict[str, Any]) -> str:
    entity = params.get(ENTITY)
    if not isinstance(entity, str) or not _ENTITY_RE.match(entity):
        raise InvalidParamError(f"{ENTITY} must be an upper-case entity name")
    return entity


def _key(params: dict[str, Any], name: str = "key") -> bytes:
    key = params.get(name)
    if not isinstance(key, bytes) or len(key) < 16:
        raise InvalidParamError(f"{name} must be at least 16 bytes")
    return key


class Replace(Operator):
    """``<ENTITY>``, or a fixed ``new_value``."""

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        return str(params.get("new_value") or f"<{params[ENTITY]}>")

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        _entity(params)
        if "new_value" in params and not isinstance(params["new_value"], str):
            raise InvalidParamError("new_value must be a string")

    def operator_name(self) -> str:
        return "replace"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class Mask(Operator):
    """Keep a tail, hide the rest, keep separators: ``***-**-6789``.

    The tail shrinks on short values (never more than a third of the letters
    and digits), and names, addresses and e-mail addresses keep only initials,
    since the last four letters of a surname identify as well as the surname.
    """

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        value = text or ""
        char = params.get("masking_char", "*")
        entity = params[ENTITY]
        if entity in _WORDY:
            return short_mask(entity, value).replace("*", char)
        tail = int(params.get("chars_to_keep", 4))
        alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
        keep_n = tail if len(alnum) >= 2 * tail else len(alnum) // 3
        keep = set(alnum[len(alnum) - keep_n :]) if keep_n else set()
        return "".join(ch if i in keep or not ch.isalnum() else char for i, ch in enumerate(value))

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        _entity(params)
        char = params.get("masking_char", "*")
        if not isinstance(char, str) or len(char) != 1 or char.isalnum():
            raise InvalidParamError("masking_char must be one character that is not a letter or digit")
        tail = params.get("chars_to_keep", 4)
        if not isinstance(tail, int) or isinstance(tail, bool) or tail < 0:
            raise InvalidParamError("chars_to_keep must be a whole number >= 0")

    def operator_name(self) -> str:
        return "mask"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class KeyedHash(Operator):
    """``<ENTITY:16 hex>`` = HMAC-SHA256(key, entity, normalised value), truncated.

    Normalised first, so ``123-45-6789`` and ``123 45 6789`` give one token.
    """

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        entity = params[ENTITY]
        msg = f"{entity}\x00{normalise(entity, text or '')}".encode()
        digest = hmac.new(params["key"], msg, hashlib.sha256).hexdigest()
        return f"<{entity}:{digest[: int(params.get('length', 16))]}>"

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        _entity(params)
        _key(params)
        length = params.get("length", 16)
        if not isinstance(length, int) or not 8 <= length <= 64:
            raise InvalidParamError("length must be between 8 and 64 hex digits")

    def operator_name(self) -> str:
        return "hash"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class Pseudonymize(Operator):
    """A consistent same-shape surrogate (see ``scanner.redact.pseudonym``)."""

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        return surrogate(params["key"], params[ENTITY], text or "")

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        _entity(params)
        _key(params)

    def operator_name(self) -> str:
        return "pseudonymize"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


def _aad(entity: str, kid: str) -> bytes:
    # Binding the entity and key id stops a token being relabelled or pointed at another key.
    return f"insurescan-enc\x00{entity}\x00{kid}".encode()


class Encrypt(Operator):
    """``{{enc:ENTITY:KEYID:nonce+ciphertext}}`` with AES-256-GCM, base64url."""

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        entity, kid = params[ENTITY], params["key_id"]
        nonce = os.urandom(12)
        sealed = AESGCM(params["key"]).encrypt(nonce, (text or "").encode(), _aad(entity, kid))
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{{{{enc:{entity}:{kid}:{body}}}}}"

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        _entity(params)
        key = _key(params)
        if len(key) != 32:
            raise InvalidParamError("key must be 32 bytes (AES-256)")
        if not isinstance(params.get("key_id"), str) or not re.fullmatch(r"k[0-9a-f]{10}", params["key_id"]):
            raise InvalidParamError("key_id must name a keyring entry")

    def operator_name(self) -> str:
        return "encrypt"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class Decrypt(Operator):
    """The inverse of ``Encrypt`` for one token; ``params["keyring"]`` finds the key by id."""

    def operate(self, text: str | None = None, params: dict[str, Any] | None = None) -> str:
        params = params or {}
        m = TOKEN_RE.fullmatch(text or "")
        if not m:
            raise InvalidParamError("not an insurescan encryption token")
        entity, kid, body = m.groups()
        ring: Keyring = params["keyring"]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        try:
            return AESGCM(ring.get(kid)).decrypt(raw[:12], raw[12:], _aad(entity, kid)).decode()
        except (InvalidTag, ValueError):
            raise InvalidParamError(
                f"token sealed with key {kid} does not decrypt (damaged or wrong key)"
            ) from None

    def validate(self, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        if not isinstance(params.get("keyring"), Keyring):
            raise InvalidParamError("keyring is required")

    def operator_name(self) -> str:
        return "decrypt"

    def operator_type(self) -> OperatorType:
        return OperatorType.Deanonymize


OPERATORS: dict[str, type[Operator]] = {
    cls().operator_name(): cls for cls in (Replace, Mask, KeyedHash, Pseudonymize, Encrypt)
}
assert tuple(OPERATORS) == REDACT_OPERATORS, "scanner.config.REDACT_OPERATORS is out of date"


def create_operator(name: str) -> Operator:
    """The operator called ``name``; ``ConfigError`` for an unknown name."""
    try:
        return OPERATORS[name]()
    except KeyError:
        raise ConfigError(f"unknown operator {name!r} (choose from {', '.join(OPERATORS)})") from None

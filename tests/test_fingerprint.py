from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scanner.errors import ConfigError
from scanner.fingerprint import fingerprint, load_or_create_key, mask

# fmt: off
MASKS = [
    ("US_SSN",        "123-45-6789",          "***-**-6789"),
    ("PERSON",        "Maria Gonzalez",       "M**** G*******"),
    ("EMAIL_ADDRESS", "jane.doe@example.com", "j*******@e******.com"),
    ("CREDIT_CARD",   "4111 1111 1111 1111",  "**** **** **** 1111"),
    ("ICD10_CODE",    "E11.9",                "E**.*"),
    ("POLICY_NUMBER", "POL-2023-004417",      "***-****-**4417"),
    ("DATE_OF_BIRTH", "03/14/1962",           "**/**/**62"),
]
# fmt: on


@pytest.mark.parametrize(("entity", "value", "expected"), MASKS)
def test_mask(entity: str, value: str, expected: str) -> None:
    assert mask(entity, value) == expected


def test_fingerprint_is_keyed_and_normalised() -> None:
    k1, k2 = b"a" * 32, b"b" * 32
    assert fingerprint(k1, "US_SSN", "123-45-6789") == fingerprint(k1, "US_SSN", "123 45 6789")
    assert fingerprint(k1, "US_SSN", "123-45-6789") != fingerprint(k2, "US_SSN", "123-45-6789")
    assert fingerprint(k1, "US_SSN", "123-45-6789") != fingerprint(k1, "US_SSN", "123-45-6788")
    fp = fingerprint(k1, "US_SSN", "123-45-6789")
    assert fp.startswith("hmac-sha256:")
    assert len(fp.removeprefix("hmac-sha256:")) == 32
    int(fp.removeprefix("hmac-sha256:"), 16)


def test_key_created_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "k"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_key(path) == key


def test_bad_key_file(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_text("not hex")
    with pytest.raises(ConfigError, match="not a hex key"):
        load_or_create_key(path)

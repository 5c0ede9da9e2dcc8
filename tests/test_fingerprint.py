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


def _mask_by_character(value: str) -> str:
    """``mask``'s rule for codes, one character at a time (the form it had): the last four
    letters and digits kept from nine on, the last two from six, else the first."""
    alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
    if len(alnum) >= 9:
        keep = set(alnum[-4:])
    elif len(alnum) >= 6:
        keep = set(alnum[-2:])
    else:
        keep = set(alnum[:1])
    return "".join(ch if (i in keep or not ch.isalnum()) else "*" for i, ch in enumerate(value))


def test_mask_keeps_the_rule_on_any_text() -> None:
    import random

    rng = random.Random(6)
    # Digits, letters, separators, stars already there, and characters where ``isalnum`` and
    # a regular expression's idea of a word might part: superscripts, Arabic-Indic digits,
    # circled numbers, a combining accent, an underscore.
    alphabet = "0123456789abcXYZ-./ _*²٣éßİ\u0301①\u200d"
    for _ in range(20_000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert mask("US_SSN", value) == _mask_by_character(value), ascii(value)


def test_the_masks_letters_and_digits_are_exactly_isalnums() -> None:
    import sys

    from scanner.fingerprint import _ALNUM

    differ = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isalnum() != bool(_ALNUM.match(c))]
    assert differ == []

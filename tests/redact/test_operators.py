"""Operators one by one (tables), then across files and runs: pseudonyms, encryption, key rotation."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from presidio_anonymizer.entities import InvalidParamError

from scanner.config import Config, RedactSettings
from scanner.errors import ConfigError
from scanner.redact import create_operator, load_keyring, rotate, unredact
from scanner.redact.keys import Keyring
from scanner.redact.operators import TOKEN_RE, Decrypt
from scanner.redact.pseudonym import surrogate
from tests.redact.conftest import NAME, SSN, leaks

KEY = b"k" * 32
OTHER = b"o" * 32

# fmt: off
MASK_CASES = [
    # (entity, value, params, expected)
    ("US_SSN",        SSN,                 {},                          "***-**-1947"),
    ("US_SSN",        SSN,                 {"chars_to_keep": 0},        "***-**-****"),
    ("US_SSN",        SSN,                 {"masking_char": "#"},       "###-##-1947"),
    ("CREDIT_CARD",   "4111 1111 1111 1111", {},                        "**** **** **** 1111"),
    ("POLICY_NUMBER", "HO-12",             {},                          "**-*2"),  # short: a third at most
]
# fmt: on


@pytest.mark.parametrize(("entity", "value", "params", "expected"), MASK_CASES)
def test_mask(entity: str, value: str, params: dict[str, object], expected: str) -> None:
    op = create_operator("mask")
    op.validate({"entity_type": entity, **params})
    assert op.operate(value, {"entity_type": entity, **params}) == expected


def test_mask_names_keep_no_letters_of_the_surname() -> None:
    out = create_operator("mask").operate(NAME, {"entity_type": "PERSON"})
    assert "Gonzalez" not in out and "alez" not in out


def test_replace_and_keyed_hash() -> None:
    assert create_operator("replace").operate(SSN, {"entity_type": "US_SSN"}) == "<US_SSN>"
    h = create_operator("hash")
    a = h.operate(SSN, {"entity_type": "US_SSN", "key": KEY})
    assert re.fullmatch(r"<US_SSN:[0-9a-f]{16}>", a)
    # Normalised first: the same number written differently joins; another key does not.
    assert h.operate("536 22 1947", {"entity_type": "US_SSN", "key": KEY}) == a
    assert h.operate(SSN, {"entity_type": "US_SSN", "key": OTHER}) != a


# fmt: off
INVALID = [
    ("hash",    {"entity_type": "US_SSN"}),                        # no key
    ("hash",    {"entity_type": "US_SSN", "key": b"short"}),
    ("mask",    {"entity_type": "US_SSN", "masking_char": "ab"}),
    ("mask",    {"entity_type": "US_SSN", "chars_to_keep": -1}),
    ("encrypt", {"entity_type": "US_SSN", "key": b"x" * 16, "key_id": "k0123456789"}),  # not AES-256
    ("encrypt", {"entity_type": "US_SSN", "key": KEY, "key_id": "nope"}),
    ("replace", {"entity_type": "not an entity"}),
]
# fmt: on


@pytest.mark.parametrize(("name", "params"), INVALID)
def test_validate_rejects_bad_parameters(name: str, params: dict[str, object]) -> None:
    with pytest.raises(InvalidParamError):
        create_operator(name).validate(params)


def test_unknown_operator_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        create_operator("shred")


# fmt: off
SHAPES = [
    ("US_SSN",         SSN,                          r"\d{3}-\d{2}-\d{4}"),
    ("PHONE_NUMBER",   "(312) 555-0147",             r"\(\d{3}\) \d{3}-\d{4}"),
    ("POLICY_NUMBER",  "HO-4417-2291",               r"[A-Z]{2}-\d{4}-\d{4}"),
    ("DATE_OF_BIRTH",  "07/17/1978",                 r"\d{2}/\d{2}/\d{4}"),
    ("DATE_OF_BIRTH",  "March 3, 1961",              r"[A-Z][a-z]+ \d{1,2}, \d{4}"),
    ("EMAIL_ADDRESS",  "maria.gonzalez@example.com", r"[a-z]+\.[a-z]+@example\.(com|net|org)"),
    ("PERSON",         NAME,                         r"[A-Z][a-z]+ [A-Z][a-z]+"),
]
# fmt: on


@pytest.mark.parametrize(("entity", "value", "shape"), SHAPES)
def test_pseudonym_keeps_the_shape_and_is_deterministic(entity: str, value: str, shape: str) -> None:
    a = surrogate(KEY, entity, value)
    assert re.fullmatch(shape, a), a
    assert a != value
    assert surrogate(KEY, entity, value) == a  # same key, same value: same surrogate
    assert surrogate(OTHER, entity, value) != a  # another key: unrelated


def test_pseudonym_follows_a_surname_alone() -> None:
    full = surrogate(KEY, "PERSON", NAME)
    assert surrogate(KEY, "PERSON", "Gonzalez") == full.split()[1]


def _two_files(src: Path) -> None:
    src.mkdir()
    (src / "a.txt").write_text(f"Claimant {NAME}, SSN {SSN}, reported water damage.\n")
    (src / "b.txt").write_text(f"Payment to {NAME} (SSN {SSN}) approved by the adjuster.\n")


def _ssns(text: str) -> list[str]:
    return re.findall(r"\b\d{3}-\d{2}-\d{4}\b", text)


def test_pseudonyms_agree_across_files_and_runs(run, tmp_path: Path) -> None:
    src = tmp_path / "src"
    _two_files(src)
    config = Config(key_file=str(tmp_path / "fp.key"))
    r1, out1 = run(src, config, operator="pseudonymize")
    r2, out2 = run(src, config, operator="pseudonymize")
    assert r1.exit_code == 0 and r2.exit_code == 0
    a1, b1 = (out1 / "a.txt").read_text(), (out1 / "b.txt").read_text()
    a2 = (out2 / "a.txt").read_text()
    assert leaks(a1 + b1) == []
    assert _ssns(a1) == _ssns(b1) and len(_ssns(a1)) == 1  # one surrogate, in both files
    assert a1 == a2  # and in the next run with the same key
    r3, out3 = run(src, Config(key_file=str(tmp_path / "other.key")), operator="pseudonymize")
    assert _ssns((out3 / "a.txt").read_text()) != _ssns(a1)


def test_encrypt_then_unredact_round_trip_and_rotation(run, tmp_path: Path) -> None:
    src = tmp_path / "src"
    _two_files(src)
    ring_path = tmp_path / "keys" / "redact.keys"
    config = Config(redact=RedactSettings(key_file=str(ring_path)))
    result, out = run(src, config, operator="encrypt")
    assert result.exit_code == 0
    assert stat.S_IMODE(ring_path.stat().st_mode) == 0o600
    first_kid = load_keyring(ring_path, create=False).current
    sealed = (out / "a.txt").read_text()
    assert leaks(sealed) == []
    assert {m.group(2) for m in TOKEN_RE.finditer(sealed)} == {first_kid}
    assert result.files[0].operators == {"PERSON": "encrypt", "US_SSN": "encrypt"}

    ring = rotate(ring_path)
    assert ring.current != first_kid and set(ring.keys) == {first_kid, ring.current}
    result2, out2 = run(src, config, operator="encrypt")
    assert {m.group(2) for m in TOKEN_RE.finditer((out2 / "a.txt").read_text())} == {ring.current}

    # Copies sealed under the old key and under the new one both open with the rotated ring.
    for sealed_dir, name in ((out, "old"), (out2, "new")):
        restored_dir = tmp_path / f"restored-{name}"
        back = unredact(sealed_dir, restored_dir, config)
        assert back.exit_code == 0
        assert (restored_dir / "a.txt").read_text() == (src / "a.txt").read_text()
        assert (restored_dir / "b.txt").read_text() == (src / "b.txt").read_text()
        assert stat.S_IMODE((restored_dir / "a.txt").stat().st_mode) == 0o600


def test_unredact_without_the_key_fails_and_says_which_key(run, tmp_path: Path) -> None:
    src = tmp_path / "src"
    _two_files(src)
    config = Config(redact=RedactSettings(key_file=str(tmp_path / "ring-a")))
    _, out = run(src, config, operator="encrypt")
    other = Config(redact=RedactSettings(key_file=str(tmp_path / "ring-b")))
    load_keyring(tmp_path / "ring-b")  # a keyring without the sealing key
    back = unredact(out, tmp_path / "restored", other)
    assert back.exit_code == 3
    assert all(f.status == "failed" and f.output is None for f in back.files)
    assert all("is not in keyring" in (f.reason or "") for f in back.files)
    assert not (tmp_path / "restored" / "a.txt").exists()


def test_tampered_token_does_not_decrypt() -> None:
    encrypt = create_operator("encrypt")
    params = {"entity_type": "US_SSN", "key": KEY, "key_id": "k0123456789"}
    token = encrypt.operate(SSN, params)
    assert TOKEN_RE.fullmatch(token)
    relabelled = token.replace("US_SSN", "PERSON")  # the entity is bound into the ciphertext
    ring = Keyring(path=Path("x"), current="k0123456789", keys={"k0123456789": KEY})
    assert Decrypt().operate(token, {"keyring": ring}) == SSN
    with pytest.raises(InvalidParamError):
        Decrypt().operate(relabelled, {"keyring": ring})


def test_world_readable_keyring_is_refused(tmp_path: Path) -> None:
    ring = load_keyring(tmp_path / "ring")
    ring.path.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by others"):
        load_keyring(ring.path, create=False)

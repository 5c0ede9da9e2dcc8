"""recognizers.checksums: one table per identifier, valid values and near misses."""

from __future__ import annotations

import pytest

from recognizers import checksums

# fmt: off
CASES = [
    # (function, value, expected)
    ("ssn_valid", "536-90-4399", True),
    ("ssn_valid", "536904399", True),
    ("ssn_valid", "000-12-3456", False),   # area 000
    ("ssn_valid", "666-12-3456", False),   # area 666
    ("ssn_valid", "900-12-3456", False),   # 9xx: ITIN range
    ("ssn_valid", "987-65-4321", False),   # advertising range
    ("ssn_valid", "536-00-4399", False),   # group 00
    ("ssn_valid", "536-90-0000", False),   # serial 0000
    ("ssn_valid", "078-05-1120", False),   # Woolworth wallet card
    ("ssn_valid", "123-45-6789", False),   # placeholder
    ("ssn_valid", "53690439", False),      # 8 digits
    ("npi_valid", "1234567893", True),
    ("npi_valid", "2260181591", True),
    ("npi_valid", "1234-567-893", True),
    ("npi_valid", "1234567890", False),    # check digit
    ("npi_valid", "3234567893", False),    # first digit must be 1 or 2
    ("npi_valid", "123456789", False),
    ("dea_valid", "AB1234563", True),
    ("dea_valid", "BJ4829137", True),
    ("dea_valid", "M97712044", True),      # business: 9 as second character
    ("dea_valid", "AB1234564", False),
    ("dea_valid", "QB1234563", False),     # Q is not a registrant type
    ("dea_valid", "AB123456", False),
    ("vin_valid", "1HGCM82633A004352", True),
    ("vin_valid", "1M8GDM9AXKP042788", True),   # check digit X
    ("vin_valid", "JHMCM56557C404453", True),
    ("vin_valid", "1HGCM82633A004353", False),
    ("vin_valid", "1HGCM82633A00435", False),   # 16 characters
    ("vin_valid", "1HGCM8263IA004352", False),  # I is never used
    ("aba_valid", "021000021", True),
    ("aba_valid", "011000015", True),
    ("aba_valid", "0210-0002-1", True),
    ("aba_valid", "021000022", False),
    ("aba_valid", "501000016", False),     # prefix 50 is not a Federal Reserve district
    ("luhn_valid", "79927398713", True),
    ("luhn_valid", "79927398710", False),
    ("card_valid", "4111 1111 1111 1111", True),
    ("card_valid", "5555-5555-5555-4444", True),
    ("card_valid", "378282246310005", True),
    ("card_valid", "6011111111111117", True),
    ("card_valid", "2223003122003222", True),
    ("card_valid", "4111111111111112", False),   # Luhn
    ("card_valid", "1234567812345670", False),   # Luhn ok, no issuer range
    ("card_valid", "37828224631000", False),     # Amex needs 15 digits
    ("iban_valid", "GB82 WEST 1234 5698 7654 32", True),
    ("iban_valid", "DE89370400440532013000", True),
    ("iban_valid", "DE89370400440532013001", False),
    ("iban_valid", "XX82WEST12345698765432", False),
    ("nhs_valid", "943 476 5919", True),
    ("nhs_valid", "401-023-2137", True),
    ("nhs_valid", "943 476 5918", False),
    ("nhs_valid", "94347659", False),
    ("mbi_valid", "1EG4-TE5-MK73", True),
    ("mbi_valid", "4XW2P99UX19", True),
    ("mbi_valid", "0EG4TE5MK73", False),   # first digit 1-9
    ("mbi_valid", "1SG4TE5MK73", False),   # S is never used
    ("mbi_valid", "1EG4TE5MK7", False),
    ("nino_valid", "AB 12 34 56 C", True),
    ("nino_valid", "AB123456D", True),
    ("nino_valid", "QQ123456C", False),    # HMRC example prefix
    ("nino_valid", "GB123456A", False),    # never allocated
    ("nino_valid", "AB123456E", False),    # suffix A-D
]
# fmt: on


@pytest.mark.parametrize(("function", "value", "expected"), CASES)
def test_checksum(function: str, value: str, expected: bool) -> None:
    assert getattr(checksums, function)(value) is expected


def test_mod97_on_iso7064_reference() -> None:
    # ISO 7064 mod 97-10: an IBAN rearranged and converted passes.
    assert checksums.mod97_valid("3214282912345698765432161182")
    assert not checksums.mod97_valid("3214282912345698765432161183")


def test_vin_check_digit_x() -> None:
    assert checksums.vin_check_digit("1M8GDM9A0KP042788") == "X"


def test_named_lists_every_function() -> None:
    assert set(checksums.NAMED) == {
        "luhn", "card", "ssn", "npi", "dea", "vin", "aba", "iban", "mod97", "nhs", "mbi", "nino",
    }  # fmt: skip
    for name, check in checksums.NAMED.items():
        assert check("") is False, name
        assert check("not a number at all") is False, name

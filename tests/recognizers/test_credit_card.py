"""CREDIT_CARD: CreditCardRecognizer (issuer range + Luhn)."""

from __future__ import annotations

import pytest

ENTITY = "CREDIT_CARD"

# fmt: off
POSITIVES = [
    ("Card number: 4111 1111 1111 1111 exp 04/27", "4111 1111 1111 1111", 1.0),
    ("Paid by Mastercard 5555-5555-5555-4444", "5555-5555-5555-4444", 1.0),
    ("Amex 3782 822463 10005", "3782 822463 10005", 1.0),
    ("Premium charged to 6011111111111117 on 05/01", "6011111111111117", 1.0),
    ("JCB 3530111333300000", "3530111333300000", 1.0),
    ("Visa 4012888888881881.", "4012888888881881", 1.0),
    ("card 2223003122003222", "2223003122003222", 1.0),
]
NEGATIVES = [
    "Card number: 4111 1111 1111 1112",  # Luhn
    "Claim 1234567812345670",            # Luhn-valid, no issuer range
    "Card ending in 1111",
    "**** **** **** 1111",
    "4111-1111 1111-1111",               # mixed separators
    "Amex 37828224631000",               # wrong length
    "NDC 00093-7210-01 and 5555",
    "Policy 0000000000000000",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

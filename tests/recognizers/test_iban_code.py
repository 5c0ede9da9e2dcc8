"""IBAN_CODE: Presidio's IbanRecognizer, enabled as is."""

from __future__ import annotations

import pytest

ENTITY = "IBAN_CODE"

# fmt: off
POSITIVES = [
    ("IBAN: GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32", 1.0),
    ("Refund to DE89370400440532013000 within 5 days.", "DE89370400440532013000", 1.0),
    ("Bankverbindung: DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", 1.0),
    ("Payee account FR14 2004 1010 0505 0001 3M02 606", "FR14 2004 1010 0505 0001 3M02 606", 1.0),
]
NEGATIVES = [
    "IBAN: GB82 WEST 1234 5698 7654 33",  # mod-97
    "IBAN DE89370400440532013001",
    "Policy GB12 ABCD 1234",
    "Form AB12 3456 7890",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

"""ABA_ROUTING_NUMBER: AbaRoutingNumberRecognizer."""

from __future__ import annotations

import pytest

ENTITY = "ABA_ROUTING_NUMBER"

# fmt: off
POSITIVES = [
    ("Routing No. 021000021", "021000021", 1.0),
    ("ABA: 011000015  Account: 000123456789", "011000015", 1.0),
    ("Bank routing/transit number 122000661", "122000661", 1.0),
    ("RTN 2610-7332-6 for direct deposit", "2610-7332-6", 1.0),
    ("Direct deposit to bank 322271627, checking", "322271627", 0.7),
    ("Routing\n061000146", "061000146", 1.0),
]
NEGATIVES = [
    "Routing No. 021000022",             # bad check digit
    "Routing 501000016",                 # prefix 50 is not a Federal Reserve district
    "SSN 021000021",                     # valid ABA digits, SSN context only
    "Claim 122000661 closed",
    "Member ID 261073326",
    "Invoice 021000021 total $120.00",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

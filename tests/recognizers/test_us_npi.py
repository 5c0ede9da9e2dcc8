"""US_NPI: UsNpiRecognizer (replaces Presidio's, which scores any Luhn-valid bare number 1.0)."""

from __future__ import annotations

import pytest

ENTITY = "US_NPI"

# fmt: off
POSITIVES = [
    ("NPI: 1234567893", "1234567893", 1.0),
    ("Rendering Provider NPI 2260181591", "2260181591", 1.0),
    ("National Provider Identifier (NPI) 1830-166-132", "1830-166-132", 1.0),
    ("Billing provider: Springfield Orthopedics, NPI# 1860913908", "1860913908", 1.0),
    ("Referring physician Dr. Lee 2030824629", "2030824629", 0.7),
    ("| Provider | 1948219930 |", "1948219930", 0.7),
    ("NPI:\n1234567893", "1234567893", 1.0),
]
NEGATIVES = [
    "NPI: 1234567890",                   # bad check digit
    "NPI 3234567893",                    # must start with 1 or 2
    "NPI 123456789",                     # 9 digits
    "NPI 1111111112",                    # degenerate body
    "Claim 2260181591 was received",     # valid NPI shape but no provider context
    "Call 2125550143 after 5pm",
    "Policy number 1234567893",
    "Order 12345678930 shipped",         # 11 digits
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

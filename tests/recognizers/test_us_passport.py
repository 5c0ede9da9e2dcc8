"""US_PASSPORT: UsPassportRecognizer (label-driven; replaces Presidio's)."""

from __future__ import annotations

import pytest

ENTITY = "US_PASSPORT"

# fmt: off
POSITIVES = [
    ("Passport No.: 123456780", "123456780", 0.8),
    ("U.S. Passport Number A12345678", "A12345678", 0.8),
    ("Passport card C03004786, issued 2021", "C03004786", 0.8),
    ("ID verified with passport # 540012277.", "540012277", 0.8),
    ("Passport\n488839667", "488839667", 0.8),
]
NEGATIVES = [
    "SSN 536904399",
    "Claim 488839667 closed",
    "ZIP+4 62704-1234",
    "Passport: not provided",
    "Passport No.: 111111111",
    "passport photo fee $15.00",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

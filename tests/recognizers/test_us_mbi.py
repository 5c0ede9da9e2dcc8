"""US_MBI: Presidio's UsMbiRecognizer (off by default upstream), enabled explicitly."""

from __future__ import annotations

import pytest

ENTITY = "US_MBI"

# fmt: off
POSITIVES = [
    ("Medicare MBI: 4XW2-P99-UX19", "4XW2-P99-UX19", 0.8),
    ("Medicare Beneficiary Identifier 1UK8JH7WW76", "1UK8JH7WW76", 0.6),
    ("New Medicare card number 3J02-VQ0-DG90 replaces the HICN", "3J02-VQ0-DG90", 0.8),
]
NEGATIVES = [
    "MBI 1SG4-TE5-MK73",                 # S is never used
    "MBI 0EG4-TE5-MK73",                 # first character 1-9
    "Claim 1EG4TE5MK7 pending",          # 10 characters
    "Order 1UK8JH7WW76 shipped",         # right shape, no Medicare context
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


def test_cms_specimen_is_a_placeholder(values) -> None:
    assert values("Medicare MBI: 1EG4-TE5-MK73", ENTITY) == {}

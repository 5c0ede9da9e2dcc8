"""NDC_CODE: NdcCodeRecognizer (context required)."""

from __future__ import annotations

import pytest

ENTITY = "NDC_CODE"

# fmt: off
POSITIVES = [
    ("NDC: 00093-7210-01", "00093-7210-01", 0.7),
    ("NDC 0777-3105-02 fluoxetine 20 mg", "0777-3105-02", 0.7),
    ("National Drug Code 50580-506-02", "50580-506-02", 0.7),
    ("NDC# 00093721001", "00093721001", 0.7),
    ("Drug dispensed: 00093-7210-1, qty 30", "00093-7210-1", 0.6),
    ("Rx 68180-0513-01 metformin", "68180-0513-01", 0.6),
]
NEGATIVES = [
    "00093-7210-01",                     # bare
    "Call 312-555-0143",
    "SSN 536-90-4399",
    "ZIP 62704-1234",
    "Claim 20240517001",                 # 11 digits without drug context
    "NDC: 00000-0000-00",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

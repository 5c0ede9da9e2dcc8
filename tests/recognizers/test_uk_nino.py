"""UK_NINO: Presidio's UkNinoRecognizer (off by default upstream), enabled explicitly."""

from __future__ import annotations

import pytest

ENTITY = "UK_NINO"

# fmt: off
POSITIVES = [
    ("National Insurance number: AB 12 34 56 C", "AB 12 34 56 C", 0.5),
    ("NINO JG103759A", "JG103759A", 0.8),
    ("Employee NI no. ZR 48 29 13 D", "ZR 48 29 13 D", 0.5),
]
NEGATIVES = [
    "NINO QQ 12 34 56 C",                # HMRC example prefix, Q never first
    "NI number GB 12 34 56 A",           # never allocated
    "NINO AB 12 34 56 E",                # suffix A-D only
    "Form DV 12 34 56",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

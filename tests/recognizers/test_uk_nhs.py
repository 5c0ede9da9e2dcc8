"""UK_NHS: UkNhsRecognizer."""

from __future__ import annotations

import pytest

ENTITY = "UK_NHS"

# fmt: off
POSITIVES = [
    ("NHS No: 943 476 5919", "943 476 5919", 1.0),
    ("NHS Number 4010232137", "4010232137", 1.0),
    ("Patient NHS number is 485-777-3457", "485-777-3457", 1.0),
    ("GP surgery record 634 512 1193", "634 512 1193", 0.7),
]
NEGATIVES = [
    "NHS No: 943 476 5918",              # bad check digit
    "NHS 943 476 591",                   # 9 digits
    "Call 212 555 0143 tonight",         # phone number
    "Claim 4010232137 settled",          # valid digits, no NHS context
    "Ref 943-476 5919",                  # mixed separators
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}

"""HCPCS_CODE: HcpcsCodeRecognizer (context required)."""

from __future__ import annotations

import pytest

ENTITY = "HCPCS_CODE"

# fmt: off
POSITIVES = [
    ("HCPCS: J1100", "J1100", 0.7),
    ("HCPCS Level II E0601 CPAP device", "E0601", 0.7),
    ("Supply code A4253 test strips", "A4253", 0.7),
    ("Ambulance, HCPCS A0428 and A0425", "A0428", 0.7),
    ("Ambulance, HCPCS A0428 and A0425", "A0425", 0.7),
    ("J-code J9271 injection administered", "J9271", 0.7),
    ("CPT/HCPCS: G0439", "G0439", 0.7),
]
NEGATIVES = [
    "J1100",                             # bare
    "Form W2024 and F1234",              # W and F are not HCPCS sections
    "Room A1024",
    "Building J1100 parking",
    "HCPCS: j1100",                      # lower case
    "HCPCS: J110",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


# Issue #5: codes listed one a line under a procedures heading (PDF table text).
PROCEDURE_LIST = "Procedures\nCode\nE0114\nG0439\n99214\n\nDescription\nCrutches, underarm"


@pytest.mark.parametrize(("value", "min_score"), [("E0114", 0.6), ("G0439", 0.6)])
def test_finds_in_procedure_list(values, value: str, min_score: float) -> None:
    assert values(PROCEDURE_LIST, ENTITY).get(value, 0.0) >= min_score


@pytest.mark.parametrize(
    "text",
    ["Offices\nCode\n60614\n90210\nE0114\n", "Parts\nCode\n99214\nE0114\n"],
)
def test_ignores_lists_not_under_a_procedures_heading(values, text: str) -> None:
    assert values(text, ENTITY) == {}

"""CPT_CODE: CptCodeRecognizer (context required)."""

from __future__ import annotations

import pytest

ENTITY = "CPT_CODE"

# fmt: off
POSITIVES = [
    ("CPT: 99213", "99213", 0.7),
    ("CPT® 99214-25 office visit", "99214", 0.7),
    ("Procedure code 27447 (total knee arthroplasty)", "27447", 0.7),
    ("CPT 3074F systolic < 130", "3074F", 0.7),
    ("Category III CPT 0042T", "0042T", 0.5),
    ("Procedures: 99284, 71045", "99284", 0.7),
    ("Procedures: 99284, 71045", "71045", 0.7),
    ("24D. PROCEDURES, SERVICES, OR SUPPLIES CPT/HCPCS\n99213", "99213", 0.7),
]
NEGATIVES = [
    "99213",                             # bare five digits
    "Springfield, IL 62704",             # ZIP code
    "ZIP 62704-1234",
    "Total 12500 units",
    "Amount $99213.00",
    "Policy period 2024-2025",
    "CPT: 00050",                        # below the CPT range
    "Page 10001 of the log",
    "Claim 99213-44 received",
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


@pytest.mark.parametrize(("value", "min_score"), [("99214", 0.6)])
def test_finds_in_procedure_list(values, value: str, min_score: float) -> None:
    assert values(PROCEDURE_LIST, ENTITY).get(value, 0.0) >= min_score


@pytest.mark.parametrize(
    "text",
    ["Offices\nCode\n60614\n90210\nE0114\n", "Parts\nCode\n99214\nE0114\n"],
)
def test_ignores_lists_not_under_a_procedures_heading(values, text: str) -> None:
    assert values(text, ENTITY) == {}

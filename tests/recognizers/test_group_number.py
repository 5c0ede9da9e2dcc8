"""GROUP_NUMBER: GroupNumberRecognizer (label-only)."""

from __future__ import annotations

import pytest

ENTITY = "GROUP_NUMBER"

# fmt: off
POSITIVES = [
    ("Group #: 0012345", "0012345", 0.8),
    ("Group Number GRP-884512", "GRP-884512", 0.8),
    ("Grp No. A1234-0001", "A1234-0001", 0.8),
    ("Member ID: XYZ123456789  Group: 98765-010-00100", "98765-010-00100", 0.8),
    ("Employer Group ID\n774512", "774512", 0.8),
    ("GROUP 55123", "55123", 0.8),
]
NEGATIVES = [
    "Group Health Plan",
    "a group of 5 claimants",
    "Group Name: Acme Corp",
    "Group: Acme Manufacturing",
    "Group #: 2024",
    "Age group 18-25",
    "Group 1",
    "grouped by region",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), POSITIVES)
def test_finds(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(values, text: str) -> None:
    assert values(text, ENTITY) == {}


# Issue #5: label variants `insurescan redact` missed.
# fmt: off
ISSUE5_POSITIVES = [
    ("Grp - GRP-294409", "GRP-294409", 0.8),
    ("Group – 0037984", "0037984", 0.8),
    ("ID No.\n\n091023004-01\nGrp\n\nGRP-353871\nMember", "GRP-353871", 0.8),
]
ISSUE5_NEGATIVES = [
    "Group - 2024 plan year",
    "Grp - Gold PPO",
    "Your group\n2024 renewal",
    "Group\n\nGold PPO",
]
# fmt: on


@pytest.mark.parametrize(("text", "value", "min_score"), ISSUE5_POSITIVES)
def test_finds_issue5(values, text: str, value: str, min_score: float) -> None:
    found = values(text, ENTITY)
    assert found.get(value, 0.0) >= min_score, found


@pytest.mark.parametrize("text", ISSUE5_NEGATIVES)
def test_ignores_issue5(values, text: str) -> None:
    assert values(text, ENTITY) == {}
